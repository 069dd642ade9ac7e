//! One ballot: from a line of a box file (contract §2) to its compact form, with the law's validity
//! rules applied on the way [ZJE27; CPC].
//!
//! Takes in an [`Election`](crate::vote::manifest::Election) (as a [`Schema`]: its lookups, built
//! once) and ballot lines; gives out a [`BallotBatch`] of valid ballots in compact form with the
//! invalid ones counted by reason, and — when asked — each ballot's canonical record.
//!
//! The compact form is a fixed number of `u64` words per ballot (see [`Layout`]): one word per
//! `choose` post — a bit per listed candidate — and two per `approve` post (for, against). Bits 62
//! and 63 of a post's first word are flags: the post was voided on its own (per-post rules of other
//! provinces) and the post has a written-in name. Written-in names go to a side list, interned.
//! Only valid ballots are kept; invalid ones are counted by reason.
//!
//! A line is read by the fast path (`fast.rs`) when it has a common shape, and by serde's reader
//! (`seeds.rs`) otherwise; both apply every mark through the same functions (`validity.rs`), so the
//! law is written once.
//!
//! - `invalid.rs`: why a ballot is invalid, and the counts by reason.
//! - `layout.rs`: where each post's words sit, and the flag bits.
//! - `batch.rs`: the valid ballots of a batch in compact form — a row a ballot, or a row a distinct
//!   ballot with how many it stands for — their written-in names interned.
//! - `schema.rs` and `id_map.rs`: the lookups of an election, ids found by a perfect hash.
//! - `decoder.rs`: one line decoded into a batch; `scratch.rs`: its working space.
//! - `fast.rs` and `seeds.rs`: the two readers of a line; `compact.rs`: the posts the fast one
//!   reads in a run, written compactly in the manifest's order; `guess.rs`: what it guesses comes
//!   next (the next post's key and colon, an id of a known length, a list of such ids or an approve
//!   post's object written without a space); `windows.rs`: a post's values a run met before,
//!   found by the bytes after its key and done again instead of read; `values.rs`: the same for an
//!   approve post's object read as it comes.
//! - `validity.rs`: the marks applied and the ballot judged [ZJE27; CPC].
//! - `record.rs`: the canonical record of a ballot, written from the same decode.
//! - `repeats.rs`: a task's repeated lines decoded once, a repeat adding weight to its row;
//!   `known.rs`: the lines a thread decoded in its earlier small boxes, added again without being
//!   read; `records.rs`: the records counted — a plain ballot's by its row, in tables a box's tasks
//!   share.

mod batch;
mod compact;
mod decoder;
mod fast;
mod guess;
mod id_map;
mod invalid;
mod known;
mod layout;
mod record;
mod records;
mod repeats;
mod schema;
mod scratch;
mod seeds;
mod validity;
mod values;
mod windows;

pub use batch::{BallotBatch, WriteInMark};
pub use decoder::{BallotVerdict, Decoder, LineError};
pub use invalid::{InvalidCounts, InvalidReason};
pub use layout::{LISTED_MASK, Layout, VOIDED_BIT, WRITE_IN_BIT};
pub use records::{RecordCounts, RecordPool};
pub use repeats::Repeats;
pub use schema::Schema;

#[cfg(test)]
mod generated;
#[cfg(test)]
mod tests;
