//! Canonical ballot records counted: each distinct record once, with the number of ballots that
//! wrote it.

use rustc_hash::FxHashMap;

/// Canonical ballot records counted: each distinct record kept once with the number of ballots
/// that wrote it (a box of a million ballots of a four-post ballot writes some thousands of
/// distinct records). The published file writes each record that many times, in byte order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordCounts {
    counts: FxHashMap<Box<[u8]>, u64>,
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

    /// Adds another batch's records.
    pub fn merge(&mut self, other: RecordCounts) {
        if self.counts.is_empty() {
            *self = other;
            return;
        }
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
    pub fn into_sorted(self) -> Vec<(Box<[u8]>, u64)> {
        let mut v: Vec<(Box<[u8]>, u64)> = self.counts.into_iter().collect();
        v.sort_unstable();
        v
    }
}
