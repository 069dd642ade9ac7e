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
use serde_json::Value;

use crate::error::Error;
use crate::law::ballot::{LineError, Schema};
use crate::law::boxfile::{self, BoxHeader};
use crate::law::model::Style;
use crate::law::name;
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

/// The canonical record of a ballot line that the decoder accepted.
pub fn canonical(schema: &Schema<'_>, line: &[u8]) -> Result<Vec<u8>, LineError> {
    let bad = |m: &str| LineError { field: String::new(), message: m.to_string() };
    let v: Value = serde_json::from_slice(line).map_err(|e| bad(&e.to_string()))?;
    let Value::Object(map) = v else { return Err(bad("a ballot is a JSON object")) };
    if map.get("spoiled") == Some(&Value::Bool(true)) {
        return Ok(br#"{"spoiled":true}"#.to_vec());
    }
    let e = schema.election;
    let mut parts: Vec<String> = Vec::new();
    for c in e.contests() {
        let Some(post) = map.get(&c.id) else { continue };
        let rank = |id: &str| c.candidates.iter().position(|k| k.id == id).unwrap_or(usize::MAX);
        let ids = |v: Option<&Value>| -> Vec<String> {
            let mut l: Vec<String> = v
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            l.sort_by_key(|id| rank(id));
            l
        };
        let names = |v: Option<&Value>| -> Vec<String> {
            let mut l: Vec<String> = v
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(|s| name::normalize(s).into_owned()))
                .collect();
            l.sort();
            l
        };
        let json = |l: &[String]| serde_json::to_string(l).expect("strings serialize");
        let value = match c.style {
            Style::Choose => {
                let all = post.as_array().ok_or_else(|| bad("a choose post is a list"))?;
                let mut listed: Vec<String> = Vec::new();
                let mut written: Vec<String> = Vec::new();
                for x in all.iter().filter_map(Value::as_str) {
                    match x.strip_prefix("w:") {
                        Some(n) => written.push(name::normalize(n).into_owned()),
                        None => listed.push(x.to_string()),
                    }
                }
                listed.sort_by_key(|id| rank(id));
                written.sort();
                listed.extend(written.into_iter().map(|n| format!("w:{n}")));
                if listed.is_empty() {
                    continue;
                }
                json(&listed)
            }
            Style::Approve => {
                let (f, a, w) = (ids(post.get("for")), ids(post.get("against")), names(post.get("write_in")));
                let fields: Vec<String> = [("for", f), ("against", a), ("write_in", w)]
                    .into_iter()
                    .filter(|(_, l)| !l.is_empty())
                    .map(|(k, l)| format!("\"{k}\":{}", json(&l)))
                    .collect();
                if fields.is_empty() {
                    continue;
                }
                format!("{{{}}}", fields.join(","))
            }
        };
        parts.push(format!("{}:{value}", serde_json::to_string(&c.id).expect("ids serialize")));
    }
    Ok(format!("{{{}}}", parts.join(",")).into_bytes())
}

/// Reads a box file, counts it and produces its published records (in canonical order), checking
/// that the records count exactly as the box did.
pub fn publish(path: &Path, schema: &Schema<'_>, kernel: &Kernel) -> Result<Published, Error> {
    let e = schema.election;
    let scanned = boxfile::scan(path, schema, |batch, lines| {
        let records: Vec<Result<Vec<u8>, LineError>> = lines.iter().map(|l| canonical(schema, l)).collect();
        (Tally::of_batch(e, kernel, &batch), records)
    })?;
    let mut tally = Tally::empty(e);
    let mut records = Vec::with_capacity(scanned.ballots as usize);
    for (t, rs) in scanned.parts {
        tally.merge(&t);
        for r in rs {
            records.push(r.map_err(|err| Error::Invariant(format!("{}: {err}", path.display())))?);
        }
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
            let mut batch = crate::law::ballot::BallotBatch::new(&schema.layout);
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
