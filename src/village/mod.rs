//! A village's votes taken together: who sits on which body, the kinship conflicts between bodies,
//! and the structure the township plan asks for [ZJE31; ZJI30; ZJC25; plan].
//!
//! Takes in the village register and the outcomes of the village's votes (every body, every round);
//! gives out a [`Village`]: its members by body ([`Member`]), the posts still pending (re-votes,
//! run-offs, void votes, bodies not yet elected), the conflicts between members that the law
//! forbids ([`Conflict`], each with its rule and the case of it — reported, never resolved here),
//! and the structure report ([`Structure`]): each target of the plan with its value, goal, ✓ or ✗,
//! and source. Ages are counted in whole years at the vote's date (year of the vote − year of
//! birth). It gives out enums, numbers and names, never sentences: what is measured, the rules and
//! what to do about a conflict are put in words by [`crate::words::village`].
//!
//! The stage above [`crate::vote`]: a vote is decided there; here the village's votes are taken
//! together, and the next round a vote calls for is drawn up.
//!
//! - [`members`]: who sits where after every round, and what is still to vote on.
//! - [`conflicts`]: kinship and office conflicts between seats [ZJE31; ZJI30; ZJC25].
//! - [`structure`]: the township plan's targets for one village.
//! - [`township`]: a township's villages, target by target.
//! - [`next_round`]: the re-vote or run-off manifest an outcome calls for.

pub mod conflicts;
pub mod members;
pub mod next_round;
pub mod structure;
pub mod township;

use serde::Serialize;

use crate::error::Refusal;
use crate::vote::model::{Body, Round};
use crate::vote::outcome::Outcome;
use crate::vote::register::Register;
use crate::vote::staff::StaffConflict;

pub use conflicts::{Conflict, Ground, Rule};
pub use members::{Member, Pending, PendingKind};
pub use structure::{Ages, Goal, Source, Structure, Target, TargetCode, Verdict};
pub use township::{Rollup, Township};

use conflicts::conflicts;
use members::{members, pending};
use structure::structure;

/// The bodies in the order they are elected (rules.md), each checked for a result.
pub const BODIES: [Body; 5] = [
    Body::PartyCommittee,
    Body::VillagersCommittee,
    Body::SupervisionCommittee,
    Body::CoopManagement,
    Body::CoopSupervision,
];

/// A village's votes taken together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Village {
    /// The village's name.
    pub village: String,
    /// The township (from the outcomes).
    pub township: String,
    /// Every seat held, bodies in election order.
    pub members: Vec<Member>,
    /// What is still to vote on.
    pub pending: Vec<Pending>,
    /// Conflicts between seats, reported with their rule.
    pub conflicts: Vec<Conflict>,
    /// Members of a box's counting team who are a candidate of its vote or a candidate's close
    /// relative [ZJE22], from the manifests given; reported with the kinship conflicts.
    pub staff: Vec<StaffConflict>,
    /// Members the register cannot name (kinship not checked).
    pub unmatched: Vec<Member>,
    /// The structure report.
    pub structure: Structure,
}

impl Village {
    /// Takes a village's outcomes together. Outcomes of a body are read first round first; a
    /// post's latest word counts.
    pub fn new(r: &Register, outcomes: &[Outcome]) -> Result<Village, Refusal> {
        Village::with_staff(r, outcomes, Vec::new())
    }

    /// [`Village::new`], with the counting-team conflicts of the village's manifests
    /// ([`crate::vote::staff::conflicts`]; one found twice is kept once).
    pub fn with_staff(r: &Register, outcomes: &[Outcome], mut staff: Vec<StaffConflict>) -> Result<Village, Refusal> {
        staff.sort();
        staff.dedup();
        for o in outcomes {
            if !o.village.is_empty() && o.village != r.village() {
                return Err(Refusal::OutcomeOfAnotherVillage {
                    election: o.election.clone(),
                    found: o.village.clone(),
                    register: r.village().to_string(),
                });
            }
        }
        let mut ordered: Vec<&Outcome> = outcomes.iter().collect();
        ordered.sort_by_key(|o| (BODIES.iter().position(|b| *b == body_of(o.body)), round_rank(o.round)));
        let members = members(r, &ordered);
        let pending = pending(&ordered);
        let conflicts = conflicts(r, &members);
        let unmatched = members.iter().filter(|m| m.person.is_none()).cloned().collect();
        let township = outcomes.iter().map(|o| o.township.clone()).find(|t| !t.is_empty()).unwrap_or_default();
        let year = outcomes.iter().filter_map(|o| o.date.get(..4)?.parse::<u16>().ok()).max();
        let structure = structure(r, &members, (&conflicts, &staff), &pending, year);
        Ok(Village {
            village: r.village().to_string(),
            township,
            members,
            pending,
            conflicts,
            staff,
            unmatched,
            structure,
        })
    }

    /// Whether no conflict of any kind was found: between seats, with an office, or in a
    /// counting team.
    pub fn clear(&self) -> bool {
        self.conflicts.is_empty() && self.staff.is_empty()
    }
}

/// The Party officers are of the Party committee.
pub(super) fn body_of(b: Body) -> Body {
    if b == Body::PartyOfficers { Body::PartyCommittee } else { b }
}

fn round_rank(r: Round) -> u8 {
    match r {
        Round::First => 0,
        Round::Revote => 1,
        Round::Runoff => 2,
    }
}

#[cfg(test)]
mod tests;
