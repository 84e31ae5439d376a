//! Which responses the after-the-handler layers may tag and revalidate, and
//! why they leave the others alone.

use http::header::{self, HeaderMap};
use http::{Response, StatusCode};

/// Why a response is passed on untouched, without an entity-tag or a
/// precondition evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Skip {
    /// The method is not GET or HEAD: the layer tags reads only.
    NotRead,
    /// Not 200: preconditions only turn a 2xx into 304 or 412, and a 404
    /// (or any error) stays what it is (RFC 9110 §13.2.1); a 206 or other
    /// 2xx is the handler's business.
    Status,
    /// `Cache-Control: no-store`: nothing may keep the response, so there is
    /// nothing to revalidate (RFC 9111 §5.2.2.5).
    NoStore,
    /// `Content-Range`: a part of the representation, whose tag the handler
    /// must have set (RFC 9110 §14.4, §15.3.7).
    Partial,
    /// `text/event-stream`: a stream that never ends and must not wait for a
    /// buffer.
    EventStream,
    /// The body is larger than the buffering cap.
    TooLarge,
    /// The body failed while it was being buffered.
    BodyError,
    /// A HEAD response without the GET's content: an empty body and no
    /// `Content-Length`, or a body that is not what its `Content-Length`
    /// says (shorter, when the handler left the content out). Its tag
    /// cannot be known.
    HeadWithoutContent,
}

impl Skip {
    /// The value of `X-Precondition` for a skipped response: printable
    /// ASCII.
    pub(crate) const fn explanation(self) -> &'static str {
        match self {
            Skip::NotRead => "not evaluated: only GET and HEAD responses are tagged after the handler",
            Skip::Status => "not evaluated: only a 200 response is revalidated; any other status stands (RFC 9110 section 13.2.1)",
            Skip::NoStore => "not evaluated: Cache-Control no-store, nothing can be revalidated (RFC 9111 section 5.2.2.5)",
            Skip::Partial => "not evaluated: a response with Content-Range is the handler's own (RFC 9110 section 14.4)",
            Skip::EventStream => "not evaluated: text/event-stream is streamed, never buffered",
            Skip::TooLarge => "not evaluated: the body is larger than the buffering cap, sent as it streams without an ETag",
            Skip::BodyError => "not evaluated: the body failed while it was buffered",
            Skip::HeadWithoutContent => "not evaluated: the HEAD response has no content to hash, so its tag is unknown",
        }
    }
}

/// `Ok` if a 200 response to GET or HEAD may be tagged and revalidated,
/// or why not.
pub(crate) fn check<B>(response: &Response<B>) -> Result<(), Skip> {
    if response.status() != StatusCode::OK {
        return Err(Skip::Status);
    }
    let headers = response.headers();
    if has_no_store(headers) {
        return Err(Skip::NoStore);
    }
    if headers.contains_key(header::CONTENT_RANGE) {
        return Err(Skip::Partial);
    }
    if is_event_stream(headers) {
        return Err(Skip::EventStream);
    }
    Ok(())
}

/// Whether any `Cache-Control` line has the `no-store` directive
/// (directive names are case-insensitive, RFC 9111 §5.2).
fn has_no_store(headers: &HeaderMap) -> bool {
    headers.get_all(header::CACHE_CONTROL).iter().any(|line| {
        line.as_bytes().split(|&b| b == b',').any(|directive| {
            let name = directive.split(|&b| b == b'=').next().unwrap_or_default();
            name.trim_ascii().eq_ignore_ascii_case(b"no-store")
        })
    })
}

/// Whether the media type is `text/event-stream` (case-insensitive,
/// parameters ignored, RFC 9110 §8.3.1).
fn is_event_stream(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).is_some_and(|value| {
        let media = value
            .as_bytes()
            .split(|&b| b == b';')
            .next()
            .unwrap_or_default();
        media
            .trim_ascii()
            .eq_ignore_ascii_case(b"text/event-stream")
    })
}

/// The value of `Content-Length`, if it is one valid number.
pub(crate) fn content_length(headers: &HeaderMap) -> Option<u64> {
    let mut lines = headers.get_all(header::CONTENT_LENGTH).iter();
    let value = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    std::str::from_utf8(value.as_bytes())
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    // RFC 9111 §5.2: directive names are case-insensitive, in any position
    #[test]
    fn no_store_is_found_in_any_line_and_case() {
        let mut headers = HeaderMap::new();
        headers.append(header::CACHE_CONTROL, HeaderValue::from_static("max-age=5"));
        assert!(!has_no_store(&headers));
        headers.append(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, No-Store"),
        );
        assert!(has_no_store(&headers));
        let mut other = HeaderMap::new();
        other.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store-please"),
        );
        assert!(!has_no_store(&other));
    }

    // RFC 9110 §8.3.1: type and subtype are case-insensitive
    #[test]
    fn event_stream_is_recognised_with_parameters() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Text/Event-Stream; charset=utf-8"),
        );
        assert!(is_event_stream(&headers));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_event_stream(&headers));
    }
}
