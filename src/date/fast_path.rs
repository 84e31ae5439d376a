//! The IMF-fixdate fast path (RFC 9110 §5.6.7): the one format a sender
//! generates, read at its fixed positions, a word at a time.
//!
//! ```text
//! IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
//!              ; Sun, 06 Nov 1994 08:49:37 GMT
//!              ; 0         1         2
//!              ; 01234567890123456789012345678
//! ```
//!
//! It validates as fully as the general parser: case-sensitive names,
//! ASCII digits, every SP, comma and colon, `GMT`, a real calendar day,
//! hour 00-23, minute 00-59, second 00-60 (60 is the next minute's first
//! second) and the end of the range. It returns `None` for anything else,
//! valid or not (the obsolete formats, every error), which
//! [`HttpDate::parse`] hands to the general parser, so error kinds and
//! offsets do not depend on this path.
//!
//! <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>

use super::calendar::{is_leap_year, EPOCH_SHIFTED_DAYS, MAX_SECS, SECS_PER_DAY};
use super::calendar::{DAY_NAMES, MONTH_NAMES};
use super::HttpDate;
use crate::abnf::swar::word_at;

/// The byte `b` at every byte where `mask` is 0xFF, zero elsewhere.
const fn at(mask: u64, b: u8) -> u64 {
    mask & u64::from_ne_bytes([b; 8])
}

/// Bytes 0..8, 8..16, 16..24 and 21..29 of an IMF-fixdate, as four words
/// (first byte lowest): `Sun, 06 `, `Nov 1994`, ` 08:49:3`, `9:37 GMT`.
const WORD_STARTS: [usize; 4] = [0, 8, 16, 21];

/// Each word as it reads for a date whose digits are all 0, with zero at
/// the names and at the bytes the last word shares with the third:
/// `\0\0\0, 00 `, `\0\0\0 0000`, ` 00:00:0`, `\0\0\00 GMT`. XOR with it
/// leaves zero at every right fixed byte and the value at every digit.
const TEMPLATE: [u64; 4] = [
    u64::from_le_bytes(*b"\0\0\0, 00 "),
    u64::from_le_bytes(*b"\0\0\0 0000"),
    u64::from_le_bytes(*b" 00:00:0"),
    u64::from_le_bytes([0, 0, 0, b'0', b' ', b'G', b'M', b'T']),
];

/// In each word, the bytes that must be DIGITs: day at 5-6, year at 12-15,
/// hour at 17-18, minute at 20-21, second at 23-24.
const DIGIT_MASK: [u64; 4] = [
    0x00FF_FF00_0000_0000,
    0xFFFF_FFFF_0000_0000,
    0xFF00_FFFF_00FF_FF00,
    0x0000_0000_FF00_0000,
];

/// In each word, the bytes that are neither a name nor a digit and must
/// equal the template: `,` SP at 3-4, SP at 7, SP at 11, SP at 16, `:` at 19
/// and 22, ` GMT` at 25-28.
const FIXED_MASK: [u64; 4] = [
    0xFF00_00FF_FF00_0000,
    0x0000_0000_FF00_0000,
    0x00FF_0000_FF00_00FF,
    0xFFFF_FFFF_0000_0000,
];

// Every byte of the 29 is checked exactly once, as fixed or as a digit,
// except those of the names (0-2, 8-10), which the name tables check.
const _: () = {
    let mut checked = [0u8; 29];
    let mut w = 0;
    while w < 4 {
        let mut i = 0;
        while i < 8 {
            let byte = 0xFF << (8 * i);
            checked[WORD_STARTS[w] + i] +=
                (FIXED_MASK[w] & byte != 0) as u8 + (DIGIT_MASK[w] & byte != 0) as u8;
            // The template has '0' at the digits, and zero at the bytes
            // this word does not check (the names, and the last word's
            // first three, which the third word checks).
            let expected = if DIGIT_MASK[w] & byte != 0 { 0x30 } else { 0 };
            assert!(FIXED_MASK[w] & byte != 0 || (TEMPLATE[w] >> (8 * i)) as u8 == expected);
            i += 1;
        }
        w += 1;
    }
    let mut i = 0;
    while i < 29 {
        let name = i < 3 || (8 <= i && i < 11);
        assert!(checked[i] == if name { 0 } else { 1 });
        i += 1;
    }
};

/// In each word, what must be zero once XORed with its template: every
/// fixed byte, and the high nibble of every digit.
///
/// Past that check, every byte checked holds a nibble (a digit's value, or
/// the zero of a fixed byte). Those are bytes 3-7 of the first, second and
/// last words and all of the third, so `t >> 24` of the three and the third
/// itself pack two by two into words of nibbles whose top nibble is zero.
const KEEP: [u64; 4] = [
    FIXED_MASK[0] | at(DIGIT_MASK[0], 0xF0),
    FIXED_MASK[1] | at(DIGIT_MASK[1], 0xF0),
    FIXED_MASK[2] | at(DIGIT_MASK[2], 0xF0),
    FIXED_MASK[3] | at(DIGIT_MASK[3], 0xF0),
];

const _: () = {
    /// The bytes of word `w` that [`KEEP`] checks.
    const fn checked(w: usize) -> u64 {
        FIXED_MASK[w] | DIGIT_MASK[w]
    }
    assert!(checked(0) == 0xFFFF_FFFF_FF00_0000);
    assert!(checked(1) == 0xFFFF_FFFF_FF00_0000);
    assert!(checked(2) == u64::MAX);
    assert!(checked(3) == 0xFFFF_FFFF_FF00_0000);
};

/// Nonzero if a nibble of `x`, below the top one, is above 9 (the check
/// of packed BCD): adding 6 to every nibble carries out of exactly those,
/// and a carry into a nibble flips its lowest bit against `x`.
#[inline(always)]
const fn nibble_above_9(x: u64) -> u64 {
    (x.wrapping_add(0x6666_6666_6666_6666) ^ x) & 0x1111_1111_1111_1110
}

/// The multiplier of a perfect hash of `keys` into `1 << bits` slots: the
/// first of 1, 2, 3, ... times an odd constant (the golden ratio in 32 bits)
/// under which no two keys share the top `bits` bits of `key * multiplier`.
/// Found at compile time; the compiler stops with an error if none is.
const fn perfect_multiplier(keys: &[u32], bits: u32) -> u32 {
    let mut k: u32 = 1;
    while k < 100_000 {
        let multiplier = k.wrapping_mul(0x9E37_79B1);
        let mut used = 0u64;
        let mut i = 0;
        while i < keys.len() {
            let slot = keys[i].wrapping_mul(multiplier) >> (32 - bits);
            if used & (1 << slot) != 0 {
                break;
            }
            used |= 1 << slot;
            i += 1;
        }
        if i == keys.len() {
            return multiplier;
        }
        k += 1;
    }
    panic!("no perfect multiplier")
}

/// A three-byte name as the little-endian `u32` of its bytes and a zero.
const fn key(name: [u8; 3]) -> u32 {
    u32::from_le_bytes([name[0], name[1], name[2], 0])
}

/// The key of the name at `b[i..i + 3]`.
#[inline(always)]
fn key_at(b: &[u8; 29], i: usize) -> u32 {
    key([b[i], b[i + 1], b[i + 2]])
}

/// No key: keys end in a zero byte.
const NO_KEY: u32 = u32::MAX;

/// `day-name`, bytes 0-2.
const DAY_KEYS: [u32; 7] = {
    let mut keys = [0; 7];
    let mut i = 0;
    while i < 7 {
        keys[i] = key(DAY_NAMES[i]);
        i += 1;
    }
    keys
};

/// `month`, bytes 8-10.
const MONTH_KEYS: [u32; 12] = {
    let mut keys = [0; 12];
    let mut i = 0;
    while i < 12 {
        keys[i] = key(MONTH_NAMES[i]);
        i += 1;
    }
    keys
};

const DAY_BITS: u32 = 3;
const DAY_MULTIPLIER: u32 = perfect_multiplier(&DAY_KEYS, DAY_BITS);

#[inline(always)]
const fn day_slot(key: u32) -> usize {
    (key.wrapping_mul(DAY_MULTIPLIER) >> (32 - DAY_BITS)) as usize
}

/// [`DAY_KEYS`] at their hash slots; [`NO_KEY`] in the empty one.
const DAY_TABLE: [u32; 8] = {
    let mut table = [NO_KEY; 8];
    let mut i = 0;
    while i < 7 {
        table[day_slot(DAY_KEYS[i])] = DAY_KEYS[i];
        i += 1;
    }
    table
};

const MONTH_BITS: u32 = 4;
const MONTH_MULTIPLIER: u32 = perfect_multiplier(&MONTH_KEYS, MONTH_BITS);

#[inline(always)]
const fn month_slot(key: u32) -> usize {
    (key.wrapping_mul(MONTH_MULTIPLIER) >> (32 - MONTH_BITS)) as usize
}

/// What the fast path needs of a month, at its hash slot.
#[derive(Clone, Copy)]
struct Month {
    /// The [`MONTH_KEYS`] entry, [`NO_KEY`] in an empty slot.
    key: u32,
    /// Days in the month, 29 for February (only February has 29; its 29th
    /// needs a leap year).
    days: u8,
    /// 1 for January and February, which count in the previous year from
    /// 1 March; 0 for the others.
    before_march: u8,
    /// Days from 1 March to the first of the month, in a year counted from
    /// 1 March: 0 for March .. 306 for January, 337 for February (the
    /// `before_month` of `calendar::shifted_days`).
    from_march: u16,
}

// Eight bytes, so that a slot is one scaled index away.
const _: () = assert!(core::mem::size_of::<Month>() == 8);

const MONTH_TABLE: [Month; 16] = {
    let empty = Month {
        key: NO_KEY,
        days: 0,
        before_march: 0,
        from_march: 0,
    };
    let mut table = [empty; 16];
    let mut i = 0;
    while i < 12 {
        let month = i as u8 + 1;
        // Months counted from March (0) to February (11).
        let m = if month > 2 { month - 3 } else { month + 9 } as u16;
        table[month_slot(MONTH_KEYS[i])] = Month {
            key: MONTH_KEYS[i],
            days: match month {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            },
            before_march: (month <= 2) as u8,
            from_march: (153 * m + 2) / 5,
        };
        i += 1;
    }
    table
};

/// For a word holding digit values (0-9) at some bytes and zero at the
/// others: at each byte, the two-digit number starting there,
/// `10 * d[j] + d[j + 1]`. At most 99, so no byte carries into the next.
#[inline(always)]
const fn pairs(d: u64) -> u64 {
    d * 10 + (d >> 8)
}

/// Byte `i` of `w` (first byte lowest).
#[inline(always)]
const fn byte(w: u64, i: u32) -> u32 {
    (w >> (8 * i)) as u8 as u32
}

/// The instant of `input` if it is a valid IMF-fixdate (RFC 9110 §5.6.7)
/// within [`HttpDate::MIN`]..=[`HttpDate::MAX`]; `None` otherwise, valid
/// or not.
#[inline(always)]
pub(super) fn imf_fixdate(input: &[u8]) -> Option<HttpDate> {
    let b: &[u8; 29] = input.try_into().ok()?;
    // Shape: every fixed byte and every digit, a word at a time.
    let mut wrong = 0;
    let mut t = [0; 4];
    for i in 0..4 {
        t[i] = word_at(b, WORD_STARTS[i])? ^ TEMPLATE[i];
        wrong |= t[i] & KEEP[i];
    }
    // Past that check, the checked bytes hold nibbles (see `KEEP`): two
    // words of them, in which each digit must be at most 9.
    let low = (t[0] >> 24) | (t[1] >> 24 << 4);
    let high = t[2] | (t[3] >> 24 << 4);
    wrong |= nibble_above_9(low) | nibble_above_9(high);
    // The names, each against the one name its hash slot can hold.
    let day_key = key_at(b, 0);
    let month_key = key_at(b, 8);
    let month = MONTH_TABLE[month_slot(month_key)];
    wrong |= u64::from((DAY_TABLE[day_slot(day_key)] ^ day_key) | (month.key ^ month_key));
    if wrong != 0 {
        return None;
    }

    // After the XOR a digit is its value, a fixed byte zero: read the
    // digits two by two, shifting the names out.
    let day = byte(pairs(t[0] >> 40), 0);
    let year = pairs(t[1] >> 32);
    let year = byte(year, 0) * 100 + byte(year, 2);
    let time = pairs(t[2]);
    let (hour, minute) = (byte(time, 1), byte(time, 4));
    // The second's tens end the third word; its ones are in the last.
    let second = byte(time, 7) + byte(t[3], 3);
    // A real day of the month, and a time of day (second 60 included).
    if day == 0 || day > u32::from(month.days) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if day == 29 && month.days == 29 && !is_leap_year(i64::from(year)) {
        return None;
    }

    // Days since 1970-01-01: `calendar::days_from_civil` with the month's
    // part from the table, in unsigned arithmetic (years counted from
    // 1 March and shifted by 400, so that nothing is negative).
    let y = year + 400 - u32::from(month.before_march);
    let centuries = y / 100;
    let before_year = 365 * y + y / 4 - centuries + centuries / 4;
    let shifted = before_year + u32::from(month.from_march) + day - 1;
    let days = i64::from(shifted) - EPOCH_SHIFTED_DAYS;
    let secs = days * SECS_PER_DAY + i64::from(hour * 3_600 + minute * 60 + second);
    // Nothing gets past the end (9999-12-31T23:59:60 is the end); kept
    // as the type's invariant.
    if secs > MAX_SECS {
        return None;
    }
    Some(HttpDate { secs })
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_general;
    use super::*;

    /// What the fast path must agree with: the general parser, when the
    /// fast path answers; and it must answer for every valid IMF-fixdate.
    fn check(input: &[u8], now: HttpDate) {
        let general = parse_general(input, now);
        let fast = imf_fixdate(input);
        match fast {
            Some(date) => assert_eq!(general, Ok(date), "{input:?}"),
            None => {
                let imf_shaped = input.len() == 29 && input[3] == b',';
                assert!(!(imf_shaped && general.is_ok()), "{input:?}");
            }
        }
        if !input.is_empty() {
            assert_eq!(HttpDate::parse(input, now), general, "{input:?}");
        }
    }

    // RFC 9110 §5.6.7: the fast path gives what the general parser gives,
    // or leaves the input to it, on valid dates and on every one-byte change
    // of them, to every byte value.
    #[test]
    fn agrees_with_the_general_parser_on_every_one_byte_change() {
        let now = HttpDate::from_civil(2026, 6, 1, 12, 0, 0).unwrap();
        let dates: [&[u8; 29]; 8] = [
            b"Sun, 06 Nov 1994 08:49:37 GMT",
            b"Sat, 29 Feb 2000 23:59:60 GMT",
            b"Mon, 29 Feb 1900 00:00:00 GMT",
            b"Fri, 31 Dec 9999 23:59:60 GMT",
            b"Fri, 31 Dec 9999 23:59:59 GMT",
            b"Sat, 01 Jan 0000 00:00:00 GMT",
            b"Thu, 01 Jan 0000 24:60:99 GMT",
            b"Wed, 00 Dec 2024 12:00:00 GMT",
        ];
        for date in dates {
            check(date, now);
            let mut input = *date;
            for at in 0..input.len() {
                for b in 0..=255 {
                    input[at] = b;
                    check(&input, now);
                }
                input[at] = date[at];
            }
        }
        assert!(imf_fixdate(dates[0]).is_some());
    }

    // RFC 9110 §5.6.7: every day name, month name, day of the month and
    // boundary time, across whole 400-year cycles and both ends of the
    // range.
    #[test]
    fn agrees_with_the_general_parser_on_every_day_of_three_cycles() {
        let now = HttpDate::from_civil(2026, 6, 1, 12, 0, 0).unwrap();
        let times = [(0, 0, 0), (23, 59, 59), (23, 59, 60), (12, 34, 56)];
        for years in [0..400, 1800..2200, 9600..10_000] {
            let first = HttpDate::from_civil(years.start, 1, 1, 0, 0, 0).unwrap();
            let days = (years.end - years.start) as i64 * 365 + 97;
            for day in 0..days {
                let (hour, minute, second) = times[day as usize % times.len()];
                let secs = day * SECS_PER_DAY + hour * 3_600 + minute * 60;
                let Some(date) = first.checked_add_seconds(secs) else {
                    break;
                };
                let mut text = [0; 29];
                date.to_imf_fixdate(&mut text);
                text[23..25].copy_from_slice(&[b'0' + second / 10, b'0' + second % 10]);
                check(&text, now);
                assert!(
                    imf_fixdate(&text).is_some()
                        || date == HttpDate::MAX.checked_add_seconds(-59).unwrap(),
                    "{text:?}"
                );
            }
        }
    }

    // RFC 9110 §5.6.7: every value of every two-digit field, in every
    // month of leap and common years: only real days and times pass.
    #[test]
    fn agrees_with_the_general_parser_on_every_field_value() {
        let now = HttpDate::from_civil(2026, 6, 1, 12, 0, 0).unwrap();
        let two = |n: usize| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        for year in [b"2000", b"1900", b"2023", b"2024", b"0000", b"9999"] {
            for month in MONTH_NAMES {
                let mut text = *b"Mon, 00 Jan 2000 23:59:59 GMT";
                text[8..11].copy_from_slice(&month);
                text[12..16].copy_from_slice(year);
                for day in 0..100 {
                    text[5..7].copy_from_slice(&two(day));
                    check(&text, now);
                }
                text[5..7].copy_from_slice(b"28");
                for (at, field) in [(17, 0..100), (20, 0..100), (23, 0..100)] {
                    let saved = [text[at], text[at + 1]];
                    for n in field {
                        text[at..at + 2].copy_from_slice(&two(n));
                        check(&text, now);
                    }
                    text[at..at + 2].copy_from_slice(&saved);
                }
            }
        }
    }

    // RFC 9110 §5.6.7: names are exactly the 7 + 12 of the grammar,
    // case-sensitive; the tables hold each at its own slot.
    #[test]
    fn the_name_tables_hold_exactly_the_names() {
        for name in DAY_NAMES {
            assert_eq!(DAY_TABLE[day_slot(key(name))], key(name));
        }
        assert_eq!(DAY_TABLE.iter().filter(|&&k| k == NO_KEY).count(), 1);
        for (i, name) in MONTH_NAMES.into_iter().enumerate() {
            let month = MONTH_TABLE[month_slot(key(name))];
            assert_eq!(month.key, key(name));
            let number = i as u8 + 1;
            let leap_days = super::super::calendar::days_in_month(2000, number);
            assert_eq!(month.days, leap_days);
            assert_eq!(month.before_march, u8::from(number <= 2));
        }
        assert_eq!(MONTH_TABLE.iter().filter(|m| m.key == NO_KEY).count(), 4);
        let now = HttpDate::UNIX_EPOCH;
        for lower in [
            "sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 NOV 1994 08:49:37 GMT",
        ] {
            assert_eq!(imf_fixdate(lower.as_bytes()), None);
            check(lower.as_bytes(), now);
        }
    }

    // The packed-BCD check flags exactly the nibbles above 9, at every
    // nibble but the top one.
    #[test]
    fn nibble_above_9_flags_exactly_the_nibbles_above_9() {
        for n in 0..16u64 {
            for at in 0..15 {
                for other in [0, 9] {
                    // Every other nibble at `other` (0 or 9, the extremes
                    // of a digit), the one at `at` set to `n`.
                    let base = 0x0111_1111_1111_1111 * other;
                    let x = (base & !(0xF << (4 * at))) | (n << (4 * at));
                    assert_eq!(nibble_above_9(x) != 0, n > 9, "{x:#018x}");
                }
            }
        }
    }
}
