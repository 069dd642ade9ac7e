//! A vote's outcome from its boxes' counts: the boxes' tallies added up, whether the vote stands,
//! the bar of its round, every post decided, and the notes for the committee.

use rayon::prelude::*;

use super::model::{Bar, Outcome, Status};
use super::posts::{decide_contests, notes};
use super::validity::{station_outcome, validity};
use crate::vote::ballot::InvalidCounts;
use crate::vote::manifest::Election;
use crate::vote::register::Register;
use crate::vote::tally::{CheckedTally, Tally};

/// One box's count, as [`Outcome::new`] takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationCount {
    /// Index into the manifest's stations.
    pub station: usize,
    /// Voters from the box header.
    pub voters: u64,
    /// The box's tally, its invariants checked.
    pub tally: CheckedTally,
}

/// One box's numbers, once its votes are in the village's tally: what the outcome reports of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BoxTotals {
    /// Index into the manifest's stations.
    pub station: usize,
    /// Voters from the box header.
    pub voters: u64,
    /// Its valid ballots.
    pub valid: u64,
    /// Its invalid ballots, by reason.
    pub invalid: InvalidCounts,
}

impl From<&StationCount> for BoxTotals {
    fn from(b: &StationCount) -> Self {
        BoxTotals { station: b.station, voters: b.voters, valid: b.tally.valid, invalid: b.tally.invalid }
    }
}

/// Boxes' entries one task makes at least (a village's four boxes are made on one thread).
const ENTRIES_A_TASK: usize = 512;

impl Outcome {
    /// The outcome of a vote from its boxes' counts (any order; reported in manifest order).
    pub fn new(e: &Election, boxes: &[StationCount]) -> Outcome {
        Outcome::with_register(e, boxes, None)
    }

    /// [`Outcome::new`], with kinship avoidance among the winners judged on the village register
    /// [ZJE31] when one is given.
    pub fn with_register(e: &Election, boxes: &[StationCount], register: Option<&Register>) -> Outcome {
        // Sums, in any order: the boxes' tallies added on every thread (10,000 boxes: issue 23).
        let village = boxes
            .par_iter()
            .fold(
                || Tally::empty(e),
                |mut t, b| {
                    t.merge(&b.tally);
                    t
                },
            )
            .reduce(
                || Tally::empty(e),
                |mut a, b| {
                    a.merge(&b);
                    a
                },
            );
        Outcome::of_sums(e, &village, boxes.iter().map(BoxTotals::from).collect(), register)
    }

    /// The outcome of a vote from its village's tally — its boxes' tallies added up — and each
    /// box's numbers (any order; reported in manifest order).
    pub(crate) fn of_sums(
        e: &Election,
        village: &Tally,
        mut boxes: Vec<BoxTotals>,
        register: Option<&Register>,
    ) -> Outcome {
        debug_assert_eq!(
            village.ballots(),
            boxes.iter().map(|b| b.valid + b.invalid.total()).sum::<u64>(),
            "the village's tally is its boxes' sum"
        );
        boxes.sort_by_key(|b| b.station);
        let voters = boxes.iter().fold(0u64, |v, b| v.saturating_add(b.voters));
        // Each box's entry on every thread: ten thousand are a millisecond on one (issue 23).
        let stations = boxes.par_iter().with_min_len(ENTRIES_A_TASK).map(|b| station_outcome(e, b)).collect();
        let ballots = village.ballots();
        let (quorum, void_reasons) = validity(e, voters, ballots);
        let status = if void_reasons.is_empty() { Status::Valid } else { Status::Void };
        let rule = e.rules().win_for(e.round());
        let mut bar_rule = Bar::new(rule, e.base_value(rule.base, voters, ballots));
        bar_rule.least = bar_rule.least.max(1);
        let contests = decide_contests(e, village, bar_rule, status, register);
        let notes = notes(e, status, &contests);
        Outcome {
            election: e.id().to_string(),
            round: e.round(),
            status,
            void_reasons,
            registered: e.registered(),
            voters,
            ballots,
            valid_ballots: village.valid,
            invalid_ballots: village.invalid.total(),
            invalid_reasons: village.invalid,
            quorum,
            stations,
            contests,
            notes,
            rules: e.rules().profile.clone(),
            title: e.title().to_string(),
            village: e.village().to_string(),
            township: e.township().to_string(),
            body: e.body(),
            date: e.date().to_string(),
        }
    }
}
