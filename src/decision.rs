//! The result of an evaluation: the decision, and the words that explain it.

use core::fmt;

use crate::date::HttpDate;
use crate::etag::EntityTag;
use crate::field::Field;
use crate::method::Method;
use crate::trace::{Ignored, Outcome, Reason, Trace};

/// What the server does with the request.
///
/// This enum is exhaustive on purpose: a new outcome should break a
/// caller's `match`.
///
/// ```
/// use http_conditional::Decision;
///
/// fn respond(decision: Decision) -> &'static str {
///     match decision {
///         Decision::Proceed => "perform the method, send the whole representation",
///         Decision::ProceedWithRange => "perform the GET, honour Range",
///         Decision::NotModified => "304, no content",
///         Decision::PreconditionFailed => "412",
///         Decision::PreconditionRequired => "428",
///     }
/// }
/// assert_eq!(respond(Decision::NotModified), "304, no content");
/// assert_eq!(Decision::PreconditionFailed.to_string(), "412 Precondition Failed");
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Perform the method and answer as usual (a 2xx for a successful
    /// method). A `Range` field, if any, is absent, not for this method, or
    /// to be ignored because `If-Range` is false: send the whole
    /// representation.
    Proceed,
    /// Perform the GET honouring its `Range` field (RFC 9110 §14.2): a 206
    /// if the range is satisfiable. The caller still parses `Range` itself.
    ProceedWithRange,
    /// Do not perform the method; answer 304 Not Modified, with the headers
    /// RFC 9110 §15.4.5 asks for and no content. GET and HEAD only.
    NotModified,
    /// Do not perform the method; answer 412 Precondition Failed.
    ///
    /// RFC 9110 §13.1.1 and §13.1.4 allow one exception, which only the
    /// caller can check: when `If-Match` or `If-Unmodified-Since` failed on a
    /// state-changing request whose change is already in effect (a retried
    /// PUT, say), the server may answer 2xx instead. See
    /// [`Evaluation::change_may_already_be_applied`].
    PreconditionFailed,
    /// Do not perform the method; answer 428 Precondition Required
    /// (RFC 6585 §3): the policy requires a conditional request.
    PreconditionRequired,
}

impl Decision {
    /// The status code this decision maps to: 200, 206, 304, 412 or 428
    /// (`Proceed` stands for whatever 2xx the method produces).
    ///
    /// ```
    /// use http_conditional::Decision;
    /// assert_eq!(Decision::NotModified.status(), 304);
    /// ```
    pub const fn status(self) -> u16 {
        match self {
            Decision::Proceed => 200,
            Decision::ProceedWithRange => 206,
            Decision::NotModified => 304,
            Decision::PreconditionFailed => 412,
            Decision::PreconditionRequired => 428,
        }
    }

    /// The reason phrase of [`status`](Self::status).
    pub const fn reason_phrase(self) -> &'static str {
        match self {
            Decision::Proceed => "OK",
            Decision::ProceedWithRange => "Partial Content",
            Decision::NotModified => "Not Modified",
            Decision::PreconditionFailed => "Precondition Failed",
            Decision::PreconditionRequired => "Precondition Required",
        }
    }

    /// Whether the method is to be performed (`Proceed` or
    /// `ProceedWithRange`).
    pub const fn proceeds(self) -> bool {
        matches!(self, Decision::Proceed | Decision::ProceedWithRange)
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status(), self.reason_phrase())
    }
}

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

impl fmt::Display for Evaluation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.decision)?;
        let mut sep = " ";
        if self.decision == Decision::PreconditionRequired {
            write!(
                f,
                "{sep}{} must be conditional and carries no If-Match, If-None-Match \
                 or applicable If-Unmodified-Since (RFC 6585 §3)",
                self.method
            )?;
            sep = "; ";
        }
        for (field, outcome) in self.trace.iter() {
            if outcome.is_present() {
                f.write_str(sep)?;
                write_clause(f, field, outcome, self.current_etag)?;
                sep = "; ";
            }
        }
        if sep == " " {
            f.write_str(" no preconditions (RFC 9110 §13.2.2 step 6)")?;
            sep = "; ";
        }
        if self.trace.range && self.decision.proceeds() {
            f.write_str(sep)?;
            f.write_str(match self.decision {
                Decision::ProceedWithRange => "Range applies (RFC 9110 §14.2)",
                _ if !self.method.is_get() => "Range ignored: only GET has ranges (RFC 9110 §14.2)",
                _ => "Range ignored: If-Range is false, send the whole representation (RFC 9110 §13.1.5)",
            })?;
        }
        if self.change_may_already_be_applied() {
            f.write_str(
                "; if the requested change is already in effect, a 2xx may be sent instead \
                 (RFC 9110 §13.1.1, §13.1.4)",
            )?;
        }
        Ok(())
    }
}

fn write_clause(
    f: &mut fmt::Formatter<'_>,
    field: Field,
    outcome: Outcome<'_>,
    current: Option<EntityTag<'_>>,
) -> fmt::Result {
    let name = field.name();
    match outcome {
        Outcome::Absent => Ok(()),
        Outcome::NotEvaluated => write!(
            f,
            "{name} not evaluated (an earlier step decided, RFC 9110 §13.2.2)"
        ),
        Outcome::Ignored(why) => {
            let section = match why {
                Ignored::MethodIgnoresPreconditions => "RFC 9110 §13.2.1",
                _ => field.section(),
            };
            write!(f, "{name} ignored (")?;
            write_ignored(f, why)?;
            write!(f, ", {section})")
        }
        Outcome::True(reason) => write_reason(f, field, true, reason, current),
        Outcome::False(reason) => write_reason(f, field, false, reason, current),
    }
}

fn write_ignored(f: &mut fmt::Formatter<'_>, why: Ignored) -> fmt::Result {
    match why {
        Ignored::Malformed(e) => write!(f, "not a valid HTTP-date: {e}"),
        Ignored::SupersededBy(other) => write!(f, "{other} present"),
        Ignored::MethodNotGetOrHead => f.write_str("method is not GET or HEAD"),
        Ignored::MethodNotGet => f.write_str("method is not GET"),
        Ignored::NoRange => f.write_str("no Range field"),
        Ignored::NoLastModified => f.write_str("the resource has no Last-Modified date"),
        Ignored::MethodIgnoresPreconditions => {
            f.write_str("the method neither selects nor modifies a representation")
        }
    }
}

fn write_reason(
    f: &mut fmt::Formatter<'_>,
    field: Field,
    truth: bool,
    reason: Reason<'_>,
    current: Option<EntityTag<'_>>,
) -> fmt::Result {
    // The reasons that compare tags are only given when there is a current
    // entity-tag.
    let weak_current = current.is_some_and(|c| c.is_weak());
    let current = Maybe(current);
    let name = field.name();
    let section = field.section();
    let value = if truth { "true" } else { "false" };
    match reason {
        Reason::AnyCurrent => write!(f, "{name} * matches the current representation ({section})"),
        Reason::AnyMissing => write!(
            f,
            "{name} * matches nothing: there is no current representation ({section})"
        ),
        Reason::Matched {
            member,
            tag,
            comparison,
        } => {
            if field == Field::IfRange {
                write!(f, "{name} {tag} matches ETag {current}")?;
            } else {
                write!(f, "{name} member {member} {tag} matches ETag {current}")?;
            }
            write!(f, " ({}, {section})", comparison.describe())
        }
        Reason::NoMatch {
            members,
            comparison,
        } => {
            let s = if members == 1 { "" } else { "s" };
            write!(
                f,
                "no member of {name} matches ETag {current} ({members} member{s}, {}, {section})",
                comparison.describe()
            )
        }
        Reason::TagMismatch { tag } if tag.is_weak() || weak_current => write!(
            f,
            "{name} {tag} cannot match ETag {current}: strong comparison never matches \
             a weak tag ({section})"
        ),
        Reason::TagMismatch { tag } => write!(
            f,
            "{name} {tag} does not match ETag {current} (strong comparison, {section})"
        ),
        Reason::NoCurrentEtag { members } => {
            let s = if members == 1 { "" } else { "s" };
            write!(
                f,
                "{name}: the resource has no current entity-tag, so none of {members} \
                 member{s} matches ({section})"
            )
        }
        Reason::Malformed(e) => {
            write!(f, "{name} is malformed ({e}), so it is {value} ({section})")
        }
        Reason::Dates {
            date,
            last_modified,
        } => {
            if field == Field::IfRange {
                if truth {
                    write!(
                        f,
                        "{name} {date} is the Last-Modified date, a strong validator ({section})"
                    )
                } else {
                    write!(
                        f,
                        "{name} {date} is not the Last-Modified date {last_modified} ({section})"
                    )
                }
            } else {
                let relation = if last_modified > date {
                    "after"
                } else {
                    "not after"
                };
                write!(
                    f,
                    "{name}: Last-Modified {last_modified} is {relation} {date}, so it is \
                     {value} ({section})"
                )
            }
        }
        Reason::WeakLastModified { last_modified, now } => write!(
            f,
            "{name} is the Last-Modified date {last_modified}, but that is a weak validator \
             at {now} (RFC 9110 §8.8.2.2, {section})"
        ),
        Reason::DeclaredWeakLastModified { last_modified } => write!(
            f,
            "{name} is the Last-Modified date {last_modified}, but that is declared a weak \
             validator (RFC 9110 §8.8.2.2, {section})"
        ),
        Reason::NoLastModified => write!(
            f,
            "{name} is a date, but the resource has no Last-Modified date ({section})"
        ),
    }
}

/// The current entity-tag in an explanation: the tag, or nothing if there is
/// none (no reason that names it is given without one).
struct Maybe<'a>(Option<EntityTag<'a>>);

impl fmt::Display for Maybe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(tag) => tag.fmt(f),
            None => Ok(()),
        }
    }
}
