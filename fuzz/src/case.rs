//! The structured input of the `evaluate` target: a request, the resource's
//! validators, the clock and the policy, derived with `arbitrary`; and the
//! checks run on it.

use arbitrary::Arbitrary;
use http_conditional::{
    evaluate, parse, Decision, EntityTag, Field, HttpDate, Method, Outcome, Policy, Precondition,
    Reason, Resource, Validators,
};

use crate::cased;
use crate::reference as r;

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum MethodPick {
    Get,
    Head,
    Put,
    Post,
    Delete,
    Patch,
    Options,
    Connect,
    Trace,
    Other(Vec<u8>),
}

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum NamePick {
    IfMatch,
    IfNoneMatch,
    IfModifiedSince,
    IfUnmodifiedSince,
    IfRange,
    Range,
    Other(Vec<u8>),
}

/// A member of a generated tag list; `opaque` indexes [`OPAQUES`].
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct TagPick {
    pub weak: bool,
    pub opaque: u8,
}

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum ValuePick {
    /// The value as is.
    Raw(Vec<u8>),
    /// Tags from a tiny alphabet, joined with ", ", so that matches happen.
    Tags(Vec<TagPick>),
    /// A date `offset` seconds from Last-Modified (or from the clock),
    /// in the format `format % 3` (IMF-fixdate, rfc850, asctime).
    Date { offset: i32, format: u8 },
}

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub name: NamePick,
    /// 0: as registered, 1: lower case, 2: upper case, 3: alternating.
    pub casing: u8,
    pub value: ValuePick,
}

#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum ClockPick {
    /// Seconds after Last-Modified (or after 1994-11-06 without one).
    AfterLastModified(u16),
    /// Any instant, folded into years 0000-9999.
    At(i64),
}

/// One `evaluate` call.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub method: MethodPick,
    pub lines: Vec<Line>,
    /// No current representation (honoured for methods other than GET and
    /// HEAD only, as FORMAT.md says).
    pub missing: bool,
    /// The ETag field value; one that does not parse counts as absent
    /// (CHOICES 6).
    pub etag: Option<Vec<u8>>,
    /// Last-Modified, folded into years 0000-9999.
    pub last_modified: Option<i64>,
    pub now: ClockPick,
    pub policy: bool,
}

pub const OPAQUES: [&[u8]; 8] = [b"", b"a", b"b", b"a,b", b"\xff", b"xyzzy", b"v7", b"W/"];

/// The RFC's example date, where clocks start without a Last-Modified.
const BASE: i64 = 784_111_777;

/// Folds any `i64` into `MIN_SECONDS..=MAX_SECONDS`.
pub fn fold(x: i64) -> i64 {
    let span = r::MAX_SECONDS - r::MIN_SECONDS + 1;
    r::MIN_SECONDS + x.rem_euclid(span)
}

/// A [`Case`] made concrete: bytes and seconds.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Vec<u8>,
    pub headers: Vec<(Vec<u8>, Vec<u8>)>,
    pub missing: bool,
    pub etag: Option<Vec<u8>>,
    pub last_modified: Option<i64>,
    pub now: i64,
    pub policy: bool,
}

impl Case {
    pub fn render(&self) -> Request {
        let method = match &self.method {
            MethodPick::Get => b"GET".to_vec(),
            MethodPick::Head => b"HEAD".to_vec(),
            MethodPick::Put => b"PUT".to_vec(),
            MethodPick::Post => b"POST".to_vec(),
            MethodPick::Delete => b"DELETE".to_vec(),
            MethodPick::Patch => b"PATCH".to_vec(),
            MethodPick::Options => b"OPTIONS".to_vec(),
            MethodPick::Connect => b"CONNECT".to_vec(),
            MethodPick::Trace => b"TRACE".to_vec(),
            MethodPick::Other(token) => token.clone(),
        };
        let last_modified = self.last_modified.map(fold);
        let now = match self.now {
            ClockPick::AfterLastModified(after) => last_modified
                .unwrap_or(BASE)
                .saturating_add(i64::from(after))
                .min(r::MAX_SECONDS),
            ClockPick::At(x) => fold(x),
        };
        let headers = self
            .lines
            .iter()
            .map(|line| {
                let name = match &line.name {
                    NamePick::IfMatch => cased("If-Match", line.casing).into_bytes(),
                    NamePick::IfNoneMatch => cased("If-None-Match", line.casing).into_bytes(),
                    NamePick::IfModifiedSince => {
                        cased("If-Modified-Since", line.casing).into_bytes()
                    }
                    NamePick::IfUnmodifiedSince => {
                        cased("If-Unmodified-Since", line.casing).into_bytes()
                    }
                    NamePick::IfRange => cased("If-Range", line.casing).into_bytes(),
                    NamePick::Range => cased("Range", line.casing).into_bytes(),
                    NamePick::Other(name) => name.clone(),
                };
                let value = match &line.value {
                    ValuePick::Raw(bytes) => bytes.clone(),
                    ValuePick::Tags(tags) => {
                        let tags: Vec<Vec<u8>> = tags
                            .iter()
                            .map(|t| {
                                let mut v = if t.weak {
                                    b"W/\"".to_vec()
                                } else {
                                    b"\"".to_vec()
                                };
                                v.extend_from_slice(OPAQUES[usize::from(t.opaque) % OPAQUES.len()]);
                                v.push(b'"');
                                v
                            })
                            .collect();
                        tags.join(&b", "[..])
                    }
                    ValuePick::Date { offset, format } => {
                        let secs = last_modified
                            .unwrap_or(now)
                            .saturating_add(i64::from(*offset))
                            .clamp(r::MIN_SECONDS, r::MAX_SECONDS);
                        match format % 3 {
                            0 => r::format_imf_fixdate(secs),
                            1 => r::format_rfc850(secs),
                            _ => r::format_asctime(secs),
                        }
                        .into_bytes()
                    }
                };
                (name, value)
            })
            .collect();
        Request {
            missing: self.missing && method != b"GET" && method != b"HEAD",
            method,
            headers,
            etag: self.etag.clone(),
            last_modified,
            now,
            policy: self.policy,
        }
    }

    /// The bytes that `arbitrary` (1.x) reads back as this case: how the
    /// seed corpus is written from the public vectors.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder(Vec::new());
        let (k, other) = match &self.method {
            MethodPick::Get => (0, None),
            MethodPick::Head => (1, None),
            MethodPick::Put => (2, None),
            MethodPick::Post => (3, None),
            MethodPick::Delete => (4, None),
            MethodPick::Patch => (5, None),
            MethodPick::Options => (6, None),
            MethodPick::Connect => (7, None),
            MethodPick::Trace => (8, None),
            MethodPick::Other(token) => (9, Some(token)),
        };
        e.variant(k, 10);
        if let Some(token) = other {
            e.bytes(token);
        }
        for line in &self.lines {
            e.bool(true);
            let (k, other) = match &line.name {
                NamePick::IfMatch => (0, None),
                NamePick::IfNoneMatch => (1, None),
                NamePick::IfModifiedSince => (2, None),
                NamePick::IfUnmodifiedSince => (3, None),
                NamePick::IfRange => (4, None),
                NamePick::Range => (5, None),
                NamePick::Other(name) => (6, Some(name)),
            };
            e.variant(k, 7);
            if let Some(name) = other {
                e.bytes(name);
            }
            e.0.push(line.casing);
            match &line.value {
                ValuePick::Raw(bytes) => {
                    e.variant(0, 3);
                    e.bytes(bytes);
                }
                ValuePick::Tags(tags) => {
                    e.variant(1, 3);
                    for t in tags {
                        e.bool(true);
                        e.bool(t.weak);
                        e.0.push(t.opaque);
                    }
                    e.bool(false);
                }
                ValuePick::Date { offset, format } => {
                    e.variant(2, 3);
                    e.0.extend_from_slice(&offset.to_le_bytes());
                    e.0.push(*format);
                }
            }
        }
        e.bool(false);
        e.bool(self.missing);
        e.bool(self.etag.is_some());
        if let Some(etag) = &self.etag {
            e.bytes(etag);
        }
        e.bool(self.last_modified.is_some());
        if let Some(lm) = self.last_modified {
            e.0.extend_from_slice(&lm.to_le_bytes());
        }
        match self.now {
            ClockPick::AfterLastModified(after) => {
                e.variant(0, 2);
                e.0.extend_from_slice(&after.to_le_bytes());
            }
            ClockPick::At(x) => {
                e.variant(1, 2);
                e.0.extend_from_slice(&x.to_le_bytes());
            }
        }
        e.bool(self.policy);
        e.0
    }
}

/// Writes what `arbitrary`'s `Unstructured` reads: integers little-endian
/// from the front, a bool as one byte, an enum variant as a `u32` that
/// scales to its index, a `Vec` as elements each preceded by `true`, then
/// `false`.
struct Encoder(Vec<u8>);

impl Encoder {
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }

    fn variant(&mut self, index: u64, count: u64) {
        // The smallest v with (v * count) >> 32 == index.
        let v = (index << 32).div_ceil(count);
        self.0.extend_from_slice(&(v as u32).to_le_bytes());
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.bool(true);
            self.0.push(b);
        }
        self.bool(false);
    }
}

fn outcome_truth(outcome: Outcome<'_>) -> Option<bool> {
    match outcome {
        Outcome::True(_) => Some(true),
        Outcome::False(_) => Some(false),
        _ => None,
    }
}

/// Evaluates the request with the crate and with the reference, and panics
/// if they disagree or if the evaluation contradicts itself.
pub fn check(req: &Request) {
    // CHOICES 6: an ETag that does not parse is absent. The crate's field
    // parser and the reference's must agree on that first.
    let etag = req.etag.as_ref().and_then(|v| parse::etag([&v[..]]).ok());
    let reference_etag = req
        .etag
        .as_ref()
        .and_then(|v| r::parse_entity_tag(r::trim(v)));
    assert_eq!(
        etag.map(|t| (t.is_weak(), t.opaque().to_vec())),
        reference_etag.clone().map(|t| (t.weak, t.opaque)),
        "ETag {:?}",
        req.etag
    );

    let last_modified = req
        .last_modified
        .map(|s| HttpDate::from_unix_seconds(s).expect("folded into range"));
    let resource = if req.missing {
        Resource::Missing
    } else {
        Resource::Current(Validators::from_options(etag, last_modified))
    };
    let now = HttpDate::from_unix_seconds(req.now).expect("folded into range");
    let eval = evaluate(
        Method::new(&req.method),
        &req.headers[..],
        resource,
        now,
        Policy::new().require_precondition(req.policy),
    );

    let pairs: Vec<(&[u8], &[u8])> = req
        .headers
        .iter()
        .map(|(n, v)| (n.as_slice(), v.as_slice()))
        .collect();
    let reference_resource = if req.missing {
        r::Resource::Missing
    } else {
        r::Resource::Current {
            etag: reference_etag,
            last_modified: req.last_modified,
        }
    };
    let verdict = r::evaluate(
        &req.method,
        &pairs,
        &reference_resource,
        req.now,
        req.policy,
    );
    let text = eval.to_string();
    assert_eq!(
        eval.status(),
        verdict.status,
        "{text}\n{verdict:?}\n{req:?}"
    );
    for (field, outcome) in eval.trace().iter() {
        assert_eq!(
            outcome_truth(outcome),
            verdict.truth(field.name()),
            "{field}: {text}\n{verdict:?}\n{req:?}"
        );
    }

    // For a valid list, the reason names the first matching member (from 1,
    // across lines) or counts every member, as the reference reads it.
    for (field, strong) in [
        (Precondition::IfMatch, true),
        (Precondition::IfNoneMatch, false),
    ] {
        let reason = match eval.trace().get(field) {
            Outcome::True(reason) | Outcome::False(reason) => reason,
            _ => continue,
        };
        let Some((tags, first)) =
            r::list_members(&pairs, field.name(), &reference_resource, strong)
        else {
            continue;
        };
        match reason {
            Reason::Matched { member, tag, .. } => {
                assert_eq!(member.checked_sub(1), first, "{field}: {text}\n{req:?}");
                let expected = &tags[member - 1];
                assert_eq!(
                    (tag.is_weak(), tag.opaque()),
                    (expected.weak, &expected.opaque[..])
                );
            }
            Reason::NoMatch { members, .. } | Reason::NoCurrentEtag { members } => {
                assert_eq!(first, None, "{field}: {text}\n{req:?}");
                assert_eq!(members, tags.len(), "{field}: {text}\n{req:?}");
            }
            other => panic!("{field}: {other:?} for a valid list\n{req:?}"),
        }
    }

    // The explanation starts with the decision and names every field present.
    let trace = eval.trace();
    assert!(
        text.starts_with(&format!("{}: ", eval.decision())),
        "{text}"
    );
    let present = |field: Field| !r::lines_of(&pairs, field.name()).is_empty();
    assert_eq!(trace.range, present(Field::Range));
    for (field, outcome) in trace.iter() {
        assert_eq!(
            outcome.is_present(),
            present(field.field()),
            "{field}: {text}"
        );
        if outcome.is_present() {
            assert!(text.contains(field.name()), "{field} not named: {text}");
        }
    }

    // Fields other than the six never change the evaluation.
    let relevant: Vec<(Vec<u8>, Vec<u8>)> = req
        .headers
        .iter()
        .filter(|(name, _)| Field::from_name(name).is_some())
        .cloned()
        .collect();
    let without_others = evaluate(
        Method::new(&req.method),
        &relevant[..],
        resource,
        now,
        Policy::new().require_precondition(req.policy),
    );
    assert_eq!(without_others, eval, "unrelated fields changed {req:?}");

    // HEAD decides as GET, except that Range applies to GET only.
    if req.method == b"GET" {
        let head = evaluate(
            Method::HEAD,
            &req.headers[..],
            resource,
            now,
            Policy::new().require_precondition(req.policy),
        );
        let expected = match eval.decision() {
            Decision::ProceedWithRange => Decision::Proceed,
            other => other,
        };
        assert_eq!(head.decision(), expected, "HEAD vs GET {req:?}");
    }

    // The decision has its cause in the trace.
    let is_false = |o: Outcome<'_>| matches!(o, Outcome::False(_));
    let get_or_head = req.method == b"GET" || req.method == b"HEAD";
    let falses = trace.iter().filter(|(_, o)| is_false(*o)).count();
    assert!(falses <= 1, "{trace:?}");
    match eval.decision() {
        Decision::PreconditionFailed => assert!(
            is_false(trace.if_match)
                || is_false(trace.if_unmodified_since)
                || (is_false(trace.if_none_match) && !get_or_head),
            "{trace:?}"
        ),
        Decision::NotModified => assert!(
            get_or_head && (is_false(trace.if_none_match) || is_false(trace.if_modified_since)),
            "{trace:?}"
        ),
        Decision::PreconditionRequired => assert!(
            req.policy && trace.iter().all(|(_, o)| outcome_truth(o).is_none()),
            "{trace:?}"
        ),
        Decision::ProceedWithRange => {
            assert!(
                req.method == b"GET" && trace.range && falses == 0,
                "{trace:?}"
            )
        }
        Decision::Proceed => assert!(
            falses == 0 || (is_false(trace.if_range) && req.method == b"GET" && trace.range),
            "{trace:?}"
        ),
    }
}

/// The `EntityTag` a [`TagPick`] stands for.
pub fn tag_of(pick: &TagPick) -> EntityTag<'static> {
    let opaque = OPAQUES[usize::from(pick.opaque) % OPAQUES.len()];
    let tag = EntityTag::strong(opaque).expect("the alphabet is etagc");
    if pick.weak {
        tag.to_weak()
    } else {
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::Unstructured;

    fn decode(bytes: &[u8]) -> Case {
        Case::arbitrary_take_rest(Unstructured::new(bytes)).expect("decodes")
    }

    fn sample() -> Case {
        Case {
            method: MethodPick::Other(b"FROB".to_vec()),
            lines: vec![
                Line {
                    name: NamePick::IfNoneMatch,
                    casing: 1,
                    value: ValuePick::Raw(b"W/\"xyzzy\", \"a\"".to_vec()),
                },
                Line {
                    name: NamePick::Other(b"X-Y".to_vec()),
                    casing: 0,
                    value: ValuePick::Tags(vec![TagPick {
                        weak: true,
                        opaque: 5,
                    }]),
                },
                Line {
                    name: NamePick::Range,
                    casing: 3,
                    value: ValuePick::Date {
                        offset: -1,
                        format: 2,
                    },
                },
            ],
            missing: true,
            etag: Some(b"\"xyzzy\"".to_vec()),
            last_modified: Some(BASE - r::MIN_SECONDS),
            now: ClockPick::At(-5),
            policy: true,
        }
    }

    // The seed corpus relies on this: arbitrary reads back what encode wrote.
    #[test]
    fn encoded_cases_decode_to_themselves() {
        let case = sample();
        assert_eq!(decode(&case.encode()), case);
        let mut other = case.clone();
        other.method = MethodPick::Trace;
        other.now = ClockPick::AfterLastModified(7);
        other.lines.clear();
        other.etag = None;
        assert_eq!(decode(&other.encode()), other);
    }

    fn method_pick(method: &str) -> MethodPick {
        match method {
            "GET" => MethodPick::Get,
            "HEAD" => MethodPick::Head,
            "PUT" => MethodPick::Put,
            "POST" => MethodPick::Post,
            "DELETE" => MethodPick::Delete,
            "PATCH" => MethodPick::Patch,
            "OPTIONS" => MethodPick::Options,
            "CONNECT" => MethodPick::Connect,
            "TRACE" => MethodPick::Trace,
            other => MethodPick::Other(other.as_bytes().to_vec()),
        }
    }

    fn line(name: &str, value: &str) -> Line {
        let pick = match Field::from_name(name.as_bytes()) {
            Some(Field::IfMatch) => NamePick::IfMatch,
            Some(Field::IfNoneMatch) => NamePick::IfNoneMatch,
            Some(Field::IfModifiedSince) => NamePick::IfModifiedSince,
            Some(Field::IfUnmodifiedSince) => NamePick::IfUnmodifiedSince,
            Some(Field::IfRange) => NamePick::IfRange,
            Some(Field::Range) => NamePick::Range,
            _ => NamePick::Other(name.as_bytes().to_vec()),
        };
        let casing = if name == name.to_ascii_lowercase() {
            1
        } else if name == name.to_ascii_uppercase() {
            2
        } else {
            0
        };
        Line {
            name: pick,
            casing,
            value: ValuePick::Raw(value.as_bytes().to_vec()),
        }
    }

    /// Writes `seeds/evaluate/` from the public vectors' evaluate cases.
    /// Run with `cargo test --lib -- --ignored write_evaluate_seeds`.
    #[test]
    #[ignore]
    fn write_evaluate_seeds() {
        let vectors = std::fs::read_to_string("../tests/vectors/public.jsonl").unwrap();
        let dir = std::path::Path::new("seeds/evaluate");
        std::fs::create_dir_all(dir).unwrap();
        // 2026-01-01, the clock of cases without `now`.
        let default_now = 1_767_225_600;
        for text in vectors.lines() {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            let Some(e) = v.get("evaluate") else { continue };
            let id = v["id"].as_str().unwrap();
            let now = e["now"]
                .as_str()
                .and_then(|d| r::parse_http_date(d.as_bytes(), default_now))
                .unwrap_or(default_now);
            let resource = &e["resource"];
            let case = Case {
                method: method_pick(e["method"].as_str().unwrap()),
                lines: e["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| line(h[0].as_str().unwrap(), h[1].as_str().unwrap()))
                    .collect(),
                missing: resource.is_null(),
                etag: resource["etag"].as_str().map(|s| s.as_bytes().to_vec()),
                last_modified: resource["last_modified"]
                    .as_str()
                    .and_then(|d| r::parse_http_date(d.as_bytes(), now))
                    .map(|s| s - r::MIN_SECONDS),
                now: ClockPick::At(now - r::MIN_SECONDS),
                policy: e["policy"]["require_precondition"].as_bool() == Some(true),
            };
            let bytes = case.encode();
            assert_eq!(decode(&bytes), case, "{id}");
            // The decoded case renders to the vector's request.
            let req = decode(&bytes).render();
            assert_eq!(req.now, now, "{id}");
            check(&req);
            std::fs::write(dir.join(id), bytes).unwrap();
        }
    }
}
