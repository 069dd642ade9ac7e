//! Lines a thread has decoded in its earlier short tasks of the same count — small boxes, each read
//! as one task — with what each added, so that a line met again in another small box is added again
//! without being read again.
//!
//! A box of a hundred ballots repeats few of its own lines (those are found here too once learned —
//! a line met again in its own box adds one more ballot of the row it added, not another row — else
//! by [`super::Repeats`]' table of the task), while ten thousand such boxes repeat their lines
//! tens of times over (issue 23: nine tenths of counting them was decoding lines the thread had
//! decoded before). A line is known only after it was decoded without error, so an input error is
//! always found by decoding it; and only for the decoder that read it (the same schema, the same
//! path: fast or serde's reader alone), so a line means here what it would mean read again. The
//! table is bounded (lines, bytes, the longest line), and stops being looked in when its first 4,096
//! look-ups found fewer than one line in eight.

use rustc_hash::FxHashMap;

use super::batch::BallotBatch;
use super::decoder::BallotVerdict;

/// Lines known at most (past them, no more is learned): few enough that the table and its lines stay
/// in a core's own cache. The lines that repeat most are met first: of ten thousand small boxes'
/// 12,184 distinct lines, the 4,096 most frequent are 98.7 % of their ballots. Knowing all of them
/// (16,384 at most: some 2 MB a thread) left each look-up waiting on the cache the cores share with
/// the machine's neighbours — 4 % slower in a slow hour for 0.6 % fewer instructions (issue 23).
const KNOWN_MAX: usize = 1 << 12;
/// Bytes known at most: lines, records, rows' words and written-in names.
const KNOWN_BYTES: usize = 4 << 20;
/// Look-ups after which a table that found fewer than one line in [`KNOWN_HITS`] stops looking
/// and learning (small boxes whose lines hardly repeat would pay for it and gain nothing).
const KNOWN_PROBE: u32 = 4096;
/// See [`KNOWN_PROBE`].
const KNOWN_HITS: u32 = 8;
/// The longest line learned: a ballot line of a large ballot, not a line padded out of its shape.
const KNOWN_LINE: usize = 512;

/// What one known line added: its verdict, and for a valid ballot its written-in names; where its
/// bytes lie in [`Known::bytes`] — the line, then (a valid ballot) its row's words, then its
/// canonical record — so that a line found is compared and added again from one place in memory;
/// and the task that last added its row, with that row (met again in the same box, the line adds
/// one more ballot of the row, not a copy of it).
#[derive(Debug, Clone, Copy)]
struct Line {
    verdict: BallotVerdict,
    at: u32,
    len: u32,
    record: u32,
    names: (u32, u32),
    task: u64,
    row: u32,
}

/// The lines a thread knows, for one decoder (see the module's doc).
#[derive(Debug, Default)]
pub(super) struct Known {
    /// The decoder the lines were read by ([`super::Decoder::identity`]) and whether their records
    /// were kept; another empties the table.
    owner: Option<(u64, bool, bool)>,
    /// A line's hash → what it added and where its bytes are (held in the table itself: a line
    /// looked up costs one place in memory less than an index into a list would).
    seen: FxHashMap<u64, Line>,
    /// Each line's bytes, its row's words (eight bytes each, little-endian) and its record.
    bytes: Vec<u8>,
    /// Their written-in names, with their posts.
    names: Vec<(u16, Box<str>)>,
    /// Bytes held: lines, records, words and names.
    held: usize,
    /// Look-ups made, and lines found, until [`KNOWN_PROBE`] look-ups.
    looked: u32,
    found: u32,
    /// The task (a box, one batch) the thread is on: each [`Known::for_owner`] begins the next.
    task: u64,
}

impl Known {
    /// Ready for a task's lines (one batch), read by decoder `owner` (records kept or not): emptied
    /// if it knew another's.
    pub(super) fn for_owner(&mut self, owner: (u64, bool, bool)) {
        if self.owner != Some(owner) {
            *self = Known { owner: Some(owner), task: self.task, ..Known::default() };
        }
        self.task += 1;
    }

    /// Whether the table's first [`KNOWN_PROBE`] look-ups hardly found a line: it is no longer used.
    fn off(&self) -> bool {
        self.looked == KNOWN_PROBE && self.found < KNOWN_PROBE / KNOWN_HITS
    }

    /// Looks up the line of hash `hash` ahead of its turn, so that what the table holds of it is in
    /// the cache when it comes: a small box's look-up waited on it, and the line before it gives
    /// that wait something to do.
    #[inline(always)]
    pub(super) fn touch(&self, hash: u64) {
        if !self.off() {
            std::hint::black_box(self.seen.get(&hash).map(|k| k.at));
        }
    }

    /// If `line` (of hash `hash`) is known: adds again to `batch` what it added — and its record to
    /// `record` when records are kept — and gives its verdict.
    #[inline(always)]
    pub(super) fn replay(
        &mut self,
        hash: u64,
        line: &[u8],
        batch: &mut BallotBatch,
        record: &mut Vec<u8>,
    ) -> Option<BallotVerdict> {
        if self.off() {
            return None;
        }
        if self.looked < KNOWN_PROBE {
            self.looked += 1;
            if self.off() {
                return None;
            }
        }
        let k = self.seen.get_mut(&hash)?;
        let (at, len) = (k.at as usize, k.len as usize);
        if k.len as usize != line.len() || self.bytes[at..at + len] != *line {
            return None;
        }
        self.found += u32::from(self.looked < KNOWN_PROBE);
        let mut rest = at + len;
        match k.verdict {
            BallotVerdict::Valid if k.task == self.task => {
                rest += batch.stride() * 8;
                batch.add_again(BallotVerdict::Valid, k.row);
            }
            BallotVerdict::Valid => {
                (k.task, k.row) = (self.task, batch.rows() as u32);
                let words = &self.bytes[rest..rest + batch.stride() * 8];
                rest += words.len();
                let names = &self.names[k.names.0 as usize..k.names.1 as usize];
                batch.push_valid_le(words, names.iter().map(|(c, n)| (*c, &**n)));
            }
            BallotVerdict::Invalid(r) => batch.count_invalid(r),
        }
        record.extend_from_slice(&self.bytes[rest..rest + k.record as usize]);
        Some(k.verdict)
    }

    /// Learns `line` (of hash `hash`), just decoded to `verdict`: for a valid ballot, its row is
    /// `row` of `batch` and its written-in names those from `write_ins` on; `record` is its canonical
    /// record (empty when records are not kept). Nothing is learned past the table's bounds, nor a
    /// line whose hash another line has.
    pub(super) fn learn(
        &mut self,
        hash: u64,
        line: &[u8],
        verdict: BallotVerdict,
        (batch, row, write_ins): (&BallotBatch, u32, usize),
        record: &[u8],
    ) {
        let marks = if verdict == BallotVerdict::Valid { &batch.write_ins()[write_ins..] } else { &[] };
        let words = if verdict == BallotVerdict::Valid { batch.stride() * 8 } else { 0 };
        let size = line.len()
            + record.len()
            + words
            + marks.iter().map(|m| batch.names()[m.name as usize].len() + 24).sum::<usize>();
        if self.off()
            || self.seen.len() >= KNOWN_MAX
            || line.len() > KNOWN_LINE
            || self.held + size > KNOWN_BYTES
            || self.seen.contains_key(&hash)
        {
            return;
        }
        self.held += size;
        let at = |v: usize| v as u32;
        let start = self.bytes.len();
        self.bytes.extend_from_slice(line);
        let names_from = self.names.len();
        if verdict == BallotVerdict::Valid {
            let stride = batch.stride();
            let words = &batch.words()[row as usize * stride..(row as usize + 1) * stride];
            self.bytes.extend(words.iter().flat_map(|w| w.to_le_bytes()));
            self.names.extend(marks.iter().map(|m| (m.contest, batch.names()[m.name as usize].as_str().into())));
        }
        self.bytes.extend_from_slice(record);
        let names = (at(names_from), at(self.names.len()));
        let line =
            Line { verdict, at: at(start), len: at(line.len()), record: at(record.len()), names, task: self.task, row };
        self.seen.insert(hash, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::ballot::Schema;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// What is learned is added again as decoding added it (its row and written-in names); a line
    /// longer than [`KNOWN_LINE`] is never learned; and a table that found fewer than one line in
    /// eight in its first [`KNOWN_PROBE`] look-ups is no longer looked in.
    #[test]
    fn the_table_replays_what_decoding_added_is_bounded_and_stops_when_it_finds_little() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("e")).unwrap();
        let schema = Schema::new(&e);
        let mut d = schema.decoder();
        let mut k = Known::default();
        k.for_owner((d.identity().0, true, false));
        let line = r#"{"chair":["a"],"member":["c","w:张三"]}"#;
        let mut decoded = BallotBatch::new(schema.layout());
        let v = d.decode(line.as_bytes(), &mut decoded).unwrap();
        k.learn(1, line.as_bytes(), v, (&decoded, 0, 0), &[]);
        let mut replayed = BallotBatch::new(schema.layout());
        assert_eq!(k.replay(1, line.as_bytes(), &mut decoded, &mut Vec::new()), Some(v), "again in its own box");
        assert_eq!((decoded.rows(), decoded.valid()), (1, 2));
        k.for_owner((d.identity().0, true, false));
        assert_eq!(k.replay(1, line.as_bytes(), &mut replayed, &mut Vec::new()), Some(v), "in the next box");
        assert_eq!(replayed.rows(), 1);
        assert_eq!(k.replay(1, line.as_bytes(), &mut replayed, &mut Vec::new()), Some(v));
        assert_eq!(k.replay(1, line.as_bytes(), &mut replayed, &mut Vec::new()), Some(v));
        let mut thrice = BallotBatch::new(schema.layout());
        for _ in 0..3 {
            d.decode(line.as_bytes(), &mut thrice).unwrap();
        }
        let (e, kernel) = (&e, crate::vote::tally::Kernel::new(&e, schema.layout()));
        let tally = |b: &BallotBatch| crate::vote::tally::Tally::of_batch(e, &kernel, b);
        assert_eq!((replayed.rows(), tally(&replayed)), (1, tally(&thrice)), "one row, three ballots");

        let long = format!("{}{line}", " ".repeat(KNOWN_LINE));
        let mut b = BallotBatch::new(schema.layout());
        let v = d.decode(long.as_bytes(), &mut b).unwrap();
        k.learn(2, long.as_bytes(), v, (&b, 0, 0), &[]);
        assert_eq!(k.replay(2, long.as_bytes(), &mut b, &mut Vec::new()), None);

        for h in 3..=u64::from(KNOWN_PROBE) {
            assert_eq!(k.replay(h, b"{}", &mut b, &mut Vec::new()), None);
        }
        assert_eq!(k.replay(1, line.as_bytes(), &mut replayed, &mut Vec::new()), None, "no longer looked in");
    }
}
