//! `--format json`: one object,
//! `{"target", "baseline", "findings", "exchanges", "summary", "why_not_304", "stopped"}`.
//!
//! Field values are strings in which printable ASCII stands as is, `\` is
//! `\\` and every other byte is `\xNN`, so non-UTF-8 values survive
//! exactly.

use serde_json::{json, Map, Value};

use crate::checks::Snapshot;
use crate::exchange::{escape, escape_short, Exchange, FieldLine};
use crate::finding::Finding;
use crate::probe::Report;

/// How many bytes of content an exchange shows.
const PREVIEW: usize = 200;

/// The report as a JSON value.
pub fn report(report: &Report) -> Value {
    let summary: Map<String, Value> = report
        .summary()
        .iter()
        .map(|(level, n)| (level.name().to_owned(), json!(n)))
        .collect();
    json!({
        "target": report.target,
        "baseline": report.baseline.as_ref().map(snapshot),
        "gzip_baseline": report.gzip_baseline.as_ref().map(snapshot),
        "findings": report.findings.iter().map(finding).collect::<Vec<_>>(),
        "exchanges": report.exchanges.iter().map(exchange).collect::<Vec<_>>(),
        "summary": summary,
        "why_not_304": report.why_not_304,
        "stopped": report.stopped.as_ref().map(|s| s.reason.clone()),
        "exit_code": report.exit_code(),
    })
}

fn snapshot(s: &Snapshot) -> Value {
    json!({
        "exchange": s.exchange,
        "status": 200,
        "etag": s.joined("etag").map(|v| escape(&v)),
        "etag_valid": s.tag().is_some(),
        "last_modified": s.last_modified_raw.as_ref().map(|v| escape(v)),
        "date": s.date.map(|d| d.to_http()),
        "content_type": s.content_type.as_ref().map(|v| escape(v)),
        "content_encoding": s.encoding,
        "content_length": s.content_length,
        "vary": s.joined("vary").map(|v| escape(&v)),
        "cache_control": s.joined("cache-control").map(|v| escape(&v)),
        "accept_ranges": s.accept_ranges,
        "body_bytes": s.body.len(),
    })
}

fn finding(f: &Finding) -> Value {
    json!({
        "id": f.id,
        "level": f.level.name(),
        "rfc": f.rfc,
        "sent": f.sent,
        "expected": f.expected,
        "got": f.got,
        "why": f.why,
        "rfc9110": f.rfc9110,
        "exchanges": f.exchanges,
    })
}

fn lines(fields: &[FieldLine]) -> Vec<Value> {
    fields
        .iter()
        .map(|(name, value)| json!([escape(name), escape(value)]))
        .collect()
}

fn exchange(e: &Exchange) -> Value {
    let request = json!({
        "method": e.request.method,
        "target": e.request.target,
        "headers": e.request.headers.iter().map(|(n, v)| json!([n, escape(v)])).collect::<Vec<_>>(),
        "body_bytes": e.request.body.len(),
    });
    let (response, error) = match &e.result {
        Ok(r) => (
            json!({
                "version": r.version,
                "status": r.status,
                "reason": escape(&r.reason),
                "headers": lines(&r.headers),
                "framing": r.framing.describe(),
                "body_bytes": r.body.len(),
                "body_preview": escape_short(&r.body, PREVIEW),
                "trailers": lines(&r.trailers),
                "bytes_after_message": r.after.len(),
                "after_preview": escape_short(&r.after, PREVIEW),
                "interim": r.interim,
            }),
            Value::Null,
        ),
        Err(err) => (Value::Null, json!(err.to_string())),
    };
    json!({
        "id": e.id,
        "label": e.label,
        "variant": if e.variant.is_empty() { "identity" } else { "gzip" },
        "request": request,
        "response": response,
        "error": error,
        "elapsed_ms": e.elapsed.as_millis() as u64,
    })
}
