//! The audit's hand-over: a bundle written from signed results verifies, and what the verification
//! checked is what a count, a report and an export use; a bundle that fails still reports every
//! check; the three sources of a count agree.

use std::path::{Path, PathBuf};

use crate::audit::bundle;
use crate::audit::merge::{self, Input, Merged};
use crate::audit::source::{self, Count, ResultStore, Source, Uncounted};
use crate::audit::verify::{self, CheckVerdict};
use crate::error::{Error, Refusal};
use crate::seal::manifest::Manifest;
use crate::vote::manifest::Election;
use crate::words::Lang;

/// The golden vote's stations, in its manifest's order.
const STATIONS: [&str; 4] = ["central", "station-1", "station-2", "mobile"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest_path() -> PathBuf {
    root().join("fixtures/kengtou-vc/election.toml")
}

/// The signed results of the golden vote (with their published ballots beside them).
fn results(stations: &[&str]) -> Vec<PathBuf> {
    stations.iter().map(|s| root().join(format!("tests/golden/signed/{s}.zres"))).collect()
}

/// A bundle of the golden vote, written as `zheng merge --out` writes it.
fn bundled(dir: &Path) -> PathBuf {
    let manifest = Manifest::load(&manifest_path()).unwrap();
    let e = manifest.election();
    let inputs = results(&STATIONS).iter().map(|p| Input::read(p).unwrap()).collect();
    let merged = merge::merge(e, inputs);
    let outcome = merged.outcome(e, false).unwrap();
    let out = dir.join("bundle");
    bundle::write(&out, manifest.text().as_bytes(), None, None, &merged, &outcome).unwrap();
    out
}

/// Signed results held somewhere other than a bundle, as a collector's store holds them.
struct Held {
    manifest: String,
    results: Vec<PathBuf>,
}

impl ResultStore for Held {
    fn manifests(&self) -> Result<Vec<(String, String)>, Error> {
        Ok(vec![("kengtou-2020-vc".into(), self.manifest.clone())])
    }

    fn merged(&self, e: &Election, ballots: Option<&Path>) -> Result<Merged, Error> {
        let mut inputs = Vec::new();
        for p in &self.results {
            let mut input = Input::read(p)?;
            input.ballots = input.ballots.filter(|_| ballots.is_some());
            inputs.push(input);
        }
        Ok(merge::merge(e, inputs))
    }
}

fn held(stations: &[&str]) -> Held {
    Held { manifest: std::fs::read_to_string(manifest_path()).unwrap(), results: results(stations) }
}

fn counted(source: Source<'_>, partial: bool) -> Count {
    match source::count(source, partial).unwrap() {
        Ok(c) => c,
        Err(why) => panic!("no count: {why:?}"),
    }
}

#[test]
fn a_verified_bundle_hands_on_what_was_checked() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundled(dir.path());
    let v = verify::verify(&b, None).unwrap();
    assert!(v.checklist().passed);
    let outcome_json = std::fs::read(b.join(bundle::OUTCOME)).unwrap();
    assert_eq!(bundle::outcome_bytes(v.outcome()), outcome_json);
    assert_eq!(v.manifest().text(), std::fs::read_to_string(b.join(bundle::MANIFEST)).unwrap());
    let accepted: Vec<&str> = v.merged().accepted().map(|i| i.file.body().station.as_str()).collect();
    assert_eq!(accepted, STATIONS);
    assert!(v.merged().accepted().all(|i| i.ballots.is_some()), "the published ballots were recounted");
    assert!(v.register().is_none());
}

#[test]
fn a_bundle_that_does_not_verify_reports_every_check_and_gives_no_count() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundled(dir.path());
    let passing = verify::verify(&b, None).unwrap().checklist().checks.len();
    let path = b.join(bundle::OUTCOME);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[10] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();
    let failed = verify::verify(&b, None).unwrap_err();
    assert!(!failed.passed);
    assert_eq!(failed.checks.len(), passing, "every check is still made and reported");
    let verdicts: Vec<CheckVerdict> = failed.checks.iter().map(|c| c.verdict).collect();
    assert_eq!(verdicts.iter().filter(|v| **v == CheckVerdict::Fail).count(), 1, "{}", failed.render());
    match source::count(Source::Bundle { dir: &b, trust: None }, false).unwrap() {
        Err(Uncounted::Unverified(checklist)) => assert_eq!(checklist, failed),
        other => panic!("a bundle that does not verify was counted: {other:?}"),
    }
}

#[test]
fn a_bundle_a_store_and_the_boxes_give_the_same_count() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundled(dir.path());
    let from_bundle = counted(Source::Bundle { dir: &b, trust: None }, false);
    let store = held(&STATIONS);
    let e = from_bundle.election().clone();
    let stored = |recount| Source::Store { store: &store, election: &e, shown: "c.db".into(), recount };
    let boxes: Vec<PathBuf> = STATIONS.iter().map(|s| root().join(format!("fixtures/kengtou-vc/{s}.jsonl"))).collect();
    let from_boxes = counted(Source::Boxes { election: &manifest_path(), boxes: &boxes, register: None }, false);
    for other in [counted(stored(true), false), counted(stored(false), false), from_boxes] {
        assert_eq!(other.outcome(), from_bundle.outcome());
        assert_eq!(other.counts(), from_bundle.counts());
        assert_eq!(other.election().id(), from_bundle.election().id());
    }
    let (html, valid) = from_bundle.report(Lang::En).unwrap();
    assert!(valid);
    assert!(html.contains(&bundle::digest(&b).unwrap()), "a bundle's report carries its digest");
    assert!(html.contains(&format!("zheng verify {}", b.display())));
    let (html, _) = counted(stored(false), false).report(Lang::En).unwrap();
    assert!(html.contains("--store c.db --out kengtou-2020-vc-bundle"));
    assert!(!html.contains("PROVISIONAL"));
}

#[test]
fn a_store_with_a_station_missing_decides_only_when_partial() {
    let store = held(&STATIONS[..3]);
    let e = Manifest::load(&manifest_path()).unwrap().into_election();
    let source = || Source::Store { store: &store, election: &e, shown: "c.db".into(), recount: true };
    match source::count(source(), false).unwrap() {
        Err(Uncounted::Undecided(why)) => assert_eq!(why, Refusal::StationsMissing),
        other => panic!("decided with a station missing: {other:?}"),
    }
    let provisional = counted(source(), true);
    assert_eq!(provisional.counts().len(), 3);
    assert!(provisional.report(Lang::En).unwrap().0.contains("PROVISIONAL"));
}

#[test]
fn a_village_takes_the_votes_of_its_own_village_from_a_store() {
    use crate::audit::village::Votes;
    use crate::vote::register::Register;
    let kengtou = Register::load(&root().join("fixtures/zhengkeng/kengtou/people.toml")).unwrap();
    let mut votes = Votes::default();
    assert!(votes.add_stored(&held(&STATIONS), &kengtou).unwrap().is_empty());
    assert_eq!((votes.outcomes.len(), votes.manifests.len()), (1, 1));
    let mut votes = Votes::default();
    let undecided = votes.add_stored(&held(&STATIONS[..3]), &kengtou).unwrap();
    assert_eq!(undecided, vec![("kengtou-2020-vc".to_string(), Refusal::StationsMissing)]);
    assert_eq!((votes.outcomes.len(), votes.manifests.len()), (0, 1), "its manifest is still checked [ZJE22]");
    let other = Register::load(&root().join("fixtures/zhengkeng/dakeng/people.toml")).unwrap();
    let mut votes = Votes::default();
    assert!(votes.add_stored(&held(&STATIONS), &other).unwrap().is_empty());
    assert_eq!((votes.outcomes.len(), votes.manifests.len()), (0, 0), "another village's vote is left alone");
}
