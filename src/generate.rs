//! Generating entity-tags without allocating: from a version number, from a
//! digest of the content, from a modification time, or from one of those
//! plus a representation variant (RFC 9110 §8.8.3).
//!
//! Every generator writes into an [`EtagBuf`], a fixed-capacity buffer on the
//! stack that holds the canonical form (`W/"…"` or `"…"`), hands it out as
//! bytes for a header ([`EtagBuf::as_bytes`]) and as an [`EntityTag`] for
//! [`evaluate`](fn@crate::evaluate) ([`EtagBuf::as_entity_tag`]).
//!
//! | Generator | Example | Strength |
//! |---|---|---|
//! | [`EtagBuf::from_version`] | `"v7"` | strong: one version, one byte sequence |
//! | [`EtagBuf::from_digest`] | `"9f86d081…"` | strong: a hash of the exact bytes sent |
//! | [`EtagBuf::from_modified`] | `W/"1700000000.5"` | always weak: two changes can share a timestamp |
//! | [`EtagBuf::with_variant`] | `"v7-br"` | as the tag it extends |
//! | [`EtagBuf::to_weak`] | `W/"v7"` | weak, never `W/W/` |
//!
//! # Examples
//!
//! ```
//! use http_conditional::generate::EtagBuf;
//!
//! let tag = EtagBuf::from_version(7).with_variant(b"br")?;
//! assert_eq!(tag.as_str(), "\"v7-br\"");
//! assert_eq!(tag.as_entity_tag().opaque(), b"v7-br");
//! assert_eq!(tag.to_weak().to_weak().as_str(), "W/\"v7-br\"");
//! # Ok::<(), http_conditional::generate::GenerateError>(())
//! ```

use core::fmt;

use crate::etag::EntityTag;

/// A generated entity-tag in a fixed-capacity buffer: no allocation.
///
/// It holds the canonical form, `"opaque"` or `W/"opaque"`, with at most
/// [`EtagBuf::CAPACITY`] bytes of opaque-tag, all of them visible ASCII
/// other than `"` (so always a valid `etagc`, RFC 9110 §8.8.3, and a valid
/// header value).
///
/// # Examples
///
/// ```
/// use http_conditional::generate::EtagBuf;
/// use http_conditional::EntityTag;
///
/// let tag = EtagBuf::from_version(42);
/// assert_eq!(tag.as_bytes(), b"\"v42\"");
/// assert!(tag.as_entity_tag().strong_eq(&EntityTag::strong(b"v42")?));
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[must_use]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EtagBuf {
    /// `W/"` at 0..3, the opaque-tag at 3..3 + len, then `"`; the rest is 0.
    buf: [u8; EtagBuf::CAPACITY + 4],
    len: u8,
    weak: bool,
}

/// Why an entity-tag could not be generated.
///
/// # Examples
///
/// ```
/// use http_conditional::generate::{EtagBuf, GenerateError};
/// assert_eq!(EtagBuf::from_version(1).with_variant(b"b r"), Err(GenerateError::InvalidByte { at: 1 }));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenerateError {
    /// The opaque-tag would need `needed` bytes, more than
    /// [`EtagBuf::CAPACITY`].
    TooLong {
        /// How many bytes the opaque-tag would need.
        needed: usize,
    },
    /// The byte at this index of the input is not visible ASCII, or is `"`:
    /// it may not appear in a generated opaque-tag (RFC 9110 §8.8.3).
    InvalidByte {
        /// The index of the byte in the input.
        at: usize,
    },
    /// The input is empty; an empty tag would be shared by every
    /// representation.
    Empty,
    /// The sub-second part is 1 000 000 000 ns or more.
    NanosOutOfRange,
}

impl GenerateError {
    /// A short, static description of the error.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::GenerateError;
    /// assert_eq!(GenerateError::Empty.description(), "empty input would make an empty entity-tag");
    /// ```
    pub const fn description(self) -> &'static str {
        match self {
            GenerateError::TooLong { .. } => {
                "the entity-tag does not fit in EtagBuf::CAPACITY bytes"
            }
            GenerateError::InvalidByte { .. } => {
                "byte not allowed in a generated opaque-tag (visible ASCII other than DQUOTE only)"
            }
            GenerateError::Empty => "empty input would make an empty entity-tag",
            GenerateError::NanosOutOfRange => "sub-second nanoseconds must be below 1000000000",
        }
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())?;
        match self {
            GenerateError::TooLong { needed } => write!(f, " (needs {needed})"),
            GenerateError::InvalidByte { at } => write!(f, " at byte {at}"),
            _ => Ok(()),
        }
    }
}

impl core::error::Error for GenerateError {}

/// How [`EtagBuf::from_digest`] writes the digest's bytes.
///
/// # Examples
///
/// ```
/// use http_conditional::generate::{DigestEncoding, EtagBuf};
/// let hex = EtagBuf::from_digest(&[0xfb, 0xff], DigestEncoding::Hex)?;
/// let b64 = EtagBuf::from_digest(&[0xfb, 0xff], DigestEncoding::Base64Url)?;
/// assert_eq!((hex.as_str(), b64.as_str()), ("\"fbff\"", "\"-_8\""));
/// # Ok::<(), http_conditional::generate::GenerateError>(())
/// ```
///
/// `#[non_exhaustive]`: another encoding (base32, say) may be added;
/// you choose one, you rarely match on it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestEncoding {
    /// Lowercase hexadecimal: two characters per byte.
    Hex,
    /// base64url without padding (RFC 4648 §5): four characters per three
    /// bytes.
    Base64Url,
}

impl DigestEncoding {
    /// How many characters `bytes` bytes take in this encoding.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::DigestEncoding;
    /// assert_eq!(DigestEncoding::Hex.encoded_len(32), 64);
    /// assert_eq!(DigestEncoding::Base64Url.encoded_len(32), 43);
    /// ```
    pub const fn encoded_len(self, bytes: usize) -> usize {
        match self {
            DigestEncoding::Hex => bytes.saturating_mul(2),
            DigestEncoding::Base64Url => {
                let full = bytes / 3;
                full.saturating_mul(4).saturating_add([0, 2, 3][bytes % 3])
            }
        }
    }

    /// The `i`-th character of the encoding of `digest` (`i` below
    /// [`encoded_len`](Self::encoded_len)).
    fn char_at(self, digest: &[u8], i: usize) -> u8 {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let byte = |k: usize| u32::from(digest.get(k).copied().unwrap_or(0));
        match self {
            DigestEncoding::Hex => {
                let b = byte(i / 2);
                let nibble = if i % 2 == 0 { b >> 4 } else { b & 0xf };
                HEX[nibble as usize]
            }
            DigestEncoding::Base64Url => {
                let group = i / 4 * 3;
                let bits = byte(group) << 16 | byte(group + 1) << 8 | byte(group + 2);
                let sextet = bits >> (18 - 6 * (i % 4) as u32) & 0x3f;
                B64[sextet as usize]
            }
        }
    }
}

/// Visible ASCII other than `"`: the part of `etagc` (RFC 9110 §8.8.3) that
/// generated tags use.
const fn is_generated_etagc(b: u8) -> bool {
    b == 0x21 || (b >= 0x23 && b <= 0x7E)
}

impl EtagBuf {
    /// The most bytes of opaque-tag (between the quotes) it holds: enough for
    /// a SHA-512 digest in hex.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert_eq!(EtagBuf::CAPACITY, 128);
    /// ```
    pub const CAPACITY: usize = 128;

    const EMPTY: EtagBuf = {
        let mut buf = [0; EtagBuf::CAPACITY + 4];
        buf[0] = b'W';
        buf[1] = b'/';
        buf[2] = b'"';
        buf[3] = b'"';
        EtagBuf {
            buf,
            len: 0,
            weak: false,
        }
    };

    /// Appends one byte of opaque-tag, which the caller has checked.
    fn push(&mut self, b: u8) -> Result<(), GenerateError> {
        let len = self.len as usize;
        if len >= EtagBuf::CAPACITY {
            return Err(GenerateError::TooLong { needed: len + 1 });
        }
        self.buf[3 + len] = b;
        self.buf[4 + len] = b'"';
        self.len += 1;
        Ok(())
    }

    /// Appends the decimal digits of `n`.
    fn push_decimal(&mut self, n: u64, min_digits: usize) -> Result<(), GenerateError> {
        let mut digits = [0u8; 20];
        let mut count = 0;
        let mut rest = n;
        while (rest > 0 || count < min_digits || count == 0) && count < digits.len() {
            digits[count] = b'0' + (rest % 10) as u8;
            rest /= 10;
            count += 1;
        }
        if self.len as usize + count > EtagBuf::CAPACITY {
            return Err(GenerateError::TooLong {
                needed: self.len as usize + count,
            });
        }
        for &digit in digits[..count].iter().rev() {
            self.push(digit)?;
        }
        Ok(())
    }

    /// A strong tag for a version number: `"v7"`.
    ///
    /// The version must change with every change of the representation and
    /// never repeat for the same resource, not even after a delete and
    /// re-create (a global, persisted counter does that). RFC 9110 §8.8.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert_eq!(EtagBuf::from_version(7).as_str(), "\"v7\"");
    /// assert_eq!(EtagBuf::from_version(u64::MAX).as_str(), "\"v18446744073709551615\"");
    /// ```
    pub fn from_version(version: u64) -> EtagBuf {
        let mut tag = EtagBuf::EMPTY;
        // 21 bytes at most, far below the capacity: neither push can fail.
        let _ = tag.push(b'v');
        let _ = tag.push_decimal(version, 1);
        tag
    }

    /// A strong tag from the caller's digest of the representation's bytes
    /// (SHA-256, BLAKE3, …), in lowercase hex or base64url.
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Empty`] for an empty digest,
    /// [`GenerateError::TooLong`] if the encoding exceeds
    /// [`CAPACITY`](Self::CAPACITY) (64 bytes in hex, 96 in base64url); see
    /// [`from_digest_prefix`](Self::from_digest_prefix) to truncate.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::{DigestEncoding, EtagBuf};
    /// let sha256 = [0xab; 32];
    /// let tag = EtagBuf::from_digest(&sha256, DigestEncoding::Hex)?;
    /// assert_eq!(tag.as_entity_tag().opaque().len(), 64);
    /// assert!(EtagBuf::from_digest(&[0; 65], DigestEncoding::Hex).is_err());
    /// # Ok::<(), http_conditional::generate::GenerateError>(())
    /// ```
    pub fn from_digest(digest: &[u8], encoding: DigestEncoding) -> Result<EtagBuf, GenerateError> {
        EtagBuf::from_digest_prefix(digest, encoding, usize::MAX)
    }

    /// [`from_digest`](Self::from_digest) for a digest of a size known when
    /// compiling (`[u8; 32]` for SHA-256, `[u8; 16]` for a 128-bit hash):
    /// no error to handle, because a digest that could not fit does not
    /// compile (at most 64 bytes, so that the hex form fits in
    /// [`CAPACITY`](Self::CAPACITY)).
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::{DigestEncoding, EtagBuf};
    /// let sha256: [u8; 32] = [0xab; 32]; // from your digest crate, e.g. `sha2::Sha256::digest(body).into()`
    /// let tag = EtagBuf::from_digest_array(&sha256, DigestEncoding::Base64Url);
    /// assert_eq!(tag.as_entity_tag().opaque().len(), 43);
    /// ```
    ///
    /// ```compile_fail
    /// use http_conditional::generate::{DigestEncoding, EtagBuf};
    /// let _ = EtagBuf::from_digest_array(&[0u8; 65], DigestEncoding::Hex); // too long for hex
    /// ```
    pub fn from_digest_array<const N: usize>(
        digest: &[u8; N],
        encoding: DigestEncoding,
    ) -> EtagBuf {
        const {
            assert!(
                N > 0 && N * 2 <= EtagBuf::CAPACITY,
                "a digest for EtagBuf::from_digest_array has 1 to 64 bytes"
            );
        }
        let mut tag = EtagBuf::EMPTY;
        // Checked when compiling: hex, the longer encoding, fits.
        for i in 0..encoding.encoded_len(N) {
            let _ = tag.push(encoding.char_at(digest, i));
        }
        tag
    }

    /// Like [`from_digest`](Self::from_digest), keeping at most `max_len`
    /// characters of the encoding: a shorter tag, at the cost of more
    /// chance of collision (16 hex characters are 64 bits).
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Errors
    ///
    /// [`GenerateError::Empty`] for an empty digest or a `max_len` of 0,
    /// [`GenerateError::TooLong`] if the result would exceed
    /// [`CAPACITY`](Self::CAPACITY).
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::{DigestEncoding, EtagBuf};
    /// let tag = EtagBuf::from_digest_prefix(&[0x12, 0x34, 0x56], DigestEncoding::Hex, 4)?;
    /// assert_eq!(tag.as_str(), "\"1234\"");
    /// let whole = EtagBuf::from_digest_prefix(&[0x12], DigestEncoding::Hex, 100)?;
    /// assert_eq!(whole.as_str(), "\"12\"");
    /// # Ok::<(), http_conditional::generate::GenerateError>(())
    /// ```
    pub fn from_digest_prefix(
        digest: &[u8],
        encoding: DigestEncoding,
        max_len: usize,
    ) -> Result<EtagBuf, GenerateError> {
        if digest.is_empty() || max_len == 0 {
            return Err(GenerateError::Empty);
        }
        let len = encoding.encoded_len(digest.len()).min(max_len);
        if len > EtagBuf::CAPACITY {
            return Err(GenerateError::TooLong { needed: len });
        }
        let mut tag = EtagBuf::EMPTY;
        for i in 0..len {
            tag.push(encoding.char_at(digest, i))?;
        }
        Ok(tag)
    }

    /// A weak tag from a modification time: seconds since the Unix epoch
    /// and, where the clock gives them, nanoseconds within the second
    /// (`W/"1700000000"`, `W/"1700000000.000000500"`).
    ///
    /// Always weak: two changes within one clock tick share a timestamp, so
    /// the tag cannot promise identical bytes (RFC 9110 §8.8.1, §8.8.2.2).
    ///
    /// # Errors
    ///
    /// [`GenerateError::NanosOutOfRange`] for `nanos` of 1 000 000 000 or
    /// more.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert_eq!(EtagBuf::from_modified(1_700_000_000, None)?.as_str(), "W/\"1700000000\"");
    /// assert_eq!(EtagBuf::from_modified(-1, Some(500))?.as_str(), "W/\"-1.000000500\"");
    ///
    /// // From a file's modification time (feature `std`):
    /// let mtime = std::time::UNIX_EPOCH + std::time::Duration::new(1_700_000_000, 250_000_000);
    /// let since = mtime.duration_since(std::time::UNIX_EPOCH).unwrap();
    /// let secs = i64::try_from(since.as_secs()).unwrap();
    /// let tag = EtagBuf::from_modified(secs, Some(since.subsec_nanos()))?;
    /// assert_eq!(tag.as_str(), "W/\"1700000000.250000000\"");
    /// # Ok::<(), http_conditional::generate::GenerateError>(())
    /// ```
    pub fn from_modified(unix_secs: i64, nanos: Option<u32>) -> Result<EtagBuf, GenerateError> {
        let mut tag = EtagBuf::EMPTY;
        tag.weak = true;
        if unix_secs < 0 {
            tag.push(b'-')?;
        }
        tag.push_decimal(unix_secs.unsigned_abs(), 1)?;
        if let Some(nanos) = nanos {
            if nanos >= 1_000_000_000 {
                return Err(GenerateError::NanosOutOfRange);
            }
            tag.push(b'.')?;
            tag.push_decimal(u64::from(nanos), 9)?;
        }
        Ok(tag)
    }

    /// The tag extended with `-variant`, for one representation among
    /// several of the same resource state: a content-coding (`"v7-br"`), a
    /// language, a media type. Each variant needs its own tag when the tags
    /// are strong (RFC 9110 §8.8.3).
    ///
    /// # Errors
    ///
    /// [`GenerateError::Empty`] for an empty variant,
    /// [`GenerateError::InvalidByte`] for a byte that is not visible ASCII
    /// or is `"`, [`GenerateError::TooLong`] if the result does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::{EtagBuf, GenerateError};
    /// assert_eq!(EtagBuf::from_version(7).with_variant(b"gzip")?.as_str(), "\"v7-gzip\"");
    /// assert_eq!(EtagBuf::from_version(7).with_variant(b"a\"b"), Err(GenerateError::InvalidByte { at: 1 }));
    /// # Ok::<(), GenerateError>(())
    /// ```
    pub fn with_variant(mut self, variant: &[u8]) -> Result<EtagBuf, GenerateError> {
        if variant.is_empty() {
            return Err(GenerateError::Empty);
        }
        if let Some(at) = variant.iter().position(|&b| !is_generated_etagc(b)) {
            return Err(GenerateError::InvalidByte { at });
        }
        let needed = self.len as usize + 1 + variant.len();
        if needed > EtagBuf::CAPACITY {
            return Err(GenerateError::TooLong { needed });
        }
        self.push(b'-')?;
        for &b in variant {
            self.push(b)?;
        }
        Ok(self)
    }

    /// The same opaque-tag, marked weak; a weak tag stays as it is (never
    /// `W/W/`). Use it when a representation is transformed in a way that
    /// keeps it semantically equivalent (RFC 9110 §8.8.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// let weak = EtagBuf::from_version(3).to_weak();
    /// assert_eq!(weak.as_str(), "W/\"v3\"");
    /// assert_eq!(weak.to_weak(), weak);
    /// ```
    pub const fn to_weak(mut self) -> EtagBuf {
        self.weak = true;
        self
    }

    /// Whether the tag is weak (RFC 9110 §8.8.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert!(!EtagBuf::from_version(1).is_weak());
    /// ```
    pub const fn is_weak(&self) -> bool {
        self.weak
    }

    /// The canonical form, `"…"` or `W/"…"`: the value of an `ETag` header.
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert_eq!(EtagBuf::from_version(1).to_weak().as_bytes(), b"W/\"v1\"");
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        let start = if self.weak { 0 } else { 2 };
        let end = 4 + self.len as usize;
        self.buf.get(start..end).unwrap_or_default()
    }

    /// The canonical form as a `str` (generated tags are ASCII).
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// assert_eq!(EtagBuf::from_version(12).as_str(), "\"v12\"");
    /// ```
    pub fn as_str(&self) -> &str {
        // Every byte is ASCII, so this never falls back.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The tag as an [`EntityTag`], for [`Validators`](crate::Validators)
    /// and comparisons.
    ///
    /// RFC 9110 §8.8.3.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_conditional::generate::EtagBuf;
    /// let buf = EtagBuf::from_version(9).to_weak();
    /// let tag = buf.as_entity_tag();
    /// assert!(tag.is_weak());
    /// assert_eq!(tag.opaque(), b"v9");
    /// ```
    ///
    /// The `EntityTag` borrows the buffer, so the buffer must outlive it.
    /// A temporary does not (E0716, "temporary value dropped while
    /// borrowed"):
    ///
    /// ```compile_fail
    /// use http_conditional::{generate::EtagBuf, Resource, Validators};
    /// let current = Resource::Current(Validators::new().with_etag(EtagBuf::from_version(7).as_entity_tag()));
    /// # let _ = current;
    /// ```
    ///
    /// Bind the buffer first, where it lives as long as the evaluation:
    ///
    /// ```
    /// use http_conditional::{generate::EtagBuf, Resource, Validators};
    /// let tag = EtagBuf::from_version(7);
    /// let current = Resource::Current(Validators::new().with_etag(tag.as_entity_tag()));
    /// # let _ = current;
    /// ```
    pub fn as_entity_tag(&self) -> EntityTag<'_> {
        let opaque = self.buf.get(3..3 + self.len as usize).unwrap_or_default();
        // Every byte was checked to be `etagc` when it was pushed.
        EntityTag::from_checked_parts(self.weak, opaque)
    }
}

impl AsRef<[u8]> for EtagBuf {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// The canonical form, as [`EtagBuf::as_str`].
impl fmt::Display for EtagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for EtagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EtagBuf({})", self.as_str())
    }
}

impl<'a> From<&'a EtagBuf> for EntityTag<'a> {
    fn from(buf: &'a EtagBuf) -> EntityTag<'a> {
        buf.as_entity_tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors, in the url-safe alphabet without padding
    #[test]
    fn base64url_follows_the_rfc_4648_vectors() {
        let cases: [(&[u8], &str); 6] = [
            (b"f", "\"Zg\""),
            (b"fo", "\"Zm8\""),
            (b"foo", "\"Zm9v\""),
            (b"foob", "\"Zm9vYg\""),
            (b"fooba", "\"Zm9vYmE\""),
            (b"foobar", "\"Zm9vYmFy\""),
        ];
        for (input, expected) in cases {
            let tag = EtagBuf::from_digest(input, DigestEncoding::Base64Url).unwrap();
            assert_eq!(tag.as_str(), expected);
        }
    }

    #[test]
    fn capacity_is_enforced_by_every_generator() {
        assert!(EtagBuf::from_digest(&[0; 64], DigestEncoding::Hex).is_ok());
        assert_eq!(
            EtagBuf::from_digest(&[0; 65], DigestEncoding::Hex),
            Err(GenerateError::TooLong { needed: 130 })
        );
        assert!(EtagBuf::from_digest(&[0; 96], DigestEncoding::Base64Url).is_ok());
        let long = [b'a'; EtagBuf::CAPACITY];
        let base = EtagBuf::from_version(1);
        assert_eq!(
            base.with_variant(&long),
            Err(GenerateError::TooLong {
                needed: 3 + EtagBuf::CAPACITY
            })
        );
        assert!(base.with_variant(&long[..EtagBuf::CAPACITY - 3]).is_ok());
    }
}
