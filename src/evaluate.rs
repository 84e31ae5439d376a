//! RFC 9110 §13.2.2, "Precedence of Preconditions": the only place that
//! knows in which order the fields are evaluated.

use crate::date::HttpDate;
use crate::decision::{Decision, Evaluation};
use crate::etag::{Comparison, EntityTag};
use crate::field::{Field, FieldLines};
use crate::list::{scan, ListScan};
use crate::method::Method;
use crate::parse::{self, IfRange};
use crate::policy::Policy;
use crate::resource::{LastModifiedStrength, Resource};
use crate::trace::{Ignored, Outcome, Reason, Trace};

/// Evaluates a request's preconditions against the target resource's
/// current state, in the order of RFC 9110 §13.2.2, and says what to do.
///
/// - `method`: the request method, case-sensitive.
/// - `headers`: the request's field lines (see [`FieldLines`]); only the
///   conditional fields and `Range` are read, each lazily, once.
/// - `resource`: the current validators, or [`Resource::Missing`].
/// - `now`: the server's clock (what it would send in `Date`); used for
///   two-digit rfc850 years (§5.6.7) and for whether Last-Modified is a
///   strong validator for `If-Range` (§8.8.2.2).
/// - `policy`: see [`Policy`].
///
/// The evaluation cannot fail: a malformed field is handled as RFC 9110
/// (and SPEC_NOTES.md where it leaves room) says, and the
/// [`trace`](Evaluation::trace) records why. It allocates nothing and its
/// time is linear in the bytes of the conditional fields.
///
/// The steps, each recorded in the trace:
///
/// 0. CONNECT, OPTIONS and TRACE ignore every precondition (§13.2.1). With
///    [`Policy::require_precondition`], a method that may change state and
///    carries no `If-Match`, `If-None-Match` or applicable
///    `If-Unmodified-Since` gets 428 (RFC 6585 §3).
/// 1. `If-Match` (strong comparison): false → 412.
/// 2. Without `If-Match`, `If-Unmodified-Since`: false → 412.
/// 3. `If-None-Match` (weak comparison): false → 304 for GET and HEAD, 412
///    otherwise.
/// 4. Without `If-None-Match`, for GET and HEAD, `If-Modified-Since`:
///    false → 304.
/// 5. For a GET with `Range`, `If-Range`: true → 206, false → 200.
/// 6. Otherwise proceed (206 for a GET with `Range`).
///
/// # Examples
///
/// A conditional GET whose cached copy is still current:
///
/// ```
/// use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators};
///
/// let headers = [("If-None-Match", "W/\"v7\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate(Method::GET, &headers, resource, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.decision(), Decision::NotModified);
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// A lost update prevented:
///
/// ```
/// use http_conditional::{evaluate, Decision, EntityTag, HttpDate, Method, Policy, Resource, Validators};
///
/// let headers = [("If-Match", "\"v6\"")];
/// let resource = Resource::Current(Validators::new().with_etag(EntityTag::strong(b"v7")?));
/// let eval = evaluate(Method::PUT, &headers, resource, HttpDate::MAX, Policy::new());
/// assert_eq!(eval.status(), 412);
/// assert_eq!(
///     eval.to_string(),
///     "412 Precondition Failed: no member of If-Match matches ETag \"v7\" \
///      (1 member, strong comparison, RFC 9110 §13.1.1); if the requested change is \
///      already in effect, a 2xx may be sent instead (RFC 9110 §13.1.1, §13.1.4)"
/// );
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
pub fn evaluate<'a, H: FieldLines<'a>>(
    method: Method<'a>,
    headers: H,
    resource: Resource<'a>,
    now: HttpDate,
    policy: Policy,
) -> Evaluation<'a> {
    // Each field's lines are looked up once: the first line says whether the
    // field is present, and the evaluation goes on from there. The trace is
    // built in locals and the evaluation written once, at the end.
    let range = headers.lines(Field::Range).next().is_some();
    let finish = |decision, trace| Evaluation {
        decision,
        trace,
        method,
        current_etag: resource.etag(),
        last_modified: resource.last_modified(),
    };

    // RFC 9110 §13.2.1: methods that neither select nor modify a
    // representation ignore every precondition.
    if method.ignores_preconditions() {
        let mut trace = Trace {
            range,
            ..Trace::default()
        };
        for field in Trace::PRECONDITIONS {
            if headers.lines(field).next().is_some() {
                if let Some(slot) = trace.slot(field) {
                    *slot = Outcome::Ignored(Ignored::MethodIgnoresPreconditions);
                }
            }
        }
        return finish(Decision::Proceed, trace);
    }

    let if_match_lines = Present::new(headers.lines(Field::IfMatch));
    let if_none_match_lines = Present::new(headers.lines(Field::IfNoneMatch));
    let has_if_match = if_match_lines.is_present();
    let has_if_none_match = if_none_match_lines.is_present();

    // Fields that RFC 9110 ignores outright, whatever the other steps say;
    // a field left `Pending` is evaluated at its step (or marked
    // `NotEvaluated` if an earlier step decides).
    let ius_lines = Present::new(headers.lines(Field::IfUnmodifiedSince));
    let ius = if !ius_lines.is_present() {
        Pending::Absent
    } else if has_if_match {
        Pending::Ignored(Ignored::SupersededBy(Field::IfMatch))
    } else {
        date_condition(ius_lines, resource, now)
    };
    let ims_lines = Present::new(headers.lines(Field::IfModifiedSince));
    let ims = if !ims_lines.is_present() {
        Pending::Absent
    } else if has_if_none_match {
        Pending::Ignored(Ignored::SupersededBy(Field::IfNoneMatch))
    } else if !method.is_get_or_head() {
        Pending::Ignored(Ignored::MethodNotGetOrHead)
    } else {
        date_condition(ims_lines, resource, now)
    };
    let if_range_lines = Present::new(headers.lines(Field::IfRange));
    let if_range = if !if_range_lines.is_present() {
        Pending::Absent
    } else if !method.is_get() {
        Pending::Ignored(Ignored::MethodNotGet)
    } else if !range {
        Pending::Ignored(Ignored::NoRange)
    } else {
        Pending::Evaluate
    };
    let present = |yes: bool| {
        if yes {
            Outcome::NotEvaluated
        } else {
            Outcome::Absent
        }
    };
    let mut if_match_outcome = present(has_if_match);
    let mut if_none_match_outcome = present(has_if_none_match);
    let mut ius_outcome = ius.initial();
    let mut ims_outcome = ims.initial();
    let mut if_range_outcome = if_range.initial();

    let decision = 'decide: {
        // RFC 6585 §3, SPEC_NOTES.md "428-scope": checked before any
        // precondition is evaluated.
        if policy.requires_precondition()
            && method.may_change_state()
            && !has_if_match
            && !has_if_none_match
            && !matches!(ius, Pending::Dates { .. })
        {
            break 'decide Decision::PreconditionRequired;
        }

        // Step 1: If-Match (RFC 9110 §13.1.1).
        if has_if_match {
            if_match_outcome = if_match(if_match_lines, resource);
            if matches!(if_match_outcome, Outcome::False(_)) {
                break 'decide Decision::PreconditionFailed;
            }
        }
        // Step 2: If-Unmodified-Since (RFC 9110 §13.1.4), only without
        // If-Match.
        if let Pending::Dates {
            date,
            last_modified,
        } = ius
        {
            let reason = Reason::Dates {
                date,
                last_modified,
            };
            if last_modified <= date {
                ius_outcome = Outcome::True(reason);
            } else {
                ius_outcome = Outcome::False(reason);
                break 'decide Decision::PreconditionFailed;
            }
        }
        // Step 3: If-None-Match (RFC 9110 §13.1.2).
        if has_if_none_match {
            if_none_match_outcome = if_none_match(if_none_match_lines, resource);
            if matches!(if_none_match_outcome, Outcome::False(_)) {
                break 'decide if method.is_get_or_head() {
                    Decision::NotModified
                } else {
                    Decision::PreconditionFailed
                };
            }
        }
        // Step 4: If-Modified-Since (RFC 9110 §13.1.3), only for GET and
        // HEAD and only without If-None-Match.
        if let Pending::Dates {
            date,
            last_modified,
        } = ims
        {
            let reason = Reason::Dates {
                date,
                last_modified,
            };
            if last_modified > date {
                ims_outcome = Outcome::True(reason);
            } else {
                ims_outcome = Outcome::False(reason);
                break 'decide Decision::NotModified;
            }
        }
        // Step 5: If-Range (RFC 9110 §13.1.5), only for a GET with Range.
        if let Pending::Evaluate = if_range {
            if_range_outcome = if_range_condition(if_range_lines, resource, now);
            if matches!(if_range_outcome, Outcome::False(_)) {
                break 'decide Decision::Proceed;
            }
        }
        // Step 6: Range applies to GET only (RFC 9110 §14.2).
        if method.is_get() && range {
            break 'decide Decision::ProceedWithRange;
        }
        Decision::Proceed
    };
    finish(
        decision,
        Trace {
            if_match: if_match_outcome,
            if_unmodified_since: ius_outcome,
            if_none_match: if_none_match_outcome,
            if_modified_since: ims_outcome,
            if_range: if_range_outcome,
            range,
        },
    )
}

/// A field's lines with the first one already read: whether the field is
/// present, and (as an iterator) all its lines without a second lookup.
struct Present<'a, L> {
    first: Option<&'a [u8]>,
    rest: L,
}

impl<'a, L: Iterator<Item = &'a [u8]>> Present<'a, L> {
    fn new(mut lines: L) -> Self {
        Present {
            first: lines.next(),
            rest: lines,
        }
    }

    fn is_present(&self) -> bool {
        self.first.is_some()
    }
}

impl<'a, L: Iterator<Item = &'a [u8]>> Iterator for Present<'a, L> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        match self.first.take() {
            Some(line) => Some(line),
            None => self.rest.next(),
        }
    }
}

/// A precondition before its step: absent, ignored whatever happens, or
/// ready to be evaluated.
#[derive(Clone, Copy)]
enum Pending {
    Absent,
    Ignored(Ignored),
    /// A date condition with both dates known.
    Dates {
        date: HttpDate,
        last_modified: HttpDate,
    },
    /// `If-Range`, which is parsed only when reached.
    Evaluate,
}

impl Pending {
    /// The outcome to record until the field's step is reached.
    fn initial<'a>(self) -> Outcome<'a> {
        match self {
            Pending::Absent => Outcome::Absent,
            Pending::Ignored(why) => Outcome::Ignored(why),
            Pending::Dates { .. } | Pending::Evaluate => Outcome::NotEvaluated,
        }
    }
}

/// `If-Unmodified-Since` / `If-Modified-Since`: ignored when the value is
/// not one valid HTTP-date or when the resource has no modification date
/// (RFC 9110 §13.1.3, §13.1.4).
fn date_condition<'a, L: Iterator<Item = &'a [u8]>>(
    lines: L,
    resource: Resource<'_>,
    now: HttpDate,
) -> Pending {
    match parse::date(lines, now) {
        Err(e) => Pending::Ignored(Ignored::Malformed(e)),
        Ok(date) => match resource.last_modified() {
            None => Pending::Ignored(Ignored::NoLastModified),
            Some(last_modified) => Pending::Dates {
                date,
                last_modified,
            },
        },
    }
}

/// RFC 9110 §13.1.1: `*` is true if there is a current representation; a
/// list is true if a member strongly matches the current entity-tag. An
/// invalid field is false (SPEC_NOTES.md "invalid-list").
fn if_match<'a, L: Iterator<Item = &'a [u8]>>(lines: L, resource: Resource<'a>) -> Outcome<'a> {
    let current = resource.etag();
    match scan(lines, current.as_ref(), Comparison::Strong) {
        ListScan::Any if resource.exists() => Outcome::True(Reason::AnyCurrent),
        ListScan::Any => Outcome::False(Reason::AnyMissing),
        ListScan::Malformed(e) => Outcome::False(Reason::Malformed(e)),
        ListScan::Tags { members, matched } => {
            match list_reason(members, matched, current, Comparison::Strong) {
                (true, reason) => Outcome::True(reason),
                (false, reason) => Outcome::False(reason),
            }
        }
    }
}

/// RFC 9110 §13.1.2: `*` is false if there is a current representation; a
/// list is false if a member weakly matches the current entity-tag. An
/// invalid field is true (SPEC_NOTES.md "invalid-list").
fn if_none_match<'a, L: Iterator<Item = &'a [u8]>>(
    lines: L,
    resource: Resource<'a>,
) -> Outcome<'a> {
    let current = resource.etag();
    match scan(lines, current.as_ref(), Comparison::Weak) {
        ListScan::Any if resource.exists() => Outcome::False(Reason::AnyCurrent),
        ListScan::Any => Outcome::True(Reason::AnyMissing),
        ListScan::Malformed(e) => Outcome::True(Reason::Malformed(e)),
        ListScan::Tags { members, matched } => {
            match list_reason(members, matched, current, Comparison::Weak) {
                (true, reason) => Outcome::False(reason),
                (false, reason) => Outcome::True(reason),
            }
        }
    }
}

/// Whether a valid list matched, and why.
fn list_reason<'a>(
    members: usize,
    matched: Option<(usize, EntityTag<'a>)>,
    current: Option<EntityTag<'a>>,
    comparison: Comparison,
) -> (bool, Reason<'a>) {
    match (matched, current) {
        (Some((member, tag)), Some(_)) => (
            true,
            Reason::Matched {
                member,
                tag,
                comparison,
            },
        ),
        (_, Some(_)) => (
            false,
            Reason::NoMatch {
                members,
                comparison,
            },
        ),
        (_, None) => (false, Reason::NoCurrentEtag { members }),
    }
}

/// RFC 9110 §13.1.5: an entity-tag is true only on a strong match; a date
/// only when it is exactly Last-Modified and Last-Modified is a strong
/// validator (§8.8.2.2: the clock has left its second). Anything else,
/// including a malformed value or several lines, is false.
fn if_range_condition<'a, L: Iterator<Item = &'a [u8]>>(
    lines: L,
    resource: Resource<'a>,
    now: HttpDate,
) -> Outcome<'a> {
    match parse::if_range(lines, now) {
        Err(e) => Outcome::False(Reason::Malformed(e)),
        Ok(IfRange::Tag(tag)) => match resource.etag() {
            None => Outcome::False(Reason::NoCurrentEtag { members: 1 }),
            Some(current) if tag.strong_eq(&current) => Outcome::True(Reason::Matched {
                member: 1,
                tag,
                comparison: Comparison::Strong,
            }),
            Some(_) => Outcome::False(Reason::TagMismatch { tag }),
        },
        Ok(IfRange::Date(date)) => match resource.last_modified() {
            None => Outcome::False(Reason::NoLastModified),
            Some(last_modified) if last_modified != date => Outcome::False(Reason::Dates {
                date,
                last_modified,
            }),
            Some(last_modified) => match resource.last_modified_strength() {
                LastModifiedStrength::Strong => Outcome::True(Reason::Dates {
                    date,
                    last_modified,
                }),
                LastModifiedStrength::Weak => {
                    Outcome::False(Reason::DeclaredWeakLastModified { last_modified })
                }
                LastModifiedStrength::ByClock if !is_strong_last_modified(last_modified, now) => {
                    Outcome::False(Reason::WeakLastModified { last_modified, now })
                }
                LastModifiedStrength::ByClock => Outcome::True(Reason::Dates {
                    date,
                    last_modified,
                }),
            },
        },
    }
}

/// RFC 9110 §8.8.2.2: an origin server may treat Last-Modified as strong
/// when the representation cannot have changed twice within its second,
/// which SPEC_NOTES.md ("if-range-date-strength") reads as: the clock is at
/// least one second past it.
fn is_strong_last_modified(last_modified: HttpDate, now: HttpDate) -> bool {
    match last_modified.checked_add_seconds(1) {
        Some(next) => now >= next,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Validators;
    use std::prelude::rust_2021::*;

    const LM: i64 = 783_459_811; // Sat, 29 Oct 1994 19:43:31 GMT

    fn resource() -> Resource<'static> {
        Resource::Current(
            Validators::new()
                .with_etag(EntityTag::strong(b"xyzzy").unwrap())
                .with_last_modified(HttpDate::from_unix_seconds(LM).unwrap()),
        )
    }

    fn status(method: &'static str, headers: &[(&str, &str)], resource: Resource<'_>) -> u16 {
        evaluate(
            Method::from(method),
            headers,
            resource,
            HttpDate::MAX,
            Policy::new(),
        )
        .status()
    }

    // RFC 9110 §13.2.2: one case per branch of the precedence
    #[test]
    fn each_step_of_the_precedence_decides_as_the_rfc_says() {
        const IMS_EQUAL: (&str, &str) = ("If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT");
        const IUS_EARLIER: (&str, &str) = ("If-Unmodified-Since", "Fri, 28 Oct 1994 19:43:31 GMT");
        type Case<'c> = (&'c str, &'c [(&'c str, &'c str)], u16);
        let cases: &[Case<'_>] = &[
            // step 1
            ("PUT", &[("If-Match", "\"xyzzy\"")], 200),
            ("PUT", &[("If-Match", "\"other\"")], 412),
            ("PUT", &[("If-Match", "W/\"xyzzy\"")], 412),
            // step 2, and its suppression by If-Match
            ("PUT", &[IUS_EARLIER], 412),
            ("PUT", &[("If-Match", "\"xyzzy\""), IUS_EARLIER], 200),
            // step 3
            ("GET", &[("If-None-Match", "W/\"xyzzy\"")], 304),
            ("HEAD", &[("If-None-Match", "\"xyzzy\"")], 304),
            ("DELETE", &[("If-None-Match", "\"xyzzy\"")], 412),
            ("GET", &[("If-None-Match", "\"other\"")], 200),
            // step 4, and its suppression by If-None-Match and by the method
            ("GET", &[IMS_EQUAL], 304),
            ("GET", &[("If-None-Match", "\"other\""), IMS_EQUAL], 200),
            ("POST", &[IMS_EQUAL], 200),
            // step 5
            (
                "GET",
                &[("Range", "bytes=0-1"), ("If-Range", "\"xyzzy\"")],
                206,
            ),
            (
                "GET",
                &[("Range", "bytes=0-1"), ("If-Range", "\"other\"")],
                200,
            ),
            ("GET", &[("If-Range", "\"other\"")], 200),
            // step 6
            ("GET", &[("Range", "bytes=0-1")], 206),
            ("HEAD", &[("Range", "bytes=0-1")], 200),
            ("GET", &[], 200),
        ];
        for (method, headers, expected) in cases {
            assert_eq!(
                status(method, headers, resource()),
                *expected,
                "{method} {headers:?}"
            );
        }
    }

    // RFC 9110 §13.1.1, §13.1.2: `*` and the current representation
    #[test]
    fn star_depends_on_whether_a_representation_exists() {
        assert_eq!(status("PUT", &[("If-Match", "*")], resource()), 200);
        assert_eq!(status("PUT", &[("If-Match", "*")], Resource::Missing), 412);
        assert_eq!(status("PUT", &[("If-None-Match", "*")], resource()), 412);
        assert_eq!(
            status("PUT", &[("If-None-Match", "*")], Resource::Missing),
            200
        );
        let no_etag = Resource::Current(Validators::new());
        assert_eq!(status("PUT", &[("If-Match", "*")], no_etag), 200);
        assert_eq!(status("PUT", &[("If-Match", "\"a\"")], no_etag), 412);
    }

    // RFC 6585 §3 with SPEC_NOTES.md "428-scope"
    #[test]
    fn policy_requires_a_precondition_on_state_changing_methods_only() {
        let strict = Policy::new().require_precondition(true);
        let run = |method: &'static str, headers: &[(&str, &str)]| {
            evaluate(
                Method::from(method),
                headers,
                resource(),
                HttpDate::MAX,
                strict,
            )
            .status()
        };
        assert_eq!(run("PUT", &[]), 428);
        assert_eq!(run("FROB", &[]), 428);
        assert_eq!(run("GET", &[]), 200);
        assert_eq!(run("OPTIONS", &[]), 200);
        assert_eq!(run("PUT", &[("If-Match", "garbage")]), 412);
        assert_eq!(run("PUT", &[("If-Unmodified-Since", "garbage")]), 428);
        assert_eq!(
            run(
                "PUT",
                &[("If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT")]
            ),
            428
        );
        assert_eq!(
            run(
                "PUT",
                &[("If-Unmodified-Since", "Sat, 29 Oct 1994 19:43:31 GMT")]
            ),
            200
        );
    }

    // RFC 9110 §13.1.1: the 2xx allowance when the change is already applied
    #[test]
    fn failed_if_match_on_a_write_surfaces_the_already_applied_allowance() {
        let put = evaluate(
            Method::PUT,
            &[("If-Match", "\"old\"")],
            resource(),
            HttpDate::MAX,
            Policy::new(),
        );
        assert!(put.change_may_already_be_applied());
        let get = evaluate(
            Method::GET,
            &[("If-Match", "\"old\"")],
            resource(),
            HttpDate::MAX,
            Policy::new(),
        );
        assert_eq!(get.status(), 412);
        assert!(!get.change_may_already_be_applied());
        let inm = evaluate(
            Method::PUT,
            &[("If-None-Match", "*")],
            resource(),
            HttpDate::MAX,
            Policy::new(),
        );
        assert_eq!(inm.status(), 412);
        assert!(!inm.change_may_already_be_applied());
    }

    // RFC 9110 §8.8.2.2: Last-Modified is strong once the clock left its second
    #[test]
    fn last_modified_is_strong_only_a_second_later() {
        let lm = HttpDate::from_unix_seconds(LM).unwrap();
        assert!(!is_strong_last_modified(lm, lm));
        assert!(is_strong_last_modified(
            lm,
            lm.checked_add_seconds(1).unwrap()
        ));
        assert!(!is_strong_last_modified(HttpDate::MAX, HttpDate::MAX));
    }
}
