//! The credential rules, once, in pure Rust: what each value the reader
//! collects must look like, what is wrong with it and how to fix it.
//!
//! No I/O and no platform code: the generator uses this crate at build time
//! and the in-page widget uses it in the browser, so both always agree.

pub mod preset;

pub use preset::{FieldSpec, Preset, Rule, preset};
