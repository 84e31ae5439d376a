//! The readable report: findings grouped, each line led by its level in
//! capitals, so that `BAD` stands out; `-v` appends every exchange.

use std::fmt::Write as _;

use crate::exchange::{escape, escape_short, Exchange};
use crate::finding::{group_of, Finding, Level, GROUPS};
use crate::probe::Report;

/// The text report.
pub fn report(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "http-conditional-probe {}", report.target);
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            out,
            "baseline: #{} 200, ETag {}, Last-Modified {}, {} bytes{}",
            b.exchange,
            b.joined("etag")
                .map_or_else(|| "none".to_owned(), |v| escape_short(&v, 80)),
            b.last_modified_raw
                .as_ref()
                .map_or_else(|| "none".to_owned(), |v| escape(v)),
            b.body.len(),
            b.encoding
                .as_ref()
                .map_or_else(String::new, |e| format!(", Content-Encoding {e}")),
        );
    }
    if let Some(stop) = &report.stopped {
        let _ = writeln!(out, "\nSTOPPED: {}", stop.reason);
    }
    let mut group = usize::MAX;
    let mut i = 0;
    while let Some(f) = report.findings.get(i) {
        let g = group_of(&f.id);
        if g != group {
            group = g;
            let name = GROUPS.get(g).map_or("Other", |(name, _)| *name);
            let _ = writeln!(out, "\n== {name}");
        }
        // Skips with the same reason in a row share one line.
        let same_skips = report.findings[i..]
            .iter()
            .take_while(|o| {
                o.level == Level::Skip
                    && f.level == Level::Skip
                    && o.why == f.why
                    && group_of(&o.id) == g
            })
            .count();
        if same_skips > 1 {
            let ids: Vec<&str> = report.findings[i..i + same_skips]
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            let _ = writeln!(out, "[SKIP] {}", ids.join(", "));
            let _ = writeln!(out, "       skipped: {}", f.why);
            i += same_skips;
            continue;
        }
        finding(&mut out, f);
        i += 1;
    }
    if let Some(why) = &report.why_not_304 {
        let _ = writeln!(out, "\n== Why 200, not 304?");
        for line in why.lines() {
            let _ = writeln!(out, "  - {line}");
        }
    }
    if report.stopped.is_none() {
        let counts: Vec<String> = report
            .summary()
            .iter()
            .map(|(level, n)| format!("{n} {level}"))
            .collect();
        let _ = writeln!(
            out,
            "\nsummary: {} ({} requests)",
            counts.join(", "),
            report.exchanges.len()
        );
    }
    if verbose {
        let _ = writeln!(out, "\n== Exchanges");
        for e in &report.exchanges {
            exchange(&mut out, e);
        }
    } else if report.stopped.is_none() {
        let _ = writeln!(
            out,
            "(-v shows the exchanges; --format json has everything)"
        );
    }
    let _ = writeln!(out, "exit status {}", report.exit_code());
    out
}

fn tag(level: Level) -> &'static str {
    match level {
        Level::Good => "GOOD",
        Level::Info => "INFO",
        Level::Warn => "WARN",
        Level::Bad => "BAD ",
        Level::Skip => "SKIP",
    }
}

fn finding(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "[{}] {:<22} {}", tag(f.level), f.id, f.rfc.join(", "));
    if f.level == Level::Skip {
        let _ = writeln!(out, "       skipped: {}", f.why);
        return;
    }
    let mut field = |name: &str, text: &str| {
        if !text.is_empty() {
            let _ = writeln!(out, "       {name:<11}{}", shorten(text));
        }
    };
    field("sent:", &f.sent);
    field("expected:", &f.expected);
    field("got:", &f.got);
    field("why:", &f.why);
    if let Some(text) = &f.rfc9110 {
        field("RFC 9110:", text);
    }
    if !f.exchanges.is_empty() {
        let ids: Vec<String> = f.exchanges.iter().map(|id| format!("#{id}")).collect();
        field("exchanges:", &ids.join(" "));
    }
}

/// The most characters of one line of a finding; JSON has the rest.
const MAX_LINE: usize = 600;

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_LINE) {
        None => text.to_owned(),
        Some((cut, _)) => format!(
            "{}... ({} bytes; --format json has all)",
            &text[..cut],
            text.len()
        ),
    }
}

fn exchange(out: &mut String, e: &Exchange) {
    let _ = writeln!(
        out,
        "\n#{} {} ({} ms)\n> {} {} HTTP/1.1",
        e.id,
        e.label,
        e.elapsed.as_millis(),
        e.request.method,
        e.request.target
    );
    for (name, value) in &e.request.headers {
        let _ = writeln!(out, "> {name}: {}", escape_short(value, 200));
    }
    if !e.request.body.is_empty() {
        let _ = writeln!(out, "> ({} bytes of content)", e.request.body.len());
    }
    match &e.result {
        Err(err) => {
            let _ = writeln!(out, "! {err}");
        }
        Ok(r) => {
            let _ = writeln!(out, "< {} {}", r.version, r.status_line());
            for (name, value) in &r.headers {
                let _ = writeln!(out, "< {}: {}", escape(name), escape_short(value, 200));
            }
            let _ = writeln!(
                out,
                "< ({} bytes of content, {})",
                r.body.len(),
                r.framing.describe()
            );
            if !r.after.is_empty() {
                let _ = writeln!(
                    out,
                    "< !! {} bytes after the message: {}",
                    r.after.len(),
                    escape_short(&r.after, 80)
                );
            }
        }
    }
}
