//! `If-None-Match` (RFC 9110 §13.1.2): the tag itself (`INM-304`), its
//! weak twin (`INM-WEAK-CMP`, weak comparison §8.8.3.2), a list
//! (`INM-LIST`), `*` (`INM-STAR`), and its precedence over
//! `If-Modified-Since` (`PREC-INM-IMS-A`, `PREC-INM-IMS-B`, §13.2.2).

use super::{field, status_words, try_request, Tried, Variant};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{Date, Tag};

/// A tag no server has: `"x0"`.
pub fn unknown_tag() -> Tag {
    Tag::strong(b"x0")
}

/// The If-None-Match checks of one variant.
pub fn run(probe: &mut Probe<'_>, v: &Variant) {
    let tag = v.base.tag().cloned();
    let no_tag = || {
        if v.base.etag.is_some() {
            "the baseline's ETag is not a valid entity-tag"
        } else {
            "no ETag in the baseline"
        }
    };

    // INM-304
    let id = v.id("INM-304");
    let rfc = &["RFC 9110 §13.1.2"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, no_tag())),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "If-None-Match: the baseline's tag",
                "GET",
                vec![field("If-None-Match", tag.to_bytes())],
            );
            probe.push(judge(&id, rfc, &t,
                "the tag the client holds matches: 304, no content",
                "the tag the client holds matches, so the server should send 304 and no content; every revalidation downloads the whole representation again (see the summary below for the likely cause)"));
        }
    }

    // INM-WEAK-CMP
    let id = v.id("INM-WEAK-CMP");
    let rfc = &["RFC 9110 §13.1.2", "§8.8.3.2"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, no_tag())),
        Some(tag) => {
            let toggled = tag.toggled();
            let t = try_request(
                probe,
                v,
                "If-None-Match: the tag with W/ toggled",
                "GET",
                vec![field("If-None-Match", toggled.to_bytes())],
            );
            probe.push(judge(&id, rfc, &t,
                "If-None-Match uses the weak comparison: W/\"x\" and \"x\" match",
                "If-None-Match uses the weak comparison, where W/\"x\" and \"x\" match; the server compares the field as a string (or strongly), which misses every client or proxy that weakened the tag"));
        }
    }

    // INM-LIST
    let id = v.id("INM-LIST");
    let rfc = &["RFC 9110 §13.1.2", "§5.6.1"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, no_tag())),
        Some(tag) => {
            let mut list = unknown_tag().to_bytes();
            list.extend_from_slice(b", ");
            list.extend_from_slice(&tag.to_bytes());
            let a = try_request(
                probe,
                v,
                "If-None-Match: a list ending with the tag",
                "GET",
                vec![field("If-None-Match", list)],
            );
            let b = try_request(
                probe,
                v,
                "If-None-Match: an unknown tag alone",
                "GET",
                vec![field("If-None-Match", unknown_tag().to_bytes())],
            );
            let ok = |t: &Tried| t.status == Some(t.required.status);
            let level = if ok(&a) && ok(&b) {
                Level::Good
            } else {
                Level::Bad
            };
            let why = if level == Level::Good {
                "the list is read member by member: a match anywhere is a 304, no match is a 200"
                    .to_owned()
            } else if !ok(&a) {
                "If-None-Match is a list (clients holding several representations send them all); a server that compares the whole field with its tag misses every list".to_owned()
            } else {
                "an unknown tag must not match: the server answers 304 whatever the client holds, so clients keep stale copies".to_owned()
            };
            probe.push(
                Finding::new(&id, level, rfc)
                    .sent(format!("{}; then {}", a.sent, b.sent))
                    .expected(format!(
                        "{}, then {}",
                        status_words(a.required.status),
                        status_words(b.required.status)
                    ))
                    .got(format!("{}; then {}", a.got, b.got))
                    .why(why)
                    .rfc9110(format!(
                        "{} | then: {}",
                        a.required.explanation, b.required.explanation
                    ))
                    .exchanges([a.exchange, b.exchange]),
            );
        }
    }

    // INM-STAR: needs no tag; the resource exists.
    let id = v.id("INM-STAR");
    let t = try_request(
        probe,
        v,
        "If-None-Match: *",
        "GET",
        vec![field("If-None-Match", "*")],
    );
    probe.push(judge(
        &id,
        &["RFC 9110 §13.1.2"],
        &t,
        "\"*\" matches any current representation: 304",
        "\"*\" matches any current representation, so a GET for an existing resource gets 304; the server does not handle \"*\"",
    ));

    // PREC-INM-IMS-A: a matching If-None-Match wins over an old If-Modified-Since.
    let id = v.id("PREC-INM-IMS-A");
    let rfc = &["RFC 9110 §13.2.2", "§13.1.3"];
    match &tag {
        None => probe.push(Finding::skip(&id, rfc, no_tag())),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "matching If-None-Match with If-Modified-Since at the epoch",
                "GET",
                vec![
                    field("If-None-Match", tag.to_bytes()),
                    field("If-Modified-Since", Date::EPOCH.to_http()),
                ],
            );
            probe.push(judge(&id, rfc, &t,
                "If-Modified-Since is ignored when If-None-Match is present: the matching tag decides, 304",
                "with If-None-Match present, If-Modified-Since is ignored (RFC 9110 §13.1.3) and the matching tag decides: 304; the server evaluated the date instead of (or as well as) the tag"));
        }
    }

    // PREC-INM-IMS-B: a non-matching If-None-Match makes If-Modified-Since irrelevant.
    let id = v.id("PREC-INM-IMS-B");
    match v
        .base
        .last_modified_raw
        .clone()
        .filter(|_| v.base.last_modified().is_some())
    {
        None => probe.push(Finding::skip(
            &id,
            rfc,
            "no valid Last-Modified in the baseline",
        )),
        Some(lm) => {
            let t = try_request(
                probe,
                v,
                "non-matching If-None-Match with If-Modified-Since: Last-Modified",
                "GET",
                vec![
                    field("If-None-Match", unknown_tag().to_bytes()),
                    field("If-Modified-Since", lm),
                ],
            );
            probe.push(judge(&id, rfc, &t,
                "If-Modified-Since is ignored when If-None-Match is present: the tag did not match, 200",
                "a recipient MUST ignore If-Modified-Since when If-None-Match is present (RFC 9110 §13.1.3); the tag did not match, so 200. A 304 sends a client that holds another representation (another coding, an older version with the same date) back to its wrong copy: the server checks the date even when the tag failed"));
        }
    }
}

/// Good when the status is what the core requires (with `good` as the
/// why), bad otherwise (with `bad`: the likely cause).
pub fn judge(id: &str, rfc: &[&'static str], t: &Tried, good: &str, bad: &str) -> Finding {
    if t.status == Some(t.required.status) {
        t.finding(id, Level::Good, rfc, good)
    } else {
        t.finding(id, Level::Bad, rfc, bad)
    }
}
