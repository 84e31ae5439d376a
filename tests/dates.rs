//! HTTP-date parsing and formatting (RFC 9110 §5.6.7), through the public API.

use http_conditional::{ErrorKind, HttpDate};

/// The RFC's example instant, 1994-11-06T08:49:37Z.
const EXAMPLE_SECS: i64 = 784_111_777;

fn at(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> HttpDate {
    HttpDate::from_civil(year, month, day, hour, minute, second).expect("a real date")
}

/// A clock in 2026.
fn now_2026() -> HttpDate {
    at(2026, 6, 15, 12, 0, 0)
}

fn parse(input: &str) -> Result<HttpDate, (ErrorKind, usize)> {
    parse_at(input, now_2026())
}

fn parse_at(input: &str, now: HttpDate) -> Result<HttpDate, (ErrorKind, usize)> {
    HttpDate::parse(input.as_bytes(), now).map_err(|e| (e.kind(), e.offset()))
}

fn secs(input: &str) -> i64 {
    match parse(input) {
        Ok(date) => date.unix_seconds(),
        Err(err) => panic!("{input:?} did not parse: {err:?}"),
    }
}

fn kind(input: &str) -> ErrorKind {
    match parse(input) {
        Ok(date) => panic!("{input:?} parsed as {date}"),
        Err((kind, _)) => kind,
    }
}

#[test]
fn rfc_example_dates_all_name_the_same_instant() {
    // RFC 9110 §5.6.7
    assert_eq!(secs("Sun, 06 Nov 1994 08:49:37 GMT"), EXAMPLE_SECS);
    assert_eq!(secs("Sunday, 06-Nov-94 08:49:37 GMT"), EXAMPLE_SECS);
    assert_eq!(secs("Sun Nov  6 08:49:37 1994"), EXAMPLE_SECS);
}

#[test]
fn names_are_case_sensitive() {
    // RFC 9110 §5.6.7 ("HTTP-date is case sensitive")
    for input in [
        "sun, 06 Nov 1994 08:49:37 GMT",
        "SUN, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 NOV 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "sunday, 06-Nov-94 08:49:37 GMT",
        "SUNDAY, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06-nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 Gmt",
        "sun Nov  6 08:49:37 1994",
        "Sun nov  6 08:49:37 1994",
    ] {
        assert_eq!(kind(input), ErrorKind::InvalidDate, "{input:?}");
    }
    assert_eq!(
        parse("sun, 06 nov 1994 08:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 0))
    );
}

#[test]
fn two_digit_years_follow_the_fifty_year_rule_in_2026() {
    // RFC 9110 §5.6.7: a year more than 50 years in the future is the most
    // recent past year with the same last two digits.
    let year = |input: &str| parse_at(input, now_2026()).map(HttpDate::year);
    assert_eq!(year("Thursday, 01-Jan-76 00:00:00 GMT"), Ok(2076));
    assert_eq!(year("Saturday, 01-Jan-77 00:00:00 GMT"), Ok(1977));
    assert_eq!(year("Thursday, 01-Jan-26 00:00:00 GMT"), Ok(2026));
    assert_eq!(year("Thursday, 01-Jan-70 00:00:00 GMT"), Ok(2070));
    assert_eq!(year("Thursday, 01-Jan-99 00:00:00 GMT"), Ok(1999));
    assert_eq!(year("Thursday, 01-Jan-00 00:00:00 GMT"), Ok(2000));
}

#[test]
fn two_digit_years_follow_the_fifty_year_rule_in_1994() {
    // RFC 9110 §5.6.7
    let now = HttpDate::from_unix_seconds(EXAMPLE_SECS).unwrap();
    let year = |input: &str| parse_at(input, now).map(HttpDate::year);
    assert_eq!(year("Sunday, 06-Nov-94 08:49:37 GMT"), Ok(1994));
    assert_eq!(year("Sunday, 06-Nov-44 08:49:37 GMT"), Ok(2044));
    assert_eq!(year("Sunday, 06-Nov-45 08:49:37 GMT"), Ok(1945));
    assert_eq!(year("Sunday, 06-Nov-00 08:49:37 GMT"), Ok(2000));
}

#[test]
fn two_digit_years_compare_whole_timestamps_with_now_plus_fifty_years() {
    // RFC 9110 §5.6.7 ("a timestamp that appears to be more than 50 years in
    // the future"), read to the second (CHOICES 5): the limit is now + 50
    // calendar years, 2076-06-15T12:00:00Z for a clock in 2026.
    let now = at(2026, 6, 15, 12, 0, 0);
    let cases = [
        (
            "Monday, 15-Jun-76 11:59:59 GMT",
            at(2076, 6, 15, 11, 59, 59),
        ),
        ("Monday, 15-Jun-76 12:00:00 GMT", at(2076, 6, 15, 12, 0, 0)),
        ("Monday, 15-Jun-76 12:00:01 GMT", at(1976, 6, 15, 12, 0, 1)),
        ("Monday, 16-Jun-76 00:00:00 GMT", at(1976, 6, 16, 0, 0, 0)),
        (
            "Monday, 14-Jun-76 23:59:59 GMT",
            at(2076, 6, 14, 23, 59, 59),
        ),
        ("Monday, 01-Jul-76 00:00:00 GMT", at(1976, 7, 1, 0, 0, 0)),
        (
            "Monday, 31-May-76 23:59:59 GMT",
            at(2076, 5, 31, 23, 59, 59),
        ),
        // Other years are decided by the year alone.
        (
            "Monday, 31-Dec-75 23:59:59 GMT",
            at(2075, 12, 31, 23, 59, 59),
        ),
        ("Monday, 01-Jan-77 00:00:00 GMT", at(1977, 1, 1, 0, 0, 0)),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_at(input, now), Ok(expected), "{input}");
    }
    // Comparing years alone would put every -76 date in 2076 all through
    // 2026; only those up to the limit are.
    let new_years_eve = at(2026, 12, 31, 23, 59, 59);
    let input = "Thursday, 31-Dec-76 23:59:59 GMT";
    assert_eq!(
        parse_at(input, new_years_eve),
        Ok(at(2076, 12, 31, 23, 59, 59))
    );
    let new_year = at(2026, 1, 1, 0, 0, 0);
    assert_eq!(parse_at(input, new_year), Ok(at(1976, 12, 31, 23, 59, 59)));
}

#[test]
fn second_60_at_the_limit_is_the_limit() {
    // RFC 9110 §5.6.7 and CHOICES 5: second 60 is the next minute's first
    // second, and compares as that instant.
    let now = at(2026, 6, 15, 12, 0, 0);
    assert_eq!(
        parse_at("Monday, 15-Jun-76 11:59:60 GMT", now),
        Ok(at(2076, 6, 15, 12, 0, 0))
    );
    let now = at(2026, 6, 15, 11, 59, 59);
    assert_eq!(
        parse_at("Monday, 15-Jun-76 11:59:59 GMT", now),
        Ok(at(2076, 6, 15, 11, 59, 59))
    );
    assert_eq!(
        parse_at("Monday, 15-Jun-76 11:59:60 GMT", now),
        Ok(at(1976, 6, 15, 12, 0, 0))
    );
}

#[test]
fn a_clock_on_february_29_limits_at_february_28() {
    // CHOICES 5: 29 February becomes 28 February in a common year (and
    // fifty years after a leap year is always a common year).
    let now = at(2024, 2, 29, 12, 0, 0);
    assert_eq!(
        parse_at("Wednesday, 28-Feb-74 12:00:00 GMT", now),
        Ok(at(2074, 2, 28, 12, 0, 0))
    );
    assert_eq!(
        parse_at("Wednesday, 28-Feb-74 12:00:01 GMT", now),
        Ok(at(1974, 2, 28, 12, 0, 1))
    );
    assert_eq!(
        parse_at("Thursday, 01-Mar-74 00:00:00 GMT", now),
        Ok(at(1974, 3, 1, 0, 0, 0))
    );
    // 29-Feb-74 is later than the limit, so 1974, which has no 29 February.
    assert_eq!(
        parse_at("Friday, 29-Feb-74 00:00:00 GMT", now),
        Err((ErrorKind::NonexistentDate, 8))
    );
}

#[test]
fn a_written_february_29_is_compared_as_written() {
    // RFC 9110 §5.6.7: only a timestamp that appears to be more than 50
    // years ahead moves to the past century. With the limit in June 2100,
    // 29-Feb-00 names 29 February 2100, which does not exist; it is not
    // moved to 2000 (which has one).
    let now = at(2050, 6, 1, 0, 0, 0);
    assert_eq!(
        parse_at("Monday, 29-Feb-00 00:00:00 GMT", now),
        Err((ErrorKind::NonexistentDate, 8))
    );
    // Past the limit, the same digits are 2000, a leap year.
    let now = at(2050, 2, 28, 0, 0, 0);
    assert_eq!(
        parse_at("Tuesday, 29-Feb-00 00:00:00 GMT", now),
        Ok(at(2000, 2, 29, 0, 0, 0))
    );
    // In a leap year within the window, 29 February exists.
    let now = at(2026, 6, 15, 12, 0, 0);
    assert_eq!(
        parse_at("Thursday, 29-Feb-24 00:00:00 GMT", now),
        Ok(at(2024, 2, 29, 0, 0, 0))
    );
    assert_eq!(
        parse_at("Thursday, 29-Feb-72 00:00:00 GMT", now),
        Ok(at(2072, 2, 29, 0, 0, 0))
    );
}

#[test]
fn two_digit_years_outside_0000_9999_do_not_exist() {
    // RFC 9110 §5.6.7 (year = 4DIGIT bounds what an HttpDate holds): a clock
    // near either end puts the window partly outside 0000-9999.
    let early = HttpDate::MIN; // the limit is 0050-01-01T00:00:00
    assert_eq!(
        parse_at("Monday, 01-Jan-50 00:00:00 GMT", early),
        Ok(at(50, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse_at("Monday, 01-Jan-50 00:00:01 GMT", early),
        Err((ErrorKind::NonexistentDate, 15))
    );
    assert_eq!(
        parse_at("Monday, 31-Dec-49 23:59:59 GMT", early),
        Ok(at(49, 12, 31, 23, 59, 59))
    );
    assert_eq!(
        parse_at("Monday, 01-Jan-00 00:00:00 GMT", early),
        Ok(HttpDate::MIN)
    );
    let one_second_on = HttpDate::MIN.checked_add_seconds(1).unwrap();
    assert_eq!(
        parse_at("Monday, 01-Jan-50 00:00:01 GMT", one_second_on),
        Ok(at(50, 1, 1, 0, 0, 1))
    );

    // 9999-12-31T23:59:59: the limit is 10049-12-31T23:59:59.
    let late = HttpDate::MAX.checked_add_seconds(-1).unwrap();
    assert_eq!(parse_at("Friday, 31-Dec-99 23:59:59 GMT", late), Ok(late));
    assert_eq!(
        parse_at("Friday, 31-Dec-99 23:59:60 GMT", late),
        Ok(HttpDate::MAX)
    );
    assert_eq!(
        parse_at("Monday, 01-Jan-50 00:00:00 GMT", late),
        Ok(at(9950, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse_at("Monday, 01-Jan-49 00:00:00 GMT", late),
        Err((ErrorKind::NonexistentDate, 15))
    );
    // With the limit at the last second of 9999, -99 stays in 9999 up to
    // that second, and moves to 9899 after it.
    let limit_at_max = at(9949, 12, 31, 23, 59, 59);
    assert_eq!(
        parse_at("Friday, 31-Dec-99 23:59:59 GMT", limit_at_max),
        Ok(at(9999, 12, 31, 23, 59, 59))
    );
    let a_second_earlier = at(9949, 12, 31, 23, 59, 58);
    assert_eq!(
        parse_at("Friday, 31-Dec-99 23:59:59 GMT", a_second_earlier),
        Ok(at(9899, 12, 31, 23, 59, 59))
    );
}

#[test]
fn february_29_exists_only_in_leap_years() {
    // RFC 9110 §5.6.7 (a real day of the proleptic Gregorian calendar)
    assert_eq!(
        parse("Tue, 29 Feb 2000 00:00:00 GMT"),
        Ok(at(2000, 2, 29, 0, 0, 0))
    );
    assert_eq!(
        parse("Thu, 29 Feb 2024 12:00:00 GMT"),
        Ok(at(2024, 3, 1, 0, 0, 0)
            .checked_add_seconds(-12 * 3_600)
            .unwrap())
    );
    assert_eq!(secs("Sat, 01 Jan 0000 00:00:00 GMT") + 59 * 86_400, {
        secs("Tue, 29 Feb 0000 00:00:00 GMT")
    });
    assert_eq!(
        parse("Thu, 29 Feb 1900 00:00:00 GMT"),
        Err((ErrorKind::NonexistentDate, 5))
    );
    assert_eq!(
        parse("Wed, 29 Feb 2023 00:00:00 GMT"),
        Err((ErrorKind::NonexistentDate, 5))
    );
    assert_eq!(
        parse("Thu Feb 29 00:00:00 1900"),
        Err((ErrorKind::NonexistentDate, 8))
    );
    assert_eq!(
        parse("Thursday, 29-Feb-24 00:00:00 GMT"),
        Ok(at(2024, 2, 29, 0, 0, 0))
    );
    assert_eq!(
        kind("Tue, 30 Feb 2000 00:00:00 GMT"),
        ErrorKind::NonexistentDate
    );
}

#[test]
fn days_past_the_end_of_the_month_do_not_exist() {
    // RFC 9110 §5.6.7
    assert_eq!(
        parse("Sun, 31 Apr 1994 08:49:37 GMT"),
        Err((ErrorKind::NonexistentDate, 5))
    );
    assert_eq!(
        parse("Sun, 00 Nov 1994 08:49:37 GMT"),
        Err((ErrorKind::NonexistentDate, 5))
    );
    assert_eq!(
        parse("Sun, 32 Jan 1994 08:49:37 GMT"),
        Err((ErrorKind::NonexistentDate, 5))
    );
    assert_eq!(
        parse("Sun, 31 Dec 1994 08:49:37 GMT"),
        Ok(at(1994, 12, 31, 8, 49, 37))
    );
}

#[test]
fn second_60_is_the_first_second_of_the_next_minute() {
    // RFC 9110 §5.6.7: time-of-day 00:00:00 - 23:59:60 (leap second)
    assert_eq!(
        secs("Sun, 06 Nov 1994 08:49:60 GMT"),
        at(1994, 11, 6, 8, 50, 0).unix_seconds()
    );
    assert_eq!(
        parse("Sat, 31 Dec 2016 23:59:60 GMT"),
        Ok(at(2017, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse("Saturday, 31-Dec-16 23:59:60 GMT"),
        Ok(at(2017, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse("Sat Dec 31 23:59:60 2016"),
        Ok(at(2017, 1, 1, 0, 0, 0))
    );
    // At the end of 9999 too: a real day, and second 60 (CHOICES 5).
    assert_eq!(parse("Fri, 31 Dec 9999 23:59:60 GMT"), Ok(HttpDate::MAX));
    assert_eq!(parse("Fri Dec 31 23:59:60 9999"), Ok(HttpDate::MAX));
    assert_eq!(
        parse("Sun, 06 Nov 1994 08:49:61 GMT"),
        Err((ErrorKind::NonexistentDate, 23))
    );
}

#[test]
fn hour_24_and_minute_60_do_not_exist() {
    // RFC 9110 §5.6.7
    assert_eq!(
        parse("Sun, 06 Nov 1994 24:00:00 GMT"),
        Err((ErrorKind::NonexistentDate, 17))
    );
    assert_eq!(
        parse("Sun, 06 Nov 1994 08:60:00 GMT"),
        Err((ErrorKind::NonexistentDate, 20))
    );
    assert_eq!(
        parse("Sunday, 06-Nov-94 24:00:00 GMT"),
        Err((ErrorKind::NonexistentDate, 18))
    );
    assert_eq!(
        parse("Sun Nov  6 24:00:00 1994"),
        Err((ErrorKind::NonexistentDate, 11))
    );
    assert_eq!(
        parse("Sun, 06 Nov 1994 23:59:59 GMT"),
        Ok(at(1994, 11, 6, 23, 59, 59))
    );
}

#[test]
fn years_0000_1969_and_9999_are_valid() {
    // RFC 9110 §5.6.7: year = 4DIGIT
    assert_eq!(parse("Sat, 01 Jan 0000 00:00:00 GMT"), Ok(HttpDate::MIN));
    let last = at(9999, 12, 31, 23, 59, 59);
    assert_eq!(parse("Fri, 31 Dec 9999 23:59:59 GMT"), Ok(last));
    assert_eq!(parse("Sat Jan  1 00:00:00 0000"), Ok(HttpDate::MIN));
    assert_eq!(parse("Fri Dec 31 23:59:59 9999"), Ok(last));
    assert_eq!(secs("Wed, 31 Dec 1969 23:59:59 GMT"), -1);
    assert_eq!(secs("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
    assert_eq!(secs("Tue, 01 Jan 1952 00:00:00 GMT"), -568_080_000);
    assert_eq!(HttpDate::MIN.unix_seconds(), -62_167_219_200);
    assert_eq!(last.unix_seconds(), 253_402_300_799);
    assert_eq!(HttpDate::MAX.unix_seconds(), 253_402_300_800);
    assert_eq!(
        HttpDate::from_unix_seconds(HttpDate::MIN.unix_seconds() - 1),
        None
    );
    assert_eq!(
        HttpDate::from_unix_seconds(HttpDate::MAX.unix_seconds() + 1),
        None
    );
    assert_eq!(HttpDate::from_unix_seconds(i64::MIN), None);
}

#[test]
fn the_day_name_is_not_checked_against_the_date() {
    // RFC 9110 §5.6.7 (CHOICES item 5: the day-name is not checked)
    assert_eq!(secs("Mon, 06 Nov 1994 08:49:37 GMT"), EXAMPLE_SECS);
    assert_eq!(secs("Wednesday, 06-Nov-94 08:49:37 GMT"), EXAMPLE_SECS);
    assert_eq!(secs("Fri Nov  6 08:49:37 1994"), EXAMPLE_SECS);
}

#[test]
fn every_day_name_is_accepted_in_its_format() {
    // RFC 9110 §5.6.7: day-name and day-name-l
    let short = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let long = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    for (short, long) in short.iter().zip(long) {
        assert_eq!(
            secs(&format!("{short}, 06 Nov 1994 08:49:37 GMT")),
            EXAMPLE_SECS
        );
        assert_eq!(
            secs(&format!("{long}, 06-Nov-94 08:49:37 GMT")),
            EXAMPLE_SECS
        );
        assert_eq!(secs(&format!("{short} Nov  6 08:49:37 1994")), EXAMPLE_SECS);
        // A short name in rfc850-date, a long one in the others.
        assert_eq!(
            kind(&format!("{short}, 06-Nov-94 08:49:37 GMT")),
            ErrorKind::InvalidDate
        );
        assert_eq!(
            kind(&format!("{long}, 06 Nov 1994 08:49:37 GMT")),
            ErrorKind::InvalidDate
        );
        assert_eq!(
            kind(&format!("{long} Nov  6 08:49:37 1994")),
            ErrorKind::InvalidDate
        );
    }
}

#[test]
fn every_month_name_is_accepted() {
    // RFC 9110 §5.6.7: month
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    for (index, month) in months.iter().enumerate() {
        let expected = at(1994, index as u8 + 1, 6, 8, 49, 37);
        assert_eq!(
            parse(&format!("Sun, 06 {month} 1994 08:49:37 GMT")),
            Ok(expected)
        );
        assert_eq!(
            parse(&format!("Sunday, 06-{month}-94 08:49:37 GMT")),
            Ok(expected)
        );
        assert_eq!(
            parse(&format!("Sun {month}  6 08:49:37 1994")),
            Ok(expected)
        );
    }
}

#[test]
fn garbage_before_or_after_the_date_is_invalid() {
    // RFC 9110 §5.6.7: no whitespace beyond the grammar's SP; the caller has
    // already removed the field line's leading and trailing SP/HTAB.
    let cases: &[(&str, usize)] = &[
        (" Sun, 06 Nov 1994 08:49:37 GMT", 0),
        ("\tSun, 06 Nov 1994 08:49:37 GMT", 0),
        ("xSun, 06 Nov 1994 08:49:37 GMT", 0),
        ("Sun, 06 Nov 1994 08:49:37 GMT ", 29),
        ("Sun, 06 Nov 1994 08:49:37 GMT\r\n", 29),
        ("Sun, 06 Nov 1994 08:49:37 GMT\0", 29),
        ("Sun, 06 Nov 1994 08:49:37 GMTx", 29),
        ("Sun, 06 Nov 1994 08:49:37 GMT+0100", 29),
        ("Sunday, 06-Nov-94 08:49:37 GMT;", 30),
        ("Sun Nov  6 08:49:37 1994 ", 24),
        ("Sun Nov  6 08:49:37 1994 GMT", 24),
        ("Sun Nov  6 08:49:37 19945", 24),
        ("Sun,  06 Nov 1994 08:49:37 GMT", 5),
        ("Sun, 06  Nov 1994 08:49:37 GMT", 8),
        ("Sun, 06 Nov 1994 08:49:37  GMT", 26),
        ("Sun, 06 Nov 1994 08:49:37", 25),
        ("Sun, 06 Nov 1994", 16),
    ];
    for &(input, offset) in cases {
        assert_eq!(
            parse(input),
            Err((ErrorKind::InvalidDate, offset)),
            "{input:?}"
        );
    }
}

#[test]
fn two_dates_joined_by_a_comma_are_invalid() {
    // RFC 9110 §5.6.7: an HTTP-date field holds exactly one date.
    assert_eq!(
        parse("Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 29))
    );
    assert_eq!(
        parse("Sun, 06 Nov 1994 08:49:37 GMT,Sun, 06 Nov 1994 08:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 29))
    );
}

#[test]
fn a_64_kib_input_is_rejected_at_once() {
    // RFC 9110 §5.6.7: the longest HTTP-date is 33 bytes.
    let mut long = b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec();
    long.resize(64 * 1024, b' ');
    let err = HttpDate::parse(&long, now_2026()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDate, 29));

    let digits = vec![b'9'; 64 * 1024];
    let err = HttpDate::parse(&digits, now_2026()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDate, 0));

    let mut names = b"Wednesday".repeat(64 * 1024 / 9);
    names.truncate(64 * 1024);
    let err = HttpDate::parse(&names, now_2026()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDate, 9));
}

#[test]
fn empty_input_is_an_empty_error() {
    // RFC 9110 §5.6.7
    assert_eq!(parse(""), Err((ErrorKind::Empty, 0)));
    // Whitespace alone is not empty: the caller trims it.
    assert_eq!(parse(" "), Err((ErrorKind::InvalidDate, 0)));
}

#[test]
fn only_ascii_digits_are_digits() {
    // RFC 9110 §5.6.7: DIGIT is %x30-39
    assert_eq!(
        parse("Sun, \u{ff10}6 Nov 1994 08:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 5))
    );
    assert_eq!(
        parse("Sun, 06 Nov 199\u{0664} 08:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 15))
    );
    assert_eq!(
        parse("Sun, 06 Nov 1994 +8:49:37 GMT"),
        Err((ErrorKind::InvalidDate, 17))
    );
    assert_eq!(
        HttpDate::parse(b"Sun, 06 Nov 1994 08:49:3\xb7 GMT", now_2026())
            .map_err(|e| (e.kind(), e.offset())),
        Err((ErrorKind::InvalidDate, 24))
    );
}

#[test]
fn asctime_day_is_two_digits_or_a_space_and_one_digit() {
    // RFC 9110 §5.6.7: date3 = month SP ( 2DIGIT / ( SP DIGIT ) )
    assert_eq!(secs("Sun Nov  6 08:49:37 1994"), EXAMPLE_SECS);
    assert_eq!(secs("Sun Nov 06 08:49:37 1994"), EXAMPLE_SECS);
    assert_eq!(
        parse("Sun Nov 6 08:49:37 1994"),
        Err((ErrorKind::InvalidDate, 9))
    );
    assert_eq!(
        parse("Sun Nov  06 08:49:37 1994"),
        Err((ErrorKind::InvalidDate, 10))
    );
    assert_eq!(
        parse("Sun Nov   6 08:49:37 1994"),
        Err((ErrorKind::InvalidDate, 9))
    );
    assert_eq!(
        parse("Mon Nov 16 08:49:37 1994"),
        Ok(at(1994, 11, 16, 8, 49, 37))
    );
}

#[test]
fn display_writes_imf_fixdate_that_parses_back() {
    // RFC 9110 §5.6.7: a sender generates IMF-fixdate
    for date in [
        HttpDate::MIN,
        HttpDate::MAX,
        HttpDate::UNIX_EPOCH,
        HttpDate::from_unix_seconds(-1).unwrap(),
        HttpDate::from_unix_seconds(EXAMPLE_SECS).unwrap(),
        at(2000, 2, 29, 23, 59, 59),
        at(1900, 3, 1, 0, 0, 0),
        at(2038, 1, 19, 3, 14, 8),
    ] {
        let text = date.to_string();
        assert_eq!(text.len(), 29);
        assert_eq!(parse(&text), Ok(date), "{text}");
        let mut buf = [0; 29];
        assert_eq!(date.to_imf_fixdate(&mut buf), text);
    }
    assert_eq!(
        HttpDate::from_unix_seconds(EXAMPLE_SECS)
            .unwrap()
            .to_string(),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(
        HttpDate::UNIX_EPOCH.to_string(),
        "Thu, 01 Jan 1970 00:00:00 GMT"
    );
    assert_eq!(HttpDate::MIN.to_string(), "Sat, 01 Jan 0000 00:00:00 GMT");
    // The one instant past 9999-12-31T23:59:59 is written with second 60.
    assert_eq!(HttpDate::MAX.to_string(), "Fri, 31 Dec 9999 23:59:60 GMT");
    assert_eq!(
        format!("[{:>31}]", HttpDate::UNIX_EPOCH),
        "[  Thu, 01 Jan 1970 00:00:00 GMT]"
    );
}

#[test]
fn obsolete_formats_display_as_imf_fixdate() {
    // RFC 9110 §5.6.7: recipients accept obs-date; senders generate IMF-fixdate
    let date = parse("Sunday, 06-Nov-94 08:49:37 GMT").unwrap();
    assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
    let date = parse("Sun Nov  6 08:49:37 1994").unwrap();
    assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
}

#[test]
fn checked_add_seconds_stays_in_range() {
    // RFC 9110 §5.6.7 (the range of IMF-fixdate's four-digit year)
    let date = HttpDate::from_unix_seconds(EXAMPLE_SECS).unwrap();
    assert_eq!(
        date.checked_add_seconds(1).map(HttpDate::unix_seconds),
        Some(EXAMPLE_SECS + 1)
    );
    assert_eq!(
        date.checked_add_seconds(-EXAMPLE_SECS),
        Some(HttpDate::UNIX_EPOCH)
    );
    assert_eq!(HttpDate::MAX.checked_add_seconds(1), None);
    assert_eq!(HttpDate::MIN.checked_add_seconds(-1), None);
    assert_eq!(HttpDate::MAX.checked_add_seconds(i64::MAX), None);
    assert_eq!(HttpDate::MIN.checked_add_seconds(i64::MIN), None);
    assert_eq!(HttpDate::MAX.checked_add_seconds(0), Some(HttpDate::MAX));
}

#[test]
fn from_civil_rejects_days_and_times_that_do_not_exist() {
    // RFC 9110 §5.6.7
    assert_eq!(
        HttpDate::from_civil(1994, 11, 6, 8, 49, 37).map(HttpDate::unix_seconds),
        Some(EXAMPLE_SECS)
    );
    assert_eq!(HttpDate::from_civil(1994, 0, 6, 8, 49, 37), None);
    assert_eq!(HttpDate::from_civil(1994, 13, 6, 8, 49, 37), None);
    assert_eq!(HttpDate::from_civil(1994, 11, 0, 8, 49, 37), None);
    assert_eq!(HttpDate::from_civil(1994, 11, 31, 8, 49, 37), None);
    assert_eq!(HttpDate::from_civil(1994, 11, 6, 24, 0, 0), None);
    assert_eq!(HttpDate::from_civil(1994, 11, 6, 8, 60, 0), None);
    assert_eq!(HttpDate::from_civil(1994, 11, 6, 8, 49, 61), None);
    assert_eq!(HttpDate::from_civil(10_000, 1, 1, 0, 0, 0), None);
    // Second 60 of 9999's last minute is the last instant (CHOICES 5).
    assert_eq!(
        HttpDate::from_civil(9999, 12, 31, 23, 59, 60),
        Some(HttpDate::MAX)
    );
    assert_eq!(HttpDate::from_civil(0, 1, 1, 0, 0, 0), Some(HttpDate::MIN));
    assert_eq!(
        HttpDate::from_civil(1994, 11, 6, 23, 59, 60),
        HttpDate::from_civil(1994, 11, 7, 0, 0, 0)
    );
}

#[test]
fn dates_are_ordered_by_time() {
    // RFC 9110 §5.6.7 (one instant, whatever the format)
    let earlier = parse("Sat, 31 Dec 1960 23:59:59 GMT").unwrap();
    let later = parse("Sunday, 06-Nov-94 08:49:37 GMT").unwrap();
    assert!(HttpDate::MIN < earlier);
    assert!(earlier < later);
    assert!(later < HttpDate::MAX);
    assert_eq!(later.max(earlier), later);
}

#[cfg(feature = "std")]
mod system_time {
    use super::*;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    #[test]
    fn system_times_before_1970_convert_and_truncate_toward_the_past() {
        // RFC 9110 §5.6.7 (HTTP-dates carry whole seconds)
        let convert = |t: SystemTime| HttpDate::try_from(t).map(HttpDate::unix_seconds);
        assert_eq!(convert(UNIX_EPOCH), Ok(0));
        assert_eq!(convert(UNIX_EPOCH + Duration::from_millis(1_999)), Ok(1));
        assert_eq!(convert(UNIX_EPOCH - Duration::from_nanos(1)), Ok(-1));
        assert_eq!(convert(UNIX_EPOCH - Duration::from_millis(1_500)), Ok(-2));
        assert_eq!(convert(UNIX_EPOCH - Duration::from_secs(2)), Ok(-2));
        let in_1952 = UNIX_EPOCH - Duration::from_secs(568_080_000);
        assert_eq!(
            HttpDate::try_from(in_1952).unwrap().to_string(),
            "Tue, 01 Jan 1952 00:00:00 GMT"
        );
        assert_eq!(
            SystemTime::try_from(HttpDate::try_from(in_1952).unwrap()),
            Ok(in_1952)
        );
    }

    #[test]
    fn system_time_conversions_never_panic_at_the_extremes() {
        // RFC 9110 §5.6.7 (years 0000-9999)
        let max = HttpDate::MAX.unix_seconds().unsigned_abs();
        let min = HttpDate::MIN.unix_seconds().unsigned_abs();
        for (secs, nanos) in [
            (max, 0),
            (max, 999_999_999),
            (max + 1, 0),
            (min, 0),
            (min, 1),
            (min - 1, 999_999_999),
            (i64::MAX as u64, 0),
            (i64::MAX as u64, 999_999_999),
            (u64::MAX, 999_999_999),
        ] {
            let d = Duration::new(secs, nanos);
            for t in [UNIX_EPOCH.checked_add(d), UNIX_EPOCH.checked_sub(d)]
                .into_iter()
                .flatten()
            {
                if let Ok(date) = HttpDate::try_from(t) {
                    assert!(HttpDate::MIN <= date && date <= HttpDate::MAX);
                    let back = SystemTime::try_from(date).unwrap();
                    assert!(
                        back <= t
                            && t.duration_since(back).unwrap_or_default() < Duration::from_secs(1)
                    );
                }
            }
        }
        let after = UNIX_EPOCH + Duration::new(max, 999_999_999);
        assert_eq!(HttpDate::try_from(after), Ok(HttpDate::MAX));
        let past = UNIX_EPOCH + Duration::from_secs(max + 1);
        assert!(HttpDate::try_from(past).is_err());
        let first = UNIX_EPOCH - Duration::from_secs(min);
        assert_eq!(HttpDate::try_from(first), Ok(HttpDate::MIN));
        let before = UNIX_EPOCH - Duration::new(min, 1);
        let err = HttpDate::try_from(before).unwrap_err();
        assert_eq!(
            err.to_string(),
            "date outside years 0000-9999 or outside the range of SystemTime"
        );
        // Both ends of HttpDate fit a 64-bit SystemTime.
        assert_eq!(
            HttpDate::try_from(SystemTime::try_from(HttpDate::MAX).unwrap()),
            Ok(HttpDate::MAX)
        );
        assert_eq!(
            HttpDate::try_from(SystemTime::try_from(HttpDate::MIN).unwrap()),
            Ok(HttpDate::MIN)
        );
    }

    #[test]
    fn now_is_the_system_clock_in_range() {
        // RFC 9110 §5.6.7 (the clock the 50-year rule is read against)
        let before = HttpDate::try_from(SystemTime::now()).unwrap();
        let now = HttpDate::now();
        let after = HttpDate::try_from(SystemTime::now()).unwrap();
        assert!(before <= now && now <= after);
        assert!(now.year() >= 2024);
    }
}
