//! Inputs that once went wrong somewhere in this crate's history, kept so
//! they cannot come back. Each says what went wrong.

use http_conditional::generate::DigestEncoding;
use http_conditional::{
    evaluate, parse, Decision, EntityTag, ErrorKind, HttpDate, Method, Policy, Resource, Validators,
};

fn current() -> Resource<'static> {
    Resource::Current(Validators::new().with_etag(EntityTag::strong(b"a").unwrap()))
}

// RFC 9110 §8.8.3, §13.1.1: a fast path for `,"` separators once looped
// forever on an unterminated weak tag right after it.
#[test]
fn unterminated_member_after_a_short_separator_ends_the_list() {
    let values = [
        "\"a\",W/\"X9",
        "\"a\", W/\"X9",
        "\"aaaaaaaaaaaaaaaaaa\",W/\"X9",
        "\"a\",\"X9",
        "\"a\",W/",
        "\"a\",W",
        "\"a\",",
    ];
    for value in values {
        let members: Vec<_> = parse::list([value.as_bytes()]).collect();
        let valid = value.ends_with(',');
        assert_eq!(members.last().unwrap().is_ok(), valid, "{value}");
        let headers = [("If-Match", value)];
        let eval = evaluate(
            Method::PUT,
            &headers,
            current(),
            HttpDate::MAX,
            Policy::new(),
        );
        // Invalid If-Match is false (SPEC_NOTES "invalid-list"); "a", is a
        // valid list whose member matches.
        let expected = if valid {
            Decision::Proceed
        } else {
            Decision::PreconditionFailed
        };
        assert_eq!(eval.decision(), expected, "{value}");
        let headers = [("If-None-Match", value)];
        let eval = evaluate(
            Method::GET,
            &headers,
            current(),
            HttpDate::MAX,
            Policy::new(),
        );
        let expected = if valid {
            Decision::NotModified
        } else {
            Decision::Proceed
        };
        assert_eq!(eval.decision(), expected, "{value}");
    }
    let err = parse::list([&b"\"a\",W/\"X9"[..]])
        .last()
        .unwrap()
        .unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::UnterminatedTag, 6));
}

// A digest length near usize::MAX once overflowed the length arithmetic.
#[test]
fn digest_lengths_saturate_instead_of_overflowing() {
    assert_eq!(
        DigestEncoding::Base64Url.encoded_len(usize::MAX - 1),
        usize::MAX
    );
    assert_eq!(DigestEncoding::Hex.encoded_len(usize::MAX), usize::MAX);
}
