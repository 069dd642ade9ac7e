//! Merging signed station results into the village count: only what verifies is merged.
//!
//! Each result is checked against the manifest — this election, this manifest, a known station — its
//! signatures with `verify_strict`, its monitors'
//! countersignatures, and, when its published ballots are at hand, the Merkle root and a recount of
//! every ballot. The same result twice counts once; two different results for one station are a
//! conflict: both kept and reported, and no outcome is decided until the committee resolves it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::close::ballots_path;
use crate::audit::difference;
use crate::error::{Error, Refusal};
use crate::seal::keys;
use crate::seal::record;
use crate::seal::result::{Check, ResultFile, message};
use crate::vote::ballot::Schema;
use crate::vote::manifest::{Election, Station};
use crate::vote::outcome::{Outcome, StationCount};
use crate::vote::tally::Kernel;
use crate::words::Lang;
use crate::words::merge::{MergeSays, MergeWord};
use crate::words::verify::Difference;
use ed25519_dalek::Signature;

/// One result given to the merge.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it came from.
    pub path: PathBuf,
    /// The signed result, decoded.
    pub file: ResultFile,
    /// Its published ballots file, if at hand (read as a stream when checked).
    pub ballots: Option<PathBuf>,
}

impl Input {
    /// Reads a result file and, if it exists beside it, its published ballots.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let file = ResultFile::read(path)?;
        let bp = ballots_path(path);
        let ballots = std::fs::symlink_metadata(&bp).is_ok().then_some(bp);
        Ok(Input { path: path.to_path_buf(), file, ballots })
    }
}

/// What became of one result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultReport {
    /// The result's file, as given.
    pub path: String,
    /// The station it claims.
    pub station: String,
    /// SHA-256 of the signed body, hex.
    pub id: String,
    /// What became of it.
    pub fate: Fate,
    /// Why it was refused: the result itself (election, manifest, station, signatures, counts).
    pub reasons: Vec<Refusal>,
    /// Why it was refused: its published ballots (Merkle root, order, recount).
    pub ballot_reasons: Vec<Refusal>,
    /// Where the recount of its published ballots first differs from its signed counts, when it
    /// does: a total, or the post, the person and both numbers.
    pub recount: Option<Difference>,
    /// Monitors' valid signatures.
    pub monitors_signed: u32,
    /// Whether the published ballots were checked (Merkle root and recount).
    pub ballots_checked: bool,
}

impl ResultReport {
    fn new(input: &Input) -> ResultReport {
        ResultReport {
            path: input.path.display().to_string(),
            station: input.file.body().station.clone(),
            id: hex::encode(input.file.id()),
            fate: Fate::Accepted,
            reasons: Vec::new(),
            ballot_reasons: Vec::new(),
            recount: None,
            monitors_signed: 0,
            ballots_checked: false,
        }
    }
}

/// The merge: a report per result, conflicts, missing stations, and the accepted results.
///
/// Made only by [`merge`]: `accepted` indexes `inputs` (one known station each, its tally of the
/// manifest's shape), and `reports` runs beside `inputs`; the fields are private so that nothing
/// else can break that, and read through the accessors below.
#[derive(Debug, Clone)]
pub struct Merged {
    /// Per input, in the order given.
    reports: Vec<ResultReport>,
    /// Stations with conflicting results: station id → files.
    conflicts: BTreeMap<String, Vec<String>>,
    /// Stations with no accepted result.
    missing: Vec<String>,
    /// Accepted inputs' indices, one per station, in manifest order.
    accepted: Vec<usize>,
    /// The results given, in the order given; `accepted` and the reports index them.
    inputs: Vec<Input>,
}

impl Merged {
    /// What became of each result, in the order given (beside [`Merged::inputs`]).
    pub fn reports(&self) -> &[ResultReport] {
        &self.reports
    }

    /// Stations with conflicting results: station id → the files.
    pub fn conflicts(&self) -> &BTreeMap<String, Vec<String>> {
        &self.conflicts
    }

    /// Stations with no accepted result, in manifest order.
    pub fn missing(&self) -> &[String] {
        &self.missing
    }

    /// The results given, in the order given.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// The accepted results, one per station, in manifest order.
    pub fn accepted(&self) -> impl Iterator<Item = &Input> {
        self.accepted.iter().map(|&i| &self.inputs[i])
    }

    /// Whether every check passed: nothing refused, no conflict, no station missing.
    pub fn clean(&self) -> bool {
        self.conflicts.is_empty() && self.missing.is_empty() && self.reports.iter().all(|r| r.fate != Fate::Refused)
    }

    /// One line per result (what became of it, and why), then the stations with no result.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for r in &self.reports {
            let what = lang.say(match r.fate {
                Fate::Accepted => MergeWord::Accepted,
                Fate::Duplicate => MergeWord::Duplicate,
                Fate::Conflict => MergeWord::Conflict,
                Fate::Refused => MergeWord::Refused,
            });
            let checked = if r.ballots_checked { lang.say(MergeWord::Recounted) } else { "" };
            let line = MergeSays::Result { path: &r.path, station: &r.station, what: &what, checked: &checked };
            out.push_str(&lang.format(line));
            let reasons: Vec<String> = r.reasons.iter().chain(&r.ballot_reasons).map(|why| why.said_in(lang)).collect();
            if !reasons.is_empty() {
                out.push_str(if lang == Lang::Zh { "：" } else { ": " });
                out.push_str(&reasons.join(lang.clause_sep()));
            }
            out.push('\n');
        }
        for m in &self.missing {
            out.push_str(&lang.format(MergeSays::Missing { station: m }));
            out.push('\n');
        }
        out
    }

    /// The outcome, when one can be decided: no conflict, and every station present (or `partial`).
    pub fn outcome(&self, e: &Election, partial: bool) -> Result<Outcome, Refusal> {
        self.outcome_with(e, partial, None)
    }

    /// Each accepted result's counts, as the outcome takes them.
    pub(crate) fn station_counts(&self, e: &Election) -> Vec<StationCount> {
        self.accepted()
            .map(|input| {
                let b = input.file.body();
                let station = e.station(&b.station).map(|(s, _)| s).expect("accepted results name known stations");
                StationCount {
                    station,
                    voters: b.voters,
                    tally: b.tally(e).expect("accepted results have valid tallies"),
                }
            })
            .collect()
    }

    /// [`Merged::outcome`], with kinship avoidance judged on the village register when given.
    pub fn outcome_with(
        &self,
        e: &Election,
        partial: bool,
        register: Option<&crate::vote::register::Register>,
    ) -> Result<Outcome, Refusal> {
        if !self.conflicts.is_empty() {
            return Err(Refusal::ConflictingResults { stations: self.conflicts.keys().cloned().collect() });
        }
        if !self.missing.is_empty() && !partial {
            return Err(Refusal::StationsMissing);
        }
        let counts = self.station_counts(e);
        Ok(Outcome::with_register(e, &counts, register))
    }
}

/// Checks and merges results: each one's claims against the manifest, every signature, the
/// monitors required, the published ballots; then one result per station.
pub fn merge(e: &Election, inputs: Vec<Input>) -> Merged {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let mut reports: Vec<ResultReport> = inputs.iter().map(ResultReport::new).collect();
    let verdicts: Vec<Result<u32, Vec<Refusal>>> = {
        use rayon::prelude::*;
        inputs.par_iter().map(|i| verify_result(e, &i.file)).collect()
    };
    for ((input, r), verdict) in inputs.iter().zip(reports.iter_mut()).zip(verdicts) {
        match verdict {
            Ok(monitors) => r.monitors_signed = monitors,
            Err(reasons) => r.reasons = reasons,
        }
        if let Some(p) = &input.ballots {
            r.ballots_checked = true;
            (r.ballot_reasons, r.recount) = check_ballots(e, &schema, &kernel, input.file.body(), p);
        }
        if !r.reasons.is_empty() || !r.ballot_reasons.is_empty() {
            r.fate = Fate::Refused;
        }
    }
    let (accepted, conflicts, missing) = one_per_station(e, &inputs, &mut reports);
    Merged { reports, conflicts, missing, accepted, inputs }
}

/// The claims of one result against the manifest — this election, this manifest, a known station
/// with a key, counts of the manifest's shape — and the signatures to check: the station's first,
/// then listed monitors'. Refusals go to `reasons`.
fn claims<'m>(
    election: &Election,
    file: &ResultFile,
    message: &'m [u8],
    reasons: &mut Vec<Refusal>,
) -> Vec<(Check<'m>, bool)> {
    let b = file.body();
    let hash = election.canonical_sha256();
    if b.election != election.id() {
        reasons.push(Refusal::WrongElection { found: b.election.clone(), expected: election.id().to_string() });
    }
    if b.manifest_sha256 != hash {
        reasons.push(Refusal::OtherManifest { signed: hex::encode(b.manifest_sha256), this: hex::encode(hash) });
    }
    let Some((_, station)) = election.station(&b.station) else {
        reasons.push(Refusal::UnknownStation { station: b.station.clone() });
        return Vec::new();
    };
    if let Err(problem) = b.tally(election) {
        reasons.push(Refusal::CountsDoNotFit { problem });
    }
    let Some(station_key) = station.key.as_deref().and_then(|k| keys::parse_public(k).ok()) else {
        reasons.push(Refusal::NoStationKey { station: b.station.clone() });
        return Vec::new();
    };
    let sigs = file.signatures();
    if sigs.first().map(|s| s.key) != Some(station_key.to_bytes()) {
        reasons.push(Refusal::NotSignedFirstByStation);
        return Vec::new();
    }
    let mut checks = Vec::new();
    for (k, s) in sigs.iter().enumerate() {
        if sigs[..k].iter().any(|t| t.key == s.key) {
            reasons.push(Refusal::SignedTwice { key: hex::encode(s.key) });
            continue;
        }
        let key = if k == 0 { Some(station_key) } else { monitor(station, &s.key) };
        match key {
            Some(key) => checks.push((Check { key, message, signature: s.signature }, k == 0)),
            None => reasons.push(Refusal::UnknownSigner { key: hex::encode(s.key) }),
        }
    }
    checks
}

/// One result on its own, without its ballots — what a collector checks as a result arrives: its
/// claims against the manifest, every signature (`verify_strict`), the monitors required. Returns
/// the monitors' valid signatures, or every refusal.
pub fn verify_result(e: &Election, file: &ResultFile) -> Result<u32, Vec<Refusal>> {
    let message = message(file.signed_bytes());
    let mut reasons = Vec::new();
    let station = file.body().station.clone();
    let mut monitors = 0u32;
    for (check, is_station) in claims(e, file, &message, &mut reasons) {
        let ok = check.key.verify_strict(check.message, &Signature::from_bytes(&check.signature)).is_ok();
        match (ok, is_station) {
            (true, false) => monitors += 1,
            (true, true) => {}
            (false, true) => reasons.push(Refusal::BadStationSignature { station: station.clone() }),
            (false, false) => reasons.push(Refusal::BadMonitorSignature { station: station.clone() }),
        }
    }
    if let Some((_, s)) = e.station(&station)
        && monitors < s.monitors_required
    {
        reasons.push(Refusal::TooFewMonitors { have: monitors, need: s.monitors_required });
    }
    if reasons.is_empty() { Ok(monitors) } else { Err(reasons) }
}

/// The key a monitor's signature must verify under, if the key is a listed monitor's.
fn monitor(station: &Station, key: &[u8; 32]) -> Option<ed25519_dalek::VerifyingKey> {
    station.monitors.contains(&hex::encode(key)).then(|| keys::public_from_bytes(key).ok()).flatten()
}

/// A result's published ballots, streamed: their header, their canonical form and order, their
/// Merkle root, and a recount of every ballot against the signed counts — the refusals, and where
/// the recount first differs.
fn check_ballots(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    b: &crate::seal::result::ResultBody,
    path: &Path,
) -> (Vec<Refusal>, Option<Difference>) {
    let c = match record::check_published(path, schema, kernel) {
        Ok(c) => c,
        Err(err) => return (vec![Refusal::BallotsUnreadable { why: err.to_string() }], None),
    };
    let mut recount = None;
    let mut reasons = Vec::new();
    if c.header.as_ref().is_none_or(|h| h.station != b.station || h.voters != b.voters) {
        reasons.push(Refusal::BallotsHeaderMismatch);
    }
    if let Some(line) = c.unsorted {
        reasons.push(Refusal::BallotsNotInCanonicalOrder { line });
    }
    if c.root != b.ballots_root {
        reasons.push(Refusal::BallotsRootMismatch);
    }
    match b.tally(election) {
        Ok(stated) if c.not_ballot.is_none() && c.tally != stated => {
            recount = difference::in_tally(election, &stated, &c.tally);
            reasons.push(Refusal::RecountDiffers);
        }
        _ => {}
    }
    // The order, the root and the recount first; then whether the lines are ballots, and their form.
    reasons.extend(c.problems().into_iter().filter(|p| !matches!(p, Refusal::BallotsNotInCanonicalOrder { .. })));
    (reasons, recount)
}

/// One result per station: the same twice counts once (the copy with the most valid signatures
/// stands for all); different ones conflict. Returns the accepted inputs in manifest order, the
/// conflicts, and the stations with no accepted result.
fn one_per_station(
    e: &Election,
    inputs: &[Input],
    reports: &mut [ResultReport],
) -> (Vec<usize>, BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut by_station: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, (input, r)) in inputs.iter().zip(reports.iter()).enumerate() {
        if r.fate == Fate::Accepted
            && let Some((s, _)) = e.station(&input.file.body().station)
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
                reports[n].fate = Fate::Conflict;
            }
            conflicts.insert(e.stations()[*s].id.clone(), ns.iter().map(|&n| reports[n].path.clone()).collect());
            continue;
        }
        let best = *ns.iter().max_by_key(|&&n| (reports[n].monitors_signed, std::cmp::Reverse(n))).expect("non-empty");
        for &n in ns.iter().filter(|&&n| n != best) {
            reports[n].fate = Fate::Duplicate;
        }
        accepted.push(best);
    }
    let missing = e
        .stations()
        .iter()
        .enumerate()
        .filter(|(s, _)| !by_station.contains_key(s))
        .map(|(_, st)| st.id.clone())
        .collect();
    (accepted, conflicts, missing)
}
