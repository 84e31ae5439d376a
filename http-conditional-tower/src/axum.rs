//! axum integration (feature `axum`): the [`Preconditions`] extractor, and
//! `IntoResponse` for the responses this crate and the core build.

use axum_core::body::Body;
use axum_core::extract::FromRequestParts;
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::request::Parts;
use http::StatusCode;

use crate::body::NoContent;
use crate::strict::{FieldsTooLarge, Preconditions, Rejection};

/// Extracts the method and conditional fields; rejects with 431 past
/// [`MAX_CONDITIONAL_BYTES`](crate::MAX_CONDITIONAL_BYTES).
///
/// ```
/// use axum::{extract::State, routing::put, Router};
/// use http::StatusCode;
/// use http_conditional::generate::EtagBuf;
/// use http_conditional::{Resource, Validators};
/// use http_conditional_tower::{Preconditions, Rejection};
/// use std::sync::{Arc, Mutex};
///
/// async fn save(
///     State(version): State<Arc<Mutex<u64>>>,
///     pre: Preconditions,
///     body: String,
/// ) -> Result<StatusCode, Rejection> {
///     let mut version = version.lock().unwrap();
///     let tag = EtagBuf::from_version(*version);
///     pre.check(Resource::Current(Validators::new().with_etag(tag.as_entity_tag())))?;
///     *version += 1; // the write, under the same lock as the check
///     # let _ = body;
///     Ok(StatusCode::NO_CONTENT)
/// }
///
/// let app: Router = Router::new().route("/doc", put(save)).with_state(Arc::new(Mutex::new(1)));
/// ```
impl<S: Send + Sync> FromRequestParts<S> for Preconditions {
    type Rejection = FieldsTooLarge;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, FieldsTooLarge> {
        Preconditions::from_request(&parts.method, &parts.headers)
    }
}

/// 431 (Request Header Fields Too Large, RFC 6585 §5), with a plain-text
/// reason.
impl IntoResponse for FieldsTooLarge {
    fn into_response(self) -> Response {
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("{self}\n"),
        )
            .into_response()
    }
}

/// The core's head, with the hint as `text/plain` content for a 412 or
/// 428; a 304 has no content and no `Content-Length`.
impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let not_modified = self.status() == StatusCode::NOT_MODIFIED;
        let (head, hint, _summary) = self.into_parts();
        let (mut parts, ()) = head.into_parts();
        if not_modified || hint.is_empty() {
            return Response::from_parts(parts, Body::new(NoContent));
        }
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Response::from_parts(parts, Body::from(Bytes::from(hint)))
    }
}

/// A 304, 412 or 428 head built by the core
/// ([`precondition_response`](http_conditional::http::precondition_response),
/// [`not_modified`](http_conditional::http::not_modified), …) as an axum
/// response with no content.
///
/// Use it instead of `head.map(|()| Body::empty())`: an empty axum body has
/// an exact size of 0, from which axum writes `Content-Length: 0` on the
/// answer to a HEAD request (and hyper's HTTP/2 on any request), and a 304
/// may only carry the length of the 200 it stands for (RFC 9110 §8.6).
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// use http::{header, HeaderMap, HeaderValue};
/// use http_body::Body as _;
/// use http_conditional::http::not_modified;
/// use http_conditional_tower::Head;
///
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// let response = Head(not_modified(&ok)).into_response();
/// assert_eq!(response.status(), 304);
/// assert_eq!(response.body().size_hint().exact(), None);
/// ```
#[derive(Debug)]
pub struct Head(pub http::Response<()>);

impl IntoResponse for Head {
    fn into_response(self) -> Response {
        self.0.map(|()| Body::new(NoContent))
    }
}

impl Head {
    /// The head as an axum response, with the evaluation's
    /// [`hint`](http_conditional::Evaluation::hint) as `text/plain` content
    /// for a 412 or 428 (what went wrong, which field to send next; RFC
    /// 6585 §3); a 304 stays without content, as [`IntoResponse`] makes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::{HeaderMap, Method};
    /// use http_conditional::http::{evaluate_request, write_precondition_response};
    /// use http_conditional::{EntityTag, HttpDate, Policy, Resource, Validators};
    /// use http_conditional_tower::Head;
    ///
    /// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
    /// let strict = Policy::new().require_precondition(true);
    /// let blind = HeaderMap::new();
    /// let eval = evaluate_request(&Method::PUT, &blind, current, HttpDate::MAX, strict);
    /// let response = Head(write_precondition_response(&eval).unwrap()).with_hint(&eval);
    /// assert_eq!(response.status(), 428);
    /// assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
    /// # Ok::<(), http_conditional::ParseError>(())
    /// ```
    pub fn with_hint(self, eval: &http_conditional::Evaluation<'_>) -> Response {
        match eval.hint() {
            Some(hint) if self.0.status() != StatusCode::NOT_MODIFIED => {
                let (mut parts, ()) = self.0.into_parts();
                parts.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                Response::from_parts(parts, Body::from(hint.to_string()))
            }
            _ => self.into_response(),
        }
    }
}
