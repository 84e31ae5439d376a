//! The `If-Match` / `If-None-Match` list, walked lazily across field lines.
//!
//! RFC 9110 §5.3: several field lines of one name form one comma-separated
//! list, in order. RFC 9110 §5.6.1: list members are separated by commas with
//! optional whitespace, and a recipient ignores empty elements. The members
//! here are `*` or entity-tags; an entity-tag may itself contain a comma, so
//! the walk is quote-aware. Nothing is joined or copied.

use crate::abnf::{is_ows, skip_ows_and_commas};
use crate::error::{ErrorKind, ParseError};
use crate::etag::{scan_opaque, EntityTag, Opaque};
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
            let skip = skip_ows_and_commas(self.rest, 0);
            self.rest = &self.rest[skip..];
            if !self.rest.is_empty() {
                break;
            }
            let next = self.lines.next()?;
            self.line = self.line.wrapping_add(1);
            self.line_len = next.len();
            self.rest = next;
        }

        let (member, end) = match member_at(self.rest, 0) {
            Ok(parsed) => parsed,
            Err((kind, at)) => return self.error(kind, at),
        };
        // RFC 9110 §13.1.1, §13.1.2: `*` stands alone.
        if self.any || (member == Member::Any && self.count > 0) {
            return self.error(ErrorKind::StarNotAlone, 0);
        }
        match after_member(self.rest, end) {
            Ok(comma) => self.rest = &self.rest[comma..],
            Err(at) => return self.error(ErrorKind::ExpectedComma, at),
        }
        self.count += 1;
        self.any = member == Member::Any;
        Some(Ok(member))
    }
}

/// The member that starts at `line[p]` (not OWS, not a comma): `*` or an
/// entity-tag, and the index just past it; or what is wrong and where.
#[inline(always)]
fn member_at(line: &[u8], p: usize) -> Result<(Member<'_>, usize), (ErrorKind, usize)> {
    let (weak, start) = match line[p] {
        b'"' => (false, p + 1),
        b'*' => return Ok((Member::Any, p + 1)),
        b'W' if line.get(p + 1..p + 3) == Some(b"/\"") => (true, p + 3),
        _ => return Err((ErrorKind::ExpectedEntityTag, p)),
    };
    match scan_opaque(line, start) {
        Opaque::Closed(end) => Ok((
            Member::Tag(EntityTag::from_checked_parts(weak, &line[start..end])),
            end + 1,
        )),
        Opaque::Invalid(at) => Err((ErrorKind::InvalidTagByte, at)),
        Opaque::Unterminated => Err((ErrorKind::UnterminatedTag, start - 1)),
    }
}

/// After a member that ends at `line[end]`: OWS, then a comma or the end of
/// the line. The index of that comma (or the line's length), or of the byte
/// that is neither.
#[inline(always)]
fn after_member(line: &[u8], mut end: usize) -> Result<usize, usize> {
    while let Some(&b) = line.get(end) {
        if b == b',' {
            return Ok(end);
        }
        if !is_ows(b) {
            return Err(end);
        }
        end += 1;
    }
    Ok(end)
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
///
/// It gives what [`Members`] would give, member by member, but walks each
/// line in one tight loop (no per-member iterator state): dense lists are
/// the hostile input of this crate.
pub(crate) fn scan<'a, L>(
    lines: L,
    current: Option<&EntityTag<'_>>,
    comparison: Comparison,
) -> ListScan<'a>
where
    L: Iterator<Item = &'a [u8]>,
{
    // The opaque-tag that matches, if any can, and whether a weak member
    // may match it (RFC 9110 §8.8.3.2).
    let (mut target, weak_matches) = match (current, comparison) {
        (None, _) => (None, false),
        (Some(c), Comparison::Weak) => (Some(c.opaque()), true),
        (Some(c), Comparison::Strong) => ((!c.is_weak()).then(|| c.opaque()), false),
    };
    let mut members = 0;
    let mut matched = None;
    let mut any = false;
    for (n, line) in lines.enumerate() {
        let malformed = |kind, at| ListScan::Malformed(ParseError::new(kind, at).on_line(n));
        let mut i = 0;
        loop {
            i = skip_ows_and_commas(line, i);
            if i >= line.len() {
                break;
            }
            let (member, end) = match member_at(line, i) {
                Ok(parsed) => parsed,
                Err((kind, at)) => return malformed(kind, at),
            };
            // RFC 9110 §13.1.1, §13.1.2: `*` stands alone.
            if any || (member == Member::Any && members > 0) {
                return malformed(ErrorKind::StarNotAlone, i);
            }
            members += 1;
            match member {
                Member::Any => any = true,
                Member::Tag(tag) => {
                    if let Some(t) = target {
                        if tag.opaque().len() == t.len()
                            && (weak_matches || !tag.is_weak())
                            && tag.opaque() == t
                        {
                            matched = Some((members, tag));
                            target = None;
                        }
                    }
                }
            }
            match after_member(line, end) {
                Ok(comma) => i = comma + 1,
                Err(at) => return malformed(ErrorKind::ExpectedComma, at),
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
