//! The byte classes of [`abnf`](super), eight bytes at a time ("SIMD within
//! a register"): the one home of the word-at-a-time tricks.
//!
//! # The trick
//!
//! Eight bytes are read as one little-endian `u64` ([`word_at`]: the first
//! byte is the lowest). A byte class is answered for all eight bytes at once
//! as a *mask*: a `u64` in which the high bit (0x80) of each byte is set if
//! that byte is in the class, and every other bit is clear.
//!
//! Every mask here is built from additions to each byte's low seven bits
//! (`x = w & 0x7F…`), which cannot carry from one byte into the next, so
//! each byte's answer is exact (not only the first one's, as with the
//! classic `(w - 0x01…) & !w & 0x80…`). Adding `c` to `x` (`c` at most
//! 0x80) gives at most 0xFE, and its high bit says `x >= 0x80 - c`:
//!
//! - with `c = 0x7F`: the low seven bits are not zero. [`zero_bytes`] uses
//!   it, and with an XOR first it finds the bytes equal to a given byte
//!   ([`bytes_equal_to`]);
//! - with two values of `c`, the XOR of the two sums' high bits says `x`
//!   lies in a range ([`non_etagc_or_bang_bytes`]: 0x23 to 0x7E).
//!
//! The byte's own high bit (`w & 0x80…`) is then added back as a class of
//! its own (obs-text). The index of the first marked byte is
//! `trailing_zeros / 8` ([`first_marked`]).

/// Eight copies of `b`, one per byte of a `u64`.
#[inline(always)]
pub(crate) const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of every byte.
const HIGH: u64 = splat(0x80);

/// The eight bytes at `s[i..i + 8]` as one word (first byte lowest), if
/// there are eight.
#[inline(always)]
pub(crate) fn word_at(s: &[u8], i: usize) -> Option<u64> {
    // An array reference, so that the read is one unaligned load.
    let bytes: &[u8; 8] = s.get(i..i.wrapping_add(8))?.try_into().ok()?;
    Some(u64::from_le_bytes(*bytes))
}

/// High bit of each byte of `x` that is zero, exactly.
#[inline(always)]
pub(crate) const fn zero_bytes(x: u64) -> u64 {
    // The high bit of `(x & 0x7F) + 0x7F` is set iff the low seven bits are
    // not all zero; `| x` adds the bytes whose own high bit is set.
    !(((x & splat(0x7F)) + splat(0x7F)) | x) & HIGH
}

/// High bit of each byte of `w` equal to `b`, exactly.
#[inline(always)]
pub(crate) const fn bytes_equal_to(w: u64, b: u8) -> u64 {
    zero_bytes(w ^ splat(b))
}

/// High bit of each byte of `w` that is not `etagc` (RFC 9110 §8.8.3: below
/// 0x21, 0x22 `"` or 0x7F), and of each `!` (the one `etagc` byte below
/// `#`, rare in tags: callers step over it), exact for every byte.
#[inline(always)]
pub(crate) const fn non_etagc_or_bang_bytes(w: u64) -> u64 {
    // On the low seven bits `x` of a byte, adding 0x5D sets the high bit iff
    // x >= 0x23, and adding 0x01 sets it iff x == 0x7F: the two differ
    // exactly for 0x23..=0x7E. Bytes with their own high bit set are
    // obs-text, also valid.
    let x = w & splat(0x7F);
    let valid = ((x + splat(0x5D)) ^ (x + splat(0x01))) | w;
    !valid & HIGH
}

/// High bit of each byte of `w` that is neither OWS (SP, HTAB) nor a comma:
/// what ends a run of empty list elements (RFC 9110 §5.6.1). Exact.
#[inline(always)]
pub(crate) const fn non_separator_bytes(w: u64) -> u64 {
    let separators = bytes_equal_to(w, b',') | bytes_equal_to(w, b' ') | bytes_equal_to(w, b'\t');
    !separators & HIGH
}

/// The index of the first byte marked in a non-zero `mask` of the word read
/// at `i`.
#[inline(always)]
pub(crate) const fn first_marked(i: usize, mask: u64) -> usize {
    i + (mask.trailing_zeros() / 8) as usize
}

/// `a == b`, eight bytes at a time: opaque-tags are compared byte for byte
/// (RFC 9110 §8.8.3.2), and they are short, so this stays inline where a
/// slice comparison would call `memcmp`.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    // Whole words, then the last eight bytes (overlapping the words before).
    let word =
        |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("eight bytes"));
    if len <= 16 {
        // The first and the last word cover it (a 16-hex-digit tag).
        return word(a, 0) == word(b, 0) && word(a, len - 8) == word(b, len - 8);
    }
    let mut i = 0;
    while i + 8 < len {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abnf::{is_etagc, is_ows};

    /// Every byte value at every position of a word, among neighbours that
    /// are (or are not) in the class: each mask marks exactly that byte.
    #[test]
    fn masks_are_exact_for_every_byte_at_every_position() {
        type Class = (fn(u64) -> u64, fn(u8) -> bool);
        let classes: [Class; 4] = [
            (zero_bytes, |b| b == 0),
            (|w| bytes_equal_to(w, b'"'), |b| b == b'"'),
            (non_etagc_or_bang_bytes, |b| !is_etagc(b) || b == b'!'),
            (non_separator_bytes, |b| !(b == b',' || is_ows(b))),
        ];
        for (mask, member) in classes {
            for b in 0..=255u8 {
                for filler in [0x00, b'a', b',', b'"', 0x80, 0xFF] {
                    for at in 0..8 {
                        let mut bytes = [filler; 8];
                        bytes[at] = b;
                        let want = bytes
                            .iter()
                            .enumerate()
                            .filter(|(_, &x)| member(x))
                            .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                        assert_eq!(
                            mask(u64::from_le_bytes(bytes)),
                            want,
                            "byte {b:#04x} at {at} among {filler:#04x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let base: std::vec::Vec<u8> = (0..40u8).collect();
        for len in 0..40 {
            let a = &base[..len];
            assert!(same_bytes(a, a), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x80;
                assert!(!same_bytes(a, &b), "{len} {at}");
            }
            assert!(!same_bytes(a, &base[..len + 1]));
        }
    }

    #[test]
    fn word_at_reads_eight_bytes_first_lowest() {
        let s = *b"0123456789";
        assert_eq!(word_at(&s, 2), Some(u64::from_le_bytes(*b"23456789")));
        assert_eq!(word_at(&s, 3), None);
        assert_eq!(word_at(&s, usize::MAX), None);
        assert_eq!(first_marked(5, 0x80 << 24), 8);
    }
}
