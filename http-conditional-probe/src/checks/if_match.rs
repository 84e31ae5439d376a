//! `If-Match` on GET (RFC 9110 §13.1.1: strong comparison), and
//! `If-Unmodified-Since` (§13.1.4) with its precedence (§13.2.2):
//! `IFMATCH-CURRENT`, `IFMATCH-STALE-GET`, `IFMATCH-WEAK`, `PREC-IM-IUS`,
//! `PREC-IM-FIRST`, and `IUS-PAST` (plain variant only).

use super::none_match::{judge, unknown_tag};
use super::{field, status_words, try_request, Tried, Variant};
use crate::finding::{Finding, Level};
use crate::probe::Probe;

const DAY: i64 = 24 * 60 * 60;

/// The If-Match checks of one variant.
pub fn run(probe: &mut Probe<'_>, v: &Variant) {
    let tag = v.base.tag().cloned();
    let strong = tag.clone().filter(|t| !t.is_weak());
    let no_strong = if tag.is_some() {
        "the baseline's tag is weak: If-Match uses the strong comparison and never matches a weak tag (RFC 9110 §8.8.3.2)"
    } else {
        "no valid ETag in the baseline"
    };

    let id = v.id("IFMATCH-CURRENT");
    let rfc = &["RFC 9110 §13.1.1"];
    match &strong {
        None => probe.push(Finding::skip(&id, rfc, no_strong)),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "If-Match: the current strong tag",
                "GET",
                vec![field("If-Match", tag.to_bytes())],
            );
            probe.push(judge(&id, rfc, &t,
                "the current tag matches strongly: the GET is performed",
                "the current tag matches (strong comparison), so the method is performed; a 412 here means no client can ever make a conditional write (the server compares with another tag, or weakly-formatted)"));
        }
    }

    // IFMATCH-STALE-GET: 412 required; ignoring If-Match on GET is only info.
    let id = v.id("IFMATCH-STALE-GET");
    let rfc = &["RFC 9110 §13.1.1"];
    let stale = try_request(
        probe,
        v,
        "If-Match: an unknown tag",
        "GET",
        vec![field("If-Match", unknown_tag().to_bytes())],
    );
    let ignored_on_get = stale.status == Some(200);
    let finding = judge_ignorable(&id, rfc, &stale, ignored_on_get, [
        "no member matches: 412",
        "the server ignores If-Match on GET and sends 200; RFC 9110 §13.1.1 asks for 412, but servers that check If-Match only on writes are common and harmless for reads",
        "no member of If-Match matches, so 412 (or 200 if the server ignores If-Match on GET); any other status breaks clients that use If-Match to read a consistent version",
    ]);
    probe.push(finding.expected(format!(
        "{} (info if 200: If-Match ignored on GET)",
        status_words(stale.required.status)
    )));

    let id = v.id("IFMATCH-WEAK");
    let rfc = &["RFC 9110 §13.1.1", "§8.8.3.2"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, "no valid ETag in the baseline")),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "If-Match: the tag made weak",
                "GET",
                vec![field("If-Match", tag.weakened().to_bytes())],
            );
            probe.push(judge_ignorable(&id, rfc, &t, ignored_on_get, [
                "a weak tag never matches in If-Match (strong comparison): 412",
                "the server ignores If-Match on GET (see IFMATCH-STALE-GET), so this says nothing about its comparison",
                "If-Match uses the strong comparison, and a weak tag never matches it; the server compares weakly (or strips W/), so a write based on a weakly-validated copy can overwrite a different version",
            ]));
        }
    }

    // PREC-IM-IUS: a matching If-Match makes If-Unmodified-Since irrelevant.
    let id = v.id("PREC-IM-IUS");
    let rfc = &["RFC 9110 §13.2.2", "§13.1.4"];
    match (&strong, v.base.last_modified().and_then(|lm| lm.plus(-DAY))) {
        (None, _) => probe.push(Finding::skip(&id, rfc, no_strong)),
        (_, None) => probe.push(Finding::skip(
            &id,
            rfc,
            "no valid Last-Modified in the baseline",
        )),
        (Some(tag), Some(past)) => {
            let t = try_request(
                probe,
                v,
                "matching If-Match with a past If-Unmodified-Since",
                "GET",
                vec![
                    field("If-Match", tag.to_bytes()),
                    field("If-Unmodified-Since", past.to_http()),
                ],
            );
            probe.push(judge(&id, rfc, &t,
                "If-Unmodified-Since is ignored when If-Match is present: the GET is performed",
                "a recipient MUST ignore If-Unmodified-Since when If-Match is present (RFC 9110 §13.1.4); the tag matched, so the method is performed. The server evaluates the date although the tag decided"));
        }
    }

    // PREC-IM-FIRST: If-Match is evaluated before If-None-Match.
    let id = v.id("PREC-IM-FIRST");
    let rfc = &["RFC 9110 §13.2.2"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, "no valid ETag in the baseline")),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "non-matching If-Match with a matching If-None-Match",
                "GET",
                vec![
                    field("If-Match", unknown_tag().to_bytes()),
                    field("If-None-Match", tag.to_bytes()),
                ],
            );
            probe.push(judge_ignorable(&id, rfc, &t, ignored_on_get, [
                "If-Match is evaluated first (step 1) and fails: 412, not 304",
                "the server ignores If-Match on GET (see IFMATCH-STALE-GET); If-None-Match then decides",
                "RFC 9110 §13.2.2 evaluates If-Match first: it fails, so 412 before If-None-Match is looked at; a 304 tells the client its copy is current although the version it asked for is gone",
            ]));
        }
    }
}

/// A GET with an `If-Match` that does not match: good when the status is
/// what the core requires (412), info for a 200 when the server ignores
/// `If-Match` on GET (`ignored_on_get`, as `IFMATCH-STALE-GET` found), bad
/// otherwise; `why` is what to say for each, in that order.
fn judge_ignorable(
    id: &str,
    rfc: &[&'static str],
    t: &Tried,
    ignored_on_get: bool,
    why: [&str; 3],
) -> Finding {
    let [good, info, bad] = why;
    match t.status {
        s if s == Some(t.required.status) => t.finding(id, Level::Good, rfc, good),
        Some(200) if ignored_on_get => t.finding(id, Level::Info, rfc, info),
        _ => t.finding(id, Level::Bad, rfc, bad),
    }
}

/// `IUS-PAST`: `If-Unmodified-Since` a day before Last-Modified is false.
pub fn unmodified_since(probe: &mut Probe<'_>, v: &Variant) {
    let id = v.id("IUS-PAST");
    let rfc = &["RFC 9110 §13.1.4"];
    let Some(past) = v.base.last_modified().and_then(|lm| lm.plus(-DAY)) else {
        probe.push(Finding::skip(
            &id,
            rfc,
            "no valid Last-Modified in the baseline",
        ));
        return;
    };
    let t = try_request(
        probe,
        v,
        "If-Unmodified-Since: a day before Last-Modified",
        "GET",
        vec![field("If-Unmodified-Since", past.to_http())],
    );
    probe.push(judge(&id, rfc, &t,
        "modified after the given date: 412",
        "the representation was modified after the given date, so 412; the server ignores If-Unmodified-Since, so date-based conditional writes cannot prevent lost updates either"));
}
