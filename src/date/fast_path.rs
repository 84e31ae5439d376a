//! The IMF-fixdate fast path (RFC 9110 §5.6.7).

use super::calendar::{DAY_NAMES, MONTH_NAMES};
#[cfg(test)]
use super::parse::parse_general;
use super::parse::{Fields, Year};
#[cfg(test)]
use super::HttpDate;

/// An IMF-fixdate whose shape is right, read at its fixed positions
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), or `None` for anything else: the same
/// fields as `day-name` + `Cursor::imf_fixdate_rest`, without the cursor.
#[inline]
pub(super) fn imf_fixdate_fast(input: &[u8]) -> Option<Fields> {
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
}
