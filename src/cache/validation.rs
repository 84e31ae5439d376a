//! RFC 9111 §4.3.1: the conditional request a cache (or a client, which is
//! a private cache) sends to revalidate what it stored.

use core::fmt;

use crate::cache::stored::Stored;
use crate::cache::value::{FieldValue, Fields, TagList};
use crate::{Field, FieldLines, HttpDate};

/// Why a validation request carries no `If-Modified-Since`.
///
/// ```
/// use http_conditional::cache::{validation_request, NoModifiedSince, Stored};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"a\"")];
/// let request = validation_request(&[("Range", "bytes=0-9")], &stored, HttpDate::MAX);
/// assert_eq!(request.no_modified_since(), Some(NoModifiedSince::Range));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoModifiedSince {
    /// No stored response is validated.
    NothingStored,
    /// More than one stored response is validated (RFC 9111 §4.3.1: only
    /// when one is).
    SeveralStored,
    /// The one stored response has no valid `Last-Modified`; a `Date` or
    /// the time received is never sent instead (SPEC_NOTES.md
    /// "validation-lm-only").
    NoLastModified,
    /// The request has `Range`: a date would validate the whole
    /// representation, not the subrange (RFC 9111 §4.3.1).
    Range,
}

impl NoModifiedSince {
    fn describe(self) -> &'static str {
        match self {
            NoModifiedSince::NothingStored => "no stored response is validated",
            NoModifiedSince::SeveralStored => "more than one stored response is validated",
            NoModifiedSince::NoLastModified => {
                "the stored response has no Last-Modified (its Date is never sent instead)"
            }
            NoModifiedSince::Range => "the request has Range",
        }
    }
}

/// The precondition fields of a validation request: what to send to the
/// origin server to revalidate the stored responses (RFC 9111 §4.3.1).
///
/// - `If-None-Match`: the entity-tag of every stored response being
///   validated, weak ones too, each distinct tag once, in stored order
///   ([`TagList`]); none if no stored response has one.
/// - `If-Modified-Since`: the stored `Last-Modified`, verbatim, only when
///   exactly one stored response is validated, it has a valid
///   `Last-Modified`, and the request has no `Range`.
///
/// Nothing else: the request's own conditional fields are not passed on
/// (the cache validates what it stored, then answers the request itself
/// with [`answer`](fn@crate::cache::answer)), and no `If-Match`,
/// `If-Unmodified-Since` or `If-Range` is generated (SPEC_NOTES.md
/// "validation-own-tags", "validation-lm-only"). Remove the request's own
/// conditional fields before adding these; with the `http` feature,
/// `http::set_validation_fields` does both.
///
/// `Display` explains the fields in one line; the values themselves are
/// [`FieldValue`]s, which write into any buffer.
///
/// ```
/// use http_conditional::cache::{validation_request, Stored};
/// use http_conditional::HttpDate;
///
/// let t = HttpDate::UNIX_EPOCH;
/// let stored = [Stored::new(t).with_etag("\"a\""), Stored::new(t).with_etag("W/\"b\"")];
/// let request = validation_request(&[("Accept", "text/html")], &stored, HttpDate::MAX);
/// assert_eq!(request.if_none_match().unwrap().to_string(), "\"a\", W/\"b\"");
/// assert_eq!(request.if_modified_since(), None);
/// println!("{request}");
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidationRequest<'a> {
    tags: TagList<'a>,
    stored: usize,
    if_modified_since: Result<&'a [u8], NoModifiedSince>,
}

impl<'a> ValidationRequest<'a> {
    /// The `If-None-Match` value, or `None` when no stored response has a
    /// valid entity-tag.
    pub fn if_none_match(&self) -> Option<TagList<'a>> {
        (!self.tags.is_empty()).then_some(self.tags)
    }

    /// The `If-Modified-Since` value (the stored `Last-Modified`, without
    /// leading or trailing whitespace), or `None`.
    pub fn if_modified_since(&self) -> Option<&'a [u8]> {
        self.if_modified_since.ok()
    }

    /// Why there is no `If-Modified-Since`, if there is none.
    pub fn no_modified_since(&self) -> Option<NoModifiedSince> {
        self.if_modified_since.err()
    }

    /// Whether the request carries any precondition: without one it is an
    /// unconditional request, and a 200 is the only useful answer.
    pub fn is_conditional(&self) -> bool {
        self.if_modified_since.is_ok() || !self.tags.is_empty()
    }

    /// The fields to send, with their values: `If-None-Match`, then
    /// `If-Modified-Since`, each only if it has a value.
    pub fn fields(&self) -> Fields<'a> {
        Fields::new(
            None,
            None,
            self.if_none_match().map(FieldValue::Tags),
            self.if_modified_since().map(FieldValue::Date),
        )
    }
}

impl fmt::Display for ValidationRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tags = self.tags.len();
        let (n, s) = (self.stored, if self.stored == 1 { "" } else { "s" });
        match tags {
            0 if n == 1 => {
                f.write_str("no If-None-Match: the stored response has no entity-tag")?
            }
            0 => write!(
                f,
                "no If-None-Match: none of {n} stored response{s} has an entity-tag"
            )?,
            1 => f.write_str("If-None-Match with the stored entity-tag")?,
            _ => write!(
                f,
                "If-None-Match with the {tags} distinct entity-tags of {n} stored responses"
            )?,
        }
        match self.if_modified_since {
            Ok(_) => {
                f.write_str("; If-Modified-Since with the stored Last-Modified (RFC 9111 §4.3.1)")?
            }
            Err(why) => write!(
                f,
                "; no If-Modified-Since: {} (RFC 9111 §4.3.1)",
                why.describe()
            )?,
        }
        f.write_str("; the request's own preconditions are not forwarded (RFC 9111 §4.3.2)")
    }
}

/// The validation request for `stored` on behalf of the request `headers`
/// (RFC 9111 §4.3.1; see [`ValidationRequest`]).
///
/// `headers` is the request being served (only its `Range` matters); `now`
/// is the cache's clock, for two-digit rfc850 years. It allocates nothing;
/// see [`Tags`](crate::cache::Tags) for its cost.
///
/// # Examples
///
/// ```
/// use http_conditional::cache::{validation_request, Stored};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH)
///     .with_etag("\"a\"")
///     .with_last_modified("Mon, 14 Oct 2024 10:00:00 GMT")];
/// // The client's own tags are not forwarded.
/// let request = validation_request(&[("If-None-Match", "\"c\"")], &stored, HttpDate::MAX);
/// assert_eq!(request.if_none_match().unwrap().to_string(), "\"a\"");
/// assert_eq!(request.if_modified_since(), Some(&b"Mon, 14 Oct 2024 10:00:00 GMT"[..]));
/// ```
pub fn validation_request<'a, 'h, H: FieldLines<'h>>(
    headers: H,
    stored: &'a [Stored<'a>],
    now: HttpDate,
) -> ValidationRequest<'a> {
    validation_fields(stored, headers.contains(Field::Range), now)
}

/// [`validation_request`] given whether the request has `Range`.
pub(crate) fn validation_fields<'a>(
    stored: &'a [Stored<'a>],
    range: bool,
    now: HttpDate,
) -> ValidationRequest<'a> {
    let if_modified_since = match stored {
        [] => Err(NoModifiedSince::NothingStored),
        [_, _, ..] => Err(NoModifiedSince::SeveralStored),
        [_] if range => Err(NoModifiedSince::Range),
        [one] => match (one.last_modified, one.last_modified(now)) {
            (Some(raw), Some(_)) => Ok(crate::abnf::trim_ows(raw)),
            _ => Err(NoModifiedSince::NoLastModified),
        },
    };
    ValidationRequest {
        tags: TagList::new(stored),
        stored: stored.len(),
        if_modified_since,
    }
}
