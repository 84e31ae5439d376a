//! What the loopback tests of the hyper servers share: a server on
//! 127.0.0.1:0 that stops when dropped, and one request sent with hyper's
//! client connection, its reply read whole.

// Each test file uses its own part.
#![allow(dead_code)]

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use http_conditional_demos::gateway::{self, Gateway};
use http_conditional_demos::orders;
use hyper::body::Bytes;
use hyper::client::conn::http1::{handshake, SendRequest};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Every request, connection and test is bounded by this.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// What a server is given to stop on.
pub type Shutdown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A server on 127.0.0.1:0, stopped when dropped.
pub struct Running {
    pub addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl Running {
    /// Serves with `serve` on 127.0.0.1:0, on a task of its own.
    pub async fn start<F>(serve: impl FnOnce(TcpListener, Shutdown) -> F) -> Running
    where
        F: Future<Output = io::Result<()>> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(serve(
            listener,
            Box::pin(async move {
                let _ = stopped.await;
            }),
        ));
        Running { addr, _stop: stop }
    }
}

/// The orders API, seeded with orders 1, 2 and 3.
pub async fn start_orders() -> Running {
    Running::start(|listener, stop| orders::serve(listener, orders::App::seeded(), stop)).await
}

/// A gateway in front of `origin`, and its state.
pub async fn start_gateway(origin: SocketAddr) -> (Running, Gateway) {
    let gw = Gateway::new(&format!("http://{origin}")).expect("origin");
    let state = gw.clone();
    let running = Running::start(|listener, stop| gateway::serve(listener, state, stop)).await;
    (running, gw)
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }

    pub fn etag(&self) -> String {
        self.header("etag").expect("an ETag").to_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// A new HTTP/1.1 connection to `addr`.
pub async fn connect(addr: SocketAddr) -> SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (sender, connection) = handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(connection);
    sender
}

/// Sends one request on `sender` and reads the reply; each header is its
/// own field line, in order, and a body is sent as JSON.
pub async fn exchange<V: AsRef<[u8]>>(
    sender: &mut SendRequest<Full<Bytes>>,
    method: &str,
    path: &str,
    headers: &[(&str, V)],
    body: Option<&str>,
) -> Reply {
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(path)
        .header("host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_bytes(value.as_ref()).expect("value"),
        );
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
        .expect("request");
    let response = sender.send_request(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    }
}
