//! The client role (RFC 9110 §13.1; CHOICES 21): the fields for each
//! intent, and what the server's answer means.

use http_conditional::cache::{NewResponse, Stored};
use http_conditional::client::{request, ClientError, Intent, Outcome};
use http_conditional::{evaluate, Field, HttpDate, Method, Policy, Resource, Validators};

const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";
const D1: &str = "Tue, 15 Oct 2024 08:00:00 GMT";
const D2: &str = "Wed, 16 Oct 2024 09:30:00 GMT";

fn t() -> HttpDate {
    HttpDate::from_unix_seconds(1_729_000_000).unwrap()
}

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(1_780_000_000).unwrap()
}

fn fields(stored: &[Stored<'_>], intent: Intent) -> Vec<(Field, String)> {
    request(intent, stored, now())
        .unwrap()
        .fields()
        .map(|(f, v)| (f, v.to_string()))
        .collect()
}

// RFC 9110 §13.1.2, §13.1.3; RFC 9111 §4.3.1: a read revalidates with every
// stored tag, and with Last-Modified when one response is held
#[test]
fn a_read_sends_the_stored_tags_and_last_modified() {
    let one = [Stored::new(t())
        .with_etag("\"a\"")
        .with_last_modified(LM)
        .with_date(D1)];
    assert_eq!(
        fields(&one, Intent::Read),
        [
            (Field::IfNoneMatch, "\"a\"".to_owned()),
            (Field::IfModifiedSince, LM.to_owned())
        ]
    );
    assert_eq!(
        fields(&one, Intent::ReadRange),
        [(Field::IfNoneMatch, "\"a\"".to_owned())]
    );
    let two = [one[0], Stored::new(t()).with_etag("W/\"b\"").with_date(D2)];
    assert_eq!(
        fields(&two, Intent::Read),
        [(Field::IfNoneMatch, "\"a\", W/\"b\"".to_owned())]
    );
    assert_eq!(fields(&[], Intent::Read), []);
}

// RFC 9110 §13.1.1: If-Match with the strong tag of the most recent stored
// response (CHOICES 14, 21)
#[test]
fn a_write_is_guarded_by_the_most_recent_strong_tag() {
    let stored = [
        Stored::new(t()).with_etag("\"v6\"").with_date(D1),
        Stored::new(t()).with_etag("\"v7\"").with_date(D2),
    ];
    let write = request(Intent::Write, &stored, now()).unwrap();
    assert_eq!(write.guard(), Some(1));
    assert_eq!(
        fields(&stored, Intent::Write),
        [(Field::IfMatch, "\"v7\"".to_owned())]
    );
    assert!(write.to_string().contains("RFC 9110 §13.1.1"));
}

// RFC 9110 §8.8.3.2: a weak tag in If-Match never matches, so a write falls
// back to a strong Last-Modified (§13.1.4, §8.8.2.2), else is an error
#[test]
fn a_write_without_a_strong_tag_uses_a_strong_last_modified_or_fails() {
    let weak_tag = Stored::new(t())
        .with_etag("W/\"v7\"")
        .with_last_modified(LM)
        .with_date(D1);
    assert_eq!(
        fields(&[weak_tag], Intent::Write),
        [(Field::IfUnmodifiedSince, LM.to_owned())]
    );
    let same_second = weak_tag.with_date(LM);
    let cases = [
        &[same_second][..],
        &[Stored::new(t()).with_etag("W/\"v7\"").with_date(D1)][..],
        &[Stored::new(t()).with_last_modified(LM)][..],
        &[][..],
    ];
    for stored in cases {
        let err = request(Intent::Write, stored, now()).unwrap_err();
        assert_eq!(err, ClientError::NoStrongValidator, "{stored:?}");
    }
    assert!(ClientError::NoStrongValidator
        .to_string()
        .starts_with("no-strong-validator"));
}

// RFC 9110 §13.1.2: If-None-Match: * creates only what does not exist
#[test]
fn a_create_sends_if_none_match_star_only() {
    let stored = [Stored::new(t()).with_etag("\"v7\"")];
    assert_eq!(
        fields(&stored, Intent::Create),
        [(Field::IfNoneMatch, "*".to_owned())]
    );
}

// The fields a client sends, evaluated by an origin with `evaluate`, decide
// as the client means them to
#[test]
fn the_fields_do_what_the_intent_says_at_an_origin() {
    let stored = [Stored::new(t()).with_etag("\"v7\"")];
    let send = |intent| -> Vec<(String, String)> {
        request(intent, &stored, now())
            .unwrap()
            .fields()
            .map(|(f, v)| (f.name().to_owned(), v.to_string()))
            .collect()
    };
    let current = |tag: &'static [u8]| {
        Resource::Current(
            Validators::new().with_etag(http_conditional::EntityTag::strong(tag).unwrap()),
        )
    };
    let status = |method, headers: &[(String, String)], resource| {
        evaluate(method, headers, resource, now(), Policy::new()).status()
    };
    assert_eq!(
        status(Method::GET, &send(Intent::Read), current(b"v7")),
        304
    );
    assert_eq!(
        status(Method::GET, &send(Intent::Read), current(b"v8")),
        200
    );
    assert_eq!(
        status(Method::PUT, &send(Intent::Write), current(b"v7")),
        200
    );
    assert_eq!(
        status(Method::PUT, &send(Intent::Write), current(b"v8")),
        412
    );
    assert_eq!(
        status(Method::PUT, &send(Intent::Create), Resource::Missing),
        200
    );
    assert_eq!(
        status(Method::PUT, &send(Intent::Create), current(b"v7")),
        412
    );
}

// RFC 9110 §13.1.1, §13.1.2, §15.4.5; RFC 6585 §3; RFC 9111 §4.3.4: what
// each answer means
#[test]
fn outcomes_tell_304_from_412_from_428() {
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
        Stored::new(t()).with_etag("\"b\"").with_date(D2),
    ];
    let read = request(Intent::Read, &stored, now()).unwrap();
    let write = request(Intent::Write, &stored, now()).unwrap();
    let create = request(Intent::Create, &[], now()).unwrap();
    let tag = |t| NewResponse::new().with_etag(t);

    assert_eq!(
        read.outcome(304, tag("\"a\""), now()),
        Outcome::NotModified { stored: 0 }
    );
    assert_eq!(
        read.outcome(304, tag("W/\"b\""), now()),
        Outcome::NotModified { stored: 1 }
    );
    assert_eq!(
        read.outcome(304, tag("\"z\""), now()),
        Outcome::NotModifiedUnknown
    );
    assert_eq!(read.outcome(200, tag("\"c\""), now()), Outcome::Success);
    assert_eq!(
        write.outcome(412, tag("\"c\""), now()),
        Outcome::ChangedElsewhere
    );
    assert_eq!(
        write.outcome(204, NewResponse::new(), now()),
        Outcome::Success
    );
    assert_eq!(
        create.outcome(412, tag("\"c\""), now()),
        Outcome::AlreadyExists
    );
    assert_eq!(create.outcome(201, tag("\"c\""), now()), Outcome::Success);
    assert_eq!(
        write.outcome(428, NewResponse::new(), now()),
        Outcome::PreconditionRequired
    );
    assert_eq!(
        read.outcome(412, NewResponse::new(), now()),
        Outcome::Other(412)
    );
    assert_eq!(
        read.outcome(404, NewResponse::new(), now()),
        Outcome::Other(404)
    );

    let text = Outcome::ChangedElsewhere.to_string();
    assert!(
        text.contains("do not retry blindly") && text.contains("RFC 9110 §13.1.1"),
        "{text}"
    );
    assert!(Outcome::PreconditionRequired
        .to_string()
        .contains("If-Match"));
}

// A 304 for a stored response identified by strong Last-Modified only
#[test]
fn a_304_with_a_strong_last_modified_names_the_stored_response() {
    let stored = [Stored::new(t()).with_last_modified(LM).with_date(D1)];
    let read = request(Intent::Read, &stored, now()).unwrap();
    let not_modified = NewResponse::new().with_last_modified(LM).with_date(D2);
    assert_eq!(
        read.outcome(304, not_modified, now()),
        Outcome::NotModified { stored: 0 }
    );
}
