//! What the property tests (`testkit/tests/`) and the cargo-fuzz targets
//! (`fuzz/`) of `http-conditional` share, so that neither keeps a copy:
//!
//! - [`reference`](mod@reference): a literal transcription of RFC 9110 §13.2.2 and the
//!   grammars it relies on, written for clarity, not speed, and owing
//!   nothing to the crate's code: the oracle every generated request is
//!   checked against.
//! - [`list_reading`]: how `Members` and an evaluation's trace read a list
//!   field, in common terms, to check that the two agree.
//! - [`render`]: how generated requests become field lines (name casing,
//!   lists split across lines with OWS and empty elements), in the ways RFC
//!   9110 §5.1, §5.3 and §5.6.1 say must not change a decision.
//!
//! Not published; `publish = false`.

pub mod list_reading;
pub mod reference;
pub mod render;
