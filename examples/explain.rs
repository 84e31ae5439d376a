//! Explains how a server decides a conditional request.
//!
//! ```text
//! cargo run --example explain -- GET -H 'If-None-Match: W/"v7"' --etag '"v7"'
//! cargo run --example explain -- PUT --etag '"v7"' --require-precondition
//! cargo run --example explain -- GET -H 'Range: bytes=0-99' \
//!     -H 'If-Range: Sat, 29 Oct 1994 19:43:31 GMT' \
//!     --last-modified 'Sat, 29 Oct 1994 19:43:31 GMT' --now 'Sun, 06 Nov 1994 08:49:37 GMT'
//! ```
//!
//! Arguments: the method, then any of `-H 'Name: value'` (repeatable, in
//! arrival order), `--etag TAG`, `--last-modified DATE`, `--missing` (no
//! current representation), `--now DATE` (default: the system clock) and
//! `--require-precondition`, `--no-ranges` (the resource does not support
//! range requests) and `--ascii` (the explanation in its header-safe form).
//! Prints the status and the explanation, then, for a 412 or 428, the hint
//! its content could carry; a bad argument prints why and exits with
//! status 2.

use std::process::ExitCode;

use http_conditional::{evaluate, parse, HttpDate, Method, Policy, Resource, Validators};

const USAGE: &str = "usage: explain METHOD [-H 'Name: value']... [--etag TAG] \
[--last-modified DATE] [--missing] [--now DATE] [--require-precondition] [--no-ranges] [--ascii]";

struct Args {
    method: String,
    headers: Vec<(String, String)>,
    etag: Option<String>,
    last_modified: Option<String>,
    missing: bool,
    now: Option<String>,
    require_precondition: bool,
    no_ranges: bool,
    ascii: bool,
}

/// The command line; `None` for `-h` / `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let method = match args.next() {
        Some(h) if h == "-h" || h == "--help" => return Ok(None),
        Some(m) if !m.starts_with('-') && !m.is_empty() => m,
        _ => return Err("the first argument must be the request method".to_owned()),
    };
    let mut parsed = Args {
        method,
        headers: Vec::new(),
        etag: None,
        last_modified: None,
        missing: false,
        now: None,
        require_precondition: false,
        no_ranges: false,
        ascii: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "-H" | "--header" => {
                let line = value("-H")?;
                let (name, val) = line
                    .split_once(':')
                    .ok_or(format!("header {line:?} is not 'Name: value'"))?;
                if name.is_empty() || name.bytes().any(|b| b <= b' ' || b == 0x7f) {
                    return Err(format!("header name {name:?} is not a token"));
                }
                parsed.headers.push((name.to_owned(), val.to_owned()));
            }
            "--etag" => parsed.etag = Some(value("--etag")?),
            "--last-modified" => parsed.last_modified = Some(value("--last-modified")?),
            "--now" => parsed.now = Some(value("--now")?),
            "--missing" => parsed.missing = true,
            "--require-precondition" => parsed.require_precondition = true,
            "--no-ranges" => parsed.no_ranges = true,
            "--ascii" => parsed.ascii = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if parsed.missing && (parsed.etag.is_some() || parsed.last_modified.is_some()) {
        return Err(
            "--missing means no current representation: drop --etag and --last-modified".to_owned(),
        );
    }
    Ok(Some(parsed))
}

fn run(args: Args) -> Result<String, String> {
    let now = match &args.now {
        Some(text) => parse::date([text.as_bytes()], HttpDate::now())
            .map_err(|e| format!("--now {text:?} is not an HTTP-date: {e}"))?,
        None => HttpDate::now(),
    };
    let resource = if args.missing {
        Resource::Missing
    } else {
        let etag = match &args.etag {
            Some(text) => Some(
                parse::etag([text.as_bytes()])
                    .map_err(|e| format!("--etag {text:?} is not an entity-tag: {e}"))?,
            ),
            None => None,
        };
        let last_modified = match &args.last_modified {
            Some(text) => Some(
                parse::date([text.as_bytes()], now)
                    .map_err(|e| format!("--last-modified {text:?} is not an HTTP-date: {e}"))?,
            ),
            None => None,
        };
        Resource::Current(Validators::from_options(etag, last_modified))
    };
    let policy = Policy::new()
        .require_precondition(args.require_precondition)
        .ranges(!args.no_ranges);
    let eval = evaluate(
        Method::from(args.method.as_str()),
        &args.headers[..],
        resource,
        now,
        policy,
    );
    let mut out = if args.ascii {
        format!("{}\n{}", eval.status(), eval.ascii())
    } else {
        format!("{}\n{eval}", eval.status())
    };
    if let Some(hint) = eval.hint() {
        out.push_str(&format!("\n\n{hint}"));
        out.truncate(out.trim_end().len());
    }
    Ok(out)
}

fn main() -> ExitCode {
    let parsed = parse_args(std::env::args().skip(1));
    match parsed.and_then(|args| args.map(run).transpose()) {
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Some(text)) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("explain: {why}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
