//! The validators of the baseline: present (`VAL-PRESENT`), well-formed
//! (`ETAG-SYNTAX`, `LM-SANE`), stable across identical GETs
//! (`ETAG-STABLE`), and never a 304 to a plain GET (`UNSOLICITED-304`).

use super::{describe_response, Snapshot};
use crate::exchange::{escape, escape_short};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{Date, Tag, PRECONDITION_FIELDS};

/// `VAL-PRESENT`, `ETAG-SYNTAX`, `LM-SANE`.
pub fn run(probe: &mut Probe<'_>, base: &Snapshot) {
    let used = [base.exchange];
    let sent = "GET (no preconditions)";
    let present = match (&base.etag, &base.last_modified) {
        (None, None) => Finding::new("VAL-PRESENT", Level::Bad, &["RFC 9110 §8.8"])
            .got("neither ETag nor Last-Modified")
            .why("without a validator no request can be conditional: every revalidation downloads the whole representation, and writes cannot be protected"),
        (Some(_), None) => Finding::new("VAL-PRESENT", Level::Good, &["RFC 9110 §8.8"])
            .got("ETag (no Last-Modified)")
            .why("an entity-tag is the better validator (RFC 9110 §8.8.1); without Last-Modified the If-Modified-Since checks are skipped"),
        (None, Some(_)) => Finding::new("VAL-PRESENT", Level::Good, &["RFC 9110 §8.8"])
            .got("Last-Modified (no ETag)")
            .why("dates allow revalidation to the second only; an ETag would also make If-Match and If-None-Match work"),
        (Some(_), Some(_)) => Finding::new("VAL-PRESENT", Level::Good, &["RFC 9110 §8.8"])
            .got("ETag and Last-Modified")
            .why("both validators are sent (RFC 9110 §8.8.3 recommends sending both)"),
    };
    probe.push(
        present
            .sent(sent)
            .expected("an ETag and/or Last-Modified")
            .exchanges(used),
    );

    let etag = match &base.etag {
        None => Finding::skip(
            "ETAG-SYNTAX",
            &["RFC 9110 §8.8.3"],
            "no ETag in the baseline",
        ),
        Some(result) => {
            let raw = base.joined("etag").unwrap_or_default();
            let lines = base
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(b"etag"))
                .count();
            let finding = match result {
                Ok(tag) => Finding::new("ETAG-SYNTAX", Level::Good, &["RFC 9110 §8.8.3"])
                    .got(format!("ETag: {}", tag.display()))
                    .why(if tag.is_weak() {
                        "a valid weak entity-tag: fine for If-None-Match, but If-Match and If-Range never match a weak tag (RFC 9110 §8.8.3.2)"
                    } else {
                        "one valid strong entity-tag"
                    }),
                Err(e) => Finding::new("ETAG-SYNTAX", Level::Bad, &["RFC 9110 §8.8.3", "§5.3"])
                    .got(format!("ETag: {} ({lines} line(s))", escape_short(&raw, 120)))
                    .why(format!(
                        "not one valid entity-tag ({e}): clients and caches drop or mangle it; a common cause is a missing pair of double quotes"
                    )),
            };
            finding
        }
    };
    probe.push(
        etag.sent(sent)
            .expected("exactly one entity-tag: [W/]\"opaque\"")
            .exchanges(used),
    );

    let lm = match &base.last_modified {
        None => Finding::skip("LM-SANE", &["RFC 9110 §8.8.2"], "no Last-Modified in the baseline"),
        Some(Err(e)) => Finding::new("LM-SANE", Level::Bad, &["RFC 9110 §8.8.2", "§5.6.7"])
            .got(format!(
                "Last-Modified: {}",
                escape(&base.last_modified_raw.clone().unwrap_or_default())
            ))
            .why(format!("not a valid HTTP-date ({e}): If-Modified-Since cannot work")),
        Some(Ok(lm)) => match base.date {
            Some(date) if *lm > date => Finding::new("LM-SANE", Level::Bad, &["RFC 9110 §8.8.2.1"])
                .got(format!("Last-Modified: {} after Date: {}", lm.to_http(), date.to_http()))
                .why("an origin MUST NOT send a Last-Modified later than its Date; a clock or file time in the future"),
            Some(date) => Finding::new("LM-SANE", Level::Good, &["RFC 9110 §8.8.2.1"])
                .got(format!("Last-Modified: {}; Date: {}", lm.to_http(), date.to_http()))
                .why("a valid date, not after Date"),
            None => Finding::new("LM-SANE", Level::Good, &["RFC 9110 §8.8.2.1", "§6.6.1"])
                .got(format!("Last-Modified: {} (no valid Date)", lm.to_http()))
                .why("a valid date; without a Date field it cannot be compared with the server's clock"),
        },
    };
    probe.push(
        lm.sent(sent)
            .expected("a valid HTTP-date, not after Date")
            .exchanges(used),
    );
}

/// `ETAG-STABLE`: two more identical GETs; the same content must come with
/// the same tag, and changed content never with the same strong tag.
pub fn stability(probe: &mut Probe<'_>, base: &Snapshot) {
    const ID: &str = "ETAG-STABLE";
    const RFC: &[&str] = &["RFC 9110 §8.8.3", "§8.8.1"];
    let more: Vec<usize> = (2..=3)
        .map(|n| {
            probe.send(
                &format!("identical GET {n} of 3"),
                "",
                None,
                "GET",
                Vec::new(),
                Vec::new(),
            )
        })
        .collect();
    let Some(first_tag) = base.tag().cloned() else {
        probe.push(Finding::skip(ID, RFC, "no valid ETag in the baseline"));
        return;
    };
    let mut used = vec![base.exchange];
    let mut got = vec![format!(
        "#{}: ETag {}, {} bytes",
        base.exchange,
        first_tag.display(),
        base.body.len()
    )];
    let mut drift = false;
    let mut same_strong_tag_new_content = false;
    let mut changed_content = false;
    for &id in &more {
        let exchange = probe.exchange(id);
        used.push(id);
        got.push(format!("#{id}: {}", describe_response(exchange)));
        let Some(response) = exchange.response().filter(|r| r.status == 200) else {
            continue;
        };
        let tag = Tag::from_field(response.lines("etag")).ok();
        let same_body = response.body == base.body;
        match (&tag, same_body) {
            (Some(t), true) if t == &first_tag => {}
            (_, true) => drift = true,
            (Some(t), false) if !t.is_weak() && t.strong_eq(&first_tag) => {
                same_strong_tag_new_content = true;
            }
            (_, false) => changed_content = true,
        }
    }
    let finding = if drift {
        Finding::new(ID, Level::Bad, RFC).why(
            "the same content came with another tag: every revalidation misses (200, not 304); likely causes are tags from per-instance file times or inode numbers behind a load balancer, or a hash of unordered data (JSON maps, timestamps)",
        )
    } else if same_strong_tag_new_content {
        Finding::new(ID, Level::Bad, RFC).why(
            "different content came with the same strong tag: a strong tag promises identical bytes (RFC 9110 §8.8.1), so caches and range requests would mix versions; use a weak tag or derive the tag from the content",
        )
    } else if changed_content {
        Finding::new(ID, Level::Info, RFC).why(
            "the content changed between identical GETs, each time with a new tag: correct, but conditional requests rarely save anything here",
        )
    } else {
        Finding::new(ID, Level::Good, RFC)
            .why("identical GETs gave the same content and the same tag")
    };
    probe.push(
        finding
            .sent("3 identical GETs")
            .expected("same content ⇒ same tag; different content ⇒ not the same strong tag")
            .got(got.join("; "))
            .exchanges(used),
    );
}

/// `UNSOLICITED-304`: no GET without preconditions may get a 304.
pub fn unsolicited_304(probe: &mut Probe<'_>) {
    const ID: &str = "UNSOLICITED-304";
    const RFC: &[&str] = &["RFC 9110 §15.4.5", "§13.2.1"];
    let plain: Vec<(usize, Option<u16>)> = probe
        .exchanges
        .iter()
        .filter(|e| {
            e.request.method == "GET"
                && !PRECONDITION_FIELDS.iter().any(|f| e.request.has(f))
                && !e.request.has("range")
        })
        .map(|e| (e.id, e.status()))
        .collect();
    let bad: Vec<usize> = plain
        .iter()
        .filter(|(_, s)| *s == Some(304))
        .map(|(id, _)| *id)
        .collect();
    let finding = if bad.is_empty() {
        Finding::new(ID, Level::Good, RFC)
            .got(format!("{} plain GET(s), none answered 304", plain.len()))
            .why("a 304 answers only a conditional GET")
            .exchanges(plain.iter().map(|(id, _)| *id))
    } else {
        Finding::new(ID, Level::Bad, RFC)
            .got(format!(
                "304 to {} of {} plain GET(s): #{}",
                bad.len(),
                plain.len(),
                bad.iter().map(ToString::to_string).collect::<Vec<_>>().join(", #")
            ))
            .why("a 304 to a request without preconditions leaves a client with nothing to show: it has no cached copy to reuse; likely a cache layer or framework answering 304 from its own state (a session, a cookie, the client's address)")
            .exchanges(bad)
    };
    probe.push(
        finding
            .sent("GET without If-None-Match, If-Modified-Since or any other precondition")
            .expected("never 304"),
    );
}

/// A date for reports.
pub fn show_date(date: Option<Date>) -> String {
    date.map_or_else(|| "none".to_owned(), Date::to_http)
}
