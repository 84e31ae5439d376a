//! The words of an evaluation: the one-line explanation (`Display`), its
//! header-safe ASCII form, and the hint a 412 or 428 can carry as content.

use core::fmt;

use crate::decision::Decision;
use crate::etag::EntityTag;
use crate::evaluation::Evaluation;
use crate::field::Precondition;
use crate::trace::{Ignored, Outcome, Reason};

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
        let trace = self.trace();
        for (field, outcome) in trace.iter() {
            if outcome.is_present() {
                f.write_str(sep)?;
                write_clause(f, field, outcome, self.current_etag())?;
                sep = "; ";
            }
        }
        if sep == " " {
            f.write_str(" no preconditions (RFC 9110 §13.2.2 step 6)")?;
            sep = "; ";
        }
        if trace.range && self.decision.proceeds() {
            f.write_str(sep)?;
            f.write_str(match self.decision {
                Decision::ProceedWithRange => "Range applies (RFC 9110 §14.2)",
                _ if !self.method.is_get() => "Range ignored: only GET has ranges (RFC 9110 §14.2)",
                _ if !self.policy.supports_ranges() => {
                    "Range ignored: the resource does not support range requests (RFC 9110 §14.2)"
                }
                _ => "Range ignored: If-Range is false, send the whole representation (RFC 9110 §13.1.5)",
            })?;
        }
        if self.decision == Decision::PreconditionFailed
            && self.method.may_change_state()
            && (matches!(trace.if_match, Outcome::False(_))
                || matches!(trace.if_unmodified_since, Outcome::False(_)))
        {
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
    field: Precondition,
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
        Ignored::RangesNotSupported => f.write_str("the resource does not support range requests"),
        Ignored::NoLastModified => f.write_str("the resource has no Last-Modified date"),
        Ignored::MethodIgnoresPreconditions => {
            f.write_str("the method neither selects nor modifies a representation")
        }
    }
}

fn write_reason(
    f: &mut fmt::Formatter<'_>,
    field: Precondition,
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
            if field == Precondition::IfRange {
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
            if field == Precondition::IfRange {
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

/// The explanation of an [`Evaluation`] in printable ASCII, safe as an HTTP
/// field value: `§` is written `section`, and any other byte outside
/// visible ASCII and SP (obs-text of an entity-tag, a control byte in a
/// method token) as `\xHH`. Clients whose header API only accepts ASCII
/// (`HeaderValue::to_str`, `fetch`) can read it.
///
/// Made by [`Evaluation::ascii`].
///
/// ```
/// use http_conditional::{evaluate, EntityTag, HttpDate, Method, Policy, Resource, Validators};
///
/// let headers = [("If-None-Match", "W/\"v7\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate(Method::GET, &headers, resource, HttpDate::MAX, Policy::new());
/// assert_eq!(
///     eval.ascii().to_string(),
///     "304 Not Modified: If-None-Match member 1 W/\"v7\" matches ETag \"v7\" \
///      (weak comparison, RFC 9110 section 13.1.2)"
/// );
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Ascii<'e, 'a> {
    eval: &'e Evaluation<'a>,
}

impl<'a> Evaluation<'a> {
    /// The explanation in printable ASCII, for an HTTP field value such as
    /// `X-Precondition` (see [`Ascii`]).
    pub const fn ascii(&self) -> Ascii<'_, 'a> {
        Ascii { eval: self }
    }

    /// A short plain-text message for the content of a 412 or 428 response:
    /// what went wrong and which field to send next (see [`Hint`]); `None`
    /// for the other decisions, whose responses carry no such content.
    pub fn hint(&self) -> Option<Hint<'_, 'a>> {
        match self.decision {
            Decision::PreconditionFailed | Decision::PreconditionRequired => {
                Some(Hint { eval: self })
            }
            _ => None,
        }
    }
}

impl fmt::Display for Ascii<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::write(&mut ToAscii(f), format_args!("{}", self.eval))
    }
}

/// A `fmt::Write` that passes printable ASCII through and rewrites the rest
/// as [`Ascii`] says.
pub(crate) struct ToAscii<W>(pub(crate) W);

impl<W: fmt::Write> fmt::Write for ToAscii<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some((at, c)) = rest
            .char_indices()
            .find(|&(_, c)| !(c == ' ' || c.is_ascii_graphic()))
        {
            self.0.write_str(&rest[..at])?;
            if c == '§' {
                self.0.write_str("section ")?;
            } else {
                let mut utf8 = [0; 4];
                for b in c.encode_utf8(&mut utf8).bytes() {
                    write!(self.0, "\\x{b:02X}")?;
                }
            }
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// The content a 412 (Precondition Failed) or 428 (Precondition Required)
/// response can carry: plain text, printable ASCII, that names the field
/// the client should send next. RFC 6585 §3 asks a 428 to explain how to
/// resubmit; a 412 that says why saves a support ticket.
///
/// Made by [`Evaluation::hint`].
///
/// ```
/// use http_conditional::{evaluate, EntityTag, HttpDate, Method, Policy, Resource, Validators};
///
/// let current = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let stale = evaluate(Method::PUT, &[("If-Match", "\"v6\"")], current, HttpDate::MAX, Policy::new());
/// assert_eq!(
///     stale.hint().unwrap().to_string(),
///     "The resource has changed: If-Match does not match its current ETag \"v7\". \
///      Fetch it again, reapply your change, and resend with If-Match: \"v7\" \
///      (RFC 9110 section 13.1.1).\n"
/// );
///
/// let strict = Policy::new().require_precondition(true);
/// let blind = evaluate(Method::PUT, &[("Accept", "*/*")], current, HttpDate::MAX, strict);
/// assert!(blind.hint().unwrap().to_string().starts_with("PUT must be conditional here"));
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Hint<'e, 'a> {
    eval: &'e Evaluation<'a>,
}

impl fmt::Display for Hint<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hint(&mut ToAscii(&mut *f), self.eval)?;
        f.write_str("\n")
    }
}

fn write_hint(f: &mut impl fmt::Write, eval: &Evaluation<'_>) -> fmt::Result {
    let trace = eval.trace();
    let current = eval.current_etag();
    let resend = |f: &mut dyn fmt::Write| match current {
        Some(tag) if !tag.is_weak() => write!(f, "If-Match: {tag}"),
        _ => f.write_str("If-Match and the ETag you receive"),
    };
    if eval.decision() == Decision::PreconditionRequired {
        write!(
            f,
            "{} must be conditional here, so that it cannot overwrite a change it has not seen. \
             Fetch the resource and resend with ",
            eval.method
        )?;
        resend(f)?;
        return f.write_str(
            ", or with If-None-Match: * to create it only if it does not exist yet \
             (RFC 6585 section 3).",
        );
    }
    match (
        trace.if_match,
        trace.if_unmodified_since,
        trace.if_none_match,
    ) {
        (Outcome::False(Reason::AnyMissing), ..) => f.write_str(
            "The resource does not exist, and If-Match: * asks for one that does \
             (RFC 9110 section 13.1.1).",
        ),
        (Outcome::False(Reason::Malformed(e)), ..) => {
            write!(
                f,
                "If-Match is not a valid list of entity-tags ({e}). Resend with "
            )?;
            resend(f)?;
            f.write_str(" (RFC 9110 section 13.1.1).")
        }
        (Outcome::False(_), ..) if current.is_some_and(|c| c.is_weak()) => f.write_str(
            "The resource has only a weak ETag, which If-Match can never match (strong \
             comparison, RFC 9110 section 8.8.3.2). Use If-Unmodified-Since with its \
             Last-Modified date instead (RFC 9110 section 13.1.4).",
        ),
        (Outcome::False(_), ..) if current.is_none() => f.write_str(
            "The resource has no entity-tag, so If-Match with a tag cannot match. \
             Use If-Unmodified-Since with its Last-Modified date instead \
             (RFC 9110 section 13.1.4).",
        ),
        (Outcome::False(_), ..) => {
            write!(
                f,
                "The resource has changed: If-Match does not match its current ETag {}. \
                 Fetch it again, reapply your change, and resend with ",
                Current(current)
            )?;
            resend(f)?;
            f.write_str(" (RFC 9110 section 13.1.1).")
        }
        (_, Outcome::False(_), _) => f.write_str(
            "The resource was modified after the If-Unmodified-Since date. Fetch it \
             again, reapply your change, and resend (RFC 9110 section 13.1.4).",
        ),
        (_, _, Outcome::False(Reason::AnyCurrent)) => f.write_str(
            "The resource already exists, and If-None-Match: * asks to act only if it \
             does not (RFC 9110 section 13.1.2).",
        ),
        _ => f.write_str(
            "The resource's current ETag matches If-None-Match, so the request was not \
             applied (RFC 9110 section 13.1.2).",
        ),
    }
}

/// The current entity-tag in a hint, or `(none)`.
struct Current<'a>(Option<EntityTag<'a>>);

impl fmt::Display for Current<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(tag) => tag.fmt(f),
            None => f.write_str("(none)"),
        }
    }
}
