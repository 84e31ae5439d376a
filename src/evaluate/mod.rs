//! RFC 9110 §13.2.2, "Precedence of Preconditions": the only place that
//! knows in which order the fields are evaluated.
//!
//! [`evaluate`] gathers the request's conditional fields in one pass, then
//! runs the steps of §13.2.2 in order ([`decide`]), each a small function
//! that says whether it decides the response. What each field's condition
//! means (RFC 9110 §13.1.1-§13.1.5) lives in [`conditions`].
//!
//! The steps run twice at most, and never differently: once to decide,
//! recording nothing, and again only when someone asks for the
//! [`Trace`] (an explanation, say), recording every outcome. The second
//! run reads what the first kept in the [`Evaluation`] (the first line of
//! each field, and the result of any list split over several lines), so
//! the trace is the record of the very steps that decided, at no cost to
//! the caller who only wants the decision.

mod conditions;

use crate::date::HttpDate;
use crate::decision::Decision;
use crate::etag::Comparison;
use crate::etag::EntityTag;
use crate::evaluation::{Evaluation, ListResults};
use crate::field::{Field, FieldLines, FirstLines, Precondition};
use crate::list::ListScan;
use crate::method::Method;
use crate::policy::Policy;
use crate::resource::Resource;
use crate::trace::{Ignored, Outcome, Trace};

use conditions::{DatePair, Lines};

/// Evaluates a request's preconditions against the target resource's
/// current state, in the order of RFC 9110 §13.2.2, and says what to do.
///
/// - `method`: the request method, case-sensitive.
/// - `headers`: the request's field lines (see [`FieldLines`]); only the
///   conditional fields and `Range` are read: one pass finds the first line
///   of each ([`FieldLines::gather`]), and a list field split over several
///   lines is read again, whole, only when its step is reached.
/// - `resource`: the current validators, or [`Resource::Missing`].
/// - `now`: the server's clock (what it would send in `Date`); used for
///   two-digit rfc850 years (§5.6.7) and for whether Last-Modified is a
///   strong validator for `If-Range` (§8.8.2.2).
/// - `policy`: see [`Policy`].
///
/// The evaluation cannot fail: a malformed field is handled as RFC 9110
/// (and SPEC_NOTES.md where it leaves room) says, and the
/// [`trace`](Evaluation::trace) records why. It allocates nothing and its
/// time is linear in the bytes of the request's field lines. A date field
/// is parsed only if its step could use it.
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
#[inline]
pub fn evaluate<'a, H: FieldLines<'a>>(
    method: Method<'a>,
    headers: H,
    resource: Resource<'a>,
    now: HttpDate,
    policy: Policy,
) -> Evaluation<'a> {
    let fields = headers.gather();
    let mut lists = ListResults::default();
    let decision = decide(
        &Inputs {
            kind: MethodKind::of(method),
            fields: &fields,
            resource: &resource,
            now,
            policy,
        },
        &mut Live {
            headers: &headers,
            fields: &fields,
            kept: &mut lists,
        },
        &mut NoRecord,
    );
    Evaluation {
        decision,
        method,
        resource,
        now,
        policy,
        fields,
        lists,
    }
}

/// The trace of an evaluation, from what it kept: the same steps, run
/// again, recording every outcome.
pub(crate) fn replay<'a>(eval: &Evaluation<'a>) -> Trace<'a> {
    let mut trace = Trace {
        range: eval.fields.is_present(Field::Range),
        ..Trace::default()
    };
    let decision = decide(
        &Inputs {
            kind: MethodKind::of(eval.method),
            fields: &eval.fields,
            resource: &eval.resource,
            now: eval.now,
            policy: eval.policy,
        },
        &mut Kept {
            fields: &eval.fields,
            lists: &eval.lists,
        },
        &mut trace,
    );
    debug_assert_eq!(decision, eval.decision);
    trace
}

/// What the steps look at besides the field lines.
struct Inputs<'f, 'a> {
    kind: MethodKind,
    fields: &'f FirstLines<'a>,
    resource: &'f Resource<'a>,
    now: HttpDate,
    policy: Policy,
}

impl Inputs<'_, '_> {
    fn has(&self, field: Field) -> bool {
        self.fields.is_present(field)
    }
}

/// Where the steps get a field's lines: from the request while deciding
/// ([`Live`]), from what the evaluation kept when tracing ([`Kept`]).
trait Source<'a> {
    /// An `If-Match` / `If-None-Match` list checked against `current`.
    fn list(
        &mut self,
        field: Field,
        current: Option<EntityTag<'a>>,
        comparison: Comparison,
    ) -> ListScan<'a>;
}

/// The request's lines. A list split over several lines is walked whole
/// and its result kept for the trace; everything else is read from the
/// first line.
struct Live<'h, 'f, 'k, 'a, H> {
    headers: &'h H,
    fields: &'f FirstLines<'a>,
    kept: &'k mut ListResults<'a>,
}

impl<'a, H: FieldLines<'a>> Source<'a> for Live<'_, '_, '_, 'a, H> {
    #[inline(always)]
    fn list(
        &mut self,
        field: Field,
        current: Option<EntityTag<'a>>,
        comparison: Comparison,
    ) -> ListScan<'a> {
        if !self.fields.has_more(field) {
            return conditions::list_line(first_line(self.fields, field), current, comparison);
        }
        let scan = crate::list::scan_lines(self.headers.lines(field), current.as_ref(), comparison);
        self.kept.keep(field, scan);
        scan
    }
}

/// What an evaluation kept of the request.
struct Kept<'e, 'a> {
    fields: &'e FirstLines<'a>,
    lists: &'e ListResults<'a>,
}

impl<'a> Source<'a> for Kept<'_, 'a> {
    fn list(
        &mut self,
        field: Field,
        current: Option<EntityTag<'a>>,
        comparison: Comparison,
    ) -> ListScan<'a> {
        match self.lists.get(field) {
            Some(scan) => scan,
            None => conditions::list_line(first_line(self.fields, field), current, comparison),
        }
    }
}

/// Where the steps record outcomes: nowhere while deciding, in a [`Trace`]
/// when tracing.
trait Record<'a> {
    /// Whether outcomes are recorded; when not, they are never built.
    const ON: bool;
    fn set(&mut self, precondition: Precondition, outcome: Outcome<'a>);
}

/// Records nothing: the decision alone.
struct NoRecord;

impl<'a> Record<'a> for NoRecord {
    const ON: bool = false;
    #[inline(always)]
    fn set(&mut self, _: Precondition, _: Outcome<'a>) {}
}

impl<'a> Record<'a> for Trace<'a> {
    const ON: bool = true;
    fn set(&mut self, precondition: Precondition, outcome: Outcome<'a>) {
        *match precondition {
            Precondition::IfMatch => &mut self.if_match,
            Precondition::IfUnmodifiedSince => &mut self.if_unmodified_since,
            Precondition::IfNoneMatch => &mut self.if_none_match,
            Precondition::IfModifiedSince => &mut self.if_modified_since,
            Precondition::IfRange => &mut self.if_range,
        } = outcome;
    }
}

/// The method, as far as RFC 9110 §13.2 cares (methods are case-sensitive,
/// §9.1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum MethodKind {
    Get,
    Head,
    /// CONNECT, OPTIONS, TRACE: every precondition ignored (§13.2.1).
    IgnoresPreconditions,
    /// Every other token, known or not: it may change state.
    Other,
}

impl MethodKind {
    #[inline(always)]
    fn of(method: Method<'_>) -> MethodKind {
        // GET and HEAD, the methods most requests carry, each as one word.
        const GET: u32 = u32::from_le_bytes(*b"GET\0");
        const HEAD: u32 = u32::from_le_bytes(*b"HEAD");
        match *method.as_bytes() {
            [a, b, c] if u32::from_le_bytes([a, b, c, 0]) == GET => MethodKind::Get,
            [a, b, c, d] if u32::from_le_bytes([a, b, c, d]) == HEAD => MethodKind::Head,
            [b'C', b'O', b'N', b'N', b'E', b'C', b'T']
            | [b'O', b'P', b'T', b'I', b'O', b'N', b'S']
            | [b'T', b'R', b'A', b'C', b'E'] => MethodKind::IgnoresPreconditions,
            _ => MethodKind::Other,
        }
    }

    fn is_get_or_head(self) -> bool {
        matches!(self, MethodKind::Get | MethodKind::Head)
    }
}

/// RFC 9110 §13.2.2, with RFC 6585 §3's 428 before it: each step says
/// whether it decides; every outcome goes to `rec`.
#[inline(always)]
fn decide<'a, S: Source<'a>, R: Record<'a>>(
    i: &Inputs<'_, 'a>,
    s: &mut S,
    rec: &mut R,
) -> Decision {
    // §13.2.1: methods that neither select nor modify a representation
    // ignore every precondition.
    if i.kind == MethodKind::IgnoresPreconditions {
        if R::ON {
            for p in Precondition::ALL {
                if i.has(p.field()) {
                    rec.set(p, Outcome::Ignored(Ignored::MethodIgnoresPreconditions));
                }
            }
        }
        return Decision::Proceed;
    }
    // Present fields start as not evaluated; those RFC 9110 ignores
    // whatever the other steps say are settled first (the 428 check needs
    // If-Unmodified-Since's).
    if R::ON {
        for p in Precondition::ALL {
            if i.has(p.field()) {
                rec.set(p, Outcome::NotEvaluated);
            }
        }
    }
    let ius = if_unmodified_since_applies(i, rec);
    let ims = if_modified_since_applies(i, rec);
    let if_range = if_range_applies(i, rec);

    // RFC 6585 §3, SPEC_NOTES.md "428-scope": before any precondition.
    if i.policy.requires_precondition()
        && i.kind == MethodKind::Other
        && !i.has(Field::IfMatch)
        && !i.has(Field::IfNoneMatch)
        && ius.is_none()
    {
        return Decision::PreconditionRequired;
    }
    if let Some(decision) = step_1_if_match(i, s, rec) {
        return decision;
    }
    if let Some(decision) = step_2_if_unmodified_since(ius, rec) {
        return decision;
    }
    if let Some(decision) = step_3_if_none_match(i, s, rec) {
        return decision;
    }
    if let Some(decision) = step_4_if_modified_since(ims, rec) {
        return decision;
    }
    if if_range {
        if let Some(decision) = step_5_if_range(i, rec) {
            return decision;
        }
    }
    step_6_range(i)
}

/// A single-valued field's lines (dates, `If-Range`): its first line, and
/// a second one when there are more, which is all the parser needs to
/// refuse it (RFC 9110 §5.3: more lines form a list, CHOICES 1).
fn single<'a>(i: &Inputs<'_, 'a>, field: Field) -> Lines<'a> {
    Lines::new(first_line(i.fields, field), i.fields.has_more(field))
}

/// The first line of a precondition field.
#[inline(always)]
fn first_line<'a>(fields: &FirstLines<'a>, field: Field) -> Option<&'a [u8]> {
    Precondition::try_from(field)
        .ok()
        .and_then(|p| fields.first(p))
}

/// `If-Unmodified-Since` is evaluated at step 2 only without `If-Match`
/// (RFC 9110 §13.1.4); see [`date_condition_applies`].
#[inline(always)]
fn if_unmodified_since_applies<'a>(
    i: &Inputs<'_, 'a>,
    rec: &mut impl Record<'a>,
) -> Option<DatePair> {
    let ignored = i
        .has(Field::IfMatch)
        .then_some(Ignored::SupersededBy(Precondition::IfMatch));
    date_condition_applies(i, Precondition::IfUnmodifiedSince, ignored, rec)
}

/// `If-Modified-Since` is evaluated at step 4 only for GET and HEAD, and
/// only without `If-None-Match` (RFC 9110 §13.1.3); see
/// [`date_condition_applies`].
#[inline(always)]
fn if_modified_since_applies<'a>(
    i: &Inputs<'_, 'a>,
    rec: &mut impl Record<'a>,
) -> Option<DatePair> {
    let ignored = if i.has(Field::IfNoneMatch) {
        Some(Ignored::SupersededBy(Precondition::IfNoneMatch))
    } else if !i.kind.is_get_or_head() {
        Some(Ignored::MethodNotGetOrHead)
    } else {
        None
    };
    date_condition_applies(i, Precondition::IfModifiedSince, ignored, rec)
}

/// A date condition (steps 2 and 4) that the request carries is evaluated
/// at its step unless the other fields or the method say to ignore it
/// (`ignored`), or it is not exactly one valid HTTP-date, or the resource
/// has no modification date (RFC 9110 §13.1.3, §13.1.4); an ignored one is
/// recorded with why.
#[inline(always)]
fn date_condition_applies<'a>(
    i: &Inputs<'_, 'a>,
    precondition: Precondition,
    ignored: Option<Ignored>,
    rec: &mut impl Record<'a>,
) -> Option<DatePair> {
    let field = precondition.field();
    if !i.has(field) {
        return None;
    }
    let why = match ignored {
        Some(why) => why,
        None => match conditions::date_pair(single(i, field), *i.resource, i.now) {
            Ok(dates) => return Some(dates),
            Err(why) => why,
        },
    };
    rec.set(precondition, Outcome::Ignored(why));
    None
}

/// `If-Range` is evaluated at step 5 only for a GET with `Range` (RFC 9110
/// §13.1.5); otherwise it is ignored.
#[inline(always)]
fn if_range_applies<'a>(i: &Inputs<'_, 'a>, rec: &mut impl Record<'a>) -> bool {
    if !i.has(Field::IfRange) {
        return false;
    }
    let why = if i.kind != MethodKind::Get {
        Ignored::MethodNotGet
    } else if !i.has(Field::Range) {
        Ignored::NoRange
    } else if !i.policy.supports_ranges() {
        Ignored::RangesNotSupported
    } else {
        return true;
    };
    rec.set(Precondition::IfRange, Outcome::Ignored(why));
    false
}

/// Step 1: `If-Match` false → 412 (RFC 9110 §13.1.1).
#[inline(always)]
fn step_1_if_match<'a, R: Record<'a>>(
    i: &Inputs<'_, 'a>,
    s: &mut impl Source<'a>,
    rec: &mut R,
) -> Option<Decision> {
    let truth = list_condition(i, s, rec, Precondition::IfMatch)?;
    (!truth).then_some(Decision::PreconditionFailed)
}

/// Step 2: `If-Unmodified-Since` false → 412 (RFC 9110 §13.1.4).
#[inline(always)]
fn step_2_if_unmodified_since<'a>(
    ius: Option<DatePair>,
    rec: &mut impl Record<'a>,
) -> Option<Decision> {
    let dates = ius?;
    let truth = !dates.modified_since();
    rec.set(Precondition::IfUnmodifiedSince, dates.outcome(truth));
    (!truth).then_some(Decision::PreconditionFailed)
}

/// Step 3: `If-None-Match` false → 304 for GET and HEAD, 412 otherwise
/// (RFC 9110 §13.1.2).
#[inline(always)]
fn step_3_if_none_match<'a, R: Record<'a>>(
    i: &Inputs<'_, 'a>,
    s: &mut impl Source<'a>,
    rec: &mut R,
) -> Option<Decision> {
    if list_condition(i, s, rec, Precondition::IfNoneMatch)? {
        return None;
    }
    Some(if i.kind.is_get_or_head() {
        Decision::NotModified
    } else {
        Decision::PreconditionFailed
    })
}

/// The truth of `If-Match` (strong comparison) or `If-None-Match` (weak
/// comparison) when the request carries it (RFC 9110 §13.1.1, §13.1.2),
/// recorded with why; `None` when it does not.
#[inline(always)]
fn list_condition<'a, R: Record<'a>>(
    i: &Inputs<'_, 'a>,
    s: &mut impl Source<'a>,
    rec: &mut R,
    precondition: Precondition,
) -> Option<bool> {
    let field = precondition.field();
    if !i.has(field) {
        return None;
    }
    let if_match = precondition == Precondition::IfMatch;
    let comparison = if if_match {
        Comparison::Strong
    } else {
        Comparison::Weak
    };
    let scan = s.list(field, i.resource.etag(), comparison);
    let truth = if if_match {
        conditions::if_match_truth(&scan, *i.resource)
    } else {
        conditions::if_none_match_truth(&scan, *i.resource)
    };
    if R::ON {
        let outcome = if if_match {
            conditions::if_match(scan, *i.resource)
        } else {
            conditions::if_none_match(scan, *i.resource)
        };
        rec.set(precondition, outcome);
    }
    Some(truth)
}

/// Step 4: `If-Modified-Since` false → 304 (RFC 9110 §13.1.3).
#[inline(always)]
fn step_4_if_modified_since<'a>(
    ims: Option<DatePair>,
    rec: &mut impl Record<'a>,
) -> Option<Decision> {
    let dates = ims?;
    let truth = dates.modified_since();
    rec.set(Precondition::IfModifiedSince, dates.outcome(truth));
    (!truth).then_some(Decision::NotModified)
}

/// Step 5: `If-Range` false → ignore `Range`, send the whole
/// representation (RFC 9110 §13.1.5).
#[inline(always)]
fn step_5_if_range<'a>(i: &Inputs<'_, 'a>, rec: &mut impl Record<'a>) -> Option<Decision> {
    let outcome = conditions::if_range(single(i, Field::IfRange), *i.resource, i.now);
    let truth = matches!(outcome, Outcome::True(_));
    rec.set(Precondition::IfRange, outcome);
    (!truth).then_some(Decision::Proceed)
}

/// Step 6: proceed, honouring `Range` for a GET only (RFC 9110 §14.2), of
/// a resource that supports ranges.
#[inline(always)]
fn step_6_range(i: &Inputs<'_, '_>) -> Decision {
    if i.kind == MethodKind::Get && i.has(Field::Range) && i.policy.supports_ranges() {
        Decision::ProceedWithRange
    } else {
        Decision::Proceed
    }
}

#[cfg(test)]
mod tests {
    use super::conditions::is_strong_last_modified;
    use super::*;
    use crate::etag::EntityTag;
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

    // RFC 9110 §9.1 (methods are case-sensitive), §13.2.1: only the exact
    // names are GET, HEAD or a method that ignores preconditions; one byte
    // changed anywhere, a byte added or one taken away makes another method
    #[test]
    fn methods_are_recognized_by_their_exact_bytes() {
        let known = [
            ("GET", MethodKind::Get),
            ("HEAD", MethodKind::Head),
            ("CONNECT", MethodKind::IgnoresPreconditions),
            ("OPTIONS", MethodKind::IgnoresPreconditions),
            ("TRACE", MethodKind::IgnoresPreconditions),
        ];
        let kind = |m: &[u8]| MethodKind::of(Method::from(m));
        for (name, expected) in known {
            assert!(kind(name.as_bytes()) == expected, "{name}");
            let name = name.as_bytes();
            for at in 0..name.len() {
                for b in [0, b' ', name[at] ^ 0x20, name[at] + 1] {
                    let mut changed = name.to_vec();
                    changed[at] = b;
                    assert!(kind(&changed) == MethodKind::Other, "{changed:?}");
                }
            }
            let mut longer = name.to_vec();
            longer.push(0);
            assert!(kind(&longer) == MethodKind::Other, "{longer:?}");
            assert!(kind(&name[..name.len() - 1]) == MethodKind::Other);
        }
        assert!(kind(b"") == MethodKind::Other);
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
