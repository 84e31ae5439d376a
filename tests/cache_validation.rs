//! The validation request a cache sends (RFC 9111 §4.3.1; CHOICES 17), and
//! the values it writes without allocating.

use http_conditional::cache::{validation_request, FieldValue, NoModifiedSince, Stored, TagList};
use http_conditional::{EntityTag, Field, HttpDate};

const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";

fn t() -> HttpDate {
    HttpDate::from_unix_seconds(1_729_000_000).unwrap()
}

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(1_780_000_000).unwrap()
}

fn tags(stored: &[Stored<'_>], headers: &[(&str, &str)]) -> Option<String> {
    validation_request(headers, stored, now())
        .if_none_match()
        .map(|l| l.to_string())
}

// RFC 9111 §4.3.1: "MUST send the relevant entity tags (using
// If-None-Match)"; CHOICES 17: weak ones too, each distinct tag once
#[test]
fn every_stored_tag_is_listed_once_weak_ones_included() {
    let stored = [
        Stored::new(t()).with_etag("\"a\""),
        Stored::new(t()).with_etag("W/\"b\""),
        Stored::new(t()).with_etag("\"a\""),
        Stored::new(t()).with_etag("W/\"a\""),
        Stored::new(t()),
        Stored::new(t()).with_etag("not a tag"),
    ];
    assert_eq!(
        tags(&stored, &[]).as_deref(),
        Some("\"a\", W/\"b\", W/\"a\"")
    );
    assert_eq!(tags(&stored[4..], &[]), None);
}

// RFC 9111 §4.3.1: "SHOULD send the Last-Modified value (using
// If-Modified-Since) if only one stored response is being validated";
// CHOICES 17: never from Date or the time received, never with Range
#[test]
fn if_modified_since_is_the_one_stored_last_modified_verbatim() {
    let one = [Stored::new(t()).with_etag("\"a\"").with_last_modified(LM)];
    let request = validation_request(&[("Accept", "*/*")], &one, now());
    assert_eq!(request.if_modified_since(), Some(LM.as_bytes()));
    assert_eq!(request.no_modified_since(), None);

    type Case<'a> = (&'a [Stored<'a>], &'a [(&'a str, &'a str)], NoModifiedSince);
    let cases: [Case<'_>; 5] = [
        (&[], &[], NoModifiedSince::NothingStored),
        (&[one[0], one[0]], &[], NoModifiedSince::SeveralStored),
        (&one, &[("Range", "bytes=0-9")], NoModifiedSince::Range),
        (
            &[Stored::new(t()).with_date(LM)],
            &[],
            NoModifiedSince::NoLastModified,
        ),
        (
            &[Stored::new(t()).with_last_modified("yesterday")],
            &[],
            NoModifiedSince::NoLastModified,
        ),
    ];
    for (stored, headers, why) in cases {
        let request = validation_request(headers, stored, now());
        assert_eq!(request.if_modified_since(), None, "{why:?}");
        assert_eq!(request.no_modified_since(), Some(why));
    }
}

// RFC 9111 §4.3.1 (CHOICES 17 "validation-own-tags"): the request's own
// preconditions are not passed on
#[test]
fn the_requests_own_preconditions_are_not_forwarded() {
    let one = [Stored::new(t()).with_etag("\"a\"").with_last_modified(LM)];
    let headers = [
        ("If-None-Match", "\"c\""),
        ("If-Modified-Since", "Thu, 17 Oct 2024 12:00:00 GMT"),
        ("If-Match", "\"x\""),
        ("If-Range", "\"a\""),
    ];
    let request = validation_request(&headers, &one, now());
    let fields: Vec<(Field, String)> = request.fields().map(|(f, v)| (f, v.to_string())).collect();
    assert_eq!(
        fields,
        [
            (Field::IfNoneMatch, "\"a\"".to_owned()),
            (Field::IfModifiedSince, LM.to_owned())
        ]
    );
    assert!(request.to_string().contains("not forwarded"));
}

// Without a validator nothing is conditional; the explanation says so
#[test]
fn nothing_stored_with_a_validator_makes_an_unconditional_request() {
    let bare = [Stored::new(t()).with_date(LM)];
    let request = validation_request(&[("Accept", "*/*")], &bare, now());
    assert!(!request.is_conditional());
    assert_eq!(request.fields().count(), 0);
    assert!(
        request.to_string().starts_with("no If-None-Match"),
        "{request}"
    );
}

// RFC 9110 §8.8.3: the list and the values write their exact bytes, and
// refuse a buffer that is too short rather than cut a tag
#[test]
fn values_encode_exactly_or_not_at_all() {
    let stored = [
        Stored::new(t()).with_etag(b"W/\"caf\xe9\""),
        Stored::new(t()).with_etag("\"b\""),
    ];
    let list = TagList::new(&stored);
    let mut buf = [0u8; 64];
    assert_eq!(
        list.encode_into(&mut buf),
        Some(&b"W/\"caf\xe9\", \"b\""[..])
    );
    assert_eq!(list.encoded_len(), 13);
    assert_eq!(list.encode_into(&mut buf[..12]), None);
    assert_eq!(list.to_string(), "W/\"caf\u{FFFD}\", \"b\"");

    let values = [
        FieldValue::Any,
        FieldValue::Tag(EntityTag::strong(b"v7").unwrap()),
        FieldValue::Date(LM.as_bytes()),
        FieldValue::Tags(list),
    ];
    for value in values {
        let len = value.encoded_len();
        assert_eq!(
            value.encode_into(&mut buf).map(<[u8]>::len),
            Some(len),
            "{value}"
        );
        if len > 0 {
            assert_eq!(value.encode_into(&mut buf[..len - 1]), None, "{value}");
        }
    }
}
