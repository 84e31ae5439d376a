//! The conformance runner of `shared/conformance/FORMAT.md`.
//!
//! ```text
//! cargo run --quiet --release --example conformance < FILE.jsonl
//! cargo run --quiet --release --example conformance -- --check < FILE.jsonl
//! ```
//!
//! One JSON result line per input line, in order; a line it cannot read
//! (not UTF-8, not JSON, not a case) gives `{"id": ..., "error": "..."}` and
//! the run goes on. A line holding only whitespace is not a case: it gets an
//! error line too (so output lines stay aligned with input lines) but is not
//! counted by `--check`. With `--check`, each mismatch goes to stderr and the
//! last stdout line is `N passed, N failed`; the exit status is 1 if any case
//! failed, 2 if input or output failed.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use serde_json::Value;

mod runner;
use runner::{error, matches, run_case};

fn main() -> ExitCode {
    let mut check = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            other => {
                eprintln!("conformance: unknown argument {other:?} (only --check is accepted)");
                return ExitCode::from(2);
            }
        }
    }

    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut passed, mut failed) = (0u64, 0u64);
    let mut input = stdin.lock();
    let mut raw = Vec::new();
    for n in 1.. {
        raw.clear();
        match input.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("conformance: reading line {n}: {e}");
                return ExitCode::from(2);
            }
        }
        let bytes = raw.strip_suffix(b"\n").unwrap_or(&raw);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let bytes = if n == 1 {
            bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
        } else {
            bytes
        };
        // A line that is not UTF-8 is a line the runner cannot read, like
        // one that is not JSON: an error result, and a failure with --check.
        let line = std::str::from_utf8(bytes);
        if line.is_ok_and(|line| line.trim().is_empty()) {
            if writeln!(out, "{}", error(Value::Null, &format!("line {n} is empty"))).is_err() {
                return ExitCode::from(2);
            }
            continue;
        }
        let (case, result) = match line.map(serde_json::from_str::<Value>) {
            Ok(Ok(case)) => {
                let result = run_case(&case);
                (Some(case), result)
            }
            Ok(Err(e)) => (None, error(Value::Null, &format!("not JSON: {e}"))),
            Err(e) => (
                None,
                error(Value::Null, &format!("line {n} is not UTF-8: {e}")),
            ),
        };
        if writeln!(out, "{result}").is_err() {
            return ExitCode::from(2);
        }
        if check {
            let expect = case.as_ref().and_then(|c| c.get("expect"));
            if matches(expect, &result) {
                passed += 1;
            } else {
                failed += 1;
                let id = result.get("id").cloned().unwrap_or(Value::Null);
                let expect = expect.cloned().unwrap_or(Value::Null);
                eprintln!("MISMATCH {id}: expected {expect}, got {result}");
            }
        }
    }
    if check {
        let _ = writeln!(out, "{passed} passed, {failed} failed");
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
