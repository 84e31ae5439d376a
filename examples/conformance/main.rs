//! The conformance runner of `shared/conformance/FORMAT.md`.
//!
//! ```text
//! cargo run --quiet --release --example conformance < FILE.jsonl
//! cargo run --quiet --release --example conformance -- --check < FILE.jsonl
//! ```
//!
//! One JSON result line per input line, in order; a line it cannot read
//! gives `{"id": ..., "error": "..."}` and the run goes on. Lines holding
//! only whitespace are not cases and give no output. With `--check`, each
//! mismatch goes to stderr and the last stdout line is `N passed, N failed`;
//! the exit status is non-zero if any case failed.

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
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("conformance: reading line {}: {e}", n + 1);
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let (case, result) = match serde_json::from_str::<Value>(&line) {
            Ok(case) => {
                let result = run_case(&case);
                (Some(case), result)
            }
            Err(e) => (None, error(Value::Null, &format!("not JSON: {e}"))),
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
