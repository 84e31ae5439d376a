//! Parse errors: a small `Copy` value that says what was wrong and where.

use core::fmt;

/// What was wrong with a field value.
///
/// New kinds may be added in minor releases, so match with a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The field has no value where one is required (an empty `ETag`,
    /// `If-Range` or date field).
    Empty,
    /// A single-valued field (`ETag`, `If-Range`, `If-Modified-Since`,
    /// `If-Unmodified-Since`, `Last-Modified`) arrived on more than one field
    /// line, which makes it a list (RFC 9110 §5.3).
    MultipleLines,
    /// An entity-tag must start with `"` or `W/"` (RFC 9110 §8.8.3).
    ExpectedEntityTag,
    /// The opaque-tag has no closing `"`.
    UnterminatedTag,
    /// A byte that `etagc` does not allow (a control byte, SP, HTAB or DEL)
    /// inside an opaque-tag (RFC 9110 §8.8.3).
    InvalidTagByte,
    /// Something other than OWS and a comma follows a list member
    /// (RFC 9110 §5.6.1).
    ExpectedComma,
    /// Something follows a single entity-tag where nothing may.
    TrailingData,
    /// `*` appeared with something else in the field: another member, a
    /// comma, or another field line. `If-Match` and `If-None-Match` are
    /// either `*` alone or a list of entity-tags (RFC 9110 §13.1.1,
    /// §13.1.2); empty list elements belong to the list.
    StarNotAlone,
    /// The value is none of IMF-fixdate, rfc850-date or asctime-date
    /// (RFC 9110 §5.6.7).
    InvalidDate,
    /// The value has the shape of an HTTP-date but names a day or time that
    /// does not exist (31 April, 24:00:00) or lies outside years 0000-9999.
    NonexistentDate,
}

impl ErrorKind {
    /// A short, static description of the error.
    ///
    /// ```
    /// use http_conditional::ErrorKind;
    /// assert_eq!(ErrorKind::UnterminatedTag.description(), "opaque-tag has no closing DQUOTE");
    /// ```
    pub const fn description(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty field value",
            ErrorKind::MultipleLines => "more than one field line for a single-valued field",
            ErrorKind::ExpectedEntityTag => "expected an entity-tag (`\"` or `W/\"`)",
            ErrorKind::UnterminatedTag => "opaque-tag has no closing DQUOTE",
            ErrorKind::InvalidTagByte => "byte not allowed in an opaque-tag",
            ErrorKind::ExpectedComma => "expected a comma or the end of the field after a member",
            ErrorKind::TrailingData => "unexpected data after the entity-tag",
            ErrorKind::StarNotAlone => "`*` not alone in the field",
            ErrorKind::InvalidDate => "not an IMF-fixdate, rfc850-date or asctime-date",
            ErrorKind::NonexistentDate => "no such calendar day or time of day",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// A field value that does not follow its grammar: the kind of error, the
/// field line it is on (0-based, in arrival order) and the byte offset in
/// that line's value as the caller passed it.
///
/// ```
/// use http_conditional::{EntityTag, ErrorKind};
/// let err = EntityTag::parse(b"\"abc").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnterminatedTag);
/// assert_eq!(err.offset(), 0);
/// assert_eq!(err.to_string(), "opaque-tag has no closing DQUOTE at byte 0");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ErrorKind,
    line: usize,
    offset: usize,
}

impl ParseError {
    pub(crate) const fn new(kind: ErrorKind, offset: usize) -> Self {
        ParseError {
            kind,
            line: 0,
            offset,
        }
    }

    pub(crate) const fn on_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    pub(crate) const fn shifted(mut self, by: usize) -> Self {
        self.offset += by;
        self
    }

    /// What was wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The field line the error is on, counting from 0 in arrival order.
    pub const fn line(&self) -> usize {
        self.line
    }

    /// The byte offset of the error in that field line's value.
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{} at byte {}", self.kind, self.offset)
        } else {
            write!(
                f,
                "{} at byte {} of field line {}",
                self.kind,
                self.offset,
                self.line + 1
            )
        }
    }
}

impl core::error::Error for ParseError {}
