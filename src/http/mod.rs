//! The `http` crate adapter (feature `http`): evaluate straight from
//! `http::Method` and `http::HeaderMap`, and build the heads of the 304,
//! 412 and 428 responses.
//!
//! Every field line is read (one pass over the map's lines, or
//! [`HeaderMap::get_all`]), never only [`HeaderMap::get`], which returns
//! the first line and would silently truncate an `If-None-Match` split
//! across lines (RFC 9110 §5.3).
//! Values are read as bytes, so obs-text never makes a field disappear.
//!
//! | [`Decision`] | Response | Helper |
//! |---|---|---|
//! | `Proceed` | perform the method, 2xx | — |
//! | `ProceedWithRange` | perform the GET, 206 (or 200 if you ignore `Range`) | — |
//! | `NotModified` | 304, the 200's headers filtered by RFC 9110 §15.4.5, no content | [`not_modified`] |
//! | `PreconditionFailed` | 412 with the current `ETag` | [`precondition_failed`] |
//! | `PreconditionRequired` | 428 (RFC 6585 §3) | [`precondition_required`] |
//!
//! [`precondition_response`] picks the right one, or says to proceed;
//! [`evaluate_with_head`] reads the validators from the head of the 200
//! response you would send, so the `ETag` you send is the one compared.
//!
//! # Examples
//!
//! ```
//! use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
//! use http_conditional::http::{evaluate_request, precondition_response};
//! use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
//!
//! let mut request = HeaderMap::new();
//! request.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"v6\""));
//! request.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"v7\""));
//!
//! // The head of the 200 response the server would send.
//! let mut ok = HeaderMap::new();
//! ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
//! ok.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
//!
//! let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
//! let eval = evaluate_request(&Method::GET, &request, current, HttpDate::MAX, Policy::new());
//! let head = precondition_response(&eval, &ok).expect("not modified");
//! assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
//! assert_eq!(head.headers()[header::ETAG], "\"v7\"");
//! assert!(!head.headers().contains_key(header::CONTENT_TYPE));
//! # Ok::<(), http_conditional::ParseError>(())
//! ```

extern crate alloc;

use alloc::string::{String, ToString};

use ::http::header::{self, HeaderMap, HeaderName, HeaderValue, ValueIter};
use ::http::{Response, StatusCode};

use crate::date::HttpDate;
use crate::decision::Decision;
use crate::etag::EntityTag;
use crate::evaluate::evaluate;
use crate::evaluation::Evaluation;
use crate::field::{Field, FieldLines, FirstLines};
use crate::generate::EtagBuf;
use crate::method::Method;
use crate::parse;
use crate::policy::Policy;
use crate::resource::{Resource, Validators};
use crate::response::keep_in_304;

/// The registered header name of a field.
fn header_name(field: Field) -> HeaderName {
    match field {
        Field::IfMatch => header::IF_MATCH,
        Field::IfNoneMatch => header::IF_NONE_MATCH,
        Field::IfModifiedSince => header::IF_MODIFIED_SINCE,
        Field::IfUnmodifiedSince => header::IF_UNMODIFIED_SINCE,
        Field::IfRange => header::IF_RANGE,
        Field::Range => header::RANGE,
    }
}

/// The field lines of one field in an `http::HeaderMap`, in arrival order,
/// as bytes (RFC 9110 §5.3).
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue};
/// use http_conditional::{Field, FieldLines};
///
/// let mut headers = HeaderMap::new();
/// headers.append(header::IF_MATCH, HeaderValue::from_static("\"a\""));
/// headers.append(header::IF_MATCH, HeaderValue::from_static("\"b\""));
/// let lines: Vec<&[u8]> = (&headers).lines(Field::IfMatch).collect();
/// assert_eq!(lines, [&b"\"a\""[..], b"\"b\""]);
/// ```
#[derive(Debug)]
pub struct HeaderLines<'a> {
    values: ValueIter<'a, HeaderValue>,
}

impl<'a> Iterator for HeaderLines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.values.next().map(HeaderValue::as_bytes)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.values.size_hint()
    }
}

/// Every line of a field, in arrival order (RFC 9110 §5.3).
impl<'a> FieldLines<'a> for &'a HeaderMap {
    type Lines = HeaderLines<'a>;

    fn lines(&self, field: Field) -> HeaderLines<'a> {
        HeaderLines {
            values: self.get_all(header_name(field)).iter(),
        }
    }

    fn contains(&self, field: Field) -> bool {
        self.contains_key(header_name(field))
    }

    /// One pass over the map's lines (each name's lines in arrival order):
    /// on the requests most services see, cheaper than six hashed
    /// look-ups, most of them for fields the request does not carry. A map
    /// of more than 64 lines is looked up instead, six times.
    #[inline]
    fn gather(&self) -> FirstLines<'a> {
        if self.len() > SCAN_LIMIT {
            return crate::field::gather_by_field(self);
        }
        let mut first = FirstLines::new();
        for (name, value) in self.iter() {
            let line = value.as_bytes();
            // `http` holds every registered name as a standard header
            // (whatever its case on the wire), so comparing with the
            // constants compares one byte, and never a custom name's text.
            // One branch per field, as `header_name` maps them: a loop over
            // `Field::ALL` with `header_name` costs 8-18 instructions more.
            if *name == header::IF_NONE_MATCH {
                first.push(Field::IfNoneMatch, line);
            } else if *name == header::IF_MODIFIED_SINCE {
                first.push(Field::IfModifiedSince, line);
            } else if *name == header::IF_MATCH {
                first.push(Field::IfMatch, line);
            } else if *name == header::IF_UNMODIFIED_SINCE {
                first.push(Field::IfUnmodifiedSince, line);
            } else if *name == header::IF_RANGE {
                first.push(Field::IfRange, line);
            } else if *name == header::RANGE {
                first.push(Field::Range, line);
            }
        }
        first
    }
}

/// Above this many field lines, [`FieldLines::gather`] looks the six
/// fields up instead of reading every line. Measured with callgrind on a
/// GET with one `If-None-Match` among other fields, the whole evaluation
/// costs about 14 instructions a line read, against 1400-1600 with the six
/// look-ups (701 against 1409 at 32 lines, 1149 against 1447 at 64, level at 96).
const SCAN_LIMIT: usize = 64;

/// The method token as `http` holds it (case-sensitive, RFC 9110 §9.1).
impl<'a> From<&'a ::http::Method> for Method<'a> {
    fn from(method: &'a ::http::Method) -> Method<'a> {
        Method::new(method.as_str().as_bytes())
    }
}

/// [`evaluate`] for a request held by the `http` crate: its method and its
/// headers, every field line of them.
///
/// RFC 9110 §13.2.2.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::evaluate_request;
/// use http_conditional::{Decision, EntityTag, HttpDate, Policy, Resource, Validators};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"v6\""));
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate_request(&Method::PUT, &headers, current, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.decision(), Decision::PreconditionFailed);
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn evaluate_request<'a>(
    method: &'a ::http::Method,
    headers: &'a HeaderMap,
    resource: Resource<'a>,
    now: HttpDate,
    policy: Policy,
) -> Evaluation<'a> {
    evaluate(Method::from(method), headers, resource, now, policy)
}

/// A header value made of bytes the crate has checked to be valid in one
/// (visible ASCII, SP, obs-text): `from_bytes` cannot refuse them.
fn checked_value(bytes: &[u8]) -> HeaderValue {
    match HeaderValue::from_bytes(bytes) {
        Ok(value) => value,
        // Unreachable: every caller passes entity-tag or HTTP-date bytes.
        Err(_) => HeaderValue::from_static(""),
    }
}

/// The canonical form of the tag as a header value (RFC 9110 §8.8.3).
///
/// Every byte of an entity-tag (`etagc`, `W/`, `"`) is allowed in a field
/// value, so this never fails.
///
/// # Examples
///
/// ```
/// use http::HeaderValue;
/// use http_conditional::EntityTag;
/// let value = HeaderValue::from(EntityTag::weak(b"v7")?);
/// assert_eq!(value, "W/\"v7\"");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
impl From<EntityTag<'_>> for HeaderValue {
    fn from(tag: EntityTag<'_>) -> HeaderValue {
        let mut bytes = alloc::vec![0; tag.encoded_len()];
        checked_value(tag.encode_into(&mut bytes).unwrap_or_default())
    }
}

/// The canonical form of the generated tag as a header value (RFC 9110
/// §8.8.3); never fails.
///
/// # Examples
///
/// ```
/// use http::HeaderValue;
/// use http_conditional::generate::EtagBuf;
/// let value = HeaderValue::from(&EtagBuf::from_version(7));
/// assert_eq!(value, "\"v7\"");
/// ```
impl From<&EtagBuf> for HeaderValue {
    fn from(tag: &EtagBuf) -> HeaderValue {
        checked_value(tag.as_bytes())
    }
}

/// The date in IMF-fixdate, the form a sender generates (RFC 9110
/// §5.6.7), as a header value for `Last-Modified`, `Date` or
/// `If-Modified-Since`; never fails.
///
/// # Examples
///
/// ```
/// use http::HeaderValue;
/// use http_conditional::HttpDate;
/// let value = HeaderValue::from(HttpDate::from_unix_seconds(784_111_777).unwrap());
/// assert_eq!(value, "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
impl From<HttpDate> for HeaderValue {
    fn from(date: HttpDate) -> HeaderValue {
        let mut buf = [0; 29];
        checked_value(date.to_imf_fixdate(&mut buf).as_bytes())
    }
}

/// The validators of the response head the caller is about to send: its
/// `ETag` and `Last-Modified` fields, so that the head and the evaluation
/// use one value and cannot drift. A field that is absent, not valid or on
/// more than one line counts as absent (RFC 9110 §8.8.2, §8.8.3; CHOICES 6
/// in SPEC_NOTES.md); `now` resolves a two-digit rfc850 year.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue};
/// use http_conditional::http::validators;
/// use http_conditional::HttpDate;
///
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// ok.insert(header::LAST_MODIFIED, HeaderValue::from_static("yesterday"));
/// let v = validators(&ok, HttpDate::MAX);
/// assert_eq!(v.etag.unwrap().opaque(), b"v7");
/// assert_eq!(v.last_modified, None);
/// ```
pub fn validators(head: &HeaderMap, now: HttpDate) -> Validators<'_> {
    let lines = |name| head.get_all(name).iter().map(HeaderValue::as_bytes);
    Validators::from_options(
        parse::etag(lines(header::ETAG)).ok(),
        parse::date(lines(header::LAST_MODIFIED), now).ok(),
    )
}

/// [`evaluate`] a request against the validators of the 200 response head
/// the caller would send (`ok`, see [`validators`]): the `ETag` that goes
/// out is the one the preconditions are compared with. Pass the same `ok`
/// to [`precondition_response`].
///
/// RFC 9110 §13.2.2.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use http_conditional::http::{evaluate_with_head, precondition_response};
/// use http_conditional::{HttpDate, Policy};
///
/// let mut request = HeaderMap::new();
/// request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"v7\""));
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
///
/// let eval = evaluate_with_head(&Method::GET, &request, &ok, HttpDate::MAX, Policy::new());
/// let head = precondition_response(&eval, &ok).unwrap();
/// assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
/// ```
pub fn evaluate_with_head<'a>(
    method: &'a ::http::Method,
    headers: &'a HeaderMap,
    ok: &'a HeaderMap,
    now: HttpDate,
    policy: Policy,
) -> Evaluation<'a> {
    let current = Resource::Current(validators(ok, now));
    evaluate(Method::from(method), headers, current, now, policy)
}

/// The head of a 304 (Not Modified) response, from the headers of the 200
/// response it stands for: every line of `Cache-Control`,
/// `Content-Location`, `Date`, `ETag`, `Expires`, `Vary` and of fields that
/// are not representation metadata is kept; `Last-Modified` only without
/// `ETag`; `Content-Length`, `Content-Type`, `Content-Encoding`,
/// `Content-Language`, `Content-Range` and `Transfer-Encoding` are dropped
/// (see [`response`](crate::response)). Send it with no content.
///
/// RFC 9110 §15.4.5.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, StatusCode};
/// use http_conditional::http::not_modified;
///
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// ok.insert(header::CONTENT_LENGTH, HeaderValue::from_static("42"));
/// ok.append(header::VARY, HeaderValue::from_static("Accept"));
/// ok.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
///
/// let head = not_modified(&ok);
/// assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
/// assert_eq!(head.headers().get_all(header::VARY).iter().count(), 2);
/// assert!(head.headers().get(header::CONTENT_LENGTH).is_none());
/// ```
pub fn not_modified(ok_headers: &HeaderMap) -> Response<()> {
    let has_etag = ok_headers.contains_key(header::ETAG);
    let mut headers = HeaderMap::with_capacity(ok_headers.len());
    for (name, value) in ok_headers {
        if keep_in_304(name.as_str().as_bytes(), has_etag) {
            headers.append(name.clone(), value.clone());
        }
    }
    head(StatusCode::NOT_MODIFIED, headers)
}

/// The head of a 412 (Precondition Failed) response, carrying the current
/// `ETag` if the resource has one, so that the client can refetch.
///
/// RFC 9110 §15.5.13, §13.1.1.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use http_conditional::http::{evaluate_request, precondition_failed};
/// use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"v6\""));
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate_request(&Method::PUT, &headers, current, HttpDate::MAX, Policy::new());
/// let head = precondition_failed(&eval);
/// assert_eq!(head.status(), StatusCode::PRECONDITION_FAILED);
/// assert_eq!(head.headers()[header::ETAG], "\"v7\"");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn precondition_failed(eval: &Evaluation<'_>) -> Response<()> {
    let mut headers = HeaderMap::new();
    if let Some(etag) = eval.current_etag() {
        headers.insert(header::ETAG, HeaderValue::from(etag));
    }
    head(StatusCode::PRECONDITION_FAILED, headers)
}

/// The head of a 428 (Precondition Required) response. Its content should
/// say how to resubmit: with `If-Match` and the current entity-tag.
///
/// RFC 6585 §3.
///
/// # Examples
///
/// ```
/// use http_conditional::http::precondition_required;
/// assert_eq!(precondition_required().status().as_u16(), 428);
/// ```
pub fn precondition_required() -> Response<()> {
    head(StatusCode::PRECONDITION_REQUIRED, HeaderMap::new())
}

/// The head of the response the preconditions call for instead of
/// performing the method, or `None` when the decision is to proceed:
/// [`not_modified`] from `ok` (the headers of the 200 response it stands
/// for), [`precondition_failed`] or [`precondition_required`]. For a write,
/// [`write_precondition_response`] needs no `ok`.
///
/// Send it with no content (a 304 never has any), or with
/// [`with_hint`] as the content of a 412 or 428.
///
/// RFC 9110 §13.2.2, §15.4.5, §15.5.13; RFC 6585 §3.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::{evaluate_request, precondition_response};
/// use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
///
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let strict = Policy::new().require_precondition(true);
/// let none = HeaderMap::new();
///
/// let eval = evaluate_request(&Method::DELETE, &none, current, HttpDate::MAX, strict);
/// assert_eq!(precondition_response(&eval, &none).unwrap().status().as_u16(), 428);
///
/// let eval = evaluate_request(&Method::GET, &none, current, HttpDate::MAX, strict);
/// assert!(precondition_response(&eval, &none).is_none());
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn precondition_response(eval: &Evaluation<'_>, ok: &HeaderMap) -> Option<Response<()>> {
    match eval.decision() {
        Decision::Proceed | Decision::ProceedWithRange => None,
        Decision::NotModified => Some(not_modified(ok)),
        Decision::PreconditionFailed => Some(precondition_failed(eval)),
        Decision::PreconditionRequired => Some(precondition_required()),
    }
}

/// [`precondition_response`] for a method that never gets 304 (PUT,
/// PATCH, DELETE, POST): 412 or 428, or `None` to proceed. Should it be
/// given the evaluation of a GET or HEAD that decided 304, the 304 carries
/// the current `ETag`.
///
/// RFC 9110 §13.2.2, §15.5.13; RFC 6585 §3.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::{evaluate_request, write_precondition_response};
/// use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"v6\""));
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate_request(&Method::PUT, &headers, current, HttpDate::MAX, Policy::new());
/// let head = write_precondition_response(&eval).unwrap();
/// assert_eq!(head.status().as_u16(), 412);
/// assert_eq!(head.headers()[header::ETAG], "\"v7\"");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn write_precondition_response(eval: &Evaluation<'_>) -> Option<Response<()>> {
    let mut ok = HeaderMap::new();
    if eval.decision() == Decision::NotModified {
        if let Some(tag) = eval.current_etag() {
            ok.insert(header::ETAG, HeaderValue::from(tag));
        }
    }
    precondition_response(eval, &ok)
}

/// The explanation of an evaluation as a field value (for an
/// `X-Precondition` header, say): its header-safe ASCII form
/// ([`Evaluation::ascii`]), cut to at most `max_len` bytes (ending in
/// `...`) so that a hostile `If-None-Match` of thousands of tags cannot
/// make a response head huge.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::{evaluate_with_head, explanation_value};
/// use http_conditional::{HttpDate, Policy};
///
/// let mut request = HeaderMap::new();
/// request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"v7\""));
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// let eval = evaluate_with_head(&Method::GET, &request, &ok, HttpDate::MAX, Policy::new());
/// let value = explanation_value(&eval, 40);
/// assert_eq!(value, "304 Not Modified: If-None-Match membe...");
/// ```
pub fn explanation_value(eval: &Evaluation<'_>, max_len: usize) -> HeaderValue {
    let mut text = eval.ascii().to_string();
    if text.len() > max_len {
        // Printable ASCII: every byte boundary is a char boundary.
        text.truncate(max_len.saturating_sub(3));
        text.push_str("...");
        text.truncate(max_len);
    }
    checked_value(text.as_bytes())
}

/// The old name of [`precondition_response`], which read like "the answer
/// to a HEAD request".
#[deprecated(since = "0.1.0", note = "renamed to `precondition_response`")]
pub fn response_head(eval: &Evaluation<'_>, ok_headers: &HeaderMap) -> Option<Response<()>> {
    precondition_response(eval, ok_headers)
}

/// A 412 or 428 head with [`Evaluation::hint`] as its content
/// (`text/plain; charset=utf-8`, exact `Content-Length`): what went wrong
/// and which field to send next. Any other head (a 304) is returned with
/// empty content and no content fields.
///
/// RFC 6585 §3 (a 428 should explain how to resubmit); RFC 9110 §15.5.13.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::{evaluate_request, precondition_response, with_hint};
/// use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
///
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let strict = Policy::new().require_precondition(true);
/// let none = HeaderMap::new();
/// let eval = evaluate_request(&Method::PUT, &none, current, HttpDate::MAX, strict);
/// let response = with_hint(precondition_response(&eval, &none).unwrap(), &eval);
/// assert_eq!(response.status().as_u16(), 428);
/// assert!(response.body().starts_with("PUT must be conditional here"));
/// assert_eq!(response.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn with_hint(head: Response<()>, eval: &Evaluation<'_>) -> Response<String> {
    let (mut parts, ()) = head.into_parts();
    let body = match eval.hint() {
        Some(hint) if parts.status != StatusCode::NOT_MODIFIED => hint.to_string(),
        _ => String::new(),
    };
    if !body.is_empty() {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    Response::from_parts(parts, body)
}

fn head(status: StatusCode, headers: HeaderMap) -> Response<()> {
    let mut response = Response::new(());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

// The cache and client roles on `http` types (RFC 9111 §4.3, §3.2).
mod cache;
pub use cache::{answer_head, merge_not_modified, set_client_fields, set_validation_fields};
