//! A notes API on axum 0.8, written the way the README's axum section
//! shows a framework author to use the core: issue 12's newcomer path,
//! compiled and tested over a real client (`demos/tests/notes.rs`).
//!
//! | Request | Response |
//! |---|---|
//! | `GET`/`HEAD /notes/{id}` | 200, JSON, `ETag: "vN"`, `Cache-Control: no-cache`; 304 with a matching `If-None-Match` |
//! | `PUT /notes/{id}` with JSON `{"text": "…"}` and the current `If-Match` | 200, the new `ETag` |
//! | … with a stale `If-Match` | 412 with the current `ETag` and a plain-text hint, whatever the body |
//! | … without `If-Match` or `If-None-Match` | 428 with a plain-text hint, whatever the body |
//! | `PUT /notes/{new id}` with `If-None-Match: *` | 201 (412 if it exists) |
//! | `GET`/`HEAD /static/readme.txt` | a file tagged with its SHA-256, with `Last-Modified`; 304 for `If-None-Match` or `If-Modified-Since` |
//!
//! Preconditions come before the method's work (RFC 9110 §13.2.1): the body
//! is taken as bytes, the request is evaluated, and only then is the JSON
//! parsed, so a stale `If-Match` with a bad body is 412, not 400, and a
//! blind PUT is 428 whatever its `Content-Type`. Every 304 goes through
//! [`Head`], which sends it without `Content-Length: 0` (RFC 9110 §8.6).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http_conditional::generate::{DigestEncoding, EtagBuf};
use http_conditional::http::{
    evaluate_request, evaluate_with_head, precondition_response, write_precondition_response,
};
use http_conditional::{parse, Field, FieldLines, HttpDate, Policy, Resource, Validators};
use http_conditional_tower::Head;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The content of `/static/readme.txt`.
pub const README: &str = "Notes: GET a note, PUT it back with If-Match.\n";

/// When `/static/readme.txt` last changed: Sun, 06 Nov 1994 08:49:37 GMT.
pub const README_MODIFIED: i64 = 784_111_777;

/// The notes, and one version counter for all of them, so that a tag is
/// never reused for another state of a note, even after it is re-created.
#[derive(Default)]
struct Store {
    last_version: u64,
    notes: HashMap<String, (u64, String)>,
}

/// The app's state: the store behind one lock, so that checking a
/// precondition and writing are one step.
#[derive(Clone, Default)]
pub struct Notes(Arc<Mutex<Store>>);

impl Notes {
    /// A store with note `hello`.
    pub fn seeded() -> Notes {
        let notes = Notes::default();
        notes
            .store()
            .insert("hello".to_owned(), "first note".to_owned());
        notes
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Store {
    fn insert(&mut self, id: String, text: String) -> u64 {
        self.last_version += 1;
        self.notes.insert(id, (self.last_version, text));
        self.last_version
    }
}

/// The routes.
pub fn router(notes: Notes) -> Router {
    Router::new()
        .route("/notes/{id}", get(get_note).put(put_note))
        .route("/static/readme.txt", get(readme))
        .with_state(notes)
}

/// GET and HEAD (axum routes HEAD to the GET handler and drops the body).
async fn get_note(
    State(notes): State<Notes>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let store = notes.store();
    // RFC 9110 §13.2.1: an unknown note is 404 before any precondition.
    let Some((version, text)) = store.notes.get(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The head of the 200; the evaluation reads its ETag.
    let mut ok = HeaderMap::new();
    ok.insert(
        header::ETAG,
        HeaderValue::from(&EtagBuf::from_version(*version)),
    );
    ok.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    ok.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let eval = evaluate_with_head(&method, &headers, &ok, HttpDate::now(), Policy::new());
    if let Some(head) = precondition_response(&eval, &ok) {
        return Head(head).into_response();
    }
    (ok, json!({"id": id, "text": text}).to_string()).into_response()
}

/// PUT: preconditions first, under the lock the write takes, then the body.
async fn put_note(
    State(notes): State<Notes>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut store = notes.store();
    let tag = store.notes.get(&id).map(|(v, _)| EtagBuf::from_version(*v));
    let current = match &tag {
        Some(tag) => Resource::Current(Validators::new().with_etag(tag.as_entity_tag())),
        None => Resource::Missing,
    };
    let strict = Policy::new().require_precondition(true);
    let eval = evaluate_request(&method, &headers, current, HttpDate::now(), strict);
    if let Some(head) = write_precondition_response(&eval) {
        return Head(head).with_hint(&eval);
    }
    // RFC 9110 §13.2.1: a missing note is created only by If-None-Match: *.
    let create_only = parse::is_any((&headers).lines(Field::IfNoneMatch));
    if tag.is_none() && !create_only {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Only now is the body read.
    let text = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(fields)) => match fields.get("text") {
            Some(Value::String(text)) => text.clone(),
            _ => return (StatusCode::BAD_REQUEST, "\"text\" must be a string\n").into_response(),
        },
        _ => return (StatusCode::BAD_REQUEST, "the body must be a JSON object\n").into_response(),
    };
    let version = store.insert(id.clone(), text.clone());
    let status = if tag.is_none() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let etag = HeaderValue::from(&EtagBuf::from_version(version));
    (
        status,
        [(header::ETAG, etag)],
        json!({"id": id, "text": text}).to_string(),
    )
        .into_response()
}

/// A static file tagged with its SHA-256 (computed by the `sha2` crate),
/// with a `Last-Modified` that serves `If-Modified-Since`.
async fn readme(method: Method, headers: HeaderMap) -> Response {
    let sha256: [u8; 32] = Sha256::digest(README.as_bytes()).into();
    let mut ok = HeaderMap::new();
    ok.insert(
        header::ETAG,
        HeaderValue::from(&EtagBuf::from_digest_array(
            &sha256,
            DigestEncoding::Base64Url,
        )),
    );
    let modified = HttpDate::from_unix_seconds(README_MODIFIED).unwrap_or(HttpDate::UNIX_EPOCH);
    ok.insert(header::LAST_MODIFIED, HeaderValue::from(modified));
    ok.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    let eval = evaluate_with_head(&method, &headers, &ok, HttpDate::now(), Policy::new());
    if let Some(head) = precondition_response(&eval, &ok) {
        return Head(head).into_response();
    }
    (ok, README).into_response()
}
