//! Published ballot records: each ballot of a box in one canonical form, the box's records sorted
//! by their bytes — never in the order of entry, which could tell who voted how.
//!
//! A record is a ballot line of contract §2 with posts in manifest order, marks sorted (listed
//! candidates in list order, then written-in names), written-in names trimmed and in NFC, empty
//! posts left out, and nothing else; duplicates are kept, so an invalid ballot stays invalid. The
//! published file is the header and the sorted records: itself a box file that `zheng count` reads,
//! and that counts exactly as the original box did.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Refusal};
use crate::seal::merkle::{self, Hash};
use crate::vote::ballot::{BallotBatch, BallotVerdict, InvalidCounts, LineError, Schema};
use crate::vote::boxfile::{self, BoxHeader, BoxSource, Records};
use crate::vote::tally::{CheckedTally, Kernel, Tally};

/// A box as published: its header, its records in canonical order, and their tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The box's header.
    pub header: BoxHeader,
    /// The distinct canonical records, sorted by their bytes, each with the number of ballots that
    /// wrote it: the published file is each record that many times, in this order.
    records: Vec<(Box<[u8]>, u64)>,
    /// The tally of the box, its invariants checked.
    pub tally: CheckedTally,
}

impl Published {
    /// The Merkle root over the records, each run of equal records added as a run
    /// ([`merkle::root_of_runs`]).
    pub fn root(&self) -> Hash {
        merkle::root_of_runs(&self.records)
    }

    /// Ballot records in the published file.
    pub fn len(&self) -> u64 {
        self.records.iter().map(|(_, n)| n).sum()
    }

    /// Whether the box holds no ballot.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every record in published order, an equal record as many times as ballots wrote it.
    pub fn records(&self) -> impl Iterator<Item = &[u8]> {
        self.records.iter().flat_map(|(r, n)| std::iter::repeat_n(&r[..], *n as usize))
    }

    /// The published file: the header line, then one record a line.
    pub fn to_bytes(&self) -> Vec<u8> {
        let size: usize = self.records.iter().map(|(r, n)| (r.len() + 1) * *n as usize).sum();
        let mut out = Vec::with_capacity(size + 128);
        self.write_to(&mut out).expect("writing to memory");
        out
    }

    /// Writes the published file (as [`Published::to_bytes`]) to `w`.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut header = Vec::new();
        header_line(&mut header, &self.header);
        w.write_all(&header)?;
        let mut line = Vec::new();
        for (r, n) in &self.records {
            line.clear();
            line.extend_from_slice(r);
            line.push(b'\n');
            for _ in 0..*n {
                w.write_all(&line)?;
            }
        }
        Ok(())
    }
}

/// The header line of a box file, newline included.
fn header_line(out: &mut Vec<u8>, header: &BoxHeader) {
    serde_json::to_writer(&mut *out, header).expect("a header serializes");
    out.push(b'\n');
}

/// A box file's bytes: the header line, then one record a line.
pub fn file_bytes(header: &BoxHeader, records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    header_line(&mut out, header);
    for r in records {
        out.extend_from_slice(r);
        out.push(b'\n');
    }
    out
}

/// The canonical record of a ballot line (see [`crate::vote::ballot::Decoder::decode_record`]).
pub fn canonical(schema: &Schema<'_>, line: &[u8]) -> Result<Vec<u8>, LineError> {
    let mut batch = BallotBatch::new(schema.layout());
    let mut record = Vec::with_capacity(line.len());
    schema.decoder().decode_record(line, &mut batch, &mut record)?;
    Ok(record)
}

/// Reads a box file, counts it and produces its published records (in canonical order) from the
/// same decode, checking that the records count exactly as the box did: every distinct record is
/// read back on its own, and its tally taken as many times as ballots wrote it.
pub fn publish(path: &Path, schema: &Schema<'_>, kernel: &Kernel) -> Result<Published, Error> {
    publish_source(&BoxSource::File(path.to_path_buf()), schema, kernel)
}

/// [`publish`] of a box from a file or from bytes already in memory (a device that generated its
/// box, as the county's scale run does).
pub fn publish_source(source: &BoxSource<'_>, schema: &Schema<'_>, kernel: &Kernel) -> Result<Published, Error> {
    let e = schema.election();
    let path = source.name();
    let scanned = source.scan(schema, Records::Keep, |batch: &BallotBatch, _| Tally::of_batch(e, kernel, batch))?;
    let tally = Tally::sum(e, scanned.parts);
    let counts = scanned.records;
    if counts.total() != scanned.ballots {
        return Err(Error::Invariant(format!(
            "{}: {} ballots read but {} records written",
            path.display(),
            scanned.ballots,
            counts.total()
        )));
    }
    let tally = tally.checked(e)?;
    let published = Published { header: scanned.header, records: counts.into_sorted(), tally };
    let recount = recount(schema, kernel, &published.records)
        .map_err(|(i, err)| Error::Invariant(format!("record {i} does not read back: {err}")))?;
    if recount != published.tally {
        return Err(Error::Invariant(format!(
            "{}: the canonical records count differently from the box",
            path.display()
        )));
    }
    Ok(published)
}

/// A published ballots file as read back, streamed: never held whole, so memory stays flat in the
/// file's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCheck {
    /// The header, if it could be read.
    pub header: Option<BoxHeader>,
    /// Ballot records read.
    pub records: u64,
    /// The Merkle root over the records as they are in the file.
    pub root: Hash,
    /// The recount of the records (meaningless when a line is not a ballot).
    pub tally: Tally,
    /// The first line out of the canonical (sorted) order.
    pub unsorted: Option<usize>,
    /// The first line that is not a ballot of the manifest, and why.
    pub not_ballot: Option<(usize, LineError)>,
    /// The first ballot line not in its canonical form.
    pub not_canonical: Option<usize>,
    /// Whether the header is written in its canonical form.
    pub header_canonical: bool,
    /// Whether the file ends with a newline.
    pub final_newline: bool,
}

impl PublishedCheck {
    /// How the file departs from the published form, as refusals: its order, then whether its
    /// lines are ballots, then their byte form.
    pub fn problems(&self) -> Vec<Refusal> {
        let mut out = Vec::new();
        if let Some(line) = self.unsorted {
            out.push(Refusal::BallotsNotInCanonicalOrder { line });
        }
        if let Some((line, why)) = &self.not_ballot {
            out.push(Refusal::NotABallot {
                line: *line,
                field: why.field.clone(),
                problem: Box::new(why.problem.clone()),
            });
        }
        if !self.header_canonical {
            out.push(Refusal::HeaderNotCanonical);
        }
        if let Some(line) = self.not_canonical {
            out.push(Refusal::BallotNotCanonical { line });
        }
        if !self.final_newline {
            out.push(Refusal::NoFinalNewline);
        }
        out
    }
}

/// Reads a published ballots file as a stream: its header, every record's canonical form (the
/// decoder re-encodes each and the bytes must be equal), their order, their Merkle root and their
/// recount. An unreadable file is an error; everything else is reported in the [`PublishedCheck`].
pub fn check_published(path: &Path, schema: &Schema<'_>, kernel: &Kernel) -> Result<PublishedCheck, Error> {
    let e = schema.election();
    let mut c = PublishedCheck {
        header: None,
        records: 0,
        root: [0; 32],
        tally: Tally::empty(e),
        unsorted: None,
        not_ballot: None,
        not_canonical: None,
        header_canonical: true,
        final_newline: true,
    };
    let mut merkle = merkle::Builder::default();
    let mut last: Option<Vec<u8>> = None;
    let (file, size) = crate::files::open_regular_sized(path)?;
    let header = |h: &[u8]| {
        let header = boxfile::parse_header(path, h)?;
        let canonical = serde_json::to_vec(&header).expect("a header serializes") == *h;
        Ok((header, canonical))
    };
    let task = |lines: &[&[u8]]| Ok::<_, std::convert::Infallible>(read_records(schema, kernel, lines));
    let consume = |first: usize, part: Chunk| {
        if c.unsorted.is_none() {
            let across = last.as_deref().zip(part.first.as_deref()).is_some_and(|(p, f)| p > f);
            c.unsorted = if across { Some(first) } else { part.unsorted.map(|i| first + i) };
        }
        if part.last.is_some() {
            last = part.last;
        }
        part.leaves.into_iter().for_each(|h| merkle.push(h));
        c.tally.merge(&part.tally);
        if c.not_ballot.is_none() {
            c.not_ballot = part.not_ballot.map(|(i, e)| (first + i, e));
        }
        c.not_canonical = c.not_canonical.or(part.not_canonical.map(|i| first + i));
        c.records += part.records;
    };
    let (h, canonical) = match boxfile::each_chunk(path, (file, size), header, &task, consume) {
        Ok(h) => h,
        Err(boxfile::Stopped::File(e)) => return Err(e),
        Err(boxfile::Stopped::Task(_, never)) => match never {},
    };
    c.header = Some(h);
    c.header_canonical = canonical;
    c.root = merkle.root();
    c.final_newline = size == 0 || ends_with_newline(path, size)?;
    Ok(c)
}

/// What one chunk of published records holds; places are the records' in the chunk.
struct Chunk {
    /// Their Merkle leaf hashes, in order.
    leaves: Vec<Hash>,
    /// Their tally.
    tally: Tally,
    /// Records read.
    records: u64,
    /// The first that is not a ballot: its place and why.
    not_ballot: Option<(usize, LineError)>,
    /// The first not in canonical form.
    not_canonical: Option<usize>,
    /// The first that sorts before the one above it.
    unsorted: Option<usize>,
    /// The first record and the last, to compare with the chunks beside it.
    first: Option<Vec<u8>>,
    last: Option<Vec<u8>>,
}

/// Reads one chunk of published records.
fn read_records(schema: &Schema<'_>, kernel: &Kernel, chunk: &[&[u8]]) -> Chunk {
    let mut d = schema.decoder();
    let mut batch = BallotBatch::new(schema.layout());
    let mut record = Vec::new();
    let (mut bad, mut uncanonical) = (None, None);
    for (i, line) in chunk.iter().enumerate() {
        record.clear();
        match d.decode_record(line, &mut batch, &mut record) {
            Ok(_) if record != *line && uncanonical.is_none() => uncanonical = Some(i),
            Ok(_) => {}
            Err(err) if bad.is_none() => bad = Some((i, err)),
            Err(_) => {}
        }
    }
    Chunk {
        leaves: chunk.iter().map(|l| merkle::leaf(l)).collect(),
        tally: Tally::of_batch(schema.election(), kernel, &batch),
        records: chunk.len() as u64,
        not_ballot: bad,
        not_canonical: uncanonical,
        unsorted: chunk.windows(2).position(|w| w[0] > w[1]).map(|i| i + 1),
        first: chunk.first().map(|l| l.to_vec()),
        last: chunk.last().map(|l| l.to_vec()),
    }
}

/// Whether a file's last byte is a newline.
fn ends_with_newline(path: &Path, size: u64) -> Result<bool, Error> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = crate::files::open_regular(path)?;
    let mut last = [0u8; 1];
    f.seek(SeekFrom::Start(size - 1)).and_then(|_| f.read_exact(&mut last)).map_err(|err| Error::io(path, err))?;
    Ok(last[0] == b'\n')
}

/// Counts distinct records, each standing for `n` ballots: each is decoded on its own and counted
/// `n` times ([`Tally::of_weighted`]). An error names the distinct record (by its place in
/// `records`).
fn recount(schema: &Schema<'_>, kernel: &Kernel, records: &[(Box<[u8]>, u64)]) -> Result<Tally, (usize, LineError)> {
    const TASK: usize = 512;
    let e = schema.election();
    let parts: Vec<Result<Tally, (usize, LineError)>> = records
        .par_chunks(TASK)
        .enumerate()
        .map(|(k, chunk)| {
            let mut d = schema.decoder();
            let mut batch = BallotBatch::new(schema.layout());
            let mut weights = Vec::with_capacity(chunk.len());
            let mut invalid = InvalidCounts::default();
            for (i, (r, n)) in chunk.iter().enumerate() {
                match d.decode(r, &mut batch).map_err(|err| (k * TASK + i, err))? {
                    BallotVerdict::Valid => weights.push(*n),
                    BallotVerdict::Invalid(reason) => invalid.add_n(reason, *n),
                }
            }
            Ok(Tally::of_weighted(e, kernel, &batch, &weights, invalid))
        })
        .collect();
    let mut t = Tally::empty(e);
    for p in parts {
        t.merge(&p?);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::manifest::Election;

    fn canon(line: &str) -> String {
        let e = Election::from_toml(crate::vote::testing::TWO_POSTS, Path::new("t")).unwrap();
        String::from_utf8(canonical(&Schema::new(&e), line.as_bytes()).unwrap()).unwrap()
    }

    /// The published box from counted records equals the plain way: every line's record, sorted,
    /// hashed leaf by leaf.
    #[test]
    fn counted_records_publish_as_every_record_sorted() {
        let e = Election::from_toml(crate::vote::testing::TWO_POSTS, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let kernel = Kernel::new(&e, schema.layout());
        let lines = [
            r#"{"chair":["b"]}"#,
            r#"{"chair":["a"],"party":{"for":["p"]}}"#,
            r#"{"chair":["b"]}"#,
            r#"{"chair":["w: 王五"]}"#,
            r#"{"chair":["a","b"]}"#,
            r#"{"spoiled":true}"#,
            r#"{"party":{"for":["p"]},"chair":["a"]}"#,
            r#"{}"#,
            r#"{"chair":["b"]}"#,
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        let mut text = String::from("{\"station\":\"s\",\"voters\":9}\n");
        for l in lines {
            text += l;
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
        let p = publish(&path, &schema, &kernel).unwrap();
        let mut plain: Vec<Vec<u8>> = lines.iter().map(|l| canonical(&schema, l.as_bytes()).unwrap()).collect();
        plain.sort();
        assert_eq!(p.records().collect::<Vec<_>>(), plain.iter().map(|r| &r[..]).collect::<Vec<_>>());
        assert_eq!(p.len(), 9);
        assert_eq!(p.root(), merkle::root(&plain));
        assert_eq!(p.to_bytes(), file_bytes(&p.header, &plain));
        assert_eq!(p.tally.valid + p.tally.invalid.total(), 9);
    }

    /// A published file is checked the same whatever chunks it is read in (unit tests read in
    /// chunks of 128 KiB): the root, the tally and the count equal the publisher's, and a record out
    /// of order is found on its line — within a chunk, and as the first record of a chunk.
    #[test]
    fn published_records_are_checked_across_chunks() {
        let e = Election::from_toml(crate::vote::testing::TWO_POSTS, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let kernel = Kernel::new(&e, schema.layout());
        let dir = tempfile::tempdir().unwrap();
        let boxed = dir.path().join("s.jsonl");
        let mut text = String::from("{\"station\":\"s\",\"voters\":10}\n");
        for i in 0..30_000 {
            text += &format!("{{\"chair\":[\"w:王{:05}\"]}}\n", (i * 7_919) % 30_000);
        }
        std::fs::write(&boxed, text).unwrap();
        let p = publish(&boxed, &schema, &kernel).unwrap();
        let bytes = p.to_bytes();
        let published = dir.path().join("s.ballots.jsonl");
        let check = |bytes: &[u8]| {
            std::fs::write(&published, bytes).unwrap();
            check_published(&published, &schema, &kernel).unwrap()
        };
        let c = check(&bytes);
        assert!(bytes.len() > 4 * (128 << 10), "several chunks");
        assert_eq!((c.records, c.root, c.unsorted, c.not_canonical), (30_000, p.root(), None, None));
        assert_eq!(c.tally.clone().checked(&e).unwrap(), p.tally);
        // The first line of the second chunk: after the last newline of the first 128 KiB.
        let cut = memchr::memrchr(b'\n', &bytes[..128 << 10]).unwrap() + 1;
        let line_at = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        for second in [line_at(cut), 12] {
            // Swap the line with the one above it (lines are numbered from 1).
            let mut swapped: Vec<&[u8]> = lines.clone();
            swapped.swap(second - 2, second - 1);
            assert_eq!(check(&swapped.join(&b'\n')).unsorted, Some(second), "line {second}");
        }
    }

    #[test]
    fn one_form_per_ballot() {
        assert_eq!(canon(r#"{"chair":["w: 王五 ","a","b"]}"#), r#"{"chair":["b","a","w:王五"]}"#);
        assert_eq!(canon(r#"{"party":{"against":["q","p"]},"chair":[]}"#), r#"{"party":{"against":["p","q"]}}"#);
        assert_eq!(
            canon(r#"{"party":{"write_in":["张三"],"for":[],"against":["q"]}}"#),
            r#"{"party":{"against":["q"],"write_in":["张三"]}}"#
        );
        assert_eq!(canon(r#"{"chair":["a","a"]}"#), r#"{"chair":["a","a"]}"#, "duplicates kept: still invalid");
        assert_eq!(canon(r#"{}"#), "{}");
        assert_eq!(canon(r#"{"spoiled":false,"chair":["a"]}"#), r#"{"chair":["a"]}"#);
        assert_eq!(canon(r#"{"spoiled":true}"#), r#"{"spoiled":true}"#);
    }
}
