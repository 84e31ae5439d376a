//! Scenarios and implementations shared by the bench binaries
//! (`compare`, `allocs`, `callgrind`).
//!
//! Every implementation answers the same question for a scenario: the status
//! RFC 9110 §13.2.2 gives the request (200, 304 or 412), from the same field
//! bytes. This crate answers with the full [`evaluate`]; the peers do what a
//! framework would do with them:
//!
//! - `headers` 0.4: `Header::decode` of `IfMatch` / `IfNoneMatch` /
//!   `IfModifiedSince` from the field's `http::HeaderValue`s, then
//!   `precondition_passes` / `is_modified`, in §13.2.2 order.
//! - `etag` 4: `str::parse::<etag::EntityTag>` of a single-tag field, then
//!   `weak_eq` (If-None-Match) or `strong_eq` (If-Match).
//! - `httpdate`: `parse_http_date` of the If-Modified-Since value, compared
//!   with Last-Modified.
//!
//! Two more answer from an `http::HeaderMap`, the way a tower, hyper or
//! axum service holds a request's fields (so both pay for the look-up):
//!
//! - `ours-map`: [`evaluate`] with `&HeaderMap` as its field lines
//!   (feature `http`);
//! - `headers-map`: `HeaderMapExt::typed_get` of the same three fields,
//!   then the same calls as `headers`.
//!
//! and two floors that decide nothing: `memchr2` counting every `"` and `,`
//! of the field bytes, a plain byte loop counting the same, and `==` of the
//! field bytes against a copy.

#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use headers::Header;
use http::HeaderValue;
use http_conditional::{
    evaluate, parse, EntityTag, HttpDate, Member, Method, Policy, Resource, Validators,
};

/// The resource's current entity-tag (opaque part).
pub const CURRENT_ETAG: &str = "5f0e1a2b3c4d5e6f";
/// The resource's Last-Modified, and the date the IMS scenarios send:
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub const LAST_MODIFIED: i64 = 784_111_777;
pub const LAST_MODIFIED_TEXT: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
/// The server's clock.
pub const NOW: i64 = 1_700_000_000;

/// Which implementations can answer a scenario at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imp {
    Ours,
    OursParse,
    OursMap,
    Headers,
    HeadersMap,
    Etag,
    Httpdate,
    FloorMemchr,
    FloorLoop,
    FloorEq,
}

impl Imp {
    pub const ALL: [Imp; 10] = [
        Imp::Ours,
        Imp::OursParse,
        Imp::OursMap,
        Imp::Headers,
        Imp::HeadersMap,
        Imp::Etag,
        Imp::Httpdate,
        Imp::FloorMemchr,
        Imp::FloorLoop,
        Imp::FloorEq,
    ];
    pub const fn name(self) -> &'static str {
        match self {
            Imp::Ours => "ours",
            Imp::OursParse => "ours-parse",
            Imp::OursMap => "ours-map",
            Imp::Headers => "headers",
            Imp::HeadersMap => "headers-map",
            Imp::Etag => "etag",
            Imp::Httpdate => "httpdate",
            Imp::FloorMemchr => "floor-memchr",
            Imp::FloorLoop => "floor-loop",
            Imp::FloorEq => "floor-eq",
        }
    }
    pub fn from_name(name: &str) -> Option<Imp> {
        Imp::ALL.into_iter().find(|i| i.name() == name)
    }
    /// A peer decides the scenario; a floor only touches the bytes.
    pub const fn is_peer(self) -> bool {
        matches!(
            self,
            Imp::Headers | Imp::HeadersMap | Imp::Etag | Imp::Httpdate
        )
    }
    /// Decides the scenario (ours or a peer), as opposed to a floor.
    pub const fn decides(self) -> bool {
        matches!(self, Imp::Ours | Imp::OursParse | Imp::OursMap) || self.is_peer()
    }
}

/// One request: a method and its conditional field lines, in arrival order.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub method: &'static str,
    pub fields: Vec<(&'static str, Vec<u8>)>,
    /// What RFC 9110 §13.2.2 says, checked against `evaluate` at setup.
    pub expected: u16,
}

impl Scenario {
    fn new(
        name: impl Into<String>,
        method: &'static str,
        fields: Vec<(&'static str, Vec<u8>)>,
        expected: u16,
    ) -> Self {
        Scenario {
            name: name.into(),
            method,
            fields,
            expected,
        }
    }

    /// Bytes of field values, all lines.
    pub fn bytes(&self) -> usize {
        self.fields.iter().map(|(_, v)| v.len()).sum()
    }
}

fn quoted(opaque: &str) -> String {
    format!("\"{opaque}\"")
}

/// `n` distinct tags that look like hashes, as one `, `-separated value;
/// the last is the current entity-tag when `match_last`.
pub fn tag_list(n: usize, match_last: bool) -> String {
    let mut tags: Vec<String> = (0..n)
        .map(|i| {
            quoted(&format!(
                "{:016x}",
                (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ))
        })
        .collect();
    if match_last {
        tags[n - 1] = quoted(CURRENT_ETAG);
    }
    tags.join(", ")
}

/// The same `n` tags spread over `lines` field lines.
fn tag_lines(n: usize, lines: usize, match_last: bool) -> Vec<Vec<u8>> {
    let all = tag_list(n, match_last);
    let tags: Vec<&str> = all.split(", ").collect();
    tags.chunks(n.div_ceil(lines))
        .map(|c| c.join(", ").into_bytes())
        .collect()
}

/// `len` bytes of `unit` repeated (cut to `len`).
pub fn repeat_to(unit: &str, len: usize) -> Vec<u8> {
    unit.as_bytes().iter().copied().cycle().take(len).collect()
}

/// Hostile If-None-Match values of `len` bytes.
pub fn hostile(kind: &str, len: usize) -> Vec<u8> {
    match kind {
        // Nothing but empty list elements.
        "commas" => repeat_to(",", len),
        // The densest valid list: a one-byte tag every 4 bytes.
        "tags" => repeat_to("\"a\",", len),
        // One quote that never closes.
        "quote" => {
            let mut v = repeat_to("a", len);
            v[0] = b'"';
            v
        }
        _ => panic!("unknown hostile kind {kind}"),
    }
}

/// Every scenario of issue 4, in table order.
pub fn scenarios() -> Vec<Scenario> {
    let inm = "If-None-Match";
    let mut v = vec![
        Scenario::new(
            "inm-1-match",
            "GET",
            vec![(inm, quoted(CURRENT_ETAG).into_bytes())],
            304,
        ),
        Scenario::new(
            "inm-1-miss",
            "GET",
            vec![(inm, quoted("0123456789abcdef").into_bytes())],
            200,
        ),
        Scenario::new(
            "inm-weak-vs-strong",
            "GET",
            vec![(inm, format!("W/{}", quoted(CURRENT_ETAG)).into_bytes())],
            304,
        ),
    ];
    for n in [10, 100] {
        v.push(Scenario::new(
            format!("inm-{n}-last"),
            "GET",
            vec![(inm, tag_list(n, true).into_bytes())],
            304,
        ));
        v.push(Scenario::new(
            format!("inm-{n}-absent"),
            "GET",
            vec![(inm, tag_list(n, false).into_bytes())],
            200,
        ));
    }
    v.push(Scenario::new(
        "inm-10-3-lines",
        "GET",
        tag_lines(10, 3, true)
            .into_iter()
            .map(|l| (inm, l))
            .collect(),
        304,
    ));
    v.push(Scenario::new(
        "ims-fixdate",
        "GET",
        vec![("If-Modified-Since", LAST_MODIFIED_TEXT.as_bytes().to_vec())],
        304,
    ));
    v.push(Scenario::new(
        "get-inm-ims",
        "GET",
        vec![
            (inm, quoted(CURRENT_ETAG).into_bytes()),
            ("If-Modified-Since", LAST_MODIFIED_TEXT.as_bytes().to_vec()),
        ],
        304,
    ));
    v.push(Scenario::new(
        "get-18-fields",
        "GET",
        browser_get(&[
            (inm, quoted(CURRENT_ETAG).into_bytes()),
            ("If-Modified-Since", LAST_MODIFIED_TEXT.as_bytes().to_vec()),
        ]),
        304,
    ));
    v.push(Scenario::new(
        "put-if-match",
        "PUT",
        vec![("If-Match", quoted(CURRENT_ETAG).into_bytes())],
        200,
    ));
    v.push(Scenario::new(
        "put-if-match-weak",
        "PUT",
        vec![(
            "If-Match",
            format!("W/{}", quoted(CURRENT_ETAG)).into_bytes(),
        )],
        412,
    ));
    for kind in ["commas", "tags", "quote"] {
        for kib in [8, 64] {
            v.push(Scenario::new(
                format!("hostile-{kind}-{kib}k"),
                "GET",
                vec![(inm, hostile(kind, kib * 1024))],
                200,
            ));
        }
    }
    v
}

/// A browser's revalidating GET: sixteen ordinary field lines, with the
/// conditional ones where a browser puts them (after `Accept-Language`).
fn browser_get(conditional: &[(&'static str, Vec<u8>)]) -> Vec<(&'static str, Vec<u8>)> {
    let before: [(&'static str, &str); 10] = [
        ("Host", "api.example.com"),
        (
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        ),
        (
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        ),
        ("Accept-Language", "en-US,en;q=0.5"),
        ("Accept-Encoding", "gzip, deflate, br, zstd"),
        ("Referer", "https://example.com/orders"),
        ("Connection", "keep-alive"),
        ("Cookie", "session=5c1d6a0e2f8b4a7d9e3c1b0a; theme=dark"),
        ("Upgrade-Insecure-Requests", "1"),
        ("Sec-Fetch-Dest", "document"),
    ];
    let after: [(&'static str, &str); 6] = [
        ("Sec-Fetch-Mode", "navigate"),
        ("Sec-Fetch-Site", "same-origin"),
        ("Sec-Fetch-User", "?1"),
        ("Priority", "u=0, i"),
        ("Pragma", "no-cache"),
        ("Cache-Control", "max-age=0"),
    ];
    let mut fields: Vec<(&'static str, Vec<u8>)> = before
        .iter()
        .map(|(n, v)| (*n, v.as_bytes().to_vec()))
        .collect();
    fields.extend(conditional.iter().cloned());
    fields.extend(after.iter().map(|(n, v)| (*n, v.as_bytes().to_vec())));
    fields
}

pub fn scenario(name: &str) -> Option<Scenario> {
    scenarios().into_iter().find(|s| s.name == name)
}

// ---------------------------------------------------------------- ours

/// This crate: the inputs of `evaluate`.
pub struct Ours {
    method: &'static str,
    fields: Vec<(&'static str, Vec<u8>)>,
    resource: Resource<'static>,
    now: HttpDate,
}

pub fn resource() -> Resource<'static> {
    Resource::Current(
        Validators::new()
            .with_etag(EntityTag::strong(CURRENT_ETAG.as_bytes()).unwrap())
            .with_last_modified(HttpDate::from_unix_seconds(LAST_MODIFIED).unwrap()),
    )
}

impl Ours {
    pub fn new(s: &Scenario) -> Self {
        Ours {
            method: s.method,
            fields: s.fields.clone(),
            resource: resource(),
            now: HttpDate::from_unix_seconds(NOW).unwrap(),
        }
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        let eval = evaluate(
            Method::from(black_box(self.method)),
            black_box(&self.fields[..]),
            black_box(self.resource),
            black_box(self.now),
            Policy::new(),
        );
        eval.status()
    }
}

/// This crate at the level of the peers: `parse::list` (the `Members`
/// iterator) or `parse::date`, then the comparison, for a request with one
/// conditional field (or If-None-Match beside an If-Modified-Since it
/// supersedes): what a caller doing its own §13.2.2 would write.
pub struct OursParse {
    get: bool,
    field: &'static str,
    lines: Vec<Vec<u8>>,
    current: EntityTag<'static>,
    last_modified: HttpDate,
    now: HttpDate,
}

impl OursParse {
    pub fn new(s: &Scenario) -> Option<Self> {
        let names: Vec<&str> = s.fields.iter().map(|(n, _)| *n).collect();
        let field = if names.contains(&"If-None-Match") {
            "If-None-Match"
        } else if names.iter().all(|n| *n == "If-Match") {
            "If-Match"
        } else if names == ["If-Modified-Since"] {
            "If-Modified-Since"
        } else {
            return None;
        };
        Some(OursParse {
            get: s.method == "GET" || s.method == "HEAD",
            field,
            lines: s
                .fields
                .iter()
                .filter(|(n, _)| *n == field)
                .map(|(_, v)| v.clone())
                .collect(),
            current: EntityTag::strong(CURRENT_ETAG.as_bytes()).unwrap(),
            last_modified: HttpDate::from_unix_seconds(LAST_MODIFIED).unwrap(),
            now: HttpDate::from_unix_seconds(NOW).unwrap(),
        })
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        let lines = black_box(&self.lines).iter().map(|l| &l[..]);
        let current = black_box(&self.current);
        match self.field {
            "If-Modified-Since" => match parse::date(lines, black_box(self.now)) {
                Ok(date) if black_box(self.last_modified) <= date => 304,
                _ => 200,
            },
            "If-Match" => {
                // Strong comparison; a malformed list is false.
                let mut passes = false;
                for member in parse::list(lines) {
                    match member {
                        Ok(Member::Any) => passes = true,
                        Ok(Member::Tag(tag)) => passes |= tag.strong_eq(current),
                        Err(_) => return 412,
                    }
                }
                if passes {
                    200
                } else {
                    412
                }
            }
            _ => {
                // Weak comparison; a malformed list is true (proceed).
                let mut matched = false;
                for member in parse::list(lines) {
                    match member {
                        Ok(Member::Any) => matched = true,
                        Ok(Member::Tag(tag)) => matched |= tag.weak_eq(current),
                        Err(_) => return 200,
                    }
                }
                match (matched, self.get) {
                    (false, _) => 200,
                    (true, true) => 304,
                    (true, false) => 412,
                }
            }
        }
    }
}

/// This crate from an `http::HeaderMap` (feature `http`): what a tower or
/// axum service calls.
pub struct OursMap {
    method: http::Method,
    headers: http::HeaderMap,
    resource: Resource<'static>,
    now: HttpDate,
}

/// The scenario's field lines in a `HeaderMap`, in arrival order.
fn header_map(s: &Scenario) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in &s.fields {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("valid field name"),
            HeaderValue::from_bytes(value).expect("valid field value"),
        );
    }
    map
}

impl OursMap {
    pub fn new(s: &Scenario) -> Self {
        OursMap {
            method: s.method.parse().expect("valid method"),
            headers: header_map(s),
            resource: resource(),
            now: HttpDate::from_unix_seconds(NOW).unwrap(),
        }
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        let eval = evaluate(
            Method::from(black_box(&self.method)),
            black_box(&self.headers),
            black_box(self.resource),
            black_box(self.now),
            Policy::new(),
        );
        eval.status()
    }
}

// ---------------------------------------------------------------- headers

/// `headers` 0.4: each conditional field as the `HeaderValue`s of its lines.
pub struct Headers {
    get: bool,
    if_match: Option<Vec<HeaderValue>>,
    if_none_match: Option<Vec<HeaderValue>>,
    if_modified_since: Option<Vec<HeaderValue>>,
    etag: headers::ETag,
    last_modified: SystemTime,
}

fn header_values(s: &Scenario, name: &str) -> Option<Vec<HeaderValue>> {
    let v: Vec<HeaderValue> = s
        .fields
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| HeaderValue::from_bytes(v).expect("valid header value"))
        .collect();
    (!v.is_empty()).then_some(v)
}

impl Headers {
    pub fn new(s: &Scenario) -> Self {
        let h = Headers {
            get: s.method == "GET" || s.method == "HEAD",
            if_match: header_values(s, "If-Match"),
            if_none_match: header_values(s, "If-None-Match"),
            if_modified_since: header_values(s, "If-Modified-Since"),
            etag: quoted(CURRENT_ETAG).parse().unwrap(),
            last_modified: UNIX_EPOCH + Duration::from_secs(LAST_MODIFIED as u64),
        };
        // Warm up: the first clone of an owned `Bytes` allocates its shared
        // header once; steady state (and hyper's shared read buffer) does not.
        let _ = h.status();
        h
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        let etag = black_box(&self.etag);
        if let Some(values) = black_box(&self.if_match) {
            match headers::IfMatch::decode(&mut values.iter()) {
                Ok(im) if im.precondition_passes(etag) => {}
                _ => return 412,
            }
        }
        if let Some(values) = black_box(&self.if_none_match) {
            if let Ok(inm) = headers::IfNoneMatch::decode(&mut values.iter()) {
                if !inm.precondition_passes(etag) {
                    return if self.get { 304 } else { 412 };
                }
            }
        } else if let Some(values) = black_box(&self.if_modified_since) {
            if self.get {
                if let Ok(ims) = headers::IfModifiedSince::decode(&mut values.iter()) {
                    if !ims.is_modified(black_box(self.last_modified)) {
                        return 304;
                    }
                }
            }
        }
        200
    }
}

/// `headers` 0.4 from an `http::HeaderMap`: `typed_get` of each field,
/// then the same decisions as [`Headers`].
pub struct HeadersMap {
    get: bool,
    headers: http::HeaderMap,
    etag: headers::ETag,
    last_modified: SystemTime,
}

impl HeadersMap {
    pub fn new(s: &Scenario) -> Self {
        let h = HeadersMap {
            get: s.method == "GET" || s.method == "HEAD",
            headers: header_map(s),
            etag: quoted(CURRENT_ETAG).parse().unwrap(),
            last_modified: UNIX_EPOCH + Duration::from_secs(LAST_MODIFIED as u64),
        };
        // Warm up, as for `Headers`.
        let _ = h.status();
        h
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        use headers::HeaderMapExt;
        let map = black_box(&self.headers);
        let etag = black_box(&self.etag);
        // `typed_get` is `None` for an absent field and for one that does
        // not decode; as in `Headers`, a bad If-Match fails.
        if map.contains_key(http::header::IF_MATCH) {
            match map.typed_get::<headers::IfMatch>() {
                Some(im) if im.precondition_passes(etag) => {}
                _ => return 412,
            }
        }
        if map.contains_key(http::header::IF_NONE_MATCH) {
            if let Some(inm) = map.typed_get::<headers::IfNoneMatch>() {
                if !inm.precondition_passes(etag) {
                    return if self.get { 304 } else { 412 };
                }
            }
        } else if self.get {
            if let Some(ims) = map.typed_get::<headers::IfModifiedSince>() {
                if !ims.is_modified(black_box(self.last_modified)) {
                    return 304;
                }
            }
        }
        200
    }
}

// ---------------------------------------------------------------- etag

/// `etag` 4: one single-tag `If-None-Match` or `If-Match` value.
pub struct Etag {
    get: bool,
    if_match: bool,
    value: String,
    current: etag::EntityTag,
}

impl Etag {
    /// Only for a request whose one entity-tag field is a single line
    /// holding a single tag (the crate parses one tag, not lists); a
    /// date field beside it is fine when If-None-Match supersedes it.
    pub fn new(s: &Scenario) -> Option<Self> {
        let tag_fields: Vec<&(&str, Vec<u8>)> = s
            .fields
            .iter()
            .filter(|(n, _)| *n == "If-None-Match" || *n == "If-Match")
            .collect();
        let [(name, value)] = tag_fields[..] else {
            return None;
        };
        let superseded = s
            .fields
            .iter()
            .all(|(n, _)| *n != "If-Modified-Since" || *name == "If-None-Match");
        if !superseded || value.len() > 80 || value.contains(&b',') {
            return None;
        }
        Some(Etag {
            get: s.method == "GET" || s.method == "HEAD",
            if_match: *name == "If-Match",
            value: String::from_utf8(value.clone()).ok()?,
            current: etag::EntityTag::strong(CURRENT_ETAG),
        })
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        let parsed = black_box(self.value.as_str()).parse::<etag::EntityTag>();
        let current = black_box(&self.current);
        if self.if_match {
            match parsed {
                Ok(tag) if tag.strong_eq(current) => 200,
                _ => 412,
            }
        } else {
            match parsed {
                Ok(tag) if tag.weak_eq(current) => {
                    if self.get {
                        304
                    } else {
                        412
                    }
                }
                _ => 200,
            }
        }
    }
}

// ---------------------------------------------------------------- httpdate

/// `httpdate`: an `If-Modified-Since` alone.
pub struct Httpdate {
    value: String,
    last_modified: SystemTime,
}

impl Httpdate {
    pub fn new(s: &Scenario) -> Option<Self> {
        match &s.fields[..] {
            [("If-Modified-Since", v)] if s.method == "GET" => Some(Httpdate {
                value: String::from_utf8(v.clone()).ok()?,
                last_modified: UNIX_EPOCH + Duration::from_secs(LAST_MODIFIED as u64),
            }),
            _ => None,
        }
    }

    #[inline(never)]
    pub fn status(&self) -> u16 {
        match httpdate::parse_http_date(black_box(self.value.as_str())) {
            Ok(date) if black_box(self.last_modified) <= date => 304,
            _ => 200,
        }
    }
}

// ---------------------------------------------------------------- floors

/// The field bytes, and a copy for `==`.
pub struct Floor {
    lines: Vec<Vec<u8>>,
    copy: Vec<Vec<u8>>,
}

impl Floor {
    pub fn new(s: &Scenario) -> Self {
        let lines: Vec<Vec<u8>> = s.fields.iter().map(|(_, v)| v.clone()).collect();
        Floor {
            copy: lines.clone(),
            lines,
        }
    }

    /// `memchr2` over every line for `"` and `,`.
    #[inline(never)]
    pub fn memchr(&self) -> usize {
        black_box(&self.lines)
            .iter()
            .map(|l| memchr::memchr2_iter(b'"', b',', l).count())
            .sum()
    }

    /// A plain byte loop counting the same bytes.
    #[inline(never)]
    pub fn byte_loop(&self) -> usize {
        black_box(&self.lines)
            .iter()
            .map(|l| l.iter().filter(|&&b| b == b'"' || b == b',').count())
            .sum()
    }

    /// `==` of every line against its copy.
    #[inline(never)]
    pub fn eq(&self) -> usize {
        black_box(&self.lines)
            .iter()
            .zip(black_box(&self.copy))
            .filter(|(a, b)| a == b)
            .count()
    }
}

// ---------------------------------------------------------------- all

/// Every implementation's inputs for one scenario.
pub struct Prepared {
    pub scenario: Scenario,
    pub ours: Ours,
    pub ours_parse: Option<OursParse>,
    pub ours_map: OursMap,
    pub headers: Headers,
    pub headers_map: HeadersMap,
    pub etag: Option<Etag>,
    pub httpdate: Option<Httpdate>,
    pub floor: Floor,
}

/// Whether a peer's answer agrees with ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Wrong(u16),
    NotApplicable,
}

impl Prepared {
    pub fn new(s: &Scenario) -> Self {
        let p = Prepared {
            scenario: s.clone(),
            ours: Ours::new(s),
            ours_parse: OursParse::new(s),
            ours_map: OursMap::new(s),
            headers: Headers::new(s),
            headers_map: HeadersMap::new(s),
            etag: Etag::new(s),
            httpdate: Httpdate::new(s),
            floor: Floor::new(s),
        };
        assert_eq!(
            p.ours.status(),
            s.expected,
            "ours disagrees with RFC 9110 on {}",
            s.name
        );
        p
    }

    /// Runs `imp` once; `None` if it does not apply to this scenario.
    #[inline]
    pub fn run(&self, imp: Imp) -> Option<usize> {
        Some(match imp {
            Imp::Ours => self.ours.status() as usize,
            Imp::OursParse => self.ours_parse.as_ref()?.status() as usize,
            Imp::OursMap => self.ours_map.status() as usize,
            Imp::Headers => self.headers.status() as usize,
            Imp::HeadersMap => self.headers_map.status() as usize,
            Imp::Etag => self.etag.as_ref()?.status() as usize,
            Imp::Httpdate => self.httpdate.as_ref()?.status() as usize,
            Imp::FloorMemchr => self.floor.memchr(),
            Imp::FloorLoop => self.floor.byte_loop(),
            Imp::FloorEq => self.floor.eq(),
        })
    }

    /// Checks a peer's answer against ours, once, outside any timed loop.
    pub fn verdict(&self, imp: Imp) -> Verdict {
        if !imp.decides() {
            return if self.run(imp).is_some() {
                Verdict::Right
            } else {
                Verdict::NotApplicable
            };
        }
        match self.run(imp) {
            None => Verdict::NotApplicable,
            Some(s) if s as u16 == self.scenario.expected => Verdict::Right,
            Some(s) => Verdict::Wrong(s as u16),
        }
    }
}

/// The implementations that apply to `p`, each with its verdict.
pub fn applicable(p: &Prepared) -> Vec<(Imp, Verdict)> {
    Imp::ALL
        .into_iter()
        .map(|i| (i, p.verdict(i)))
        .filter(|(_, v)| *v != Verdict::NotApplicable)
        .collect()
}

/// Sizes of the flat-cost-per-byte group.
pub const PER_BYTE_KIB: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];
