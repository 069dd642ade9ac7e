//! Merging signed station results into the village count: only what verifies is merged.
//!
//! Each result is checked against the manifest — this election, this manifest, a known station — its
//! signatures with `verify_strict` (batch verification as a fast path), its monitors'
//! countersignatures, and, when its published ballots are at hand, the Merkle root and a recount of
//! every ballot. The same result twice counts once; two different results for one station are a
//! conflict: both kept and reported, and no outcome is decided until the committee resolves it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::ballot::Schema;
use crate::boxfile;
use crate::error::{Error, read_limited};
use crate::keys;
use crate::manifest::Election;
use crate::merkle;
use crate::outcome::{Outcome, StationCount};
use crate::record;
use crate::result::{Check, ResultFile, message, verify_all};
use crate::tally::Kernel;

/// The largest published ballots file read.
pub const MAX_BALLOTS_BYTES: u64 = 8 << 30;

/// The published ballots file that goes with a result file: `X.zres` → `X.ballots.jsonl`.
pub fn ballots_path(result: &Path) -> PathBuf {
    let s = result.as_os_str().to_string_lossy();
    match s.strip_suffix(".zres") {
        Some(stem) => PathBuf::from(format!("{stem}.ballots.jsonl")),
        None => PathBuf::from(format!("{s}.ballots.jsonl")),
    }
}

/// A box's published ballots as read back: header and records, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    /// The header line.
    pub header: boxfile::BoxHeader,
    /// The records.
    pub records: Vec<Vec<u8>>,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl PublishedFile {
    /// Reads a published ballots file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = read_limited(path, MAX_BALLOTS_BYTES)?;
        let mut lines = bytes.split(|&b| b == b'\n');
        let header = boxfile::parse_header(path, lines.next().unwrap_or(b""))?;
        let mut records: Vec<Vec<u8>> = lines.map(<[u8]>::to_vec).collect();
        if records.last().is_some_and(Vec::is_empty) {
            records.pop();
        }
        Ok(PublishedFile { header, records, bytes })
    }
}

/// One result given to the merge.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it came from.
    pub path: PathBuf,
    /// The result.
    pub file: ResultFile,
    /// Its published ballots, if at hand.
    pub ballots: Option<PublishedFile>,
}

impl Input {
    /// Reads a result file and, if it exists beside it, its published ballots.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let file = ResultFile::read(path)?;
        let bp = ballots_path(path);
        let ballots = if bp.exists() { Some(PublishedFile::read(&bp)?) } else { None };
        Ok(Input { path: path.to_path_buf(), file, ballots })
    }
}

/// What became of one result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Verified and merged.
    Accepted,
    /// The same result as another accepted one: counted once.
    Duplicate,
    /// Verified, but another verified result for the same station differs.
    Conflict,
    /// Failed a check.
    Refused,
}

/// The checks of one result, each passed, failed, or not possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultReport {
    /// The file.
    pub path: String,
    /// The station it claims.
    pub station: String,
    /// SHA-256 of the signed body, hex.
    pub id: String,
    /// What became of it.
    pub status: Status,
    /// Why it was refused: the result itself (election, manifest, station, signatures, counts).
    pub reasons: Vec<String>,
    /// Why it was refused: its published ballots (Merkle root, order, recount).
    pub ballot_reasons: Vec<String>,
    /// Monitors' valid signatures.
    pub monitors_signed: u32,
    /// Whether the published ballots were checked (Merkle root and recount).
    pub ballots_checked: bool,
}

/// The merge: a report per result, conflicts, missing stations, and the accepted results.
#[derive(Debug, Clone)]
pub struct Merged {
    /// Per input, in the order given.
    pub reports: Vec<ResultReport>,
    /// Stations with conflicting results: station id → files.
    pub conflicts: BTreeMap<String, Vec<String>>,
    /// Stations with no accepted result.
    pub missing: Vec<String>,
    /// Accepted inputs' indices, one per station, in manifest order.
    pub accepted: Vec<usize>,
    /// The inputs.
    pub inputs: Vec<Input>,
}

impl Merged {
    /// Whether every check passed: nothing refused, no conflict, no station missing.
    pub fn clean(&self) -> bool {
        self.conflicts.is_empty() && self.missing.is_empty() && self.reports.iter().all(|r| r.status != Status::Refused)
    }

    /// One line per result (what became of it, and why), then the stations with no result.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for r in &self.reports {
            let what = match r.status {
                Status::Accepted => "accepted",
                Status::Duplicate => "duplicate, counted once",
                Status::Conflict => "CONFLICT",
                Status::Refused => "REFUSED",
            };
            let checked = if r.ballots_checked { "; ballots hashed and recounted" } else { "" };
            let reasons = [r.reasons.as_slice(), r.ballot_reasons.as_slice()].concat();
            let why = if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) };
            out.push_str(&format!("{}: station {} — {what}{checked}{why}\n", r.path, r.station));
        }
        for m in &self.missing {
            out.push_str(&format!("station {m}: no verified result\n"));
        }
        out
    }

    /// The outcome, when one can be decided: no conflict, and every station present (or `partial`).
    pub fn outcome(&self, e: &Election, partial: bool) -> Option<Outcome> {
        if !self.conflicts.is_empty() || (!self.missing.is_empty() && !partial) {
            return None;
        }
        let counts: Vec<StationCount> = self
            .accepted
            .iter()
            .map(|&i| {
                let b = &self.inputs[i].file.body;
                let station = e.station(&b.station).map(|(s, _)| s).expect("accepted results name known stations");
                StationCount {
                    station,
                    voters: b.voters,
                    tally: b.tally(e).expect("accepted results have valid tallies"),
                }
            })
            .collect();
        Some(Outcome::new(e, &counts))
    }
}

/// Checks and merges results. `batch` enables the batch-verification fast path.
pub fn merge(e: &Election, inputs: Vec<Input>, batch: bool) -> Merged {
    let hash = e.canonical_sha256();
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, &schema.layout);
    let mut reports: Vec<ResultReport> = inputs
        .iter()
        .map(|i| ResultReport {
            path: i.path.display().to_string(),
            station: i.file.body.station.clone(),
            id: hex::encode(i.file.id()),
            status: Status::Accepted,
            reasons: Vec::new(),
            ballot_reasons: Vec::new(),
            monitors_signed: 0,
            ballots_checked: false,
        })
        .collect();

    // The claims of each result against the manifest.
    let messages: Vec<Vec<u8>> = inputs.iter().map(|i| message(&i.file.signed.body)).collect();
    let mut checks: Vec<Check<'_>> = Vec::new();
    let mut owners: Vec<(usize, bool)> = Vec::new(); // (input, is the station's signature)
    for (n, (input, report)) in inputs.iter().zip(reports.iter_mut()).enumerate() {
        let b = &input.file.body;
        let mut refuse = |m: String| report.reasons.push(m);
        if b.election != e.id {
            refuse(format!("a result of election {:?}, not {:?}", b.election, e.id));
        }
        if b.manifest_sha256 != hash {
            refuse(format!(
                "signed against another manifest (SHA-256 {}, this one {})",
                hex::encode(b.manifest_sha256),
                hex::encode(hash)
            ));
        }
        let Some((_, station)) = e.station(&b.station) else {
            refuse(format!("station {:?} is not in the manifest", b.station));
            continue;
        };
        if let Err(m) = b.tally(e) {
            refuse(format!("counts do not fit the manifest: {m}"));
        }
        let Some(station_key) = station.key.as_deref().and_then(|k| keys::parse_public(k).ok()) else {
            refuse(format!("the manifest lists no key for station {:?}", b.station));
            continue;
        };
        let sigs = &input.file.signed.signatures;
        if sigs.first().map(|s| s.key) != Some(station_key.to_bytes()) {
            refuse("not signed first by the station's key".into());
            continue;
        }
        for (k, s) in sigs.iter().enumerate() {
            if sigs[..k].iter().any(|t| t.key == s.key) {
                refuse(format!("key {} signed twice", hex::encode(s.key)));
                continue;
            }
            let is_station = k == 0;
            let known = is_station || station.monitors.contains(&hex::encode(s.key));
            let Some(key) = known.then(|| keys::public_from_bytes(&s.key).ok()).flatten() else {
                refuse(format!("signed by key {}, neither the station's nor a listed monitor's", hex::encode(s.key)));
                continue;
            };
            checks.push(Check { key, message: &messages[n], signature: s.signature });
            owners.push((n, is_station));
        }
    }

    // Every signature, verify_strict (batch as a fast path).
    let verdicts = verify_all(&checks, batch);
    for ((n, is_station), ok) in owners.iter().zip(verdicts) {
        let r = &mut reports[*n];
        match (ok, is_station) {
            (true, false) => r.monitors_signed += 1,
            (true, true) => {}
            (false, true) => r.reasons.push("the station's signature does not verify".into()),
            (false, false) => r.reasons.push("a monitor's signature does not verify".into()),
        }
    }
    for (input, r) in inputs.iter().zip(reports.iter_mut()) {
        if let Some((_, s)) = e.station(&input.file.body.station)
            && r.monitors_signed < s.monitors_required
        {
            r.reasons.push(format!("{} of {} required monitors' signatures", r.monitors_signed, s.monitors_required));
        }
    }

    // The published ballots: Merkle root, and a recount of every ballot.
    for (input, r) in inputs.iter().zip(reports.iter_mut()) {
        let Some(p) = &input.ballots else { continue };
        let b = &input.file.body;
        r.ballots_checked = true;
        if p.header.station != b.station || p.header.voters != b.voters {
            r.ballot_reasons.push("the published ballots' header does not match the result (station, voters)".into());
        }
        if p.records.windows(2).any(|w| w[0] > w[1]) {
            r.ballot_reasons.push("the published ballots are not in canonical (sorted) order".into());
        }
        if merkle::root(&p.records) != b.ballots_root {
            r.ballot_reasons.push("the published ballots do not hash to the signed Merkle root".into());
        }
        match (record::recount(&schema, &kernel, &p.records), b.tally(e)) {
            (Ok(t), Ok(stated)) if t == stated => {}
            (Ok(_), Ok(_)) => {
                r.ballot_reasons.push("a recount of the published ballots differs from the signed counts".into())
            }
            (Err((i, err)), _) => r.ballot_reasons.push(format!("published ballot {} is not a ballot: {err}", i + 2)),
            (_, Err(_)) => {}
        }
    }
    for r in &mut reports {
        if !r.reasons.is_empty() || !r.ballot_reasons.is_empty() {
            r.status = Status::Refused;
        }
    }

    // One result per station: the same twice counts once; different ones conflict.
    let mut by_station: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, (input, r)) in inputs.iter().zip(&reports).enumerate() {
        if r.status == Status::Accepted
            && let Some((s, _)) = e.station(&input.file.body.station)
        {
            by_station.entry(s).or_default().push(n);
        }
    }
    let mut accepted = Vec::new();
    let mut conflicts = BTreeMap::new();
    for (s, ns) in &by_station {
        let mut ids: Vec<&String> = ns.iter().map(|&n| &reports[n].id).collect();
        ids.sort();
        ids.dedup();
        if ids.len() > 1 {
            for &n in ns {
                reports[n].status = Status::Conflict;
            }
            conflicts.insert(e.stations[*s].id.clone(), ns.iter().map(|&n| reports[n].path.clone()).collect());
            continue;
        }
        // The copy with the most valid signatures stands for all.
        let best = *ns.iter().max_by_key(|&&n| (reports[n].monitors_signed, std::cmp::Reverse(n))).expect("non-empty");
        for &n in ns.iter().filter(|&&n| n != best) {
            reports[n].status = Status::Duplicate;
        }
        accepted.push(best);
    }
    let present: Vec<usize> = by_station.keys().copied().collect();
    let missing =
        e.stations.iter().enumerate().filter(|(s, _)| !present.contains(s)).map(|(_, st)| st.id.clone()).collect();
    Merged { reports, conflicts, missing, accepted, inputs }
}
