//! How a list field (`If-Match`, `If-None-Match`) was read, in terms that
//! `Members` and an evaluation's trace can both be put in, so that a test
//! or a fuzz target can check that `evaluate` reads every list exactly as
//! the public `Members` walk does (RFC 9110 §5.3, §5.6.1, §13.1.1,
//! §13.1.2).

use http_conditional::{EntityTag, Member, Members, Outcome, ParseError, Reason};

/// A valid list of tags: where the first match is (1-based), or, when no
/// member matches, how many members there are (a match records where, not
/// how many).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tags {
    /// The first member that matched.
    Matched(usize),
    /// No member matched; the count of members.
    NoMatch(usize),
}

/// A list field as read: `None` for `*`, the error of a malformed field, or
/// what its tags say.
pub type Reading = Option<Result<Tags, ParseError>>;

/// What `Members` reads of `lines`, compared with `current` by strong
/// comparison (`If-Match`) or weak comparison (`If-None-Match`).
pub fn by_members(lines: &[&[u8]], current: &EntityTag<'_>, strong: bool) -> Reading {
    let (mut matched, mut count, mut any) = (None, 0, false);
    for member in Members::new(lines.iter().copied()) {
        match member {
            Err(e) => return Some(Err(e)),
            // `*` alone (anything after it is an error, read above).
            Ok(Member::Any) => any = true,
            Ok(Member::Tag(t)) => {
                count += 1;
                let hit = if strong {
                    t.strong_eq(current)
                } else {
                    t.weak_eq(current)
                };
                if hit && matched.is_none() {
                    matched = Some(count);
                }
            }
        }
    }
    if any {
        return None;
    }
    Some(Ok(match matched {
        Some(m) => Tags::Matched(m),
        None => Tags::NoMatch(count),
    }))
}

/// The entity-tags of a walk (`Members`' items), up to its error if any,
/// leaving `*` out. Where `*` stops being alone depends on where the list's
/// lines break: at the comma after it on one line, at the next line when
/// the list is split there (CHOICES 3). The tags are the same however a
/// list is split.
pub fn tags_before_error<'a, E>(walk: &[Result<Member<'a>, E>]) -> Vec<EntityTag<'a>> {
    walk.iter()
        .filter_map(|m| match m {
            Ok(Member::Tag(t)) => Some(*t),
            _ => None,
        })
        .collect()
}

/// What an evaluation recorded for a list field (the resource has a current
/// representation with an entity-tag). Panics on an outcome a list field
/// cannot have.
pub fn recorded(outcome: Outcome<'_>) -> Reading {
    match outcome {
        Outcome::True(Reason::Malformed(e)) | Outcome::False(Reason::Malformed(e)) => Some(Err(e)),
        Outcome::True(Reason::AnyCurrent) | Outcome::False(Reason::AnyCurrent) => None,
        Outcome::True(Reason::Matched { member, .. })
        | Outcome::False(Reason::Matched { member, .. }) => Some(Ok(Tags::Matched(member))),
        Outcome::True(Reason::NoMatch { members, .. })
        | Outcome::False(Reason::NoMatch { members, .. }) => Some(Ok(Tags::NoMatch(members))),
        other => panic!("not the outcome of a list field: {other:?}"),
    }
}
