//! RFC 9110 §13.2.2, one case per branch, and the explanation each one
//! gives.

use http_conditional::{
    evaluate, Decision, EntityTag, HttpDate, Ignored, Method, Outcome, Policy, Precondition,
    Reason, Resource, Validators,
};

const LM: &str = "Sat, 29 Oct 1994 19:43:31 GMT";
const DAY_BEFORE: &str = "Fri, 28 Oct 1994 19:43:31 GMT";
const DAY_AFTER: &str = "Sun, 30 Oct 1994 19:43:31 GMT";

fn date(s: &str) -> HttpDate {
    http_conditional::parse::date([s.as_bytes()], HttpDate::MAX).unwrap()
}

fn current() -> Resource<'static> {
    Resource::Current(
        Validators::new()
            .with_etag(EntityTag::strong(b"xyzzy").unwrap())
            .with_last_modified(date(LM)),
    )
}

fn decide(method: &'static str, headers: &[(&str, &str)], resource: Resource<'_>) -> Decision {
    evaluate(
        Method::from(method),
        headers,
        resource,
        HttpDate::MAX,
        Policy::new(),
    )
    .decision()
}

struct Case {
    step: &'static str,
    method: &'static str,
    headers: &'static [(&'static str, &'static str)],
    expect: Decision,
}

use Decision::*;

const CASES: &[Case] = &[
    Case {
        step: "1 true → 3",
        method: "PUT",
        headers: &[("If-Match", "\"xyzzy\"")],
        expect: Proceed,
    },
    Case {
        step: "1 false → 412",
        method: "PUT",
        headers: &[("If-Match", "\"other\"")],
        expect: PreconditionFailed,
    },
    Case {
        step: "1 false → 412 (GET too)",
        method: "GET",
        headers: &[("If-Match", "\"other\"")],
        expect: PreconditionFailed,
    },
    Case {
        step: "1 true, 3 false → 304",
        method: "GET",
        headers: &[("If-Match", "\"xyzzy\""), ("If-None-Match", "\"xyzzy\"")],
        expect: NotModified,
    },
    Case {
        step: "2 true → 3",
        method: "PUT",
        headers: &[("If-Unmodified-Since", LM)],
        expect: Proceed,
    },
    Case {
        step: "2 false → 412",
        method: "DELETE",
        headers: &[("If-Unmodified-Since", DAY_BEFORE)],
        expect: PreconditionFailed,
    },
    Case {
        step: "2 skipped with If-Match",
        method: "PUT",
        headers: &[("If-Unmodified-Since", DAY_BEFORE), ("If-Match", "*")],
        expect: Proceed,
    },
    Case {
        step: "3 false → 304 GET",
        method: "GET",
        headers: &[("If-None-Match", "\"xyzzy\"")],
        expect: NotModified,
    },
    Case {
        step: "3 false → 304 HEAD",
        method: "HEAD",
        headers: &[("If-None-Match", "W/\"xyzzy\"")],
        expect: NotModified,
    },
    Case {
        step: "3 false → 412 other",
        method: "POST",
        headers: &[("If-None-Match", "W/\"xyzzy\"")],
        expect: PreconditionFailed,
    },
    Case {
        step: "3 true → 5",
        method: "GET",
        headers: &[("If-None-Match", "\"other\"")],
        expect: Proceed,
    },
    Case {
        step: "4 false → 304",
        method: "GET",
        headers: &[("If-Modified-Since", LM)],
        expect: NotModified,
    },
    Case {
        step: "4 false → 304 HEAD",
        method: "HEAD",
        headers: &[("If-Modified-Since", DAY_AFTER)],
        expect: NotModified,
    },
    Case {
        step: "4 true → 5",
        method: "GET",
        headers: &[("If-Modified-Since", DAY_BEFORE)],
        expect: Proceed,
    },
    Case {
        step: "4 skipped with If-None-Match",
        method: "GET",
        headers: &[("If-Modified-Since", LM), ("If-None-Match", "\"other\"")],
        expect: Proceed,
    },
    Case {
        step: "4 skipped for PUT",
        method: "PUT",
        headers: &[("If-Modified-Since", LM)],
        expect: Proceed,
    },
    Case {
        step: "5 true → 206",
        method: "GET",
        headers: &[("Range", "bytes=0-4"), ("If-Range", "\"xyzzy\"")],
        expect: ProceedWithRange,
    },
    Case {
        step: "5 false → 200",
        method: "GET",
        headers: &[("Range", "bytes=0-4"), ("If-Range", "\"other\"")],
        expect: Proceed,
    },
    Case {
        step: "5 after 4 true",
        method: "GET",
        headers: &[
            ("If-Modified-Since", DAY_BEFORE),
            ("Range", "bytes=0-4"),
            ("If-Range", "\"xyzzy\""),
        ],
        expect: ProceedWithRange,
    },
    Case {
        step: "4 decides before 5",
        method: "GET",
        headers: &[
            ("If-Modified-Since", LM),
            ("Range", "bytes=0-4"),
            ("If-Range", "\"xyzzy\""),
        ],
        expect: NotModified,
    },
    Case {
        step: "6 GET with Range → 206",
        method: "GET",
        headers: &[("Range", "bytes=0-4")],
        expect: ProceedWithRange,
    },
    Case {
        step: "6 HEAD with Range → 200",
        method: "HEAD",
        headers: &[("Range", "bytes=0-4")],
        expect: Proceed,
    },
    Case {
        step: "6 nothing",
        method: "GET",
        headers: &[],
        expect: Proceed,
    },
];

// RFC 9110 §13.2.2 steps 1-6
#[test]
fn every_branch_of_the_precedence_decides_as_the_rfc_says() {
    for case in CASES {
        assert_eq!(
            decide(case.method, case.headers, current()),
            case.expect,
            "step {}: {} {:?}",
            case.step,
            case.method,
            case.headers
        );
    }
}

// RFC 9110 §13.2.2: the order of field lines does not matter
#[test]
fn field_order_never_changes_the_decision() {
    for case in CASES {
        let mut reversed = case.headers.to_vec();
        reversed.reverse();
        assert_eq!(
            decide(case.method, &reversed, current()),
            case.expect,
            "{}",
            case.step
        );
    }
}

// RFC 9110 §13.2.1: CONNECT, OPTIONS and TRACE ignore preconditions
#[test]
fn connect_options_and_trace_ignore_every_precondition() {
    let all = [
        ("If-Match", "\"other\""),
        ("If-None-Match", "\"xyzzy\""),
        ("If-Unmodified-Since", DAY_BEFORE),
        ("If-Modified-Since", LM),
        ("If-Range", "\"other\""),
    ];
    for method in ["CONNECT", "OPTIONS", "TRACE"] {
        let eval = evaluate(
            Method::from(method),
            &all,
            current(),
            HttpDate::MAX,
            Policy::new(),
        );
        assert_eq!(eval.decision(), Proceed, "{method}");
        for (field, outcome) in eval.trace().iter() {
            assert_eq!(
                outcome,
                Outcome::Ignored(Ignored::MethodIgnoresPreconditions),
                "{field}"
            );
        }
    }
}

// RFC 9110 §9.1: method names are case-sensitive; "get" is not GET
#[test]
fn lowercase_get_is_not_get() {
    assert_eq!(
        decide("get", &[("If-None-Match", "\"xyzzy\"")], current()),
        PreconditionFailed
    );
    assert_eq!(decide("get", &[("Range", "bytes=0-1")], current()), Proceed);
}

// RFC 9110 §13.1.2: "*" and weak comparison when creating
#[test]
fn if_none_match_star_guards_creation() {
    assert_eq!(
        decide("PUT", &[("If-None-Match", "*")], Resource::Missing),
        Proceed
    );
    assert_eq!(
        decide("PUT", &[("If-None-Match", "*")], current()),
        PreconditionFailed
    );
    assert_eq!(
        decide("PUT", &[("If-Match", "*")], Resource::Missing),
        PreconditionFailed
    );
    assert_eq!(
        decide("PUT", &[("If-Match", "\"xyzzy\"")], Resource::Missing),
        PreconditionFailed
    );
    assert_eq!(
        decide("PUT", &[("If-None-Match", "\"xyzzy\"")], Resource::Missing),
        Proceed
    );
}

// RFC 9110 §13.1.3, §13.1.4: no modification date, no date condition
#[test]
fn date_conditions_are_ignored_without_last_modified() {
    let no_lm =
        Resource::Current(Validators::new().with_etag(EntityTag::strong(b"xyzzy").unwrap()));
    let eval = evaluate(
        Method::GET,
        &[("If-Modified-Since", LM)],
        no_lm,
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), Proceed);
    assert_eq!(
        eval.trace().get(Precondition::IfModifiedSince),
        Outcome::Ignored(Ignored::NoLastModified)
    );
    assert_eq!(
        decide("PUT", &[("If-Unmodified-Since", DAY_BEFORE)], no_lm),
        Proceed
    );
    assert_eq!(
        decide(
            "PUT",
            &[("If-Unmodified-Since", DAY_BEFORE)],
            Resource::Missing
        ),
        Proceed
    );
}

// RFC 9110 §13.1.2: the example explanation
#[test]
fn explanation_names_the_member_the_comparison_and_the_ignored_field() {
    let etag = EntityTag::strong(b"v7").unwrap();
    let resource = Resource::Current(
        Validators::new()
            .with_etag(etag)
            .with_last_modified(date(LM)),
    );
    let headers = [
        ("If-None-Match", "\"v6\", W/\"v7\""),
        ("If-Modified-Since", LM),
    ];
    let eval = evaluate(
        Method::GET,
        &headers,
        resource,
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(
        eval.to_string(),
        "304 Not Modified: If-None-Match member 2 W/\"v7\" matches ETag \"v7\" \
         (weak comparison, RFC 9110 §13.1.2); If-Modified-Since ignored \
         (If-None-Match present, RFC 9110 §13.1.3)"
    );
}

// RFC 9110 §13.2.2: fields after the deciding step are marked, not evaluated
#[test]
fn fields_after_the_deciding_step_are_not_evaluated() {
    let headers = [
        ("If-Match", "\"other\""),
        ("If-None-Match", "\"xyzzy\""),
        ("If-Unmodified-Since", LM),
    ];
    let eval = evaluate(
        Method::PUT,
        &headers,
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), PreconditionFailed);
    let trace = eval.trace();
    assert!(matches!(
        trace.if_match,
        Outcome::False(Reason::NoMatch { members: 1, .. })
    ));
    assert_eq!(trace.if_none_match, Outcome::NotEvaluated);
    assert_eq!(
        trace.if_unmodified_since,
        Outcome::Ignored(Ignored::SupersededBy(Precondition::IfMatch))
    );
    assert!(eval.to_string().contains("If-None-Match not evaluated"));
}

// RFC 9110 §13.1.1: a failed If-Match on a write may be answered 2xx if the
// change is already in effect; the decision stays 412
#[test]
fn explanation_of_a_failed_write_mentions_the_already_applied_allowance() {
    let eval = evaluate(
        Method::PATCH,
        &[("If-Unmodified-Since", DAY_BEFORE)],
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.status(), 412);
    assert!(eval.change_may_already_be_applied());
    assert!(eval
        .to_string()
        .ends_with("a 2xx may be sent instead (RFC 9110 §13.1.1, §13.1.4)"));
}

// RFC 9110 §13.2.2: the explanation is there when nothing is conditional too
#[test]
fn explanation_without_preconditions_says_so() {
    assert_eq!(
        evaluate(Method::GET, &[("Range", "bytes=0-1")], current(), HttpDate::MAX, Policy::new()).to_string(),
        "proceed with Range: no preconditions (RFC 9110 §13.2.2 step 6); Range applies (RFC 9110 §14.2)"
    );
    assert_eq!(
        evaluate(Method::HEAD, &[("Range", "bytes=0-1")], current(), HttpDate::MAX, Policy::new()).to_string(),
        "proceed: no preconditions (RFC 9110 §13.2.2 step 6); Range ignored: only GET has ranges (RFC 9110 §14.2)"
    );
}

// RFC 9110 §13.1.5: "An origin server MUST ignore an If-Range header field
// received in a request for a target resource that does not support Range
// requests"; §14.2: such a resource answers the whole representation
#[test]
fn a_resource_without_ranges_ignores_if_range_and_range() {
    let no_ranges = Policy::new().ranges(false);
    for headers in [
        &[("Range", "bytes=0-1"), ("If-Range", "\"xyzzy\"")][..],
        &[("Range", "bytes=0-1"), ("If-Range", "\"other\"")],
        &[("Range", "bytes=0-1")],
    ] {
        let eval = evaluate(Method::GET, headers, current(), HttpDate::MAX, no_ranges);
        assert_eq!(eval.decision(), Proceed, "{headers:?}");
        if headers.len() == 2 {
            assert_eq!(
                eval.trace().if_range,
                Outcome::Ignored(Ignored::RangesNotSupported)
            );
        }
        assert!(eval.to_string().ends_with(
            "Range ignored: the resource does not support range requests (RFC 9110 §14.2)"
        ));
    }
    // Other preconditions are unaffected.
    let headers = [("Range", "bytes=0-1"), ("If-None-Match", "\"xyzzy\"")];
    let eval = evaluate(Method::GET, &headers, current(), HttpDate::MAX, no_ranges);
    assert_eq!(eval.decision(), NotModified);
}

// RFC 9110 §8.8.2.2: Last-Modified is strong only with reliable knowledge;
// the caller may declare it, else the clock decides (CHOICES 8)
#[test]
fn if_range_date_follows_the_declared_last_modified_strength() {
    use http_conditional::LastModifiedStrength::{ByClock, Strong, Weak};
    let headers = [("Range", "bytes=0-1"), ("If-Range", LM)];
    let at_lm = date(LM);
    let later = at_lm.checked_add_seconds(1).unwrap();
    for (strength, now, expect) in [
        (ByClock, at_lm, Proceed),
        (ByClock, later, ProceedWithRange),
        (Strong, at_lm, ProceedWithRange),
        (Weak, later, Proceed),
    ] {
        let resource = Resource::Current(
            Validators::new()
                .with_last_modified(at_lm)
                .with_last_modified_strength(strength),
        );
        let eval = evaluate(Method::GET, &headers, resource, now, Policy::new());
        assert_eq!(eval.decision(), expect, "{strength:?} at {now}");
        if strength == Weak {
            assert_eq!(
                eval.trace().if_range,
                Outcome::False(Reason::DeclaredWeakLastModified {
                    last_modified: at_lm
                })
            );
            assert!(eval.to_string().contains("declared a weak validator"));
        }
    }
}

// The trace is replayed from what the evaluation kept: a list split over
// several lines explains itself as if read whole
#[test]
fn the_trace_of_a_split_list_names_the_member_across_lines() {
    let headers = [
        ("If-None-Match", "\"a\", \"b\""),
        ("Accept", "*/*"),
        ("If-None-Match", "W/\"xyzzy\""),
        ("If-Modified-Since", LM),
    ];
    let eval = evaluate(
        Method::GET,
        &headers,
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), NotModified);
    assert_eq!(
        eval.to_string(),
        "304 Not Modified: If-None-Match member 3 W/\"xyzzy\" matches ETag \"xyzzy\" \
         (weak comparison, RFC 9110 §13.1.2); If-Modified-Since ignored (If-None-Match \
         present, RFC 9110 §13.1.3)"
    );
}
