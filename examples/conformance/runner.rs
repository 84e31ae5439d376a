//! One conformance case in, one result object out (shared/conformance/FORMAT.md).
//!
//! Shared by the `conformance` example and `tests/conformance.rs`, so that the
//! test runs exactly what the runner runs.

use http_conditional::{
    evaluate, parse, EntityTag, HttpDate, Member, Method, Policy, Resource, Validators,
};
use serde_json::{json, Map, Value};

// Kinds 4-9 (the cache and client roles), beside this file.
#[path = "cache.rs"]
mod cache;

/// Every field of `expect` is in `result` with an equal value.
pub fn matches(expect: Option<&Value>, result: &Value) -> bool {
    let (Some(Value::Object(expect)), Value::Object(result)) = (expect, result) else {
        return false;
    };
    expect.iter().all(|(k, v)| result.get(k) == Some(v))
}

pub fn error(id: Value, why: &str) -> Value {
    json!({"id": id, "error": why})
}

/// The case kinds of FORMAT.md, in its order: 1-3 for the origin server,
/// 4-9 for the cache and client roles.
const KINDS: [&str; 9] = [
    "evaluate",
    "compare",
    "parse",
    "cache_answer",
    "cache_validation",
    "cache_freshen",
    "cache_merge",
    "cache_head",
    "client_request",
];

pub fn run_case(case: &Value) -> Value {
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    let mut present = KINDS.iter().filter_map(|&k| case.get(k).map(|c| (k, c)));
    let outcome = match (present.next(), present.next()) {
        (None, _) => Err(format!("no case kind (one of {})", KINDS.join(", "))),
        (Some(_), Some(_)) => Err("more than one case kind".to_owned()),
        (Some((kind, c)), None) => match kind {
            "evaluate" => run_evaluate(c),
            "compare" => run_compare(c),
            "parse" => run_parse(c, case),
            "cache_answer" => cache::run_cache_answer(c),
            "cache_validation" => cache::run_cache_validation(c),
            "cache_freshen" => cache::run_cache_freshen(c),
            "cache_merge" => cache::run_cache_merge(c),
            "cache_head" => cache::run_cache_head(c),
            _ => cache::run_client_request(c),
        },
    };
    match outcome {
        Ok(fields) => {
            let mut result = Map::new();
            result.insert("id".to_owned(), id);
            result.extend(fields);
            Value::Object(result)
        }
        Err(why) => error(id, &why),
    }
}

fn str_field<'v>(obj: &'v Value, key: &str) -> Result<Option<&'v str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key} must be a string, not {other}")),
    }
}

fn run_evaluate(case: &Value) -> Result<Map<String, Value>, String> {
    let method = str_field(case, "method")?.ok_or("evaluate.method is missing")?;
    let mut headers = Vec::new();
    for pair in case
        .get("headers")
        .and_then(Value::as_array)
        .ok_or("evaluate.headers must be an array")?
    {
        match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::String(value)]) => {
                headers.push((name.as_str(), value.as_str()))
            }
            _ => return Err(format!("a header must be [name, value], not {pair}")),
        }
    }
    let now = clock(str_field(case, "now")?)?;
    let resource = match case.get("resource") {
        None => return Err("evaluate.resource is missing".to_owned()),
        Some(Value::Null) => Resource::Missing,
        Some(r @ Value::Object(_)) => {
            // Validators that do not parse count as absent (CHOICES 6).
            let etag = str_field(r, "etag")?.and_then(|v| parse::etag([v.as_bytes()]).ok());
            let last_modified =
                str_field(r, "last_modified")?.and_then(|v| parse::date([v.as_bytes()], now).ok());
            Resource::Current(Validators::from_options(etag, last_modified))
        }
        Some(other) => return Err(format!("resource must be an object or null, not {other}")),
    };
    let require = match case.get("policy") {
        None | Some(Value::Null) => false,
        Some(p) => match p.get("require_precondition") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("require_precondition must be a bool, not {other}")),
        },
    };
    let policy = Policy::new().require_precondition(require);
    let eval = evaluate(Method::from(method), &headers[..], resource, now, policy);
    let mut result = Map::new();
    result.insert("status".to_owned(), json!(eval.status()));
    result.insert("explanation".to_owned(), json!(eval.to_string()));
    Ok(result)
}

fn run_compare(case: &Value) -> Result<Map<String, Value>, String> {
    let pair = match case.as_array().map(Vec::as_slice) {
        Some([Value::String(a), Value::String(b)]) => (a, b),
        _ => return Err("compare must be [tag, tag]".to_owned()),
    };
    let mut result = Map::new();
    match (
        EntityTag::parse(pair.0.as_bytes()),
        EntityTag::parse(pair.1.as_bytes()),
    ) {
        (Ok(a), Ok(b)) => {
            result.insert("strong".to_owned(), json!(a.strong_eq(&b)));
            result.insert("weak".to_owned(), json!(a.weak_eq(&b)));
        }
        _ => {
            result.insert("invalid".to_owned(), json!(true));
        }
    }
    Ok(result)
}

fn canonical(tag: &EntityTag<'_>) -> String {
    let mut buf = vec![0; tag.encoded_len()];
    let bytes = tag.encode_into(&mut buf).unwrap_or_default();
    String::from_utf8_lossy(bytes).into_owned()
}

/// The clock for a case: its `now` field if it has one, else the system
/// clock (FORMAT.md; CHOICES 5 for two-digit years).
fn clock(now: Option<&str>) -> Result<HttpDate, String> {
    match now {
        Some(text) => parse::date([text.as_bytes()], HttpDate::now())
            .map_err(|e| format!("now {text:?} is not an HTTP-date: {e}")),
        None => Ok(HttpDate::now()),
    }
}

/// A `parse` case; `now` may sit in the case or beside it.
fn run_parse(case: &Value, whole: &Value) -> Result<Map<String, Value>, String> {
    let field = str_field(case, "field")?.ok_or("parse.field is missing")?;
    let mut lines = Vec::new();
    for line in case
        .get("lines")
        .and_then(Value::as_array)
        .ok_or("parse.lines must be an array")?
    {
        lines.push(
            line.as_str()
                .ok_or("each line must be a string")?
                .as_bytes(),
        );
    }
    let lines = lines.iter().copied();
    let now = clock(str_field(case, "now")?.or(str_field(whole, "now")?))?;
    let value = match field.to_ascii_lowercase().as_str() {
        "etag" => parse::etag(lines).map(|t| json!({"any": false, "tags": [canonical(&t)]})),
        "if-match" | "if-none-match" => {
            let mut any = false;
            let mut tags = Vec::new();
            let mut failed = None;
            for member in parse::list(lines) {
                match member {
                    Ok(Member::Any) => any = true,
                    Ok(Member::Tag(t)) => tags.push(canonical(&t)),
                    Err(e) => failed = Some(e),
                }
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(json!({"any": any, "tags": tags})),
            }
        }
        "if-modified-since" | "if-unmodified-since" | "last-modified" | "date" => {
            parse::date(lines, now).map(|d| json!({"date": d.unix_seconds()}))
        }
        "if-range" => parse::if_range(lines, now).map(|v| match v {
            parse::IfRange::Tag(t) => json!({"tags": [canonical(&t)]}),
            parse::IfRange::Date(d) => json!({"date": d.unix_seconds()}),
        }),
        _ => return Err(format!("unknown field {field:?}")),
    };
    let value = value.unwrap_or_else(|e| json!({"invalid": true, "reason": e.to_string()}));
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!("internal: result {other} is not an object")),
    }
}
