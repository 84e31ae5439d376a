//! A revalidating reverse proxy (a gateway, RFC 9110 §3.7) in front of an
//! origin server such as [`orders`](crate::orders), behind
//! `demos/examples/gateway.rs` and started in-process by
//! `demos/tests/gateway.rs`.
//!
//! Every cache decision comes from `http_conditional::cache`; this file
//! only moves bytes and keeps the store:
//!
//! - It keeps the last 200 response to GET for each path (head and body,
//!   in memory) and treats it as needing revalidation on every request, as
//!   with `Cache-Control: no-cache` (RFC 9111 §5.2.2.4): it never serves
//!   what the origin did not just confirm.
//! - GET and HEAD: it sends the origin the validation request built by
//!   [`validation_request`] (the client's own preconditions and `Range` are
//!   not forwarded, RFC 9111 §4.3.1-§4.3.2). On a 304 it checks with
//!   [`freshen`] that the 304 names the stored response (RFC 9111 §4.3.4)
//!   and merges its fields in with [`merge_not_modified`] (never
//!   `Content-Length`, RFC 9111 §3.2); on a 200 it replaces the stored
//!   response. Then it answers the client itself with [`answer_with`]: a
//!   304 built by [`answer_head`], or the stored 200. (It does not cut
//!   ranges, and says so with `Policy::ranges(false)`: a `Range` gets the
//!   whole 200, which RFC 9110 §14.2 allows, and `If-Range` is ignored,
//!   §13.1.5.)
//! - Other methods are forwarded untouched (`If-Match` and all) and, on a
//!   2xx or 3xx answer, invalidate the stored response (RFC 9111 §4.4).
//!
//! It stores whatever the origin sends for GET, `Cache-Control: private`
//! included: it is a demo that revalidates every use. A shared cache in
//! production honours `private` and `no-store` (RFC 9111 §3, §5.2.2).
//!
//! Each answer from the store carries `X-Cache` (`miss`, `revalidated` or
//! `refetched`) and `X-Cache-Answer`, the answer's one-line explanation.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use http_conditional::cache::{
    answer_with, freshen, validation_request, Action, NewResponse, Stored,
};
use http_conditional::http::{answer_head, merge_not_modified, set_validation_fields};
use http_conditional::{HttpDate, Method as CoreMethod, Policy};
use hyper::body::{Bytes, Incoming};
use hyper::client::conn::http1 as client_http1;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

use crate::http1::{self, Limits};

/// The response body type.
pub type Body = Full<Bytes>;

/// The header naming where an answer came from.
pub const X_CACHE: &str = "x-cache";
/// The header carrying the cache answer's explanation.
pub const X_CACHE_ANSWER: &str = "x-cache-answer";

/// The largest body read from a client or from the origin, in bytes.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// How long a client may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the origin may take to answer, body included.
const ORIGIN_TIMEOUT: Duration = Duration::from_secs(20);
/// How many client connections are served at once.
const MAX_CONNECTIONS: usize = 256;
/// The longest explanation sent in `X-Cache-Answer`, in bytes.
const MAX_EXPLANATION: usize = 1024;

/// One stored 200 response to GET.
#[derive(Debug, Clone)]
struct Entry {
    head: HeaderMap,
    body: Bytes,
    received: HttpDate,
}

/// What crossed from the origin to the gateway, counted as it arrived.
#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    not_modified: AtomicU64,
    bodies: AtomicU64,
    body_bytes: AtomicU64,
}

/// A snapshot of what crossed from the origin to the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OriginTraffic {
    /// Requests sent to the origin.
    pub requests: u64,
    /// 304 answers received.
    pub not_modified: u64,
    /// Answers received with a non-empty body.
    pub bodies: u64,
    /// Body bytes received.
    pub body_bytes: u64,
}

/// The gateway's shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct Gateway {
    origin: Arc<str>,
    store: Arc<Mutex<HashMap<String, Entry>>>,
    counters: Arc<Counters>,
}

impl Gateway {
    /// A gateway in front of the origin at `origin`: `host:port`, or
    /// `http://host:port` (only `http` is spoken to the origin).
    ///
    /// # Errors
    ///
    /// A message if `origin` is not of that form.
    pub fn new(origin: &str) -> Result<Gateway, String> {
        let authority = origin.strip_prefix("http://").unwrap_or(origin);
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if origin.contains("://") && !origin.starts_with("http://") {
            return Err(format!("origin {origin:?}: only http:// is supported"));
        }
        if authority.is_empty() || authority.contains('/') || !authority.contains(':') {
            return Err(format!("origin {origin:?}: expected http://HOST:PORT"));
        }
        Ok(Gateway {
            origin: authority.into(),
            store: Arc::new(Mutex::new(HashMap::new())),
            counters: Arc::new(Counters::default()),
        })
    }

    /// What crossed from the origin to the gateway so far.
    pub fn origin_traffic(&self) -> OriginTraffic {
        let c = &self.counters;
        OriginTraffic {
            requests: c.requests.load(Ordering::Relaxed),
            not_modified: c.not_modified.load(Ordering::Relaxed),
            bodies: c.bodies.load(Ordering::Relaxed),
            body_bytes: c.body_bytes.load(Ordering::Relaxed),
        }
    }

    /// The head and body stored for `path`, if any.
    pub fn stored(&self, path: &str) -> Option<(HeaderMap, Bytes)> {
        self.lock()
            .get(path)
            .map(|e| (e.head.clone(), e.body.clone()))
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // Nothing panics while holding the lock; recover anyway.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Serves HTTP/1.1 connections from `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    gateway: Gateway,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let limits = Limits {
        max_connections: MAX_CONNECTIONS,
        header_read_timeout: READ_TIMEOUT,
        max_buf_size: None,
    };
    http1::serve(listener, limits, shutdown, move |req| {
        handle(gateway.clone(), req)
    })
    .await
}

/// Answers one request.
pub async fn handle(
    gateway: Gateway,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = req.into_parts();
    let response = if parts.method == Method::GET || parts.method == Method::HEAD {
        get(&gateway, &parts).await
    } else {
        forward(&gateway, parts, body).await
    };
    Ok(response)
}

/// GET or HEAD: revalidate (or fill) the stored response, then answer from
/// it (RFC 9111 §4.3).
async fn get(gateway: &Gateway, client: &Parts) -> Response<Body> {
    let path = client.uri.path().to_owned();
    let now = HttpDate::now();
    let stored = gateway.lock().get(&path).cloned();

    // The validation request: the client's request without its own
    // preconditions and without Range, plus the stored response's
    // validators (RFC 9111 §4.3.1).
    let mut headers = end_to_end(&client.headers);
    headers.remove(header::RANGE);
    let views: Vec<Stored<'_>> = stored
        .iter()
        .map(|e| Stored::from_headers(&e.head, e.received))
        .collect();
    let validation = validation_request(&headers, &views, now);
    set_validation_fields(&validation, &mut headers);
    let origin = match gateway
        .fetch(Method::GET, &client.uri, headers.clone(), Bytes::new())
        .await
    {
        Ok(origin) => origin,
        Err(why) => return bad_gateway(&why),
    };

    let (entry, how) = match (origin.status, stored.as_ref()) {
        (StatusCode::NOT_MODIFIED, Some(entry)) => {
            let mut entry = entry.clone();
            let fresh = freshen(&views, NewResponse::from_headers(&origin.headers), now);
            if fresh.updates(0) {
                // RFC 9111 §3.2: merge the 304's fields into the stored head.
                merge_not_modified(&mut entry.head, &origin.headers);
                entry.received = now;
                (entry, "revalidated")
            } else {
                // RFC 9111 §4.3.4: a 304 that names no stored response MUST
                // NOT update one; ask again without preconditions.
                set_validation_fields(&validation_request(&headers, &[], now), &mut headers);
                match gateway
                    .fetch(Method::GET, &client.uri, headers, Bytes::new())
                    .await
                {
                    Ok(again) if again.status == StatusCode::OK => {
                        (again.into_entry(now), "refetched")
                    }
                    Ok(again) => return again.relay(),
                    Err(why) => return bad_gateway(&why),
                }
            }
        }
        (StatusCode::OK, _) => (origin.into_entry(now), "miss"),
        _ => {
            if matches!(origin.status, StatusCode::NOT_FOUND | StatusCode::GONE) {
                gateway.lock().remove(&path);
            }
            return origin.relay();
        }
    };
    gateway.lock().insert(path, entry.clone());

    // RFC 9111 §4.3.2: answer the client from the stored response. Ranges
    // are not cut here, so `Range` is ignored (RFC 9110 §14.2), and with it
    // any `If-Range` (§13.1.5).
    let view = [Stored::from_headers(&entry.head, entry.received)];
    let method = CoreMethod::from(&client.method);
    let whole = Policy::new().ranges(false);
    let Ok(cache_answer) = answer_with(method, &client.headers, &view, now, whole) else {
        return bad_gateway("no stored response to answer from");
    };
    let mut response = match answer_head(&cache_answer, &entry.head) {
        Some(head) => head.map(|()| Body::default()),
        None => {
            // Serve: the whole 200 (never ServeRange, ranges being off).
            // For HEAD, hyper sends no body.
            debug_assert_eq!(cache_answer.action(), Action::Serve);
            let mut response = Response::new(Full::new(entry.body.clone()));
            *response.headers_mut() = entry.head.clone();
            response
        }
    };
    annotate(&mut response, how, &cache_answer.to_string());
    response
}

/// Any other method: forwarded untouched, body and preconditions included;
/// a 2xx or 3xx answer invalidates the stored response (RFC 9111 §4.4).
async fn forward(gateway: &Gateway, parts: Parts, body: Incoming) -> Response<Body> {
    let bytes =
        match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            _ => return plain(StatusCode::BAD_REQUEST, "could not read the request body"),
        };
    let headers = end_to_end(&parts.headers);
    let origin = match gateway
        .fetch(parts.method.clone(), &parts.uri, headers, bytes)
        .await
    {
        Ok(origin) => origin,
        Err(why) => return bad_gateway(&why),
    };
    if origin.status.is_success() || origin.status.is_redirection() {
        gateway.lock().remove(parts.uri.path());
    }
    origin.relay()
}

/// A response from the origin, read whole.
struct OriginResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl OriginResponse {
    fn into_entry(self, received: HttpDate) -> Entry {
        Entry {
            head: self.headers,
            body: self.body,
            received,
        }
    }

    fn relay(self) -> Response<Body> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

impl Gateway {
    /// Sends one request to the origin on a new connection and reads the
    /// whole answer, counting what crosses.
    async fn fetch(
        &self,
        method: Method,
        uri: &hyper::Uri,
        mut headers: HeaderMap,
        body: Bytes,
    ) -> Result<OriginResponse, String> {
        let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
        if let Ok(host) = HeaderValue::from_str(&self.origin) {
            headers.insert(header::HOST, host);
        }
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = method;
        *request.uri_mut() = target
            .parse()
            .map_err(|e| format!("bad target {target:?}: {e}"))?;
        *request.headers_mut() = headers;
        let exchange = async {
            let stream = TcpStream::connect(&*self.origin)
                .await
                .map_err(|e| format!("cannot reach the origin {}: {e}", self.origin))?;
            let (mut sender, connection) = client_http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| format!("origin handshake: {e}"))?;
            tokio::spawn(connection);
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| format!("origin request: {e}"))?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_BODY)
                .collect()
                .await
                .map_err(|e| format!("origin body: {e}"))?
                .to_bytes();
            Ok::<_, String>((parts, body))
        };
        let (parts, body) = tokio::time::timeout(ORIGIN_TIMEOUT, exchange)
            .await
            .map_err(|_| "the origin took too long".to_owned())??;
        if parts.status == StatusCode::NOT_MODIFIED {
            self.counters.not_modified.fetch_add(1, Ordering::Relaxed);
        }
        if !body.is_empty() {
            self.counters.bodies.fetch_add(1, Ordering::Relaxed);
            self.counters
                .body_bytes
                .fetch_add(body.len() as u64, Ordering::Relaxed);
        }
        Ok(OriginResponse {
            status: parts.status,
            headers: end_to_end(&parts.headers),
            body,
        })
    }
}

/// The fields of a message without the hop-by-hop ones: `Connection` and
/// the fields it names, `Keep-Alive`, `Proxy-Connection`, `TE`,
/// `Transfer-Encoding`, `Upgrade` (RFC 9110 §7.6.1), and `Host`, which the
/// gateway sets for the origin.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .flat_map(|v| v.as_bytes().split(|&b| b == b','))
        .filter_map(|option| HeaderName::from_bytes(option.trim_ascii()).ok())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let hop = matches!(
            name.as_str(),
            "connection"
                | "keep-alive"
                | "proxy-connection"
                | "te"
                | "transfer-encoding"
                | "upgrade"
                | "host"
        ) || named.contains(name);
        if !hop {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// Adds `X-Cache` and `X-Cache-Answer` (ASCII, `§` as `section `, cut at
/// `MAX_EXPLANATION` bytes).
fn annotate(response: &mut Response<Body>, how: &'static str, explanation: &str) {
    response.headers_mut().insert(
        HeaderName::from_static(X_CACHE),
        HeaderValue::from_static(how),
    );
    let mut text = String::with_capacity(explanation.len());
    for c in explanation.chars() {
        match c {
            '§' => text.push_str("section "),
            ' '..='~' => text.push(c),
            _ => text.push('?'),
        }
        if text.len() >= MAX_EXPLANATION {
            text.truncate(MAX_EXPLANATION - 3);
            text.push_str("...");
            break;
        }
    }
    if let Ok(value) = HeaderValue::try_from(text) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(X_CACHE_ANSWER), value);
    }
}

fn plain(status: StatusCode, message: &str) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{message}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn bad_gateway(why: &str) -> Response<Body> {
    plain(StatusCode::BAD_GATEWAY, why)
}
