//! Property tests of the cache and client roles: they agree with the literal
//! transcription of RFC 9111 §4.3 in `reference/cache.rs` on generated
//! stored responses, requests and 304s, and keep the invariants the RFC
//! implies (a cache never answers 412 or 428; it decides as `evaluate` does
//! on the stored validators; a validation request's tags match every stored
//! response; merging keeps Content-Length, is idempotent and drops nothing
//! the 304 lacks).
//!
//! With the environment variable `CI` set, each property runs more cases.

use http_conditional_testkit::reference;
use http_conditional_testkit::reference::cache as reference_cache;

use http_conditional::cache::{
    answer, freshen, freshen_with_head, validation_request, Merge, NewResponse, Stored,
};
use http_conditional::client::{self, Intent};
use http_conditional::{
    evaluate, parse, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators,
};
use proptest::prelude::*;
use proptest::sample::select;
use reference as r;
use reference_cache as rc;

fn config(ci: u32, local: u32) -> ProptestConfig {
    ProptestConfig::with_cases(if std::env::var_os("CI").is_some() {
        ci
    } else {
        local
    })
}

/// Mid-October 2024: where generated dates cluster.
const BASE: i64 = 1_729_000_000;
/// The cache's clock (late May 2026): two-digit years "24" are 2024.
const NOW: i64 = 1_780_000_000;

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(NOW).unwrap()
}

/// A tiny alphabet, so that tags match often.
const OPAQUES: &[&str] = &["a", "b", "", "a,b"];
const BAD_TAGS: &[&str] = &["a", "w/\"a\"", "\"a b\"", "*", "\"a\", \"b\""];
const BAD_DATES: &[&str] = &["yesterday", "Tue, 15 Oct 2024 08:00:00 UTC", ""];
/// Offsets from BASE: equal, a second apart, and far.
const OFFSETS: &[i64] = &[0, 0, 1, -1, 2, 3_600, -86_400];

fn tag_text(weak: bool, opaque: &str) -> String {
    format!("{}\"{opaque}\"", if weak { "W/" } else { "" })
}

/// A raw `ETag`-like value: absent, valid, or not a tag.
fn raw_tag() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        6 => (any::<bool>(), select(OPAQUES)).prop_map(|(w, o)| Some(tag_text(w, o))),
        1 => select(BAD_TAGS).prop_map(|s| Some(s.to_owned())),
    ]
}

/// An HTTP-date near BASE in one of the three formats.
fn date_text(secs: i64, format: u8) -> String {
    match format % 4 {
        0 | 1 => r::format_imf_fixdate(secs),
        2 => r::format_rfc850(secs),
        _ => r::format_asctime(secs),
    }
}

fn raw_date() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        6 => (select(OFFSETS), any::<u8>()).prop_map(|(d, f)| Some(date_text(BASE + d, f))),
        1 => select(BAD_DATES).prop_map(|s| Some(s.to_owned())),
    ]
}

fn raw_length() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        4 => select(&["42", "042", "43", "0", " 42 "][..]).prop_map(|s| Some(s.to_owned())),
        1 => select(&["4 2", "-1", "42, 42", ""][..]).prop_map(|s| Some(s.to_owned())),
    ]
}

/// A stored response, as owned strings.
#[derive(Clone, Debug)]
struct StoredSpec {
    etag: Option<String>,
    last_modified: Option<String>,
    date: Option<String>,
    content_length: Option<String>,
    received: i64,
}

fn stored_spec() -> impl Strategy<Value = StoredSpec> {
    (
        raw_tag(),
        raw_date(),
        raw_date(),
        raw_length(),
        select(OFFSETS),
    )
        .prop_map(
            |(etag, last_modified, date, content_length, received)| StoredSpec {
                etag,
                last_modified,
                date,
                content_length,
                received: BASE + received,
            },
        )
}

fn stored_list(max: usize) -> impl Strategy<Value = Vec<StoredSpec>> {
    prop::collection::vec(stored_spec(), 0..=max)
}

impl StoredSpec {
    fn view(&self) -> Stored<'_> {
        let mut s = Stored::new(HttpDate::from_unix_seconds(self.received).unwrap());
        s.etag = self.etag.as_deref().map(str::as_bytes);
        s.last_modified = self.last_modified.as_deref().map(str::as_bytes);
        s.date = self.date.as_deref().map(str::as_bytes);
        s.content_length = self.content_length.as_deref().map(str::as_bytes);
        s
    }

    fn reference(&self) -> rc::Stored {
        let b = |v: &Option<String>| v.as_ref().map(|s| s.as_bytes().to_vec());
        rc::Stored {
            etag: b(&self.etag),
            last_modified: b(&self.last_modified),
            date: b(&self.date),
            content_length: b(&self.content_length),
            received: self.received,
        }
    }
}

/// A 304 or a HEAD response's validators, as owned strings.
#[derive(Clone, Debug)]
struct ResponseSpec {
    etag: Option<String>,
    last_modified: Option<String>,
    date: Option<String>,
    content_length: Option<String>,
}

fn response_spec() -> impl Strategy<Value = ResponseSpec> {
    (raw_tag(), raw_date(), raw_date(), raw_length()).prop_map(
        |(etag, last_modified, date, content_length)| ResponseSpec {
            etag,
            last_modified,
            date,
            content_length,
        },
    )
}

impl ResponseSpec {
    fn view(&self) -> NewResponse<'_> {
        let mut n = NewResponse::new();
        n.etag = self.etag.as_deref().map(str::as_bytes);
        n.last_modified = self.last_modified.as_deref().map(str::as_bytes);
        n.date = self.date.as_deref().map(str::as_bytes);
        n.content_length = self.content_length.as_deref().map(str::as_bytes);
        n
    }

    fn reference(&self) -> rc::Response {
        let b = |v: &Option<String>| v.as_ref().map(|s| s.as_bytes().to_vec());
        rc::Response {
            etag: b(&self.etag),
            last_modified: b(&self.last_modified),
            date: b(&self.date),
            content_length: b(&self.content_length),
        }
    }
}

/// An `If-Match` / `If-None-Match` value.
fn list_value() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("*".to_owned()),
        6 => prop::collection::vec((any::<bool>(), select(OPAQUES)), 0..4)
            .prop_map(|tags| tags.iter().map(|(w, o)| tag_text(*w, o)).collect::<Vec<_>>().join(", ")),
        1 => select(BAD_TAGS).prop_map(str::to_owned),
    ]
}

fn date_value() -> impl Strategy<Value = String> {
    raw_date().prop_map(|d| d.unwrap_or_else(|| "not a date".to_owned()))
}

/// A request's field lines: any of the conditional fields, `Range`, and an
/// unrelated one, in a generated order.
fn request_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let field = prop_oneof![
        3 => list_value().prop_map(|v| ("If-None-Match".to_owned(), v)),
        2 => date_value().prop_map(|v| ("If-Modified-Since".to_owned(), v)),
        2 => list_value().prop_map(|v| ("If-Match".to_owned(), v)),
        2 => date_value().prop_map(|v| ("If-Unmodified-Since".to_owned(), v)),
        2 => Just(("Range".to_owned(), "bytes=0-9".to_owned())),
        2 => prop_oneof![raw_tag().prop_map(|t| t.unwrap_or_default()), date_value()]
            .prop_map(|v| ("If-Range".to_owned(), v)),
        1 => Just(("Accept".to_owned(), "*/*".to_owned())),
    ];
    prop::collection::vec(field, 0..5)
}

fn byte_pairs(headers: &[(String, String)]) -> Vec<(&[u8], &[u8])> {
    headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect()
}

proptest! {
    #![proptest_config(config(5_000, 500))]

    // RFC 9111 §4.3.2; CHOICES 13: If-Match and If-Unmodified-Since never
    // produce a 412 at a cache, and 428 is an origin's policy
    #[test]
    fn a_cache_never_answers_412_or_428(
        head in any::<bool>(),
        headers in request_headers(),
        stored in stored_list(4),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let method = if head { Method::HEAD } else { Method::GET };
        match answer(method, &headers[..], &views, now()) {
            Err(_) => prop_assert!(views.is_empty()),
            Ok(a) => {
                let status = a.evaluation().status();
                prop_assert!(matches!(status, 200 | 206 | 304), "{status}: {a}");
                prop_assert_eq!(a.status(), status);
                prop_assert!(a.stored() < views.len());
            }
        }
    }

    // RFC 9111 §4, §4.3.2 against their literal transcription
    #[test]
    fn the_cache_answer_agrees_with_the_reference(
        method in select(&["GET", "HEAD", "PUT", "get"][..]),
        headers in request_headers(),
        stored in stored_list(4),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let refs: Vec<rc::Stored> = stored.iter().map(StoredSpec::reference).collect();
        let got = answer(Method::from(method), &headers[..], &views, now())
            .ok()
            .map(|a| (a.action(), a.stored()));
        let want = rc::answer(method.as_bytes(), &byte_pairs(&headers), &refs, NOW);
        let got = got.map(|(action, i)| (action_name(action), i));
        prop_assert_eq!(got, want);
    }

    // RFC 9111 §4.3.2: with one stored response that has a Last-Modified, and
    // no If-Match / If-Unmodified-Since, the cache decides as `evaluate`
    // decides on its validators (Last-Modified strong when the stored Date,
    // as the clock of RFC 9110 §8.8.2.2, is a second later)
    #[test]
    fn with_one_stored_response_the_cache_decides_as_evaluate(
        head in any::<bool>(),
        headers in request_headers(),
        stored in stored_spec(),
        lm in select(OFFSETS),
        lm_format in any::<u8>(),
    ) {
        let headers: Vec<(String, String)> = headers
            .into_iter()
            .filter(|(n, _)| n != "If-Match" && n != "If-Unmodified-Since")
            .collect();
        let stored = StoredSpec { last_modified: Some(date_text(BASE + lm, lm_format)), ..stored };
        let view = stored.view();
        let method = if head { Method::HEAD } else { Method::GET };
        let cache = answer(method, &headers[..], &[view], now()).unwrap();

        let last_modified = view.last_modified(now()).unwrap();
        let clock = view.date(now()).unwrap_or(last_modified);
        let validators = Validators::from_options(view.etag(), Some(last_modified));
        let origin = evaluate(method, &headers[..], Resource::Current(validators), clock, Policy::new());
        prop_assert_eq!(cache.status(), origin.status(), "{} / {}", cache, origin);
    }

    // RFC 9111 §4.3.1: the validation request's If-None-Match, sent to an
    // origin whose current tag is any stored one, gets 304 (weak comparison,
    // RFC 9110 §13.1.2); and it agrees with the reference
    #[test]
    fn the_validation_request_matches_every_stored_tag(
        range in any::<bool>(),
        stored in stored_list(5),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let refs: Vec<rc::Stored> = stored.iter().map(StoredSpec::reference).collect();
        let headers: Vec<(&[u8], &[u8])> = if range { vec![(b"Range", b"bytes=0-9")] } else { vec![] };
        let request = validation_request(&headers[..], &views, now());

        let (want_tags, want_since) = rc::validation(&headers, &refs, NOW);
        let got_tags: Option<Vec<String>> = request
            .if_none_match()
            .map(|list| list.iter().map(|t| t.to_string()).collect());
        let want_tags: Option<Vec<String>> = want_tags.map(|t| t.iter().map(rc::canonical).collect());
        prop_assert_eq!(got_tags, want_tags);
        prop_assert_eq!(request.if_modified_since().map(<[u8]>::to_vec), want_since);

        if let Some(list) = request.if_none_match() {
            let mut buf = vec![0; list.encoded_len()];
            let value = list.encode_into(&mut buf).unwrap().to_vec();
            let sent = [(&b"If-None-Match"[..], &value[..])];
            for view in &views {
                if let Some(tag) = view.etag() {
                    let current = Resource::Current(Validators::new().with_etag(tag));
                    let eval = evaluate(Method::GET, &sent[..], current, now(), Policy::new());
                    prop_assert_eq!(eval.decision(), Decision::NotModified, "{}", eval);
                }
            }
        }
    }

    // RFC 9111 §4.3.4 against its literal transcription
    #[test]
    fn freshen_selection_agrees_with_the_reference(
        stored in stored_list(5),
        response in response_spec(),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let refs: Vec<rc::Stored> = stored.iter().map(StoredSpec::reference).collect();
        let selection = freshen(&views, response.view(), now());
        let got: Vec<usize> = selection.indices().collect();
        prop_assert_eq!(&got, &rc::freshen(&refs, &response.reference(), NOW));
        // Never a stored response whose tag the 304's contradicts.
        if let Some(new) = response.view().etag() {
            for &i in &got {
                if let Some(old) = views[i].etag() {
                    let same = if new.is_weak() { new.weak_eq(&old) } else { new.strong_eq(&old) };
                    prop_assert!(same, "{} updated {}", new, old);
                }
            }
        }
        prop_assert!(!selection.to_string().is_empty());
    }

    // RFC 9111 §4.3.5 against its literal transcription; every index is in
    // exactly one list
    #[test]
    fn head_freshening_agrees_with_the_reference(
        stored in stored_list(5),
        response in response_spec(),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let refs: Vec<rc::Stored> = stored.iter().map(StoredSpec::reference).collect();
        let head = freshen_with_head(&views, response.view(), now());
        let got = (head.updated().collect::<Vec<_>>(), head.stale().collect::<Vec<_>>());
        prop_assert_eq!(got.0.len() + got.1.len(), views.len());
        prop_assert_eq!(got, rc::head(&refs, &response.reference(), NOW));
    }

    // RFC 9110 §13.1; CHOICES 21 against the reference
    #[test]
    fn client_fields_agree_with_the_reference(
        intent in select(&["read", "read_range", "write", "create"][..]),
        stored in stored_list(3),
    ) {
        let views: Vec<Stored<'_>> = stored.iter().map(StoredSpec::view).collect();
        let refs: Vec<rc::Stored> = stored.iter().map(StoredSpec::reference).collect();
        let intent_value = match intent {
            "read" => Intent::Read,
            "read_range" => Intent::ReadRange,
            "write" => Intent::Write,
            _ => Intent::Create,
        };
        let got = client::request(intent_value, &views, now()).map(|req| rc::ClientFields {
            if_match: req.if_match().map(|t| vec![r::Tag { weak: t.is_weak(), opaque: t.opaque().to_vec() }]),
            if_none_match: req.if_none_match().map(|v| match v {
                http_conditional::cache::FieldValue::Tags(tags) => tags.iter().map(|t| t.to_string()).collect(),
                other => vec![other.to_string()],
            }),
            if_modified_since: req.if_modified_since().map(<[u8]>::to_vec),
            if_unmodified_since: req.if_unmodified_since().map(<[u8]>::to_vec),
        }).map_err(|e| e.code());
        prop_assert_eq!(got, rc::client(intent, &refs, NOW));
    }
}

/// Names from a small set, in generated casings, so that merges overlap.
const NAMES: &[&str] = &[
    "Content-Length",
    "ETag",
    "Cache-Control",
    "Link",
    "Content-Type",
    "Connection",
    "Keep-Alive",
    "Transfer-Encoding",
    "Proxy-Authenticate",
    "X-A",
    "X-B",
];

fn field_lines(max: usize) -> impl Strategy<Value = Vec<(String, String)>> {
    let line = (
        select(NAMES),
        any::<u8>(),
        select(&["1", "2", "x-a", "X-B, close", "<a>"][..]),
    )
        .prop_map(|(name, casing, value)| {
            let name = match casing % 3 {
                0 => name.to_owned(),
                1 => name.to_ascii_lowercase(),
                _ => name.to_ascii_uppercase(),
            };
            (name, value.to_owned())
        });
    prop::collection::vec(line, 0..=max)
}

fn merged(stored: &[(String, String)], response: &[(String, String)]) -> Vec<(String, String)> {
    Merge::new(response)
        .merged(stored)
        .map(|(n, v)| {
            (
                String::from_utf8(n.to_vec()).unwrap(),
                String::from_utf8(v.to_vec()).unwrap(),
            )
        })
        .collect()
}

fn lines_named<'l>(lines: &'l [(String, String)], name: &str) -> Vec<&'l str> {
    lines
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

proptest! {
    #![proptest_config(config(5_000, 500))]

    // RFC 9111 §3.2: "Content-Length" is never updated from a 304
    #[test]
    fn merging_never_changes_content_length(
        stored in field_lines(8),
        response in field_lines(6),
    ) {
        let after = merged(&stored, &response);
        prop_assert_eq!(lines_named(&after, "content-length"), lines_named(&stored, "content-length"));
    }

    // RFC 9111 §3.2: merging the same 304 twice changes nothing more
    #[test]
    fn merging_is_idempotent(stored in field_lines(8), response in field_lines(6)) {
        let once = merged(&stored, &response);
        let twice = merged(&once, &response);
        prop_assert_eq!(once, twice);
    }

    // RFC 9111 §3.2: stored fields the 304 lacks stay, every line, in order
    #[test]
    fn merging_keeps_every_stored_field_the_304_lacks(
        stored in field_lines(8),
        response in field_lines(6),
    ) {
        let after = merged(&stored, &response);
        for (name, _) in &stored {
            if lines_named(&response, name).is_empty() {
                prop_assert_eq!(lines_named(&after, name), lines_named(&stored, name), "{}", name);
            }
        }
    }

    // RFC 9111 §3.1-§3.2 against the literal transcription
    #[test]
    fn merging_agrees_with_the_reference(stored in field_lines(8), response in field_lines(6)) {
        let after = merged(&stored, &response);
        let mut got: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
        for (n, v) in &after {
            let n = n.to_ascii_lowercase();
            match got.iter_mut().find(|(k, _)| *k == n) {
                Some((_, vs)) => vs.push(v.as_bytes().to_vec()),
                None => got.push((n, vec![v.as_bytes().to_vec()])),
            }
        }
        let s = byte_pairs(&stored);
        let rs = byte_pairs(&response);
        let mut want = rc::merge(&s, &rs);
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
    }
}

fn action_name(action: http_conditional::cache::Action) -> &'static str {
    use http_conditional::cache::Action;
    match action {
        Action::NotModified => "not_modified",
        Action::Serve => "serve",
        Action::ServeRange => "serve_range",
    }
}

// The reference itself on hand-checked cases from CHOICES 18, so that a bug
// in it shows up as a plain failure.
#[test]
fn the_freshen_reference_follows_choices_18_on_known_cases() {
    let stored = |etag: &str, date: i64| rc::Stored {
        etag: Some(etag.as_bytes().to_vec()),
        date: Some(r::format_imf_fixdate(date).into_bytes()),
        received: date,
        ..rc::Stored::default()
    };
    let not_modified = |etag: &str| rc::Response {
        etag: Some(etag.as_bytes().to_vec()),
        ..rc::Response::default()
    };
    let list = [
        stored("\"a\"", BASE),
        stored("W/\"a\"", BASE + 5),
        stored("W/\"a\"", BASE + 9),
    ];
    assert_eq!(rc::freshen(&list, &not_modified("\"a\""), NOW), [0]);
    assert_eq!(rc::freshen(&list, &not_modified("W/\"a\""), NOW), [2]);
    assert_eq!(
        rc::freshen(&list, &not_modified("\"b\""), NOW),
        Vec::<usize>::new()
    );
    assert_eq!(
        rc::freshen(&list, &rc::Response::default(), NOW),
        Vec::<usize>::new()
    );
    // The crate agrees on them.
    let owned: Vec<StoredSpec> = list
        .iter()
        .map(|s| StoredSpec {
            etag: s
                .etag
                .as_ref()
                .map(|v| String::from_utf8(v.clone()).unwrap()),
            last_modified: None,
            date: s
                .date
                .as_ref()
                .map(|v| String::from_utf8(v.clone()).unwrap()),
            content_length: None,
            received: s.received,
        })
        .collect();
    let views: Vec<Stored<'_>> = owned.iter().map(StoredSpec::view).collect();
    let strong = NewResponse::new().with_etag("\"a\"");
    assert_eq!(
        freshen(&views, strong, now()).indices().collect::<Vec<_>>(),
        [0]
    );
    let weak = NewResponse::new().with_etag("W/\"a\"");
    assert_eq!(
        freshen(&views, weak, now()).indices().collect::<Vec<_>>(),
        [2]
    );
    assert!(parse::etag([&b"W/\"a\""[..]])
        .unwrap()
        .weak_eq(&EntityTag::strong(b"a").unwrap()));
}
