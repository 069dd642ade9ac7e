//! `station-sim generate` end to end: deterministic for a seed, and what it writes counts.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/kengtou-vc/election.toml")
}

fn generate(dir: &Path, seed: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_station-sim"))
        .args(["generate", "--election", manifest().to_str().unwrap(), "--out-dir", dir.to_str().unwrap()])
        .args(["--ballots", "500", "--seed", seed, "--overvote", "2%", "--write-in", "1/20"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_the_boxes_count() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(a.path(), "7");
    generate(b.path(), "7");
    generate(c.path(), "8");
    let boxes: Vec<PathBuf> =
        ["central", "station-1", "station-2", "mobile"].iter().map(|s| a.path().join(format!("{s}.jsonl"))).collect();
    for p in &boxes {
        let name = p.file_name().unwrap();
        assert_eq!(std::fs::read(p).unwrap(), std::fs::read(b.path().join(name)).unwrap());
        assert_ne!(std::fs::read(p).unwrap(), std::fs::read(c.path().join(name)).unwrap());
    }
    let e = zheng::seal::manifest::Manifest::load(&manifest()).unwrap();
    let outcome = zheng::vote::count::count(e.election(), &boxes, false).unwrap();
    assert_eq!(outcome.ballots, 2000);
    assert!(outcome.invalid_ballots > 0, "the overvote rate gives invalid ballots");
}

#[test]
fn bad_rates_and_unknown_stations_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    for args in [vec!["--blank", "1.5"], vec!["--station", "nowhere=10"], vec!["--spoiled", "x"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_station-sim"))
            .args(["generate", "--election", manifest().to_str().unwrap(), "--out-dir", d.path().to_str().unwrap()])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}
