//! A JSON orders API whose every precondition decision comes from
//! `http_conditional::evaluate` (through the `http` adapter), on hyper 1 and
//! tokio.
//!
//! ```text
//! cargo run -p http-conditional-demos --example server                  # 127.0.0.1:3000
//! cargo run -p http-conditional-demos --example server -- --addr 127.0.0.1:8080
//! ```
//!
//! The store starts with orders 1, 2 and 3, each
//! `{"id": N, "status": "pending", "total": 0}`. Every write takes a new
//! version from one counter, and the `ETag` is `"v<version>"`, so a tag is
//! never reused for another state of an id, even after a delete and
//! re-create.
//!
//! | Request | Response |
//! |---|---|
//! | `GET`/`HEAD /orders/{id}` | 200, `ETag`, `Cache-Control: private, max-age=0, must-revalidate`, JSON |
//! | … with a matching `If-None-Match` | 304 with `ETag` and `Cache-Control`, no content |
//! | `PUT /orders/{id}` with JSON, no `If-Match` | 428, JSON error |
//! | … with a stale (or malformed) `If-Match` | 412 with the current `ETag`, JSON error |
//! | … with the current `If-Match` | 200, new `ETag`, the new representation (every field but `id` replaced) |
//! | `PUT /orders/{new id}` with `If-None-Match: *` | 201, `ETag`, `Location` (412 if the id exists) |
//! | `PATCH /orders/{id}` | as `PUT`, but merges the given fields (`null` removes one) |
//! | `DELETE /orders/{id}` | 204 with the current `If-Match`; 412 stale; 428 none |
//! | `POST /orders` with JSON | 201, fresh id, `Location`, `ETag` |
//! | unknown id | 404 (preconditions are not looked at, RFC 9110 §13.2.1) |
//! | bad JSON | 400 with the parser's message; nothing changes |
//!
//! Every response decided by an evaluation carries `X-Precondition`, the
//! evaluation's one-line explanation. Nothing is logged per request.
//!
//! ```text
//! curl -i localhost:3000/orders/1
//! curl -i localhost:3000/orders/1 -H 'If-None-Match: "v1"'
//! curl -i -X PUT localhost:3000/orders/1 -H 'If-Match: "v0"' -d '{"status":"paid","total":5}'
//! curl -i -X PUT localhost:3000/orders/1 -H 'If-Match: "v1"' -d '{"status":"paid","total":5}'
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use http_conditional_demos::cli;
use http_conditional_demos::orders as app;

const USAGE: &str = "usage: server [--addr IP:PORT]   (default 127.0.0.1:3000)";

#[tokio::main]
async fn main() -> ExitCode {
    let default = SocketAddr::from(([127, 0, 0, 1], 3000));
    let addr = match cli::addr(std::env::args().skip(1), default, USAGE, cli::no_options) {
        Ok(addr) => addr,
        Err(status) => return status,
    };
    let banner = |local| format!("orders API listening on http://{local}/orders/1");
    cli::listen_and_serve(addr, "server", banner, |listener| {
        app::serve(listener, app::App::seeded(), std::future::pending())
    })
    .await
}
