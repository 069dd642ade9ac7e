//! From tallies to what the law decides: whether the vote stands, each post's bar, who is elected,
//! and which seats go to a re-vote (再次投票) or a run-off (另行选举) [ZJE27–30; CPC; ZJI23; ZJC30].
//!
//! Takes in a vote's boxes' counts ([`StationCount`]: each a checked tally) and, optionally, the
//! village register; gives out the [`Outcome`] of contract §4. An outcome read from a file is a
//! [`StatedOutcome`] until [`StatedOutcome::check`] finds its numbers consistent (and it of its
//! manifest, when one is given).
//!
//! - `model.rs`: the outcome as contract §4 writes it.
//! - `decide.rs`: [`decide`], the heart of it, a pure function of sorted vote counts.
//! - `validity.rs`: whether the vote stands, and each box's flags.
//! - `posts.rs`: every post decided in order, its tally lines, the notes; `kinship.rs`: kinship
//!   avoidance's part in it [ZJE31].
//! - `from_counts.rs`: [`Outcome::new`], the outcome from the boxes' counts.
//! - `file.rs`: the one reader of an outcome file; `check.rs`: a stated outcome checked;
//!   `problem.rs`: what can be wrong with one.

mod check;
mod decide;
mod file;
mod from_counts;
mod kinship;
mod model;
mod posts;
mod problem;
mod validity;

pub use decide::{Decision, decide};
pub use file::{MAX_OUTCOME_BYTES, StatedOutcome, load_checked};
pub(crate) use from_counts::BoxTotals;
pub use from_counts::StationCount;
pub use model::{
    Bar, ContestOutcome, ContestStatus, Note, Outcome, Proposal, Quorum, StationFlag, StationOutcome, Status,
    TallyLine, VoidReason,
};
pub use problem::{ManifestPart, OutcomeProblem, Total};

#[cfg(test)]
mod tests;
