//! The axum notes API of `demos/src/notes.rs` (issue 12's newcomer path)
//! on loopback, driven over raw TCP so that every byte of every response
//! is seen, a 304's framing included.

use std::net::SocketAddr;
use std::time::Duration;

use http_conditional_demos::notes::{router, Notes, README};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router(Notes::seeded())).await });
    addr
}

/// A response as it came off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// `(lowercase name, value)`, in order.
    headers: Vec<(String, String)>,
    /// Every byte after the head, until the server closed.
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One request on its own connection (`Connection: close`), read to the
/// end.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    fields: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in fields {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "PUT" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        raw
    };
    let raw = tokio::time::timeout(Duration::from_secs(20), exchange)
        .await
        .expect("the server answers and closes");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(raw[..split].to_vec()).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// RFC 9110 §8.6, §15.4.5: a 304 has no content, and no Content-Length
/// (one is allowed only if it equals the 200's).
fn assert_bare_304(reply: &Reply) {
    assert_eq!(reply.status, 304, "{reply:?}");
    assert!(reply.body.is_empty(), "{reply:?}");
    assert_eq!(reply.header("content-length"), None, "{reply:?}");
    assert_eq!(reply.header("content-type"), None, "{reply:?}");
}

// RFC 9110 §13.1.2, §15.4.5: GET and HEAD with the current tag get a bare
// 304 that keeps ETag and Cache-Control
#[tokio::test]
async fn a_matching_if_none_match_is_a_bare_304_for_get_and_head() {
    let addr = start().await;
    let ok = send(addr, "GET", "/notes/hello", &[], "").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("etag"), Some("\"v1\""));
    assert_eq!(ok.body, br#"{"id":"hello","text":"first note"}"#);
    for method in ["GET", "HEAD"] {
        let reply = send(
            addr,
            method,
            "/notes/hello",
            &[("If-None-Match", "W/\"v1\"")],
            "",
        )
        .await;
        assert_bare_304(&reply);
        assert_eq!(reply.header("etag"), Some("\"v1\""));
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
    }
    let head = send(addr, "HEAD", "/notes/hello", &[], "").await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("34"));
    assert!(head.body.is_empty());
}

// RFC 9110 §13.2.1: preconditions before the method's work; RFC 6585 §3:
// a blind write is 428 whatever its body and Content-Type
#[tokio::test]
async fn a_blind_put_is_428_before_its_body_is_read() {
    let addr = start().await;
    let reply = send(addr, "PUT", "/notes/hello", &[], "not json").await;
    assert_eq!(reply.status, 428);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let hint = String::from_utf8(reply.body).unwrap();
    assert!(hint.contains("If-Match: \"v1\""), "{hint}");
}

// RFC 9110 §13.1.1: a stale If-Match is 412 with the current ETag, even
// with a body that would not parse
#[tokio::test]
async fn a_stale_if_match_is_412_even_with_a_bad_body() {
    let addr = start().await;
    let reply = send(
        addr,
        "PUT",
        "/notes/hello",
        &[("If-Match", "\"v0\"")],
        "{oops",
    )
    .await;
    assert_eq!(reply.status, 412);
    assert_eq!(reply.header("etag"), Some("\"v1\""));
    assert!(String::from_utf8(reply.body)
        .unwrap()
        .starts_with("The resource has changed"));
}

// RFC 9110 §13.1.1: the current If-Match proceeds; the new state gets a new
// tag, and the old one no longer matches
#[tokio::test]
async fn the_current_if_match_writes_and_changes_the_tag() {
    let addr = start().await;
    let put = send(
        addr,
        "PUT",
        "/notes/hello",
        &[("If-Match", "\"v1\""), ("Content-Type", "application/json")],
        r#"{"text": "second"}"#,
    )
    .await;
    assert_eq!(put.status, 200);
    assert_eq!(put.header("etag"), Some("\"v2\""));
    let get = send(
        addr,
        "GET",
        "/notes/hello",
        &[("If-None-Match", "\"v1\"")],
        "",
    )
    .await;
    assert_eq!(get.status, 200);
    assert_eq!(get.body, br#"{"id":"hello","text":"second"}"#);
    let again = send(
        addr,
        "PUT",
        "/notes/hello",
        &[("If-Match", "\"v1\"")],
        r#"{"text": "x"}"#,
    )
    .await;
    assert_eq!(again.status, 412);
    // A good precondition with a bad body is the body's fault: 400.
    let bad = send(addr, "PUT", "/notes/hello", &[("If-Match", "\"v2\"")], "[]").await;
    assert_eq!(bad.status, 400);
}

// RFC 9110 §13.1.2: If-None-Match: * creates what does not exist, and only
// that
#[tokio::test]
async fn if_none_match_star_creates_only() {
    let addr = start().await;
    let create = send(
        addr,
        "PUT",
        "/notes/new",
        &[("If-None-Match", "*")],
        r#"{"text": "n"}"#,
    )
    .await;
    assert_eq!(create.status, 201);
    assert_eq!(create.header("etag"), Some("\"v2\""));
    let twice = send(
        addr,
        "PUT",
        "/notes/new",
        &[("If-None-Match", "*")],
        r#"{"text": "m"}"#,
    )
    .await;
    assert_eq!(twice.status, 412);
    assert!(String::from_utf8(twice.body)
        .unwrap()
        .starts_with("The resource already exists"));
    // RFC 9110 §13.2.1: an unknown note is 404, not 304.
    let missing = send(addr, "GET", "/notes/nope", &[("If-None-Match", "*")], "").await;
    assert_eq!(missing.status, 404);
}

// RFC 9110 §8.8.3, §13.1.2, §13.1.3: the file's tag is its SHA-256, and
// If-Modified-Since works from its Last-Modified
#[tokio::test]
async fn the_static_file_is_tagged_by_its_digest_and_dated() {
    let addr = start().await;
    let ok = send(addr, "GET", "/static/readme.txt", &[], "").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, README.as_bytes());
    let sha256 = Sha256::digest(README.as_bytes());
    let tag = ok.header("etag").unwrap().to_owned();
    assert_eq!(tag.len(), 2 + 43, "base64url of 32 bytes, quoted");
    let decoded: Vec<u8> = {
        // base64url without padding, decoded by hand to compare.
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let bits: Vec<u8> = tag[1..44]
            .bytes()
            .map(|c| ALPHABET.iter().position(|&a| a == c).unwrap() as u8)
            .collect();
        let mut out = Vec::new();
        let (mut acc, mut n) = (0u32, 0);
        for b in bits {
            acc = acc << 6 | u32::from(b);
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((acc >> n) as u8);
            }
        }
        out
    };
    assert_eq!(decoded, sha256.as_slice());
    assert_eq!(
        ok.header("last-modified"),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );

    for method in ["GET", "HEAD"] {
        let same = send(
            addr,
            method,
            "/static/readme.txt",
            &[("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")],
            "",
        )
        .await;
        assert_bare_304(&same);
        assert_eq!(same.header("etag"), Some(tag.as_str()));
        let tagged = send(
            addr,
            method,
            "/static/readme.txt",
            &[("If-None-Match", &tag)],
            "",
        )
        .await;
        assert_bare_304(&tagged);
    }
    let earlier = send(
        addr,
        "GET",
        "/static/readme.txt",
        &[("If-Modified-Since", "Sat, 05 Nov 1994 08:49:37 GMT")],
        "",
    )
    .await;
    assert_eq!(earlier.status, 200);
    // RFC 9110 §13.1.3: If-Modified-Since is ignored beside If-None-Match.
    let both = send(
        addr,
        "GET",
        "/static/readme.txt",
        &[
            ("If-None-Match", "\"other\""),
            ("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ],
        "",
    )
    .await;
    assert_eq!(both.status, 200);
}
