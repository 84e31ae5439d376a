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
//! Why: call a quote *closing* if a separator (or the end) follows it and
//! *opening* otherwise; the first row says an opening quote follows a
//! separator and a closing one does not. A byte of the last row only
//! follows such a byte or an opening quote, and only such a byte or a
//! closing quote can follow it (a separator or an opening quote must follow
//! a separator, and an opening quote is not followed by a separator): so
//! each maximal run of them lies between an opening and a closing quote,
//! which is a `tag`; and an opening quote is followed by such a run or by
//! its closing quote (`""`). A closing quote is followed by a comma or the
//! end (SP must follow a separator); a separator is followed by a
//! separator, an opening quote, or the end. That is `plain`, and each row
//! holds in every plain line.
//!
//! The rules are a few byte comparisons, with no branch, for every byte:
//! the compiler turns the loops over fixed-size blocks below into vector
//! instructions (SSE2 on any x86-64), about 2.7 instructions per byte for
//! the check and the count together. Lines that are not plain (weak tags,
//! commas inside tags, HTAB, OWS before a comma, errors) are left to the
//! walker, which reads them exactly.

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

/// The number of tags of `line` if it is plain, `None` if it is not.
///
/// For lines of at least `BLOCK + 2` bytes; shorter ones are not worth it
/// (`None`).
pub(crate) fn count_tags(line: &[u8]) -> Option<usize> {
    let len = line.len();
    if len < BLOCK + 2 {
        return None;
    }
    let last = line[len - 1];
    // The first and the last byte, next to the edges.
    if breaks_rules(EDGE, line[0], line[1]) || breaks_rules(line[len - 2], last, EDGE) {
        return None;
    }
    if !may_end(last) {
        return None;
    }
    let mut quotes = usize::from(line[0] == b'"') + usize::from(last == b'"');
    let mut broken = [0u8; BLOCK];
    // The bytes in between, in whole blocks: `line[1..=whole]`.
    let whole = (len - 2) / BLOCK * BLOCK;
    let mut lo = 0;
    while lo < whole {
        let hi = whole.min(lo + BLOCKS_PER_SUM * BLOCK);
        let mut lanes = [0u8; BLOCK];
        let before = line[lo..hi].chunks_exact(BLOCK);
        let bytes = line[lo + 1..hi + 1].chunks_exact(BLOCK);
        let after = line[lo + 2..hi + 2].chunks_exact(BLOCK);
        for ((p, b), n) in before.zip(bytes).zip(after) {
            check_block(as_block(p), as_block(b), as_block(n), &mut broken, &mut lanes);
        }
        quotes += lanes_sum(&lanes);
        lo = hi;
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
    if broken.iter().fold(0, |any, &x| any | x) != 0 {
        return None;
    }
    Some(quotes / 2)
}

/// The first tag of the plain line `line` whose opaque-tag is `opaque`: the
/// index of its opening quote.
///
/// In a plain line a quote followed by an `etagc` byte other than a comma
/// opens a tag, and `""` is an empty tag; so a quote, then the bytes of
/// `opaque` (which has no quote), then a quote, is a tag equal to `opaque`.
/// An `opaque` with a comma matches no tag of a plain line.
pub(crate) fn find_tag(line: &[u8], opaque: &[u8]) -> Option<usize> {
    let len = opaque.len();
    if memchr::memchr(b',', opaque).is_some() || line.len() < len + 2 {
        return None;
    }
    // A tag may open at `line[..=last]`.
    let last = line.len() - len - 2;
    // Candidates: a quote, the first and the last byte of `opaque`, and a
    // quote; for an empty `opaque`, two quotes.
    let (first_byte, last_byte) = match opaque {
        [] => (b'"', b'"'),
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
    };
    let is_tag = |i: usize| {
        line[i] == b'"' && line[i + len + 1] == b'"' && &line[i + 1..i + 1 + len] == opaque
    };
    let candidates = |i: usize| -> [u8; BLOCK] {
        let quote = block_at(line, i);
        let first = block_at(line, i + 1);
        let last = block_at(line, i + len);
        let close = block_at(line, i + len + 1);
        core::array::from_fn(|j| {
            u8::from(
                (quote[j] == b'"')
                    & (first[j] == first_byte)
                    & (last[j] == last_byte)
                    & (close[j] == b'"'),
            )
        })
    };
    let mut i = 0;
    while i + BLOCK <= last + 1 {
        let hits = candidates(i);
        if hits.iter().fold(0, |any, &x| any | x) != 0 {
            if let Some(j) = (0..BLOCK).find(|&j| hits[j] != 0 && is_tag(i + j)) {
                return Some(i + j);
            }
        }
        i += BLOCK;
    }
    (i..=last).find(|&i| is_tag(i))
}

/// Quotes in `s`, counted sixteen bytes at a time.
pub(crate) fn count_quotes(s: &[u8]) -> usize {
    let mut groups = s.chunks_exact(BLOCKS_PER_SUM * BLOCK);
    let mut count: usize = groups.by_ref().map(quotes_in_group).sum();
    let rest = groups.remainder();
    let whole = rest.len() / BLOCK * BLOCK;
    count += quotes_in_group(&rest[..whole]);
    count + rest[whole..].iter().filter(|&&b| b == b'"').count()
}

/// Quotes in at most `BLOCKS_PER_SUM` whole blocks.
#[inline(always)]
fn quotes_in_group(group: &[u8]) -> usize {
    let mut lanes = [0u8; BLOCK];
    for block in group.chunks_exact(BLOCK) {
        for j in 0..BLOCK {
            lanes[j] = lanes[j].wrapping_add(u8::from(block[j] == b'"'));
        }
    }
    lanes_sum(&lanes)
}
