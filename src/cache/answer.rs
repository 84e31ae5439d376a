//! RFC 9111 §4.3.2: a cache answering a conditional request from what it
//! stored, by the same evaluation an origin server runs (RFC 9110 §13.2.2),
//! with the selected stored response's validators in place of the current
//! ones and without the preconditions that only an origin server evaluates.

use core::fmt;

use crate::cache::stored::{most_recent, Recency, Stored};
// Only the public API of the origin's evaluation, through the crate root.
use crate::{
    evaluate, Decision, Evaluation, Field, FieldLines, HttpDate, LastModifiedStrength, Method,
    Policy, Resource, Validators,
};

/// A request's field lines as a cache sees them: `If-Match` and
/// `If-Unmodified-Since` are hidden, every other field passes through.
///
/// RFC 9111 §4.3.2: "The If-Match and If-Unmodified-Since conditional header
/// fields are not applicable to a cache"; RFC 9110 §13.2.2 gives their
/// steps to the origin server. [`answer`] evaluates through this view, so a
/// cache never answers 412 because of them.
///
/// ```
/// use http_conditional::cache::CacheView;
/// use http_conditional::{Field, FieldLines};
///
/// let headers = [("If-Match", "\"a\""), ("If-None-Match", "\"b\"")];
/// let view = CacheView::new(&headers);
/// assert!(!view.contains(Field::IfMatch));
/// assert!(view.contains(Field::IfNoneMatch));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CacheView<H> {
    headers: H,
}

impl<H> CacheView<H> {
    /// The cache's view of `headers`.
    pub const fn new(headers: H) -> Self {
        CacheView { headers }
    }

    /// Whether a cache leaves `field` to the origin server (RFC 9111
    /// §4.3.2): `If-Match` and `If-Unmodified-Since`.
    pub const fn hides(field: Field) -> bool {
        matches!(field, Field::IfMatch | Field::IfUnmodifiedSince)
    }
}

/// The lines of one field through a [`CacheView`]: none for the fields a
/// cache does not evaluate.
#[derive(Clone, Debug)]
pub struct CacheLines<L> {
    lines: Option<L>,
}

impl<'a, L: Iterator<Item = &'a [u8]>> Iterator for CacheLines<L> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.lines.as_mut()?.next()
    }
}

impl<'a, H: FieldLines<'a>> FieldLines<'a> for CacheView<H> {
    type Lines = CacheLines<H::Lines>;

    fn lines(&self, field: Field) -> Self::Lines {
        CacheLines {
            lines: if Self::hides(field) {
                None
            } else {
                Some(self.headers.lines(field))
            },
        }
    }
}

/// What the cache sends, from the stored response [`Answer::stored`] names.
///
/// Exhaustive on purpose: a cache never answers 412 or 428 (RFC 9111
/// §4.3.2; SPEC_NOTES.md "cache-origin-only"), so there is nothing else.
///
/// ```
/// use http_conditional::cache::Action;
/// assert_eq!(Action::NotModified.status(), 304);
/// assert_eq!(Action::ServeRange.to_string(), "206 Partial Content");
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Send a 304 built from the stored response's header fields (RFC 9110
    /// §15.4.5; with the `http` feature, `http::not_modified`).
    NotModified,
    /// Send the stored response whole (200); any `Range` is absent or to be
    /// ignored (a false `If-Range`, or a HEAD).
    Serve,
    /// Send the requested range of the stored response (206, RFC 9110
    /// §14.2, §15.3.7); the caller parses `Range` itself.
    ServeRange,
}

impl Action {
    /// 304, 200 or 206.
    pub const fn status(self) -> u16 {
        match self {
            Action::NotModified => 304,
            Action::Serve => 200,
            Action::ServeRange => 206,
        }
    }

    /// The reason phrase of [`status`](Self::status).
    pub const fn reason_phrase(self) -> &'static str {
        match self {
            Action::NotModified => "Not Modified",
            Action::Serve => "OK",
            Action::ServeRange => "Partial Content",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status(), self.reason_phrase())
    }
}

/// What `If-Modified-Since` is compared with, when the request's
/// `If-Modified-Since` is compared at all (RFC 9111 §4.3.2).
///
/// ```
/// use http_conditional::cache::ModifiedBasis;
/// assert_eq!(ModifiedBasis::Date.describe(), "Date");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModifiedBasis {
    /// The stored `Last-Modified`.
    LastModified,
    /// The stored `Date`: the stored response has no valid `Last-Modified`.
    Date,
    /// The time the cache received it: it has neither.
    Received,
}

impl ModifiedBasis {
    /// `"Last-Modified"`, `"Date"` or `"time received"`.
    pub const fn describe(self) -> &'static str {
        match self {
            ModifiedBasis::LastModified => "Last-Modified",
            ModifiedBasis::Date => "Date",
            ModifiedBasis::Received => "time received",
        }
    }
}

/// Why a cache cannot answer the request from stored responses.
///
/// ```
/// use http_conditional::cache::{answer, AnswerError, Stored};
/// use http_conditional::{HttpDate, Method};
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH)];
/// let put = answer(Method::PUT, &[("If-Match", "\"a\"")], &stored, HttpDate::MAX);
/// assert_eq!(put.unwrap_err(), AnswerError::MethodNotGetOrHead);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnswerError {
    /// The slice of stored responses is empty: forward the request.
    NoStoredResponse,
    /// The method is not GET or HEAD: a cache writes unsafe methods through
    /// to the origin server and answers only GET and HEAD itself (RFC 9111
    /// §4; SPEC_NOTES.md "cache-origin-only").
    MethodNotGetOrHead,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NoStoredResponse => f.write_str(
                "no stored response to answer from: forward the request (RFC 9111 §4.1)",
            ),
            AnswerError::MethodNotGetOrHead => f.write_str(
                "a cache answers only GET and HEAD from stored responses; forward the request \
                 to the origin server (RFC 9111 §4)",
            ),
        }
    }
}

impl core::error::Error for AnswerError {}

/// A cache's answer to a request: what to send, from which stored
/// response, and the evaluation that decided it.
///
/// `Display` writes one line citing RFC 9111 and RFC 9110; it allocates
/// nothing.
///
/// ```
/// use http_conditional::cache::{answer, Action, Stored};
/// use http_conditional::{HttpDate, Method};
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"a\"")];
/// let headers = [("If-None-Match", "\"x\", \"a\""), ("If-Match", "\"zzz\"")];
/// let answer = answer(Method::GET, &headers, &stored, HttpDate::MAX)?;
/// assert_eq!((answer.action(), answer.stored()), (Action::NotModified, 0));
/// assert!(answer.to_string().starts_with("304 Not Modified from stored response 0"));
/// # Ok::<(), http_conditional::cache::AnswerError>(())
/// ```
#[must_use]
#[derive(Clone, Debug)]
pub struct Answer<'a> {
    action: Action,
    stored: usize,
    recency: Recency,
    candidates: usize,
    modified_basis: ModifiedBasis,
    if_modified_since_present: bool,
    if_match_present: bool,
    if_unmodified_since_present: bool,
    evaluation: Evaluation<'a>,
}

impl<'a> Answer<'a> {
    /// What to send.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The status of what to send: 304, 200 or 206.
    pub const fn status(&self) -> u16 {
        self.action.status()
    }

    /// The index (in the slice given to [`answer`]) of the stored response
    /// the answer is built from: the most recent one (RFC 9111 §4).
    pub const fn stored(&self) -> usize {
        self.stored
    }

    /// What `If-Modified-Since` is compared with in that stored response
    /// (RFC 9111 §4.3.2).
    pub const fn modified_basis(&self) -> ModifiedBasis {
        self.modified_basis
    }

    /// The RFC 9110 §13.2.2 evaluation against the stored response's
    /// validators, through a [`CacheView`] of the request.
    pub const fn evaluation(&self) -> &Evaluation<'a> {
        &self.evaluation
    }
}

impl fmt::Display for Answer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} from stored response {}", self.action, self.stored)?;
        if self.candidates > 1 {
            write!(
                f,
                " (the most recent of {} by {}, RFC 9111 §4)",
                self.candidates,
                self.recency.describe()
            )?;
        }
        write!(
            f,
            ", evaluated as RFC 9111 §4.3.2 says: {}",
            self.evaluation
        )?;
        if self.if_modified_since_present && self.modified_basis != ModifiedBasis::LastModified {
            write!(
                f,
                "; the stored {} stands in for Last-Modified in If-Modified-Since, as the \
                 stored response has no Last-Modified (RFC 9111 §4.3.2)",
                self.modified_basis.describe()
            )?;
        }
        match (self.if_match_present, self.if_unmodified_since_present) {
            (false, false) => Ok(()),
            (true, true) => f.write_str(
                "; If-Match and If-Unmodified-Since not evaluated: they are not applicable \
                 to a cache (RFC 9111 §4.3.2)",
            ),
            (true, false) => f.write_str(
                "; If-Match not evaluated: it is not applicable to a cache (RFC 9111 §4.3.2)",
            ),
            (false, true) => f.write_str(
                "; If-Unmodified-Since not evaluated: it is not applicable to a cache \
                 (RFC 9111 §4.3.2)",
            ),
        }
    }
}

/// Answers a GET or HEAD from the selectable stored responses, as RFC 9111
/// §4 and §4.3.2 say.
///
/// - `method`: GET or HEAD (anything else is an error: a cache forwards it).
/// - `headers`: the request's field lines (see [`FieldLines`]).
/// - `stored`: the stored responses that may answer (URI, method and
///   `Vary` already matched; freshness, or a successful validation, is the
///   caller's decision, RFC 9111 §4).
/// - `now`: the cache's clock; it only reads two-digit rfc850 years
///   (RFC 9110 §5.6.7).
///
/// The steps:
///
/// 1. The most recent stored response answers: the latest `Date`, one
///    without a valid `Date` counting with the time it was received, the
///    first listed on a tie (RFC 9111 §4; SPEC_NOTES.md
///    "cache-most-recent"). Every precondition is evaluated against it only.
/// 2. [`evaluate`](fn@crate::evaluate) decides, with the method, a [`CacheView`] of the request
///    (no `If-Match`, no `If-Unmodified-Since`: "not applicable to a cache",
///    §4.3.2), the default [`Policy`] (or the one given to [`answer_with`];
///    a GET or HEAD never gets a 428), and the
///    stored response's validators: its entity-tag, and for
///    `If-Modified-Since` its `Last-Modified`, else its `Date`, else the time
///    it was received (§4.3.2's three cases). `Last-Modified` is a strong
///    validator for `If-Range` only when the stored `Date` is at least one
///    second later (RFC 9110 §8.8.2.2); a stand-in date never matches an
///    `If-Range` date.
/// 3. 304 → [`Action::NotModified`], 206 → [`Action::ServeRange`], anything
///    else → [`Action::Serve`].
///
/// It allocates nothing, never panics, and its time is linear in the bytes
/// of the conditional fields and of the stored validators.
///
/// # Errors
///
/// [`AnswerError::NoStoredResponse`] for an empty `stored`, and
/// [`AnswerError::MethodNotGetOrHead`] for any method but GET and HEAD.
///
/// # Examples
///
/// `If-None-Match` is evaluated against the most recent stored response
/// only; `If-Match` never turns into a 412 at a cache:
///
/// ```
/// use http_conditional::cache::{answer, Action, Stored};
/// use http_conditional::{HttpDate, Method};
///
/// let t = HttpDate::UNIX_EPOCH;
/// let stored = [
///     Stored::new(t).with_etag("\"a\"").with_date("Tue, 15 Oct 2024 08:00:00 GMT"),
///     Stored::new(t).with_etag("\"b\"").with_date("Wed, 16 Oct 2024 09:30:00 GMT"),
/// ];
/// let old_tag = answer(Method::GET, &[("If-None-Match", "\"a\"")], &stored, HttpDate::MAX)?;
/// assert_eq!((old_tag.action(), old_tag.stored()), (Action::Serve, 1));
///
/// let guarded = answer(Method::GET, &[("If-Match", "\"nope\"")], &stored, HttpDate::MAX)?;
/// assert_eq!(guarded.status(), 200);
/// # Ok::<(), http_conditional::cache::AnswerError>(())
/// ```
///
/// `If-Modified-Since` falls back to the stored `Date`:
///
/// ```
/// use http_conditional::cache::{answer, Action, ModifiedBasis, Stored};
/// use http_conditional::{HttpDate, Method};
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_date("Tue, 15 Oct 2024 08:00:00 GMT")];
/// let headers = [("If-Modified-Since", "Tue, 15 Oct 2024 08:00:00 GMT")];
/// let answer = answer(Method::GET, &headers, &stored, HttpDate::MAX)?;
/// assert_eq!(answer.action(), Action::NotModified);
/// assert_eq!(answer.modified_basis(), ModifiedBasis::Date);
/// # Ok::<(), http_conditional::cache::AnswerError>(())
/// ```
pub fn answer<'a, H: FieldLines<'a>>(
    method: Method<'a>,
    headers: H,
    stored: &[Stored<'a>],
    now: HttpDate,
) -> Result<Answer<'a>, AnswerError> {
    answer_with(method, headers, stored, now, Policy::new())
}

/// [`answer`], with the cache's own [`Policy`]: for a cache that does not
/// cut ranges, `Policy::new().ranges(false)` makes it ignore `Range`, and
/// so `If-Range` (RFC 9110 §14.2, §13.1.5): the answer is then never
/// [`Action::ServeRange`], and its explanation says why. A GET or HEAD
/// never needs a precondition, so
/// [`require_precondition`](Policy::require_precondition) changes nothing
/// here.
///
/// # Errors
///
/// As [`answer`].
///
/// # Examples
///
/// ```
/// use http_conditional::cache::{answer, answer_with, Action, Stored};
/// use http_conditional::{HttpDate, Method, Policy};
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("\"a\"")];
/// let headers = [("Range", "bytes=0-4"), ("If-Range", "\"a\"")];
/// let cuts = answer(Method::GET, &headers, &stored, HttpDate::MAX)?;
/// assert_eq!(cuts.action(), Action::ServeRange);
///
/// let whole = answer_with(Method::GET, &headers, &stored, HttpDate::MAX, Policy::new().ranges(false))?;
/// assert_eq!(whole.action(), Action::Serve);
/// # Ok::<(), http_conditional::cache::AnswerError>(())
/// ```
pub fn answer_with<'a, H: FieldLines<'a>>(
    method: Method<'a>,
    headers: H,
    stored: &[Stored<'a>],
    now: HttpDate,
    policy: Policy,
) -> Result<Answer<'a>, AnswerError> {
    if !method.is_get_or_head() {
        return Err(AnswerError::MethodNotGetOrHead);
    }
    let Some(index) = most_recent(stored, now) else {
        return Err(AnswerError::NoStoredResponse);
    };
    let chosen = stored[index];
    let date = chosen.date(now);
    let (modified, modified_basis, strength) = match (chosen.last_modified(now), date) {
        // RFC 9110 §8.8.2.2: strong when the stored Date is a second later.
        (Some(lm), Some(d)) if d.unix_seconds() > lm.unix_seconds() => (
            lm,
            ModifiedBasis::LastModified,
            LastModifiedStrength::Strong,
        ),
        (Some(lm), _) => (lm, ModifiedBasis::LastModified, LastModifiedStrength::Weak),
        // RFC 9111 §4.3.2, cases 2 and 3 of If-Modified-Since. A stand-in is
        // no Last-Modified, so it is declared weak: an If-Range date never
        // matches it (SPEC_NOTES.md "cache-if-range-date").
        (None, Some(d)) => (d, ModifiedBasis::Date, LastModifiedStrength::Weak),
        (None, None) => (
            chosen.received,
            ModifiedBasis::Received,
            LastModifiedStrength::Weak,
        ),
    };
    let validators = Validators::from_options(chosen.etag(), Some(modified))
        .with_last_modified_strength(strength);
    let if_modified_since_present = headers.contains(Field::IfModifiedSince);
    let if_match_present = headers.contains(Field::IfMatch);
    let if_unmodified_since_present = headers.contains(Field::IfUnmodifiedSince);
    let evaluation = evaluate(
        method,
        CacheView::new(headers),
        Resource::Current(validators),
        now,
        policy,
    );
    let action = match evaluation.decision() {
        Decision::NotModified => Action::NotModified,
        Decision::ProceedWithRange => Action::ServeRange,
        // Without If-Match, If-Unmodified-Since and the 428 policy, and for
        // GET or HEAD, `evaluate` decides nothing else; were it to, the
        // stored response is served whole, never a 412 or 428.
        Decision::Proceed | Decision::PreconditionFailed | Decision::PreconditionRequired => {
            Action::Serve
        }
    };
    Ok(Answer {
        action,
        stored: index,
        recency: chosen.recency(now),
        candidates: stored.len(),
        modified_basis,
        if_modified_since_present,
        if_match_present,
        if_unmodified_since_present,
        evaluation,
    })
}
