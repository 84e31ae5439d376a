//! RFC 9111 §4.3.5: freshening stored GET responses with the 200 response
//! to a HEAD request.

use core::fmt;

use crate::cache::stored::{decimal, NewResponse, Stored};
use crate::{EntityTag, HttpDate};

/// Which stored responses a HEAD response updates, and which it marks
/// stale (RFC 9111 §4.3.5): every index is in exactly one of the two.
///
/// A stored response is updated when the HEAD response has at least one
/// validator, every validator it has equals the stored one (`ETag`: same
/// weakness and opaque-tag; `Last-Modified`: same instant; a stored
/// response lacking it does not match), and, if the HEAD response has a
/// `Content-Length`, it equals the stored one as a decimal number; otherwise
/// it is stale. A HEAD response without a validator updates nothing, and a
/// `Content-Length` that is not a decimal number matches nothing
/// (SPEC_NOTES.md "head-freshen"). Update the header fields of the updated
/// ones with [`Merge`](crate::cache::Merge), as for a 304.
///
/// `Display` explains it in one line.
///
/// ```
/// use http_conditional::cache::{freshen_with_head, NewResponse, Stored};
/// use http_conditional::HttpDate;
///
/// let t = HttpDate::UNIX_EPOCH;
/// let stored = [
///     Stored::new(t).with_etag("\"a\"").with_content_length("42"),
///     Stored::new(t).with_etag("\"b\"").with_content_length("10"),
/// ];
/// let head = NewResponse::new().with_etag("\"b\"").with_content_length("10");
/// let result = freshen_with_head(&stored, head, HttpDate::MAX);
/// assert_eq!(result.updated().collect::<Vec<_>>(), [1]);
/// assert_eq!(result.stale().collect::<Vec<_>>(), [0]);
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeadFreshen<'a> {
    stored: &'a [Stored<'a>],
    now: HttpDate,
    etag: Option<EntityTag<'a>>,
    last_modified: Option<HttpDate>,
    /// The HEAD response's `Content-Length`: absent, or its digits (`None`
    /// inside when it is not a decimal number).
    content_length: Option<Option<&'a [u8]>>,
}

impl<'a> HeadFreshen<'a> {
    /// Whether the stored response at `index` is updated (else it is stale,
    /// or out of range).
    pub fn updates(&self, index: usize) -> bool {
        let Some(stored) = self.stored.get(index) else {
            return false;
        };
        if self.etag.is_none() && self.last_modified.is_none() {
            return false;
        }
        // Identical tags: same weakness, same opaque-tag.
        let etag_matches = match self.etag {
            Some(tag) => stored.etag() == Some(tag),
            None => true,
        };
        let date_matches = match self.last_modified {
            Some(lm) => stored.last_modified(self.now) == Some(lm),
            None => true,
        };
        let length_matches = match self.content_length {
            None => true,
            Some(None) => false,
            Some(Some(digits)) => stored.content_length.and_then(decimal) == Some(digits),
        };
        etag_matches && date_matches && length_matches
    }

    /// The indices of the stored responses to update, ascending.
    pub fn updated(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.stored.len()).filter(move |&i| self.updates(i))
    }

    /// The indices of the stored responses to mark stale, ascending.
    pub fn stale(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.stored.len()).filter(move |&i| !self.updates(i))
    }
}

impl fmt::Display for HeadFreshen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.etag.is_none() && self.last_modified.is_none() {
            return f.write_str(
                "every stored response is stale: the HEAD response has no validator to match \
                 (RFC 9111 §4.3.5)",
            );
        }
        if self.content_length == Some(None) {
            return f.write_str(
                "every stored response is stale: the HEAD response's Content-Length is not a \
                 decimal number, so it matches none (RFC 9111 §4.3.5)",
            );
        }
        f.write_str("stored responses updated: ")?;
        write_indices(f, self.updated())?;
        f.write_str("; marked stale: ")?;
        write_indices(f, self.stale())?;
        f.write_str("; a stored response is updated only if ")?;
        match (self.etag, self.last_modified) {
            (Some(tag), Some(lm)) => write!(f, "its ETag is {tag} and its Last-Modified {lm}")?,
            (Some(tag), None) => write!(f, "its ETag is {tag}")?,
            (None, Some(lm)) => write!(f, "its Last-Modified is {lm}")?,
            (None, None) => {}
        }
        if self.content_length.is_some() {
            f.write_str(" and its Content-Length the same")?;
        }
        f.write_str(", as in the HEAD response (RFC 9111 §4.3.5)")
    }
}

/// `0, 2`, or `none`.
fn write_indices(f: &mut fmt::Formatter<'_>, indices: impl Iterator<Item = usize>) -> fmt::Result {
    let mut any = false;
    for i in indices {
        if any {
            f.write_str(", ")?;
        }
        write!(f, "{i}")?;
        any = true;
    }
    if !any {
        f.write_str("none")?;
    }
    Ok(())
}

/// Decides, for each stored GET response that could have been selected for
/// a HEAD request, whether the HEAD's 200 response updates it or marks it
/// stale (RFC 9111 §4.3.5; see [`HeadFreshen`]).
///
/// `response` holds the HEAD response's `ETag`, `Last-Modified` and
/// `Content-Length`; a value that does not parse counts as absent. `now` is
/// the cache's clock, for two-digit rfc850 years. It allocates nothing and
/// never panics.
///
/// ```
/// use http_conditional::cache::{freshen_with_head, NewResponse, Stored};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"a\"").with_content_length("42")];
/// let longer = NewResponse::new().with_etag("\"a\"").with_content_length("43");
/// assert_eq!(freshen_with_head(&stored, longer, HttpDate::MAX).stale().count(), 1);
/// ```
pub fn freshen_with_head<'a>(
    stored: &'a [Stored<'a>],
    response: NewResponse<'a>,
    now: HttpDate,
) -> HeadFreshen<'a> {
    HeadFreshen {
        stored,
        now,
        etag: response.etag(),
        last_modified: response.last_modified(now),
        content_length: response.content_length.map(decimal),
    }
}
