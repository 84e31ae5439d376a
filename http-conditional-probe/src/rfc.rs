//! Everything the probe asks the `http-conditional` core, in one place:
//! parsing `ETag` and HTTP-date fields, the §13.2.2 decision for a request
//! with its one-line explanation, and the §15.4.5 list of fields a 304
//! keeps. Nothing else in the crate names the core's types, so a change of
//! the core's API is adapted here.

use http_conditional::response::{self, In304};
use http_conditional::{
    evaluate, parse, EntityTag, HttpDate, Method, Policy, Resource, Validators,
};

use crate::exchange::escape;

/// An entity-tag, owned (RFC 9110 §8.8.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    weak: bool,
    opaque: Vec<u8>,
}

impl Tag {
    /// The `ETag` field from its lines: exactly one valid entity-tag.
    ///
    /// # Errors
    ///
    /// The core's parse error, as a sentence.
    pub fn from_field<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> Result<Tag, String> {
        parse::etag(lines)
            .map(|tag| Tag {
                weak: tag.is_weak(),
                opaque: tag.opaque().to_vec(),
            })
            .map_err(|e| e.to_string())
    }

    /// A strong tag with this opaque-tag; the bytes must be valid `etagc`
    /// (the probe only builds `"x0"`-like tags this way).
    pub fn strong(opaque: &[u8]) -> Tag {
        Tag {
            weak: false,
            opaque: opaque.to_vec(),
        }
    }

    /// Whether it carries `W/`.
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// The same tag with `W/`.
    pub fn weakened(&self) -> Tag {
        Tag {
            weak: true,
            opaque: self.opaque.clone(),
        }
    }

    /// The same opaque-tag with the other weakness.
    pub fn toggled(&self) -> Tag {
        Tag {
            weak: !self.weak,
            opaque: self.opaque.clone(),
        }
    }

    /// The core's view of the tag. Every `Tag` comes from a parsed field
    /// or from [`Tag::strong`] with `etagc` bytes, so this is `Some`.
    fn core(&self) -> Option<EntityTag<'_>> {
        if self.weak {
            EntityTag::weak(&self.opaque).ok()
        } else {
            EntityTag::strong(&self.opaque).ok()
        }
    }

    /// Strong comparison (RFC 9110 §8.8.3.2).
    pub fn strong_eq(&self, other: &Tag) -> bool {
        matches!((self.core(), other.core()), (Some(a), Some(b)) if a.strong_eq(&b))
    }

    /// Weak comparison (RFC 9110 §8.8.3.2).
    pub fn weak_eq(&self, other: &Tag) -> bool {
        matches!((self.core(), other.core()), (Some(a), Some(b)) if a.weak_eq(&b))
    }

    /// The canonical field value, exact bytes (`W/"…"`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.opaque.len() + 4);
        if self.weak {
            out.extend_from_slice(b"W/");
        }
        out.push(b'"');
        out.extend_from_slice(&self.opaque);
        out.push(b'"');
        out
    }

    /// The canonical form for reports, non-printable bytes escaped; a long
    /// tag is shortened.
    pub fn display(&self) -> String {
        crate::exchange::escape_short(&self.to_bytes(), 80)
    }
}

/// An HTTP-date, in seconds since the Unix epoch (RFC 9110 §5.6.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(HttpDate);

impl Date {
    /// The system clock.
    pub fn now() -> Date {
        Date(HttpDate::now())
    }

    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Date = Date(HttpDate::UNIX_EPOCH);

    /// A single-valued date field (`Last-Modified`, `Date`) from its lines;
    /// `now` resolves two-digit years.
    ///
    /// # Errors
    ///
    /// The core's parse error, as a sentence.
    pub fn from_field<'a>(
        lines: impl IntoIterator<Item = &'a [u8]>,
        now: Date,
    ) -> Result<Date, String> {
        parse::date(lines, now.0)
            .map(Date)
            .map_err(|e| e.to_string())
    }

    /// This date `seconds` later (earlier if negative), if representable.
    pub fn plus(self, seconds: i64) -> Option<Date> {
        self.0.checked_add_seconds(seconds).map(Date)
    }

    /// The IMF-fixdate, the format a sender generates.
    pub fn to_http(self) -> String {
        self.0.to_string()
    }
}

/// What RFC 9110 §13.2.2 requires for one request, as the core decides it
/// with the baseline's validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Required {
    /// The status the decision maps to: 200 (perform the method), 206,
    /// 304, 412 or 428.
    pub status: u16,
    /// The core's one-line explanation, citing sections.
    pub explanation: String,
}

/// The validators a request is judged against: those of the 200 response
/// the probe holds for that representation.
#[derive(Clone, Debug, Default)]
pub struct Current {
    /// Its `ETag`, when valid.
    pub etag: Option<Tag>,
    /// Its `Last-Modified`, when valid.
    pub last_modified: Option<Date>,
}

/// The core's decision and explanation for `method` with these request
/// fields, given the resource's current validators and clock.
pub fn required(
    method: &str,
    fields: &[(String, Vec<u8>)],
    current: &Current,
    now: Date,
) -> Required {
    decide(method, fields, current, now, Policy::new())
}

/// [`required`] for a server that requires writes to be conditional
/// (RFC 6585 §3): a PUT without a precondition gets 428.
pub fn required_of_strict_server(
    method: &str,
    fields: &[(String, Vec<u8>)],
    current: &Current,
    now: Date,
) -> Required {
    decide(
        method,
        fields,
        current,
        now,
        Policy::new().require_precondition(true),
    )
}

fn decide(
    method: &str,
    fields: &[(String, Vec<u8>)],
    current: &Current,
    now: Date,
    policy: Policy,
) -> Required {
    let etag = current.etag.as_ref().and_then(Tag::core);
    let validators = Validators::from_options(etag, current.last_modified.map(|d| d.0));
    let eval = evaluate(
        Method::new(method.as_bytes()),
        fields,
        Resource::Current(validators),
        now.0,
        policy,
    );
    Required {
        status: eval.status(),
        explanation: eval.to_string(),
    }
}

/// The fields a 304 must carry if the 200 response carried them, in
/// lowercase (RFC 9110 §15.4.5).
pub fn required_in_304() -> &'static [&'static str] {
    &response::REQUIRED_IN_304
}

/// Whether `name` is representation metadata that a 304 should not carry
/// (RFC 9110 §15.4.5): `Content-Type`, `Content-Encoding`,
/// `Content-Language` (framing fields are `304-FRAMING`'s).
pub fn is_metadata_not_for_304(name: &[u8]) -> bool {
    In304::of(name) == In304::Dropped
        && !name.eq_ignore_ascii_case(b"content-length")
        && !name.eq_ignore_ascii_case(b"transfer-encoding")
        && !name.eq_ignore_ascii_case(b"content-range")
}

/// The request fields that are preconditions (RFC 9110 §13.1).
pub const PRECONDITION_FIELDS: [&str; 5] = [
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "if-range",
];

/// A field value for reports.
pub fn show(value: &[u8]) -> String {
    escape(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn tags_round_trip_and_compare_as_the_rfc_says() {
        let tag = Tag::from_field([&b"\"v1\""[..]]).unwrap();
        assert!(!tag.is_weak());
        assert_eq!(tag.toggled().to_bytes(), b"W/\"v1\"");
        assert!(tag.weak_eq(&tag.weakened()));
        assert!(!tag.strong_eq(&tag.weakened()));
        assert!(Tag::from_field([&b"v1"[..]]).is_err());
        let latin = Tag::from_field([&b"\"caf\xe9\""[..]]).unwrap();
        assert_eq!(latin.to_bytes(), b"\"caf\xe9\"");
        assert_eq!(latin.display(), "\"caf\\xe9\"");
    }

    // RFC 9110 §13.1.2: a weak match of If-None-Match is a 304
    #[test]
    fn required_comes_from_the_core_with_its_explanation() {
        let current = Current {
            etag: Tag::from_field([&b"\"v1\""[..]]).ok(),
            last_modified: None,
        };
        let r = required(
            "GET",
            &fields(&[("If-None-Match", "W/\"v1\"")]),
            &current,
            Date::now(),
        );
        assert_eq!(r.status, 304);
        assert!(r.explanation.contains("§13.1.2"), "{}", r.explanation);
        let r = required(
            "GET",
            &fields(&[("If-Match", "W/\"v1\"")]),
            &current,
            Date::now(),
        );
        assert_eq!(r.status, 412);
    }

    #[test]
    fn dates_parse_format_and_move() {
        let d = Date::from_field([&b"Sun, 06 Nov 1994 08:49:37 GMT"[..]], Date::now()).unwrap();
        assert_eq!(
            d.plus(1).unwrap().to_http(),
            "Sun, 06 Nov 1994 08:49:38 GMT"
        );
        assert!(Date::from_field([&b"yesterday"[..]], Date::now()).is_err());
    }

    #[test]
    fn metadata_list_leaves_framing_out() {
        assert!(is_metadata_not_for_304(b"Content-Type"));
        assert!(is_metadata_not_for_304(b"content-encoding"));
        assert!(!is_metadata_not_for_304(b"Content-Length"));
        assert!(!is_metadata_not_for_304(b"ETag"));
    }
}
