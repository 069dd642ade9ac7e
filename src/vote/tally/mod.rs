//! Counting the compact ballots: votes per person, for / against, blanks, voided posts.
//!
//! Takes in a [`BallotBatch`](crate::vote::ballot::BallotBatch) of an election; gives out its
//! [`Tally`]. Tallies of disjoint sets of ballots add up: parallel equals sequential, and box order
//! does not matter. A box's tally leaves the vote stage only as a [`CheckedTally`] — its
//! invariants checked once, by [`Tally::checked`] — so whoever decides or signs from it need not
//! remember to check.
//!
//! - `kernel.rs`: the counting kernel, a 256-bucket histogram per post word ([`Kernel`]).
//! - `model.rs`: the tally and its arithmetic (a batch counted, tallies added, a ballot taken away).
//! - `checked.rs`: the invariants every count satisfies, and the tally that passed them.

mod checked;
mod kernel;
mod model;

pub use checked::CheckedTally;
pub use kernel::Kernel;
pub use model::{ContestTally, Tally};

#[cfg(test)]
mod tests;
