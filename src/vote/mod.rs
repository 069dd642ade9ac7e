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
