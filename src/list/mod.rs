//! The `If-Match` / `If-None-Match` list, walked lazily across field lines.
//!
//! RFC 9110 §5.3: several field lines of one name form one comma-separated
//! list, in order. RFC 9110 §5.6.1: list members are separated by commas with
//! optional whitespace, and a recipient ignores empty elements. The members
//! here are `*` or entity-tags; an entity-tag may itself contain a comma, so
//! the walk is quote-aware. Nothing is joined or copied.
//!
//! - [`walk`](mod@walk): the one walker, member by member: separators, the
//!   lines of one list, and `*` alone. Tags are [`crate::etag`]'s grammar.
//! - [`Members`] (here): the public iterator over the walker.
//! - [`scan`](mod@scan): the evaluator's reading of a whole list, on the same
//!   walker.
//! - [`plain`](mod@plain): the block check that lets `scan` count and search
//!   long, plain lines without walking them (why it exists: the docs of
//!   [`scan`](mod@scan)).

mod plain;
mod scan;
mod walk;

pub(crate) use scan::{scan, scan_lines, ListScan};

use crate::abnf::trim_ows;
use crate::error::ParseError;
use crate::etag::{whole_tag, EntityTag};
use walk::Walker;

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
/// // `*` is the whole field or invalid: a tag after it, or a comma.
/// let mut mixed = Members::new([&b"*"[..], b"\"a\""]);
/// assert_eq!(mixed.next(), Some(Ok(Member::Any)));
/// assert!(mixed.next().unwrap().is_err());
/// assert_eq!(mixed.next(), None);
/// assert!(Members::new([&b"*,"[..]]).next().unwrap().is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Members<'a, L> {
    lines: L,
    /// The current line.
    line: &'a [u8],
    /// Where the walk goes on in it.
    at: usize,
    /// Index of the current line; `usize::MAX` before the first.
    index: usize,
    walker: Walker,
    /// An error was returned; the iterator is finished.
    failed: bool,
}

impl<'a, L: Iterator<Item = &'a [u8]>> Members<'a, L> {
    /// Walks the members of the given field lines, in arrival order.
    pub fn new<I: IntoIterator<IntoIter = L>>(lines: I) -> Self {
        Members {
            lines: lines.into_iter(),
            line: &[],
            at: 0,
            index: usize::MAX,
            walker: Walker::default(),
            failed: false,
        }
    }
}

impl<'a, L: Iterator<Item = &'a [u8]>> Iterator for Members<'a, L> {
    type Item = Result<Member<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let (kind, at) = loop {
            match self.walker.next(self.line, self.at) {
                Ok(Some(found)) => {
                    self.at = found.next;
                    return Some(Ok(found.member(self.line)));
                }
                // RFC 9110 §5.3: the list goes on in the next line (which
                // is an error after `*`).
                Ok(None) => {
                    self.line = self.lines.next()?;
                    self.at = 0;
                    self.index = self.index.wrapping_add(1);
                    if let Err(e) = self.walker.start_line(self.index) {
                        break e;
                    }
                    // Most lines are one entity-tag: read from both ends,
                    // as the walk would read it.
                    if let Some(tag) = whole_tag(trim_ows(self.line)) {
                        self.walker.add_tags(1);
                        self.at = self.line.len();
                        return Some(Ok(Member::Tag(tag)));
                    }
                }
                Err(e) => break e,
            }
        };
        self.failed = true;
        Some(Err(ParseError::new(kind, at).on_line(self.index)))
    }
}

impl<'a, L: Iterator<Item = &'a [u8]>> core::iter::FusedIterator for Members<'a, L> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abnf::{is_etagc, is_ows};
    use crate::error::ErrorKind;
    use crate::etag::Comparison;
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
        for lines in [
            &["*, \"a\""][..],
            &["\"a\", *"],
            &["*", "*"],
            &["\"a\"", "*"],
        ] {
            let err = members(lines).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::StarNotAlone, "{lines:?}");
        }
        assert_eq!(members(&["  *  "]), Ok(1));
        assert_eq!(members(&["\t*"]), Ok(1));
    }

    // RFC 9110 §13.1.1, §13.1.2, CHOICES 3: `"*" / #entity-tag`: the list
    // rule's empty elements are `#entity-tag`'s, so `*` is one line that is
    // `*` (with OWS around it), and a comma or another line beside it, even
    // an empty one, makes the field invalid, where the error is
    #[test]
    fn star_is_the_whole_field_or_invalid() {
        for (lines, line, offset) in [
            (&["*,"][..], 0, 1),
            (&["* ,"], 0, 2),
            (&[", *"], 0, 2),
            (&[" ,, *"], 0, 4),
            (&["*, *"], 0, 1),
            (&["*", ""], 1, 0),
            (&["*", " "], 1, 0),
            (&["*", " ,"], 1, 0),
            (&["", "*"], 1, 0),
            (&[" ", " *"], 1, 1),
        ] {
            let err = members(lines).unwrap_err();
            assert_eq!(
                (err.kind(), err.line(), err.offset()),
                (ErrorKind::StarNotAlone, line, offset),
                "{lines:?}"
            );
            let joined = lines.join("|");
            check_against_oracle(joined.as_bytes());
        }
        // Something other than a comma after `*` is what it always was.
        let err = members(&["* x"]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::ExpectedComma, 2));
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
        assert_eq!(
            members(&["**"]).unwrap_err().kind(),
            ErrorKind::ExpectedComma
        );
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

    /// The list walk as first written (one `position` per separator run, a
    /// search for the closing quote, then a check of the opaque-tag): the
    /// oracle for the fast walk in `Members` and `scan`.
    fn oracle(lines: &[&[u8]]) -> Vec<Result<Member<'static>, ParseError>> {
        fn tag(input: &[u8]) -> Result<(Member<'_>, usize), ParseError> {
            let (weak, start) = match input {
                [b'W', b'/', b'"', ..] => (true, 3),
                [b'"', ..] => (false, 1),
                _ => return Err(ParseError::new(ErrorKind::ExpectedEntityTag, 0)),
            };
            let body = &input[start..];
            let Some(len) = body.iter().position(|&b| b == b'"') else {
                return Err(ParseError::new(ErrorKind::UnterminatedTag, start - 1));
            };
            let opaque = &body[..len];
            if let Some(at) = opaque.iter().position(|&b| !is_etagc(b)) {
                return Err(ParseError::new(ErrorKind::InvalidTagByte, start + at));
            }
            Ok((
                Member::Tag(EntityTag::from_checked_parts(weak, opaque)),
                start + len + 1,
            ))
        }
        let mut out = Vec::new();
        let (mut count, mut any) = (0, false);
        for (n, line) in lines.iter().enumerate() {
            let line: &'static [u8] = Vec::leak(line.to_vec());
            // A line after `*`: `*` is the whole field or invalid.
            if any {
                out.push(Err(ParseError::new(ErrorKind::StarNotAlone, 0).on_line(n)));
                return out;
            }
            let mut at = 0;
            loop {
                at += line[at..]
                    .iter()
                    .position(|&b| !(is_ows(b) || b == b','))
                    .unwrap_or(line.len() - at);
                if at == line.len() {
                    break;
                }
                let err = |kind, off| Err(ParseError::new(kind, off).on_line(n));
                let (member, len) = if line[at] == b'*' {
                    (Member::Any, 1)
                } else {
                    match tag(&line[at..]) {
                        Ok(parsed) => parsed,
                        Err(e) => {
                            out.push(err(e.kind(), at + e.offset()));
                            return out;
                        }
                    }
                };
                if any || (member == Member::Any && count > 0) {
                    out.push(err(ErrorKind::StarNotAlone, at));
                    return out;
                }
                // `*` only as the first line's first byte after OWS.
                let first = n == 0 && line[..at].iter().all(|&b| is_ows(b));
                if member == Member::Any && !first {
                    out.push(err(ErrorKind::StarNotAlone, at));
                    return out;
                }
                let after = at + len;
                let ows = line[after..]
                    .iter()
                    .position(|&b| !is_ows(b))
                    .unwrap_or(line.len() - after);
                // Nothing after `*` but OWS: a comma is an empty element.
                if member == Member::Any && line.get(after + ows) == Some(&b',') {
                    out.push(err(ErrorKind::StarNotAlone, after + ows));
                    return out;
                }
                if line.get(after + ows).is_some_and(|&b| b != b',') {
                    out.push(err(ErrorKind::ExpectedComma, after + ows));
                    return out;
                }
                out.push(Ok(member));
                at = after + ows;
                count += 1;
                any = member == Member::Any;
            }
        }
        out
    }

    /// What `scan` should say, from the oracle's members.
    fn oracle_scan<'a>(
        members: &[Result<Member<'a>, ParseError>],
        current: Option<&EntityTag<'_>>,
        comparison: Comparison,
    ) -> ListScan<'a> {
        let mut matched = None;
        for (i, m) in members.iter().enumerate() {
            match m {
                Err(e) => return ListScan::Malformed(*e),
                Ok(Member::Any) => {}
                Ok(Member::Tag(t)) => {
                    let hit = current.is_some_and(|c| match comparison {
                        Comparison::Strong => t.strong_eq(c),
                        Comparison::Weak => t.weak_eq(c),
                    });
                    if hit && matched.is_none() {
                        matched = Some((i + 1, *t));
                    }
                }
            }
        }
        if members.first() == Some(&Ok(Member::Any)) && members.len() == 1 {
            return ListScan::Any;
        }
        ListScan::Tags {
            members: members.len(),
            matched,
        }
    }

    /// Checks `Members` and `scan` against the oracle; `|` splits lines.
    fn check_against_oracle(input: &[u8]) {
        check_against_oracle_with(input, &[]);
    }

    /// [`check_against_oracle`], with `scan` also given each of `currents`.
    fn check_against_oracle_with(input: &[u8], currents: &[EntityTag<'_>]) {
        let lines: Vec<&[u8]> = input.split(|&b| b == b'|').collect();
        let expected = oracle(&lines);
        let got: Vec<_> = Members::new(lines.iter().copied()).collect();
        assert_eq!(
            got,
            expected,
            "Members on {:?}",
            String::from_utf8_lossy(input)
        );
        let fixed = [
            EntityTag::from_checked_parts(false, b"a"),
            EntityTag::from_checked_parts(true, b"a"),
            EntityTag::from_checked_parts(false, b""),
            EntityTag::from_checked_parts(false, b"aaaaaaaaaa"),
        ];
        let currents = fixed.iter().chain(currents).map(Some);
        for current in core::iter::once(None).chain(currents) {
            for comparison in [Comparison::Strong, Comparison::Weak] {
                let want = oracle_scan(&expected, current, comparison);
                let got = scan(lines.iter().copied(), current, comparison);
                assert_eq!(
                    got,
                    want,
                    "scan {:?} {current:?} {comparison:?}",
                    String::from_utf8_lossy(input)
                );
                let got = scan_lines(lines.iter().copied(), current, comparison);
                assert_eq!(
                    got,
                    want,
                    "scan_lines {:?} {current:?} {comparison:?}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    /// A xorshift generator: the same inputs on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
    }

    /// Opaque-tags of the generated lists: short, some of one length, none
    /// with a comma (those are added apart).
    const OPAQUES: [&[u8]; 9] = [
        b"",
        b"a",
        b"b",
        b"ab",
        b"a!b",
        b"\xff",
        b"aaaaaaaaaa",
        b"0123456789abcdef",
        b"W/x",
    ];

    /// A long list line: mostly what a plain line allows (strong tags, `,`
    /// and `, `, runs of empty elements), sometimes what it does not (weak
    /// tags, tags with a comma, OWS before a comma, HTAB, `*`).
    fn long_list(rng: &mut Rng) -> Vec<u8> {
        const PLAIN_SEPARATORS: [&[u8]; 4] = [b",", b", ", b",,", b", , "];
        const OTHER_SEPARATORS: [&[u8]; 3] = [b" ,", b",\t", b" , "];
        const OTHER_MEMBERS: [&[u8]; 4] = [b"W/\"a\"", b"\"a,b\"", b"*", b"W/\"\""];
        let members = 10 + rng.below(200);
        let odd = rng.below(4) == 0;
        let mut line = Vec::new();
        if rng.below(4) == 0 {
            line.extend_from_slice(rng.pick(&PLAIN_SEPARATORS));
        }
        for k in 0..members {
            if k > 0 {
                let separators: &[&[u8]] = if odd && rng.below(50) == 0 {
                    &OTHER_SEPARATORS
                } else {
                    &PLAIN_SEPARATORS
                };
                line.extend_from_slice(rng.pick(separators));
            }
            if odd && rng.below(50) == 0 {
                line.extend_from_slice(rng.pick(&OTHER_MEMBERS));
            } else {
                line.push(b'"');
                line.extend_from_slice(rng.pick(&OPAQUES));
                line.push(b'"');
            }
        }
        if rng.below(4) == 0 {
            line.extend_from_slice(rng.pick(&PLAIN_SEPARATORS));
        }
        line
    }

    /// `line` with a few bytes replaced, inserted or removed.
    fn mutate(rng: &mut Rng, line: &mut Vec<u8>) {
        const BYTES: [u8; 12] = [
            b'"', b'a', b',', b' ', b'W', b'/', b'*', b'\t', 0x7F, 0x00, b'!', 0xFF,
        ];
        for _ in 0..1 + rng.below(3) {
            if line.is_empty() {
                return;
            }
            let at = rng.below(line.len());
            match rng.below(3) {
                0 => line[at] = rng.pick(&BYTES),
                1 => line.insert(at, rng.pick(&BYTES)),
                _ => {
                    line.remove(at);
                }
            }
        }
    }

    // Every input of up to 5 bytes over the bytes that matter to the walk.
    #[test]
    fn fast_walk_agrees_with_the_oracle_on_every_short_input() {
        const ALPHABET: [u8; 10] = [b'"', b'a', b',', b' ', b'W', b'/', b'*', b'\t', 0x7F, b'|'];
        let mut input = Vec::new();
        for len in 0..=5u32 {
            for mut code in 0..ALPHABET.len().pow(len) {
                input.clear();
                for _ in 0..len {
                    input.push(ALPHABET[code % ALPHABET.len()]);
                    code /= ALPHABET.len();
                }
                check_against_oracle(&input);
            }
        }
    }

    // Longer inputs: long tags and separator runs cross the 8-byte steps.
    #[test]
    fn fast_walk_agrees_with_the_oracle_on_long_random_inputs() {
        const PIECES: [&[u8]; 19] = [
            b"\"a\"",
            b"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            b"\"aaaaaaaaaaaaaaaaaaaa a",
            b"\"aaaaaaaaaaa\x01",
            b"\"!!!!!!!!!!!!!!!!!!!!!!!!a!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\"",
            b"\"aaaaaaaaaa\"",
            b"W/\"aaaaaaaaaa\"",
            b"\"0123456789abcdef0123\"",
            b",",
            b", ",
            b" \t ",
            b",,,,,,,,,,,,",
            b"          ",
            b"\"",
            b"\x7f",
            b"\xff\x80",
            b"|",
            b"a",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut input = Vec::new();
        for _ in 0..20_000 {
            input.clear();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            for _ in 0..(r % 9) {
                r /= 9;
                input.extend_from_slice(PIECES[(r % 19) as usize]);
                r = r.rotate_left(17) ^ seed;
            }
            check_against_oracle(&input);
        }
    }

    // Inputs that once hung an intermediate fast walk: a weak tag left
    // unterminated after a strong one.
    #[test]
    fn unterminated_weak_tag_after_a_strong_one_ends_the_walk() {
        for input in [
            &b"\"a\",W/\"X9"[..],
            b"\"a\", W/\"X9",
            b"\"aaaaaaaaaaaaaaaaaa\",W/\"X9",
        ] {
            // The opening quote of `W/"X9`.
            let at = input.len() - 3;
            let got: Vec<_> = Members::new([input]).collect();
            assert_eq!(got.len(), 2, "{input:?}");
            let err = got[1].unwrap_err();
            assert_eq!((err.kind(), err.offset()), (ErrorKind::UnterminatedTag, at));
            let current = EntityTag::from_checked_parts(false, b"a");
            for comparison in [Comparison::Strong, Comparison::Weak] {
                match scan([input].into_iter(), Some(&current), comparison) {
                    ListScan::Malformed(e) => assert_eq!(e, err, "{input:?}"),
                    other => std::panic!("{input:?}: {other:?}"),
                }
            }
            check_against_oracle(input);
        }
    }

    #[test]
    fn scan_reports_the_first_matching_member() {
        let current = EntityTag::parse(b"\"b\"").unwrap();
        let lines: [&[u8]; 2] = [b"\"a\", W/\"b\"", b"\"b\""];
        for scan in [scan::<core::array::IntoIter<&[u8], 2>>, scan_lines] {
            let weak = scan(lines.into_iter(), Some(&current), Comparison::Weak);
            assert!(matches!(
                weak,
                ListScan::Tags {
                    members: 3,
                    matched: Some((2, _))
                }
            ));
            let strong = scan(lines.into_iter(), Some(&current), Comparison::Strong);
            assert!(matches!(
                strong,
                ListScan::Tags {
                    members: 3,
                    matched: Some((3, _))
                }
            ));
        }
        let any = scan([&b"*"[..]].into_iter(), None, Comparison::Weak);
        assert_eq!(any, ListScan::Any);
        let any = scan_lines([&b"*"[..]].into_iter(), None, Comparison::Weak);
        assert_eq!(any, ListScan::Any);
    }

    // Long lines take the walker's fast path and then the plain-line check;
    // with mutations, every error stays exact.
    #[test]
    fn long_lists_agree_with_the_oracle_with_and_without_mutations() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let currents: Vec<EntityTag<'static>> = OPAQUES
            .iter()
            .flat_map(|o| [false, true].map(|weak| EntityTag::from_checked_parts(weak, o)))
            .chain([EntityTag::from_checked_parts(false, b"zz")])
            .collect();
        for round in 0..1500 {
            let mut line = long_list(&mut rng);
            if round % 3 != 0 {
                mutate(&mut rng, &mut line);
            }
            // Sometimes two field lines, split at a byte that is a comma.
            if round % 5 == 0 {
                if let Some(at) = line.iter().rposition(|&b| b == b',') {
                    line[at] = b'|';
                }
            }
            let current = rng.pick(&currents);
            check_against_oracle_with(&line, &[current]);
        }
    }

    /// A list of hashes: `members` strong tags of `len` bytes each, after
    /// `, `, with the target in some places, tags that differ from it only
    /// in their last byte in others, and now and then a member of another
    /// kind (weak, another length, a `!`, OWS before the comma); then the
    /// line maybe mutated and split into field lines.
    fn hash_list(rng: &mut Rng, target: &[u8]) -> Vec<u8> {
        let len = target.len();
        let members = 1 + rng.below(40);
        let mut line = Vec::new();
        for k in 0..members {
            if k > 0 {
                let odd = rng.below(20) == 0;
                line.extend_from_slice(if odd {
                    rng.pick(&[&b","[..], b" , ", b",  "])
                } else {
                    b", "
                });
            }
            let mut opaque: Vec<u8> = (0..len).map(|_| rng.pick(b"0123456789abcdef")).collect();
            match rng.below(12) {
                0 => opaque.copy_from_slice(target),
                1 => {
                    opaque.copy_from_slice(target);
                    opaque[len - 1] ^= 1;
                }
                2 => opaque[0] = target[0],
                3 => line.extend_from_slice(b"W/"),
                4 => opaque.push(b'f'),
                5 => opaque[rng.below(len)] = b'!',
                _ => {}
            }
            line.push(b'"');
            line.extend_from_slice(&opaque);
            line.push(b'"');
        }
        if rng.below(8) == 0 {
            line.extend_from_slice(b", ");
        }
        if rng.below(3) == 0 {
            mutate(rng, &mut line);
        }
        if rng.below(5) == 0 {
            if let Some(at) = line.iter().rposition(|&b| b == b',') {
                line[at] = b'|';
            }
        }
        line
    }

    // The walker's runs of strong tags of one length (lists of hashes):
    // every length around the word steps, with the tag searched for, tags
    // one byte off, and members that end a run anywhere
    #[test]
    fn runs_of_hashes_agree_with_the_oracle() {
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        for round in 0..6000 {
            let len = [8, 9, 15, 16, 17, 23, 24, 25, 32, 40, 64][round % 11];
            let target: Vec<u8> = (0..len).map(|_| rng.pick(b"0123456789abcdef")).collect();
            let line = hash_list(&mut rng, &target);
            let currents = [
                EntityTag::from_checked_parts(false, &target),
                EntityTag::from_checked_parts(true, &target),
            ];
            check_against_oracle_with(&line, &currents);
        }
    }

    // RFC 9110 §5.3: a list of hashes split over several lines, most lines
    // one run each, the tag searched for on several of them, sometimes one
    // member of another kind, an empty line or `*`: the first match, the
    // count and every error as the naive walk has them
    #[test]
    fn runs_over_several_lines_agree_with_the_oracle() {
        let mut rng = Rng(0x0F1E_2D3C_4B5A_6978);
        for round in 0..3000 {
            let len = [8, 15, 16, 17, 24, 40][round % 6];
            let hex = |rng: &mut Rng| -> Vec<u8> {
                (0..len).map(|_| rng.pick(b"0123456789abcdef")).collect()
            };
            let target = hex(&mut rng);
            let lines = 2 + rng.below(5);
            let mut input = Vec::new();
            for l in 0..lines {
                if l > 0 {
                    input.push(b'|');
                }
                for k in 0..1 + rng.below(4) {
                    if k > 0 {
                        input.extend_from_slice(b", ");
                    }
                    let mut opaque = if rng.below(4) == 0 {
                        target.clone()
                    } else {
                        hex(&mut rng)
                    };
                    match rng.below(40) {
                        0 => input.extend_from_slice(b"W/"),
                        1 => opaque.push(b'f'),
                        2 => opaque[rng.below(len)] = 0x7F,
                        3 => opaque.clear(),
                        4 => {
                            input.push(b'*');
                            continue;
                        }
                        _ => {}
                    }
                    input.push(b'"');
                    input.extend_from_slice(&opaque);
                    input.push(b'"');
                }
            }
            let currents = [
                EntityTag::from_checked_parts(false, &target),
                EntityTag::from_checked_parts(true, &target),
            ];
            check_against_oracle_with(&input, &currents);
        }
    }

    /// The number of tags of `line` if it is in the `plain` grammar of
    /// `plain.rs`, read naively.
    fn naive_plain(line: &[u8]) -> Option<usize> {
        let sep = |b: u8| b == b',' || b == b' ';
        let mut i = 0;
        let mut tags = 0;
        while line.get(i).is_some_and(|&b| sep(b)) {
            i += 1;
        }
        loop {
            if i == line.len() {
                return Some(tags);
            }
            // A tag.
            if line[i] != b'"' {
                return None;
            }
            i += 1;
            while line.get(i).is_some_and(|&b| is_etagc(b) && b != b',') {
                i += 1;
            }
            if line.get(i) != Some(&b'"') {
                return None;
            }
            i += 1;
            tags += 1;
            // The end, or a comma and separators.
            if i == line.len() {
                return Some(tags);
            }
            if line[i] != b',' {
                return None;
            }
            while line.get(i).is_some_and(|&b| sep(b)) {
                i += 1;
            }
        }
    }

    // plain.rs: the local rules accept exactly the plain grammar, and a
    // plain line is a list of that many strong tags
    #[test]
    fn plain_lines_are_exactly_the_plain_grammar() {
        const ALPHABET: [u8; 10] = [b'"', b'a', b',', b' ', b'W', b'/', b'*', b'\t', 0x7F, b'!'];
        let contexts: [(&[u8], &[u8]); 4] = [
            (b"\"pp\", \"qq\", ", b", \"rr\""),
            (b"\"pp\", \"qq\"", b"\"rr\",,   "),
            (b", ,\"abcdefghijklmn", b"\""),
            (b"", b"                  "),
        ];
        let mut core = Vec::new();
        for len in 0..=4u32 {
            for mut code in 0..ALPHABET.len().pow(len) {
                core.clear();
                for _ in 0..len {
                    core.push(ALPHABET[code % ALPHABET.len()]);
                    code /= ALPHABET.len();
                }
                for (before, after) in contexts {
                    let line = [before, &core, after].concat();
                    let want = naive_plain(&line);
                    let got = plain::read(&line, None).map(|p| p.tags);
                    if line.len() >= 18 {
                        assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&line));
                    } else {
                        assert_eq!(got, None);
                    }
                    if let Some(tags) = want {
                        let members = oracle(&[&line]);
                        assert_eq!(members.len(), tags, "{:?}", String::from_utf8_lossy(&line));
                        assert!(members
                            .iter()
                            .all(|m| matches!(m, Ok(Member::Tag(t)) if !t.is_weak())));
                    }
                }
            }
        }
    }

    // plain.rs: the search finds the first tag equal to the one wanted,
    // whatever its length and wherever it is, blocks and tail alike
    #[test]
    fn plain_search_finds_the_first_equal_tag() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let wanted: [&[u8]; 8] = [
            b"",
            b"a",
            b"ab",
            b"a!b",
            b"aaaaaaaaaa",
            b"0123456789abcdef",
            b"zz",
            b"a,b",
        ];
        for _ in 0..3000 {
            let mut line = Vec::new();
            let members = 1 + rng.below(60);
            for k in 0..members {
                if k > 0 {
                    line.extend_from_slice(rng.pick(&[&b","[..], b", ", b",,"]));
                }
                line.push(b'"');
                line.extend_from_slice(rng.pick(&OPAQUES[..8]));
                line.push(b'"');
            }
            if line.len() < 18 {
                continue;
            }
            let wanted = rng.pick(&wanted);
            let members = oracle(&[&line]);
            let first = members
                .iter()
                .position(|m| matches!(m, Ok(Member::Tag(t)) if t.opaque() == wanted));
            let plain = plain::read(&line, Some(wanted)).expect("generated plain");
            assert_eq!(plain.tags, members.len());
            let found = plain.found.map(|at| plain::count_quotes(&line[..at]) / 2);
            assert_eq!(
                found,
                first,
                "{:?} in {:?}",
                String::from_utf8_lossy(wanted),
                String::from_utf8_lossy(&line)
            );
        }
    }

    // RFC 9110 §13.1.1: `*` then a long line of plain tags is malformed where
    // `*` stops being alone, however the rest of the line would be read
    // (found by the `tag_list` fuzz target)
    #[test]
    fn star_then_a_long_plain_line_is_malformed() {
        let plain = "\"a\",".repeat(100);
        for (lines, line, offset) in [
            (std::format!("*|{plain}"), 1, 0),
            (std::format!("*,|{plain}"), 0, 1),
            (std::format!("*|  {plain}"), 1, 0),
            (std::format!("*|\"b\", {plain}"), 1, 0),
        ] {
            check_against_oracle(lines.as_bytes());
            let err = members(&lines.split('|').collect::<Vec<_>>()).unwrap_err();
            assert_eq!(
                (err.kind(), err.line(), err.offset()),
                (ErrorKind::StarNotAlone, line, offset)
            );
        }
    }
}
