//! The checks of issue 11, one module per concern, and what they share:
//! the [`Snapshot`] of a 200 response whose validators requests are judged
//! against, the [`Variant`] (plain, or `Accept-Encoding: gzip`), and
//! [`Tried`], one conditional request with what RFC 9110 requires for it.

pub mod coding;
pub mod head;
pub mod if_match;
pub mod modified_since;
pub mod none_match;
pub mod range;
pub mod responses;
pub mod validators;
pub mod write;

use crate::exchange::{escape, escape_short, Exchange, Response};
use crate::finding::{Finding, Level};
use crate::probe::Probe;
use crate::rfc::{self, Current, Date, Required, Tag};

/// What a 200 response to a GET said about the representation.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The exchange it came from.
    pub exchange: usize,
    /// The `ETag` lines, if any, and whether they hold one valid tag.
    pub etag: Option<Result<Tag, String>>,
    /// The `Last-Modified` date, if the field is present.
    pub last_modified: Option<Result<Date, String>>,
    /// The raw `Last-Modified` value (sent back verbatim by `IMS-304`).
    pub last_modified_raw: Option<Vec<u8>>,
    /// The `Date`, when valid.
    pub date: Option<Date>,
    /// `Content-Encoding`, lowercased, when present.
    pub encoding: Option<String>,
    /// `Content-Type`, as received.
    pub content_type: Option<Vec<u8>>,
    /// `Content-Length`, when valid.
    pub content_length: Option<u64>,
    /// Whether `Accept-Ranges` names `bytes`.
    pub accept_ranges: bool,
    /// The content, as received.
    pub body: Vec<u8>,
    /// Every field line.
    pub headers: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Snapshot {
    /// The snapshot of `response`, received in `exchange`.
    pub fn of(exchange: &Exchange, response: &Response) -> Snapshot {
        let now = Date::now();
        let date = response
            .has("date")
            .then(|| Date::from_field(response.lines("date"), now).ok())
            .flatten();
        let clock = date.unwrap_or(now);
        Snapshot {
            exchange: exchange.id,
            etag: response
                .has("etag")
                .then(|| Tag::from_field(response.lines("etag"))),
            last_modified: response
                .has("last-modified")
                .then(|| Date::from_field(response.lines("last-modified"), clock)),
            last_modified_raw: response.joined("last-modified"),
            date,
            encoding: response
                .joined("content-encoding")
                .map(|e| String::from_utf8_lossy(&e).to_ascii_lowercase()),
            content_type: response.joined("content-type"),
            content_length: response.content_length(),
            accept_ranges: response.lines("accept-ranges").any(|v| {
                v.split(|&b| b == b',')
                    .any(|t| crate::exchange::trim(t).eq_ignore_ascii_case(b"bytes"))
            }),
            body: response.body.clone(),
            headers: response.headers.clone(),
        }
    }

    /// The valid `ETag`, if any.
    pub fn tag(&self) -> Option<&Tag> {
        self.etag.as_ref().and_then(|t| t.as_ref().ok())
    }

    /// The valid `Last-Modified`, if any.
    pub fn last_modified(&self) -> Option<Date> {
        self.last_modified
            .as_ref()
            .and_then(|d| d.as_ref().ok().copied())
    }

    /// The validators requests are judged against.
    pub fn current(&self) -> Current {
        Current {
            etag: self.tag().cloned(),
            last_modified: self.last_modified(),
        }
    }

    /// Every line of `name`, joined, from the 200's head.
    pub fn joined(&self, name: &str) -> Option<Vec<u8>> {
        let mut lines = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.as_slice());
        let mut out = lines.next()?.to_vec();
        for line in lines {
            out.extend_from_slice(b", ");
            out.extend_from_slice(line);
        }
        Some(out)
    }

    /// `Content-Encoding` for reports.
    pub fn encoding_name(&self) -> &str {
        self.encoding.as_deref().unwrap_or("identity")
    }
}

/// A representation the conditional checks run on: the plain one (no
/// `Accept-Encoding`), or the one a gzip client gets.
#[derive(Clone, Debug)]
pub struct Variant {
    /// `""` or `"-GZIP"`, appended to the ids of its findings.
    pub suffix: &'static str,
    /// The `Accept-Encoding` it sends, if any.
    pub accept_encoding: Option<&'static str>,
    /// Its 200 response.
    pub base: Snapshot,
}

impl Variant {
    /// The plain variant.
    pub fn identity(base: Snapshot) -> Variant {
        Variant {
            suffix: "",
            accept_encoding: None,
            base,
        }
    }

    /// The gzip variant.
    pub fn gzip(base: Snapshot) -> Variant {
        Variant {
            suffix: "-GZIP",
            accept_encoding: Some("gzip"),
            base,
        }
    }

    /// `id` with this variant's suffix.
    pub fn id(&self, id: &str) -> String {
        format!("{id}{}", self.suffix)
    }

    /// " (Accept-Encoding: gzip)" or "".
    pub fn note(&self) -> &'static str {
        if self.accept_encoding.is_some() {
            " (Accept-Encoding: gzip)"
        } else {
            ""
        }
    }
}

/// One request with preconditions, sent, with what RFC 9110 requires.
#[derive(Clone, Debug)]
pub struct Tried {
    /// The exchange.
    pub exchange: usize,
    /// The status received, if any.
    pub status: Option<u16>,
    /// The core's decision and explanation for this request, with the
    /// variant's validators.
    pub required: Required,
    /// The method and fields sent, for reports.
    pub sent: String,
    /// The status line and the fields that matter, for reports.
    pub got: String,
}

impl Tried {
    /// A finding at `level` whose evidence is this request: what was sent,
    /// the status RFC 9110 requires, what came back, and the core's
    /// explanation.
    pub fn finding(&self, id: &str, level: Level, rfc: &[&'static str], why: &str) -> Finding {
        Finding::new(id, level, rfc)
            .sent(&self.sent)
            .expected(status_words(self.required.status))
            .got(&self.got)
            .why(why)
            .rfc9110(&self.required.explanation)
            .exchanges([self.exchange])
    }
}

/// A field for a request: name and value bytes.
pub fn field(name: &str, value: impl Into<Vec<u8>>) -> (String, Vec<u8>) {
    (name.to_owned(), value.into())
}

/// Sends `method` with `fields` for `variant`, and asks the core what
/// RFC 9110 requires for exactly that request.
pub fn try_request(
    probe: &mut Probe<'_>,
    variant: &Variant,
    label: &str,
    method: &str,
    fields: Vec<(String, Vec<u8>)>,
) -> Tried {
    let sent = describe_request(method, &fields, variant);
    let id = probe.send(
        label,
        variant.suffix,
        variant.accept_encoding,
        method,
        fields,
        Vec::new(),
    );
    let exchange = probe.exchange(id);
    let required = rfc::required(
        method,
        &exchange.request.headers,
        &variant.base.current(),
        probe.now,
    );
    Tried {
        exchange: id,
        status: exchange.status(),
        required,
        sent,
        got: describe_response(exchange),
    }
}

/// `GET If-None-Match: "v1"; If-Modified-Since: …` (+ the variant note).
pub fn describe_request(method: &str, fields: &[(String, Vec<u8>)], variant: &Variant) -> String {
    let mut out = method.to_owned();
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { " " } else { "; " });
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&escape_short(value, 120));
    }
    out.push_str(variant.note());
    out
}

/// The status line, the `ETag` and the size of the content, or the error.
pub fn describe_response(exchange: &Exchange) -> String {
    match exchange.response() {
        None => exchange.outcome(),
        Some(r) => {
            let mut out = r.status_line();
            if let Some(tag) = r.joined("etag") {
                out.push_str(&format!("; ETag: {}", escape_short(&tag, 120)));
            }
            if let Some(range) = r.joined("content-range") {
                out.push_str(&format!("; Content-Range: {}", escape(&range)));
            }
            if !r.body.is_empty() {
                out.push_str(&format!("; {} bytes of content", r.body.len()));
            }
            out
        }
    }
}

/// The status RFC 9110 requires, in words.
pub fn status_words(status: u16) -> &'static str {
    match status {
        200 => "200 (the method is performed)",
        206 => "206 Partial Content",
        304 => "304 Not Modified",
        412 => "412 Precondition Failed",
        428 => "428 Precondition Required",
        _ => "another status",
    }
}

/// Runs every read-only check; returns the gzip variant when the server
/// sends one (a different `Content-Encoding` to `Accept-Encoding: gzip`).
pub fn run_read_only(probe: &mut Probe<'_>, identity: &Variant) -> Option<Variant> {
    validators::run(probe, &identity.base);
    validators::stability(probe, &identity.base);
    let gzip = coding::run(probe, &identity.base);
    head::run(probe, identity);
    match &gzip {
        Some(v) => head::content_length(probe, v),
        None => probe.push(Finding::skip(
            "HEAD-CL-GZIP",
            &["RFC 9110 §9.3.2", "§8.6"],
            "no compressed variant: the server sends the same content coding to gzip clients",
        )),
    }
    for variant in std::iter::once(identity).chain(gzip.as_ref()) {
        none_match::run(probe, variant);
        modified_since::run(probe, variant);
        if_match::run(probe, variant);
    }
    if gzip.is_none() {
        skip_gzip(probe);
    }
    if_match::unmodified_since(probe, identity);
    range::run(probe, identity);
    responses::run_304(probe, identity);
    if let Some(v) = &gzip {
        responses::run_304(probe, v);
    }
    gzip
}

/// The `-GZIP` ids, skipped because the server does not compress.
fn skip_gzip(probe: &mut Probe<'_>) {
    const IDS: [&str; 18] = [
        "INM-304",
        "INM-WEAK-CMP",
        "INM-LIST",
        "INM-STAR",
        "PREC-INM-IMS-A",
        "PREC-INM-IMS-B",
        "IMS-304",
        "IMS-LATER",
        "IMS-INVALID",
        "IFMATCH-CURRENT",
        "IFMATCH-STALE-GET",
        "IFMATCH-WEAK",
        "PREC-IM-IUS",
        "PREC-IM-FIRST",
        "304-FRAMING",
        "304-FIELDS",
        "304-VALUES",
        "304-NO-METADATA",
    ];
    for id in IDS {
        probe.push(Finding::skip(
            format!("{id}-GZIP"),
            &["RFC 9110 §8.4", "§12.5.3"],
            "no compressed variant: the server sends the same content coding to gzip clients, so the checks without Accept-Encoding cover it",
        ));
    }
}
