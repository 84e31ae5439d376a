//! Parsing and evaluation never touch the heap: a counting global allocator
//! watches every public vector, and hostile inputs, go through parse,
//! evaluate and the explanation.

use http_conditional::{
    evaluate, parse, EntityTag, HttpDate, Member, Method, Policy, Resource, Validators,
};
use serde_json::Value;

#[path = "common/counting.rs"]
mod counting;
#[path = "common/stack_text.rs"]
mod stack_text;
use counting::allocations;
use stack_text::explain;

/// Evaluates and explains one request; returns the status and the
/// explanation's length.
fn evaluate_and_explain(
    method: &[u8],
    headers: &[(&[u8], &[u8])],
    resource: Resource<'_>,
    now: HttpDate,
    policy: Policy,
) -> (u16, usize) {
    let eval = evaluate(Method::new(method), headers, resource, now, policy);
    (eval.status(), explain(&eval))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn every_public_vector_parses_and_evaluates_without_allocating() {
    let now = HttpDate::from_unix_seconds(1_800_000_000).unwrap();
    let mut checked = 0;
    for line in include_str!("vectors/public.jsonl").lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        // Everything the JSON needs is prepared before counting starts.
        if let Some(c) = case.get("evaluate") {
            let headers: Vec<(&[u8], &[u8])> = c["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().as_bytes(),
                        p[1].as_str().unwrap().as_bytes(),
                    )
                })
                .collect();
            let method = c["method"].as_str().unwrap().as_bytes();
            let etag = c["resource"]["etag"].as_str().map(str::as_bytes);
            let lm = c["resource"]["last_modified"].as_str().map(str::as_bytes);
            let now_text = c["now"].as_str().map(str::as_bytes);
            let exists = !c["resource"].is_null();
            let require = c["policy"]["require_precondition"].as_bool() == Some(true);
            let (_, n) = allocations(|| {
                let now = now_text.map_or(now, |t| parse::date([t], now).unwrap());
                let resource = if exists {
                    Resource::Current(Validators::from_options(
                        etag.and_then(|t| parse::etag([t]).ok()),
                        lm.and_then(|t| parse::date([t], now).ok()),
                    ))
                } else {
                    Resource::Missing
                };
                let policy = Policy::new().require_precondition(require);
                evaluate_and_explain(method, &headers, resource, now, policy)
            });
            assert_eq!(n, 0, "{}", case["id"]);
        } else if let Some(c) = case.get("compare") {
            let (a, b) = (
                c[0].as_str().unwrap().as_bytes(),
                c[1].as_str().unwrap().as_bytes(),
            );
            let (_, n) = allocations(|| match (EntityTag::parse(a), EntityTag::parse(b)) {
                (Ok(a), Ok(b)) => (a.strong_eq(&b), a.weak_eq(&b)),
                _ => (false, false),
            });
            assert_eq!(n, 0, "{}", case["id"]);
        } else if let Some(c) = case.get("parse") {
            let lines: Vec<&[u8]> = strings(&c["lines"])
                .into_iter()
                .map(str::as_bytes)
                .collect();
            let (_, n) = allocations(|| {
                let mut buf = [0u8; 256];
                let tags = parse::list(lines.iter().copied())
                    .filter_map(|m| match m {
                        Ok(Member::Tag(t)) => t.encode_into(&mut buf).map(|b| b.len()),
                        _ => None,
                    })
                    .count();
                let single = parse::etag(lines.iter().copied()).is_ok();
                let date = parse::date(lines.iter().copied(), now).is_ok();
                let range = parse::if_range(lines.iter().copied(), now).is_ok();
                (tags, single, date, range)
            });
            assert_eq!(n, 0, "{}", case["id"]);
        }
        checked += 1;
    }
    assert_eq!(checked, 77);
}

#[test]
fn hostile_inputs_are_evaluated_without_allocating() {
    let now = HttpDate::from_unix_seconds(1_800_000_000).unwrap();
    let commas = vec![b','; 64 * 1024];
    let spaces = vec![b' '; 64 * 1024];
    let weak_prefixes = b"W/".repeat(32 * 1024);
    let mut unterminated = vec![b'a'; 64 * 1024];
    unterminated[0] = b'"';
    let many_tags = (0..10_000)
        .map(|i| format!("\"t{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let long_date = vec![b'1'; 64 * 1024];
    let resource = Resource::Current(
        Validators::new()
            .with_etag(EntityTag::strong(b"t9999").unwrap())
            .with_last_modified(HttpDate::from_unix_seconds(1_700_000_000).unwrap()),
    );
    let values: [&[u8]; 6] = [
        &commas,
        &spaces,
        &weak_prefixes,
        &unterminated,
        many_tags.as_bytes(),
        &long_date,
    ];
    let one_line_each: Vec<(&[u8], &[u8])> = (0..1000)
        .map(|_| (&b"If-None-Match"[..], &b"\"x\""[..]))
        .collect();
    for value in values {
        for name in [
            "If-Match",
            "If-None-Match",
            "If-Modified-Since",
            "If-Unmodified-Since",
            "If-Range",
        ] {
            let headers = [(name.as_bytes(), value), (&b"Range"[..], &b"bytes=0-1"[..])];
            for method in [&b"GET"[..], b"PUT"] {
                let (_, n) = allocations(|| {
                    evaluate_and_explain(method, &headers, resource, now, Policy::new())
                });
                assert_eq!(n, 0, "{name} with {} bytes", value.len());
            }
        }
    }
    let (_, n) =
        allocations(|| evaluate_and_explain(b"GET", &one_line_each, resource, now, Policy::new()));
    assert_eq!(n, 0, "1,000 field lines");
}

#[test]
fn the_counter_sees_an_allocation() {
    // Guards the guard: a test that cannot fail proves nothing.
    let (v, n) = allocations(|| vec![1u8, 2, 3]);
    assert_eq!(v.len(), 3);
    assert!(n >= 1);
}
