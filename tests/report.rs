//! `zheng report` from the command line: what it writes, what it refuses, and the bundle digest's
//! definition (FORMAT.md "Bundle digest") checked against the shell pipeline it names. The pages in
//! a real browser: `tests/browser.rs`.

use crate::common;

use std::process::Command;

use common::*;

fn s(p: &std::path::Path) -> String {
    p.display().to_string()
}

/// FORMAT.md: the digest is what `find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum`
/// prints inside the bundle.
#[test]
fn the_bundle_digest_is_what_sha256sum_prints() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let shell = Command::new("sh")
        .args(["-c", "find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum"])
        .current_dir(&bundle)
        .output()
        .expect("sh, find, sort and sha256sum are here");
    let hex = String::from_utf8(shell.stdout).unwrap();
    let hex = hex.split_whitespace().next().unwrap();
    assert_eq!(zheng::audit::bundle::digest(&bundle).unwrap(), hex);
    // And the report prints it.
    let html = dir.path().join("r.html");
    let o = zheng(&["report", "--bundle", &s(&bundle), "--out", &s(&html)]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(std::fs::read_to_string(&html).unwrap().contains(hex));
}

/// A bundle that does not verify gets its checklist, exit 1, and no report.
#[test]
fn a_bundle_that_does_not_verify_gets_no_report() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let outcome = bundle.join("outcome.json");
    let text = std::fs::read_to_string(&outcome).unwrap().replacen("\"voters\": 1134", "\"voters\": 1135", 1);
    std::fs::write(&outcome, text).unwrap();
    let html = dir.path().join("r.html");
    let o = zheng_default(&["report", "--bundle", &s(&bundle), "--out", &s(&html)]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("[不通过]") && err(&o).contains("数据包未通过核验"), "{}", err(&o));
    assert!(!html.exists(), "nothing written");
}

/// The same boxes give the same bytes; a void vote is reported (exit 1, as `count`); the report
/// never overwrites an input; a missing box needs --partial and is marked provisional.
#[test]
fn reports_are_deterministic_void_votes_reported_inputs_kept() {
    let c = Case::new(&vc_manifest(
        10,
        "[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n",
    ));
    let few = c.box_file("s.jsonl", "s", 3, &[r#"{"chair":["a"]}"#, r#"{"chair":["a"]}"#, r#"{"chair":[]}"#]);
    let (a, b) = (c.path("a.html"), c.path("b.html"));
    for out in [&a, &b] {
        let o = zheng(&["report", "--election", &s(&c.path("e.toml")), &s(&few), "--out", &s(out)]);
        assert_eq!(o.status.code(), Some(1), "3 voters of 10: the vote is void [ZJE27]; {}", err(&o));
    }
    let html = std::fs::read_to_string(&a).unwrap();
    assert_eq!(html, std::fs::read_to_string(&b).unwrap(), "byte-identical");
    assert!(html.contains("data-value=\"void\""));
    let before = std::fs::read(&few).unwrap();
    let o = zheng(&["report", "--election", &s(&c.path("e.toml")), &s(&few), "--out", &s(&few)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&few).unwrap(), before, "the box is untouched");

    let two = Case::new(&format!(
        "{}[[station]]\nid = \"t\"\n",
        vc_manifest(4, "[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n")
    ));
    let one = two.box_file("s.jsonl", "s", 3, &[r#"{"chair":["a"]}"#, r#"{"chair":["a"]}"#, r#"{"chair":["a"]}"#]);
    let p = two.path("p.html");
    let args = ["report", "--election", &s(&two.path("e.toml")), &s(&one), "--out", &s(&p)];
    assert_eq!(zheng(&args).status.code(), Some(2), "a missing box without --partial is refused");
    let mut partial = args.to_vec();
    partial.push("--partial");
    assert!(zheng(&partial).status.success());
    assert!(std::fs::read_to_string(&p).unwrap().contains("data-field=\"provisional\""));
}
