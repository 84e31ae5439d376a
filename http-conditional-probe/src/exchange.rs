//! One request and what came back, kept exactly: every response field line
//! in order, as bytes, with nothing decoded or merged.

use std::fmt::Write as _;
use std::time::Duration;

use crate::client::ClientError;

/// A field line: name and value as bytes. The value excludes the line's
/// leading and trailing whitespace, which is not part of it (RFC 9110 §5.5).
pub type FieldLine = (Vec<u8>, Vec<u8>);

/// A request the probe sends.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The method token.
    pub method: String,
    /// The request-target (origin-form).
    pub target: String,
    /// The field lines, in the order sent (`Host`, `User-Agent`,
    /// `Connection` and `Content-Length` included).
    pub headers: Vec<(String, Vec<u8>)>,
    /// The content (empty for GET and HEAD).
    pub body: Vec<u8>,
}

impl Request {
    /// Every line of the field `name` (case-insensitive), in order.
    pub fn lines<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether the field `name` was sent.
    pub fn has(&self, name: &str) -> bool {
        self.lines(name).next().is_some()
    }
}

/// How the end of the response's content was found (RFC 9112 §6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// No content: a response to HEAD, or a 1xx, 204 or 304.
    None,
    /// `Content-Length`.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Read until the server closed the connection.
    Close,
}

impl Framing {
    /// A short name for reports.
    pub fn describe(self) -> String {
        match self {
            Framing::None => "no content (RFC 9112 §6.3)".into(),
            Framing::Length(n) => format!("Content-Length {n}"),
            Framing::Chunked => "chunked".into(),
            Framing::Close => "until close".into(),
        }
    }
}

/// A response as received.
#[derive(Clone, Debug)]
pub struct Response {
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// The status code.
    pub status: u16,
    /// The reason phrase, as bytes.
    pub reason: Vec<u8>,
    /// Every field line of the head, in order, duplicates kept.
    pub headers: Vec<FieldLine>,
    /// The content, exactly as framed (never decompressed).
    pub body: Vec<u8>,
    /// How the content was delimited.
    pub framing: Framing,
    /// Trailer field lines of a chunked response.
    pub trailers: Vec<FieldLine>,
    /// Bytes the server sent after the end of the message, as framed:
    /// content sent with a 304 or a HEAD response, for example.
    pub after: Vec<u8>,
    /// Status codes of interim (1xx) responses received before this one.
    pub interim: Vec<u16>,
}

impl Response {
    /// Every line of the field `name` (case-insensitive), in order.
    pub fn lines<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether the field `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.lines(name).next().is_some()
    }

    /// All lines of `name` joined with ", " (RFC 9110 §5.3), or `None`.
    pub fn joined(&self, name: &str) -> Option<Vec<u8>> {
        let mut lines = self.lines(name);
        let mut out = lines.next()?.to_vec();
        for line in lines {
            out.extend_from_slice(b", ");
            out.extend_from_slice(line);
        }
        Some(out)
    }

    /// The `Content-Length` value, when it is one valid decimal number (or
    /// several equal ones).
    pub fn content_length(&self) -> Option<u64> {
        let mut value = None;
        for line in self.lines("content-length") {
            for part in line.split(|&b| b == b',') {
                let n = parse_decimal(trim(part))?;
                if value.is_some_and(|v| v != n) {
                    return None;
                }
                value = Some(n);
            }
        }
        value
    }

    /// `<status> <reason>`, for reports.
    pub fn status_line(&self) -> String {
        format!("{} {}", self.status, escape(&self.reason))
    }
}

/// One request/response pair of the run.
#[derive(Debug)]
pub struct Exchange {
    /// 1-based number, used by findings to name their evidence.
    pub id: usize,
    /// What the request is for.
    pub label: String,
    /// Which representation it asked for: "" (no `Accept-Encoding`) or
    /// "-GZIP".
    pub variant: &'static str,
    /// What was sent.
    pub request: Request,
    /// What came back, or why nothing usable did.
    pub result: Result<Response, ClientError>,
    /// Time from connecting to the end of the response.
    pub elapsed: Duration,
}

impl Exchange {
    /// The response, if there was one.
    pub fn response(&self) -> Option<&Response> {
        self.result.as_ref().ok()
    }

    /// The status code, if there was a response.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// The status line, or "no response: " and the error.
    pub fn outcome(&self) -> String {
        match &self.result {
            Ok(response) => response.status_line(),
            Err(e) => format!("no response: {e}"),
        }
    }
}

/// Bytes as text that loses nothing: printable ASCII as is, `\` as `\\`,
/// every other byte as `\xNN`.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out
}

/// [`escape`], cut after `max` bytes of input with a note of the length.
pub fn escape_short(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        escape(bytes)
    } else {
        format!("{}... ({} bytes)", escape(&bytes[..max]), bytes.len())
    }
}

/// `bytes` without leading and trailing SP and HTAB.
pub fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// A non-empty string of ASCII digits as a number, `None` on overflow.
pub fn parse_decimal(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_is_lossless_and_printable() {
        assert_eq!(escape(b"caf\xe9 \\ \"x\"\r"), "caf\\xe9 \\\\ \"x\"\\x0d");
        assert_eq!(escape_short(b"abcdef", 3), "abc... (6 bytes)");
    }

    #[test]
    fn content_length_accepts_equal_repeats_only() {
        let response = |lines: &[&str]| Response {
            version: "HTTP/1.1".into(),
            status: 200,
            reason: b"OK".to_vec(),
            headers: lines
                .iter()
                .map(|v| (b"Content-Length".to_vec(), v.as_bytes().to_vec()))
                .collect(),
            body: Vec::new(),
            framing: Framing::None,
            trailers: Vec::new(),
            after: Vec::new(),
            interim: Vec::new(),
        };
        assert_eq!(response(&["42"]).content_length(), Some(42));
        assert_eq!(response(&["42, 42", "42"]).content_length(), Some(42));
        assert_eq!(response(&["42", "43"]).content_length(), None);
        assert_eq!(response(&["-1"]).content_length(), None);
        assert_eq!(response(&[]).content_length(), None);
    }
}
