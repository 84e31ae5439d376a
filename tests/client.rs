//! The client role (RFC 9110 §13.1; CHOICES 21): the fields for each
//! intent, and what the server's answer means.

use http_conditional::cache::{freshen, NewResponse, Stored};
use http_conditional::client::{request, ClientError, Intent, Outcome};
use http_conditional::{evaluate, Field, HttpDate, Method, Policy, Resource, Validators};

const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";
const D1: &str = "Tue, 15 Oct 2024 08:00:00 GMT";
const D2: &str = "Wed, 16 Oct 2024 09:30:00 GMT";
const D3: &str = "Thu, 17 Oct 2024 11:45:00 GMT";

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

/// The stored responses the cache role's `freshen` identifies for update.
fn identified(stored: &[Stored<'_>], response: NewResponse<'_>) -> Vec<usize> {
    freshen(stored, response, now()).indices().collect()
}

/// The stored response a 304 names, and the check that it is one of those
/// the cache role's `freshen` selects for update (the client must never use
/// a stored response that RFC 9111 §4.3.4 does not identify).
fn not_modified_by(stored: &[Stored<'_>], response: NewResponse<'_>) -> Outcome {
    let read = request(Intent::Read, stored, now()).unwrap();
    let outcome = read.outcome(304, response, now());
    let selected = identified(stored, response);
    match outcome {
        Outcome::NotModified { stored: i } => assert!(
            selected.contains(&i),
            "{outcome:?} is not among the selected {selected:?}"
        ),
        Outcome::NotModifiedUnknown => assert!(selected.is_empty(), "{selected:?}"),
        other => panic!("a 304 is {other:?}"),
    }
    outcome
}

// RFC 9111 §4.3.4, first rule: a 304 with a strong ETag identifies every
// stored response with that strong validator; of those, the client uses the
// most recent (RFC 9111 §4, "the most recent one"; CHOICES 14), whatever its
// position and whatever more recent response holds another tag
#[test]
fn a_304_with_a_strong_tag_several_hold_names_the_most_recent_of_them() {
    let strong_a = NewResponse::new().with_etag("\"a\"");
    // The most recent "a" is last, behind a more recent "b".
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
        Stored::new(t()).with_etag("\"b\"").with_date(D3),
        Stored::new(t()).with_etag("\"a\"").with_date(D2),
    ];
    assert_eq!(
        identified(&stored, strong_a),
        [0, 2],
        "both responses with \"a\" are identified"
    );
    assert_eq!(
        not_modified_by(&stored, strong_a),
        Outcome::NotModified { stored: 2 }
    );
    // The most recent "a" listed first.
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D2),
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
    ];
    assert_eq!(
        not_modified_by(&stored, strong_a),
        Outcome::NotModified { stored: 0 }
    );
    // Without a valid Date, the time received decides (RFC 9111 §4).
    let stored = [
        Stored::new(t()).with_etag("\"a\""),
        Stored::new(now())
            .with_etag("\"a\"")
            .with_date("not a date"),
    ];
    assert_eq!(
        not_modified_by(&stored, strong_a),
        Outcome::NotModified { stored: 1 }
    );
    // On a tie, the first listed (CHOICES 14).
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
    ];
    assert_eq!(
        not_modified_by(&stored, strong_a),
        Outcome::NotModified { stored: 0 }
    );
    // A weak stored "a" does not have the strong validator (strong
    // comparison, RFC 9110 §8.8.3.2), however recent it is.
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
        Stored::new(t()).with_etag("W/\"a\"").with_date(D3),
    ];
    assert_eq!(
        not_modified_by(&stored, strong_a),
        Outcome::NotModified { stored: 0 }
    );
}

// RFC 9111 §4.3.4, first rule with a strong Last-Modified (its Date a second
// or more later, RFC 9110 §8.8.2.2): every stored response with that
// Last-Modified is identified, the client uses the most recent
#[test]
fn a_304_with_a_strong_last_modified_several_hold_names_the_most_recent_of_them() {
    let stored = [
        Stored::new(t()).with_last_modified(LM).with_date(D2),
        Stored::new(t()).with_last_modified(D1).with_date(D3),
        Stored::new(t()).with_last_modified(LM).with_date(D1),
    ];
    let strong_lm = NewResponse::new().with_last_modified(LM).with_date(D3);
    assert_eq!(identified(&stored, strong_lm), [0, 2]);
    assert_eq!(
        not_modified_by(&stored, strong_lm),
        Outcome::NotModified { stored: 0 }
    );
    // A stored response identified by the date only, without a tag that
    // contradicts the 304's, counts with one identified by the tag.
    let stored = [
        Stored::new(t()).with_etag("\"a\"").with_date(D1),
        Stored::new(t()).with_last_modified(LM).with_date(D2),
        Stored::new(t())
            .with_etag("\"b\"")
            .with_last_modified(LM)
            .with_date(D3),
    ];
    let both = strong_lm.with_etag("\"a\"");
    assert_eq!(
        identified(&stored, both),
        [0, 1],
        "\"b\" contradicts the 304's tag (CHOICES 18)"
    );
    assert_eq!(
        not_modified_by(&stored, both),
        Outcome::NotModified { stored: 1 }
    );
}

// RFC 9111 §4.3.4, second rule: with weak validators only, "the most recent
// of those matching stored responses is selected"
#[test]
fn a_304_with_weak_validators_several_match_names_the_most_recent_match() {
    // W/"a" matches "a" and W/"a" by weak comparison; "b" is the most recent
    // but does not match.
    let stored = [
        Stored::new(t()).with_etag("W/\"a\"").with_date(D1),
        Stored::new(t()).with_etag("\"a\"").with_date(D2),
        Stored::new(t()).with_etag("\"b\"").with_date(D3),
    ];
    let weak_a = NewResponse::new().with_etag("W/\"a\"");
    assert_eq!(
        identified(&stored, weak_a),
        [1],
        "only the most recent match is identified"
    );
    assert_eq!(
        not_modified_by(&stored, weak_a),
        Outcome::NotModified { stored: 1 }
    );
    // A Last-Modified the 304's own Date does not make strong is weak: the
    // most recent stored response with the same instant.
    let stored = [
        Stored::new(t()).with_last_modified(LM).with_date(D3),
        Stored::new(t()).with_last_modified(LM).with_date(D2),
        Stored::new(t()).with_last_modified(D1).with_date(D3),
    ];
    let weak_lm = NewResponse::new().with_last_modified(LM).with_date(LM);
    assert_eq!(
        not_modified_by(&stored, weak_lm),
        Outcome::NotModified { stored: 0 }
    );
    assert_eq!(
        not_modified_by(&stored, NewResponse::new().with_last_modified(LM)),
        Outcome::NotModified { stored: 0 },
        "without a Date the 304's Last-Modified is weak"
    );
    // Nothing matches: the 304 names no stored response.
    assert_eq!(
        not_modified_by(&stored, NewResponse::new().with_etag("W/\"z\"")),
        Outcome::NotModifiedUnknown
    );
}

// RFC 9111 §4.3.4, third rule: a 304 without validators identifies the
// stored response only if it is the only one and has none either; with
// several stored responses it names none
#[test]
fn a_304_without_validators_names_only_a_lone_stored_response_without_one() {
    let bare = NewResponse::new().with_date(D3);
    let lone = [Stored::new(t()).with_date(D1)];
    assert_eq!(
        not_modified_by(&lone, bare),
        Outcome::NotModified { stored: 0 }
    );
    let two = [lone[0], Stored::new(t()).with_date(D2)];
    assert_eq!(not_modified_by(&two, bare), Outcome::NotModifiedUnknown);
    let tagged = [Stored::new(t()).with_etag("\"a\"").with_date(D1)];
    assert_eq!(not_modified_by(&tagged, bare), Outcome::NotModifiedUnknown);
    assert_eq!(not_modified_by(&[], bare), Outcome::NotModifiedUnknown);
}

// RFC 9110 §5.5: OWS around a field value is not part of it, so a stored
// Last-Modified kept with it is sent without it, in the validation
// request (If-Modified-Since) and in a guarded write (If-Unmodified-Since)
#[test]
fn stored_dates_are_sent_without_surrounding_whitespace() {
    const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";
    let padded = format!(" \t{LM} ");
    let stored = [Stored::new(t())
        .with_last_modified(&padded)
        .with_date("Tue, 15 Oct 2024 08:00:00 GMT")];
    let read = request(Intent::Read, &stored, now()).unwrap();
    assert_eq!(read.if_modified_since(), Some(LM.as_bytes()));
    let write = request(Intent::Write, &stored, now()).unwrap();
    assert_eq!(write.if_unmodified_since(), Some(LM.as_bytes()));
    let gateway = http_conditional::cache::validation_request(&[("Accept", "*/*")], &stored, now());
    assert_eq!(gateway.if_modified_since(), Some(LM.as_bytes()));
}
