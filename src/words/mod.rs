//! The one book of words: every sentence a person reads, in Chinese and in English.
//!
//! Takes in typed values — a refusal, a ballot's invalid reason, a post's status, a target of the
//! township's plan, a key of a domain's phrases — and a [`Lang`]uage; gives out the words. The
//! stages below return enums and numbers, never sentences; the stages above (reports, the station,
//! the collector, the demo, the CLI) take their words from here, mapping their own state to the
//! keys defined here. One module a domain:
//!
//! - [`lang`]: the two languages, and the punctuation that differs between them.
//! - [`vote`]: the names of one vote's values — bodies, rounds, bars, invalid reasons, why a vote
//!   is void, kinship — and the [`vote::Word`]s every page shares.
//! - [`sheet`]: the public-counting sheet, and the result and kinship lines the printed notice
//!   shares with it.
//! - [`notice`]: the printable public-counting report (公告).
//! - [`board`]: the live boards — the hall's projector and the township's board.
//! - [`village`]: a village's and a township's views — the plan's targets and their sources, the
//!   conflicts between seats and what to do, the votes still pending.
//! - [`entry`]: the tallier's entry screen.
//! - [`demo`]: the sample election's narration.
//! - [`merge`]: `zheng merge`'s own list of what became of each result.
//! - [`verify`]: `zheng verify`'s checklist — which check, what it found (where and what, with
//!   both numbers), the verdict and what to do next; its values are declared there, beside their
//!   words, since `audit/`, which finds them, ranks above the book.
//! - [`command`]: what the commands say that is not a sheet or a page — what they wrote, the rules
//!   profiles, where a page is served — and what a command says when it writes nothing (a bundle
//!   that does not verify, a vote not decided yet).
//! - [`station`]: the counting table's commands (open, enter, undo, voters, note, status, export,
//!   close, reconcile).
//! - [`collect`]: the collector's terminal, `collect status` and the log's answers.
//! - [`qr`]: a signed result as QR codes — what `zheng qr` wrote and read back, and the caption
//!   over the codes a closed box shows.
//! - [`witness`]: the witness's terminal, and its answers that are not refusals.
//! - [`refusal`]: the sentences of every refusal and error of `error/` (whose codes and exit
//!   statuses stay there).
//!
//! A domain's fixed phrases are declared with [`phrases!`] (a key enum, every key in `ALL`, each
//! key's zh and en side by side) and read with [`Lang::say`]; its sentences with values in them
//! with [`sentences!`] (a variant per sentence, its values named in both templates) and read with
//! [`Lang::format`]. The catalogue's test renders every key of every domain in both languages.

#[macro_use]
mod macros;

pub mod audit;
pub mod board;
pub mod collect;
pub mod command;
pub mod demo;
pub mod entry;
pub mod lang;
pub mod merge;
pub mod notice;
pub mod qr;
pub mod refusal;
pub mod sheet;
pub mod station;
pub mod verify;
pub mod village;
pub mod vote;
pub mod witness;

pub use lang::{Lang, Phrase, Sentence, UnknownLang};
pub use vote::Word;

#[cfg(test)]
mod tests;
