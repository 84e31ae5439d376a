//! Runs the vendored public conformance vectors (a copy of
//! shared/conformance/public.jsonl) through the same code as the
//! `conformance` example, and fails on any mismatch.

#![cfg(feature = "std")]

#[path = "../examples/conformance/runner.rs"]
mod runner;

use serde_json::Value;

fn check_file(text: &str) -> (usize, Vec<String>) {
    let mut passed = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("vector lines are JSON");
        let result = runner::run_case(&case);
        if runner::matches(case.get("expect"), &result) {
            passed += 1;
        } else {
            failures.push(format!(
                "{}: expected {}, got {result}",
                case["id"], case["expect"]
            ));
        }
    }
    (passed, failures)
}

// RFC 9110 §8.8.3, §5.6.7, §13: the vectors written from the RFC's own text
#[test]
fn every_public_vector_passes() {
    let (passed, failures) = check_file(include_str!("vectors/public.jsonl"));
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed, 77, "the vendored file holds 77 cases");
}

#[test]
fn vendored_vectors_are_a_verbatim_copy_of_the_shared_ones() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/public.jsonl");
    // The shared folder is beside the checkout in development and CI; a
    // packaged crate has only the vendored copy.
    if let Ok(text) = std::fs::read_to_string(shared) {
        assert_eq!(text, include_str!("vectors/public.jsonl"));
    }
}

// RFC 9111 §4.3, §3.2 and RFC 9110 §13.1: the cache and client vectors
// (case kinds 4-9)
#[test]
fn every_public_cache_vector_passes() {
    let (passed, failures) = check_file(include_str!("vectors/public-cache.jsonl"));
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed, 40, "the vendored file holds 40 cases");
}

#[test]
fn vendored_cache_vectors_are_a_verbatim_copy_of_the_shared_ones() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance/cache/public-cache.jsonl");
    if let Ok(text) = std::fs::read_to_string(shared) {
        assert_eq!(text, include_str!("vectors/public-cache.jsonl"));
    }
}

// CHOICES 1-21 and the RFCs: vectors of our own, in the same format,
// written from FORMAT.md, CHOICES.md and RFC 9110 / 9111 alone (without
// reading the crate's code), aimed at the corners a larger vector set
// would probe: the §13.2.2 order, `*` and empty elements, tag bytes, every
// date format and its invalid forms, If-Range, 428, the cache's answer,
// validation, freshening, merging and the client's fields. Cases without
// `now` read two-digit years against the real clock; none is within 18
// years of a century turning over (`-94` stays 1994 until 2044).
#[test]
fn every_vector_of_our_own_passes() {
    for (file, text, cases) in [
        (
            "ours-origin.jsonl",
            include_str!("vectors/ours-origin.jsonl"),
            1491,
        ),
        (
            "ours-cache.jsonl",
            include_str!("vectors/ours-cache.jsonl"),
            815,
        ),
    ] {
        let (passed, failures) = check_file(text);
        assert!(
            failures.is_empty(),
            "{file}: {} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert_eq!(passed, cases, "{file} holds {cases} cases");
    }
}

#[test]
fn a_result_matches_only_when_every_expected_field_is_equal() {
    let result = serde_json::json!({"id": "x", "status": 304, "explanation": "…"});
    assert!(runner::matches(
        Some(&serde_json::json!({"status": 304})),
        &result
    ));
    assert!(!runner::matches(
        Some(&serde_json::json!({"status": 200})),
        &result
    ));
    assert!(!runner::matches(
        Some(&serde_json::json!({"strong": true})),
        &result
    ));
    assert!(!runner::matches(None, &result));
}

#[test]
fn a_case_that_cannot_be_read_gives_an_error_result() {
    let bad = serde_json::json!({"id": "b", "evaluate": {"method": "GET"}});
    let result = runner::run_case(&bad);
    assert_eq!(result["id"], "b");
    assert!(result["error"].is_string());
    let unknown = runner::run_case(&serde_json::json!({"id": "u", "frobnicate": {}}));
    assert!(unknown["error"].is_string());
}

// CHOICES 5: a parse case may carry its own clock for two-digit years
#[test]
fn a_parse_case_reads_two_digit_years_against_its_own_now() {
    let case = serde_json::json!({"id": "y", "parse": {
        "field": "Last-Modified",
        "lines": ["Monday, 06-Nov-50 08:49:37 GMT"],
        "now": "Sun, 06 Nov 1994 08:49:37 GMT"}});
    assert_eq!(runner::run_case(&case)["date"], -604_422_623); // 1950, not 2050
}

#[test]
fn a_case_with_two_kinds_is_an_error() {
    let case = serde_json::json!({"id": "k", "compare": ["\"1\"", "\"1\""],
        "parse": {"field": "ETag", "lines": ["\"1\""]}});
    assert!(runner::run_case(&case)["error"].is_string());
}

// FORMAT.md: a cache case the runner cannot read or answer gives an error
// result, and the run goes on
#[test]
fn a_cache_case_that_cannot_be_answered_gives_an_error_result() {
    let put = serde_json::json!({"id": "c", "cache_answer": {"method": "PUT", "headers": [],
        "stored": [{"received": "Tue, 15 Oct 2024 08:00:01 GMT"}]}});
    assert!(runner::run_case(&put)["error"].is_string());
    let no_received = serde_json::json!({"id": "r", "cache_freshen": {"stored": [{}],
        "response": {"etag": null}}});
    assert!(runner::run_case(&no_received)["error"].is_string());
    let intent =
        serde_json::json!({"id": "i", "client_request": {"intent": "steal", "stored": []}});
    assert!(runner::run_case(&intent)["error"].is_string());
}
