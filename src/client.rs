//! The client role (RFC 9110 §13.1): which conditional fields to send for
//! what the client means to do, and what the answer means.
//!
//! A client (an SDK, a sync engine) keeps [`Stored`] views of the responses
//! it holds, as a private cache would. [`request`] gives the fields for an
//! [`Intent`]; [`ConditionalRequest::outcome`] turns the status of the
//! answer into an [`Outcome`] that says what to do next.
//!
//! | Intent | Fields | RFC 9110 |
//! |---|---|---|
//! | `Read` | `If-None-Match` with every stored tag; `If-Modified-Since` with the one stored `Last-Modified` | §13.1.2, §13.1.3; RFC 9111 §4.3.1 |
//! | `ReadRange` | the same, never `If-Modified-Since` | RFC 9111 §4.3.1 |
//! | `Write` | `If-Match` with the most recent stored strong tag, else `If-Unmodified-Since` with its strong `Last-Modified`, else the error `no-strong-validator` | §13.1.1, §13.1.4, §8.8.3.2 |
//! | `Create` | `If-None-Match: *` | §13.1.2 |
//!
//! # Example: a write that cannot lose an update
//!
//! ```
//! use http_conditional::cache::{NewResponse, Stored};
//! use http_conditional::client::{request, Intent, Outcome};
//! use http_conditional::{Field, HttpDate};
//!
//! let now = HttpDate::from_unix_seconds(1_729_100_000).unwrap();
//! let stored = [Stored::new(now).with_etag("\"v7\"")];
//! let put = request(Intent::Write, &stored, now)?;
//! let fields: Vec<String> = put.fields().map(|(f, v)| format!("{f}: {v}")).collect();
//! assert_eq!(fields, ["If-Match: \"v7\""]);
//!
//! // The server answers 412: someone else changed it.
//! let outcome = put.outcome(412, NewResponse::new().with_etag("\"v8\""), now);
//! assert_eq!(outcome, Outcome::ChangedElsewhere);
//! println!("{outcome}");
//! # Ok::<(), http_conditional::client::ClientError>(())
//! ```

use core::fmt;

use crate::cache::{
    freshen, most_recent, most_recent_of, validation_fields, FieldValue, Fields, NewResponse,
    Stored, ValidationRequest,
};
use crate::{EntityTag, HttpDate};

/// What the client means to do with the target resource.
///
/// ```
/// use http_conditional::client::Intent;
/// assert_eq!(Intent::ReadRange.name(), "read_range");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intent {
    /// Revalidate what it holds with a GET (RFC 9110 §13.1.2, §13.1.3).
    Read,
    /// The same for a GET with `Range` (no `If-Modified-Since`, RFC 9111
    /// §4.3.1).
    ReadRange,
    /// Change the resource only if it is still what the client holds
    /// (PUT, PATCH, DELETE; RFC 9110 §13.1.1, §13.1.4).
    Write,
    /// Create the resource only if it does not exist yet (RFC 9110
    /// §13.1.2).
    Create,
}

impl Intent {
    /// `read`, `read_range`, `write` or `create`.
    pub const fn name(self) -> &'static str {
        match self {
            Intent::Read => "read",
            Intent::ReadRange => "read_range",
            Intent::Write => "write",
            Intent::Create => "create",
        }
    }
}

/// Why no conditional request can express the intent.
///
/// ```
/// use http_conditional::cache::Stored;
/// use http_conditional::client::{request, ClientError, Intent};
/// use http_conditional::HttpDate;
///
/// let weak = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("W/\"v7\"")];
/// let err = request(Intent::Write, &weak, HttpDate::MAX).unwrap_err();
/// assert_eq!(err, ClientError::NoStrongValidator);
/// assert_eq!(err.code(), "no-strong-validator");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientError {
    /// A write needs a strong validator of what the client holds, and the
    /// most recent stored response has none: its tag is weak or absent
    /// (a weak tag in `If-Match` never matches, RFC 9110 §8.8.3.2) and its
    /// `Last-Modified` is absent or weak (§8.8.2.2). Fetch the resource
    /// again, or send the write unconditionally knowing it may overwrite.
    NoStrongValidator,
}

impl ClientError {
    /// The error's name in the conformance vectors: `no-strong-validator`.
    pub const fn code(self) -> &'static str {
        match self {
            ClientError::NoStrongValidator => "no-strong-validator",
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::NoStrongValidator => f.write_str(
                "no-strong-validator: what the client holds has neither a strong entity-tag \
                 nor a strong Last-Modified, and a weak tag in If-Match never matches \
                 (RFC 9110 §8.8.3.2, §13.1.1, §8.8.2.2); fetch it again first",
            ),
        }
    }
}

impl core::error::Error for ClientError {}

/// The conditional fields a client adds to its request, from [`request`].
///
/// `Display` explains them in one line; [`fields`](Self::fields) gives the
/// values, which write into any buffer.
///
/// ```
/// use http_conditional::cache::Stored;
/// use http_conditional::client::{request, Intent};
/// use http_conditional::HttpDate;
///
/// let create = request(Intent::Create, &[], HttpDate::MAX)?;
/// assert_eq!(create.if_none_match().unwrap().to_string(), "*");
/// assert!(create.if_match().is_none());
/// # Ok::<(), http_conditional::client::ClientError>(())
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionalRequest<'a> {
    intent: Intent,
    stored: &'a [Stored<'a>],
    read: Option<ValidationRequest<'a>>,
    if_match: Option<EntityTag<'a>>,
    if_unmodified_since: Option<&'a [u8]>,
    /// The stored response that guards a write.
    guard: Option<usize>,
}

impl<'a> ConditionalRequest<'a> {
    /// The intent the fields express.
    pub const fn intent(&self) -> Intent {
        self.intent
    }

    /// The `If-Match` entity-tag (a write guarded by a strong tag).
    pub const fn if_match(&self) -> Option<EntityTag<'a>> {
        self.if_match
    }

    /// The `If-Unmodified-Since` value, verbatim as stored (a write guarded
    /// by a strong `Last-Modified`).
    pub const fn if_unmodified_since(&self) -> Option<&'a [u8]> {
        self.if_unmodified_since
    }

    /// The `If-None-Match` value: the stored tags for a read, `*` to create.
    pub fn if_none_match(&self) -> Option<FieldValue<'a>> {
        match self.intent {
            Intent::Create => Some(FieldValue::Any),
            _ => self
                .read
                .and_then(|r| r.if_none_match())
                .map(FieldValue::Tags),
        }
    }

    /// The `If-Modified-Since` value, verbatim as stored (a read of one
    /// stored response that has a `Last-Modified`).
    pub fn if_modified_since(&self) -> Option<&'a [u8]> {
        self.read.and_then(|r| r.if_modified_since())
    }

    /// The index of the stored response a write is guarded by (the most
    /// recent one).
    pub const fn guard(&self) -> Option<usize> {
        self.guard
    }

    /// The fields to send, with their values, in RFC 9110 §13.2.2 order.
    pub fn fields(&self) -> Fields<'a> {
        Fields::new(
            self.if_match.map(FieldValue::Tag),
            self.if_unmodified_since.map(FieldValue::Date),
            self.if_none_match(),
            self.if_modified_since().map(FieldValue::Date),
        )
    }

    /// What the server's answer means for this request: `status` is its
    /// status code, `response` its `ETag`, `Last-Modified` and `Date` (a 304
    /// names the stored response to use by them, RFC 9111 §4.3.4), `now`
    /// the client's clock for two-digit rfc850 years.
    ///
    /// ```
    /// use http_conditional::cache::{NewResponse, Stored};
    /// use http_conditional::client::{request, Intent, Outcome};
    /// use http_conditional::HttpDate;
    ///
    /// let t = HttpDate::UNIX_EPOCH;
    /// let stored = [Stored::new(t).with_etag("\"a\""), Stored::new(t).with_etag("\"b\"")];
    /// let read = request(Intent::Read, &stored, HttpDate::MAX)?;
    /// let outcome = read.outcome(304, NewResponse::new().with_etag("\"b\""), HttpDate::MAX);
    /// assert_eq!(outcome, Outcome::NotModified { stored: 1 });
    /// # Ok::<(), http_conditional::client::ClientError>(())
    /// ```
    pub fn outcome(&self, status: u16, response: NewResponse<'_>, now: HttpDate) -> Outcome {
        match status {
            304 => {
                let selected = freshen(self.stored, response, now);
                let mut updated = selected.indices();
                match (updated.next(), updated.next()) {
                    (Some(only), None) => Outcome::NotModified { stored: only },
                    (Some(_), Some(_)) => {
                        let stored = most_recent_of(self.stored, now, |i| selected.updates(i));
                        match stored {
                            Some(stored) => Outcome::NotModified { stored },
                            None => Outcome::NotModifiedUnknown,
                        }
                    }
                    (None, _) => Outcome::NotModifiedUnknown,
                }
            }
            412 if self.if_match.is_some() || self.if_unmodified_since.is_some() => {
                Outcome::ChangedElsewhere
            }
            412 if self.intent == Intent::Create => Outcome::AlreadyExists,
            428 => Outcome::PreconditionRequired,
            200..=299 => Outcome::Success,
            other => Outcome::Other(other),
        }
    }
}

impl fmt::Display for ConditionalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.intent.name())?;
        match self.intent {
            Intent::Create => f.write_str(
                "If-None-Match: *, so the server creates it only if it does not exist \
                 (RFC 9110 §13.1.2)",
            ),
            Intent::Write => match (self.if_match, self.guard) {
                (Some(tag), Some(i)) => write!(
                    f,
                    "If-Match {tag}, the strong entity-tag of stored response {i}, so the \
                     change applies only to that representation (RFC 9110 §13.1.1)"
                ),
                (_, i) => write!(
                    f,
                    "If-Unmodified-Since with the strong Last-Modified of stored response {} \
                     (its tag is weak or absent, and a weak tag in If-Match never matches; \
                     RFC 9110 §13.1.4, §8.8.3.2)",
                    i.unwrap_or(0)
                ),
            },
            Intent::Read | Intent::ReadRange => match self.read {
                Some(read) if read.is_conditional() => read.fmt(f),
                _ => f.write_str(
                    "no precondition: nothing stored has a validator, so the request is \
                     unconditional (RFC 9111 §4.3.1)",
                ),
            },
        }
    }
}

/// The conditional fields for `intent`, from the stored responses the
/// client holds for the target (see the table in [`client`](self)).
///
/// `now` is the client's clock, for two-digit rfc850 years. It allocates
/// nothing and never panics.
///
/// # Errors
///
/// [`ClientError::NoStrongValidator`] for a [`Intent::Write`] that nothing
/// stored can guard (no stored response, or the most recent one has neither
/// a strong tag nor a strong `Last-Modified`).
///
/// # Examples
///
/// A weak tag cannot guard a write; a strong `Last-Modified` can:
///
/// ```
/// use http_conditional::cache::Stored;
/// use http_conditional::client::{request, Intent};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH)
///     .with_etag("W/\"v7\"")
///     .with_last_modified("Mon, 14 Oct 2024 10:00:00 GMT")
///     .with_date("Tue, 15 Oct 2024 08:00:00 GMT")];
/// let write = request(Intent::Write, &stored, HttpDate::MAX)?;
/// assert!(write.if_match().is_none());
/// assert_eq!(write.if_unmodified_since(), Some(&b"Mon, 14 Oct 2024 10:00:00 GMT"[..]));
/// # Ok::<(), http_conditional::client::ClientError>(())
/// ```
pub fn request<'a>(
    intent: Intent,
    stored: &'a [Stored<'a>],
    now: HttpDate,
) -> Result<ConditionalRequest<'a>, ClientError> {
    let mut out = ConditionalRequest {
        intent,
        stored,
        read: None,
        if_match: None,
        if_unmodified_since: None,
        guard: None,
    };
    match intent {
        Intent::Read => out.read = Some(validation_fields(stored, false, now)),
        Intent::ReadRange => out.read = Some(validation_fields(stored, true, now)),
        Intent::Create => {}
        Intent::Write => {
            let index = most_recent(stored, now).ok_or(ClientError::NoStrongValidator)?;
            let guard = stored[index];
            out.guard = Some(index);
            match (guard.etag(), guard.last_modified) {
                (Some(tag), _) if !tag.is_weak() => out.if_match = Some(tag),
                (_, Some(raw)) if guard.last_modified_is_strong(now) => {
                    out.if_unmodified_since = Some(crate::abnf::trim_ows(raw));
                }
                _ => return Err(ClientError::NoStrongValidator),
            }
        }
    }
    Ok(out)
}

/// What the server's answer to a conditional request means, and what the
/// client does next (from [`ConditionalRequest::outcome`]).
///
/// `Display` says it in one line, citing the RFC.
///
/// ```
/// use http_conditional::client::Outcome;
/// assert!(Outcome::AlreadyExists.to_string().contains("RFC 9110 §13.1.2"));
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 304: what the client holds is current. Use stored response `stored`
    /// (the one whose validator the 304 carries, RFC 9111 §4.3.4), with the
    /// 304's fields merged in ([`Merge`](crate::cache::Merge)).
    NotModified {
        /// Its index in the slice given to [`request`].
        stored: usize,
    },
    /// 304 naming none of the stored responses (RFC 9111 §4.3.4: it MUST NOT
    /// update any). Send the request again without preconditions.
    NotModifiedUnknown,
    /// 2xx: a read got a new representation (store it, replacing what it
    /// supersedes), or the write or create was applied.
    Success,
    /// 412 after `If-Match` or `If-Unmodified-Since`: someone else changed
    /// the resource since the client read it (RFC 9110 §13.1.1, §13.1.4).
    /// Fetch it again, reconcile, and only then write again; resending the
    /// same write blindly would lose their update.
    ChangedElsewhere,
    /// 412 after `If-None-Match: *`: the resource already exists, so
    /// nothing was created (RFC 9110 §13.1.2). Fetch it, then write to it
    /// with `If-Match` if that is still the intent.
    AlreadyExists,
    /// 428: the server requires a conditional request (RFC 6585 §3). Fetch
    /// the resource, then resend with `If-Match` and its entity-tag.
    PreconditionRequired,
    /// Any other status: not a precondition's answer; handle it as usual.
    Other(u16),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::NotModified { stored } => write!(
                f,
                "304: stored response {stored} is current; use it with the 304's fields \
                 merged in (RFC 9110 §15.4.5, RFC 9111 §4.3.4)"
            ),
            Outcome::NotModifiedUnknown => f.write_str(
                "304 naming no stored response: do not use it; repeat the request without \
                 preconditions (RFC 9111 §4.3.4)",
            ),
            Outcome::Success => {
                f.write_str("2xx: the request succeeded (a read got a new representation to store)")
            }
            Outcome::ChangedElsewhere => f.write_str(
                "412: the resource changed since it was read; fetch it again and reconcile \
                 before writing, do not retry blindly (RFC 9110 §13.1.1, §13.1.4)",
            ),
            Outcome::AlreadyExists => f.write_str(
                "412: the resource already exists, nothing was created (RFC 9110 §13.1.2)",
            ),
            Outcome::PreconditionRequired => f.write_str(
                "428: the server requires a conditional write; fetch the resource, then \
                 resend with If-Match (RFC 6585 §3)",
            ),
            Outcome::Other(status) => write!(
                f,
                "{status}: not an answer to a precondition; handle it as usual"
            ),
        }
    }
}
