//! The binary at its edges: a server that is not there, a redirect, a
//! server that never answers, a non-UTF-8 field value, a 64 KiB `ETag`,
//! and the JSON shape and exit codes of the issue.

mod support;

use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{Config, Server};

fn probe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_http-conditional-probe"))
        .args(args)
        .output()
        .expect("run the binary")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The findings that are not good or skip, as "id level", for messages.
fn not_good(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter(|f| f["level"] != "good" && f["level"] != "skip")
                .map(|f| format!("{} {}", f["id"], f["level"]))
                .collect()
        })
        .unwrap_or_default()
}

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|list| list.iter().find(|f| f["id"] == id))
        .unwrap_or_else(|| panic!("no finding {id}"))
}

#[test]
fn connection_refused_exits_2_with_the_reason() {
    // A port that was free a moment ago and has no listener now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = probe(&[&format!("http://127.0.0.1:{port}/x"), "--timeout", "2"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot connect"), "{stderr}");
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    for args in [
        &["not a url"][..],
        &["--timeout", "-1", "http://127.0.0.1:1/"][..],
        &[][..],
    ] {
        let out = probe(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
    let help = probe(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--timeout SECONDS"));
}

// No redirects are followed: a 3xx baseline is reported and stops the run.
#[test]
fn a_3xx_baseline_is_reported_and_stops_the_run() {
    let server = Server::start(Config::default());
    let out = probe(&[&server.url("/redirect"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let stopped = report["stopped"].as_str().unwrap();
    assert!(
        stopped.contains("301") && stopped.contains("Location: /r"),
        "{stopped}"
    );
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert_eq!(report["exchanges"].as_array().unwrap().len(), 1);
    assert_eq!(report["exchanges"][0]["response"]["status"], 301);
}

// A server that accepts the connection and never answers: the baseline
// times out after --timeout, and the probe says so.
#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(Config::default());
    let started = Instant::now();
    let out = probe(&[&server.url("/silent"), "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("timed out"), "{stderr}");
}

// RFC 9110 §5.5, §8.8.3: obs-text is allowed in field values and in
// entity-tags; the probe keeps the bytes and sends them back exactly.
#[test]
fn non_utf8_values_are_kept_and_sent_back_exactly() {
    let server = Server::start(Config {
        opaque: Some(b"caf\xe9".to_vec()),
        extra: vec![("X-Note".to_owned(), b"na\xefve \xff".to_vec())],
        ..Config::default()
    });
    let out = probe(&[&server.url("/r"), "--format", "json"]);
    let report = json(&out);
    assert_eq!(out.status.code(), Some(0), "{:?}", not_good(&report));
    assert_eq!(finding(&report, "ETAG-SYNTAX")["level"], "good");
    assert_eq!(finding(&report, "INM-304")["level"], "good");
    assert_eq!(report["baseline"]["etag"], "\"caf\\xe9\"");
    let first = &report["exchanges"][0]["response"]["headers"];
    assert!(
        first
            .as_array()
            .unwrap()
            .iter()
            .any(|line| line[0] == "X-Note" && line[1] == "na\\xefve \\xff"),
        "{first:#}"
    );
}

// A 64 KiB ETag is read whole, judged and sent back whole.
#[test]
fn a_64_kib_etag_is_handled() {
    let server = Server::start(Config {
        opaque: Some(vec![b'a'; 64 * 1024]),
        ..Config::default()
    });
    let out = probe(&[&server.url("/r"), "--format", "json"]);
    let report = json(&out);
    assert_eq!(out.status.code(), Some(0), "{:?}", not_good(&report));
    for id in [
        "ETAG-SYNTAX",
        "ETAG-STABLE",
        "INM-304",
        "INM-LIST",
        "IFMATCH-CURRENT",
    ] {
        assert_eq!(finding(&report, id)["level"], "good", "{id}");
    }
    let inm = finding(&report, "INM-304")["exchanges"][0]
        .as_u64()
        .unwrap() as usize;
    let sent = &report["exchanges"][inm - 1]["request"]["headers"];
    let value = sent
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line[0] == "If-None-Match")
        .unwrap();
    assert_eq!(value[1].as_str().unwrap().len(), 64 * 1024 + 2);
}

// The JSON shape of the issue: target, baseline, findings (each naming
// its exchanges), exchanges, summary; exit 0 without a bad finding.
#[test]
fn json_report_has_the_issue_shape() {
    let server = Server::start(Config::default());
    let out = probe(&[&server.url("/r"), "--format", "json", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["target"], server.url("/r"));
    assert_eq!(report["baseline"]["status"], 200);
    let exchanges = report["exchanges"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    let mut counted = std::collections::BTreeMap::new();
    for f in findings {
        for key in [
            "id",
            "level",
            "rfc",
            "sent",
            "expected",
            "got",
            "why",
            "rfc9110",
            "exchanges",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        *counted
            .entry(f["level"].as_str().unwrap().to_owned())
            .or_insert(0u64) += 1;
        for id in f["exchanges"].as_array().unwrap() {
            let id = id.as_u64().unwrap() as usize;
            assert!(
                id >= 1 && id <= exchanges.len(),
                "{}: exchange {id}",
                f["id"]
            );
        }
    }
    for level in ["good", "info", "warn", "bad", "skip"] {
        assert_eq!(
            report["summary"][level].as_u64().unwrap(),
            counted.get(level).copied().unwrap_or(0),
            "{level}"
        );
    }
    // A decision finding carries the core's explanation.
    let inm = finding(&report, "INM-304");
    assert!(
        inm["rfc9110"]
            .as_str()
            .unwrap()
            .contains("RFC 9110 §13.1.2"),
        "{inm}"
    );
}

#[test]
fn text_report_shows_ids_levels_and_exchanges_with_v() {
    let server = Server::start(Config::default());
    let out = probe(&[&server.url("/r"), "-v"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[GOOD] INM-304 "), "{text}");
    assert!(text.contains("== Exchanges"), "{text}");
    assert!(text.contains("> If-None-Match: "), "{text}");
    assert!(text.contains("summary: "), "{text}");
}
