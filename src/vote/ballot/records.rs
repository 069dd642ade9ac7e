//! Canonical ballot records counted: each distinct record once, with the number of ballots that
//! wrote it — a plain ballot's found by its row, without writing it again.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// Canonical ballot records counted: each distinct record kept once with the number of ballots
/// that wrote it (a box of a million ballots of a four-post ballot writes some thousands of
/// distinct records). The published file writes each record that many times, in byte order.
///
/// A **plain** ballot — valid, nothing voided, every mark a listed candidate's — has one record for
/// its row (each mark is its bit, no mark twice, listed candidates in list order): its record is
/// written the first time its row comes and counted by the row after that ([`RecordCounts::add_row`]),
/// so a box whose lines never repeat, but whose ballots do, writes each record about once a table.
/// Every other ballot (a written-in name, a post voided, an invalid one) is counted by its record's
/// bytes — and so is every ballot of a short task, whose lines a thread learns with their records'
/// bytes ([`super::Repeats`]).
#[derive(Debug, Clone, Default)]
pub struct RecordCounts {
    counts: FxHashMap<Box<[u8]>, u64>,
    /// A plain ballot's row → its place in `plain`.
    rows: FxHashMap<Box<[u64]>, u32>,
    /// The record of each row in `rows`, with the ballots counted by it.
    plain: Vec<(Box<[u8]>, u64)>,
    /// The record being written for a new row.
    scratch: Vec<u8>,
    total: u64,
}

impl RecordCounts {
    /// Counts one ballot's record.
    pub fn add(&mut self, record: &[u8]) {
        self.add_n(record, 1);
    }

    /// Counts `n` ballots of one record.
    pub(crate) fn add_n(&mut self, record: &[u8], n: u64) {
        match self.counts.get_mut(record) {
            Some(c) => *c += n,
            None => {
                self.counts.insert(record.into(), n);
            }
        }
        self.total += n;
    }

    /// Counts one plain ballot by its row (`row`: its words): its record is written by `write` only
    /// the first time the row comes. Gives the row's place, for [`RecordCounts::add_row_again`].
    /// The caller vouches that the ballot is plain: a row then stands for exactly one record.
    pub(super) fn add_row(&mut self, row: &[u64], write: impl FnOnce(&mut Vec<u8>)) -> u32 {
        self.total += 1;
        if let Some(&i) = self.rows.get(row) {
            self.plain[i as usize].1 += 1;
            return i;
        }
        self.scratch.clear();
        write(&mut self.scratch);
        let i = self.plain.len() as u32;
        debug_assert!(self.plain.len() < u32::MAX as usize);
        self.plain.push((self.scratch.as_slice().into(), 1));
        self.rows.insert(row.into(), i);
        i
    }

    /// Counts `n` more ballots of the row at place `i` (the same line again in a task).
    pub(super) fn add_row_again(&mut self, i: u32, n: u64) {
        self.plain[i as usize].1 += n;
        self.total += n;
    }

    /// The rows' records folded into the records counted by their bytes (the same record may have
    /// been counted both ways).
    fn fold_rows(&mut self) {
        self.rows = FxHashMap::default();
        let total = self.total;
        for (r, n) in std::mem::take(&mut self.plain) {
            self.add_n(&r, n);
        }
        self.total = total;
    }

    /// Adds another table's records.
    pub fn merge(&mut self, mut other: RecordCounts) {
        if self.counts.is_empty() && self.plain.is_empty() {
            *self = other;
            return;
        }
        other.fold_rows();
        for (r, n) in other.counts {
            match self.counts.get_mut(&r) {
                Some(c) => *c += n,
                None => {
                    self.counts.insert(r, n);
                }
            }
        }
        self.total += other.total;
    }

    /// Ballots counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The distinct records with their counts, in byte order (the published order).
    pub fn into_sorted(mut self) -> Vec<(Box<[u8]>, u64)> {
        self.fold_rows();
        let mut v: Vec<(Box<[u8]>, u64)> = self.counts.into_iter().collect();
        v.sort_unstable();
        v
    }
}

/// Equal when they count the same records the same number of times, however each was counted.
impl PartialEq for RecordCounts {
    fn eq(&self, other: &Self) -> bool {
        self.total == other.total && self.clone().into_sorted() == other.clone().into_sorted()
    }
}

impl Eq for RecordCounts {}

/// The records of one box's scan, counted by its tasks: a task takes a table, counts into it, and
/// gives it back for a later task — there are as many tables as tasks ever ran at once, so a record
/// is written about once a table, not once a task; at the end, the tables are summed.
#[derive(Debug, Default)]
pub struct RecordPool(Mutex<Vec<RecordCounts>>);

impl RecordPool {
    /// A table to count a task's records into.
    pub fn take(&self) -> RecordCounts {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default()
    }

    /// A task's table, given back.
    pub fn give(&self, counts: RecordCounts) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(counts);
    }

    /// Every record counted by the scan's tasks.
    pub fn into_counts(self) -> RecordCounts {
        let tables = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        tables.into_iter().fold(RecordCounts::default(), |mut all, t| {
            all.merge(t);
            all
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record counts the same whether counted by its bytes, by a row, or both, in any table.
    #[test]
    fn a_record_counted_by_its_row_or_its_bytes_counts_the_same() {
        let mut by_row = RecordCounts::default();
        let mut written = 0;
        for _ in 0..3 {
            by_row.add_row(&[1, 0], |out| {
                written += 1;
                out.extend_from_slice(b"{\"a\":[\"x\"]}");
            });
        }
        let i = by_row.add_row(&[0, 2], |out| out.extend_from_slice(b"{}"));
        by_row.add_row_again(i, 4);
        by_row.add(b"{\"a\":[\"x\"]}");
        assert_eq!(written, 1, "a row's record is written once");
        let mut by_bytes = RecordCounts::default();
        by_bytes.add_n(b"{\"a\":[\"x\"]}", 4);
        by_bytes.add_n(b"{}", 5);
        assert_eq!(by_row, by_bytes);
        assert_eq!(by_row.total(), 9);
        let pool = RecordPool::default();
        let (mut a, b) = (pool.take(), pool.take());
        a.add(b"{}");
        pool.give(a);
        pool.give(b);
        pool.give(by_row.clone());
        let mut expected = by_bytes.clone();
        expected.add(b"{}");
        let all = pool.into_counts();
        assert_eq!(all.total(), 10);
        assert_eq!(all.into_sorted(), expected.into_sorted());
    }
}
