//! A batch of ballots in compact form: the valid ones, `stride` words each — a row a ballot, or a
//! row for each distinct ballot of a box with how many ballots it stands for — their written-in
//! names interned once, and the invalid ones counted by reason.
//!
//! The fields are private: every written-in mark names a row of the batch and a name of its list,
//! the list and its index agree, the words are whole rows, and the weights are one a row or none.
//! Only the decoder adds to a batch — directly, or again what a line it decoded added (a repeat, a
//! line its thread knows); everyone else reads it.

use std::hash::BuildHasher;

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

thread_local! {
    /// The thread's last small batch, emptied ([`BallotBatch::give_back`]).
    static SPARE: std::cell::Cell<Option<BallotBatch>> = const { std::cell::Cell::new(None) };
}

/// A batch of more words, weights or written-in marks than this, or more names, is not kept for
/// the thread's next: its room would be held for nothing (and its names' table cleared whole each
/// time). A chunk's batch is kept (2 MiB of words holds a 1 MiB chunk of the large ballot's lines,
/// 3,700 rows of 14 words, or of the demo ballot's): a fresh one's pages were faulted in by the
/// kernel as its rows were written, task after task (issue 23).
const SPARE_WORDS: usize = 1 << 18;
const SPARE_NAMES: usize = 1 << 8;

/// Valid ballots in compact form, plus the count of invalid ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BallotBatch {
    /// Words per ballot.
    stride: usize,
    /// `stride` words per row.
    words: Vec<u64>,
    /// Rows held: `words.len() / stride` (0 when `stride` is), kept rather than divided out for
    /// every ballot added.
    rows: usize,
    /// How many valid ballots each row stands for — or empty: one each. A line seen again in the
    /// batch adds one here instead of a copy of its row ([`super::Repeats`]: the task's lines, and
    /// those its thread knows).
    weights: Vec<u64>,
    /// Written-in names, by ballot then post.
    write_ins: Vec<WriteInMark>,
    /// Every distinct written-in name of the batch, once; [`WriteInMark::name`] indexes it.
    names: Vec<String>,
    /// Each name of `names` → its index.
    name_ids: NameIds,
    /// Invalid ballots by reason.
    invalid: InvalidCounts,
}

/// The index of a batch's written-in names: each name's hash → its place in `names`. It is made from
/// the names alone, so two batches with the same names are equal whatever their indexes hold.
#[derive(Debug, Clone, Default)]
struct NameIds {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl PartialEq for NameIds {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for NameIds {}

impl BallotBatch {
    /// An empty batch for a layout.
    pub fn new(layout: &Layout) -> Self {
        BallotBatch { stride: layout.stride(), ..Default::default() }
    }

    /// An empty batch with room for `ballots` valid ballots (a task knows its lines: its words
    /// are allocated once instead of by doublings) — the room of the thread's last batch given
    /// back ([`BallotBatch::give_back`]), if any.
    pub fn with_room(layout: &Layout, ballots: usize) -> Self {
        let words = ballots * layout.stride();
        match SPARE.take() {
            Some(mut spare) => {
                spare.stride = layout.stride();
                spare.words.reserve(words);
                spare
            }
            None => BallotBatch { words: Vec::with_capacity(words), ..BallotBatch::new(layout) },
        }
    }

    /// Ends a batch: a small one's room, emptied, is kept for the thread's next
    /// [`BallotBatch::with_room`] (ten thousand small boxes made and freed a batch each: issue 23);
    /// a large one's is freed, not held.
    pub fn give_back(mut self) {
        let BallotBatch { stride: _, words, rows, weights, write_ins, names, name_ids, invalid } = &mut self;
        let large = [words.capacity(), weights.capacity(), write_ins.capacity()].iter().any(|&c| c > SPARE_WORDS);
        if large || names.capacity() > SPARE_NAMES || name_ids.table.capacity() > 2 * SPARE_NAMES {
            return;
        }
        words.clear();
        *rows = 0;
        weights.clear();
        write_ins.clear();
        names.clear();
        name_ids.table.clear();
        *invalid = InvalidCounts::default();
        SPARE.set(Some(self));
    }

    /// Rows held: one for each valid ballot, or for each distinct one when [`BallotBatch::weights`]
    /// says how many each stands for.
    pub fn rows(&self) -> usize {
        self.rows
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

    /// Interns a name: its index in `names`, where it is held once (the index holds no copy of it:
    /// a copy a name was an eighth of ten thousand small boxes' allocations, issue 23).
    fn intern(&mut self, n: &str) -> u32 {
        let NameIds { table, hasher } = &mut self.name_ids;
        let names = &self.names;
        let at = names.len() as u32;
        let entry =
            table.entry(hasher.hash_one(n), |&i| names[i as usize] == n, |&i| hasher.hash_one(&names[i as usize]));
        match entry {
            hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(at);
                self.names.push(n.to_owned());
                at
            }
        }
    }

    /// Adds again what one decoded line added: one more ballot of row `row`, or one more invalid
    /// ballot (see [`super::Repeats`]).
    pub(super) fn add_again(&mut self, verdict: BallotVerdict, row: u32) {
        match verdict {
            BallotVerdict::Valid => {
                if self.weights.is_empty() {
                    self.weights.resize(self.rows(), 1);
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

    /// Appends a valid ballot in compact form (`words.len() == stride`). Out of line: inlined into
    /// the decoder, its row was copied word by word instead of by `memcpy` (the large ballot's
    /// fourteen words: +14 instructions a line).
    #[inline(never)]
    pub(super) fn push_valid<'n>(&mut self, words: &[u64], write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        debug_assert_eq!(words.len(), self.stride);
        self.push_row(words.iter().copied(), write_ins);
    }

    /// [`BallotBatch::push_valid`] of a ballot that names nobody.
    #[inline(never)]
    pub(super) fn push_plain(&mut self, words: &[u64]) {
        debug_assert_eq!(words.len(), self.stride);
        self.append_row(words.iter().copied());
    }

    /// Appends a valid ballot: its row's `stride` words, and its written-in names.
    fn push_row<'n>(&mut self, words: impl Iterator<Item = u64>, write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        let b = self.rows as u32;
        self.append_row(words);
        for (contest, n) in write_ins {
            let name = self.intern(n);
            self.write_ins.push(WriteInMark { ballot: b, contest, name });
        }
    }

    /// Appends a row's `stride` words, one ballot of it.
    #[inline(always)]
    fn append_row(&mut self, words: impl Iterator<Item = u64>) {
        self.words.extend(words);
        self.rows += usize::from(self.stride > 0);
        if !self.weights.is_empty() {
            self.weights.push(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::ballot::Schema;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// A batch given back comes back empty, with the next layout's stride, whatever it held —
    /// rows, weights, written-in names, invalid ballots; a large one's room is not kept.
    #[test]
    fn a_batch_given_back_comes_back_empty() {
        let vc = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let one = Election::from_toml(crate::vote::testing::ONE_POST, Path::new("t")).unwrap();
        let (vc, one) = (Schema::new(&vc), Schema::new(&one));
        let mut b = BallotBatch::with_room(vc.layout(), 4);
        let mut d = vc.decoder();
        for line in [r#"{"chair":["w:张三"]}"#, r#"{"chair":["w:张三"]}"#, r#"{"chair":["a","b"]}"#] {
            d.decode(line.as_bytes(), &mut b).unwrap();
        }
        b.add_again(BallotVerdict::Valid, 0);
        assert!(!b.names().is_empty() && b.weights().is_some() && b.invalid().total() == 1);
        b.give_back();
        assert_eq!(BallotBatch::with_room(one.layout(), 4), BallotBatch::new(one.layout()));
        let mut large = BallotBatch::with_room(vc.layout(), SPARE_WORDS);
        large.words.resize(SPARE_WORDS + 1, 0);
        large.give_back();
        assert!(BallotBatch::with_room(vc.layout(), 1).words.capacity() < SPARE_WORDS);
        let mut marks = BallotBatch::with_room(vc.layout(), 1);
        let name = "张三".repeat(8);
        marks.push_valid(&vec![0; vc.layout().stride()], (0..=SPARE_WORDS).map(|_| (0, name.as_str())));
        marks.give_back();
        assert!(BallotBatch::with_room(vc.layout(), 1).write_ins.capacity() <= SPARE_WORDS, "many marks");
        let mut names = BallotBatch::with_room(vc.layout(), 1);
        let many: Vec<String> = (0..=SPARE_NAMES).map(|i| format!("{name}{i}")).collect();
        names.push_valid(&vec![0; vc.layout().stride()], many.iter().map(|n| (0, n.as_str())));
        names.give_back();
        assert!(BallotBatch::with_room(vc.layout(), 1).names.capacity() <= SPARE_NAMES, "many names");
    }
}
