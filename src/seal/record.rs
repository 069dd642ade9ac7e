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

use crate::error::Error;
use crate::law::ballot::{BallotBatch, LineError, Schema};
use crate::law::boxfile::{self, BoxHeader, Records};
use crate::law::tally::{Kernel, Tally};
use crate::seal::merkle::{self, Hash};

/// A box as published: its header, its records in canonical order, and their count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The box's header.
    pub header: BoxHeader,
    /// Canonical records, sorted by their bytes.
    pub records: Vec<Vec<u8>>,
    /// The tally of the box.
    pub tally: Tally,
}

impl Published {
    /// The Merkle root over the records.
    pub fn root(&self) -> Hash {
        merkle::root(&self.records)
    }

    /// The published file: the header line, then one record a line.
    pub fn to_bytes(&self) -> Vec<u8> {
        file_bytes(&self.header, &self.records)
    }
}

/// A box file's bytes: the header line, then one record a line.
pub fn file_bytes(header: &BoxHeader, records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = serde_json::to_vec(header).expect("a header serializes");
    out.push(b'\n');
    for r in records {
        out.extend_from_slice(r);
        out.push(b'\n');
    }
    out
}

/// The canonical record of a ballot line (see [`crate::law::ballot::Decoder::decode_record`]).
pub fn canonical(schema: &Schema<'_>, line: &[u8]) -> Result<Vec<u8>, LineError> {
    let mut batch = BallotBatch::new(&schema.layout);
    let mut record = Vec::with_capacity(line.len());
    schema.decoder().decode_record(line, &mut batch, &mut record)?;
    Ok(record)
}

/// Reads a box file, counts it and produces its published records (in canonical order) from the
/// same decode, checking that the records count exactly as the box did.
pub fn publish(path: &Path, schema: &Schema<'_>, kernel: &Kernel) -> Result<Published, Error> {
    let e = schema.election;
    let scanned = boxfile::scan(path, schema, Records::Keep, |mut batch: BallotBatch, _| {
        let records = std::mem::take(&mut batch.records);
        (Tally::of_batch(e, kernel, &batch), records)
    })?;
    let mut tally = Tally::empty(e);
    let mut records = Vec::with_capacity(scanned.ballots as usize);
    for (t, rs) in scanned.parts {
        tally.merge(&t);
        records.extend(rs);
    }
    records.par_sort_unstable();
    let published = Published { header: scanned.header, records, tally };
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

/// Counts records (ballot lines without a header).
pub fn recount(schema: &Schema<'_>, kernel: &Kernel, records: &[Vec<u8>]) -> Result<Tally, (usize, LineError)> {
    let e = schema.election;
    let parts: Vec<Result<Tally, (usize, LineError)>> = records
        .par_chunks(16_384)
        .enumerate()
        .map(|(k, chunk)| {
            let mut d = schema.decoder();
            let mut batch = BallotBatch::new(&schema.layout);
            for (i, r) in chunk.iter().enumerate() {
                d.decode(r, &mut batch).map_err(|err| (k * 16_384 + i, err))?;
            }
            Ok(Tally::of_batch(e, kernel, &batch))
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
    use crate::law::manifest::Election;

    fn canon(line: &str) -> String {
        let e = Election::from_toml(crate::law::testing::TWO_POSTS, Path::new("t")).unwrap();
        String::from_utf8(canonical(&Schema::new(&e), line.as_bytes()).unwrap()).unwrap()
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
