//! The record of what happened to each precondition: the data behind an
//! [`Evaluation`](crate::Evaluation)'s explanation.

use crate::date::HttpDate;
use crate::error::ParseError;
use crate::etag::{Comparison, EntityTag};
use crate::field::Precondition;

/// What happened to one precondition field.
///
/// ```
/// use http_conditional::{evaluate, EntityTag, HttpDate, Method, Outcome, Policy, Reason, Resource, Validators};
///
/// let headers = [("If-Match", "\"a\", \"b\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"b")?));
/// let eval = evaluate(Method::PUT, &headers, resource, HttpDate::MAX, Policy::new());
/// match eval.trace().if_match {
///     Outcome::True(Reason::Matched { member, tag, .. }) => {
///         assert_eq!(member, 2);
///         assert_eq!(tag.opaque(), b"b");
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// Exhaustive on purpose: a precondition is absent, not reached, ignored,
/// true or false, and nothing else; a `match` that covers these five stays
/// right. The reasons inside grow ([`Reason`] and [`Ignored`] are
/// `#[non_exhaustive]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Outcome<'a> {
    /// The request does not carry the field.
    #[default]
    Absent,
    /// The field is present but an earlier step of RFC 9110 §13.2.2 (or the
    /// 428 policy) already decided the response.
    NotEvaluated,
    /// The field is present and RFC 9110 says to ignore it.
    Ignored(Ignored),
    /// The condition was evaluated and is true.
    True(Reason<'a>),
    /// The condition was evaluated and is false.
    False(Reason<'a>),
}

impl Outcome<'_> {
    /// Whether the request carries the field.
    pub const fn is_present(&self) -> bool {
        !matches!(self, Outcome::Absent)
    }
}

/// Why a present precondition was ignored.
///
/// ```
/// use http_conditional::{evaluate, HttpDate, Ignored, Method, Outcome, Policy, Precondition, Resource, Validators};
///
/// let headers = [("If-Modified-Since", "yesterday")];
/// let eval = evaluate(Method::GET, &headers, Resource::Current(Validators::new()), HttpDate::MAX, Policy::new());
/// assert!(matches!(eval.trace().get(Precondition::IfModifiedSince), Outcome::Ignored(Ignored::Malformed(_))));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ignored {
    /// The date is not a valid HTTP-date, or there is more than one
    /// (RFC 9110 §13.1.3, §13.1.4).
    Malformed(ParseError),
    /// A stronger field is present: `If-Match` supersedes
    /// `If-Unmodified-Since`, `If-None-Match` supersedes `If-Modified-Since`
    /// (RFC 9110 §13.1.3, §13.1.4).
    SupersededBy(Precondition),
    /// `If-Modified-Since` applies to GET and HEAD only (RFC 9110 §13.1.3).
    MethodNotGetOrHead,
    /// `If-Range` applies to GET only, since Range does (RFC 9110 §13.1.5).
    MethodNotGet,
    /// `If-Range` without a `Range` field (RFC 9110 §13.1.5).
    NoRange,
    /// `If-Range` for a resource that does not support range requests
    /// ([`Policy::ranges`](crate::Policy::ranges), RFC 9110 §13.1.5).
    RangesNotSupported,
    /// The resource has no modification date to compare with
    /// (RFC 9110 §13.1.3, §13.1.4).
    NoLastModified,
    /// CONNECT, OPTIONS and TRACE ignore every precondition
    /// (RFC 9110 §13.2.1).
    MethodIgnoresPreconditions,
}

/// Why an evaluated condition came out true or false.
///
/// ```
/// use http_conditional::{evaluate, HttpDate, Method, Outcome, Policy, Reason, Resource};
///
/// // `If-None-Match: *` when there is nothing yet: true, so a create may go ahead.
/// let eval = evaluate(Method::PUT, &[("If-None-Match", "*")], Resource::Missing, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.trace().if_none_match, Outcome::True(Reason::AnyMissing));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason<'a> {
    /// `*`, and the resource has a current representation.
    AnyCurrent,
    /// `*`, and the resource has no current representation.
    AnyMissing,
    /// A member of the list (1-based `member`) matched the current ETag.
    Matched {
        /// Which member matched, counting from 1 across all field lines.
        member: usize,
        /// The member that matched (the resource's current entity-tag is
        /// [`Evaluation::current_etag`](crate::Evaluation::current_etag)).
        tag: EntityTag<'a>,
        /// The comparison function used.
        comparison: Comparison,
    },
    /// No member of a valid list matched the current ETag.
    NoMatch {
        /// How many members the list had (the resource's current
        /// entity-tag is
        /// [`Evaluation::current_etag`](crate::Evaluation::current_etag)).
        members: usize,
        /// The comparison function used.
        comparison: Comparison,
    },
    /// The `If-Range` entity-tag is not a strong match for the current one.
    TagMismatch {
        /// The request's entity-tag (the resource's current entity-tag is
        /// [`Evaluation::current_etag`](crate::Evaluation::current_etag)).
        tag: EntityTag<'a>,
    },
    /// There is no current entity-tag, so no member can match.
    NoCurrentEtag {
        /// How many members the list had.
        members: usize,
    },
    /// The field does not follow its grammar. An invalid `If-Match` or
    /// `If-Range` is false, an invalid `If-None-Match` true (SPEC_NOTES.md,
    /// "invalid-list").
    Malformed(ParseError),
    /// A date condition compared with the resource's modification date.
    Dates {
        /// The date in the request field.
        date: HttpDate,
        /// The resource's Last-Modified date.
        last_modified: HttpDate,
    },
    /// The `If-Range` date equals Last-Modified, but Last-Modified is a weak
    /// validator: the clock has not yet left its second (RFC 9110 §8.8.2.2).
    WeakLastModified {
        /// The resource's Last-Modified date.
        last_modified: HttpDate,
        /// The clock at evaluation.
        now: HttpDate,
    },
    /// The `If-Range` date equals Last-Modified, but the caller declared
    /// Last-Modified a weak validator
    /// ([`LastModifiedStrength::Weak`](crate::LastModifiedStrength::Weak),
    /// RFC 9110 §8.8.2.2).
    DeclaredWeakLastModified {
        /// The resource's Last-Modified date.
        last_modified: HttpDate,
    },
    /// The `If-Range` date cannot be compared: the resource has no
    /// Last-Modified date.
    NoLastModified,
}

/// One [`Outcome`] per precondition field, in RFC 9110 §13.2.2 order, plus
/// whether the request carries `Range`.
///
/// ```
/// use http_conditional::{evaluate, HttpDate, Method, Outcome, Policy, Precondition, Resource, Validators, EntityTag};
/// let headers = [("If-None-Match", "\"v1\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v2")?));
/// let eval = evaluate(Method::GET, &headers, resource, HttpDate::MAX, Policy::new());
/// assert!(matches!(eval.trace().get(Precondition::IfNoneMatch), Outcome::True(_)));
/// assert_eq!(eval.trace().get(Precondition::IfMatch), Outcome::Absent);
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// Built by [`evaluate`](fn@crate::evaluate) only, and `#[non_exhaustive]`: read
/// its fields, match on the [`Outcome`]s (an exhaustive enum: absent, not
/// evaluated, ignored, true, false is all that can happen to a
/// precondition), but expect new fields.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Trace<'a> {
    /// `If-Match`, step 1.
    pub if_match: Outcome<'a>,
    /// `If-Unmodified-Since`, step 2.
    pub if_unmodified_since: Outcome<'a>,
    /// `If-None-Match`, step 3.
    pub if_none_match: Outcome<'a>,
    /// `If-Modified-Since`, step 4.
    pub if_modified_since: Outcome<'a>,
    /// `If-Range`, step 5.
    pub if_range: Outcome<'a>,
    /// Whether the request carries a `Range` field.
    pub range: bool,
}

impl<'a> Trace<'a> {
    /// The outcome for one precondition.
    pub const fn get(&self, precondition: Precondition) -> Outcome<'a> {
        match precondition {
            Precondition::IfMatch => self.if_match,
            Precondition::IfUnmodifiedSince => self.if_unmodified_since,
            Precondition::IfNoneMatch => self.if_none_match,
            Precondition::IfModifiedSince => self.if_modified_since,
            Precondition::IfRange => self.if_range,
        }
    }

    /// Each precondition with its outcome, in RFC 9110 §13.2.2 order.
    pub fn iter(&self) -> impl Iterator<Item = (Precondition, Outcome<'a>)> + '_ {
        Precondition::ALL.into_iter().map(|p| (p, self.get(p)))
    }
}
