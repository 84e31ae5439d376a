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
//! - A two-digit rfc850 year is the latest year with those two digits that is
//!   at most 50 years after `now`'s year (a comparison of years, not of
//!   instants). If that year is outside 0000-9999 the date does not exist.

use core::fmt;

use crate::error::{ErrorKind, ParseError};

const SECS_PER_DAY: i64 = 86_400;

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
const EPOCH_SHIFTED_DAYS: i64 = shifted_days(1970, 1, 1);

/// Days since 1970-01-01 of a civil date (proleptic Gregorian calendar).
const fn days_from_civil(year: u16, month: u8, day: u8) -> i64 {
    shifted_days(year as i64, month, day) - EPOCH_SHIFTED_DAYS
}

/// The civil date `(year, month, day)` of a day counted from 1970-01-01; the
/// inverse of [`days_from_civil`] for the days of years 0000..=9999.
const fn civil_from_days(days: i64) -> (i64, u8, u8) {
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

const fn is_leap_year(year: u16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0000-01-01T00:00:00Z.
const MIN_SECS: i64 = days_from_civil(0, 1, 1) * SECS_PER_DAY;
/// 9999-12-31T23:59:59Z.
const MAX_SECS: i64 = days_from_civil(9999, 12, 31) * SECS_PER_DAY + SECS_PER_DAY - 1;

// The calendar arithmetic, checked at compile time at its ends and at the
// epoch.
// 1970-01-01 is 719_468 days after 0000-03-01, one cycle after -0400-03-01.
const _: () = assert!(EPOCH_SHIFTED_DAYS == 719_468 + DAYS_PER_CYCLE);
const _: () = assert!(MIN_SECS == -62_167_219_200);
const _: () = assert!(MAX_SECS == 253_402_300_799);

const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];

/// What follows a [`DAY_NAMES`] entry in the same `day-name-l`.
const DAY_NAME_L_TAILS: [&[u8]; 7] = [
    b"day", b"sday", b"nesday", b"rsday", b"day", b"urday", b"day",
];

const MONTH_NAMES: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

/// An instant in UTC, to the second, as carried by an HTTP-date
/// (RFC 9110 §5.6.7).
///
/// It counts seconds since 1970-01-01T00:00:00Z, and covers
/// 0000-01-01T00:00:00Z ([`HttpDate::MIN`]) to 9999-12-31T23:59:59Z
/// ([`HttpDate::MAX`]): every instant that IMF-fixdate's four-digit year can
/// write, before 1970 included. Leap seconds are not represented; a parsed
/// second 60 is the first second of the next minute. It is 8 bytes, `Copy`,
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

    /// The latest date: 9999-12-31T23:59:59Z.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::MAX.to_string(), "Fri, 31 Dec 9999 23:59:59 GMT");
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
    /// second). The result must still be at most [`HttpDate::MAX`].
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
    /// assert_eq!(HttpDate::from_civil(9999, 12, 31, 23, 59, 60), None);
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
            || day > days_in_month(year, month)
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

    /// The year, 0..=9999, in UTC.
    ///
    /// ```
    /// use http_conditional::HttpDate;
    /// assert_eq!(HttpDate::UNIX_EPOCH.year(), 1970);
    /// assert_eq!(HttpDate::MAX.year(), 9999);
    /// ```
    pub const fn year(self) -> u16 {
        let (year, _, _) = civil_from_days(self.secs.div_euclid(SECS_PER_DAY));
        year as u16
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
    /// A two-digit rfc850 year is the latest year with those two digits that
    /// is at most 50 years after `now`'s year: RFC 9110 §5.6.7 reads a year
    /// that "appears to be more than 50 years in the future" as "the most
    /// recent year in the past that had the same last two digits". With `now`
    /// in 2026, `76` is 2076 and `77` is 1977.
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
        if input.is_empty() {
            return Err(ParseError::new(ErrorKind::Empty, 0));
        }
        // The format a sender must generate, at fixed positions; anything
        // else (and every error) is left to the general parser below.
        if let Some(fields) = imf_fixdate_fast(input) {
            return fields.resolve(now);
        }
        parse_general(input, now)
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
        let days = self.secs.div_euclid(SECS_PER_DAY);
        let second_of_day = self.secs.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday; index 0 is Monday.
        let weekday = (days + 3).rem_euclid(7) as usize;

        *buf = *b"Mon, 00 Jan 0000 00:00:00 GMT";
        buf[0..3].copy_from_slice(&DAY_NAMES[weekday % 7]);
        put_two_digits(&mut buf[5..7], i64::from(day));
        buf[8..11].copy_from_slice(&MONTH_NAMES[usize::from(month.wrapping_sub(1)) % 12]);
        put_two_digits(&mut buf[12..14], year / 100);
        put_two_digits(&mut buf[14..16], year);
        put_two_digits(&mut buf[17..19], second_of_day / 3_600);
        put_two_digits(&mut buf[20..22], second_of_day / 60 % 60);
        put_two_digits(&mut buf[23..25], second_of_day % 60);
        // Every byte written above is ASCII, so this never fails.
        core::str::from_utf8(buf).unwrap_or_default()
    }
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

const fn invalid(at: usize) -> ParseError {
    ParseError::new(ErrorKind::InvalidDate, at)
}

const fn nonexistent(at: usize) -> ParseError {
    ParseError::new(ErrorKind::NonexistentDate, at)
}

/// The year as written: four digits, or rfc850's two.
#[derive(Clone, Copy)]
enum Year {
    Full(u16),
    TwoDigit(u8),
}

/// The fields of a date whose shape matched, not yet checked against the
/// calendar, with the offsets of those that can be wrong.
#[derive(Clone, Copy)]
struct Fields {
    year: Year,
    year_at: usize,
    month: u8,
    day: u8,
    day_at: usize,
    hour: u8,
    minute: u8,
    second: u8,
    /// Offset of `hour`; `minute` is 3 bytes later, `second` 6.
    time_at: usize,
}

impl Fields {
    /// Checks the fields against the calendar and the clock.
    fn resolve(self, now: HttpDate) -> Result<HttpDate, ParseError> {
        let year = match self.year {
            Year::Full(year) => i32::from(year),
            Year::TwoDigit(digits) => {
                // RFC 9110 §5.6.7: the latest year with these last two digits
                // that is not more than 50 years after now's year.
                let latest = i32::from(now.year()) + 50;
                latest - (latest - i32::from(digits)).rem_euclid(100)
            }
        };
        let year = match u16::try_from(year) {
            Ok(year) if year <= 9999 => year,
            _ => return Err(nonexistent(self.year_at)),
        };
        if self.day < 1 || self.day > days_in_month(year, self.month) {
            return Err(nonexistent(self.day_at));
        }
        if self.hour > 23 {
            return Err(nonexistent(self.time_at));
        }
        if self.minute > 59 {
            return Err(nonexistent(self.time_at + 3));
        }
        // Second 60 can only overflow 9999-12-31T23:59:59.
        HttpDate::from_civil(
            year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        )
        .ok_or(nonexistent(self.time_at + 6))
    }
}

/// [`HttpDate::parse`] of a non-empty input, every format, with the cursor.
fn parse_general(input: &[u8], now: HttpDate) -> Result<HttpDate, ParseError> {
    let mut cursor = Cursor { input, pos: 0 };
    // All three formats start with a day-name or, for rfc850-date, a
    // day-name-l, whose first three bytes are a day-name. The byte after
    // it tells the formats apart.
    let day_name = cursor.name(&DAY_NAMES)?;
    let fields = match cursor.peek() {
        Some(b',') => cursor.imf_fixdate_rest()?,
        Some(b' ') => cursor.asctime_date_rest()?,
        _ => {
            cursor.literal(DAY_NAME_L_TAILS[day_name])?;
            cursor.rfc850_date_rest()?
        }
    };
    cursor.finish()?;
    fields.resolve(now)
}

/// An IMF-fixdate whose shape is right, read at its fixed positions
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), or `None` for anything else: the same
/// fields as `day-name` + [`Cursor::imf_fixdate_rest`], without the cursor.
#[inline]
fn imf_fixdate_fast(input: &[u8]) -> Option<Fields> {
    let b: &[u8; 29] = input.try_into().ok()?;
    let shape = b[3] == b','
        && b[4] == b' '
        && b[7] == b' '
        && b[11] == b' '
        && b[16] == b' '
        && b[19] == b':'
        && b[22] == b':'
        && b[25..] == *b" GMT";
    if !shape || !DAY_NAMES.contains(&[b[0], b[1], b[2]]) {
        return None;
    }
    let month = [b[8], b[9], b[10]];
    let month = MONTH_NAMES.iter().position(|&m| m == month)? as u8 + 1;
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(d)
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let year = u16::from(two(12)?) * 100 + u16::from(two(14)?);
    Some(Fields {
        year: Year::Full(year),
        year_at: 12,
        month,
        day: two(5)?,
        day_at: 5,
        hour: two(17)?,
        minute: two(20)?,
        second: two(23)?,
        time_at: 17,
    })
}

/// A position in the input; it never moves past the end.
struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn byte(&mut self, expected: u8) -> Result<(), ParseError> {
        if self.peek() == Some(expected) {
            self.pos += 1;
            Ok(())
        } else {
            Err(invalid(self.pos))
        }
    }

    fn literal(&mut self, expected: &[u8]) -> Result<(), ParseError> {
        expected.iter().try_for_each(|&b| self.byte(b))
    }

    fn digit(&mut self) -> Result<u8, ParseError> {
        match self.peek() {
            Some(b @ b'0'..=b'9') => {
                self.pos += 1;
                Ok(b - b'0')
            }
            _ => Err(invalid(self.pos)),
        }
    }

    /// `2DIGIT`
    fn two_digits(&mut self) -> Result<u8, ParseError> {
        let tens = self.digit()?;
        let ones = self.digit()?;
        Ok(tens * 10 + ones)
    }

    /// `4DIGIT`
    fn four_digits(&mut self) -> Result<u16, ParseError> {
        let high = self.two_digits()?;
        let low = self.two_digits()?;
        Ok(u16::from(high) * 100 + u16::from(low))
    }

    /// One of `names`, case-sensitive; returns its index. On a mismatch the
    /// offset is the first byte that no name matches.
    fn name(&mut self, names: &[[u8; 3]]) -> Result<usize, ParseError> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let mut longest = 0;
        for (index, name) in names.iter().enumerate() {
            let common = name.iter().zip(rest).take_while(|(a, b)| a == b).count();
            if common == name.len() {
                self.pos += name.len();
                return Ok(index);
            }
            longest = longest.max(common);
        }
        Err(invalid(self.pos + longest))
    }

    /// `month`, as 1..=12.
    fn month(&mut self) -> Result<u8, ParseError> {
        let index = self.name(&MONTH_NAMES)?;
        // At most 12.
        Ok(index as u8 + 1)
    }

    /// `time-of-day = hour ":" minute ":" second`; returns the fields and
    /// the offset of `hour`.
    fn time_of_day(&mut self) -> Result<(u8, u8, u8, usize), ParseError> {
        let at = self.pos;
        let hour = self.two_digits()?;
        self.byte(b':')?;
        let minute = self.two_digits()?;
        self.byte(b':')?;
        let second = self.two_digits()?;
        Ok((hour, minute, second, at))
    }

    /// After `day-name`: `"," SP date1 SP time-of-day SP GMT`.
    fn imf_fixdate_rest(&mut self) -> Result<Fields, ParseError> {
        self.comma_date_rest(b' ', |c| c.four_digits().map(Year::Full))
    }

    /// After `day-name-l`: `"," SP date2 SP time-of-day SP GMT`.
    fn rfc850_date_rest(&mut self) -> Result<Fields, ParseError> {
        self.comma_date_rest(b'-', |c| c.two_digits().map(Year::TwoDigit))
    }

    /// The shape IMF-fixdate and rfc850-date share after the day name:
    /// `"," SP day sep month sep year SP time-of-day SP GMT`, where `date1`
    /// separates with SP and has a 4-digit year, `date2` with `-` and 2.
    fn comma_date_rest(
        &mut self,
        sep: u8,
        year: fn(&mut Self) -> Result<Year, ParseError>,
    ) -> Result<Fields, ParseError> {
        self.literal(b", ")?;
        let day_at = self.pos;
        let day = self.two_digits()?;
        self.byte(sep)?;
        let month = self.month()?;
        self.byte(sep)?;
        let year_at = self.pos;
        let year = year(self)?;
        self.byte(b' ')?;
        let (hour, minute, second, time_at) = self.time_of_day()?;
        self.literal(b" GMT")?;
        Ok(Fields {
            year,
            year_at,
            month,
            day,
            day_at,
            hour,
            minute,
            second,
            time_at,
        })
    }

    /// After `day-name`: `SP date3 SP time-of-day SP year`.
    fn asctime_date_rest(&mut self) -> Result<Fields, ParseError> {
        self.byte(b' ')?;
        let month = self.month()?;
        self.byte(b' ')?;
        let day_at = self.pos;
        // ( 2DIGIT / ( SP DIGIT ) )
        let day = if self.peek() == Some(b' ') {
            self.pos += 1;
            self.digit()?
        } else {
            self.two_digits()?
        };
        self.byte(b' ')?;
        let (hour, minute, second, time_at) = self.time_of_day()?;
        self.byte(b' ')?;
        let year_at = self.pos;
        let year = Year::Full(self.four_digits()?);
        Ok(Fields {
            year,
            year_at,
            month,
            day,
            day_at,
            hour,
            minute,
            second,
            time_at,
        })
    }

    /// Nothing may follow the date.
    fn finish(&self) -> Result<(), ParseError> {
        if self.pos == self.input.len() {
            Ok(())
        } else {
            Err(invalid(self.pos))
        }
    }
}

/// A date or time that [`HttpDate`] or `SystemTime` cannot hold: outside
/// 0000-01-01T00:00:00Z..=9999-12-31T23:59:59Z, or beyond the platform's
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

#[cfg(feature = "std")]
mod system_time {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use super::{HttpDate, OutOfRange, MAX_SECS, MIN_SECS};

    /// Whole seconds from the Unix epoch to `t`, rounded toward the past.
    fn floor_unix_seconds(t: SystemTime) -> i128 {
        match t.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::from(after.as_secs()),
            Err(err) => {
                let before = err.duration();
                -i128::from(before.as_secs()) - i128::from(before.subsec_nanos() > 0)
            }
        }
    }

    impl HttpDate {
        /// The system clock's current time, truncated to the second and
        /// clamped into [`HttpDate::MIN`]..=[`HttpDate::MAX`]. Never panics.
        ///
        /// The sans-IO core never reads the clock itself; this is a
        /// convenience for callers that pass `now` (feature `std`).
        ///
        /// ```
        /// use http_conditional::HttpDate;
        /// assert!(HttpDate::now() > HttpDate::UNIX_EPOCH);
        /// ```
        pub fn now() -> HttpDate {
            let secs = floor_unix_seconds(SystemTime::now());
            if secs < i128::from(MIN_SECS) {
                HttpDate::MIN
            } else if secs > i128::from(MAX_SECS) {
                HttpDate::MAX
            } else {
                HttpDate { secs: secs as i64 }
            }
        }
    }

    /// Truncates toward the past to a whole second (so 1.5 s before the
    /// epoch is -2 s). Never panics; fails outside years 0000-9999.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use http_conditional::HttpDate;
    ///
    /// let t = SystemTime::UNIX_EPOCH - Duration::from_millis(1_500);
    /// assert_eq!(HttpDate::try_from(t).unwrap().unix_seconds(), -2);
    /// ```
    impl TryFrom<SystemTime> for HttpDate {
        type Error = OutOfRange;

        fn try_from(t: SystemTime) -> Result<HttpDate, OutOfRange> {
            i64::try_from(floor_unix_seconds(t))
                .ok()
                .and_then(HttpDate::from_unix_seconds)
                .ok_or(OutOfRange { _priv: () })
        }
    }

    /// Never panics; fails where the platform's `SystemTime` cannot hold the
    /// date.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use http_conditional::HttpDate;
    ///
    /// let t = SystemTime::try_from(HttpDate::UNIX_EPOCH).unwrap();
    /// assert_eq!(t, SystemTime::UNIX_EPOCH);
    /// ```
    impl TryFrom<HttpDate> for SystemTime {
        type Error = OutOfRange;

        fn try_from(date: HttpDate) -> Result<SystemTime, OutOfRange> {
            let magnitude = Duration::from_secs(date.secs.unsigned_abs());
            let t = if date.secs >= 0 {
                UNIX_EPOCH.checked_add(magnitude)
            } else {
                UNIX_EPOCH.checked_sub(magnitude)
            };
            t.ok_or(OutOfRange { _priv: () })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The IMF-fixdate fast path gives what the general parser gives (or
    // leaves the input to it), on valid dates and on every one-byte change
    // of them.
    #[test]
    fn imf_fixdate_fast_path_agrees_with_the_general_parser() {
        let now = HttpDate::from_civil(2026, 6, 1, 12, 0, 0).unwrap();
        let dates: [&[u8; 29]; 6] = [
            b"Sun, 06 Nov 1994 08:49:37 GMT",
            b"Sat, 29 Feb 2000 23:59:60 GMT",
            b"Mon, 29 Feb 1900 00:00:00 GMT",
            b"Fri, 31 Dec 9999 23:59:60 GMT",
            b"Thu, 01 Jan 0000 24:60:99 GMT",
            b"Wed, 00 Dec 2024 12:00:00 GMT",
        ];
        let bytes = b"0123456789 ,:-GMTSunNovDecFebJanWedThuFriSatMon\x00\xff\t";
        let check = |input: &[u8]| {
            let fast = imf_fixdate_fast(input).map(|f| f.resolve(now));
            if let Some(fast) = fast {
                assert_eq!(fast, parse_general(input, now), "{input:?}");
            }
            if !input.is_empty() {
                assert_eq!(HttpDate::parse(input, now), parse_general(input, now));
            }
        };
        for date in dates {
            check(date);
            let mut input = *date;
            for at in 0..input.len() {
                for &b in bytes {
                    input[at] = b;
                    check(&input);
                }
                input[at] = date[at];
            }
        }
        assert!(imf_fixdate_fast(dates[0]).is_some());
    }

    // The calendar conversions agree with a day-by-day walk over the whole
    // range, 0000-01-01 to 9999-12-31.
    #[test]
    fn civil_conversions_agree_with_counting_days() {
        let (mut year, mut month, mut day) = (0u16, 1u8, 1u8);
        let mut days = days_from_civil(0, 1, 1);
        loop {
            assert_eq!(days_from_civil(year, month, day), days);
            assert_eq!(civil_from_days(days), (i64::from(year), month, day));
            if (year, month, day) == (9999, 12, 31) {
                break;
            }
            days += 1;
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        assert_eq!(days * SECS_PER_DAY + SECS_PER_DAY - 1, MAX_SECS);
    }

    // RFC 9110 §5.6.7: the offsets of shape errors point at the first byte
    // that matches no format.
    #[test]
    fn shape_errors_point_at_the_first_mismatch() {
        let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap();
        let cases: &[(&str, usize)] = &[
            ("x", 0),
            ("S", 1),
            ("Sux, 06 Nov 1994 08:49:37 GMT", 2),
            ("Sun", 3),
            ("Sun,", 4),
            ("Sun, 6 Nov 1994 08:49:37 GMT", 6),
            ("Sun, 06 Nvv 1994 08:49:37 GMT", 9),
            ("Sun, 06 Nov 94 08:49:37 GMT", 14),
            ("Sun, 06 Nov 1994 08:49:37 UTC", 26),
            (
                "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT",
                29,
            ),
            ("Sunday 06-Nov-94 08:49:37 GMT", 6),
            ("Sundae, 06-Nov-94 08:49:37 GMT", 5),
            ("Sunday, 06-Nov-1994 08:49:37 GMT", 17),
            ("Sunday, 06 Nov 94 08:49:37 GMT", 10),
            ("Sun Nov 6 08:49:37 1994", 9),
            ("Sun Nov  6 08:49:37 94", 22),
            ("Sun Nov  6 08:49:37 1994 GMT", 24),
            ("Sun Nov  6 8:49:37 1994", 12),
        ];
        for &(input, offset) in cases {
            let err = HttpDate::parse(input.as_bytes(), now).unwrap_err();
            assert_eq!(
                (err.kind(), err.offset()),
                (ErrorKind::InvalidDate, offset),
                "{input:?}"
            );
        }
    }

    // RFC 9110 §5.6.7: nonexistent days and times point at their field.
    #[test]
    fn nonexistent_fields_are_pointed_at() {
        let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap();
        let cases: &[(&str, usize)] = &[
            ("Sun, 00 Nov 1994 08:49:37 GMT", 5),
            ("Sun, 31 Nov 1994 08:49:37 GMT", 5),
            ("Sun, 06 Nov 1994 24:00:00 GMT", 17),
            ("Sun, 06 Nov 1994 08:60:00 GMT", 20),
            ("Sun, 06 Nov 1994 08:49:61 GMT", 23),
            ("Fri, 31 Dec 9999 23:59:60 GMT", 23),
            ("Sunday, 31-Nov-94 08:49:37 GMT", 8),
            ("Sun Nov  0 08:49:37 1994", 8),
            ("Sun Nov 06 08:49:99 1994", 17),
        ];
        for &(input, offset) in cases {
            let err = HttpDate::parse(input.as_bytes(), now).unwrap_err();
            assert_eq!(
                (err.kind(), err.offset()),
                (ErrorKind::NonexistentDate, offset),
                "{input:?}"
            );
        }
    }

    // RFC 9110 §5.6.7: with a clock near the ends of the range, the 50-year
    // rule can name a year outside 0000-9999.
    #[test]
    fn two_digit_years_outside_the_range_do_not_exist() {
        let early = HttpDate::MIN;
        let late = HttpDate::MAX;
        let parse = |s: &str, now| HttpDate::parse(s.as_bytes(), now);
        assert_eq!(
            parse("Monday, 01-Jan-50 00:00:00 GMT", early).map(HttpDate::year),
            Ok(50)
        );
        let err = parse("Monday, 01-Jan-51 00:00:00 GMT", early).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::NonexistentDate, 15));
        assert_eq!(
            parse("Monday, 01-Jan-50 00:00:00 GMT", late).map(HttpDate::year),
            Ok(9950)
        );
        let err = parse("Monday, 01-Jan-49 00:00:00 GMT", late).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NonexistentDate);
        assert_eq!(
            parse("Monday, 01-Jan-99 00:00:00 GMT", late).map(HttpDate::year),
            Ok(9999)
        );
        let err = parse("Monday, 01-Jan-00 00:00:00 GMT", late).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NonexistentDate);
    }
}
