//! A reference for the cache and client roles: RFC 9111 §4, §4.3.1,
//! §4.3.2, §4.3.4, §4.3.5 and §3.1-§3.2 (and the client of RFC 9110 §13.1)
//! transcribed literally, for the property tests and the `cache` fuzz target
//! to compare `http_conditional::cache` and `client` against.
//!
//! Clarity first; allocation and speed do not matter. It shares no code with
//! the crate: it parses with the helpers of the RFC 9110 reference (its
//! parent module). Where the RFC leaves room it follows
//! `shared/conformance/CHOICES.md`, items 13-21, cited below.

#![allow(dead_code)]

use crate::reference::{
    lines_of, parse_date_field, parse_entity_tag, parse_http_date, parse_if_range, parse_list,
    strong_match, trim, weak_match, IfRange, List, Tag, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE,
    RANGE,
};

/// A stored response (FORMAT.md): raw field values, and when it was
/// received (seconds since the epoch).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    pub etag: Option<Vec<u8>>,
    pub last_modified: Option<Vec<u8>>,
    pub date: Option<Vec<u8>>,
    pub content_length: Option<Vec<u8>>,
    pub received: i64,
}

/// A response just received: a 304, or a 200 to HEAD.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub etag: Option<Vec<u8>>,
    pub last_modified: Option<Vec<u8>>,
    pub date: Option<Vec<u8>>,
    pub content_length: Option<Vec<u8>>,
}

/// A raw value that does not parse counts as absent (CHOICES 6).
fn tag_of(raw: &Option<Vec<u8>>) -> Option<Tag> {
    raw.as_deref().and_then(|v| parse_entity_tag(trim(v)))
}

fn date_of(raw: &Option<Vec<u8>>, now: i64) -> Option<i64> {
    raw.as_deref().and_then(|v| parse_http_date(trim(v), now))
}

/// RFC 9110 §8.8.2.2: "the validator's date is ... at least one second
/// before" the response's Date; whole seconds, so "earlier".
fn strong_last_modified(lm: Option<i64>, date: Option<i64>) -> bool {
    matches!((lm, date), (Some(lm), Some(date)) if lm < date)
}

/// RFC 9111 §4: "When more than one suitable response is stored, a cache
/// MUST use the most recent one (as determined by the Date header field)";
/// CHOICES 14: without a valid Date, its time received; the first on a tie.
pub fn most_recent(
    stored: &[Stored],
    now: i64,
    candidate: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, i64)> = None;
    for (i, s) in stored.iter().enumerate() {
        if !candidate(i) {
            continue;
        }
        let when = date_of(&s.date, now).unwrap_or(s.received);
        match best {
            Some((_, b)) if b >= when => {}
            _ => best = Some((i, when)),
        }
    }
    best.map(|(i, _)| i)
}

/// What a cache answers (FORMAT.md kind 4): "not_modified", "serve" or
/// "serve_range", and the stored response; `None` when it cannot answer.
pub fn answer(
    method: &[u8],
    headers: &[(&[u8], &[u8])],
    stored: &[Stored],
    now: i64,
) -> Option<(&'static str, usize)> {
    // CHOICES 13: "A cache answers GET and HEAD only."
    let is_get = method == b"GET";
    if !is_get && method != b"HEAD" {
        return None;
    }
    let chosen = most_recent(stored, now, |_| true)?;
    let s = &stored[chosen];
    let etag = tag_of(&s.etag);
    let last_modified = date_of(&s.last_modified, now);
    let date = date_of(&s.date, now);

    // §4.3.2: "The If-Match and If-Unmodified-Since conditional header
    // fields are not applicable to a cache": they are not looked at.
    let if_none_match = lines_of(headers, IF_NONE_MATCH);
    if !if_none_match.is_empty() {
        // §4.3.2: "If the field value is "*", or if the field value is a
        // list of entity tags and at least one of them matches the entity
        // tag of the selected stored response, a cache recipient SHOULD
        // generate a 304 (Not Modified) response". Matching is the weak
        // comparison of §13.1.2; an invalid list is true (CHOICES 4).
        let matched = match parse_list(&if_none_match) {
            Some(List::Any) => true,
            Some(List::Tags(tags)) => etag
                .as_ref()
                .is_some_and(|e| tags.iter().any(|t| weak_match(t, e))),
            None => false,
        };
        if matched {
            return Some(("not_modified", chosen));
        }
    } else {
        // §4.3.2: "If an If-None-Match header field is not present, a
        // request containing an If-Modified-Since header field ... A cache
        // recipient SHOULD generate a 304 (Not Modified) response ... if one
        // of the following cases is true: 1) the selected stored response
        // has a Last-Modified field value that is earlier than or equal to
        // the conditional timestamp; 2) no Last-Modified header field is
        // present in the selected stored response, but it has a Date field
        // value that is earlier than or equal to the conditional timestamp;
        // or 3) neither Last-Modified nor Date is present in the selected
        // stored response, but the cache recorded it as having been received
        // at a time earlier than or equal to the conditional timestamp."
        let if_modified_since = lines_of(headers, IF_MODIFIED_SINCE);
        if !if_modified_since.is_empty() {
            if let Some(stamp) = parse_date_field(&if_modified_since, now) {
                let basis = last_modified.or(date).unwrap_or(s.received);
                if basis <= stamp {
                    return Some(("not_modified", chosen));
                }
            }
        }
    }

    // §4.3.2: "A cache that implements partial responses to range requests
    // ... also needs to evaluate a received If-Range header field ...
    // regarding its selected stored response." RFC 9110 §13.1.5 and §14.2:
    // GET with Range only; CHOICES 16 for the date's strength.
    let range = !lines_of(headers, RANGE).is_empty();
    if !(is_get && range) {
        return Some(("serve", chosen));
    }
    let if_range = lines_of(headers, IF_RANGE);
    if if_range.is_empty() {
        return Some(("serve_range", chosen));
    }
    let holds = match parse_if_range(&if_range, now) {
        Some(IfRange::Tag(tag)) => etag.as_ref().is_some_and(|e| strong_match(&tag, e)),
        Some(IfRange::Date(d)) => {
            last_modified == Some(d) && strong_last_modified(last_modified, date)
        }
        None => false,
    };
    Some((if holds { "serve_range" } else { "serve" }, chosen))
}

/// The validation request (FORMAT.md kind 5; RFC 9111 §4.3.1, CHOICES 17):
/// the If-None-Match members and the If-Modified-Since value.
pub fn validation(
    headers: &[(&[u8], &[u8])],
    stored: &[Stored],
    now: i64,
) -> (Option<Vec<Tag>>, Option<Vec<u8>>) {
    // "the cache MUST send the relevant entity tags (using If-None-Match)":
    // every stored tag, weak ones too, each distinct tag once, in order.
    let mut tags: Vec<Tag> = Vec::new();
    for s in stored {
        if let Some(tag) = tag_of(&s.etag) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    // "SHOULD send the Last-Modified value (using If-Modified-Since) if only
    // one stored response is being validated and that response contains a
    // Last-Modified value"; not for a subrange (CHOICES 17).
    let range = !lines_of(headers, RANGE).is_empty();
    let since = match stored {
        [one] if !range && date_of(&one.last_modified, now).is_some() => {
            one.last_modified.as_deref().map(|v| trim(v).to_vec())
        }
        _ => None,
    };
    ((!tags.is_empty()).then_some(tags), since)
}

/// Which stored responses a 304 updates (FORMAT.md kind 6; RFC 9111 §4.3.4
/// with CHOICES 18), ascending.
pub fn freshen(stored: &[Stored], response: &Response, now: i64) -> Vec<usize> {
    let new_tag = tag_of(&response.etag);
    let new_lm = date_of(&response.last_modified, now);
    let new_date = date_of(&response.date, now);
    let strong_tag = new_tag.clone().filter(|t| !t.weak);
    let strong_lm = new_lm.filter(|_| strong_last_modified(new_lm, new_date));

    // CHOICES 18: a stored tag that does not match the 304's by the
    // branch's comparison is another representation, never updated.
    let contradicts = |s: &Stored| match (&new_tag, tag_of(&s.etag)) {
        (Some(new), Some(old)) if new.weak => !weak_match(new, &old),
        (Some(new), Some(old)) => !strong_match(new, &old),
        _ => false,
    };

    if strong_tag.is_some() || strong_lm.is_some() {
        // "If the new response contains a strong validator ..., then that
        // strong validator identifies the selected representation for
        // update. All the stored responses with the same strong validator
        // are identified for update. If none of the stored responses contain
        // the same strong validator, then the cache MUST NOT use the new
        // response to update any stored responses."
        return (0..stored.len())
            .filter(|&i| {
                let s = &stored[i];
                let by_tag = match (&strong_tag, tag_of(&s.etag)) {
                    (Some(new), Some(old)) => strong_match(new, &old),
                    _ => false,
                };
                let by_date = strong_lm.is_some() && date_of(&s.last_modified, now) == strong_lm;
                (by_tag || by_date) && !contradicts(s)
            })
            .collect();
    }
    if new_tag.is_some() || new_lm.is_some() {
        // "If the new response contains only weak validators and that
        // validator corresponds to one of the cache's stored responses, then
        // the most recent of those matching stored responses is identified
        // for update."
        let matches = |i: usize| {
            let s = &stored[i];
            let by_tag = match (&new_tag, tag_of(&s.etag)) {
                (Some(new), Some(old)) => weak_match(new, &old),
                _ => false,
            };
            let by_date = new_lm.is_some() && date_of(&s.last_modified, now) == new_lm;
            (by_tag || by_date) && !contradicts(s)
        };
        return most_recent(stored, now, matches).into_iter().collect();
    }
    // "If the new response does not include any form of validator ..., and
    // there is only one stored response, and that stored response also lacks
    // a validator, then that stored response is identified for update."
    match stored {
        [one] if tag_of(&one.etag).is_none() && date_of(&one.last_modified, now).is_none() => {
            vec![0]
        }
        _ => vec![],
    }
}

/// RFC 9111 §3.1 and §3.2 (CHOICES 19): the fields never taken from a 304.
pub const NEVER_MERGED: [&str; 10] = [
    "content-length",
    "connection",
    "proxy-connection",
    "keep-alive",
    "te",
    "transfer-encoding",
    "upgrade",
    "proxy-authenticate",
    "proxy-authentication-info",
    "proxy-authorization",
];

/// The stored response's fields after a 304 updates it (FORMAT.md kind 7),
/// as lowercase name → values, names in first-appearance order.
pub fn merge(
    stored: &[(&[u8], &[u8])],
    response: &[(&[u8], &[u8])],
) -> Vec<(String, Vec<Vec<u8>>)> {
    let lower = |n: &[u8]| String::from_utf8_lossy(n).to_ascii_lowercase();
    // RFC 9110 §7.6.1: "Connection = #connection-option"; the options it
    // names are connection-specific, as are the fields of §3.1's list.
    let connection: Vec<String> = response
        .iter()
        .filter(|(n, _)| lower(n) == "connection")
        .flat_map(|(_, v)| v.split(|&b| b == b','))
        .map(|o| lower(trim(o)))
        .filter(|o| !o.is_empty())
        .collect();
    let taken = |n: &[u8]| {
        let n = lower(n);
        !NEVER_MERGED.contains(&n.as_str()) && !connection.contains(&n)
    };
    // §3.2: "the cache MUST add each header field in the provided response
    // to the stored response, replacing field values that are already
    // present"; stored fields the 304 lacks stay.
    let mut out: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    let mut push = |name: String, value: &[u8]| match out.iter_mut().find(|(n, _)| *n == name) {
        Some((_, values)) => values.push(value.to_vec()),
        None => out.push((name, vec![value.to_vec()])),
    };
    for (name, value) in stored {
        let replaced = taken(name) && response.iter().any(|(n, _)| lower(n) == lower(name));
        if !replaced {
            push(lower(name), value);
        }
    }
    for (name, value) in response {
        if taken(name) {
            push(lower(name), value);
        }
    }
    out
}

/// HEAD freshening (FORMAT.md kind 8; RFC 9111 §4.3.5, CHOICES 20): the
/// updated and the stale indices.
pub fn head(stored: &[Stored], response: &Response, now: i64) -> (Vec<usize>, Vec<usize>) {
    let new_tag = tag_of(&response.etag);
    let new_lm = date_of(&response.last_modified, now);
    let digits = |raw: &Option<Vec<u8>>| -> Option<Option<String>> {
        raw.as_deref().map(|v| {
            let v = trim(v);
            (!v.is_empty() && v.iter().all(u8::is_ascii_digit)).then(|| {
                String::from_utf8_lossy(v)
                    .trim_start_matches('0')
                    .to_owned()
            })
        })
    };
    let new_length = digits(&response.content_length);
    let (mut updated, mut stale) = (Vec::new(), Vec::new());
    for (i, s) in stored.iter().enumerate() {
        // "if the stored response and HEAD response have matching values for
        // any received validator fields (ETag and Last-Modified) and, if the
        // HEAD response has a Content-Length header field, the value of
        // Content-Length matches that of the stored response, the cache
        // SHOULD update the stored response ...; otherwise, the cache SHOULD
        // consider the stored response to be stale."
        let has_validator = new_tag.is_some() || new_lm.is_some();
        let tag_ok = new_tag.is_none() || tag_of(&s.etag) == new_tag;
        let lm_ok = new_lm.is_none() || date_of(&s.last_modified, now) == new_lm;
        let length_ok = match &new_length {
            None => true,
            Some(None) => false,
            Some(Some(n)) => digits(&s.content_length) == Some(Some(n.clone())),
        };
        if has_validator && tag_ok && lm_ok && length_ok {
            updated.push(i);
        } else {
            stale.push(i);
        }
    }
    (updated, stale)
}

/// The client's fields (FORMAT.md kind 9; CHOICES 21): If-Match,
/// If-None-Match (`["*"]` for `*`), If-Modified-Since,
/// If-Unmodified-Since; `Err` for a write that nothing can guard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientFields {
    pub if_match: Option<Vec<Tag>>,
    pub if_none_match: Option<Vec<String>>,
    pub if_modified_since: Option<Vec<u8>>,
    pub if_unmodified_since: Option<Vec<u8>>,
}

pub fn canonical(tag: &Tag) -> String {
    let mut s = String::new();
    if tag.weak {
        s.push_str("W/");
    }
    s.push('"');
    s.push_str(&String::from_utf8_lossy(&tag.opaque));
    s.push('"');
    s
}

pub fn client(intent: &str, stored: &[Stored], now: i64) -> Result<ClientFields, &'static str> {
    let mut fields = ClientFields::default();
    match intent {
        "read" | "read_range" => {
            let headers: &[(&[u8], &[u8])] = if intent == "read" {
                &[]
            } else {
                &[(b"Range", b"bytes=0-99")]
            };
            let (tags, since) = validation(headers, stored, now);
            fields.if_none_match = tags.map(|t| t.iter().map(canonical).collect());
            fields.if_modified_since = since;
        }
        "write" => {
            // §13.1.1: If-Match with the strong tag of what the client holds
            // (the most recent); else §13.1.4 with a strong Last-Modified.
            let i = most_recent(stored, now, |_| true).ok_or("no-strong-validator")?;
            let s = &stored[i];
            match tag_of(&s.etag) {
                Some(tag) if !tag.weak => fields.if_match = Some(vec![tag]),
                _ => {
                    let lm = date_of(&s.last_modified, now);
                    if strong_last_modified(lm, date_of(&s.date, now)) {
                        fields.if_unmodified_since =
                            s.last_modified.as_deref().map(|v| trim(v).to_vec());
                    } else {
                        return Err("no-strong-validator");
                    }
                }
            }
        }
        "create" => fields.if_none_match = Some(vec!["*".to_owned()]),
        _ => return Err("unknown intent"),
    }
    Ok(fields)
}
