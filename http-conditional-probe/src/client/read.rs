//! Reading one HTTP/1.1 response off a connection, byte by byte as it came
//! (RFC 9112): the status line, every field line, the content as framed
//! (RFC 9112 §6.3), and then whatever else the server sends before it
//! closes, which is where a 304 or a HEAD response that wrongly carries
//! content shows up.

use std::io;
use std::time::{Duration, Instant};

use super::{ClientError, Conn};
use crate::exchange::{parse_decimal, trim, FieldLine, Framing, Response};

/// The largest response head read: big enough for a 64 KiB `ETag` and
/// more, small enough to bound memory.
pub const MAX_HEAD: usize = 1024 * 1024;
/// The largest content read.
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// The most bytes kept after the end of the message.
pub const MAX_AFTER: usize = 64 * 1024;
/// How long to wait for bytes after the end of the message, when the
/// server has not closed the connection yet (we send `Connection: close`,
/// so a server normally closes at once).
pub const LINGER: Duration = Duration::from_millis(300);
/// The most interim (1xx) responses accepted before the final one.
const MAX_INTERIM: usize = 16;

/// A buffered reader with a deadline.
pub struct Reader<'c, C: Conn> {
    conn: &'c mut C,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    deadline: Instant,
}

impl<'c, C: Conn> Reader<'c, C> {
    /// A reader that fails with [`ClientError::Timeout`] at `deadline`.
    pub fn new(conn: &'c mut C, deadline: Instant) -> Self {
        Reader {
            conn,
            buf: Vec::with_capacity(16 * 1024),
            pos: 0,
            eof: false,
            deadline,
        }
    }

    /// Reads more bytes; `Ok(false)` at the end of the stream.
    fn fill(&mut self, until: Instant) -> Result<bool, ClientError> {
        if self.eof {
            return Ok(false);
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ClientError::Timeout);
        }
        self.conn
            .set_read_timeout(left)
            .map_err(|e| ClientError::Io(e.to_string()))?;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.conn.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => return Err(ClientError::Timeout),
                // A TLS peer that closes without close_notify: the end.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    self.eof = true;
                    return Ok(false);
                }
                Err(e) => return Err(ClientError::Io(e.to_string())),
            }
        }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// One line ending in LF (a preceding CR is dropped), at most `max`
    /// bytes.
    fn line(&mut self, max: usize, what: &str) -> Result<Vec<u8>, ClientError> {
        // Bytes already searched for LF are not searched again, so a line
        // that arrives a byte at a time costs linear time.
        let mut scanned = 0;
        loop {
            let found = self.available()[scanned..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|i| scanned + i);
            scanned = self.available().len();
            if let Some(i) = found {
                let mut line = self.available()[..i].to_vec();
                self.pos += i + 1;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.available().len() > max {
                return Err(ClientError::Protocol(format!(
                    "{what} is longer than {max} bytes"
                )));
            }
            if !self.fill(self.deadline)? {
                return Err(ClientError::Protocol(format!(
                    "the connection closed in the middle of the {what}"
                )));
            }
        }
    }

    fn take(&mut self, n: usize, what: &str) -> Result<Vec<u8>, ClientError> {
        while self.available().len() < n {
            if !self.fill(self.deadline)? {
                return Err(ClientError::Protocol(format!(
                    "the connection closed after {} of the {n} bytes of {what}",
                    self.available().len()
                )));
            }
        }
        let out = self.available()[..n].to_vec();
        self.pos += n;
        Ok(out)
    }

    /// Reads the final response to a request (`head_request`: the request
    /// was HEAD, so the response has no content whatever its fields say).
    pub fn response(&mut self, head_request: bool) -> Result<Response, ClientError> {
        let mut interim = Vec::new();
        loop {
            if self.available().is_empty() && !self.fill(self.deadline)? {
                return Err(ClientError::Protocol(
                    "the server closed the connection without a response".into(),
                ));
            }
            let (version, status, reason, headers) = self.head()?;
            if (100..200).contains(&status) && status != 101 {
                interim.push(status);
                if interim.len() > MAX_INTERIM {
                    return Err(ClientError::Protocol("too many 1xx responses".into()));
                }
                continue;
            }
            if status == 101 {
                return Err(ClientError::Protocol(
                    "the server switched protocols (101), which the probe never asks for".into(),
                ));
            }
            let mut response = Response {
                version,
                status,
                reason,
                headers,
                body: Vec::new(),
                framing: Framing::None,
                trailers: Vec::new(),
                after: Vec::new(),
                interim,
            };
            self.content(&mut response, head_request)?;
            self.after(&mut response);
            return Ok(response);
        }
    }

    /// The status line and the field lines (RFC 9112 §4, §5).
    #[allow(clippy::type_complexity)]
    fn head(&mut self) -> Result<(String, u16, Vec<u8>, Vec<FieldLine>), ClientError> {
        let start = self.pos;
        let status_line = self.line(MAX_HEAD, "status line")?;
        let (version, status, reason) = parse_status_line(&status_line)?;
        let mut headers: Vec<FieldLine> = Vec::new();
        loop {
            let used = self.pos - start;
            let line = self.line(MAX_HEAD.saturating_sub(used), "response head")?;
            if self.pos - start > MAX_HEAD {
                return Err(ClientError::Protocol(format!(
                    "the response head is longer than {MAX_HEAD} bytes"
                )));
            }
            if line.is_empty() {
                return Ok((version, status, reason, headers));
            }
            if line[0] == b' ' || line[0] == b'\t' {
                // obs-fold (RFC 9112 §5.2): replaced by one SP.
                let Some((_, value)) = headers.last_mut() else {
                    return Err(ClientError::Protocol(
                        "the first field line starts with whitespace".into(),
                    ));
                };
                value.push(b' ');
                value.extend_from_slice(trim(&line));
                continue;
            }
            headers.push(parse_field_line(&line)?);
        }
    }

    /// The content, framed as RFC 9112 §6.3 says.
    fn content(&mut self, response: &mut Response, head_request: bool) -> Result<(), ClientError> {
        let status = response.status;
        if head_request || status == 204 || status == 304 {
            response.framing = Framing::None;
            return Ok(());
        }
        let chunked = match response.joined("transfer-encoding") {
            None => false,
            Some(te) => {
                let last = te
                    .rsplit(|&b| b == b',')
                    .next()
                    .map(trim)
                    .unwrap_or_default();
                if !last.eq_ignore_ascii_case(b"chunked") {
                    // RFC 9112 §6.3 item 4: read until close.
                    response.framing = Framing::Close;
                    response.body = self.until_close()?;
                    return Ok(());
                }
                true
            }
        };
        if chunked {
            response.framing = Framing::Chunked;
            return self.chunked(response);
        }
        if response.has("content-length") {
            let Some(n) = response.content_length() else {
                return Err(ClientError::Protocol(format!(
                    "invalid Content-Length {:?} (RFC 9110 §8.6)",
                    crate::exchange::escape(&response.joined("content-length").unwrap_or_default())
                )));
            };
            if n > MAX_BODY as u64 {
                return Err(ClientError::Protocol(format!(
                    "the content is {n} bytes, more than the {MAX_BODY} the probe reads"
                )));
            }
            response.framing = Framing::Length(n);
            response.body = self.take(n as usize, "content")?;
            return Ok(());
        }
        response.framing = Framing::Close;
        response.body = self.until_close()?;
        Ok(())
    }

    fn until_close(&mut self) -> Result<Vec<u8>, ClientError> {
        while self.fill(self.deadline)? {
            if self.available().len() > MAX_BODY {
                return Err(ClientError::Protocol(format!(
                    "the content is longer than the {MAX_BODY} bytes the probe reads"
                )));
            }
        }
        let out = self.available().to_vec();
        self.pos = self.buf.len();
        Ok(out)
    }

    /// The chunked transfer coding (RFC 9112 §7.1), decoded; trailers kept.
    fn chunked(&mut self, response: &mut Response) -> Result<(), ClientError> {
        loop {
            let line = self.line(4096, "chunk size line")?;
            let size = line
                .split(|&b| b == b';')
                .next()
                .map(trim)
                .unwrap_or_default();
            let size = parse_hex(size).ok_or_else(|| {
                ClientError::Protocol(format!(
                    "invalid chunk size line {:?}",
                    crate::exchange::escape(&line)
                ))
            })?;
            if size == 0 {
                break;
            }
            if response.body.len() as u64 + size > MAX_BODY as u64 {
                return Err(ClientError::Protocol(format!(
                    "the content is longer than the {MAX_BODY} bytes the probe reads"
                )));
            }
            let data = self.take(size as usize, "a chunk")?;
            response.body.extend_from_slice(&data);
            let end = self.line(2, "chunk end")?;
            if !end.is_empty() {
                return Err(ClientError::Protocol(
                    "a chunk is longer than its size".into(),
                ));
            }
        }
        loop {
            let line = self.line(MAX_HEAD, "trailer section")?;
            if line.is_empty() {
                return Ok(());
            }
            response.trailers.push(parse_field_line(&line)?);
        }
    }

    /// Whatever arrives after the message until the server closes (or
    /// [`LINGER`] passes, or the deadline): never an error.
    fn after(&mut self, response: &mut Response) {
        let until = self.deadline.min(Instant::now() + LINGER);
        while !self.eof && self.available().len() < MAX_AFTER && Instant::now() < until {
            match self.fill(until) {
                Ok(true) => {}
                Ok(false) | Err(_) => break,
            }
        }
        let rest = self.available();
        response.after = rest[..rest.len().min(MAX_AFTER)].to_vec();
        self.pos = self.buf.len();
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// `HTTP-version SP 3DIGIT SP [reason-phrase]` (RFC 9112 §4); a missing
/// reason phrase with its SP is tolerated.
fn parse_status_line(line: &[u8]) -> Result<(String, u16, Vec<u8>), ClientError> {
    let bad = || {
        ClientError::Protocol(format!(
            "not an HTTP/1.x status line: {:?}",
            crate::exchange::escape_short(line, 80)
        ))
    };
    let version = line.get(..8).ok_or_else(bad)?;
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(bad());
    }
    if line.get(8) != Some(&b' ') {
        return Err(bad());
    }
    let code = line.get(9..12).ok_or_else(bad)?;
    let status = parse_decimal(code)
        .filter(|&s| (100..=999).contains(&s))
        .ok_or_else(bad)? as u16;
    let reason = match line.get(12) {
        None => Vec::new(),
        Some(b' ') => line[13..].to_vec(),
        Some(_) => return Err(bad()),
    };
    Ok((
        String::from_utf8_lossy(version).into_owned(),
        status,
        reason,
    ))
}

/// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
fn parse_field_line(line: &[u8]) -> Result<FieldLine, ClientError> {
    let colon = line.iter().position(|&b| b == b':').ok_or_else(|| {
        ClientError::Protocol(format!(
            "a field line without a colon: {:?}",
            crate::exchange::escape_short(line, 80)
        ))
    })?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return Err(ClientError::Protocol(format!(
            "an invalid field name {:?} (RFC 9110 §5.1)",
            crate::exchange::escape_short(name, 80)
        )));
    }
    Ok((name.to_vec(), trim(&line[colon + 1..]).to_vec()))
}

/// `tchar` (RFC 9110 §5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn parse_hex(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 15 {
        return None;
    }
    bytes.iter().try_fold(0u64, |n, &b| {
        let d = char::from(b).to_digit(16)?;
        Some(n * 16 + u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A connection that replays bytes, then ends (or blocks: times out).
    struct Replay {
        data: io::Cursor<Vec<u8>>,
        hang: bool,
    }

    impl Read for Replay {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            // Two bytes at a time, to exercise the buffering.
            let n = buf.len().min(2);
            let got = self.data.read(&mut buf[..n])?;
            if got == 0 && self.hang {
                return Err(io::Error::new(io::ErrorKind::WouldBlock, "no data"));
            }
            Ok(got)
        }
    }

    impl Write for Replay {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Conn for Replay {
        fn set_read_timeout(&mut self, _: Duration) -> io::Result<()> {
            Ok(())
        }
    }

    fn read(bytes: &[u8], head_request: bool) -> Result<Response, ClientError> {
        let mut conn = Replay {
            data: io::Cursor::new(bytes.to_vec()),
            hang: false,
        };
        Reader::new(&mut conn, Instant::now() + Duration::from_secs(5)).response(head_request)
    }

    #[test]
    fn content_length_body_and_duplicate_lines_are_kept() {
        let r = read(
            b"HTTP/1.1 200 OK\r\nVary: A\r\nvary: B\r\nX: caf\xe9 \r\nContent-Length: 3\r\n\r\nabc",
            false,
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"abc");
        assert_eq!(r.lines("VARY").collect::<Vec<_>>(), [&b"A"[..], b"B"]);
        assert_eq!(r.joined("x").unwrap(), b"caf\xe9");
        assert_eq!(r.framing, Framing::Length(3));
        assert!(r.after.is_empty());
    }

    // RFC 9112 §6.3: a 304 has no content, whatever its fields say; what
    // follows its head is kept as `after`.
    #[test]
    fn bytes_after_a_304_head_are_seen() {
        let r = read(
            b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello",
            false,
        )
        .unwrap();
        assert_eq!(r.framing, Framing::None);
        assert!(r.body.is_empty());
        assert_eq!(r.after, b"hello");
    }

    #[test]
    fn head_response_has_no_content() {
        let r = read(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true).unwrap();
        assert!(r.body.is_empty() && r.after.is_empty());
    }

    #[test]
    fn chunked_content_is_decoded_with_trailers() {
        let r = read(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n",
            false,
        )
        .unwrap();
        assert_eq!(r.body, b"abcde");
        assert_eq!(r.trailers, [(b"T".to_vec(), b"1".to_vec())]);
        assert_eq!(r.framing, Framing::Chunked);
    }

    #[test]
    fn close_delimited_content_reads_to_the_end_and_interim_is_skipped() {
        let r = read(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\nA: b\n\nall of it",
            false,
        )
        .unwrap();
        assert_eq!(r.interim, [100]);
        assert_eq!(r.version, "HTTP/1.0");
        assert_eq!(r.body, b"all of it");
        assert_eq!(r.framing, Framing::Close);
    }

    #[test]
    fn obs_fold_is_joined_with_one_space() {
        let r = read(b"HTTP/1.1 204 No\r\nA: one\r\n  two\r\n\r\n", false).unwrap();
        assert_eq!(r.joined("a").unwrap(), b"one two");
    }

    #[test]
    fn malformed_responses_are_errors_not_panics() {
        for bytes in [
            &b""[..],
            b"HTTP/2 200 OK\r\n\r\n",
            b"HTTP/1.1 20 OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\n",
            b" leading: space\r\n",
        ] {
            assert!(
                matches!(read(bytes, false), Err(ClientError::Protocol(_))),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_silent_server_times_out() {
        let mut conn = Replay {
            data: io::Cursor::new(b"HTTP/1.1 200 OK\r\n".to_vec()),
            hang: true,
        };
        let r = Reader::new(&mut conn, Instant::now() + Duration::from_secs(5)).response(false);
        assert!(matches!(r, Err(ClientError::Timeout)));
    }

    #[test]
    fn a_64_kib_field_value_is_read_whole() {
        let mut bytes = b"HTTP/1.1 200 OK\r\nETag: \"".to_vec();
        bytes.extend(vec![b'a'; 64 * 1024]);
        bytes.extend_from_slice(b"\"\r\nContent-Length: 0\r\n\r\n");
        let r = read(&bytes, false).unwrap();
        assert_eq!(r.joined("etag").unwrap().len(), 64 * 1024 + 2);
    }
}
