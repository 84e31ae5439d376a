//! Evaluates a conditional GET straight from an `http::HeaderMap` whose
//! `If-None-Match` arrived on two field lines, and builds the 304 head from
//! the 200 response's headers.
//!
//! ```text
//! cargo run --example http_crate --features http
//! ```

use http::header::{self, HeaderMap, HeaderValue};
use http::Method;
use http_conditional::generate::EtagBuf;
use http_conditional::http::{evaluate_request, response_head};
use http_conditional::{HttpDate, Policy, Resource, Validators};

fn main() {
    // The request: If-None-Match split over two lines. `headers.get` would
    // see only "v6"; the adapter reads every line with `get_all`.
    let mut request = HeaderMap::new();
    request.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"v6\""));
    request.append(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"v7\""));

    // The resource's current tag, and the head of the 200 we would send.
    let tag = EtagBuf::from_version(7);
    let mut ok = HeaderMap::new();
    if let Ok(value) = HeaderValue::try_from(&tag) {
        ok.insert(header::ETAG, value);
    }
    ok.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    ok.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    ok.insert(header::CONTENT_LENGTH, HeaderValue::from_static("13"));

    let resource = Resource::Current(Validators::new().with_etag(tag.as_entity_tag()));
    // A fixed clock keeps the output reproducible; a server passes HttpDate::now().
    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap_or(HttpDate::MAX);
    let eval = evaluate_request(&Method::GET, &request, resource, now, Policy::new());
    println!("{eval}");

    match response_head(&eval, &ok) {
        Some(head) => {
            println!("{:?} {}", head.version(), head.status());
            for (name, value) in head.headers() {
                println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
            }
        }
        None => println!("200 OK: send the representation"),
    }
}
