//! The strict case: capture the conditional fields, and let the handler
//! evaluate them inside its own lock or transaction.

use std::fmt;

use http::header::{HeaderMap, HeaderValue};
use http::{Method, Response, StatusCode};
use http_conditional::http::{
    evaluate_request, evaluate_with_head, precondition_response, with_hint,
    write_precondition_response,
};
use http_conditional::{Evaluation, HttpDate, Policy, Resource, Summary};

use crate::explain::{explanation, X_PRECONDITION};
use crate::request::Conditional;

/// The most bytes of conditional fields (names, values and a small
/// overhead per line) [`Preconditions`] keeps; a request with more gets
/// 431 (Request Header Fields Too Large, RFC 6585 §5).
pub const MAX_CONDITIONAL_BYTES: usize = 64 * 1024;

/// The request's method and conditional fields (`If-Match`,
/// `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since`, `If-Range`,
/// `Range`), copied out of the request and bounded in size, so that the
/// handler can evaluate them **where the lookup and the write are one
/// step**: inside the lock or the database transaction that also applies
/// the change.
///
/// That is what prevents a lost update (RFC 9110 §13.1.1). A check made
/// before the handler (a [`PreconditionLayer`](crate::PreconditionLayer),
/// any middleware) cannot: two PUTs carrying the same `If-Match` both pass
/// it before either writes, and the second silently overwrites the first.
///
/// With the `axum` feature it is an extractor; elsewhere, build it with
/// [`from_request`](Self::from_request).
///
/// # Examples
///
/// ```
/// use std::sync::Mutex;
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use http_conditional::generate::EtagBuf;
/// use http_conditional::{Resource, Validators};
/// use http_conditional_tower::Preconditions;
///
/// let store = Mutex::new((7u64, String::from("draft")));
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"v7\""));
/// let pre = Preconditions::from_request(&Method::PUT, &headers).unwrap();
///
/// // In the handler: check and write under one lock.
/// let mut doc = store.lock().unwrap();
/// let tag = EtagBuf::from_version(doc.0);
/// let current = Resource::Current(Validators::new().with_etag(tag.as_entity_tag()));
/// match pre.check(current) {
///     Ok(_summary) => *doc = (doc.0 + 1, String::from("final")),
///     Err(rejection) => panic!("{}", rejection.status()),
/// }
/// drop(doc);
///
/// // The same request again is stale: 412 with the current tag.
/// let doc = store.lock().unwrap();
/// let tag = EtagBuf::from_version(doc.0);
/// let current = Resource::Current(Validators::new().with_etag(tag.as_entity_tag()));
/// let rejection = pre.check(current).unwrap_err();
/// assert_eq!(rejection.status(), StatusCode::PRECONDITION_FAILED);
/// assert_eq!(rejection.head().headers()[header::ETAG], "\"v8\"");
/// ```
#[derive(Clone, Debug)]
pub struct Preconditions {
    conditional: Conditional,
}

/// The conditional fields of a request are larger than
/// [`MAX_CONDITIONAL_BYTES`]; answered with 431 (RFC 6585 §5).
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional_tower::Preconditions;
///
/// let mut headers = HeaderMap::new();
/// let huge = HeaderValue::try_from(format!("\"{}\"", "x".repeat(70_000))).unwrap();
/// headers.insert(header::IF_MATCH, huge);
/// let error = Preconditions::from_request(&Method::PUT, &headers).unwrap_err();
/// assert!(error.bytes() > 64 * 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldsTooLarge {
    bytes: usize,
}

impl FieldsTooLarge {
    /// How many bytes the conditional fields have (counted up to the first
    /// line past the limit).
    pub const fn bytes(&self) -> usize {
        self.bytes
    }
}

impl fmt::Display for FieldsTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the conditional header fields exceed {MAX_CONDITIONAL_BYTES} bytes (RFC 6585 section 5)"
        )
    }
}

impl std::error::Error for FieldsTooLarge {}

impl Preconditions {
    /// Copies the method and every line of the conditional fields, at most
    /// [`MAX_CONDITIONAL_BYTES`] of them (each line counts its name, its
    /// value and 4 bytes).
    ///
    /// # Errors
    ///
    /// [`FieldsTooLarge`] past the limit.
    pub fn from_request(method: &Method, headers: &HeaderMap) -> Result<Self, FieldsTooLarge> {
        let captured = Conditional::capture(method, headers);
        let mut bytes = 0usize;
        for (name, value) in &captured.fields {
            bytes = bytes.saturating_add(name.as_str().len() + value.len() + 4);
            if bytes > MAX_CONDITIONAL_BYTES {
                return Err(FieldsTooLarge { bytes });
            }
        }
        // Copy the values, so that they do not keep the request's buffer
        // alive.
        let mut fields = HeaderMap::with_capacity(captured.fields.len());
        for (name, value) in &captured.fields {
            if let Ok(copy) = HeaderValue::from_bytes(value.as_bytes()) {
                fields.append(name.clone(), copy);
            }
        }
        Ok(Preconditions {
            conditional: Conditional {
                method: captured.method,
                fields,
            },
        })
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.conditional.method
    }

    /// The captured fields, every line of each.
    pub fn headers(&self) -> &HeaderMap {
        &self.conditional.fields
    }

    /// The core's evaluation against `current` (RFC 9110 §13.2.2), for
    /// callers that want the [`Evaluation`] itself.
    pub fn evaluate<'a>(&'a self, current: Resource<'a>, policy: Policy) -> Evaluation<'a> {
        evaluate_request(
            &self.conditional.method,
            &self.conditional.fields,
            current,
            HttpDate::now(),
            policy,
        )
    }

    /// Go-ahead, or the response that replaces the method, under the strict
    /// policy: an unconditional PUT, PATCH or DELETE gets 428 (RFC 6585 §3).
    /// Use [`check_with`](Self::check_with) for another policy.
    ///
    /// # Errors
    ///
    /// A [`Rejection`]: 412 with the current `ETag`, 428, or (for a GET or
    /// HEAD) 304 with the current `ETag`.
    pub fn check(&self, current: Resource<'_>) -> Result<Summary, Rejection> {
        self.check_with(current, Policy::new().require_precondition(true))
    }

    /// [`check`](Self::check) under `policy`.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with the 304, 412 or 428.
    pub fn check_with(&self, current: Resource<'_>, policy: Policy) -> Result<Summary, Rejection> {
        let eval = self.evaluate(current, policy);
        let head = write_precondition_response(&eval);
        outcome(&eval, head)
    }

    /// For a read: go-ahead, or the 304 / 412 built from `ok`, the head of
    /// the 200 the handler would send (its `ETag`, `Last-Modified`,
    /// `Cache-Control`, `Vary`; RFC 9110 §15.4.5).
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with the 304 or 412.
    pub fn check_head(&self, ok: &HeaderMap, policy: Policy) -> Result<Summary, Rejection> {
        let eval = evaluate_with_head(
            &self.conditional.method,
            &self.conditional.fields,
            ok,
            HttpDate::now(),
            policy,
        );
        let head = precondition_response(&eval, ok);
        outcome(&eval, head)
    }
}

fn outcome(eval: &Evaluation<'_>, head: Option<Response<()>>) -> Result<Summary, Rejection> {
    match head {
        None => Ok(eval.summary()),
        Some(head) => {
            let explanation = explanation(eval);
            let (head, hint) = with_hint(head, eval).into_parts();
            Err(Rejection(Box::new(Rejected {
                head: Response::from_parts(head, ()),
                hint,
                summary: eval.summary(),
                explanation,
            })))
        }
    }
}

/// The 304, 412 or 428 a [`Preconditions`] check calls for, instead of
/// performing the method.
///
/// With the `axum` feature it is an `IntoResponse`: the core's head, the
/// hint as `text/plain` content for 412 and 428, and for a 304 no content
/// and no `Content-Length`. Or take it apart and build your own response.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use http_conditional::generate::EtagBuf;
/// use http_conditional::{Decision, Resource, Validators};
/// use http_conditional_tower::{Preconditions, X_PRECONDITION};
///
/// let pre = Preconditions::from_request(&Method::DELETE, &HeaderMap::new()).unwrap();
/// let tag = EtagBuf::from_version(3);
/// let rejection = pre
///     .check(Resource::Current(Validators::new().with_etag(tag.as_entity_tag())))
///     .unwrap_err()
///     .explained();
/// assert_eq!(rejection.status(), StatusCode::PRECONDITION_REQUIRED);
/// assert_eq!(rejection.summary().decision(), Decision::PreconditionRequired);
/// assert!(rejection.hint().starts_with("DELETE must be conditional"));
/// assert!(rejection.head().headers().contains_key(X_PRECONDITION));
/// ```
pub struct Rejection(Box<Rejected>);

/// What a [`Rejection`] holds, boxed so that `Result<Summary, Rejection>`
/// stays small on the go-ahead path.
struct Rejected {
    head: Response<()>,
    hint: String,
    summary: Summary,
    explanation: HeaderValue,
}

impl Rejection {
    /// 304, 412 or 428.
    pub fn status(&self) -> StatusCode {
        self.0.head.status()
    }

    /// The core's head: the status and its fields (the current `ETag` of a
    /// 412 or 304; for a 412 or 428 also the `Content-Type` and
    /// `Content-Length` of the hint).
    pub fn head(&self) -> &Response<()> {
        &self.0.head
    }

    /// The plain-text hint for a 412 or 428 (what went wrong, which field
    /// to send next); empty for a 304.
    pub fn hint(&self) -> &str {
        &self.0.hint
    }

    /// The decision and its explanation, owned.
    pub fn summary(&self) -> &Summary {
        &self.0.summary
    }

    /// Adds [`X_PRECONDITION`] with the explanation to the head.
    pub fn explained(mut self) -> Self {
        let value = self.0.explanation.clone();
        self.0.head.headers_mut().insert(X_PRECONDITION, value);
        self
    }

    /// The head (without the hint's content fields), the hint and the
    /// summary, to build a response of your own.
    pub fn into_parts(self) -> (Response<()>, String, Summary) {
        let Rejected {
            head,
            hint,
            summary,
            ..
        } = *self.0;
        let (mut parts, ()) = head.into_parts();
        parts.headers.remove(http::header::CONTENT_TYPE);
        parts.headers.remove(http::header::CONTENT_LENGTH);
        (Response::from_parts(parts, ()), hint, summary)
    }
}

impl fmt::Debug for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejection")
            .field("status", &self.0.head.status())
            .field("summary", &self.0.summary)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.summary.explanation())
    }
}
