//! Case kinds 4-9 of shared/conformance/FORMAT.md: the cache and client
//! roles (RFC 9111 §4.3). The clock is the real one (`HttpDate::now()`),
//! used only for two-digit rfc850 years (CHOICES, "cache and client roles").

use http_conditional::cache::{
    answer, freshen, freshen_with_head, validation_request, Action, FieldValue, Merge, NewResponse,
    Stored,
};
use http_conditional::client::{self, Intent};
use http_conditional::{parse, EntityTag, HttpDate, Method};
use serde_json::{json, Map, Value};

type Fields = Result<Map<String, Value>, String>;

fn str_field<'v>(obj: &'v Value, key: &str) -> Result<Option<&'v str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key} must be a string or null, not {other}")),
    }
}

/// `[[name, value], ...]`.
fn pairs<'v>(value: Option<&'v Value>, what: &str) -> Result<Vec<(&'v str, &'v str)>, String> {
    let mut out = Vec::new();
    for pair in value
        .and_then(Value::as_array)
        .ok_or(format!("{what} must be an array of [name, value]"))?
    {
        match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::String(value)]) => {
                out.push((name.as_str(), value.as_str()))
            }
            _ => return Err(format!("a field line must be [name, value], not {pair}")),
        }
    }
    Ok(out)
}

/// The `stored` list: each object's raw values, borrowed from the JSON.
fn stored_list(case: &Value, now: HttpDate) -> Result<Vec<Stored<'_>>, String> {
    let mut out = Vec::new();
    for s in case
        .get("stored")
        .and_then(Value::as_array)
        .ok_or("stored must be an array")?
    {
        if !s.is_object() {
            return Err(format!("a stored response must be an object, not {s}"));
        }
        let received = str_field(s, "received")?.ok_or("a stored response needs received")?;
        let received = parse::date([received.as_bytes()], now)
            .map_err(|e| format!("received {received:?} is not an HTTP-date: {e}"))?;
        let mut stored = Stored::new(received);
        stored.etag = str_field(s, "etag")?.map(str::as_bytes);
        stored.last_modified = str_field(s, "last_modified")?.map(str::as_bytes);
        stored.date = str_field(s, "date")?.map(str::as_bytes);
        stored.content_length = str_field(s, "content_length")?.map(str::as_bytes);
        out.push(stored);
    }
    Ok(out)
}

fn new_response(case: &Value) -> Result<NewResponse<'_>, String> {
    let r = case
        .get("response")
        .filter(|r| r.is_object())
        .ok_or("response must be an object")?;
    let mut response = NewResponse::new();
    response.etag = str_field(r, "etag")?.map(str::as_bytes);
    response.last_modified = str_field(r, "last_modified")?.map(str::as_bytes);
    response.date = str_field(r, "date")?.map(str::as_bytes);
    response.content_length = str_field(r, "content_length")?.map(str::as_bytes);
    Ok(response)
}

fn canonical(tag: &EntityTag<'_>) -> String {
    let mut buf = vec![0; tag.encoded_len()];
    let bytes = tag.encode_into(&mut buf).unwrap_or_default();
    String::from_utf8_lossy(bytes).into_owned()
}

fn lossy(bytes: &[u8]) -> Value {
    json!(String::from_utf8_lossy(bytes))
}

/// A list of tags, `["*"]` for `*`, or null.
fn tag_list(value: Option<FieldValue<'_>>) -> Value {
    match value {
        None => Value::Null,
        Some(FieldValue::Any) => json!(["*"]),
        Some(FieldValue::Tags(tags)) => {
            json!(tags.iter().map(|t| canonical(&t)).collect::<Vec<_>>())
        }
        Some(FieldValue::Tag(tag)) => json!([canonical(&tag)]),
        Some(FieldValue::Date(date)) => lossy(date),
    }
}

fn indices(it: impl Iterator<Item = usize>) -> Value {
    json!(it.collect::<Vec<_>>())
}

/// Kind 4.
pub fn run_cache_answer(case: &Value) -> Fields {
    let now = HttpDate::now();
    let method = str_field(case, "method")?.ok_or("cache_answer.method is missing")?;
    let headers = pairs(case.get("headers"), "cache_answer.headers")?;
    let stored = stored_list(case, now)?;
    let answer =
        answer(Method::from(method), &headers[..], &stored, now).map_err(|e| e.to_string())?;
    let action = match answer.action() {
        Action::NotModified => "not_modified",
        Action::Serve => "serve",
        Action::ServeRange => "serve_range",
    };
    let mut result = Map::new();
    result.insert("action".into(), json!(action));
    result.insert("stored".into(), json!(answer.stored()));
    result.insert("explanation".into(), json!(answer.to_string()));
    Ok(result)
}

/// Kind 5.
pub fn run_cache_validation(case: &Value) -> Fields {
    let now = HttpDate::now();
    let headers = pairs(case.get("headers"), "cache_validation.headers")?;
    let stored = stored_list(case, now)?;
    let request = validation_request(&headers[..], &stored, now);
    let mut result = Map::new();
    result.insert(
        "if_none_match".into(),
        tag_list(request.if_none_match().map(FieldValue::Tags)),
    );
    result.insert(
        "if_modified_since".into(),
        request.if_modified_since().map_or(Value::Null, lossy),
    );
    result.insert("explanation".into(), json!(request.to_string()));
    Ok(result)
}

/// Kind 6.
pub fn run_cache_freshen(case: &Value) -> Fields {
    let now = HttpDate::now();
    let stored = stored_list(case, now)?;
    let response = new_response(case)?;
    let selection = freshen(&stored, response, now);
    let mut result = Map::new();
    result.insert("update".into(), indices(selection.indices()));
    result.insert("explanation".into(), json!(selection.to_string()));
    Ok(result)
}

/// Kind 7.
pub fn run_cache_merge(case: &Value) -> Fields {
    let stored = pairs(case.get("stored"), "cache_merge.stored")?;
    let response = pairs(case.get("response"), "cache_merge.response")?;
    let merge = Merge::new(&response[..]);
    let mut fields = Map::new();
    for (name, value) in merge.merged(&stored[..]) {
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if let Value::Array(values) = fields.entry(name).or_insert_with(|| json!([])) {
            values.push(lossy(value));
        }
    }
    let mut result = Map::new();
    result.insert("fields".into(), Value::Object(fields));
    result.insert("explanation".into(), json!(merge.to_string()));
    Ok(result)
}

/// Kind 8.
pub fn run_cache_head(case: &Value) -> Fields {
    let now = HttpDate::now();
    let stored = stored_list(case, now)?;
    let response = new_response(case)?;
    let head = freshen_with_head(&stored, response, now);
    let mut result = Map::new();
    result.insert("update".into(), indices(head.updated()));
    result.insert("stale".into(), indices(head.stale()));
    result.insert("explanation".into(), json!(head.to_string()));
    Ok(result)
}

/// Kind 9.
pub fn run_client_request(case: &Value) -> Fields {
    let now = HttpDate::now();
    let intent = match str_field(case, "intent")? {
        Some("read") => Intent::Read,
        Some("read_range") => Intent::ReadRange,
        Some("write") => Intent::Write,
        Some("create") => Intent::Create,
        other => return Err(format!("unknown intent {other:?}")),
    };
    let stored = stored_list(case, now)?;
    let mut result = Map::new();
    match client::request(intent, &stored, now) {
        Ok(request) => {
            result.insert(
                "if_match".into(),
                tag_list(request.if_match().map(FieldValue::Tag)),
            );
            result.insert("if_none_match".into(), tag_list(request.if_none_match()));
            result.insert(
                "if_modified_since".into(),
                request.if_modified_since().map_or(Value::Null, lossy),
            );
            result.insert(
                "if_unmodified_since".into(),
                request.if_unmodified_since().map_or(Value::Null, lossy),
            );
            result.insert("explanation".into(), json!(request.to_string()));
        }
        Err(e) => {
            result.insert("error".into(), json!(e.code()));
            result.insert("explanation".into(), json!(e.to_string()));
        }
    }
    Ok(result)
}
