//! Raw HTTP/1.1 over loopback TCP, for the tests where framing matters:
//! what the server writes, byte for byte, not what a client makes of it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Every exchange is bounded by this.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A response as it came off the wire.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    /// Every header line, names lowercased, in order.
    pub headers: Vec<(String, String)>,
    /// The content, de-chunked if it was chunked.
    pub body: Vec<u8>,
}

impl Raw {
    /// The value of the only line of `name`; panics if there are several.
    pub fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        let mut values = self.all(name);
        let first = values.next();
        assert!(
            values.next().is_none(),
            "more than one {name} line: {self:?}"
        );
        first
    }

    /// Every line of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }

    pub fn etag(&self) -> String {
        self.header("etag")
            .unwrap_or_else(|| panic!("no ETag: {self:?}"))
            .to_owned()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A 304 as RFC 9110 §15.4.5 and §8.6 want it: no content, no
    /// `Content-Length`, `Content-Type`, `Content-Encoding` or
    /// `Transfer-Encoding`.
    pub fn assert_bare_304(&self) {
        assert_eq!(self.status, 304, "{self:?}");
        for name in [
            "content-length",
            "content-type",
            "content-encoding",
            "transfer-encoding",
        ] {
            assert!(!self.has(name), "304 with {name}: {self:?}");
        }
        assert!(self.body.is_empty(), "304 with content: {self:?}");
    }
}

/// Sends `method path` with `headers` (each its own field line) and
/// `Connection: close`, and reads the response to the end of the stream.
pub async fn raw(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Raw {
    raw_with_body(addr, method, path, headers, b"").await
}

pub async fn raw_with_body(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Raw {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            request.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.expect("write");
        stream.write_all(body).await.expect("write body");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await.expect("read");
        parse(&bytes, method == "HEAD")
    };
    tokio::time::timeout(TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| panic!("{method} {path} timed out"))
}

fn parse(bytes: &[u8], head_request: bool) -> Raw {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of head: {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header line");
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let rest = &bytes[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked && !head_request && status != 304 {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Raw {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = std::str::from_utf8(&rest[..line_end]).expect("chunk size");
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .expect("hex chunk size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
