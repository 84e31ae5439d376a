//! Evaluates a conditional GET straight from an `http::HeaderMap` whose
//! `If-None-Match` arrived on two field lines, against the head of the 200
//! response the server would send (one `ETag`, written once), and builds the
//! 304 from that head.
//!
//! ```text
//! cargo run --example http_crate --features http
//! ```

use http::header::{self, HeaderMap, HeaderValue};
use http::Method;
use http_conditional::generate::EtagBuf;
use http_conditional::http::{evaluate_with_head, precondition_response};
use http_conditional::{HttpDate, Policy};

fn main() {
    // The request: If-None-Match split over two lines. `headers.get` would
    // see only "v6"; the adapter reads every line with `get_all`.
    let mut request = HeaderMap::new();
    request.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"v6\""));
    request.append(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"v7\""));

    // The head of the 200 we would send, with the resource's current tag:
    // the evaluation reads the validators from it.
    let mut ok = HeaderMap::new();
    ok.insert(header::ETAG, HeaderValue::from(&EtagBuf::from_version(7)));
    ok.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    ok.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    ok.insert(header::CONTENT_LENGTH, HeaderValue::from_static("13"));

    // A fixed clock keeps the output reproducible; a server passes HttpDate::now().
    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap_or(HttpDate::MAX);
    let eval = evaluate_with_head(&Method::GET, &request, &ok, now, Policy::new());
    println!("{eval}");

    match precondition_response(&eval, &ok) {
        Some(head) => {
            println!("{:?} {}", head.version(), head.status());
            for (name, value) in head.headers() {
                println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
            }
        }
        None => println!("proceed: send the 200 with `ok` and the representation"),
    }
}
