//! Plain list lines, checked sixteen bytes at a time without walking their
//! members.
//!
//! Most long `If-None-Match` lists are *plain*: strong entity-tags with no
//! comma inside, each followed by a comma and maybe spaces.
//!
//! ```text
//! plain = *sep [ tag *( "," *sep tag ) [ "," *sep ] ]
//! sep   = "," / SP
//! tag   = DQUOTE *( etagc other than "," ) DQUOTE     ; RFC 9110 §8.8.3
//! ```
//!
//! Every plain line is a valid list (RFC 9110 §5.6.1: SP is OWS, and empty
//! elements are ignored) whose members are exactly its `tag`s, so a plain
//! line has one member per two quotes. What makes plain lines cheap is that
//! whether a byte belongs where it is depends only on its two neighbours,
//! with no state carried along the line. Counting the bytes before the
//! first and after the last as separators, a line is plain iff every byte
//! `b`, with `p` before it and `n` after it, obeys
//!
//! | `b`            | rule                                               |
//! |----------------|----------------------------------------------------|
//! | `"`            | exactly one of `p`, `n` is a separator            |
//! | `,`            | `p` is a separator or `"`                          |
//! | SP             | `p` is a separator                                 |
//! | any other byte | `p` is not a separator, and `b` is `etagc`         |
//!
//! and the line does not end with a byte of the last row.
//!
//! Why. Call a quote *closing* if a separator (or the end) follows it,
//! *opening* otherwise: the first row says that an opening quote follows a
//! separator (or the start) and a closing one does not. A byte of the last
//! row follows another one or an opening quote (a quote followed by it
//! opens). It is followed by another one or by a closing quote: not by a
//! comma or SP (rows 2 and 3), not by an opening quote (row 1), and not by
//! the end (the last rule). So each run of such bytes lies between an
//! opening and a closing quote: a `tag`; an opening quote followed by a
//! quote is `""`. A closing quote is followed by a comma or the end (SP
//! needs a separator before it). A separator is followed by a separator, an
//! opening quote, or the end (row 4 and row 1 rule out the rest), and so is
//! the start. That is `plain`; and every plain line obeys each row.
//!
//! The rules are a few byte comparisons, with no branch, for every byte:
//! the compiler turns the loops over fixed-size blocks below into vector
//! instructions (SSE2 on any x86-64; the loops are written in the one shape
//! that it was seen to vectorize, and `benches/callgrind.rs` measures
//! them). Lines that are not plain (weak tags, commas inside tags, HTAB,
//! OWS before a comma, `*`, errors) are left to the walker, which reads
//! them exactly.

/// Bytes per block: one 128-bit vector register.
const BLOCK: usize = 16;

/// Blocks counted in `u8` lanes before the lanes are added up.
const BLOCKS_PER_SUM: usize = 255;

/// The byte before the line or after it reads as a separator.
const EDGE: u8 = b',';

/// Whether `b`, between `p` and `n`, breaks the rules of a plain line.
#[inline(always)]
fn breaks_rules(p: u8, b: u8, n: u8) -> bool {
    let sep_p = (p == b',') | (p == b' ');
    let sep_n = (n == b',') | (n == b' ');
    let quote = b == b'"';
    let comma = b == b',';
    let space = b == b' ';
    // Not `etagc` (RFC 9110 §8.8.3), or SP: controls, SP, DEL.
    let not_etagc = (b <= b' ') | (b == 0x7F);
    (quote & (sep_p == sep_n))
        | (comma & !(sep_p | (p == b'"')))
        | (space & !sep_p)
        | (!(quote | comma | space) & (sep_p | not_etagc))
}

/// A byte that a plain line may end with.
#[inline(always)]
fn may_end(b: u8) -> bool {
    b == b'"' || b == b',' || b == b' '
}

/// The tag to find in a plain line: its opaque-tag and where a member
/// with it may start.
#[derive(Clone, Copy)]
struct Wanted<'t> {
    opaque: &'t [u8],
    /// The first byte of `opaque` (`"` for an empty one: `""`).
    first: u8,
}

impl<'t> Wanted<'t> {
    /// `None` for an opaque-tag no tag of a plain line can have (one with
    /// a comma), or that cannot fit in `line_len` bytes.
    fn new(opaque: &'t [u8], line_len: usize) -> Option<Self> {
        if memchr::memchr(b',', opaque).is_some() || opaque.len() + 2 > line_len {
            return None;
        }
        let first = opaque.first().copied().unwrap_or(b'"');
        Some(Wanted { opaque, first })
    }

    /// Whether the tag at `line[i]` is the one wanted: a quote, the
    /// opaque-tag, a quote. In a plain line a quote followed by an `etagc`
    /// byte other than a comma opens a tag, and `""` is an empty tag, so
    /// that is a member (once the line is known to be plain).
    #[inline(never)]
    fn is_at(&self, line: &[u8], i: usize) -> bool {
        let end = i + 1 + self.opaque.len();
        line.get(i) == Some(&b'"')
            && line.get(end) == Some(&b'"')
            && &line[i + 1..end] == self.opaque
    }

    /// The first tag of the plain `line` that is the one wanted: the index
    /// of its opening quote. Blocks of positions are filtered by three
    /// bytes (the quotes, and the first byte of the opaque-tag) before a
    /// match is confirmed; the last block overlaps the one before it.
    #[inline(never)]
    fn find(&self, line: &[u8]) -> Option<usize> {
        let len = self.opaque.len();
        // A tag may open at `line[..=last]`.
        let last = line.len() - len - 2;
        let positions = last + 1;
        if positions < BLOCK {
            return (0..=last).find(|&i| line[i] == b'"' && self.is_at(line, i));
        }
        let whole = positions / BLOCK * BLOCK;
        let quotes = line[..whole].chunks_exact(BLOCK);
        let firsts = line[1..whole + 1].chunks_exact(BLOCK);
        let closes = line[len + 1..whole + len + 1].chunks_exact(BLOCK);
        let blocks = quotes.zip(firsts).zip(closes).enumerate();
        for (k, ((quote, first), close)) in blocks {
            let at = k * BLOCK;
            let found = self.in_block(line, at, as_block(quote), as_block(first), as_block(close));
            if found.is_some() {
                return found;
            }
        }
        let at = positions - BLOCK;
        self.in_block(
            line,
            at,
            block_at(line, at),
            block_at(line, at + 1),
            block_at(line, at + len + 1),
        )
    }

    /// Of the positions `at..at + BLOCK`, given the blocks of bytes there
    /// (`quote`), one after (`first`) and `opaque.len() + 1` after
    /// (`close`), the first where the wanted tag is.
    #[inline(always)]
    fn in_block(
        &self,
        line: &[u8],
        at: usize,
        quote: &[u8; BLOCK],
        first: &[u8; BLOCK],
        close: &[u8; BLOCK],
    ) -> Option<usize> {
        let mut hits = [0u8; BLOCK];
        for j in 0..BLOCK {
            hits[j] = u8::from((quote[j] == b'"') & (first[j] == self.first) & (close[j] == b'"'));
        }
        if !any(hits) {
            return None;
        }
        (0..BLOCK)
            .find(|&j| hits[j] != 0 && self.is_at(line, at + j))
            .map(|j| at + j)
    }
}

/// What a plain line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plain {
    /// Its tags.
    pub(crate) tags: usize,
    /// The index of the opening quote of the first tag that is the one
    /// wanted, if any.
    pub(crate) found: Option<usize>,
}

/// One block: the bytes `b`, with `p` one byte before and `n` one after.
/// Marks rule breaks in `broken`, and counts quotes in `quotes`.
#[inline(always)]
fn check_block(
    p: &[u8; BLOCK],
    b: &[u8; BLOCK],
    n: &[u8; BLOCK],
    broken: &mut [u8; BLOCK],
    quotes: &mut [u8; BLOCK],
) {
    for j in 0..BLOCK {
        broken[j] |= breaks_rules(p[j], b[j], n[j]) as u8;
        quotes[j] = quotes[j].wrapping_add((b[j] == b'"') as u8);
    }
}

/// A chunk of `BLOCK` bytes as a block.
#[inline(always)]
fn as_block(chunk: &[u8]) -> &[u8; BLOCK] {
    chunk.try_into().expect("a chunk of BLOCK bytes")
}

/// The block of `BLOCK` bytes starting at `s[i]`.
#[inline(always)]
fn block_at(s: &[u8], i: usize) -> &[u8; BLOCK] {
    as_block(&s[i..i + BLOCK])
}

/// The sum of the lanes.
#[inline(always)]
fn lanes_sum(lanes: &[u8]) -> usize {
    lanes.iter().map(|&x| usize::from(x)).sum()
}

/// Whether any lane is set.
#[inline(always)]
fn any(lanes: [u8; BLOCK]) -> bool {
    u128::from_ne_bytes(lanes) != 0
}

/// What `line` holds if it is plain (its tags, and the first that is
/// `wanted`); `None` if it is not plain, or shorter than `BLOCK + 2` bytes.
pub(crate) fn read(line: &[u8], wanted: Option<&[u8]>) -> Option<Plain> {
    let tags = count_tags(line)?;
    let wanted = wanted.and_then(|opaque| Wanted::new(opaque, line.len()));
    let found = if tags == 0 {
        None
    } else {
        wanted.and_then(|w| w.find(line))
    };
    Some(Plain { tags, found })
}

/// The number of tags of `line` if it is plain; `None` if it is not, or
/// if it is shorter than `BLOCK + 2` bytes.
///
/// The blocks go over the bytes `line[1..len - 1]` (the first and the last
/// are checked next to the edges): the block at offset `o` checks the bytes
/// `o + 1..o + 1 + BLOCK`, each between the byte before and the byte after.
#[inline(never)]
fn count_tags(line: &[u8]) -> Option<usize> {
    let len = line.len();
    if len < BLOCK + 2 {
        return None;
    }
    let last = line[len - 1];
    if breaks_rules(EDGE, line[0], line[1])
        || breaks_rules(line[len - 2], last, EDGE)
        || !may_end(last)
    {
        return None;
    }
    let mut quotes = usize::from(line[0] == b'"') + usize::from(last == b'"');
    let mut broken = [0u8; BLOCK];
    // The whole blocks: `line[1..=whole]`, counted in `u8` lanes for up to
    // `BLOCKS_PER_SUM` blocks at a time.
    let whole = (len - 2) / BLOCK * BLOCK;
    let mut at = 0;
    while at < whole {
        let group_end = whole.min(at + BLOCKS_PER_SUM * BLOCK);
        let mut lanes = [0u8; BLOCK];
        let before = line[at..group_end].chunks_exact(BLOCK);
        let bytes = line[at + 1..group_end + 1].chunks_exact(BLOCK);
        let after = line[at + 2..group_end + 2].chunks_exact(BLOCK);
        for ((p, b), n) in before.zip(bytes).zip(after) {
            check_block(
                as_block(p),
                as_block(b),
                as_block(n),
                &mut broken,
                &mut lanes,
            );
        }
        quotes += lanes_sum(&lanes);
        // A line that breaks the rules early is not read to its end.
        if any(broken) {
            return None;
        }
        at = group_end;
    }
    // The rest of them, `line[whole + 1..len - 1]`: one more block that
    // ends at `len - 2` and overlaps the ones before; its first lanes were
    // counted already.
    let start = len - 1 - BLOCK;
    let mut lanes = [0u8; BLOCK];
    check_block(
        block_at(line, start - 1),
        block_at(line, start),
        block_at(line, start + 1),
        &mut broken,
        &mut lanes,
    );
    quotes += lanes_sum(&lanes[whole + 1 - start..]);
    if any(broken) {
        return None;
    }
    Some(quotes / 2)
}

/// Quotes in `s` (`memchr` counts them with vector instructions).
pub(crate) fn count_quotes(s: &[u8]) -> usize {
    memchr::memchr_iter(b'"', s).count()
}
