//! Correct HTTP conditional requests for any [tower] service or [axum] app:
//! `ETag`, `If-None-Match`, `If-Modified-Since`, `If-Match`, 304, 412 and
//! 428, every decision made by the [`http_conditional`] core (RFC 9110
//! §13, RFC 6585 §3) and none re-implemented here.
//!
//! Three pieces, for three situations:
//!
//! | Piece | Runs | Use it for |
//! |---|---|---|
//! | [`ShallowEtagLayer`] | after the handler | any GET whose body you don't want to tag yourself: a digest of the body becomes a strong `ETag`, and a matching `If-None-Match` becomes a 304. Saves bandwidth, not work. |
//! | [`PreconditionLayer`] | before the handler | reads (and early write rejections) whose validators are cheap to look up: 304 / 412 / 428 without running the handler. |
//! | [`Preconditions`] | inside the handler | writes: the check and the write in one lock or transaction, the only way to prevent a lost update. |
//!
//! With a compressor, [`ShallowEtagLayer::compressed`] (or
//! [`ContentCodingLayer`] outside the compressor) keeps tags and 304s
//! right: a strong tag is never left on gzip bytes, and a 304 never has a
//! compressed body.
//!
//! Every layer can add an `X-Precondition` header ([`X_PRECONDITION`]): the
//! core's one-line explanation of what it decided and why, with the RFC
//! section. Nothing is logged; the crate has no logging dependency.
//!
//! # Quick start (axum)
//!
//! ```
//! use axum::{routing::get, Router};
//! use http_conditional_tower::ShallowEtagLayer;
//!
//! let app: Router = Router::new()
//!     .route("/hello", get(|| async { "hello, world\n" }))
//!     .layer(ShallowEtagLayer::new());
//! // axum::serve(listener, app).await
//! ```
//!
//! # The 304 body
//!
//! Every 304 the crate builds has no content and an *unknown* size
//! ([`NoContent`], [`ResponseBody::no_content`]): an exact size of 0 would
//! make axum write `Content-Length: 0` on a 304 to HEAD, which RFC 9110
//! §8.6 forbids (a 304 may only carry the 200's length). For a core-built
//! head in your own axum handler, return [`Head`] (feature `axum`).
//!
//! # Crate features
//!
//! - `axum`: [`Preconditions`] as an axum extractor, and `IntoResponse` for
//!   [`Rejection`], [`FieldsTooLarge`] and [`Head`].
//!
//! [tower]: https://docs.rs/tower
//! [axum]: https://docs.rs/axum

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "axum")]
mod axum;
mod body;
mod buffer;
mod coding;
mod decide;
mod digest;
mod eligible;
mod explain;
mod precondition;
mod request;
mod shallow;
mod strict;

#[cfg(feature = "axum")]
pub use crate::axum::Head;
pub use body::{NoContent, ResponseBody};
pub use coding::{Compressed, ContentCoding, ContentCodingFuture, ContentCodingLayer};
pub use digest::{Blake3, BodyDigest};
pub use explain::{explanation, summary_explanation, MAX_EXPLANATION, X_PRECONDITION};
pub use precondition::{Lookup, Precondition, PreconditionFuture, PreconditionLayer};
pub use shallow::{ShallowEtag, ShallowEtagLayer, ShallowFuture};
pub use strict::{FieldsTooLarge, Preconditions, Rejection, MAX_CONDITIONAL_BYTES};
