//! Entity-tags (RFC 9110 §8.8.3): the whole grammar of one tag, the two
//! comparison functions (§8.8.3.2) and the canonical form.
//!
//! ```text
//! entity-tag = [ weak ] opaque-tag
//! weak       = %s"W/"
//! opaque-tag = DQUOTE *etagc DQUOTE
//! etagc      = %x21 / %x23-7E / obs-text
//! ```
//!
//! [`tag_at`] is the one implementation of this grammar: [`EntityTag::parse`]
//! and the list walk (`crate::list`) both call it.

use core::fmt;

use crate::abnf::is_etagc;
use crate::abnf::swar::{first_marked, non_etagc_or_bang_bytes, same_bytes, word_at};
use crate::error::{ErrorKind, ParseError};

/// An entity-tag, borrowed from the bytes it was parsed from.
///
/// RFC 9110 §8.8.3 (<https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3>):
///
/// ```text
/// entity-tag = [ weak ] opaque-tag
/// weak       = %s"W/"
/// opaque-tag = DQUOTE *etagc DQUOTE
/// etagc      = %x21 / %x23-7E / obs-text
/// ```
///
/// The opaque-tag is kept without its quotes, as bytes: obs-text (0x80-0xFF)
/// is allowed and need not be UTF-8. `W/` is case-sensitive, and `""` is a
/// valid (empty) tag.
///
/// # Comparison
///
/// RFC 9110 §8.8.3.2 defines two comparison functions; the table below is its
/// own example, and the unit tests check every row:
///
/// | ETag 1  | ETag 2  | [`strong_eq`](Self::strong_eq) | [`weak_eq`](Self::weak_eq) |
/// |---------|---------|--------------|------------|
/// | `W/"1"` | `W/"1"` | no match     | match      |
/// | `W/"1"` | `W/"2"` | no match     | no match   |
/// | `W/"1"` | `"1"`   | no match     | match      |
/// | `"1"`   | `"1"`   | match        | match      |
///
/// `==` is neither of them: it says the two tags are *identical* (same
/// weakness, same opaque-tag). Use `strong_eq` or `weak_eq` to decide whether
/// two tags match.
///
/// # Examples
///
/// ```
/// use http_conditional::EntityTag;
///
/// let stored = EntityTag::parse(b"\"v7\"")?;
/// let sent = EntityTag::parse(b"W/\"v7\"")?;
/// assert!(sent.is_weak());
/// assert_eq!(sent.opaque(), b"v7");
/// assert!(sent.weak_eq(&stored));
/// assert!(!sent.strong_eq(&stored));
/// assert_eq!(sent.to_string(), "W/\"v7\"");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EntityTag<'a> {
    weak: bool,
    opaque: &'a [u8],
}

impl<'a> EntityTag<'a> {
    /// Parses exactly one entity-tag, with nothing before or after it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ExpectedEntityTag`] if the input does not start with `"`
    /// or `W/"`, [`ErrorKind::UnterminatedTag`], [`ErrorKind::InvalidTagByte`]
    /// for a byte that `etagc` does not allow, and
    /// [`ErrorKind::TrailingData`] for anything after the closing quote.
    ///
    /// ```
    /// use http_conditional::{EntityTag, ErrorKind};
    /// assert!(EntityTag::parse(b"\"\"").is_ok());
    /// assert_eq!(EntityTag::parse(b"w/\"x\"").unwrap_err().kind(), ErrorKind::ExpectedEntityTag);
    /// assert_eq!(EntityTag::parse(b"\"a b\"").unwrap_err().offset(), 2);
    /// ```
    pub fn parse(input: &'a [u8]) -> Result<Self, ParseError> {
        match tag_at(input, 0) {
            Ok((tag, len)) if len == input.len() => Ok(tag),
            Ok((_, len)) => Err(ParseError::new(ErrorKind::TrailingData, len)),
            Err((kind, at)) => Err(ParseError::new(kind, at)),
        }
    }

    /// A tag from bytes the crate has already checked to be `etagc`.
    pub(crate) const fn from_checked_parts(weak: bool, opaque: &'a [u8]) -> Self {
        EntityTag { weak, opaque }
    }

    /// A strong entity-tag with the given opaque-tag (the bytes between the
    /// quotes).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidTagByte`] if a byte is not `etagc` (a control
    /// byte, SP, `"` or DEL); the offset is its index in `opaque`.
    ///
    /// ```
    /// use http_conditional::EntityTag;
    /// let tag = EntityTag::strong(b"v7").unwrap();
    /// assert_eq!(tag.to_string(), "\"v7\"");
    /// assert!(EntityTag::strong(b"no spaces").is_err());
    /// ```
    pub fn strong(opaque: &'a [u8]) -> Result<Self, ParseError> {
        check_opaque(opaque)?;
        Ok(EntityTag {
            weak: false,
            opaque,
        })
    }

    /// A weak entity-tag with the given opaque-tag.
    ///
    /// # Errors
    ///
    /// As for [`EntityTag::strong`].
    ///
    /// ```
    /// use http_conditional::EntityTag;
    /// assert_eq!(EntityTag::weak(b"v7").unwrap().to_string(), "W/\"v7\"");
    /// ```
    pub fn weak(opaque: &'a [u8]) -> Result<Self, ParseError> {
        check_opaque(opaque)?;
        Ok(EntityTag { weak: true, opaque })
    }

    /// Whether the tag carries the weakness indicator `W/` (RFC 9110 §8.8.1).
    pub const fn is_weak(&self) -> bool {
        self.weak
    }

    /// The opaque-tag without its quotes.
    pub const fn opaque(&self) -> &'a [u8] {
        self.opaque
    }

    /// The same opaque-tag, marked weak (never `W/W/`).
    ///
    /// ```
    /// use http_conditional::EntityTag;
    /// let tag = EntityTag::parse(b"W/\"x\"").unwrap();
    /// assert_eq!(tag.to_weak().to_string(), "W/\"x\"");
    /// ```
    pub const fn to_weak(self) -> Self {
        EntityTag {
            weak: true,
            opaque: self.opaque,
        }
    }

    /// Strong comparison (RFC 9110 §8.8.3.2): both tags are strong and their
    /// opaque-tags are identical, byte for byte.
    #[inline]
    pub fn strong_eq(&self, other: &EntityTag<'_>) -> bool {
        !self.weak && !other.weak && same_bytes(self.opaque, other.opaque)
    }

    /// Weak comparison (RFC 9110 §8.8.3.2): the opaque-tags are identical,
    /// whether or not either tag is weak.
    #[inline]
    pub fn weak_eq(&self, other: &EntityTag<'_>) -> bool {
        same_bytes(self.opaque, other.opaque)
    }

    /// The length of the canonical form: `W/` if weak, then the quoted
    /// opaque-tag.
    pub const fn encoded_len(&self) -> usize {
        self.opaque.len() + 2 + if self.weak { 2 } else { 0 }
    }

    /// Writes the canonical form into `buf` and returns the bytes written, or
    /// `None` if `buf` is shorter than [`encoded_len`](Self::encoded_len).
    ///
    /// Unlike `Display`, this is exact for opaque-tags that are not UTF-8.
    ///
    /// ```
    /// use http_conditional::EntityTag;
    /// let tag = EntityTag::weak(b"caf\xe9").unwrap();
    /// let mut buf = [0u8; 16];
    /// assert_eq!(tag.encode_into(&mut buf), Some(&b"W/\"caf\xe9\""[..]));
    /// ```
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let len = self.encoded_len();
        let out = buf.get_mut(..len)?;
        let prefix: &[u8] = if self.weak { b"W/\"" } else { b"\"" };
        out[..prefix.len()].copy_from_slice(prefix);
        out[prefix.len()..len - 1].copy_from_slice(self.opaque);
        out[len - 1] = b'"';
        Some(out)
    }
}

/// Which comparison function an entity-tag condition uses (RFC 9110
/// §8.8.3.2).
///
/// ```
/// use http_conditional::Comparison;
/// assert_eq!(Comparison::Weak.describe(), "weak comparison");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Both tags strong and identical: `If-Match`, `If-Range`.
    Strong,
    /// Identical opaque-tags, weakness aside: `If-None-Match`.
    Weak,
}

impl Comparison {
    /// `"strong comparison"` or `"weak comparison"`.
    pub const fn describe(self) -> &'static str {
        match self {
            Comparison::Strong => "strong comparison",
            Comparison::Weak => "weak comparison",
        }
    }

    /// What a tag must be to match `current` by this function: its
    /// opaque-tag, and whether it may be weak; `None` if no tag can match
    /// (strong comparison with a weak `current`). RFC 9110 §8.8.3.2.
    #[inline]
    pub(crate) fn target<'c>(self, current: &EntityTag<'c>) -> Option<(&'c [u8], bool)> {
        match self {
            Comparison::Weak => Some((current.opaque, true)),
            Comparison::Strong if current.weak => None,
            Comparison::Strong => Some((current.opaque, false)),
        }
    }
}

/// The entity-tag that starts at `input[p]`, and the index just past its
/// closing quote; or what is wrong and where (an index into `input`). See
/// [`tag_span`].
#[inline]
pub(crate) fn tag_at(input: &[u8], p: usize) -> Result<(EntityTag<'_>, usize), (ErrorKind, usize)> {
    let span = tag_span(input, p)?;
    Ok((span.tag(input), span.end + 1))
}

/// Where an entity-tag lies in its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    /// It starts with `W/`.
    pub(crate) weak: bool,
    /// The index of its opening quote.
    pub(crate) quote: usize,
    /// The index of its closing quote.
    pub(crate) end: usize,
}

impl Span {
    /// The length of the opaque-tag.
    #[inline(always)]
    pub(crate) const fn opaque_len(&self) -> usize {
        self.end - self.quote - 1
    }

    /// The tag, from the input the span was found in.
    #[inline(always)]
    pub(crate) fn tag<'a>(&self, input: &'a [u8]) -> EntityTag<'a> {
        EntityTag {
            weak: self.weak,
            opaque: &input[self.quote + 1..self.end],
        }
    }
}

/// The entity-tag that starts at `input[p]`: where it lies, or what is
/// wrong and where (an index into `input`).
///
/// The one implementation of the grammar (RFC 9110 §8.8.3): `W/` is
/// case-sensitive, and the first `"` after the opening one closes the tag.
/// Errors: [`ErrorKind::ExpectedEntityTag`] at `p` if the input does not
/// start with `"` or `W/"` there; otherwise those of [`opaque_end`].
#[inline(always)]
pub(crate) fn tag_span(input: &[u8], p: usize) -> Result<Span, (ErrorKind, usize)> {
    let (weak, quote) = match input.get(p) {
        Some(b'"') => (false, p),
        Some(b'W') if input.get(p + 1..p + 3) == Some(b"/\"") => (true, p + 2),
        _ => return Err((ErrorKind::ExpectedEntityTag, p)),
    };
    let end = opaque_end(input, quote)?;
    Ok(Span { weak, quote, end })
}

/// The opaque-tag whose opening quote is `input[quote]`: the index of its
/// closing quote (the first `"` after `quote`); or
/// [`ErrorKind::UnterminatedTag`] at `quote` if there is none, or
/// [`ErrorKind::InvalidTagByte`] at the first byte before it that is not
/// `etagc`.
///
/// ```text
/// opaque-tag = DQUOTE *etagc DQUOTE       ; RFC 9110 §8.8.3
/// ```
#[inline(always)]
pub(crate) fn opaque_end(input: &[u8], quote: usize) -> Result<usize, (ErrorKind, usize)> {
    match scan_opaque(input, quote + 1) {
        Opaque::Closed(end) => Ok(end),
        Opaque::Invalid(at) => Err((ErrorKind::InvalidTagByte, at)),
        Opaque::Unterminated => Err((ErrorKind::UnterminatedTag, quote)),
    }
}

/// [`opaque_end`] when the opaque-tag is probably `len` bytes long (the
/// length of the tag before it in a list of hashes): `Some` of the index of
/// its closing quote if it is, which is when the byte `len` after the
/// opening quote is a `"` and every byte before it is `etagc` other than
/// `!` (so that `"` is the first one); `None` when it is not, or is not
/// known to be, and [`opaque_end`] must read the tag. The bytes are checked
/// eight at a time with no branch between the words.
#[inline(always)]
pub(crate) fn opaque_end_if_len(input: &[u8], quote: usize, len: usize) -> Option<usize> {
    // An `end` that wraps around is below the start, and `get` refuses it.
    let end = quote.wrapping_add(1).wrapping_add(len);
    if len < 8 || input.get(end) != Some(&b'"') {
        return None;
    }
    let opaque = input.get(quote + 1..end)?;
    plain_opaque(opaque, len > 16).then_some(end)
}

/// Whether `opaque`, eight bytes or more, is all `etagc` other than `!`
/// (which is `etagc`, but is checked byte by byte elsewhere): the first and
/// the last word (all of an opaque-tag of 8 to 16 bytes), then, if `long`
/// (more than 16 bytes), the ones between, with no branch between the
/// words. `false` for fewer than eight bytes.
#[inline(always)]
pub(crate) fn plain_opaque(opaque: &[u8], long: bool) -> bool {
    let len = opaque.len();
    let (Some(first), Some(last)) = (word_at(opaque, 0), word_at(opaque, len.wrapping_sub(8)))
    else {
        return false;
    };
    let mut marks = non_etagc_or_bang_bytes(first) | non_etagc_or_bang_bytes(last);
    if long {
        let mut i = 8;
        while let Some(w) = word_at(opaque, i).filter(|_| i + 8 < len) {
            marks |= non_etagc_or_bang_bytes(w);
            i += 8;
        }
    }
    marks == 0
}

/// How an opaque-tag that starts at `start` (after its opening quote) ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opaque {
    /// At the closing quote, at this index; every byte before it is `etagc`.
    Closed(usize),
    /// There is a closing quote, but this byte before it is not `etagc`.
    Invalid(usize),
    /// There is no closing quote.
    Unterminated,
}

/// Finds the closing quote of the opaque-tag starting at `input[start]` and
/// checks the bytes before it: the first `"` after `start` closes the tag
/// (RFC 9110 §8.8.3), and a byte that is not `etagc` before it is an error.
///
/// Tags are short: eight bytes are checked at a time (the last eight of the
/// input when fewer are left); past a few words, `memchr` finds the quote
/// and one branch-free pass (which vectorizes) checks the bytes, so a long
/// tag, or a quote that never closes, costs about one `memchr` pass.
#[inline(always)]
fn scan_opaque(input: &[u8], start: usize) -> Opaque {
    // Where the last word of the input starts.
    let Some(last_word) = input.len().checked_sub(8) else {
        return scan_opaque_short(input, start);
    };
    let mut i = start;
    for _ in 0..WORDS {
        if i > last_word {
            return scan_opaque_end(input, i, last_word);
        }
        let w = u64::from_le_bytes(input[i..i + 8].try_into().expect("eight bytes"));
        let stop = non_etagc_or_bang_bytes(w);
        if stop == 0 {
            i += 8;
            continue;
        }
        let at = first_marked(i, stop);
        let b = byte_marked(w, stop);
        if b == b'"' {
            return Opaque::Closed(at);
        }
        if b != b'!' {
            return invalid_or_unterminated(input, at);
        }
        // `!` is valid, if rare: go on after it.
        i = at + 1;
    }
    scan_opaque_long(input, i)
}

/// Words of eight checked before `memchr` takes over.
const WORDS: usize = 8;

/// The byte of `w` that a non-zero `mask` marks first.
#[inline(always)]
const fn byte_marked(w: u64, mask: u64) -> u8 {
    (w >> (mask.trailing_zeros() & 0x38)) as u8
}

/// [`scan_opaque`] when fewer than eight bytes are left from `i` (which is
/// past `last_word`, where the input's last word starts): that word,
/// without its bytes before `i` (checked already).
#[inline(always)]
fn scan_opaque_end(input: &[u8], i: usize, last_word: usize) -> Opaque {
    if i >= input.len() {
        return Opaque::Unterminated;
    }
    let w = u64::from_le_bytes(input[last_word..].try_into().expect("eight bytes"));
    let mut stop = non_etagc_or_bang_bytes(w) & (u64::MAX << (8 * (i - last_word)));
    while stop != 0 {
        let b = byte_marked(w, stop);
        if b == b'"' {
            return Opaque::Closed(first_marked(last_word, stop));
        }
        if b != b'!' {
            return invalid_or_unterminated(input, first_marked(last_word, stop));
        }
        // `!` is valid: the next one.
        stop &= stop - 1;
    }
    Opaque::Unterminated
}

/// [`scan_opaque`] in an input shorter than a word.
#[inline(never)]
fn scan_opaque_short(input: &[u8], mut i: usize) -> Opaque {
    while let Some(&b) = input.get(i) {
        if b == b'"' {
            return Opaque::Closed(i);
        }
        if !is_etagc(b) {
            return invalid_or_unterminated(input, i);
        }
        i += 1;
    }
    Opaque::Unterminated
}

/// A long opaque-tag: `memchr` for the quote, then one check of the bytes.
#[inline(never)]
fn scan_opaque_long(input: &[u8], i: usize) -> Opaque {
    let Some(len) = memchr::memchr(b'"', &input[i..]) else {
        return Opaque::Unterminated;
    };
    let body = &input[i..i + len];
    if body.iter().fold(true, |ok, &b| ok & is_etagc(b)) {
        return Opaque::Closed(i + len);
    }
    let at = body.iter().position(|&b| !is_etagc(b)).unwrap_or(0);
    Opaque::Invalid(i + at)
}

/// `input[i]` is a byte that `etagc` does not allow: an error either way,
/// and which one depends on whether a closing quote follows.
#[cold]
fn invalid_or_unterminated(input: &[u8], i: usize) -> Opaque {
    if memchr::memchr(b'"', &input[i + 1..]).is_some() {
        Opaque::Invalid(i)
    } else {
        Opaque::Unterminated
    }
}

/// Checks that every byte is `etagc`; the error offset is relative to
/// `opaque`.
fn check_opaque(opaque: &[u8]) -> Result<(), ParseError> {
    // A branch-free pass first (it vectorizes); find the position only on
    // failure.
    if opaque.iter().fold(true, |ok, &b| ok & is_etagc(b)) {
        return Ok(());
    }
    let at = opaque.iter().position(|&b| !is_etagc(b)).unwrap_or(0);
    Err(ParseError::new(ErrorKind::InvalidTagByte, at))
}

/// The canonical form, `W/"…"` or `"…"`. Bytes of the opaque-tag that are
/// not UTF-8 are written as U+FFFD; use [`EntityTag::encode_into`] for the
/// exact bytes.
/// The whole of `input` as one entity-tag, when it is exactly one: the
/// usual `If-None-Match` / `If-Match` value, read from both ends without
/// walking it as a list. `None` for anything else (a list, `*`, anything
/// malformed), which the full grammar ([`tag_at`], the list walker) then
/// reads and explains. It accepts exactly what [`EntityTag::parse`]
/// accepts: a quote at each end, `W/` before the first, and only `etagc`
/// bytes between, so no `"` (RFC 9110 §8.8.3).
#[inline(always)]
pub(crate) fn whole_tag(input: &[u8]) -> Option<EntityTag<'_>> {
    let (weak, opaque) = match input {
        [b'W', b'/', b'"', opaque @ .., b'"'] => (true, opaque),
        [b'"', opaque @ .., b'"'] => (false, opaque),
        _ => return None,
    };
    checked_tag(weak, opaque)
}

/// The entity-tag with this weakness and opaque-tag, if every byte of the
/// opaque-tag is `etagc` (RFC 9110 §8.8.3): the check of [`whole_tag`],
/// for a caller that has found the quotes itself.
#[inline(always)]
pub(crate) fn checked_tag(weak: bool, opaque: &[u8]) -> Option<EntityTag<'_>> {
    all_etagc(opaque).then_some(EntityTag { weak, opaque })
}

/// Whether every byte is `etagc`: eight at a time, the first and the last
/// word (which may overlap the others) first, then the ones between, up to
/// the first word with a byte marked. Only a `!` (valid, but marked with
/// the bytes that are not) sends the tag to the exact check.
#[inline(always)]
fn all_etagc(s: &[u8]) -> bool {
    let len = s.len();
    let (Some(first), Some(last)) = (word_at(s, 0), word_at(s, len.wrapping_sub(8))) else {
        return s.iter().all(|&b| is_etagc(b));
    };
    if non_etagc_or_bang_bytes(first) | non_etagc_or_bang_bytes(last) != 0 {
        return all_etagc_with_marks(s);
    }
    // Eight to sixteen bytes: the two words were all of them.
    if len <= 16 {
        return true;
    }
    let mut i = 8;
    while let Some(w) = word_at(s, i).filter(|_| i + 8 < len) {
        let marks = non_etagc_or_bang_bytes(w);
        if marks != 0 {
            // A list's `"` ends its first tag here, most often.
            return byte_marked(w, marks) == b'!' && all_etagc_with_marks(s);
        }
        i += 8;
    }
    true
}

/// [`all_etagc`] byte by byte, for bytes of which some were marked (a `!`
/// is `etagc`; every other marked byte is not).
#[inline(never)]
fn all_etagc_with_marks(s: &[u8]) -> bool {
    s.iter().all(|&b| is_etagc(b))
}

impl fmt::Display for EntityTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.weak {
            f.write_str("W/")?;
        }
        f.write_str("\"")?;
        for chunk in self.opaque.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;
    use std::vec;

    // RFC 9110 §8.8.3: the fast reading of a whole value accepts exactly
    // what the grammar accepts, on every input of up to 6 bytes over the
    // bytes that matter, and on long ones that cross the word steps
    #[test]
    fn whole_tag_accepts_exactly_what_parse_accepts() {
        const ALPHABET: [u8; 9] = [b'"', b'W', b'/', b'a', b'!', b' ', 0x7F, 0xFF, b','];
        let mut input = Vec::new();
        for len in 0..=6u32 {
            for mut code in 0..ALPHABET.len().pow(len) {
                input.clear();
                for _ in 0..len {
                    input.push(ALPHABET[code % ALPHABET.len()]);
                    code /= ALPHABET.len();
                }
                assert_eq!(
                    whole_tag(&input),
                    EntityTag::parse(&input).ok(),
                    "{input:?}"
                );
            }
        }
        for len in 0..40 {
            for bad in [None, Some(b'"'), Some(b' '), Some(0x7F), Some(b'!')] {
                for at in 0..len {
                    let mut opaque = vec![b'x'; len];
                    if let Some(b) = bad {
                        opaque[at] = b;
                    }
                    for prefix in [&b"\""[..], b"W/\""] {
                        let mut tag = prefix.to_vec();
                        tag.extend_from_slice(&opaque);
                        tag.push(b'"');
                        assert_eq!(whole_tag(&tag), EntityTag::parse(&tag).ok(), "{tag:?}");
                    }
                }
            }
        }
    }

    // RFC 9110 §8.8.3: a guessed length is taken only when it is where the
    // first `"` after the opening one is, with only `etagc` bytes before it;
    // the full scan then finds the same end
    #[test]
    fn a_guessed_length_agrees_with_the_scan() {
        for len in 0..40 {
            for bad in [
                None,
                Some(b'"'),
                Some(b' '),
                Some(0x7F),
                Some(b'!'),
                Some(0xFF),
            ] {
                for at in 0..len.max(1) {
                    let mut line = vec![b'"'];
                    line.extend(vec![b'x'; len]);
                    if let Some(b) = bad {
                        if at < len {
                            line[1 + at] = b;
                        }
                    }
                    line.extend_from_slice(b"\", \"yy\"");
                    for guess in [len.saturating_sub(1), len, len + 1, len + 4, usize::MAX] {
                        if let Some(end) = opaque_end_if_len(&line, 0, guess) {
                            assert_eq!(opaque_end(&line, 0), Ok(end), "{line:?} {guess}");
                            assert_eq!(end, 1 + guess);
                        }
                    }
                    let clean = bad.is_none() || bad == Some(0xFF);
                    if len >= 8 && clean {
                        assert_eq!(opaque_end_if_len(&line, 0, len), Some(1 + len), "{line:?}");
                    }
                }
            }
        }
    }

    fn tag(s: &str) -> EntityTag<'_> {
        EntityTag::parse(s.as_bytes()).unwrap()
    }

    // RFC 9110 §8.8.3.2: the example table of the comparison functions
    #[test]
    fn comparison_functions_follow_the_rfc_example_table() {
        const ROWS: [(&str, &str, bool, bool); 4] = [
            ("W/\"1\"", "W/\"1\"", false, true),
            ("W/\"1\"", "W/\"2\"", false, false),
            ("W/\"1\"", "\"1\"", false, true),
            ("\"1\"", "\"1\"", true, true),
        ];
        for (a, b, strong, weak) in ROWS {
            let (a, b) = (tag(a), tag(b));
            assert_eq!(a.strong_eq(&b), strong, "{a} {b}");
            assert_eq!(b.strong_eq(&a), strong, "{b} {a}");
            assert_eq!(a.weak_eq(&b), weak, "{a} {b}");
            assert_eq!(b.weak_eq(&a), weak, "{b} {a}");
        }
    }

    // RFC 9110 §8.8.3: the three example ETag values
    #[test]
    fn rfc_example_tags_parse() {
        assert_eq!(tag("\"xyzzy\"").opaque(), b"xyzzy");
        assert!(tag("W/\"xyzzy\"").is_weak());
        assert_eq!(tag("\"\"").opaque(), b"");
    }

    // RFC 9110 §8.8.3: weak = %s"W/" (case-sensitive)
    #[test]
    fn lowercase_weak_indicator_is_rejected() {
        let err = EntityTag::parse(b"w/\"x\"").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ExpectedEntityTag);
    }

    // RFC 9110 §8.8.3: opaque-tag = DQUOTE *etagc DQUOTE
    #[test]
    fn malformed_tags_report_kind_and_offset() {
        let cases: [(&[u8], ErrorKind, usize); 8] = [
            (b"xyzzy", ErrorKind::ExpectedEntityTag, 0),
            (b"", ErrorKind::ExpectedEntityTag, 0),
            (b"W/xyzzy", ErrorKind::ExpectedEntityTag, 0),
            (b"\"abc", ErrorKind::UnterminatedTag, 0),
            (b"W/\"abc", ErrorKind::UnterminatedTag, 2),
            (b"\"a\tb\"", ErrorKind::InvalidTagByte, 2),
            (b"W/\"ab\x7f\"", ErrorKind::InvalidTagByte, 5),
            (b"\"a\" ", ErrorKind::TrailingData, 3),
        ];
        for (input, kind, offset) in cases {
            let err = EntityTag::parse(input).unwrap_err();
            assert_eq!((err.kind(), err.offset()), (kind, offset), "{input:?}");
        }
    }

    // RFC 9110 §8.8.3: etagc includes obs-text and "," and "\"
    #[test]
    fn obs_text_comma_and_backslash_are_data() {
        let t = EntityTag::parse(b"\"a,\\\xff\"").unwrap();
        assert_eq!(t.opaque(), b"a,\\\xff");
        let mut buf = [0u8; 8];
        assert_eq!(t.encode_into(&mut buf), Some(&b"\"a,\\\xff\""[..]));
        assert_eq!(t.to_string(), "\"a,\\\u{FFFD}\"");
    }

    #[test]
    fn encode_into_refuses_a_short_buffer() {
        let t = tag("W/\"abc\"");
        assert_eq!(t.encoded_len(), 7);
        assert_eq!(t.encode_into(&mut [0u8; 6]), None);
    }
}
