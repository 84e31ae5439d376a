//! The shallow layer: after the handler, buffer a 200 to GET or HEAD, tag it
//! with a digest of its bytes, and let the core turn it into a 304.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Buf;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response};
use http_body::Body;
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::body::ResponseBody;
use crate::buffer::Collected;
use crate::decide::revalidate;
use crate::digest::{Blake3, BodyDigest};
use crate::eligible::{self, Skip};
use crate::explain::X_PRECONDITION;
use crate::request::{is_read, Conditional};

/// Options shared by a layer and its services.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Config {
    pub(crate) max_body: usize,
    pub(crate) weak: bool,
    pub(crate) explain: bool,
    /// Evaluate and answer 304 here; false when a layer outside a
    /// compressor does it (see [`ShallowEtagLayer::compressed`]).
    pub(crate) decide: bool,
}

/// The content-coding a response had when its entity-tag was set, kept in
/// its extensions so that a layer outside a compressor can tell whether the
/// bytes changed after tagging.
#[derive(Clone, Debug)]
pub(crate) struct CodingWhenTagged(pub(crate) Option<HeaderValue>);

/// A [`Layer`] that gives every 200 response to GET and HEAD a strong
/// `ETag` computed from its body, and answers `If-None-Match` /
/// `If-Modified-Since` with 304 (Not Modified) after the handler ran, as
/// Express, Rack's `ETag` middleware and Spring's `ShallowEtagHeaderFilter`
/// do. It saves bandwidth, not work: the handler always runs.
///
/// For a 200 to GET or HEAD:
///
/// - **no `ETag` from the handler**: the body is buffered up to the cap
///   (default 1 MiB, [`max_body`](Self::max_body)), hashed with
///   [`Blake3`] (or your [`BodyDigest`]), and tagged; strong by default,
///   weak with [`weak`](Self::weak). HEAD gets the tag of the content the
///   handler produced, which axum and most frameworks make the GET's; a
///   HEAD response without that content (an empty body and no
///   `Content-Length`, or a body that is not what its `Content-Length`
///   says) is passed on untagged and unevaluated, since its tag cannot be
///   known (set `Content-Length: 0` for a resource that is really empty).
/// - **an `ETag` from the handler**: used as it is, nothing buffered.
///
/// Then the core evaluates the request's preconditions against that head
/// (RFC 9110 §13.2.2): a 304 keeps the fields RFC 9110 §15.4.5 lists and
/// has no content (the handler's body is dropped without being polled); a
/// false `If-Match` gives 412 with the current `ETag`; otherwise the 200 goes
/// out with its exact length. A `Last-Modified` from the handler makes
/// `If-Modified-Since` work too.
///
/// Left alone, passed on untouched and unbuffered: other methods, other
/// statuses (a 404 stays a 404 whatever the preconditions, RFC 9110
/// §13.2.1), `Cache-Control: no-store`, responses with `Content-Range`,
/// `text/event-stream`, and bodies larger than the cap (their bytes stream
/// through unchanged with no `ETag`; at most the cap is held in memory). A
/// body that fails while buffered is sent as far as it got, then fails, as
/// it would have without the layer.
///
/// Behind a compressor, use [`compressed`](Self::compressed) instead, which
/// tags the identity bytes and decides outside the compressor.
///
/// # Examples
///
/// ```
/// use bytes::Bytes;
/// use http::{header, Request, Response, StatusCode};
/// use http_body_util::Full;
/// use http_conditional_tower::ShallowEtagLayer;
/// use tower::{service_fn, Layer, ServiceExt};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let handler = service_fn(|_req: Request<()>| async {
///     Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from("hello, world\n"))))
/// });
/// let service = ShallowEtagLayer::new().layer(handler);
///
/// let first = service.clone().oneshot(Request::new(())).await.unwrap();
/// let tag = first.headers()[header::ETAG].clone();
///
/// let again = Request::builder().header(header::IF_NONE_MATCH, tag).body(()).unwrap();
/// let second = service.oneshot(again).await.unwrap();
/// assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
/// # });
/// ```
pub struct ShallowEtagLayer<D = Blake3> {
    config: Config,
    digest: PhantomData<fn() -> D>,
}

impl ShallowEtagLayer<Blake3> {
    /// The default cap on a buffered body: 1 MiB.
    pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

    /// Strong tags from [`Blake3`], bodies buffered up to 1 MiB, no
    /// `X-Precondition`.
    pub const fn new() -> Self {
        ShallowEtagLayer {
            config: Config {
                max_body: Self::DEFAULT_MAX_BODY,
                weak: false,
                explain: false,
                decide: true,
            },
            digest: PhantomData,
        }
    }
}

impl Default for ShallowEtagLayer<Blake3> {
    fn default() -> Self {
        Self::new()
    }
}

impl<D> ShallowEtagLayer<D> {
    /// The most bytes of a body buffered to compute its tag; a larger body
    /// is sent as it streams, untagged. A body of exactly `bytes` is tagged.
    ///
    /// # Examples
    ///
    /// ```
    /// let layer = http_conditional_tower::ShallowEtagLayer::new().max_body(64 * 1024);
    /// ```
    pub const fn max_body(mut self, bytes: usize) -> Self {
        self.config.max_body = bytes;
        self
    }

    /// Weak tags (`W/"…"`) instead of strong ones: for bodies that may
    /// differ in bytes while meaning the same (an embedded timestamp, say).
    /// A weak tag never satisfies `If-Match` or `If-Range` (RFC 9110
    /// §8.8.3.2), but does `If-None-Match`.
    ///
    /// # Examples
    ///
    /// ```
    /// let layer = http_conditional_tower::ShallowEtagLayer::new().weak(true);
    /// ```
    pub const fn weak(mut self, yes: bool) -> Self {
        self.config.weak = yes;
        self
    }

    /// Adds [`X_PRECONDITION`](crate::X_PRECONDITION) to every response
    /// the layer handled: the core's explanation of the decision, or why
    /// the response was left alone.
    ///
    /// # Examples
    ///
    /// ```
    /// let layer = http_conditional_tower::ShallowEtagLayer::new().explain(true);
    /// ```
    pub const fn explain(mut self, yes: bool) -> Self {
        self.config.explain = yes;
        self
    }

    /// The same layer with another digest (see [`BodyDigest`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional_tower::{Blake3, ShallowEtagLayer};
    /// let layer: ShallowEtagLayer<Blake3> = ShallowEtagLayer::new().digest::<Blake3>();
    /// ```
    pub const fn digest<E: BodyDigest>(self) -> ShallowEtagLayer<E> {
        ShallowEtagLayer {
            config: self.config,
            digest: PhantomData,
        }
    }

    pub(crate) const fn config(&self) -> Config {
        self.config
    }

    pub(crate) const fn stamp_only(mut self) -> Self {
        self.config.decide = false;
        self
    }
}

impl<D> Clone for ShallowEtagLayer<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D> Copy for ShallowEtagLayer<D> {}

impl<D> fmt::Debug for ShallowEtagLayer<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShallowEtagLayer")
            .field("config", &self.config)
            .field("digest", &std::any::type_name::<D>())
            .finish()
    }
}

impl<S, D> Layer<S> for ShallowEtagLayer<D> {
    type Service = ShallowEtag<S, D>;

    fn layer(&self, inner: S) -> ShallowEtag<S, D> {
        ShallowEtag {
            inner,
            config: self.config,
            digest: PhantomData,
        }
    }
}

/// The service made by [`ShallowEtagLayer`].
///
/// # Examples
///
/// ```
/// use http::{Request, Response};
/// use http_conditional_tower::{ShallowEtag, ShallowEtagLayer};
/// use tower::{service_fn, Layer};
///
/// let handler = service_fn(|_: Request<()>| async {
///     Ok::<_, std::convert::Infallible>(Response::new(String::from("hi")))
/// });
/// let service: ShallowEtag<_> = ShallowEtagLayer::new().layer(handler);
/// # let _ = service;
/// ```
pub struct ShallowEtag<S, D = Blake3> {
    inner: S,
    config: Config,
    digest: PhantomData<fn() -> D>,
}

impl<S: Clone, D> Clone for ShallowEtag<S, D> {
    fn clone(&self) -> Self {
        ShallowEtag {
            inner: self.inner.clone(),
            config: self.config,
            digest: PhantomData,
        }
    }
}

impl<S: fmt::Debug, D> fmt::Debug for ShallowEtag<S, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShallowEtag")
            .field("inner", &self.inner)
            .field("config", &self.config)
            .finish()
    }
}

impl<S, D, ReqBody, ResBody> Service<Request<ReqBody>> for ShallowEtag<S, D>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body,
    D: BodyDigest,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = ShallowFuture<S::Future, ResBody, D>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let conditional = is_read(request.method())
            .then(|| Conditional::capture(request.method(), request.headers()));
        ShallowFuture {
            future: self.inner.call(request),
            phase: Phase::Waiting,
            conditional,
            config: self.config,
            digest: PhantomData,
        }
    }
}

pin_project! {
    /// The response future of [`ShallowEtag`].
    pub struct ShallowFuture<F, B: Body, D> {
        #[pin]
        future: F,
        phase: Phase<B>,
        conditional: Option<Conditional>,
        config: Config,
        digest: PhantomData<fn() -> D>,
    }
}

/// Where a [`ShallowFuture`] is: waiting for the handler's response,
/// reading its body, or finished.
// The buffering state is held inline: boxing it would cost an allocation
// per response for a future that is moved once, when it is pinned.
#[allow(clippy::large_enum_variant)]
enum Phase<B: Body> {
    Waiting,
    Buffering(Buffering<B>),
    Done,
}

/// A 200 whose body is being read to compute its tag.
struct Buffering<B: Body> {
    head: http::response::Parts,
    body: Pin<Box<B>>,
    collected: Collected,
    trailers: Option<HeaderMap>,
}

impl<F, B: Body, D> fmt::Debug for ShallowFuture<F, B, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match self.phase {
            Phase::Waiting => "waiting for the handler",
            Phase::Buffering(_) => "buffering the body",
            Phase::Done => "done",
        };
        f.debug_struct("ShallowFuture")
            .field("phase", &phase)
            .finish_non_exhaustive()
    }
}

impl<F, E, B, D> Future for ShallowFuture<F, B, D>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Body,
    D: BodyDigest,
{
    type Output = Result<Response<ResponseBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let config = *this.config;
        if let Phase::Waiting = this.phase {
            let response = ready!(this.future.poll(cx))?;
            *this.phase = Phase::Done;
            let Some(conditional) = this.conditional.as_ref() else {
                return Poll::Ready(Ok(pass(response, Skip::NotRead, config)));
            };
            if let Err(skip) = eligible::check(&response) {
                return Poll::Ready(Ok(pass(response, skip, config)));
            }
            if response.headers().contains_key(header::ETAG) {
                let response = mark_coding(response.map(ResponseBody::new));
                return Poll::Ready(Ok(decide(conditional, response, config)));
            }
            let (head, body) = response.into_parts();
            let hint = body.size_hint();
            if hint.lower() > config.max_body as u64 {
                let response = Response::from_parts(head, body);
                return Poll::Ready(Ok(pass(response, Skip::TooLarge, config)));
            }
            let expected = hint
                .upper()
                .and_then(|upper| usize::try_from(upper).ok())
                .unwrap_or(0);
            *this.phase = Phase::Buffering(Buffering {
                head,
                body: Box::pin(body),
                collected: Collected::new(config.max_body, expected),
                trailers: None,
            });
        }
        let Phase::Buffering(mut buffering) = std::mem::replace(this.phase, Phase::Done) else {
            // Polled again after it completed.
            return Poll::Pending;
        };
        loop {
            let frame = match buffering.body.as_mut().poll_frame(cx) {
                Poll::Ready(frame) => frame,
                Poll::Pending => {
                    *this.phase = Phase::Buffering(buffering);
                    return Poll::Pending;
                }
            };
            match frame {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(mut data) => {
                        let chunk = data.copy_to_bytes(data.remaining());
                        if let Err(chunk) = buffering.collected.push(chunk) {
                            let Buffering {
                                head,
                                body,
                                collected,
                                ..
                            } = buffering;
                            let body =
                                ResponseBody::prefixed(collected.into_bytes(), Some(chunk), body);
                            let response = Response::from_parts(head, body);
                            return Poll::Ready(Ok(skipped(response, Skip::TooLarge, config)));
                        }
                    }
                    Err(frame) => {
                        if let Ok(fields) = frame.into_trailers() {
                            buffering
                                .trailers
                                .get_or_insert_with(HeaderMap::new)
                                .extend(fields);
                        }
                    }
                },
                Some(Err(error)) => {
                    let body = ResponseBody::failed(buffering.collected.into_bytes(), error);
                    let response = Response::from_parts(buffering.head, body);
                    return Poll::Ready(Ok(skipped(response, Skip::BodyError, config)));
                }
                None => {
                    let response = match this.conditional.as_ref() {
                        Some(conditional) => tag::<D, B>(conditional, buffering, config),
                        // Only reads are buffered.
                        None => Response::from_parts(
                            buffering.head,
                            ResponseBody::full(
                                buffering.collected.into_bytes(),
                                buffering.trailers,
                            ),
                        ),
                    };
                    return Poll::Ready(Ok(response));
                }
            }
        }
    }
}

/// Sets the entity-tag of a fully buffered 200 and decides.
fn tag<D: BodyDigest, B: Body>(
    conditional: &Conditional,
    buffering: Buffering<B>,
    config: Config,
) -> Response<ResponseBody<B>> {
    let Buffering {
        mut head,
        collected,
        trailers,
        ..
    } = buffering;
    let data = collected.into_bytes();
    // RFC 9110 §9.3.2: HEAD is tagged as GET would be, from the same
    // content; without it (none, and no Content-Length to say it is empty,
    // or not what Content-Length says) the tag cannot be known.
    if conditional.method == Method::HEAD
        && match eligible::content_length(&head.headers) {
            Some(length) => length != data.len() as u64,
            None => data.is_empty(),
        }
    {
        let response = Response::from_parts(head, ResponseBody::full(data, trailers));
        return skipped(response, Skip::HeadWithoutContent, config);
    }
    let mut digest = D::new();
    digest.update(&data);
    let mut etag = digest.finish();
    if config.weak {
        etag = etag.to_weak();
    }
    head.headers.insert(header::ETAG, HeaderValue::from(&etag));
    let response = mark_coding(Response::from_parts(
        head,
        ResponseBody::full(data, trailers),
    ));
    decide(conditional, response, config)
}

/// Records the content-coding the response has now that its tag is set.
fn mark_coding<B>(mut response: Response<B>) -> Response<B> {
    let coding = response.headers().get(header::CONTENT_ENCODING).cloned();
    response.extensions_mut().insert(CodingWhenTagged(coding));
    response
}

/// Evaluates here, or leaves it to the layer outside the compressor.
fn decide<B: Body>(
    conditional: &Conditional,
    response: Response<ResponseBody<B>>,
    config: Config,
) -> Response<ResponseBody<B>> {
    if config.decide {
        revalidate(conditional, response, config.explain)
    } else {
        response
    }
}

/// The handler's response, untouched but for the explanation.
fn pass<B: Body>(response: Response<B>, skip: Skip, config: Config) -> Response<ResponseBody<B>> {
    skipped(response.map(ResponseBody::new), skip, config)
}

/// Adds why the response was left alone, if asked to.
fn skipped<B>(mut response: Response<B>, skip: Skip, config: Config) -> Response<B> {
    if config.explain {
        response
            .headers_mut()
            .insert(X_PRECONDITION, HeaderValue::from_static(skip.explanation()));
    }
    response
}
