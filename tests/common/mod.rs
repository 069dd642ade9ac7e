//! Helpers shared by the end-to-end tests: run the binary, write temporary elections.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `zheng` with arguments.
pub fn zheng(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zheng")).args(args).current_dir(root()).output().expect("zheng runs")
}

/// stdout as text.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding a manifest and box files.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    pub fn new(manifest: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("e.toml"), manifest).unwrap();
        Case { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a box file: the header, then the ballot lines.
    pub fn box_file(&self, name: &str, station: &str, voters: u64, ballots: &[&str]) -> PathBuf {
        let mut t = format!("{{\"station\":\"{station}\",\"voters\":{voters}}}\n");
        for b in ballots {
            t.push_str(b);
            t.push('\n');
        }
        let p = self.path(name);
        std::fs::write(&p, t).unwrap();
        p
    }

    /// Runs `zheng count --json` on these box files; returns the exit code and the JSON.
    pub fn count(&self, boxes: &[&Path]) -> (i32, serde_json::Value) {
        let m = self.path("e.toml");
        let mut args: Vec<String> = vec!["count".into(), "--election".into(), m.display().to_string(), "--json".into()];
        args.extend(boxes.iter().map(|b| b.display().to_string()));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = zheng(&a);
        let code = o.status.code().unwrap();
        assert!(code == 0 || code == 1, "count failed ({code}): {}", err(&o));
        (code, serde_json::from_slice(&o.stdout).expect("JSON on stdout"))
    }

    /// Runs `zheng count` expecting an input error; returns stderr.
    pub fn count_fails(&self, boxes: &[&Path]) -> String {
        let m = self.path("e.toml");
        let mut args: Vec<String> = vec!["count".into(), "--election".into(), m.display().to_string()];
        args.extend(boxes.iter().map(|b| b.display().to_string()));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = zheng(&a);
        assert_eq!(o.status.code(), Some(2), "expected exit 2; stdout {} stderr {}", out(&o), err(&o));
        assert!(o.stdout.is_empty(), "nothing on stdout after an input error");
        err(&o)
    }
}

/// A villagers' committee manifest: `registered`, one station, posts given as TOML.
pub fn vc_manifest(registered: u64, posts: &str) -> String {
    format!(
        "format = 1\n[election]\nid = \"hand\"\nbody = \"villagers-committee\"\nrules = \"zj-vc-2020\"\nregistered = {registered}\n\n{posts}\n[[station]]\nid = \"s\"\n"
    )
}

/// The names elected in a contest of an outcome JSON.
pub fn elected(v: &serde_json::Value, contest: usize) -> Vec<String> {
    v["contests"][contest]["elected"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

/// `name → votes` of a contest's tally.
pub fn votes(v: &serde_json::Value, contest: usize) -> Vec<(String, u64)> {
    v["contests"][contest]["tally"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["votes"].as_u64().unwrap()))
        .collect()
}
