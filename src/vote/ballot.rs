//! One ballot: from a line of a box file (contract §2) to its compact form, with the law's validity
//! rules applied on the way [ZJE27; CPC].
//!
//! The compact form is a fixed number of `u64` words per ballot (see [`Layout`]): one word per
//! `choose` post — a bit per listed candidate — and two per `approve` post (for, against). Bits 62
//! and 63 of a post's first word are flags: the post was voided on its own (per-post rules of other
//! provinces) and the post has a written-in name. Written-in names go to a side list, interned.
//! Only valid ballots are kept; invalid ones are counted by reason.
//!
//! A line is read by the fast path ([`fast`]) when it has a common shape, and by serde's reader
//! otherwise; both apply every mark through the same functions here, so the law is written once.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::fmt;

use serde::Deserialize;
use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::vote::manifest::{Contest, Election, MAX_LISTED};
use crate::vote::model::Style;
use crate::vote::name;
use crate::vote::rules::Scope;

mod fast;

/// Flag bit: this post has at least one written-in name (see [`BallotBatch::write_ins`]).
pub const WRITE_IN_BIT: u64 = 1 << 63;
/// Flag bit: this post was voided on its own and counts nothing (per-post rules only).
pub const VOIDED_BIT: u64 = 1 << 62;
/// The bits of listed candidates.
pub const LISTED_MASK: u64 = (1 << MAX_LISTED) - 1;

/// Why a ballot is invalid. The order is the order of precedence when a ballot has several defects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidReason {
    /// The monitors could not read it and the committee ruled it invalid.
    Spoiled,
    /// More marks in a post than its seats [ZJE27; CPC].
    Overvote,
    /// The same person named twice in one post [ZJE27].
    Duplicate,
    /// A candidate marked both for and against [CPC].
    ForAndAgainst,
    /// More written-in names than against-marks [CPC].
    WriteInExcess,
    /// The same person named for two or more posts [ZJE27].
    CrossPost,
}

impl InvalidReason {
    /// Every reason, in order of precedence.
    pub const ALL: [InvalidReason; 6] = [
        InvalidReason::Spoiled,
        InvalidReason::Overvote,
        InvalidReason::Duplicate,
        InvalidReason::ForAndAgainst,
        InvalidReason::WriteInExcess,
        InvalidReason::CrossPost,
    ];

    /// The reason as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidReason::Spoiled => "spoiled",
            InvalidReason::Overvote => "overvote",
            InvalidReason::Duplicate => "duplicate",
            InvalidReason::ForAndAgainst => "for-and-against",
            InvalidReason::WriteInExcess => "write-in-excess",
            InvalidReason::CrossPost => "cross-post",
        }
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Invalid ballots counted by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvalidCounts(pub [u64; 6]);

impl InvalidCounts {
    /// All invalid ballots.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// Those of one reason.
    pub fn get(&self, r: InvalidReason) -> u64 {
        self.0[r as usize]
    }

    /// Counts one more.
    pub fn add(&mut self, r: InvalidReason) {
        self.0[r as usize] += 1;
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, o: &InvalidCounts) {
        self.merge_times(o, 1);
    }

    /// Adds another set of counts `n` times over.
    pub fn merge_times(&mut self, o: &InvalidCounts, n: u64) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b * n;
        }
    }
}

impl<'de> serde::Deserialize<'de> for InvalidCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = std::collections::BTreeMap::<String, u64>::deserialize(d)?;
        let mut c = InvalidCounts::default();
        for (k, v) in m {
            let r = InvalidReason::ALL
                .into_iter()
                .find(|r| r.as_str() == k)
                .ok_or_else(|| de::Error::custom(format!("unknown invalid-ballot reason {k:?}")))?;
            c.0[r as usize] = v;
        }
        Ok(c)
    }
}

impl Serialize for InvalidCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for r in InvalidReason::ALL {
            if self.get(r) > 0 {
                m.serialize_entry(r.as_str(), &self.get(r))?;
            }
        }
        m.end()
    }
}

/// Where each post's words sit in a ballot's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// First word of each contest.
    pub offsets: Vec<usize>,
    /// Words per ballot.
    pub stride: usize,
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
}

/// A written-in name on one valid ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WriteInMark {
    /// The ballot's index in its batch.
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
    pub stride: usize,
    /// `stride` words per valid ballot.
    pub words: Vec<u64>,
    /// Written-in names, by ballot then post.
    pub write_ins: Vec<WriteInMark>,
    /// Every distinct written-in name of the batch, once; [`WriteInMark::name`] indexes it.
    pub names: Vec<String>,
    name_ids: HashMap<String, u32>,
    /// Invalid ballots by reason.
    pub invalid: InvalidCounts,
    /// The canonical record of every ballot of a scan that keeps them (closing a box), valid or
    /// not: each distinct record once, with how many ballots it stands for ([`Repeats::finish`]).
    pub records: RecordCounts,
}

/// What decoding one line added to a batch: a valid ballot (where its words start and which of
/// the batch's written-in marks are its own) or one more invalid ballot of a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Added {
    verdict: BallotVerdict,
    words: usize,
    write_ins: (usize, usize),
}

/// The lines of one task decoded once each: a box's lines repeat (its million ballots of a
/// four-post ballot are some thousands of distinct lines), and equal bytes decode to the same
/// ballot, so a line seen before in the task adds again what it added the first time — its words
/// and written-in marks copied, or its invalid reason counted — without being read again. Errors
/// are unchanged: a line is decoded the first time it appears, so the first bad line in order is
/// still the one reported. Memory is bounded by the task (its lines are borrowed, not copied). A
/// task whose first 1,024 lines are mostly distinct stops looking (nothing to gain).
#[derive(Debug, Default)]
pub struct Repeats<'l> {
    /// Line → its place in `distinct`.
    seen: FxHashMap<&'l [u8], u32>,
    distinct: Vec<Distinct>,
    /// The kept records of the distinct lines, one after another.
    records: Vec<u8>,
    /// Lines read.
    lines: usize,
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

/// After this many lines, a task whose lines were mostly new stops remembering them (a box whose
/// ballots do not repeat would pay for the look-ups and gain nothing).
const REPEATS_PROBE: usize = 1024;

impl<'l> Repeats<'l> {
    /// Decodes `line` into `batch` with `d` — or, if the same bytes came before, adds again what
    /// they added. With `keep`, the line's canonical record is counted too (in `batch.records`,
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
            batch.add_again(&d.added);
            return Ok(d.added.verdict);
        }
        let (words, write_ins) = (batch.words.len(), batch.write_ins.len());
        let start = self.records.len();
        let verdict = if keep {
            d.decode_record(line, batch, &mut self.records).inspect_err(|_| self.records.truncate(start))?
        } else {
            d.decode(line, batch)?
        };
        if self.off {
            if keep {
                batch.records.add(&self.records[start..]);
                self.records.truncate(start);
            }
            return Ok(verdict);
        }
        self.seen.insert(line, self.distinct.len() as u32);
        let added = Added { verdict, words, write_ins: (write_ins, batch.write_ins.len()) };
        self.distinct.push(Distinct { added, record: (start, self.records.len()), times: 1 });
        if self.lines == REPEATS_PROBE && self.distinct.len() > REPEATS_PROBE / 2 {
            self.off = true;
        }
        Ok(verdict)
    }

    /// Counts the kept records of the task's lines in `batch.records`, each as many times as its
    /// line came.
    pub fn finish(self, batch: &mut BallotBatch) {
        for d in &self.distinct {
            let (a, b) = d.record;
            if b > a {
                batch.records.add_n(&self.records[a..b], d.times);
            }
        }
    }
}

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
    pub fn add_n(&mut self, record: &[u8], n: u64) {
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

impl BallotBatch {
    /// An empty batch for a layout.
    pub fn new(layout: &Layout) -> Self {
        BallotBatch { stride: layout.stride, ..Default::default() }
    }

    /// Valid ballots held.
    pub fn valid(&self) -> usize {
        self.words.len().checked_div(self.stride).unwrap_or(0)
    }

    /// All ballots seen: valid and invalid.
    pub fn ballots(&self) -> u64 {
        self.valid() as u64 + self.invalid.total()
    }

    /// Interns a name.
    pub fn intern(&mut self, n: &str) -> u32 {
        if let Some(&i) = self.name_ids.get(n) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(n.to_string());
        self.name_ids.insert(n.to_string(), i);
        i
    }

    /// Adds again what one decoded line added (see [`Repeats`]).
    fn add_again(&mut self, a: &Added) {
        match a.verdict {
            BallotVerdict::Valid => {
                let b = self.valid() as u32;
                self.words.extend_from_within(a.words..a.words + self.stride);
                for i in a.write_ins.0..a.write_ins.1 {
                    let m = self.write_ins[i];
                    self.write_ins.push(WriteInMark { ballot: b, ..m });
                }
            }
            BallotVerdict::Invalid(r) => self.invalid.add(r),
        }
    }

    /// Appends a valid ballot in compact form (`words.len() == stride`).
    pub fn push_valid<'n>(&mut self, words: &[u64], write_ins: impl IntoIterator<Item = (u16, &'n str)>) {
        debug_assert_eq!(words.len(), self.stride);
        let b = self.valid() as u32;
        self.words.extend_from_slice(words);
        for (contest, n) in write_ins {
            let name = self.intern(n);
            self.write_ins.push(WriteInMark { ballot: b, contest, name });
        }
    }
}

/// An input error in a ballot line: the field and what is wrong. Counts nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The field, e.g. `chair[1]`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.field, self.message) }
    }
}

/// What a ballot line decoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotVerdict {
    /// Valid; appended to the batch.
    Valid,
    /// Invalid, for this reason; counted in the batch.
    Invalid(InvalidReason),
}

/// The lookups a ballot line needs, built once per election.
#[derive(Debug)]
pub struct Schema<'e> {
    /// The election whose ballots are read.
    pub election: &'e Election,
    /// The compact layout.
    pub layout: Layout,
    /// Post id → post.
    contest_by_id: IdMap<'e, usize>,
    /// Per post: candidate id → its bit.
    candidate_by_id: Vec<IdMap<'e, u8>>,
    person_by_name: FxHashMap<&'e str, usize>,
    /// Per contest: listed person → bit.
    bit_of_person: Vec<FxHashMap<usize, u8>>,
    /// Per post: its id as a JSON string followed by `:`, and each candidate's id as a JSON
    /// string — written into records as they are, not escaped anew for every ballot.
    quoted: Vec<(Vec<u8>, Vec<Vec<u8>>)>,
}

impl<'e> Schema<'e> {
    /// Builds the lookups of an election.
    pub fn new(election: &'e Election) -> Self {
        let contest_by_id = IdMap::new(election.contests().iter().enumerate().map(|(i, c)| (c.id.as_str(), i)));
        let candidate_by_id = election
            .contests()
            .iter()
            .map(|c| IdMap::new(c.candidates.iter().enumerate().map(|(i, k)| (k.id.as_str(), i as u8))))
            .collect();
        let bit_of_person = election
            .contests()
            .iter()
            .map(|c| c.candidates.iter().enumerate().map(|(i, k)| (k.person, i as u8)).collect())
            .collect();
        let person_by_name = election.persons().iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
        let json = |s: &str| serde_json::to_vec(s).expect("a string serializes");
        let quoted = election
            .contests()
            .iter()
            .map(|c| {
                let mut post = json(&c.id);
                post.push(b':');
                (post, c.candidates.iter().map(|k| json(&k.id)).collect())
            })
            .collect();
        Schema {
            election,
            layout: Layout::of(election),
            contest_by_id,
            candidate_by_id,
            person_by_name,
            bit_of_person,
            quoted,
        }
    }

    /// A fresh decoder (its scratch space is reused from line to line): the fast path for the
    /// common shapes of a line, serde's reader for everything else.
    pub fn decoder(&self) -> Decoder<'_, 'e> {
        Decoder { schema: self, s: Scratch::new(self), fast: true }
    }

    /// A decoder that reads every line with serde's reader only: the reference the fast path is
    /// held to (`tests/fuzz.rs` compares the two on every line it makes).
    pub fn reference_decoder(&self) -> Decoder<'_, 'e> {
        Decoder { schema: self, s: Scratch::new(self), fast: false }
    }
}

/// An id as a ballot line writes it: its bytes, and — when it has at most 8 — those bytes as one
/// integer (the fast path packs it while scanning the string, so a look-up hashes nothing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Id<'a> {
    bytes: &'a [u8],
    packed: u64,
}

impl<'a> Id<'a> {
    /// An id, packed here.
    #[inline]
    fn of(bytes: &'a [u8]) -> Self {
        let packed = bytes.iter().take(8).enumerate().fold(0, |w, (i, &c)| w | (u64::from(c) << (8 * i)));
        Id { bytes, packed }
    }
}

/// Ids of a manifest (posts, candidates) → what they stand for, looked up from a line's bytes. Ids of
/// up to 8 bytes — nearly all of them — sit in a small table indexed by a multiplicative hash of the
/// packed id, chosen when the table is built so that no two ids share a slot: a look-up is one
/// multiplication and one comparison. Longer ids are looked up by their bytes.
#[derive(Debug)]
struct IdMap<'e, V> {
    slots: Vec<Option<(u64, usize, V)>>,
    mul: u64,
    shift: u32,
    long: FxHashMap<&'e [u8], V>,
}

impl<'e, V: Copy> IdMap<'e, V> {
    fn new(ids: impl IntoIterator<Item = (&'e str, V)>) -> Self {
        let (short, longer): (Vec<_>, Vec<_>) = ids.into_iter().partition(|(id, _): &(&'e str, V)| id.len() <= 8);
        let mut long: FxHashMap<&'e [u8], V> = longer.into_iter().map(|(id, v)| (id.as_bytes(), v)).collect();
        // Ids never hold a NUL byte, so distinct ids pack to distinct integers; find a table size
        // and an odd multiplier that give each its own slot (a try or two for a manifest's few ids).
        for bits in (usize::BITS - (2 * short.len()).leading_zeros()).max(1)..=16 {
            for k in 0..64u64 {
                let mul = 0x9E37_79B9_7F4A_7C15u64.wrapping_add(k.wrapping_mul(0xD6E8_FEB8_6659_FD93)) | 1;
                let shift = 64 - bits;
                let mut slots = vec![None; 1 << bits];
                let fits = short.iter().all(|&(id, v)| {
                    let p = Id::of(id.as_bytes()).packed;
                    let i = (p.wrapping_mul(mul) >> shift) as usize;
                    slots[i].is_none() && {
                        slots[i] = Some((p, id.len(), v));
                        true
                    }
                });
                if fits {
                    return IdMap { slots, mul, shift, long };
                }
            }
        }
        // Not met in practice; then every id is looked up by its bytes.
        long.extend(short.into_iter().map(|(id, v)| (id.as_bytes(), v)));
        IdMap { slots: vec![None; 2], mul: 1, shift: 63, long }
    }

    #[inline]
    fn get(&self, id: Id<'_>) -> Option<&V> {
        if id.bytes.len() > 8 {
            return self.long.get(id.bytes);
        }
        match &self.slots[(id.packed.wrapping_mul(self.mul) >> self.shift) as usize] {
            Some((p, len, v)) if *p == id.packed && *len == id.bytes.len() => Some(v),
            _ => self.long.get(id.bytes),
        }
    }
}

/// Who a mark names: a listed person, or a written-in name no listed person has.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    Listed(usize),
    Named(String),
}

#[derive(Debug)]
struct Scratch {
    words: Vec<u64>,
    seen: Vec<bool>,
    /// Marks per post: choose entries; approve for-marks plus written-in names.
    marks: Vec<u32>,
    defects: Vec<u8>,
    /// (who, post, written-in name to record — None when it resolved to a listed bit of that post).
    named: Vec<(Who, u16, Option<String>)>,
    /// (person, post) for each listed candidate marked in their own post: kept apart from `named`
    /// (small and copied, the common case) — together they are everyone the ballot names.
    listed: Vec<(u32, u16)>,
    /// Written-in names as written → as checked (trimmed, NFC), for names seen before.
    checked_names: FxHashMap<Box<str>, String>,
    approve_for: Vec<u8>,
    approve_against: Vec<u8>,
    approve_write_in: Vec<String>,
    spoiled: bool,
    spoiled_seen: bool,
    error: Option<LineError>,
    /// When a record is asked for: every mark as written, for [`Decoder::decode_record`].
    recording: bool,
    written: Vec<WrittenMark>,
}

/// One mark as the ballot line wrote it (before a written-in name is resolved to a listed person):
/// the post, the list it is in (choose and for: 0, against: 1, an approve post's write_in: 2),
/// and who — a listed candidate by index, or a written-in name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct WrittenMark {
    post: u16,
    list: u8,
    who: MarkedAs,
}

/// Listed candidates sort before written-in names; listed by their place in the list, names by
/// their bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum MarkedAs {
    Listed(u8),
    Written(String),
}

impl Scratch {
    fn new(schema: &Schema<'_>) -> Self {
        let n = schema.election.contests().len();
        Scratch {
            words: vec![0; schema.layout.stride],
            seen: vec![false; n],
            marks: vec![0; n],
            defects: vec![0; n],
            named: Vec::new(),
            listed: Vec::new(),
            checked_names: FxHashMap::default(),
            approve_for: Vec::new(),
            approve_against: Vec::new(),
            approve_write_in: Vec::new(),
            spoiled: false,
            spoiled_seen: false,
            error: None,
            recording: false,
            written: Vec::new(),
        }
    }

    fn reset(&mut self) {
        self.words.fill(0);
        self.seen.fill(false);
        self.marks.fill(0);
        self.defects.fill(0);
        self.named.clear();
        self.listed.clear();
        self.spoiled = false;
        self.spoiled_seen = false;
        self.error = None;
        self.written.clear();
    }

    /// Keeps a written-in name as written, when a record is asked for (copied only then).
    fn keep_name(&mut self, post: usize, list: u8, name: &str) {
        if self.recording {
            self.keep(post, list, MarkedAs::Written(name.to_string()));
        }
    }

    /// Keeps a mark as written, when a record is asked for.
    fn keep(&mut self, post: usize, list: u8, who: MarkedAs) {
        if self.recording {
            self.written.push(WrittenMark { post: post as u16, list, who });
        }
    }

    fn fail<E: de::Error>(&mut self, field: impl Into<String>, message: impl Into<String>) -> E {
        let e = LineError { field: field.into(), message: message.into() };
        let m = e.to_string();
        if self.error.is_none() {
            self.error = Some(e);
        }
        E::custom(m)
    }

    /// Records that post `c` names a listed candidate of its own by their bit (a second mark of the
    /// same bit is caught by the caller, so no search is needed here).
    fn name_by_bit(&mut self, c: usize, person: usize) {
        self.listed.push((person as u32, c as u16));
    }

    /// Records that post `c` names `who`; flags the same person twice in one post. (`who` is never
    /// one of post `c`'s own candidates — those are marked by bit — so `listed` need not be searched.)
    fn name(&mut self, c: usize, who: Who, record: Option<String>) {
        if self.named.iter().any(|(w, pc, _)| *pc as usize == c && *w == who) {
            self.defects[c] |= InvalidReason::Duplicate.bit();
        }
        self.named.push((who, c as u16, record));
    }
}

/// Decodes ballot lines of one election into a batch.
#[derive(Debug)]
pub struct Decoder<'s, 'e> {
    schema: &'s Schema<'e>,
    s: Scratch,
    /// Try the fast path first.
    fast: bool,
}

impl Decoder<'_, '_> {
    /// Decodes one ballot line (a JSON object) and adds it to `batch`: appended if valid, counted by
    /// reason if invalid. An input error adds nothing.
    pub fn decode(&mut self, line: &[u8], batch: &mut BallotBatch) -> Result<BallotVerdict, LineError> {
        self.s.recording = false;
        self.decode_line(line, batch)
    }

    /// [`Decoder::decode`], and the ballot's canonical record appended to `record`: the ballot
    /// line with posts in manifest order, each post's listed candidates in list order and then its
    /// written-in names (trimmed, NFC) in byte order, empty posts and `"spoiled":false` left out,
    /// compact JSON; duplicates are kept, so an invalid ballot stays invalid. A spoiled ballot is
    /// `{"spoiled":true}`. The record is made from this one decode, never from a second parse.
    pub fn decode_record(
        &mut self,
        line: &[u8],
        batch: &mut BallotBatch,
        record: &mut Vec<u8>,
    ) -> Result<BallotVerdict, LineError> {
        self.s.recording = true;
        let verdict = self.decode_line(line, batch)?;
        self.write_record(record);
        Ok(verdict)
    }

    /// Writes the canonical record of the line just decoded, straight into `out` (no string is
    /// built per mark: closing a box writes one record per ballot).
    fn write_record(&mut self, out: &mut Vec<u8>) {
        if self.s.spoiled {
            out.extend_from_slice(br#"{"spoiled":true}"#);
            return;
        }
        let contests = self.schema.election.contests();
        let marks = &mut self.s.written;
        marks.sort();
        // Ids and post ids as the schema quoted them; names escaped as serde_json escapes them.
        let string = |out: &mut Vec<u8>, s: &str| serde_json::to_writer(&mut *out, s).expect("a string serializes");
        out.push(b'{');
        for (pi, post) in marks.chunk_by(|a, b| a.post == b.post).enumerate() {
            let contest = &contests[post[0].post as usize];
            let (post_key, ids) = &self.schema.quoted[post[0].post as usize];
            if pi > 0 {
                out.push(b',');
            }
            out.extend_from_slice(post_key);
            let mark = |out: &mut Vec<u8>, m: &WrittenMark| match &m.who {
                MarkedAs::Listed(i) => out.extend_from_slice(&ids[*i as usize]),
                MarkedAs::Written(n) if contest.style == Style::Choose => {
                    out.extend_from_slice(b"\"w:");
                    let quoted = serde_json::to_vec(n.as_str()).expect("a string serializes");
                    out.extend_from_slice(&quoted[1..]);
                }
                MarkedAs::Written(n) => string(out, n),
            };
            let list = |out: &mut Vec<u8>, marks: &[WrittenMark]| {
                out.push(b'[');
                for (k, m) in marks.iter().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    mark(out, m);
                }
                out.push(b']');
            };
            match contest.style {
                Style::Choose => list(out, post),
                Style::Approve => {
                    out.push(b'{');
                    for (li, l) in post.chunk_by(|a, b| a.list == b.list).enumerate() {
                        if li > 0 {
                            out.push(b',');
                        }
                        out.extend_from_slice(
                            [&b"\"for\":"[..], b"\"against\":", b"\"write_in\":"][l[0].list as usize],
                        );
                        list(out, l);
                    }
                    out.push(b'}');
                }
            }
        }
        out.push(b'}');
    }

    fn decode_line(&mut self, line: &[u8], batch: &mut BallotBatch) -> Result<BallotVerdict, LineError> {
        self.s.reset();
        if !self.fast || fast::parse(self.schema, &mut self.s, line).is_none() {
            // Not a common shape, or something is wrong with it: serde's reader, from a clean
            // slate, says what.
            self.s.reset();
            let mut de = serde_json::Deserializer::from_slice(line);
            let parsed = LineSeed { schema: self.schema, s: &mut self.s }.deserialize(&mut de).and_then(|()| de.end());
            if let Err(e) = parsed {
                return Err(self
                    .s
                    .error
                    .take()
                    .unwrap_or_else(|| LineError { field: String::new(), message: json_message(&e) }));
            }
        }
        let verdict = self.judge();
        match verdict {
            BallotVerdict::Valid => {
                let wi = self.s.named.iter().filter_map(|(_, c, r)| r.as_deref().map(|n| (*c, n)));
                batch.push_valid(&self.s.words, wi);
            }
            BallotVerdict::Invalid(r) => batch.invalid.add(r),
        }
        Ok(verdict)
    }

    /// Applies the defects found to the ballot: invalid, or some posts voided (per-post rules).
    fn judge(&mut self) -> BallotVerdict {
        let s = &mut self.s;
        let e = self.schema.election;
        if s.spoiled {
            return BallotVerdict::Invalid(InvalidReason::Spoiled);
        }
        let scope = |r: InvalidReason| match r {
            InvalidReason::Overvote => e.rules().overvote,
            InvalidReason::Duplicate => e.rules().duplicate,
            InvalidReason::CrossPost => e.rules().cross_post,
            _ => Scope::Ballot,
        };
        // Defects inside posts first; a post voided on its own names nobody for the cross-post rule.
        // Posts are bits of a u64 (at most MAX_CONTESTS = 64 posts).
        let mut worst: Option<InvalidReason> = None;
        let mut voided = 0u64;
        for (c, &d) in s.defects.iter().enumerate().filter(|(_, d)| **d != 0) {
            for r in InvalidReason::ALL.into_iter().filter(|r| d & r.bit() != 0) {
                match scope(r) {
                    Scope::Ballot => worst = Some(worst.map_or(r, |w| w.min(r))),
                    Scope::Post => voided |= 1 << c,
                }
            }
        }
        if let Some(r) = worst {
            return BallotVerdict::Invalid(r);
        }
        // The same person in two or more posts [ZJE27].
        let live = |c: u16| voided & (1 << c) == 0;
        let mut cross = 0u64;
        let mut same = |c: u16, c2: u16| {
            if c2 != c && live(c) && live(c2) {
                cross |= (1 << c) | (1 << c2);
            }
        };
        for (i, &(p, c)) in s.listed.iter().enumerate() {
            for &(p2, c2) in &s.listed[i + 1..] {
                if p2 == p {
                    same(c, c2);
                }
            }
            for (w, c2, _) in &s.named {
                if *w == Who::Listed(p as usize) {
                    same(c, *c2);
                }
            }
        }
        for (i, (w, c, _)) in s.named.iter().enumerate() {
            for (w2, c2, _) in &s.named[i + 1..] {
                if w2 == w {
                    same(*c, *c2);
                }
            }
        }
        if cross != 0 {
            match e.rules().cross_post {
                Scope::Ballot => return BallotVerdict::Invalid(InvalidReason::CrossPost),
                Scope::Post => voided |= cross,
            }
        }
        if voided != 0 {
            for (c, contest) in e.contests().iter().enumerate().filter(|(c, _)| voided & (1 << c) != 0) {
                let o = self.schema.layout.offsets[c];
                let n = if contest.style == Style::Approve { 2 } else { 1 };
                s.words[o..o + n].fill(0);
                s.words[o] = VOIDED_BIT;
            }
            s.named.retain(|(_, c, _)| voided & (1 << c) == 0);
            s.listed.retain(|(_, c)| voided & (1 << c) == 0);
        }
        BallotVerdict::Valid
    }
}

/// Why a value could not be read: `type_message` when it is of the wrong type, else what the JSON
/// reader says (invalid UTF-8, a raw control character in a string, …) without its position.
fn why_not(e: &impl fmt::Display, type_message: &str) -> String {
    let m = e.to_string();
    if m.starts_with("invalid type") {
        return type_message.to_string();
    }
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m,
    }
}

/// serde_json's message without its " at line 1 column N" (the line is the box file's, given apart).
fn json_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    let col = e.column();
    match m.rfind(" at line ") {
        Some(i) => format!("{} (column {col})", &m[..i]),
        None => m,
    }
}

/// A JSON string, borrowed when it has no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

struct LineSeed<'a, 'e> {
    schema: &'a Schema<'e>,
    s: &'a mut Scratch,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ballot: a JSON object of posts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut any_post = false;
        while let Some(Str(key)) = map.next_key()? {
            if key == "spoiled" {
                if std::mem::replace(&mut self.s.spoiled_seen, true) {
                    return Err(self.s.fail("spoiled", "given twice in one ballot"));
                }
                self.s.spoiled = map
                    .next_value::<bool>()
                    .map_err(|e| self.s.fail("spoiled", why_not(&e, "must be true or false")))?;
                continue;
            }
            let Some(&c) = self.schema.contest_by_id.get(Id::of(key.as_bytes())) else {
                return Err(self.s.fail(key.as_ref(), "unknown post (not a contest id of the manifest)"));
            };
            if std::mem::replace(&mut self.s.seen[c], true) {
                return Err(self.s.fail(key.as_ref(), "post given twice in one ballot"));
            }
            any_post = true;
            let contest = &self.schema.election.contests()[c];
            match contest.style {
                Style::Choose => map.next_value_seed(ChooseSeed { schema: self.schema, s: self.s, c })?,
                Style::Approve => {
                    self.s.approve_for.clear();
                    self.s.approve_against.clear();
                    self.s.approve_write_in.clear();
                    map.next_value_seed(ApproveSeed { schema: self.schema, s: self.s, c })?;
                    judge_approve(self.schema, self.s, c);
                }
            }
        }
        if self.s.spoiled && any_post {
            return Err(self.s.fail("spoiled", "a ballot ruled spoiled carries no posts"));
        }
        Ok(())
    }
}

/// A written-in name, checked; the error names the field.
/// Names already checked are remembered (the same few names are written in again and again): up to
/// this many per decoder.
const NAMES_REMEMBERED: usize = 1 << 14;

fn written_name(
    s: &mut Scratch,
    contest: &Contest,
    field: impl FnOnce() -> String,
    raw: &str,
) -> Result<String, LineError> {
    if !contest.write_in {
        return Err(LineError { field: field(), message: format!("post {:?} allows no written-in names", contest.id) });
    }
    if let Some(n) = s.checked_names.get(raw) {
        return Ok(n.clone());
    }
    match name::checked(raw) {
        Ok(n) => {
            let n = n.into_owned();
            if s.checked_names.len() < NAMES_REMEMBERED {
                s.checked_names.insert(raw.into(), n.clone());
            }
            Ok(n)
        }
        Err(e) => Err(LineError { field: field(), message: format!("written-in name: {e}") }),
    }
}

/// Entry `i` of choose post `c`'s list: a candidate id or `w:NAME`, marked on the ballot. Both
/// readers of a ballot line (the fast path and serde's) apply each entry through here; the fast path
/// hands the string's bytes unchecked, so a name is checked to be UTF-8 here (serde's always is).
fn choose_mark(schema: &Schema<'_>, s: &mut Scratch, c: usize, i: usize, id: Id<'_>) -> Result<(), LineError> {
    let item = id.bytes;
    let contest = &schema.election.contests()[c];
    let o = schema.layout.offsets[c];
    let field = || format!("{}[{i}]", contest.id);
    if let Some(raw) = item.strip_prefix(b"w:") {
        let raw = std::str::from_utf8(raw)
            .map_err(|_| LineError { field: field(), message: "written-in name: not UTF-8".into() })?;
        let n = written_name(s, contest, field, raw)?;
        s.keep_name(c, 0, &n);
        match schema.person_by_name.get(n.as_str()) {
            Some(&p) => match schema.bit_of_person[c].get(&p) {
                // A written-in name equal to a listed candidate's is that candidate [ZJE27].
                Some(&bit) => {
                    if s.words[o] & (1 << bit) != 0 {
                        s.defects[c] |= InvalidReason::Duplicate.bit();
                    }
                    s.words[o] |= 1 << bit;
                    s.name_by_bit(c, p);
                }
                None => {
                    s.words[o] |= WRITE_IN_BIT;
                    s.name(c, Who::Listed(p), Some(n));
                }
            },
            None => {
                s.words[o] |= WRITE_IN_BIT;
                s.name(c, Who::Named(n.clone()), Some(n));
            }
        }
    } else {
        let Some(&bit) = schema.candidate_by_id[c].get(id) else {
            return Err(LineError {
                field: field(),
                message: format!("unknown candidate {:?} in post {:?}", String::from_utf8_lossy(item), contest.id),
            });
        };
        s.keep(c, 0, MarkedAs::Listed(bit));
        if s.words[o] & (1 << bit) != 0 {
            s.defects[c] |= InvalidReason::Duplicate.bit();
        }
        s.words[o] |= 1 << bit;
        s.name_by_bit(c, contest.candidates[bit as usize].person);
    }
    s.marks[c] += 1;
    Ok(())
}

/// After the last entry of choose post `c`: more marks than seats is an overvote [ZJE27].
fn choose_done(schema: &Schema<'_>, s: &mut Scratch, c: usize) {
    if s.marks[c] > schema.election.contests()[c].seats {
        s.defects[c] |= InvalidReason::Overvote.bit();
    }
}

/// Entry `i` of list `k` (0 for, 1 against, 2 write_in) of approve post `c`, kept for
/// [`judge_approve`]. `key` names the list in errors.
fn approve_mark(
    schema: &Schema<'_>,
    s: &mut Scratch,
    c: usize,
    k: usize,
    key: &str,
    i: usize,
    id: Id<'_>,
) -> Result<(), LineError> {
    let item = id.bytes;
    let contest = &schema.election.contests()[c];
    let field = || format!("{}.{key}[{i}]", contest.id);
    if k == 2 {
        let item = std::str::from_utf8(item)
            .map_err(|_| LineError { field: field(), message: "written-in name: not UTF-8".into() })?;
        let n = written_name(s, contest, field, item)?;
        s.keep_name(c, 2, &n);
        s.approve_write_in.push(n);
    } else {
        let Some(&bit) = schema.candidate_by_id[c].get(id) else {
            return Err(LineError {
                field: field(),
                message: format!("unknown candidate {:?} in post {:?}", String::from_utf8_lossy(item), contest.id),
            });
        };
        s.keep(c, k as u8, MarkedAs::Listed(bit));
        if k == 0 { s.approve_for.push(bit) } else { s.approve_against.push(bit) }
    }
    Ok(())
}

struct ChooseSeed<'a, 'e> {
    schema: &'a Schema<'e>,
    s: &'a mut Scratch,
    c: usize,
}

impl<'de> DeserializeSeed<'de> for ChooseSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChooseSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of candidate ids and \"w:NAME\" write-ins")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (schema, s, c) = (self.schema, self.s, self.c);
        let contest = &schema.election.contests()[c];
        let mut i = 0usize;
        loop {
            let item = match seq.next_element::<Str<'de>>() {
                Ok(Some(Str(v))) => v,
                Ok(None) => break,
                Err(e) => {
                    let why = why_not(&e, "must be a string: a candidate id or \"w:NAME\"");
                    return Err(s.fail(format!("{}[{i}]", contest.id), why));
                }
            };
            choose_mark(schema, s, c, i, Id::of(item.as_bytes())).map_err(|e| s.fail(e.field, e.message))?;
            i += 1;
        }
        choose_done(schema, s, c);
        Ok(())
    }
}

struct ApproveSeed<'a, 'e> {
    schema: &'a Schema<'e>,
    s: &'a mut Scratch,
    c: usize,
}

impl<'de> DeserializeSeed<'de> for ApproveSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ApproveSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with \"for\", \"against\" and \"write_in\" lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (schema, s, c) = (self.schema, self.s, self.c);
        let contest = &schema.election.contests()[c];
        let mut seen = [false; 3];
        while let Some(Str(key)) = map.next_key()? {
            let k = match key.as_ref() {
                "for" => 0,
                "against" => 1,
                "write_in" => 2,
                other => {
                    return Err(s.fail(
                        format!("{}.{other}", contest.id),
                        "unknown key; an approve post has \"for\", \"against\", \"write_in\"",
                    ));
                }
            };
            let field = format!("{}.{key}", contest.id);
            if std::mem::replace(&mut seen[k], true) {
                return Err(s.fail(field, "given twice"));
            }
            let items: Vec<Str<'de>> =
                map.next_value().map_err(|e| s.fail(field.as_str(), why_not(&e, "must be a list of strings")))?;
            for (i, Str(item)) in items.into_iter().enumerate() {
                approve_mark(schema, s, c, k, &key, i, Id::of(item.as_bytes()))
                    .map_err(|e| s.fail(e.field, e.message))?;
            }
        }
        Ok(())
    }
}

/// The approve-style rules [CPC], once a post's three lists are read (so the order of keys is moot).
fn judge_approve(schema: &Schema<'_>, s: &mut Scratch, c: usize) {
    let contest = &schema.election.contests()[c];
    let o = schema.layout.offsets[c];
    let (mut yes, mut no) = (0u64, 0u64);
    let for_ids = std::mem::take(&mut s.approve_for);
    for &b in &for_ids {
        if yes & (1 << b) != 0 {
            s.defects[c] |= InvalidReason::Duplicate.bit();
        }
        yes |= 1 << b;
        s.name_by_bit(c, contest.candidates[b as usize].person);
    }
    for &b in &s.approve_against {
        if no & (1 << b) != 0 {
            s.defects[c] |= InvalidReason::Duplicate.bit();
        }
        no |= 1 << b;
    }
    if yes & no != 0 {
        s.defects[c] |= InvalidReason::ForAndAgainst.bit();
    }
    let written = std::mem::take(&mut s.approve_write_in);
    let mut flags = 0;
    let mut for_marks = yes.count_ones();
    for n in &written {
        let listed = schema.person_by_name.get(n.as_str()).copied();
        match listed.and_then(|p| schema.bit_of_person[c].get(&p).map(|&b| (p, b))) {
            // Writing in a listed candidate of this post is a for-vote for them.
            Some((p, b)) => {
                if (yes | no) & (1 << b) != 0 {
                    s.defects[c] |= InvalidReason::Duplicate.bit();
                }
                yes |= 1 << b;
                s.name_by_bit(c, p);
            }
            None => {
                flags = WRITE_IN_BIT;
                let who = listed.map_or_else(|| Who::Named(n.clone()), Who::Listed);
                s.name(c, who, Some(n.clone()));
            }
        }
        for_marks += 1;
    }
    // A voter who abstains may not write in; only one who votes against may [CPC].
    if written.len() as u32 > no.count_ones() {
        s.defects[c] |= InvalidReason::WriteInExcess.bit();
    }
    if for_marks > contest.seats {
        s.defects[c] |= InvalidReason::Overvote.bit();
    }
    s.marks[c] = for_marks;
    s.words[o] = yes | flags;
    s.words[o + 1] = no;
    s.approve_write_in = written;
    s.approve_for = for_ids;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::testing::VC;
    use std::path::Path;

    /// Every id is found, by its own bytes only: not by a prefix, not with a NUL after it, and a
    /// long id by its bytes.
    #[test]
    fn ids_are_found_exactly() {
        let ids = ["a", "c01", "c12", "chair", "12345678", "123456789", "a-much-longer-id"];
        let m = IdMap::new(ids.iter().enumerate().map(|(i, id)| (*id, i)));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get(Id::of(id.as_bytes())), Some(&i), "{id}");
        }
        for other in ["", "c0", "c011", "c01\0", "chai", "1234567", "12345678\0", "a-much-longer-ie"] {
            assert_eq!(m.get(Id::of(other.as_bytes())), None, "{other:?}");
        }
        let none: IdMap<'_, u8> = IdMap::new([]);
        assert_eq!(none.get(Id::of(b"x")), None);
    }

    fn election(extra: &str) -> Election {
        let t = VC.replace("registered = 10", &format!("registered = 10\n{extra}"));
        let t = if extra.starts_with('[') { format!("{VC}\n{extra}") } else { t };
        Election::from_toml(&t, Path::new("t.toml")).unwrap()
    }

    fn judge(e: &Election, line: &str) -> Result<(BallotVerdict, BallotBatch), LineError> {
        let schema = Schema::new(e);
        let mut d = schema.decoder();
        let mut b = BallotBatch::new(&schema.layout);
        d.decode(line.as_bytes(), &mut b).map(|v| (v, b))
    }

    fn verdict(e: &Election, line: &str) -> BallotVerdict {
        judge(e, line).unwrap().0
    }

    use InvalidReason::*;

    #[test]
    fn blank_ballot_is_valid_and_marks_nothing() {
        let e = election("");
        let (v, b) = judge(&e, "{}").unwrap();
        assert_eq!(v, BallotVerdict::Valid);
        assert_eq!(b.words, vec![0, 0, 0, 0]);
        assert_eq!(verdict(&e, r#"{"chair":[],"party":{}}"#), BallotVerdict::Valid);
    }

    /// ZJE27: more marks in a post than its seats voids the whole ballot.
    #[test]
    fn zje27_overvote_voids_ballot() {
        let e = election("");
        assert_eq!(verdict(&e, r#"{"chair":["a","b"]}"#), BallotVerdict::Invalid(Overvote));
        assert_eq!(verdict(&e, r#"{"chair":["a","w:张三"]}"#), BallotVerdict::Invalid(Overvote));
        assert_eq!(verdict(&e, r#"{"member":["c","d"]}"#), BallotVerdict::Valid);
    }

    /// ZJE27: the same person twice in one post, including by a written-in name equal to theirs.
    #[test]
    fn zje27_duplicate_in_post() {
        let e = election("");
        assert_eq!(verdict(&e, r#"{"member":["c","c"]}"#), BallotVerdict::Invalid(Duplicate));
        assert_eq!(verdict(&e, r#"{"member":["c","w: 孙三 "]}"#), BallotVerdict::Invalid(Duplicate));
        assert_eq!(verdict(&e, r#"{"member":["w:张三","w:张三"]}"#), BallotVerdict::Invalid(Duplicate));
    }

    /// ZJE27: the same person in two posts: listed, written in, or a written-in listed name.
    #[test]
    fn zje27_same_person_two_posts() {
        let e = election("");
        assert_eq!(verdict(&e, r#"{"chair":["w:孙三"],"member":["c"]}"#), BallotVerdict::Invalid(CrossPost));
        assert_eq!(verdict(&e, r#"{"chair":["w:张三"],"member":["w:张三"]}"#), BallotVerdict::Invalid(CrossPost));
        assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["w:赵一"]}"#), BallotVerdict::Invalid(CrossPost));
        assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["w:张三"]}"#), BallotVerdict::Valid);
    }

    /// ZJE27: a written-in name equal to a listed candidate's name counts for that candidate.
    #[test]
    fn written_in_listed_name_is_the_candidate() {
        let e = election("");
        let (v, b) = judge(&e, r#"{"chair":["w:\u94b1\u4e8c"]}"#).unwrap();
        assert_eq!(v, BallotVerdict::Valid);
        assert_eq!(b.words[0], 0b10);
        assert!(b.write_ins.is_empty());
        // A listed person of another post written in here is a write-in for this post.
        let (_, b) = judge(&e, r#"{"member":["w:赵一"]}"#).unwrap();
        assert_eq!(b.words[1], WRITE_IN_BIT);
        assert_eq!(b.names, vec!["赵一".to_string()]);
    }

    /// CPC approve style: for and against the same person; write-ins only in place of an against.
    #[test]
    fn cpc_approve_rules() {
        let e = election("");
        assert_eq!(verdict(&e, r#"{"party":{"for":["p"],"against":["p"]}}"#), BallotVerdict::Invalid(ForAndAgainst));
        assert_eq!(
            verdict(&e, r#"{"party":{"for":["p"],"write_in":["张三"]}}"#),
            BallotVerdict::Invalid(WriteInExcess)
        );
        assert_eq!(verdict(&e, r#"{"party":{"against":["q"],"write_in":["张三"],"for":["p"]}}"#), BallotVerdict::Valid);
        assert_eq!(
            verdict(&e, r#"{"party":{"against":["q"],"write_in":["张三"],"for":["p","r"]}}"#),
            BallotVerdict::Invalid(Overvote),
            "more for-marks, write-ins included, than seats"
        );
        assert_eq!(verdict(&e, r#"{"party":{"for":["p","p"]}}"#), BallotVerdict::Invalid(Duplicate));
        assert_eq!(
            verdict(&e, r#"{"party":{"against":["q"],"write_in":["吴六"],"for":["p"]}}"#),
            BallotVerdict::Invalid(Duplicate)
        );
    }

    #[test]
    fn spoiled() {
        let e = election("");
        assert_eq!(verdict(&e, r#"{"spoiled":true}"#), BallotVerdict::Invalid(Spoiled));
        assert_eq!(verdict(&e, r#"{"spoiled":false}"#), BallotVerdict::Valid);
        assert!(judge(&e, r#"{"spoiled":true,"chair":["a"]}"#).is_err());
    }

    /// Other provinces: only the overvoted post is void; the ballot counts elsewhere.
    #[test]
    fn per_post_overvote_setting() {
        let e = election("[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"");
        let (v, b) = judge(&e, r#"{"chair":["a","b"],"member":["c"]}"#).unwrap();
        assert_eq!(v, BallotVerdict::Valid);
        assert_eq!(b.words[0], VOIDED_BIT);
        assert_eq!(b.words[1], 1);
        let (_, b) = judge(&e, r#"{"chair":["w:张三"],"member":["w:张三","d"]}"#).unwrap();
        assert_eq!(&b.words[..2], &[VOIDED_BIT, VOIDED_BIT]);
        assert!(b.write_ins.is_empty());
        // A post voided for an overvote names nobody, so it cannot clash with another post.
        let (_, b) = judge(&e, r#"{"chair":["a","w:孙三"],"member":["c"]}"#).unwrap();
        assert_eq!(&b.words[..2], &[VOIDED_BIT, 1]);
    }

    #[test]
    fn input_errors_name_the_field() {
        let e = election("");
        let err = |l: &str| judge(&e, l).unwrap_err();
        assert_eq!(err(r#"{"chair":["z"]}"#).field, "chair[0]");
        assert_eq!(err(r#"{"mayor":["a"]}"#).field, "mayor");
        assert_eq!(err(r#"{"chair":["a"],"chair":[]}"#).field, "chair");
        assert_eq!(err(r#"{"chair":["w:  "]}"#).field, "chair[0]");
        assert_eq!(err(r#"{"chair":[1]}"#).field, "chair[0]");
        assert_eq!(err(r#"{"party":{"maybe":["p"]}}"#).field, "party.maybe");
        assert_eq!(err(r#"{"party":{"for":["x"]}}"#).field, "party.for[0]");
        assert!(err(r#"{"chair":["a"]"#).message.contains("EOF"));
        assert!(err(r#"[]"#).message.contains("object"));
        assert!(err(r#"{} {}"#).message.contains("trailing"));
        let e2 =
            Election::from_toml(&VC.replace("seats = 1\n", "seats = 1\nwrite_in = false\n"), Path::new("t")).unwrap();
        assert!(judge(&e2, r#"{"chair":["w:张三"]}"#).unwrap_err().message.contains("no written-in"));
    }
}
