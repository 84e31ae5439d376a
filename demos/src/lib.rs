//! Demo servers built on `http-conditional`, kept out of the core crate so
//! that its examples and tests build in seconds: every one of them is a real
//! hyper 1 server on loopback, driven by real HTTP clients in `tests/`.
//!
//! - [`orders`]: a JSON orders API (GET/HEAD/PUT/PATCH/DELETE/POST) whose
//!   every precondition decision comes from the core
//!   (`cargo run -p http-conditional-demos --example server`).
//! - [`gateway`]: a revalidating reverse proxy in front of it, whose every
//!   cache decision comes from the core's cache role
//!   (`cargo run -p http-conditional-demos --example gateway`).
//! - [`notes`]: a notes API on axum, the README's axum section compiled
//!   (`cargo run -p http-conditional-demos --example notes`).
//! - [`cli`]: the command line and the listen-and-serve step that the
//!   examples share.

pub mod cli;
pub mod gateway;
mod http1;
pub mod notes;
pub mod orders;
