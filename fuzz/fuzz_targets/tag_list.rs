//! `If-Match` / `If-None-Match` lists on any bytes: the same text split into
//! field lines at commas outside quotes, with OWS and empty elements added,
//! yields the same members and the same error-ness (RFC 9110 §5.3, §5.6.1);
//! the walk yields at most one error, last; it agrees with the reference,
//! which joins the lines with ", " and splits at commas outside quotes; and
//! `evaluate` reads the list exactly as `Members` does (the same error, at
//! the same line and offset; the same first match by the field's comparison
//! function; the same count), whichever of its paths it takes.

#![no_main]

use http_conditional::{
    evaluate, EntityTag, HttpDate, Member, Members, Method, Policy, Resource, Validators,
};
use http_conditional_fuzz::{list_reading, reference as r, split_lines};
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

/// `evaluate` on the lines, as If-None-Match and as If-Match, against a few
/// current tags.
fn check_evaluate(lines: &[&[u8]]) {
    for opaque in [&b"a"[..], b"", b"aaaaaaaa"] {
        for weak in [false, true] {
            let current = if weak {
                EntityTag::weak(opaque)
            } else {
                EntityTag::strong(opaque)
            }
            .unwrap();
            let resource = Resource::Current(Validators::new().with_etag(current));
            for (field, method, strong) in [
                ("If-None-Match", Method::GET, false),
                ("If-Match", Method::PUT, true),
            ] {
                let headers: Vec<(&str, &[u8])> = lines.iter().map(|l| (field, *l)).collect();
                let eval = evaluate(method, &headers[..], resource, HttpDate::MAX, Policy::new());
                let trace = eval.trace();
                let outcome = if strong {
                    trace.if_match
                } else {
                    trace.if_none_match
                };
                assert_eq!(
                    list_reading::recorded(outcome),
                    list_reading::by_members(lines, &current, strong),
                    "{field} {current} {lines:?}"
                );
            }
        }
    }
}

fuzz_target!(|input: (u64, u64, u64, &[u8])| {
    let (picks, ows, empties, text) = input;
    let one = walk(&[text]);
    let split = split_lines(text, picks, ows, empties);
    let lines: Vec<&[u8]> = split.iter().map(Vec::as_slice).collect();
    let many = walk(&lines);

    assert_eq!(
        list_reading::tags_before_error(&one),
        list_reading::tags_before_error(&many),
        "{text:?} vs {split:?}"
    );
    assert_eq!(
        one.last().is_some_and(Result::is_err),
        many.last().is_some_and(Result::is_err),
        "{text:?} vs {split:?}"
    );

    assert_eq!(as_reference(&one), r::parse_list(&[text]), "{text:?}");
    assert_eq!(as_reference(&many), r::parse_list(&lines), "{split:?}");

    check_evaluate(&[text]);
    check_evaluate(&lines);
});
