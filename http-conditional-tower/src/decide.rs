//! The one place where a layer asks the core what to do with a response it
//! is about to send, and builds the 304 / 412 that replaces it.

use bytes::Bytes;
use http::{Response, StatusCode};
use http_body::Body;
use http_conditional::http::{evaluate_with_head, precondition_response, with_hint};
use http_conditional::{HttpDate, Policy};

use crate::body::ResponseBody;
use crate::explain::{explanation, X_PRECONDITION};
use crate::request::Conditional;

/// Evaluates the request's preconditions against the head of `response`
/// (the 200 the handler produced, with the entity-tag it will carry) and
/// returns either that response or the 304 / 412 that replaces it.
///
/// The head of a 304 is the core's: the 200's fields filtered by RFC 9110
/// §15.4.5, and no content. A 412 carries the current `ETag` and the core's
/// hint as `text/plain`. Either way the handler's body is dropped without
/// being polled.
pub(crate) fn revalidate<B: Body>(
    request: &Conditional,
    response: Response<ResponseBody<B>>,
    explain: bool,
) -> Response<ResponseBody<B>> {
    let eval = evaluate_with_head(
        &request.method,
        &request.fields,
        response.headers(),
        HttpDate::now(),
        Policy::new(),
    );
    let note = explain.then(|| explanation(&eval));
    let early = precondition_response(&eval, response.headers()).map(|head| with_hint(head, &eval));
    let mut response = match early {
        None => response,
        Some(head) => {
            let (mut parts, hint) = head.into_parts();
            parts.extensions = response.into_parts().0.extensions;
            let body = if parts.status == StatusCode::NOT_MODIFIED || hint.is_empty() {
                ResponseBody::no_content()
            } else {
                ResponseBody::full(Bytes::from(hint), None)
            };
            Response::from_parts(parts, body)
        }
    };
    if let Some(note) = note {
        response.headers_mut().insert(X_PRECONDITION, note);
    }
    response
}
