//! The values of the conditional fields a cache or a client sends, written
//! without allocating: with `Display`, or into a caller's buffer.

use core::fmt;

use crate::cache::stored::Stored;
use crate::{EntityTag, Field};

/// The distinct entity-tags of some stored responses, in their order: an
/// `If-None-Match` list (RFC 9110 §13.1.2) naming every stored response
/// being validated (RFC 9111 §4.3.1).
///
/// Each distinct tag appears once (identical tags: same weakness, same
/// opaque-tag); weak tags are kept, since `If-None-Match` compares weakly.
/// Stored values that are not one valid entity-tag are skipped.
///
/// `Display` writes the field value (a non-UTF-8 opaque byte as U+FFFD);
/// [`encode_into`](Self::encode_into) writes the exact bytes.
///
/// ```
/// use http_conditional::cache::{Stored, TagList};
/// use http_conditional::HttpDate;
///
/// let t = HttpDate::UNIX_EPOCH;
/// let stored = [
///     Stored::new(t).with_etag("\"a\""),
///     Stored::new(t).with_etag("W/\"b\""),
///     Stored::new(t).with_etag("\"a\""),
///     Stored::new(t).with_etag("not a tag"),
/// ];
/// let list = TagList::new(&stored);
/// assert_eq!(list.to_string(), "\"a\", W/\"b\"");
/// assert_eq!(list.len(), 2);
/// let mut buf = [0u8; 32];
/// assert_eq!(list.encode_into(&mut buf), Some(&b"\"a\", W/\"b\""[..]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagList<'a> {
    stored: &'a [Stored<'a>],
}

impl<'a> TagList<'a> {
    /// The list of the distinct entity-tags of `stored`.
    pub const fn new(stored: &'a [Stored<'a>]) -> Self {
        TagList { stored }
    }

    /// The tags, in stored order, each once.
    pub fn iter(&self) -> Tags<'a> {
        Tags {
            stored: self.stored,
            next: 0,
            seen: [0; 4],
        }
    }

    /// How many distinct tags.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no stored response has a valid entity-tag.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The length of the field value: the tags in canonical form, separated
    /// by `", "`.
    pub fn encoded_len(&self) -> usize {
        let (count, bytes) = self.iter().fold((0usize, 0usize), |(n, len), tag| {
            (n + 1, len + tag.encoded_len())
        });
        bytes + 2 * count.saturating_sub(1)
    }

    /// Writes the field value into `buf` and returns the bytes written, or
    /// `None` if `buf` is shorter than [`encoded_len`](Self::encoded_len).
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let mut at = 0;
        for (i, tag) in self.iter().enumerate() {
            if i > 0 {
                buf.get_mut(at..at + 2)?.copy_from_slice(b", ");
                at += 2;
            }
            let written = tag.encode_into(buf.get_mut(at..)?)?.len();
            at += written;
        }
        buf.get(..at)
    }
}

impl<'a> IntoIterator for TagList<'a> {
    type Item = EntityTag<'a>;
    type IntoIter = Tags<'a>;

    fn into_iter(self) -> Tags<'a> {
        self.iter()
    }
}

impl fmt::Display for TagList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, tag) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            tag.fmt(f)?;
        }
        Ok(())
    }
}

/// The iterator of a [`TagList`].
///
/// A tag is compared with the earlier ones only when a 256-bit filter of
/// the tags already yielded says it may repeat, so a list of distinct tags
/// costs one pass in the common case; the worst case is quadratic in the
/// number of stored responses (a cache holds a handful per URI).
///
/// ```
/// use http_conditional::cache::{Stored, TagList};
/// use http_conditional::HttpDate;
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH).with_etag("W/\"x\"")];
/// assert!(TagList::new(&stored).iter().all(|t| t.is_weak()));
/// ```
#[derive(Clone, Debug)]
pub struct Tags<'a> {
    stored: &'a [Stored<'a>],
    next: usize,
    seen: [u64; 4],
}

impl<'a> Iterator for Tags<'a> {
    type Item = EntityTag<'a>;

    fn next(&mut self) -> Option<EntityTag<'a>> {
        loop {
            let i = self.next;
            let stored = self.stored.get(i)?;
            self.next += 1;
            let Some(tag) = stored.etag() else {
                continue;
            };
            let bit = fingerprint(&tag);
            let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
            if self.seen[word] & mask != 0 && self.stored[..i].iter().any(|s| s.etag() == Some(tag))
            {
                continue;
            }
            self.seen[word] |= mask;
            return Some(tag);
        }
    }
}

/// One of 256 buckets for a tag (FNV-1a over the weakness and the bytes).
fn fingerprint(tag: &EntityTag<'_>) -> u8 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in core::iter::once(&u8::from(tag.is_weak())).chain(tag.opaque()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (hash >> 32) ^ (hash >> 16) ^ (hash >> 8)) as u8
}

/// The value of one conditional field a cache or a client sends.
///
/// `Display` writes it as it goes on the wire (a non-UTF-8 byte as U+FFFD);
/// [`encode_into`](Self::encode_into) writes the exact bytes into a
/// caller's buffer.
///
/// ```
/// use http_conditional::cache::FieldValue;
/// use http_conditional::EntityTag;
///
/// assert_eq!(FieldValue::Any.to_string(), "*");
/// let tag = FieldValue::Tag(EntityTag::strong(b"v7")?);
/// let mut buf = [0u8; 8];
/// assert_eq!(tag.encode_into(&mut buf), Some(&b"\"v7\""[..]));
/// # Ok::<(), http_conditional::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// `*` (in `If-None-Match`: the target must not exist yet, RFC 9110
    /// §13.1.2).
    Any,
    /// A list of entity-tags.
    Tags(TagList<'a>),
    /// One entity-tag.
    Tag(EntityTag<'a>),
    /// An HTTP-date, verbatim as stored (it parsed as one).
    Date(&'a [u8]),
}

impl FieldValue<'_> {
    /// The length of the value in bytes.
    pub fn encoded_len(&self) -> usize {
        match self {
            FieldValue::Any => 1,
            FieldValue::Tags(tags) => tags.encoded_len(),
            FieldValue::Tag(tag) => tag.encoded_len(),
            FieldValue::Date(date) => date.len(),
        }
    }

    /// Writes the value into `buf` and returns the bytes written, or `None`
    /// if `buf` is shorter than [`encoded_len`](Self::encoded_len).
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        match self {
            FieldValue::Any => {
                let out = buf.get_mut(..1)?;
                out[0] = b'*';
                Some(out)
            }
            FieldValue::Tags(tags) => tags.encode_into(buf),
            FieldValue::Tag(tag) => tag.encode_into(buf),
            FieldValue::Date(date) => {
                let out = buf.get_mut(..date.len())?;
                out.copy_from_slice(date);
                Some(out)
            }
        }
    }
}

impl fmt::Display for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Any => f.write_str("*"),
            FieldValue::Tags(tags) => tags.fmt(f),
            FieldValue::Tag(tag) => tag.fmt(f),
            FieldValue::Date(date) => {
                for chunk in date.utf8_chunks() {
                    f.write_str(chunk.valid())?;
                    if !chunk.invalid().is_empty() {
                        f.write_str("\u{FFFD}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The conditional fields of a request, each with its value, in the order
/// RFC 9110 §13.2.2 evaluates them.
///
/// ```
/// use http_conditional::cache::{validation_request, Stored};
/// use http_conditional::{Field, HttpDate};
///
/// let stored = [Stored::new(HttpDate::UNIX_EPOCH)
///     .with_etag("\"a\"")
///     .with_last_modified("Mon, 14 Oct 2024 10:00:00 GMT")];
/// let no_headers: [(&str, &str); 0] = [];
/// let request = validation_request(&no_headers, &stored, HttpDate::MAX);
/// let names: Vec<Field> = request.fields().map(|(field, _)| field).collect();
/// assert_eq!(names, [Field::IfNoneMatch, Field::IfModifiedSince]);
/// ```
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    items: [Option<(Field, FieldValue<'a>)>; 4],
    next: usize,
}

impl<'a> Fields<'a> {
    /// The fields with a value, in §13.2.2 order.
    pub(crate) fn new(
        if_match: Option<FieldValue<'a>>,
        if_unmodified_since: Option<FieldValue<'a>>,
        if_none_match: Option<FieldValue<'a>>,
        if_modified_since: Option<FieldValue<'a>>,
    ) -> Self {
        Fields {
            items: [
                if_match.map(|v| (Field::IfMatch, v)),
                if_unmodified_since.map(|v| (Field::IfUnmodifiedSince, v)),
                if_none_match.map(|v| (Field::IfNoneMatch, v)),
                if_modified_since.map(|v| (Field::IfModifiedSince, v)),
            ],
            next: 0,
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = (Field, FieldValue<'a>);

    fn next(&mut self) -> Option<(Field, FieldValue<'a>)> {
        while let Some(item) = self.items.get_mut(self.next) {
            self.next += 1;
            if let Some(item) = item.take() {
                return Some(item);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::HttpDate;

    // RFC 9111 §4.3.1; CHOICES 17: each distinct tag once, in stored order
    #[test]
    fn many_distinct_tags_and_repeats_are_listed_once_each() {
        let values: [&[u8]; 8] = [
            b"\"a\"", b"W/\"a\"", b"\"b\"", b"\"a\"", b"W/\"a\"", b"\"c\"", b"\"b\"", b"\"\"",
        ];
        let stored = values.map(|v| Stored::new(HttpDate::UNIX_EPOCH).with_etag(v));
        let mut buf = [0u8; 64];
        let list = TagList::new(&stored);
        assert_eq!(
            list.encode_into(&mut buf),
            Some(&b"\"a\", W/\"a\", \"b\", \"c\", \"\""[..])
        );
        assert_eq!(list.encoded_len(), 24);
        assert_eq!(list.len(), 5);
        assert!(list.encode_into(&mut buf[..23]).is_none());
    }

    // RFC 9110 §8.8.3: an empty list writes nothing
    #[test]
    fn an_empty_list_encodes_to_nothing() {
        let stored = [Stored::new(HttpDate::UNIX_EPOCH)];
        let list = TagList::new(&stored);
        assert!(list.is_empty());
        assert_eq!(list.encoded_len(), 0);
        assert_eq!(list.encode_into(&mut []), Some(&b""[..]));
    }
}
