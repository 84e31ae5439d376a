//! The result of an evaluation: the decision, the record of every
//! precondition, and the current validators a response needs.

use crate::date::HttpDate;
use crate::decision::Decision;
use crate::etag::EntityTag;
use crate::method::Method;
use crate::trace::{Outcome, Trace};

/// The decision for one request, with the record of every precondition
/// that explains it.
///
/// `Display` writes one line a person can read, citing RFC sections; it
/// allocates nothing, so it can go to any `fmt::Write` sink.
///
/// ```
/// use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators};
///
/// let headers = [("If-None-Match", "\"v6\", W/\"v7\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate(Method::GET, &headers, resource, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.decision(), Decision::NotModified);
/// assert_eq!(
///     eval.to_string(),
///     "304 Not Modified: If-None-Match member 2 W/\"v7\" matches ETag \"v7\" \
///      (weak comparison, RFC 9110 §13.1.2)"
/// );
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Evaluation<'a> {
    pub(crate) decision: Decision,
    pub(crate) trace: Trace<'a>,
    pub(crate) method: Method<'a>,
    pub(crate) current_etag: Option<EntityTag<'a>>,
    pub(crate) last_modified: Option<HttpDate>,
}

impl<'a> Evaluation<'a> {
    /// What to do.
    pub const fn decision(&self) -> Decision {
        self.decision
    }

    /// The status code of the decision (see [`Decision::status`]).
    pub const fn status(&self) -> u16 {
        self.decision.status()
    }

    /// What happened to each precondition.
    pub const fn trace(&self) -> &Trace<'a> {
        &self.trace
    }

    /// The resource's current entity-tag, as given to `evaluate`: what a 304
    /// must carry, and what a 412 can carry so that the client can refetch.
    pub const fn current_etag(&self) -> Option<EntityTag<'a>> {
        self.current_etag
    }

    /// The resource's Last-Modified date, as given to `evaluate`.
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// Whether RFC 9110 allows a 2xx instead of this 412 *if the requested
    /// change is already in effect* (§13.1.1 for `If-Match`, §13.1.4 for
    /// `If-Unmodified-Since`): true only for a 412 caused by one of those two
    /// on a method that may change state. Only the caller can tell whether the
    /// change was already applied (a retried request, say); if it cannot, it
    /// answers 412.
    pub fn change_may_already_be_applied(&self) -> bool {
        self.decision == Decision::PreconditionFailed
            && self.method.may_change_state()
            && (matches!(self.trace.if_match, Outcome::False(_))
                || matches!(self.trace.if_unmodified_since, Outcome::False(_)))
    }
}
