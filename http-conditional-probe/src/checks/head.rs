//! HEAD: the same validators as GET and a 304 to a matching
//! `If-None-Match` (`HEAD-GET`, RFC 9110 §9.3.2, §13.1.2), and the same
//! `Content-Length` as the GET for the same `Accept-Encoding` (`HEAD-CL`,
//! §9.3.2, §8.6).

use super::{describe_response, field, try_request, Variant};
use crate::exchange::{escape, Response};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{Date, Tag};

const RFC_HEAD: &[&str] = &["RFC 9110 §9.3.2", "§13.1.2"];
const RFC_CL: &[&str] = &["RFC 9110 §9.3.2", "§8.6"];

/// `HEAD-GET` and `HEAD-CL` for the plain variant.
pub fn run(probe: &mut Probe<'_>, variant: &Variant) {
    let base = &variant.base;
    let head = send_head(probe, variant);
    let mut problems = Vec::new();
    let mut used = vec![base.exchange, head];
    let head_got = describe_response(probe.exchange(head));
    match probe.exchange(head).response() {
        None => problems.push(format!(
            "HEAD got no response ({})",
            probe.exchange(head).outcome()
        )),
        Some(r) if r.status != 200 => {
            problems.push(format!("HEAD answered {}, GET 200", r.status_line()))
        }
        Some(r) => {
            let now = probe.now;
            if let Some(p) = differ("ETag", r, base.tag().cloned(), base.etag.is_some(), |r| {
                Tag::from_field(r.lines("etag")).ok()
            }) {
                problems.push(p);
            }
            if let Some(p) = differ(
                "Last-Modified",
                r,
                base.last_modified(),
                base.last_modified.is_some(),
                |r| Date::from_field(r.lines("last-modified"), now).ok(),
            ) {
                problems.push(p);
            }
        }
    }
    let mut sent = "HEAD".to_owned();
    let mut got = format!("HEAD: {head_got}");
    let mut explanation = None;
    if let Some(tag) = base.tag() {
        let tried = try_request(
            probe,
            variant,
            "HEAD with If-None-Match: the baseline's tag",
            "HEAD",
            vec![field("If-None-Match", tag.to_bytes())],
        );
        used.push(tried.exchange);
        sent.push_str(&format!("; then {}", tried.sent));
        got.push_str(&format!("; then {}", tried.got));
        if tried.status != Some(tried.required.status) {
            problems.push(format!(
                "HEAD with a matching If-None-Match answered {}, not 304",
                tried
                    .status
                    .map_or_else(|| "nothing".to_owned(), |s| s.to_string())
            ));
        }
        explanation = Some(tried.required.explanation);
    }
    let mut finding = if problems.is_empty() {
        Finding::new("HEAD-GET", Level::Good, RFC_HEAD).why(if base.tag().is_some() {
            "HEAD carries GET's validators, and a matching If-None-Match gets 304"
        } else {
            "HEAD carries GET's validators (no ETag, so no If-None-Match was tried)"
        })
    } else {
        Finding::new("HEAD-GET", Level::Bad, RFC_HEAD).why(format!(
            "{}: HEAD must send the fields GET would (RFC 9110 §9.3.2), so that a cache can validate with it; likely HEAD is routed to a different handler than GET",
            problems.join("; ")
        ))
    };
    if let Some(text) = explanation {
        finding = finding.rfc9110(text);
    }
    probe.push(
        finding
            .sent(sent)
            .expected("the same ETag and Last-Modified as GET; 304 to a matching If-None-Match")
            .got(got)
            .exchanges(used),
    );
    content_length_of(probe, variant, head);
}

/// `HEAD-CL-GZIP`: a HEAD with `Accept-Encoding: gzip`, compared with the
/// gzip GET.
pub fn content_length(probe: &mut Probe<'_>, variant: &Variant) {
    let head = send_head(probe, variant);
    content_length_of(probe, variant, head);
}

/// A plain HEAD for `variant`; the exchange's number.
fn send_head(probe: &mut Probe<'_>, variant: &Variant) -> usize {
    probe.send(
        "HEAD",
        variant.suffix,
        variant.accept_encoding,
        "HEAD",
        Vec::new(),
        Vec::new(),
    )
}

fn content_length_of(probe: &mut Probe<'_>, variant: &Variant, head: usize) {
    let id = variant.id("HEAD-CL");
    let base = &variant.base;
    let get_length = base.content_length.unwrap_or(base.body.len() as u64);
    let get_words = match base.content_length {
        Some(n) => format!("GET: Content-Length: {n}"),
        None => format!("GET: no Content-Length, {get_length} bytes of content"),
    };
    let finding = match probe.exchange(head).response() {
        None => Finding::new(&id, Level::Bad, RFC_CL)
            .got(probe.exchange(head).outcome())
            .why("HEAD got no usable response"),
        Some(r) if r.status != 200 => Finding::skip(&id, RFC_CL, format!("HEAD answered {}", r.status_line())),
        Some(r) => match (r.has("content-length"), r.content_length()) {
            (false, _) => Finding::new(&id, Level::Good, RFC_CL)
                .got(format!("HEAD: no Content-Length; {get_words}"))
                .why("a HEAD response may leave Content-Length out"),
            (true, Some(n)) if n == get_length => Finding::new(&id, Level::Good, RFC_CL)
                .got(format!("HEAD: Content-Length: {n}; {get_words}"))
                .why("HEAD announces the length GET sends"),
            (true, n) => Finding::new(&id, Level::Bad, RFC_CL)
                .got(format!(
                    "HEAD: Content-Length: {}; {get_words}",
                    escape(&r.joined("content-length").unwrap_or_default())
                ))
                .why(format!(
                    "a HEAD's Content-Length must be what GET would send{}; a cache that freshens a stored response with this HEAD (RFC 9111 §4.3.5) sees a mismatch and evicts it. A likely cause is a compression layer that measures an empty body for HEAD",
                    n.map_or_else(String::new, |n| format!(" ({n} ≠ {get_length})"))
                )),
        },
    };
    probe.push(
        finding
            .sent(format!("HEAD{}", variant.note()))
            .expected("no Content-Length, or the GET's for the same Accept-Encoding")
            .exchanges([base.exchange, head]),
    );
}

/// A problem sentence when HEAD's `name` differs from GET's.
fn differ<T: PartialEq>(
    name: &str,
    head: &Response,
    get: Option<T>,
    get_has_field: bool,
    parse: impl Fn(&Response) -> Option<T>,
) -> Option<String> {
    let head_has = head.has(name);
    match (get_has_field, head_has) {
        (false, false) => None,
        (true, false) => Some(format!("HEAD has no {name}, GET has one")),
        (false, true) => Some(format!("HEAD has a {name}, GET has none")),
        (true, true) => (parse(head) != get).then(|| format!("HEAD's {name} differs from GET's")),
    }
}
