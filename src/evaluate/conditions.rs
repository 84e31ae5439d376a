//! What each precondition's condition means (RFC 9110 §13.1.1-§13.1.5),
//! evaluated against the resource's current state. The order in which
//! they are evaluated is the business of the parent module alone.

use crate::abnf::trim_ows;
use crate::date::HttpDate;
use crate::etag::EntityTag;
use crate::etag::{checked_tag, whole_tag, Comparison};
use crate::list::{scan, ListScan};
use crate::parse::{self, IfRange};
use crate::resource::{LastModifiedStrength, Resource};
use crate::trace::{Ignored, Outcome, Reason};

/// The lines of a single-valued field as the parsers see them: the first
/// line, then, if the request has more, a second one. Its content does not
/// matter: a second line alone makes the field invalid (RFC 9110 §5.3,
/// CHOICES 1), which is all the parsers check.
#[derive(Clone, Copy)]
pub(super) struct Lines<'a> {
    first: Option<&'a [u8]>,
    more: bool,
}

impl<'a> Lines<'a> {
    pub(super) fn new(first: Option<&'a [u8]>, more: bool) -> Self {
        Lines { first, more }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        match self.first.take() {
            Some(line) => Some(line),
            None if self.more => {
                self.more = false;
                Some(b"")
            }
            None => None,
        }
    }
}

/// A date condition ready for its step: the request's date and the
/// resource's modification date (RFC 9110 §13.1.3, §13.1.4).
#[derive(Clone, Copy)]
pub(super) struct DatePair {
    date: HttpDate,
    last_modified: HttpDate,
}

impl DatePair {
    /// Whether the resource was modified after the request's date.
    pub(super) fn modified_since(self) -> bool {
        self.last_modified > self.date
    }

    /// The outcome with this truth value.
    pub(super) fn outcome<'a>(self, truth: bool) -> Outcome<'a> {
        let reason = Reason::Dates {
            date: self.date,
            last_modified: self.last_modified,
        };
        if truth {
            Outcome::True(reason)
        } else {
            Outcome::False(reason)
        }
    }
}

/// `If-Unmodified-Since` / `If-Modified-Since`: the two dates to compare,
/// or why the field is ignored: not exactly one valid HTTP-date, or no
/// modification date to compare with (RFC 9110 §13.1.3, §13.1.4).
pub(super) fn date_pair<'a>(
    lines: Lines<'a>,
    resource: Resource<'_>,
    now: HttpDate,
) -> Result<DatePair, Ignored> {
    // The common case, one valid line, without the iterator; every error
    // is left to the whole-field parser, which words it exactly.
    let date = match lines {
        Lines {
            first: Some(line),
            more: false,
        } => match HttpDate::parse(trim_ows(line), now) {
            Ok(date) => date,
            Err(_) => parse::date(lines, now).map_err(Ignored::Malformed)?,
        },
        _ => parse::date(lines, now).map_err(Ignored::Malformed)?,
    };
    let last_modified = resource.last_modified().ok_or(Ignored::NoLastModified)?;
    Ok(DatePair {
        date,
        last_modified,
    })
}

/// RFC 9110 §13.1.1: whether `If-Match` is true. `*` is true if there is
/// a current representation; a list is true if a member strongly matches
/// the current entity-tag. An invalid field is false (SPEC_NOTES.md
/// "invalid-list").
#[inline(always)]
pub(super) fn if_match_truth(scan: &ListScan<'_>, resource: Resource<'_>) -> bool {
    match scan {
        ListScan::Any => resource.exists(),
        ListScan::Malformed(_) => false,
        ListScan::Tags { matched, .. } => matched.is_some(),
    }
}

/// RFC 9110 §13.1.2: whether `If-None-Match` is true. `*` is false if
/// there is a current representation; a list is false if a member weakly
/// matches the current entity-tag. An invalid field is true (SPEC_NOTES.md
/// "invalid-list").
#[inline(always)]
pub(super) fn if_none_match_truth(scan: &ListScan<'_>, resource: Resource<'_>) -> bool {
    match scan {
        ListScan::Any => !resource.exists(),
        ListScan::Malformed(_) => true,
        ListScan::Tags { matched, .. } => matched.is_none(),
    }
}

/// The outcome of `If-Match`, as [`if_match_truth`] decides it, with why.
pub(super) fn if_match<'a>(scan: ListScan<'a>, resource: Resource<'a>) -> Outcome<'a> {
    let truth = if_match_truth(&scan, resource);
    let reason = list_reason(scan, resource, Comparison::Strong);
    if truth {
        Outcome::True(reason)
    } else {
        Outcome::False(reason)
    }
}

/// The outcome of `If-None-Match`, as [`if_none_match_truth`] decides it,
/// with why.
pub(super) fn if_none_match<'a>(scan: ListScan<'a>, resource: Resource<'a>) -> Outcome<'a> {
    let truth = if_none_match_truth(&scan, resource);
    let reason = list_reason(scan, resource, Comparison::Weak);
    if truth {
        Outcome::True(reason)
    } else {
        Outcome::False(reason)
    }
}

/// An `If-Match` / `If-None-Match` field on one line (or none) checked
/// against the current tag. Most requests carry one tag: that is read as
/// one entity-tag (RFC 9110 §8.8.3), the grammar the list walk applies
/// member by member; anything else is walked as a list (§5.6.1).
#[inline(always)]
pub(super) fn list_line<'a>(
    line: Option<&'a [u8]>,
    current: Option<EntityTag<'a>>,
    comparison: Comparison,
) -> ListScan<'a> {
    if let Some(line) = line {
        // A value longer than the tag of any common hash (`W/` and a
        // SHA-512 in hex: 132 bytes) is most likely a list: the walk reads
        // it at once, as it would read a long tag. A value that starts and
        // ends like a tag (most do) has no OWS to trim.
        const LONGEST: usize = 132;
        let tag = match line {
            [b'"', opaque @ .., b'"'] if opaque.len() <= LONGEST - 2 => checked_tag(false, opaque),
            [b'W', b'/', b'"', opaque @ .., b'"'] if opaque.len() <= LONGEST - 4 => {
                checked_tag(true, opaque)
            }
            [b'"' | b'W', .., b'"'] => None,
            _ => match trim_ows(line) {
                value if value.len() <= LONGEST => whole_tag(value),
                _ => None,
            },
        };
        if let Some(tag) = tag {
            let hit = match (current, comparison) {
                (Some(c), Comparison::Strong) => tag.strong_eq(&c),
                (Some(c), Comparison::Weak) => tag.weak_eq(&c),
                (None, _) => false,
            };
            return ListScan::Tags {
                members: 1,
                matched: hit.then_some((1, tag)),
            };
        }
    }
    scan(line.into_iter(), current.as_ref(), comparison)
}

/// Why a list is true or false.
fn list_reason<'a>(
    scan: ListScan<'a>,
    resource: Resource<'a>,
    comparison: Comparison,
) -> Reason<'a> {
    match scan {
        ListScan::Any if resource.exists() => Reason::AnyCurrent,
        ListScan::Any => Reason::AnyMissing,
        ListScan::Malformed(e) => Reason::Malformed(e),
        ListScan::Tags { members, matched } => match (matched, resource.etag()) {
            (Some((member, tag)), Some(_)) => Reason::Matched {
                member,
                tag,
                comparison,
            },
            (_, Some(_)) => Reason::NoMatch {
                members,
                comparison,
            },
            (_, None) => Reason::NoCurrentEtag { members },
        },
    }
}

/// RFC 9110 §13.1.5: an entity-tag is true only on a strong match; a date
/// only when it is exactly Last-Modified and Last-Modified is a strong
/// validator (§8.8.2.2, [`LastModifiedStrength`]). Anything else,
/// including a malformed value or several lines, is false.
pub(super) fn if_range<'a>(lines: Lines<'a>, resource: Resource<'a>, now: HttpDate) -> Outcome<'a> {
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
            Some(last_modified) => {
                let dates = Reason::Dates {
                    date,
                    last_modified,
                };
                match resource.last_modified_strength() {
                    LastModifiedStrength::Strong => Outcome::True(dates),
                    LastModifiedStrength::Weak => {
                        Outcome::False(Reason::DeclaredWeakLastModified { last_modified })
                    }
                    LastModifiedStrength::ByClock
                        if is_strong_last_modified(last_modified, now) =>
                    {
                        Outcome::True(dates)
                    }
                    LastModifiedStrength::ByClock => {
                        Outcome::False(Reason::WeakLastModified { last_modified, now })
                    }
                }
            }
        },
    }
}

/// RFC 9110 §8.8.2.2: an origin server may treat Last-Modified as strong
/// when the representation cannot have changed twice within its second,
/// which SPEC_NOTES.md ("if-range-date-strength") reads as: the clock is at
/// least one second past it.
pub(super) fn is_strong_last_modified(last_modified: HttpDate, now: HttpDate) -> bool {
    match last_modified.checked_add_seconds(1) {
        Some(next) => now >= next,
        None => false,
    }
}
