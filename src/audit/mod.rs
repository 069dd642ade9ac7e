//! Auditing: from a box to a signed result, from signed results to verified village totals.
//!
//! Takes in box files, station keys and signed result files; gives out signed results with their
//! published ballots ([`close`]), the merge of every result that verifies — refusals, duplicates and
//! conflicts reported, never silently resolved ([`merge`]) — the bundle a supervisor needs
//! ([`bundle`]) and the supervisor's numbered checklist over a bundle ([`verify`]); a village's
//! outcomes gathered from files and verified bundles ([`village`]).
//!
//! Imports [`crate::law`], [`crate::seal`], [`crate::report`] and the shared modules.

pub mod bundle;
pub mod checklist;
pub mod close;
pub mod merge;
pub mod verify;
pub mod village;
