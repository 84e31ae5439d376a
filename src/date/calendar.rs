//! The proleptic Gregorian calendar in integer arithmetic: civil dates to
//! days since 1970-01-01 and back, month lengths, and the names HTTP-dates
//! use (RFC 9110 §5.6.7).
//!
//! Everything here is `const` and covers at least the years 0000-9999 that
//! [`HttpDate`](super::HttpDate) holds.

pub(super) const SECS_PER_DAY: i64 = 86_400;

/// Days in a 400-year Gregorian cycle.
const DAYS_PER_CYCLE: i64 = 146_097;

/// Days from 1 March of the year -400 to the given civil date.
///
/// Years are counted from 1 March, so that the leap day is the last day of a
/// counted year, and shifted by one 400-year cycle, so that every quantity is
/// non-negative for the years 0000..=9999 and `/` is a floor division.
const fn shifted_days(year: i64, month: u8, day: u8) -> i64 {
    let (y, m) = if month > 2 {
        (year + 400, month as i64 - 3)
    } else {
        (year + 399, month as i64 + 9)
    };
    // Every fourth year leaps, except every hundredth, except every 400th.
    let before_year = 365 * y + y / 4 - y / 100 + y / 400;
    // From March, the months have 31 30 31 30 31 31 30 31 30 31 31 28/29
    // days; (153 m + 2) / 5 is the sum of the first m of them.
    let before_month = (153 * m + 2) / 5;
    before_year + before_month + day as i64 - 1
}

/// [`shifted_days`] of 1970-01-01.
pub(super) const EPOCH_SHIFTED_DAYS: i64 = shifted_days(1970, 1, 1);

/// Days since 1970-01-01 of a civil date (proleptic Gregorian calendar).
pub(super) const fn days_from_civil(year: u16, month: u8, day: u8) -> i64 {
    shifted_days(year as i64, month, day) - EPOCH_SHIFTED_DAYS
}

/// The civil date `(year, month, day)` of a day counted from 1970-01-01; the
/// inverse of [`days_from_civil`] for the days of years 0000..=9999.
pub(super) const fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let shifted = days + EPOCH_SHIFTED_DAYS;
    let cycle = shifted.div_euclid(DAYS_PER_CYCLE);
    // 0..=146_096
    let day_of_cycle = shifted.rem_euclid(DAYS_PER_CYCLE);
    // Squeeze the leap days out so that every year has 365 days: one less
    // per 1_460 days (four years end on their leap day, the 1_461st), one
    // more per 36_524 days (a century has one leap day fewer), and one less
    // on day 146_096 (the leap day that ends the 400th year). Dividing by
    // 365 then gives the year of the cycle.
    let year_of_cycle = (day_of_cycle - day_of_cycle / 1_460 + day_of_cycle / 36_524
        - day_of_cycle / 146_096)
        / 365; // 0..=399
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100); // 0..=365
    let m = (5 * day_of_year + 2) / 153; // 0 = March .. 11 = February
    let day = day_of_year - (153 * m + 2) / 5 + 1;
    let (month, next_year) = if m < 10 { (m + 3, 0) } else { (m - 9, 1) };
    let year = cycle * 400 + year_of_cycle - 400 + next_year;
    (year, month as u8, day as u8)
}

/// A civil date and time of day in UTC, as an HTTP-date writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Civil {
    pub(super) year: i64,
    /// 1..=12
    pub(super) month: u8,
    /// 1..=31
    pub(super) day: u8,
    /// 0..=23
    pub(super) hour: u8,
    /// 0..=59
    pub(super) minute: u8,
    /// 0..=59
    pub(super) second: u8,
    /// 0 = Monday .. 6 = Sunday.
    pub(super) weekday: u8,
}

/// The civil date and time of `secs` seconds after 1970-01-01T00:00:00Z
/// (before it if negative), for the instants of years 0000..=9999.
pub(super) const fn civil_from_secs(secs: i64) -> Civil {
    let days = secs.div_euclid(SECS_PER_DAY);
    let second_of_day = secs.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (second_of_day / 3_600) as u8,
        minute: (second_of_day / 60 % 60) as u8,
        second: (second_of_day % 60) as u8,
        // 1970-01-01 was a Thursday.
        weekday: (days + 3).rem_euclid(7) as u8,
    }
}

pub(super) const fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
pub(super) const fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0000-01-01T00:00:00Z.
pub(super) const MIN_SECS: i64 = days_from_civil(0, 1, 1) * SECS_PER_DAY;
/// 9999-12-31T23:59:60Z: the last instant an HTTP-date can write, one
/// second after 23:59:59 (second 60 is the next minute's first second,
/// CHOICES 5), which is 10000-01-01T00:00:00Z.
pub(super) const MAX_SECS: i64 = days_from_civil(9999, 12, 31) * SECS_PER_DAY + SECS_PER_DAY;

// The calendar arithmetic, checked at compile time at its ends and at the
// epoch.
// 1970-01-01 is 719_468 days after 0000-03-01, one cycle after -0400-03-01.
const _: () = assert!(EPOCH_SHIFTED_DAYS == 719_468 + DAYS_PER_CYCLE);
const _: () = assert!(MIN_SECS == -62_167_219_200);
const _: () = assert!(MAX_SECS == 253_402_300_800);

/// `day-name` (RFC 9110 §5.6.7), Monday first.
pub(super) const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];

/// `month` (RFC 9110 §5.6.7), January first.
pub(super) const MONTH_NAMES: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    // The calendar conversions agree with a day-by-day walk over the whole
    // range, 0000-01-01 to 9999-12-31.
    #[test]
    fn civil_conversions_agree_with_counting_days() {
        let (mut year, mut month, mut day) = (0u16, 1u8, 1u8);
        let mut days = days_from_civil(0, 1, 1);
        let mut weekday = 5; // 0000-01-01 was a Saturday.
        loop {
            assert_eq!(days_from_civil(year, month, day), days);
            assert_eq!(civil_from_days(days), (i64::from(year), month, day));
            let civil = civil_from_secs(days * SECS_PER_DAY + 3_600 + 2 * 60 + 3);
            assert_eq!(
                (civil.hour, civil.minute, civil.second, civil.weekday),
                (1, 2, 3, weekday)
            );
            if (year, month, day) == (9999, 12, 31) {
                break;
            }
            days += 1;
            weekday = (weekday + 1) % 7;
            day += 1;
            if day > days_in_month(i64::from(year), month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        assert_eq!(days * SECS_PER_DAY + SECS_PER_DAY, MAX_SECS);
    }

    // RFC 9110 §5.6.7: the time of day of an instant, before 1970 included.
    #[test]
    fn civil_from_secs_splits_the_time_of_day() {
        let civil = civil_from_secs(784_111_777);
        assert_eq!(
            civil,
            Civil {
                year: 1994,
                month: 11,
                day: 6,
                hour: 8,
                minute: 49,
                second: 37,
                weekday: 6,
            }
        );
        let civil = civil_from_secs(-1);
        assert_eq!((civil.year, civil.month, civil.day), (1969, 12, 31));
        assert_eq!((civil.hour, civil.minute, civil.second), (23, 59, 59));
        assert_eq!(civil_from_secs(MAX_SECS - 1).year, 9999);
        assert_eq!(civil_from_secs(MIN_SECS).weekday, 5);
    }

    // RFC 9110 §5.6.7 (a real day of the proleptic Gregorian calendar)
    #[test]
    fn leap_years_are_every_fourth_but_not_every_hundredth_but_every_400th() {
        assert!(is_leap_year(0));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(is_leap_year(2000));
        assert!(is_leap_year(10_000));
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(1900, 4), 30);
        assert_eq!(days_in_month(1900, 12), 31);
    }
}
