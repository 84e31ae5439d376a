//! The opt-in `X-Precondition` response header: the core's one-line
//! explanation of the decision, in printable ASCII.

use http::header::{HeaderName, HeaderValue};
use http_conditional::{Evaluation, Summary};

/// `X-Precondition`, the debugging header that carries the explanation of a
/// precondition decision (never sent unless a layer is told to, see
/// [`ShallowEtagLayer::explain`](crate::ShallowEtagLayer::explain)).
///
/// # Examples
///
/// ```
/// assert_eq!(http_conditional_tower::X_PRECONDITION, "x-precondition");
/// ```
pub const X_PRECONDITION: HeaderName = HeaderName::from_static("x-precondition");

/// The longest `X-Precondition` value sent, in bytes; a longer explanation
/// (an `If-None-Match` of two thousand tags, say) is cut and ends in `...`.
pub const MAX_EXPLANATION: usize = 512;

/// The `X-Precondition` value for an evaluation: its explanation in
/// header-safe ASCII ([`Evaluation::ascii`]), at most [`MAX_EXPLANATION`]
/// bytes.
///
/// # Examples
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use http_conditional::http::evaluate_with_head;
/// use http_conditional::{HttpDate, Policy};
/// use http_conditional_tower::explanation;
///
/// let mut request = HeaderMap::new();
/// request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"v7\""));
/// let mut ok = HeaderMap::new();
/// ok.insert(header::ETAG, HeaderValue::from_static("\"v7\""));
/// let eval = evaluate_with_head(&Method::GET, &request, &ok, HttpDate::MAX, Policy::new());
/// assert!(explanation(&eval).to_str()?.starts_with("304 Not Modified: If-None-Match"));
/// # Ok::<(), http::header::ToStrError>(())
/// ```
pub fn explanation(eval: &Evaluation<'_>) -> HeaderValue {
    http_conditional::http::explanation_value(eval, MAX_EXPLANATION)
}

/// The `X-Precondition` value for an owned [`Summary`], as
/// [`explanation`] makes it for the evaluation.
///
/// # Examples
///
/// ```
/// use http_conditional::{evaluate, EntityTag, HttpDate, Method, Policy, Resource, Validators};
/// use http_conditional_tower::summary_explanation;
///
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let headers = [("If-Match", "\"v6\"")];
/// let summary = evaluate(Method::PUT, &headers, current, HttpDate::MAX, Policy::new()).summary();
/// let value = summary_explanation(&summary);
/// assert!(value.to_str().unwrap().contains("RFC 9110 section 13.1.1"));
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn summary_explanation(summary: &Summary) -> HeaderValue {
    ascii_value(summary.explanation_ascii())
}

/// A field value from printable ASCII, cut at [`MAX_EXPLANATION`] bytes.
pub(crate) fn ascii_value(mut text: String) -> HeaderValue {
    if text.len() > MAX_EXPLANATION {
        // ASCII: every byte boundary is a char boundary.
        text.truncate(MAX_EXPLANATION - 3);
        text.push_str("...");
    }
    // The core writes printable ASCII only, so this never falls back.
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static("(unprintable)"))
}
