//! A revalidating reverse proxy in front of the orders API of
//! `demos/examples/server.rs`, on hyper 1 and tokio; every cache decision
//! comes from `http_conditional::cache` (see `demos/src/gateway.rs`).
//!
//! ```text
//! cargo run -p http-conditional-demos --example server                  # origin on 127.0.0.1:3000
//! cargo run -p http-conditional-demos --example gateway                 # gateway on 127.0.0.1:3002
//! cargo run -p http-conditional-demos --example gateway -- --addr 127.0.0.1:8082 --origin http://127.0.0.1:3000
//! ```
//!
//! It keeps the 200 GET responses it has seen, revalidates them with the
//! origin on every request (a 304 from the origin carries no body), and
//! answers the client itself: 304 when the client's `If-None-Match` or
//! `If-Modified-Since` matches the stored response, else the stored 200.
//! Other methods go to the origin untouched and invalidate what is stored.
//!
//! ```text
//! curl -i localhost:3002/orders/1                            # X-Cache: miss
//! curl -i localhost:3002/orders/1 -H 'If-None-Match: "v1"'   # 304, X-Cache: revalidated
//! curl -i localhost:3002/orders/1 -H 'If-Match: "nope"'      # 200: a cache never evaluates If-Match
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use http_conditional_demos::cli;
use http_conditional_demos::gateway::{serve, Gateway};

const USAGE: &str = "usage: gateway [--addr IP:PORT] [--origin http://HOST:PORT]   \
                     (defaults 127.0.0.1:3002 and http://127.0.0.1:3000)";

#[tokio::main]
async fn main() -> ExitCode {
    let default = SocketAddr::from(([127, 0, 0, 1], 3002));
    let mut origin = "http://127.0.0.1:3000".to_owned();
    let args = std::env::args().skip(1);
    let addr = cli::addr(args, default, USAGE, |arg, rest| {
        if arg != "--origin" {
            return Ok(false);
        }
        origin = rest.next().ok_or("--origin needs a value")?;
        Ok(true)
    });
    let addr = match addr {
        Ok(addr) => addr,
        Err(status) => return status,
    };
    let gateway = match Gateway::new(&origin) {
        Ok(gateway) => gateway,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(cli::USAGE_ERROR);
        }
    };
    let banner = |local| format!("gateway listening on http://{local}/ in front of {origin}");
    cli::listen_and_serve(addr, "gateway", banner, |listener| {
        serve(listener, gateway, std::future::pending())
    })
    .await
}
