//! Property tests of entity-tags and of `If-Match` / `If-None-Match` lists:
//! the algebra of the two comparison functions (RFC 9110 §8.8.3.2), the
//! canonical form, and the list rule across field lines (RFC 9110 §5.3,
//! §5.6.1).
//!
//! Opaque-tags are generated from bytes (`%x21 / %x23-7E / obs-text`), not
//! from `String`, so that obs-text that is not UTF-8 is exercised.

use http_conditional_testkit::list_reading;
use http_conditional_testkit::reference;
use http_conditional_testkit::render::split_lines;

use http_conditional::{
    evaluate, EntityTag, HttpDate, Member, Members, Method, Policy, Resource, Validators,
};
use proptest::prelude::*;
use proptest::sample::select;
use reference as r;

fn config(ci: u32, local: u32) -> ProptestConfig {
    ProptestConfig::with_cases(if std::env::var_os("CI").is_some() {
        ci
    } else {
        local
    })
}

/// One `etagc` byte (RFC 9110 §8.8.3).
fn etagc() -> impl Strategy<Value = u8> {
    prop_oneof![Just(0x21u8), 0x23u8..=0x7E, 0x80u8..=0xFF]
}

/// An opaque-tag: mostly from a tiny alphabet, so that pairs often match,
/// otherwise any `etagc` bytes.
fn opaque() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => select(vec![&b""[..], b"a", b"b", b"\xff", b"a,b"]).prop_map(<[u8]>::to_vec),
        2 => prop::collection::vec(etagc(), 0..12),
    ]
}

/// `[ weak ] opaque-tag` as (weak, opaque).
fn tag_parts() -> impl Strategy<Value = (bool, Vec<u8>)> {
    (any::<bool>(), opaque())
}

fn build(weak: bool, opaque: &[u8]) -> EntityTag<'_> {
    let tag = if weak {
        EntityTag::weak(opaque)
    } else {
        EntityTag::strong(opaque)
    };
    tag.expect("etagc bytes only")
}

fn encode(tag: &EntityTag<'_>) -> Vec<u8> {
    let mut buf = vec![0; tag.encoded_len()];
    tag.encode_into(&mut buf)
        .expect("encoded_len is enough")
        .to_vec()
}

/// Bytes that matter to the list and tag grammar, and some that do not.
fn noisy_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        8 => select(vec![b'"', b',', b' ', b'\t', b'W', b'/', b'*', b'a', b'b', 0xFF]),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..max)
}

/// Every item of a member walk, with errors reduced to "an error".
fn walk<'a>(lines: &[&'a [u8]]) -> Vec<Result<Member<'a>, ()>> {
    Members::new(lines.iter().copied())
        .map(|m| m.map_err(|_| ()))
        .collect()
}

proptest! {
    #![proptest_config(config(2_500, 500))]

    // RFC 9110 §8.8.3.2: a strong match is also a weak match
    #[test]
    fn strong_match_implies_weak_match(a in tag_parts(), b in tag_parts()) {
        let (a, b) = (build(a.0, &a.1), build(b.0, &b.1));
        if a.strong_eq(&b) {
            prop_assert!(a.weak_eq(&b));
        }
    }

    // RFC 9110 §8.8.3.2: both comparison functions are symmetric
    #[test]
    fn both_comparisons_are_symmetric(a in tag_parts(), b in tag_parts()) {
        let (a, b) = (build(a.0, &a.1), build(b.0, &b.1));
        prop_assert_eq!(a.strong_eq(&b), b.strong_eq(&a));
        prop_assert_eq!(a.weak_eq(&b), b.weak_eq(&a));
    }

    // RFC 9110 §8.8.3.2: the comparisons are exactly the RFC's definitions
    #[test]
    fn comparisons_follow_their_definitions(a in tag_parts(), b in tag_parts()) {
        let (x, y) = (build(a.0, &a.1), build(b.0, &b.1));
        prop_assert_eq!(x.weak_eq(&y), a.1 == b.1);
        prop_assert_eq!(x.strong_eq(&y), !a.0 && !b.0 && a.1 == b.1);
    }

    // RFC 9110 §8.8.3.2: weak comparison is reflexive; strong comparison of a
    // tag with itself holds exactly when the tag is strong
    #[test]
    fn weak_comparison_is_reflexive_and_strong_only_for_strong_tags((weak, opaque) in tag_parts()) {
        let tag = build(weak, &opaque);
        prop_assert!(tag.weak_eq(&tag));
        prop_assert_eq!(tag.strong_eq(&tag), !tag.is_weak());
        prop_assert_eq!(tag.is_weak(), weak);
        let weakened = tag.to_weak();
        prop_assert!(weakened.is_weak() && weakened.weak_eq(&tag) && !weakened.strong_eq(&tag));
    }

    // RFC 9110 §8.8.3: the canonical form parses back to the same tag
    #[test]
    fn parse_of_the_encoded_form_is_the_same_tag((weak, opaque) in tag_parts()) {
        let tag = build(weak, &opaque);
        let bytes = encode(&tag);
        prop_assert_eq!(bytes.len(), tag.encoded_len());
        prop_assert_eq!(EntityTag::parse(&bytes), Ok(tag));
        let mut short = vec![0; tag.encoded_len() - 1];
        prop_assert_eq!(tag.encode_into(&mut short), None);
        // Display writes the same bytes when the opaque-tag is UTF-8.
        let shown = tag.to_string();
        if std::str::from_utf8(&opaque).is_ok() {
            prop_assert_eq!(shown.as_bytes(), &bytes[..]);
            prop_assert_eq!(EntityTag::parse(shown.as_bytes()), Ok(tag));
        } else {
            prop_assert_eq!(shown, String::from_utf8_lossy(&bytes).into_owned());
        }
    }

    // RFC 9110 §8.8.3: parse accepts exactly `[ W/ ] DQUOTE *etagc DQUOTE`
    #[test]
    fn parse_accepts_exactly_the_abnf(input in noisy_bytes(12)) {
        let ours = EntityTag::parse(&input).ok().map(|t| (t.is_weak(), t.opaque().to_vec()));
        let abnf = r::parse_entity_tag(&input).map(|t| (t.weak, t.opaque));
        prop_assert_eq!(ours, abnf, "{:?}", String::from_utf8_lossy(&input));
    }
}

/// A list's text built from members: valid tags, `*`, empty elements and
/// malformed members, joined with commas.
fn list_text() -> impl Strategy<Value = Vec<u8>> {
    let member = prop_oneof![
        6 => tag_parts().prop_map(|(weak, opaque)| {
            let mut v = if weak { b"W/\"".to_vec() } else { b"\"".to_vec() };
            v.extend(opaque);
            v.push(b'"');
            v
        }),
        1 => Just(b"*".to_vec()),
        1 => Just(Vec::new()),
        1 => select(vec![&b"a"[..], b"\"a b\"", b"W/x", b"\"a\"x", b"\"", b"\"a"]).prop_map(<[u8]>::to_vec),
    ];
    (
        prop::collection::vec(member, 0..12),
        prop::collection::vec(select(vec![&b","[..], b", ", b" ,\t"]), 12),
    )
        .prop_map(|(members, seps)| {
            let mut text = Vec::new();
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    text.extend_from_slice(seps[i]);
                }
                text.extend_from_slice(m);
            }
            text
        })
}

proptest! {
    #![proptest_config(config(2_500, 500))]

    // RFC 9110 §5.3, §5.6.1: a list split into field lines at its commas, with
    // empty elements and OWS added, has the same members
    #[test]
    fn a_list_split_into_lines_has_the_same_members(
        text in prop_oneof![list_text(), noisy_bytes(40)],
        picks in any::<u64>(),
        ows in any::<u64>(),
        empties in any::<u64>(),
    ) {
        let split = split_lines(&text, picks, ows, empties);
        let split_refs: Vec<&[u8]> = split.iter().map(Vec::as_slice).collect();
        let one = walk(&[&text[..]]);
        let many = walk(&split_refs);
        // The tags read before any error are the same; so is whether there is
        // an error (`*` beside a comma is an error either way, found where the
        // lines break: `tags_before_error`).
        prop_assert_eq!(
            list_reading::tags_before_error(&one),
            list_reading::tags_before_error(&many),
            "{:?} vs {:?}", String::from_utf8_lossy(&text), split
        );
        prop_assert_eq!(
            one.last().is_some_and(Result::is_err),
            many.last().is_some_and(Result::is_err),
            "{:?} vs {:?}", String::from_utf8_lossy(&text), split
        );
    }

    // RFC 9110 §13.1.1, §13.1.2 (CHOICES 3): the member walk never panics and
    // yields at most one error, as its last item
    #[test]
    fn members_yield_at_most_one_error_and_only_last(
        lines in prop::collection::vec(prop_oneof![noisy_bytes(30), prop::collection::vec(any::<u8>(), 0..30)], 0..5),
    ) {
        let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        let items: Vec<_> = Members::new(refs.iter().copied()).collect();
        let errors = items.iter().filter(|m| m.is_err()).count();
        prop_assert!(errors <= 1);
        if errors == 1 {
            prop_assert!(items.last().unwrap().is_err());
        }
        // `*` stands alone.
        if items.contains(&Ok(Member::Any)) {
            prop_assert_eq!(items.len(), 1 + errors);
        }
    }

    // RFC 9110 §5.3, §5.6.1, §13.1.1: the lazy walk reads a list as joining its
    // lines with ", " and splitting at commas outside quotes does
    #[test]
    fn members_agree_with_the_joined_reading_of_the_reference(
        lines in prop::collection::vec(prop_oneof![list_text(), noisy_bytes(30)], 0..4),
    ) {
        let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        let items = walk(&refs);
        let ours = if items.iter().any(Result::is_err) {
            None
        } else if items == [Ok(Member::Any)] {
            Some(r::List::Any)
        } else {
            Some(r::List::Tags(
                items
                    .iter()
                    .map(|m| match m {
                        Ok(Member::Tag(t)) => r::Tag { weak: t.is_weak(), opaque: t.opaque().to_vec() },
                        other => panic!("unexpected {other:?}"),
                    })
                    .collect(),
            ))
        };
        prop_assert_eq!(ours, r::parse_list(&refs), "{:?}", lines);
    }
}

/// A long list: many members from a tiny alphabet of opaque-tags (so that
/// matches happen, and the evaluator's fast paths are taken: runs of strong
/// tags, long plain lines), with separators, then a few bytes changed.
fn long_list_text() -> impl Strategy<Value = Vec<u8>> {
    let member = prop_oneof![
        12 => (any::<bool>(), select(vec![&b""[..], b"a", b"b", b"ab", b"\xff"])).prop_map(|(weak, o)| {
            let weak = weak && o == b"b";
            let mut v = if weak { b"W/\"".to_vec() } else { b"\"".to_vec() };
            v.extend_from_slice(o);
            v.push(b'"');
            v
        }),
        1 => select(vec![&b"*"[..], b"\"a,b\"", b"\"a b\"", b"x"]).prop_map(<[u8]>::to_vec),
    ];
    let separator = select(vec![&b","[..], b", ", b",,", b" ,", b",\t"]);
    let edit = (
        any::<prop::sample::Index>(),
        select(vec![b'"', b',', b' ', b'a', b'W', 0x00]),
    );
    (
        prop::collection::vec((member, separator), 0..400),
        prop::collection::vec(edit, 0..3),
        any::<bool>(),
    )
        .prop_map(|(members, edits, clean)| {
            // Half of the lists only have strong tags, `,` and `, `: plain
            // lines, until an edit changes that.
            let mut text = Vec::new();
            let plain_member =
                |m: &[u8]| m.starts_with(b"\"") && !m.contains(&b',') && !m.contains(&b' ');
            let members = members.iter().filter(|(m, _)| !clean || plain_member(m));
            for (i, (m, sep)) in members.enumerate() {
                if i > 0 {
                    text.extend_from_slice(if clean && sep.len() > 1 && sep[1] != b' ' {
                        b", "
                    } else {
                        sep
                    });
                }
                text.extend_from_slice(m);
            }
            for (at, byte) in edits {
                if !text.is_empty() {
                    let at = at.index(text.len());
                    text[at] = byte;
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(config(1_000, 300))]

    // RFC 9110 §13.1.1, §13.1.2, §5.3, §5.6.1: the evaluator reads a long
    // list, across lines, exactly as `Members` does: the same first match
    // (by the field's comparison function), the same count, the same error
    // (kind, line and offset)
    #[test]
    fn evaluate_reads_long_lists_as_members_do(
        text in long_list_text(),
        split in any::<prop::sample::Index>(),
        current in select(vec![&b"a"[..], b"b", b"", b"zz"]),
    ) {
        // Two field lines, split at a comma if there is one.
        let commas: Vec<usize> = text.iter().enumerate().filter(|(_, &b)| b == b',').map(|(i, _)| i).collect();
        let lines: Vec<&[u8]> = match commas.is_empty() {
            true => vec![&text[..]],
            false => {
                let at = commas[split.index(commas.len())];
                vec![&text[..at], &text[at + 1..]]
            }
        };
        let tag = EntityTag::strong(current).unwrap();
        let resource = Resource::Current(Validators::new().with_etag(tag));
        for (field, method, strong) in [("If-None-Match", Method::GET, false), ("If-Match", Method::PUT, true)] {
            let headers: Vec<(&str, &[u8])> = lines.iter().map(|l| (field, *l)).collect();
            let eval = evaluate(method, &headers[..], resource, HttpDate::MAX, Policy::new());
            let outcome = if strong { eval.trace().if_match } else { eval.trace().if_none_match };
            prop_assert_eq!(
                list_reading::recorded(outcome),
                list_reading::by_members(&lines, &tag, strong),
                "{} {:?}", field, String::from_utf8_lossy(&text)
            );
        }
    }
}
