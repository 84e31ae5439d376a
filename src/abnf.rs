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

/// The input without leading and trailing OWS. A field line's value does not
/// include them (RFC 9110 §5.5).
pub(crate) fn trim_ows(mut s: &[u8]) -> &[u8] {
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
