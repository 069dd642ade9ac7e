//! The election manifest (contract §1): one vote of one body, its posts, candidates and ballot boxes.
//!
//! Takes in a manifest's TOML text; gives out a validated [`Election`] — [`Election::from_toml`]
//! parses and validates in one step and reports *every* problem it finds, each with the line and the
//! field, so that an election official can fix a manifest in one pass. Reads no file: the one
//! manifest loader is `seal::manifest::Manifest`, which also checks every key on the curve.
//!
//! - `model.rs`: the validated election and its parts, and the limits a manifest is held to.
//! - `raw.rs`: the manifest as written, before validation.
//! - `syntax.rs`: the written forms of ids, dates and keys.
//! - `validate.rs`: the checks, part by part; `people.rs`: the distinct listed people they gather.
//! - `pieces.rs`: a long list of ballot boxes parsed in pieces, in parallel; `plain.rs`: a piece
//!   written plainly, read without the TOML parser.
//! - `head.rs`: a manifest's posts and rules read before its stations, to count boxes meanwhile.
//! - Problems are collected with their lines by [`crate::vote::problems`], as a register's are.

mod head;
mod model;
mod people;
mod pieces;
mod plain;
mod raw;
mod syntax;
mod validate;

pub use model::{
    Candidate, Contest, Election, ListedPerson, MAX_CONTESTS, MAX_LISTED, MAX_MANIFEST_BYTES, MAX_STAFF, MAX_STATIONS,
    Staff, Station,
};
pub use syntax::{KeyCheck, is_election_id, is_item_id, key_syntax, lower_case_hex};

#[cfg(test)]
mod tests;
