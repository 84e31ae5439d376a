//! The request fields this crate reads, and how a caller hands them over.

use crate::abnf::swar::{word_at, zero_bytes};
use crate::abnf::{leading_ows, trim_ows};
use crate::error::{ErrorKind, ParseError};

/// A request header field that takes part in conditional evaluation.
///
/// [`name`](Field::name) and [`section`](Field::section) give the words that
/// the explanations, the docs and SPEC_NOTES.md use.
///
/// ```
/// use http_conditional::Field;
/// assert_eq!(Field::IfNoneMatch.name(), "If-None-Match");
/// assert_eq!(Field::IfNoneMatch.section(), "RFC 9110 §13.1.2");
/// assert_eq!(Field::from_name(b"if-none-match"), Some(Field::IfNoneMatch));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `If-Match` (RFC 9110 §13.1.1).
    IfMatch,
    /// `If-None-Match` (RFC 9110 §13.1.2).
    IfNoneMatch,
    /// `If-Modified-Since` (RFC 9110 §13.1.3).
    IfModifiedSince,
    /// `If-Unmodified-Since` (RFC 9110 §13.1.4).
    IfUnmodifiedSince,
    /// `If-Range` (RFC 9110 §13.1.5).
    IfRange,
    /// `Range` (RFC 9110 §14.2): only its presence matters here.
    Range,
}

impl Field {
    /// Every field, in the order RFC 9110 §13.2.2 evaluates them (`Range`
    /// last).
    pub const ALL: [Field; 6] = [
        Field::IfMatch,
        Field::IfUnmodifiedSince,
        Field::IfNoneMatch,
        Field::IfModifiedSince,
        Field::IfRange,
        Field::Range,
    ];

    /// The field name as registered (RFC 9110 §18.4).
    pub const fn name(self) -> &'static str {
        match self {
            Field::IfMatch => "If-Match",
            Field::IfNoneMatch => "If-None-Match",
            Field::IfModifiedSince => "If-Modified-Since",
            Field::IfUnmodifiedSince => "If-Unmodified-Since",
            Field::IfRange => "If-Range",
            Field::Range => "Range",
        }
    }

    /// The section of RFC 9110 that defines the field.
    pub const fn section(self) -> &'static str {
        match self {
            Field::IfMatch => "RFC 9110 §13.1.1",
            Field::IfNoneMatch => "RFC 9110 §13.1.2",
            Field::IfModifiedSince => "RFC 9110 §13.1.3",
            Field::IfUnmodifiedSince => "RFC 9110 §13.1.4",
            Field::IfRange => "RFC 9110 §13.1.5",
            Field::Range => "RFC 9110 §14.2",
        }
    }

    /// The field with this name, compared case-insensitively (RFC 9110 §5.1).
    pub fn from_name(name: &[u8]) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().as_bytes().eq_ignore_ascii_case(name))
    }

    /// Whether `name` is this field's name, compared case-insensitively.
    #[inline(always)]
    pub fn is_named(self, name: &[u8]) -> bool {
        let own = self.name().as_bytes();
        own.len() == name.len() && same_name(own, name)
    }
}

/// `name` is `own` ignoring ASCII case, for a registered `own` made of
/// letters and `-` and a `name` of the same length; eight bytes at a time.
#[inline(always)]
fn same_name(own: &[u8], name: &[u8]) -> bool {
    // A letter matches itself in either case: compare with bit 0x20 set. A
    // `-` must match exactly (0x0D | 0x20 is `-` too), so not there.
    let len = own.len();
    if len < 8 {
        return own.iter().zip(name).all(|(&o, &n)| {
            let case = if o == b'-' { 0 } else { 0x20 };
            o | case == n | case
        });
    }
    let mut i = 0;
    loop {
        // The last word may overlap the one before it.
        let at = if i + 8 > len { len - 8 } else { i };
        let (Some(o), Some(n)) = (word_at(own, at), word_at(name, at)) else {
            return false;
        };
        let case =
            (!zero_bytes(o ^ u64::from_ne_bytes([b'-'; 8])) & u64::from_ne_bytes([0x80; 8])) >> 2;
        if o | case != n | case {
            return false;
        }
        if at + 8 == len {
            return true;
        }
        i += 8;
    }
}

impl core::fmt::Display for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The request's header field lines, as the caller already holds them.
///
/// This is the sans-IO input: implement it for your header map and the
/// evaluator reads it lazily, one field at a time. `lines` must yield every
/// field line of the given field, in the order they arrived, without joining
/// them (RFC 9110 §5.3); each item is one line's value.
///
/// It is implemented for slices and arrays of `(name, value)` pairs, where
/// names compare case-insensitively, and, with the `http` feature, for
/// `&http::HeaderMap`.
///
/// # Examples
///
/// ```
/// use http_conditional::{Field, FieldLines};
///
/// let headers = [("if-none-match", "\"a\""), ("Accept", "*/*"), ("If-None-Match", "\"b\"")];
/// let lines: Vec<&[u8]> = (&headers[..]).lines(Field::IfNoneMatch).collect();
/// assert_eq!(lines, [&b"\"a\""[..], b"\"b\""]);
/// ```
pub trait FieldLines<'a> {
    /// The iterator over one field's lines.
    type Lines: Iterator<Item = &'a [u8]>;

    /// Every line of `field`, in arrival order.
    fn lines(&self, field: Field) -> Self::Lines;

    /// Whether the request has at least one line of `field`.
    fn contains(&self, field: Field) -> bool {
        self.lines(field).next().is_some()
    }
}

/// The lines of one field in a slice of `(name, value)` pairs: the
/// [`FieldLines::Lines`] of slices and arrays.
///
/// ```
/// use http_conditional::{Field, FieldLines};
/// let headers = [("If-Match", "\"a\""), ("if-match", "\"b\"")];
/// assert_eq!((&headers).lines(Field::IfMatch).count(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct SliceLines<'a, N, V> {
    pairs: core::slice::Iter<'a, (N, V)>,
    field: Field,
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>> Iterator for SliceLines<'a, N, V> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let field = self.field;
        self.pairs
            .find(|(name, _)| field.is_named(name.as_ref()))
            .map(|(_, value)| value.as_ref())
    }
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>> FieldLines<'a> for &'a [(N, V)] {
    type Lines = SliceLines<'a, N, V>;

    fn lines(&self, field: Field) -> Self::Lines {
        SliceLines {
            pairs: self.iter(),
            field,
        }
    }
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>, const K: usize> FieldLines<'a> for &'a [(N, V); K] {
    type Lines = SliceLines<'a, N, V>;

    fn lines(&self, field: Field) -> Self::Lines {
        SliceLines {
            pairs: self.iter(),
            field,
        }
    }
}

/// The value of a single-valued field (`ETag`, `If-Range`, the dates): its
/// one line with leading and trailing OWS removed (RFC 9110 §5.5), and the
/// offset where the trimmed value starts in that line.
///
/// # Errors
///
/// [`ErrorKind::Empty`] when there is no line or the value is empty, and
/// [`ErrorKind::MultipleLines`] (on the second line) when there is more than
/// one: several lines form a list (RFC 9110 §5.3), which a single-valued
/// field does not allow.
pub(crate) fn single_value<'a, L: Iterator<Item = &'a [u8]>>(
    mut lines: L,
) -> Result<(&'a [u8], usize), ParseError> {
    let Some(line) = lines.next() else {
        return Err(ParseError::new(ErrorKind::Empty, 0));
    };
    if lines.next().is_some() {
        return Err(ParseError::new(ErrorKind::MultipleLines, 0).on_line(1));
    }
    let value = trim_ows(line);
    if value.is_empty() {
        return Err(ParseError::new(ErrorKind::Empty, 0));
    }
    Ok((value, leading_ows(line)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    // RFC 9110 §5.1: field names are case-insensitive
    #[test]
    fn field_names_match_case_insensitively() {
        for field in Field::ALL {
            let upper = field.name().to_ascii_uppercase();
            assert_eq!(Field::from_name(upper.as_bytes()), Some(field));
            assert!(field.is_named(field.name().to_ascii_lowercase().as_bytes()));
        }
        assert_eq!(Field::from_name(b"If-Match-X"), None);
    }

    // RFC 9110 §5.1: only ASCII letters fold; every other byte is exact
    #[test]
    fn is_named_folds_only_letters_at_every_position() {
        for field in Field::ALL {
            let own = field.name().as_bytes();
            assert!(field.is_named(own));
            for at in 0..own.len() {
                for b in 0..=255u8 {
                    let mut name = own.to_vec();
                    name[at] = b;
                    assert_eq!(
                        field.is_named(&name),
                        own.eq_ignore_ascii_case(&name),
                        "{field} with byte {b:#04x} at {at}"
                    );
                }
            }
        }
    }

    // RFC 9110 §5.3: every line, in order
    #[test]
    fn slice_lines_yield_every_line_of_the_field_in_order() {
        let headers: [(&str, &[u8]); 4] = [
            ("If-Match", b"\"1\""),
            ("Range", b"bytes=0-1"),
            ("IF-MATCH", b"\"2\""),
            ("If-Match", b""),
        ];
        let got: Vec<_> = (&headers).lines(Field::IfMatch).collect();
        assert_eq!(got, [&b"\"1\""[..], b"\"2\"", b""]);
        assert!((&headers).contains(Field::Range));
        assert!(!(&headers).contains(Field::IfRange));
    }

    // RFC 9110 §5.5, CHOICES 1: a single-valued field has exactly one line
    #[test]
    fn single_value_is_trimmed_and_alone() {
        let one: [&[u8]; 1] = [b" \t\"x\" "];
        assert_eq!(single_value(one.into_iter()), Ok((&b"\"x\""[..], 2)));
        let two: [&[u8]; 2] = [b"\"x\"", b"\"x\""];
        let err = single_value(two.into_iter()).unwrap_err();
        assert_eq!((err.kind(), err.line()), (ErrorKind::MultipleLines, 1));
        let blank: [&[u8]; 1] = [b"  "];
        assert_eq!(
            single_value(blank.into_iter()).unwrap_err().kind(),
            ErrorKind::Empty
        );
    }
}
