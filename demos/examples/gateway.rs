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

use http_conditional_demos::gateway::{serve, Gateway};

const USAGE: &str = "usage: gateway [--addr IP:PORT] [--origin http://HOST:PORT]   \
                     (defaults 127.0.0.1:3002 and http://127.0.0.1:3000)";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(SocketAddr, String), String> {
    let mut addr = SocketAddr::from(([127, 0, 0, 1], 3002));
    let mut origin = "http://127.0.0.1:3000".to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                let value = args.next().ok_or("--addr needs a value")?;
                addr = value
                    .parse()
                    .map_err(|e| format!("--addr {value:?}: {e}"))?;
            }
            "--origin" => origin = args.next().ok_or("--origin needs a value")?,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok((addr, origin))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (addr, origin) = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let gateway = match Gateway::new(&origin) {
        Ok(gateway) => gateway,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
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
    eprintln!("gateway listening on http://{local}/ in front of {origin}");
    match serve(listener, gateway, std::future::pending()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway error: {e}");
            ExitCode::FAILURE
        }
    }
}
