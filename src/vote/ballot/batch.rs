//! A batch of ballots in compact form: the valid ones, `stride` words each — a row a ballot, or a
//! row for each distinct ballot of a box with how many ballots it stands for — their written-in
//! names interned once, and the invalid ones counted by reason.
//!
//! The fields are private: every written-in mark names a row of the batch and a name of its list,
//! the list and its index agree, the words are whole rows, and the weights are one a row or none.
//! Only the decoder adds to a batch — directly, or again what a line it decoded added (a repeat, a
//! line its thread knows); everyone else reads it.

use super::decoder::BallotVerdict;
use super::invalid::{InvalidCounts, InvalidReason};
use super::layout::Layout;

/// A written-in name on one valid ballot (or on each of the ballots a row stands for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WriteInMark {
    /// The ballot's row in its batch.
    pub ballot: u32,
    /// The post it is written in, by its index in the manifest.
    pub contest: u16,
    /// Index into [`BallotBatch::names`].
    pub name: u32,
}

/// Valid ballots in compact form, plus the count of invalid ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BallotBatch {
    /// Words per ballot.
    stride: usize,
    /// `stride` words per row.
    words: Vec<u64>,
    /// How many valid ballots each row stands for — or empty: one each. A line seen again adds
    /// one here instead of a copy of its row ([`super::Repeats`]).
    weights: Vec<u64>,
    /// Written-in names, by ballot then post.
    write_ins: Vec<WriteInMark>,
    /// Every distinct written-in name of the batch, once; [`WriteInMark::name`] indexes it.
    names: Vec<String>,
    /// Each name of `names` → its index.
    name_ids: foldhash::HashMap<String, u32>,
    /// Invalid ballots by reason.
    invalid: InvalidCounts,
}

impl BallotBatch {
    /// An empty batch for a layout.
    pub fn new(layout: &Layout) -> Self {
        BallotBatch { stride: layout.stride(), ..Default::default() }
    }

    /// An empty batch with room for `ballots` valid ballots (a task knows its lines: its words
    /// are allocated once instead of by doublings).
    pub fn with_room(layout: &Layout, ballots: usize) -> Self {
        BallotBatch { words: Vec::with_capacity(ballots * layout.stride()), ..BallotBatch::new(layout) }
    }

    /// Rows held: one for each valid ballot, or for each distinct one when [`BallotBatch::weights`]
    /// says how many each stands for.
    pub fn rows(&self) -> usize {
        self.words.len().checked_div(self.stride).unwrap_or(0)
    }

    /// Valid ballots held.
    pub fn valid(&self) -> usize {
        if self.weights.is_empty() { self.rows() } else { self.weights.iter().sum::<u64>() as usize }
    }

    /// How many valid ballots each row stands for, when a row was added again; `None`: one each.
    pub fn weights(&self) -> Option<&[u64]> {
        (!self.weights.is_empty()).then_some(&self.weights[..])
    }

    /// Words a row.
    pub(super) fn stride(&self) -> usize {
        self.stride
    }

    /// All ballots seen: valid and invalid.
    pub fn ballots(&self) -> u64 {
        self.valid() as u64 + self.invalid.total()
    }

    /// The rows' words, `stride` a row.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Written-in names, by ballot then post.
    pub fn write_ins(&self) -> &[WriteInMark] {
        &self.write_ins
    }

    /// Every distinct written-in name of the batch, once; [`WriteInMark::name`] indexes it.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Invalid ballots by reason.
    pub fn invalid(&self) -> &InvalidCounts {
        &self.invalid
    }

    /// Counts one more invalid ballot.
    pub(super) fn count_invalid(&mut self, r: InvalidReason) {
        self.invalid.add(r);
    }

    /// Interns a name.
    fn intern(&mut self, n: &str) -> u32 {
        if let Some(&i) = self.name_ids.get(n) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(n.to_string());
        self.name_ids.insert(n.to_string(), i);
        i
    }

    /// Adds again what one decoded line added: one more ballot of row `row`, or one more invalid
    /// ballot (see [`super::Repeats`]).
    pub(super) fn add_again(&mut self, verdict: BallotVerdict, row: u32) {
        match verdict {
            BallotVerdict::Valid => {
                if self.weights.is_empty() {
                    self.weights = vec![1; self.rows()];
                }
                self.weights[row as usize] += 1;
            }
            BallotVerdict::Invalid(r) => self.invalid.add(r),
        }
    }

    /// [`BallotBatch::push_valid`], the row's words given as their little-endian bytes (eight each).
    pub(super) fn push_valid_le<'n>(&mut self, words: &[u8], write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        debug_assert_eq!(words.len(), self.stride * 8);
        let words = words.chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().expect("eight bytes")));
        self.push_row(words, write_ins);
    }

    /// Appends a valid ballot in compact form (`words.len() == stride`).
    pub(super) fn push_valid<'n>(&mut self, words: &[u64], write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        debug_assert_eq!(words.len(), self.stride);
        self.push_row(words.iter().copied(), write_ins);
    }

    /// Appends a valid ballot: its row's `stride` words, and its written-in names.
    fn push_row<'n>(&mut self, words: impl Iterator<Item = u64>, write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        let b = self.rows() as u32;
        self.words.extend(words);
        if !self.weights.is_empty() {
            self.weights.push(1);
        }
        for (contest, n) in write_ins {
            let name = self.intern(n);
            self.write_ins.push(WriteInMark { ballot: b, contest, name });
        }
    }
}
