//! What the responses that [`evaluate`](fn@crate::evaluate) asks for carry:
//! which header fields of the 200 response a 304 keeps (RFC 9110 §15.4.5),
//! and what a 412 carries.
//!
//! The lists are data, so they apply to any header representation: filter
//! the field lines of the 200 response you would have sent through
//! [`keep_in_304`] and send what is left, with no content.
//!
//! | Field of the 200 response | In the 304 | Why |
//! |---|---|---|
//! | `Cache-Control`, `Content-Location`, `Date`, `ETag`, `Expires`, `Vary` | kept ([`In304::Required`]) | RFC 9110 §15.4.5: MUST be sent if the 200 would have carried them |
//! | `Last-Modified` | kept only without `ETag` ([`In304::WithoutEtag`]) | §15.4.5: other representation metadata only "for the purpose of guiding cache updates" |
//! | `Content-Length`, `Content-Type`, `Content-Encoding`, `Content-Language`, `Content-Range`, `Transfer-Encoding` | dropped ([`In304::Dropped`]) | §15.4.5: SHOULD NOT send other representation metadata; a 304 has no content to frame (§8.6, RFC 9112 §6.3) |
//! | anything else (`Set-Cookie`, `Server`, your own fields) | kept ([`In304::Unrestricted`]) | not representation metadata; §15.4.5 says nothing |
//!
//! A 412 (Precondition Failed, RFC 9110 §15.5.13) should carry the
//! resource's current `ETag`, [`Evaluation::current_etag`](crate::Evaluation::current_etag),
//! so that the client can refetch and retry without a second round trip to
//! learn the tag. A 428 (RFC 6585 §3) should say in its content how to
//! resubmit: with `If-Match` and the current entity-tag.
//!
//! # Examples
//!
//! ```
//! use http_conditional::response::{keep_in_304, is_etag};
//!
//! let ok = [
//!     ("Content-Type", "application/json"),
//!     ("Content-Length", "42"),
//!     ("ETag", "\"v7\""),
//!     ("Cache-Control", "private, max-age=0, must-revalidate"),
//!     ("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
//!     ("Set-Cookie", "a=b"),
//! ];
//! let has_etag = ok.iter().any(|(name, _)| is_etag(name.as_bytes()));
//! let not_modified: Vec<_> = ok
//!     .iter()
//!     .filter(|(name, _)| keep_in_304(name.as_bytes(), has_etag))
//!     .map(|(name, _)| *name)
//!     .collect();
//! assert_eq!(not_modified, ["ETag", "Cache-Control", "Set-Cookie"]);
//! ```

/// The fields a 304 MUST carry if the 200 response to the same request would
/// have carried them, in lowercase (RFC 9110 §15.4.5).
///
/// # Examples
///
/// ```
/// use http_conditional::response::REQUIRED_IN_304;
/// assert!(REQUIRED_IN_304.contains(&"etag"));
/// ```
pub const REQUIRED_IN_304: [&str; 6] = [
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "vary",
];

/// The fields a 304 keeps only when it carries no `ETag`, in lowercase:
/// `Last-Modified`, which then guides cache updates (RFC 9110 §15.4.5).
///
/// # Examples
///
/// ```
/// use http_conditional::response::KEPT_IN_304_WITHOUT_ETAG;
/// assert_eq!(KEPT_IN_304_WITHOUT_ETAG, ["last-modified"]);
/// ```
pub const KEPT_IN_304_WITHOUT_ETAG: [&str; 1] = ["last-modified"];

/// The fields a 304 never carries, in lowercase: representation metadata
/// other than the required fields (RFC 9110 §15.4.5) and the framing of
/// content that a 304 does not have (RFC 9110 §8.6, §14.4; RFC 9112 §6.3).
///
/// # Examples
///
/// ```
/// use http_conditional::response::DROPPED_FROM_304;
/// assert!(DROPPED_FROM_304.contains(&"content-length"));
/// ```
pub const DROPPED_FROM_304: [&str; 6] = [
    "content-length",
    "content-type",
    "content-encoding",
    "content-language",
    "content-range",
    "transfer-encoding",
];

/// How a 304 treats one header field of the 200 response it stands for
/// (RFC 9110 §15.4.5).
///
/// # Examples
///
/// ```
/// use http_conditional::response::In304;
/// assert_eq!(In304::of(b"Vary"), In304::Required);
/// assert_eq!(In304::of(b"CONTENT-TYPE"), In304::Dropped);
/// assert_eq!(In304::of(b"last-modified"), In304::WithoutEtag);
/// assert_eq!(In304::of(b"Set-Cookie"), In304::Unrestricted);
/// ```
///
/// `#[non_exhaustive]`: a future RFC may put a field in a class of its
/// own; [`keep`](In304::keep) stays the question to ask.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum In304 {
    /// Sent: one of [`REQUIRED_IN_304`].
    Required,
    /// Sent only if the 304 carries no `ETag`: [`KEPT_IN_304_WITHOUT_ETAG`].
    WithoutEtag,
    /// Never sent: one of [`DROPPED_FROM_304`].
    Dropped,
    /// Not representation metadata, so RFC 9110 §15.4.5 does not restrict
    /// it; sent as in the 200 response.
    Unrestricted,
}

impl In304 {
    /// The treatment of the field with this name, compared
    /// case-insensitively (RFC 9110 §5.1).
    ///
    /// RFC 9110 §15.4.5.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::response::In304;
    /// assert_eq!(In304::of(b"ETag"), In304::Required);
    /// ```
    pub fn of(name: &[u8]) -> In304 {
        let named = |list: &[&str]| list.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(name));
        if named(&REQUIRED_IN_304) {
            In304::Required
        } else if named(&KEPT_IN_304_WITHOUT_ETAG) {
            In304::WithoutEtag
        } else if named(&DROPPED_FROM_304) {
            In304::Dropped
        } else {
            In304::Unrestricted
        }
    }

    /// Whether the 304 sends the field, given whether it carries an `ETag`.
    ///
    /// RFC 9110 §15.4.5.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::response::In304;
    /// assert!(In304::WithoutEtag.keep(false));
    /// assert!(!In304::WithoutEtag.keep(true));
    /// ```
    pub const fn keep(self, has_etag: bool) -> bool {
        match self {
            In304::Required | In304::Unrestricted => true,
            In304::WithoutEtag => !has_etag,
            In304::Dropped => false,
        }
    }
}

/// Whether a 304 keeps this header field of the 200 response it stands for;
/// `has_etag` says whether that 200 response carries an `ETag` (see
/// [`is_etag`]).
///
/// RFC 9110 §15.4.5.
///
/// # Examples
///
/// ```
/// use http_conditional::response::keep_in_304;
/// assert!(keep_in_304(b"Cache-Control", true));
/// assert!(!keep_in_304(b"Content-Length", true));
/// assert!(!keep_in_304(b"Last-Modified", true));
/// assert!(keep_in_304(b"Last-Modified", false));
/// ```
pub fn keep_in_304(name: &[u8], has_etag: bool) -> bool {
    In304::of(name).keep(has_etag)
}

/// Whether the field name is `ETag`, compared case-insensitively.
///
/// RFC 9110 §8.8.3.
///
/// # Examples
///
/// ```
/// use http_conditional::response::is_etag;
/// assert!(is_etag(b"etag"));
/// assert!(!is_etag(b"ETags"));
/// ```
pub fn is_etag(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"etag")
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 9110 §15.4.5: the lists do not overlap and are lowercase
    #[test]
    fn lists_are_disjoint_and_lowercase() {
        let all = REQUIRED_IN_304
            .iter()
            .chain(KEPT_IN_304_WITHOUT_ETAG.iter())
            .chain(DROPPED_FROM_304.iter());
        for (i, a) in all.clone().enumerate() {
            assert!(a.bytes().all(|b| !b.is_ascii_uppercase()), "{a}");
            for b in all.clone().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
    }
}
