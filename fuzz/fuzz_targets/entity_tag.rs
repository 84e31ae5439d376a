//! `EntityTag::parse` on any bytes: never panics, accepts exactly the ABNF
//! of RFC 9110 §8.8.3 (as the reference reads it), and a valid tag's
//! canonical form parses back to it; strong comparison of a tag with itself
//! holds exactly when the tag is strong (§8.8.3.2); and a tag reads the
//! same as a list of that one member (one grammar for both).

#![no_main]

use http_conditional::{parse, EntityTag, Member, Members};
use http_conditional_fuzz::reference as r;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = EntityTag::parse(data);
    let reference = r::parse_entity_tag(data);
    assert_eq!(
        parsed.ok().map(|t| (t.is_weak(), t.opaque().to_vec())),
        reference.map(|t| (t.weak, t.opaque)),
        "{data:?}"
    );

    // An ETag field line: OWS around the value is not part of it (§5.5).
    let field = parse::etag([data]);
    assert_eq!(field.ok(), EntityTag::parse(r::trim(data)).ok());

    // As a one-member list: the same tag, or the same error where the tag
    // ends before the input does not matter to a list (a comma or OWS).
    let members: Vec<_> = Members::new([data]).collect();
    match parsed {
        Ok(tag) => assert_eq!(members, [Ok(Member::Tag(tag))], "{data:?}"),
        Err(e)
            if e.kind() != http_conditional::ErrorKind::TrailingData
                && data.first() != Some(&b'*') =>
        {
            let first = data.iter().position(|&b| !matches!(b, b' ' | b'\t' | b','));
            if first == Some(0) {
                assert_eq!(members.first(), Some(&Err(e)), "{data:?}");
            }
        }
        Err(_) => {}
    }

    if let Ok(tag) = parsed {
        let mut buf = vec![0; tag.encoded_len()];
        let encoded = tag.encode_into(&mut buf).expect("encoded_len is enough");
        assert_eq!(encoded, data, "the canonical form is the input");
        assert_eq!(EntityTag::parse(encoded), Ok(tag));
        assert_eq!(tag.strong_eq(&tag), !tag.is_weak());
        assert!(tag.weak_eq(&tag));
        let weak = tag.to_weak();
        assert!(weak.is_weak() && weak.weak_eq(&tag) && !weak.strong_eq(&tag));
        if std::str::from_utf8(data).is_ok() {
            assert_eq!(tag.to_string().as_bytes(), data);
        }
    }
});
