//! `If-Match` / `If-None-Match` lists on any bytes: the same text split into
//! field lines at commas outside quotes, with OWS and empty elements added,
//! yields the same members and the same error-ness (RFC 9110 §5.3, §5.6.1);
//! the walk yields at most one error, last; and it agrees with the
//! reference, which joins the lines with ", " and splits at commas outside
//! quotes.

#![no_main]

use http_conditional::{Member, Members};
use http_conditional_fuzz::{reference as r, split_lines};
use libfuzzer_sys::fuzz_target;

fn walk<'a>(lines: &[&'a [u8]]) -> Vec<Result<Member<'a>, ()>> {
    let items: Vec<_> = Members::new(lines.iter().copied())
        .map(|m| m.map_err(|_| ()))
        .collect();
    let errors = items.iter().filter(|m| m.is_err()).count();
    assert!(errors <= 1 && (errors == 0 || items.last().unwrap().is_err()));
    if items.contains(&Ok(Member::Any)) {
        assert_eq!(items.len(), 1 + errors, "`*` stands alone");
    }
    items
}

fn oks<'a>(items: &[Result<Member<'a>, ()>]) -> Vec<Member<'a>> {
    items.iter().filter_map(|m| m.ok()).collect()
}

fn as_reference(items: &[Result<Member<'_>, ()>]) -> Option<r::List> {
    if items.iter().any(Result::is_err) {
        return None;
    }
    if items == [Ok(Member::Any)] {
        return Some(r::List::Any);
    }
    let tags = items
        .iter()
        .map(|m| match m {
            Ok(Member::Tag(t)) => r::Tag {
                weak: t.is_weak(),
                opaque: t.opaque().to_vec(),
            },
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    Some(r::List::Tags(tags))
}

fuzz_target!(|input: (u64, u64, u64, &[u8])| {
    let (picks, ows, empties, text) = input;
    let one = walk(&[text]);
    let split = split_lines(text, picks, ows, empties);
    let lines: Vec<&[u8]> = split.iter().map(Vec::as_slice).collect();
    let many = walk(&lines);

    assert_eq!(oks(&one), oks(&many), "{text:?} vs {split:?}");
    assert_eq!(
        one.last().is_some_and(Result::is_err),
        many.last().is_some_and(Result::is_err),
        "{text:?} vs {split:?}"
    );

    assert_eq!(as_reference(&one), r::parse_list(&[text]), "{text:?}");
    assert_eq!(as_reference(&many), r::parse_list(&lines), "{split:?}");
});
