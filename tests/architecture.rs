//! The house rules of `src/`, read from the source itself:
//!
//! - the stages are folders, and a lower stage never imports a higher one (`crate::…` paths in
//!   `use` lines and in code alike); nothing imports the binary's `cli`;
//! - directly in `src/` stand only `lib.rs`, `main.rs` and `error.rs`, and each stage's `mod.rs`
//!   opens with a doc comment saying what it takes in and gives out;
//! - `main.rs` only dispatches (under 100 lines);
//! - no function runs over 80 lines unless a comment right above it says why (`// Long: …`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The stages from the bottom up. A file may use its own stage and the stages of lower rank;
/// two stages of one rank (files and net, village and seal, station and collect) may not use each other.
const STAGES: [(&str, u8); 13] = [
    ("error", 0),
    ("files", 1),
    ("net", 1),
    ("vote", 2),
    ("village", 3),
    ("seal", 3),
    ("words", 4),
    ("report", 5),
    ("audit", 6),
    ("station", 7),
    ("collect", 7),
    ("demo", 8),
    ("cli", 9),
];

fn rank(stage: &str) -> Option<u8> {
    STAGES.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with its stage (the first folder, or the file's own name).
fn files() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut all = Vec::new();
    walk(&src(), &mut all);
    all.sort();
    all.into_iter()
        .map(|p| {
            let rel = p.strip_prefix(src()).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let stage = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            (p, stage)
        })
        .collect()
}

/// The stages a file's code names: `crate::STAGE` (the library) and `zheng::STAGE` (the binary).
fn stages_used(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["crate::", "zheng::"] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                let after = &rest[at + prefix.len()..];
                let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if rank(&name).is_some() {
                    out.push((i + 1, name));
                }
                rest = after;
            }
        }
    }
    out
}

/// The violations of the rule of direction in a set of files: `file:line: stage uses stage`.
fn violations(files: &[(PathBuf, String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, stage, text) in files {
        let Some(own) = rank(stage) else { continue };
        for (line, used) in stages_used(text) {
            let r = rank(&used).unwrap();
            let allowed = used == *stage || r < own;
            if !allowed || used == "cli" && stage != "cli" {
                out.push(format!("{}:{line}: {stage} uses {used}", path.display()));
            }
        }
    }
    out
}

fn read_all() -> Vec<(PathBuf, String, String)> {
    let mut v: Vec<(PathBuf, String, String)> = files()
        .into_iter()
        .filter(|(_, stage)| !["lib", "main"].contains(&stage.as_str()))
        .map(|(p, s)| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, s, t)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_lower_stage_never_imports_a_higher_one() {
    let all = read_all();
    let stages: std::collections::BTreeSet<&str> = all.iter().map(|(_, s, _)| s.as_str()).collect();
    for s in &stages {
        assert!(rank(s).is_some(), "src/{s} is not a known stage: add it to STAGES with its rank");
    }
    let v = violations(&all);
    assert!(v.is_empty(), "imports against the direction of the stages:\n{}", v.join("\n"));
}

/// The test itself can fail: a `vote` file that imports `audit`, or `seal` importing `village`, is
/// caught.
#[test]
fn the_direction_test_catches_a_vote_file_importing_audit() {
    let law =
        (PathBuf::from("src/vote/tally.rs"), "vote".to_string(), "use crate::audit::merge::Merged;\n".to_string());
    assert_eq!(violations(&[law]), vec!["src/vote/tally.rs:1: vote uses audit".to_string()]);
    let seal = (PathBuf::from("src/seal/x.rs"), "seal".into(), "fn f() { crate::village::Village::new(r, o); }".into());
    assert_eq!(violations(&[seal]).len(), 1, "two stages of one rank do not use each other");
    let ok = (PathBuf::from("src/audit/x.rs"), "audit".into(), "use crate::vote::tally::Tally; // crate::cli".into());
    assert!(violations(&[ok]).is_empty());
}

#[test]
fn src_holds_only_stage_folders_and_three_files() {
    let mut loose = Vec::new();
    for e in std::fs::read_dir(src()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            let m = p.join("mod.rs");
            let text = std::fs::read_to_string(&m).unwrap_or_default();
            assert!(text.starts_with("//! "), "{} opens with a doc comment on what the stage does", m.display());
            assert!(rank(&name).is_some(), "src/{name} is not a known stage");
        } else if !["lib.rs", "main.rs", "error.rs"].contains(&name.as_str()) {
            loose.push(name);
        }
    }
    assert!(loose.is_empty(), "files directly in src/ besides lib.rs, main.rs, error.rs: {loose:?}");
}

#[test]
fn main_only_dispatches() {
    let text = std::fs::read_to_string(src().join("main.rs")).unwrap();
    assert!(text.lines().count() < 100, "main.rs has {} lines", text.lines().count());
}

/// The functions of a file longer than `max` lines with no `// Long:` reason right above them.
fn long_functions(text: &str, max: usize) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "const fn ", "pub const fn "].iter().any(|p| t.starts_with(p));
        if !is_fn || l.trim_end().ends_with(';') {
            continue;
        }
        let indent = l.len() - t.len();
        let close = " ".repeat(indent) + "}";
        let Some(len) = lines[i + 1..].iter().position(|x| x.trim_end() == close) else { continue };
        let reason = lines[..i]
            .iter()
            .rev()
            .take_while(|x| x.trim_start().starts_with("//") || x.trim_start().starts_with("#["))
            .any(|x| x.contains("// Long:"));
        if len + 2 > max && !reason {
            let name: String =
                t.split("fn ").nth(1).unwrap_or("").chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push((i + 1, len + 2, name));
        }
    }
    out
}

#[test]
fn no_function_over_80_lines_without_a_written_reason() {
    let mut long: BTreeMap<String, usize> = BTreeMap::new();
    for (p, _) in files() {
        let text = std::fs::read_to_string(&p).unwrap();
        // Tests are specifications, not functions of the engine.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (line, len, name) in long_functions(code, 80) {
            long.insert(format!("{}:{line} {name}", p.strip_prefix(src()).unwrap().display()), len);
        }
    }
    assert!(long.is_empty(), "functions over 80 lines with no `// Long:` reason: {long:#?}");
}

#[test]
fn the_length_check_can_fail() {
    let body: String = (0..90).map(|i| format!("    let x{i} = {i};\n")).collect();
    let text = format!("fn big() {{\n{body}}}\n");
    assert_eq!(long_functions(&text, 80).len(), 1);
    let excused = format!("// Long: one table of the law, clearer whole.\n{text}");
    assert!(long_functions(&excused, 80).is_empty());
}

/// The plain verifier of `tests/spec_verifier/` is written from docs/FORMAT.md alone: no line of its
/// code names the `zheng` crate.
fn names_zheng(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let code = l.split("//").next().unwrap_or("");
            code.contains("zheng::") || code.contains("use zheng") || code.contains("extern crate zheng")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn the_plain_verifier_shares_no_code_with_zheng() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_verifier");
    let mut found = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        n += 1;
        found.extend(names_zheng(&text).into_iter().map(|l| format!("{}:{l}", path.display())));
    }
    assert!(n >= 5, "the plain verifier's files are where this test looks");
    assert!(found.is_empty(), "the plain verifier uses zheng: {found:?}");
    assert_eq!(names_zheng("use zheng::vote::tally;\n// zheng::x in a comment\n"), vec![1], "the check can fail");
}

/// The `tests/*.rs` files that `all.rs` (the one test binary's root) does not declare as modules:
/// Cargo's discovery of test files is off, so such a file would never be compiled nor run.
fn undeclared_test_files(root: &str, files: &[String]) -> Vec<String> {
    let declared: Vec<&str> =
        root.lines().filter_map(|l| l.trim().strip_prefix("mod ").and_then(|m| m.strip_suffix(';'))).collect();
    files.iter().filter(|f| f.as_str() != "all" && !declared.contains(&f.as_str())).cloned().collect()
}

#[test]
fn every_test_file_is_a_module_of_the_one_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut names = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") {
            names.push(p.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(names.len() > 10, "the test files are where this test looks");
    let root = std::fs::read_to_string(dir.join("all.rs")).unwrap();
    let left_out = undeclared_test_files(&root, &names);
    assert!(left_out.is_empty(), "tests/*.rs never compiled: declare them in tests/all.rs: {left_out:?}");
    let fake = undeclared_test_files("mod cli;\n// mod law;\n", &["cli".into(), "law".into(), "all".into()]);
    assert_eq!(fake, vec!["law".to_string()], "the check can fail");
}
