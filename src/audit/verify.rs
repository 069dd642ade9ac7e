//! `zheng verify DIR`: a supervisor's independent check of a bundle, with no state but the bundle.
//!
//! Every signature is checked with `verify_strict`, every Merkle root recomputed from the published
//! ballots, every station's counts recomputed from its ballots, and the village totals, outcome and
//! counting sheet recomputed and compared byte for byte. The answer is a numbered checklist: each
//! check passes, fails, cannot be verified, or is skipped — and why. The checklist reads as the
//! functions below, one per check, in order:
//!
//! 1. `bundle_files` — the bundle holds exactly the expected files;
//! 2. `manifest` — the manifest is well-formed and valid;
//! 3. `manifest_signature` — the township's signature on it;
//! 4. `results_decode` — each result file decodes and is filed under its station;
//! 5. `signatures_and_ballots` — per station: signatures, then published ballots and recount;
//! 6. `every_station_once` — every station has exactly one verified result;
//! 7. `outcome_and_sheet` — the outcome and the counting sheet, recomputed.

use std::collections::BTreeSet;
use std::path::Path;

use crate::audit::bundle::{self, BALLOTS, MANIFEST, MANIFEST_SIG, OUTCOME, REGISTER, RESULTS, SHEET};
use crate::audit::difference;
use crate::audit::merge::{self, Fate, Input, Merged};
use crate::error::Error;
use crate::files::read_limited;
use crate::seal::manifest::Manifest;
use crate::seal::manifest_sig;
use crate::seal::result::ResultFile;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;
use crate::vote::register::Register;
use crate::words::verify::{Cause, Check, FileProblem, Found, Role, Station};

pub use crate::audit::checklist::{CheckVerdict, Item, Report};

/// A bundle that verified, and what its checks read and recomputed — handed on, so that reports,
/// exports and a village's views use exactly what was checked and never read the bundle again.
///
/// Made only by [`verify`], when every check passed (or was skipped).
#[derive(Debug)]
pub struct Verified {
    checklist: Report,
    manifest: Manifest,
    merged: Merged,
    outcome: Outcome,
    register: Option<Register>,
}

impl Verified {
    /// The checklist, every check passed or skipped.
    pub fn checklist(&self) -> &Report {
        &self.checklist
    }

    /// The bundle's manifest, as checked (check 2).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The bundle's results, merged and checked (checks 4–6): one accepted result per station.
    pub fn merged(&self) -> &Merged {
        &self.merged
    }

    /// The outcome recomputed from the results, equal byte for byte to the bundle's `outcome.json`
    /// (check 7).
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The village register the bundle holds, when it holds one: kinship avoidance was judged on it.
    pub fn register(&self) -> Option<&Register> {
        self.register.as_ref()
    }

    /// The checklist, the rest let go.
    pub(crate) fn into_checklist(self) -> Report {
        self.checklist
    }

    /// What was checked, taken apart: the manifest, the merged results, the outcome, the register.
    pub(super) fn into_parts(self) -> (Manifest, Merged, Outcome, Option<Register>) {
        (self.manifest, self.merged, self.outcome, self.register)
    }
}

/// Verifies a bundle. `trust` is the township's public key in hex, when the supervisor has it.
/// Gives what was checked when every check passed (or was skipped); else the checklist, every
/// check made reported.
pub fn verify(dir: &Path, trust: Option<&str>) -> Result<Verified, Report> {
    let mut r = Report::default();
    let Some(listing) = bundle_files(dir, &mut r) else { return Err(r) };
    let Some(manifest) = manifest(dir, &mut r) else { return Err(r) };
    let e = manifest.election();
    manifest_signature(dir, e, trust, listing.top.contains(MANIFEST_SIG), &mut r);
    let inputs = results_decode(dir, &listing.results, &mut r);
    let merged = merge::merge(e, inputs);
    signatures_and_ballots(e, &merged, &mut r);
    every_station_once(e, &merged, &mut r);
    let recomputed = outcome_and_sheet(dir, e, &merged, &mut r);
    r.passed = r.checks.iter().all(|i| matches!(i.verdict, CheckVerdict::Pass | CheckVerdict::Skipped));
    match recomputed {
        Some((outcome, register)) if r.passed => Ok(Verified { checklist: r, manifest, merged, outcome, register }),
        _ => Err(r),
    }
}

/// The checklist alone, whether or not the bundle verifies: for a caller that only shows it.
pub fn checklist(dir: &Path, trust: Option<&str>) -> Report {
    verify(dir, trust).map_or_else(|failed| failed, Verified::into_checklist)
}

/// The names in a bundle's top folder and its `results/` folder.
struct Listing {
    top: BTreeSet<String>,
    results: BTreeSet<String>,
}

fn names(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = BTreeSet::new();
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        out.insert(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(out)
}

/// Check 1: The bundle holds exactly the expected files: nothing missing, nothing extra.
fn bundle_files(dir: &Path, r: &mut Report) -> Option<Listing> {
    let top = match names(dir) {
        Ok(n) => n,
        Err(e) => {
            r.add(Check::BundleReadable, CheckVerdict::Fail, Found::Cause(e.into()));
            return None;
        }
    };
    let results = names(&dir.join(RESULTS)).unwrap_or_default();
    let ballots = names(&dir.join(BALLOTS)).unwrap_or_default();
    let mut problems = Vec::new();
    let needed = [
        (MANIFEST, Role::Manifest),
        (OUTCOME, Role::Outcome),
        (SHEET, Role::Sheet),
        (RESULTS, Role::Results),
        (BALLOTS, Role::Ballots),
    ];
    for (need, role) in needed {
        if !top.contains(need) {
            // A folder is named as one: `results/`.
            let file = if [RESULTS, BALLOTS].contains(&need) { format!("{need}/") } else { need.to_string() };
            problems.push(FileProblem::Missing { file, role });
        }
    }
    let expected = [MANIFEST, MANIFEST_SIG, REGISTER, OUTCOME, SHEET, RESULTS, BALLOTS];
    for extra in top.iter().filter(|n| !expected.contains(&n.as_str())) {
        problems.push(FileProblem::Unexpected { file: extra.clone() });
    }
    for f in results.iter().filter(|f| !f.ends_with(".zres")) {
        problems.push(FileProblem::Unexpected { file: format!("{RESULTS}/{f}") });
    }
    // A bundle holds its own files: a link could point anywhere, and a supervisor would check
    // something else than was handed over.
    let linked = |d: &Path, n: &str| std::fs::symlink_metadata(d.join(n)).is_ok_and(|m| m.file_type().is_symlink());
    for (folder, names) in [("", &top), (RESULTS, &results), (BALLOTS, &ballots)] {
        for n in names.iter().filter(|n| linked(&dir.join(folder), n)) {
            let file = if folder.is_empty() { n.clone() } else { format!("{folder}/{n}") };
            problems.push(FileProblem::Linked { file });
        }
    }
    let stations: BTreeSet<&str> = results.iter().filter_map(|f| f.strip_suffix(".zres")).collect();
    for f in &ballots {
        if !f.strip_suffix(".jsonl").is_some_and(|s| stations.contains(s)) {
            problems.push(FileProblem::Unexpected { file: format!("{BALLOTS}/{f}") });
        }
    }
    // A bundle is written with every result's published ballots beside it (`merge --out` refuses
    // without them): one missing is a file missing from the bundle, not a check left undone.
    for s in &stations {
        if !ballots.contains(&format!("{s}.jsonl")) {
            let file = format!("{BALLOTS}/{s}.jsonl");
            problems.push(FileProblem::Missing { file, role: Role::StationBallots(s.to_string()) });
        }
    }
    if problems.is_empty() {
        r.add(Check::BundleFiles, CheckVerdict::Pass, Found::Nothing);
    } else {
        r.add(Check::BundleFiles, CheckVerdict::Fail, Found::Files(problems));
    }
    Some(Listing { top, results })
}

/// Check 2: The manifest is well-formed and valid; without it nothing else can be checked.
fn manifest(dir: &Path, r: &mut Report) -> Option<Manifest> {
    match Manifest::load(&dir.join(MANIFEST)) {
        Ok(m) => {
            let e = m.election();
            let found = Found::Election { id: e.id().to_string(), sha256: hex::encode(e.canonical_sha256()) };
            r.add(Check::Manifest, CheckVerdict::Pass, found);
            Some(m)
        }
        Err(err) => {
            r.add(Check::Manifest, CheckVerdict::Fail, Found::Cause(err.into()));
            r.add(Check::Rest, CheckVerdict::NotVerifiable, Found::NoManifest);
            None
        }
    }
}

/// Check 3: The township's signature on the manifest, when the supervisor trusts a township key.
fn manifest_signature(dir: &Path, e: &Election, trust: Option<&str>, has_sig: bool, r: &mut Report) {
    let what = Check::ManifestSignature;
    match (trust, has_sig) {
        (None, false) => r.add(what, CheckVerdict::Skipped, Found::SignatureNotGiven),
        // Without a trusted key the signature can still be decoded and checked under the key it
        // names: garbage fails; a sound one is not yet the township's.
        (None, true) => match read_limited(&dir.join(MANIFEST_SIG), manifest_sig::MAX_SIG_BYTES)
            .map_err(Cause::from)
            .and_then(|b| manifest_sig::verify_self(e, &b).map_err(Cause::Refusal))
        {
            Ok(key) => r.add(what, CheckVerdict::Skipped, Found::SignatureUntrusted { key }),
            Err(why) => r.add(what, CheckVerdict::Fail, Found::SignatureBroken(why)),
        },
        (Some(_), false) => r.add(what, CheckVerdict::Fail, Found::SignatureAbsent),
        (Some(t), true) => match manifest_sig::verify_file(e, &dir.join(MANIFEST_SIG), t) {
            Ok(()) => r.add(what, CheckVerdict::Pass, Found::SignatureTrusted),
            Err(err) => r.add(what, CheckVerdict::Fail, Found::SignatureRefused(err.into())),
        },
    }
}

/// Check 4: Each result file decodes and is the result of the station it is filed under; its published
/// ballots are read beside it.
fn results_decode(dir: &Path, results: &BTreeSet<String>, r: &mut Report) -> Vec<Input> {
    let mut inputs = Vec::new();
    for f in results {
        let Some(name) = f.strip_suffix(".zres") else { continue };
        let path = dir.join(RESULTS).join(f);
        let check = Check::ResultReadable { file: format!("{RESULTS}/{f}") };
        let file = match ResultFile::read(&path) {
            Ok(file) => file,
            Err(err) => {
                r.add(check, CheckVerdict::Fail, Found::Cause(err.into()));
                continue;
            }
        };
        if file.body().station != name {
            let found = Found::FiledUnder { station: file.body().station.clone(), filed: name.to_string() };
            r.add(check, CheckVerdict::Fail, found);
            continue;
        }
        let bp = dir.join(BALLOTS).join(format!("{name}.jsonl"));
        let ballots = match std::fs::symlink_metadata(&bp) {
            Ok(m) if m.is_file() => {
                r.add(check, CheckVerdict::Pass, Found::Nothing);
                Some(bp)
            }
            found => {
                r.add(check, CheckVerdict::Pass, Found::BallotsBeside { missing: found.is_err() });
                None
            }
        };
        inputs.push(Input { path, file, ballots });
    }
    inputs
}

/// A station as the checklist names it: its id, and its name when the manifest lists it.
fn station(e: &Election, id: &str) -> Station {
    Station { id: id.to_string(), name: e.station(id).map(|(_, s)| s.name.clone()) }
}

/// Check 5: Per station: its result is of this election and manifest, signed by the station and the
/// monitors required; its published ballots hash to the signed root and recount to the signed counts.
fn signatures_and_ballots(election: &Election, merged: &Merged, r: &mut Report) {
    for (report, input) in merged.reports().iter().zip(merged.inputs()) {
        let monitors = match election.station(&report.station) {
            Some((_, s)) if s.monitors_required > 0 => Some((s.monitors_required, s.monitors.len())),
            _ => None,
        };
        let check = Check::StationSigned { station: station(election, &report.station), monitors };
        if report.reasons.is_empty() {
            let found = Found::Signed { monitors: report.monitors_signed, result: report.id[..16].to_string() };
            r.add(check, CheckVerdict::Pass, found);
        } else {
            r.refuse(check, Found::Refused(report.reasons.clone()), report.reasons.clone());
        }
        let check = Check::StationBallots { station: station(election, &report.station) };
        let file = format!("{BALLOTS}/{}.jsonl", report.station);
        if input.ballots.is_none() {
            r.add(check, CheckVerdict::NotVerifiable, Found::BallotsNotAtHand { file });
        } else if report.ballot_reasons.is_empty() {
            let b = input.file.body();
            r.add(check, CheckVerdict::Pass, Found::Ballots { ballots: b.ballots, valid: b.valid });
        } else {
            let refusals = report.ballot_reasons.clone();
            let faults = difference::faults(&refusals);
            let found =
                Found::BallotsDiffer { file, faults, recount: report.recount.clone(), refusals: refusals.clone() };
            r.refuse(check, found, refusals);
        }
    }
}

/// Check 6: Every station of the manifest has exactly one verified result.
fn every_station_once(election: &Election, merged: &Merged, r: &mut Report) {
    let missing = merged.missing().to_vec();
    let conflicts: Vec<(String, Vec<String>)> = merged.conflicts().clone().into_iter().collect();
    if missing.is_empty() && conflicts.is_empty() {
        r.add(Check::EveryStationOnce, CheckVerdict::Pass, Found::Stations { n: election.stations().len() });
    } else {
        r.add(Check::EveryStationOnce, CheckVerdict::Fail, Found::NotOnce { missing, conflicts });
    }
}

/// Check 7: The village totals and outcome, and the counting sheet, recomputed and equal byte for byte to
/// the bundle's `outcome.json` and `sheet.txt`. Gives the recomputed outcome and the register it
/// was judged on, when they could be recomputed (whether or not the files agree).
fn outcome_and_sheet(dir: &Path, e: &Election, merged: &Merged, r: &mut Report) -> Option<(Outcome, Option<Register>)> {
    let people = match bundle::register(dir, e) {
        Ok(p) => p,
        Err(err) => {
            let cause = Cause::from(err);
            for what in [Check::Outcome, Check::Sheet] {
                r.add(what, CheckVerdict::Fail, Found::RegisterUnusable(cause.clone()));
            }
            return None;
        }
    };
    let all_ok = merged.reports().iter().all(|x| x.fate == Fate::Accepted);
    let Some(o) = merged.outcome_with(e, false, people.as_ref()).ok().filter(|_| all_ok) else {
        for what in [Check::Outcome, Check::Sheet] {
            r.add(what, CheckVerdict::NotVerifiable, Found::NotEveryStation);
        }
        return None;
    };
    for (file, want, what) in
        [(OUTCOME, bundle::outcome_bytes(&o), Check::Outcome), (SHEET, bundle::sheet_bytes(&o), Check::Sheet)]
    {
        // A sheet as an earlier Zheng wrote it (without 名额已满; held posts by their ids) is the
        // same count: accepted as such (FORMAT.md, the counting sheet).
        let earlier = match file == SHEET {
            true => crate::report::sheet::earlier_forms(&o, &String::from_utf8_lossy(&want)),
            false => Vec::new(),
        };
        match read_limited(&dir.join(file), 256 << 20) {
            Ok(have) if have == want || earlier.iter().any(|l| have == l.as_bytes()) => {
                let found = Found::Recomputed {
                    voters: o.voters,
                    ballots: o.ballots,
                    valid: o.valid_ballots,
                    vote_valid: o.is_valid(),
                    legacy: have != want,
                };
                r.add(what, CheckVerdict::Pass, found)
            }
            Ok(have) => {
                let at = have.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(have.len().min(want.len()));
                let found = if file == OUTCOME {
                    Found::OutcomeDiffers { difference: difference::in_outcome(&have, &o), at }
                } else {
                    Found::SheetDiffers { line: difference::line_of(&have, at), at }
                };
                r.add(what, CheckVerdict::Fail, found)
            }
            Err(err) => r.add(what, CheckVerdict::Fail, Found::Cause(err.into())),
        }
    }
    Some((o, people))
}
