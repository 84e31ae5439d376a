//! Byte classes from the ABNF of RFC 9110, in one place.
//!
//! ```text
//! OWS   = *( SP / HTAB )                       ; RFC 9110 §5.6.3
//! etagc = %x21 / %x23-7E / obs-text            ; RFC 9110 §8.8.3
//! obs-text = %x80-FF                           ; RFC 9110 §5.5
//! ```
//!
//! One byte at a time here; eight at a time in [`swar`].

pub(crate) mod swar;

use swar::{first_marked, non_separator_bytes, word_at};

/// `SP / HTAB`, the bytes of OWS (RFC 9110 §5.6.3).
#[inline]
pub(crate) const fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3).
#[inline]
pub(crate) const fn is_etagc(b: u8) -> bool {
    b == 0x21 || (b >= 0x23 && b != 0x7F)
}

/// The index of the first byte at or after `i` (`i <= s.len()`) that is
/// neither OWS nor a comma (RFC 9110 §5.6.1: empty list elements), or
/// `s.len()`.
///
/// Separators are usually one or two bytes, so it looks at a few bytes one
/// by one, then eight at a time (runs of empty elements are hostile input).
#[inline(always)]
pub(crate) fn skip_ows_and_commas(s: &[u8], mut i: usize) -> usize {
    for _ in 0..4 {
        match s.get(i) {
            Some(&b) if b == b',' || is_ows(b) => i += 1,
            _ => return i,
        }
    }
    skip_long_separators(s, i)
}

/// [`skip_ows_and_commas`] past its first bytes.
#[inline(never)]
fn skip_long_separators(s: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(s, i) {
        let other = non_separator_bytes(w);
        if other != 0 {
            return first_marked(i, other);
        }
        i += 8;
    }
    while let Some(&b) = s.get(i) {
        if !(b == b',' || is_ows(b)) {
            return i;
        }
        i += 1;
    }
    i
}

/// The input without leading and trailing OWS. A field line's value does not
/// include them (RFC 9110 §5.5).
#[inline(always)]
pub(crate) fn trim_ows(s: &[u8]) -> &[u8] {
    match s {
        // Most values have none: two comparisons.
        [first, .., last] if !is_ows(*first) && !is_ows(*last) => s,
        _ => trim_ows_slow(s),
    }
}

fn trim_ows_slow(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !is_ows(*first) {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !is_ows(*last) {
            break;
        }
        s = rest;
    }
    s
}

/// How many bytes of leading OWS `s` has, i.e. where its value starts.
pub(crate) fn leading_ows(s: &[u8]) -> usize {
    s.iter().position(|&b| !is_ows(b)).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text
    #[test]
    fn etagc_is_exactly_the_abnf_ranges() {
        for b in 0..=255u8 {
            let abnf = b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80;
            assert_eq!(is_etagc(b), abnf, "byte {b:#04x}");
        }
    }

    // RFC 9110 §5.6.1: OWS and empty elements, at every alignment
    #[test]
    fn skip_ows_and_commas_stops_at_the_first_other_byte() {
        let naive = |s: &[u8], i: usize| {
            s[i..]
                .iter()
                .position(|&b| !(b == b',' || is_ows(b)))
                .map_or(s.len(), |p| i + p)
        };
        for len in 0..40 {
            for stop in 0..=len {
                for filler in [&b","[..], b" ", b"\t", b", "] {
                    let mut s: std::vec::Vec<u8> =
                        filler.iter().copied().cycle().take(len).collect();
                    if stop < len {
                        s[stop] = if stop % 2 == 0 { b'"' } else { 0x80 };
                    }
                    for i in 0..=len {
                        assert_eq!(skip_ows_and_commas(&s, i), naive(&s, i), "{s:?} from {i}");
                    }
                }
            }
        }
        for b in 0..=255u8 {
            let s = [
                b',', b' ', b'\t', b',', b' ', b'\t', b',', b' ', b',', b',', b',', b',', b, b',',
            ];
            assert_eq!(skip_ows_and_commas(&s, 0), naive(&s, 0), "byte {b:#04x}");
        }
    }

    // RFC 9110 §5.5: leading and trailing whitespace is not part of the value
    #[test]
    fn trim_ows_removes_only_sp_and_htab_at_both_ends() {
        assert_eq!(trim_ows(b" \t\"a b\"\t "), b"\"a b\"");
        assert_eq!(trim_ows(b"\r\"a\"\n"), b"\r\"a\"\n");
        assert_eq!(trim_ows(b"   "), b"");
        assert_eq!(leading_ows(b"  x"), 2);
        assert_eq!(leading_ows(b"  "), 2);
    }
}
