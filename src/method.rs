//! The request method, as far as preconditions care.

use core::fmt;

/// A request method token, compared case-sensitively (RFC 9110 §9.1).
///
/// Preconditions care about a few methods only: GET and HEAD (which get 304
/// instead of 412 and are the only ones that evaluate `If-Modified-Since`),
/// GET alone (the only method with `Range`), and CONNECT, OPTIONS and TRACE,
/// for which every conditional field is ignored (RFC 9110 §13.2.1). Every
/// other token, including unknown ones, is treated as a method that may
/// change state.
///
/// ```
/// use http_conditional::Method;
/// assert!(Method::new(b"HEAD").is_get_or_head());
/// assert!(!Method::new(b"get").is_get_or_head()); // methods are case-sensitive
/// assert!(Method::new(b"PATCH").may_change_state());
/// assert!(Method::OPTIONS.ignores_preconditions());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Method<'a>(&'a [u8]);

impl<'a> Method<'a> {
    /// `GET`
    pub const GET: Method<'static> = Method(b"GET");
    /// `HEAD`
    pub const HEAD: Method<'static> = Method(b"HEAD");
    /// `POST`
    pub const POST: Method<'static> = Method(b"POST");
    /// `PUT`
    pub const PUT: Method<'static> = Method(b"PUT");
    /// `DELETE`
    pub const DELETE: Method<'static> = Method(b"DELETE");
    /// `PATCH` (RFC 5789)
    pub const PATCH: Method<'static> = Method(b"PATCH");
    /// `OPTIONS`
    pub const OPTIONS: Method<'static> = Method(b"OPTIONS");
    /// `TRACE`
    pub const TRACE: Method<'static> = Method(b"TRACE");
    /// `CONNECT`
    pub const CONNECT: Method<'static> = Method(b"CONNECT");

    /// The method with this token, as it appeared on the wire.
    pub const fn new(token: &'a [u8]) -> Self {
        Method(token)
    }

    /// The token.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// GET (RFC 9110 §9.3.1).
    pub fn is_get(&self) -> bool {
        self.0 == b"GET"
    }

    /// GET or HEAD: the methods that get 304 (Not Modified) rather than 412
    /// and that evaluate `If-Modified-Since` (RFC 9110 §13.1.2, §13.1.3).
    pub fn is_get_or_head(&self) -> bool {
        matches!(self.0, b"GET" | b"HEAD")
    }

    /// CONNECT, OPTIONS or TRACE: methods that neither select nor modify a
    /// representation, so every precondition is ignored (RFC 9110 §13.2.1).
    pub fn ignores_preconditions(&self) -> bool {
        matches!(self.0, b"CONNECT" | b"OPTIONS" | b"TRACE")
    }

    /// Any method other than GET, HEAD, OPTIONS, TRACE and CONNECT: the ones
    /// a server may require to be conditional (RFC 6585 §3).
    pub fn may_change_state(&self) -> bool {
        !self.is_get_or_head() && !self.ignores_preconditions()
    }
}

impl<'a> From<&'a str> for Method<'a> {
    fn from(token: &'a str) -> Self {
        Method(token.as_bytes())
    }
}

impl<'a> From<&'a [u8]> for Method<'a> {
    fn from(token: &'a [u8]) -> Self {
        Method(token)
    }
}

impl fmt::Display for Method<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Method<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Method({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    // RFC 9110 §9.1: the method token is case-sensitive
    #[test]
    fn method_classes_are_case_sensitive() {
        assert!(Method::new(b"GET").is_get());
        assert!(!Method::new(b"Get").is_get());
        assert!(Method::new(b"options").may_change_state());
        assert!(!Method::new(b"TRACE").may_change_state());
        assert!(Method::new(b"FROB").may_change_state());
        assert!(Method::new(b"").may_change_state());
    }
}
