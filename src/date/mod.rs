//! HTTP-date (RFC 9110 §5.6.7): [`HttpDate`], a parser for the three formats
//! a recipient must accept, and the IMF-fixdate formatter.
//!
//! <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>
//!
//! ```text
//! HTTP-date    = IMF-fixdate / obs-date
//! IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
//! obs-date     = rfc850-date / asctime-date
//! rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
//! asctime-date = day-name SP date3 SP time-of-day SP year
//!
//! day-name     = %s"Mon" / %s"Tue" / %s"Wed" / %s"Thu" / %s"Fri" / %s"Sat" / %s"Sun"
//! day-name-l   = %s"Monday" / %s"Tuesday" / %s"Wednesday" / %s"Thursday"
//!              / %s"Friday" / %s"Saturday" / %s"Sunday"
//! date1        = day SP month SP year        ; e.g., 02 Jun 1982
//! date2        = day "-" month "-" 2DIGIT    ; e.g., 02-Jun-82
//! date3        = month SP ( 2DIGIT / ( SP DIGIT ) )  ; e.g., Jun  2
//! day          = 2DIGIT
//! month        = %s"Jan" / %s"Feb" / %s"Mar" / %s"Apr" / %s"May" / %s"Jun"
//!              / %s"Jul" / %s"Aug" / %s"Sep" / %s"Oct" / %s"Nov" / %s"Dec"
//! year         = 4DIGIT
//! GMT          = %s"GMT"
//! time-of-day  = hour ":" minute ":" second  ; 00:00:00 - 23:59:60 (leap second)
//! hour         = 2DIGIT
//! minute       = 2DIGIT
//! second       = 2DIGIT
//! ```
//!
//! # Why this crate has its own date code
//!
//! - **no_std.** The crate parses and formats dates with integer arithmetic
//!   on a proleptic Gregorian calendar, without `std` or `alloc`. The
//!   `httpdate` crate needs `std::time::SystemTime` for everything.
//! - **The 50-year rule is relative to the caller's clock.** RFC 9110 §5.6.7
//!   makes a recipient read a two-digit rfc850 year that "appears to be more
//!   than 50 years in the future" as the most recent past year with those
//!   digits. That depends on the current time, which a sans-IO core takes as
//!   an argument (`now`). `httpdate` instead fixes the window to 1970-2069.
//! - **No panics anywhere in the range.** [`HttpDate`] covers years 0000 to
//!   9999, dates before 1970 included, and every conversion to and from
//!   `SystemTime` is fallible. `httpdate`'s `From<SystemTime>` panics before
//!   1970 and after 9999.
//!
//! # Readings
//!
//! Where RFC 9110 leaves room, the parser follows the shared conformance
//! choices (item 5):
//!
//! - Exactly one of the three formats, with case-sensitive names, ASCII
//!   digits and nothing before or after. The caller removes the field line's
//!   leading and trailing SP/HTAB (§5.5); this module trims nothing.
//! - A real calendar day, hour 00-23, minute 00-59, second 00-60. Second 60
//!   (a leap second, which [`HttpDate`] cannot represent) is read as the first
//!   second of the next minute, at any minute of any day.
//! - The day-name is not checked against the date.
//! - A two-digit rfc850 year is read with timestamp precision. RFC 9110
//!   §5.6.7 says a recipient "MUST interpret a timestamp that appears to be
//!   more than 50 years in the future as representing the most recent year
//!   in the past that had the same last two digits"; CHOICES 5 makes that
//!   exact: the year is the latest one with those two digits whose whole
//!   timestamp (date and time) is not later than `now` plus 50 calendar
//!   years, i.e. the same month, day and time of day 50 years after `now`,
//!   with 29 February becoming 28 February in a common year. With `now` at
//!   2026-06-15T12:00:00Z, `15-Jun-76 12:00:00` is in 2076 and
//!   `15-Jun-76 12:00:01` in 1976. Comparing years alone would differ only
//!   inside that boundary year, and there it would be wrong.
//! - The written fields are compared as written, month first, so a day the
//!   chosen year lacks (29 February 2100) does not exist; it is not moved to
//!   a century that has it. Second 60 compares as the next minute's first
//!   second. If the year is outside 0000-9999 (a clock near either end of
//!   the range), the date does not exist.
//!
//! # Layout
//!
//! - `calendar`: civil dates to days and back, month lengths, names.
//! - `parse`: the general parser of the three formats, with error offsets.
//! - `fast_path`: IMF-fixdate, the format senders generate, at fixed
//!   positions; anything else, and every error, goes to `parse`.
//! - `rfc850_year`: the century of a two-digit year (CHOICES 5).
//! - `system_time`: `SystemTime` conversions and `HttpDate::now`
//!   (feature `std`).

use core::fmt;

use crate::error::{ErrorKind, ParseError};

mod calendar;
mod fast_path;
mod parse;
mod rfc850_year;
#[cfg(feature = "std")]
mod system_time;

use calendar::{
    civil_from_secs, days_from_civil, days_in_month, DAY_NAMES, MAX_SECS, MIN_SECS, MONTH_NAMES,
    SECS_PER_DAY,
};

/// An instant in UTC, to the second, as carried by an HTTP-date
/// (RFC 9110 §5.6.7).
///
/// It counts seconds since 1970-01-01T00:00:00Z, and covers
/// 0000-01-01T00:00:00Z ([`HttpDate::MIN`]) to 9999-12-31T23:59:60Z
/// ([`HttpDate::MAX`]): every instant that IMF-fixdate's four-digit year can
/// write, before 1970 included. Leap seconds are not represented; a parsed
/// second 60 is the first second of the next minute (so the last instant is
/// 10000-01-01T00:00:00Z, written with second 60 of 9999). It is 8 bytes, `Copy`,
/// and ordered by time.
///
/// Parse with [`HttpDate::parse`], which accepts the three formats of
/// RFC 9110 §5.6.7; format with [`Display`](fmt::Display) or
/// [`HttpDate::to_imf_fixdate`], which write IMF-fixdate, the only format a
/// sender may generate.
///
/// <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>
///
/// ```text
/// HTTP-date    = IMF-fixdate / obs-date
/// obs-date     = rfc850-date / asctime-date
/// ```
///
/// # Examples
///
/// ```
/// use http_conditional::HttpDate;
///
/// let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap();
/// let date = HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 GMT", now).unwrap();
/// assert_eq!(date.unix_seconds(), 784_111_777);
/// assert_eq!(date.year(), 1994);
/// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
///
/// // The same instant in the two obsolete formats.
/// assert_eq!(HttpDate::parse(b"Sunday, 06-Nov-94 08:49:37 GMT", now), Ok(date));
/// assert_eq!(HttpDate::parse(b"Sun Nov  6 08:49:37 1994", now), Ok(date));
///
/// // Ordered by time.
/// assert!(HttpDate::UNIX_EPOCH < date && date < now);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpDate {
    /// Seconds since 1970-01-01T00:00:00Z; always in `MIN_SECS..=MAX_SECS`.
    secs: i64,
}

impl HttpDate {
    /// The earliest date: 0000-01-01T00:00:00Z.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::MIN.to_string(), "Sat, 01 Jan 0000 00:00:00 GMT");
    /// ```
    pub const MIN: HttpDate = HttpDate { secs: MIN_SECS };

    /// The latest date: 9999-12-31T23:59:60Z, one second after
    /// 23:59:59, which is 10000-01-01T00:00:00Z. An HTTP-date can write it
    /// only with second 60, and that is how it is written.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::MAX.to_string(), "Fri, 31 Dec 9999 23:59:60 GMT");
    /// assert_eq!(HttpDate::MAX.unix_seconds(), 253_402_300_800);
    /// ```
    pub const MAX: HttpDate = HttpDate { secs: MAX_SECS };

    /// 1970-01-01T00:00:00Z, the Unix epoch.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::UNIX_EPOCH.unix_seconds(), 0);
    /// ```
    pub const UNIX_EPOCH: HttpDate = HttpDate { secs: 0 };

    /// The date `secs` seconds after 1970-01-01T00:00:00Z (before it if
    /// negative), or `None` outside [`HttpDate::MIN`]..=[`HttpDate::MAX`].
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// let date = HttpDate::from_unix_seconds(784_111_777).unwrap();
    /// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
    /// assert_eq!(HttpDate::from_unix_seconds(-1).unwrap().year(), 1969);
    /// assert_eq!(HttpDate::from_unix_seconds(i64::MAX), None);
    /// ```
    pub const fn from_unix_seconds(secs: i64) -> Option<HttpDate> {
        if secs < MIN_SECS || secs > MAX_SECS {
            None
        } else {
            Some(HttpDate { secs })
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, negative before it.
    pub const fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The date of a civil day and time of day in UTC (proleptic Gregorian
    /// calendar), or `None` if that day or time does not exist.
    ///
    /// `month` is 1..=12, `day` 1..=28/29/30/31 depending on the month and
    /// year, `hour` 0..=23, `minute` 0..=59 and `second` 0..=60, where 60 is
    /// the first second of the next minute (RFC 9110 §5.6.7 allows a leap
    /// second): every such day and time of years 0000-9999 exists, the last
    /// one, 9999-12-31 23:59:60, being [`HttpDate::MAX`].
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// let date = HttpDate::from_civil(1994, 11, 6, 8, 49, 37).unwrap();
    /// assert_eq!(date.unix_seconds(), 784_111_777);
    /// assert_eq!(HttpDate::from_civil(2024, 2, 29, 0, 0, 0).map(|d| d.year()), Some(2024));
    /// assert_eq!(HttpDate::from_civil(1900, 2, 29, 0, 0, 0), None);
    /// assert_eq!(
    ///     HttpDate::from_civil(1994, 11, 6, 8, 49, 60),
    ///     HttpDate::from_civil(1994, 11, 6, 8, 50, 0),
    /// );
    /// assert_eq!(HttpDate::from_civil(9999, 12, 31, 23, 59, 60), Some(HttpDate::MAX));
    /// assert_eq!(HttpDate::from_civil(9999, 12, 31, 24, 0, 0), None);
    /// ```
    pub const fn from_civil(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Option<HttpDate> {
        if year > 9999
            || month < 1
            || month > 12
            || day < 1
            || day > days_in_month(year as i64, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        let secs = days * SECS_PER_DAY + hour as i64 * 3_600 + minute as i64 * 60 + second as i64;
        HttpDate::from_unix_seconds(secs)
    }

    /// The year, 0..=9999, in UTC: [`HttpDate::MAX`] is in 9999, as it is
    /// written.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::UNIX_EPOCH.year(), 1970);
    /// assert_eq!(HttpDate::MAX.year(), 9999);
    /// ```
    pub const fn year(self) -> u16 {
        civil_from_secs(self.secs - (self.secs == MAX_SECS) as i64).year as u16
    }

    /// This date `s` seconds later (earlier if negative), or `None` outside
    /// [`HttpDate::MIN`]..=[`HttpDate::MAX`].
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// let date = HttpDate::UNIX_EPOCH.checked_add_seconds(-1).unwrap();
    /// assert_eq!(date.to_string(), "Wed, 31 Dec 1969 23:59:59 GMT");
    /// assert_eq!(HttpDate::MAX.checked_add_seconds(1), None);
    /// ```
    pub const fn checked_add_seconds(self, s: i64) -> Option<HttpDate> {
        match self.secs.checked_add(s) {
            Some(secs) => HttpDate::from_unix_seconds(secs),
            None => None,
        }
    }

    /// Parses exactly one HTTP-date in any of the three formats of
    /// RFC 9110 §5.6.7, reading a two-digit rfc850 year against the clock
    /// `now`.
    ///
    /// <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>
    ///
    /// ```text
    /// IMF-fixdate  = day-name "," SP day SP month SP year SP time-of-day SP GMT
    ///                ; Sun, 06 Nov 1994 08:49:37 GMT
    /// rfc850-date  = day-name-l "," SP day "-" month "-" 2DIGIT SP time-of-day SP GMT
    ///                ; Sunday, 06-Nov-94 08:49:37 GMT
    /// asctime-date = day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP year
    ///                ; Sun Nov  6 08:49:37 1994
    /// ```
    ///
    /// The input is the whole field value, with the field line's leading and
    /// trailing SP/HTAB already removed (RFC 9110 §5.5); nothing else is
    /// trimmed. Names are case-sensitive, digits are ASCII, and the day-name
    /// is not checked against the date. Second 60 is the first second of the
    /// next minute.
    ///
    /// A two-digit rfc850 year is the latest year with those two digits whose
    /// whole timestamp is not later than `now` plus 50 calendar years (the
    /// same month, day and time of day; 29 February becomes 28 February in a
    /// common year): RFC 9110 §5.6.7 reads a timestamp that "appears to be
    /// more than 50 years in the future" as "the most recent year in the past
    /// that had the same last two digits" (CHOICES 5). With `now` at
    /// 2026-06-01T12:00:00Z, `01-Jan-76` is in 2076, `01-Jul-76` in 1976 and
    /// `01-Jan-77` in 1977.
    ///
    /// Parsing reads at most the first 33 bytes of the input, so a
    /// long input is rejected in constant time, and allocates nothing.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::Empty`] at offset 0 for an empty input.
    /// - [`ErrorKind::InvalidDate`] when the input has none of the three
    ///   shapes (a wrong or lowercase name, a missing or extra byte, a
    ///   non-digit); the offset is the first byte where the input stops
    ///   matching every format (the input's length if it ends too early).
    /// - [`ErrorKind::NonexistentDate`] when the shape is right but the day or
    ///   time does not exist (31 Apr, 29 Feb 1900, 24:00:00) or lies outside
    ///   years 0000-9999; the offset is that of the offending field.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::{ErrorKind, HttpDate};
    ///
    /// let now = HttpDate::from_civil(2026, 6, 1, 12, 0, 0).unwrap();
    /// let parse = |s: &str| HttpDate::parse(s.as_bytes(), now);
    ///
    /// assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap().unix_seconds(), 784_111_777);
    /// assert_eq!(parse("Thursday, 01-Jan-76 00:00:00 GMT").unwrap().year(), 2076);
    /// assert_eq!(parse("Thursday, 01-Jul-76 00:00:00 GMT").unwrap().year(), 1976);
    /// assert_eq!(parse("Monday, 01-Jun-76 12:00:00 GMT").unwrap().year(), 2076);
    /// assert_eq!(parse("Monday, 01-Jun-76 12:00:01 GMT").unwrap().year(), 1976);
    /// assert_eq!(parse("Saturday, 01-Jan-77 00:00:00 GMT").unwrap().year(), 1977);
    /// assert_eq!(parse("Sun Nov  6 08:49:37 1994"), parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    ///
    /// assert_eq!(parse("").unwrap_err().kind(), ErrorKind::Empty);
    /// let err = parse("sun, 06 Nov 1994 08:49:37 GMT").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDate, 0));
    /// let err = parse("Sun, 06 Nov 1994 08:49:37 GMT ").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDate, 29));
    /// let err = parse("Thu, 31 Apr 1994 08:49:37 GMT").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::NonexistentDate, 5));
    /// ```
    pub fn parse(input: &[u8], now: HttpDate) -> Result<HttpDate, ParseError> {
        // The format a sender must generate, at fixed positions; anything
        // else (and every error) is left to the general parser.
        match fast_path::imf_fixdate(input) {
            Some(date) => Ok(date),
            None => parse_other(input, now),
        }
    }

    /// Writes this date as an IMF-fixdate (RFC 9110 §5.6.7), the format a
    /// sender must generate, into `buf`, and returns it.
    ///
    /// ```text
    /// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
    /// ```
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// let mut buf = [0; 29];
    /// let date = HttpDate::from_unix_seconds(784_111_777).unwrap();
    /// assert_eq!(date.to_imf_fixdate(&mut buf), "Sun, 06 Nov 1994 08:49:37 GMT");
    /// ```
    pub fn to_imf_fixdate(self, buf: &mut [u8; 29]) -> &str {
        // The one instant past 9999-12-31T23:59:59 is written with second 60.
        if self.secs == MAX_SECS {
            *buf = *b"Fri, 31 Dec 9999 23:59:60 GMT";
            return core::str::from_utf8(buf).unwrap_or_default();
        }
        let civil = civil_from_secs(self.secs);
        *buf = *b"Mon, 00 Jan 0000 00:00:00 GMT";
        buf[0..3].copy_from_slice(&DAY_NAMES[usize::from(civil.weekday) % 7]);
        put_two_digits(&mut buf[5..7], i64::from(civil.day));
        buf[8..11].copy_from_slice(&MONTH_NAMES[usize::from(civil.month.wrapping_sub(1)) % 12]);
        put_two_digits(&mut buf[12..14], civil.year / 100);
        put_two_digits(&mut buf[14..16], civil.year);
        put_two_digits(&mut buf[17..19], i64::from(civil.hour));
        put_two_digits(&mut buf[20..22], i64::from(civil.minute));
        put_two_digits(&mut buf[23..25], i64::from(civil.second));
        // Every byte written above is ASCII, so this never fails.
        core::str::from_utf8(buf).unwrap_or_default()
    }
}

/// [`HttpDate::parse`] past the IMF-fixdate fast path: the obsolete
/// formats, and every error.
#[inline(never)]
fn parse_other(input: &[u8], now: HttpDate) -> Result<HttpDate, ParseError> {
    if input.is_empty() {
        return Err(ParseError::new(ErrorKind::Empty, 0));
    }
    parse::parse_general(input, now)
}

/// Writes `n % 100` as two ASCII digits into `out` (two bytes long).
fn put_two_digits(out: &mut [u8], n: i64) {
    let n = n.rem_euclid(100) as u8;
    for (byte, digit) in out.iter_mut().zip([n / 10, n % 10]) {
        *byte = b'0' + digit;
    }
}

/// Writes the IMF-fixdate (RFC 9110 §5.6.7), e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`; width and alignment flags apply.
impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0; 29];
        f.pad(self.to_imf_fixdate(&mut buf))
    }
}

/// A date or time that [`HttpDate`] or `SystemTime` cannot hold: outside
/// 0000-01-01T00:00:00Z..=9999-12-31T23:59:60Z, or beyond the platform's
/// `SystemTime` range.
///
/// The error of the `TryFrom` conversions between [`HttpDate`] and
/// `std::time::SystemTime` (feature `std`).
///
/// ```
/// # #[cfg(feature = "std")] {
/// use std::time::{Duration, SystemTime};
/// use http_conditional::HttpDate;
///
/// let far = SystemTime::UNIX_EPOCH + Duration::from_secs(400_000_000_000);
/// let err = HttpDate::try_from(far).unwrap_err();
/// assert_eq!(err.to_string(), "date outside years 0000-9999 or outside the range of SystemTime");
/// # }
/// ```
#[cfg_attr(not(feature = "std"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OutOfRange {
    _priv: (),
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("date outside years 0000-9999 or outside the range of SystemTime")
    }
}

impl core::error::Error for OutOfRange {}
