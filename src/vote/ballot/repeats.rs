//! A task's repeated lines decoded once: a box's lines repeat, and equal bytes decode to the same
//! ballot, so a line seen before adds again what it added the first time.

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::batch::BallotBatch;
use super::decoder::{BallotVerdict, Decoder, LineError};
use super::known::Known;
use super::records::RecordCounts;

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
/// in order is still the one reported. A line is found by its hash and then its bytes compared with
/// the line it matched (two lines of one hash: the second is decoded on its own every time), so
/// the task's tables hold no line and are kept for the next task on the thread ([`Repeats::for_task`]:
/// a task's fresh tables were a quarter of the page faults of counting written-in names); so is the
/// thread's table of lines known from earlier small boxes, which a short task looks in first. A task
/// whose first 1,024 lines hardly repeat (more than 7 in 8 distinct) stops looking: a line seen
/// again saves about ten times what looking costs, so below one in eight there is nothing to gain
/// (ballots with written-in names repeat one in five there, and gain). The thread's next task of
/// the same decoder — most often the box's next chunk — then decides after 128 lines.
#[derive(Debug, Default)]
pub struct Repeats {
    /// A line's hash → its place in `distinct`.
    seen: FxHashMap<u64, u32>,
    distinct: Vec<Distinct>,
    /// The kept records of the distinct lines, one after another.
    records: Vec<u8>,
    /// Lines read.
    lines: usize,
    /// Lines read that were not a line seen before (decoded).
    new: usize,
    /// Lines the task holds.
    expected: usize,
    /// Set when the task's first lines hardly repeat: the rest are decoded without looking.
    off: bool,
    /// The lines looked at before deciding: [`REPEATS_PROBE`], or [`REPEATS_PROBE_AGAIN`] after a
    /// task of the same decoder on this thread stopped looking.
    probe: usize,
    /// The decoder whose task last stopped looking on this thread ([`Decoder::identity`]).
    quiet: Option<(u64, bool)>,
    /// Where the lines' canonical records are counted, when they are.
    counts: Option<RecordCounts>,
    /// The next line's hash, when it was taken ahead of it (in a short task: [`Known::touch`]).
    ahead: Option<(usize, u64)>,
    /// The lines the thread decoded in its short tasks, this one's too: in a short task
    /// ([`Repeats::short`]), a line is looked for there first ([`Repeats::known_again`]).
    known: Known,
}

/// One distinct line of a task: its place among the task's lines, what it added, how its record
/// is counted, and how many times it came.
#[derive(Debug, Clone, Copy)]
struct Distinct {
    line: u32,
    added: Added,
    record: Kept,
    times: u64,
}

/// A distinct line's record: its bytes in [`Repeats`]'s `records` (empty when records are not
/// kept), counted when the task ends; or, for a plain ballot, its row's place in the counts, which
/// counted it once already.
#[derive(Debug, Clone, Copy)]
enum Kept {
    Bytes(usize, usize),
    Row(u32),
}

/// After this many lines, a task whose lines were nearly all new stops remembering them (a box whose
/// ballots do not repeat would pay for the look-ups and gain nothing).
const REPEATS_PROBE: usize = 1024;

/// The lines looked at when the thread's last task of the same decoder stopped looking (most often
/// the next chunk of a box whose lines do not repeat): still enough to find lines that repeat one in
/// two.
const REPEATS_PROBE_AGAIN: usize = 128;

/// Tables kept for a thread's next task up to this many distinct lines, and 64 bytes of records a
/// line (a chunk of short lines, all different after its first thousand, would keep several
/// megabytes a thread).
const KEPT_DISTINCT: usize = 1 << 16;

/// The bits of a line's hash kept: all of them — but 6 in the unit tests, so that their lines share
/// hashes and the path of a line whose hash another line has is taken as often as the other.
const HASH_BITS: u64 = if cfg!(test) { 0x3F } else { u64::MAX };

/// A line's hash, as the tables know it.
#[inline(always)]
fn hash_of(line: &[u8]) -> u64 {
    let mut f = rustc_hash::FxHasher::default();
    f.write(line);
    f.finish() & HASH_BITS
}

thread_local! {
    /// The tables of the thread's last task, cleared, for its next.
    static SPARE: std::cell::RefCell<Option<Repeats>> = const { std::cell::RefCell::new(None) };
}

impl Repeats {
    /// Ready for a task of `lines` lines decoded by `d` — their canonical records counted too in
    /// `counts`, when given (and given back by [`Repeats::finish`]) — with the tables of
    /// the thread's last task if it kept them: room for as many distinct lines as it can look at
    /// before it may stop looking, so a small box's task never grows its table.
    pub fn for_task(d: &Decoder<'_, '_>, lines: usize, counts: Option<RecordCounts>) -> Self {
        // The tables' room is kept, and the lines the thread knows: everything else starts afresh.
        let Repeats { mut seen, mut distinct, mut records, known, quiet, .. } =
            SPARE.with(|s| s.borrow_mut().take()).unwrap_or_default();
        seen.clear();
        distinct.clear();
        records.clear();
        let room = lines.min(REPEATS_PROBE);
        seen.reserve(room);
        distinct.reserve(room);
        let keep = counts.is_some();
        let probe = if quiet == Some(d.identity()) { REPEATS_PROBE_AGAIN } else { REPEATS_PROBE };
        let mut r =
            Repeats { seen, distinct, records, known, expected: lines, counts, probe, quiet, ..Default::default() };
        if r.short() {
            let (schema, fast) = d.identity();
            r.known.for_owner((schema, fast, keep));
        }
        r
    }

    /// Whether the task is short (fewer lines than [`REPEATS_PROBE`]: a small box) and looks in the
    /// lines its thread knows. A long task finds its own repeats, and would pay for a second table
    /// for nothing (measured: the generator's boxes 60 → 70 ms of CPU with it).
    fn short(&self) -> bool {
        self.expected < REPEATS_PROBE
    }

    /// Decodes line `i` of the task's `lines` into `batch` with `d` — or, if the same bytes came
    /// before, adds again what they added. `line` is that line as it is decoded (`lines[i]` with
    /// its carriage return trimmed); `lines[i]` is what is compared.
    #[inline]
    pub fn decode(
        &mut self,
        d: &mut Decoder<'_, '_>,
        (lines, i): (&[&[u8]], usize),
        line: &[u8],
        batch: &mut BallotBatch,
    ) -> Result<BallotVerdict, LineError> {
        // A task that stopped looking, with no records to count: each line is decoded as it comes
        // (the large ballot's lines, which never repeat — the rest of this function's frame cost
        // a hundred instructions a line).
        if self.off && self.counts.is_none() {
            self.lines += 1;
            self.new += 1;
            return d.decode(line, batch);
        }
        match self.short() {
            true => self.looking::<true>(d, (lines, i), line, batch),
            false => self.looking::<false>(d, (lines, i), line, batch),
        }
    }

    /// [`Repeats::decode`] while the task looks for repeats, or keeps records — compiled once for a
    /// long task and once for a short one (`SHORT`: a small box), which looks in the lines its
    /// thread knows first ([`Repeats::known_again`], its look-up inline there and not in a long
    /// task's path: ten thousand boxes' lines 1,118 → 1,105 million instructions).
    #[inline(never)]
    fn looking<const SHORT: bool>(
        &mut self,
        d: &mut Decoder<'_, '_>,
        (lines, i): (&[&[u8]], usize),
        line: &[u8],
        batch: &mut BallotBatch,
    ) -> Result<BallotVerdict, LineError> {
        debug_assert_eq!(SHORT, self.short());
        self.lines += 1;
        if self.lines == self.probe + 1 && !self.off {
            self.probed(d);
        }
        let mut hash = None;
        if !self.off {
            let h = match self.ahead {
                Some((j, h)) if j == i => h,
                _ => hash_of(lines[i]),
            };
            // The next line's place in the thread's table looked up now, its bytes on their way to
            // the cache while this line is added ([`Known::touch`]).
            if SHORT && let Some(next) = lines.get(i + 1) {
                let h = hash_of(next);
                self.ahead = Some((i + 1, h));
                self.known.touch(h);
            }
            if SHORT && let Some(verdict) = self.known_again(h, lines[i], batch) {
                return Ok(verdict);
            }
            match self.seen.get(&h) {
                Some(&k) if lines[self.distinct[k as usize].line as usize] == lines[i] => {
                    let d = &mut self.distinct[k as usize];
                    d.times += 1;
                    batch.add_again(d.added.verdict, d.added.row);
                    return Ok(d.added.verdict);
                }
                // Another line has this hash: this one is decoded on its own, every time.
                Some(_) => {}
                None => hash = Some(h),
            }
        }
        let row = batch.rows() as u32;
        let start = self.records.len();
        let short = SHORT;
        self.new += 1;
        let write_ins = batch.write_ins().len();
        let records = &mut self.records;
        let (verdict, at) = match &mut self.counts {
            // A short task's lines are learned with their records' bytes ([`Known`]).
            Some(_) if short => (d.decode_record(line, batch, records).inspect_err(|_| records.truncate(start))?, None),
            Some(counts) => {
                d.decode_counted(line, batch, (counts, records)).inspect_err(|_| records.truncate(start))?
            }
            None => (d.decode(line, batch)?, None),
        };
        if let Some(h) = hash.filter(|_| short) {
            self.known.learn(h, lines[i], verdict, (batch, row, write_ins), &self.records[start..]);
        }
        let Some(hash) = hash else {
            if at.is_none() {
                self.count_now(start);
            }
            return Ok(verdict);
        };
        self.seen.insert(hash, self.distinct.len() as u32);
        let added = Added { verdict, row };
        let record = at.map_or(Kept::Bytes(start, self.records.len()), Kept::Row);
        self.distinct.push(Distinct { line: i as u32, added, record, times: 1 });
        Ok(verdict)
    }

    /// In a short task, a line its thread knows (of hash `hash`) added again from what it added
    /// there, its record counted — before the task's own table is looked in: the thread's table
    /// holds the task's lines too once they are decoded, so a small box's lines are looked up once,
    /// not twice. A line the thread's table could not learn is still found in the task's.
    #[inline(always)]
    fn known_again(&mut self, hash: u64, line: &[u8], batch: &mut BallotBatch) -> Option<BallotVerdict> {
        let start = self.records.len();
        let verdict = self.known.replay(hash, line, batch, &mut self.records)?;
        self.count_now(start);
        Some(verdict)
    }

    /// Counts the record written from `start` on now (none when records are not kept), instead of
    /// when the task ends: a line the task's table does not hold. Inline, its counting out of line:
    /// without records it only drops what was written from `start` (a call for that was twenty
    /// instructions a line of ten thousand boxes).
    #[inline(always)]
    fn count_now(&mut self, start: usize) {
        if self.counts.is_some() {
            self.count_record(start);
        }
        self.records.truncate(start);
    }

    /// [`Repeats::count_now`] with records kept.
    #[inline(never)]
    fn count_record(&mut self, start: usize) {
        if let Some(counts) = &mut self.counts {
            counts.add(&self.records[start..]);
        }
    }

    /// After the task's first lines (`probe`): stops looking if more than 7 in 8 were new — and the
    /// thread's next task of decoder `d` looks at fewer before deciding — else makes room for the
    /// rest at the rate seen so far (the table grows once, not by doublings).
    fn probed(&mut self, d: &Decoder<'_, '_>) {
        if self.new > self.probe / 8 * 7 {
            self.off = true;
            self.quiet = Some(d.identity());
        } else {
            self.quiet = None;
            let more = self.expected.saturating_sub(self.probe) * self.new / self.probe;
            self.seen.reserve(more);
            self.distinct.reserve(more);
        }
    }

    /// Counts the records of the task's lines, each as many times as its line came, and gives the
    /// counts back (none when records are not kept); the tables are kept for the thread's next task.
    pub fn finish(mut self) -> Option<RecordCounts> {
        let mut counts = self.counts.take();
        if let Some(counts) = &mut counts {
            for d in &self.distinct {
                match d.record {
                    Kept::Bytes(a, b) => counts.add_n(&self.records[a..b], d.times),
                    Kept::Row(at) => counts.add_row_again(at, d.times - 1),
                }
            }
        }
        let kept = if self.distinct.capacity() <= KEPT_DISTINCT && self.records.capacity() <= KEPT_DISTINCT * 64 {
            self
        } else {
            Repeats { known: self.known, quiet: self.quiet, ..Default::default() }
        };
        SPARE.with(|s| *s.borrow_mut() = Some(kept));
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::ballot::Schema;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// A task whose lines hardly repeat stops looking after [`REPEATS_PROBE`] lines; the thread's
    /// next task of the same decoder (the box's next chunk) decides after [`REPEATS_PROBE_AGAIN`],
    /// and one whose lines do repeat keeps looking — after which the next decides after the full
    /// probe again. Another decoder's task is not told.
    #[test]
    fn a_thread_that_found_no_repeats_decides_sooner_next_time() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("e")).unwrap();
        let schema = Schema::new(&e);
        let mut d = schema.decoder();
        let distinct: Vec<String> =
            (0..2_000).map(|i| format!("{}{{\"chair\":[\"a\"]}}{}", " ".repeat(i % 64), " ".repeat(i / 64))).collect();
        let pool = [r#"{"chair":["a"]}"#, r#"{"chair":["b"]}"#, r#"{"member":["c"]}"#, r#"{}"#];
        let repeating: Vec<String> = (0..2_000).map(|i| pool[(i * 7 + i / 3) % 4].to_string()).collect();
        let run = |d: &mut Decoder<'_, '_>, lines: &[String]| {
            let lines: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
            let mut r = Repeats::for_task(d, lines.len(), None);
            let probe = r.probe;
            let mut batch = BallotBatch::new(schema.layout());
            let mut off_at = None;
            for i in 0..lines.len() {
                r.decode(d, (&lines, i), lines[i], &mut batch).unwrap();
                off_at = off_at.or(r.off.then_some(i + 1));
            }
            r.finish();
            (probe, off_at)
        };
        assert_eq!(run(&mut d, &distinct), (REPEATS_PROBE, Some(REPEATS_PROBE + 1)));
        assert_eq!(run(&mut d, &distinct), (REPEATS_PROBE_AGAIN, Some(REPEATS_PROBE_AGAIN + 1)));
        assert_eq!(run(&mut d, &repeating), (REPEATS_PROBE_AGAIN, None));
        assert_eq!(run(&mut d, &distinct), (REPEATS_PROBE, Some(REPEATS_PROBE + 1)));
        assert_eq!(run(&mut schema.reference_decoder(), &distinct), (REPEATS_PROBE, Some(REPEATS_PROBE + 1)));
    }
}
