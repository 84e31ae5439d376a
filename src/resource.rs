//! The target resource's current state: its validators, or nothing.

use crate::date::HttpDate;
use crate::etag::EntityTag;

/// The validators that the selected representation would carry in a 200
/// response: its `ETag` and its `Last-Modified` date (RFC 9110 §8.8).
///
/// Either may be absent; a precondition that needs an absent one is
/// evaluated as RFC 9110 says (an entity-tag list cannot match, a date
/// condition is ignored).
///
/// ```
/// use http_conditional::{EntityTag, HttpDate, Validators};
/// let v = Validators::new()
///     .with_etag(EntityTag::strong(b"v7")?)
///     .with_last_modified(HttpDate::from_unix_seconds(784111777).unwrap());
/// assert_eq!(v.etag.unwrap().opaque(), b"v7");
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// The struct is `#[non_exhaustive]`: what a caller can tell about its
/// validators may grow (it grew [`last_modified_strength`](Self::last_modified_strength)),
/// so build it with [`new`](Self::new) and the `with_*` methods, or
/// [`from_options`](Self::from_options), and read its fields freely.
#[non_exhaustive]
#[must_use]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Validators<'a> {
    /// The current entity-tag (RFC 9110 §8.8.3).
    pub etag: Option<EntityTag<'a>>,
    /// The current modification date (RFC 9110 §8.8.2).
    pub last_modified: Option<HttpDate>,
    /// Whether [`last_modified`](Self::last_modified) is a strong validator
    /// (RFC 9110 §8.8.2.2); only `If-Range` asks.
    pub last_modified_strength: LastModifiedStrength,
}

/// Whether a Last-Modified date is a strong validator (RFC 9110 §8.8.2.2).
///
/// A date is strong only with "reliable knowledge" that the representation
/// did not change twice within its second. The crate cannot know that; by
/// default it uses the one rule the RFC names that needs no more than the
/// clock ([`ByClock`](Self::ByClock)). A caller that knows better declares
/// it. Only `If-Range` with a date cares (RFC 9110 §13.1.5).
///
/// ```
/// use http_conditional::{evaluate, HttpDate, LastModifiedStrength, Method, Policy, Resource, Validators};
///
/// let lm = HttpDate::from_unix_seconds(784_111_777).unwrap();
/// let headers = [("Range", "bytes=0-9"), ("If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")];
/// // The clock is still in Last-Modified's second: weak by default...
/// let by_clock = Validators::new().with_last_modified(lm);
/// assert_eq!(evaluate(Method::GET, &headers, Resource::Current(by_clock), lm, Policy::new()).status(), 200);
/// // ...strong when the server knows the resource cannot change twice in a second.
/// let known = by_clock.with_last_modified_strength(LastModifiedStrength::Strong);
/// assert_eq!(evaluate(Method::GET, &headers, Resource::Current(known), lm, Policy::new()).status(), 206);
/// ```
///
/// Exhaustive on purpose: strong, weak, or "judge by the clock" is all a
/// caller can say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LastModifiedStrength {
    /// Strong once the clock (`now`) is at least one second past it: the
    /// date cannot name a second in which the representation may still
    /// change (RFC 9110 §8.8.2.2; the reading of SPEC_NOTES.md,
    /// "if-range-date-strength"). The default.
    #[default]
    ByClock,
    /// Strong: the caller knows the representation did not change twice
    /// within that second (for example, a cache whose stored `Date` is at
    /// least one second later, RFC 9110 §8.8.2.2).
    Strong,
    /// Weak: the caller knows no more than that it is a date.
    Weak,
}

impl<'a> Validators<'a> {
    /// No validators.
    pub const fn new() -> Self {
        Validators {
            etag: None,
            last_modified: None,
            last_modified_strength: LastModifiedStrength::ByClock,
        }
    }

    /// The validators a caller holds as options (a stored `ETag` or
    /// `Last-Modified` that may be absent, or may not parse).
    ///
    /// ```
    /// use http_conditional::{parse, HttpDate, Validators};
    /// let etag = parse::etag([&b"\"v7\""[..]]).ok();
    /// let last_modified = parse::date([&b"not a date"[..]], HttpDate::MAX).ok();
    /// let v = Validators::from_options(etag, last_modified);
    /// assert!(v.etag.is_some() && v.last_modified.is_none());
    /// ```
    pub const fn from_options(
        etag: Option<EntityTag<'a>>,
        last_modified: Option<HttpDate>,
    ) -> Self {
        Validators {
            etag,
            last_modified,
            last_modified_strength: LastModifiedStrength::ByClock,
        }
    }

    /// With this entity-tag.
    pub const fn with_etag(mut self, etag: EntityTag<'a>) -> Self {
        self.etag = Some(etag);
        self
    }

    /// With this modification date.
    pub const fn with_last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// With this strength for the modification date (RFC 9110 §8.8.2.2);
    /// the default is [`LastModifiedStrength::ByClock`].
    pub const fn with_last_modified_strength(mut self, strength: LastModifiedStrength) -> Self {
        self.last_modified_strength = strength;
        self
    }
}

/// Whether the target resource has a current representation, and if so its
/// validators.
///
/// `Missing` is for a request that could create the resource (a `PUT` to a
/// new URI, say). A `GET` or `HEAD` of a missing resource is a 404 before any
/// precondition is looked at (RFC 9110 §13.2.1): don't call
/// [`evaluate`](fn@crate::evaluate) for it.
///
/// ```
/// use http_conditional::{EntityTag, Resource, Validators};
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"1")?));
/// assert!(current.exists());
/// assert!(!Resource::Missing.exists());
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// Exhaustive on purpose: a target either has a current representation or
/// it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource<'a> {
    /// There is a current representation with these validators.
    Current(Validators<'a>),
    /// There is no current representation.
    Missing,
}

impl<'a> Resource<'a> {
    /// Whether there is a current representation.
    pub const fn exists(&self) -> bool {
        matches!(self, Resource::Current(_))
    }

    /// The current entity-tag, if any.
    pub const fn etag(&self) -> Option<EntityTag<'a>> {
        match self {
            Resource::Current(v) => v.etag,
            Resource::Missing => None,
        }
    }

    /// The current modification date, if any.
    pub const fn last_modified(&self) -> Option<HttpDate> {
        match self {
            Resource::Current(v) => v.last_modified,
            Resource::Missing => None,
        }
    }

    /// Whether the modification date is a strong validator, as the caller
    /// declared it.
    pub const fn last_modified_strength(&self) -> LastModifiedStrength {
        match self {
            Resource::Current(v) => v.last_modified_strength,
            Resource::Missing => LastModifiedStrength::ByClock,
        }
    }
}
