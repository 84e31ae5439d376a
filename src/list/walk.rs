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
//! themselves are [`tag_span`]'s and [`opaque_end`]'s (`crate::etag`).
//!
//! [`Walker::next`] reads any member; [`Walker::tags`] is its fast path
//! for runs of entity-tags, the common shape, and reads them the same
//! way (the same tag grammar, the same separators after each; it hands any
//! other member to `next`). [`Walker::strong_run`] is the fastest path, for
//! strong tags of one length each followed by `, ` (a list of hashes); it
//! stops before any other member; [`Walker::strong_run_lines`] reads whole
//! lines that way. [`Members`](super::Members) yields what `next`
//! finds; [`scan`](fn@super::scan) compares what both find.

use crate::abnf::swar::same_bytes;
use crate::abnf::{is_ows, leading_ows, skip_ows_and_commas};
use crate::error::ErrorKind;
use crate::etag::{opaque_end, opaque_end_if_len, plain_opaque, tag_span, Span};

use super::Member;

/// The state of a walk between members, across field lines.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Walker {
    /// Members read so far, over all lines.
    members: usize,
    /// The first member was `*`.
    any: bool,
    /// The length of the last opaque-tag read, if any: the tags of a list
    /// are often hashes of one length, and a guess that holds saves the
    /// search for the next one's closing quote.
    last_len: Option<usize>,
    /// The walk is past the field's first line, so `*` can no longer stand
    /// alone.
    later_line: bool,
}

/// A member the walker read, as positions in its line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    /// Where the entity-tag lies; `None` for `*`.
    pub(crate) tag: Option<Span>,
    /// Where the next member may start: just past the comma after this one,
    /// or the end of the line.
    pub(crate) next: usize,
}

impl Found {
    /// The member, from the line it was found in.
    #[inline(always)]
    pub(crate) fn member<'a>(&self, line: &'a [u8]) -> Member<'a> {
        match self.tag {
            None => Member::Any,
            Some(span) => Member::Tag(span.tag(line)),
        }
    }
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

    /// The walk starts line `n` (from 0) of the field. Any line after the
    /// first goes on with the list (RFC 9110 §5.3: the lines are one list,
    /// as if joined by commas), so after `*` it is an error, at the start
    /// of the new line: `*` is the whole field or invalid.
    #[inline(always)]
    pub(crate) fn start_line(&mut self, n: usize) -> Result<(), (ErrorKind, usize)> {
        if n == 0 {
            return Ok(());
        }
        if self.any {
            return Err((ErrorKind::StarNotAlone, 0));
        }
        self.later_line = true;
        Ok(())
    }

    /// The walker's fastest path, for the commonest list of all, hashes of
    /// one length: reads the members from `line[i]` (between members) on
    /// while each is a strong entity-tag whose opaque-tag has the length of
    /// the last one read or, before any, `hint` ([`run_len`](Self::run_len):
    /// eight bytes or more), followed by `, ` or the end of the line, and
    /// stops before any other member. It reads what
    /// [`tags`](Self::tags) would, and leaves the rest to it. Returns where
    /// it stopped, and the first member whose opaque-tag is `target`, if it
    /// read one: its number and where its opening quote is.
    ///
    /// With `IN_LINE`, the loop is compiled into the caller; without, it is
    /// called.
    #[inline(always)]
    pub(crate) fn strong_run<const IN_LINE: bool>(
        &mut self,
        line: &[u8],
        i: usize,
        target: &[u8],
        hint: usize,
    ) -> (usize, Option<(usize, usize)>) {
        let Some(len) = self.run_len(hint) else {
            return (i, None);
        };
        // Not even the first member's closing quote where the run needs it.
        if line.get(i + len + 1) != Some(&b'"') {
            return (i, None);
        }
        // Only a target of the run's length can be found.
        let target = if target.len() == len { target } else { &[] };
        let mut found = None;
        let (n, next) = if IN_LINE {
            strong_run_in_line(line, i, len, target, &mut found)
        } else {
            strong_run(line, i, len, target, &mut found)
        };
        let found = found.map(|(k, quote)| (self.members + k, quote));
        // The guess stays as it was: a run only reads tags of its length.
        self.members += n;
        (next, found)
    }

    /// [`strong_run`](Self::strong_run) over whole lines, for a list on
    /// several: takes lines from `lines` while each is one run from its
    /// start to its end, counting them in `taken`, and returns the first
    /// line that is not, with where the run stopped in it (0 if it read
    /// nothing of it); `None` at the end of the lines. The first member
    /// whose opaque-tag is `target` goes to `found`: its number and its
    /// opaque-tag.
    ///
    /// Between two lines read here there is nothing to check: a run reads
    /// no `*`, and is not tried after one.
    #[inline(always)]
    pub(crate) fn strong_run_lines<'a, I>(
        &mut self,
        lines: &mut I,
        taken: &mut usize,
        target: &[u8],
        hint: usize,
        found: &mut Option<(usize, &'a [u8])>,
    ) -> Option<(&'a [u8], usize)>
    where
        I: Iterator<Item = &'a [u8]>,
    {
        let Some(len) = self.run_len(hint) else {
            *taken += 1;
            return lines.next().map(|line| (line, 0));
        };
        let mut target = if target.len() == len { target } else { &[] };
        let mut members = self.members;
        let mut n = *taken;
        let stopped = loop {
            let Some(line) = lines.next() else {
                break None;
            };
            n += 1;
            if line.get(len + 1) != Some(&b'"') {
                break Some((line, 0));
            }
            let mut hit = None;
            let (read, next) = strong_run_in_line(line, 0, len, target, &mut hit);
            if let Some((k, opaque)) = hit {
                *found = Some((members + k, opaque));
                target = &[];
            }
            members += read;
            if next != line.len() {
                break Some((line, next));
            }
        };
        *taken = n;
        self.members = members;
        stopped
    }

    /// Whether a [`strong_run`](Self::strong_run) from `line[i]` may read
    /// anything: the first member's closing quote is where a run needs it.
    #[inline(always)]
    pub(crate) fn may_run(&self, line: &[u8], i: usize, hint: usize) -> bool {
        self.run_len(hint)
            .is_some_and(|len| line.get(i + len + 1) == Some(&b'"'))
    }

    /// The length of the opaque-tags that [`strong_run`](Self::strong_run)
    /// would read: the last one's, or before any, `hint` (the tags of a list
    /// are often of one kind, hashes of one length, so the length of the tag
    /// searched for is a good first guess); `None` if below eight bytes or
    /// after `*`.
    #[inline(always)]
    pub(crate) fn run_len(&self, hint: usize) -> Option<usize> {
        Some(self.last_len.unwrap_or(hint)).filter(|&len| len >= 8 && !self.any)
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
    #[inline]
    pub(crate) fn next(
        &mut self,
        line: &[u8],
        i: usize,
    ) -> Result<Option<Found>, (ErrorKind, usize)> {
        // RFC 9110 §5.6.1: OWS and empty elements before the member.
        let start = skip_ows_and_commas(line, i);
        if start == line.len() {
            return Ok(None);
        }
        // An entity-tag, on the fast path.
        let mut tag = None;
        let next = self.tags(line, start, 1, |span, _| tag = Some(span))?;
        if tag.is_some() {
            return Ok(Some(Found { tag, next }));
        }
        // `*`, anything after `*`, or what is not a member.
        let found = member_at(line, start, self.members, self.any, self.later_line)?;
        self.members += 1;
        self.any = found.tag.is_none();
        Ok(Some(found))
    }

    /// The walker's fast path, for the common shape of a list: reads the
    /// members from `line[i]` (between members) on while they are
    /// entity-tags (`"` or `W/"` first), at most `limit` of them, calling
    /// `each(span, member)` with where each one lies and its member number.
    /// Returns where it stopped, between members (the end of the line, or
    /// where a member starts with something else: [`next`](Self::next)
    /// takes over there), or the error of the member it stopped at. It
    /// reads what `next` would, member for member.
    #[inline(always)]
    pub(crate) fn tags<F: FnMut(Span, usize)>(
        &mut self,
        line: &[u8],
        mut i: usize,
        limit: usize,
        mut each: F,
    ) -> Result<usize, (ErrorKind, usize)> {
        if self.any {
            return Ok(i);
        }
        let stop = self.members.saturating_add(limit);
        let mut members = self.members;
        // No guess is a length no tag can have here.
        let mut guess = self.last_len.unwrap_or(line.len());
        let result = loop {
            if members == stop {
                break Ok(i);
            }
            let (weak, quote) = match line.get(i) {
                Some(b'"') => (false, i),
                Some(b'W') if line.get(i + 1..i + 3) == Some(b"/\"") => (true, i + 2),
                _ => break Ok(i),
            };
            let end = match opaque_end_if_len(line, quote, guess) {
                Some(end) => end,
                None => match opaque_end(line, quote) {
                    Ok(end) => end,
                    Err(e) => break Err(e),
                },
            };
            guess = end - quote - 1;
            let next = match after_member(line, end + 1) {
                Ok(next) => next,
                Err(e) => break Err(e),
            };
            members += 1;
            each(Span { weak, quote, end }, members);
            i = next;
        };
        self.members = members;
        self.last_len = (guess != line.len()).then_some(guess);
        result
    }
}

/// [`Walker::strong_run`]'s loop, apart so that its few values stay in
/// registers: the members read and where it stopped. `target` is empty or
/// `len` bytes long; the first member found to be it goes to `found`: its
/// number in the run (from 1) and where its opening quote is.
#[inline(never)]
fn strong_run(
    line: &[u8],
    i: usize,
    len: usize,
    target: &[u8],
    found: &mut Option<(usize, usize)>,
) -> (usize, usize) {
    strong_run_in_line(line, i, len, target, found)
}

/// [`strong_run`], compiled into its caller.
#[inline(always)]
fn strong_run_in_line<'a, H: Hit<'a>>(
    line: &'a [u8],
    i: usize,
    len: usize,
    target: &[u8],
    found: &mut Option<H>,
) -> (usize, usize) {
    // One loop for opaque-tags of up to 16 bytes (two words), one for
    // longer ones.
    if len > 16 {
        strong_run_of::<true, H>(line, i, len, target, found)
    } else {
        strong_run_of::<false, H>(line, i, len, target, found)
    }
}

/// What a run records of the member that is its target, from its number
/// in the run (from 1), where it starts in its line and its opaque-tag:
/// each caller takes the form it uses, so that neither builds the other's.
trait Hit<'a> {
    fn of(n: usize, at: usize, opaque: &'a [u8]) -> Self;
}

/// The number and where the opening quote is.
impl Hit<'_> for (usize, usize) {
    #[inline(always)]
    fn of(n: usize, at: usize, _: &[u8]) -> Self {
        (n, at)
    }
}

/// The number and the opaque-tag.
impl<'a> Hit<'a> for (usize, &'a [u8]) {
    #[inline(always)]
    fn of(n: usize, _: usize, opaque: &'a [u8]) -> Self {
        (n, opaque)
    }
}

/// [`strong_run`] for opaque-tags longer than 16 bytes if `LONG`.
#[inline(always)]
fn strong_run_of<'a, const LONG: bool, H: Hit<'a>>(
    line: &'a [u8],
    i: usize,
    len: usize,
    target: &[u8],
    found: &mut Option<H>,
) -> (usize, usize) {
    // Tags of one length most often differ in their first byte; after the
    // target is found (or without one), no byte is the target's first.
    const NO_BYTE: u16 = 0x100;
    let mut stop_at = target.first().map_or(NO_BYTE, |&b| u16::from(b));
    let mut n = 0;
    let mut rest = &line[i..];
    // Each member: `"`, the opaque-tag, `"` and `, `.
    while let Some((member, after)) = rest.split_at_checked(len + 4) {
        // The closing `"` and `, ` as one word with the opaque-tag's last
        // byte, which is shifted out.
        let end = member[len..].try_into().map_or(0, u32::from_le_bytes);
        if member[0] != b'"' || end >> 8 != u32::from_le_bytes([b'"', b',', b' ', 0]) {
            break;
        }
        let opaque = &member[1..len + 1];
        if !plain_opaque(opaque, LONG) {
            break;
        }
        n += 1;
        if u16::from(opaque[0]) == stop_at && same_bytes(opaque, target) {
            *found = Some(H::of(n, line.len() - rest.len(), opaque));
            stop_at = NO_BYTE;
        }
        rest = after;
    }
    // The line's last member, with nothing after its closing quote: read
    // as in the loop (a closure for both kept its values in memory, and
    // `inm-10-absent` took 854 instructions instead of 731).
    if let [b'"', opaque @ .., b'"'] = rest {
        if opaque.len() == len && plain_opaque(opaque, LONG) {
            n += 1;
            if u16::from(opaque[0]) == stop_at && same_bytes(opaque, target) {
                *found = Some(H::of(n, line.len() - rest.len(), opaque));
            }
            rest = &[];
        }
    }
    (n, line.len() - rest.len())
}

/// The member at `line[start]` and what follows it up to the next member,
/// after `members` members of which the first was `*` if `any`, on a line
/// after the field's first if `later_line`: the general path of
/// [`Walker::next`], for `*`, for any member after `*`, and for what is not
/// a member (the error).
#[inline(never)]
fn member_at(
    line: &[u8],
    start: usize,
    members: usize,
    any: bool,
    later_line: bool,
) -> Result<Found, (ErrorKind, usize)> {
    let tag = match line[start] {
        b'*' => None,
        _ => Some(tag_span(line, start)?),
    };
    // RFC 9110 §13.1.1, §13.1.2: "*" / #entity-tag, never both.
    if any || (tag.is_none() && members > 0) {
        return Err((ErrorKind::StarNotAlone, start));
    }
    let Some(span) = tag else {
        return star_alone(line, start, later_line);
    };
    let next = after_member(line, span.end + 1)?;
    Ok(Found { tag, next })
}

/// `*` at `line[start]`, the field's first member: valid only as the whole
/// field value, one line that is `*` with OWS around it (RFC 9110 §13.1.1,
/// §13.1.2: `"*" / #entity-tag`; the list rule's empty elements belong to
/// `#entity-tag`, CHOICES 3). A comma before it or after it, or another
/// line before it, is [`ErrorKind::StarNotAlone`] (at the `*` or at the
/// comma after it); another line after it is the caller's
/// ([`Walker::start_line`]).
#[cold]
fn star_alone(line: &[u8], start: usize, later_line: bool) -> Result<Found, (ErrorKind, usize)> {
    // Nothing but OWS and commas comes before the first member.
    if later_line || line[..start].contains(&b',') {
        return Err((ErrorKind::StarNotAlone, start));
    }
    let end = start + 1 + leading_ows(&line[start + 1..]);
    match line.get(end) {
        None => Ok(Found {
            tag: None,
            next: end,
        }),
        Some(b',') => Err((ErrorKind::StarNotAlone, end)),
        Some(_) => Err((ErrorKind::ExpectedComma, end)),
    }
}

/// After a member that ends at `line[end]`: OWS, then a comma or the end of
/// the line (RFC 9110 §5.6.1). The index just past that comma and the SP
/// that usually follows it (or the line's length); or
/// [`ErrorKind::ExpectedComma`] at the byte that is neither.
#[inline(always)]
fn after_member(line: &[u8], end: usize) -> Result<usize, (ErrorKind, usize)> {
    match line.get(end) {
        None => Ok(end),
        Some(b',') if line.get(end + 1) == Some(&b' ') => Ok(end + 2),
        Some(b',') => Ok(end + 1),
        Some(_) => ows_then_comma(line, end),
    }
}

/// [`after_member`] when OWS (or an error) follows the member.
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
