//! What a cache knows about its stored responses, and about a response it
//! has just received: the validator fields as raw bytes, read on demand.

use crate::abnf::trim_ows;
use crate::{parse, EntityTag, HttpDate};

/// The builders and readers of the four raw field values that [`Stored`]
/// and [`NewResponse`] both hold, each reader with the type's own words.
macro_rules! raw_fields {
    (
        $Type:ident,
        $(#[$etag:meta])* etag,
        $(#[$last_modified:meta])* last_modified,
        $(#[$date:meta])* date,
        $(#[$strong:meta])* last_modified_is_strong,
    ) => {
        impl<'a> $Type<'a> {
            raw_fields!(@with with_etag, etag, "ETag");
            raw_fields!(@with with_last_modified, last_modified, "Last-Modified");
            raw_fields!(@with with_date, date, "Date");
            raw_fields!(@with with_content_length, content_length, "Content-Length");

            $(#[$etag])*
            pub fn etag(&self) -> Option<EntityTag<'a>> {
                self.etag.and_then(|v| parse::etag([v]).ok())
            }

            $(#[$last_modified])*
            pub fn last_modified(&self, now: HttpDate) -> Option<HttpDate> {
                self.last_modified.and_then(|v| parse::date([v], now).ok())
            }

            $(#[$date])*
            pub fn date(&self, now: HttpDate) -> Option<HttpDate> {
                self.date.and_then(|v| parse::date([v], now).ok())
            }

            $(#[$strong])*
            pub fn last_modified_is_strong(&self, now: HttpDate) -> bool {
                strong_by_date(self.last_modified(now), self.date(now))
            }
        }
    };
    (@with $with:ident, $field:ident, $name:literal) => {
        #[doc = concat!("With this `", $name, "` field value.")]
        pub fn $with<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
            self.$field = Some(value.as_ref());
            self
        }
    };
}

/// One stored `200` response to GET that is selectable for the request at
/// hand (its target URI, method and `Vary` already matched, RFC 9111 §4,
/// §4.1): the values of its validator fields as stored, and when the cache
/// received it.
///
/// The values are the raw field values, borrowed from wherever the cache
/// keeps them. One that is absent, or that does not parse, counts as
/// absent (SPEC_NOTES.md, "RFC 9111"; CHOICES 6); a field stored on several
/// lines is not a valid single value, so pass `None` for it. The functions
/// of [`cache`](crate::cache) read a slice of them, and name a stored
/// response by its index in that slice.
///
/// The struct is `#[non_exhaustive]`: build it with [`Stored::new`] and the
/// `with_*` methods, and read its fields freely.
///
/// ```
/// use http_conditional::cache::Stored;
/// use http_conditional::HttpDate;
///
/// let received = HttpDate::from_unix_seconds(1_729_000_001).unwrap();
/// let stored = Stored::new(received)
///     .with_etag("\"a\"")
///     .with_last_modified("Mon, 14 Oct 2024 10:00:00 GMT")
///     .with_date("Tue, 15 Oct 2024 08:00:00 GMT");
/// assert_eq!(stored.etag().unwrap().opaque(), b"a");
/// assert!(stored.last_modified_is_strong(HttpDate::MAX));
///
/// // A value that does not parse counts as absent.
/// assert!(Stored::new(received).with_etag("a").etag().is_none());
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stored<'a> {
    /// The stored `ETag` field value (RFC 9110 §8.8.3).
    pub etag: Option<&'a [u8]>,
    /// The stored `Last-Modified` field value (RFC 9110 §8.8.2).
    pub last_modified: Option<&'a [u8]>,
    /// The stored `Date` field value (RFC 9110 §6.6.1).
    pub date: Option<&'a [u8]>,
    /// The stored `Content-Length` field value (RFC 9110 §8.6); only HEAD
    /// freshening reads it (RFC 9111 §4.3.5).
    pub content_length: Option<&'a [u8]>,
    /// When the cache received the response (its `response_time`,
    /// RFC 9111 §4.2.3), by the cache's clock.
    pub received: HttpDate,
}

impl Stored<'_> {
    /// A stored response received at `received`, with no fields yet.
    pub const fn new(received: HttpDate) -> Self {
        Stored {
            etag: None,
            last_modified: None,
            date: None,
            content_length: None,
            received,
        }
    }

    /// Whether the stored response has a validator: a valid `ETag` or a
    /// valid `Last-Modified` (RFC 9110 §8.8).
    pub fn has_validator(&self, now: HttpDate) -> bool {
        self.etag().is_some() || self.last_modified(now).is_some()
    }

    /// How recent the response is: its `Date`, or when it was received if
    /// it has no valid `Date` (RFC 9111 §4, "as determined by the Date
    /// header field").
    pub fn recency(&self, now: HttpDate) -> Recency {
        match self.date(now) {
            Some(date) => Recency::Date(date),
            None => Recency::Received(self.received),
        }
    }
}

raw_fields! {
    Stored,
    /// The stored entity-tag, if the stored `ETag` is one valid entity-tag
    /// (RFC 9110 §8.8.3).
    etag,
    /// The stored `Last-Modified` date, if valid (RFC 9110 §8.8.2). `now`
    /// (the cache's clock) reads a two-digit rfc850 year (RFC 9110 §5.6.7).
    last_modified,
    /// The stored `Date`, if valid (RFC 9110 §6.6.1).
    date,
    /// Whether the stored `Last-Modified` is a strong validator: the stored
    /// `Date` is at least one second after it, so the representation cannot
    /// have changed again within that second before the response was
    /// generated (RFC 9110 §8.8.2.2, third bullet). Without a valid `Date`
    /// it is weak.
    last_modified_is_strong,
}

/// What a stored response's age in the cache is judged by, when the cache
/// picks the most recent one (RFC 9111 §4).
///
/// ```
/// use http_conditional::cache::{Recency, Stored};
/// use http_conditional::HttpDate;
///
/// let received = HttpDate::UNIX_EPOCH;
/// assert_eq!(Stored::new(received).recency(HttpDate::MAX), Recency::Received(received));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recency {
    /// Its valid `Date` field.
    Date(HttpDate),
    /// It has no valid `Date`: the time the cache received it.
    Received(HttpDate),
}

impl Recency {
    /// The instant compared.
    pub const fn instant(self) -> HttpDate {
        match self {
            Recency::Date(d) | Recency::Received(d) => d,
        }
    }

    /// `"Date"` or `"time received"`, for explanations.
    pub const fn describe(self) -> &'static str {
        match self {
            Recency::Date(_) => "Date",
            Recency::Received(_) => "time received",
        }
    }
}

/// The validators (and `Content-Length`) of a response the cache has just
/// received: a 304 to a validation request (RFC 9111 §4.3.4), or a 200 to
/// a HEAD request (RFC 9111 §4.3.5). Raw field values; one that is absent
/// or does not parse counts as absent, so that the strict rules decide.
///
/// `#[non_exhaustive]`: build it with [`NewResponse::new`] and the `with_*`
/// methods.
///
/// ```
/// use http_conditional::cache::NewResponse;
/// use http_conditional::HttpDate;
///
/// let not_modified = NewResponse::new()
///     .with_etag("\"a\"")
///     .with_date("Thu, 17 Oct 2024 12:00:00 GMT");
/// assert!(not_modified.etag().is_some());
/// assert!(not_modified.last_modified(HttpDate::MAX).is_none());
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NewResponse<'a> {
    /// Its `ETag` field value.
    pub etag: Option<&'a [u8]>,
    /// Its `Last-Modified` field value.
    pub last_modified: Option<&'a [u8]>,
    /// Its `Date` field value.
    pub date: Option<&'a [u8]>,
    /// Its `Content-Length` field value (read by HEAD freshening only).
    pub content_length: Option<&'a [u8]>,
}

impl NewResponse<'_> {
    /// A response with none of the fields.
    pub const fn new() -> Self {
        NewResponse {
            etag: None,
            last_modified: None,
            date: None,
            content_length: None,
        }
    }
}

raw_fields! {
    NewResponse,
    /// Its entity-tag, if the `ETag` is one valid entity-tag.
    etag,
    /// Its `Last-Modified` date, if valid.
    last_modified,
    /// Its `Date`, if valid.
    date,
    /// Whether its `Last-Modified` is a strong validator: its own `Date` is
    /// at least one second later (RFC 9110 §8.8.2.2).
    last_modified_is_strong,
}

/// RFC 9110 §8.8.2.2: a Last-Modified date is strong when the response's
/// `Date` is at least one second after it.
fn strong_by_date(last_modified: Option<HttpDate>, date: Option<HttpDate>) -> bool {
    match (last_modified, date) {
        (Some(lm), Some(date)) => date.unix_seconds() > lm.unix_seconds(),
        _ => false,
    }
}

/// The index of the most recent stored response: the latest `Date`, a
/// response without a valid `Date` counting with the time it was received;
/// on a tie the one listed first (RFC 9111 §4; SPEC_NOTES.md
/// "cache-most-recent"). `None` for an empty slice.
///
/// ```
/// use http_conditional::cache::{most_recent, Stored};
/// use http_conditional::HttpDate;
///
/// let t = |s| HttpDate::from_unix_seconds(s).unwrap();
/// let stored = [
///     Stored::new(t(100)).with_date("Tue, 15 Oct 2024 08:00:00 GMT"),
///     Stored::new(t(50)).with_date("Wed, 16 Oct 2024 09:30:00 GMT"),
/// ];
/// assert_eq!(most_recent(&stored, HttpDate::MAX), Some(1));
/// ```
pub fn most_recent(stored: &[Stored<'_>], now: HttpDate) -> Option<usize> {
    most_recent_of(stored, now, |_| true)
}

/// [`most_recent`] among the stored responses that `keep` accepts.
pub(crate) fn most_recent_of(
    stored: &[Stored<'_>],
    now: HttpDate,
    mut keep: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, HttpDate)> = None;
    for (i, s) in stored.iter().enumerate() {
        if !keep(i) {
            continue;
        }
        let at = s.recency(now).instant();
        // Strictly later replaces: on a tie the first listed stays.
        let later = match best {
            None => true,
            Some((_, b)) => at > b,
        };
        if later {
            best = Some((i, at));
        }
    }
    best.map(|(i, _)| i)
}

/// A `Content-Length` value as decimal digits without leading zeros (`""`
/// for zero), or `None` if it is not `1*DIGIT` (RFC 9110 §8.6) after OWS
/// is trimmed. Comparing these compares the values, whatever their size.
pub(crate) fn decimal(value: &[u8]) -> Option<&[u8]> {
    let value = trim_ows(value);
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let zeros = value.iter().take_while(|&&b| b == b'0').count();
    Some(&value[zeros..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> HttpDate {
        HttpDate::from_unix_seconds(secs).unwrap()
    }

    // RFC 9111 §4: the most recent by Date; CHOICES 14: received without a
    // valid Date, the first on a tie
    #[test]
    fn most_recent_uses_date_then_received_and_keeps_the_first_on_a_tie() {
        let stored = [
            Stored::new(at(784_111_777)),
            Stored::new(at(0)).with_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Stored::new(at(784_111_778)).with_date("not a date"),
        ];
        assert_eq!(most_recent(&stored, HttpDate::MAX), Some(2));
        assert_eq!(most_recent(&stored[..2], HttpDate::MAX), Some(0));
        assert_eq!(most_recent(&[], HttpDate::MAX), None);
    }

    // RFC 9110 §8.8.2.2: strong only when Date is at least a second later
    #[test]
    fn last_modified_is_strong_only_a_second_before_date() {
        let lm = "Sun, 06 Nov 1994 08:49:37 GMT";
        let same = Stored::new(at(0)).with_last_modified(lm).with_date(lm);
        assert!(!same.last_modified_is_strong(HttpDate::MAX));
        let later = same.with_date("Sun, 06 Nov 1994 08:49:38 GMT");
        assert!(later.last_modified_is_strong(HttpDate::MAX));
        let no_date = Stored::new(at(0)).with_last_modified(lm);
        assert!(!no_date.last_modified_is_strong(HttpDate::MAX));
    }

    // RFC 9110 §8.6: Content-Length = 1*DIGIT
    #[test]
    fn decimal_compares_values_not_spellings() {
        assert_eq!(decimal(b"042"), Some(&b"42"[..]));
        assert_eq!(decimal(b" 0 "), Some(&b""[..]));
        assert_eq!(decimal(b"4 2"), None);
        assert_eq!(decimal(b""), None);
        assert_eq!(decimal(b"-1"), None);
        assert_eq!(decimal(b"42, 42"), None);
    }
}
