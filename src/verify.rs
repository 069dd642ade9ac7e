//! `zheng verify DIR`: a supervisor's independent check of a bundle, with no state but the bundle.
//!
//! Every signature is checked with `verify_strict` (no batch shortcut), every Merkle root recomputed
//! from the published ballots, every station's counts recomputed from its ballots, and the village
//! totals, outcome and counting sheet recomputed and compared byte for byte. The answer is a
//! numbered checklist: each check passes, fails, cannot be verified, or is skipped — and why.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::bundle::{self, BALLOTS, MANIFEST, MANIFEST_SIG, OUTCOME, RESULTS, SHEET};
use crate::error::read_limited;
use crate::manifest::{Election, MAX_MANIFEST_BYTES};
use crate::merge::{self, Input, PublishedFile, Status};
use crate::result::ResultFile;
use crate::signed_manifest;

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// It holds.
    Pass,
    /// It does not.
    Fail,
    /// It could not be checked (something it needs is missing or broken).
    NotVerifiable,
    /// It does not apply.
    Skipped,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its number, from 1.
    pub n: usize,
    /// What is checked.
    pub check: String,
    /// How it ended.
    pub verdict: Verdict,
    /// Why.
    pub why: String,
}

/// The checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether every check passed (or was skipped).
    pub passed: bool,
    /// The checks.
    pub checks: Vec<Item>,
}

impl Report {
    fn add(&mut self, check: impl Into<String>, verdict: Verdict, why: impl Into<String>) {
        let n = self.checks.len() + 1;
        self.checks.push(Item { n, check: check.into(), verdict, why: why.into() });
    }

    /// The checklist as text.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for i in &self.checks {
            let v = match i.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail => "FAIL",
                Verdict::NotVerifiable => "NOT VERIFIABLE",
                Verdict::Skipped => "skipped",
            };
            s.push_str(&format!("{:>3}. [{v}] {}", i.n, i.check));
            if !i.why.is_empty() {
                s.push_str(&format!(" — {}", i.why));
            }
            s.push('\n');
        }
        s.push_str(if self.passed { "All checks passed.\n" } else { "The bundle does NOT verify.\n" });
        s
    }
}

fn names(dir: &Path) -> Result<BTreeSet<String>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = BTreeSet::new();
    for entry in rd {
        let entry = entry.map_err(|e| e.to_string())?;
        out.insert(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(out)
}

/// Verifies a bundle. `trust` is the township's public key in hex, when the supervisor has it.
pub fn verify(dir: &Path, trust: Option<&str>) -> Report {
    let mut r = Report { passed: false, checks: Vec::new() };
    use Verdict::*;

    // 1. What the bundle holds: nothing missing, nothing extra.
    let top = match names(dir) {
        Ok(n) => n,
        Err(e) => {
            r.add("the bundle can be read", Fail, e);
            return r;
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
    for extra in
        top.iter().filter(|n| ![MANIFEST, MANIFEST_SIG, OUTCOME, SHEET, RESULTS, BALLOTS].contains(&n.as_str()))
    {
        problems.push(format!("unexpected {extra}"));
    }
    for f in results.iter().filter(|f| !f.ends_with(".zres")) {
        problems.push(format!("unexpected {RESULTS}/{f}"));
    }
    let stations_with_results: BTreeSet<String> =
        results.iter().filter_map(|f| f.strip_suffix(".zres")).map(str::to_string).collect();
    for f in &ballots {
        match f.strip_suffix(".jsonl") {
            Some(s) if stations_with_results.contains(s) => {}
            _ => problems.push(format!("unexpected {BALLOTS}/{f}")),
        }
    }
    if problems.is_empty() {
        r.add("the bundle holds exactly the expected files", Pass, "");
    } else {
        r.add("the bundle holds exactly the expected files", Fail, problems.join("; "));
    }

    // 2. The manifest.
    let manifest_path = dir.join(MANIFEST);
    let e = match crate::error::read_limited(&manifest_path, MAX_MANIFEST_BYTES)
        .and_then(|b| String::from_utf8(b).map_err(|_| crate::Error::Usage("not UTF-8".into())))
        .and_then(|t| Election::from_toml(&t, &manifest_path))
    {
        Ok(e) => {
            r.add(
                "the manifest is well-formed and valid",
                Pass,
                format!("election {:?}, SHA-256 {}", e.id, hex::encode(e.canonical_sha256())),
            );
            e
        }
        Err(err) => {
            r.add("the manifest is well-formed and valid", Fail, err.to_string());
            r.add("everything else", NotVerifiable, "no manifest to check against");
            return r;
        }
    };

    // 3. The township's signature on it.
    let sig_path = dir.join(MANIFEST_SIG);
    match (trust, top.contains(MANIFEST_SIG)) {
        (None, has) => r.add(
            "the township's signature on the manifest",
            Skipped,
            format!(
                "no trusted township key given (--trust){}; the station keys are only as trustworthy as this manifest's source",
                if has { ", so manifest.sig is not checked" } else { "" }
            ),
        ),
        (Some(_), false) => r.add("the township's signature on the manifest", Fail, "--trust given, but the bundle has no manifest.sig"),
        (Some(t), true) => match signed_manifest::verify_file(&e, &sig_path, t) {
            Ok(()) => r.add("the township's signature on the manifest", Pass, "verify_strict under the trusted key"),
            Err(err) => r.add("the township's signature on the manifest", Fail, err.to_string()),
        },
    }

    // 4. Each result: readable, named for its station, signed, its ballots hashed and recounted.
    let mut inputs = Vec::new();
    for f in &results {
        let Some(name) = f.strip_suffix(".zres") else { continue };
        let path = dir.join(RESULTS).join(f);
        let check = format!("{RESULTS}/{f} can be decoded");
        let file = match ResultFile::read(&path) {
            Ok(file) => file,
            Err(err) => {
                r.add(check, Fail, err.to_string());
                continue;
            }
        };
        if file.body.station != name {
            r.add(check, Fail, format!("it is the result of station {:?}, filed as {name:?}", file.body.station));
            continue;
        }
        let bp = dir.join(BALLOTS).join(format!("{name}.jsonl"));
        let published =
            if bp.exists() { PublishedFile::read(&bp).map_err(|e| e.to_string()) } else { Err("missing".to_string()) };
        match &published {
            Ok(_) => r.add(check, Pass, ""),
            Err(why) => r.add(check, Pass, format!("but its published ballots cannot be read: {why}")),
        }
        inputs.push(Input { path, file, ballots: published.ok() });
    }
    let merged = merge::merge(&e, inputs, false);
    for (report, input) in merged.reports.iter().zip(&merged.inputs) {
        let st = e.station(&report.station).map(|(_, s)| s);
        let what = format!(
            "station {:?}: this election and manifest, signed by the station{}",
            report.station,
            st.map_or(String::new(), |s| if s.monitors_required > 0 {
                format!(" and at least {} of {} monitors", s.monitors_required, s.monitors.len())
            } else {
                String::new()
            })
        );
        if report.reasons.is_empty() {
            r.add(
                what,
                Pass,
                format!(
                    "verify_strict: station and {} monitor signature(s); result {}",
                    report.monitors_signed,
                    &report.id[..16]
                ),
            );
        } else {
            r.add(what, Fail, report.reasons.join("; "));
        }
        let what = format!(
            "station {:?}: published ballots hash to the signed Merkle root and recount to the signed counts",
            report.station
        );
        if input.ballots.is_none() {
            r.add(what, NotVerifiable, format!("{BALLOTS}/{}.jsonl is missing or unreadable", report.station));
        } else if report.ballot_reasons.is_empty() {
            r.add(what, Pass, format!("{} ballots, {} valid", input.file.body.ballots, input.file.body.valid));
        } else {
            r.add(what, Fail, report.ballot_reasons.join("; "));
        }
    }

    // 5. Every station once.
    let mut why = Vec::new();
    if !merged.missing.is_empty() {
        why.push(format!("no verified result for {}", merged.missing.join(", ")));
    }
    for (s, files) in &merged.conflicts {
        why.push(format!("conflicting results for {s}: {}", files.join(", ")));
    }
    if why.is_empty() {
        r.add(
            "every station of the manifest has exactly one verified result",
            Pass,
            format!("{} stations", e.stations.len()),
        );
    } else {
        r.add("every station of the manifest has exactly one verified result", Fail, why.join("; "));
    }

    // 6–7. The outcome and the sheet, recomputed.
    let all_ok = merged.reports.iter().all(|x| x.status == Status::Accepted);
    match merged.outcome(&e, false).filter(|_| all_ok) {
        None => {
            r.add(
                "village totals and outcome recomputed and equal to outcome.json",
                NotVerifiable,
                "not every station's result verified",
            );
            r.add(
                "counting sheet recomputed and equal to sheet.txt",
                NotVerifiable,
                "not every station's result verified",
            );
        }
        Some(o) => {
            for (file, want, what) in [
                (OUTCOME, bundle::outcome_bytes(&o), "village totals and outcome recomputed and equal to outcome.json"),
                (SHEET, bundle::sheet_bytes(&o), "counting sheet recomputed and equal to sheet.txt"),
            ] {
                match read_limited(&dir.join(file), 256 << 20) {
                    Ok(have) if have == want => r.add(
                        what,
                        Pass,
                        format!(
                            "{} voters, {} ballots, {} valid; vote {}",
                            o.voters,
                            o.ballots,
                            o.valid_ballots,
                            if o.is_valid() { "valid" } else { "void" }
                        ),
                    ),
                    Ok(have) => {
                        let at = have.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(have.len().min(want.len()));
                        r.add(what, Fail, format!("differs from the recomputation at byte {at}"))
                    }
                    Err(err) => r.add(what, Fail, err.to_string()),
                }
            }
        }
    }
    r.passed = r.checks.iter().all(|i| matches!(i.verdict, Pass | Skipped));
    r
}
