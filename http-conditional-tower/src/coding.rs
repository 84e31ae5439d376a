//! Conditional responses that survive a compressor: the layer that goes
//! outside it, and the one-call stack with the shallow layer inside.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http::header::{self, HeaderMap, HeaderValue};
use http::{Request, Response, StatusCode};
use http_body::Body;
use http_conditional::http::not_modified;
use http_conditional::EntityTag;
use pin_project_lite::pin_project;
use tower_layer::{Layer, Stack};
use tower_service::Service;

use crate::body::ResponseBody;
use crate::decide::revalidate;
use crate::eligible;
use crate::request::{is_read, Conditional};
use crate::shallow::{CodingWhenTagged, ShallowEtagLayer};

/// A [`Layer`] to put outside a compressor (tower-http's
/// `CompressionLayer`, or any layer that sets `Content-Encoding`), so that
/// conditional GETs stay correct whatever the compressor does:
///
/// - **weak tags for coded bytes**: a strong `ETag` set before the
///   compressor ran promises the identity bytes, not the gzip ones; it is
///   made weak (`W/"…"`, never `W/W/`) when `Content-Encoding` was added
///   after the tag was set (RFC 9110 §8.8.3.3, §8.8.1). The identity
///   response keeps its strong tag, with the same opaque-tag, so
///   `If-None-Match` (weak comparison) matches either.
/// - **304s decided on the final head**: a 200 to GET or HEAD with an `ETag`
///   or `Last-Modified` is evaluated here, after compression, so the 304
///   carries the tag and the `Vary` of the response it stands for, and its
///   compressed body is dropped without ever being polled.
/// - **no 304 with content**: a 304 coming from inside (a
///   [`PreconditionLayer`](crate::PreconditionLayer) behind the
///   compressor, say) loses any `Content-Encoding`, `Content-Length` and body
///   the compressor gave it, and keeps its `Vary` (RFC 9110 §15.4.5).
///
/// Other responses pass untouched. [`ShallowEtagLayer::compressed`] builds
/// the whole stack in one call.
///
/// # Examples
///
/// ```
/// use http_conditional_tower::{ContentCodingLayer, PreconditionLayer, Lookup};
/// use tower::ServiceBuilder;
/// use tower_http::compression::CompressionLayer;
///
/// # fn lookup(_: &http::request::Parts) -> std::future::Ready<Lookup> { std::future::ready(Lookup::Skip) }
/// let stack = ServiceBuilder::new()
///     .layer(ContentCodingLayer::new()) // outside: sees the compressed response
///     .layer(CompressionLayer::new())
///     .layer(PreconditionLayer::new(lookup)); // inside: sees the request first
/// # let _ = stack;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ContentCodingLayer {
    explain: bool,
}

impl ContentCodingLayer {
    /// The layer, without `X-Precondition`.
    pub const fn new() -> Self {
        ContentCodingLayer { explain: false }
    }

    /// Adds [`X_PRECONDITION`](crate::X_PRECONDITION) to the responses it
    /// evaluates.
    ///
    /// # Examples
    ///
    /// ```
    /// let layer = http_conditional_tower::ContentCodingLayer::new().explain(true);
    /// ```
    pub const fn explain(mut self, yes: bool) -> Self {
        self.explain = yes;
        self
    }
}

impl<S> Layer<S> for ContentCodingLayer {
    type Service = ContentCoding<S>;

    fn layer(&self, inner: S) -> ContentCoding<S> {
        ContentCoding {
            inner,
            explain: self.explain,
        }
    }
}

/// The stack [`ShallowEtagLayer::compressed`] builds: this crate's
/// [`ContentCodingLayer`] outside, the compressor `L`, then the shallow
/// layer, which tags the identity bytes and leaves the decision to the
/// outer layer.
pub type Compressed<L, D> = Stack<Stack<ShallowEtagLayer<D>, L>, ContentCodingLayer>;

impl<D> ShallowEtagLayer<D> {
    /// The shallow layer behind a compressor, in the only order that is
    /// correct: the tag is computed on the identity bytes (so it is the same
    /// whatever the client accepts), the compressor runs, then a
    /// [`ContentCodingLayer`] makes the tag weak if the bytes were coded
    /// and decides the 304 on the head that goes out: a 304 never has a
    /// compressed body, never carries `Content-Encoding`, and keeps the
    /// compressor's `Vary: accept-encoding`.
    ///
    /// The options of this layer (cap, weak, explain) apply.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use http_conditional_tower::ShallowEtagLayer;
    /// use tower_http::compression::CompressionLayer;
    ///
    /// let app: Router = Router::new().route(
    ///     "/report",
    ///     get(|| async { "a long, compressible report\n".repeat(100) })
    ///         .layer(ShallowEtagLayer::new().compressed(CompressionLayer::new())),
    /// );
    /// ```
    pub fn compressed<L>(self, compression: L) -> Compressed<L, D> {
        let explain = self.config().explain;
        Stack::new(
            Stack::new(self.stamp_only(), compression),
            ContentCodingLayer::new().explain(explain),
        )
    }
}

/// The service made by [`ContentCodingLayer`].
///
/// # Examples
///
/// ```
/// use http::{header, Request, Response};
/// use http_conditional_tower::ContentCodingLayer;
/// use tower::{service_fn, Layer, ServiceExt};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// // A handler that compresses on its own, after tagging.
/// let handler = service_fn(|_: Request<()>| async {
///     let mut response = Response::new(String::from("(gzip bytes)"));
///     response.headers_mut().insert(header::ETAG, "\"x\"".parse().unwrap());
///     response.headers_mut().insert(header::CONTENT_ENCODING, "gzip".parse().unwrap());
///     Ok::<_, std::convert::Infallible>(response)
/// });
/// let response = ContentCodingLayer::new().layer(handler).oneshot(Request::new(())).await.unwrap();
/// assert_eq!(response.headers()[header::ETAG], "W/\"x\"");
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct ContentCoding<S> {
    inner: S,
    explain: bool,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ContentCoding<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = ContentCodingFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let conditional = is_read(request.method())
            .then(|| Conditional::capture(request.method(), request.headers()));
        ContentCodingFuture {
            future: self.inner.call(request),
            conditional,
            explain: self.explain,
        }
    }
}

pin_project! {
    /// The response future of [`ContentCoding`].
    #[derive(Debug)]
    pub struct ContentCodingFuture<F> {
        #[pin]
        future: F,
        conditional: Option<Conditional>,
        explain: bool,
    }
}

impl<F, E, B> Future for ContentCodingFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Body,
{
    type Output = Result<Response<ResponseBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.future.poll(cx))?;
        let Some(conditional) = this.conditional.as_ref() else {
            return Poll::Ready(Ok(response.map(ResponseBody::new)));
        };
        if response.status() == StatusCode::NOT_MODIFIED {
            return Poll::Ready(Ok(clean_304(response)));
        }
        let has_validator = response.headers().contains_key(header::ETAG)
            || response.headers().contains_key(header::LAST_MODIFIED);
        if eligible::check(&response).is_err() || !has_validator {
            return Poll::Ready(Ok(response.map(ResponseBody::new)));
        }
        weaken_if_coded(&mut response);
        let response = response.map(ResponseBody::new);
        Poll::Ready(Ok(revalidate(conditional, response, *this.explain)))
    }
}

/// A 304 from inside, as the core would have built it from its own fields:
/// no content, no content metadata (RFC 9110 §15.4.5), the tag weak if a
/// compressor coded it.
fn clean_304<B: Body>(mut response: Response<B>) -> Response<ResponseBody<B>> {
    weaken_if_coded(&mut response);
    let (mut parts, _unpolled) = response.into_parts();
    parts.headers = not_modified(&parts.headers).into_parts().0.headers;
    Response::from_parts(parts, ResponseBody::no_content())
}

/// Makes a strong `ETag` weak if `Content-Encoding` was added after the tag
/// was set (RFC 9110 §8.8.3.3: the coded bytes are not the bytes the strong
/// tag promised). Without a record of when the tag was set, any
/// `Content-Encoding` counts as added after.
fn weaken_if_coded<B>(response: &mut Response<B>) {
    let coding = response.headers().get(header::CONTENT_ENCODING);
    let Some(coding) = coding else {
        return;
    };
    let unchanged = response
        .extensions()
        .get::<CodingWhenTagged>()
        .is_some_and(|tagged| tagged.0.as_ref() == Some(coding));
    if unchanged {
        return;
    }
    let headers: &mut HeaderMap = response.headers_mut();
    let weak = match single_tag(headers) {
        Some(tag) if !tag.is_weak() => HeaderValue::from(tag.to_weak()),
        _ => return,
    };
    headers.insert(header::ETAG, weak);
}

/// The `ETag` if it is one valid entity-tag on one line (CHOICES 1, 6).
fn single_tag(headers: &HeaderMap) -> Option<EntityTag<'_>> {
    let mut lines = headers.get_all(header::ETAG).iter();
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    EntityTag::parse(line.as_bytes()).ok()
}
