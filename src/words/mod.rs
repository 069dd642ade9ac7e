//! The one book of words: every sentence a person reads, in Chinese and in English.
//!
//! Takes in typed values — a refusal, a ballot's invalid reason, a post's status, a check of the
//! supervisor's list — and a [`Lang`]uage; gives out the sentence. The stages below return enums
//! and numbers, never sentences; the stages above (reports, the station, the collector, the CLI)
//! take their words from here. One module a domain.
//!
//! - [`refusal`]: the refusals and errors of every stage (code, exit status, zh, en).

pub mod refusal;
