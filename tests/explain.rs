//! The words of an evaluation: the explanation, its ASCII form, the hint of
//! a 412 / 428, and the owned summary.

use http_conditional::{
    evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators,
};

fn current(tag: &'static [u8]) -> Resource<'static> {
    Resource::Current(Validators::new().with_etag(EntityTag::parse(tag).unwrap()))
}

// RFC 9110 §5.5: a field value is visible ASCII, SP, HTAB and obs-text;
// clients read ASCII, so the ASCII form escapes everything else
#[test]
fn ascii_form_is_printable_ascii_and_says_section() {
    let headers: [(&str, &[u8]); 1] = [("If-None-Match", b"\"caf\xc3\xa9\", \"x\xff\"")];
    let eval = evaluate(
        Method::new(b"GET"),
        &headers,
        current(b"\"caf\xc3\xa9\""),
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(eval.decision(), Decision::NotModified);
    let ascii = eval.ascii().to_string();
    assert!(
        ascii.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
        "{ascii}"
    );
    assert_eq!(
        ascii,
        "304 Not Modified: If-None-Match member 1 \"caf\\xC3\\xA9\" matches ETag \
         \"caf\\xC3\\xA9\" (weak comparison, RFC 9110 section 13.1.2)"
    );
    // The same words as the explanation, `§` aside.
    assert_eq!(
        eval.to_string()
            .replace('§', "section ")
            .replace('é', "\\xC3\\xA9"),
        ascii
    );
}

// RFC 9110 §9.1: a method is a token, but the crate takes any bytes; a CR
// LF in it must not reach a header
#[test]
fn ascii_form_escapes_control_bytes_of_a_method() {
    let strict = Policy::new().require_precondition(true);
    let blind: [(&str, &str); 0] = [];
    let eval = evaluate(
        Method::new(b"PUT\r\nX: 1"),
        &blind,
        current(b"\"v1\""),
        HttpDate::MAX,
        strict,
    );
    let ascii = eval.ascii().to_string();
    assert!(ascii.starts_with("428 Precondition Required: PUT\\x0D\\x0AX: 1 must be conditional"));
    let hint = eval.hint().unwrap().to_string();
    assert!(hint.starts_with("PUT\\x0D\\x0AX: 1 must be conditional here"));
}

// A write that proceeds gets 200, 201 or 204 from the application: the
// explanation names no status it cannot know
#[test]
fn proceeding_explanations_name_no_status() {
    let eval = evaluate(
        Method::PUT,
        &[("If-None-Match", "*")],
        Resource::Missing,
        HttpDate::MAX,
        Policy::new(),
    );
    assert_eq!(
        eval.to_string(),
        "proceed: If-None-Match * matches nothing: there is no current representation \
         (RFC 9110 §13.1.2)"
    );
    assert_eq!(Decision::Proceed.to_string(), "proceed");
    assert_eq!(Decision::ProceedWithRange.to_string(), "proceed with Range");
    assert_eq!(Decision::NotModified.to_string(), "304 Not Modified");
}

// RFC 9110 §13.1.1, §13.1.2, §13.1.4, §8.8.3.2, RFC 6585 §3: each 412 and
// 428 names what to send next; other decisions have no hint
#[test]
fn hints_name_the_field_to_send() {
    let lm = HttpDate::from_unix_seconds(784_111_777).unwrap();
    let strict = Policy::new().require_precondition(true);
    let weak = Resource::Current(
        Validators::new()
            .with_etag(EntityTag::weak(b"w").unwrap())
            .with_last_modified(lm),
    );
    let dated = Resource::Current(Validators::new().with_last_modified(lm));
    type Case<'c> = (Method<'c>, &'c [(&'c str, &'c str)], Resource<'c>, &'c str);
    let cases: [Case; 7] = [
        (Method::PUT, &[], current(b"\"v7\""), "PUT must be conditional here, so that it cannot overwrite a change it has not seen. Fetch the resource and resend with If-Match: \"v7\", or with If-None-Match: * to create it only if it does not exist yet (RFC 6585 section 3).\n"),
        (Method::PUT, &[("If-Match", "*")], Resource::Missing, "The resource does not exist, and If-Match: * asks for one that does (RFC 9110 section 13.1.1).\n"),
        (Method::PUT, &[("If-Match", "\"w\"")], weak, "The resource has only a weak ETag, which If-Match can never match (strong comparison, RFC 9110 section 8.8.3.2). Use If-Unmodified-Since with its Last-Modified date instead (RFC 9110 section 13.1.4).\n"),
        (Method::PUT, &[("If-Match", "\"a\"")], dated, "The resource has no entity-tag, so If-Match with a tag cannot match. Use If-Unmodified-Since with its Last-Modified date instead (RFC 9110 section 13.1.4).\n"),
        (Method::DELETE, &[("If-Unmodified-Since", "Sat, 05 Nov 1994 08:49:37 GMT")], dated, "The resource was modified after the If-Unmodified-Since date. Fetch it again, reapply your change, and resend (RFC 9110 section 13.1.4).\n"),
        (Method::PUT, &[("If-None-Match", "*")], current(b"\"v7\""), "The resource already exists, and If-None-Match: * asks to act only if it does not (RFC 9110 section 13.1.2).\n"),
        (Method::POST, &[("If-None-Match", "\"v7\"")], current(b"\"v7\""), "The resource's current ETag matches If-None-Match, so the request was not applied (RFC 9110 section 13.1.2).\n"),
    ];
    for (method, headers, resource, hint) in cases {
        let eval = evaluate(method, headers, resource, HttpDate::MAX, strict);
        assert_eq!(
            eval.hint().map(|h| h.to_string()).as_deref(),
            Some(hint),
            "{method:?} {headers:?}"
        );
    }
    for (method, headers) in [
        (Method::GET, &[("If-None-Match", "\"v7\"")][..]),
        (Method::GET, &[][..]),
        (Method::PUT, &[("If-Match", "\"v7\"")][..]),
    ] {
        let eval = evaluate(method, headers, current(b"\"v7\""), HttpDate::MAX, strict);
        assert!(eval.hint().is_none(), "{method:?} {headers:?}");
    }
}

// The summary outlives the request's bytes and says the same as the
// evaluation
#[cfg(feature = "std")]
#[test]
fn summary_owns_what_the_evaluation_borrowed() {
    let summary = {
        let value = String::from("\"v6\", W/\"v7\"");
        let tag = b"\"v7\"".to_vec();
        let headers = [("If-Match", value.as_str())];
        let resource =
            Resource::Current(Validators::new().with_etag(EntityTag::parse(&tag).unwrap()));
        let eval = evaluate(
            Method::PUT,
            &headers,
            resource,
            HttpDate::MAX,
            Policy::new(),
        );
        let summary = eval.summary();
        assert_eq!(summary.explanation(), eval.to_string());
        assert_eq!(summary.explanation_ascii(), eval.ascii().to_string());
        summary
    };
    assert_eq!(summary.decision(), Decision::PreconditionFailed);
    assert_eq!(summary.status(), 412);
    assert!(summary.change_may_already_be_applied());
    assert_eq!(
        summary.current_etag(),
        Some(EntityTag::strong(b"v7").unwrap())
    );
    assert_eq!(summary.last_modified(), None);
    assert_eq!(summary.to_string(), summary.explanation());
    fn send_sync_static<T: Send + Sync + 'static>(_: &T) {}
    send_sync_static(&summary);
}

// RFC 9110 §5.6.1, §8.8.3: a field that is one entity-tag is a list of one
// member, whatever its length, weakness or surrounding OWS; it decides and
// explains as the same tag followed by an empty list element (which only
// the list walk reads)
#[test]
fn a_lone_tag_of_any_length_reads_as_a_list_of_one() {
    for len in [0, 1, 7, 8, 9, 16, 17, 64, 128, 129, 130, 131, 200, 300] {
        let opaque = "7".repeat(len);
        let current = format!("\"{opaque}\"");
        let resource = Resource::Current(
            Validators::new().with_etag(EntityTag::parse(current.as_bytes()).unwrap()),
        );
        let values = [
            current.clone(),
            format!("W/{current}"),
            format!(" {current}\t"),
            format!("\"{opaque}x\""),
        ];
        for field in ["If-None-Match", "If-Match"] {
            for value in &values {
                let read = |v: &str| {
                    let headers = [(field, v)];
                    let eval = evaluate(
                        Method::PUT,
                        &headers,
                        resource,
                        HttpDate::MAX,
                        Policy::new(),
                    );
                    (eval.decision(), eval.to_string())
                };
                let alone = read(value);
                let listed = read(&format!("{value},"));
                assert_eq!(alone, listed, "{field}: {value}");
                let why = &alone.1;
                assert!(
                    why.contains("1 member") || why.contains("member 1"),
                    "{why}"
                );
            }
        }
    }
}
