//! An axum app that shows every piece of `http-conditional-tower`, with a
//! fixed contract that other test suites drive.
//!
//! ```text
//! cargo run -p http-conditional-tower --example demo --features axum                       # 127.0.0.1:3001
//! cargo run -p http-conditional-tower --example demo --features axum -- --addr 127.0.0.1:8080
//! ```
//!
//! | Route | Handler | What the client sees |
//! |---|---|---|
//! | `GET /hello` | 200 `hello, world\n`, `text/plain`, `Cache-Control: no-cache` | strong `ETag` from the digest; a matching `If-None-Match` → 304 with `ETag` and `Cache-Control` only |
//! | `GET /hello-weak` | the same | the same, with a weak `ETag` |
//! | `GET /dated` | 200 `dated\n`, `Last-Modified: Sat, 29 Oct 1994 19:43:31 GMT` | an `ETag` too; `If-Modified-Since` equal or later → 304, unless a non-matching `If-None-Match` is present |
//! | `GET /tagged` | sets `ETag: "t1"` itself | `"t1"` kept, nothing buffered; `If-None-Match: "t1"` → 304 |
//! | `GET /missing` | 404 `not found\n` | 404 whatever the preconditions, no `ETag` |
//! | `GET /big` | 2 MiB of `x` in 64 KiB chunks, length unknown | every byte, streamed, no `ETag` |
//! | `GET /events` | `text/event-stream`: `data: 1`, a 300 ms pause, `data: 2` | the first event at once, no `ETag` |
//! | `GET /gz` | 4 KiB of text behind tower-http's `CompressionLayer` | gzip with `W/` tag, or identity with the strong tag; `Vary: accept-encoding`; 304s without body or `Content-Encoding` |
//! | `GET /range` | 100 bytes, `Range: bytes=a-b` honoured (and `If-Range`) | the 206 untouched |
//! | `POST /echo` | echoes the body | no `ETag`, no buffering limit |
//! | `/orders`, `/orders/{id}` | the JSON orders API of `http-conditional-demos` | the same answers; reads through `PreconditionLayer`, writes through `Preconditions` |
//!
//! Every route sends `X-Precondition`.

mod app;
mod orders;

use std::net::SocketAddr;
use std::process::ExitCode;

const USAGE: &str = "usage: demo [--addr IP:PORT]   (default 127.0.0.1:3001)";

/// The address to listen on; `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<SocketAddr>, String> {
    let mut addr = SocketAddr::from(([127, 0, 0, 1], 3001));
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                let value = args.next().ok_or("--addr needs a value")?;
                addr = value
                    .parse()
                    .map_err(|e| format!("--addr {value:?}: {e}"))?;
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(Some(addr))
}

#[tokio::main]
async fn main() -> ExitCode {
    let addr = match parse_args(std::env::args().skip(1)) {
        Ok(Some(addr)) => addr,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    eprintln!("demo listening on http://{local}/hello");
    match axum::serve(listener, app::router()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}
