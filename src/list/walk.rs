//! The one walker of `If-Match` / `If-None-Match` lists: the list grammar
//! around the members, one member at a time.
//!
//! ```text
//! If-Match      = "*" / #entity-tag           ; RFC 9110 §13.1.1
//! If-None-Match = "*" / #entity-tag           ; RFC 9110 §13.1.2
//! #element      => [ element ] *( OWS "," [ OWS element ] )   ; §5.6.1
//! ```
//!
//! The walker owns OWS and empty elements (RFC 9110 §5.6.1), the list's
//! continuation across field lines (§5.3: the caller hands it one line at a
//! time, and it keeps the count), and the rule that `*` stands alone. Tags
//! themselves are [`tag_at`]'s. [`Members`](super::Members) yields what it
//! finds; [`scan`](super::scan) compares it.

use crate::abnf::{is_ows, skip_ows_and_commas};
use crate::error::ErrorKind;
use crate::etag::tag_at;

use super::Member;

/// The state of a walk between members, across field lines.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Walker {
    /// Members read so far, over all lines.
    members: usize,
    /// The first member was `*`.
    any: bool,
}

/// A member the walker read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found<'a> {
    pub(crate) member: Member<'a>,
    /// Where the next member may start: just past the comma after this one,
    /// or the end of the line.
    pub(crate) next: usize,
}

impl Walker {
    /// Members read so far.
    #[inline(always)]
    pub(crate) const fn members(&self) -> usize {
        self.members
    }

    /// Whether the list so far is `*` (which then must stay alone).
    #[inline(always)]
    pub(crate) const fn is_any(&self) -> bool {
        self.any
    }

    /// Counts `n` members that the caller read without the walker: strong
    /// entity-tags, which `*` does not allow (so the caller must not do
    /// this while [`is_any`](Self::is_any)).
    #[inline]
    pub(crate) fn add_tags(&mut self, n: usize) {
        debug_assert!(!self.any || n == 0);
        self.members += n;
    }

    /// The next member of `line` at or after `i`, where `i` is between
    /// members (the line's start, or just past a comma); `Ok(None)` if the
    /// line has no more. On error, what is wrong and where (an index into
    /// `line`); a walk does not go on after an error.
    #[inline(always)]
    pub(crate) fn next<'a>(
        &mut self,
        line: &'a [u8],
        i: usize,
    ) -> Result<Option<Found<'a>>, (ErrorKind, usize)> {
        // RFC 9110 §5.6.1: OWS and empty elements before the member.
        let start = skip_ows_and_commas(line, i);
        let Some(&first) = line.get(start) else {
            return Ok(None);
        };
        let (member, end) = if first == b'*' {
            (Member::Any, start + 1)
        } else {
            let (tag, end) = tag_at(line, start)?;
            (Member::Tag(tag), end)
        };
        // RFC 9110 §13.1.1, §13.1.2: "*" / #entity-tag, never both.
        if self.any || (matches!(member, Member::Any) && self.members > 0) {
            return Err((ErrorKind::StarNotAlone, start));
        }
        let next = after_member(line, end)?;
        self.members += 1;
        self.any = matches!(member, Member::Any);
        Ok(Some(Found { member, next }))
    }
}

/// After a member that ends at `line[end]`: OWS, then a comma or the end of
/// the line (RFC 9110 §5.6.1). The index just past that comma (or the
/// line's length); or [`ErrorKind::ExpectedComma`] at the byte that is
/// neither.
#[inline(always)]
fn after_member(line: &[u8], end: usize) -> Result<usize, (ErrorKind, usize)> {
    match line.get(end) {
        None => Ok(end),
        Some(b',') => Ok(end + 1),
        Some(_) => ows_then_comma(line, end),
    }
}

/// [`after_member`] when OWS (or an error) follows the member.
#[cold]
#[inline(never)]
fn ows_then_comma(line: &[u8], mut at: usize) -> Result<usize, (ErrorKind, usize)> {
    while let Some(&b) = line.get(at) {
        if b == b',' {
            return Ok(at + 1);
        }
        if !is_ows(b) {
            return Err((ErrorKind::ExpectedComma, at));
        }
        at += 1;
    }
    Ok(at)
}
