//! Merging a 304's header fields into a stored response (RFC 9111 §3.2,
//! §3.1; CHOICES 19), on slices of `(name, value)` pairs.

use http_conditional::cache::merge::{
    exclusion, Exclusion, HOP_BY_HOP, NOT_UPDATED, PROXY_SPECIFIC,
};
use http_conditional::cache::Merge;

fn merged<'a>(
    stored: &'a [(&'a str, &'a str)],
    response: &'a [(&'a str, &'a str)],
) -> Vec<(String, String)> {
    Merge::new(response)
        .merged(stored)
        .map(|(n, v)| {
            (
                String::from_utf8_lossy(n).into_owned(),
                String::from_utf8_lossy(v).into_owned(),
            )
        })
        .collect()
}

fn owned(lines: &[(&str, &str)]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

// RFC 9111 §3.2: replace the fields the 304 has, add new ones, keep the rest
#[test]
fn the_304_replaces_adds_and_keeps() {
    let stored = [
        ("Content-Type", "text/html"),
        ("Cache-Control", "max-age=1"),
        ("ETag", "\"a\""),
        ("Content-Length", "42"),
    ];
    let response = [
        ("cache-control", "max-age=3600"),
        ("ETag", "\"a\""),
        ("X-Request-Id", "r2"),
    ];
    assert_eq!(
        merged(&stored, &response),
        owned(&[
            ("Content-Type", "text/html"),
            ("Content-Length", "42"),
            ("cache-control", "max-age=3600"),
            ("ETag", "\"a\""),
            ("X-Request-Id", "r2"),
        ])
    );
}

// RFC 9111 §3.2: "The Content-Length header field" is never updated, even
// by a 304 that carries Content-Length: 0
#[test]
fn content_length_is_never_taken_from_a_304() {
    let stored = [("Content-Length", "1024"), ("ETag", "\"a\"")];
    let response = [
        ("Content-Length", "0"),
        ("content-length", "0"),
        ("ETag", "\"a\""),
    ];
    assert_eq!(
        merged(&stored, &response),
        owned(&[("Content-Length", "1024"), ("ETag", "\"a\"")])
    );
    // A stored response without one does not gain one either.
    assert_eq!(
        merged(&[("ETag", "\"a\"")], &[("Content-Length", "0")]),
        owned(&[("ETag", "\"a\"")])
    );
}

// RFC 9111 §3.2: replacing all lines of a name; a multi-line field of the
// 304 is kept whole, in order; a stored multi-line field it lacks stays
#[test]
fn multi_line_fields_are_replaced_and_kept_whole() {
    let stored = [
        ("Link", "<a>"),
        ("Vary", "Accept"),
        ("Link", "<b>"),
        ("Vary", "Accept-Encoding"),
    ];
    let response = [("vary", "Accept-Language"), ("X", "1"), ("Vary", "Origin")];
    assert_eq!(
        merged(&stored, &response),
        owned(&[
            ("Link", "<a>"),
            ("Link", "<b>"),
            ("vary", "Accept-Language"),
            ("X", "1"),
            ("Vary", "Origin")
        ])
    );
}

// RFC 9111 §3.1; RFC 9110 §7.6.1: Connection and the fields it names, the
// other hop-by-hop fields, and the proxy-specific fields are never merged
#[test]
fn connection_specific_and_proxy_fields_are_never_merged() {
    let stored = [("ETag", "\"a\""), ("X-Hop", "stored")];
    let response = [
        ("Connection", "X-Hop, close"),
        ("X-Hop", "1"),
        ("Keep-Alive", "timeout=5"),
        ("Transfer-Encoding", "chunked"),
        ("TE", "trailers"),
        ("Upgrade", "h2c"),
        ("Proxy-Connection", "keep-alive"),
        ("Proxy-Authenticate", "Basic"),
        ("Proxy-Authentication-Info", "x"),
        ("Proxy-Authorization", "y"),
        ("X-Other", "2"),
    ];
    // Stored fields are never filtered: the stored X-Hop stays.
    assert_eq!(
        merged(&stored, &response),
        owned(&[("ETag", "\"a\""), ("X-Hop", "stored"), ("X-Other", "2")])
    );
    let merge = Merge::new(&response);
    assert_eq!(merge.excludes(b"x-hop"), Some(Exclusion::NamedByConnection));
    assert_eq!(merge.excludes(b"Upgrade"), Some(Exclusion::HopByHop));
    assert_eq!(
        merge.excludes(b"proxy-authorization"),
        Some(Exclusion::ProxySpecific)
    );
    assert_eq!(merge.excludes(b"X-Other"), None);
    assert!(!merge.replaces(b"X-Hop"));
    assert!(merge.replaces(b"x-other"));
}

// CHOICES 19 "merge-shared": Content-Type and Content-Encoding are replaced
// like any other field
#[test]
fn content_type_and_encoding_are_replaced_in_a_shared_cache() {
    let stored = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")];
    let response = [("Content-Type", "text/html; charset=utf-8")];
    assert_eq!(
        merged(&stored, &response),
        owned(&[
            ("Content-Encoding", "gzip"),
            ("Content-Type", "text/html; charset=utf-8")
        ])
    );
    assert_eq!(exclusion(b"Content-Type"), None);
    assert_eq!(exclusion(b"Content-Encoding"), None);
}

// The exclusion lists are the data the merge uses, and name what §3.1-§3.2 name
#[test]
fn the_exclusion_lists_are_the_ones_rfc_9111_names() {
    assert_eq!(NOT_UPDATED, ["content-length"]);
    for name in HOP_BY_HOP {
        assert_eq!(
            exclusion(name.to_ascii_uppercase().as_bytes()),
            Some(Exclusion::HopByHop)
        );
    }
    for name in PROXY_SPECIFIC {
        assert_eq!(exclusion(name.as_bytes()), Some(Exclusion::ProxySpecific));
    }
    assert_eq!(Exclusion::ContentLength.section(), "RFC 9111 §3.2");
}

// The merge explains what it took and what it left, citing the sections
#[test]
fn the_explanation_lists_merged_and_excluded_names() {
    let response = [
        ("ETag", "\"a\""),
        ("Content-Length", "0"),
        ("etag", "\"a\""),
    ];
    let text = Merge::new(&response).to_string();
    assert_eq!(
        text,
        "merged from the 304: ETag, replacing every stored line of each name (RFC 9111 §3.2); \
         not merged: Content-Length (RFC 9111 §3.2)"
    );
}
