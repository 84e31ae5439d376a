//! `evaluate` on a structured case (method, field lines, validators, clock,
//! policy): never panics, decides as the reference transcription of RFC 9110
//! §13.2.2 does, evaluates the same conditions with the same truth, and its
//! explanation and trace are consistent with its decision.

#![no_main]

use http_conditional_fuzz::case::{check, Case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: Case| {
    check(&case.render());
});
