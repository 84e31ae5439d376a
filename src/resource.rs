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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Validators<'a> {
    /// The current entity-tag (RFC 9110 §8.8.3).
    pub etag: Option<EntityTag<'a>>,
    /// The current modification date (RFC 9110 §8.8.2).
    pub last_modified: Option<HttpDate>,
}

impl<'a> Validators<'a> {
    /// No validators.
    pub const fn new() -> Self {
        Validators {
            etag: None,
            last_modified: None,
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
}

/// Whether the target resource has a current representation, and if so its
/// validators.
///
/// `Missing` is for a request that could create the resource (a `PUT` to a
/// new URI, say). A `GET` or `HEAD` of a missing resource is a 404 before any
/// precondition is looked at (RFC 9110 §13.2.1): don't call
/// [`evaluate`](crate::evaluate) for it.
///
/// ```
/// use http_conditional::{EntityTag, Resource, Validators};
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"1")?));
/// assert!(current.exists());
/// assert!(!Resource::Missing.exists());
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
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
}
