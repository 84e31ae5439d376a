//! The two report formats: readable text (default) and JSON.

pub mod json;
pub mod text;
