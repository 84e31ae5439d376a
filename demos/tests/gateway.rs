//! The gateway of `demos/examples/gateway.rs` in front of the orders API
//! (and of a small stub origin), both started in-process on 127.0.0.1:0 and
//! driven by a real HTTP/1.1 client (hyper's client connection). What
//! crosses from the origin to the gateway is counted by the gateway as it
//! arrives.

mod support;

use http_conditional_demos::gateway::{Gateway, OriginTraffic, X_CACHE};

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::json;
use support::{connect, exchange, start_gateway, start_orders, Reply, Running, TIMEOUT};
use tokio::net::TcpListener;

/// Sends one request on a new connection; each header is its own line.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    let sent = async {
        let mut sender = connect(addr).await;
        exchange(&mut sender, method, path, headers, body).await
    };
    tokio::time::timeout(TIMEOUT, sent)
        .await
        .unwrap_or_else(|_| panic!("{method} {path} timed out"))
}

/// The orders API and a gateway in front of it.
async fn setup() -> (Running, Running, Gateway) {
    let origin = start_orders().await;
    let (gateway, gw) = start_gateway(origin.addr).await;
    (origin, gateway, gw)
}

// RFC 9111 §4.3.2: a GET through the gateway is the origin's 200, stored
#[tokio::test]
async fn a_get_through_the_gateway_is_the_origins_200() {
    let (_origin, gateway, gw) = setup().await;
    let reply = send(gateway.addr, "GET", "/orders/1", &[], None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({"id": 1, "status": "pending", "total": 0})
    );
    assert_eq!(reply.header("etag"), Some("\"v1\""));
    assert_eq!(reply.header(X_CACHE), Some("miss"));
    assert_eq!(
        reply.header("content-length"),
        Some(reply.body.len().to_string().as_str())
    );
    let traffic = gw.origin_traffic();
    assert_eq!(
        (traffic.requests, traffic.bodies, traffic.body_bytes),
        (1, 1, reply.body.len() as u64)
    );
    assert!(gw.stored("/orders/1").is_some());
}

// RFC 9111 §4.3.1, §4.3.2: the repeat with If-None-Match is answered 304 by
// the gateway after the origin answered the gateway's validation request
// 304, so no body crossed from origin to gateway the second time
#[tokio::test]
async fn a_repeat_with_if_none_match_is_304_and_no_body_crosses_again() {
    let (_origin, gateway, gw) = setup().await;
    let first = send(gateway.addr, "GET", "/orders/1", &[], None).await;
    let before = gw.origin_traffic();

    let repeat = send(
        gateway.addr,
        "GET",
        "/orders/1",
        &[("If-None-Match", "\"v1\"")],
        None,
    )
    .await;
    assert_eq!(repeat.status, 304, "{repeat:?}");
    assert!(repeat.body.is_empty());
    assert_eq!(repeat.header("etag"), Some("\"v1\""));
    assert_eq!(repeat.header("content-length"), None);
    assert_eq!(repeat.header(X_CACHE), Some("revalidated"));
    assert!(
        repeat
            .header("x-cache-answer")
            .is_some_and(|x| x.starts_with("304")),
        "{repeat:?}"
    );
    let after = gw.origin_traffic();
    assert_eq!(
        after,
        OriginTraffic {
            requests: before.requests + 1,
            not_modified: before.not_modified + 1,
            ..before
        }
    );

    // A plain GET is served whole from the stored response, still with no
    // body from the origin.
    let plain = send(gateway.addr, "GET", "/orders/1", &[], None).await;
    assert_eq!((plain.status, &plain.body), (200, &first.body));
    assert_eq!(gw.origin_traffic().body_bytes, before.body_bytes);
}

// RFC 9111 §4.3.2 with the fallback to Date (the orders API sends no
// Last-Modified): the stored Date, refreshed by each revalidation, is
// compared with If-Modified-Since
#[tokio::test]
async fn if_modified_since_is_compared_with_the_stored_date() {
    let (_origin, gateway, gw) = setup().await;
    send(gateway.addr, "GET", "/orders/3", &[], None).await;
    let later = [("If-Modified-Since", "Fri, 31 Dec 2099 23:59:59 GMT")];
    let repeat = send(gateway.addr, "GET", "/orders/3", &later, None).await;
    assert_eq!(repeat.status, 304, "{repeat:?}");
    let x = repeat.header("x-cache-answer").expect("explanation");
    assert!(
        x.contains("the stored Date stands in for Last-Modified"),
        "{x}"
    );
    let earlier = [("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")];
    let old = send(gateway.addr, "GET", "/orders/3", &earlier, None).await;
    assert_eq!(old.status, 200);
    assert_eq!(gw.origin_traffic().bodies, 1);
}

// RFC 9111 §4.4, RFC 9110 §13.1.1: a PUT is forwarded untouched (If-Match
// and all) and the next GET returns the new body and tag
#[tokio::test]
async fn a_put_is_forwarded_untouched_and_the_next_get_has_the_new_body_and_tag() {
    let (_origin, gateway, gw) = setup().await;
    let first = send(gateway.addr, "GET", "/orders/2", &[], None).await;
    assert_eq!(first.header("etag"), Some("\"v2\""));
    let body = Some(r#"{"status":"paid","total":5}"#);

    // The origin's answers come back as the origin gave them.
    let blind = send(gateway.addr, "PUT", "/orders/2", &[], body).await;
    assert_eq!(blind.status, 428);
    let stale = send(
        gateway.addr,
        "PUT",
        "/orders/2",
        &[("If-Match", "\"v1\"")],
        body,
    )
    .await;
    assert_eq!((stale.status, stale.header("etag")), (412, Some("\"v2\"")));
    let put = send(
        gateway.addr,
        "PUT",
        "/orders/2",
        &[("If-Match", "\"v2\"")],
        body,
    )
    .await;
    assert_eq!(put.status, 200, "{put:?}");
    let new_tag = put.header("etag").expect("new ETag").to_owned();
    assert_ne!(new_tag, "\"v2\"");
    assert!(
        gw.stored("/orders/2").is_none(),
        "a successful PUT invalidates"
    );

    let after = send(
        gateway.addr,
        "GET",
        "/orders/2",
        &[("If-None-Match", "\"v2\"")],
        None,
    )
    .await;
    assert_eq!(after.status, 200);
    assert_eq!(after.header("etag"), Some(new_tag.as_str()));
    assert_eq!(after.json(), json!({"id": 2, "status": "paid", "total": 5}));
}

// RFC 9111 §4.3.2: If-Match is not applicable to a cache; the gateway never
// turns it into a 412 (the origin itself would, for a GET)
#[tokio::test]
async fn if_match_on_a_get_is_never_turned_into_a_412_by_the_gateway() {
    let (origin, gateway, gw) = setup().await;
    let direct = send(
        origin.addr,
        "GET",
        "/orders/1",
        &[("If-Match", "\"nope\"")],
        None,
    )
    .await;
    assert_eq!(direct.status, 412, "the origin evaluates If-Match");

    for round in ["miss", "revalidated"] {
        let reply = send(
            gateway.addr,
            "GET",
            "/orders/1",
            &[("If-Match", "\"nope\"")],
            None,
        )
        .await;
        assert_eq!(reply.status, 200, "{round}: {reply:?}");
        assert_eq!(reply.header(X_CACHE), Some(round));
        assert_eq!(reply.json()["id"], json!(1));
        let x = reply.header("x-cache-answer").expect("explanation");
        assert!(x.contains("If-Match not evaluated"), "{x}");
    }
    let unmodified = send(
        gateway.addr,
        "GET",
        "/orders/1",
        &[("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")],
        None,
    )
    .await;
    assert_eq!(unmodified.status, 200);
    assert_eq!(
        gw.origin_traffic().bodies,
        1,
        "only the first GET carried a body"
    );
}

// RFC 9110 §9.3.2: HEAD gets the stored head, no content
#[tokio::test]
async fn head_through_the_gateway_has_the_get_headers_and_no_content() {
    let (_origin, gateway, _gw) = setup().await;
    let get = send(gateway.addr, "GET", "/orders/1", &[], None).await;
    let head = send(gateway.addr, "HEAD", "/orders/1", &[], None).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for name in ["etag", "content-type", "content-length"] {
        assert_eq!(head.header(name), get.header(name), "{name}");
    }
    let not_modified = send(
        gateway.addr,
        "HEAD",
        "/orders/1",
        &[("If-None-Match", "\"v1\"")],
        None,
    )
    .await;
    assert_eq!(not_modified.status, 304);
}

/// A stub origin on a thread: the n-th request's head goes to `requests`,
/// and it answers with `respond(n)`'s bytes, verbatim, then closes.
struct Stub {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

fn stub(respond: impl Fn(usize) -> Vec<u8> + Send + 'static) -> Stub {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|k| k == 1) {
                head.push(byte[0]);
            }
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&head).into_owned());
            let _ = stream.write_all(&respond(n));
        }
    });
    Stub { addr, requests }
}

const STUB_200: &str = "HTTP/1.1 200 OK\r\n\
    ETag: \"s1\"\r\n\
    Content-Type: text/plain\r\n\
    Content-Length: 11\r\n\
    Cache-Control: max-age=0\r\n\
    X-Old: 1\r\n\
    Connection: close\r\n\r\n\
    hello world";

// RFC 9111 §3.2: a 304 with Content-Length: 0 and a new field; the stored
// response keeps its length and gains the field
#[tokio::test]
async fn a_304_with_content_length_0_keeps_the_stored_length_and_adds_the_new_field() {
    let origin = stub(|n| {
        if n == 0 {
            STUB_200.as_bytes().to_vec()
        } else {
            b"HTTP/1.1 304 Not Modified\r\n\
              ETag: \"s1\"\r\n\
              Content-Length: 0\r\n\
              Cache-Control: max-age=60\r\n\
              X-New: 1\r\n\
              Connection: close\r\n\r\n"
                .to_vec()
        }
    });
    let (gateway, gw) = start_gateway(origin.addr).await;
    let first = send(gateway.addr, "GET", "/page", &[], None).await;
    assert_eq!((first.status, &first.body[..]), (200, &b"hello world"[..]));

    let second = send(gateway.addr, "GET", "/page", &[], None).await;
    assert_eq!(second.status, 200, "{second:?}");
    assert_eq!(&second.body[..], b"hello world");
    assert_eq!(second.header("content-length"), Some("11"));
    assert_eq!(second.header("x-new"), Some("1"));
    assert_eq!(second.header("x-old"), Some("1"));
    assert_eq!(second.header("cache-control"), Some("max-age=60"));
    assert_eq!(second.header(X_CACHE), Some("revalidated"));

    let (head, body) = gw.stored("/page").expect("stored");
    assert_eq!(head["content-length"], "11");
    assert_eq!(head["x-new"], "1");
    assert_eq!(&body[..], b"hello world");

    // The gateway sent the stored tag, and nothing of the client's.
    let requests = origin.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    assert!(
        !requests[0].to_ascii_lowercase().contains("if-none-match"),
        "{}",
        requests[0]
    );
    assert!(
        requests[1]
            .to_ascii_lowercase()
            .contains("if-none-match: \"s1\""),
        "{}",
        requests[1]
    );
}

// RFC 9111 §4.3.4: a 304 naming another representation updates nothing;
// the gateway asks again without preconditions
#[tokio::test]
async fn a_304_naming_another_tag_is_not_applied_and_the_gateway_refetches() {
    let origin = stub(|n| match n {
        0 => STUB_200.as_bytes().to_vec(),
        1 => b"HTTP/1.1 304 Not Modified\r\nETag: \"other\"\r\nConnection: close\r\n\r\n".to_vec(),
        _ => {
            b"HTTP/1.1 200 OK\r\nETag: \"s2\"\r\nContent-Length: 3\r\nConnection: close\r\n\r\nnew"
                .to_vec()
        }
    });
    let (gateway, _gw) = start_gateway(origin.addr).await;
    send(gateway.addr, "GET", "/page", &[], None).await;
    let reply = send(
        gateway.addr,
        "GET",
        "/page",
        &[("If-None-Match", "\"s1\"")],
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(&reply.body[..], b"new");
    assert_eq!(reply.header("etag"), Some("\"s2\""));
    assert_eq!(reply.header(X_CACHE), Some("refetched"));
    let requests = origin.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    assert!(
        !requests[2].to_ascii_lowercase().contains("if-none-match"),
        "{}",
        requests[2]
    );
}

// A gateway whose origin is down answers 502, never a stored response it
// could not revalidate
#[tokio::test]
async fn an_unreachable_origin_is_a_502() {
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let (gateway, _gw) = start_gateway(addr).await;
    let reply = send(gateway.addr, "GET", "/orders/1", &[], None).await;
    assert_eq!(reply.status, 502);
    assert!(Gateway::new("https://example.com:443").is_err());
    assert!(Gateway::new("http://nohost").is_err());
}

/// The field names of a request head the stub received, lowercased.
fn field_names(head: &str) -> Vec<String> {
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, _)| name.trim().to_ascii_lowercase())
        .collect()
}

/// The hop-by-hop fields of RFC 9110 §7.6.1 the stub sends, besides those
/// its `Connection` lines name.
const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "transfer-encoding",
    "upgrade",
];

// RFC 9110 §7.6.1: "Connection" and the fields it names, Keep-Alive,
// Proxy-Connection, TE, Transfer-Encoding and Upgrade are hop-by-hop; a
// proxy removes them before forwarding, and a cache does not store them
// (RFC 9111 §3.1), whether they come in a 200, in a 304 merged into the
// stored head, or in a client's request
#[tokio::test]
async fn hop_by_hop_fields_are_neither_forwarded_nor_stored_nor_relayed() {
    let origin = stub(|n| match n {
        0 => b"HTTP/1.1 200 OK\r\n\
              ETag: \"h1\"\r\n\
              Content-Type: text/plain\r\n\
              Connection: X-Hop, close\r\n\
              Connection: x-other-hop\r\n\
              X-Hop: secret\r\n\
              X-Other-Hop: secret\r\n\
              Keep-Alive: timeout=5\r\n\
              Proxy-Connection: keep-alive\r\n\
              TE: trailers\r\n\
              Upgrade: example/1\r\n\
              X-End: kept\r\n\
              Transfer-Encoding: chunked\r\n\r\n\
              5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            .to_vec(),
        _ => b"HTTP/1.1 304 Not Modified\r\n\
              ETag: \"h1\"\r\n\
              Connection: X-Hop-304, close\r\n\
              X-Hop-304: secret\r\n\
              Keep-Alive: timeout=5\r\n\
              X-New: 1\r\n\r\n"
            .to_vec(),
    });
    let (gateway, gw) = start_gateway(origin.addr).await;
    let client_hops = [
        ("Connection", "X-Client-Hop"),
        ("X-Client-Hop", "secret"),
        ("Keep-Alive", "300"),
        ("Proxy-Connection", "keep-alive"),
        ("TE", "trailers"),
        ("X-Client-End", "kept"),
    ];
    let first = send(gateway.addr, "GET", "/hop", &client_hops, None).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(&first.body[..], b"hello world");
    let second = send(gateway.addr, "GET", "/hop", &client_hops, None).await;
    assert_eq!(
        (second.status, &second.body[..]),
        (200, &b"hello world"[..])
    );
    assert_eq!(second.header(X_CACHE), Some("revalidated"));

    let hop = |name: &str| {
        HOP_BY_HOP.contains(&name) || ["x-hop", "x-other-hop", "x-hop-304"].contains(&name)
    };
    // Stored: the end-to-end fields of the 200, and of the 304 merged in.
    let (head, body) = gw.stored("/hop").expect("stored");
    assert_eq!(&body[..], b"hello world");
    for name in head.keys() {
        assert!(!hop(name.as_str()), "stored {name}: {head:?}");
    }
    assert_eq!(head["x-end"], "kept");
    assert_eq!(head["x-new"], "1");
    assert_eq!(head["etag"], "\"h1\"");

    // Relayed: none of the origin's hop-by-hop fields reach the client.
    for reply in [&first, &second] {
        for name in reply.headers.keys() {
            assert!(!hop(name.as_str()), "relayed {name}: {reply:?}");
        }
        assert_eq!(reply.header("x-end"), Some("kept"));
        assert_eq!(reply.header("content-length"), Some("11"));
        assert_eq!(reply.header("transfer-encoding"), None);
    }

    // Forwarded: none of the client's hop-by-hop fields reach the origin.
    let requests = origin.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let names = field_names(request);
        for name in &names {
            assert!(
                !HOP_BY_HOP.contains(&name.as_str()) && name != "x-client-hop",
                "forwarded {name}: {request}"
            );
        }
        assert!(names.iter().any(|n| n == "x-client-end"), "{request}");
    }
}

/// Whether the stub's request head carries `If-None-Match`.
fn validates(head: &str) -> bool {
    field_names(head).iter().any(|n| n == "if-none-match")
}

// RFC 9111 §4.3.3 as SPEC_NOTES.md §3.3 reads it for the gateway: a 404 or
// 410 to the validation request means the stored response is no longer the
// resource's, so it is dropped and the answer relayed; any other answer
// (a 503 here) is relayed and the stored response kept for the next
// validation
#[tokio::test]
async fn a_404_or_410_from_the_origin_drops_the_stored_response() {
    let origin = stub(|n| {
        let response: &[u8] = match n {
            0 => STUB_200.as_bytes(),
            1 => b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy",
            2 => b"HTTP/1.1 304 Not Modified\r\nETag: \"s1\"\r\nConnection: close\r\n\r\n",
            3 => b"HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\nConnection: close\r\n\r\nmissing",
            4 => b"HTTP/1.1 200 OK\r\nETag: \"s2\"\r\nContent-Length: 4\r\nConnection: close\r\n\r\nback",
            5 => b"HTTP/1.1 410 Gone\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone",
            _ => b"HTTP/1.1 200 OK\r\nETag: \"s3\"\r\nContent-Length: 5\r\nConnection: close\r\n\r\nagain",
        };
        response.to_vec()
    });
    let (gateway, gw) = start_gateway(origin.addr).await;
    let get = || send(gateway.addr, "GET", "/page", &[], None);

    assert_eq!(get().await.status, 200);
    let busy = get().await;
    assert_eq!((busy.status, &busy.body[..]), (503, &b"busy"[..]));
    assert!(gw.stored("/page").is_some(), "a 503 drops nothing");
    let kept = get().await;
    assert_eq!((kept.status, &kept.body[..]), (200, &b"hello world"[..]));
    assert_eq!(kept.header(X_CACHE), Some("revalidated"));

    let missing = get().await;
    assert_eq!((missing.status, &missing.body[..]), (404, &b"missing"[..]));
    assert!(
        gw.stored("/page").is_none(),
        "a 404 drops the stored response"
    );
    let back = get().await;
    assert_eq!((back.status, &back.body[..]), (200, &b"back"[..]));
    assert_eq!(back.header(X_CACHE), Some("miss"));

    let gone = get().await;
    assert_eq!((gone.status, &gone.body[..]), (410, &b"gone"[..]));
    assert!(
        gw.stored("/page").is_none(),
        "a 410 drops the stored response"
    );
    let again = get().await;
    assert_eq!((again.status, again.header("etag")), (200, Some("\"s3\"")));

    // What the gateway asked: a validation while something was stored, an
    // unconditional request right after each 404 and 410.
    let requests = origin.requests.lock().unwrap().clone();
    let validated: Vec<bool> = requests.iter().map(|r| validates(r)).collect();
    assert_eq!(
        validated,
        [false, true, true, true, false, true, false],
        "{requests:?}"
    );
}

// The same with the orders API: an order deleted at the origin behind the
// gateway's back answers the next validation 404, which the gateway relays
// and stops storing
#[tokio::test]
async fn an_order_deleted_at_the_origin_is_dropped_on_its_404() {
    let (origin, gateway, gw) = setup().await;
    let first = send(gateway.addr, "GET", "/orders/3", &[], None).await;
    assert_eq!((first.status, first.header("etag")), (200, Some("\"v3\"")));
    let deleted = send(
        origin.addr,
        "DELETE",
        "/orders/3",
        &[("If-Match", "\"v3\"")],
        None,
    )
    .await;
    assert_eq!(deleted.status, 204);
    assert!(gw.stored("/orders/3").is_some(), "the gateway saw nothing");

    let reply = send(
        gateway.addr,
        "GET",
        "/orders/3",
        &[("If-None-Match", "\"v3\"")],
        None,
    )
    .await;
    assert_eq!(reply.status, 404, "never the stored 304: {reply:?}");
    assert_eq!(reply.json()["status"], json!(404));
    assert!(gw.stored("/orders/3").is_none());
}

// RFC 9110 §14.2: a server MAY ignore Range; the gateway does not cut
// ranges (its docs), so a Range, with an If-Range that matches or not, gets
// the whole stored 200, never a 206, and the explanation says so. Neither
// Range nor If-Range is forwarded: the validation request is the cache's
// own (RFC 9111 §4.3.1). If-None-Match still comes first (RFC 9110
// §13.2.2).
#[tokio::test]
async fn a_range_through_the_gateway_gets_the_whole_stored_200() {
    let origin = stub(|n| {
        if n == 0 {
            STUB_200.as_bytes().to_vec()
        } else {
            b"HTTP/1.1 304 Not Modified\r\nETag: \"s1\"\r\nConnection: close\r\n\r\n".to_vec()
        }
    });
    let (gateway, _gw) = start_gateway(origin.addr).await;
    let range = ("Range", "bytes=0-4");
    let cases: [&[(&str, &str)]; 4] = [
        &[range],
        &[range, ("If-Range", "\"s1\"")],
        &[range, ("If-Range", "\"other\"")],
        &[("Range", "bytes=0-1, 6-7")],
    ];
    for (k, headers) in cases.into_iter().enumerate() {
        let reply = send(gateway.addr, "GET", "/page", headers, None).await;
        assert_eq!(reply.status, 200, "{headers:?}: {reply:?}");
        assert_eq!(&reply.body[..], b"hello world", "{headers:?}");
        assert_eq!(reply.header("content-range"), None, "{headers:?}");
        assert_eq!(reply.header("content-length"), Some("11"));
        let how = if k == 0 { "miss" } else { "revalidated" };
        assert_eq!(reply.header(X_CACHE), Some(how));
        let x = reply.header("x-cache-answer").expect("explanation");
        assert!(x.starts_with("200"), "{headers:?}: {x}");
        if headers.len() > 1 {
            assert!(
                x.contains("If-Range ignored (the resource does not support range requests"),
                "{headers:?}: {x}"
            );
        }
    }
    let head = send(gateway.addr, "HEAD", "/page", &[range], None).await;
    assert_eq!(head.status, 200, "{head:?}");
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-range"), None);
    assert_eq!(head.header("content-length"), Some("11"));

    let not_modified = [range, ("If-Range", "\"s1\""), ("If-None-Match", "\"s1\"")];
    let reply = send(gateway.addr, "GET", "/page", &not_modified, None).await;
    assert_eq!(reply.status, 304, "{reply:?}");

    let requests = origin.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), cases.len() + 2);
    for request in &requests {
        let names = field_names(request);
        assert!(
            !names.iter().any(|n| n == "range" || n == "if-range"),
            "{request}"
        );
    }
}
