//! The `If-Match` / `If-None-Match` list, walked lazily across field lines.
//!
//! RFC 9110 §5.3: several field lines of one name form one comma-separated
//! list, in order. RFC 9110 §5.6.1: list members are separated by commas with
//! optional whitespace, and a recipient ignores empty elements. The members
//! here are `*` or entity-tags; an entity-tag may itself contain a comma, so
//! the walk is quote-aware. Nothing is joined or copied.

use crate::abnf::is_ows;
use crate::error::{ErrorKind, ParseError};
use crate::etag::EntityTag;
use crate::trace::Comparison;

/// One member of an `If-Match` or `If-None-Match` list.
///
/// ```
/// use http_conditional::{parse, Member};
/// assert_eq!(parse::list([&b"*"[..]]).next(), Some(Ok(Member::Any)));
/// ```
///
/// ```text
/// If-Match      = "*" / #entity-tag      ; RFC 9110 §13.1.1
/// If-None-Match = "*" / #entity-tag      ; RFC 9110 §13.1.2
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Member<'a> {
    /// `*`: any current representation.
    Any,
    /// An entity-tag.
    Tag(EntityTag<'a>),
}

/// An iterator over the members of an `If-Match` or `If-None-Match` field,
/// across all of its field lines, in order.
///
/// It yields `Ok(member)` for each member and stops after the first
/// `Err(..)`: a field with a malformed member, or with `*` next to any other
/// member, is malformed as a whole (there is no member-by-member recovery),
/// so a caller must read to the end before trusting what it saw. Empty
/// elements and OWS are skipped; a field with no members at all is a valid,
/// empty list.
///
/// It takes constant memory and time linear in the bytes of the lines.
///
/// # Examples
///
/// ```
/// use http_conditional::{Member, Members, EntityTag};
///
/// let lines: [&[u8]; 2] = [b"\"a,b\", W/\"c\"", b" , \"d\""];
/// let tags: Vec<String> = Members::new(lines)
///     .map(|m| match m.unwrap() {
///         Member::Tag(t) => t.to_string(),
///         Member::Any => "*".into(),
///     })
///     .collect();
/// assert_eq!(tags, ["\"a,b\"", "W/\"c\"", "\"d\""]);
///
/// // `*` with anything else makes the whole field invalid.
/// let mut mixed = Members::new([&b"*, \"a\""[..]]);
/// assert_eq!(mixed.next(), Some(Ok(Member::Any)));
/// assert!(mixed.next().unwrap().is_err());
/// assert_eq!(mixed.next(), None);
/// ```
#[derive(Clone, Debug)]
pub struct Members<'a, L> {
    lines: L,
    /// The unread part of the current line.
    rest: &'a [u8],
    /// Length of the current line, so that `line_len - rest.len()` is the
    /// offset of `rest` in it.
    line_len: usize,
    /// Index of the current line; `usize::MAX` before the first.
    line: usize,
    /// Members yielded so far.
    count: usize,
    /// The first member was `*`.
    any: bool,
    /// An error was returned; the iterator is finished.
    failed: bool,
}

impl<'a, L: Iterator<Item = &'a [u8]>> Members<'a, L> {
    /// Walks the members of the given field lines, in arrival order.
    pub fn new<I: IntoIterator<IntoIter = L>>(lines: I) -> Self {
        Members {
            lines: lines.into_iter(),
            rest: &[],
            line_len: 0,
            line: usize::MAX,
            count: 0,
            any: false,
            failed: false,
        }
    }

    fn error(&mut self, kind: ErrorKind, at: usize) -> Option<Result<Member<'a>, ParseError>> {
        self.failed = true;
        let offset = self.line_len - self.rest.len() + at;
        Some(Err(ParseError::new(kind, offset).on_line(self.line)))
    }
}

impl<'a, L: Iterator<Item = &'a [u8]>> Iterator for Members<'a, L> {
    type Item = Result<Member<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        // Skip OWS and empty elements, moving to the next line when this one
        // is used up (RFC 9110 §5.6.1).
        loop {
            let skip = self
                .rest
                .iter()
                .position(|&b| !(is_ows(b) || b == b','))
                .unwrap_or(self.rest.len());
            self.rest = &self.rest[skip..];
            if !self.rest.is_empty() {
                break;
            }
            let next = self.lines.next()?;
            self.line = self.line.wrapping_add(1);
            self.line_len = next.len();
            self.rest = next;
        }

        let (member, len) = if self.rest[0] == b'*' {
            (Member::Any, 1)
        } else {
            match EntityTag::parse_prefix(self.rest) {
                Ok((tag, len)) => (Member::Tag(tag), len),
                Err(e) => return self.error(e.kind(), e.offset()),
            }
        };
        // RFC 9110 §13.1.1, §13.1.2: `*` stands alone.
        if self.any || (member == Member::Any && self.count > 0) {
            return self.error(ErrorKind::StarNotAlone, 0);
        }
        // After a member: OWS, then a comma or the end of the line.
        let after = &self.rest[len..];
        let ows = after.iter().position(|&b| !is_ows(b)).unwrap_or(after.len());
        if let Some(&b) = after.get(ows) {
            if b != b',' {
                return self.error(ErrorKind::ExpectedComma, len + ows);
            }
        }
        self.rest = &after[ows..];
        self.count += 1;
        self.any = member == Member::Any;
        Some(Ok(member))
    }
}

impl<'a, L: Iterator<Item = &'a [u8]>> core::iter::FusedIterator for Members<'a, L> {}

/// What a whole list says, checked against one entity-tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListScan<'a> {
    /// The field is `*`.
    Any,
    /// A valid list of `members` entity-tags; `matched` is the first member
    /// (1-based index and tag) that matched, if any.
    Tags {
        members: usize,
        matched: Option<(usize, EntityTag<'a>)>,
    },
    /// The field is malformed.
    Malformed(ParseError),
}

/// Reads the whole list once, comparing each tag with `current` by the
/// given comparison function; stops only at the end or at the first error.
pub(crate) fn scan<'a, L>(
    lines: L,
    current: Option<&EntityTag<'_>>,
    comparison: Comparison,
) -> ListScan<'a>
where
    L: Iterator<Item = &'a [u8]>,
{
    let mut members = 0;
    let mut matched = None;
    let mut any = false;
    for member in Members::new(lines) {
        members += 1;
        match member {
            Err(e) => return ListScan::Malformed(e),
            // `Members` allows `*` only as the sole member.
            Ok(Member::Any) => any = true,
            Ok(Member::Tag(tag)) => {
                if matched.is_none() && current.is_some_and(|c| match comparison {
                        Comparison::Strong => tag.strong_eq(c),
                        Comparison::Weak => tag.weak_eq(c),
                    }) {
                    matched = Some((members, tag));
                }
            }
        }
    }
    if any {
        return ListScan::Any;
    }
    ListScan::Tags { members, matched }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn members(lines: &[&str]) -> Result<usize, ParseError> {
        let mut n = 0;
        for m in Members::new(lines.iter().map(|l| l.as_bytes())) {
            m?;
            n += 1;
        }
        Ok(n)
    }

    // RFC 9110 §5.6.1: empty elements and OWS do not count as members
    #[test]
    fn empty_elements_and_ows_are_skipped() {
        assert_eq!(members(&[", ,\"a\" ,, \t\"b\",", ""]), Ok(2));
        assert_eq!(members(&[]), Ok(0));
        assert_eq!(members(&["", " , "]), Ok(0));
    }

    // RFC 9110 §5.3: lines of one field are one list
    #[test]
    fn members_continue_across_field_lines() {
        assert_eq!(members(&["\"a\"", "\"b\", \"c\"", "W/\"d\""]), Ok(4));
    }

    // RFC 9110 §8.8.3: a comma inside an opaque-tag is data
    #[test]
    fn comma_inside_quotes_does_not_split() {
        let got: Vec<_> = Members::new([&b"\"a,b\",\"c\""[..]]).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            Ok(Member::Tag(EntityTag::parse(b"\"a,b\"").unwrap()))
        );
    }

    // RFC 9110 §13.1.1: "*" / #entity-tag, never both
    #[test]
    fn star_next_to_any_member_is_malformed() {
        for lines in [&["*, \"a\""][..], &["\"a\", *"], &["*", "*"], &["\"a\"", "*"]] {
            let err = members(lines).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::StarNotAlone, "{lines:?}");
        }
        assert_eq!(members(&["  *  "]), Ok(1));
        assert_eq!(members(&["*,", ""]), Ok(1));
    }

    // RFC 9110 §5.6.1: members are separated by commas
    #[test]
    fn members_without_a_comma_between_are_malformed() {
        let err = members(&["\"a\" \"b\""]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::ExpectedComma, 4));
        let err = members(&["\"a\"", "\"b\"x"]).unwrap_err();
        assert_eq!(
            (err.kind(), err.line(), err.offset()),
            (ErrorKind::ExpectedComma, 1, 3)
        );
        assert_eq!(members(&["**"]).unwrap_err().kind(), ErrorKind::ExpectedComma);
    }

    #[test]
    fn error_offsets_point_into_the_line() {
        let err = members(&["\"a\", \"b"]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::UnterminatedTag, 5));
        let err = members(&["\"a\", W/\"b c\""]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidTagByte, 9));
    }

    #[test]
    fn iteration_stops_after_the_first_error() {
        let mut it = Members::new([&b"\"a\", x, \"b\""[..]]);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_err());
        assert_eq!(it.next(), None);
    }

    #[test]
    fn scan_reports_the_first_matching_member() {
        let current = EntityTag::parse(b"\"b\"").unwrap();
        let lines: [&[u8]; 2] = [b"\"a\", W/\"b\"", b"\"b\""];
        let weak = scan(lines.into_iter(), Some(&current), Comparison::Weak);
        assert!(matches!(weak, ListScan::Tags { members: 3, matched: Some((2, _)) }));
        let strong = scan(lines.into_iter(), Some(&current), Comparison::Strong);
        assert!(matches!(strong, ListScan::Tags { members: 3, matched: Some((3, _)) }));
        let any = scan([&b"*"[..]].into_iter(), None, Comparison::Weak);
        assert_eq!(any, ListScan::Any);
    }
}
