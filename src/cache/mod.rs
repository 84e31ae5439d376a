//! The cache role (RFC 9111 §4.3, §3.1-§3.2): answering conditional
//! requests from stored responses, revalidating them, and freshening them on
//! a 304, sans-IO.
//!
//! A gateway (CDN edge, caching reverse proxy, embedded cache) holds
//! [`Stored`] views of its stored 200 responses to GET for a request's
//! target (URI, method and `Vary` already matched, RFC 9111 §4.1). Nothing
//! here reads a clock, decides freshness, or stores anything: every
//! function takes the stored responses as a slice and names them by index.
//!
//! | Step | RFC 9111 | Function | Result |
//! |---|---|---|---|
//! | Answer a GET/HEAD from what is stored | §4, §4.3.2 | [`answer`](fn@answer); [`answer_with`] for a cache that does not cut ranges | [`Answer`]: 304, 200 or 206 and which stored response |
//! | Revalidate what is stored | §4.3.1 | [`validation_request`] | [`ValidationRequest`]: `If-None-Match`, `If-Modified-Since` |
//! | Pick the stored responses a 304 updates | §4.3.4 | [`freshen`](fn@freshen) | [`Freshen`]: indices |
//! | Merge the 304's fields into them | §3.2, §3.1 | [`Merge`], [`merge`] | merged field lines |
//! | Freshen with a HEAD response | §4.3.5 | [`freshen_with_head`] | [`HeadFreshen`]: updated / stale |
//!
//! Each result's `Display` explains it in one line, citing RFC 9111 and
//! RFC 9110. Nothing allocates; nothing panics; stored validators that do
//! not parse count as absent. The readings chosen where the RFC leaves room
//! are those of SPEC_NOTES.md, section "RFC 9111 (cache and client roles)".
//!
//! # Example: a revalidating gateway
//!
//! ```
//! use http_conditional::cache::{answer, freshen, validation_request, Action, Merge, NewResponse, Stored};
//! use http_conditional::{HttpDate, Method};
//!
//! let received = HttpDate::from_unix_seconds(1_729_000_001).unwrap();
//! let now = HttpDate::from_unix_seconds(1_729_100_000).unwrap();
//! let stored_fields = [("ETag", "\"v7\""), ("Content-Length", "42"), ("Cache-Control", "no-cache")];
//! let stored = [Stored::new(received).with_etag("\"v7\"").with_content_length("42")];
//!
//! // 1. The client asks; the stored response needs revalidation first.
//! let request = [("If-None-Match", "\"v7\"")];
//! let validation = validation_request(&request, &stored, now);
//! assert_eq!(validation.if_none_match().unwrap().to_string(), "\"v7\"");
//!
//! // 2. The origin answers 304: which stored responses it updates, and how.
//! let not_modified = [("ETag", "\"v7\""), ("Cache-Control", "max-age=60"), ("Content-Length", "0")];
//! let update = freshen(&stored, NewResponse::new().with_etag("\"v7\""), now);
//! assert_eq!(update.indices().collect::<Vec<_>>(), [0]);
//! let merged: Vec<_> = Merge::new(&not_modified).merged(&stored_fields).collect();
//! assert!(merged.contains(&(&b"Content-Length"[..], &b"42"[..])));
//!
//! // 3. The gateway answers the client from the freshened response.
//! let answer = answer(Method::GET, &request, &stored, now)?;
//! assert_eq!(answer.action(), Action::NotModified);
//! println!("{answer}");
//! # Ok::<(), http_conditional::cache::AnswerError>(())
//! ```

mod answer;
mod freshen;
mod head;
pub mod merge;
mod stored;
mod validation;
mod value;

pub use answer::{
    answer, answer_with, Action, Answer, AnswerError, CacheLines, CacheView, ModifiedBasis,
};
pub use freshen::{freshen, Freshen, FreshenRule};
pub use head::{freshen_with_head, HeadFreshen};
pub use merge::Merge;
pub use stored::{most_recent, NewResponse, Recency, Stored};
pub use validation::{validation_request, NoModifiedSince, ValidationRequest};
pub use value::{FieldValue, Fields, TagList, Tags};

pub(crate) use stored::most_recent_of;
pub(crate) use validation::validation_fields;
