//! The cache and client roles on `http` types (feature `http`): every field
//! line read with `get_all`, the §3.2 merge on `HeaderMap`s, and the
//! adapter agreeing with the slice API.

#![cfg(feature = "http")]

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http_conditional::cache::{answer, validation_request, Merge, NewResponse, Stored};
use http_conditional::client::{request, Intent};
use http_conditional::http::{
    answer_head, merge_not_modified, set_client_fields, set_validation_fields,
};
use http_conditional::{HttpDate, Method};

fn map(lines: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in lines {
        headers.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers
}

fn lines(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect()
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    // HeaderMap keeps the lines of one name in order, not the order between
    // names; compare per name.
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(1_780_000_000).unwrap()
}

// RFC 9111 §3.2 on HeaderMap: replace, add, keep multi-line fields whole,
// never Content-Length, never a connection-specific field
#[test]
fn merge_not_modified_follows_rfc_9111_3_2() {
    let mut stored = map(&[
        ("content-length", "1024"),
        ("etag", "\"a\""),
        ("link", "</a.css>"),
        ("link", "</b.js>"),
        ("cache-control", "max-age=1"),
        ("x-hop", "stored"),
    ]);
    let not_modified = map(&[
        ("content-length", "0"),
        ("cache-control", "max-age=60"),
        ("cache-control", "must-revalidate"),
        ("connection", "x-hop, close"),
        ("x-hop", "1"),
        ("keep-alive", "timeout=5"),
        ("x-new", "yes"),
    ]);
    merge_not_modified(&mut stored, &not_modified);
    assert_eq!(stored[header::CONTENT_LENGTH], "1024");
    assert_eq!(
        stored.get_all(header::LINK).iter().collect::<Vec<_>>(),
        ["</a.css>", "</b.js>"]
    );
    assert_eq!(
        stored
            .get_all(header::CACHE_CONTROL)
            .iter()
            .collect::<Vec<_>>(),
        ["max-age=60", "must-revalidate"]
    );
    assert_eq!(stored["x-hop"], "stored");
    assert_eq!(stored["x-new"], "yes");
    assert!(!stored.contains_key(header::CONNECTION));
    assert!(!stored.contains_key("keep-alive"));

    // Twice is once.
    let once = lines(&stored);
    merge_not_modified(&mut stored, &not_modified);
    assert_eq!(lines(&stored), once);
}

// Features add API only: the HeaderMap merge equals the slice merge
#[test]
fn merge_not_modified_agrees_with_the_slice_merge() {
    let stored_lines = [
        ("content-length", "7"),
        ("vary", "accept"),
        ("vary", "origin"),
        ("content-type", "text/html"),
        ("te", "x"),
    ];
    let response_lines = [
        ("vary", "accept-language"),
        ("content-type", "text/plain"),
        ("proxy-authenticate", "Basic"),
        ("transfer-encoding", "chunked"),
        ("date", "Tue, 15 Oct 2024 08:00:00 GMT"),
    ];
    let mut stored = map(&stored_lines);
    merge_not_modified(&mut stored, &map(&response_lines));
    let slice: Vec<(String, String)> = Merge::new(&response_lines)
        .merged(&stored_lines)
        .map(|(n, v)| {
            (
                String::from_utf8(n.to_vec()).unwrap(),
                String::from_utf8(v.to_vec()).unwrap(),
            )
        })
        .collect();
    assert_eq!(sorted(lines(&stored)), sorted(slice));
}

// RFC 9111 §4.3.1: the validation request replaces the request's own
// preconditions with the cache's fields; Range and the rest stay
#[test]
fn set_validation_fields_replaces_the_preconditions_only() {
    let mut forwarded = map(&[
        ("if-none-match", "\"client\""),
        ("if-modified-since", "Thu, 17 Oct 2024 12:00:00 GMT"),
        ("if-match", "\"x\""),
        ("if-unmodified-since", "Thu, 17 Oct 2024 12:00:00 GMT"),
        ("if-range", "\"x\""),
        ("accept", "application/json"),
    ]);
    let stored = [
        Stored::new(now()).with_etag("\"a\""),
        Stored::new(now()).with_etag("W/\"b\""),
    ];
    let validation = validation_request(&forwarded, &stored, now());
    set_validation_fields(&validation, &mut forwarded);
    assert_eq!(
        sorted(lines(&forwarded)),
        sorted(vec![
            ("accept".to_owned(), "application/json".to_owned()),
            ("if-none-match".to_owned(), "\"a\", W/\"b\"".to_owned()),
        ])
    );
}

// RFC 9110 §13.1: the client's fields on a HeaderMap
#[test]
fn set_client_fields_writes_exactly_the_client_fields() {
    let stored = [Stored::new(now())
        .with_etag("W/\"v7\"")
        .with_last_modified("Mon, 14 Oct 2024 10:00:00 GMT")
        .with_date("Tue, 15 Oct 2024 08:00:00 GMT")];
    let mut headers = map(&[
        ("if-match", "\"stale\""),
        ("content-type", "application/json"),
    ]);
    set_client_fields(
        &request(Intent::Write, &stored, now()).unwrap(),
        &mut headers,
    );
    assert_eq!(
        sorted(lines(&headers)),
        sorted(vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            (
                "if-unmodified-since".to_owned(),
                "Mon, 14 Oct 2024 10:00:00 GMT".to_owned()
            ),
        ])
    );
    set_client_fields(&request(Intent::Create, &[], now()).unwrap(), &mut headers);
    assert_eq!(headers[header::IF_NONE_MATCH], "*");
    assert!(!headers.contains_key(header::IF_UNMODIFIED_SINCE));
}

// RFC 9110 §5.3: a validator on several lines is not one valid value
#[test]
fn stored_and_new_responses_read_single_line_validators_only() {
    let head = map(&[
        ("etag", "\"a\""),
        ("etag", "\"b\""),
        ("last-modified", "Mon, 14 Oct 2024 10:00:00 GMT"),
        ("date", "Tue, 15 Oct 2024 08:00:00 GMT"),
        ("content-length", "42"),
    ]);
    let stored = Stored::from_headers(&head, now());
    assert_eq!(stored.etag, None);
    assert_eq!(
        stored.last_modified,
        Some(&b"Mon, 14 Oct 2024 10:00:00 GMT"[..])
    );
    assert_eq!(stored.content_length, Some(&b"42"[..]));
    let response = NewResponse::from_headers(&head);
    assert_eq!(response.etag, None);
    assert!(response.last_modified_is_strong(now()));
}

// RFC 9110 §15.4.5 via `not_modified`: the 304 a cache sends from a stored
// head; serving whole or a range gives no head
#[test]
fn answer_head_builds_the_304_from_the_stored_head() {
    let head = map(&[
        ("etag", "\"v7\""),
        ("content-length", "42"),
        ("content-type", "application/json"),
        ("cache-control", "no-cache"),
        ("vary", "accept"),
        ("vary", "accept-encoding"),
    ]);
    let stored = [Stored::from_headers(&head, now())];
    let request = map(&[("if-none-match", "W/\"v7\""), ("if-match", "\"other\"")]);
    let a = answer(Method::from(&http::Method::GET), &request, &stored, now()).unwrap();
    let response = answer_head(&a, &head).unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(response.headers()[header::ETAG], "\"v7\"");
    assert_eq!(response.headers().get_all(header::VARY).iter().count(), 2);
    assert!(!response.headers().contains_key(header::CONTENT_LENGTH));
    assert!(!response.headers().contains_key(header::CONTENT_TYPE));

    let plain = map(&[("accept", "*/*")]);
    let a = answer(Method::GET, &plain, &stored, now()).unwrap();
    assert!(answer_head(&a, &head).is_none());
}
