//! # Zheng (正) — a ballot counting and tally engine for Chinese village elections
//!
//! Data flows through the modules in this order:
//!
//! ```text
//! manifest (TOML) ─┐
//!                  ├─ boxfile (JSON Lines) → ballot (validity, compact form) → tally → outcome → sheet / JSON
//! box files ───────┘
//! ```
//!
//! - [`manifest`]: the election manifest of contract §1, validated with every problem located.
//! - [`rules`] and [`fraction`]: the counting law as data — profiles, bars, exact fractions.
//! - [`boxfile`]: a streaming, parallel reader of box files (contract §2).
//! - [`ballot`]: one ballot line → the law's validity rules → a fixed-layout compact form.
//! - [`tally`]: the parallel count over the compact form, with its invariants.
//! - [`outcome`]: quorum, bars, elected, re-votes and run-offs (contract §4).
//! - [`sheet`]: the public-counting sheet for a terminal, in 正 strokes.
//! - [`count`]: the whole of `zheng count`; [`demo`]: the embedded sample election.
//! - [`synth`]: synthetic boxes for tests, benchmarks and the demo's data.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ballot;
pub mod boxfile;
pub mod count;
pub mod demo;
pub mod error;
pub mod fraction;
pub mod manifest;
pub mod name;
pub mod outcome;
pub mod rules;
pub mod sheet;
pub mod synth;
pub mod tally;

pub use error::Error;
