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
//!
//! Signed results, merging and verification:
//!
//! ```text
//! box → close (record: canonical ballots, merkle: root; result: signed body) → merge → bundle → verify
//! ```
//!
//! - [`keys`]: Ed25519 key files and public keys; [`canonical`]: the canonical byte encoding.
//! - [`record`] and [`merkle`]: published ballots in canonical order and their RFC 6962 root.
//! - [`result`]: the signed station result; [`close`]: a box to its signed result.
//! - [`signed_manifest`]: the township's signature on a manifest.
//! - [`merge`]: verifying and merging results; [`bundle`]: the merged files; [`verify`]: the
//!   supervisor's checklist.
//!
//! At the counting table: [`journal`] (the durable, hash-chained record of a box) and [`station`]
//! (enter, undo, export, reconcile, close); [`entry`], the tallier's entry screen.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ballot;
pub mod boxfile;
pub mod bundle;
pub mod canonical;
pub mod close;
pub mod count;
pub mod demo;
pub mod entry;
pub mod error;
pub mod fraction;
pub mod journal;
pub mod keys;
pub mod manifest;
pub mod merge;
pub mod merkle;
pub mod name;
pub mod outcome;
pub mod record;
pub mod result;
pub mod rules;
pub mod sheet;
pub mod signed_manifest;
pub mod station;
pub mod synth;
pub mod tally;
pub mod verify;

pub use error::Error;
