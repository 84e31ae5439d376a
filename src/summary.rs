//! An owned summary of an evaluation (feature `std`), for code that must
//! keep the result after the request's bytes are gone.

use std::boxed::Box;
use std::string::{String, ToString};

use crate::date::HttpDate;
use crate::decision::Decision;
use crate::etag::EntityTag;
use crate::evaluation::Evaluation;
use crate::explain::ToAscii;

/// What an [`Evaluation`] decided, owned: the decision, the resource's
/// current entity-tag and Last-Modified date, and the explanation.
///
/// An `Evaluation` borrows the request's field lines and the caller's
/// validators, so it cannot outlive them: keep a `Summary` instead when the
/// result must travel (into a request's extensions, across an `.await`
/// after `req.into_body()`, into a log). It is `Send + Sync + 'static`.
///
/// ```
/// use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Summary, Validators};
///
/// fn check(if_match: String) -> Summary {
///     let headers = [("If-Match", if_match.as_str())];
///     let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7").unwrap()));
///     evaluate(Method::PUT, &headers, current, HttpDate::MAX, Policy::new()).summary()
/// } // `headers` and `if_match` are dropped here; the summary lives on
///
/// let summary = check("\"v6\"".to_owned());
/// assert_eq!(summary.decision(), Decision::PreconditionFailed);
/// assert_eq!(summary.current_etag().unwrap().to_string(), "\"v7\"");
/// assert!(summary.explanation().starts_with("412 Precondition Failed: no member of If-Match"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Summary {
    decision: Decision,
    /// The current entity-tag: weakness and opaque-tag.
    current_etag: Option<(bool, Box<[u8]>)>,
    last_modified: Option<HttpDate>,
    change_may_already_be_applied: bool,
    explanation: Box<str>,
}

impl Evaluation<'_> {
    /// An owned [`Summary`] of this evaluation (allocates the explanation
    /// and the current entity-tag).
    pub fn summary(&self) -> Summary {
        Summary {
            decision: self.decision(),
            current_etag: self
                .current_etag()
                .map(|tag| (tag.is_weak(), Box::from(tag.opaque()))),
            last_modified: self.last_modified(),
            change_may_already_be_applied: self.change_may_already_be_applied(),
            explanation: self.to_string().into_boxed_str(),
        }
    }
}

impl Summary {
    /// What to do.
    pub const fn decision(&self) -> Decision {
        self.decision
    }

    /// The status code of the decision (see [`Decision::status`]).
    pub const fn status(&self) -> u16 {
        self.decision.status()
    }

    /// The resource's current entity-tag, as given to the evaluation.
    pub fn current_etag(&self) -> Option<EntityTag<'_>> {
        self.current_etag
            .as_ref()
            .map(|(weak, opaque)| EntityTag::from_checked_parts(*weak, opaque))
    }

    /// The resource's Last-Modified date, as given to the evaluation.
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// See [`Evaluation::change_may_already_be_applied`].
    pub const fn change_may_already_be_applied(&self) -> bool {
        self.change_may_already_be_applied
    }

    /// The one-line explanation, as [`Evaluation`]'s `Display` writes it.
    pub fn explanation(&self) -> &str {
        &self.explanation
    }

    /// The explanation in printable ASCII, safe as an HTTP field value
    /// (see [`Ascii`](crate::Ascii)).
    pub fn explanation_ascii(&self) -> String {
        let mut out = ToAscii(String::with_capacity(self.explanation.len() + 16));
        // Writing into a String cannot fail.
        let _ = core::fmt::Write::write_str(&mut out, &self.explanation);
        out.0
    }
}

impl core::fmt::Display for Summary {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.explanation)
    }
}
