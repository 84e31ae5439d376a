//! The layers as tower services: what they do with each kind of response,
//! chunking, the cap, errors, unpolled bodies; and their 304s on the wire
//! under plain hyper.

mod common;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use http_conditional::generate::{DigestEncoding, EtagBuf};
use http_conditional::{Decision, Summary};
use http_conditional_tower::{
    Blake3, BodyDigest, ContentCodingLayer, Lookup, PreconditionLayer, ShallowEtagLayer,
    X_PRECONDITION,
};
use tower::{service_fn, Layer, Service, ServiceExt};

/// A body that yields the given chunks (then an error, if asked), counting
/// how often it is polled.
struct Chunks {
    chunks: VecDeque<Bytes>,
    fail_at_end: bool,
    exact: bool,
    polls: Arc<AtomicUsize>,
}

#[derive(Debug)]
struct Broken;

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the handler failed mid-stream")
    }
}

impl std::error::Error for Broken {}

impl Chunks {
    fn new(chunks: &[&[u8]]) -> Chunks {
        Chunks {
            chunks: chunks.iter().map(|c| Bytes::copy_from_slice(c)).collect(),
            fail_at_end: false,
            exact: false,
            polls: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn exact(mut self) -> Chunks {
        self.exact = true;
        self
    }

    fn failing(mut self) -> Chunks {
        self.fail_at_end = true;
        self
    }
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = Broken;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Broken>>> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        match self.chunks.pop_front() {
            Some(chunk) => Poll::Ready(Some(Ok(Frame::data(chunk)))),
            None if self.fail_at_end => {
                self.fail_at_end = false;
                Poll::Ready(Some(Err(Broken)))
            }
            None => Poll::Ready(None),
        }
    }

    fn size_hint(&self) -> SizeHint {
        if self.exact {
            SizeHint::with_exact(self.chunks.iter().map(|c| c.len() as u64).sum())
        } else {
            SizeHint::new()
        }
    }
}

/// Builds a handler's response.
type MakeResponse = fn() -> Response<Chunks>;

/// A handler that answers every request with a fresh `make()`.
fn handler<F>(
    make: F,
) -> impl Service<Request<()>, Response = Response<Chunks>, Error = Infallible> + Clone
where
    F: Fn() -> Response<Chunks> + Clone + Send + 'static,
{
    service_fn(move |_req: Request<()>| {
        let response = make();
        async move { Ok::<_, Infallible>(response) }
    })
}

fn ok(chunks: &[&[u8]]) -> Response<Chunks> {
    Response::new(Chunks::new(chunks))
}

fn get(headers: &[(&str, &str)]) -> Request<()> {
    request(Method::GET, headers)
}

fn request(method: Method, headers: &[(&str, &str)]) -> Request<()> {
    let mut builder = Request::builder().method(method).uri("/");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(()).expect("request")
}

async fn call<S, B>(
    service: &S,
    request: Request<()>,
) -> (http::response::Parts, Result<Bytes, B::Error>)
where
    S: Service<Request<()>, Response = Response<B>, Error = Infallible> + Clone,
    B: Body,
{
    let response = service.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.map(|c| c.to_bytes());
    (parts, bytes)
}

fn etag(parts: &http::response::Parts) -> &str {
    parts.headers[header::ETAG].to_str().expect("ASCII tag")
}

// RFC 9110 §8.8.3: the tag depends on the bytes, not on how they arrive
#[tokio::test]
async fn the_same_bytes_in_different_chunks_get_the_same_tag() {
    let body: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let whole = ShallowEtagLayer::new().layer(handler({
        let body = body.clone();
        move || ok(&[&body])
    }));
    let quarters = ShallowEtagLayer::new().layer(handler({
        let body = body.clone();
        move || {
            ok(&[
                &body[..1024],
                &body[1024..2048],
                &body[2048..3072],
                &body[3072..],
            ])
        }
    }));
    let (a, bytes_a) = call(&whole, get(&[])).await;
    let (b, bytes_b) = call(&quarters, get(&[])).await;
    assert_eq!(etag(&a), etag(&b));
    assert_eq!(bytes_a.unwrap(), bytes_b.unwrap());
    assert_eq!(etag(&a), Blake3::tag(&body).as_str());
    let other = ShallowEtagLayer::new().layer(handler(|| ok(&[b"another body"])));
    let (c, _) = call(&other, get(&[])).await;
    assert_ne!(etag(&a), etag(&c));
}

// The cap: a body of exactly the cap is tagged, one byte over streams untagged
#[tokio::test]
async fn a_body_of_exactly_the_cap_is_tagged_and_one_byte_more_is_not() {
    const CAP: usize = 1000;
    let layer = ShallowEtagLayer::new().max_body(CAP).explain(true);
    for exact in [false, true] {
        let at_cap = layer.layer(handler(move || {
            let body = Chunks::new(&[&[b'a'; 600], &[b'a'; 400]]);
            Response::new(if exact { body.exact() } else { body })
        }));
        let (parts, bytes) = call(&at_cap, get(&[])).await;
        assert_eq!(parts.status, StatusCode::OK);
        assert_eq!(etag(&parts), Blake3::tag(&[b'a'; CAP]).as_str());
        assert_eq!(bytes.unwrap().len(), CAP);

        let over = layer.layer(handler(move || {
            let body = Chunks::new(&[&[b'b'; 600], &[b'b'; 401]]);
            Response::new(if exact { body.exact() } else { body })
        }));
        let request = get(&[("if-none-match", "*")]);
        let (parts, bytes) = call(&over, request).await;
        assert_eq!(
            parts.status,
            StatusCode::OK,
            "not revalidated without a tag"
        );
        assert!(!parts.headers.contains_key(header::ETAG));
        assert_eq!(bytes.unwrap(), Bytes::from(vec![b'b'; CAP + 1]));
        let why = parts.headers[X_PRECONDITION].to_str().unwrap();
        assert!(why.contains("larger than the buffering cap"), "{why}");
    }
}

// A body over the cap is passed on as it streams: the layer holds at most
// the cap, and the rest is only read when the client reads it
#[tokio::test]
async fn a_body_over_the_cap_streams_the_rest_unread() {
    let polls = Arc::new(AtomicUsize::new(0));
    let service = ShallowEtagLayer::new().max_body(10).layer(handler({
        let polls = polls.clone();
        move || {
            let mut body = Chunks::new(&[b"01234", b"56789", b"abcde", b"fghij", b"klmno"]);
            body.polls = polls.clone();
            Response::new(body)
        }
    }));
    let response = service.oneshot(get(&[])).await.unwrap();
    // Two chunks fit, the third passes the cap: three polls, no more.
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(bytes, Bytes::from_static(b"0123456789abcdefghijklmno"));
}

// A handler that errors mid-stream: the bytes so far, then the error, no tag
#[tokio::test]
async fn a_body_that_fails_while_buffered_is_sent_as_far_as_it_got_then_fails() {
    let service = ShallowEtagLayer::new().explain(true).layer(handler(|| {
        Response::new(Chunks::new(&[b"partial ", b"content"]).failing())
    }));
    let response = service.oneshot(get(&[])).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!response.headers().contains_key(header::ETAG));
    assert!(response.headers()[X_PRECONDITION]
        .to_str()
        .unwrap()
        .contains("failed"));
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(first, Bytes::from_static(b"partial content"));
    assert!(body.frame().await.unwrap().is_err());
}

// RFC 9110 §13.1.2: a handler's own tag is used, and its body is never
// polled when the answer is 304
#[tokio::test]
async fn a_handler_tag_is_kept_and_its_body_is_never_polled_on_a_304() {
    let polls = Arc::new(AtomicUsize::new(0));
    let service = ShallowEtagLayer::new().layer(handler({
        let polls = polls.clone();
        move || {
            let mut body = Chunks::new(&[b"tagged\n"]);
            body.polls = polls.clone();
            let mut response = Response::new(body);
            response
                .headers_mut()
                .insert(header::ETAG, HeaderValue::from_static("\"t1\""));
            response
        }
    }));
    let (parts, bytes) = call(&service, get(&[("if-none-match", "\"t1\"")])).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    assert_eq!(etag(&parts), "\"t1\"");
    assert!(bytes.unwrap().is_empty());
    assert_eq!(polls.load(Ordering::SeqCst), 0, "the 304's body was polled");
    // Without the precondition the 200 streams, still unbuffered.
    let response = service.clone().oneshot(get(&[])).await.unwrap();
    assert_eq!(
        polls.load(Ordering::SeqCst),
        0,
        "a tagged body was buffered"
    );
    assert_eq!(
        response.into_body().collect().await.unwrap().to_bytes(),
        "tagged\n"
    );
}

// RFC 9110 §13.2.1: a 404 stays a 404; no-store, Content-Range,
// text/event-stream and other methods are passed on untouched
#[tokio::test]
async fn responses_the_layer_must_not_touch_are_passed_on_unbuffered() {
    let cases: Vec<(Method, MakeResponse)> = vec![
        (Method::GET, || {
            let mut r = ok(&[b"not found\n"]);
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        }),
        (Method::GET, || {
            let mut r = ok(&[b"secret"]);
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            r
        }),
        (Method::GET, || {
            let mut r = ok(&[b"abc"]);
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            r.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_static("bytes 0-2/10"),
            );
            r
        }),
        (Method::GET, || {
            let mut r = ok(&[b"data: 1\n\n"]);
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/event-stream"),
            );
            r
        }),
        (Method::POST, || ok(&[b"created"])),
        (Method::PUT, || ok(&[b"replaced"])),
    ];
    for (method, make) in cases {
        let polls = Arc::new(AtomicUsize::new(0));
        let service = ShallowEtagLayer::new().layer(handler({
            let polls = polls.clone();
            move || {
                let mut response = make();
                response.body_mut().polls = polls.clone();
                response
            }
        }));
        let original = make();
        let headers = [("if-none-match", "*"), ("if-match", "\"nope\"")];
        let response = service
            .oneshot(request(method.clone(), &headers))
            .await
            .unwrap();
        assert_eq!(response.status(), original.status(), "{method}");
        assert!(!response.headers().contains_key(header::ETAG), "{method}");
        assert_eq!(polls.load(Ordering::SeqCst), 0, "{method}: body buffered");
    }
}

// RFC 9110 §13.1.1: a false If-Match on a GET is 412 with the current tag
#[tokio::test]
async fn a_stale_if_match_on_a_get_is_412_with_the_current_tag() {
    let service = ShallowEtagLayer::new().layer(handler(|| ok(&[b"hello, world\n"])));
    let (parts, bytes) = call(&service, get(&[("if-match", "\"stale\"")])).await;
    assert_eq!(parts.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(etag(&parts), Blake3::tag(b"hello, world\n").as_str());
    assert!(String::from_utf8(bytes.unwrap().to_vec())
        .unwrap()
        .contains("If-Match"));
}

// RFC 9110 §8.8.3.2: a weak tag matches If-None-Match, never If-Match
#[tokio::test]
async fn weak_tags_revalidate_but_never_satisfy_if_match() {
    let service = ShallowEtagLayer::new()
        .weak(true)
        .layer(handler(|| ok(&[b"hello, world\n"])));
    let (parts, _) = call(&service, get(&[])).await;
    let tag = etag(&parts).to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    let strong = tag.trim_start_matches("W/");
    let (parts, _) = call(&service, get(&[("if-none-match", strong)])).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    let (parts, _) = call(&service, get(&[("if-match", &tag)])).await;
    assert_eq!(parts.status, StatusCode::PRECONDITION_FAILED);
}

/// A caller's digest: SHA-256 from `sha2`, in hex.
struct Sha256(sha2::Sha256);

impl BodyDigest for Sha256 {
    fn new() -> Self {
        Sha256(<sha2::Sha256 as sha2::Digest>::new())
    }
    fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.0, bytes);
    }
    fn finish(self) -> EtagBuf {
        let digest: [u8; 32] = sha2::Digest::finalize(self.0).into();
        EtagBuf::from_digest_array(&digest, DigestEncoding::Hex)
    }
}

#[tokio::test]
async fn a_callers_digest_makes_the_tag() {
    let service = ShallowEtagLayer::new()
        .digest::<Sha256>()
        .layer(handler(|| ok(&[b"abc"])));
    let (parts, _) = call(&service, get(&[])).await;
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert_eq!(
        etag(&parts),
        "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""
    );
}

// RFC 9110 §13.1.3: If-Modified-Since against a handler's Last-Modified
#[tokio::test]
async fn if_modified_since_works_with_a_handler_last_modified() {
    let service = ShallowEtagLayer::new().layer(handler(|| {
        let mut r = ok(&[b"dated\n"]);
        r.headers_mut().insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static("Sat, 29 Oct 1994 19:43:31 GMT"),
        );
        r
    }));
    let same = [("if-modified-since", "Sat, 29 Oct 1994 19:43:31 GMT")];
    let (parts, _) = call(&service, get(&same)).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    assert!(
        !parts.headers.contains_key(header::LAST_MODIFIED),
        "kept only without ETag"
    );
    let earlier = [("if-modified-since", "Sat, 29 Oct 1994 19:43:30 GMT")];
    assert_eq!(call(&service, get(&earlier)).await.0.status, StatusCode::OK);
}

// Before the handler: 304 / 412 / 428 without calling it; the summary in the
// extensions otherwise; no tag stamped on a write's response
#[tokio::test]
async fn the_precondition_layer_answers_before_the_handler() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(std::sync::Mutex::new(None::<Summary>));
    let inner = service_fn({
        let calls = calls.clone();
        let seen = seen.clone();
        move |req: Request<()>| {
            calls.fetch_add(1, Ordering::SeqCst);
            *seen.lock().unwrap() = req.extensions().get::<Summary>().cloned();
            async move { Ok::<_, Infallible>(Response::new(Chunks::new(&[b"body"]))) }
        }
    });
    let layer = PreconditionLayer::new(|_head: &http::request::Parts| {
        std::future::ready(
            Lookup::etag(&EtagBuf::from_version(7))
                .with(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        )
    })
    .policy(http_conditional::Policy::new().require_precondition(true))
    .explain(true);
    let service = layer.layer(inner);

    let (parts, bytes) = call(&service, get(&[("if-none-match", "\"v7\"")])).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    assert_eq!(parts.headers[header::CACHE_CONTROL], "no-cache");
    assert!(bytes.unwrap().is_empty());
    let (parts, bytes) = call(&service, request(Method::PUT, &[("if-match", "\"v6\"")])).await;
    assert_eq!(parts.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(etag(&parts), "\"v7\"");
    assert_eq!(
        parts.headers[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert!(!bytes.unwrap().is_empty());
    let (parts, _) = call(&service, request(Method::DELETE, &[])).await;
    assert_eq!(parts.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the handler ran");

    let (parts, _) = call(&service, request(Method::PUT, &[("if-match", "\"v7\"")])).await;
    assert_eq!(parts.status, StatusCode::OK);
    assert!(
        !parts.headers.contains_key(header::ETAG),
        "the pre-write tag was stamped"
    );
    assert!(parts.headers[X_PRECONDITION]
        .to_str()
        .unwrap()
        .contains("If-Match"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let summary = seen
        .lock()
        .unwrap()
        .clone()
        .expect("a summary in the extensions");
    assert_eq!(summary.decision(), Decision::Proceed);
}

// RFC 9110 §13.2.1: Skip leaves the request to the handler, Missing is
// evaluated as no current representation, Respond answers
#[tokio::test]
async fn the_lookup_can_skip_report_missing_or_answer() {
    let inner = service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(Response::new(Chunks::new(&[b"handler"])))
    });
    let skip = PreconditionLayer::new(|_: &http::request::Parts| std::future::ready(Lookup::Skip))
        .layer(inner);
    let (parts, bytes) = call(&skip, get(&[("if-match", "\"x\"")])).await;
    assert_eq!(
        (parts.status, bytes.unwrap()),
        (StatusCode::OK, Bytes::from_static(b"handler"))
    );

    let missing =
        PreconditionLayer::new(|_: &http::request::Parts| std::future::ready(Lookup::Missing))
            .layer(inner);
    let (parts, _) = call(&missing, request(Method::PUT, &[("if-none-match", "*")])).await;
    assert_eq!(parts.status, StatusCode::OK);
    let (parts, _) = call(&missing, request(Method::PUT, &[("if-match", "*")])).await;
    assert_eq!(parts.status, StatusCode::PRECONDITION_FAILED);

    let unavailable = PreconditionLayer::new(|_: &http::request::Parts| {
        let mut response = Response::new(Bytes::from_static(b"try later"));
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        std::future::ready(Lookup::Respond(response))
    })
    .layer(inner);
    let (parts, bytes) = call(&unavailable, get(&[])).await;
    assert_eq!(
        (parts.status, bytes.unwrap()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Bytes::from_static(b"try later")
        )
    );
}

// RFC 9110 §8.8.3.3, §15.4.5: outside a content-coding step, a strong tag
// becomes weak and a 304 from inside loses its coding and its content
#[tokio::test]
async fn the_content_coding_layer_weakens_coded_tags_and_cleans_304s() {
    let coded = ContentCodingLayer::new().layer(handler(|| {
        let mut r = ok(&[b"\x1f\x8bcompressed"]);
        r.headers_mut()
            .insert(header::ETAG, HeaderValue::from_static("\"abc\""));
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        r
    }));
    let (parts, _) = call(&coded, get(&[])).await;
    assert_eq!(etag(&parts), "W/\"abc\"");
    let (parts, bytes) = call(&coded, get(&[("if-none-match", "\"abc\"")])).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    assert_eq!(etag(&parts), "W/\"abc\"");
    assert_eq!(parts.headers[header::VARY], "accept-encoding");
    assert!(!parts.headers.contains_key(header::CONTENT_ENCODING));
    assert!(bytes.unwrap().is_empty());

    let polls = Arc::new(AtomicUsize::new(0));
    let inner_304 = ContentCodingLayer::new().layer(handler({
        let polls = polls.clone();
        move || {
            let mut body = Chunks::new(&[b"\x1f\x8b\x08\x00"]);
            body.polls = polls.clone();
            let mut r = Response::new(body);
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r.headers_mut()
                .insert(header::ETAG, HeaderValue::from_static("W/\"abc\""));
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from_static("4"));
            r
        }
    }));
    let (parts, bytes) = call(&inner_304, get(&[])).await;
    assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
    assert!(!parts.headers.contains_key(header::CONTENT_ENCODING));
    assert!(!parts.headers.contains_key(header::CONTENT_LENGTH));
    assert!(bytes.unwrap().is_empty());
    assert_eq!(polls.load(Ordering::SeqCst), 0);
}

/// Serves `service` with plain hyper (no axum) on loopback.
async fn serve_with_hyper<S, B>(service: S) -> std::net::SocketAddr
where
    S: Service<Request<hyper::body::Incoming>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = hyper_util::service::TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    addr
}

// RFC 9110 §8.6, §15.4.5 on the wire, plain hyper: every 304 of the layers,
// to GET and to HEAD, has no Content-Length and no content
#[tokio::test]
async fn every_304_on_the_wire_under_plain_hyper_is_bare() {
    let hello = service_fn(|_req: Request<hyper::body::Incoming>| async {
        let mut r = Response::new(http_body_util::Full::new(Bytes::from_static(
            b"hello, world\n",
        )));
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        Ok::<_, Infallible>(r)
    });
    let shallow = serve_with_hyper(ShallowEtagLayer::new().layer(hello)).await;
    let looked_up = serve_with_hyper(
        PreconditionLayer::new(|_: &http::request::Parts| {
            std::future::ready(Lookup::etag(&EtagBuf::from_version(1)))
        })
        .layer(hello),
    )
    .await;
    let tag = Blake3::tag(b"hello, world\n");
    for (addr, tag) in [(shallow, tag.as_str()), (looked_up, "\"v1\"")] {
        let full = common::raw(addr, "GET", "/", &[]).await;
        assert_eq!(full.status, 200);
        assert_eq!(full.header("content-length"), Some("13"));
        let head = common::raw(addr, "HEAD", "/", &[]).await;
        assert_eq!(head.header("content-length"), Some("13"));
        assert_eq!(head.header("etag"), full.header("etag"));
        for method in ["GET", "HEAD"] {
            let reply = common::raw(addr, method, "/", &[("if-none-match", tag)]).await;
            reply.assert_bare_304();
            assert_eq!(reply.etag(), tag);
        }
    }
}

// A handler that errors mid-stream, on the wire: the client sees a cut
// response, never a complete one, and no tag
#[tokio::test]
async fn a_mid_stream_error_reaches_the_client_as_a_broken_response() {
    let failing = service_fn(|_req: Request<hyper::body::Incoming>| async {
        Ok::<_, Infallible>(Response::new(Chunks::new(&[b"partial"]).failing()))
    });
    let addr = serve_with_hyper(ShallowEtagLayer::new().layer(failing)).await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = Request::get("/")
        .header("host", "127.0.0.1")
        .body(http_body_util::Empty::<Bytes>::new())
        .unwrap();
    // hyper may cut the connection before the head is even flushed (the
    // body failed at once) or after it; either way, no complete response.
    let outcome = tokio::time::timeout(common::TIMEOUT, async {
        let response = sender.send_request(request).await?;
        assert!(!response.headers().contains_key(header::ETAG));
        response.into_body().collect().await.map(|_| ())
    })
    .await
    .expect("no hang");
    assert!(outcome.is_err(), "a failed body arrived complete");
}

// RFC 9110 §8.8.3.3, §15.4.5: a PreconditionLayer behind tower-http's
// compressor, with a ContentCodingLayer outside it, as the README says: the
// 304 keeps Vary, loses the coding and the body, and carries the tag of the
// gzip variant
#[tokio::test]
async fn a_304_from_behind_a_compressor_is_cleaned_outside_it() {
    let handler = service_fn(|_req: Request<()>| async {
        let mut r = Response::new(http_body_util::Full::new(Bytes::from("x".repeat(4096))));
        r.headers_mut()
            .insert(header::ETAG, HeaderValue::from_static("\"v7\""));
        Ok::<_, Infallible>(r)
    });
    let lookup =
        |_: &http::request::Parts| std::future::ready(Lookup::etag(&EtagBuf::from_version(7)));
    let service = tower::ServiceBuilder::new()
        .layer(ContentCodingLayer::new())
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(PreconditionLayer::new(lookup))
        .service(handler);
    let gzip = [("accept-encoding", "gzip")];
    let response = service.clone().oneshot(get(&gzip)).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(response.headers()[header::ETAG], "W/\"v7\"");
    for accept in [&gzip[..], &[]] {
        let mut headers = accept.to_vec();
        headers.push(("if-none-match", "\"v7\""));
        let response = service.clone().oneshot(get(&headers)).await.unwrap();
        let (parts, body) = response.into_parts();
        assert_eq!(parts.status, StatusCode::NOT_MODIFIED);
        assert!(!parts.headers.contains_key(header::CONTENT_ENCODING));
        assert!(!parts.headers.contains_key(header::CONTENT_LENGTH));
        assert_eq!(parts.headers[header::VARY], "accept-encoding");
        let expected = if accept.is_empty() {
            "\"v7\""
        } else {
            "W/\"v7\""
        };
        assert_eq!(parts.headers[header::ETAG], expected);
        assert!(body.collect().await.unwrap().to_bytes().is_empty());
    }
}

// RFC 9110 §9.3.2: a HEAD handler that leaves out the GET's content but
// sends its Content-Length gives the layer nothing to hash, so the GET's tag
// cannot be known: the response goes out untagged with its Content-Length,
// and no precondition is compared with it (no 304, no 412). A HEAD handler
// that produces the content gets the GET's tag and is revalidated.
#[tokio::test]
async fn a_head_response_shorter_than_its_content_length_is_left_untagged() {
    const CONTENT: &[u8] = b"hello, world\n";
    /// Answers GET with `CONTENT`, HEAD with `head_content`; both with the
    /// `Content-Length` of `CONTENT`.
    fn head_handler(
        head_content: &'static [u8],
    ) -> impl Fn(
        Request<hyper::body::Incoming>,
    ) -> std::future::Ready<Result<Response<http_body_util::Full<Bytes>>, Infallible>>
           + Clone
           + Send
           + 'static {
        move |req| {
            let content = if req.method() == Method::HEAD {
                head_content
            } else {
                CONTENT
            };
            let mut r = Response::new(http_body_util::Full::new(Bytes::from_static(content)));
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(CONTENT.len()));
            std::future::ready(Ok(r))
        }
    }
    let layer = ShallowEtagLayer::new().explain(true);
    let empty = serve_with_hyper(layer.layer(service_fn(head_handler(b"")))).await;
    let whole = serve_with_hyper(layer.layer(service_fn(head_handler(CONTENT)))).await;
    let tag = Blake3::tag(CONTENT);

    for addr in [empty, whole] {
        let get = common::raw(addr, "GET", "/", &[]).await;
        assert_eq!((get.status, &get.body[..]), (200, CONTENT));
        assert_eq!(get.etag(), tag.as_str());
    }
    let preconditions: [&[(&str, &str)]; 4] = [
        &[],
        &[("if-none-match", tag.as_str())],
        &[("if-none-match", "*")],
        &[("if-match", "\"nope\"")],
    ];
    for headers in preconditions {
        let head = common::raw(empty, "HEAD", "/", headers).await;
        assert_eq!(head.status, 200, "{headers:?}: {head:?}");
        assert!(!head.has("etag"), "{headers:?}: {head:?}");
        assert_eq!(head.header("content-length"), Some("13"), "{head:?}");
        assert!(head.body.is_empty(), "{head:?}");
        let why = head.header("x-precondition").expect("explained");
        assert!(why.contains("HEAD response has no content"), "{why}");
    }
    let head = common::raw(whole, "HEAD", "/", &[]).await;
    assert_eq!((head.status, head.etag()), (200, tag.as_str().to_owned()));
    assert_eq!(head.header("content-length"), Some("13"));
    let head = common::raw(whole, "HEAD", "/", &[("if-none-match", tag.as_str())]).await;
    head.assert_bare_304();
    let head = common::raw(whole, "HEAD", "/", &[("if-match", "\"nope\"")]).await;
    assert_eq!(head.status, 412, "{head:?}");
}

// RFC 9110 §9.3.2: an empty HEAD response with no Content-Length may be
// a handler that left the GET's content out; its tag cannot be known, so
// it is not tagged with the tag of empty content; with `Content-Length: 0`
// it is empty content, and tagged as its GET would be
#[tokio::test]
async fn an_empty_head_response_is_tagged_only_when_content_length_says_it_is_empty() {
    let unknown = ShallowEtagLayer::new()
        .explain(true)
        .layer(handler(|| ok(&[])));
    let (parts, bytes) = call(&unknown, request(Method::HEAD, &[("if-none-match", "*")])).await;
    assert_eq!(parts.status, StatusCode::OK);
    assert!(!parts.headers.contains_key(header::ETAG));
    assert!(bytes.unwrap().is_empty());
    let why = parts.headers[X_PRECONDITION].to_str().unwrap();
    assert!(why.contains("HEAD response has no content"), "{why}");

    let known = ShallowEtagLayer::new().layer(handler(|| {
        let mut r = ok(&[]);
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        r
    }));
    let (get, _) = call(&known, request(Method::GET, &[])).await;
    let (head, _) = call(&known, request(Method::HEAD, &[])).await;
    assert_eq!(
        head.headers.get(header::ETAG),
        get.headers.get(header::ETAG)
    );
    assert!(head.headers.contains_key(header::ETAG));
    let tag = head.headers[header::ETAG].to_str().unwrap().to_owned();
    let (revalidated, _) = call(&known, request(Method::HEAD, &[("if-none-match", &tag)])).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
}

// The same below the wire (hyper refuses to write a HEAD content that
// disagrees with its Content-Length): some content, but less than the
// Content-Length, is still no content to hash; the response is passed on
// untagged and unevaluated, its bytes as the handler made them
#[tokio::test]
async fn a_head_response_with_part_of_its_content_is_left_untagged() {
    let service = ShallowEtagLayer::new().explain(true).layer(handler(|| {
        let mut r = ok(&[b"hello"]);
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("13"));
        r
    }));
    for headers in [&[("if-none-match", "*")][..], &[("if-match", "\"nope\"")]] {
        let (parts, bytes) = call(&service, request(Method::HEAD, headers)).await;
        assert_eq!(parts.status, StatusCode::OK, "{headers:?}");
        assert!(!parts.headers.contains_key(header::ETAG), "{headers:?}");
        assert_eq!(parts.headers[header::CONTENT_LENGTH], "13");
        assert_eq!(bytes.unwrap(), Bytes::from_static(b"hello"));
        let why = parts.headers[X_PRECONDITION].to_str().unwrap();
        assert!(why.contains("HEAD response has no content"), "{why}");
    }
}
