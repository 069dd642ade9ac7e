//! A tally's invariants, and the tally that has passed them: [`CheckedTally`] is what the vote
//! stage hands on as a box's count, so no one downstream has to remember to check.

use std::ops::Deref;

use serde::Serialize;

use super::model::Tally;
use crate::error::Error;
use crate::vote::manifest::Election;

/// A tally whose invariants hold against its election ([`Tally::check`]): the tally of a box as
/// the vote stage hands it on — in [`crate::vote::outcome::StationCount`], so every outcome is
/// decided from checked tallies — made only by [`Tally::checked`], once per tally (never per
/// ballot: the kernel is not slowed). Read as a [`Tally`]: it derefs to one. Every invariant is a
/// bound on sums, so tallies of disjoint ballots that pass add up to one that passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CheckedTally(Tally);

impl Tally {
    /// The invariants every count must satisfy (checked after every tally, VotingWorks-style):
    /// each post's marked, blank and voided ballots are exactly the valid ballots; nobody has more
    /// votes than ballots that could carry them; marks per ballot lie between one and the seats.
    pub fn check(&self, e: &Election) -> Result<(), Error> {
        let bad = |m: String| Err(Error::Invariant(m));
        if self.contests.len() != e.contests().len() {
            return bad("a tally of another election".into());
        }
        for (t, c) in self.contests.iter().zip(e.contests()) {
            let Some(marked) = self.valid.checked_sub(t.blank + t.voided) else {
                return bad(format!(
                    "post {}: blank {} + voided {} exceed valid ballots {}",
                    c.id, t.blank, t.voided, self.valid
                ));
            };
            let live = self.valid - t.voided;
            let listed_for: u64 = t.votes.iter().sum();
            let written: u64 = t.write_ins.values().sum();
            let against: u64 = t.against.iter().sum();
            if let Some((i, _)) = t
                .votes
                .iter()
                .zip(t.against.iter().chain(std::iter::repeat(&0)))
                .enumerate()
                .find(|(_, (f, a))| *f + *a > live)
            {
                return bad(format!("post {}: candidate {} has more marks than ballots", c.id, c.candidates[i].id));
            }
            if t.with_write_in > marked || written < t.with_write_in {
                return bad(format!("post {}: written-in names do not match the ballots carrying them", c.id));
            }
            let marks = listed_for + written + against;
            if marks < marked {
                return bad(format!("post {}: {marked} marked ballots carry only {marks} marks", c.id));
            }
            if listed_for + written > u64::from(c.seats) * marked {
                return bad(format!("post {}: more votes than seats × marked ballots", c.id));
            }
        }
        Ok(())
    }

    /// The tally, once its invariants hold against `e` ([`Tally::check`]).
    pub fn checked(self, e: &Election) -> Result<CheckedTally, Error> {
        self.check(e)?;
        Ok(CheckedTally(self))
    }
}

impl CheckedTally {
    /// The tally itself, to count on with.
    pub fn into_inner(self) -> Tally {
        self.0
    }
}

impl Deref for CheckedTally {
    type Target = Tally;

    fn deref(&self) -> &Tally {
        &self.0
    }
}

impl PartialEq<Tally> for CheckedTally {
    fn eq(&self, other: &Tally) -> bool {
        self.0 == *other
    }
}

impl PartialEq<CheckedTally> for Tally {
    fn eq(&self, other: &CheckedTally) -> bool {
        *self == other.0
    }
}
