//! # Zheng (正) — a ballot counting and tally engine for Chinese village elections
//!
//! The library is built in stages; each folder of `src/` is one, and a stage uses only the stages
//! below it (a test, `tests/architecture.rs`, fails otherwise):
//!
//! ```text
//!  cli/      (the binary)   one file per command; parses arguments, prints, sets the exit status
//!  demo/                    the embedded sample election, end to end
//!  station/  collect/  paper/  witness/
//!                           at the counting table │ the network collector and its log │ the audit
//!                           of the paper │ a C2SP witness of logs
//!  audit/                   close a box to a signed result; merge results; bundle; verify
//!  report/                  words, 正 strokes, sheets, the printed notice, boards, exports
//!  village/  seal/          a village's votes together, the next round │ canonical bytes, keys, roots, signed results
//!  vote/                    one vote's law: manifest, ballots and their validity, tally, outcome
//!  files/    net/           bounded reading, atomic writing, SQLite │ every listener's bounds
//!  error/                   the error and refusal types: codes and exit statuses (their words are in words/)
//! ```
//!
//! Data flows upward through them:
//!
//! ```text
//! manifest (TOML) ─┐
//!                  ├→ vote::boxfile → vote::ballot (validity → compact form) → vote::tally → vote::outcome
//! box files ───────┘                                                              │      │
//!      village::Village (members, conflicts, structure) · village::next_round ←──────────┤
//!      report::sheet (the counting sheet) ←──────────────────────────────────────┤
//!      seal::record + seal::merkle (published ballots, root) → seal::result (signed) ┘
//!      → audit::close → audit::merge → audit::bundle (written) → audit::verify (read once) → Verified
//!      Verified (manifest, merged results, outcome, register) → reports, exports, village, township
//!      station::journal (durable entry) → station::table::close → audit::close
//! ```
//!
//! - [`vote`]: one vote's law — manifests, ballots, tallies, outcomes; exact.
//! - [`village`]: a village's votes together — members, conflicts between bodies, the structure
//!   report, the township's roll-up, the next round's manifest.
//! - [`seal`]: what makes a count provable — canonical bytes, keys, digests, Merkle roots, the
//!   published ballot records, signed results and manifest signatures.
//! - [`words`]: the one book of words — every sentence a person reads, zh and en, keyed by typed
//!   values.
//! - [`report`]: what people read, rendered — 正 strokes, the counting sheet, the printed notice,
//!   the boards, the village and township views, the open exports.
//! - [`audit`]: closing, merging and verifying signed results, and the bundle a supervisor checks.
//! - [`station`]: the counting table — the hash-chained journal, ballot entry, reconcile, close.
//! - [`collect`]: counting day over the network — the HTTP collector, its store, receipts and
//!   public log (C2SP checkpoints and tiles).
//! - [`paper`]: the risk-limiting audit of the paper ballots — assertions from the law, the
//!   consistent sampler, ALPHA risks, the audit folder.
//! - [`witness`]: a C2SP witness of transparency logs (tlog-witness): cosigns each checkpoint
//!   consistent with the last it cosigned for its log, and never a fork.
//! - [`demo`]: the sample village election embedded from `fixtures/`.
//! - [`files`] and [`error`]: shared by every stage.
//! - [`net`]: every listener's bounds — open files split between listeners, connection caps,
//!   header and idle deadlines, bodies read at a minimum pace, the pages' security headers.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod audit;
pub mod collect;
pub mod demo;
pub mod error;
pub mod files;
pub mod net;
pub mod paper;
pub mod report;
pub mod seal;
pub mod station;
pub mod village;
pub mod vote;
pub mod witness;
pub mod words;

pub use error::Error;
