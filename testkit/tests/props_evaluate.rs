//! Property tests of `evaluate`: it agrees with the literal transcription of
//! RFC 9110 §13.2.2 in `reference/mod.rs` on generated requests, and its
//! decisions, traces and explanations keep the invariants the RFC implies.
//!
//! The generator works on an abstract request ([`Spec`]: which fields, which
//! list members, which dates) and renders it into field lines under a
//! [`Layout`] (where lists break into lines, OWS, empty elements, the order
//! of lines, the casing of names), so that the invariance properties can
//! render one request in two ways.
//!
//! With the environment variable `CI` set, the comparison with the reference
//! runs 10,000 cases.

use http_conditional_testkit::reference;
use http_conditional_testkit::render::cased;

use http_conditional::{
    evaluate, parse, Decision, EntityTag, Evaluation, Field, FieldLines, HttpDate, Method, Outcome,
    Policy, Precondition, Reason, Resource, Validators,
};
use proptest::prelude::*;
use proptest::sample::select;
use reference as r;

/// Many cases in CI, fewer locally.
fn config(ci: u32, local: u32) -> ProptestConfig {
    ProptestConfig::with_cases(if std::env::var_os("CI").is_some() {
        ci
    } else {
        local
    })
}

// ---------------------------------------------------------------------------
// The abstract request
// ---------------------------------------------------------------------------

/// GET and HEAD come more often: most of the algorithm is about them.
const METHODS: &[&str] = &[
    "GET", "GET", "GET", "GET", "HEAD", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS",
    "CONNECT", "TRACE", "get", "Head", "FROB", "M-SEARCH", "",
];

/// A tiny alphabet of opaque-tags, so that matches happen often. `a,b` has a
/// comma inside the quotes, `W/` and `*` look like syntax, 0xFF is obs-text.
const OPAQUES: &[&[u8]] = &[b"", b"a", b"b", b"ab", b"a,b", b"\xff", b"W/", b"*"];

/// Malformed members with balanced quotes: splitting a list between
/// members never joins them with a neighbour.
const BALANCED_BAD: &[&[u8]] = &[
    b"a",
    b"w/\"a\"",
    b"\"a b\"",
    b"W/a",
    b"\"a\"x",
    b"W/ \"a\"",
    b"\"a\x00\"",
    b"**",
    b"\"a\"\"b\"",
    b"'a'",
    b"W/\"\x7f\"",
    b"\"\t\"",
    b"x\"a\"",
];

/// Malformed members with an odd number of quotes: two of them side by side
/// may form one valid tag, such as `"a` `,` `b"`.
const UNBALANCED_BAD: &[&[u8]] = &[b"\"a", b"b\"", b"\"", b"W/\"a,b", b"\"a\"\""];

/// Instants around which dates are generated: the RFC's example, the epoch
/// and the second before it, a leap day, the ends of the range.
const BASES: &[i64] = &[
    784_111_777,
    783_459_811,
    0,
    -1,
    951_782_400,
    1_700_000_000,
    r::MIN_SECONDS,
    r::MIN_SECONDS + 86_400 * 366,
    r::MAX_SECONDS - 1,
    r::MAX_SECONDS,
    -2_208_988_800,
];

#[derive(Clone, Debug)]
enum Element {
    Tag(bool, &'static [u8]),
    Star,
    Bad(&'static [u8]),
    Empty,
}

impl Element {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Element::Tag(weak, opaque) => {
                let mut v = if *weak {
                    b"W/\"".to_vec()
                } else {
                    b"\"".to_vec()
                };
                v.extend_from_slice(opaque);
                v.push(b'"');
                v
            }
            Element::Star => b"*".to_vec(),
            Element::Bad(bytes) => bytes.to_vec(),
            Element::Empty => Vec::new(),
        }
    }
}

/// A date field's value: an instant near Last-Modified in one of the three
/// formats, maybe damaged, on one line or more.
#[derive(Clone, Debug)]
struct DateSpec {
    delta: i64,
    format: u8,
    damage: u8,
    lines: u8,
}

#[derive(Clone, Debug)]
enum IfRangeSpec {
    Tag(bool, &'static [u8], u8),
    Date(DateSpec),
    Raw(&'static [u8]),
}

#[derive(Clone, Debug)]
struct ResourceSpec {
    missing: bool,
    etag: Option<(bool, &'static [u8])>,
    last_modified: Option<i64>,
}

#[derive(Clone, Debug)]
struct Spec {
    method: &'static str,
    resource: ResourceSpec,
    /// Where generated dates cluster: Last-Modified if there is one.
    base: i64,
    now: i64,
    policy: bool,
    if_match: Option<Vec<Element>>,
    if_none_match: Option<Vec<Element>>,
    if_modified_since: Option<DateSpec>,
    if_unmodified_since: Option<DateSpec>,
    if_range: Option<IfRangeSpec>,
    range: Option<Vec<&'static str>>,
    unrelated: Vec<(&'static str, Vec<u8>)>,
}

/// How a [`Spec`] becomes field lines.
#[derive(Clone, Debug)]
struct Layout {
    breaks: u64,
    ows: u64,
    empties: u64,
    order: Vec<u16>,
    casing: Vec<u8>,
}

impl Layout {
    /// One line per field, no OWS, no extra empty elements, fields in a
    /// fixed order, names as registered.
    fn plain() -> Layout {
        Layout {
            breaks: 0,
            ows: 0,
            empties: 0,
            order: vec![0],
            casing: vec![0],
        }
    }
}

fn element(balanced_only: bool) -> BoxedStrategy<Element> {
    let bad: Vec<&'static [u8]> = if balanced_only {
        BALANCED_BAD.to_vec()
    } else {
        BALANCED_BAD.iter().chain(UNBALANCED_BAD).copied().collect()
    };
    prop_oneof![
        8 => (any::<bool>(), select(OPAQUES)).prop_map(|(w, o)| Element::Tag(w, o)),
        1 => Just(Element::Star),
        1 => select(bad).prop_map(Element::Bad),
        1 => Just(Element::Empty),
    ]
    .boxed()
}

fn tag_list(balanced_only: bool) -> BoxedStrategy<Vec<Element>> {
    prop_oneof![
        1 => Just(vec![Element::Star]),
        6 => prop::collection::vec(element(balanced_only), 0..=20),
    ]
    .boxed()
}

fn delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => select(&[-86_400i64, -2, -1, 0, 0, 1, 2, 86_400][..]),
        1 => -400_000_000i64..400_000_000,
    ]
}

fn date_spec() -> impl Strategy<Value = DateSpec> {
    (
        delta(),
        0u8..3,
        prop_oneof![6 => Just(0u8), 5 => 1u8..=12],
        prop_oneof![8 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
    )
        .prop_map(|(delta, format, damage, lines)| DateSpec {
            delta,
            format,
            damage,
            lines,
        })
}

fn if_range_spec() -> impl Strategy<Value = IfRangeSpec> {
    prop_oneof![
        3 => (any::<bool>(), select(OPAQUES), prop_oneof![4 => Just(1u8), 1 => Just(2u8)])
            .prop_map(|(w, o, n)| IfRangeSpec::Tag(w, o, n)),
        3 => date_spec().prop_map(IfRangeSpec::Date),
        1 => select(vec![&b""[..], b"xyzzy", b"W/", b"\"a", b"*", b"  "]).prop_map(IfRangeSpec::Raw),
    ]
}

const UNRELATED_NAMES: &[&str] = &[
    "Accept",
    "ETag",
    "Last-Modified",
    "Date",
    "If-Match-X",
    "X-If-None-Match",
    "IfMatch",
    "If_None_Match",
    "If-Modified",
    "Cache-Control",
];

fn unrelated() -> impl Strategy<Value = Vec<(&'static str, Vec<u8>)>> {
    let value = select(vec![
        &b"\"a\""[..],
        b"*",
        b"W/\"b\"",
        b"Sun, 06 Nov 1994 08:49:37 GMT",
        b"bytes=0-1",
        b"no-cache",
        b"",
    ])
    .prop_map(<[u8]>::to_vec);
    prop::collection::vec((select(UNRELATED_NAMES), value), 0..4)
}

fn resource_spec(method: &'static str) -> impl Strategy<Value = ResourceSpec> {
    // FORMAT.md: a missing resource only for methods other than GET and HEAD.
    let can_be_missing = method != "GET" && method != "HEAD";
    (
        prop_oneof![4 => Just(false), 1 => Just(can_be_missing)],
        prop::option::weighted(0.8, (any::<bool>(), select(OPAQUES))),
        prop::option::weighted(0.8, select(BASES)),
    )
        .prop_map(|(missing, etag, last_modified)| ResourceSpec {
            missing,
            etag,
            last_modified,
        })
}

fn spec_with(methods: &'static [&'static str], balanced_only: bool) -> impl Strategy<Value = Spec> {
    select(methods).prop_flat_map(move |method| {
        (
            resource_spec(method),
            select(BASES),
            select(&[0i64, 0, 1, 2, 86_400, 1_000_000_000][..]),
            any::<bool>(),
            (
                prop::option::weighted(0.4, tag_list(balanced_only)),
                prop::option::weighted(0.4, tag_list(balanced_only)),
                prop::option::weighted(0.4, date_spec()),
                prop::option::weighted(0.4, date_spec()),
                prop::option::weighted(0.4, if_range_spec()),
                prop::option::weighted(
                    0.5,
                    prop::collection::vec(
                        select(&["bytes=0-99", "bytes=5-", "", "items=1-2"][..]),
                        1..=2,
                    ),
                ),
            ),
            unrelated(),
        )
            .prop_map(move |(resource, base, after, policy, fields, unrelated)| {
                let base = resource.last_modified.unwrap_or(base);
                let (if_match, if_none_match, ims, ius, if_range, range) = fields;
                Spec {
                    method,
                    base,
                    // `now` is Last-Modified or later (and within the range).
                    now: base.saturating_add(after).min(r::MAX_SECONDS),
                    resource,
                    policy,
                    if_match,
                    if_none_match,
                    if_modified_since: ims,
                    if_unmodified_since: ius,
                    if_range,
                    range,
                    unrelated,
                }
            })
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    spec_with(METHODS, false)
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        prop::collection::vec(any::<u16>(), 1..24),
        prop::collection::vec(0u8..4, 1..24),
    )
        .prop_map(|(breaks, ows, empties, order, casing)| Layout {
            breaks,
            ows,
            empties,
            order,
            casing,
        })
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

fn render_date(spec: &DateSpec, base: i64) -> Vec<Vec<u8>> {
    let secs = base
        .saturating_add(spec.delta)
        .clamp(r::MIN_SECONDS, r::MAX_SECONDS);
    let mut text = match spec.format {
        0 => r::format_imf_fixdate(secs),
        1 => r::format_rfc850(secs),
        _ => r::format_asctime(secs),
    }
    .into_bytes();
    let time_at = text.iter().position(|&b| b == b':').unwrap_or(2) - 2;
    let day_at = match spec.format {
        0 => 5,
        1 => text.iter().position(|&b| b == b',').unwrap_or(0) + 2,
        _ => 8,
    };
    match spec.damage {
        1 => text[0] = text[0].to_ascii_lowercase(),
        2 => text[time_at..time_at + 2].copy_from_slice(b"24"),
        3 => text[day_at..day_at + 2].copy_from_slice(b"31"),
        4 => text[time_at + 6..time_at + 8].copy_from_slice(b"60"),
        5 => text.push(b'x'),
        6 => text.insert(0, b'\t'),
        7 => text.push(b' '),
        8 if text.ends_with(b"GMT") => {
            let n = text.len();
            text[n - 3..].copy_from_slice(b"UTC");
        }
        9 => text.clear(),
        10 => text = b"yesterday".to_vec(),
        11 => {
            text.pop();
        }
        12 => text[day_at..day_at + 2].copy_from_slice(b"29"),
        _ => {}
    }
    match spec.lines {
        1 => vec![text],
        2 => vec![text.clone(), text],
        // Split after the day-name, e.g. "Sun" and "06 Nov 1994 ...":
        // joined with ", " this would be a valid IMF-fixdate again.
        _ => match text.iter().position(|&b| b == b',') {
            Some(i) if i + 2 <= text.len() => vec![text[..i].to_vec(), text[i + 2..].to_vec()],
            _ => vec![text.clone(), Vec::new()],
        },
    }
}

fn bit(word: u64, i: usize) -> bool {
    (word >> (i % 64)) & 1 == 1
}

/// A list's members on one or more lines, with OWS and empty elements where
/// the layout says.
fn render_list(elements: &[Element], layout: &Layout, salt: usize) -> Vec<Vec<u8>> {
    const OWS: [&[u8]; 4] = [b"", b" ", b"\t", b" \t "];
    let ows = |i: usize| OWS[((layout.ows >> ((2 * i + salt) % 62)) & 3) as usize];
    let mut lines: Vec<Vec<u8>> = vec![Vec::new()];
    if bit(layout.empties, 63 + salt) {
        lines[0].extend_from_slice(b" , ");
    }
    for (i, element) in elements.iter().enumerate() {
        let line = lines.last_mut().unwrap();
        if i > 0 {
            if bit(layout.breaks, i + salt) {
                line.extend_from_slice(ows(i));
                lines.push(Vec::new());
                let line = lines.last_mut().unwrap();
                line.extend_from_slice(ows(i + 1));
                if bit(layout.empties, i + salt) {
                    line.extend_from_slice(b",");
                    line.extend_from_slice(ows(i + 2));
                }
            } else {
                line.extend_from_slice(ows(i));
                line.push(b',');
                if bit(layout.empties, i + salt) {
                    line.extend_from_slice(b" ,");
                }
                line.extend_from_slice(ows(i + 1));
            }
        }
        lines.last_mut().unwrap().extend(element.bytes());
    }
    if bit(layout.empties, 62 + salt) {
        lines.last_mut().unwrap().extend_from_slice(b", ");
    }
    if bit(layout.breaks, 63 + salt) {
        lines.push(b"\t".to_vec());
    }
    lines
}

type Headers = Vec<(String, Vec<u8>)>;

fn render(spec: &Spec, layout: &Layout) -> Headers {
    let mut fields: Vec<(&str, Vec<Vec<u8>>)> = Vec::new();
    if let Some(list) = &spec.if_match {
        fields.push(("If-Match", render_list(list, layout, 0)));
    }
    if let Some(list) = &spec.if_none_match {
        fields.push(("If-None-Match", render_list(list, layout, 21)));
    }
    if let Some(date) = &spec.if_modified_since {
        fields.push(("If-Modified-Since", render_date(date, spec.base)));
    }
    if let Some(date) = &spec.if_unmodified_since {
        fields.push(("If-Unmodified-Since", render_date(date, spec.base)));
    }
    match &spec.if_range {
        Some(IfRangeSpec::Tag(weak, opaque, lines)) => {
            let tag = Element::Tag(*weak, opaque).bytes();
            fields.push(("If-Range", vec![tag; usize::from(*lines)]));
        }
        Some(IfRangeSpec::Date(date)) => fields.push(("If-Range", render_date(date, spec.base))),
        Some(IfRangeSpec::Raw(raw)) => fields.push(("If-Range", vec![raw.to_vec()])),
        None => {}
    }
    if let Some(range) = &spec.range {
        fields.push((
            "Range",
            range.iter().map(|v| v.as_bytes().to_vec()).collect(),
        ));
    }
    for (name, value) in &spec.unrelated {
        fields.push((name, vec![value.clone()]));
    }

    // Interleave the fields' lines, keeping each field's lines in order.
    let mut keyed: Vec<(u16, String, Vec<u8>)> = Vec::new();
    let mut n = 0;
    for (name, lines) in fields {
        let mut keys: Vec<u16> = (0..lines.len())
            .map(|i| layout.order[(n + i) % layout.order.len()])
            .collect();
        keys.sort_unstable();
        for (key, line) in keys.into_iter().zip(lines) {
            let mode = layout.casing[n % layout.casing.len()];
            keyed.push((key, cased(name, mode), line));
            n += 1;
        }
    }
    keyed.sort_by_key(|(key, _, _)| *key);
    keyed
        .into_iter()
        .map(|(_, name, value)| (name, value))
        .collect()
}

// ---------------------------------------------------------------------------
// Running both evaluators
// ---------------------------------------------------------------------------

fn crate_resource(spec: &ResourceSpec) -> Resource<'static> {
    if spec.missing {
        return Resource::Missing;
    }
    let mut v = Validators::new();
    if let Some((weak, opaque)) = spec.etag {
        let tag = if weak {
            EntityTag::weak(opaque)
        } else {
            EntityTag::strong(opaque)
        };
        v = v.with_etag(tag.expect("the alphabet holds valid opaque-tags"));
    }
    if let Some(lm) = spec.last_modified {
        v = v.with_last_modified(HttpDate::from_unix_seconds(lm).expect("in range"));
    }
    Resource::Current(v)
}

fn reference_resource(spec: &ResourceSpec) -> r::Resource {
    if spec.missing {
        return r::Resource::Missing;
    }
    r::Resource::Current {
        etag: spec.etag.map(|(weak, opaque)| r::Tag {
            weak,
            opaque: opaque.to_vec(),
        }),
        last_modified: spec.last_modified,
    }
}

fn run<'a>(method: &'a str, headers: &'a Headers, spec: &Spec) -> Evaluation<'a> {
    evaluate(
        Method::from(method),
        &headers[..],
        crate_resource(&spec.resource),
        HttpDate::from_unix_seconds(spec.now).expect("now in range"),
        Policy::new().require_precondition(spec.policy),
    )
}

fn run_reference(method: &str, headers: &Headers, spec: &Spec) -> r::Verdict {
    let pairs: Vec<(&[u8], &[u8])> = headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_slice()))
        .collect();
    r::evaluate(
        method.as_bytes(),
        &pairs,
        &reference_resource(&spec.resource),
        spec.now,
        spec.policy,
    )
}

fn has(headers: &Headers, field: impl Into<Field>) -> bool {
    let field = field.into();
    headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(field.name()))
}

fn is_get_or_head(method: &str) -> bool {
    method == "GET" || method == "HEAD"
}

/// The crate and the reference agree on the status and on which conditions
/// were evaluated, with which truth.
fn agree(method: &str, headers: &Headers, spec: &Spec) -> Result<(), TestCaseError> {
    let eval = run(method, headers, spec);
    let verdict = run_reference(method, headers, spec);
    prop_assert_eq!(
        eval.status(),
        verdict.status,
        "headers {:?}\nexplanation: {}\nreference: {:?}",
        headers,
        eval,
        verdict
    );
    for (field, outcome) in eval.trace().iter() {
        let truth = match outcome {
            Outcome::True(_) => Some(true),
            Outcome::False(_) => Some(false),
            _ => None,
        };
        prop_assert_eq!(
            truth,
            verdict.truth(field.name()),
            "{} in {:?}\nexplanation: {}",
            field,
            headers,
            eval
        );
    }
    list_reasons_agree(&eval, headers, spec)
}

/// For a valid `If-Match` / `If-None-Match` list, the trace's reason names
/// the first matching member (counted from 1 across lines), or counts every
/// member, as the reference's reading of the list does.
fn list_reasons_agree(
    eval: &Evaluation<'_>,
    headers: &Headers,
    spec: &Spec,
) -> Result<(), TestCaseError> {
    let pairs: Vec<(&[u8], &[u8])> = headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_slice()))
        .collect();
    let resource = reference_resource(&spec.resource);
    for (field, strong) in [
        (Precondition::IfMatch, true),
        (Precondition::IfNoneMatch, false),
    ] {
        let reason = match eval.trace().get(field) {
            Outcome::True(reason) | Outcome::False(reason) => reason,
            _ => continue,
        };
        let Some((tags, first)) = r::list_members(&pairs, field.name(), &resource, strong) else {
            continue;
        };
        match reason {
            Reason::Matched { member, tag, .. } => {
                prop_assert_eq!(member.checked_sub(1), first, "{} in {:?}", field, headers);
                let expected = &tags[member - 1];
                prop_assert_eq!(
                    (tag.is_weak(), tag.opaque()),
                    (expected.weak, &expected.opaque[..])
                );
            }
            Reason::NoMatch { members, .. } | Reason::NoCurrentEtag { members } => {
                prop_assert_eq!(first, None, "{} in {:?}", field, headers);
                prop_assert_eq!(members, tags.len(), "{} in {:?}", field, headers);
            }
            other => prop_assert!(
                false,
                "{}: {:?} for a valid list {:?}",
                field,
                other,
                headers
            ),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(10_000, 1_000))]

    // RFC 9110 §13.2.2 (with §13.1.1-§13.1.5, §13.2.1, RFC 6585 §3)
    #[test]
    fn evaluate_agrees_with_the_reference_on_generated_requests(spec in spec(), layout in layout()) {
        let headers = render(&spec, &layout);
        agree(spec.method, &headers, &spec)?;
    }
}

/// Hashes: four of one length (two differ only in their last byte), one
/// more of that length with a `!` (valid, but checked apart), and tags of
/// other lengths (8 and 17 bytes, and one byte) that end or start a run,
/// for the lists that the walker reads in runs of one length.
const HASHES: &[&[u8]] = &[
    b"5f0e1a2b3c4d5e6f",
    b"5f0e1a2b3c4d5e6e",
    b"0123456789abcdef",
    b"9e3779b97f4a7c15",
    b"5f0e1a2b!c4d5e6f",
    b"01234567",
    b"0123456789abcdef0",
    b"a",
];

/// A member of a list of hashes: one of [`HASHES`], or one of their length
/// with a control byte, which makes the whole list invalid.
fn hash_member() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![20 => select(HASHES), 1 => Just(&b"5f0e1a2b3c4d5e6\x01"[..])]
}

/// A list of hashes as clients send it: mostly `, ` between members,
/// sometimes another separator, sometimes a new field line (`None`).
fn hash_list_lines() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let separator = prop_oneof![
        12 => Just(Some(&b", "[..])),
        1 => Just(Some(&b","[..])),
        1 => Just(Some(&b" , "[..])),
        1 => Just(Some(&b", , "[..])),
        1 => Just(None),
    ];
    let weak = prop_oneof![9 => Just(false), 1 => Just(true)];
    prop::collection::vec((weak, hash_member(), separator), 1..40).prop_map(|members| {
        let mut lines = vec![Vec::new()];
        for (k, (weak, opaque, separator)) in members.into_iter().enumerate() {
            if k > 0 {
                match separator {
                    Some(bytes) => lines.last_mut().unwrap().extend_from_slice(bytes),
                    None => lines.push(Vec::new()),
                }
            }
            lines
                .last_mut()
                .unwrap()
                .extend(Element::Tag(weak, opaque).bytes());
        }
        lines
    })
}

proptest! {
    #![proptest_config(config(3_000, 300))]

    // RFC 9110 §13.1.1, §13.1.2 with §5.6.1 and §5.3: lists of hashes, which
    // the walker reads in runs of one length, decide and explain as the
    // reference reads them
    #[test]
    fn evaluate_agrees_with_the_reference_on_lists_of_hashes(
        method in select(&["GET", "HEAD", "PUT", "DELETE"][..]),
        field in select(&["If-None-Match", "If-Match"][..]),
        lines in hash_list_lines(),
        etag in prop::option::weighted(0.9, (prop_oneof![4 => Just(false), 1 => Just(true)], select(HASHES))),
    ) {
        let spec = Spec {
            method,
            resource: ResourceSpec { missing: false, etag, last_modified: Some(BASES[0]) },
            base: BASES[0],
            now: BASES[0],
            policy: false,
            if_match: None,
            if_none_match: None,
            if_modified_since: None,
            if_unmodified_since: None,
            if_range: None,
            range: None,
            unrelated: Vec::new(),
        };
        let headers: Headers = lines.into_iter().map(|line| (field.to_string(), line)).collect();
        agree(method, &headers, &spec)?;
    }
}

/// A field line value built from bytes that matter to the parsers.
fn noisy_value() -> impl Strategy<Value = Vec<u8>> {
    let byte = select(
        &[
            b'"', b'"', b',', b' ', b'\t', b'W', b'/', b'*', b'a', b'b', 0xFF, 0x00, 0x7F, b'\\',
        ][..],
    );
    prop_oneof![
        3 => prop::collection::vec(byte, 0..24),
        1 => select(vec![
            &b"Sun, 06 Nov 1994 08:49:37 GMT"[..],
            b"Sunday, 06-Nov-94 08:49:37 GMT",
            b"Sun Nov  6 08:49:37 1994",
            b"Sat, 29 Oct 1994 19:43:31 GMT",
        ]).prop_map(<[u8]>::to_vec),
    ]
}

fn noisy_headers() -> impl Strategy<Value = Headers> {
    let name = select(
        &[
            "If-Match",
            "if-none-match",
            "If-Modified-Since",
            "IF-UNMODIFIED-SINCE",
            "If-Range",
            "Range",
            "Accept",
        ][..],
    );
    prop::collection::vec((name.prop_map(str::to_owned), noisy_value()), 0..6)
}

proptest! {
    #![proptest_config(config(5_000, 500))]

    // RFC 9110 §13.2.2, on field values made of the bytes the grammar cares about
    #[test]
    fn evaluate_agrees_with_the_reference_on_noisy_field_values(
        spec in spec(),
        headers in noisy_headers(),
    ) {
        agree(spec.method, &headers, &spec)?;
    }
}

proptest! {
    #![proptest_config(config(2_000, 300))]

    // RFC 9110 §13.1.2, §13.1.3, §14.2: 304 is for GET and HEAD; 206 for a GET with Range
    #[test]
    fn not_modified_is_only_for_get_or_head_and_partial_content_only_for_get_with_range(
        spec in spec(),
        layout in layout(),
    ) {
        let headers = render(&spec, &layout);
        let status = run(spec.method, &headers, &spec).status();
        if status == 304 {
            prop_assert!(is_get_or_head(spec.method), "{} got 304", spec.method);
        }
        if status == 206 {
            prop_assert!(spec.method == "GET" && has(&headers, Field::Range));
        }
        prop_assert!([200, 206, 304, 412, 428].contains(&status));
    }

    // RFC 9110 §13.2.2 step 6; RFC 6585 §3
    #[test]
    fn without_preconditions_a_request_proceeds_or_needs_one(
        mut spec in spec(),
        layout in layout(),
    ) {
        spec.if_match = None;
        spec.if_none_match = None;
        spec.if_modified_since = None;
        spec.if_unmodified_since = None;
        spec.if_range = None;
        let headers = render(&spec, &layout);
        let expected = match spec.method {
            "GET" if spec.range.is_some() => 206,
            "GET" | "HEAD" | "OPTIONS" | "TRACE" | "CONNECT" => 200,
            _ if spec.policy => 428,
            _ => 200,
        };
        prop_assert_eq!(run(spec.method, &headers, &spec).status(), expected);
    }

    // RFC 9110 §13.2.2: only the conditional fields (and Range) take part
    #[test]
    fn unrelated_fields_never_change_the_evaluation(spec in spec(), layout in layout()) {
        let mut bare = spec.clone();
        bare.unrelated.clear();
        let with = render(&spec, &layout);
        let without = render(&bare, &layout);
        prop_assert_eq!(run(spec.method, &with, &spec), run(spec.method, &without, &bare));
    }

    // RFC 9110 §9.3.2: HEAD is GET without content; Range applies to GET only (§14.2)
    #[test]
    fn head_decides_as_get_except_for_range(spec in spec_with(&["GET", "HEAD"], false), layout in layout()) {
        let headers = render(&spec, &layout);
        let get = run("GET", &headers, &spec).status();
        let head = run("HEAD", &headers, &spec).status();
        prop_assert_eq!(head, if get == 206 { 200 } else { get });
    }

    // RFC 9110 §5.3, §5.6.1: field lines, empty elements and OWS do not change a
    // list of entity-tags
    #[test]
    fn splitting_lists_into_lines_and_adding_empty_elements_or_ows_changes_nothing(
        spec in spec_with(METHODS, true),
        layout in layout(),
    ) {
        let plain = render(&spec, &Layout::plain());
        let fancy = render(&spec, &layout);
        // `*` is the whole field or invalid (CHOICES 3): OWS around it
        // changes nothing, a comma or a line beside it makes it malformed.
        let mut star_broken = false;
        for (field, list) in [(Field::IfMatch, &spec.if_match), (Field::IfNoneMatch, &spec.if_none_match)] {
            if !matches!(list.as_deref(), Some([Element::Star])) {
                continue;
            }
            let lines: Vec<&[u8]> = (&fancy[..]).lines(field).collect();
            if matches!(&lines[..], [one] if r::trim(one) == b"*") {
                continue;
            }
            star_broken = true;
            prop_assert!(
                !parse::is_any(lines.iter().copied()) && parse::list(lines).any(|m| m.is_err()),
                "{} {:?}", field, fancy
            );
        }
        if star_broken {
            return Ok(());
        }
        let a = run(spec.method, &plain, &spec);
        let b = run(spec.method, &fancy, &spec);
        prop_assert_eq!(a.decision(), b.decision(), "plain {:?}\nfancy {:?}", plain, fancy);
        for ((field, x), (_, y)) in a.trace().iter().zip(b.trace().iter()) {
            prop_assert_eq!(
                std::mem::discriminant(&x),
                std::mem::discriminant(&y),
                "{} plain {:?} fancy {:?}",
                field,
                plain,
                fancy
            );
        }
    }

    // RFC 9110 §13.2.2: the explanation gives the decision and accounts for every field
    #[test]
    fn the_explanation_starts_with_the_decision_and_names_every_present_field(
        spec in spec(),
        layout in layout(),
    ) {
        let headers = render(&spec, &layout);
        let eval = run(spec.method, &headers, &spec);
        let text = eval.to_string();
        let decision = format!("{}: ", eval.decision());
        prop_assert!(text.starts_with(&decision), "{}", text);
        for field in [Field::IfMatch, Field::IfUnmodifiedSince, Field::IfNoneMatch, Field::IfModifiedSince, Field::IfRange] {
            if has(&headers, field) {
                prop_assert!(text.contains(field.name()), "{} missing from {:?}", field, text);
            } else if eval.decision() != Decision::PreconditionRequired {
                // The 428 sentence lists the fields that would have helped.
                prop_assert!(!text.contains(field.name()), "absent {} named in {:?}", field, text);
            }
        }
    }

    // RFC 9110 §13.2.2: every 304/412/428/206 has its cause in the trace
    #[test]
    fn the_trace_is_consistent_with_the_decision(spec in spec(), layout in layout()) {
        let headers = render(&spec, &layout);
        let eval = run(spec.method, &headers, &spec);
        let trace = eval.trace();
        let is_false = |o: Outcome<'_>| matches!(o, Outcome::False(_));
        let decided = |o: Outcome<'_>| matches!(o, Outcome::True(_) | Outcome::False(_));

        prop_assert_eq!(trace.range, has(&headers, Field::Range));
        for (field, outcome) in trace.iter() {
            prop_assert_eq!(outcome.is_present(), has(&headers, field), "{}", field);
        }
        // §13.2.1: CONNECT, OPTIONS and TRACE ignore every precondition.
        if ["CONNECT", "OPTIONS", "TRACE"].contains(&spec.method) {
            prop_assert_eq!(eval.decision(), Decision::Proceed);
            prop_assert!(trace.iter().all(|(_, o)| !decided(o)));
        }
        // At most one condition is false, and nothing is evaluated after it.
        let falses: Vec<usize> = trace.iter().enumerate().filter(|(_, (_, o))| is_false(*o)).map(|(i, _)| i).collect();
        prop_assert!(falses.len() <= 1, "{:?}", trace);
        if let Some(&first) = falses.first() {
            prop_assert!(trace.iter().skip(first + 1).all(|(_, o)| !decided(o)), "{:?}", trace);
        }
        match eval.decision() {
            Decision::PreconditionFailed => prop_assert!(
                is_false(trace.if_match)
                    || is_false(trace.if_unmodified_since)
                    || (is_false(trace.if_none_match) && !is_get_or_head(spec.method)),
                "{:?}", trace
            ),
            Decision::NotModified => prop_assert!(
                is_get_or_head(spec.method)
                    && (is_false(trace.if_none_match) || is_false(trace.if_modified_since)),
                "{:?}", trace
            ),
            Decision::PreconditionRequired => {
                prop_assert!(spec.policy);
                prop_assert!(trace.iter().all(|(_, o)| !decided(o)), "{:?}", trace);
            }
            Decision::ProceedWithRange => prop_assert!(
                spec.method == "GET" && trace.range && falses.is_empty(),
                "{:?}", trace
            ),
            Decision::Proceed => prop_assert!(
                falses.is_empty() || (is_false(trace.if_range) && spec.method == "GET" && trace.range),
                "{:?}", trace
            ),
        }
    }
}

proptest! {
    #![proptest_config(config(2_000, 500))]

    // RFC 9110 §5.6.7: the reference's date reading agrees with httpdate where
    // httpdate applies (years 1970-9999; rfc850 in its 1970-2069 window,
    // which is the 50-year rule for a clock at 2019-12-31T23:59:59Z)
    #[test]
    fn the_reference_reads_dates_as_httpdate_does(
        // httpdate's range: up to 9999-12-31T23:59:59, not the second 60
        // after it (`MAX_SECONDS`).
        secs in 0i64..r::MAX_SECONDS,
        rfc850_secs in 0i64..3_155_760_000,
        format in 0u8..3,
    ) {
        // 2019-12-31T23:59:59Z: now + 50 years is the last second of 2069.
        let now_2019 = 1_577_836_799;
        let (secs, text) = match format {
            0 => (secs, r::format_imf_fixdate(secs)),
            1 => (rfc850_secs, r::format_rfc850(rfc850_secs)),
            _ => (secs, r::format_asctime(secs)),
        };
        let theirs = httpdate::parse_http_date(&text).expect("httpdate reads it");
        let theirs = theirs.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        prop_assert_eq!(theirs, secs, "{}", text);
        prop_assert_eq!(r::parse_http_date(text.as_bytes(), now_2019), Some(secs), "{}", text);
        let ours = HttpDate::parse(text.as_bytes(), HttpDate::from_unix_seconds(now_2019).unwrap());
        prop_assert_eq!(ours.map(HttpDate::unix_seconds), Ok(secs), "{}", text);
    }
}

/// A method, its field lines, and the status RFC 9110 gives.
type Example = (&'static str, &'static [(&'static str, &'static str)], u16);

// RFC 9110 §13.2.2: the reference itself against the public vectors' kind of
// cases, so that a bug in it shows up as a plain failure and not only as a
// disagreement.
#[test]
fn the_reference_decides_the_rfc_examples() {
    let resource = r::Resource::Current {
        etag: Some(r::Tag {
            weak: false,
            opaque: b"xyzzy".to_vec(),
        }),
        last_modified: Some(783_459_811),
    };
    let now = 784_111_777;
    let cases: &[Example] = &[
        ("GET", &[("If-None-Match", "W/\"xyzzy\"")], 304),
        ("GET", &[("If-None-Match", "\"a\", \"b\"")], 200),
        ("PUT", &[("If-Match", "\"xyzzy\"")], 200),
        ("PUT", &[("If-Match", "W/\"xyzzy\"")], 412),
        (
            "PUT",
            &[("If-Unmodified-Since", "Fri, 28 Oct 1994 19:43:31 GMT")],
            412,
        ),
        (
            "GET",
            &[("If-Modified-Since", "Saturday, 29-Oct-94 19:43:31 GMT")],
            304,
        ),
        (
            "GET",
            &[("If-Modified-Since", "Sat Oct 29 19:43:30 1994")],
            200,
        ),
        (
            "GET",
            &[
                ("Range", "bytes=0-1"),
                ("If-Range", "Sat, 29 Oct 1994 19:43:31 GMT"),
            ],
            206,
        ),
        (
            "GET",
            &[("Range", "bytes=0-1"), ("If-Range", "W/\"xyzzy\"")],
            200,
        ),
        ("HEAD", &[("Range", "bytes=0-1")], 200),
        ("OPTIONS", &[("If-Match", "\"nope\"")], 200),
        (
            "GET",
            &[
                ("If-None-Match", "\"xyzzy"),
                ("If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT"),
            ],
            200,
        ),
        (
            "GET",
            &[
                ("If-Modified-Since", "Sat"),
                ("If-Modified-Since", "29 Oct 1994 19:43:31 GMT"),
            ],
            200,
        ),
    ];
    for (method, headers, expected) in cases {
        let pairs: Vec<(&[u8], &[u8])> = headers
            .iter()
            .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
            .collect();
        let verdict = r::evaluate(method.as_bytes(), &pairs, &resource, now, false);
        assert_eq!(verdict.status, *expected, "{method} {headers:?}");
    }
    let put_nothing = r::evaluate(b"PUT", &[], &resource, now, true);
    assert_eq!(put_nothing.status, 428);
}

// The generator is only as good as what it reaches: with a fixed seed, every
// status, and every kind of outcome for every precondition, shows up.
#[test]
fn the_generator_reaches_every_status_and_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;

    let mut runner = TestRunner::deterministic();
    let strategy = (spec(), layout());
    let mut statuses = BTreeSet::new();
    let mut outcomes = BTreeSet::new();
    let mut agreements = 0;
    for _ in 0..3_000 {
        let (spec, layout) = strategy.new_tree(&mut runner).unwrap().current();
        let headers = render(&spec, &layout);
        let eval = run(spec.method, &headers, &spec);
        statuses.insert(eval.status());
        for (field, outcome) in eval.trace().iter() {
            let kind = match outcome {
                Outcome::Absent => "absent",
                Outcome::NotEvaluated => "not evaluated",
                Outcome::Ignored(_) => "ignored",
                Outcome::True(_) => "true",
                Outcome::False(_) => "false",
            };
            outcomes.insert((field.name(), kind));
        }
        agreements +=
            usize::from(run_reference(spec.method, &headers, &spec).status == eval.status());
    }
    assert_eq!(agreements, 3_000);
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [200, 206, 304, 412, 428]
    );
    for field in r::PRECONDITIONS {
        for kind in ["absent", "not evaluated", "ignored", "true", "false"] {
            // Only a 428 comes before If-Match and an applicable
            // If-Unmodified-Since, and either prevents a 428.
            if kind == "not evaluated" && (field == r::IF_MATCH || field == r::IF_UNMODIFIED_SINCE)
            {
                continue;
            }
            assert!(outcomes.contains(&(field, kind)), "{field} never {kind}");
        }
    }
}

/// The canonical form of a reference tag, as the vectors write it.
fn canonical(tag: &r::Tag) -> String {
    let weak = if tag.weak { "W/" } else { "" };
    format!("{weak}\"{}\"", String::from_utf8_lossy(&tag.opaque))
}

// RFC 9110 §13.2.2, §8.8.3.2, §5.6.7: the oracle itself passes every public
// conformance vector, so that a disagreement points at the crate
#[test]
fn the_reference_passes_the_public_vectors() {
    use serde_json::{json, Value};

    // The clock of cases without `now`: later than all their dates.
    let default_now = 1_767_225_600; // 2026-01-01
    let text = include_str!("../../tests/vectors/public.jsonl");
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap();
        let expect = &case["expect"];
        let got = if let Some(e) = case.get("evaluate") {
            let now = e["now"]
                .as_str()
                .and_then(|d| r::parse_http_date(d.as_bytes(), default_now))
                .unwrap_or(default_now);
            let resource = match &e["resource"] {
                Value::Null => r::Resource::Missing,
                res => r::Resource::Current {
                    etag: res["etag"]
                        .as_str()
                        .and_then(|v| r::parse_entity_tag(r::trim(v.as_bytes()))),
                    last_modified: res["last_modified"]
                        .as_str()
                        .and_then(|v| r::parse_http_date(r::trim(v.as_bytes()), now)),
                },
            };
            let headers: Vec<(&[u8], &[u8])> = e["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    (
                        h[0].as_str().unwrap().as_bytes(),
                        h[1].as_str().unwrap().as_bytes(),
                    )
                })
                .collect();
            let policy = e["policy"]["require_precondition"].as_bool() == Some(true);
            let method = e["method"].as_str().unwrap().as_bytes();
            json!({"status": r::evaluate(method, &headers, &resource, now, policy).status})
        } else if let Some(pair) = case.get("compare") {
            let a = r::parse_entity_tag(pair[0].as_str().unwrap().as_bytes());
            let b = r::parse_entity_tag(pair[1].as_str().unwrap().as_bytes());
            match (a, b) {
                (Some(a), Some(b)) => {
                    json!({"strong": r::strong_match(&a, &b), "weak": r::weak_match(&a, &b)})
                }
                _ => json!({"invalid": true}),
            }
        } else {
            let p = &case["parse"];
            let lines: Vec<&[u8]> = p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().as_bytes())
                .collect();
            let invalid = json!({"invalid": true});
            match p["field"].as_str().unwrap().to_ascii_lowercase().as_str() {
                "etag" => r::single(&lines)
                    .and_then(|v| r::parse_entity_tag(&v))
                    .map_or(invalid, |t| json!({"any": false, "tags": [canonical(&t)]})),
                "if-match" | "if-none-match" => match r::parse_list(&lines) {
                    Some(r::List::Any) => json!({"any": true, "tags": []}),
                    Some(r::List::Tags(tags)) => {
                        json!({"any": false, "tags": tags.iter().map(canonical).collect::<Vec<_>>()})
                    }
                    None => invalid,
                },
                "if-range" => match r::parse_if_range(&lines, default_now) {
                    Some(r::IfRange::Tag(t)) => json!({"tags": [canonical(&t)]}),
                    Some(r::IfRange::Date(d)) => json!({"date": d}),
                    None => invalid,
                },
                _ => {
                    r::parse_date_field(&lines, default_now).map_or(invalid, |d| json!({"date": d}))
                }
            }
        };
        for (key, value) in expect.as_object().unwrap() {
            assert_eq!(
                got.get(key),
                Some(value),
                "{id}: expected {expect}, got {got}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 77);
}

/// The request's lines in an `http::HeaderMap`, in arrival order, with
/// `filler` unrelated lines first; `None` if a name or value is not one
/// `http` accepts (NUL, DEL, ...).
fn header_map(headers: &Headers, filler: usize) -> Option<http::HeaderMap> {
    let mut map = http::HeaderMap::new();
    for k in 0..filler {
        let name = http::HeaderName::from_bytes(format!("x-filler-{k}").as_bytes()).ok()?;
        map.append(name, http::HeaderValue::from_static("1"));
    }
    for (name, value) in headers {
        let name = http::HeaderName::from_bytes(name.as_bytes()).ok()?;
        map.append(name, http::HeaderValue::from_bytes(value).ok()?);
    }
    Some(map)
}

/// From a map, as from the slice of the same lines: the same decision and
/// the same explanation, word for word.
fn map_agrees(
    method: &str,
    headers: &Headers,
    spec: &Spec,
    filler: usize,
) -> Result<(), TestCaseError> {
    let Some(map) = header_map(headers, filler) else {
        return Ok(());
    };
    let from_slice = run(method, headers, spec);
    let from_map = evaluate(
        Method::from(method),
        &map,
        crate_resource(&spec.resource),
        HttpDate::from_unix_seconds(spec.now).expect("now in range"),
        Policy::new().require_precondition(spec.policy),
    );
    prop_assert_eq!(from_map.decision(), from_slice.decision(), "{:?}", headers);
    prop_assert_eq!(
        from_map.to_string(),
        from_slice.to_string(),
        "{:?}",
        headers
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(2_000, 300))]

    // RFC 9110 §5.3: the field lines of an `http::HeaderMap` (read in one
    // pass, or looked up when there are many) are the request's lines
    #[test]
    fn a_header_map_is_read_as_the_slice_of_its_lines(
        spec in spec(),
        layout in layout(),
        filler in prop_oneof![0..4usize, 40..70usize],
    ) {
        let headers = render(&spec, &layout);
        map_agrees(spec.method, &headers, &spec, filler)?;
    }

    // The same on field values made of the bytes the grammar cares about
    #[test]
    fn a_noisy_header_map_is_read_as_the_slice_of_its_lines(
        spec in spec(),
        headers in noisy_headers(),
        filler in prop_oneof![0..4usize, 40..70usize],
    ) {
        map_agrees(spec.method, &headers, &spec, filler)?;
    }
}
