//! The village register (`people.toml`, contract §5): the people who stand in a village's votes,
//! one id each across all of them, and their kinship — what kinship avoidance (任职回避) is judged on
//! [ZJE31; ZJI30; plan].
//!
//! Takes in the register's TOML text (or its file: `file.rs`, the one place a register is read).
//! Gives out a validated [`Register`] — every problem found, each with its line and field, in one
//! pass, as a manifest's are — and, for any two people, how they are related
//! ([`Register::kinship`]): declared, or derived from what is declared (two children of one parent
//! are siblings; a parent's parent is a grandparent). Which kinships bar two people from serving
//! together is the law's ([`Kinship::is_close`], [`Kinship::is_wider`]).
//!
//! A pair of people is given one relation at most; names are put in the form the law compares
//! ([`crate::vote::name`]) but need not be unique — two villagers may share a name, and a written-in
//! winner whose name is shared is then reported as ambiguous, never guessed ([`Register::named`]).
//!
//! - `villager.rs`: one person of the register; `kinship.rs`: relations and kinship.
//! - `model.rs`: the validated register and what it answers.
//! - `raw.rs` and `validate.rs`: the register as written, and its checks.
//! - `file.rs`: the one reader of a register file; `for_vote.rs`: a register checked against a
//!   vote's manifest.

mod file;
mod for_vote;
mod kinship;
mod model;
mod raw;
mod validate;
mod villager;

pub use file::{MAX_REGISTER_BYTES, load_register, read};
pub use for_vote::check_register;
pub use kinship::{Kinship, RelationKind};
pub use model::Register;
pub use validate::MAX_PEOPLE;
pub use villager::{VillageOffice, Villager};

#[cfg(test)]
mod tests;
