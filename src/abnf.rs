//! Byte classes from the ABNF of RFC 9110, in one place.
//!
//! ```text
//! OWS   = *( SP / HTAB )                       ; RFC 9110 §5.6.3
//! etagc = %x21 / %x23-7E / obs-text            ; RFC 9110 §8.8.3
//! obs-text = %x80-FF                           ; RFC 9110 §5.5
//! ```

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

/// [`is_etagc`] as a table: one load per byte in the hot loops.
pub(crate) static ETAGC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_etagc(b as u8);
        b += 1;
    }
    table
};

/// Eight copies of `b`, one per byte of a `u64`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The eight bytes at `s[i..i + 8]` as one word (first byte lowest), if
/// there are eight.
#[inline(always)]
pub(crate) fn word_at(s: &[u8], i: usize) -> Option<u64> {
    match s.get(i..i.wrapping_add(8))? {
        &[a, b, c, d, e, f, g, h] => Some(u64::from_le_bytes([a, b, c, d, e, f, g, h])),
        _ => None,
    }
}

/// High bit of each byte of `x` that is zero, exactly (no carry crosses a
/// byte, so every byte is right, not just the first).
#[inline(always)]
pub(crate) const fn zero_bytes(x: u64) -> u64 {
    !(((x & splat(0x7F)) + splat(0x7F)) | x) & splat(0x80)
}

/// High bit of each byte of `w` that is not `etagc` (including `"`): below
/// 0x21, 0x22 or 0x7F. Exact for every byte.
#[inline(always)]
pub(crate) const fn non_etagc_bytes(w: u64) -> u64 {
    // A byte below 0x80 whose low seven bits stay below 0x80 after adding
    // 0x5F is below 0x21.
    let below_21 = !((w & splat(0x7F)) + splat(0x5F)) & !w & splat(0x80);
    below_21 | zero_bytes(w ^ splat(b'"')) | zero_bytes(w ^ splat(0x7F))
}

/// High bit of each byte of `w` that is not `etagc`, and of each `!`: a
/// cheaper superset of [`non_etagc_bytes`] (`!` is the one `etagc` byte
/// below `#`), exact for every byte.
#[inline(always)]
pub(crate) const fn non_etagc_or_bang_bytes(w: u64) -> u64 {
    // With the high bit set, subtracting cannot borrow across bytes: a byte
    // keeps its high bit iff its low seven bits are at least the subtrahend.
    let v = w | splat(0x80);
    let at_least_23 = v.wrapping_sub(splat(0x23));
    let at_least_7f = v.wrapping_sub(splat(0x7F));
    // Valid: 0x23..=0x7E, or obs-text (high bit set in `w`).
    !((at_least_23 & !at_least_7f) | w) & splat(0x80)
}

/// High bit of each byte of `w` that is neither OWS nor a comma. Exact.
#[inline(always)]
const fn non_separator_bytes(w: u64) -> u64 {
    let sep =
        zero_bytes(w ^ splat(b',')) | zero_bytes(w ^ splat(b' ')) | zero_bytes(w ^ splat(b'\t'));
    !sep & splat(0x80)
}

/// The index of the byte a non-zero [`non_etagc_bytes`]-style mask points
/// at, for a word read at `i`.
#[inline(always)]
pub(crate) const fn first_marked(i: usize, mask: u64) -> usize {
    i + (mask.trailing_zeros() / 8) as usize
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

    #[test]
    fn word_classes_agree_with_the_byte_predicates() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                let w = u64::from_le_bytes(bytes);
                let marked = |mask: u64| mask == 0x80 << (8 * at);
                let unmarked = |mask: u64| mask == 0;
                let non_etagc = non_etagc_bytes(w);
                assert!(
                    if is_etagc(b) {
                        unmarked(non_etagc)
                    } else {
                        marked(non_etagc)
                    },
                    "{b:#04x}"
                );
                let bang = non_etagc_or_bang_bytes(w);
                let expect = !is_etagc(b) || b == b'!';
                assert!(
                    if expect { marked(bang) } else { unmarked(bang) },
                    "{b:#04x}"
                );
                let mut commas = [b','; 8];
                commas[at] = b;
                let sep = non_separator_bytes(u64::from_le_bytes(commas));
                let other = !(b == b',' || is_ows(b));
                assert!(if other { marked(sep) } else { unmarked(sep) }, "{b:#04x}");
            }
        }
    }

    #[test]
    fn etagc_table_agrees_with_the_predicate() {
        for b in 0..=255u8 {
            assert_eq!(ETAGC[b as usize], is_etagc(b), "byte {b:#04x}");
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
