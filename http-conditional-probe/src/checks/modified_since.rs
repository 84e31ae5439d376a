//! `If-Modified-Since` (RFC 9110 §13.1.3): the exact `Last-Modified`
//! string (`IMS-304`), a later date (`IMS-LATER`: the comparison is by
//! time, not by string), and an invalid date (`IMS-INVALID`: ignored).

use super::none_match::judge;
use super::{field, try_request, Variant};
use crate::finding::Finding;
use crate::probe::Probe;

const RFC: &[&str] = &["RFC 9110 §13.1.3"];

/// The If-Modified-Since checks of one variant.
pub fn run(probe: &mut Probe<'_>, v: &Variant) {
    let lm = v.base.last_modified();
    let raw = v.base.last_modified_raw.clone();

    let id = v.id("IMS-304");
    match (lm, raw) {
        (Some(_), Some(raw)) => {
            let t = try_request(
                probe,
                v,
                "If-Modified-Since: Last-Modified, verbatim",
                "GET",
                vec![field("If-Modified-Since", raw)],
            );
            probe.push(judge(&id, RFC, &t,
                "not modified since the date the client holds: 304",
                "the representation has not changed since the date the client holds (its own Last-Modified), so 304; the server ignores If-Modified-Since, or compares it with a different date (a per-instance file time?)"));
        }
        _ => probe.push(Finding::skip(
            &id,
            RFC,
            "no valid Last-Modified in the baseline",
        )),
    }

    let id = v.id("IMS-LATER");
    let later = lm
        .and_then(|lm| lm.plus(1))
        .filter(|d| v.base.date.is_none_or(|date| *d <= date));
    match later {
        None if lm.is_none() => probe.push(Finding::skip(
            &id,
            RFC,
            "no valid Last-Modified in the baseline",
        )),
        None => probe.push(Finding::skip(
            &id,
            RFC,
            "Last-Modified equals Date: no date after it that is not in the server's future",
        )),
        Some(later) => {
            let t = try_request(
                probe,
                v,
                "If-Modified-Since: one second after Last-Modified",
                "GET",
                vec![field("If-Modified-Since", later.to_http())],
            );
            probe.push(judge(&id, RFC, &t,
                "a later date also means not modified: the comparison is by time",
                "the representation was last modified before this date, so 304; a 200 means the server compares the field with Last-Modified as a string (an exact match only), which misses caches that send their own date"));
        }
    }

    let id = v.id("IMS-INVALID");
    let t = try_request(
        probe,
        v,
        "If-Modified-Since: not a date",
        "GET",
        vec![field("If-Modified-Since", "not-a-date")],
    );
    probe.push(judge(&id, RFC, &t,
        "an invalid date is ignored: 200",
        "a recipient MUST ignore If-Modified-Since when it is not a valid HTTP-date, so 200; the server reads an invalid date as some date and answers from it"));
}
