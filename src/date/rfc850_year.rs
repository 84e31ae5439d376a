//! The century of an rfc850-date's two-digit year (RFC 9110 §5.6.7, read as
//! CHOICES item 5 words it).
//!
//! RFC 9110 §5.6.7: "Recipients of a timestamp value in rfc850-date format,
//! which uses a two-digit year, MUST interpret a timestamp that appears to be
//! more than 50 years in the future as representing the most recent year in
//! the past that had the same last two digits."
//!
//! The rule speaks of a *timestamp* appearing to be in the future, so the
//! comparison is of whole timestamps, to the second, not of years: the year
//! is the latest one with those two digits whose timestamp (date and time as
//! written) is not later than `now` plus 50 calendar years, that is the same
//! month, day and time of day 50 years after `now` (29 February becomes
//! 28 February when that year is a common year).
//!
//! <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>

use super::calendar::{civil_from_days, is_leap_year, SECS_PER_DAY};
use super::HttpDate;

/// The year that the two digits `yy` (0..=99) of an rfc850-date name, given
/// the rest of its timestamp as written, `[month, day, hour, minute,
/// second]`, and the clock `now` (RFC 9110 §5.6.7).
///
/// The result may lie outside 0000-9999 when `now` is near either end of the
/// range; the caller rejects it. The written fields are compared as they
/// stand, in order (month first), without checking that they exist: a day
/// that the chosen year lacks (29 February 2100) is the caller's
/// `NonexistentDate`, not a reason to move to another century, since only a
/// timestamp that *appears to be* more than 50 years ahead is moved.
/// Second 60 compares above every second of its minute and below the next
/// minute, exactly where the instant it stands for (the next minute's first
/// second) lies, because the limit never has second 60.
pub(super) fn rfc850_year(yy: u8, rest: [u8; 5], now: HttpDate) -> i64 {
    let days = now.secs.div_euclid(SECS_PER_DAY);
    let (now_year, now_month, now_day) = civil_from_days(days);
    // `now` plus 50 calendar years: the same month, day and time of day.
    let limit_year = now_year + 50;
    // The latest year ending in `yy` that is not after the limit's year ...
    let year = limit_year - (limit_year - i64::from(yy)).rem_euclid(100);
    if year != limit_year {
        return year;
    }
    // ... unless, in the limit's own year, the timestamp is later than the
    // limit: then it appears to be more than 50 years ahead, and is the
    // previous one.
    let limit_day = if now_month == 2 && now_day == 29 && !is_leap_year(limit_year) {
        28
    } else {
        now_day
    };
    let second_of_day = now.secs.rem_euclid(SECS_PER_DAY);
    let limit = [
        now_month,
        limit_day,
        (second_of_day / 3_600) as u8,
        (second_of_day / 60 % 60) as u8,
        (second_of_day % 60) as u8,
    ];
    if rest > limit {
        year - 100
    } else {
        year
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> HttpDate {
        HttpDate::from_civil(year, month, day, hour, minute, second).unwrap()
    }

    // RFC 9110 §5.6.7, CHOICES 5: the second before, at and after now + 50
    // years.
    #[test]
    fn the_limit_is_now_plus_fifty_years_to_the_second() {
        let now = at(2026, 6, 15, 12, 0, 0);
        assert_eq!(rfc850_year(76, [6, 15, 11, 59, 59], now), 2076);
        assert_eq!(rfc850_year(76, [6, 15, 12, 0, 0], now), 2076);
        assert_eq!(rfc850_year(76, [6, 15, 12, 0, 1], now), 1976);
        // Any other field decides as well as the second.
        assert_eq!(rfc850_year(76, [6, 14, 23, 59, 59], now), 2076);
        assert_eq!(rfc850_year(76, [6, 16, 0, 0, 0], now), 1976);
        assert_eq!(rfc850_year(76, [7, 1, 0, 0, 0], now), 1976);
        assert_eq!(rfc850_year(76, [1, 1, 0, 0, 0], now), 2076);
        // Other years are decided by the year alone.
        assert_eq!(rfc850_year(75, [12, 31, 23, 59, 59], now), 2075);
        assert_eq!(rfc850_year(77, [1, 1, 0, 0, 0], now), 1977);
        assert_eq!(rfc850_year(26, [6, 15, 12, 0, 0], now), 2026);
        assert_eq!(rfc850_year(0, [1, 1, 0, 0, 0], now), 2000);
        assert_eq!(rfc850_year(99, [1, 1, 0, 0, 0], now), 1999);
    }

    // RFC 9110 §5.6.7, CHOICES 5: second 60 is the next minute's first
    // second, so it is not later than a limit at that second.
    #[test]
    fn second_sixty_compares_as_the_next_minutes_first_second() {
        let now = at(2026, 6, 15, 12, 0, 0);
        assert_eq!(rfc850_year(76, [6, 15, 11, 59, 60], now), 2076);
        let now = at(2026, 6, 15, 11, 59, 59);
        assert_eq!(rfc850_year(76, [6, 15, 11, 59, 59], now), 2076);
        assert_eq!(rfc850_year(76, [6, 15, 11, 59, 60], now), 1976);
    }

    // CHOICES 5: 29 February of `now` becomes 28 February 50 years on.
    #[test]
    fn february_29_of_now_becomes_february_28() {
        let now = at(2024, 2, 29, 12, 0, 0);
        assert_eq!(rfc850_year(74, [2, 28, 12, 0, 0], now), 2074);
        assert_eq!(rfc850_year(74, [2, 28, 12, 0, 1], now), 1974);
        assert_eq!(rfc850_year(74, [2, 29, 0, 0, 0], now), 1974);
        assert_eq!(rfc850_year(74, [3, 1, 0, 0, 0], now), 1974);
        // 2000 + 50 is a common year too: every leap year is.
        let now = at(2000, 2, 29, 0, 0, 0);
        assert_eq!(rfc850_year(50, [2, 28, 0, 0, 0], now), 2050);
        assert_eq!(rfc850_year(50, [2, 28, 0, 0, 1], now), 1950);
    }

    // RFC 9110 §5.6.7: a 29 February in the chosen year is left to the
    // calendar check, not moved to a century where it exists.
    #[test]
    fn a_written_day_is_compared_as_written() {
        let now = at(2050, 6, 1, 0, 0, 0);
        // 2100-02-29 does not exist; 2100 is still the year it names.
        assert_eq!(rfc850_year(0, [2, 29, 0, 0, 0], now), 2100);
        assert_eq!(rfc850_year(0, [6, 1, 0, 0, 1], now), 2000);
    }

    // RFC 9110 §5.6.7: at the ends of the range the year can leave 0000-9999.
    #[test]
    fn years_outside_the_range_are_returned_for_the_caller_to_reject() {
        let now = HttpDate::MIN;
        assert_eq!(rfc850_year(50, [1, 1, 0, 0, 0], now), 50);
        assert_eq!(rfc850_year(50, [1, 1, 0, 0, 1], now), -50);
        assert_eq!(rfc850_year(51, [1, 1, 0, 0, 0], now), -49);
        assert_eq!(rfc850_year(0, [1, 1, 0, 0, 0], now), 0);
        // 9999-12-31T23:59:59: the limit is 10049-12-31T23:59:59.
        let now = HttpDate::MAX.checked_add_seconds(-1).unwrap();
        assert_eq!(rfc850_year(49, [12, 31, 23, 59, 59], now), 10_049);
        assert_eq!(rfc850_year(50, [1, 1, 0, 0, 0], now), 9_950);
        assert_eq!(rfc850_year(99, [12, 31, 23, 59, 60], now), 9_999);
        assert_eq!(rfc850_year(0, [1, 1, 0, 0, 0], now), 10_000);
        // `HttpDate::MAX`, 10000-01-01T00:00:00: the limit is
        // 10050-01-01T00:00:00 itself.
        assert_eq!(rfc850_year(50, [1, 1, 0, 0, 0], HttpDate::MAX), 10_050);
        assert_eq!(rfc850_year(50, [1, 1, 0, 0, 1], HttpDate::MAX), 9_950);
    }
}
