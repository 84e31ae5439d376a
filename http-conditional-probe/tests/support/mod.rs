//! A test server on 127.0.0.1 whose misbehaviours are switched per test.
//!
//! With no fault it is correct: every precondition decision comes from
//! `http_conditional::evaluate`, it sends `ETag`, `Last-Modified`, `Date`,
//! `Vary: Accept-Encoding`, `Accept-Ranges: bytes`, a gzip variant with its
//! own strong tag, 304s built as RFC 9110 §15.4.5 says, 206 for a matching
//! `If-Range`, and 428 for a blind PUT. Each [`Faults`] switch changes one
//! thing, the way real servers get it wrong.
//!
//! One request per connection (the probe always sends `Connection:
//! close`); one thread per connection.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use http_conditional::{
    evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators,
};
use http_conditional_probe::cli::{self, Parsed};
use http_conditional_probe::probe::{self, Report};

/// The ids of the write checks (`--write`), in the order they run.
pub const WRITE_IDS: [&str; 7] = [
    "W-IFMATCH-STALE",
    "W-IFMATCH-WEAK",
    "W-IFMATCH-CURRENT",
    "W-PUT-VALIDATOR",
    "W-LOST-UPDATE",
    "W-BLIND-428",
    "W-CREATE-ONLY",
];

/// The probe's report on `url`, with the arguments `extra` before it.
pub fn run(url: &str, extra: &[&str]) -> Report {
    let mut args: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
    args.push(url.to_owned());
    let Ok(Parsed::Run(options)) = cli::parse(args) else {
        panic!("arguments rejected");
    };
    probe::run(&options)
}

/// The misbehaviours, each off by default.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// A new tag on every response, for the same content.
    pub drift: bool,
    /// `If-None-Match` compared as a string with the `ETag` (`*` aside).
    pub exact_string_inm: bool,
    /// A 304 that carries the 200's `Content-Length` and content.
    pub body_in_304: bool,
    /// A 304 with `Content-Length: 0`.
    pub zero_length_304: bool,
    /// A 304 without `ETag`.
    pub no_etag_in_304: bool,
    /// `If-Modified-Since` evaluated although `If-None-Match` did not match.
    pub ims_despite_inm: bool,
    /// `If-Match` required on PUT but never compared.
    pub if_match_ignored_on_put: bool,
    /// `If-Match` compared weakly (`W/` dropped).
    pub weak_if_match: bool,
    /// `Range` served whatever `If-Range` says.
    pub if_range_ignored: bool,
    /// The gzip variant carries the identity variant's strong tag.
    pub same_strong_tag_for_gzip: bool,
    /// No `Vary` at all.
    pub no_vary: bool,
    /// The third plain GET gets a 304.
    pub unsolicited_304: bool,
}

/// What the server serves at `/r`, besides the faults.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The misbehaviours.
    pub faults: Faults,
    /// The opaque-tag to send instead of the versioned one (identity and
    /// gzip alike): non-UTF-8 bytes, a 64 KiB tag.
    pub opaque: Option<Vec<u8>>,
    /// Extra field lines on every 200.
    pub extra: Vec<(String, Vec<u8>)>,
    /// PUT answers 405.
    pub read_only: bool,
}

struct State {
    version: u64,
    body: Vec<u8>,
    last_modified: i64,
    responses: u64,
    plain_gets: u64,
}

/// A running server; stopped when dropped.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server with `config` on 127.0.0.1, on a free port.
    pub fn start(config: Config) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let stop = Arc::new(AtomicBool::new(false));
        let now = HttpDate::now().unix_seconds();
        let state = Arc::new(Mutex::new(State {
            version: 1,
            body: br#"{"id":1,"note":"a representation long enough for a range"}"#.to_vec(),
            last_modified: now - 86_400,
            responses: 0,
            plain_gets: 0,
        }));
        let config = Arc::new(config);
        let flag = Arc::clone(&stop);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (state, config) = (Arc::clone(&state), Arc::clone(&config));
                thread::spawn(move || serve(stream, &state, &config));
            }
        });
        Server { addr, stop }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Request {
    fn get(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 2 * 1024 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = &buf[..end];
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = String::from_utf8_lossy(lines.next()?).into_owned();
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let headers: Vec<(String, Vec<u8>)> = lines
        .filter_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let value = &line[colon + 1..];
            let start = value.iter().position(|&b| b != b' ').unwrap_or(value.len());
            Some((
                String::from_utf8_lossy(&line[..colon]).into_owned(),
                value[start..].to_vec(),
            ))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| std::str::from_utf8(v).ok()?.parse().ok())
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, config: &Config) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let response = match request.path.as_str() {
        "/r" => resource(&request, state, config),
        "/redirect" => b"HTTP/1.1 301 Moved Permanently\r\nLocation: /r\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        "/silent" => {
            // Never answer; hold the connection until the client gives up.
            let deadline = Instant::now() + Duration::from_secs(30);
            let mut byte = [0u8; 1];
            while Instant::now() < deadline {
                match stream.read(&mut byte) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => return,
                }
            }
            return;
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

/// The field lines with `name` removed.
fn without(headers: &[(String, Vec<u8>)], names: &[&str]) -> Vec<(String, Vec<u8>)> {
    headers
        .iter()
        .filter(|(n, _)| !names.iter().any(|x| n.eq_ignore_ascii_case(x)))
        .cloned()
        .collect()
}

const PRECONDITIONS: [&str; 5] = [
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "if-range",
];

fn resource(request: &Request, state: &Mutex<State>, config: &Config) -> Vec<u8> {
    let faults = &config.faults;
    let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
    state.responses += 1;
    let now = HttpDate::now();
    let gzip = request
        .get("accept-encoding")
        .is_some_and(|v| String::from_utf8_lossy(v).contains("gzip"));
    let get_or_head = request.method == "GET" || request.method == "HEAD";
    if !matches!(request.method.as_str(), "GET" | "HEAD" | "PUT") {
        return b"HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, PUT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec();
    }
    if request.method == "PUT" && config.read_only {
        return b"HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec();
    }

    let tag_for = |state: &State, gzip: bool| -> Vec<u8> {
        let mut opaque = match &config.opaque {
            Some(o) => o.clone(),
            None => format!("r{}", state.version).into_bytes(),
        };
        if gzip && !faults.same_strong_tag_for_gzip {
            opaque.extend_from_slice(b"-gz");
        }
        if faults.drift {
            opaque.extend_from_slice(format!(".{}", state.responses).as_bytes());
        }
        opaque
    };
    let opaque = tag_for(&state, gzip);
    let last_modified =
        HttpDate::from_unix_seconds(state.last_modified).unwrap_or(HttpDate::UNIX_EPOCH);
    let content = if gzip {
        gzip_stored(&state.body)
    } else {
        state.body.clone()
    };

    // The request as the (possibly faulty) server reads it.
    let mut fields = request.headers.clone();
    if faults.exact_string_inm && get_or_head && request.get("if-none-match").is_some() {
        fields = without(&fields, &["if-none-match", "if-modified-since"]);
    }
    if faults.weak_if_match {
        for (name, value) in &mut fields {
            if name.eq_ignore_ascii_case("if-match") {
                *value = String::from_utf8_lossy(value)
                    .replace("W/", "")
                    .into_bytes();
            }
        }
    }
    let mut policy = if request.method == "PUT" {
        Policy::new().require_precondition(true)
    } else {
        Policy::new()
    };
    if faults.if_match_ignored_on_put
        && request.method == "PUT"
        && request.get("if-match").is_some()
    {
        fields = without(&fields, &["if-match"]);
        policy = Policy::new();
    }
    let Ok(tag) = EntityTag::strong(&opaque) else {
        return b"HTTP/1.1 500 Bad Tag\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec();
    };
    let validators = Validators::new()
        .with_etag(tag)
        .with_last_modified(last_modified);
    let eval = evaluate(
        Method::new(request.method.as_bytes()),
        &fields[..],
        Resource::Current(validators),
        now,
        policy,
    );
    let mut decision = eval.decision();

    if faults.exact_string_inm && get_or_head && decision.proceeds() {
        if let Some(raw) = request.get("if-none-match") {
            let mut quoted = b"\"".to_vec();
            quoted.extend_from_slice(&opaque);
            quoted.push(b'"');
            if raw == quoted.as_slice() || raw == b"*" {
                decision = Decision::NotModified;
            }
        }
    }
    if faults.ims_despite_inm
        && get_or_head
        && decision.proceeds()
        && request.get("if-none-match").is_some()
    {
        let ims = request
            .get("if-modified-since")
            .and_then(|v| HttpDate::parse(v, now).ok());
        if ims.is_some_and(|ims| last_modified <= ims) {
            decision = Decision::NotModified;
        }
    }
    if faults.if_range_ignored
        && request.method == "GET"
        && request.get("range").is_some()
        && decision == Decision::Proceed
    {
        decision = Decision::ProceedWithRange;
    }
    let plain = request.method == "GET"
        && !gzip
        && request.get("range").is_none()
        && !PRECONDITIONS.iter().any(|f| request.get(f).is_some());
    if plain {
        state.plain_gets += 1;
        if faults.unsolicited_304 && state.plain_gets == 3 {
            decision = Decision::NotModified;
        }
    }

    let date = now.to_string();
    let mut head: Vec<(String, Vec<u8>)> = vec![("Date".into(), date.into_bytes())];
    let etag_line = |opaque: &[u8]| {
        let mut v = b"\"".to_vec();
        v.extend_from_slice(opaque);
        v.push(b'"');
        ("ETag".to_owned(), v)
    };
    let vary = !faults.no_vary;
    match decision {
        Decision::NotModified => {
            if !faults.no_etag_in_304 {
                head.push(etag_line(&opaque));
            }
            head.push(("Cache-Control".into(), b"max-age=60".to_vec()));
            if vary {
                head.push(("Vary".into(), b"Accept-Encoding".to_vec()));
            }
            let mut after = Vec::new();
            if faults.zero_length_304 {
                head.push(("Content-Length".into(), b"0".to_vec()));
            }
            if faults.body_in_304 {
                head.push((
                    "Content-Length".into(),
                    content.len().to_string().into_bytes(),
                ));
                after = content.clone();
            }
            build("304 Not Modified", &head, &after)
        }
        Decision::PreconditionFailed => {
            head.push(etag_line(&opaque));
            head.push(("Content-Length".into(), b"0".to_vec()));
            build("412 Precondition Failed", &head, b"")
        }
        Decision::PreconditionRequired => {
            head.push(("Content-Length".into(), b"0".to_vec()));
            build("428 Precondition Required", &head, b"")
        }
        Decision::Proceed | Decision::ProceedWithRange if request.method == "PUT" => {
            state.body = request.body.clone();
            state.version += 1;
            state.last_modified = now.unix_seconds();
            head.push(etag_line(&tag_for(&state, false)));
            head.push(("Content-Length".into(), b"0".to_vec()));
            build("200 OK", &head, b"")
        }
        Decision::Proceed | Decision::ProceedWithRange => {
            head.push(etag_line(&opaque));
            head.push((
                "Last-Modified".into(),
                last_modified.to_string().into_bytes(),
            ));
            head.push(("Cache-Control".into(), b"max-age=60".to_vec()));
            if vary {
                head.push(("Vary".into(), b"Accept-Encoding".to_vec()));
            }
            head.push(("Content-Type".into(), b"application/json".to_vec()));
            head.push(("Accept-Ranges".into(), b"bytes".to_vec()));
            if gzip {
                head.push(("Content-Encoding".into(), b"gzip".to_vec()));
            }
            head.extend(config.extra.iter().cloned());
            let range = (decision == Decision::ProceedWithRange && request.method == "GET")
                .then(|| {
                    request
                        .get("range")
                        .and_then(|r| byte_range(r, content.len()))
                })
                .flatten();
            let (status, bytes) = match range {
                Some((first, last)) => {
                    head.push((
                        "Content-Range".into(),
                        format!("bytes {first}-{last}/{}", content.len()).into_bytes(),
                    ));
                    ("206 Partial Content", content[first..=last].to_vec())
                }
                None => ("200 OK", content),
            };
            head.push((
                "Content-Length".into(),
                bytes.len().to_string().into_bytes(),
            ));
            let body = if request.method == "HEAD" {
                Vec::new()
            } else {
                bytes
            };
            build(status, &head, &body)
        }
    }
}

fn build(status: &str, head: &[(String, Vec<u8>)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in head {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(body);
    out
}

/// `bytes=first-last`, clamped to the content.
fn byte_range(value: &[u8], len: usize) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(value).ok()?.strip_prefix("bytes=")?;
    let (first, last) = text.split_once('-')?;
    let first: usize = first.parse().ok()?;
    let last: usize = last.parse::<usize>().ok()?.min(len.checked_sub(1)?);
    (first <= last).then_some((first, last))
}

/// A real gzip member holding `data` in stored (uncompressed) deflate
/// blocks (RFC 1952, RFC 1951 §3.2.4): decodable by any client, no
/// compression library needed.
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
