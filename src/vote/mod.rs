//! One vote's law: the bottom stage of the count, which everything else rests on.
//!
//! Takes in an election manifest (TOML, contract §1) and box files (JSON Lines, contract §2); gives
//! out, for every box, a [`tally::CheckedTally`] (its invariants checked once, before it is handed
//! on), and the [`outcome::Outcome`] the law decides (contract §4): quorum, bars, who is elected,
//! re-votes and run-offs. Integer and exact-fraction arithmetic only; pure functions wherever the
//! law is decided.
//!
//! - [`model`]: the shared vocabulary (bodies, rounds, styles, kinds of box).
//! - [`fraction`] and [`rules`]: the law as data — exact fractions, thresholds, the built-in profiles.
//! - [`name`]: names as the law compares them.
//! - [`manifest`]: the validated election.
//! - [`register`]: the village's people across its votes, and their kinship (contract §5).
//! - [`boxfile`] → [`ballot`] → [`tally`] → [`outcome`]: reading, judging, counting, deciding.
//! - [`avoid`]: kinship avoidance among a vote's winners (ZJE31), used by [`outcome`].
//! - [`staff`]: the boxes' counting teams kept apart from the candidates (ZJE22).
//! - [`count`]: a vote's boxes counted together.
//! - `problems.rs`: the problems of a TOML file collected with their lines (manifest, register).
//!
//! **Files.** The law is pure; the reading of each kind of file lives in one place, named for it,
//! and nothing else in this stage touches a file:
//!
//! - [`boxfile`] opens and streams box files (contract §2) — in chunks of a megabyte, each decoded
//!   by a parallel task while the next are read, because a box of millions of ballots is never held
//!   whole ([`boxfile::BoxSource`]: a file, or bytes already in memory).
//! - `register/file.rs` reads the village register (`people.toml`, contract §5), keeping its bytes
//!   as given for the bundle ([`register::read`], [`register::load_register`]).
//! - `outcome/file.rs` reads an outcome JSON file (contract §4) as a [`outcome::StatedOutcome`],
//!   which gives an outcome only once checked ([`outcome::load_checked`]).
//!
//! Manifests are read by `seal::manifest::Manifest`, the one manifest loader (it also checks every
//! key on the curve); [`manifest`] validates text.
//!
//! A village's many votes taken together are the stage above, [`crate::village`]. Imports nothing of
//! Zheng but [`crate::error`] and [`crate::files`].

pub mod avoid;
pub mod ballot;
pub mod boxfile;
pub mod count;
pub mod fraction;
pub mod manifest;
pub mod model;
pub mod name;
pub mod outcome;
pub(crate) mod problems;
pub mod register;
pub mod rules;
pub mod staff;
pub mod tally;
#[cfg(test)]
pub(crate) mod testing;
