//! The bytes of a body collected up to a cap, in at most one allocation
//! that never grows past the cap.

use bytes::Bytes;

/// Body bytes collected so far.
///
/// A body that arrives as one chunk (a `Full`, a `String`) is kept as that
/// chunk: nothing is copied. Otherwise the chunks are copied into one
/// buffer, sized from the body's size hint when it has an upper bound within
/// the cap (so a body of known size is one exact allocation), else grown by
/// doubling, never beyond the cap.
#[derive(Debug)]
pub(crate) struct Collected {
    first: Option<Bytes>,
    joined: Vec<u8>,
    len: usize,
    max: usize,
    expected: usize,
}

impl Collected {
    /// Room for at most `max` bytes; `expected` is the body's announced size
    /// when it has one within the cap, else 0.
    pub(crate) fn new(max: usize, expected: usize) -> Collected {
        Collected {
            first: None,
            joined: Vec::new(),
            len: 0,
            max,
            expected: expected.min(max),
        }
    }

    /// How many bytes are held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds the next chunk, or gives it back if the total would pass the
    /// cap.
    pub(crate) fn push(&mut self, chunk: Bytes) -> Result<(), Bytes> {
        if chunk.len() > self.max - self.len {
            return Err(chunk);
        }
        if chunk.is_empty() {
            return Ok(());
        }
        if self.len == 0 {
            self.first = Some(chunk);
            self.len = self.first.as_ref().map_or(0, Bytes::len);
            return Ok(());
        }
        let needed = self.len + chunk.len();
        if self.joined.capacity() < needed {
            let doubled = self.joined.capacity().saturating_mul(2);
            let target = needed.max(doubled).max(self.expected).min(self.max);
            self.joined.reserve_exact(target - self.joined.len());
        }
        if let Some(first) = self.first.take() {
            self.joined.extend_from_slice(&first);
        }
        self.joined.extend_from_slice(&chunk);
        self.len = needed;
        Ok(())
    }

    /// Every byte collected, as one `Bytes`.
    pub(crate) fn into_bytes(self) -> Bytes {
        match self.first {
            Some(first) => first,
            None => Bytes::from(self.joined),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chunk_is_kept_without_a_copy() {
        let chunk = Bytes::from(vec![7u8; 100]);
        let pointer = chunk.as_ptr();
        let mut collected = Collected::new(1000, 0);
        collected.push(chunk).unwrap();
        assert_eq!(collected.into_bytes().as_ptr(), pointer);
    }

    #[test]
    fn chunks_are_joined_in_order_and_the_cap_is_exact() {
        let mut collected = Collected::new(10, 0);
        collected.push(Bytes::from_static(b"abcd")).unwrap();
        collected.push(Bytes::new()).unwrap();
        collected.push(Bytes::from_static(b"efghij")).unwrap();
        assert_eq!(collected.len(), 10);
        assert_eq!(
            collected.push(Bytes::from_static(b"k")),
            Err(Bytes::from_static(b"k"))
        );
        assert_eq!(collected.into_bytes(), Bytes::from_static(b"abcdefghij"));
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap() {
        let mut collected = Collected::new(1000, 0);
        for _ in 0..9 {
            collected.push(Bytes::from(vec![1u8; 111])).unwrap();
            assert!(collected.joined.capacity() <= 1000);
        }
        assert_eq!(collected.len(), 999);
    }

    #[test]
    fn an_announced_size_is_allocated_once() {
        let mut collected = Collected::new(1000, 300);
        collected.push(Bytes::from(vec![1u8; 100])).unwrap();
        collected.push(Bytes::from(vec![2u8; 100])).unwrap();
        let capacity = collected.joined.capacity();
        collected.push(Bytes::from(vec![3u8; 100])).unwrap();
        assert_eq!((capacity, collected.joined.capacity()), (300, 300));
    }
}
