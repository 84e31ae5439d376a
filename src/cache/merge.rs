//! RFC 9111 §3.2 (with §3.1): which header fields of a 304 (or of a HEAD
//! response, §4.3.5) replace those of a stored response, as data, and the
//! merged field lines, without allocating.
//!
//! | Field of the 304 | Merged? | Why |
//! |---|---|---|
//! | `Content-Length` | never | RFC 9111 §3.2: it describes the stored content, not the 304's absent one |
//! | `Connection`, and every field its value names | never | RFC 9111 §3.1, RFC 9110 §7.6.1: connection-specific |
//! | `Proxy-Connection`, `Keep-Alive`, `TE`, `Transfer-Encoding`, `Upgrade` | never | RFC 9111 §3.1, RFC 9110 §7.6.1: removed before forwarding |
//! | `Proxy-Authenticate`, `Proxy-Authentication-Info`, `Proxy-Authorization` | never | RFC 9111 §3.1: specific to a client's proxy configuration |
//! | anything else, `Content-Type` and `Content-Encoding` included | replaces every stored line of its name; added if new | RFC 9111 §3.2 (the shared-cache reading: SPEC_NOTES.md "merge-shared") |
//!
//! Stored fields the 304 lacks stay, every line of them; stored fields are
//! never filtered (they were filtered when stored).

use core::fmt;

use crate::abnf::trim_ows;

/// The field that is never taken from a 304: the stored content's length
/// stays (RFC 9111 §3.2), whatever the 304 says. Lowercase.
///
/// ```
/// use http_conditional::cache::merge::NOT_UPDATED;
/// assert_eq!(NOT_UPDATED, ["content-length"]);
/// ```
pub const NOT_UPDATED: [&str; 1] = ["content-length"];

/// Hop-by-hop fields: removed before forwarding, so never stored nor
/// merged (RFC 9111 §3.1; RFC 9110 §7.6.1). Lowercase. Fields that a
/// `Connection` value names are hop-by-hop too (see [`Merge`]).
///
/// ```
/// use http_conditional::cache::merge::HOP_BY_HOP;
/// assert!(HOP_BY_HOP.contains(&"transfer-encoding"));
/// ```
pub const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "proxy-connection",
    "keep-alive",
    "te",
    "transfer-encoding",
    "upgrade",
];

/// Fields specific to a client's proxy configuration, which a cache MUST
/// NOT store (RFC 9111 §3.1). Lowercase.
///
/// ```
/// use http_conditional::cache::merge::PROXY_SPECIFIC;
/// assert!(PROXY_SPECIFIC.contains(&"proxy-authorization"));
/// ```
pub const PROXY_SPECIFIC: [&str; 3] = [
    "proxy-authenticate",
    "proxy-authentication-info",
    "proxy-authorization",
];

/// Why a field of a 304 is not merged into the stored response.
///
/// ```
/// use http_conditional::cache::merge::{exclusion, Exclusion};
/// assert_eq!(exclusion(b"Content-Length"), Some(Exclusion::ContentLength));
/// assert_eq!(exclusion(b"KEEP-ALIVE"), Some(Exclusion::HopByHop));
/// assert_eq!(exclusion(b"Content-Type"), None);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exclusion {
    /// [`NOT_UPDATED`]: `Content-Length` (RFC 9111 §3.2).
    ContentLength,
    /// One of [`HOP_BY_HOP`] (RFC 9111 §3.1, RFC 9110 §7.6.1).
    HopByHop,
    /// Named by the 304's `Connection` field (RFC 9110 §7.6.1).
    NamedByConnection,
    /// One of [`PROXY_SPECIFIC`] (RFC 9111 §3.1).
    ProxySpecific,
}

impl Exclusion {
    /// The section that excludes the field.
    pub const fn section(self) -> &'static str {
        match self {
            Exclusion::ContentLength => "RFC 9111 §3.2",
            Exclusion::HopByHop | Exclusion::NamedByConnection => "RFC 9111 §3.1, RFC 9110 §7.6.1",
            Exclusion::ProxySpecific => "RFC 9111 §3.1",
        }
    }
}

/// Whether a field of this name is never merged from a 304 whatever its
/// `Connection` says, and why. Names compare case-insensitively (RFC 9110
/// §5.1).
pub fn exclusion(name: &[u8]) -> Option<Exclusion> {
    let named = |list: &[&str]| list.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(name));
    if named(&NOT_UPDATED) {
        Some(Exclusion::ContentLength)
    } else if named(&HOP_BY_HOP) {
        Some(Exclusion::HopByHop)
    } else if named(&PROXY_SPECIFIC) {
        Some(Exclusion::ProxySpecific)
    } else {
        None
    }
}

/// The header fields of a 304 (or of a 200 to HEAD) as they update stored
/// responses (RFC 9111 §3.2): which names it replaces, and the merged field
/// lines of a stored response.
///
/// Every field of the 304 that is not excluded ([`exclusion`], and the
/// fields its `Connection` names) replaces all stored lines of the same
/// name, its own lines in the 304's order; fields the stored response lacks
/// are added; stored fields the 304 lacks stay, every line, in order. Names
/// compare case-insensitively, values are copied verbatim. The result: the
/// kept stored lines in their order, then the 304's merged lines in theirs.
///
/// Merging is idempotent, never changes `Content-Length`, and never drops a
/// stored field that the 304 lacks. It allocates nothing; its time is the
/// number of stored lines times the number of the 304's lines (a 304
/// carries a handful), plus the bytes of the 304's `Connection` field per
/// name looked up.
///
/// ```
/// use http_conditional::cache::Merge;
///
/// let stored = [
///     ("Content-Length", "1024"),
///     ("ETag", "\"a\""),
///     ("Link", "</a.css>"),
///     ("Link", "</b.js>"),
///     ("Cache-Control", "max-age=1"),
/// ];
/// let not_modified = [
///     ("Content-Length", "0"),
///     ("Cache-Control", "max-age=60"),
///     ("Connection", "X-Hop"),
///     ("X-Hop", "1"),
///     ("X-New", "yes"),
/// ];
/// let merge = Merge::new(&not_modified);
/// let merged: Vec<(&[u8], &[u8])> = merge.merged(&stored).collect();
/// let text: Vec<(String, String)> = merged
///     .iter()
///     .map(|(n, v)| (String::from_utf8_lossy(n).into(), String::from_utf8_lossy(v).into()))
///     .collect();
/// assert_eq!(text, [
///     ("Content-Length".into(), "1024".into()),
///     ("ETag".into(), "\"a\"".into()),
///     ("Link".into(), "</a.css>".into()),
///     ("Link".into(), "</b.js>".into()),
///     ("Cache-Control".into(), "max-age=60".into()),
///     ("X-New".into(), "yes".into()),
/// ]);
/// ```
#[derive(Debug)]
pub struct Merge<'r, N, V> {
    response: &'r [(N, V)],
}

// By hand: a `Merge` is a shared slice, copyable whatever `N` and `V` are.
impl<N, V> Clone for Merge<'_, N, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<N, V> Copy for Merge<'_, N, V> {}

impl<'r, N: AsRef<[u8]>, V: AsRef<[u8]>> Merge<'r, N, V> {
    /// The 304's field lines, in order, as `(name, value)` pairs.
    pub const fn new(response: &'r [(N, V)]) -> Self {
        Merge { response }
    }

    /// Whether the 304's `Connection` field names `name` (RFC 9110 §7.6.1:
    /// `Connection = #connection-option`, case-insensitive tokens).
    pub fn named_by_connection(&self, name: &[u8]) -> bool {
        self.response
            .iter()
            .filter(|(n, _)| n.as_ref().eq_ignore_ascii_case(b"connection"))
            .flat_map(|(_, v)| v.as_ref().split(|&b| b == b','))
            .any(|option| trim_ows(option).eq_ignore_ascii_case(name))
    }

    /// Why a field of the 304 named `name` is not merged, or `None` if it
    /// is.
    pub fn excludes(&self, name: &[u8]) -> Option<Exclusion> {
        exclusion(name).or_else(|| {
            self.named_by_connection(name)
                .then_some(Exclusion::NamedByConnection)
        })
    }

    /// Whether the 304 replaces the stored field named `name`: it has a
    /// line of that name and the name is not excluded.
    pub fn replaces(&self, name: &[u8]) -> bool {
        self.response
            .iter()
            .any(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
            && self.excludes(name).is_none()
    }

    /// The 304's lines that are merged, in order.
    pub fn taken(self) -> impl Iterator<Item = (&'r [u8], &'r [u8])> {
        self.response
            .iter()
            .filter(move |(n, _)| self.excludes(n.as_ref()).is_none())
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
    }

    /// The field lines of `stored` after the 304 updates it: the stored
    /// lines whose name the 304 does not replace, in order, then
    /// [`taken`](Self::taken).
    pub fn merged<'x, SN, SV>(
        self,
        stored: &'x [(SN, SV)],
    ) -> impl Iterator<Item = (&'x [u8], &'x [u8])>
    where
        'r: 'x,
        SN: AsRef<[u8]>,
        SV: AsRef<[u8]>,
    {
        let kept = stored
            .iter()
            .filter(move |(n, _)| !self.replaces(n.as_ref()))
            .map(|(n, v)| -> (&'x [u8], &'x [u8]) { (n.as_ref(), v.as_ref()) });
        let taken = self
            .taken()
            .map(|(n, v)| -> (&'x [u8], &'x [u8]) { (n, v) });
        kept.chain(taken)
    }
}

/// One line: the names merged from the 304, then those not merged, each
/// with the section that excludes it. Each name once, as the 304 spells it
/// first.
impl<N: AsRef<[u8]>, V: AsRef<[u8]>> fmt::Display for Merge<'_, N, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first_of_name = |i: usize| {
            let name = self.response[i].0.as_ref();
            !self.response[..i]
                .iter()
                .any(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
        };
        let names = (0..self.response.len())
            .filter(|&i| first_of_name(i))
            .map(|i| {
                (
                    self.response[i].0.as_ref(),
                    self.excludes(self.response[i].0.as_ref()),
                )
            });
        f.write_str("merged from the 304: ")?;
        let mut any = false;
        for (name, _) in names.clone().filter(|(_, why)| why.is_none()) {
            f.write_str(if any { ", " } else { "" })?;
            write_name(f, name)?;
            any = true;
        }
        if !any {
            f.write_str("nothing")?;
        }
        f.write_str(", replacing every stored line of each name (RFC 9111 §3.2)")?;
        let mut any = false;
        for (name, why) in names.filter_map(|(n, why)| why.map(|w| (n, w))) {
            f.write_str(if any { ", " } else { "; not merged: " })?;
            write_name(f, name)?;
            write!(f, " ({})", why.section())?;
            any = true;
        }
        Ok(())
    }
}

fn write_name(f: &mut fmt::Formatter<'_>, name: &[u8]) -> fmt::Result {
    for chunk in name.utf8_chunks() {
        f.write_str(chunk.valid())?;
        if !chunk.invalid().is_empty() {
            f.write_str("\u{FFFD}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    // RFC 9111 §3.1: the exclusion lists do not overlap and are lowercase
    #[test]
    fn exclusion_lists_are_disjoint_and_lowercase() {
        let all = NOT_UPDATED
            .iter()
            .chain(HOP_BY_HOP.iter())
            .chain(PROXY_SPECIFIC.iter());
        for (i, a) in all.clone().enumerate() {
            assert!(a.bytes().all(|b| !b.is_ascii_uppercase()), "{a}");
            for b in all.clone().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
    }

    // RFC 9110 §7.6.1: Connection = #connection-option, across lines, with OWS
    #[test]
    fn connection_options_are_read_across_lines_case_insensitively() {
        let response = [
            ("Connection", " keep-alive , X-A"),
            ("connection", "x-b,"),
            ("X-A", "1"),
            ("X-B", "2"),
            ("X-C", "3"),
        ];
        let merge = Merge::new(&response);
        assert!(merge.named_by_connection(b"x-a"));
        assert!(merge.named_by_connection(b"X-B"));
        assert!(!merge.named_by_connection(b"X-C"));
        let taken: Vec<_> = merge.taken().map(|(n, _)| n).collect();
        assert_eq!(taken, [&b"X-C"[..]]);
        assert_eq!(
            std::format!("{merge}"),
            "merged from the 304: X-C, replacing every stored line of each name (RFC 9111 §3.2); \
             not merged: Connection (RFC 9111 §3.1, RFC 9110 §7.6.1), X-A (RFC 9111 §3.1, \
             RFC 9110 §7.6.1), X-B (RFC 9111 §3.1, RFC 9110 §7.6.1)"
        );
    }
}
