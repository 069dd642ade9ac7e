//! A task's repeated lines decoded once: a box's lines repeat, and equal bytes decode to the same
//! ballot, so a line seen before adds again what it added the first time.

use rustc_hash::FxHashMap;

use super::batch::BallotBatch;
use super::decoder::{BallotVerdict, Decoder, LineError};

/// What decoding one line added to a batch: a valid ballot (its row) or one more invalid ballot of
/// a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Added {
    verdict: BallotVerdict,
    row: u32,
}

/// The lines of one task decoded once each: a box's lines repeat (its million ballots of a
/// four-post ballot are some thousands of distinct lines), and equal bytes decode to the same
/// ballot, so a line seen before in the task adds again what it added the first time — one more
/// ballot of its row (the batch's weights), or its invalid reason counted — without being read
/// again. Errors are unchanged: a line is decoded the first time it appears, so the first bad line
/// in order is still the one reported. Memory is bounded by the task (its lines are borrowed, not
/// copied). A task whose first 1,024 lines hardly repeat (more than 7 in 8 distinct) stops
/// looking: a line seen again saves about ten times what looking costs, so below one in eight
/// there is nothing to gain (ballots with written-in names repeat one in five there, and gain).
#[derive(Debug, Default)]
pub struct Repeats<'l> {
    /// Line → its place in `distinct`.
    seen: FxHashMap<&'l [u8], u32>,
    distinct: Vec<Distinct>,
    /// The kept records of the distinct lines, one after another.
    records: Vec<u8>,
    /// Lines read.
    lines: usize,
    /// Lines the task holds.
    expected: usize,
    /// Set when the task's first lines hardly repeat: the rest are decoded without looking.
    off: bool,
}

/// One distinct line of a task: what it added, where its record is in [`Repeats`]'s `records`
/// (empty when records are not kept), and how many times it came.
#[derive(Debug, Clone, Copy)]
struct Distinct {
    added: Added,
    record: (usize, usize),
    times: u64,
}

/// After this many lines, a task whose lines were nearly all new stops remembering them (a box whose
/// ballots do not repeat would pay for the look-ups and gain nothing).
const REPEATS_PROBE: usize = 1024;

impl<'l> Repeats<'l> {
    /// Ready for a task of `lines` lines: room for as many distinct lines as it can look at before
    /// it may stop looking, so a small box's task never grows its table.
    pub fn for_lines(lines: usize) -> Self {
        let room = lines.min(REPEATS_PROBE);
        Repeats {
            seen: FxHashMap::with_capacity_and_hasher(room, Default::default()),
            distinct: Vec::with_capacity(room),
            expected: lines,
            ..Default::default()
        }
    }

    /// Decodes `line` into `batch` with `d` — or, if the same bytes came before, adds again what
    /// they added. With `keep`, the line's canonical record is counted too (in the batch's records,
    /// when [`Repeats::finish`] is called).
    pub fn decode(
        &mut self,
        d: &mut Decoder<'_, '_>,
        line: &'l [u8],
        batch: &mut BallotBatch,
        keep: bool,
    ) -> Result<BallotVerdict, LineError> {
        self.lines += 1;
        if !self.off
            && let Some(&i) = self.seen.get(line)
        {
            let d = &mut self.distinct[i as usize];
            d.times += 1;
            batch.add_again(d.added.verdict, d.added.row);
            return Ok(d.added.verdict);
        }
        let row = batch.rows() as u32;
        let start = self.records.len();
        let verdict = if keep {
            d.decode_record(line, batch, &mut self.records).inspect_err(|_| self.records.truncate(start))?
        } else {
            d.decode(line, batch)?
        };
        if self.off {
            if keep {
                batch.records_mut().add(&self.records[start..]);
                self.records.truncate(start);
            }
            return Ok(verdict);
        }
        self.seen.insert(line, self.distinct.len() as u32);
        let added = Added { verdict, row };
        self.distinct.push(Distinct { added, record: (start, self.records.len()), times: 1 });
        if self.lines == REPEATS_PROBE {
            if self.distinct.len() > REPEATS_PROBE / 8 * 7 {
                self.off = true;
            } else {
                // Room for the rest at the rate seen so far: the table grows once, not by doublings.
                let more = self.expected.saturating_sub(REPEATS_PROBE) * self.distinct.len() / REPEATS_PROBE;
                self.seen.reserve(more);
                self.distinct.reserve(more);
            }
        }
        Ok(verdict)
    }

    /// Counts the kept records of the task's lines in the batch's records, each as many times as its
    /// line came.
    pub fn finish(self, batch: &mut BallotBatch) {
        for d in &self.distinct {
            let (a, b) = d.record;
            if b > a {
                batch.records_mut().add_n(&self.records[a..b], d.times);
            }
        }
    }
}
