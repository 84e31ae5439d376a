//! The notes API of `demos/src/notes.rs` on axum: the README's axum
//! section, compiled.
//!
//! ```text
//! cargo run -p http-conditional-demos --example notes                 # 127.0.0.1:3003
//! cargo run -p http-conditional-demos --example notes -- --addr 127.0.0.1:8080
//!
//! curl -i localhost:3003/notes/hello
//! curl -i localhost:3003/notes/hello -H 'If-None-Match: "v1"'
//! curl -i -X PUT localhost:3003/notes/hello -d '{"text": "second"}'                      # 428
//! curl -i -X PUT localhost:3003/notes/hello -H 'If-Match: "v1"' -d '{"text": "second"}'  # 200
//! curl -i localhost:3003/static/readme.txt -H 'If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT'
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use http_conditional_demos::notes::{router, Notes};

const USAGE: &str = "usage: notes [--addr IP:PORT]   (default 127.0.0.1:3003)";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<SocketAddr, String> {
    let mut addr = SocketAddr::from(([127, 0, 0, 1], 3003));
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                let value = args.next().ok_or("--addr needs a value")?;
                addr = value
                    .parse()
                    .map_err(|e| format!("--addr {value:?}: {e}"))?;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(addr)
}

#[tokio::main]
async fn main() -> ExitCode {
    let addr = match parse_args(std::env::args().skip(1)) {
        Ok(addr) => addr,
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
    eprintln!("notes API listening on http://{local}/notes/hello");
    match axum::serve(listener, router(Notes::seeded())).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}
