//! The compact form's layout: where each post's words sit in a ballot's row, and the flag bits of a
//! post's first word.

use crate::vote::manifest::{Election, MAX_LISTED};
use crate::vote::model::Style;

/// Flag bit: this post has at least one written-in name (see [`super::BallotBatch::write_ins`]).
pub const WRITE_IN_BIT: u64 = 1 << 63;
/// Flag bit: this post was voided on its own and counts nothing (per-post rules only).
pub const VOIDED_BIT: u64 = 1 << 62;
/// The bits of listed candidates.
pub const LISTED_MASK: u64 = (1 << MAX_LISTED) - 1;

/// Where each post's words sit in a ballot's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// First word of each contest.
    offsets: Vec<usize>,
    /// Words per ballot.
    stride: usize,
}

impl Layout {
    /// The layout of an election's ballot.
    pub fn of(election: &Election) -> Layout {
        let mut offsets = Vec::with_capacity(election.contests().len());
        let mut stride = 0;
        for c in election.contests() {
            offsets.push(stride);
            stride += match c.style {
                Style::Choose => 1,
                Style::Approve => 2,
            };
        }
        Layout { offsets, stride }
    }

    /// The first word of each contest, in the manifest's order.
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The words of one ballot's row.
    pub fn stride(&self) -> usize {
        self.stride
    }
}
