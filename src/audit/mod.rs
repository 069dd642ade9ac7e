//! Auditing: from a box to a signed result, from signed results to verified village totals.
//!
//! Takes in box files, station keys and signed result files; gives out signed results with their
//! published ballots ([`close`]), the merge of every result that verifies — refusals, duplicates and
//! conflicts reported, never silently resolved ([`merge`]) — the bundle a supervisor needs
//! ([`bundle`]), the supervisor's numbered checklist over a bundle ([`verify`], [`checklist`]) and,
//! when it passes, what was checked ([`verify::Verified`]); a vote's count from a verified bundle,
//! a store of signed results or box files, for reports and exports ([`source`]); a village's
//! outcomes gathered from files, verified bundles and a store ([`village`]).
//!
//! Imports [`crate::vote`], [`crate::seal`], [`crate::report`] and the shared modules. Within it,
//! `verify` uses `bundle`, `merge` and `difference` (where two counts first differ, which `merge`
//! uses too); `source` and `village` use `verify`; nothing uses back.

pub mod bundle;
pub mod checklist;
pub mod close;
pub mod difference;
pub mod merge;
pub mod source;
pub mod verify;
pub mod village;

#[cfg(test)]
mod tests;
