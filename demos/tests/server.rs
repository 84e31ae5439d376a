//! The orders API of `demos/examples/server.rs`, started in-process on
//! 127.0.0.1:0 and driven by a real HTTP/1.1 client (hyper's client
//! connection): every flow with its headers, hostile headers, and the
//! lost-update test.

mod support;

use http_conditional_demos::orders as app;

use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use serde_json::json;
use support::{connect, exchange, start_orders, Reply, Running, TIMEOUT};
use tokio::sync::Barrier;

/// One keep-alive connection; reconnects if the server closed it.
struct Client {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    fn new(addr: SocketAddr) -> Client {
        Client { addr, sender: None }
    }

    /// Sends one request; each header is its own field line, in order.
    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &[u8])],
        body: Option<&str>,
    ) -> Reply {
        let sent = async {
            let ready = match self.sender.as_mut() {
                Some(sender) => sender.ready().await.is_ok(),
                None => false,
            };
            if !ready {
                self.sender = Some(connect(self.addr).await);
            }
            let sender = self.sender.as_mut().expect("sender");
            exchange(sender, method, path, headers, body).await
        };
        tokio::time::timeout(TIMEOUT, sent)
            .await
            .unwrap_or_else(|_| panic!("{method} {path} timed out"))
    }

    async fn get(&mut self, path: &str, headers: &[(&str, &[u8])]) -> Reply {
        self.send("GET", path, headers, None).await
    }
}

fn h<'a>(name: &'a str, value: &'a str) -> (&'a str, &'a [u8]) {
    (name, value.as_bytes())
}

/// A fresh server and a client for it.
async fn setup() -> (Running, Client) {
    let server = start_orders().await;
    let client = Client::new(server.addr);
    (server, client)
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

// RFC 9110 §8.8.3: a strong, version-based ETag with the representation
#[tokio::test]
async fn get_returns_the_order_with_a_strong_version_etag() {
    let (_server, mut c) = setup().await;
    for id in 1..=3 {
        let reply = c.get(&format!("/orders/{id}"), &[]).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.etag(), format!("\"v{id}\""));
        assert_eq!(reply.header("cache-control"), Some(app::CACHE_CONTROL));
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
}

// RFC 9110 §9.3.2: HEAD is GET without content
#[tokio::test]
async fn head_sends_the_get_headers_without_content() {
    let (_server, mut c) = setup().await;
    let get = c.get("/orders/2", &[]).await;
    let head = c.send("HEAD", "/orders/2", &[], None).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for name in ["etag", "cache-control", "content-type", "content-length"] {
        assert_eq!(head.header(name), get.header(name), "{name}");
    }
}

// RFC 9110 §13.1.2, §15.4.5: a matching If-None-Match gets 304 with ETag and
// Cache-Control, no content, no Content-Length, no Content-Type
#[tokio::test]
async fn get_with_matching_if_none_match_is_304_with_the_right_headers() {
    let (_server, mut c) = setup().await;
    for inm in ["\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", "*"] {
        for method in ["GET", "HEAD"] {
            let reply = c
                .send(method, "/orders/1", &[h("If-None-Match", inm)], None)
                .await;
            assert_eq!(reply.status, 304, "{method} If-None-Match: {inm}");
            assert_eq!(reply.etag(), "\"v1\"");
            assert_eq!(reply.header("cache-control"), Some(app::CACHE_CONTROL));
            assert!(reply.header("date").is_some());
            assert_eq!(reply.header("content-length"), None);
            assert_eq!(reply.header("content-type"), None);
            assert!(reply.body.is_empty());
            assert!(reply
                .header("x-precondition")
                .is_some_and(|x| x.starts_with("304")));
        }
    }
    let changed = c
        .get("/orders/1", &[h("If-None-Match", "\"v0\", W/\"v9\"")])
        .await;
    assert_eq!(changed.status, 200);
    assert_eq!(changed.json()["id"], json!(1));
}

// RFC 9110 §5.3: If-None-Match split across two field lines is one list
#[tokio::test]
async fn if_none_match_split_across_field_lines_still_matches() {
    let (_server, mut c) = setup().await;
    let reply = c
        .get(
            "/orders/3",
            &[h("If-None-Match", "\"v0\""), h("If-None-Match", "\"v3\"")],
        )
        .await;
    assert_eq!(reply.status, 304);
    let x = reply.header("x-precondition").expect("explanation");
    assert!(x.contains("member 2"), "{x}");
}

// RFC 6585 §3: a write without a precondition is 428
#[tokio::test]
async fn blind_writes_are_428_with_a_json_error() {
    let (_server, mut c) = setup().await;
    let put = c
        .send(
            "PUT",
            "/orders/1",
            &[],
            Some(r#"{"status":"paid","total":5}"#),
        )
        .await;
    assert_json_error(&put, 428);
    assert!(put.json()["error"].as_str().unwrap().contains("If-Match"));
    let patch = c
        .send("PATCH", "/orders/1", &[], Some(r#"{"total":5}"#))
        .await;
    assert_json_error(&patch, 428);
    let delete = c.send("DELETE", "/orders/1", &[], None).await;
    assert_json_error(&delete, 428);
    let after = c.get("/orders/1", &[]).await;
    assert_eq!(
        (after.etag().as_str(), after.json()["total"].clone()),
        ("\"v1\"", json!(0))
    );
}

// RFC 9110 §13.1.1: a stale If-Match is 412 with the current ETag
#[tokio::test]
async fn stale_if_match_is_412_with_the_current_etag() {
    let (_server, mut c) = setup().await;
    let body = Some(r#"{"status":"paid","total":5}"#);
    for method in ["PUT", "PATCH"] {
        let reply = c
            .send(method, "/orders/2", &[h("If-Match", "\"v1\"")], body)
            .await;
        assert_json_error(&reply, 412);
        assert_eq!(reply.etag(), "\"v2\"");
        assert!(reply
            .header("x-precondition")
            .is_some_and(|x| x.contains("If-Match")));
    }
    let delete = c
        .send("DELETE", "/orders/2", &[h("If-Match", "\"v1\"")], None)
        .await;
    assert_json_error(&delete, 412);
    assert_eq!(delete.etag(), "\"v2\"");
    // A weak tag never matches If-Match (strong comparison).
    let weak = c
        .send("PUT", "/orders/2", &[h("If-Match", "W/\"v2\"")], body)
        .await;
    assert_json_error(&weak, 412);
    assert_eq!(c.get("/orders/2", &[]).await.etag(), "\"v2\"");
}

// RFC 9110 §13.1.1: a malformed If-Match is false
#[tokio::test]
async fn malformed_if_match_is_412() {
    let (_server, mut c) = setup().await;
    for value in ["v1", "\"v1", "\"v1\" \"v2\"", "*, \"v1\""] {
        let reply = c
            .send(
                "PUT",
                "/orders/1",
                &[h("If-Match", value)],
                Some(r#"{"total":1}"#),
            )
            .await;
        assert_json_error(&reply, 412);
    }
}

// RFC 9110 §13.1.1: the current If-Match lets the PUT replace the order
#[tokio::test]
async fn put_with_the_current_etag_replaces_the_order_and_changes_the_etag() {
    let (_server, mut c) = setup().await;
    let body = Some(r#"{"id":1,"status":"paid","total":42,"note":"x"}"#);
    let put = c
        .send("PUT", "/orders/1", &[h("If-Match", "\"v1\"")], body)
        .await;
    assert_eq!(put.status, 200);
    let tag = put.etag();
    assert_ne!(tag, "\"v1\"");
    assert_eq!(put.header("cache-control"), Some(app::CACHE_CONTROL));
    assert_eq!(
        put.json(),
        json!({"id": 1, "status": "paid", "total": 42, "note": "x"})
    );
    // PUT replaces every field but id.
    let body = Some(r#"{"status":"shipped"}"#);
    let put2 = c
        .send("PUT", "/orders/1", &[h("If-Match", &tag)], body)
        .await;
    assert_eq!(put2.status, 200);
    assert_eq!(put2.json(), json!({"id": 1, "status": "shipped"}));
    let get = c.get("/orders/1", &[]).await;
    assert_eq!(get.etag(), put2.etag());
    assert_eq!(get.json(), put2.json());
    // The old tag no longer matches either way.
    assert_eq!(
        c.get("/orders/1", &[h("If-None-Match", &tag)]).await.status,
        200
    );
    let stale = c
        .send("PUT", "/orders/1", &[h("If-Match", &tag)], body)
        .await;
    assert_eq!(stale.status, 412);
}

// RFC 9110 §13.1.2: If-None-Match: * creates only what does not exist
#[tokio::test]
async fn put_with_if_none_match_star_creates_a_new_order_only() {
    let (_server, mut c) = setup().await;
    let star = [h("If-None-Match", "*")];
    let body = Some(r#"{"status":"pending","total":7}"#);
    let created = c.send("PUT", "/orders/10", &star, body).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.header("location"), Some("/orders/10"));
    let tag = created.etag();
    assert_eq!(
        created.json(),
        json!({"id": 10, "status": "pending", "total": 7})
    );
    let get = c.get("/orders/10", &[]).await;
    assert_eq!((get.status, get.etag()), (200, tag.clone()));
    let again = c.send("PUT", "/orders/10", &star, body).await;
    assert_json_error(&again, 412);
    assert_eq!(again.etag(), tag);
    let existing = c.send("PUT", "/orders/1", &star, body).await;
    assert_json_error(&existing, 412);
}

// RFC 9110 §13.2.1: an unknown id is 404 before any precondition
#[tokio::test]
async fn unknown_ids_are_404_whatever_the_preconditions() {
    let (_server, mut c) = setup().await;
    let body = Some(r#"{"total":1}"#);
    assert_json_error(&c.get("/orders/99", &[]).await, 404);
    assert_json_error(
        &c.get("/orders/99", &[h("If-None-Match", "\"v1\"")]).await,
        404,
    );
    assert_eq!(c.send("HEAD", "/orders/99", &[], None).await.status, 404);
    for headers in [
        vec![],
        vec![h("If-Match", "*")],
        vec![h("If-Match", "\"v1\"")],
        vec![h("If-None-Match", "\"v1\"")],
    ] {
        for method in ["PUT", "PATCH"] {
            let reply = c.send(method, "/orders/99", &headers, body).await;
            assert_json_error(&reply, 404);
        }
        assert_json_error(&c.send("DELETE", "/orders/99", &headers, None).await, 404);
    }
    // PATCH never creates.
    let patch = c
        .send("PATCH", "/orders/99", &[h("If-None-Match", "*")], body)
        .await;
    assert_json_error(&patch, 404);
}

// RFC 5789: PATCH merges, with the same preconditions as PUT
#[tokio::test]
async fn patch_merges_the_given_fields() {
    let (_server, mut c) = setup().await;
    let patch = c
        .send(
            "PATCH",
            "/orders/3",
            &[h("If-Match", "\"v3\"")],
            Some(r#"{"total":9,"paid":true}"#),
        )
        .await;
    assert_eq!(patch.status, 200);
    assert_eq!(
        patch.json(),
        json!({"id": 3, "status": "pending", "total": 9, "paid": true})
    );
    let tag = patch.etag();
    assert_ne!(tag, "\"v3\"");
    let remove = c
        .send(
            "PATCH",
            "/orders/3",
            &[h("If-Match", &tag)],
            Some(r#"{"paid":null}"#),
        )
        .await;
    assert_eq!(remove.status, 200);
    assert_eq!(
        remove.json(),
        json!({"id": 3, "status": "pending", "total": 9})
    );
}

// RFC 9110 §13.1.1: DELETE with the current tag; tags never come back
#[tokio::test]
async fn delete_and_recreate_never_reuse_an_etag() {
    let (_server, mut c) = setup().await;
    let deleted = c
        .send("DELETE", "/orders/1", &[h("If-Match", "\"v1\"")], None)
        .await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    assert_json_error(&c.get("/orders/1", &[]).await, 404);
    assert_json_error(
        &c.send("DELETE", "/orders/1", &[h("If-Match", "\"v1\"")], None)
            .await,
        404,
    );
    // Re-create the same id with the same content as before.
    let body = Some(r#"{"status":"pending","total":0}"#);
    let created = c
        .send("PUT", "/orders/1", &[h("If-None-Match", "*")], body)
        .await;
    assert_eq!(created.status, 201);
    let tag = created.etag();
    assert_ne!(tag, "\"v1\"");
    // A client holding the old tag must not be told its copy is current,
    // nor be allowed to write on its basis.
    assert_eq!(
        c.get("/orders/1", &[h("If-None-Match", "\"v1\"")])
            .await
            .status,
        200
    );
    let old = c
        .send("PUT", "/orders/1", &[h("If-Match", "\"v1\"")], body)
        .await;
    assert_json_error(&old, 412);
    assert_eq!(old.etag(), tag);
}

// RFC 9110 §9.3.3: POST creates with a fresh id
#[tokio::test]
async fn post_creates_an_order_with_a_fresh_id() {
    let (_server, mut c) = setup().await;
    let body = Some(r#"{"status":"pending","total":3}"#);
    let first = c.send("POST", "/orders", &[], body).await;
    assert_eq!(first.status, 201);
    assert_eq!(first.header("location"), Some("/orders/4"));
    assert_eq!(
        first.json(),
        json!({"id": 4, "status": "pending", "total": 3})
    );
    let second = c.send("POST", "/orders", &[], body).await;
    assert_eq!(second.header("location"), Some("/orders/5"));
    assert_ne!(first.etag(), second.etag());
    let get = c.get("/orders/4", &[]).await;
    assert_eq!((get.status, get.etag()), (200, first.etag()));
    // The collection has no entity-tag: a listed tag cannot match.
    let conditional = c
        .send("POST", "/orders", &[h("If-Match", "\"v1\"")], body)
        .await;
    assert_json_error(&conditional, 412);
    let with_id = c.send("POST", "/orders", &[], Some(r#"{"id":8}"#)).await;
    assert_json_error(&with_id, 400);
}

// Bad JSON is 400 with a clear message, and nothing changes
#[tokio::test]
async fn bad_json_is_400_and_changes_nothing() {
    let (_server, mut c) = setup().await;
    let current = [h("If-Match", "\"v1\"")];
    for body in ["{", "", "[1, 2]", "\"text\"", r#"{"id": 2, "total": 1}"#] {
        for method in ["PUT", "PATCH"] {
            let reply = c.send(method, "/orders/1", &current, Some(body)).await;
            assert_json_error(&reply, 400);
            let message = reply.json()["error"].as_str().unwrap().to_owned();
            assert!(
                message.contains("JSON") || message.contains("\"id\""),
                "{method} {body:?}: {message}"
            );
        }
        let post = c.send("POST", "/orders", &[], Some(body)).await;
        assert_json_error(&post, 400);
    }
    let get = c.get("/orders/1", &[]).await;
    assert_eq!(get.etag(), "\"v1\"");
    assert_eq!(
        get.json(),
        json!({"id": 1, "status": "pending", "total": 0})
    );
    assert_eq!(c.get("/orders/4", &[]).await.status, 404);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_answered() {
    let (_server, mut c) = setup().await;
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
}

// RFC 9110 §5.6.1, §13.1.3: hostile fields get an answer, never a crash
#[tokio::test]
async fn hostile_headers_get_an_answer() {
    let (_server, mut c) = setup().await;
    let commas = ",".repeat(16 * 1024);
    let many_tags = "\"x\", ".repeat(2000) + "\"v1\"";
    let body = Some(r#"{"total":1}"#);

    let reply = c.get("/orders/1", &[h("If-None-Match", &commas)]).await;
    assert_eq!(reply.status, 200);
    let reply = c.get("/orders/1", &[h("If-None-Match", &many_tags)]).await;
    assert_eq!(reply.status, 304);
    assert!(reply
        .header("x-precondition")
        .is_some_and(|x| x.len() <= 512));
    let reply = c
        .get(
            "/orders/1",
            &[h(
                "If-Modified-Since",
                "yesterday, 99 Foo 12345 25:61:61 XYZ",
            )],
        )
        .await;
    assert_eq!(reply.status, 200);
    let reply = c
        .get("/orders/1", &[("If-None-Match", b"\"\xff\xfe\", \"v1\"")])
        .await;
    assert_eq!(reply.status, 304);
    let reply = c
        .send("PUT", "/orders/1", &[h("If-Match", &commas)], body)
        .await;
    assert_json_error(&reply, 412);
    let reply = c
        .send(
            "PUT",
            "/orders/1",
            &[h("If-Unmodified-Since", "garbage")],
            body,
        )
        .await;
    assert_json_error(&reply, 428);
    let reply = c
        .send("DELETE", "/orders/1", &[("If-Match", b"\"v1\xff\"")], None)
        .await;
    assert_json_error(&reply, 412);

    // More field lines than the server accepts: an error status, not a crash.
    let lines: Vec<(&str, &[u8])> = (0..300).map(|_| h("If-None-Match", "\"x\"")).collect();
    let mut fresh = Client::new(c.addr);
    let reply = fresh.get("/orders/1", &lines).await;
    assert!(reply.status == 431 || reply.status == 400, "{reply:?}");

    // A body over the limit.
    let big = format!(r#"{{"note":"{}"}}"#, "a".repeat(70 * 1024));
    let mut fresh = Client::new(c.addr);
    let reply = fresh
        .send("PUT", "/orders/1", &[h("If-Match", "\"v1\"")], Some(&big))
        .await;
    assert_eq!(reply.status, 413);

    // Still serving, and nothing changed.
    let mut fresh = Client::new(c.addr);
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
    let server = start_orders().await;
    let addr = server.addr;
    // All clients read before any writes on the first round, so that at
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
                        assert!(
                            attempts <= MAX_ATTEMPTS,
                            "no progress after {MAX_ATTEMPTS} attempts"
                        );
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
                                &[h("If-Match", &read.etag())],
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
        conflicts += tokio::time::timeout(TIMEOUT * 6, worker)
            .await
            .expect("worker timed out")
            .expect("worker panicked");
    }
    let mut c = Client::new(addr);
    let end = c.get("/orders/1", &[]).await;
    assert_eq!(end.json()["total"], json!(CLIENTS * INCREMENTS));
    assert!(conflicts >= 1, "no 412 was seen");
    // Every successful write took a fresh version: seeded v1-v3, then 400.
    assert_eq!(end.etag(), format!("\"v{}\"", 3 + CLIENTS * INCREMENTS));
}

// RFC 9110 §14.2: "A server MAY ignore the Range header field"; the orders
// API does (SPEC_NOTES.md §3.3), so a Range, with or without an If-Range
// that matches, gets the whole order in a 200, never a 206 or 416, to GET
// and HEAD; If-None-Match is still evaluated first (RFC 9110 §13.2.2)
#[tokio::test]
async fn range_is_ignored_and_the_whole_order_is_sent() {
    let (_server, mut c) = setup().await;
    let whole = c.get("/orders/1", &[]).await;
    assert_eq!(whole.status, 200);
    let cases = [
        vec![h("Range", "bytes=0-4")],
        vec![h("Range", "bytes=-3")],
        vec![h("Range", "bytes=1000-2000")],
        vec![h("Range", "bytes=0-1, 4-5")],
        vec![h("Range", "bytes=0-4"), h("If-Range", "\"v1\"")],
        vec![h("Range", "bytes=0-4"), h("If-Range", "\"v0\"")],
        vec![h("Range", "bytes=0-4"), h("If-Range", "W/\"v1\"")],
        vec![
            h("Range", "bytes=0-4"),
            h("If-Range", "Sat, 01 Jan 2000 00:00:00 GMT"),
        ],
    ];
    for headers in &cases {
        let reply = c.get("/orders/1", headers).await;
        assert_eq!(reply.status, 200, "{headers:?}: {reply:?}");
        assert_eq!(reply.body, whole.body, "{headers:?}");
        assert_eq!(reply.header("content-range"), None, "{headers:?}");
        assert_eq!(
            reply.header("content-length"),
            whole.header("content-length")
        );
        assert_eq!(reply.etag(), "\"v1\"");
        assert_ne!(reply.header("accept-ranges"), Some("bytes"));
        // The explanation says what was sent: no range applies, and an
        // If-Range is ignored, as it must be for a resource without range
        // support (RFC 9110 §13.1.5).
        let x = reply.header("x-precondition").expect("explanation");
        assert!(x.starts_with("proceed:"), "{headers:?}: {x}");
        assert!(x.contains("Range ignored"), "{headers:?}: {x}");
        if headers.len() > 1 {
            assert!(x.contains("If-Range ignored"), "{headers:?}: {x}");
        }

        let head = c.send("HEAD", "/orders/1", headers, None).await;
        assert_eq!(head.status, 200, "HEAD {headers:?}");
        assert_eq!(head.header("content-range"), None);
        assert_eq!(
            head.header("content-length"),
            whole.header("content-length")
        );
    }
    let mut not_modified = cases[4].clone();
    not_modified.push(h("If-None-Match", "\"v1\""));
    let reply = c.get("/orders/1", &not_modified).await;
    assert_eq!(reply.status, 304, "{reply:?}");
}
