//! The demo app (`examples/demo`), served by axum on loopback and driven by
//! real clients: raw TCP where framing matters, hyper's client elsewhere.
//! One test per row of the demo's contract, the orders API as the core's
//! example server answers it, and every kind of 304 on the wire under axum.

#[path = "../examples/demo/app.rs"]
mod app;
mod common;
#[path = "../examples/demo/orders.rs"]
mod orders;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use common::{raw, raw_with_body, Raw};
use http_body_util::{BodyExt, Full};
use http_conditional::http::not_modified;
use http_conditional::Policy;
use http_conditional_tower::{Blake3, BodyDigest, Head, Preconditions, Rejection};
use hyper::client::conn::http1::{handshake, SendRequest};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Barrier};

/// A server on 127.0.0.1:0, stopped when dropped.
struct Server {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

async fn serve(router: Router) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    Server { addr, _stop: stop }
}

async fn demo() -> Server {
    serve(app::router()).await
}

fn explanation(reply: &Raw) -> &str {
    reply
        .header("x-precondition")
        .unwrap_or_else(|| panic!("no X-Precondition: {reply:?}"))
}

// RFC 9110 §8.8.3, §13.1.2, §15.4.5: a strong digest tag, and every form of
// a matching If-None-Match gets a bare 304 with ETag and Cache-Control
#[tokio::test]
async fn hello_gets_a_strong_digest_tag_and_bare_304s() {
    let server = demo().await;
    let ok = raw(server.addr, "GET", "/hello", &[]).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.text(), app::HELLO);
    assert_eq!(ok.header("content-type"), Some("text/plain"));
    assert_eq!(ok.header("cache-control"), Some("no-cache"));
    assert_eq!(ok.header("content-length"), Some("13"));
    let tag = ok.etag();
    assert_eq!(tag, Blake3::tag(app::HELLO.as_bytes()).as_str());
    assert!(tag.starts_with('"'), "{tag}");
    assert!(explanation(&ok).starts_with("proceed"));

    let weak = format!("W/{tag}");
    let listed = format!("\"other\", {tag}");
    let forms: [&[(&str, &str)]; 5] = [
        &[("if-none-match", &tag)],
        &[("if-none-match", &weak)],
        &[("if-none-match", "*")],
        &[("if-none-match", &listed)],
        &[("if-none-match", "\"other\""), ("if-none-match", &tag)],
    ];
    for headers in forms {
        for method in ["GET", "HEAD"] {
            let reply = raw(server.addr, method, "/hello", headers).await;
            reply.assert_bare_304();
            assert_eq!(reply.etag(), tag, "{method} {headers:?}");
            assert_eq!(reply.header("cache-control"), Some("no-cache"));
            assert!(explanation(&reply).starts_with("304 Not Modified"));
        }
    }
    let split = raw(server.addr, "GET", "/hello", forms[4]).await;
    assert!(explanation(&split).contains("member 2"), "{split:?}");
    let stale = raw(
        server.addr,
        "GET",
        "/hello",
        &[("if-none-match", "\"other\"")],
    )
    .await;
    assert_eq!((stale.status, stale.text().as_str()), (200, app::HELLO));
}

// RFC 9110 §8.8.1: the weak option, the same opaque-tag
#[tokio::test]
async fn hello_weak_gets_the_same_tag_made_weak() {
    let server = demo().await;
    let strong = raw(server.addr, "GET", "/hello", &[]).await.etag();
    let weak = raw(server.addr, "GET", "/hello-weak", &[]).await;
    assert_eq!(weak.status, 200);
    assert_eq!(weak.etag(), format!("W/{strong}"));
    for inm in [strong.as_str(), weak.etag().as_str(), "*"] {
        for method in ["GET", "HEAD"] {
            let reply = raw(
                server.addr,
                method,
                "/hello-weak",
                &[("if-none-match", inm)],
            )
            .await;
            reply.assert_bare_304();
            assert_eq!(reply.etag(), weak.etag());
        }
    }
    // A weak tag never satisfies If-Match (strong comparison, §13.1.1).
    let guarded = raw(
        server.addr,
        "GET",
        "/hello-weak",
        &[("if-match", &weak.etag())],
    )
    .await;
    assert_eq!(guarded.status, 412);
}

// RFC 9110 §13.1.3, §13.2.2: If-Modified-Since with the handler's
// Last-Modified, ignored when If-None-Match is present
#[tokio::test]
async fn dated_answers_if_modified_since_unless_if_none_match_is_present() {
    let server = demo().await;
    let ok = raw(server.addr, "GET", "/dated", &[]).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("last-modified"), Some(app::DATED_LAST_MODIFIED));
    let tag = ok.etag();
    for since in [
        app::DATED_LAST_MODIFIED,
        "Sun, 30 Oct 1994 00:00:00 GMT",
        "Sunday, 30-Oct-94 00:00:00 GMT",
    ] {
        for method in ["GET", "HEAD"] {
            let reply = raw(
                server.addr,
                method,
                "/dated",
                &[("if-modified-since", since)],
            )
            .await;
            reply.assert_bare_304();
            assert_eq!(reply.etag(), tag);
        }
    }
    let earlier = raw(
        server.addr,
        "GET",
        "/dated",
        &[("if-modified-since", "Sat, 29 Oct 1994 19:43:30 GMT")],
    )
    .await;
    assert_eq!((earlier.status, earlier.text().as_str()), (200, "dated\n"));
    let headers = [
        ("if-none-match", "\"something-else\""),
        ("if-modified-since", app::DATED_LAST_MODIFIED),
    ];
    let ignored = raw(server.addr, "GET", "/dated", &headers).await;
    assert_eq!(ignored.status, 200);
    assert!(
        explanation(&ignored).contains("If-Modified-Since ignored"),
        "{ignored:?}"
    );
}

// A handler's own tag is kept as it is
#[tokio::test]
async fn tagged_keeps_the_handler_tag() {
    let server = demo().await;
    let ok = raw(server.addr, "GET", "/tagged", &[]).await;
    assert_eq!(
        (ok.status, ok.etag(), ok.text()),
        (200, "\"t1\"".into(), "tagged\n".into())
    );
    for method in ["GET", "HEAD"] {
        let reply = raw(
            server.addr,
            method,
            "/tagged",
            &[("if-none-match", "\"t1\"")],
        )
        .await;
        reply.assert_bare_304();
        assert_eq!(reply.etag(), "\"t1\"");
    }
}

// RFC 9110 §13.2.1: a 404 stays a 404 whatever the preconditions
#[tokio::test]
async fn missing_stays_404_whatever_the_preconditions() {
    let server = demo().await;
    let cases: [&[(&str, &str)]; 5] = [
        &[],
        &[("if-none-match", "*")],
        &[("if-match", "\"x\"")],
        &[("if-modified-since", "Sat, 29 Oct 1994 19:43:31 GMT")],
        &[("if-unmodified-since", "Sat, 29 Oct 1994 19:43:31 GMT")],
    ];
    for headers in cases {
        let reply = raw(server.addr, "GET", "/missing", headers).await;
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (404, "not found\n"),
            "{headers:?}"
        );
        assert!(!reply.has("etag"));
    }
}

// Bodies over the cap stream through whole and untagged
#[tokio::test]
async fn big_streams_every_byte_without_a_tag() {
    let server = demo().await;
    let reply = raw(server.addr, "GET", "/big", &[("if-none-match", "*")]).await;
    assert_eq!(reply.status, 200);
    assert!(!reply.has("etag"));
    assert_eq!(reply.header("transfer-encoding"), Some("chunked"));
    assert_eq!(reply.body.len(), app::BIG_LEN);
    assert!(reply.body.iter().all(|&b| b == b'x'));
    assert!(explanation(&reply).contains("cap"));
}

// text/event-stream is never buffered: the first event arrives while the
// handler is still pausing before the second
#[tokio::test]
async fn events_arrive_as_they_are_sent() {
    let server = demo().await;
    let mut client = Client::new(server.addr);
    let response = client.request(Method::GET, "/events", &[], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!response.headers().contains_key(header::ETAG));
    let mut body = response.into_body();
    let first = body.frame().await.expect("a frame").expect("data");
    let first_at = Instant::now();
    assert_eq!(
        first.into_data().unwrap(),
        Bytes::from_static(b"data: 1\n\n")
    );
    let second = body.frame().await.expect("a frame").expect("data");
    let gap = first_at.elapsed();
    assert_eq!(
        second.into_data().unwrap(),
        Bytes::from_static(b"data: 2\n\n")
    );
    // Buffered, both would arrive together.
    assert!(gap >= app::EVENT_PAUSE / 2, "events arrived {gap:?} apart");
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

// RFC 9110 §8.8.3.3, §12.5.5, §15.4.5: gzip bytes get a weak tag, identity
// the strong one; Vary on both and on their 304s, which have no body and no
// Content-Encoding
#[tokio::test]
async fn gz_weakens_the_tag_of_gzip_bytes_and_keeps_vary_on_304s() {
    let server = demo().await;
    let gzip = [("accept-encoding", "gzip")];
    let zipped = raw(server.addr, "GET", "/gz", &gzip).await;
    assert_eq!(zipped.status, 200);
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert_eq!(zipped.header("vary"), Some("accept-encoding"));
    assert_eq!(gunzip(&zipped.body), app::gz_body().as_bytes());
    let plain = raw(server.addr, "GET", "/gz", &[]).await;
    assert_eq!(plain.status, 200);
    assert!(!plain.has("content-encoding"));
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    assert_eq!(plain.body, app::gz_body().as_bytes());
    let strong = plain.etag();
    assert_eq!(strong, Blake3::tag(app::gz_body().as_bytes()).as_str());
    assert_eq!(zipped.etag(), format!("W/{strong}"));

    for accept in [&gzip[..], &[]] {
        for inm in [strong.clone(), zipped.etag()] {
            for method in ["GET", "HEAD"] {
                let mut headers = accept.to_vec();
                headers.push(("if-none-match", &inm));
                let reply = raw(server.addr, method, "/gz", &headers).await;
                reply.assert_bare_304();
                assert_eq!(reply.header("vary"), Some("accept-encoding"), "{reply:?}");
                let expected = if accept.is_empty() {
                    strong.clone()
                } else {
                    zipped.etag()
                };
                assert_eq!(reply.etag(), expected, "{method} {headers:?}");
            }
        }
    }
}

// RFC 9110 §14.2, §13.1.5, §15.3.7: the handler's 206 is untouched; a stale
// If-Range gets the whole body
#[tokio::test]
async fn range_answers_206_itself_and_if_range_guards_it() {
    let server = demo().await;
    let body = app::range_body();
    let tag = Blake3::tag(&body);
    let part = raw(server.addr, "GET", "/range", &[("range", "bytes=10-19")]).await;
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 10-19/100"));
    assert_eq!(part.body, &body[10..20]);
    assert_eq!(part.etag(), tag.as_str());
    let resumed = raw(
        server.addr,
        "GET",
        "/range",
        &[("range", "bytes=90-99"), ("if-range", tag.as_str())],
    )
    .await;
    assert_eq!(
        (resumed.status, resumed.body.as_slice()),
        (206, &body[90..])
    );
    let stale = raw(
        server.addr,
        "GET",
        "/range",
        &[("range", "bytes=90-99"), ("if-range", "\"old\"")],
    )
    .await;
    assert_eq!((stale.status, stale.body.clone()), (200, body.clone()));
    let whole = raw(server.addr, "GET", "/range", &[]).await;
    assert_eq!((whole.status, whole.etag()), (200, tag.to_string()));
    raw(
        server.addr,
        "GET",
        "/range",
        &[("if-none-match", tag.as_str())],
    )
    .await
    .assert_bare_304();
}

// POST is never buffered or tagged, whatever its size
#[tokio::test]
async fn echo_streams_any_size_untagged() {
    let server = demo().await;
    let big: Vec<u8> = (0..1_500_000u32).map(|i| (i % 253) as u8).collect();
    let reply = raw_with_body(
        server.addr,
        "POST",
        "/echo",
        &[("if-none-match", "*")],
        &big,
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(!reply.has("etag"));
    assert_eq!(reply.body.len(), big.len());
    assert!(reply.body == big);
}

// RFC 9110 §9.3.2: HEAD gets the GET's tag and length
#[tokio::test]
async fn head_gets_the_get_tag() {
    let server = demo().await;
    for (path, headers) in [
        ("/hello", &[][..]),
        ("/hello-weak", &[]),
        ("/dated", &[]),
        ("/gz", &[]),
        ("/gz", &[("accept-encoding", "gzip")]),
        ("/orders/1", &[]),
    ] {
        let get = raw(server.addr, "GET", path, headers).await;
        let head = raw(server.addr, "HEAD", path, headers).await;
        assert_eq!(head.status, 200, "{path}");
        assert!(head.body.is_empty());
        assert_eq!(head.etag(), get.etag(), "{path} {headers:?}");
        assert_eq!(
            head.header("content-length"),
            get.header("content-length"),
            "{path}"
        );
    }
}

/// Handlers that build their 304s with the crate's axum helpers, and one
/// that makes the mistake they exist to avoid.
fn helpers() -> Router {
    fn ok_head() -> HeaderMap {
        let mut ok = HeaderMap::new();
        ok.insert(header::ETAG, HeaderValue::from_static("\"h1\""));
        ok.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        ok
    }
    async fn checked(pre: Preconditions) -> Result<Response, Rejection> {
        let ok = ok_head();
        pre.check_head(&ok, Policy::new())?;
        let mut response = "body\n".into_response();
        response.headers_mut().extend(ok);
        Ok(response)
    }
    async fn head() -> Head {
        Head(not_modified(&ok_head()))
    }
    async fn naive() -> Response {
        not_modified(&ok_head()).map(|()| Body::empty())
    }
    Router::new()
        .route("/checked", get(checked))
        .route("/head", get(head))
        .route("/naive", get(naive))
}

// RFC 9110 §8.6: under axum, a 304 to GET or HEAD from `Rejection` or `Head`
// has no Content-Length; the naive `Body::empty()` gets `Content-Length: 0`
// on HEAD, which is why they exist
#[tokio::test]
async fn axum_304s_from_the_helpers_have_no_content_length() {
    let server = serve(helpers()).await;
    let ok = raw(server.addr, "GET", "/checked", &[]).await;
    assert_eq!((ok.status, ok.etag()), (200, "\"h1\"".to_owned()));
    for method in ["GET", "HEAD"] {
        for path in ["/checked", "/head"] {
            let reply = raw(server.addr, method, path, &[("if-none-match", "\"h1\"")]).await;
            reply.assert_bare_304();
            assert_eq!(reply.header("cache-control"), Some("no-cache"));
        }
    }
    let stale = raw(server.addr, "GET", "/checked", &[("if-match", "\"h0\"")]).await;
    assert_eq!(stale.status, 412);
    assert_eq!(
        stale.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let naive = raw(server.addr, "HEAD", "/naive", &[]).await;
    assert_eq!(
        (naive.status, naive.header("content-length")),
        (304, Some("0"))
    );
}

/// One keep-alive HTTP/1.1 connection; reconnects if the server closed it.
struct Client {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("ASCII"))
    }

    fn etag(&self) -> String {
        self.header("etag").expect("an ETag").to_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }
}

impl Client {
    fn new(addr: SocketAddr) -> Client {
        Client { addr, sender: None }
    }

    async fn request(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> hyper::Response<hyper::body::Incoming> {
        let ready = match self.sender.as_mut() {
            Some(sender) => sender.ready().await.is_ok(),
            None => false,
        };
        if !ready {
            let stream = TcpStream::connect(self.addr).await.expect("connect");
            let (sender, connection) = handshake(TokioIo::new(stream)).await.expect("handshake");
            tokio::spawn(connection);
            self.sender = Some(sender);
        }
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1");
        for (name, value) in headers {
            request = request.header(HeaderName::from_bytes(name.as_bytes()).unwrap(), *value);
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
            .expect("request");
        let sender = self.sender.as_mut().expect("connected");
        tokio::time::timeout(common::TIMEOUT, sender.send_request(request))
            .await
            .expect("no hang")
            .expect("response")
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let response = self.request(method, path, headers, body).await;
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(common::TIMEOUT, body.collect())
            .await
            .expect("no hang")
            .expect("body")
            .to_bytes();
        Reply {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }

    async fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send("GET", path, headers, None).await
    }
}

fn assert_json_error(reply: &Reply, status: u16) {
    assert_eq!(reply.status, status, "{reply:?}");
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["status"], json!(status));
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
}

// The orders API: reads through the precondition layer
#[tokio::test]
async fn orders_reads_answer_as_the_core_example_server() {
    let server = demo().await;
    let mut c = Client::new(server.addr);
    for id in 1..=3 {
        let reply = c.get(&format!("/orders/{id}"), &[]).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.etag(), format!("\"v{id}\""));
        assert_eq!(reply.header("cache-control"), Some(orders::CACHE_CONTROL));
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str())
        );
        assert_eq!(
            reply.json(),
            json!({"id": id, "status": "pending", "total": 0})
        );
    }
    for inm in ["\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", "*"] {
        for method in ["GET", "HEAD"] {
            let reply = raw(server.addr, method, "/orders/1", &[("if-none-match", inm)]).await;
            reply.assert_bare_304();
            assert_eq!(reply.etag(), "\"v1\"");
            assert_eq!(reply.header("cache-control"), Some(orders::CACHE_CONTROL));
            assert!(reply.has("date"));
            assert!(explanation(&reply).starts_with("304"));
        }
    }
    let split = c
        .get(
            "/orders/3",
            &[("if-none-match", "\"v0\""), ("if-none-match", "\"v3\"")],
        )
        .await;
    assert_eq!(split.status, 304);
    assert!(split.header("x-precondition").unwrap().contains("member 2"));
    let changed = c
        .get("/orders/1", &[("if-none-match", "\"v0\", W/\"v9\"")])
        .await;
    assert_eq!(changed.status, 200);
    let stale = c.get("/orders/1", &[("if-match", "\"v0\"")]).await;
    assert_json_error(&stale, 412);
    assert_eq!(stale.etag(), "\"v1\"");
    assert_json_error(&c.get("/orders/99", &[("if-none-match", "*")]).await, 404);
    assert_eq!(c.send("HEAD", "/orders/99", &[], None).await.status, 404);
}

// RFC 9110 §14.2, §13.1.5: the orders API ignores Range, so If-Range is
// ignored too (MUST) and the explanation never promises a range
#[tokio::test]
async fn orders_reads_ignore_range_and_if_range() {
    let server = demo().await;
    let mut c = Client::new(server.addr);
    let whole = c.get("/orders/1", &[]).await;
    for if_range in [None, Some("\"v1\""), Some("\"v0\"")] {
        let mut fields = vec![("range", "bytes=0-4")];
        fields.extend(if_range.map(|v| ("if-range", v)));
        let reply = c.get("/orders/1", &fields).await;
        assert_eq!(reply.status, 200, "{if_range:?}");
        assert_eq!(reply.body, whole.body, "{if_range:?}");
        assert_eq!(reply.header("content-range"), None, "{if_range:?}");
        let why = reply.header("x-precondition").unwrap_or_default();
        assert!(!why.contains("Range applies"), "{if_range:?}: {why}");
        assert!(!why.contains("206"), "{if_range:?}: {why}");
    }
}

// RFC 6585 §3, RFC 9110 §13.1.1: writes through the extractor
#[tokio::test]
async fn orders_writes_answer_as_the_core_example_server() {
    let server = demo().await;
    let mut c = Client::new(server.addr);
    let body = Some(r#"{"status":"paid","total":5}"#);
    for method in ["PUT", "PATCH", "DELETE"] {
        let reply = c
            .send(
                method,
                "/orders/1",
                &[],
                body.filter(|_| method != "DELETE"),
            )
            .await;
        assert_json_error(&reply, 428);
        assert!(reply.json()["error"].as_str().unwrap().contains("If-Match"));
        assert!(reply.header("x-precondition").is_some());
    }
    for method in ["PUT", "PATCH"] {
        let reply = c
            .send(method, "/orders/2", &[("if-match", "\"v1\"")], body)
            .await;
        assert_json_error(&reply, 412);
        assert_eq!(reply.etag(), "\"v2\"");
        assert!(reply.json()["explanation"]
            .as_str()
            .unwrap()
            .contains("If-Match"));
    }
    for value in ["v1", "\"v1", "W/\"v1\"", "*, \"v1\""] {
        assert_json_error(
            &c.send("PUT", "/orders/1", &[("if-match", value)], body)
                .await,
            412,
        );
    }
    let put = c
        .send(
            "PUT",
            "/orders/1",
            &[("if-match", "\"v1\"")],
            Some(r#"{"id":1,"status":"paid","total":42}"#),
        )
        .await;
    assert_eq!(put.status, 200);
    assert_eq!(put.json(), json!({"id": 1, "status": "paid", "total": 42}));
    let tag = put.etag();
    assert_eq!(tag, "\"v4\"");
    assert_eq!(c.get("/orders/1", &[]).await.etag(), tag);
    let patch = c
        .send(
            "PATCH",
            "/orders/1",
            &[("if-match", &tag)],
            Some(r#"{"total":null,"note":"x"}"#),
        )
        .await;
    assert_eq!(
        patch.json(),
        json!({"id": 1, "status": "paid", "note": "x"})
    );
    assert_json_error(
        &c.send("PUT", "/orders/1", &[("if-match", &tag)], body)
            .await,
        412,
    );

    let star = [("if-none-match", "*")];
    let created = c.send("PUT", "/orders/10", &star, body).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.header("location"), Some("/orders/10"));
    let again = c.send("PUT", "/orders/10", &star, body).await;
    assert_json_error(&again, 412);
    assert_eq!(again.etag(), created.etag());
    assert_json_error(&c.send("PATCH", "/orders/99", &star, body).await, 404);
    assert_json_error(
        &c.send("PUT", "/orders/99", &[("if-match", "*")], body)
            .await,
        404,
    );

    let deleted = c
        .send(
            "DELETE",
            "/orders/10",
            &[("if-match", &created.etag())],
            None,
        )
        .await;
    assert_eq!(deleted.status, 204);
    let recreated = c.send("PUT", "/orders/10", &star, body).await;
    assert_eq!(recreated.status, 201);
    assert_ne!(recreated.etag(), created.etag());
    assert_eq!(
        c.get("/orders/10", &[("if-none-match", &created.etag())])
            .await
            .status,
        200
    );

    let posted = c.send("POST", "/orders", &[], body).await;
    assert_eq!(posted.status, 201);
    assert_eq!(posted.header("location"), Some("/orders/11"));
    assert_json_error(
        &c.send("POST", "/orders", &[("if-match", "\"v1\"")], body)
            .await,
        412,
    );
    assert_json_error(
        &c.send("POST", "/orders", &[], Some(r#"{"id":8}"#)).await,
        400,
    );
    for bad in ["{", "", "[1, 2]"] {
        assert_json_error(
            &c.send("PUT", "/orders/2", &[("if-match", "\"v2\"")], Some(bad))
                .await,
            400,
        );
    }
    assert_eq!(c.get("/orders/2", &[]).await.etag(), "\"v2\"");
}

#[tokio::test]
async fn orders_unknown_paths_and_methods_are_answered() {
    let server = demo().await;
    let mut c = Client::new(server.addr);
    for path in [
        "/",
        "/nope",
        "/orders/abc",
        "/orders/+1",
        "/orders/1/x",
        "/ordersx",
    ] {
        assert_json_error(&c.get(path, &[]).await, 404);
    }
    let post = c.send("POST", "/orders/1", &[], Some("{}")).await;
    assert_json_error(&post, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD, PUT, PATCH, DELETE"));
    let get = c.get("/orders", &[]).await;
    assert_json_error(&get, 405);
    assert_eq!(get.header("allow"), Some("POST"));
    let big = format!(r#"{{"note":"{}"}}"#, "a".repeat(70 * 1024));
    let mut fresh = Client::new(server.addr);
    let too_big = fresh
        .send("PUT", "/orders/1", &[("if-match", "\"v1\"")], Some(&big))
        .await;
    assert_json_error(&too_big, 413);
}

// RFC 9110 §5.6.1, §13.1.3: hostile fields get an answer, never a crash
#[tokio::test]
async fn orders_hostile_headers_get_an_answer() {
    let server = demo().await;
    let mut c = Client::new(server.addr);
    let commas = ",".repeat(16 * 1024);
    let many_tags = "\"x\", ".repeat(2000) + "\"v1\"";
    let body = Some(r#"{"total":1}"#);
    assert_eq!(
        c.get("/orders/1", &[("if-none-match", &commas)])
            .await
            .status,
        200
    );
    let many = c.get("/orders/1", &[("if-none-match", &many_tags)]).await;
    assert_eq!(many.status, 304);
    assert!(many
        .header("x-precondition")
        .is_some_and(|x| x.len() <= 512));
    let garbage = [("if-modified-since", "yesterday, 99 Foo 12345 25:61:61 XYZ")];
    assert_eq!(c.get("/orders/1", &garbage).await.status, 200);
    assert_json_error(
        &c.send("PUT", "/orders/1", &[("if-match", &commas)], body)
            .await,
        412,
    );
    let ius = [("if-unmodified-since", "garbage")];
    assert_json_error(&c.send("PUT", "/orders/1", &ius, body).await, 428);
    // Past the extractor's bound on conditional fields: 431, not a crash.
    let huge = format!("\"{}\"", "y".repeat(70 * 1024));
    let mut fresh = Client::new(server.addr);
    let reply = fresh
        .send("PUT", "/orders/1", &[("if-match", &huge)], body)
        .await;
    assert_eq!(reply.status, 431, "{reply:?}");
    let mut fresh = Client::new(server.addr);
    let get = fresh.get("/orders/1", &[]).await;
    assert_eq!((get.status, get.etag()), (200, "\"v1\"".to_owned()));
}

// RFC 9110 §13.1.1 ("prevents lost updates"), RFC 6585 §3: 8 clients × 50
// read-modify-write increments with retry on 412 end at exactly 400
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_read_modify_write_loses_no_update() {
    const CLIENTS: usize = 8;
    const INCREMENTS: usize = 50;
    const MAX_ATTEMPTS: usize = 500;
    let server = demo().await;
    let addr = server.addr;
    // Every client reads before any writes on the first round, so that at
    // least one write is stale: synchronization, not timing.
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let mut c = Client::new(addr);
                let mut conflicts = 0;
                for round in 0..INCREMENTS {
                    let mut attempts = 0;
                    loop {
                        attempts += 1;
                        assert!(attempts <= MAX_ATTEMPTS, "no progress");
                        let read = c.get("/orders/1", &[]).await;
                        assert_eq!(read.status, 200);
                        let total = read.json()["total"].as_u64().expect("total");
                        if round == 0 && attempts == 1 {
                            barrier.wait().await;
                        }
                        let body = json!({"status": "pending", "total": total + 1}).to_string();
                        let write = c
                            .send(
                                "PUT",
                                "/orders/1",
                                &[("if-match", &read.etag())],
                                Some(&body),
                            )
                            .await;
                        match write.status {
                            200 => break,
                            412 => conflicts += 1,
                            other => panic!("unexpected {other}: {write:?}"),
                        }
                    }
                }
                conflicts
            })
        })
        .collect();
    let mut conflicts = 0;
    for worker in workers {
        conflicts += tokio::time::timeout(common::TIMEOUT * 6, worker)
            .await
            .expect("worker timed out")
            .expect("worker panicked");
    }
    let end = Client::new(addr).get("/orders/1", &[]).await;
    assert_eq!(end.json()["total"], json!(CLIENTS * INCREMENTS));
    assert!(conflicts >= 1, "no 412 was seen");
    assert_eq!(end.etag(), format!("\"v{}\"", 3 + CLIENTS * INCREMENTS));
}

// The command-line contract: `--addr` is honoured, a bad argument exits 2
#[tokio::test]
async fn the_demo_binary_serves_on_the_given_address() {
    let exe = std::env::current_exe().expect("test path");
    let demo = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("examples").join("demo"))
        .expect("target dir");
    assert!(demo.exists(), "build the example first: {}", demo.display());
    let bad = std::process::Command::new(&demo)
        .arg("--bogus")
        .output()
        .expect("run demo");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("127.0.0.1:3001"));

    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let addr = probe.local_addr().expect("addr");
    drop(probe);
    let mut child = tokio::process::Command::new(&demo)
        .args(["--addr", &addr.to_string()])
        .kill_on_drop(true)
        .spawn()
        .expect("spawn demo");
    let mut served = None;
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_ok() {
            served = Some(raw(addr, "GET", "/hello", &[]).await);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill().await;
    let served = served.expect("the demo never listened");
    assert_eq!((served.status, served.text().as_str()), (200, app::HELLO));
}
