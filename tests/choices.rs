//! Where RFC 9110 leaves room, the readings of shared/conformance/CHOICES.md
//! (recorded in SPEC_NOTES.md), one test or more per reading.

use http_conditional::{
    evaluate, parse, Decision, EntityTag, ErrorKind, HttpDate, Ignored, Member, Method, Outcome,
    Policy, Precondition, Reason, Resource, Validators,
};

const LM: &str = "Sat, 29 Oct 1994 19:43:31 GMT";

fn date(s: &str) -> HttpDate {
    parse::date([s.as_bytes()], HttpDate::MAX).unwrap()
}

fn current() -> Resource<'static> {
    Resource::Current(
        Validators::new()
            .with_etag(EntityTag::strong(b"xyzzy").unwrap())
            .with_last_modified(date(LM)),
    )
}

fn decide_at(method: &'static str, headers: &[(&str, &str)], now: HttpDate) -> Decision {
    evaluate(Method::from(method), headers, current(), now, Policy::new()).decision()
}

/// A clock in 2026, as a real server's would be: two-digit years resolve
/// near it (`HttpDate::MAX` would put "-94" in 9994).
fn decide(method: &'static str, headers: &[(&str, &str)]) -> Decision {
    decide_at(method, headers, date("Sun, 22 Nov 2026 00:00:00 GMT"))
}

// CHOICES 1, RFC 9110 §5.3, §5.5: a single-valued field on two lines is invalid
#[test]
fn single_valued_fields_on_two_lines_are_invalid() {
    let two: [&[u8]; 2] = [LM.as_bytes(), LM.as_bytes()];
    assert_eq!(
        parse::date(two, HttpDate::MAX).unwrap_err().kind(),
        ErrorKind::MultipleLines
    );
    assert_eq!(
        parse::etag([&b"\"a\""[..], b"\"a\""]).unwrap_err().kind(),
        ErrorKind::MultipleLines
    );
    // So two identical If-Modified-Since lines are ignored, not a 304.
    assert_eq!(
        decide(
            "GET",
            &[("If-Modified-Since", LM), ("If-Modified-Since", LM)]
        ),
        Decision::Proceed
    );
    // And two If-Range lines are false: the whole representation.
    let two_if_range = [
        ("Range", "bytes=0-1"),
        ("If-Range", "\"xyzzy\""),
        ("If-Range", "\"xyzzy\""),
    ];
    assert_eq!(decide("GET", &two_if_range), Decision::Proceed);
}

// CHOICES 1, RFC 9110 §5.5: leading and trailing SP/HTAB are not part of a value
#[test]
fn whitespace_around_a_field_line_is_not_part_of_the_value() {
    assert_eq!(
        decide(
            "GET",
            &[("If-Modified-Since", " \tSat, 29 Oct 1994 19:43:31 GMT\t ")]
        ),
        Decision::NotModified
    );
    assert_eq!(
        decide("GET", &[("If-None-Match", "\t\"xyzzy\"  ")]),
        Decision::NotModified
    );
}

// CHOICES 2, RFC 9110 §8.8.3: backslash is data, "" is a tag, W/ is case-sensitive
#[test]
fn entity_tag_grammar_has_no_escapes_and_a_case_sensitive_weak_prefix() {
    assert_eq!(EntityTag::parse(b"\"a\\\"").unwrap().opaque(), b"a\\");
    assert_eq!(EntityTag::parse(b"\"\"").unwrap().opaque(), b"");
    assert!(EntityTag::parse(b"w/\"a\"").is_err());
    assert!(EntityTag::parse(b"W/ \"a\"").is_err());
    assert!(EntityTag::parse(b"\"\xc3\xa9\x80\xff\"").is_ok());
}

// CHOICES 3 [empty-list], RFC 9110 §5.6.1: an empty field is a list of zero tags
#[test]
fn empty_list_matches_nothing() {
    assert_eq!(parse::list([&b""[..]]).count(), 0);
    assert_eq!(parse::list([&b" , ,"[..]]).count(), 0);
    // If-Match with no member is false, If-None-Match with no member is true.
    assert_eq!(
        decide("PUT", &[("If-Match", "")]),
        Decision::PreconditionFailed
    );
    assert_eq!(decide("GET", &[("If-None-Match", "")]), Decision::Proceed);
    assert_eq!(
        decide("GET", &[("If-None-Match", ", ,")]),
        Decision::Proceed
    );
}

// CHOICES 3, RFC 9110 §13.1.1: "*" alone, or entity-tags; never both
#[test]
fn star_mixed_with_tags_makes_the_field_invalid() {
    let mixed: Vec<_> = parse::list([&b"\"xyzzy\", *"[..]]).collect();
    assert_eq!(
        mixed.last().unwrap().unwrap_err().kind(),
        ErrorKind::StarNotAlone
    );
    // An invalid If-Match is false even though "xyzzy" matches.
    assert_eq!(
        decide("PUT", &[("If-Match", "\"xyzzy\", *")]),
        Decision::PreconditionFailed
    );
    assert_eq!(
        decide("PUT", &[("If-Match", "*"), ("If-Match", "\"xyzzy\"")]),
        Decision::PreconditionFailed
    );
}

// CHOICES 3, RFC 9110 §13.1.1, §13.1.2: "*" alone is the whole field value;
// empty elements are the list rule's (`#entity-tag`), so a comma or another
// line beside "*", even an empty one, makes the field invalid
#[test]
fn star_with_an_empty_element_or_line_makes_the_field_invalid() {
    for lines in [&["*,"][..], &[", * ,"], &["*", ""], &["", "*"]] {
        let members: Vec<_> = parse::list(lines.iter().map(|l| l.as_bytes())).collect();
        assert_eq!(
            members.last().unwrap().unwrap_err().kind(),
            ErrorKind::StarNotAlone,
            "{lines:?}"
        );
        let headers = |name| lines.iter().map(move |l| (name, *l)).collect::<Vec<_>>();
        // An invalid If-Match is false, an invalid If-None-Match true (CHOICES 4).
        assert_eq!(
            decide("PUT", &headers("If-Match")),
            Decision::PreconditionFailed,
            "{lines:?}"
        );
        assert_eq!(
            decide("GET", &headers("If-None-Match")),
            Decision::Proceed,
            "{lines:?}"
        );
    }
    // OWS around it is not part of the value (RFC 9110 §5.5).
    assert_eq!(
        parse::list([&b" \t* "[..]]).collect::<Vec<_>>(),
        [Ok(Member::Any)]
    );
    assert_eq!(
        decide("GET", &[("If-None-Match", " * ")]),
        Decision::NotModified
    );
}

// CHOICES 3, RFC 9110 §5.6.1: one malformed member spoils the whole list
#[test]
fn a_single_malformed_member_makes_the_whole_list_invalid() {
    assert_eq!(
        decide("PUT", &[("If-Match", "\"xyzzy\", xyzzy")]),
        Decision::PreconditionFailed
    );
    assert_eq!(
        decide("GET", &[("If-None-Match", "\"xyzzy\", W/\"unterminated")]),
        Decision::Proceed
    );
}

// CHOICES 4 [invalid-list], RFC 9110 §13.1.1, §13.1.2: invalid If-Match is
// false, invalid If-None-Match is true, and both still count as present
#[test]
fn invalid_lists_fall_to_the_otherwise_branch_and_still_suppress_dates() {
    let eval = evaluate(
        Method::PUT,
        &[("If-Match", "garbage")],
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), Decision::PreconditionFailed);
    assert!(matches!(
        eval.trace().if_match,
        Outcome::False(Reason::Malformed(_))
    ));

    // If-None-Match invalid: true, and If-Modified-Since (which alone would
    // give 304) is still ignored.
    let headers = [("If-None-Match", "garbage"), ("If-Modified-Since", LM)];
    let eval = evaluate(
        Method::GET,
        &headers,
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), Decision::Proceed);
    assert_eq!(
        eval.trace().if_modified_since,
        Outcome::Ignored(Ignored::SupersededBy(Precondition::IfNoneMatch))
    );

    // If-Match invalid still suppresses If-Unmodified-Since.
    let headers = [("If-Match", "garbage"), ("If-Unmodified-Since", LM)];
    let eval = evaluate(
        Method::PUT,
        &headers,
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(
        eval.trace().if_unmodified_since,
        Outcome::Ignored(Ignored::SupersededBy(Precondition::IfMatch))
    );
}

// CHOICES 5 [rfc850-year], RFC 9110 §5.6.7: two-digit years against the clock
#[test]
fn rfc850_years_are_read_against_the_callers_clock() {
    let in_1994 = date("Sun, 06 Nov 1994 08:49:37 GMT");
    let in_2026 = date("Sun, 22 Nov 2026 00:00:00 GMT");
    let line = [&b"Thursday, 01-Jan-44 00:00:00 GMT"[..]];
    assert_eq!(parse::date(line, in_1994).unwrap().year(), 2044);
    assert_eq!(parse::date(line, in_2026).unwrap().year(), 2044);
    let line = [&b"Friday, 01-Jan-77 00:00:00 GMT"[..]];
    assert_eq!(parse::date(line, in_2026).unwrap().year(), 1977);
    let line = [&b"Friday, 01-Jan-76 00:00:00 GMT"[..]];
    assert_eq!(parse::date(line, in_2026).unwrap().year(), 2076);
    // The same field decides differently under different clocks: -45 is
    // 1945 with the clock in 1994 (before Last-Modified, so 412) and 2045
    // with the clock in 2026 (after it, so proceed).
    let ius = [("If-Unmodified-Since", "Monday, 01-Jan-45 00:00:00 GMT")];
    assert_eq!(
        decide_at("PUT", &ius, in_1994),
        Decision::PreconditionFailed
    );
    assert_eq!(decide_at("PUT", &ius, in_2026), Decision::Proceed);
}

// CHOICES 5 [rfc850-year], RFC 9110 §5.6.7: the 50 years are counted to the
// second, from the whole timestamp, not from the year
#[test]
fn rfc850_years_compare_whole_timestamps_with_the_clock_plus_fifty_years() {
    // The limit is 2076-11-22T00:00:00Z.
    let in_2026 = date("Sun, 22 Nov 2026 00:00:00 GMT");
    let year = |text: &str| parse::date([text.as_bytes()], in_2026).map(HttpDate::year);
    assert_eq!(year("Saturday, 21-Nov-76 23:59:59 GMT"), Ok(2076));
    assert_eq!(year("Sunday, 22-Nov-76 00:00:00 GMT"), Ok(2076));
    assert_eq!(year("Sunday, 22-Nov-76 00:00:01 GMT"), Ok(1976));
    assert_eq!(year("Sunday, 21-Nov-76 23:59:60 GMT"), Ok(2076));
    // One second decides between 2076 (after Last-Modified: the condition
    // holds) and 1976 (before it: 412, or no 304).
    let ius = |text| [("If-Unmodified-Since", text)];
    assert_eq!(
        decide_at("PUT", &ius("Sunday, 22-Nov-76 00:00:00 GMT"), in_2026),
        Decision::Proceed
    );
    assert_eq!(
        decide_at("PUT", &ius("Sunday, 22-Nov-76 00:00:01 GMT"), in_2026),
        Decision::PreconditionFailed
    );
    let ims = |text| [("If-Modified-Since", text)];
    assert_eq!(
        decide_at("GET", &ims("Sunday, 22-Nov-76 00:00:00 GMT"), in_2026),
        Decision::NotModified
    );
    assert_eq!(
        decide_at("GET", &ims("Sunday, 22-Nov-76 00:00:01 GMT"), in_2026),
        Decision::Proceed
    );
    // A clock on 29 February: the limit is 28 February, 50 years on.
    let leap_day = date("Thu, 29 Feb 2024 12:00:00 GMT");
    let year = |text: &str| parse::date([text.as_bytes()], leap_day).map(HttpDate::year);
    assert_eq!(year("Wednesday, 28-Feb-74 12:00:00 GMT"), Ok(2074));
    assert_eq!(year("Wednesday, 28-Feb-74 12:00:01 GMT"), Ok(1974));
}

// CHOICES 5, RFC 9110 §5.6.7: second 60, years before 1970
#[test]
fn second_sixty_and_years_before_1970_are_valid_dates() {
    let leap = date("Sat, 31 Dec 2016 23:59:60 GMT");
    assert_eq!(leap, date("Sun, 01 Jan 2017 00:00:00 GMT"));
    assert!(date("Thu, 01 Jan 1900 00:00:00 GMT").unix_seconds() < 0);
}

// CHOICES 7, RFC 9110 §13.1.3: a date later than the clock is compared like any other
#[test]
fn a_date_in_the_future_is_not_special() {
    let now = date("Sun, 06 Nov 1994 08:49:37 GMT");
    let future = [("If-Modified-Since", "Sun, 06 Nov 2044 08:49:37 GMT")];
    assert_eq!(decide_at("GET", &future, now), Decision::NotModified);
}

// CHOICES 8 [if-range-date-instant], RFC 9110 §13.1.5: the same second in another format matches
#[test]
fn if_range_date_matches_the_same_instant_in_any_format() {
    for value in [
        LM,
        "Saturday, 29-Oct-94 19:43:31 GMT",
        "Sat Oct 29 19:43:31 1994",
    ] {
        let headers = [("Range", "bytes=0-1"), ("If-Range", value)];
        assert_eq!(
            decide("GET", &headers),
            Decision::ProceedWithRange,
            "{value}"
        );
    }
}

// CHOICES 8 [if-range-date-strength], RFC 9110 §8.8.2.2: Last-Modified is
// strong only once the clock is a second past it
#[test]
fn if_range_date_needs_a_strong_last_modified() {
    let headers = [("Range", "bytes=0-1"), ("If-Range", LM)];
    let lm = date(LM);
    assert_eq!(decide_at("GET", &headers, lm), Decision::Proceed);
    let later = lm.checked_add_seconds(1).unwrap();
    assert_eq!(
        decide_at("GET", &headers, later),
        Decision::ProceedWithRange
    );
}

// CHOICES 8, RFC 9110 §13.1.5: neither tag nor date, or a weak tag, is false
#[test]
fn if_range_that_is_not_a_strong_match_sends_the_whole_representation() {
    for value in ["xyzzy", "W/\"xyzzy\"", "\"xyzzy\" x", ""] {
        let headers = [("Range", "bytes=0-1"), ("If-Range", value)];
        assert_eq!(decide("GET", &headers), Decision::Proceed, "{value:?}");
    }
}

// CHOICES 10, RFC 9110 §9.1, §13.2.1: methods are case-sensitive tokens
#[test]
fn lowercase_options_is_an_ordinary_method() {
    assert_eq!(
        decide("OPTIONS", &[("If-Match", "\"other\"")]),
        Decision::Proceed
    );
    assert_eq!(
        decide("options", &[("If-Match", "\"other\"")]),
        Decision::PreconditionFailed
    );
}

// CHOICES 11 [428-scope], RFC 6585 §3: what counts as a precondition
#[test]
fn policy_428_counts_lists_and_applicable_if_unmodified_since_only() {
    let strict = Policy::new().require_precondition(true);
    let run = |method: &'static str, headers: &[(&str, &str)], resource| {
        evaluate(
            Method::from(method),
            headers,
            resource,
            HttpDate::MAX,
            strict,
        )
        .status()
    };
    assert_eq!(run("DELETE", &[], current()), 428);
    assert_eq!(run("POST", &[("If-Modified-Since", LM)], current()), 428);
    assert_eq!(
        run(
            "PUT",
            &[("Range", "bytes=0-1"), ("If-Range", "\"xyzzy\"")],
            current()
        ),
        428
    );
    assert_eq!(
        run("PUT", &[("If-Unmodified-Since", "yesterday")], current()),
        428
    );
    assert_eq!(
        run("PUT", &[("If-Unmodified-Since", LM)], Resource::Missing),
        428
    );
    assert_eq!(run("PUT", &[("If-Unmodified-Since", LM)], current()), 200);
    // An invalid list still counts as a precondition: it fails rather than 428.
    assert_eq!(run("PUT", &[("If-None-Match", "garbage")], current()), 200);
    assert_eq!(run("PUT", &[("If-Match", "garbage")], current()), 412);
    assert_eq!(
        run("PUT", &[("If-None-Match", "*")], Resource::Missing),
        200
    );
    for safe in ["GET", "HEAD", "OPTIONS", "TRACE", "CONNECT"] {
        assert_eq!(run(safe, &[], current()), 200, "{safe}");
    }
}

// CHOICES 12, RFC 9110 §13.1.1, §13.1.4: "already applied" is the caller's call; the status is 412
#[test]
fn already_applied_allowance_is_reported_but_the_status_is_412() {
    let eval = evaluate(
        Method::PUT,
        &[("If-Match", "\"old\"")],
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.status(), 412);
    assert!(eval.change_may_already_be_applied());
    let eval = evaluate(
        Method::DELETE,
        &[("If-None-Match", "\"xyzzy\"")],
        current(),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.status(), 412);
    assert!(!eval.change_may_already_be_applied());
}

// CHOICES 6, RFC 9110 §8.8.2, §8.8.3: resource validators that do not parse
// count as absent (the representation still exists)
#[test]
fn resource_validators_that_do_not_parse_count_as_absent() {
    let now = date("Sun, 22 Nov 2026 00:00:00 GMT");
    let resource = Resource::Current(Validators::from_options(
        parse::etag([&b"v7"[..]]).ok(),
        parse::date([&b"1994-10-29"[..]], now).ok(),
    ));
    fn run<'a>(
        method: &'static str,
        headers: &'a [(&'a str, &'a str)],
        resource: Resource<'a>,
        now: HttpDate,
    ) -> http_conditional::Evaluation<'a> {
        evaluate(Method::from(method), headers, resource, now, Policy::new())
    }
    // No current tag: no member of a list can match; `*` still does.
    let cases: [(&'static str, (&str, &str), Decision); 3] = [
        ("GET", ("If-None-Match", "\"v7\""), Decision::Proceed),
        ("PUT", ("If-Match", "\"v7\""), Decision::PreconditionFailed),
        ("PUT", ("If-Match", "*"), Decision::Proceed),
    ];
    for (method, field, expected) in cases {
        let headers = [field];
        assert_eq!(run(method, &headers, resource, now).decision(), expected);
    }
    // No modification date: the date conditions are ignored.
    let headers = [("If-Modified-Since", LM)];
    let ims = run("GET", &headers, resource, now);
    assert_eq!(ims.decision(), Decision::Proceed);
    assert_eq!(
        ims.trace().if_modified_since,
        Outcome::Ignored(Ignored::NoLastModified)
    );
}

// CHOICES 9, RFC 9110 §14.2: Range is honoured for GET only
#[test]
fn range_is_honoured_for_get_only() {
    let range = [("Range", "bytes=0-9")];
    assert_eq!(decide("GET", &range), Decision::ProceedWithRange);
    for method in ["HEAD", "PUT", "POST", "DELETE", "get"] {
        assert_eq!(decide(method, &range), Decision::Proceed, "{method}");
    }
    // A true If-Range on a GET keeps it; on HEAD nothing does.
    let if_range = [("Range", "bytes=0-9"), ("If-Range", "\"xyzzy\"")];
    assert_eq!(decide("GET", &if_range), Decision::ProceedWithRange);
    assert_eq!(decide("HEAD", &if_range), Decision::Proceed);
}

// Ours (SPEC_NOTES.md): a Last-Modified later than the clock is not clamped
// to it; it is compared as it is
#[test]
fn a_last_modified_later_than_now_is_not_clamped() {
    let now = date("Sun, 06 Nov 1994 08:49:37 GMT");
    let later = Resource::Current(
        Validators::new().with_last_modified(date("Mon, 07 Nov 1994 08:49:37 GMT")),
    );
    let ims = [("If-Modified-Since", "Sun, 06 Nov 1994 20:00:00 GMT")];
    // Clamped to `now`, Last-Modified would not be after the IMS date (304);
    // as it is, it is (200).
    let eval = evaluate(Method::GET, &ims, later, now, Policy::new());
    assert_eq!(eval.decision(), Decision::Proceed);
}
