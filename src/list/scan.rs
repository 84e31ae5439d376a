//! The evaluator's reading of a whole `If-Match` / `If-None-Match` list:
//! is it `*`, malformed, or a list of how many members, and which member
//! is the first to match the current entity-tag (RFC 9110 §13.1.1,
//! §13.1.2)?
//!
//! It gives what [`Members`](super::Members) gives, member by member, with
//! the same walker ([`Walker`]), and compares each tag as the walker reads
//! it. A long line is first tried as a [plain](super::plain) line: when it
//! is one, its tags are counted and searched sixteen bytes at a time
//! instead of one by one. That check is the only second reading of the
//! grammar, and it exists for speed alone: a line of dense short tags
//! (`"a","b",…`, the hostile input of this crate) costs the walker about 35
//! instructions per tag, nine per byte, and the block check under three
//! per byte. It never decides a line it has not proven plain, and every
//! error comes from the walker. The oracle tests in `list::tests` check
//! the two readings against each other and against a naive walk.

use crate::error::{ErrorKind, ParseError};
use crate::etag::{Comparison, EntityTag};

use super::walk::Walker;
use super::{plain, Member};

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

/// Lines shorter than this go straight to the walker: the block check
/// costs more than it saves on a few tags.
const PLAIN_MIN_LEN: usize = 64;

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
    let mut search = Search::new(current, comparison);
    let mut walker = Walker::default();
    for (n, line) in lines.enumerate() {
        if let Err((kind, at)) = scan_line(&mut walker, &mut search, line) {
            return ListScan::Malformed(ParseError::new(kind, at).on_line(n));
        }
    }
    if walker.is_any() {
        return ListScan::Any;
    }
    ListScan::Tags {
        members: walker.members(),
        matched: search.matched,
    }
}

/// The members of one line, counted and compared.
#[inline(always)]
fn scan_line<'a>(
    walker: &mut Walker,
    search: &mut Search<'a, '_>,
    line: &'a [u8],
) -> Result<(), (ErrorKind, usize)> {
    if line.len() >= PLAIN_MIN_LEN && !walker.is_any() && scan_plain(walker, search, line) {
        return Ok(());
    }
    let mut i = 0;
    while let Some(found) = walker.next(line, i)? {
        if let Member::Tag(tag) = found.member {
            search.compare(tag, walker.members());
        }
        i = found.next;
    }
    Ok(())
}

/// [`scan_line`] for a plain line; `false` (having changed nothing) if
/// `line` is not plain.
#[inline(never)]
fn scan_plain<'a>(walker: &mut Walker, search: &mut Search<'a, '_>, line: &'a [u8]) -> bool {
    let Some(tags) = plain::count_tags(line) else {
        return false;
    };
    if let Some(at) = search.opaque().and_then(|opaque| plain::find_tag(line, opaque)) {
        let member = walker.members() + plain::count_quotes(&line[..at]) / 2 + 1;
        let tag = EntityTag::from_checked_parts(false, &line[at + 1..at + 1 + search.len]);
        search.matched(member, tag);
    }
    walker.add_tags(tags);
    true
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

    /// Member number `member` is `tag`: the comparison function decides
    /// (RFC 9110 §8.8.3.2), for tags of the right length only.
    #[inline(always)]
    fn compare(&mut self, tag: EntityTag<'a>, member: usize) {
        if tag.opaque().len() == self.len
            && (self.weak_matches || !tag.is_weak())
            && tag.opaque() == self.target
        {
            self.matched(member, tag);
        }
    }

    /// The first match; nothing else is compared after it.
    fn matched(&mut self, member: usize, tag: EntityTag<'a>) {
        self.matched = Some((member, tag));
        self.len = usize::MAX;
    }
}
