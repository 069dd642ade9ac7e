//! Whether a vote stands — the quorum of the registered [ZJE27, OL15; CPC; ZJI23; ZJC30] and no more
//! ballots than voters [ZJE27; CPC] — and what a monitor should look at in each box.

use super::from_counts::BoxTotals;
use super::model::{Bar, Quorum, StationFlag, StationOutcome, VoidReason};
use crate::vote::manifest::Election;

/// One box's numbers and flags.
pub(super) fn station_outcome(election: &Election, b: &BoxTotals) -> StationOutcome {
    let s = &election.stations()[b.station];
    StationOutcome {
        id: s.id.clone(),
        name: s.name.clone(),
        kind: s.kind,
        voters: b.voters,
        ballots: b.valid + b.invalid.total(),
        valid_ballots: b.valid,
        invalid_ballots: b.invalid.total(),
        invalid_reasons: b.invalid,
        flags: station_flags(b.valid + b.invalid.total(), b.voters, s.registered),
    }
}

/// A box's flags: more ballots than its voters; more voters than registered here (when the
/// manifest says how many are).
pub(super) fn station_flags(ballots: u64, voters: u64, registered: Option<u64>) -> Vec<StationFlag> {
    let mut flags = Vec::new();
    if ballots > voters {
        flags.push(StationFlag::BallotsExceedVoters);
    }
    if registered.is_some_and(|r| voters > r) {
        flags.push(StationFlag::VotersExceedRegistered);
    }
    flags
}

/// Whether the vote stands: the quorum of the registered [ZJE27, OL15; CPC; ZJI23; ZJC30], and no
/// more ballots than voters [ZJE27; CPC].
pub(super) fn validity(election: &Election, voters: u64, ballots: u64) -> (Quorum, Vec<VoidReason>) {
    let q = election.rules().quorum;
    let quorum = Quorum { bar: Bar::new(q, election.registered()), met: q.holds(voters, election.registered()) };
    (quorum, void_reasons(quorum.met, voters, ballots, election.registered()))
}

/// Why a vote is void, in order: too few voters, more ballots than voters, more voters than the
/// register holds.
pub(super) fn void_reasons(quorum_met: bool, voters: u64, ballots: u64, registered: u64) -> Vec<VoidReason> {
    let mut void_reasons = Vec::new();
    if !quorum_met {
        void_reasons.push(VoidReason::QuorumNotMet);
    }
    if ballots > voters {
        void_reasons.push(VoidReason::BallotsExceedVoters);
    }
    if voters > registered {
        void_reasons.push(VoidReason::VotersExceedRegistered);
    }
    void_reasons
}
