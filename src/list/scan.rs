//! The evaluator's reading of a whole `If-Match` / `If-None-Match` list:
//! is it `*`, malformed, or a list of how many members, and which member
//! is the first to match the current entity-tag (RFC 9110 §13.1.1,
//! §13.1.2)?
//!
//! It reads what [`Members`](super::Members) reads, with the same
//! [`Walker`], and compares each tag (of the right length) as the walker
//! finds it. A list of hashes (strong tags of one length, after `, `) is
//! read in runs ([`Walker::strong_run`]), which compare as they go and
//! hand any other member to the walk. [`scan`] reads one line at a time,
//! which is all a list on one line needs; [`scan_lines`], for a list on
//! several, reads the lines that are one run each in a single loop
//! ([`Walker::strong_run_lines`]). There is one second reading, for
//! speed alone: once the walker
//! has read [`PLAIN_AFTER`] tags in a row on a line, a strong one comes
//! next, and at least [`PLAIN_MIN_LEN`] bytes are left, the rest of the
//! line is tried as a
//! [plain](mod@super::plain) line, whose tags are counted and searched sixteen
//! bytes at a time instead of one by one. A dense list of short tags
//! (`"a","b",…`, 4 bytes a tag: the hostile input of this crate) costs the
//! walker about 45 instructions a tag, over 11 a byte; the block check and
//! search together under 4 a byte. The block check decides only lines it
//! proves plain; anything else, and every error, is the walker's. The
//! oracle tests in `list::tests` check both readings against a naive walk.

use crate::abnf::swar::same_bytes;
use crate::error::{ErrorKind, ParseError};
use crate::etag::{Comparison, EntityTag, Span};

use super::plain;
use super::walk::Walker;

/// What a whole list says, checked against one entity-tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// The walker reads this many tags in a row on a line before the rest of it
/// may be tried as a plain line.
const PLAIN_AFTER: usize = 8;

/// The rest of a line is tried as a plain line only from this many bytes:
/// the block check costs more than it saves on a few tags.
const PLAIN_MIN_LEN: usize = 256;

/// Reads the whole list once, comparing each tag with `current` by the
/// given comparison function; stops only at the end or at the first error.
/// Each line is read apart ([`scan_line`]): what a list on one line needs.
/// A list on several lines is read faster by [`scan_lines`].
pub(crate) fn scan<'a, L>(
    lines: L,
    current: Option<&EntityTag<'_>>,
    comparison: Comparison,
) -> ListScan<'a>
where
    L: Iterator<Item = &'a [u8]>,
{
    let mut search = Search::new(current, comparison);
    let mut walker = Walker::default();
    for (n, line) in lines.enumerate() {
        let read = walker.start_line(n);
        if let Err((kind, at)) = read.and_then(|()| scan_line(&mut walker, &mut search, line)) {
            return ListScan::Malformed(ParseError::new(kind, at).on_line(n));
        }
    }
    finish(&walker, search)
}

/// [`scan`] for a list on several lines: the lines that are one run each
/// are read in one loop ([`Walker::strong_run_lines`]).
pub(crate) fn scan_lines<'a, L>(
    lines: L,
    current: Option<&EntityTag<'_>>,
    comparison: Comparison,
) -> ListScan<'a>
where
    L: Iterator<Item = &'a [u8]>,
{
    let mut search = Search::new(current, comparison);
    let mut walker = Walker::default();
    let mut lines = lines;
    // Lines that are one run each, then the first that is not, walked from
    // where the run stopped.
    let mut taken = 0;
    while let Some((line, start)) = run_lines(&mut walker, &mut search, &mut lines, &mut taken) {
        let n = taken - 1;
        let read = walker.start_line(n);
        let walked = read.and_then(|()| {
            if start == line.len() {
                Ok(())
            } else {
                walk_line(&mut walker, &mut search, line, start)
            }
        });
        if let Err((kind, at)) = walked {
            return ListScan::Malformed(ParseError::new(kind, at).on_line(n));
        }
    }
    finish(&walker, search)
}

/// What the walk of a whole list and its search say.
#[inline(always)]
fn finish<'a>(walker: &Walker, search: Search<'a, '_>) -> ListScan<'a> {
    if walker.is_any() {
        return ListScan::Any;
    }
    ListScan::Tags {
        members: walker.members(),
        matched: search.matched,
    }
}

/// [`Walker::strong_run_lines`], with the first member that is the tag
/// searched for recorded in `search`. Compiled into [`scan_lines`], so
/// that one set-up serves both.
#[inline(always)]
fn run_lines<'a, L: Iterator<Item = &'a [u8]>>(
    walker: &mut Walker,
    search: &mut Search<'a, '_>,
    lines: &mut L,
    taken: &mut usize,
) -> Option<(&'a [u8], usize)> {
    let target = search.opaque().unwrap_or(&[]);
    let mut found = None;
    let stopped = walker.strong_run_lines(lines, taken, target, search.target.len(), &mut found);
    if let Some((member, opaque)) = found {
        search.matched(member, EntityTag::from_checked_parts(false, opaque));
    }
    stopped
}

/// The members of one line, counted and compared, with the walker; when
/// its first members are strong tags and much of the line is left, the
/// rest is tried as a plain line.
#[inline(never)]
fn scan_line<'a>(
    walker: &mut Walker,
    search: &mut Search<'a, '_>,
    line: &'a [u8],
) -> Result<(), (ErrorKind, usize)> {
    // Most lines of a list of hashes are one run, read without the rest of
    // the walk, which goes on from where the run stopped.
    if walker.may_run(line, 0, search.target.len()) {
        run_then_walk(walker, search, line)
    } else {
        walk_line(walker, search, line, 0)
    }
}

/// [`scan_line`] of a line that starts with a run.
#[inline(never)]
fn run_then_walk<'a>(
    walker: &mut Walker,
    search: &mut Search<'a, '_>,
    line: &'a [u8],
) -> Result<(), (ErrorKind, usize)> {
    let start = run::<true>(walker, search, line, 0);
    if start == line.len() {
        return Ok(());
    }
    walk_line(walker, search, line, start)
}

/// The rest of [`scan_line`], from `line[start]` on.
#[inline(never)]
fn walk_line<'a>(
    walker: &mut Walker,
    search: &mut Search<'a, '_>,
    line: &'a [u8],
    start: usize,
) -> Result<(), (ErrorKind, usize)> {
    // Local copies, so that the loop keeps them in registers.
    let mut walk = *walker;
    let mut len = search.len;
    let mut i = start;
    // A line of tags other than a run's is walked, and a long one of short
    // tags is tried as a plain line once the walk has read `PLAIN_AFTER`
    // tags. After a run (which `scan_line` tried first), the tag that
    // stopped it is read alone, then maybe another run.
    let long = line.len() >= PLAIN_MIN_LEN;
    let mut plain_limit = PLAIN_AFTER;
    let walked = |plain_limit| if long { plain_limit } else { usize::MAX };
    let mut limit = if start > 0 { 1 } else { walked(plain_limit) };
    let result = loop {
        let before = walk.members();
        let tags = walk.tags(line, i, limit, |span, member| {
            if span.opaque_len() == len && search.compare(line, span, member) {
                len = usize::MAX;
            }
        });
        i = match tags {
            Ok(i) => i,
            Err(e) => break Err(e),
        };
        if walk.members() - before == limit && line.get(i) == Some(&b'"') {
            if limit == 1 {
                // Back to a run, if the next tags make one.
                let next = run::<false>(&mut walk, search, line, i);
                len = search.len;
                if next == line.len() {
                    break Ok(());
                }
                limit = if next != i { 1 } else { walked(plain_limit) };
                i = next;
                continue;
            }
            // `PLAIN_AFTER` tags in a row (so not after `*`), and a strong
            // one next.
            plain_limit = usize::MAX;
            limit = walked(plain_limit);
            if line.len() - i >= PLAIN_MIN_LEN {
                if let Some(tags) = read_plain(walk.members(), search, &line[i..]) {
                    walk.add_tags(tags);
                    break Ok(());
                }
            }
            continue;
        }
        match walk.next(line, i) {
            Ok(Some(found)) => {
                if let Some(span) = found.tag {
                    if span.opaque_len() == len && search.compare(line, span, walk.members()) {
                        len = usize::MAX;
                    }
                }
                i = found.next;
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    *walker = walk;
    result
}

/// [`Walker::strong_run`] from `line[i]`, with the first member that is
/// the tag searched for recorded in `search`: where it stopped.
#[inline(always)]
fn run<'a, const IN_LINE: bool>(
    walk: &mut Walker,
    search: &mut Search<'a, '_>,
    line: &'a [u8],
    i: usize,
) -> usize {
    let target = search.opaque().unwrap_or(&[]);
    let (next, found) = walk.strong_run::<IN_LINE>(line, i, target, search.target.len());
    if let Some((member, quote)) = found {
        let opaque = &line[quote + 1..quote + 1 + target.len()];
        search.matched(member, EntityTag::from_checked_parts(false, opaque));
    }
    next
}

/// The rest of a line, after `members` members, as a plain line: its tags,
/// with the first that matches recorded in `search`; `None` (having
/// changed nothing) if it is not plain.
#[inline(never)]
fn read_plain<'a>(members: usize, search: &mut Search<'a, '_>, rest: &'a [u8]) -> Option<usize> {
    let plain = plain::read(rest, search.opaque())?;
    if let Some(at) = plain.found {
        let member = members + plain::count_quotes(&rest[..at]) / 2 + 1;
        let tag = EntityTag::from_checked_parts(false, &rest[at + 1..at + 1 + search.len]);
        search.matched(member, tag);
    }
    Some(plain.tags)
}

/// The tag a member must match, and the first member that did.
struct Search<'a, 't> {
    /// The opaque-tag that matches.
    target: &'t [u8],
    /// Its length; `usize::MAX` when nothing can match (any more).
    len: usize,
    /// Whether a weak member can match (weak comparison).
    weak_matches: bool,
    matched: Option<(usize, EntityTag<'a>)>,
}

impl<'a, 't> Search<'a, 't> {
    fn new(current: Option<&EntityTag<'t>>, comparison: Comparison) -> Self {
        match current.and_then(|c| comparison.target(c)) {
            Some((target, weak_matches)) => Search {
                target,
                len: target.len(),
                weak_matches,
                matched: None,
            },
            None => Search {
                target: &[],
                len: usize::MAX,
                weak_matches: false,
                matched: None,
            },
        }
    }

    /// The opaque-tag still searched for, if any.
    fn opaque(&self) -> Option<&'t [u8]> {
        (self.len != usize::MAX).then_some(self.target)
    }

    /// Member number `member`, found at `span` in `line`, has the length of
    /// the tag searched for: the comparison function decides (RFC 9110
    /// §8.8.3.2). Whether it matched.
    #[inline(always)]
    fn compare(&mut self, line: &'a [u8], span: Span, member: usize) -> bool {
        // Tags of one length often differ in their first byte.
        if line.get(span.quote + 1) != self.target.first() && !self.target.is_empty() {
            return false;
        }
        if span.weak && !self.weak_matches {
            return false;
        }
        let tag = span.tag(line);
        if !same_bytes(tag.opaque(), self.target) {
            return false;
        }
        self.matched(member, tag);
        true
    }

    /// The first match; nothing else is compared after it.
    fn matched(&mut self, member: usize, tag: EntityTag<'a>) {
        self.matched = Some((member, tag));
        self.len = usize::MAX;
    }
}
