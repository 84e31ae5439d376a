//! The protocol core of HTTP conditional requests (RFC 9110 §13): entity-tags,
//! HTTP-dates, `If-Match`, `If-None-Match`, `If-Modified-Since`,
//! `If-Unmodified-Since` and `If-Range`, evaluated in the order of §13.2.2,
//! with RFC 6585's 428 as an opt-in policy.
//!
//! It speaks in three roles:
//!
//! - **origin server** (RFC 9110 §13): [`evaluate`](fn@evaluate) decides proceed, 206,
//!   304, 412 or 428 against the resource's current validators;
//! - **cache or gateway** (RFC 9111 §4.3): [`cache`] answers a conditional
//!   request from stored responses, builds the validation request, picks
//!   which stored responses a 304 updates, merges its fields, and freshens
//!   with a HEAD;
//! - **client** (RFC 9110 §13.1): [`client`] builds the conditional fields
//!   of a read or a write, and reads a 304, 412 or 428 as a typed outcome.
//!
//! # Overview
//!
//! The crate is sans-IO: you hand it the request method, the request's field
//! lines (in whatever form you already hold them, see [`FieldLines`]), the
//! resource's current validators and the clock, and [`evaluate`](fn@evaluate) returns an
//! [`Evaluation`]: a [`Decision`] (proceed, proceed with `Range`, 304, 412,
//! 428) and a [`Trace`] of what happened to every precondition, which
//! `Display` turns into one line citing the RFC.
//!
//! It does **not** read sockets, parse requests, read the clock, parse
//! `Range` values, pick representations, or decide caching policy. It never
//! allocates (the core is `no_std` without `alloc`), never panics, and takes
//! time linear in the size of the conditional fields, whatever their content.
//!
//! # Example: a conditional GET
//!
//! ```
//! use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators};
//!
//! // The request's field lines, as (name, value) pairs; names are case-insensitive.
//! let headers = [("If-None-Match", "\"v6\", W/\"v7\"")];
//! let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
//! let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
//!
//! let eval = evaluate(Method::GET, &headers, current, now, Policy::new());
//! assert_eq!(eval.decision(), Decision::NotModified);
//! println!("{eval}");
//! // 304 Not Modified: If-None-Match member 2 W/"v7" matches ETag "v7" (weak comparison, RFC 9110 §13.1.2)
//! # Ok::<(), http_conditional::ParseError>(())
//! ```
//!
//! # Example: a PUT that must not lose an update
//!
//! ```
//! use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators};
//!
//! let policy = Policy::new().require_precondition(true);
//! let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
//! let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
//!
//! let blind: [(&str, &str); 0] = [];
//! assert_eq!(evaluate(Method::PUT, &blind, current, now, policy).decision(), Decision::PreconditionRequired);
//!
//! let stale = [("If-Match", "\"v6\"")];
//! assert_eq!(evaluate(Method::PUT, &stale, current, now, policy).decision(), Decision::PreconditionFailed);
//!
//! let fresh = [("If-Match", "\"v7\"")];
//! assert_eq!(evaluate(Method::PUT, &fresh, current, now, policy).decision(), Decision::Proceed);
//! # Ok::<(), http_conditional::ParseError>(())
//! ```
//!
//! # Parsing single fields
//!
//! [`EntityTag`], [`HttpDate`] and the [`parse`] module parse values and
//! whole fields, borrowing from the input; [`Members`] walks an `If-Match` /
//! `If-None-Match` list across field lines without joining them.
//!
//! - [`response`]: which fields of the 200 response a 304 keeps (RFC 9110 §15.4.5).
//! - [`generate`]: entity-tags from versions, digests and timestamps, without allocating.
//! - [`FieldLines`]: how the request's field lines are handed over: slices
//!   of pairs, [`Pairs`] for any other header type, `&http::HeaderMap`.
//!
//! # Crate features
//!
//! - `std` (default): `SystemTime` conversions for [`HttpDate`] that never
//!   panic, and `HttpDate::now()`. Without it the crate is `no_std` and
//!   needs no allocator.
//! - `http`: read fields from `http::HeaderMap` (every line, via `get_all`),
//!   evaluate against the head of the 200 you would send, build the heads
//!   of 304, 412 and 428 responses, and the cache's and client's fields on
//!   a `HeaderMap` (module `http`).
//!
//! Features only add API; none changes a decision.
//!
//! # Where the RFC leaves room
//!
//! `SPEC_NOTES.md` in the repository maps every requirement of RFC 9110 §13
//! and RFC 9111 §4.3 to the code and the tests, and lists the readings
//! chosen where the RFCs leave room (malformed lists, empty lists,
//! `If-Range` dates, two-digit years, the scope of 428, which stored
//! responses a 304 updates).

#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(test, deny(warnings))]

#[cfg(any(test, feature = "std"))]
extern crate std;

mod abnf;
pub mod cache;
pub mod client;
mod date;
mod decision;
mod error;
mod etag;
mod evaluate;
mod evaluation;
mod explain;
mod field;
pub mod generate;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
mod list;
mod method;
pub mod parse;
mod policy;
mod resource;
pub mod response;
#[cfg(feature = "std")]
mod summary;
mod trace;

pub use date::{HttpDate, OutOfRange};
pub use decision::Decision;
pub use error::{ErrorKind, ParseError};
pub use etag::{Comparison, EntityTag};
pub use evaluate::evaluate;
pub use evaluation::Evaluation;
pub use explain::{Ascii, Hint};
pub use field::{Field, FieldLines, FirstLines, PairLines, Pairs, Precondition, SliceLines};
pub use list::{Member, Members};
pub use method::Method;
pub use policy::Policy;
pub use resource::{LastModifiedStrength, Resource, Validators};
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub use summary::Summary;
pub use trace::{Ignored, Outcome, Reason, Trace};

// The README's examples compile and run as doctests (its hyper / axum
// sketch needs the `http` feature).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
