//! The response body the layers hand on: the handler's body untouched, a
//! buffered copy of it, a body that was too large to buffer, or the empty
//! content of a response the layers built.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// The body of every response that leaves one of this crate's layers.
    ///
    /// Depending on what the layer did, it is:
    ///
    /// - the handler's body, untouched and not yet polled;
    /// - the handler's bytes, buffered to compute the entity-tag, with an
    ///   exact size;
    /// - a body that turned out larger than the cap: the bytes buffered so
    ///   far, then the rest of the handler's body as it streams;
    /// - no content: a 304 (Not Modified), whose size is left unknown on
    ///   purpose, so that no server or framework writes `Content-Length: 0`
    ///   for it (RFC 9110 §8.6: a 304 may only carry the 200's length);
    /// - a short text: the hint of a 412 or 428.
    ///
    /// Its data is [`Bytes`]; its error is the handler body's.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_body::Body as _;
    /// use http_body_util::Full;
    /// use http_conditional_tower::ResponseBody;
    ///
    /// let body = ResponseBody::new(Full::new(bytes::Bytes::from_static(b"hello")));
    /// assert_eq!(body.size_hint().exact(), Some(5));
    /// let nothing = ResponseBody::<Full<bytes::Bytes>>::no_content();
    /// assert!(nothing.is_end_stream());
    /// assert_eq!(nothing.size_hint().exact(), None);
    /// ```
    pub struct ResponseBody<B: Body> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B: Body> {
        Inner {
            #[pin]
            body: B,
        },
        Full {
            data: Option<Bytes>,
            trailers: Option<HeaderMap>,
        },
        Prefixed {
            front: Option<Bytes>,
            next: Option<Bytes>,
            body: Pin<Box<B>>,
        },
        Failed {
            front: Option<Bytes>,
            error: Option<B::Error>,
        },
        NoContent,
    }
}

impl<B: Body> ResponseBody<B> {
    /// The handler's body, passed on untouched.
    pub fn new(body: B) -> Self {
        ResponseBody {
            kind: Kind::Inner { body },
        }
    }

    /// No content, with an unknown size: the body of a 304, or of a HEAD
    /// response built by a layer (RFC 9110 §8.6, §15.4.5).
    pub fn no_content() -> Self {
        ResponseBody {
            kind: Kind::NoContent,
        }
    }

    /// Exactly these bytes (then these trailers, if any).
    pub(crate) fn full(data: Bytes, trailers: Option<HeaderMap>) -> Self {
        ResponseBody {
            kind: Kind::Full {
                data: (!data.is_empty()).then_some(data),
                trailers,
            },
        }
    }

    /// The bytes read so far, then the rest of `body`.
    pub(crate) fn prefixed(front: Bytes, next: Option<Bytes>, body: Pin<Box<B>>) -> Self {
        ResponseBody {
            kind: Kind::Prefixed {
                front: (!front.is_empty()).then_some(front),
                next,
                body,
            },
        }
    }

    /// The bytes read before `error`, then `error`.
    pub(crate) fn failed(front: Bytes, error: B::Error) -> Self {
        ResponseBody {
            kind: Kind::Failed {
                front: (!front.is_empty()).then_some(front),
                error: Some(error),
            },
        }
    }
}

fn to_bytes<D: Buf>(frame: Frame<D>) -> Frame<Bytes> {
    frame.map_data(|mut data| data.copy_to_bytes(data.remaining()))
}

impl<B: Body> Body for ResponseBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body
                .poll_frame(cx)
                .map(|frame| frame.map(|frame| frame.map(to_bytes))),
            KindProj::Full { data, trailers } => Poll::Ready(
                data.take()
                    .map(Frame::data)
                    .or_else(|| trailers.take().map(Frame::trailers))
                    .map(Ok),
            ),
            KindProj::Prefixed { front, next, body } => {
                if let Some(bytes) = front.take().or_else(|| next.take()) {
                    return Poll::Ready(Some(Ok(Frame::data(bytes))));
                }
                body.as_mut()
                    .poll_frame(cx)
                    .map(|frame| frame.map(|frame| frame.map(to_bytes)))
            }
            KindProj::Failed { front, error } => Poll::Ready(match front.take() {
                Some(bytes) => Some(Ok(Frame::data(bytes))),
                None => error.take().map(Err),
            }),
            KindProj::NoContent => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Full { data, trailers } => data.is_none() && trailers.is_none(),
            Kind::Prefixed { front, next, body } => {
                front.is_none() && next.is_none() && body.is_end_stream()
            }
            Kind::Failed { front, error } => front.is_none() && error.is_none(),
            Kind::NoContent => true,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Full { data, .. } => SizeHint::with_exact(data.as_ref().map_or(0, len)),
            Kind::Prefixed { front, next, body } => {
                let buffered = front.as_ref().map_or(0, len) + next.as_ref().map_or(0, len);
                let rest = body.size_hint();
                let mut hint = SizeHint::new();
                hint.set_lower(rest.lower().saturating_add(buffered));
                if let Some(upper) = rest.upper() {
                    hint.set_upper(upper.saturating_add(buffered));
                }
                hint
            }
            Kind::Failed { front, .. } => {
                let mut hint = SizeHint::new();
                hint.set_lower(front.as_ref().map_or(0, len));
                hint
            }
            // Unknown on purpose: an exact 0 makes axum write
            // `Content-Length: 0` on a 304 to HEAD (and hyper's HTTP/2 on
            // any 304), which RFC 9110 §8.6 forbids.
            Kind::NoContent => SizeHint::new(),
        }
    }
}

fn len(bytes: &Bytes) -> u64 {
    bytes.len() as u64
}

impl<B: Body> fmt::Debug for ResponseBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Full { .. } => "Full",
            Kind::Prefixed { .. } => "Prefixed",
            Kind::Failed { .. } => "Failed",
            Kind::NoContent => "NoContent",
        };
        f.debug_tuple("ResponseBody").field(&kind).finish()
    }
}

/// A body with no content and an unknown size: what a 304 (or a 412 or
/// 428 without a hint) built outside the layers should carry.
///
/// Its size is left unknown so that no framework derives a
/// `Content-Length: 0` from it: axum writes one for a body of exact size 0
/// on a HEAD response (and hyper's HTTP/2 on any response), and a 304 may
/// only carry the length of the 200 it stands for (RFC 9110 §8.6). It still
/// reports the end of the stream at once, so servers send nothing after the
/// head.
///
/// # Examples
///
/// ```
/// use http_body::Body as _;
/// use http_conditional_tower::NoContent;
/// assert!(NoContent.is_end_stream());
/// assert_eq!(NoContent.size_hint().exact(), None);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct NoContent;

impl Body for NoContent {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::new()
    }
}
