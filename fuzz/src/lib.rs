//! What the fuzz targets share: the reference evaluator of the property
//! tests, the comma splitter of the list target, and the structured case of
//! the `evaluate` target with the checks it runs.

pub use http_conditional_testkit::render::{cased, split_lines};
pub use http_conditional_testkit::{list_reading, reference};

pub mod case;
