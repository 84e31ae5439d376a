//! The JSON orders API behind `demos/examples/server.rs`, also started
//! in-process by `demos/tests/server.rs`.
//!
//! Every precondition decision comes from `http_conditional::evaluate`,
//! through the `http` adapter; this file only maps decisions to responses
//! and keeps the store. See the docs of `demos/examples/server.rs` for the
//! routes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use http_conditional::generate::EtagBuf;
use http_conditional::http::{evaluate_request, explanation_value, precondition_response};
use http_conditional::{
    parse, Decision, Evaluation, Field, FieldLines, HttpDate, Policy, Resource, Validators,
};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;

use crate::http1::{self, Limits};

/// The response body type.
pub type Body = Full<Bytes>;

/// `Cache-Control` of every order representation: caches may store it but
/// must revalidate before each use, which is what makes 304 useful.
pub const CACHE_CONTROL: &str = "private, max-age=0, must-revalidate";

/// The debugging header carrying the evaluation's explanation.
pub const X_PRECONDITION: &str = "x-precondition";

/// The largest request body read, in bytes.
const MAX_BODY: usize = 64 * 1024;
/// How long a client may take to send its request head, then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How many connections are served at once.
const MAX_CONNECTIONS: usize = 256;
/// The longest explanation sent in `X-Precondition`, in bytes.
const MAX_EXPLANATION: usize = 512;

/// Writes must be conditional (RFC 6585 §3): a blind PUT, PATCH or DELETE
/// gets 428, which is what prevents lost updates. Orders do not support
/// range requests (`Range` is ignored, RFC 9110 §14.2), so `If-Range` is
/// ignored too (§13.1.5) and no decision says a range applies.
const ITEM_POLICY: Policy = Policy::new().require_precondition(true).ranges(false);
/// Creating with POST needs no precondition: a fresh id cannot collide.
const COLLECTION_POLICY: Policy = Policy::new();

/// One order: its fields other than `id`, and its version.
#[derive(Debug, Clone)]
struct Order {
    fields: Map<String, Value>,
    version: u64,
}

/// The in-memory store.
///
/// Versions come from one counter for the whole store, so an entity-tag is
/// never reused for a different state of the same id, not even after a
/// delete and re-create. (A persistent store would persist the counter too.)
#[derive(Debug)]
struct Store {
    orders: HashMap<u64, Order>,
    next_id: u64,
    next_version: u64,
}

impl Store {
    fn seeded() -> Store {
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
        store
    }

    fn bump(&mut self) -> u64 {
        let version = self.next_version;
        self.next_version += 1;
        version
    }

    fn put(&mut self, id: u64, fields: Map<String, Value>) -> &Order {
        let version = self.bump();
        self.next_id = self.next_id.max(id.saturating_add(1));
        let order = self.orders.entry(id).or_insert(Order {
            fields: Map::new(),
            version,
        });
        *order = Order { fields, version };
        order
    }

    fn create(&mut self, fields: Map<String, Value>) -> (u64, &Order) {
        let id = self.next_id;
        (id, self.put(id, fields))
    }
}

/// The shared state of the server; cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Arc<Mutex<Store>>,
}

impl App {
    /// A store holding orders 1, 2 and 3, each
    /// `{"id": N, "status": "pending", "total": 0}`, at versions 1, 2, 3.
    pub fn seeded() -> App {
        App {
            store: Arc::new(Mutex::new(Store::seeded())),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // Nothing panics while holding the lock; recover anyway.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Serves HTTP/1.1 connections from `listener` until `shutdown` completes.
///
/// At most `MAX_CONNECTIONS` connections are served at once; each must send
/// its request head within `READ_TIMEOUT`, and bodies are capped at
/// `MAX_BODY` bytes.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let limits = Limits {
        max_connections: MAX_CONNECTIONS,
        header_read_timeout: READ_TIMEOUT,
        max_buf_size: Some(MAX_BODY),
    };
    http1::serve(listener, limits, shutdown, move |req| {
        handle(app.clone(), req)
    })
    .await
}

/// Answers one request.
pub async fn handle(app: App, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path();
    let response = match route(path) {
        Route::Collection if req.method() == Method::POST => post(&app, req).await,
        Route::Collection => method_not_allowed("POST"),
        Route::Item(id) => match *req.method() {
            Method::GET | Method::HEAD => get(&app, id, &req),
            Method::PUT | Method::PATCH => write(&app, id, req).await,
            Method::DELETE => delete(&app, id, &req),
            _ => method_not_allowed("GET, HEAD, PUT, PATCH, DELETE"),
        },
        Route::NotFound => error(StatusCode::NOT_FOUND, "no such resource", None),
    };
    Ok(response)
}

enum Route {
    Collection,
    Item(u64),
    NotFound,
}

fn route(path: &str) -> Route {
    match path.strip_prefix("/orders") {
        Some("" | "/") => Route::Collection,
        Some(rest) => match rest.strip_prefix('/').map(parse_id) {
            Some(Some(id)) => Route::Item(id),
            _ => Route::NotFound,
        },
        None => Route::NotFound,
    }
}

/// A decimal id without sign or leading junk.
fn parse_id(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn validators(tag: &EtagBuf) -> Resource<'_> {
    Resource::Current(Validators::new().with_etag(tag.as_entity_tag()))
}

/// The preconditions of `req` evaluated now against the order tagged `tag`.
fn evaluate_item<'a>(req: &'a Request<Incoming>, tag: &'a EtagBuf) -> Evaluation<'a> {
    evaluate_request(
        req.method(),
        req.headers(),
        validators(tag),
        HttpDate::now(),
        ITEM_POLICY,
    )
}

/// `GET` / `HEAD /orders/{id}`.
fn get(app: &App, id: u64, req: &Request<Incoming>) -> Response<Body> {
    let Some(order) = app.lock().orders.get(&id).cloned() else {
        // RFC 9110 §13.2.1: a 404 is decided before any precondition.
        return error(StatusCode::NOT_FOUND, "no such order", None);
    };
    let tag = EtagBuf::from_version(order.version);
    let ok = representation_headers(&tag);
    let eval = evaluate_item(req, &tag);
    if let Some(head) = early(&eval, &ok) {
        return head;
    }
    // `ITEM_POLICY` declares no range support: this server ignores `Range`
    // and sends 200, which RFC 9110 §14.2 allows.
    let mut response = json_body(StatusCode::OK, &representation(id, &order));
    response.headers_mut().extend(ok);
    explain(&mut response, &eval);
    response
}

/// `PUT` (replace, or create with `If-None-Match: *`) and `PATCH` (merge)
/// `/orders/{id}`.
async fn write(app: &App, id: u64, req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let now = HttpDate::now();
    let mut store = app.lock();
    let Some(version) = store.orders.get(&id).map(|o| o.version) else {
        // RFC 9110 §13.2.1: an unknown id is 404 whatever the preconditions,
        // except for a PUT with `If-None-Match: *`, which asks to create it.
        if parts.method != Method::PUT || !parse::is_any((&parts.headers).lines(Field::IfNoneMatch))
        {
            return error(StatusCode::NOT_FOUND, "no such order", None);
        }
        let checked = checked_write(
            &parts,
            Resource::Missing,
            now,
            ITEM_POLICY,
            &bytes,
            Some(id),
        );
        let Checked { eval, fields } = match checked {
            Ok(checked) => checked,
            Err(response) => return *response,
        };
        let order = store.put(id, fields).clone();
        drop(store);
        let mut response = created(id, &order);
        explain(&mut response, &eval);
        return response;
    };
    let tag = EtagBuf::from_version(version);
    let checked = checked_write(&parts, validators(&tag), now, ITEM_POLICY, &bytes, Some(id));
    let Checked { eval, fields } = match checked {
        Ok(checked) => checked,
        Err(response) => return *response,
    };
    let fields = if parts.method == Method::PATCH {
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
    let order = store.put(id, fields).clone();
    drop(store);
    let tag = EtagBuf::from_version(order.version);
    let mut response = json_body(StatusCode::OK, &representation(id, &order));
    response.headers_mut().extend(representation_headers(&tag));
    explain(&mut response, &eval);
    response
}

/// `DELETE /orders/{id}`.
fn delete(app: &App, id: u64, req: &Request<Incoming>) -> Response<Body> {
    let mut store = app.lock();
    let Some(version) = store.orders.get(&id).map(|o| o.version) else {
        return error(StatusCode::NOT_FOUND, "no such order", None);
    };
    let tag = EtagBuf::from_version(version);
    let eval = evaluate_item(req, &tag);
    if let Some(head) = early(&eval, &HeaderMap::new()) {
        return head;
    }
    store.orders.remove(&id);
    drop(store);
    let mut response = Response::new(Body::default());
    *response.status_mut() = StatusCode::NO_CONTENT;
    explain(&mut response, &eval);
    response
}

/// `POST /orders`: create with a fresh id.
async fn post(app: &App, req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    // The collection exists and has no validators: `If-Match: *` holds,
    // any listed tag fails, no precondition is required.
    let collection = Resource::Current(Validators::new());
    let now = HttpDate::now();
    let Checked { eval, fields } =
        match checked_write(&parts, collection, now, COLLECTION_POLICY, &bytes, None) {
            Ok(checked) => checked,
            Err(response) => return *response,
        };
    let (id, order) = {
        let mut store = app.lock();
        let (id, order) = store.create(fields);
        (id, order.clone())
    };
    let mut response = created(id, &order);
    explain(&mut response, &eval);
    response
}

/// A write that may proceed: the evaluation of its preconditions, and the
/// fields of its body.
struct Checked<'a> {
    eval: Evaluation<'a>,
    fields: Map<String, Value>,
}

/// A write's preconditions evaluated against `resource`, then its body read
/// as the fields of an order (see [`parse_fields`] for `id`): the
/// evaluation and the fields, or the 304, 412, 428 or 400 to send instead.
fn checked_write<'a>(
    parts: &'a Parts,
    resource: Resource<'a>,
    now: HttpDate,
    policy: Policy,
    bytes: &[u8],
    id: Option<u64>,
) -> Result<Checked<'a>, Box<Response<Body>>> {
    let eval = evaluate_request(&parts.method, &parts.headers, resource, now, policy);
    if let Some(head) = early(&eval, &HeaderMap::new()) {
        return Err(Box::new(head));
    }
    match parse_fields(bytes, id) {
        Ok(fields) => Ok(Checked { eval, fields }),
        Err(message) => Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            &message,
            Some(&eval),
        ))),
    }
}

/// The 304, 412 or 428 that replaces performing the method, with a JSON
/// error body for 412 and 428; `None` to proceed.
fn early(eval: &Evaluation<'_>, ok: &HeaderMap) -> Option<Response<Body>> {
    let head = precondition_response(eval, ok)?;
    let (mut parts, ()) = head.into_parts();
    let body = match eval.decision() {
        Decision::PreconditionFailed => {
            let message = if eval.current_etag().is_some() {
                "precondition failed: the order has changed; GET it again (the current ETag is in the ETag header) and retry"
            } else {
                "precondition failed"
            };
            error_json(StatusCode::PRECONDITION_FAILED, message, eval)
        }
        Decision::PreconditionRequired => error_json(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition required: send If-Match with the ETag from a GET (or If-None-Match: * to create)",
            eval,
        ),
        _ => Bytes::new(),
    };
    if !body.is_empty() {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    let mut response = Response::from_parts(parts, Full::new(body));
    explain(&mut response, eval);
    Some(response)
}

/// The headers of a 200 response carrying the representation with `tag`.
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
fn created(id: u64, order: &Order) -> Response<Body> {
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
async fn read_body(body: Incoming) -> Result<Bytes, Response<Body>> {
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

fn json_body(status: StatusCode, value: &Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn error_json(status: StatusCode, message: &str, eval: &Evaluation<'_>) -> Bytes {
    let value = json!({
        "error": message,
        "status": status.as_u16(),
        "explanation": eval.to_string(),
    });
    Bytes::from(value.to_string())
}

/// A JSON error: `{"error": "...", "status": N}`, plus the explanation of
/// the evaluation if there was one.
fn error(status: StatusCode, message: &str, eval: Option<&Evaluation<'_>>) -> Response<Body> {
    let mut value = json!({ "error": message, "status": status.as_u16() });
    if let (Some(eval), Value::Object(object)) = (eval, &mut value) {
        object.insert("explanation".into(), json!(eval.to_string()));
    }
    let mut response = json_body(status, &value);
    if let Some(eval) = eval {
        explain(&mut response, eval);
    }
    response
}

fn method_not_allowed(allow: &'static str) -> Response<Body> {
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

/// Adds `X-Precondition`: the evaluation's explanation in its header-safe
/// ASCII form, cut at `MAX_EXPLANATION` bytes.
fn explain<B>(response: &mut Response<B>, eval: &Evaluation<'_>) {
    response.headers_mut().insert(
        HeaderName::from_static(X_PRECONDITION),
        explanation_value(eval, MAX_EXPLANATION),
    );
}
