//! `http-conditional-probe`: audits a running HTTP endpoint's ETags and
//! preconditions (RFC 9110 §13), explains each finding with the same
//! RFC-cited words as the `http-conditional` core, and says why a server
//! answers 200 where a 304 was due.
//!
//! The binary is a thin shell over [`cli::parse`], [`probe::run`] and the
//! [`report`] formats; the integration tests drive the same functions.
//!
//! - [`client`]: a small HTTP/1.1 client (TCP, rustls) that shows every
//!   byte: field lines as received, content as framed, bytes after it.
//! - [`checks`]: the checks of issue 11, one module per concern.
//! - [`rfc`]: the only module that calls the core.

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

pub mod checks;
pub mod cli;
pub mod client;
pub mod exchange;
pub mod finding;
pub mod probe;
pub mod report;
pub mod rfc;
pub mod target;
pub mod why;

use std::io::Write;

/// Runs the program with `args` (without the program name), writing the
/// report to `out` and messages to `err`; returns the exit status.
pub fn main_with(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let options = match cli::parse(args) {
        Ok(cli::Parsed::Print(text)) => {
            let _ = writeln!(out, "{text}");
            return 0;
        }
        Ok(cli::Parsed::Run(options)) => options,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let result = probe::run(&options);
    let text = match options.format {
        cli::Format::Text => report::text::report(&result, options.verbose),
        cli::Format::Json => {
            let mut text = serde_json::to_string_pretty(&report::json::report(&result))
                .unwrap_or_else(|e| format!("{{\"error\": \"cannot write JSON: {e}\"}}"));
            text.push('\n');
            text
        }
    };
    let _ = out.write_all(text.as_bytes());
    if let Some(stop) = &result.stopped {
        let _ = writeln!(err, "error: {}", stop.reason);
    }
    result.exit_code()
}
