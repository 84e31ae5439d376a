//! `If-Range` (RFC 9110 §13.1.5): a strong match gets the range
//! (`IFRANGE-STRONG`), anything else the whole representation
//! (`IFRANGE-NOMATCH`).

use super::none_match::unknown_tag;
use super::{field, status_words, try_request, Variant};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::Tag;

const RANGE: &str = "bytes=0-9";

/// The If-Range checks (plain variant).
pub fn run(probe: &mut Probe<'_>, v: &Variant) {
    let tag = v.base.tag().cloned();

    let id = v.id("IFRANGE-STRONG");
    let rfc = &["RFC 9110 §13.1.5", "§14.2", "§15.3.7"];
    match tag.as_ref().filter(|t| !t.is_weak()) {
        None if tag.is_some() => probe.push(Finding::skip(
            &id,
            rfc,
            "the baseline's tag is weak: If-Range needs a strong validator",
        )),
        None => probe.push(Finding::skip(&id, rfc, "no valid ETag in the baseline")),
        Some(_) if !v.base.accept_ranges => probe.push(Finding::skip(
            &id,
            rfc,
            "the baseline has no Accept-Ranges: bytes, so range support is not announced",
        )),
        Some(_) if v.base.body.len() < 10 => probe.push(Finding::skip(
            &id,
            rfc,
            "the content is shorter than 10 bytes",
        )),
        Some(tag) => {
            let t = try_request(
                probe,
                v,
                "Range with If-Range: the strong tag",
                "GET",
                vec![field("Range", RANGE), field("If-Range", tag.to_bytes())],
            );
            let response = probe.exchange(t.exchange).response().cloned();
            let finding = match response.as_ref() {
                Some(r) if r.status == 206 => {
                    let same_tag = Tag::from_field(r.lines("etag"))
                        .ok()
                        .is_some_and(|t| t.strong_eq(tag));
                    let has_range = r.has("content-range");
                    let prefix = r.body == v.base.body[..10.min(v.base.body.len())];
                    if same_tag && has_range && prefix {
                        Finding::new(&id, Level::Good, rfc).why("the tag matches strongly: 206 with Content-Range, the same tag and the first 10 bytes")
                    } else {
                        let mut problems = Vec::new();
                        if !has_range {
                            problems.push("no Content-Range");
                        }
                        if !same_tag {
                            problems.push("not the same strong ETag");
                        }
                        if !prefix {
                            problems.push("not the first 10 bytes of the representation");
                        }
                        Finding::new(&id, Level::Bad, rfc).why(format!(
                            "a 206 must carry Content-Range (RFC 9110 §15.3.7) and the validator of the representation it is part of; this one has {}: a client resuming a download would splice in wrong bytes",
                            problems.join(", ")
                        ))
                    }
                }
                Some(r) if r.status == 200 => {
                    // Does the server serve ranges at all? RFC 9110 §14.2
                    // lets it ignore Range; then there is nothing to check.
                    let plain = try_request(
                        probe,
                        v,
                        "Range without If-Range",
                        "GET",
                        vec![field("Range", RANGE)],
                    );
                    if plain.status == Some(206) {
                        Finding::new(&id, Level::Bad, rfc).why(format!(
                            "the server serves Range alone (exchange {}: 206) but sends the whole representation when a matching If-Range comes with it; every resumed download starts over: the If-Range comparison fails where it should match (weakly formatted tag? compared with another validator?)",
                            plain.exchange
                        ))
                    } else {
                        Finding::skip(&id, rfc, format!(
                            "the server answered 200 to Range with and without If-Range (exchange {}): it does not serve ranges here (RFC 9110 §14.2 allows that)",
                            plain.exchange
                        ))
                    }
                }
                _ => Finding::new(&id, Level::Bad, rfc)
                    .why("If-Range matched strongly, so the range should be served (206)"),
            };
            probe.push(
                finding
                    .sent(&t.sent)
                    .expected(format!(
                        "{} with Content-Range and the same tag",
                        status_words(t.required.status)
                    ))
                    .got(&t.got)
                    .rfc9110(&t.required.explanation)
                    .exchanges([t.exchange]),
            );
        }
    }

    let id = v.id("IFRANGE-NOMATCH");
    let rfc = &["RFC 9110 §13.1.5"];
    let mut others = vec![unknown_tag()];
    if let Some(tag) = &tag {
        others.push(tag.weakened());
    }
    let tried: Vec<_> = others
        .iter()
        .map(|other| {
            try_request(
                probe,
                v,
                "Range with a non-matching If-Range",
                "GET",
                vec![field("Range", RANGE), field("If-Range", other.to_bytes())],
            )
        })
        .collect();
    let wrong: Vec<_> = tried.iter().filter(|t| t.status == Some(206)).collect();
    let unexpected: Vec<_> = tried
        .iter()
        .filter(|t| t.status != Some(206) && t.status != Some(200))
        .collect();
    let level = if !wrong.is_empty() || !unexpected.is_empty() {
        Level::Bad
    } else {
        Level::Good
    };
    let why = if !wrong.is_empty() {
        "If-Range did not match (an unknown tag, or a weak one, which never matches), so the whole representation must be sent; a 206 hands a resuming client a piece of a different version and corrupts the download: the server ignores If-Range (or compares weakly)"
    } else if level == Level::Bad {
        "If-Range did not match, so the whole representation (200) must be sent"
    } else {
        "If-Range did not match: the whole representation, 200"
    };
    probe.push(
        Finding::new(&id, level, rfc)
            .sent(
                tried
                    .iter()
                    .map(|t| t.sent.clone())
                    .collect::<Vec<_>>()
                    .join("; then "),
            )
            .expected("200 with the whole representation, each time")
            .got(
                tried
                    .iter()
                    .map(|t| t.got.clone())
                    .collect::<Vec<_>>()
                    .join("; then "),
            )
            .why(why)
            .rfc9110(
                tried
                    .iter()
                    .map(|t| t.required.explanation.clone())
                    .collect::<Vec<_>>()
                    .join(" | then: "),
            )
            .exchanges(tried.iter().map(|t| t.exchange)),
    );
}
