//! The house rules, read from the source itself — of `src/`, of the simulator
//! (`station-firmware-sim/`), and of the tests and benchmarks around them:
//!
//! - the stages are folders, and a lower stage never imports a higher one (`crate::…` paths in
//!   `use` lines and in code alike); nothing imports the binary's `cli`; the simulator, a client
//!   of the library, stands above every stage and never names `cli` either;
//! - directly in `src/` stand only `lib.rs`, `main.rs` and `error.rs`, and each stage's `mod.rs`
//!   opens with a doc comment saying what it takes in and gives out;
//! - each binary's `main.rs` only dispatches (under 100 lines: `zheng`'s and `station-sim`'s), and
//!   no function is allowed clippy's `too_many_arguments` (a struct of options instead);
//! - no function runs over 80 lines unless a comment right above it says why (`// Long: …`) —
//!   every function, whatever its qualifiers (`pub(super)`, `pub(in …)`, `async`, `const`,
//!   `unsafe`, `extern`), free or a method, in both crates, the benchmarks and the tests' helpers
//!   (`tests/common/`, `tests/spec_verifier/`); test modules and test functions are
//!   specifications, not functions, and are not measured;
//! - no file runs over 600 lines unless its top says why (a `//! Long file: …` line): every `.rs`
//!   file of both crates, their tests and the benchmarks;
//! - every `tests/*.rs` is a module of the one test binary, `tests/all.rs`;
//! - the plain verifier of `tests/spec_verifier/` names nothing of `zheng`.
//!
//! Each rule has a test beside it showing that it can fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The stages from the bottom up. A file may use its own stage and the stages of lower rank;
/// two stages of one rank (files and net, village and seal, station, collect, paper and witness) may
/// not use each other.
const STAGES: [(&str, u8); 15] = [
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
    ("paper", 7),
    ("witness", 7),
    ("demo", 8),
    ("cli", 9),
];

/// The simulator (`station-firmware-sim/src/`) is a client of the library: above every stage,
/// and, like every stage, never using the binary's `cli`.
const SIMULATOR: (&str, u8) = ("station-firmware-sim", 10);

fn rank(stage: &str) -> Option<u8> {
    STAGES.iter().chain([&SIMULATOR]).find(|(s, _)| *s == stage).map(|(_, r)| *r)
}

fn is_stage(name: &str) -> bool {
    STAGES.iter().any(|(s, _)| *s == name)
}

/// The workspace's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn src() -> PathBuf {
    root().join("src")
}

/// The simulator's code.
fn simulator() -> PathBuf {
    root().join("station-firmware-sim/src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
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
    walk(dir, &mut all);
    all.sort();
    all
}

/// Every `.rs` file under `src/`, with its stage (the first folder, or the file's own name).
fn files() -> Vec<(PathBuf, String)> {
    rust_files(&src())
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(src()).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let stage = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            (p, stage)
        })
        .collect()
}

/// The stages a file's code names through `prefixes`: `crate::STAGE` (the library) and
/// `zheng::STAGE` (the binary, the simulator).
fn stages_used(text: &str, prefixes: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in prefixes {
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

/// The violations of the rule of direction in a set of files: `file:line: stage uses stage`. The
/// simulator reaches the library as `zheng::…`; its `crate::…` names its own modules.
fn violations(files: &[(PathBuf, String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, stage, text) in files {
        let Some(own) = rank(stage) else { continue };
        let prefixes: &[&str] = if stage == SIMULATOR.0 { &["zheng::"] } else { &["crate::", "zheng::"] };
        for (line, used) in stages_used(text, prefixes) {
            let r = rank(&used).unwrap();
            let allowed = used == *stage || r < own;
            if !allowed || used == "cli" && stage != "cli" {
                out.push(format!("{}:{line}: {stage} uses {used}", path.display()));
            }
        }
    }
    out
}

/// Every file the rule of direction reads, with its stage and text: the library's (its stages),
/// and the simulator's.
fn read_all() -> Vec<(PathBuf, String, String)> {
    let simulator = rust_files(&simulator()).into_iter().map(|p| (p, SIMULATOR.0.to_string()));
    let mut v: Vec<(PathBuf, String, String)> = files()
        .into_iter()
        .filter(|(_, stage)| !["lib", "main"].contains(&stage.as_str()))
        .chain(simulator)
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

/// The simulator is read too: naming the binary's `zheng::cli` is caught; any stage of the library
/// is below it, and its own `crate::cli` (its commands) is no stage of the library.
#[test]
fn the_direction_test_reads_the_simulator() {
    let sim = |text: &str| (PathBuf::from("station-firmware-sim/src/x.rs"), SIMULATOR.0.to_string(), text.to_string());
    assert_eq!(violations(&[sim("use zheng::cli::count;\n")]).len(), 1);
    assert!(violations(&[sim("use zheng::collect::store::Store;\nuse crate::cli::Common;\n")]).is_empty());
    assert!(read_all().iter().any(|(p, s, _)| s == SIMULATOR.0 && p.ends_with("device.rs")), "it reads the simulator");
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
            assert!(is_stage(&name), "src/{name} is not a known stage");
        } else if !["lib.rs", "main.rs", "error.rs"].contains(&name.as_str()) {
            loose.push(name);
        }
    }
    assert!(loose.is_empty(), "files directly in src/ besides lib.rs, main.rs, error.rs: {loose:?}");
}

#[test]
fn main_only_dispatches() {
    for main in [src().join("main.rs"), simulator().join("main.rs")] {
        let text = std::fs::read_to_string(&main).unwrap();
        assert!(text.lines().count() < 100, "{} has {} lines", main.display(), text.lines().count());
    }
}

/// Clippy's lint a struct of options answers (spelt in two halves, so that this file does not
/// name it whole).
const TOO_MANY_ARGUMENTS: &str = concat!("clippy::too_many", "_arguments");

/// The lines of a file that allow clippy's `too_many_arguments` (outside comments).
fn too_many_arguments(text: &str) -> Vec<usize> {
    let allowed = |l: &&str| l.split("//").next().unwrap_or("").contains(TOO_MANY_ARGUMENTS);
    text.lines().enumerate().filter(|(_, l)| allowed(l)).map(|(i, _)| i + 1).collect()
}

#[test]
fn no_function_takes_too_many_arguments() {
    let mut found = Vec::new();
    for p in checked_files() {
        let text = std::fs::read_to_string(&p).unwrap();
        found.extend(too_many_arguments(&text).into_iter().map(|l| format!("{}:{l}", p.display())));
    }
    assert!(found.is_empty(), "a struct of options, not an allowed {TOO_MANY_ARGUMENTS}: {found:#?}");
    let text = format!("#[allow({TOO_MANY_ARGUMENTS})]\nfn f() {{}}\n// {TOO_MANY_ARGUMENTS}\n");
    assert_eq!(too_many_arguments(&text), vec![1], "the check can fail");
}

/// The name of the function a line declares, whatever its qualifiers: `pub`, `pub(crate)`,
/// `pub(super)`, `pub(in path)`, `default`, `const`, `async`, `unsafe`, `extern "C"` — or `None`.
fn declared_fn(line: &str) -> Option<String> {
    let word = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut rest = line.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("pub(") {
            rest = r.split_once(')')?.1.trim_start();
            continue;
        }
        let w = word(rest);
        rest = rest[w.len()..].trim_start();
        match w.as_str() {
            "pub" | "default" | "const" | "async" | "unsafe" => {}
            "extern" => {
                if let Some(r) = rest.strip_prefix('"') {
                    rest = r.split_once('"')?.1.trim_start();
                }
            }
            "fn" => return Some(word(rest)),
            _ => return None,
        }
    }
}

/// The line where the function declared at `lines[at]` ends, or `None` for a declaration without
/// a body (a trait's `fn f();`). Its signature ends on the first line ending in `{` (its body
/// opens; rustfmt then closes it with `}` alone at the indent of the `fn`), `}` (a body on one
/// line) or `;` (no body).
fn function_end(lines: &[&str], at: usize) -> Option<usize> {
    let indent = lines[at].len() - lines[at].trim_start().len();
    let close = " ".repeat(indent) + "}";
    let opens = (at..lines.len()).find(|&k| lines[k].trim_end().ends_with(['{', '}', ';']))?;
    match lines[opens].trim_end().chars().last() {
        Some('{') => (opens + 1..lines.len()).find(|&k| lines[k].trim_end() == close),
        Some('}') => Some(opens),
        _ => None,
    }
}

/// The lines of a file with its test modules (`#[cfg(test)] mod … { … }`) blanked out, numbering
/// kept: tests are specifications, not functions of the engine.
fn without_test_modules(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let module = (lines[i].trim() == "#[cfg(test)]")
            .then(|| (i + 1..lines.len()).find(|&k| !lines[k].trim_start().starts_with("#[")))
            .flatten()
            .filter(|&k| {
                lines[k].trim_start().trim_start_matches("pub ").starts_with("mod ") && lines[k].ends_with('{')
            });
        if let Some(m) = module {
            let close = " ".repeat(lines[m].len() - lines[m].trim_start().len()) + "}";
            let end = (m + 1..lines.len()).find(|&k| lines[k].trim_end() == close).unwrap_or(lines.len() - 1);
            lines[i..=end].fill("");
            i = end;
        }
        i += 1;
    }
    lines
}

/// Whether the attributes right above `lines[at]` make it a test (`#[test]`, `#[tokio::test]`, a
/// proptest's) — a specification, not measured.
fn is_test(lines: &[&str], at: usize) -> bool {
    lines[..at].iter().rev().take_while(|x| x.trim_start().starts_with("#[") || x.trim_start().starts_with("//")).any(
        |x| {
            let a = x.trim_start();
            a.starts_with("#[test]") || a.starts_with("#[tokio::test")
        },
    )
}

/// The functions of a file longer than `max` lines with no `// Long:` reason right above them:
/// (line, length, name).
fn long_functions(text: &str, max: usize) -> Vec<(usize, usize, String)> {
    let lines = without_test_modules(text);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(name) = declared_fn(l) else { continue };
        let Some(end) = function_end(&lines, i) else { continue };
        let reason = lines[..i]
            .iter()
            .rev()
            .take_while(|x| x.trim_start().starts_with("//") || x.trim_start().starts_with("#["))
            .any(|x| x.contains("// Long:"));
        let len = end - i + 1;
        if len > max && !reason && !is_test(&lines, i) {
            out.push((i + 1, len, name));
        }
    }
    out
}

/// Every file whose functions are measured: both crates' code, the benchmarks, and the tests'
/// helpers. (A module's `tests.rs` is its unit tests: specifications, not measured.)
fn measured_files() -> Vec<PathBuf> {
    let t = root().join("tests");
    [src(), simulator(), root().join("benches"), t.join("common"), t.join("spec_verifier")]
        .iter()
        .flat_map(|d| rust_files(d))
        .filter(|p| !p.ends_with("tests.rs"))
        .collect()
}

#[test]
fn no_function_over_80_lines_without_a_written_reason() {
    let mut long: BTreeMap<String, usize> = BTreeMap::new();
    let files = measured_files();
    assert!(files.iter().any(|p| p.ends_with("station-firmware-sim/src/device.rs")), "the simulator is read");
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        for (line, len, name) in long_functions(&text, 80) {
            long.insert(format!("{}:{line} {name}", p.strip_prefix(root()).unwrap().display()), len);
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

/// Every kind of function is seen: qualified, async, a method in an `impl`, a signature over
/// several lines; a one-line body or a declaration without one is not taken for a long function;
/// test modules and tests are not measured.
#[test]
fn the_length_check_sees_every_kind_of_function() {
    let body: String = (0..90).map(|i| format!("        let x{i} = {i};\n")).collect();
    for head in [
        "pub(super) fn f() {",
        "pub(crate) async fn f() {",
        "pub(in crate::vote) const unsafe fn f() {",
        "async fn f() {",
        "pub unsafe extern \"C\" fn f() {",
        "pub(crate) fn f(\n        a: u8,\n    ) -> u8 {",
    ] {
        let text = format!("impl S {{\n    fn one() -> u8 {{ 1 }}\n    fn none();\n    {head}\n{body}    }}\n}}\n");
        let found = long_functions(&text, 80);
        assert_eq!(found.len(), 1, "{head}: {found:?}");
        assert_eq!(found[0].2, "f", "{head}");
    }
    assert_eq!(declared_fn("    let f = move || fn_like();"), None);
    assert_eq!(declared_fn("pub const MAX: usize = 3;"), None);
    let tested = format!("#[cfg(test)]\nmod tests {{\n    fn helper() {{\n{body}    }}\n}}\n");
    assert!(long_functions(&tested, 80).is_empty(), "a test module is not measured");
    let test = format!("#[test]\nfn a_test() {{\n{body}}}\n");
    assert!(long_functions(&test, 80).is_empty(), "a test is not measured");
}

/// Every `.rs` file the file-size rule reads: both crates (their code and tests), the tests and
/// the benchmarks.
fn checked_files() -> Vec<PathBuf> {
    ["src", "station-firmware-sim", "tests", "benches"].iter().flat_map(|d| rust_files(&root().join(d))).collect()
}

/// The files over `max` lines whose top (the comments they open with) gives no reason: a line
/// with `Long file:`. (path, lines)
fn long_files(files: &[(String, String)], max: usize) -> Vec<(String, usize)> {
    let excused =
        |text: &str| text.lines().take_while(|l| l.trim_start().starts_with("//")).any(|l| l.contains("Long file:"));
    files
        .iter()
        .filter(|(_, text)| text.lines().count() > max && !excused(text))
        .map(|(p, text)| (p.clone(), text.lines().count()))
        .collect()
}

#[test]
fn no_file_over_600_lines_without_a_written_reason() {
    let files: Vec<(String, String)> = checked_files()
        .iter()
        .map(|p| (p.strip_prefix(root()).unwrap().display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    assert!(files.iter().any(|(p, _)| p.starts_with("station-firmware-sim/")), "the simulator is read");
    let long = long_files(&files, 600);
    assert!(long.is_empty(), "files over 600 lines with no `//! Long file:` reason at the top: {long:#?}");
}

#[test]
fn the_file_size_check_can_fail() {
    let body: String = (0..601).map(|i| format!("const X{i}: u32 = {i};\n")).collect();
    let plain = ("big.rs".to_string(), format!("//! Constants.\n{body}"));
    let excused = ("ok.rs".to_string(), format!("//! Constants.\n//! Long file: one table, read whole.\n{body}"));
    let late = ("late.rs".to_string(), format!("//! Constants.\n{body}// Long file: too late, not at the top.\n"));
    assert_eq!(
        long_files(&[plain, excused, late], 600).iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["big.rs", "late.rs"]
    );
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
