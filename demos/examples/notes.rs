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

use http_conditional_demos::cli;
use http_conditional_demos::notes::{router, Notes};

const USAGE: &str = "usage: notes [--addr IP:PORT]   (default 127.0.0.1:3003)";

#[tokio::main]
async fn main() -> ExitCode {
    let default = SocketAddr::from(([127, 0, 0, 1], 3003));
    let addr = match cli::addr(std::env::args().skip(1), default, USAGE, cli::no_options) {
        Ok(addr) => addr,
        Err(status) => return status,
    };
    let banner = |local| format!("notes API listening on http://{local}/notes/hello");
    cli::listen_and_serve(addr, "server", banner, |listener| {
        axum::serve(listener, router(Notes::seeded()))
    })
    .await
}
