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
use crate::audit::merge::{self, Fate, Input, Merged};
use crate::error::Error;
use crate::files::read_limited;
use crate::seal::manifest::Manifest;
use crate::seal::manifest_sig;
use crate::seal::result::ResultFile;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;
use crate::vote::register::Register;

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
            r.add("the bundle can be read", CheckVerdict::Fail, e.to_string());
            return None;
        }
    };
    let results = names(&dir.join(RESULTS)).unwrap_or_default();
    let ballots = names(&dir.join(BALLOTS)).unwrap_or_default();
    let mut problems = Vec::new();
    for need in [MANIFEST, OUTCOME, SHEET, RESULTS, BALLOTS] {
        if !top.contains(need) {
            problems.push(format!("{need} is missing"));
        }
    }
    let expected = [MANIFEST, MANIFEST_SIG, REGISTER, OUTCOME, SHEET, RESULTS, BALLOTS];
    for extra in top.iter().filter(|n| !expected.contains(&n.as_str())) {
        problems.push(format!("unexpected {extra}"));
    }
    for f in results.iter().filter(|f| !f.ends_with(".zres")) {
        problems.push(format!("unexpected {RESULTS}/{f}"));
    }
    // A bundle holds its own files: a link could point anywhere, and a supervisor would check
    // something else than was handed over.
    let linked = |d: &Path, n: &str| std::fs::symlink_metadata(d.join(n)).is_ok_and(|m| m.file_type().is_symlink());
    for (folder, names) in [("", &top), (RESULTS, &results), (BALLOTS, &ballots)] {
        for n in names.iter().filter(|n| linked(&dir.join(folder), n)) {
            let at = if folder.is_empty() { n.clone() } else { format!("{folder}/{n}") };
            problems.push(format!("{at} is a symbolic link: a bundle holds its own files"));
        }
    }
    let stations: BTreeSet<&str> = results.iter().filter_map(|f| f.strip_suffix(".zres")).collect();
    for f in &ballots {
        if !f.strip_suffix(".jsonl").is_some_and(|s| stations.contains(s)) {
            problems.push(format!("unexpected {BALLOTS}/{f}"));
        }
    }
    // A bundle is written with every result's published ballots beside it (`merge --out` refuses
    // without them): one missing is a file missing from the bundle, not a check left undone.
    for s in &stations {
        if !ballots.contains(&format!("{s}.jsonl")) {
            problems.push(format!("{BALLOTS}/{s}.jsonl is missing"));
        }
    }
    let what = "the bundle holds exactly the expected files";
    if problems.is_empty() {
        r.add(what, CheckVerdict::Pass, "");
    } else {
        r.add(what, CheckVerdict::Fail, problems.join("; "));
    }
    Some(Listing { top, results })
}

/// Check 2: The manifest is well-formed and valid; without it nothing else can be checked.
fn manifest(dir: &Path, r: &mut Report) -> Option<Manifest> {
    let what = "the manifest is well-formed and valid";
    match Manifest::load(&dir.join(MANIFEST)) {
        Ok(m) => {
            let e = m.election();
            r.add(
                what,
                CheckVerdict::Pass,
                format!("election {:?}, SHA-256 {}", e.id(), hex::encode(e.canonical_sha256())),
            );
            Some(m)
        }
        Err(err) => {
            r.add(what, CheckVerdict::Fail, err.to_string());
            r.add("everything else", CheckVerdict::NotVerifiable, "no manifest to check against");
            None
        }
    }
}

/// Check 3: The township's signature on the manifest, when the supervisor trusts a township key.
fn manifest_signature(dir: &Path, e: &Election, trust: Option<&str>, has_sig: bool, r: &mut Report) {
    let what = "the township's signature on the manifest";
    match (trust, has_sig) {
        (None, false) => r.add(
            what,
            CheckVerdict::Skipped,
            "no trusted township key given (--trust); the station keys are only as trustworthy as this manifest's source",
        ),
        // Without a trusted key the signature can still be decoded and checked under the key it
        // names: garbage fails; a sound one is not yet the township's.
        (None, true) => match read_limited(&dir.join(MANIFEST_SIG), manifest_sig::MAX_SIG_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|b| manifest_sig::verify_self(e, &b).map_err(|r| r.to_string()))
        {
            Ok(key) => r.add(
                what,
                CheckVerdict::Skipped,
                format!("manifest.sig verifies under the key it names ({key}), but no trusted township key was given (--trust) to say it is the township's"),
            ),
            Err(why) => r.add(what, CheckVerdict::Fail, format!("manifest.sig: {why}")),
        },
        (Some(_), false) => r.add(what, CheckVerdict::Fail, "--trust given, but the bundle has no manifest.sig"),
        (Some(t), true) => match manifest_sig::verify_file(e, &dir.join(MANIFEST_SIG), t) {
            Ok(()) => r.add(what, CheckVerdict::Pass, "verify_strict under the trusted key"),
            Err(err) => r.add(what, CheckVerdict::Fail, err.to_string()),
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
        let check = format!("{RESULTS}/{f} can be decoded");
        let file = match ResultFile::read(&path) {
            Ok(file) => file,
            Err(err) => {
                r.add(check, CheckVerdict::Fail, err.to_string());
                continue;
            }
        };
        if file.body().station != name {
            let why = format!("it is the result of station {:?}, filed as {name:?}", file.body().station);
            r.add(check, CheckVerdict::Fail, why);
            continue;
        }
        let bp = dir.join(BALLOTS).join(format!("{name}.jsonl"));
        let ballots = match std::fs::symlink_metadata(&bp) {
            Ok(m) if m.is_file() => {
                r.add(check, CheckVerdict::Pass, "");
                Some(bp)
            }
            found => {
                let why = if found.is_ok() { "not a regular file" } else { "missing" };
                r.add(check, CheckVerdict::Pass, format!("but its published ballots cannot be read: {why}"));
                None
            }
        };
        inputs.push(Input { path, file, ballots });
    }
    inputs
}

/// Check 5: Per station: its result is of this election and manifest, signed by the station and the
/// monitors required; its published ballots hash to the signed root and recount to the signed counts.
fn signatures_and_ballots(election: &Election, merged: &Merged, r: &mut Report) {
    for (report, input) in merged.reports().iter().zip(merged.inputs()) {
        let monitors = match election.station(&report.station) {
            Some((_, s)) if s.monitors_required > 0 => {
                format!(" and at least {} of {} monitors", s.monitors_required, s.monitors.len())
            }
            _ => String::new(),
        };
        let what = format!("station {:?}: this election and manifest, signed by the station{monitors}", report.station);
        if report.reasons.is_empty() {
            let why = format!(
                "verify_strict: station and {} monitor signature(s); result {}",
                report.monitors_signed,
                &report.id[..16]
            );
            r.add(what, CheckVerdict::Pass, why);
        } else {
            r.refuse(what, report.reasons.clone());
        }
        let what = format!(
            "station {:?}: published ballots hash to the signed Merkle root and recount to the signed counts",
            report.station
        );
        if input.ballots.is_none() {
            let why = format!("{BALLOTS}/{}.jsonl is missing or unreadable", report.station);
            r.add(what, CheckVerdict::NotVerifiable, why);
        } else if report.ballot_reasons.is_empty() {
            let b = input.file.body();
            r.add(what, CheckVerdict::Pass, format!("{} ballots, {} valid", b.ballots, b.valid));
        } else {
            r.refuse(what, report.ballot_reasons.clone());
        }
    }
}

/// Check 6: Every station of the manifest has exactly one verified result.
fn every_station_once(election: &Election, merged: &Merged, r: &mut Report) {
    let mut why = Vec::new();
    if !merged.missing().is_empty() {
        why.push(format!("no verified result for {}", merged.missing().join(", ")));
    }
    for (s, files) in merged.conflicts() {
        why.push(format!("conflicting results for {s}: {}", files.join(", ")));
    }
    let what = "every station of the manifest has exactly one verified result";
    if why.is_empty() {
        r.add(what, CheckVerdict::Pass, format!("{} stations", election.stations().len()));
    } else {
        r.add(what, CheckVerdict::Fail, why.join("; "));
    }
}

/// Where an outcome file first differs from the recomputed outcome, said as a supervisor reads it:
/// the number and both values (`ballots: file 1130, recomputed 1129`), or the post, the person and
/// both numbers (`post 主任 (chair), 蓝国平: file 596 votes, recomputed 595`). `None` when the file
/// is not an outcome's JSON or no number differs (then only its bytes do).
fn first_difference(have: &[u8], o: &Outcome) -> Option<String> {
    let file: serde_json::Value = serde_json::from_slice(have).ok()?;
    let num = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_u64);
    for (k, want) in
        [("registered", o.registered), ("voters", o.voters), ("ballots", o.ballots), ("valid_ballots", o.valid_ballots)]
    {
        if let Some(h) = num(&file, k).filter(|h| *h != want) {
            return Some(format!("{k}: file {h}, recomputed {want}"));
        }
    }
    let posts = file.get("contests")?.as_array()?;
    for c in &o.contests {
        let Some(fc) = posts.iter().find(|p| p.get("id").and_then(|i| i.as_str()) == Some(c.id.as_str())) else {
            return Some(format!("post {} ({}): not in the file", c.office, c.id));
        };
        let lines = fc.get("tally").and_then(|t| t.as_array()).map(Vec::as_slice).unwrap_or_default();
        for t in &c.tally {
            let found = lines.iter().find(|l| {
                l.get("id").and_then(|i| i.as_str()).or_else(|| l.get("name").and_then(|n| n.as_str())) == Some(t.key())
            });
            match found.and_then(|l| num(l, "votes")) {
                Some(h) if h != t.votes => {
                    return Some(format!(
                        "post {} ({}), {}: file {h} votes, recomputed {}",
                        c.office, c.id, t.name, t.votes
                    ));
                }
                None => return Some(format!("post {} ({}), {}: not in the file", c.office, c.id, t.name)),
                _ => {}
            }
        }
        let elected: Vec<&str> =
            fc.get("elected").and_then(|e| e.as_array()).into_iter().flatten().filter_map(|e| e.as_str()).collect();
        if elected != c.elected.iter().map(String::as_str).collect::<Vec<_>>() {
            return Some(format!(
                "post {} ({}): the file elects {}, the recomputation {}",
                c.office,
                c.id,
                elected.join(", "),
                c.elected.join(", ")
            ));
        }
    }
    None
}

/// Check 7: The village totals and outcome, and the counting sheet, recomputed and equal byte for byte to
/// the bundle's `outcome.json` and `sheet.txt`. Gives the recomputed outcome and the register it
/// was judged on, when they could be recomputed (whether or not the files agree).
fn outcome_and_sheet(dir: &Path, e: &Election, merged: &Merged, r: &mut Report) -> Option<(Outcome, Option<Register>)> {
    const OUTCOME_CHECK: &str = "village totals and outcome recomputed and equal to outcome.json";
    const SHEET_CHECK: &str = "counting sheet recomputed and equal to sheet.txt";
    let people = match bundle::register(dir, e) {
        Ok(p) => p,
        Err(err) => {
            for what in [OUTCOME_CHECK, SHEET_CHECK] {
                r.add(what, CheckVerdict::Fail, format!("the village register cannot be used: {err}"));
            }
            return None;
        }
    };
    let all_ok = merged.reports().iter().all(|x| x.fate == Fate::Accepted);
    let Some(o) = merged.outcome_with(e, false, people.as_ref()).ok().filter(|_| all_ok) else {
        for what in [OUTCOME_CHECK, SHEET_CHECK] {
            r.add(what, CheckVerdict::NotVerifiable, "not every station's result verified");
        }
        return None;
    };
    for (file, want, what) in
        [(OUTCOME, bundle::outcome_bytes(&o), OUTCOME_CHECK), (SHEET, bundle::sheet_bytes(&o), SHEET_CHECK)]
    {
        // A sheet as an earlier Zheng wrote it (without 名额已满; held posts by their ids) is the
        // same count: accepted as such (FORMAT.md, the counting sheet).
        let earlier = match file == SHEET {
            true => crate::report::sheet::earlier_forms(&o, &String::from_utf8_lossy(&want)),
            false => Vec::new(),
        };
        match read_limited(&dir.join(file), 256 << 20) {
            Ok(have) if have == want || earlier.iter().any(|l| have == l.as_bytes()) => {
                let vote = if o.is_valid() { "valid" } else { "void" };
                let mut why =
                    format!("{} voters, {} ballots, {} valid; vote {vote}", o.voters, o.ballots, o.valid_ballots);
                if have != want {
                    why.push_str(" (written by an earlier Zheng)");
                }
                r.add(what, CheckVerdict::Pass, why)
            }
            Ok(have) => {
                let at = have.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(have.len().min(want.len()));
                let why = match (file == OUTCOME).then(|| first_difference(&have, &o)).flatten() {
                    Some(d) => format!("{d} (the file differs from the recomputation at byte {at})"),
                    None => format!("differs from the recomputation at byte {at}"),
                };
                r.add(what, CheckVerdict::Fail, why)
            }
            Err(err) => r.add(what, CheckVerdict::Fail, err.to_string()),
        }
    }
    Some((o, people))
}
