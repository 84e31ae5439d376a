//! The cache role on a structured case (stored responses, a request, a 304
//! or HEAD response, two field sections to merge): `cache::answer`,
//! `validation_request`, `freshen`, `freshen_with_head` and `Merge` never
//! panic, agree with the literal transcription of RFC 9111 §4.3 and §3.2 in
//! `testkit/src/reference/cache.rs`, a cache never answers 412 or 428, merging
//! never changes Content-Length and is idempotent, and every result's
//! explanation is one line.

#![no_main]

use arbitrary::Arbitrary;
use http_conditional::cache::{
    answer, freshen, freshen_with_head, validation_request, Action, Merge, NewResponse, Stored,
};
use http_conditional::{HttpDate, Method};
use http_conditional_fuzz::reference;
use libfuzzer_sys::fuzz_target;

use http_conditional_fuzz::reference::cache as reference_cache;

use reference as r;
use reference_cache as rc;

/// Where generated dates cluster (October 2024), and the cache's clock
/// (2026): two-digit years stay far from the 50-year boundary.
const BASE: i64 = 1_729_000_000;
const NOW: i64 = 1_780_000_000;

const OPAQUES: [&str; 5] = ["a", "b", "", "a,b", "\u{e9}"];
const NAMES: [&str; 12] = [
    "If-None-Match",
    "If-Modified-Since",
    "If-Match",
    "If-Unmodified-Since",
    "If-Range",
    "Range",
    "Content-Length",
    "Connection",
    "ETag",
    "Cache-Control",
    "Keep-Alive",
    "X-A",
];

#[derive(Arbitrary, Debug)]
enum Value {
    /// Tags from a tiny alphabet, joined with ", ".
    Tags(Vec<(bool, u8)>),
    Star,
    /// A date `offset` seconds from BASE, in format `format % 3`.
    Date {
        offset: i16,
        format: u8,
    },
    Raw(Vec<u8>),
}

impl Value {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Value::Tags(tags) => tags
                .iter()
                .map(|&(weak, i)| {
                    let opaque = OPAQUES[usize::from(i) % OPAQUES.len()];
                    format!("{}\"{opaque}\"", if weak { "W/" } else { "" })
                })
                .collect::<Vec<_>>()
                .join(", ")
                .into_bytes(),
            Value::Star => b"*".to_vec(),
            Value::Date { offset, format } => {
                let secs = BASE + i64::from(*offset) * 60;
                match format % 3 {
                    0 => r::format_imf_fixdate(secs),
                    1 => r::format_rfc850(secs),
                    _ => r::format_asctime(secs),
                }
                .into_bytes()
            }
            Value::Raw(bytes) => bytes.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct StoredCase {
    etag: Option<Value>,
    last_modified: Option<Value>,
    date: Option<Value>,
    content_length: Option<Value>,
    received: i16,
}

#[derive(Arbitrary, Debug)]
struct ResponseCase {
    etag: Option<Value>,
    last_modified: Option<Value>,
    date: Option<Value>,
    content_length: Option<Value>,
}

#[derive(Arbitrary, Debug)]
struct Case {
    head: bool,
    headers: Vec<(u8, Value)>,
    stored: Vec<StoredCase>,
    response: ResponseCase,
    merge_stored: Vec<(u8, Value)>,
    merge_response: Vec<(u8, Value)>,
}

fn bytes(v: &Option<Value>) -> Option<Vec<u8>> {
    v.as_ref().map(Value::bytes)
}

fn lines(fields: &[(u8, Value)]) -> Vec<(Vec<u8>, Vec<u8>)> {
    fields
        .iter()
        .map(|(n, v)| {
            let name = NAMES[usize::from(*n) % NAMES.len()];
            let name = if n & 0x80 != 0 {
                name.to_ascii_lowercase()
            } else {
                name.to_owned()
            };
            (name.into_bytes(), v.bytes())
        })
        .collect()
}

fn pairs(lines: &[(Vec<u8>, Vec<u8>)]) -> Vec<(&[u8], &[u8])> {
    lines.iter().map(|(n, v)| (&n[..], &v[..])).collect()
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::NotModified => "not_modified",
        Action::Serve => "serve",
        Action::ServeRange => "serve_range",
    }
}

fn one_line(text: String) {
    assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
}

fuzz_target!(|case: Case| {
    let now = HttpDate::from_unix_seconds(NOW).unwrap();
    let stored_refs: Vec<rc::Stored> = case
        .stored
        .iter()
        .take(8)
        .map(|s| rc::Stored {
            etag: bytes(&s.etag),
            last_modified: bytes(&s.last_modified),
            date: bytes(&s.date),
            content_length: bytes(&s.content_length),
            received: BASE + i64::from(s.received),
        })
        .collect();
    let stored: Vec<Stored<'_>> = stored_refs
        .iter()
        .map(|s| {
            let mut v = Stored::new(HttpDate::from_unix_seconds(s.received).unwrap());
            v.etag = s.etag.as_deref();
            v.last_modified = s.last_modified.as_deref();
            v.date = s.date.as_deref();
            v.content_length = s.content_length.as_deref();
            v
        })
        .collect();
    let response_ref = rc::Response {
        etag: bytes(&case.response.etag),
        last_modified: bytes(&case.response.last_modified),
        date: bytes(&case.response.date),
        content_length: bytes(&case.response.content_length),
    };
    let mut response = NewResponse::new();
    response.etag = response_ref.etag.as_deref();
    response.last_modified = response_ref.last_modified.as_deref();
    response.date = response_ref.date.as_deref();
    response.content_length = response_ref.content_length.as_deref();
    let request = lines(&case.headers);
    let request = pairs(&request);

    // RFC 9111 §4, §4.3.2: the answer.
    let method: &[u8] = if case.head { b"HEAD" } else { b"GET" };
    let want = rc::answer(method, &request, &stored_refs, NOW);
    match answer(Method::new(method), &request[..], &stored, now) {
        Ok(a) => {
            assert_eq!(Some((action_name(a.action()), a.stored())), want, "{a}");
            assert!(matches!(a.evaluation().status(), 200 | 206 | 304), "{a}");
            one_line(a.to_string());
        }
        Err(e) => {
            assert!(stored.is_empty() && want.is_none(), "{e}");
        }
    }

    // RFC 9111 §4.3.1: the validation request.
    let validation = validation_request(&request[..], &stored, now);
    let (tags, since) = rc::validation(&request, &stored_refs, NOW);
    let got: Option<Vec<(bool, Vec<u8>)>> = validation.if_none_match().map(|l| {
        l.iter()
            .map(|t| (t.is_weak(), t.opaque().to_vec()))
            .collect()
    });
    assert_eq!(
        got,
        tags.map(|t| t.into_iter().map(|t| (t.weak, t.opaque)).collect())
    );
    assert_eq!(validation.if_modified_since().map(<[u8]>::to_vec), since);
    one_line(validation.to_string());

    // RFC 9111 §4.3.4 and §4.3.5.
    let selection = freshen(&stored, response, now);
    assert_eq!(
        selection.indices().collect::<Vec<_>>(),
        rc::freshen(&stored_refs, &response_ref, NOW)
    );
    one_line(selection.to_string());
    let head = freshen_with_head(&stored, response, now);
    assert_eq!(
        (
            head.updated().collect::<Vec<_>>(),
            head.stale().collect::<Vec<_>>()
        ),
        rc::head(&stored_refs, &response_ref, NOW)
    );
    one_line(head.to_string());

    // RFC 9111 §3.2: the merge.
    let merge_stored = lines(&case.merge_stored);
    let merge_response = lines(&case.merge_response);
    let merge = Merge::new(&merge_response[..]);
    let once: Vec<(Vec<u8>, Vec<u8>)> = merge
        .merged(&merge_stored[..])
        .map(|(n, v)| (n.to_vec(), v.to_vec()))
        .collect();
    let twice: Vec<(Vec<u8>, Vec<u8>)> = merge
        .merged(&once[..])
        .map(|(n, v)| (n.to_vec(), v.to_vec()))
        .collect();
    assert_eq!(once, twice, "not idempotent");
    let lengths = |l: &[(Vec<u8>, Vec<u8>)]| -> Vec<Vec<u8>> {
        l.iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(b"content-length"))
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert_eq!(
        lengths(&once),
        lengths(&merge_stored),
        "Content-Length changed"
    );
    let mut got: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for (n, v) in &once {
        let n = String::from_utf8_lossy(n).to_ascii_lowercase();
        match got.iter_mut().find(|(k, _)| *k == n) {
            Some((_, vs)) => vs.push(v.clone()),
            None => got.push((n, vec![v.clone()])),
        }
    }
    let mut want = rc::merge(&pairs(&merge_stored), &pairs(&merge_response));
    got.sort();
    want.sort();
    assert_eq!(got, want);
    one_line(merge.to_string());
});
