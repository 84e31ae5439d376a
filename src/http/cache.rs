//! The cache and client roles on `http` types (feature `http`): stored
//! responses read from a `HeaderMap`, the validation request's and the
//! client's fields set on one, a 304 merged into a stored head (RFC 9111
//! §3.2), and the 304 a cache sends from a stored head.

extern crate alloc;

use ::http::header::{self, HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue};
use ::http::Response;

use crate::abnf::trim_ows;
use crate::cache::merge::{exclusion, Exclusion};
use crate::cache::{Action, Answer, FieldValue, Fields, NewResponse, Stored, ValidationRequest};
use crate::client::ConditionalRequest;
use crate::http::{header_name, not_modified};
use crate::{Field, HttpDate};

/// The one line of a single-valued field, or `None` when it is absent or on
/// several lines (not a valid single value, RFC 9110 §5.3).
fn single(headers: &HeaderMap, name: HeaderName) -> Option<&[u8]> {
    let mut lines = headers.get_all(name).iter();
    match (lines.next(), lines.next()) {
        (Some(one), None) => Some(one.as_bytes()),
        _ => None,
    }
}

impl<'a> Stored<'a> {
    /// The stored response whose header fields are `headers`, received at
    /// `received`: its `ETag`, `Last-Modified`, `Date` and `Content-Length`,
    /// each only if it is on exactly one line (RFC 9110 §5.3; several lines
    /// are not a valid single value, so they count as absent).
    ///
    /// ```
    /// use http::{header, HeaderMap, HeaderValue};
    /// use http_conditional::cache::Stored;
    /// use http_conditional::HttpDate;
    ///
    /// let mut head = HeaderMap::new();
    /// head.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
    /// head.insert(header::CONTENT_LENGTH, HeaderValue::from_static("42"));
    /// let stored = Stored::from_headers(&head, HttpDate::UNIX_EPOCH);
    /// assert_eq!(stored.etag().unwrap().opaque(), b"v7");
    /// assert_eq!(stored.content_length, Some(&b"42"[..]));
    /// ```
    pub fn from_headers(headers: &'a HeaderMap, received: HttpDate) -> Self {
        let mut stored = Stored::new(received);
        stored.etag = single(headers, header::ETAG);
        stored.last_modified = single(headers, header::LAST_MODIFIED);
        stored.date = single(headers, header::DATE);
        stored.content_length = single(headers, header::CONTENT_LENGTH);
        stored
    }
}

impl<'a> NewResponse<'a> {
    /// The validators (and `Content-Length`) of a response the cache just
    /// received (a 304, or a 200 to HEAD), each only if on exactly one
    /// line.
    ///
    /// ```
    /// use http::{header, HeaderMap, HeaderValue};
    /// use http_conditional::cache::NewResponse;
    ///
    /// let mut head = HeaderMap::new();
    /// head.append(header::ETAG, HeaderValue::from_static("\"a\""));
    /// head.append(header::ETAG, HeaderValue::from_static("\"b\""));
    /// assert!(NewResponse::from_headers(&head).etag.is_none());
    /// ```
    pub fn from_headers(headers: &'a HeaderMap) -> Self {
        let mut response = NewResponse::new();
        response.etag = single(headers, header::ETAG);
        response.last_modified = single(headers, header::LAST_MODIFIED);
        response.date = single(headers, header::DATE);
        response.content_length = single(headers, header::CONTENT_LENGTH);
        response
    }
}

/// The value as a header value (its exact bytes).
///
/// Every byte of a value the crate produces is allowed in a header value,
/// so this fails only if the `http` crate changes its rules.
///
/// ```
/// use http::HeaderValue;
/// use http_conditional::cache::FieldValue;
/// assert_eq!(HeaderValue::try_from(FieldValue::Any).unwrap(), "*");
/// ```
impl TryFrom<FieldValue<'_>> for HeaderValue {
    type Error = InvalidHeaderValue;

    fn try_from(value: FieldValue<'_>) -> Result<HeaderValue, InvalidHeaderValue> {
        let mut bytes = alloc::vec![0; value.encoded_len()];
        let encoded = value.encode_into(&mut bytes).unwrap_or_default();
        HeaderValue::from_bytes(encoded)
    }
}

/// The five precondition fields (RFC 9110 §13.1).
const PRECONDITIONS: [Field; 5] = [
    Field::IfMatch,
    Field::IfUnmodifiedSince,
    Field::IfNoneMatch,
    Field::IfModifiedSince,
    Field::IfRange,
];

/// Removes every precondition field, then appends `fields`.
fn replace_preconditions(fields: Fields<'_>, headers: &mut HeaderMap) {
    for field in PRECONDITIONS {
        headers.remove(header_name(field));
    }
    for (field, value) in fields {
        if let Ok(value) = HeaderValue::try_from(value) {
            headers.append(header_name(field), value);
        }
    }
}

/// Makes `headers` (a copy of the request being served, about to be sent
/// to the origin server) the validation request: removes the request's own
/// `If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since`
/// and `If-Range`, and sets the [`ValidationRequest`]'s fields (RFC 9111
/// §4.3.1; SPEC_NOTES.md "validation-own-tags"). `Range` and every other
/// field are left as they are.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue};
/// use http_conditional::cache::{validation_request, Stored};
/// use http_conditional::http::set_validation_fields;
/// use http_conditional::HttpDate;
///
/// let mut forwarded = HeaderMap::new();
/// forwarded.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"client-tag\""));
/// forwarded.insert(header::IF_MATCH, HeaderValue::from_static("\"x\""));
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"v7\"")];
/// let validation = validation_request(&forwarded, &stored, HttpDate::now());
/// set_validation_fields(&validation, &mut forwarded);
/// assert_eq!(forwarded[header::IF_NONE_MATCH], "\"v7\"");
/// assert!(!forwarded.contains_key(header::IF_MATCH));
/// ```
pub fn set_validation_fields(request: &ValidationRequest<'_>, headers: &mut HeaderMap) {
    replace_preconditions(request.fields(), headers);
}

/// Sets a client's conditional fields on its request's `headers`, after
/// removing any precondition fields already there (RFC 9110 §13.1).
///
/// ```
/// use http::{header, HeaderMap};
/// use http_conditional::cache::Stored;
/// use http_conditional::client::{request, Intent};
/// use http_conditional::http::set_client_fields;
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"v7\"")];
/// let write = request(Intent::Write, &stored, HttpDate::now())?;
/// let mut headers = HeaderMap::new();
/// set_client_fields(&write, &mut headers);
/// assert_eq!(headers[header::IF_MATCH], "\"v7\"");
/// # Ok::<(), http_conditional::client::ClientError>(())
/// ```
pub fn set_client_fields(request: &ConditionalRequest<'_>, headers: &mut HeaderMap) {
    replace_preconditions(request.fields(), headers);
}

/// Whether `not_modified`'s `Connection` field names `name` (RFC 9110
/// §7.6.1: a list of case-insensitive tokens, across lines).
fn named_by_connection(not_modified: &HeaderMap, name: &HeaderName) -> bool {
    not_modified
        .get_all(header::CONNECTION)
        .iter()
        .flat_map(|v| v.as_bytes().split(|&b| b == b','))
        .any(|option| trim_ows(option).eq_ignore_ascii_case(name.as_str().as_bytes()))
}

/// Why a field of `not_modified` is not merged, or `None` if it is.
fn excluded(not_modified: &HeaderMap, name: &HeaderName) -> Option<Exclusion> {
    exclusion(name.as_str().as_bytes())
        .or_else(|| named_by_connection(not_modified, name).then_some(Exclusion::NamedByConnection))
}

/// Merges the header fields of a 304 (or of a 200 to HEAD) into a stored
/// response's, as RFC 9111 §3.2 says (see [`Merge`](crate::cache::Merge)):
/// every field of the 304 replaces all stored lines of its name, all its
/// own lines kept (via `get_all`), in order; new fields are added; stored
/// fields the 304 lacks stay, every line. Never merged: `Content-Length`,
/// the hop-by-hop fields, the fields the 304's `Connection` names, and the
/// proxy-specific fields (RFC 9111 §3.1).
///
/// ```
/// use http::{header, HeaderMap, HeaderValue};
/// use http_conditional::http::merge_not_modified;
///
/// let mut stored = HeaderMap::new();
/// stored.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1024"));
/// stored.append(header::LINK, HeaderValue::from_static("</a.css>"));
/// stored.append(header::LINK, HeaderValue::from_static("</b.js>"));
/// stored.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=1"));
///
/// let mut not_modified = HeaderMap::new();
/// not_modified.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
/// not_modified.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=60"));
/// not_modified.insert("x-new", HeaderValue::from_static("1"));
///
/// merge_not_modified(&mut stored, &not_modified);
/// assert_eq!(stored[header::CONTENT_LENGTH], "1024");
/// assert_eq!(stored.get_all(header::LINK).iter().count(), 2);
/// assert_eq!(stored[header::CACHE_CONTROL], "max-age=60");
/// assert_eq!(stored["x-new"], "1");
/// ```
pub fn merge_not_modified(stored: &mut HeaderMap, not_modified: &HeaderMap) {
    for name in not_modified.keys() {
        if excluded(not_modified, name).is_some() {
            continue;
        }
        stored.remove(name);
        for value in not_modified.get_all(name) {
            stored.append(name.clone(), value.clone());
        }
    }
}

/// The head of the 304 a cache sends for an [`Answer`] of
/// [`Action::NotModified`], built from the stored response's header fields
/// as [`not_modified`] builds it (RFC 9110 §15.4.5); `None` for the other
/// actions, whose response carries the stored content.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::cache::{answer, Stored};
/// use http_conditional::http::answer_head;
/// use http_conditional::HttpDate;
///
/// let mut head = HeaderMap::new();
/// head.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// head.insert(header::CONTENT_LENGTH, HeaderValue::from_static("42"));
/// let stored = [Stored::from_headers(&head, HttpDate::UNIX_EPOCH)];
///
/// let mut request = HeaderMap::new();
/// request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"v7\""));
/// let answer = answer((&Method::GET).into(), &request, &stored, HttpDate::now())?;
/// let response = answer_head(&answer, &head).expect("304");
/// assert_eq!(response.status(), 304);
/// assert!(!response.headers().contains_key(header::CONTENT_LENGTH));
/// # Ok::<(), http_conditional::cache::AnswerError>(())
/// ```
pub fn answer_head(answer: &Answer<'_>, stored_head: &HeaderMap) -> Option<Response<()>> {
    match answer.action() {
        Action::NotModified => Some(not_modified(stored_head)),
        Action::Serve | Action::ServeRange => None,
    }
}
