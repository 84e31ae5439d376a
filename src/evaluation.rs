//! The result of an evaluation: the decision, the record of every
//! precondition, and the current validators a response needs.

use core::fmt;

use crate::date::HttpDate;
use crate::decision::Decision;
use crate::etag::EntityTag;
use crate::field::{Field, FirstLines};
use crate::list::ListScan;
use crate::method::Method;
use crate::policy::Policy;
use crate::resource::Resource;
use crate::trace::{Outcome, Trace};

/// The decision for one request, with the record of every precondition
/// that explains it.
///
/// `Display` writes one line a person can read, citing RFC sections; it
/// allocates nothing, so it can go to any `fmt::Write` sink.
///
/// It borrows the request's field lines and the caller's validators, so it
/// cannot outlive them: this does not compile (E0505), because the
/// evaluation still borrows `headers` when they move away:
///
/// ```compile_fail
/// use http_conditional::{evaluate, HttpDate, Method, Policy, Resource, Validators};
/// let headers = vec![("If-None-Match", String::from("\"v7\""))];
/// let eval = evaluate(Method::GET, &headers[..], Resource::Current(Validators::new()), HttpDate::MAX, Policy::new());
/// drop(headers); // like `req.into_body()` after evaluating from `req.headers()`
/// println!("{}", eval.decision());
/// ```
///
/// Take what you need first (`decision()`, `current_etag()`, or the owned
/// [`Summary`](crate::Summary) with the `std` feature), then let go of the
/// request.
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
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Evaluation<'a> {
    pub(crate) decision: Decision,
    pub(crate) method: Method<'a>,
    pub(crate) resource: Resource<'a>,
    pub(crate) now: HttpDate,
    pub(crate) policy: Policy,
    /// The first line of each field the evaluation read, and which had
    /// more: enough to run the steps again for the trace...
    pub(crate) fields: FirstLines<'a>,
    /// ...with the result of each list that was split over several lines.
    pub(crate) lists: ListResults<'a>,
}

/// The results of the `If-Match` / `If-None-Match` lists that an
/// evaluation walked across several field lines, kept so that the trace
/// needs no second walk (and no access to the request).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct ListResults<'a> {
    if_match: Option<ListScan<'a>>,
    if_none_match: Option<ListScan<'a>>,
}

impl<'a> ListResults<'a> {
    pub(crate) fn keep(&mut self, field: Field, scan: ListScan<'a>) {
        match field {
            Field::IfMatch => self.if_match = Some(scan),
            Field::IfNoneMatch => self.if_none_match = Some(scan),
            _ => {}
        }
    }

    pub(crate) fn get(&self, field: Field) -> Option<ListScan<'a>> {
        match field {
            Field::IfMatch => self.if_match,
            Field::IfNoneMatch => self.if_none_match,
            _ => None,
        }
    }
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

    /// What happened to each precondition, and why.
    ///
    /// Built when asked, not by [`evaluate`](fn@crate::evaluate): the steps
    /// that decided run again from what the evaluation kept, recording each
    /// outcome. It reads no field line twice, and costs nothing to a
    /// caller who needs only the decision.
    pub fn trace(&self) -> Trace<'a> {
        crate::evaluate::replay(self)
    }

    /// The request method, as given to `evaluate`.
    pub const fn method(&self) -> Method<'a> {
        self.method
    }

    /// The resource's current entity-tag, as given to `evaluate`: what a 304
    /// must carry, and what a 412 can carry so that the client can refetch.
    pub const fn current_etag(&self) -> Option<EntityTag<'a>> {
        self.resource.etag()
    }

    /// The resource's Last-Modified date, as given to `evaluate`.
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.resource.last_modified()
    }

    /// Whether RFC 9110 allows a 2xx instead of this 412 *if the requested
    /// change is already in effect* (§13.1.1 for `If-Match`, §13.1.4 for
    /// `If-Unmodified-Since`): true only for a 412 caused by one of those two
    /// on a method that may change state. Only the caller can tell whether the
    /// change was already applied (a retried request, say); if it cannot, it
    /// answers 412.
    pub fn change_may_already_be_applied(&self) -> bool {
        if self.decision != Decision::PreconditionFailed || !self.method.may_change_state() {
            return false;
        }
        let trace = self.trace();
        matches!(trace.if_match, Outcome::False(_))
            || matches!(trace.if_unmodified_since, Outcome::False(_))
    }
}

/// The decision, the trace and the current validators (not the kept field
/// lines, which are the trace's raw material).
impl fmt::Debug for Evaluation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evaluation")
            .field("decision", &self.decision)
            .field("trace", &self.trace())
            .field("method", &self.method)
            .field("current_etag", &self.current_etag())
            .field("last_modified", &self.last_modified())
            .finish()
    }
}
