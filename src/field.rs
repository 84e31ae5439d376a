//! The request fields this crate reads, and how a caller hands them over.

use crate::abnf::swar::word_at;
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
///
/// `#[non_exhaustive]`: the crate may come to read more fields. A
/// [`FieldLines`] implementation looks fields up by [`name`](Field::name)
/// and needs no `match`.
#[non_exhaustive]
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
    ///
    /// Most names a request carries are rejected by their length alone,
    /// which is what makes one pass over a request's field lines cheap
    /// ([`FieldLines::gather`]).
    #[inline(always)]
    pub fn from_name(name: &[u8]) -> Option<Field> {
        classify(name, |field| field)
    }

    /// The field's position in [`FirstLines`].
    const fn index(self) -> usize {
        match self {
            Field::IfMatch => 0,
            Field::IfNoneMatch => 1,
            Field::IfModifiedSince => 2,
            Field::IfUnmodifiedSince => 3,
            Field::IfRange => 4,
            Field::Range => 5,
        }
    }

    /// Whether `name` is this field's name, compared case-insensitively.
    #[inline(always)]
    pub fn is_named(self, name: &[u8]) -> bool {
        let own = self.name().as_bytes();
        if own.len() != name.len() {
            return false;
        }
        match self {
            // Shorter than a word: byte by byte.
            Field::Range => own.iter().zip(name).all(|(&o, &n)| o | 0x20 == n | 0x20),
            // Words of eight bytes at 0, 8 and the end (they may overlap),
            // each one comparison of a word made lowercase at the letters.
            _ => {
                let [first, middle, last] = NAME_WORDS[self.index()];
                let (mid, tail) = (middle_of(name.len()), name.len() - 8);
                matches!(
                    (word_at(name, 0), word_at(name, mid), word_at(name, tail)),
                    (Some(a), Some(b), Some(c))
                        if a | first.1 == first.0 && b | middle.1 == middle.0 && c | last.1 == last.0
                )
            }
        }
    }
}

/// The field `name` names (case-insensitively, RFC 9110 §5.1), handed to
/// `found`; `None` for any other name. Most names are rejected by their
/// length alone; the others are compared a word at a time with the
/// registered names' words as constants, and `found` is called with a
/// constant field in each branch, so a caller that records the field (as
/// [`FieldLines::gather`] does) needs no second dispatch on it.
#[inline(always)]
fn classify<R>(name: &[u8], mut found: impl FnMut(Field) -> R) -> Option<R> {
    // The lengths of the six names, as bits: one test rejects most. The
    // shift wraps (a length of 77 tests bit 13), which only lets a few more
    // names through to the `match`, whose arms test the exact length.
    const LENGTHS: u64 = 1 << 5 | 1 << 8 | 1 << 13 | 1 << 17 | 1 << 19;
    let len = name.len();
    if LENGTHS & 1u64.wrapping_shl(len as u32) == 0 {
        return None;
    }
    // `is_named` with a constant field: its words become immediates.
    let is = |field: Field| field.is_named(name);
    match len {
        5 if is(Field::Range) => Some(found(Field::Range)),
        // If-Match and If-Range: one word each.
        8 if is(Field::IfMatch) => Some(found(Field::IfMatch)),
        8 if is(Field::IfRange) => Some(found(Field::IfRange)),
        13 if is(Field::IfNoneMatch) => Some(found(Field::IfNoneMatch)),
        17 if is(Field::IfModifiedSince) => Some(found(Field::IfModifiedSince)),
        19 if is(Field::IfUnmodifiedSince) => Some(found(Field::IfUnmodifiedSince)),
        _ => None,
    }
}

/// A word of a registered name in lowercase, and the bits that make a word
/// lowercase at the name's letters: `0x20` where the name has a letter, `0`
/// where it has `-` (which must match exactly: `\r` | `0x20` is `-`).
/// Bytes that are not letters cannot alias a letter under `| 0x20`: only
/// `A` and `a` become `a`.
type NameWord = (u64, u64);

/// Where the middle word of a name of `len` (8 to 24) bytes starts: at 8,
/// or at the last word when the name has no more than 16 bytes.
const fn middle_of(len: usize) -> usize {
    if len > 16 {
        8
    } else {
        len - 8
    }
}

/// [`NameWord`]s at 0, [`middle_of`] and the last eight bytes of each name
/// at least eight bytes long, by [`Field::index`] (`Range` unused): every
/// byte of the name is in one of them.
const NAME_WORDS: [[NameWord; 3]; 6] = {
    let mut words = [[(0, 0); 3]; 6];
    let fields = [
        Field::IfMatch,
        Field::IfNoneMatch,
        Field::IfModifiedSince,
        Field::IfUnmodifiedSince,
        Field::IfRange,
    ];
    let mut k = 0;
    while k < fields.len() {
        let name = fields[k].name().as_bytes();
        words[fields[k].index()] = [
            name_word(name, 0),
            name_word(name, middle_of(name.len())),
            name_word(name, name.len() - 8),
        ];
        k += 1;
    }
    words
};

/// The [`NameWord`] of `name[at..at + 8]`.
const fn name_word(name: &[u8], at: usize) -> NameWord {
    let (mut word, mut mask) = (0u64, 0u64);
    let mut i = 0;
    while i < 8 {
        let b = name[at + i];
        let case = if b.is_ascii_alphabetic() { 0x20 } else { 0 };
        word |= ((b | case) as u64) << (8 * i);
        mask |= (case as u64) << (8 * i);
        i += 1;
    }
    (word, mask)
}

impl core::fmt::Display for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the five preconditions of RFC 9110 §13.1: the fields whose
/// outcome a [`Trace`](crate::Trace) records.
///
/// Exhaustive on purpose: RFC 9110 defines exactly these five, and a
/// `match` over them should break if that ever changes.
///
/// ```
/// use http_conditional::{Field, Precondition};
/// assert_eq!(Precondition::ALL[0], Precondition::IfMatch);
/// assert_eq!(Field::from(Precondition::IfRange), Field::IfRange);
/// assert_eq!(Precondition::IfNoneMatch.to_string(), "If-None-Match");
/// assert_eq!(Precondition::try_from(Field::Range), Err(Field::Range));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precondition {
    /// `If-Match` (RFC 9110 §13.1.1), step 1 of §13.2.2.
    IfMatch,
    /// `If-Unmodified-Since` (RFC 9110 §13.1.4), step 2.
    IfUnmodifiedSince,
    /// `If-None-Match` (RFC 9110 §13.1.2), step 3.
    IfNoneMatch,
    /// `If-Modified-Since` (RFC 9110 §13.1.3), step 4.
    IfModifiedSince,
    /// `If-Range` (RFC 9110 §13.1.5), step 5.
    IfRange,
}

impl Precondition {
    /// The five, in the order RFC 9110 §13.2.2 evaluates them.
    pub const ALL: [Precondition; 5] = [
        Precondition::IfMatch,
        Precondition::IfUnmodifiedSince,
        Precondition::IfNoneMatch,
        Precondition::IfModifiedSince,
        Precondition::IfRange,
    ];

    /// The field that carries it.
    pub const fn field(self) -> Field {
        match self {
            Precondition::IfMatch => Field::IfMatch,
            Precondition::IfUnmodifiedSince => Field::IfUnmodifiedSince,
            Precondition::IfNoneMatch => Field::IfNoneMatch,
            Precondition::IfModifiedSince => Field::IfModifiedSince,
            Precondition::IfRange => Field::IfRange,
        }
    }

    /// The field name as registered (RFC 9110 §18.4).
    pub const fn name(self) -> &'static str {
        self.field().name()
    }

    /// The section of RFC 9110 that defines it.
    pub const fn section(self) -> &'static str {
        self.field().section()
    }
}

impl From<Precondition> for Field {
    fn from(precondition: Precondition) -> Field {
        precondition.field()
    }
}

/// The precondition a field carries; `Err` gives back `Range`, which is
/// not one.
impl TryFrom<Field> for Precondition {
    type Error = Field;

    fn try_from(field: Field) -> Result<Precondition, Field> {
        match field {
            Field::IfMatch => Ok(Precondition::IfMatch),
            Field::IfUnmodifiedSince => Ok(Precondition::IfUnmodifiedSince),
            Field::IfNoneMatch => Ok(Precondition::IfNoneMatch),
            Field::IfModifiedSince => Ok(Precondition::IfModifiedSince),
            Field::IfRange => Ok(Precondition::IfRange),
            Field::Range => Err(field),
        }
    }
}

impl core::fmt::Display for Precondition {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The request's header field lines, as the caller already holds them.
///
/// This is the sans-IO input: implement it for your header map and the
/// evaluator reads it, one field at a time. `lines` must yield every field
/// line of the given field, in the order they arrived, without joining them
/// (RFC 9110 §5.3); each item is one line's value.
///
/// It is implemented for slices and arrays of `(name, value)` pairs, where
/// names compare case-insensitively, for [`Pairs`] (any iterator of pairs,
/// such as `httparse::Header`s, in one line), and, with the `http` feature,
/// for `&http::HeaderMap`.
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

    /// The first line of every field the crate reads, and which have more:
    /// what [`evaluate`](fn@crate::evaluate) looks at first. The default asks
    /// [`lines`](Self::lines) once per field; a representation that can do
    /// it in one pass over the request (slices and [`Pairs`] do) should.
    fn gather(&self) -> FirstLines<'a> {
        gather_by_field(self)
    }
}

/// [`FieldLines::gather`] by [`lines`](FieldLines::lines), once per field:
/// the first two lines of each (a second one is all [`FirstLines`] keeps of
/// the rest).
pub(crate) fn gather_by_field<'a, H: FieldLines<'a> + ?Sized>(headers: &H) -> FirstLines<'a> {
    let mut first = FirstLines::new();
    for field in Field::ALL {
        for line in headers.lines(field).take(2) {
            first.push(field, line);
        }
    }
    first
}

/// What [`evaluate`](fn@crate::evaluate) needs to know of the request before
/// its steps run, gathered by [`FieldLines::gather`]: which fields it
/// carries, the first line of each precondition field, and which have more
/// than one line.
///
/// ```
/// use http_conditional::{Field, FieldLines, FirstLines, Precondition};
///
/// let headers = [("If-Match", "\"a\""), ("Accept", "*/*"), ("if-match", "\"b\"")];
/// let first: FirstLines = (&headers).gather();
/// assert_eq!(first.first(Precondition::IfMatch), Some(&b"\"a\""[..]));
/// assert!(first.has_more(Field::IfMatch));
/// assert!(!first.is_present(Field::Range));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FirstLines<'a> {
    // One named slot per field (not an array indexed at run time), so that
    // the optimizer can keep them in registers.
    if_match: Option<&'a [u8]>,
    if_none_match: Option<&'a [u8]>,
    if_modified_since: Option<&'a [u8]>,
    if_unmodified_since: Option<&'a [u8]>,
    if_range: Option<&'a [u8]>,
    /// Bit `Field::index`: a line was seen (`Range` is only ever looked
    /// for, never read).
    present: u8,
    /// Bit `Field::index`: a second line was seen.
    more: u8,
}

impl<'a> FirstLines<'a> {
    /// No field seen yet.
    pub const fn new() -> Self {
        FirstLines {
            if_match: None,
            if_none_match: None,
            if_modified_since: None,
            if_unmodified_since: None,
            if_range: None,
            present: 0,
            more: 0,
        }
    }

    /// Records a line of `field`, in arrival order: the first is kept, any
    /// other marks the field as having more.
    #[inline(always)]
    pub fn push(&mut self, field: Field, line: &'a [u8]) {
        let bit = 1 << field.index();
        if self.present & bit != 0 {
            self.more |= bit;
            return;
        }
        self.present |= bit;
        match field {
            Field::IfMatch => self.if_match = Some(line),
            Field::IfNoneMatch => self.if_none_match = Some(line),
            Field::IfModifiedSince => self.if_modified_since = Some(line),
            Field::IfUnmodifiedSince => self.if_unmodified_since = Some(line),
            Field::IfRange => self.if_range = Some(line),
            Field::Range => {}
        }
    }

    /// The first line of a precondition field, if the request has one.
    #[inline(always)]
    pub const fn first(&self, precondition: Precondition) -> Option<&'a [u8]> {
        match precondition {
            Precondition::IfMatch => self.if_match,
            Precondition::IfNoneMatch => self.if_none_match,
            Precondition::IfModifiedSince => self.if_modified_since,
            Precondition::IfUnmodifiedSince => self.if_unmodified_since,
            Precondition::IfRange => self.if_range,
        }
    }

    /// Whether the request has a line of `field`.
    #[inline(always)]
    pub const fn is_present(&self, field: Field) -> bool {
        self.present & (1 << field.index()) != 0
    }

    /// Whether the request has more than one line of `field`.
    pub const fn has_more(&self, field: Field) -> bool {
        self.more & (1 << field.index()) != 0
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
    name: NameKey,
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>> Iterator for SliceLines<'a, N, V> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let name = self.name;
        self.pairs
            .find(|(n, _)| name.matches(n.as_ref()))
            .map(|(_, value)| value.as_ref())
    }
}

/// A field's name as [`Field::is_named`] compares it, for an iterator that
/// compares it with many names: its length and words looked up once, not
/// for each name.
#[derive(Clone, Copy, Debug)]
struct NameKey {
    field: Field,
    len: usize,
    /// [`NAME_WORDS`] of the field.
    words: &'static [NameWord; 3],
}

impl NameKey {
    fn new(field: Field) -> Self {
        NameKey {
            field,
            len: field.name().len(),
            words: &NAME_WORDS[field.index()],
        }
    }

    /// [`Field::is_named`].
    #[inline(always)]
    fn matches(self, name: &[u8]) -> bool {
        let len = self.len;
        if name.len() != len {
            return false;
        }
        if len < 8 {
            return self.field.is_named(name);
        }
        let [first, middle, last] = *self.words;
        let word = |at: usize, (w, m): NameWord| word_at(name, at).is_some_and(|x| x | m == w);
        // Up to 16 bytes, the first and last words hold every byte.
        word(0, first) && word(len - 8, last) && (len <= 16 || word(8, middle))
    }
}

/// One pass over `(name, value)` pairs, each name classified by its length
/// first ([`Field::from_name`]).
#[inline(always)]
fn gather_pairs<'a, N: AsRef<[u8]>, V: AsRef<[u8]> + ?Sized + 'a>(
    pairs: impl Iterator<Item = (N, &'a V)>,
) -> FirstLines<'a> {
    let mut first = FirstLines::new();
    for (name, value) in pairs {
        classify(name.as_ref(), |field| first.push(field, value.as_ref()));
    }
    first
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>> FieldLines<'a> for &'a [(N, V)] {
    type Lines = SliceLines<'a, N, V>;

    fn lines(&self, field: Field) -> Self::Lines {
        SliceLines {
            pairs: self.iter(),
            name: NameKey::new(field),
        }
    }

    #[inline]
    fn gather(&self) -> FirstLines<'a> {
        // By index: the loop then keeps one pointer and one count, where
        // the iterator kept two pointers (6 instructions a line that is not
        // a conditional field, against 8; measured with callgrind).
        let mut first = FirstLines::new();
        let pairs: &'a [(N, V)] = self;
        let mut i = 0;
        while i < pairs.len() {
            let (name, value) = &pairs[i];
            classify(name.as_ref(), |field| first.push(field, value.as_ref()));
            i += 1;
        }
        first
    }
}

impl<'a, N: AsRef<[u8]>, V: AsRef<[u8]>, const K: usize> FieldLines<'a> for &'a [(N, V); K] {
    type Lines = SliceLines<'a, N, V>;

    fn lines(&self, field: Field) -> Self::Lines {
        (&self[..]).lines(field)
    }

    #[inline]
    fn gather(&self) -> FirstLines<'a> {
        (&self[..]).gather()
    }
}

/// [`FieldLines`] for any header type the crate does not know, from a
/// closure that lists the request's `(name, value)` pairs: for example
/// `httparse::Header`s, for which the orphan rule forbids an `impl` of
/// your own.
///
/// The closure is called once per look-up ([`FieldLines::gather`] makes
/// one pass; a field split over several lines gets one more).
///
/// ```
/// use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Pairs, Policy, Resource, Validators};
///
/// // A header type from another crate, say httparse's.
/// struct Header<'b> { name: &'b str, value: &'b [u8] }
/// let request = [Header { name: "If-None-Match", value: b"\"v7\"" }];
///
/// let headers = Pairs(|| request.iter().map(|h| (h.name, h.value)));
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate(Method::GET, headers, current, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.decision(), Decision::NotModified);
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Pairs<F>(pub F);

/// The lines of one field among [`Pairs`].
#[derive(Clone, Debug)]
pub struct PairLines<I> {
    pairs: I,
    name: NameKey,
}

impl<'a, I, N> Iterator for PairLines<I>
where
    I: Iterator<Item = (N, &'a [u8])>,
    N: AsRef<[u8]>,
{
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let name = self.name;
        self.pairs
            .find(|(n, _)| name.matches(n.as_ref()))
            .map(|(_, value)| value)
    }
}

impl<'a, F, I, N> FieldLines<'a> for Pairs<F>
where
    F: Fn() -> I,
    I: Iterator<Item = (N, &'a [u8])>,
    N: AsRef<[u8]>,
{
    type Lines = PairLines<I>;

    fn lines(&self, field: Field) -> PairLines<I> {
        PairLines {
            pairs: (self.0)(),
            name: NameKey::new(field),
        }
    }

    fn gather(&self) -> FirstLines<'a> {
        gather_pairs((self.0)())
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
        // The length filter's shift wraps at 64: a name 64 bytes longer
        // than a registered one gets past it, and no further.
        for field in Field::ALL {
            let mut long = field.name().as_bytes().to_vec();
            long.resize(long.len() + 64, b'x');
            assert_eq!(Field::from_name(&long), None, "{field}");
            long.truncate(field.name().len() + 32);
            assert_eq!(Field::from_name(&long), None, "{field}");
        }
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

    // RFC 9110 §5.1: the look-up of `lines` compares names as `is_named`
    // does, byte for byte, at every length
    #[test]
    fn name_keys_match_exactly_what_is_named_matches() {
        for field in Field::ALL {
            let key = NameKey::new(field);
            let own = field.name().as_bytes();
            for len in 0..own.len() + 9 {
                let mut name: Vec<u8> = own.iter().copied().cycle().take(len).collect();
                assert_eq!(
                    key.matches(&name),
                    field.is_named(&name),
                    "{field} {name:?}"
                );
                for at in 0..len {
                    for b in [0, b'-', b'\r', b'a', b'A', b'z', b'i', b'I', 0x80, 0xFF] {
                        let was = name[at];
                        name[at] = b;
                        assert_eq!(
                            key.matches(&name),
                            field.is_named(&name),
                            "{field} {name:?}"
                        );
                        name[at] = was ^ 0x20;
                        assert_eq!(
                            key.matches(&name),
                            field.is_named(&name),
                            "{field} {name:?}"
                        );
                        name[at] = was;
                    }
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
