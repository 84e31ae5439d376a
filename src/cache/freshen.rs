//! RFC 9111 §4.3.4: which stored responses a 304 (Not Modified) updates.

use core::fmt;

use crate::cache::stored::{most_recent_of, NewResponse, Stored};
use crate::{EntityTag, HttpDate};

/// Which rule of RFC 9111 §4.3.4 selected the stored responses to update:
/// the first that applies to the 304's validators.
///
/// ```
/// use http_conditional::cache::{freshen, FreshenRule, NewResponse, Stored};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("W/\"a\"")];
/// let weak = NewResponse::new().with_etag("W/\"a\"");
/// assert_eq!(freshen(&stored, weak, HttpDate::MAX).rule(), FreshenRule::WeakValidator);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FreshenRule {
    /// The 304 has a strong validator: a strong `ETag`, or a `Last-Modified`
    /// at least one second before its own `Date` (RFC 9110 §8.8.2.2). Every
    /// stored response with that strong validator is updated; if none has
    /// it, nothing is (the 304 MUST NOT be used).
    StrongValidator,
    /// The 304 has only weak validators: the most recent stored response
    /// that matches one (weak comparison of tags, same instant of dates) is
    /// updated.
    WeakValidator,
    /// The 304 has no validator: the only stored response is updated if it
    /// has none either.
    NoValidator,
}

impl FreshenRule {
    /// Which bullet of RFC 9111 §4.3.4 this is: `"first"`, `"second"` or
    /// `"third"`.
    pub const fn bullet(self) -> &'static str {
        match self {
            FreshenRule::StrongValidator => "first",
            FreshenRule::WeakValidator => "second",
            FreshenRule::NoValidator => "third",
        }
    }
}

/// The stored responses a 304 updates (RFC 9111 §4.3.4), by index.
///
/// In every rule, a stored response whose entity-tag contradicts the 304's
/// (does not match it by the rule's comparison: strong when the 304's tag is
/// strong, weak otherwise) holds another representation and is never
/// updated, whatever its `Last-Modified` says (SPEC_NOTES.md
/// "freshen-select"). So a 304 is never applied to a stored response whose
/// validator did not match.
///
/// `Display` explains the selection in one line.
///
/// ```
/// use http_conditional::cache::{freshen, NewResponse, Stored};
/// use http_conditional::HttpDate;
///
/// let t = HttpDate::UNIX_EPOCH;
/// let stored = [Stored::new(t).with_etag("\"a\""), Stored::new(t).with_etag("\"b\"")];
/// let update = freshen(&stored, NewResponse::new().with_etag("\"b\""), HttpDate::MAX);
/// assert_eq!(update.indices().collect::<Vec<_>>(), [1]);
/// assert!(!update.updates(0));
///
/// // A 304 whose strong tag no stored response has updates nothing.
/// let other = freshen(&stored, NewResponse::new().with_etag("\"c\""), HttpDate::MAX);
/// assert!(other.is_empty());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshen<'a> {
    stored: &'a [Stored<'a>],
    now: HttpDate,
    rule: FreshenRule,
    selection: Selection<'a>,
}

/// The selection, as a predicate over stored responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Selection<'a> {
    /// Every stored response that has one of these strong validators and
    /// whose tag does not contradict `etag`.
    Strong {
        strong_etag: Option<EntityTag<'a>>,
        strong_last_modified: Option<HttpDate>,
        etag: Option<EntityTag<'a>>,
    },
    /// Exactly this stored response, or none.
    One(Option<usize>),
}

impl<'a> Freshen<'a> {
    /// The rule that applied.
    pub const fn rule(&self) -> FreshenRule {
        self.rule
    }

    /// Whether the 304 updates the stored response at `index`.
    pub fn updates(&self, index: usize) -> bool {
        match self.selection {
            Selection::One(one) => one == Some(index),
            Selection::Strong {
                strong_etag,
                strong_last_modified,
                etag,
            } => self.stored.get(index).is_some_and(|s| {
                let stored_etag = s.etag();
                let by_etag = match (strong_etag, stored_etag) {
                    (Some(new), Some(old)) => new.strong_eq(&old),
                    _ => false,
                };
                let by_date = match strong_last_modified {
                    Some(new) => s.last_modified(self.now) == Some(new),
                    None => false,
                };
                (by_etag || by_date) && !contradicts(etag, stored_etag)
            }),
        }
    }

    /// The indices of the stored responses to update, ascending.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.stored.len()).filter(move |&i| self.updates(i))
    }

    /// Whether the 304 updates nothing: the cache must not use it to update
    /// a stored response (RFC 9111 §4.3.4), and it cannot answer the request
    /// from it. Send the request again without preconditions.
    pub fn is_empty(&self) -> bool {
        self.indices().next().is_none()
    }
}

impl fmt::Display for Freshen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.indices().count();
        if count == 0 {
            f.write_str("the 304 updates no stored response: ")?;
        } else {
            let s = if count == 1 { "" } else { "s" };
            f.write_str("the 304 updates stored response")?;
            f.write_str(s)?;
            for (k, i) in self.indices().enumerate() {
                f.write_str(if k == 0 { " " } else { ", " })?;
                write!(f, "{i}")?;
            }
            f.write_str(": ")?;
        }
        match (self.rule, self.selection) {
            (FreshenRule::StrongValidator, Selection::Strong { strong_etag, .. }) => {
                match strong_etag {
                    Some(tag) => write!(f, "it carries the strong validator ETag {tag}")?,
                    None => f.write_str(
                        "it carries a strong Last-Modified (a second or more before its Date, \
                         RFC 9110 §8.8.2.2)",
                    )?,
                }
                match count {
                    0 => f.write_str(
                        ", which no stored response has (strong comparison, RFC 9110 §8.8.3.2), \
                         so it MUST NOT be used",
                    )?,
                    1 => f.write_str(", and so does that stored response")?,
                    _ => f.write_str(", and so do those stored responses")?,
                }
            }
            (FreshenRule::WeakValidator, _) if count == 0 => f.write_str(
                "no stored response matches its weak validators without contradicting its ETag",
            )?,
            (FreshenRule::WeakValidator, _) => {
                f.write_str("the most recent stored response that matches its weak validators")?
            }
            (_, _) if count == 0 => f.write_str(
                "it has no validator, and there is not exactly one stored response without one",
            )?,
            (_, _) => f.write_str("it has no validator, nor does the only stored response")?,
        }
        write!(f, " (RFC 9111 §4.3.4, {} rule)", self.rule.bullet())
    }
}

/// Whether a stored entity-tag shows another representation than the new
/// response's: it does not match by the comparison the new tag calls for
/// (strong for a strong tag, weak for a weak one).
fn contradicts(new: Option<EntityTag<'_>>, stored: Option<EntityTag<'_>>) -> bool {
    match (new, stored) {
        (Some(new), Some(stored)) if new.is_weak() => !new.weak_eq(&stored),
        (Some(new), Some(stored)) => !new.strong_eq(&stored),
        _ => false,
    }
}

/// Selects the stored responses a 304 updates, by the first rule of RFC 9111
/// §4.3.4 that applies (see [`FreshenRule`] and [`Freshen`]).
///
/// `response` holds the 304's `ETag`, `Last-Modified` and `Date`; a value
/// that does not parse counts as absent, so that the strict rules decide.
/// `now` is the cache's clock, for two-digit rfc850 years. Merge the 304's
/// fields into each selected stored response with
/// [`Merge`](crate::cache::Merge).
///
/// It allocates nothing, never panics, and its time is linear in the bytes
/// of the validators (each call of [`Freshen::updates`] reads one stored
/// response).
///
/// # Examples
///
/// A strong `ETag` that matches only a weak stored tag updates nothing
/// (strong comparison, RFC 9110 §8.8.3.2):
///
/// ```
/// use http_conditional::cache::{freshen, NewResponse, Stored};
/// use http_conditional::HttpDate;
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("W/\"a\"")];
/// assert!(freshen(&stored, NewResponse::new().with_etag("\"a\""), HttpDate::MAX).is_empty());
/// ```
pub fn freshen<'a>(
    stored: &'a [Stored<'a>],
    response: NewResponse<'a>,
    now: HttpDate,
) -> Freshen<'a> {
    let etag = response.etag();
    let last_modified = response.last_modified(now);
    let strong_etag = etag.filter(|t| !t.is_weak());
    let strong_last_modified = last_modified.filter(|_| response.last_modified_is_strong(now));
    let (rule, selection) = if strong_etag.is_some() || strong_last_modified.is_some() {
        (
            FreshenRule::StrongValidator,
            Selection::Strong {
                strong_etag,
                strong_last_modified,
                etag,
            },
        )
    } else if etag.is_some() || last_modified.is_some() {
        let matches = |i: usize| {
            let s = &stored[i];
            let stored_etag = s.etag();
            let by_etag = match (etag, stored_etag) {
                (Some(new), Some(old)) => new.weak_eq(&old),
                _ => false,
            };
            let by_date = last_modified.is_some() && s.last_modified(now) == last_modified;
            (by_etag || by_date) && !contradicts(etag, stored_etag)
        };
        (
            FreshenRule::WeakValidator,
            Selection::One(most_recent_of(stored, now, matches)),
        )
    } else {
        let only = match stored {
            [one] if !one.has_validator(now) => Some(0),
            _ => None,
        };
        (FreshenRule::NoValidator, Selection::One(only))
    };
    Freshen {
        stored,
        now,
        rule,
        selection,
    }
}
