//! A vote's chain of rounds end to end, for each of the four bodies: the first round leaves a tie
//! over the bar (再次投票, ZJE28) and a seat short (另行选举, ZJE29); `zheng next-round` writes the
//! re-vote, then — from the first round's outcome and the re-vote's — the run-off, which leaves the
//! seat empty (ZJE30); after it no round is called for.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The four bodies: (body, profile, approve style).
const BODIES: [(&str, &str, bool); 4] = [
    ("villagers-committee", "zj-vc-2020", false),
    ("party-committee", "cpc-2020", true),
    ("supervision-committee", "zj-supervision-2020", false),
    ("coop-management", "zj-coop-rep-2020", false),
];

fn manifest(body: &str, rules: &str, approve: bool) -> String {
    let style = if approve { "approve" } else { "choose" };
    format!(
        r#"format = 1
[election]
id = "chain-{body}"
title = "坑头村换届选举"
village = "坑头村"
township = "郑坑乡"
body = "{body}"
rules = "{rules}"
registered = 12

[[contest]]
id = "vice"
office = "副职"
seats = 2
style = "{style}"
candidates = [ {{ id = "x", name = "赵一" }}, {{ id = "y", name = "钱二" }}, {{ id = "z", name = "孙三" }} ]

[[contest]]
id = "member"
office = "委员"
seats = 2
style = "{style}"
candidates = [ {{ id = "m1", name = "李四" }}, {{ id = "m2", name = "周五" }}, {{ id = "m3", name = "吴六" }}, {{ id = "m4", name = "郑七" }} ]

[[station]]
id = "central"
key = "{key}"
staff = [ {{ person = "s1", role = "caller" }}, {{ person = "s2", role = "tallier" }} ]
"#,
        key = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    )
}

/// A ballot marking these people in each post, in the body's style.
fn ballot(approve: bool, posts: &[(&str, &[&str])]) -> String {
    let parts: Vec<String> = posts
        .iter()
        .map(|(post, who)| {
            let ids = who.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(",");
            if approve { format!("\"{post}\":{{\"for\":[{ids}]}}") } else { format!("\"{post}\":[{ids}]") }
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

fn write_box(path: &Path, voters: u64, ballots: &[(String, usize)]) {
    let mut t = format!("{{\"station\":\"central\",\"voters\":{voters}}}\n");
    for (b, n) in ballots {
        for _ in 0..*n {
            t.push_str(b);
            t.push('\n');
        }
    }
    std::fs::write(path, t).unwrap();
}

fn count(manifest: &Path, boxfile: &Path, out: &Path) -> Value {
    let o = zheng(&["count", "--election", manifest.to_str().unwrap(), "--json", boxfile.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    std::fs::write(out, &o.stdout).unwrap();
    serde_json::from_slice(&o.stdout).unwrap()
}

fn next_round(manifest: &Path, outcomes: &[&Path], out: &Path) -> std::process::Output {
    let mut args: Vec<String> = vec!["next-round".into(), "--election".into(), manifest.display().to_string()];
    for o in outcomes {
        args.extend(["--outcome".to_string(), o.display().to_string()]);
    }
    args.extend(["--out".to_string(), out.display().to_string()]);
    zheng(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn post<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["contests"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

/// ZJE28 → ZJE29 → ZJE30 for every body.
#[test]
fn first_revote_runoff_unfilled_for_each_body() {
    for (body, rules, approve) in BODIES {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| -> PathBuf { dir.path().join(n) };
        std::fs::write(p("first.toml"), manifest(body, rules, approve)).unwrap();
        // Round 1, 11 voters of 12: vice x 8, y 7, z 7 (a tie over the bar for the last seat);
        // member m1 7, m2 4, m3 1 (one seat short).
        write_box(
            &p("first.jsonl"),
            11,
            &[
                (ballot(approve, &[("vice", &["x", "y"]), ("member", &["m1", "m2"])]), 4),
                (ballot(approve, &[("vice", &["x", "z"]), ("member", &["m1"])]), 3),
                (ballot(approve, &[("vice", &["x", "z"]), ("member", &["m3"])]), 1),
                (ballot(approve, &[("vice", &["y", "z"])]), 3),
            ],
        );
        let first = count(&p("first.toml"), &p("first.jsonl"), &p("first.json"));
        assert_eq!(post(&first, "vice")["outcome"], "revote", "{body}");
        assert_eq!(post(&first, "vice")["revote"]["candidates"], serde_json::json!(["y", "z"]), "{body}");
        assert_eq!(post(&first, "member")["outcome"], "runoff", "{body}");
        assert_eq!(post(&first, "member")["runoff"]["candidates"], serde_json::json!(["m2", "m3"]), "{body}");

        // The re-vote is called for first.
        let o = next_round(&p("first.toml"), &[&p("first.json")], &p("revote.toml"));
        assert_eq!(o.status.code(), Some(0), "{body}: {}", err(&o));
        let text = std::fs::read_to_string(p("revote.toml")).unwrap();
        assert!(
            text.contains("round = \"revote\"") && text.contains(&format!("id = \"chain-{body}-revote\"")),
            "{text}"
        );
        assert!(!text.contains("m1") && !text.contains("\"x\""), "only the tied people of the tied post: {text}");
        write_box(
            &p("revote.jsonl"),
            11,
            &[(ballot(approve, &[("vice", &["y"])]), 6), (ballot(approve, &[("vice", &["z"])]), 5)],
        );
        let revote = count(&p("revote.toml"), &p("revote.jsonl"), &p("revote.json"));
        assert_eq!(revote["round"], "revote");
        assert_eq!(elected(&revote, 0), vec!["y"], "{body}: most votes wins a re-vote");

        // Then the run-off, from the first round's outcome and the re-vote's.
        let o = next_round(&p("first.toml"), &[&p("first.json"), &p("revote.json")], &p("runoff.toml"));
        assert_eq!(o.status.code(), Some(0), "{body}: {}", err(&o));
        let text = std::fs::read_to_string(p("runoff.toml")).unwrap();
        assert!(text.contains("round = \"runoff\"") && text.contains("members_elected_before = 3"), "{text}");
        assert!(text.contains("key = \"3d4017c3"), "the stations and their keys are kept: {text}");
        assert!(
            text.contains("person = \"s1\"") && text.contains("role = \"tallier\""),
            "and their counting teams [ZJE22]: {text}"
        );
        write_box(
            &p("runoff.jsonl"),
            11,
            &[
                (ballot(approve, &[("member", &["m2"])]), 3),
                (ballot(approve, &[("member", &["m3"])]), 2),
                ("{}".into(), 6),
            ],
        );
        let runoff = count(&p("runoff.toml"), &p("runoff.jsonl"), &p("runoff.json"));
        assert_eq!(runoff["round"], "runoff");
        assert_eq!(post(&runoff, "member")["outcome"], "unfilled", "{body}: 3 votes is under every run-off bar here");

        // Nothing further is called for.
        let o =
            next_round(&p("first.toml"), &[&p("first.json"), &p("revote.json"), &p("runoff.json")], &p("more.toml"));
        assert_eq!(o.status.code(), Some(1), "{body}: {}", out(&o));
        assert!(err(&o).contains("no re-vote or run-off is called for"), "{}", err(&o));
        assert!(!p("more.toml").exists());
    }
}

/// A void vote is held again, not continued; `--round` for a round nobody needs is refused; the
/// output never overwrites an input.
#[test]
fn a_void_vote_is_not_continued() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| -> PathBuf { dir.path().join(n) };
    // `zheng next-round` from the box itself, with `extra` arguments, writing `out`.
    let from_box = |extra: &[&str], out: &str| {
        let (e, b, out) = (p("e.toml"), p("b.jsonl"), p(out));
        let mut args = vec!["next-round", "--election", e.to_str().unwrap(), b.to_str().unwrap()];
        args.extend(extra);
        args.extend(["--out", out.to_str().unwrap()]);
        zheng(&args)
    };
    std::fs::write(p("e.toml"), manifest("villagers-committee", "zj-vc-2020", false)).unwrap();
    write_box(&p("b.jsonl"), 5, &[(ballot(false, &[("vice", &["x", "y"])]), 5)]);
    let o = from_box(&[], "n.toml");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("void"), "{}", err(&o));
    let o = from_box(&[], "e.toml");
    assert_eq!(o.status.code(), Some(2));
    write_box(&p("b.jsonl"), 11, &[(ballot(false, &[("vice", &["x", "y"]), ("member", &["m1"])]), 11)]);
    let o = from_box(&["--round", "revote"], "n.toml");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no post calls for a revote"), "{}", err(&o));
    let o = from_box(&[], "n.toml");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::read_to_string(p("n.toml")).unwrap().contains("seats = 1"));
}
