//! The JSON orders API of `demos/src/orders.rs` (the core's example server),
//! on axum: the same routes, JSON, `"vN"` tags from one store-wide counter,
//! 428 / 412 with the current `ETag`, `If-None-Match: *` to create, 404.
//!
//! Reads go through `PreconditionLayer` (the lookup reads the version);
//! writes use the `Preconditions` extractor and evaluate under the store's
//! lock, so that the check and the write are one step.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Limited};
use http_conditional::generate::EtagBuf;
use http_conditional::{
    parse, Decision, Evaluation, Field, FieldLines, Policy, Resource, Summary, Validators,
};
use http_conditional_tower::{
    summary_explanation, Lookup, PreconditionLayer, Preconditions, Rejection, X_PRECONDITION,
};
use serde_json::{json, Map, Value};

/// `Cache-Control` of every order representation.
pub const CACHE_CONTROL: &str = "private, max-age=0, must-revalidate";

/// The largest request body read, in bytes.
const MAX_BODY: usize = 64 * 1024;
/// How long a client may take to send its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Creating with POST needs no precondition: a fresh id cannot collide.
const COLLECTION_POLICY: Policy = Policy::new();

const ITEM_METHODS: &str = "GET, HEAD, PUT, PATCH, DELETE";

#[derive(Debug, Clone)]
struct Order {
    fields: Map<String, Value>,
    version: u64,
}

/// Versions come from one counter for the whole store, so a tag is never
/// reused for another state of an id, not even after a delete and
/// re-create.
#[derive(Debug)]
struct Store {
    orders: HashMap<u64, Order>,
    next_id: u64,
    next_version: u64,
}

impl Store {
    fn put(&mut self, id: u64, fields: Map<String, Value>) -> Order {
        let version = self.next_version;
        self.next_version += 1;
        self.next_id = self.next_id.max(id.saturating_add(1));
        let order = Order { fields, version };
        self.orders.insert(id, order.clone());
        order
    }

    fn create(&mut self, fields: Map<String, Value>) -> (u64, Order) {
        let id = self.next_id;
        (id, self.put(id, fields))
    }
}

/// The shared store; cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Arc<Mutex<Store>>,
}

impl App {
    /// Orders 1, 2 and 3, each `{"status": "pending", "total": 0}`, at
    /// versions 1, 2, 3.
    pub fn seeded() -> App {
        let mut store = Store {
            orders: HashMap::new(),
            next_id: 1,
            next_version: 1,
        };
        for _ in 0..3 {
            let mut fields = Map::new();
            fields.insert("status".into(), json!("pending"));
            fields.insert("total".into(), json!(0));
            store.create(fields);
        }
        App {
            store: Arc::new(Mutex::new(store)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `/orders` and `/orders/{id}`, and the JSON 404 for every other path.
pub fn router(app: App) -> Router {
    let reads = PreconditionLayer::new({
        let app = app.clone();
        move |head: &Parts| {
            let found = item_id(head.uri.path())
                .and_then(|id| app.lock().orders.get(&id).map(|o| o.version));
            std::future::ready(match found {
                Some(version) => Lookup::etag(&EtagBuf::from_version(version)).with(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_CONTROL),
                ),
                // RFC 9110 §13.2.1: a 404 is decided before any precondition.
                None => Lookup::Skip,
            })
        }
    })
    // `read` sends the whole order whatever the Range (RFC 9110 §14.2), so
    // If-Range is ignored (§13.1.5) and no explanation promises a range.
    .policy(Policy::new().ranges(false))
    .explain(true)
    .reject_with(reject_json);
    let collection = post(create).fallback(|| async { method_not_allowed("POST") });
    Router::new()
        .route("/orders", collection.clone())
        .route("/orders/", collection)
        .route(
            "/orders/{id}",
            get(read)
                .layer(reads)
                .put(write)
                .patch(write)
                .delete(delete)
                .fallback(item_fallback),
        )
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such resource", None) })
        .with_state(app)
}

/// The id in `/orders/{id}`: decimal digits only.
fn item_id(path: &str) -> Option<u64> {
    parse_id(path.strip_prefix("/orders/")?)
}

fn parse_id(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn validators(tag: &EtagBuf) -> Resource<'_> {
    Resource::Current(Validators::new().with_etag(tag.as_entity_tag()))
}

/// `GET` / `HEAD /orders/{id}`; the preconditions were evaluated by the
/// layer, against the version the lookup saw. The response carries the tag
/// of what is read now.
async fn read(
    axum::extract::State(app): axum::extract::State<App>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error(StatusCode::NOT_FOUND, "no such resource", None);
    };
    let Some(order) = app.lock().orders.get(&id).cloned() else {
        return error(StatusCode::NOT_FOUND, "no such order", None);
    };
    let mut response = json_body(StatusCode::OK, &representation(id, &order));
    response
        .headers_mut()
        .extend(representation_headers(&EtagBuf::from_version(
            order.version,
        )));
    response
}

/// `PUT` (replace, or create with `If-None-Match: *`) and `PATCH` (merge).
async fn write(
    axum::extract::State(app): axum::extract::State<App>,
    Path(id): Path<String>,
    pre: Preconditions,
    body: Body,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error(StatusCode::NOT_FOUND, "no such resource", None);
    };
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let method = pre.method().clone();
    let mut store = app.lock();
    let Some(version) = store.orders.get(&id).map(|o| o.version) else {
        // RFC 9110 §13.2.1: an unknown id is 404 whatever the preconditions,
        // except for a PUT with `If-None-Match: *`, which asks to create it.
        if method != Method::PUT || !parse::is_any(pre.headers().lines(Field::IfNoneMatch)) {
            return error(StatusCode::NOT_FOUND, "no such order", None);
        }
        let summary = match pre.check(Resource::Missing) {
            Ok(summary) => summary,
            Err(rejection) => return reject(rejection),
        };
        let fields = match parse_fields(&bytes, Some(id)) {
            Ok(fields) => fields,
            Err(message) => return error(StatusCode::BAD_REQUEST, &message, Some(&summary)),
        };
        let order = store.put(id, fields);
        drop(store);
        return explained(created(id, &order), &summary);
    };
    let tag = EtagBuf::from_version(version);
    let summary = match pre.check(validators(&tag)) {
        Ok(summary) => summary,
        Err(rejection) => return reject(rejection),
    };
    let fields = match parse_fields(&bytes, Some(id)) {
        Ok(fields) => fields,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message, Some(&summary)),
    };
    let fields = if method == Method::PATCH {
        let mut merged = store
            .orders
            .get(&id)
            .map(|o| o.fields.clone())
            .unwrap_or_default();
        for (name, value) in fields {
            if value.is_null() {
                merged.remove(&name);
            } else {
                merged.insert(name, value);
            }
        }
        merged
    } else {
        fields
    };
    let order = store.put(id, fields);
    drop(store);
    let mut response = json_body(StatusCode::OK, &representation(id, &order));
    response
        .headers_mut()
        .extend(representation_headers(&EtagBuf::from_version(
            order.version,
        )));
    explained(response, &summary)
}

/// `DELETE /orders/{id}`.
async fn delete(
    axum::extract::State(app): axum::extract::State<App>,
    Path(id): Path<String>,
    pre: Preconditions,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error(StatusCode::NOT_FOUND, "no such resource", None);
    };
    let mut store = app.lock();
    let Some(version) = store.orders.get(&id).map(|o| o.version) else {
        return error(StatusCode::NOT_FOUND, "no such order", None);
    };
    let tag = EtagBuf::from_version(version);
    let summary = match pre.check(validators(&tag)) {
        Ok(summary) => summary,
        Err(rejection) => return reject(rejection),
    };
    store.orders.remove(&id);
    drop(store);
    explained(StatusCode::NO_CONTENT.into_response(), &summary)
}

/// `POST /orders`: create with a fresh id.
async fn create(
    axum::extract::State(app): axum::extract::State<App>,
    pre: Preconditions,
    body: Body,
) -> Response {
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    // The collection exists and has no validators: `If-Match: *` holds,
    // any listed tag fails, no precondition is required.
    let collection = Resource::Current(Validators::new());
    let summary = match pre.check_with(collection, COLLECTION_POLICY) {
        Ok(summary) => summary,
        Err(rejection) => return reject(rejection),
    };
    let fields = match parse_fields(&bytes, None) {
        Ok(fields) => fields,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message, Some(&summary)),
    };
    let (id, order) = app.lock().create(fields);
    explained(created(id, &order), &summary)
}

/// Any other method on `/orders/{id}`: 405, or 404 for an id that is not
/// one.
async fn item_fallback(Path(id): Path<String>) -> Response {
    if parse_id(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "no such resource", None);
    }
    method_not_allowed(ITEM_METHODS)
}

/// The JSON message of a 412 or 428, as the core's example server words it.
fn message(decision: Decision, has_current_etag: bool) -> &'static str {
    match decision {
        Decision::PreconditionFailed if has_current_etag => {
            "precondition failed: the order has changed; GET it again (the current ETag is in the ETag header) and retry"
        }
        Decision::PreconditionFailed => "precondition failed",
        _ => "precondition required: send If-Match with the ETag from a GET (or If-None-Match: * to create)",
    }
}

/// The 412 / 428 of the read layer, with a JSON error body.
fn reject_json(
    head: axum::http::Response<()>,
    eval: &Evaluation<'_>,
) -> axum::http::Response<Bytes> {
    let status = head.status();
    let text = message(eval.decision(), eval.current_etag().is_some());
    let value =
        json!({ "error": text, "status": status.as_u16(), "explanation": eval.to_string() });
    let mut response = head.map(|()| Bytes::from(value.to_string()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The 412 / 428 of a write, with a JSON error body and `X-Precondition`.
fn reject(rejection: Rejection) -> Response {
    let rejection = rejection.explained();
    let (head, _hint, summary) = rejection.into_parts();
    let status = head.status();
    let text = message(summary.decision(), summary.current_etag().is_some());
    let value =
        json!({ "error": text, "status": status.as_u16(), "explanation": summary.explanation() });
    let (mut parts, ()) = head.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(value.to_string()))
}

fn representation_headers(tag: &EtagBuf) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, HeaderValue::from(tag));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers
}

fn representation(id: u64, order: &Order) -> Value {
    let mut object = order.fields.clone();
    object.insert("id".into(), json!(id));
    Value::Object(object)
}

/// 201 with `Location`, `ETag` and the representation.
fn created(id: u64, order: &Order) -> Response {
    let tag = EtagBuf::from_version(order.version);
    let mut response = json_body(StatusCode::CREATED, &representation(id, order));
    response.headers_mut().extend(representation_headers(&tag));
    if let Ok(location) = HeaderValue::try_from(format!("/orders/{id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The fields of a JSON object body, without `id` (which must match the URL
/// if given, and may not be given to POST).
fn parse_fields(bytes: &[u8], id: Option<u64>) -> Result<Map<String, Value>, String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("request body is not valid JSON: {e}"))?;
    let Value::Object(mut fields) = value else {
        return Err("request body must be a JSON object".into());
    };
    match (fields.remove("id"), id) {
        (None, _) => Ok(fields),
        (Some(given), Some(id)) if given == json!(id) => Ok(fields),
        (Some(_), Some(id)) => Err(format!(
            "\"id\" in the body must be {id}, as in the URL, or absent"
        )),
        (Some(_), None) => Err("\"id\" is assigned by the server; leave it out".into()),
    }
}

/// Reads the whole body, at most `MAX_BODY` bytes within `READ_TIMEOUT`.
async fn read_body(body: Body) -> Result<Bytes, Response> {
    match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("request body is larger than {MAX_BODY} bytes"),
                None,
            ))
        }
        Ok(Err(_)) => Err(error(
            StatusCode::BAD_REQUEST,
            "could not read the request body",
            None,
        )),
        Err(_) => Err(error(
            StatusCode::REQUEST_TIMEOUT,
            "request body took too long",
            None,
        )),
    }
}

fn json_body(status: StatusCode, value: &Value) -> Response {
    let mut response = Response::new(Body::from(value.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A JSON error: `{"error": "...", "status": N}`, plus the explanation of
/// the evaluation if there was one.
fn error(status: StatusCode, message: &str, summary: Option<&Summary>) -> Response {
    let mut value = json!({ "error": message, "status": status.as_u16() });
    if let (Some(summary), Value::Object(object)) = (summary, &mut value) {
        object.insert("explanation".into(), json!(summary.explanation()));
    }
    let response = json_body(status, &value);
    match summary {
        Some(summary) => explained(response, summary),
        None => response,
    }
}

fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed here",
        None,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// Adds `X-Precondition`: the explanation of the evaluation.
fn explained(mut response: Response, summary: &Summary) -> Response {
    response
        .headers_mut()
        .insert(X_PRECONDITION, summary_explanation(summary));
    response
}
