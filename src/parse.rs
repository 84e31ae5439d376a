//! Parsers for whole fields, given their field lines in arrival order.
//!
//! Each takes every line of one field (RFC 9110 §5.3) as an iterator of
//! byte slices and borrows from them. Leading and trailing OWS of a line is
//! not part of its value (RFC 9110 §5.5). A single-valued field on more than
//! one line is invalid ([`ErrorKind::MultipleLines`](crate::ErrorKind)).
//!
//! ```
//! use http_conditional::{parse, HttpDate};
//!
//! let tag = parse::etag([&b" W/\"v7\" "[..]])?;
//! assert!(tag.is_weak());
//!
//! let date = parse::date([&b"Sun, 06 Nov 1994 08:49:37 GMT"[..]], HttpDate::MAX)?;
//! assert_eq!(date.unix_seconds(), 784111777);
//!
//! assert!(matches!(parse::if_range([&b"\"xyzzy\""[..]], HttpDate::MAX)?, parse::IfRange::Tag(_)));
//! # Ok::<(), http_conditional::ParseError>(())
//! ```

use crate::date::HttpDate;
use crate::error::ParseError;
use crate::etag::EntityTag;
use crate::field::single_value;
use crate::list::{Member, Members};

/// An `ETag` field (RFC 9110 §8.8.3): exactly one entity-tag.
///
/// # Errors
///
/// Those of [`EntityTag::parse`], with offsets into the line, plus
/// `Empty` and `MultipleLines`.
pub fn etag<'a, I>(lines: I) -> Result<EntityTag<'a>, ParseError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let (value, start) = single_value(lines.into_iter())?;
    EntityTag::parse(value).map_err(|e| e.shifted(start))
}

/// An HTTP-date field: `If-Modified-Since`, `If-Unmodified-Since`,
/// `Last-Modified`, `Date` (RFC 9110 §5.6.7). `now` resolves two-digit
/// rfc850 years.
///
/// # Errors
///
/// Those of [`HttpDate::parse`], with offsets into the line, plus `Empty`
/// and `MultipleLines`.
pub fn date<'a, I>(lines: I, now: HttpDate) -> Result<HttpDate, ParseError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let (value, start) = single_value(lines.into_iter())?;
    HttpDate::parse(value, now).map_err(|e| e.shifted(start))
}

/// The members of an `If-Match` or `If-None-Match` field (RFC 9110 §13.1.1,
/// §13.1.2), lazily; see [`Members`].
pub fn list<'a, I>(lines: I) -> Members<'a, I::IntoIter>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    Members::new(lines)
}

/// Whether an `If-Match` or `If-None-Match` field is `*` alone (RFC 9110
/// §13.1.1, §13.1.2): `If-None-Match: *` asks to create only what does not
/// exist yet, `If-Match: *` to change only what does. `*` alone is one
/// field line whose value is `*`; a malformed field, `*` beside a tag, a
/// comma or another line (CHOICES 3 in SPEC_NOTES.md), is not.
///
/// ```
/// use http_conditional::parse;
/// assert!(parse::is_any([&b" * "[..]]));
/// assert!(!parse::is_any([&b"*"[..], b""]));
/// assert!(!parse::is_any([&b"*,"[..]]));
/// assert!(!parse::is_any([&b"*, \"a\""[..]]));
/// assert!(!parse::is_any([&b"\"a\""[..]]));
/// assert!(!parse::is_any(std::iter::empty::<&[u8]>()));
/// ```
pub fn is_any<'a, I>(lines: I) -> bool
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let mut members = Members::new(lines);
    matches!(members.next(), Some(Ok(Member::Any))) && members.next().is_none()
}

/// The value of an `If-Range` field (RFC 9110 §13.1.5).
///
/// ```
/// use http_conditional::{parse::{self, IfRange}, HttpDate};
/// let value = parse::if_range([&b"Sat, 29 Oct 1994 19:43:31 GMT"[..]], HttpDate::MAX)?;
/// assert_eq!(value, IfRange::Date(HttpDate::from_unix_seconds(783459811).unwrap()));
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
///
/// ```text
/// If-Range = entity-tag / HTTP-date
/// ```
///
/// Exhaustive on purpose: the grammar has exactly these two forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IfRange<'a> {
    /// An entity-tag (matched only by strong comparison).
    Tag(EntityTag<'a>),
    /// An HTTP-date (matched only by an exact, strong Last-Modified).
    Date(HttpDate),
}

/// An `If-Range` field: an entity-tag if the value starts like one (`"` or
/// `W/`), an HTTP-date otherwise.
///
/// # Errors
///
/// The entity-tag or date error, with offsets into the line, plus `Empty`
/// and `MultipleLines`.
pub fn if_range<'a, I>(lines: I, now: HttpDate) -> Result<IfRange<'a>, ParseError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let (value, start) = single_value(lines.into_iter())?;
    let parsed = if value.starts_with(b"\"") || value.starts_with(b"W/") {
        EntityTag::parse(value).map(IfRange::Tag)
    } else {
        HttpDate::parse(value, now).map(IfRange::Date)
    };
    parsed.map_err(|e| e.shifted(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::prelude::rust_2021::*;

    // RFC 9110 §5.5: the value excludes leading and trailing whitespace, and
    // error offsets count from the start of the line as given
    #[test]
    fn offsets_count_from_the_untrimmed_line() {
        let err = etag([&b"  \"a b\""[..]]).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidTagByte, 4));
    }

    // RFC 9110 §8.8.3: ETag is one entity-tag, not a list
    #[test]
    fn etag_field_is_a_single_tag() {
        assert_eq!(
            etag([&b"\"a\", \"b\""[..]]).unwrap_err().kind(),
            ErrorKind::TrailingData
        );
        assert_eq!(
            etag([&b"*"[..]]).unwrap_err().kind(),
            ErrorKind::ExpectedEntityTag
        );
        assert_eq!(
            etag(core::iter::empty()).unwrap_err().kind(),
            ErrorKind::Empty
        );
    }

    // RFC 9110 §13.1.5: If-Range = entity-tag / HTTP-date
    #[test]
    fn if_range_is_a_tag_or_a_date() {
        let date = if_range([&b"Sat, 29 Oct 1994 19:43:31 GMT"[..]], HttpDate::MAX).unwrap();
        assert_eq!(
            date,
            IfRange::Date(HttpDate::from_unix_seconds(783459811).unwrap())
        );
        let weak = if_range([&b"W/\"x\""[..]], HttpDate::MAX).unwrap();
        assert!(matches!(weak, IfRange::Tag(t) if t.is_weak()));
        assert!(if_range([&b"xyzzy"[..]], HttpDate::MAX).is_err());
        let two: [&[u8]; 2] = [b"\"x\"", b"\"x\""];
        assert_eq!(
            if_range(two, HttpDate::MAX).unwrap_err().kind(),
            ErrorKind::MultipleLines
        );
    }
}
