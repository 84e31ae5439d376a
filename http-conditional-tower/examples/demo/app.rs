//! The demo's routes (see `main.rs` for the contract); the orders API is in
//! `orders.rs`. Also compiled into `tests/demo.rs`, which serves it on
//! loopback.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body::{Frame, SizeHint};
use http_conditional::http::evaluate_request;
use http_conditional::{Decision, HttpDate, Policy, Resource, Validators};
use http_conditional_tower::{Blake3, BodyDigest, ShallowEtagLayer};
use tower_http::compression::CompressionLayer;

/// The body of `/hello` and `/hello-weak`.
pub const HELLO: &str = "hello, world\n";
/// The `Last-Modified` of `/dated`.
pub const DATED_LAST_MODIFIED: &str = "Sat, 29 Oct 1994 19:43:31 GMT";
/// The size of `/big`, and of each of its chunks.
pub const BIG_LEN: usize = 2 * 1024 * 1024;
pub const BIG_CHUNK: usize = 64 * 1024;
/// The pause between the two events of `/events`.
pub const EVENT_PAUSE: Duration = Duration::from_millis(300);
/// The size of `/range`.
pub const RANGE_LEN: usize = 100;

/// The whole demo app.
pub fn router() -> Router {
    let shallow = ShallowEtagLayer::new().explain(true);
    Router::new()
        .route("/hello", get(hello).layer(shallow))
        .route("/hello-weak", get(hello).layer(shallow.weak(true)))
        .route("/dated", get(dated).layer(shallow))
        .route("/tagged", get(tagged).layer(shallow))
        .route("/missing", get(missing).layer(shallow))
        .route("/big", get(big).layer(shallow))
        .route("/events", get(events).layer(shallow))
        .route(
            "/gz",
            get(gz).layer(shallow.compressed(CompressionLayer::new())),
        )
        .route("/range", get(range).layer(shallow))
        .route("/echo", post(echo).layer(shallow))
        .merge(crate::orders::router(crate::orders::App::seeded()))
}

fn text(body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    response
}

async fn hello() -> Response {
    let mut response = text(HELLO);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn dated() -> Response {
    let mut response = text("dated\n");
    response.headers_mut().insert(
        header::LAST_MODIFIED,
        HeaderValue::from_static(DATED_LAST_MODIFIED),
    );
    response
}

async fn tagged() -> Response {
    let mut response = text("tagged\n");
    response
        .headers_mut()
        .insert(header::ETAG, HeaderValue::from_static("\"t1\""));
    response
}

async fn missing() -> Response {
    let mut response = text("not found\n");
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// 2 MiB of `x` in 64 KiB chunks, with no announced length.
struct Big {
    left: usize,
}

impl http_body::Body for Big {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let n = self.left.min(BIG_CHUNK);
        self.left -= n;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b'x'; n])))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::new()
    }
}

async fn big() -> Response {
    text(Body::new(Big { left: BIG_LEN }))
}

/// `data: 1`, a pause, `data: 2`.
struct Events {
    sent: u8,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl http_body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.sent {
            0 => {
                self.sent = 1;
                self.pause = Some(Box::pin(tokio::time::sleep(EVENT_PAUSE)));
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"data: 1\n\n")))))
            }
            1 => {
                if let Some(pause) = self.pause.as_mut() {
                    std::task::ready!(pause.as_mut().poll(cx));
                }
                self.sent = 2;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"data: 2\n\n")))))
            }
            _ => Poll::Ready(None),
        }
    }
}

async fn events() -> Response {
    let mut response = Response::new(Body::new(Events {
        sent: 0,
        pause: None,
    }));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    response
}

/// 4 KiB of text that compresses well.
pub fn gz_body() -> String {
    let line = "conditional requests and compression, done right\n";
    line.repeat(4096 / line.len() + 1)[..4096].to_owned()
}

async fn gz() -> Response {
    text(gz_body())
}

/// The 100 bytes of `/range`.
pub fn range_body() -> Vec<u8> {
    (0..RANGE_LEN).map(|i| b'a' + (i % 26) as u8).collect()
}

/// `bytes=a-b` within the body, or `None`.
fn parse_range(value: &HeaderValue, len: usize) -> Option<(usize, usize)> {
    let spec = value.to_str().ok()?.strip_prefix("bytes=")?;
    let (first, last) = spec.split_once('-')?;
    let first: usize = first.trim().parse().ok()?;
    let last: usize = last.trim().parse().ok()?;
    (first <= last && first < len).then(|| (first, last.min(len - 1)))
}

/// Honours `Range: bytes=a-b` itself; `If-Range` is evaluated by the core
/// against the same tag the shallow layer would compute (RFC 9110 §13.1.5),
/// so a stale resumed download gets the whole body, not a 206.
async fn range(method: Method, headers: HeaderMap) -> Response {
    let body = range_body();
    let tag = Blake3::tag(&body);
    let current = Resource::Current(Validators::new().with_etag(tag.as_entity_tag()));
    let eval = evaluate_request(&method, &headers, current, HttpDate::now(), Policy::new());
    let wanted = match eval.decision() {
        Decision::ProceedWithRange => headers
            .get(header::RANGE)
            .and_then(|value| parse_range(value, body.len())),
        _ => None,
    };
    let mut response = match wanted {
        Some((first, last)) => {
            let mut response = text(body[first..=last].to_vec());
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let range = format!("bytes {first}-{last}/{}", body.len());
            if let Ok(value) = HeaderValue::try_from(range) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            response
        }
        None => text(body),
    };
    // RFC 9110 §15.3.7: a 206 carries the ETag the 200 would.
    response
        .headers_mut()
        .insert(header::ETAG, HeaderValue::from(&tag));
    response
        .headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    response
}

/// Streams the request body back, whatever its size.
async fn echo(body: Body) -> impl IntoResponse {
    body
}
