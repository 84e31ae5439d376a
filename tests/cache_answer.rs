//! A cache answering conditional requests from stored responses (RFC 9111
//! §4, §4.3.2), one test per requirement and reading (CHOICES 13-16).

use http_conditional::cache::{
    answer, answer_with, Action, AnswerError, CacheView, ModifiedBasis, Stored,
};
use http_conditional::{Field, FieldLines, HttpDate, Method, Policy};

const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";
const DATE: &str = "Tue, 15 Oct 2024 08:00:00 GMT";
const LATER: &str = "Wed, 16 Oct 2024 09:30:00 GMT";

fn at(secs: i64) -> HttpDate {
    HttpDate::from_unix_seconds(secs).unwrap()
}

fn now() -> HttpDate {
    at(1_780_000_000)
}

fn received() -> HttpDate {
    at(1_728_979_201) // Tue, 15 Oct 2024 08:00:01 GMT
}

fn stored() -> Stored<'static> {
    Stored::new(received())
        .with_etag("\"a\"")
        .with_last_modified(LM)
        .with_date(DATE)
}

fn decide(method: Method<'_>, headers: &[(&str, &str)], stored: &[Stored<'_>]) -> (Action, usize) {
    let a = answer(method, headers, stored, now()).unwrap();
    (a.action(), a.stored())
}

// RFC 9111 §4.3.2: "If-Match and If-Unmodified-Since ... are not applicable
// to a cache"; CHOICES 13: the answer is what it would be without them
#[test]
fn if_match_and_if_unmodified_since_never_make_a_412() {
    let s = [stored()];
    let cases: [&[(&str, &str)]; 4] = [
        &[("If-Match", "\"b\"")],
        &[("If-Match", "garbage")],
        &[("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")],
        &[("If-Match", "\"b\""), ("If-None-Match", "\"a\"")],
    ];
    let want = [
        Action::Serve,
        Action::Serve,
        Action::Serve,
        Action::NotModified,
    ];
    for (headers, want) in cases.into_iter().zip(want) {
        let a = answer(Method::GET, headers, &s, now()).unwrap();
        assert_eq!(a.action(), want, "{headers:?}");
        assert!(
            a.to_string()
                .contains("not applicable to a cache (RFC 9111 §4.3.2)"),
            "{a}"
        );
    }
}

// RFC 9111 §4.3.2; RFC 9110 §13.1.2: any member of the list, weak comparison
#[test]
fn if_none_match_matches_any_member_weakly() {
    let weak = [stored().with_etag("W/\"a\"")];
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "\"x\", \"a\"")], &weak),
        (Action::NotModified, 0)
    );
    assert_eq!(
        decide(Method::HEAD, &[("If-None-Match", "\"x\"")], &weak),
        (Action::Serve, 0)
    );
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "*")], &weak),
        (Action::NotModified, 0)
    );
}

// RFC 9111 §4.3.2: If-Modified-Since only without If-None-Match
#[test]
fn if_none_match_takes_precedence_over_if_modified_since() {
    let s = [stored()];
    let headers = [("If-Modified-Since", LATER), ("If-None-Match", "\"other\"")];
    assert_eq!(decide(Method::GET, &headers, &s), (Action::Serve, 0));
}

// RFC 9111 §4.3.2, the three cases of If-Modified-Since; CHOICES 15
#[test]
fn if_modified_since_falls_back_to_date_then_to_the_time_received() {
    let cases = [
        (stored(), ModifiedBasis::LastModified),
        (Stored::new(received()).with_date(DATE), ModifiedBasis::Date),
        (
            Stored::new(received())
                .with_last_modified("bad")
                .with_date(DATE),
            ModifiedBasis::Date,
        ),
        (Stored::new(received()), ModifiedBasis::Received),
    ];
    for (s, basis) in cases {
        let same_second = [("If-Modified-Since", "Tue, 15 Oct 2024 08:00:01 GMT")];
        let a = answer(Method::GET, &same_second, &[s], now()).unwrap();
        assert_eq!(
            (a.action(), a.modified_basis()),
            (Action::NotModified, basis),
            "{a}"
        );
        let before = [("If-Modified-Since", "Sat, 12 Oct 2024 07:15:00 GMT")];
        assert_eq!(
            decide(Method::GET, &before, &[s]),
            (Action::Serve, 0),
            "{basis:?}"
        );
    }
    let a = answer(
        Method::GET,
        &[("If-Modified-Since", DATE)],
        &[Stored::new(received()).with_date(DATE)],
        now(),
    )
    .unwrap();
    assert!(
        a.to_string()
            .contains("the stored Date stands in for Last-Modified"),
        "{a}"
    );
}

// RFC 9111 §4: "the most recent one (as determined by the Date header
// field)"; CHOICES 14: received without Date, the first on a tie
#[test]
fn the_most_recent_stored_response_answers_and_only_it() {
    let old = stored();
    let new = Stored::new(received()).with_etag("\"b\"").with_date(LATER);
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "\"a\"")], &[old, new]),
        (Action::Serve, 1)
    );
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "\"b\"")], &[old, new]),
        (Action::NotModified, 1)
    );
    // A stored response without Date counts with the time it was received.
    let undated = Stored::new(at(1_729_100_000)).with_etag("\"c\"");
    assert_eq!(
        decide(Method::GET, &[], &[old, undated]),
        (Action::Serve, 1)
    );
    // On a tie, the first listed.
    let twin = old.with_etag("\"twin\"");
    assert_eq!(decide(Method::GET, &[], &[old, twin]), (Action::Serve, 0));
}

// RFC 9110 §13.1.5 at a cache: strong comparison of tags
#[test]
fn if_range_with_a_tag_needs_a_strong_match() {
    let strong = [stored()];
    let weak = [stored().with_etag("W/\"a\"")];
    let range = |v| [("Range", "bytes=0-99"), ("If-Range", v)];
    assert_eq!(
        decide(Method::GET, &range("\"a\""), &strong),
        (Action::ServeRange, 0)
    );
    assert_eq!(
        decide(Method::GET, &range("W/\"a\""), &weak),
        (Action::Serve, 0)
    );
    assert_eq!(
        decide(Method::GET, &range("\"b\""), &strong),
        (Action::Serve, 0)
    );
    // Range (and so If-Range) is for GET only.
    assert_eq!(
        decide(Method::HEAD, &range("\"a\""), &strong),
        (Action::Serve, 0)
    );
    assert_eq!(
        decide(Method::GET, &[("Range", "bytes=0-99")], &strong),
        (Action::ServeRange, 0)
    );
}

// RFC 9110 §14.2, §13.1.5: a cache that does not cut ranges ignores Range
// and so If-Range ("MUST ignore"): never ServeRange, and it says why;
// If-None-Match still decides first (§13.2.2)
#[test]
fn a_cache_without_ranges_ignores_range_and_if_range() {
    let strong = [stored()];
    let whole = Policy::new().ranges(false);
    // The action, the status and the explanation of the cache's answer.
    let with = |headers: &[(&str, &str)]| {
        let a = answer_with(Method::GET, headers, &strong, now(), whole).unwrap();
        (a.action(), a.status(), a.to_string())
    };
    let matching = [("Range", "bytes=0-99"), ("If-Range", "\"a\"")];
    assert_eq!(
        decide(Method::GET, &matching, &strong),
        (Action::ServeRange, 0)
    );
    let (action, status, why) = with(&matching);
    assert_eq!((action, status), (Action::Serve, 200));
    assert!(why.contains("If-Range ignored"), "{why}");
    assert!(why.contains("does not support range requests"), "{why}");
    assert_eq!(with(&[("Range", "bytes=0-99")]).0, Action::Serve);
    let revalidating = [("Range", "bytes=0-99"), ("If-None-Match", "\"a\"")];
    assert_eq!(with(&revalidating).0, Action::NotModified);
}

// RFC 9110 §8.8.2.2, §13.1.5; CHOICES 16: a date matches only a strong
// Last-Modified, which for a cache means the stored Date is a second later
#[test]
fn if_range_with_a_date_needs_a_stored_date_a_second_later() {
    let range = [("Range", "bytes=0-99"), ("If-Range", LM)];
    assert_eq!(
        decide(Method::GET, &range, &[stored()]),
        (Action::ServeRange, 0)
    );
    let same_second = stored().with_date(LM);
    assert_eq!(
        decide(Method::GET, &range, &[same_second]),
        (Action::Serve, 0)
    );
    let one_second = stored().with_date("Mon, 14 Oct 2024 10:00:01 GMT");
    assert_eq!(
        decide(Method::GET, &range, &[one_second]),
        (Action::ServeRange, 0)
    );
    let undated = Stored::new(received()).with_last_modified(LM);
    assert_eq!(decide(Method::GET, &range, &[undated]), (Action::Serve, 0));
    // A stand-in date (no Last-Modified) never matches If-Range.
    let no_lm = Stored::new(received()).with_date(DATE);
    let by_date = [("Range", "bytes=0-99"), ("If-Range", DATE)];
    assert_eq!(decide(Method::GET, &by_date, &[no_lm]), (Action::Serve, 0));
}

// CHOICES 6: stored validators that do not parse count as absent
#[test]
fn stored_validators_that_do_not_parse_count_as_absent() {
    let broken = [Stored::new(received())
        .with_etag("a")
        .with_last_modified("yesterday")
        .with_date(DATE)];
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "\"a\", a")], &broken),
        (Action::Serve, 0)
    );
    assert_eq!(
        decide(Method::GET, &[("If-None-Match", "*")], &broken),
        (Action::NotModified, 0)
    );
}

// RFC 9111 §4: unsafe methods are written through; CHOICES 13: GET and HEAD
#[test]
fn a_cache_answers_get_and_head_only_and_needs_a_stored_response() {
    for method in ["PUT", "POST", "DELETE", "get", "OPTIONS"] {
        let result = answer(
            Method::from(method),
            &[("If-Match", "\"a\"")],
            &[stored()],
            now(),
        );
        assert_eq!(
            result.unwrap_err(),
            AnswerError::MethodNotGetOrHead,
            "{method}"
        );
    }
    let none: [Stored<'_>; 0] = [];
    let result = answer(Method::GET, &[("If-None-Match", "*")], &none, now());
    assert_eq!(result.unwrap_err(), AnswerError::NoStoredResponse);
    assert!(AnswerError::MethodNotGetOrHead
        .to_string()
        .contains("RFC 9111 §4"));
}

// RFC 9111 §4.3.2: the view hides exactly the two origin-only fields
#[test]
fn the_cache_view_hides_only_if_match_and_if_unmodified_since() {
    let headers = [
        ("If-Match", "\"a\""),
        ("If-Unmodified-Since", DATE),
        ("If-None-Match", "\"b\""),
        ("If-Modified-Since", DATE),
        ("If-Range", "\"c\""),
        ("Range", "bytes=0-1"),
    ];
    let view = CacheView::new(&headers);
    for field in Field::ALL {
        let hidden = matches!(field, Field::IfMatch | Field::IfUnmodifiedSince);
        assert_eq!(view.contains(field), !hidden, "{field}");
        assert_eq!(CacheView::<()>::hides(field), hidden);
    }
}

// Every answer explains itself: status, stored response, RFC sections
#[test]
fn the_explanation_names_the_status_the_stored_response_and_the_rules() {
    let old = stored();
    let new = Stored::new(received()).with_etag("\"b\"").with_date(LATER);
    let a = answer(
        Method::GET,
        &[("If-None-Match", "\"b\"")],
        &[old, new],
        now(),
    )
    .unwrap();
    let text = a.to_string();
    assert!(
        text.starts_with("304 Not Modified from stored response 1"),
        "{text}"
    );
    assert!(
        text.contains("the most recent of 2 by Date, RFC 9111 §4"),
        "{text}"
    );
    assert!(text.contains("RFC 9111 §4.3.2"), "{text}");
    assert!(text.contains("RFC 9110 §13.1.2"), "{text}");
    assert!(!text.contains('\n'));
}
