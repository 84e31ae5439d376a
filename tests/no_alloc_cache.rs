//! The cache and client roles never touch the heap: a counting global
//! allocator watches every public cache vector, and hostile inputs, go
//! through answer, the validation request, freshen selection, merge, HEAD
//! freshening and the client, with their explanations written to the stack.

use http_conditional::cache::{
    answer, freshen, freshen_with_head, validation_request, Merge, NewResponse, Stored,
};
use http_conditional::client::{self, Intent};
use http_conditional::{parse, HttpDate, Method};
use serde_json::Value;

#[path = "common/counting.rs"]
mod counting;
#[path = "common/stack_text.rs"]
mod stack_text;
use counting::allocations;
use stack_text::explain;

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(1_780_000_000).unwrap()
}

fn opt(v: &Value, key: &str) -> Option<&'static str> {
    // The JSON lives for the whole test: leak it once, before counting.
    v.get(key)
        .and_then(Value::as_str)
        .map(|s| &*Box::leak(s.to_owned().into_boxed_str()))
}

fn stored_list(case: &Value) -> Vec<Stored<'static>> {
    case["stored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let received = parse::date([opt(s, "received").unwrap().as_bytes()], now()).unwrap();
            let mut stored = Stored::new(received);
            stored.etag = opt(s, "etag").map(str::as_bytes);
            stored.last_modified = opt(s, "last_modified").map(str::as_bytes);
            stored.date = opt(s, "date").map(str::as_bytes);
            stored.content_length = opt(s, "content_length").map(str::as_bytes);
            stored
        })
        .collect()
}

fn new_response(case: &Value) -> NewResponse<'static> {
    let r = &case["response"];
    let mut response = NewResponse::new();
    response.etag = opt(r, "etag").map(str::as_bytes);
    response.last_modified = opt(r, "last_modified").map(str::as_bytes);
    response.date = opt(r, "date").map(str::as_bytes);
    response.content_length = opt(r, "content_length").map(str::as_bytes);
    response
}

fn pairs(v: &Value) -> Vec<(&'static [u8], &'static [u8])> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let leak = |x: &Value| -> &'static [u8] {
                Box::leak(x.as_str().unwrap().as_bytes().to_vec().into_boxed_slice())
            };
            (leak(&p[0]), leak(&p[1]))
        })
        .collect()
}

#[test]
fn every_public_cache_vector_runs_without_allocating() {
    let mut checked = 0;
    for line in include_str!("vectors/public-cache.jsonl").lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].clone();
        // Everything the JSON needs is prepared before counting starts.
        let n = if let Some(c) = case.get("cache_answer") {
            let method = opt(c, "method").unwrap();
            let headers = pairs(&c["headers"]);
            let stored = stored_list(c);
            allocations(|| {
                let a = answer(Method::from(method), &headers[..], &stored, now()).unwrap();
                (a.status(), explain(&a))
            })
            .1
        } else if let Some(c) = case.get("cache_validation") {
            let headers = pairs(&c["headers"]);
            let stored = stored_list(c);
            allocations(|| {
                let request = validation_request(&headers[..], &stored, now());
                let mut buf = [0u8; 512];
                let mut written = 0;
                for (_, value) in request.fields() {
                    written += value.encode_into(&mut buf).unwrap().len();
                    written += explain(&value);
                }
                (written, explain(&request))
            })
            .1
        } else if let Some(c) = case.get("cache_freshen") {
            let stored = stored_list(c);
            let response = new_response(c);
            allocations(|| {
                let selection = freshen(&stored, response, now());
                (selection.indices().count(), explain(&selection))
            })
            .1
        } else if let Some(c) = case.get("cache_merge") {
            let stored = pairs(&c["stored"]);
            let response = pairs(&c["response"]);
            allocations(|| {
                let merge = Merge::new(&response[..]);
                let bytes: usize = merge
                    .merged(&stored[..])
                    .map(|(n, v)| n.len() + v.len())
                    .sum();
                (bytes, explain(&merge))
            })
            .1
        } else if let Some(c) = case.get("cache_head") {
            let stored = stored_list(c);
            let response = new_response(c);
            allocations(|| {
                let head = freshen_with_head(&stored, response, now());
                (head.updated().count(), head.stale().count(), explain(&head))
            })
            .1
        } else if let Some(c) = case.get("client_request") {
            let intent = match opt(c, "intent").unwrap() {
                "read" => Intent::Read,
                "read_range" => Intent::ReadRange,
                "write" => Intent::Write,
                _ => Intent::Create,
            };
            let stored = stored_list(c);
            allocations(|| match client::request(intent, &stored, now()) {
                Ok(request) => {
                    let mut buf = [0u8; 512];
                    let fields: usize = request
                        .fields()
                        .map(|(_, v)| v.encode_into(&mut buf).unwrap().len())
                        .sum();
                    let outcome =
                        request.outcome(304, NewResponse::new().with_etag("\"a\""), now());
                    (fields, explain(&request) + explain(&outcome))
                }
                Err(e) => (0, explain(&e)),
            })
            .1
        } else {
            panic!("unknown case kind in {id}");
        };
        assert_eq!(n, 0, "{id}");
        checked += 1;
    }
    assert_eq!(checked, 40);
}

#[test]
fn hostile_inputs_run_without_allocating() {
    let received = HttpDate::from_unix_seconds(1_729_000_000).unwrap();
    let tags: Vec<String> = (0..2_000).map(|i| format!("\"t{}\"", i % 1_000)).collect();
    let long_tag = format!("\"{}\"", "x".repeat(64 * 1024));
    let garbage = vec![b','; 64 * 1024];
    let mut stored: Vec<Stored<'_>> = tags
        .iter()
        .map(|t| Stored::new(received).with_etag(t))
        .collect();
    stored.push(
        Stored::new(received)
            .with_etag(&long_tag)
            .with_date(&garbage),
    );
    let request: Vec<(&[u8], &[u8])> = vec![
        (b"If-None-Match", &garbage),
        (b"If-Modified-Since", &garbage),
        (b"If-Range", long_tag.as_bytes()),
        (b"Range", b"bytes=0-1"),
    ];
    let fields: Vec<(String, String)> = (0..300)
        .map(|i| (format!("X-{}", i % 50), "v".repeat(i)))
        .collect();
    let connection = [("Connection".to_owned(), "X-1, ".repeat(2_000))];

    let (_, n) = allocations(|| {
        let a = answer(Method::GET, &request[..], &stored, now()).unwrap();
        explain(&a)
    });
    assert_eq!(n, 0, "answer");
    let (_, n) = allocations(|| {
        let v = validation_request(&request[..], &stored, now());
        let list = v.if_none_match().unwrap();
        (list.len(), list.encoded_len(), explain(&v))
    });
    assert_eq!(n, 0, "validation request over 2,001 stored responses");
    let (_, n) = allocations(|| {
        let f = freshen(&stored, NewResponse::new().with_etag("W/\"t7\""), now());
        let h = freshen_with_head(&stored, NewResponse::new().with_etag(&long_tag), now());
        (
            f.indices().count(),
            explain(&f),
            h.updated().count(),
            explain(&h),
        )
    });
    assert_eq!(n, 0, "freshen");
    let (_, n) = allocations(|| {
        let merge = Merge::new(&fields[..]);
        let merged = merge.merged(&fields[..]).count();
        let hop = Merge::new(&connection[..]);
        (merged, hop.merged(&fields[..]).count(), explain(&merge))
    });
    assert_eq!(n, 0, "merge of 300 lines");
    let (_, n) = allocations(|| {
        let write = client::request(Intent::Write, &stored, now());
        let read = client::request(Intent::Read, &stored, now()).unwrap();
        (write.is_ok(), explain(&read))
    });
    assert_eq!(n, 0, "client");
}

#[test]
fn the_counter_sees_an_allocation() {
    // Guards the guard: a test that cannot fail proves nothing.
    let (v, n) = allocations(|| vec![1u8, 2, 3]);
    assert_eq!(v.len(), 3);
    assert!(n >= 1);
}
