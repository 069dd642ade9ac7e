//! A second verifier of Zheng's bundles, written from `docs/FORMAT.md` and `docs/RULES.md` alone,
//! deliberately plain: no code of Zheng's, only crates for what is not Zheng's to define — TOML and
//! JSON parsing (`toml`, `serde_json` to a value), Unicode tables (`unicode-normalization`,
//! `unicode-general-category`, `unicode-width`), SHA-256 and Ed25519 (`sha2`, `ed25519-dalek`).
//! The byte layouts, the canonical forms, the recount, the outcome and the sheet are written out
//! here by hand. `tests/architecture.rs` checks that nothing here names the `zheng` crate.
//!
//! It answers one question — does the bundle verify? — and lists the problems it found.

pub mod ballots;
pub mod bytes;
pub mod json;
pub mod manifest;
pub mod outcome;
pub mod register;
pub mod sheet;

use std::collections::BTreeSet;
use std::path::Path;

use bytes::{Body, SignedResult};
use manifest::Manifest;

/// What the verifier found: nothing (the bundle verifies), or its problems.
#[derive(Debug, Default)]
pub struct Verdict {
    pub problems: Vec<String>,
}

impl Verdict {
    pub fn verifies(&self) -> bool {
        self.problems.is_empty()
    }
}

const TOP: [&str; 7] =
    ["manifest.toml", "manifest.sig", "people.toml", "outcome.json", "sheet.txt", "results", "ballots"];

fn listing(dir: &Path) -> Result<BTreeSet<String>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = BTreeSet::new();
    for entry in rd {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().into_string().map_err(|_| "a file name is not UTF-8".to_string())?;
        if entry.file_type().map_err(|e| e.to_string())?.is_symlink() {
            return Err(format!("{name} is a symbolic link"));
        }
        names.insert(name);
    }
    Ok(names)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => std::fs::read(path).map_err(|e| format!("{}: {e}", path.display())),
        _ => Err(format!("{} is not a regular file", path.display())),
    }
}

/// Verifies the bundle in `dir`; `trust` is the township key the supervisor trusts, if any.
pub fn verify(dir: &Path, trust: Option<[u8; 32]>) -> Verdict {
    let mut v = Verdict::default();
    if let Err(e) = check(dir, trust, &mut v.problems) {
        v.problems.push(e);
    }
    v
}

fn check(dir: &Path, trust: Option<[u8; 32]>, problems: &mut Vec<String>) -> Result<(), String> {
    let (top, stations) = layout(dir, problems)?;
    let text = read(&dir.join("manifest.toml"))?;
    let m = manifest::read(std::str::from_utf8(&text).map_err(|_| "manifest.toml is not UTF-8")?)?;
    signature(dir, &top, &m, trust, problems)?;
    let accepted = accepted(dir, &m, &stations, problems)?;
    if !problems.is_empty() {
        return Ok(());
    }
    let Some(bodies) = accepted.iter().map(Option::as_ref).collect::<Option<Vec<&Body>>>() else {
        problems.push("a station has no result".into());
        return Ok(());
    };
    recomputed(dir, &top, &m, &bodies, problems)
}

/// The bundle's files: what its top level, `results/` and `ballots/` hold that they should not,
/// and what is missing. Returns the top level's names and the stations with a result file.
fn layout(dir: &Path, problems: &mut Vec<String>) -> Result<(BTreeSet<String>, BTreeSet<String>), String> {
    let top = listing(dir)?;
    let results = listing(&dir.join("results"))?;
    let ballot_files = listing(&dir.join("ballots"))?;
    for name in &top {
        if !TOP.contains(&name.as_str()) {
            problems.push(format!("unexpected {name}"));
        }
    }
    for need in TOP.iter().filter(|n| **n != "manifest.sig" && **n != "people.toml") {
        if !top.contains(*need) {
            problems.push(format!("{need} is missing"));
        }
    }
    let stations: BTreeSet<String> =
        results.iter().filter_map(|f| f.strip_suffix(".zres")).map(str::to_string).collect();
    if stations.len() != results.len() {
        problems.push("results/ holds a file that is not a .zres".into());
    }
    for f in &ballot_files {
        if !f.strip_suffix(".jsonl").is_some_and(|s| stations.contains(s)) {
            problems.push(format!("unexpected ballots/{f}"));
        }
    }
    Ok((top, stations))
}

/// The manifest's signature, when the bundle has one: by the trusted key, if one is trusted; a
/// trusted key and no signature is a problem.
fn signature(
    dir: &Path,
    top: &BTreeSet<String>,
    m: &Manifest,
    trust: Option<[u8; 32]>,
    problems: &mut Vec<String>,
) -> Result<(), String> {
    match (top.contains("manifest.sig"), trust) {
        (true, _) => match bytes::manifest_sig(&read(&dir.join("manifest.sig"))?, &m.id, &m.sha256) {
            Ok(key) if trust.is_none_or(|t| t == key) => {}
            Ok(_) => problems.push("manifest.sig is not by the trusted key".into()),
            Err(e) => problems.push(format!("manifest.sig: {e}")),
        },
        (false, Some(_)) => problems.push("a trusted key, but no manifest.sig".into()),
        (false, None) => {}
    }
    Ok(())
}

/// Each station's result, accepted when it verifies against the manifest and its published
/// ballots against it; in the manifest's order of stations (`None`: none accepted).
fn accepted(
    dir: &Path,
    m: &Manifest,
    stations: &BTreeSet<String>,
    problems: &mut Vec<String>,
) -> Result<Vec<Option<Body>>, String> {
    let mut accepted: Vec<Option<Body>> = vec![None; m.stations.len()];
    for s in stations {
        let r = match bytes::result(&read(&dir.join("results").join(format!("{s}.zres")))?) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("results/{s}.zres: {e}"));
                continue;
            }
        };
        let mut found = claims(m, s, &r);
        match read(&dir.join("ballots").join(format!("{s}.jsonl"))) {
            Ok(file) => found.extend(ballots::check(m, &file, &r.body)),
            Err(e) => found.push(e),
        }
        if found.is_empty() {
            let i = m.stations.iter().position(|x| x.id == *s).expect("claims found the station");
            accepted[i] = Some(r.body);
        }
        problems.extend(found.into_iter().map(|p| format!("station {s}: {p}")));
    }
    Ok(accepted)
}

/// The outcome and the sheet recomputed from the accepted results (and the register, when the
/// bundle has one) against the bundle's `outcome.json` and `sheet.txt`.
fn recomputed(
    dir: &Path,
    top: &BTreeSet<String>,
    m: &Manifest,
    bodies: &[&Body],
    problems: &mut Vec<String>,
) -> Result<(), String> {
    let people = match top.contains("people.toml") {
        true => {
            let r = register::read(
                std::str::from_utf8(&read(&dir.join("people.toml"))?).map_err(|_| "people.toml is not UTF-8")?,
            )?;
            r.fits(m)?;
            Some(r)
        }
        false => None,
    };
    let o = outcome::outcome(m, bodies, people.as_ref());
    if read(&dir.join("outcome.json"))? != outcome::json(m, &o).into_bytes() {
        problems.push("outcome.json is not the recomputed outcome".into());
    }
    let have = read(&dir.join("sheet.txt"))?;
    let want = sheet::render(m, &o);
    // FORMAT.md: a sheet of an earlier Zheng had no `过票数线，名额已满`, and before that named a held
    // post by its id; those forms are accepted too.
    let unmarked = want.replace("  过票数线，名额已满\n", "\n");
    let by_id = m
        .posts
        .iter()
        .fold(unmarked.clone(), |t, q| t.replace(&format!("  已当选 {}\n", q.office), &format!("  已当选 {}\n", q.id)));
    if ![want, unmarked, by_id].iter().any(|w| have == w.as_bytes()) {
        problems.push("sheet.txt is not the recomputed sheet".into());
    }
    Ok(())
}

/// FORMAT.md, "A result verifies against a manifest when …"; `filed` is the station it is filed under.
fn claims(m: &Manifest, filed: &str, r: &SignedResult) -> Vec<String> {
    let b = &r.body;
    let mut found = Vec::new();
    if b.station != filed {
        found.push(format!("the result of station {:?}", b.station));
    }
    if b.election != m.id || b.manifest_sha256 != m.sha256 {
        found.push("the result of another election or manifest".into());
    }
    let Some(station) = m.stations.iter().find(|s| s.id == b.station) else {
        found.push("an unknown station".into());
        return found;
    };
    let message = [b"zheng/station-result/v1".as_slice(), &r.body_bytes].concat();
    let mut monitors = 0;
    for (k, (key, sig)) in r.signatures.iter().enumerate() {
        let known = if k == 0 { station.key == Some(*key) } else { station.monitors.contains(key) };
        if !known || r.signatures[..k].iter().any(|(x, _)| x == key) {
            found.push(format!("signature {k} is by a key that may not sign here"));
        } else if !bytes::verify_strict(key, &message, sig) {
            found.push(format!("signature {k} does not verify"));
        } else if k > 0 {
            monitors += 1;
        }
    }
    if r.signatures.is_empty() {
        found.push("no signature".into());
    }
    if monitors < station.monitors_required {
        found.push("too few monitors signed".into());
    }
    if let Err(e) = counts_fit(m, b) {
        found.push(e);
    }
    found
}

/// FORMAT.md: the counts have the manifest's shape and add up (in u128: signed numbers may be anything).
fn counts_fit(m: &Manifest, b: &Body) -> Result<(), String> {
    let w = u128::from;
    let sum = |v: &[u64]| v.iter().map(|&x| w(x)).sum::<u128>();
    if b.contests.len() != m.posts.len() || w(b.valid) + sum(&b.invalid) != w(b.ballots) {
        return Err("the counts do not add up".into());
    }
    for (c, p) in b.contests.iter().zip(&m.posts) {
        let n = p.candidates.len();
        let shape = c.votes.len() == n && c.against.len() == if p.approve { n } else { 0 };
        let sorted = c.write_ins.windows(2).all(|x| x[0].0 < x[1].0);
        let (valid, blank, voided) = (w(b.valid), w(c.blank), w(c.voided));
        let marked = valid.saturating_sub(blank + voided);
        let live = valid.saturating_sub(voided);
        let listed = sum(&c.votes);
        let written: u128 = c.write_ins.iter().map(|(_, v)| w(*v)).sum();
        let against = sum(&c.against);
        let ok = shape
            && sorted
            && blank + voided <= valid
            && (0..n).all(|i| w(c.votes[i]) + w(*c.against.get(i).unwrap_or(&0)) <= live)
            && w(c.with_write_in) <= marked
            && w(c.with_write_in) <= written
            && listed + written + against >= marked
            && listed + written <= w(p.seats) * marked;
        if !ok {
            return Err(format!("the counts of post {:?} do not fit", p.id));
        }
    }
    Ok(())
}
