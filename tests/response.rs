//! The 304 field lists (RFC 9110 §15.4.5), applied to a plain slice of
//! header pairs: no `http` crate needed.

use http_conditional::response::{
    is_etag, keep_in_304, In304, DROPPED_FROM_304, KEPT_IN_304_WITHOUT_ETAG, REQUIRED_IN_304,
};

// RFC 9110 §15.4.5: "Content-Location, Date, ETag, and Vary; Cache-Control
// and Expires"
#[test]
fn required_fields_are_exactly_the_six_the_rfc_lists() {
    let mut required = REQUIRED_IN_304;
    required.sort_unstable();
    assert_eq!(
        required,
        [
            "cache-control",
            "content-location",
            "date",
            "etag",
            "expires",
            "vary"
        ]
    );
    for name in REQUIRED_IN_304 {
        assert_eq!(In304::of(name.as_bytes()), In304::Required);
        assert!(keep_in_304(name.as_bytes(), true) && keep_in_304(name.as_bytes(), false));
    }
}

// RFC 9110 §15.4.5: no representation metadata for content the 304 lacks
#[test]
fn content_fields_are_never_kept() {
    for name in [
        "Content-Length",
        "Content-Type",
        "Content-Encoding",
        "Content-Range",
        "Transfer-Encoding",
        "Content-Language",
    ] {
        assert_eq!(In304::of(name.as_bytes()), In304::Dropped, "{name}");
        assert!(!keep_in_304(name.as_bytes(), false), "{name}");
        assert!(DROPPED_FROM_304.contains(&name.to_ascii_lowercase().as_str()));
    }
}

// RFC 9110 §15.4.5: "Last-Modified might be useful if the response does not
// have an ETag field"
#[test]
fn last_modified_is_kept_only_without_etag() {
    assert_eq!(KEPT_IN_304_WITHOUT_ETAG, ["last-modified"]);
    assert!(keep_in_304(b"Last-Modified", false));
    assert!(!keep_in_304(b"LAST-MODIFIED", true));
}

// RFC 9110 §5.1: field names are case-insensitive; other fields pass
#[test]
fn names_compare_case_insensitively_and_others_pass_through() {
    assert_eq!(In304::of(b"eTaG"), In304::Required);
    assert!(is_etag(b"ETAG"));
    for name in [
        "Set-Cookie",
        "Server",
        "X-Request-Id",
        "Content-Security-Policy",
        "",
    ] {
        assert_eq!(In304::of(name.as_bytes()), In304::Unrestricted, "{name}");
        assert!(keep_in_304(name.as_bytes(), true));
    }
    // Prefixes and near misses are other fields.
    assert_eq!(In304::of(b"Content-Lengths"), In304::Unrestricted);
    assert_eq!(In304::of(b"Date "), In304::Unrestricted);
}

// RFC 9110 §15.4.5 applied to any representation: a slice of pairs
#[test]
fn filtering_a_slice_of_pairs_gives_the_304_head() {
    let ok: [(&str, &str); 5] = [
        ("Content-Type", "text/html"),
        ("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ("Cache-Control", "no-cache"),
        ("Content-Length", "1000"),
        ("Vary", "Accept-Encoding"),
    ];
    let has_etag = ok.iter().any(|(n, _)| is_etag(n.as_bytes()));
    let head: Vec<&str> = ok
        .iter()
        .filter(|(n, _)| keep_in_304(n.as_bytes(), has_etag))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(head, ["Last-Modified", "Cache-Control", "Vary"]);
}
