//! The `http` feature: reading fields from `http::HeaderMap` and building
//! 304/412/428 response heads.

use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_conditional::generate::EtagBuf;
use http_conditional::http::{
    evaluate_request, evaluate_with_head, not_modified, precondition_failed, precondition_required,
    precondition_response, validators, with_hint, write_precondition_response,
};
use http_conditional::{
    evaluate, Decision, EntityTag, Field, FieldLines, HttpDate, Policy, Precondition, Resource,
    Validators,
};

/// Request field lines, as (name, value) pairs in arrival order.
type Lines<'a> = &'a [(&'a str, &'a [u8])];

fn v7() -> Resource<'static> {
    Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7").unwrap()))
}

fn map(lines: &[(&'static str, &'static [u8])]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in lines {
        headers.append(*name, HeaderValue::from_bytes(value).unwrap());
    }
    headers
}

// RFC 9110 §5.3: a field split over two lines is one list; `get` would see
// only the first line, `get_all` sees both
#[test]
fn if_none_match_split_across_appended_values_is_read_whole() {
    let headers = map(&[("if-none-match", b"\"v6\""), ("if-none-match", b"\"v7\"")]);
    assert_eq!(headers.get(header::IF_NONE_MATCH).unwrap(), "\"v6\"");

    let eval = evaluate_request(&Method::GET, &headers, v7(), HttpDate::MAX, Policy::new());
    assert_eq!(eval.decision(), Decision::NotModified);
    assert!(eval.to_string().contains("member 2"), "{eval}");

    // What `get` alone would have decided:
    let first_only = [(
        "If-None-Match",
        headers.get(header::IF_NONE_MATCH).unwrap().as_bytes(),
    )];
    let truncated = evaluate(
        Method::GET.as_str().into(),
        &first_only,
        v7(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(truncated.decision(), Decision::Proceed);
}

// RFC 9110 §5.3: every line, in order, as bytes (obs-text included)
#[test]
fn header_map_yields_every_line_in_order_as_bytes() {
    let headers = map(&[
        ("if-match", b"\"a\""),
        ("accept", b"*/*"),
        ("If-Match", b"\"\xe9\""),
        ("range", b"bytes=0-1"),
    ]);
    let lines: Vec<&[u8]> = (&headers).lines(Field::IfMatch).collect();
    assert_eq!(lines, [&b"\"a\""[..], b"\"\xe9\""]);
    assert!((&headers).contains(Field::Range));
    assert!(!(&headers).contains(Field::IfRange));
    assert_eq!((&headers).lines(Field::IfRange).count(), 0);
}

// Features are additive: the adapter decides exactly as the slice input
#[test]
fn adapter_decides_exactly_as_the_slice_input() {
    let cases: &[(&str, Lines)] = &[
        ("GET", &[("If-None-Match", b"W/\"v7\"")]),
        (
            "GET",
            &[
                ("If-None-Match", b"\"v1\""),
                ("If-Modified-Since", b"garbage"),
            ],
        ),
        ("PUT", &[("If-Match", b"\"v6\", \"v7\"")]),
        ("PUT", &[("If-Match", b"\"v6\""), ("If-Match", b"\"v7\"")]),
        ("PUT", &[]),
        ("DELETE", &[("If-None-Match", b"*")]),
        ("GET", &[("Range", b"bytes=0-1"), ("If-Range", b"\"v7\"")]),
        ("PATCH", &[("If-Match", b",,,,")]),
    ];
    for policy in [Policy::new(), Policy::new().require_precondition(true)] {
        for (method, lines) in cases {
            let headers = map(lines);
            let method_http = Method::from_bytes(method.as_bytes()).unwrap();
            let via_map = evaluate_request(&method_http, &headers, v7(), HttpDate::MAX, policy);
            let via_slice = evaluate((*method).into(), *lines, v7(), HttpDate::MAX, policy);
            assert_eq!(via_map, via_slice, "{method} {lines:?}");
            assert_eq!(via_map.to_string(), via_slice.to_string());
        }
    }
}

// RFC 9110 §15.4.5: the 304 keeps the listed fields and drops the
// representation metadata of content it does not have
#[test]
fn not_modified_keeps_what_rfc_9110_15_4_5_lists_and_drops_content_fields() {
    let ok = map(&[
        ("etag", b"\"v7\""),
        ("cache-control", b"private, max-age=0, must-revalidate"),
        ("content-location", b"/orders/1.json"),
        ("date", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        ("expires", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        ("vary", b"Accept"),
        ("vary", b"Accept-Encoding"),
        ("last-modified", b"Sat, 05 Nov 1994 08:49:37 GMT"),
        ("content-length", b"42"),
        ("content-type", b"application/json"),
        ("content-encoding", b"br"),
        ("content-language", b"en"),
        ("content-range", b"bytes 0-1/42"),
        ("transfer-encoding", b"chunked"),
        ("set-cookie", b"a=b"),
        ("x-request-id", b"7"),
    ]);
    let head = not_modified(&ok);
    assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
    let kept: Vec<&str> = head.headers().keys().map(|n| n.as_str()).collect();
    assert_eq!(
        kept,
        [
            "etag",
            "cache-control",
            "content-location",
            "date",
            "expires",
            "vary",
            "set-cookie",
            "x-request-id"
        ]
    );
    let vary: Vec<_> = head.headers().get_all(header::VARY).iter().collect();
    assert_eq!(vary, ["Accept", "Accept-Encoding"]);
}

// RFC 9110 §15.4.5: Last-Modified guides cache updates when there is no ETag
#[test]
fn not_modified_keeps_last_modified_only_without_an_etag() {
    let ok = map(&[
        ("last-modified", b"Sat, 05 Nov 1994 08:49:37 GMT"),
        ("content-type", b"text/plain"),
    ]);
    let head = not_modified(&ok);
    assert!(head.headers().contains_key(header::LAST_MODIFIED));
    assert!(!head.headers().contains_key(header::CONTENT_TYPE));
}

// RFC 9110 §15.5.13: the 412 carries the current ETag so the client can refetch
#[test]
fn precondition_failed_carries_the_current_etag_exactly() {
    let headers = map(&[("if-match", b"\"v6\"")]);
    let tag = EntityTag::weak(b"caf\xe9").unwrap();
    let resource = Resource::Current(Validators::new().with_etag(tag));
    let eval = evaluate_request(
        &Method::PUT,
        &headers,
        resource,
        HttpDate::MAX,
        Policy::new(),
    );
    let head = precondition_failed(&eval);
    assert_eq!(head.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(head.headers()[header::ETAG].as_bytes(), b"W/\"caf\xe9\"");

    let none = Resource::Current(Validators::new());
    let eval = evaluate_request(&Method::PUT, &headers, none, HttpDate::MAX, Policy::new());
    assert!(precondition_failed(&eval).headers().is_empty());
}

// RFC 9110 §13.2.2, RFC 6585 §3: one call maps every decision
#[test]
fn precondition_response_maps_every_decision() {
    let ok = map(&[("etag", b"\"v7\""), ("content-length", b"2")]);
    let strict = Policy::new().require_precondition(true);
    let cases: &[(&Method, Lines, Option<u16>)] = &[
        (&Method::GET, &[], None),
        (&Method::GET, &[("range", b"bytes=0-0")], None),
        (&Method::GET, &[("if-none-match", b"\"v7\"")], Some(304)),
        (&Method::HEAD, &[("if-none-match", b"*")], Some(304)),
        (&Method::PUT, &[("if-match", b"\"v6\"")], Some(412)),
        (&Method::PUT, &[], Some(428)),
        (&Method::PUT, &[("if-match", b"\"v7\"")], None),
    ];
    for (method, lines, status) in cases {
        let headers = map(lines);
        let eval = evaluate_request(method, &headers, v7(), HttpDate::MAX, strict);
        let head = precondition_response(&eval, &ok);
        #[allow(deprecated)]
        let old_name = http_conditional::http::response_head(&eval, &ok);
        assert_eq!(
            old_name.as_ref().map(|h| h.status()),
            head.as_ref().map(|h| h.status())
        );
        assert_eq!(
            head.as_ref().map(|h| h.status().as_u16()),
            *status,
            "{method} {lines:?}"
        );
        if let Some(head) = head {
            assert!(!head.headers().contains_key(header::CONTENT_LENGTH));
            if head.status() != StatusCode::PRECONDITION_REQUIRED {
                assert_eq!(head.headers()[header::ETAG], "\"v7\"");
            }
        }
    }
    assert_eq!(precondition_required().status().as_u16(), 428);
}

#[test]
fn generated_and_parsed_tags_become_header_values() {
    let generated = EtagBuf::from_version(7).with_variant(b"br").unwrap();
    assert_eq!(HeaderValue::from(&generated), "\"v7-br\"");
    let parsed = EntityTag::parse(b"W/\"a,b\"").unwrap();
    assert_eq!(HeaderValue::from(parsed), "W/\"a,b\"");
    // obs-text is allowed in a field value (RFC 9110 §5.5), byte for byte.
    let obs = EntityTag::parse(b"\"caf\xe9\"").unwrap();
    assert_eq!(HeaderValue::from(obs).as_bytes(), b"\"caf\xe9\"");
    let method = Method::from_bytes(b"FROB").unwrap();
    assert_eq!(http_conditional::Method::from(&method).as_bytes(), b"FROB");
}

// RFC 9110 §5.6.7: a sender generates IMF-fixdate
#[test]
fn dates_become_imf_fixdate_header_values() {
    for (secs, text) in [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-62_167_219_200, "Sat, 01 Jan 0000 00:00:00 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ] {
        let date = HttpDate::from_unix_seconds(secs).unwrap();
        assert_eq!(HeaderValue::from(date), text);
    }
}

// RFC 9110 §8.8.2, §8.8.3: the validators of the head the server sends; an
// invalid or repeated field counts as absent (CHOICES 6)
#[test]
fn validators_are_read_from_the_response_head() {
    let ok = map(&[
        ("etag", b"W/\"v7\""),
        ("last-modified", b"Sun, 06 Nov 1994 08:49:37 GMT"),
    ]);
    let v = validators(&ok, HttpDate::MAX);
    assert_eq!(v.etag, Some(EntityTag::weak(b"v7").unwrap()));
    assert_eq!(
        v.last_modified.map(HttpDate::unix_seconds),
        Some(784_111_777)
    );

    for bad in [
        map(&[("etag", b"v7"), ("last-modified", b"1994-11-06")]),
        map(&[("etag", b"\"a\""), ("etag", b"\"b\"")]),
        HeaderMap::new(),
    ] {
        let v = validators(&bad, HttpDate::MAX);
        assert_eq!((v.etag, v.last_modified), (None, None), "{bad:?}");
    }
}

// RFC 9110 §13.2.2: the tag that goes out is the tag that is compared
#[test]
fn evaluate_with_head_compares_with_the_etag_of_the_head() {
    let ok = map(&[("etag", b"\"v7\""), ("cache-control", b"no-cache")]);
    let request = map(&[("if-none-match", b"W/\"v7\"")]);
    let eval = evaluate_with_head(&Method::GET, &request, &ok, HttpDate::MAX, Policy::new());
    assert_eq!(eval.decision(), Decision::NotModified);
    let head = precondition_response(&eval, &ok).unwrap();
    assert_eq!(head.headers()[header::ETAG], "\"v7\"");
    assert_eq!(head.headers()[header::CACHE_CONTROL], "no-cache");

    // Last-Modified from the head serves If-Modified-Since.
    let dated = map(&[("last-modified", b"Sun, 06 Nov 1994 08:49:37 GMT")]);
    let ims = map(&[("if-modified-since", b"Sun, 06 Nov 1994 08:49:37 GMT")]);
    let eval = evaluate_with_head(&Method::HEAD, &ims, &dated, HttpDate::MAX, Policy::new());
    assert_eq!(eval.decision(), Decision::NotModified);
}

// RFC 9110 §13.1.1, RFC 6585 §3: writes get 412 / 428 without a 200 head
#[test]
fn write_precondition_response_needs_no_ok_head() {
    let strict = Policy::new().require_precondition(true);
    let stale = map(&[("if-match", b"\"v6\"")]);
    let eval = evaluate_request(&Method::PATCH, &stale, v7(), HttpDate::MAX, strict);
    let head = write_precondition_response(&eval).unwrap();
    assert_eq!(head.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(head.headers()[header::ETAG], "\"v7\"");

    let blind = HeaderMap::new();
    let eval = evaluate_request(&Method::DELETE, &blind, v7(), HttpDate::MAX, strict);
    assert_eq!(
        write_precondition_response(&eval).unwrap().status(),
        StatusCode::PRECONDITION_REQUIRED
    );

    let fresh = map(&[("if-match", b"\"v7\"")]);
    let eval = evaluate_request(&Method::PUT, &fresh, v7(), HttpDate::MAX, strict);
    assert!(write_precondition_response(&eval).is_none());

    // Given a GET's 304 by mistake, the 304 still carries the ETag.
    let inm = map(&[("if-none-match", b"\"v7\"")]);
    let eval = evaluate_request(&Method::GET, &inm, v7(), HttpDate::MAX, strict);
    let head = write_precondition_response(&eval).unwrap();
    assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(head.headers()[header::ETAG], "\"v7\"");
}

// RFC 6585 §3: a 428 explains how to resubmit; a 304 has no content
#[test]
fn with_hint_fills_412_and_428_and_leaves_304_empty() {
    let ok = map(&[("etag", b"\"v7\"")]);
    let strict = Policy::new().require_precondition(true);
    for (method, lines, status, starts) in [
        (&Method::PUT, &[][..], 428, "PUT must be conditional here"),
        (
            &Method::PUT,
            &[("if-match", &b"\"v6\""[..])][..],
            412,
            "The resource has changed",
        ),
        (
            &Method::PUT,
            &[("if-none-match", &b"*"[..])][..],
            412,
            "The resource already exists",
        ),
    ] {
        let headers = map(lines);
        let eval = evaluate_request(method, &headers, v7(), HttpDate::MAX, strict);
        let response = with_hint(precondition_response(&eval, &ok).unwrap(), &eval);
        assert_eq!(response.status().as_u16(), status);
        assert!(response.body().starts_with(starts), "{}", response.body());
        assert!(response.body().is_ascii());
        assert_eq!(
            response.headers()[header::CONTENT_LENGTH],
            response.body().len().to_string().as_str()
        );
    }
    let inm = map(&[("if-none-match", b"\"v7\"")]);
    let eval = evaluate_request(&Method::GET, &inm, v7(), HttpDate::MAX, strict);
    let response = with_hint(precondition_response(&eval, &ok).unwrap(), &eval);
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert!(response.body().is_empty());
    assert!(!response.headers().contains_key(header::CONTENT_LENGTH));
    assert!(!response.headers().contains_key(header::CONTENT_TYPE));
}

// RFC 9110 §5.3, §13.2.2: a map is read the same way whether it holds a
// few lines (one pass over them) or many (look-ups by name): the first
// line of each field, a field split over lines read whole, the same
// decision and the same explanation as the same lines in a slice
#[test]
fn small_and_large_maps_are_read_alike() {
    let conditional: [(&str, &[u8]); 5] = [
        ("if-none-match", b"\"v6\""),
        ("If-Modified-Since", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        ("if-none-match", b"W/\"v7\""),
        ("Range", b"bytes=0-9"),
        ("If-Range", b"\"v7\""),
    ];
    for filler in [0, 10, 100] {
        let names: Vec<String> = (0..filler).map(|k| format!("x-filler-{k}")).collect();
        let mut lines: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"1"[..])).collect();
        lines.extend(conditional);
        let mut headers = HeaderMap::new();
        for (name, value) in &lines {
            headers.append(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        let from_map = evaluate_request(&Method::GET, &headers, v7(), HttpDate::MAX, Policy::new());
        let from_slice = evaluate(
            Method::GET.as_str().into(),
            &lines[..],
            v7(),
            HttpDate::MAX,
            Policy::new(),
        );
        assert_eq!(
            from_map.decision(),
            Decision::NotModified,
            "{filler} lines before"
        );
        assert_eq!(
            from_map.to_string(),
            from_slice.to_string(),
            "{filler} lines before"
        );
        assert_eq!(
            (&headers).gather(),
            (&lines[..]).gather(),
            "{filler} lines before"
        );
    }
}

// RFC 9110 §5.1: field names are case-insensitive. A map's one pass finds
// every conditional field (and Range) whatever case it was appended in,
// and nothing else: names that merely start or end like one are other
// fields.
#[test]
fn a_map_finds_each_field_in_any_case_and_nothing_that_only_looks_alike() {
    let names = [
        "If-Match",
        "If-None-Match",
        "If-Modified-Since",
        "If-Unmodified-Since",
        "If-Range",
        "Range",
    ];
    let mut lines: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, name) in names.iter().enumerate() {
        for (n, spelled) in [name.to_string(), name.to_uppercase(), name.to_lowercase()]
            .into_iter()
            .enumerate()
        {
            lines.push((spelled, format!("\"{k}-{n}\"").into_bytes()));
        }
        for look_alike in [format!("x-{name}"), format!("{name}s")] {
            lines.push((look_alike, b"\"no\"".to_vec()));
        }
    }
    // Few enough lines for the map to be read in one pass.
    assert_eq!(lines.len(), 30);
    let mut headers = HeaderMap::new();
    for (name, value) in &lines {
        headers.append(
            header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    let from_map = (&headers).gather();
    let from_lines = (&lines[..]).gather();
    assert_eq!(from_map, from_lines);
    for p in Precondition::ALL {
        let k = names.iter().position(|n| *n == p.name()).unwrap();
        assert_eq!(from_map.first(p), Some(format!("\"{k}-0\"").as_bytes()));
        assert!(from_map.has_more(p.field()), "{p:?}");
    }
    assert!(from_map.is_present(Field::Range));
}
