//! A small HTTP/1.1 client over `std::net::TcpStream` (and rustls for
//! HTTPS), written for the probe rather than taken from a library.
//!
//! A general-purpose client hides exactly what the probe has to see: it
//! drops bytes sent after a 304's or a HEAD response's head, merges or
//! re-cases field lines, rejects non-UTF-8 values, may decompress and
//! follow redirects. This one sends the request bytes it is given, one
//! request per connection with `Connection: close`, and returns every field
//! line as received, the content as framed (RFC 9112 §6.3) and every byte
//! after it ([`Response::after`]). Each request has its own deadline.

mod read;
mod tls;

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConfig, ClientConnection, StreamOwned};

use crate::exchange::{Request, Response};
use crate::target::{Scheme, Target};

pub use read::{LINGER, MAX_AFTER, MAX_BODY, MAX_HEAD};

/// Why a request got no usable response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// The host did not resolve, or refused or never accepted the
    /// connection.
    Connect(String),
    /// The TLS handshake or configuration failed.
    Tls(String),
    /// No complete response before the deadline.
    Timeout,
    /// The bytes received are not an HTTP/1.1 response the probe can read.
    Protocol(String),
    /// Another I/O error.
    Io(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Connect(m) => write!(f, "cannot connect: {m}"),
            ClientError::Tls(m) => write!(f, "TLS: {m}"),
            ClientError::Timeout => f.write_str("timed out waiting for a complete response"),
            ClientError::Protocol(m) => write!(f, "malformed response: {m}"),
            ClientError::Io(m) => write!(f, "I/O error: {m}"),
        }
    }
}

impl std::error::Error for ClientError {}

/// A byte stream whose read timeout can be set.
pub trait Conn: Read + Write {
    /// Sets how long one read may block.
    ///
    /// # Errors
    ///
    /// As `TcpStream::set_read_timeout`.
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()>;
}

impl Conn for TcpStream {
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        TcpStream::set_read_timeout(self, Some(timeout.max(Duration::from_millis(1))))
    }
}

impl Conn for StreamOwned<ClientConnection, TcpStream> {
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.sock
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
    }
}

/// Sends requests to one target.
#[derive(Debug)]
pub struct Client {
    target: Target,
    timeout: Duration,
    tls: Option<Arc<ClientConfig>>,
}

impl Client {
    /// A client for `target`, each request bounded by `timeout`.
    ///
    /// # Errors
    ///
    /// [`ClientError::Tls`] when the target is HTTPS and no TLS
    /// configuration could be built (no trusted roots, say).
    pub fn new(target: Target, timeout: Duration) -> Result<Client, ClientError> {
        let tls = match target.scheme {
            Scheme::Http => None,
            Scheme::Https => Some(tls::config().map_err(ClientError::Tls)?),
        };
        Ok(Client {
            target,
            timeout,
            tls,
        })
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The request for `method` with the given fields after `Host`,
    /// `User-Agent` and `Connection: close`, and `Content-Length` when there
    /// is content (or the method is PUT).
    pub fn request(&self, method: &str, fields: Vec<(String, Vec<u8>)>, body: Vec<u8>) -> Request {
        let mut headers = vec![
            (
                "Host".to_owned(),
                self.target.authority.clone().into_bytes(),
            ),
            (
                "User-Agent".to_owned(),
                concat!("http-conditional-probe/", env!("CARGO_PKG_VERSION"))
                    .as_bytes()
                    .to_vec(),
            ),
            ("Connection".to_owned(), b"close".to_vec()),
        ];
        headers.extend(fields);
        if !body.is_empty() || method == "PUT" {
            headers.push((
                "Content-Length".to_owned(),
                body.len().to_string().into_bytes(),
            ));
        }
        Request {
            method: method.to_owned(),
            target: self.target.path_and_query.clone(),
            headers,
            body,
        }
    }

    /// Sends `request` on a new connection and reads the response.
    ///
    /// # Errors
    ///
    /// See [`ClientError`]; never panics on anything the server sends.
    pub fn send(&self, request: &Request) -> Result<Response, ClientError> {
        let deadline = Instant::now() + self.timeout;
        let tcp = self.connect(deadline)?;
        let bytes = encode(request);
        let head_request = request.method == "HEAD";
        match &self.tls {
            None => exchange(tcp, &bytes, deadline, head_request),
            Some(config) => {
                let conn = tls::connect(config, &self.target.host).map_err(ClientError::Tls)?;
                let stream = StreamOwned::new(conn, tcp);
                exchange(stream, &bytes, deadline, head_request).map_err(|e| match e {
                    // rustls reports handshake failures as I/O errors.
                    ClientError::Io(m) => ClientError::Tls(m),
                    other => other,
                })
            }
        }
    }

    fn connect(&self, deadline: Instant) -> Result<TcpStream, ClientError> {
        let host = self.target.host.as_str();
        let addrs = (host, self.target.port)
            .to_socket_addrs()
            .map_err(|e| ClientError::Connect(format!("cannot resolve {host}: {e}")))?;
        let mut last = None;
        for addr in addrs {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ClientError::Timeout);
            }
            match TcpStream::connect_timeout(&addr, left) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_write_timeout(Some(left.max(Duration::from_millis(1))));
                    return Ok(stream);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                    ) =>
                {
                    last = Some(format!("{addr}: connection timed out"));
                }
                Err(e) => last = Some(format!("{addr}: {e}")),
            }
        }
        Err(ClientError::Connect(last.unwrap_or_else(|| {
            format!("{host} resolved to no address")
        })))
    }
}

/// Writes the request and reads the response on one connection.
fn exchange<C: Conn>(
    mut conn: C,
    bytes: &[u8],
    deadline: Instant,
    head_request: bool,
) -> Result<Response, ClientError> {
    conn.set_read_timeout(deadline.saturating_duration_since(Instant::now()))
        .map_err(|e| ClientError::Io(e.to_string()))?;
    write_all(&mut conn, bytes)?;
    read::Reader::new(&mut conn, deadline).response(head_request)
}

fn write_all<C: Conn>(conn: &mut C, bytes: &[u8]) -> Result<(), ClientError> {
    let result = conn.write_all(bytes).and_then(|()| conn.flush());
    result.map_err(|e| match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ClientError::Timeout,
        _ => ClientError::Io(format!("sending the request: {e}")),
    })
}

/// The request's bytes (RFC 9112 §3): request line, field lines, content.
pub fn encode(request: &Request) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + request.body.len());
    out.extend_from_slice(request.method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(request.target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    for (name, value) in &request.headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&request.body);
    out
}
