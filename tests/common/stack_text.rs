//! Writing a `Display` value without a `String`, for tests that prove a
//! path never touches the heap. Include it with `mod stack_text;` from
//! `tests/common/stack_text.rs`.

use std::fmt::{self, Write};

/// A `fmt::Write` sink on the stack; past its end it only counts.
struct StackText {
    buf: [u8; 4096],
    len: usize,
}

impl Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        // Past the end, keep counting but drop the text: only length matters.
        if end <= self.buf.len() {
            self.buf[self.len..end].copy_from_slice(s.as_bytes());
        }
        self.len = end;
        Ok(())
    }
}

/// Writes `value` to the stack and returns its length.
pub fn explain(value: &impl fmt::Display) -> usize {
    let mut text = StackText {
        buf: [0; 4096],
        len: 0,
    };
    write!(text, "{value}").unwrap();
    text.len
}
