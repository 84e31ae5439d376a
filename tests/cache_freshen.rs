//! Which stored responses a 304 updates (RFC 9111 §4.3.4; CHOICES 18), and
//! freshening with a HEAD response (RFC 9111 §4.3.5; CHOICES 20).

use http_conditional::cache::{freshen, freshen_with_head, FreshenRule, NewResponse, Stored};
use http_conditional::HttpDate;

const D1: &str = "Tue, 15 Oct 2024 08:00:00 GMT";
const D2: &str = "Wed, 16 Oct 2024 09:30:00 GMT";
const D3: &str = "Thu, 17 Oct 2024 12:00:00 GMT";
const LM: &str = "Mon, 14 Oct 2024 10:00:00 GMT";

fn t() -> HttpDate {
    HttpDate::from_unix_seconds(1_729_000_000).unwrap()
}

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(1_780_000_000).unwrap()
}

fn tagged(tag: &'static str, date: &'static str) -> Stored<'static> {
    Stored::new(t()).with_etag(tag).with_date(date)
}

fn updated(stored: &[Stored<'_>], response: NewResponse<'_>) -> Vec<usize> {
    freshen(stored, response, now()).indices().collect()
}

// RFC 9111 §4.3.4, first rule: "All the stored responses with the same
// strong validator are identified for update"; "If none ... MUST NOT"
#[test]
fn a_strong_etag_updates_every_stored_response_that_has_it_and_nothing_else() {
    let stored = [
        tagged("\"a\"", D1),
        tagged("\"b\"", D2),
        tagged("\"a\"", D3),
    ];
    let a = NewResponse::new().with_etag("\"a\"");
    assert_eq!(updated(&stored, a), [0, 2]);
    assert_eq!(
        freshen(&stored, a, now()).rule(),
        FreshenRule::StrongValidator
    );
    assert_eq!(
        updated(&stored, NewResponse::new().with_etag("\"c\"")),
        Vec::<usize>::new()
    );
    // Strong comparison: a weak stored tag is not the same strong validator.
    assert_eq!(updated(&[tagged("W/\"a\"", D1)], a), Vec::<usize>::new());
}

// RFC 9110 §8.8.2.2: a Last-Modified in the 304 is strong when its Date is
// at least a second later; then it selects by the same instant
#[test]
fn a_strong_last_modified_selects_by_the_same_instant() {
    let stored = [
        Stored::new(t())
            .with_last_modified("Sat, 12 Oct 2024 07:15:00 GMT")
            .with_date(D1),
        Stored::new(t())
            .with_last_modified("Monday, 14-Oct-24 10:00:00 GMT")
            .with_date(D2),
    ];
    let strong = NewResponse::new().with_last_modified(LM).with_date(D1);
    assert_eq!(updated(&stored, strong), [1]);
    // In the same second it is weak: the most recent match (second rule).
    let weak = NewResponse::new().with_last_modified(LM).with_date(LM);
    let selection = freshen(&stored, weak, now());
    assert_eq!(selection.rule(), FreshenRule::WeakValidator);
    assert_eq!(selection.indices().collect::<Vec<_>>(), [1]);
}

// CHOICES 18: a stored tag that contradicts the 304's is never updated,
// whatever its Last-Modified says
#[test]
fn a_contradicting_stored_tag_is_never_updated() {
    let stored = [
        Stored::new(t())
            .with_etag("\"old\"")
            .with_last_modified(LM)
            .with_date(D1),
        Stored::new(t()).with_last_modified(LM).with_date(D1),
    ];
    let response = NewResponse::new()
        .with_etag("\"new\"")
        .with_last_modified(LM)
        .with_date(D2);
    assert_eq!(updated(&stored, response), [1]);
    let weak = NewResponse::new()
        .with_etag("W/\"new\"")
        .with_last_modified(LM)
        .with_date(LM);
    assert_eq!(updated(&stored, weak), [1]);
}

// RFC 9111 §4.3.4, second rule: "the most recent of those matching stored
// responses"; CHOICES 14 for "most recent"
#[test]
fn a_weak_etag_updates_only_the_most_recent_match() {
    let stored = [
        tagged("W/\"a\"", D1),
        tagged("\"a\"", D2),
        tagged("W/\"b\"", D3),
    ];
    let weak = NewResponse::new().with_etag("W/\"a\"");
    assert_eq!(updated(&stored, weak), [1]);
    assert_eq!(
        updated(&stored, NewResponse::new().with_etag("W/\"z\"")),
        Vec::<usize>::new()
    );
}

// RFC 9111 §4.3.4, third rule: one stored response, neither has a validator
#[test]
fn without_validators_only_a_lone_stored_response_without_one_is_updated() {
    let bare = Stored::new(t()).with_date(D1);
    let none = NewResponse::new().with_date(D2);
    assert_eq!(updated(&[bare], none), [0]);
    assert_eq!(updated(&[bare, bare], none), Vec::<usize>::new());
    assert_eq!(updated(&[tagged("\"a\"", D1)], none), Vec::<usize>::new());
    // A malformed ETag in the 304 counts as none: the strict rule decides.
    assert_eq!(
        updated(&[tagged("\"a\"", D1)], NewResponse::new().with_etag("a")),
        Vec::<usize>::new()
    );
    assert_eq!(
        freshen(&[bare], none, now()).rule(),
        FreshenRule::NoValidator
    );
}

// Every selection explains itself with the rule it used
#[test]
fn the_explanation_names_the_indices_and_the_rule() {
    let stored = [tagged("\"a\"", D1), tagged("\"b\"", D2)];
    let text = freshen(&stored, NewResponse::new().with_etag("\"b\""), now()).to_string();
    assert!(
        text.starts_with("the 304 updates stored response 1:"),
        "{text}"
    );
    assert!(text.ends_with("(RFC 9111 §4.3.4, first rule)"), "{text}");
    let text = freshen(&stored, NewResponse::new().with_etag("\"c\""), now()).to_string();
    assert!(text.contains("MUST NOT be used"), "{text}");
}

fn head(stored: &[Stored<'_>], response: NewResponse<'_>) -> (Vec<usize>, Vec<usize>) {
    let h = freshen_with_head(stored, response, now());
    (h.updated().collect(), h.stale().collect())
}

// RFC 9111 §4.3.5: matching validators and Content-Length update; anything
// else marks stale
#[test]
fn a_head_response_updates_matching_stored_responses_and_marks_the_rest_stale() {
    let stored = [
        tagged("\"a\"", D1).with_content_length("42"),
        tagged("\"b\"", D2).with_content_length("10"),
        tagged("W/\"b\"", D2).with_content_length("10"),
        tagged("\"b\"", D2),
    ];
    assert_eq!(
        head(
            &stored,
            NewResponse::new()
                .with_etag("\"b\"")
                .with_content_length("010")
        ),
        (vec![1], vec![0, 2, 3])
    );
    assert_eq!(
        head(&stored, NewResponse::new().with_etag("\"b\"")),
        (vec![1, 3], vec![0, 2])
    );
    assert_eq!(
        head(
            &stored,
            NewResponse::new()
                .with_etag("\"a\"")
                .with_content_length("43")
        ),
        (vec![], vec![0, 1, 2, 3])
    );
}

// CHOICES 20: every validator the HEAD response has must match; none at all
// updates nothing; a Content-Length that is not a number matches nothing
#[test]
fn a_head_response_without_validator_or_with_a_bad_length_updates_nothing() {
    let s = Stored::new(t())
        .with_etag("\"a\"")
        .with_last_modified(LM)
        .with_content_length("42");
    assert_eq!(
        head(&[s], NewResponse::new().with_content_length("42")),
        (vec![], vec![0])
    );
    assert_eq!(
        head(
            &[s],
            NewResponse::new()
                .with_etag("\"a\"")
                .with_content_length("4 2")
        ),
        (vec![], vec![0])
    );
    assert_eq!(
        head(
            &[s],
            NewResponse::new().with_etag("\"a\"").with_last_modified(D1)
        ),
        (vec![], vec![0])
    );
    assert_eq!(
        head(
            &[s],
            NewResponse::new().with_last_modified("Monday, 14-Oct-24 10:00:00 GMT")
        ),
        (vec![0], vec![])
    );
    let text = freshen_with_head(&[s], NewResponse::new(), now()).to_string();
    assert!(
        text.contains("no validator") && text.contains("RFC 9111 §4.3.5"),
        "{text}"
    );
}
