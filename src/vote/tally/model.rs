//! The count of a set of ballots — one box, or a whole vote — and its arithmetic: a batch counted
//! by the kernel, tallies of disjoint ballots added up, a voided ballot's taken away.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::kernel::{Counts, Kernel};
use crate::vote::ballot::{BallotBatch, InvalidCounts};
use crate::vote::manifest::{Election, MAX_LISTED};
use crate::vote::model::Style;

/// The count of one post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContestTally {
    /// Per listed candidate: votes (choose) or for-votes (approve).
    pub votes: Vec<u64>,
    /// Per listed candidate: against-votes (approve only; empty for choose).
    pub against: Vec<u64>,
    /// Valid ballots marking nobody in this post.
    pub blank: u64,
    /// Valid ballots whose post was voided on its own (per-post rules).
    pub voided: u64,
    /// Valid ballots with at least one written-in name in this post.
    pub with_write_in: u64,
    /// Votes per written-in name (names of no listed candidate of this post).
    pub write_ins: BTreeMap<String, u64>,
}

/// The count of a set of ballots: one box, or the whole village.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Ballots that count (valid under the rules in force).
    pub valid: u64,
    /// Invalid ballots by reason.
    pub invalid: InvalidCounts,
    /// Per post, in manifest order.
    pub contests: Vec<ContestTally>,
}

/// Ballots per parallel task.
const TASK_BALLOTS: usize = 1 << 16;

/// A table with room for more written-in names than this is not kept for the thread's next batch.
const KEPT_NAMES: usize = 1 << 12;

thread_local! {
    /// The thread's last tally given back, emptied ([`Tally::give_back`]), for its next count of a
    /// batch.
    static SPARE: std::cell::Cell<Option<Tally>> = const { std::cell::Cell::new(None) };
    /// The thread's table of a batch's written-in votes by post and name, emptied, for its next.
    static NAMES: std::cell::Cell<rustc_hash::FxHashMap<(u16, u32), u64>> =
        std::cell::Cell::new(rustc_hash::FxHashMap::default());
}

impl Tally {
    /// An empty tally for an election.
    pub fn empty(election: &Election) -> Tally {
        let contests = election
            .contests()
            .iter()
            .map(|c| ContestTally {
                votes: vec![0; c.candidates.len()],
                against: if c.style == Style::Approve { vec![0; c.candidates.len()] } else { Vec::new() },
                ..Default::default()
            })
            .collect();
        Tally { valid: 0, invalid: InvalidCounts::default(), contests }
    }

    /// All ballots: valid and invalid.
    pub fn ballots(&self) -> u64 {
        self.valid + self.invalid.total()
    }

    /// Counts a batch on this thread: each row as many times as it stands for.
    pub fn of_batch(election: &Election, kernel: &Kernel, batch: &BallotBatch) -> Tally {
        let Some(weights) = batch.weights() else {
            let (bits, blank) = kernel.finish(kernel.count(batch.words()));
            return Tally::assemble(election, kernel, batch, bits, blank);
        };
        let (bits, blank) = kernel.finish(kernel.count_weighted(batch.words(), weights));
        Tally::assemble_with(election, kernel, batch, bits, blank, |b| weights[b as usize])
    }

    /// Counts a batch with rayon, in tasks of 65,536 ballots; equal to [`Tally::of_batch`].
    pub fn of_batch_par(election: &Election, kernel: &Kernel, batch: &BallotBatch) -> Tally {
        if kernel.stride == 0 || batch.weights().is_some() {
            return Tally::of_batch(election, kernel, batch);
        }
        let counts = batch
            .words()
            .par_chunks(kernel.stride * TASK_BALLOTS)
            .map(|w| kernel.count(w))
            .reduce(|| Counts::new(kernel), Counts::add);
        let (bits, blank) = kernel.finish(counts);
        Tally::assemble(election, kernel, batch, bits, blank)
    }

    /// Counts a batch whose `i`-th valid ballot stands for `weights[i]` identical ballots, with
    /// `invalid` the invalid ballots they stand for (the batch's own invalid counts are not used):
    /// the distinct records of a published box, each decoded once, counted as many times as
    /// ballots wrote it. Equal to merging each one's [`Tally::of_batch`] `weights[i]` times.
    pub fn of_weighted(
        election: &Election,
        kernel: &Kernel,
        batch: &BallotBatch,
        weights: &[u64],
        invalid: InvalidCounts,
    ) -> Tally {
        debug_assert!(batch.weights().is_none() && weights.len() == batch.rows());
        let (bits, blank) = kernel.finish(kernel.count_weighted(batch.words(), weights));
        let mut t = Tally::assemble_with(election, kernel, batch, bits, blank, |b| weights[b as usize]);
        t.valid = weights.iter().sum();
        t.invalid = invalid;
        t
    }

    /// An empty tally for `election` in the room of the thread's last tally given back
    /// ([`Tally::give_back`]) when it has as many posts, each with as many candidates and the same
    /// room for against-votes — else a new one.
    fn empty_again(election: &Election) -> Tally {
        match SPARE.take() {
            Some(t) if t.has_posts_of(election) => t,
            _ => Tally::empty(election),
        }
    }

    /// Whether this tally has as many posts as `election`, each with as many candidates and the
    /// same room for against-votes (an approve post's; none for a choose post's). A tally given
    /// back is empty ([`Tally::give_back`]), and a batch's count writes every list it reuses.
    fn has_posts_of(&self, election: &Election) -> bool {
        debug_assert!(self.valid == 0 && self.invalid.total() == 0);
        self.contests.len() == election.contests().len()
            && self.contests.iter().zip(election.contests()).all(|(t, c)| {
                let against = if c.style == Style::Approve { c.candidates.len() } else { 0 };
                debug_assert!(t.votes.iter().chain(&t.against).all(|&v| v == 0) && t.write_ins.is_empty());
                (t.votes.len(), t.against.len()) == (c.candidates.len(), against)
            })
    }

    /// Ends a tally once it has been added into another (a box's, into its village's): its room,
    /// emptied, kept for the thread's next count of a batch ([`Tally::of_batch`]) — ten thousand
    /// small boxes each made and freed a tally's lists (issue 23).
    pub fn give_back(mut self) {
        self.valid = 0;
        self.invalid = InvalidCounts::default();
        for t in &mut self.contests {
            t.votes.fill(0);
            t.against.fill(0);
            (t.blank, t.voided, t.with_write_in) = (0, 0, 0);
            t.write_ins.clear();
        }
        SPARE.set(Some(self));
    }

    fn assemble(election: &Election, kernel: &Kernel, batch: &BallotBatch, bits: Vec<u64>, blank: Vec<u64>) -> Tally {
        Tally::assemble_with(election, kernel, batch, bits, blank, |_| 1)
    }

    /// The tally of a batch from its kernel counts; `weight` of a valid ballot's index: how many
    /// ballots it stands for (its written-in names counted so many times).
    fn assemble_with(
        election: &Election,
        kernel: &Kernel,
        batch: &BallotBatch,
        bits: Vec<u64>,
        blank: Vec<u64>,
        weight: impl Fn(u32) -> u64,
    ) -> Tally {
        let mut t = Tally::empty_again(election);
        t.valid = batch.valid() as u64;
        t.invalid = *batch.invalid();
        for ((ct, c), (&o, blank)) in t.contests.iter_mut().zip(election.contests()).zip(kernel.posts.iter().zip(blank))
        {
            let n = c.candidates.len();
            ct.votes.copy_from_slice(&bits[o * 64..o * 64 + n]);
            if c.style == Style::Approve {
                ct.against.copy_from_slice(&bits[(o + 1) * 64..(o + 1) * 64 + n]);
            }
            ct.voided = bits[o * 64 + MAX_LISTED];
            ct.with_write_in = bits[o * 64 + 63];
            ct.blank = blank;
        }
        if !batch.write_ins().is_empty() {
            // The thread's table of the last batch's names, emptied, for this one's: room for a
            // small box's names at once (grown name by name, the table was rehashed twice a box
            // of ten thousand, and made and freed box after box); a large batch's few distinct
            // names among many marks grow it.
            let mut w = NAMES.take();
            w.reserve(batch.write_ins().len().min(64));
            for m in batch.write_ins() {
                *w.entry((m.contest, m.name)).or_default() += weight(m.ballot);
            }
            for ((c, n), v) in w.drain() {
                *t.contests[c as usize].write_ins.entry(batch.names()[n as usize].clone()).or_default() += v;
            }
            if w.capacity() <= KEPT_NAMES {
                NAMES.set(w);
            }
        }
        super::kernel::give_back(bits);
        t
    }

    /// The tally of disjoint sets of ballots (a box's chunks): their sum — the first kept and the
    /// rest added to it (a small box's one part is its tally, not copied into an empty one).
    pub fn sum(election: &Election, parts: impl IntoIterator<Item = Tally>) -> Tally {
        let sum = parts.into_iter().reduce(|mut a, b| {
            a.merge(&b);
            a
        });
        sum.unwrap_or_else(|| Tally::empty(election))
    }

    /// Adds the tally of a disjoint set of ballots (another box, another chunk).
    pub fn merge(&mut self, o: &Tally) {
        self.merge_times(o, 1);
    }

    /// Adds another tally `n` times over (`n` ballots that are all the same ballot).
    pub fn merge_times(&mut self, o: &Tally, n: u64) {
        self.valid += o.valid * n;
        self.invalid.merge_times(&o.invalid, n);
        for (a, b) in self.contests.iter_mut().zip(&o.contests) {
            a.votes.iter_mut().zip(&b.votes).for_each(|(x, y)| *x += y * n);
            a.against.iter_mut().zip(&b.against).for_each(|(x, y)| *x += y * n);
            a.blank += b.blank * n;
            a.voided += b.voided * n;
            a.with_write_in += b.with_write_in * n;
            for (name, v) in &b.write_ins {
                // A name already here is found by reference: no copy of it made and dropped.
                match a.write_ins.get_mut(name) {
                    Some(x) => *x += v * n,
                    None => {
                        a.write_ins.insert(name.clone(), v * n);
                    }
                }
            }
        }
    }

    /// Takes away the tally of ballots that were added before (a ballot voided at the table). Only
    /// what [`Tally::merge`] added can be taken away: counts never go below zero, and a written-in
    /// name whose votes reach zero leaves the list.
    pub fn unmerge(&mut self, o: &Tally) {
        let sub = |x: &mut u64, y: u64| *x = x.checked_sub(y).expect("only a merged tally is taken away");
        sub(&mut self.valid, o.valid);
        let mut invalid = self.invalid.counts();
        for (a, b) in invalid.iter_mut().zip(o.invalid.counts()) {
            sub(a, b);
        }
        self.invalid = InvalidCounts::from(invalid);
        for (a, b) in self.contests.iter_mut().zip(&o.contests) {
            a.votes.iter_mut().zip(&b.votes).for_each(|(x, y)| sub(x, *y));
            a.against.iter_mut().zip(&b.against).for_each(|(x, y)| sub(x, *y));
            sub(&mut a.blank, b.blank);
            sub(&mut a.voided, b.voided);
            sub(&mut a.with_write_in, b.with_write_in);
            for (n, v) in &b.write_ins {
                let left = a.write_ins.get_mut(n).map(|x| {
                    sub(x, *v);
                    *x
                });
                if left == Some(0) {
                    a.write_ins.remove(n);
                }
            }
        }
    }
}
