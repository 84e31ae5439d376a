//! Demo servers built on `http-conditional`, kept out of the core crate so
//! that its examples and tests build in seconds: every one of them is a real
//! hyper 1 server on loopback, driven by real HTTP clients in `tests/`.
//!
//! - [`orders`]: a JSON orders API (GET/HEAD/PUT/PATCH/DELETE/POST) whose
//!   every precondition decision comes from the core
//!   (`cargo run -p http-conditional-demos --example server`).

pub mod orders;
