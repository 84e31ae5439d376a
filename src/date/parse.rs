//! The general HTTP-date parser: the three formats of RFC 9110 §5.6.7, byte
//! by byte, with the offset of the first byte that matches no format.
//!
//! <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>
//!
//! ```text
//! IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
//! rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
//! asctime-date = day-name SP date3 SP time-of-day SP year
//! ```
//!
//! All three start with a `day-name` (the first three bytes of a
//! `day-name-l` are one), and the byte after it tells them apart.

use super::calendar::{days_in_month, DAY_NAMES, MONTH_NAMES};
use super::rfc850_year::rfc850_year;
use super::HttpDate;
use crate::error::{ErrorKind, ParseError};

/// What follows a [`DAY_NAMES`] entry in the same `day-name-l`.
const DAY_NAME_L_TAILS: [&[u8]; 7] = [
    b"day", b"sday", b"nesday", b"rsday", b"day", b"urday", b"day",
];

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
    /// 1..=12 (a month name matched).
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
            Year::Full(year) => i64::from(year),
            // RFC 9110 §5.6.7, CHOICES 5: the latest year with these two
            // digits whose timestamp is not later than now + 50 years.
            Year::TwoDigit(digits) => rfc850_year(
                digits,
                [self.month, self.day, self.hour, self.minute, self.second],
                now,
            ),
        };
        let year = match u16::try_from(year) {
            Ok(year) if year <= 9999 => year,
            _ => return Err(nonexistent(self.year_at)),
        };
        if self.day < 1 || self.day > days_in_month(i64::from(year), self.month) {
            return Err(nonexistent(self.day_at));
        }
        if self.hour > 23 {
            return Err(nonexistent(self.time_at));
        }
        if self.minute > 59 {
            return Err(nonexistent(self.time_at + 3));
        }
        // Every day and time checked above exists, 9999-12-31T23:59:60
        // (HttpDate::MAX) included.
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
pub(super) fn parse_general(input: &[u8], now: HttpDate) -> Result<HttpDate, ParseError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // 9999-12-31T23:59:59, the last second written without second 60.
        let late = HttpDate::MAX.checked_add_seconds(-1).unwrap();
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
        // To the second (CHOICES 5): MIN + 50 years is 0050-01-01T00:00:00.
        let err = parse("Monday, 01-Jan-50 00:00:01 GMT", early).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::NonexistentDate, 15));
        // The last second of 9999 is in range, and so is its second 60,
        // the last instant of all (CHOICES 5).
        assert_eq!(parse("Friday, 31-Dec-99 23:59:59 GMT", late), Ok(late));
        assert_eq!(
            parse("Friday, 31-Dec-99 23:59:60 GMT", late),
            Ok(HttpDate::MAX)
        );
    }

    // RFC 9110 §5.6.7, CHOICES 5: 9999-12-31 23:59:60 is a real day and a
    // second 00-60, so it is a date: the first second after 23:59:59, in
    // every format, and the way the last instant is written
    #[test]
    fn second_60_of_the_last_minute_of_9999_is_the_last_instant() {
        let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap();
        for input in [
            &b"Fri, 31 Dec 9999 23:59:60 GMT"[..],
            b"Fri Dec 31 23:59:60 9999",
        ] {
            let date = HttpDate::parse(input, now).unwrap();
            assert_eq!(date, HttpDate::MAX, "{input:?}");
            assert_eq!(date.unix_seconds(), 253_402_300_800);
        }
        let last = HttpDate::parse(b"Fri, 31 Dec 9999 23:59:59 GMT", now).unwrap();
        assert_eq!(last.checked_add_seconds(1), Some(HttpDate::MAX));
        let mut buf = [0; 29];
        assert_eq!(
            HttpDate::MAX.to_imf_fixdate(&mut buf),
            "Fri, 31 Dec 9999 23:59:60 GMT"
        );
        assert_eq!(HttpDate::MAX.year(), 9999);
        assert_eq!(HttpDate::MAX.checked_add_seconds(1), None);
    }
}
