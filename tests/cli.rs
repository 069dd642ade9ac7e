//! End-to-end: the `zheng` binary as users run it — the demo, `count` on every fixture, and every
//! kind of bad input (exit 2, the file, line and field named, nothing on stdout).

use crate::common;

use common::*;

#[test]
fn demo_prints_the_counting_sheets() {
    let o = zheng_default(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = out(&o);
    assert!(s.contains("坑头村第十二届村民委员会选举"));
    assert!(s.contains("中心会场") && s.contains("流动票箱"));
    assert!(s.contains("正×"), "votes drawn in 正 strokes");
    assert!(s.contains("当选"));
    assert!(s.contains("另行选举"), "the demo's member post goes to a run-off");
    assert!(s.contains("监督核验（zheng verify）：18/18 项检查通过。"), "the demo signs, merges and verifies:\n{s}");
    let en = out(&zheng(&["demo", "--lang", "en"]));
    assert!(en.contains("Public counting sheet") && en.contains("elected"));
}

/// Issue 21, defect 6: `demo --report-out` printed `zheng verify <bundle>` for a bundle it never
/// wrote. The bundle is kept beside the reports, and the command printed works as printed.
#[test]
fn demo_report_out_keeps_the_bundle_its_report_names() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("reports");
    let o = zheng(&["demo", "--lang", "en", "--report-out", to.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = out(&o);
    let command =
        s.lines().find_map(|l| l.trim().strip_prefix("to check it: ")).expect("the command to check the bundle");
    let args: Vec<&str> = command.split(' ').collect();
    assert_eq!(args[..2], ["zheng", "verify"]);
    let checked = zheng(&args[1..]);
    assert_eq!(checked.status.code(), Some(0), "{command}: {}", out(&checked));
    let report = std::fs::read_to_string(to.join("kengtou-2020-vc.signed.html")).unwrap();
    assert!(report.contains(&format!("zheng verify {}", args[2])), "the report names the bundle kept");
    // Run again: the same bundle is there, kept; a different folder in its place is not overwritten.
    assert_eq!(zheng(&["demo", "--report-out", to.to_str().unwrap()]).status.code(), Some(0));
    std::fs::write(std::path::Path::new(args[2]).join("sheet.txt"), "changed").unwrap();
    assert_eq!(zheng(&["demo", "--report-out", to.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn demo_is_byte_identical_run_to_run() {
    assert_eq!(zheng(&["demo"]).stdout, zheng(&["demo"]).stdout);
}

fn fixture(vote: &str, boxes: &[&str]) -> (i32, serde_json::Value, String) {
    let m = format!("fixtures/{vote}/election.toml");
    let mut args = vec!["count", "--election", &m, "--json"];
    let paths: Vec<String> = boxes.iter().map(|b| format!("fixtures/{vote}/{b}.jsonl")).collect();
    args.extend(paths.iter().map(String::as_str));
    let o = zheng(&args);
    let mut sheet_args = args.clone();
    sheet_args.retain(|a| *a != "--json");
    let sheet = out(&zheng_default(&sheet_args));
    (o.status.code().unwrap(), serde_json::from_slice(&o.stdout).unwrap(), sheet)
}

#[test]
fn count_the_villagers_committee_fixture() {
    let (code, v, sheet) = fixture("kengtou-vc", &["central", "station-1", "station-2", "mobile"]);
    assert_eq!(code, 0);
    assert_eq!(v["election"], "kengtou-2020-vc");
    assert_eq!(v["status"], "valid");
    assert_eq!(v["registered"], 1500);
    assert_eq!(v["voters"], 1134);
    let (ballots, valid, invalid) =
        (v["ballots"].as_u64().unwrap(), v["valid_ballots"].as_u64().unwrap(), v["invalid_ballots"].as_u64().unwrap());
    assert_eq!(ballots, valid + invalid);
    assert_eq!(v["stations"].as_array().unwrap().len(), 4);
    let sum: u64 = v["stations"].as_array().unwrap().iter().map(|s| s["ballots"].as_u64().unwrap()).sum();
    assert_eq!(sum, ballots);
    // ZJE28: the bar is more than half of the voters.
    assert_eq!(v["contests"][0]["bar"], 1134 / 2 + 1);
    assert_eq!(elected(&v, 0), vec!["c01"]);
    assert_eq!(v["contests"][2]["outcome"], "runoff");
    assert_eq!(v["contests"][2]["runoff"]["seats"], 2);
    // The hand-placed ballots: 钟伟, elected vice-chair, written in as a member, holds the higher post.
    let member = v["contests"][2]["tally"].as_array().unwrap();
    let zhong = member.iter().find(|e| e["name"] == "钟伟").unwrap();
    assert_eq!((zhong["id"].as_str(), zhong["holds"].as_str()), (Some("c04"), Some("vice")));
    assert!(sheet.contains("本次选举有效"));
}

/// A reader that has gone before `count` prints (`zheng count … | head -c 0`, the pager closed) ends
/// the command there, quietly: nothing on stderr and exit status 0 — the JSON streamed out as the
/// sheet. (One box of four, counted provisionally: a void vote, whose status would be 1 had the
/// command gone on past the closed pipe.)
#[test]
fn a_closed_pipe_ends_a_print_quietly() {
    let d = "fixtures/kengtou-vc";
    let (manifest, mobile) = (format!("{d}/election.toml"), format!("{d}/mobile.jsonl"));
    let void = zheng(&["count", "--election", &manifest, &mobile, "--partial"]);
    assert_eq!(void.status.code(), Some(1), "{}", out(&void));
    for json in [true, false] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut c = zheng_command();
        c.args(["count", "--election", &manifest, &mobile, "--partial"]).current_dir(root());
        if json {
            c.arg("--json");
        }
        let o = c.stdout(writer).output().expect("zheng runs");
        assert_eq!(o.status.code(), Some(0), "--json {json}: {}", err(&o));
        assert!(o.stderr.is_empty(), "--json {json}: {}", err(&o));
    }
}

#[test]
fn count_is_independent_of_box_order() {
    let (_, a, _) = fixture("kengtou-vc", &["central", "station-1", "station-2", "mobile"]);
    let (_, b, _) = fixture("kengtou-vc", &["mobile", "station-2", "central", "station-1"]);
    assert_eq!(a, b);
}

#[test]
fn count_the_party_and_cooperative_fixtures() {
    let (code, v, _) = fixture("kengtou-party", &["meeting"]);
    assert_eq!(code, 0);
    let c = &v["contests"][0];
    assert_eq!(c["style"], "approve");
    for e in c["tally"].as_array().unwrap().iter().filter(|e| e.get("write_in").is_none()) {
        let (f, a, ab) = (e["for"].as_u64().unwrap(), e["against"].as_u64().unwrap(), e["abstain"].as_u64().unwrap());
        assert_eq!(f + a + ab, v["valid_ballots"].as_u64().unwrap(), "for + against + abstain = valid ballots");
        assert_eq!(e["votes"], e["for"]);
    }
    let (code, v, _) = fixture("kengtou-coop", &["meeting"]);
    assert_eq!(code, 0);
    // ZJC30: more than half of the 35 representatives entitled to attend.
    assert_eq!(v["contests"][0]["bar"], 18);
}

#[test]
fn rules_lists_the_profiles() {
    let s = out(&zheng(&["rules"]));
    for p in ["zj-vc-2020", "cpc-2020", "zj-supervision-2020", "zj-coop-rep-2020"] {
        assert!(s.contains(p));
    }
}

const POSTS: &str = "[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" }, { id = \"b\", name = \"钱二\" } ]\n";

#[test]
fn usage_errors_exit_2() {
    assert_eq!(zheng(&[]).status.code(), Some(2));
    assert_eq!(zheng(&["count"]).status.code(), Some(2));
    assert_eq!(zheng(&["count", "--election", "nope.toml", "x.jsonl"]).status.code(), Some(2));
    assert_eq!(zheng(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn box_file_errors_name_file_line_and_field() {
    let c = Case::new(&vc_manifest(10, POSTS));
    let cases: &[(&[&str], &str)] = &[
        (&[r#"{"chair":["a"]}"#, r#"{"chair":["z"]}"#], ":3: chair[0]: unknown candidate"),
        (&[r#"{"mayor":["a"]}"#], ":2: mayor: unknown post"),
        (&[r#"{"chair":["a"]"#], ":2: EOF"),
        (&["not json"], ":2: expected"),
        (&[r#"{"chair":"a"}"#], ":2: "),
        (&["{}", ""], ":3: empty line"),
        (&[r#"{"chair":["w:"]}"#], ":2: chair[0]: written-in name: the name is empty"),
    ];
    for (lines, want) in cases {
        let b = c.box_file("b.jsonl", "s", 10, lines);
        let e = c.count_fails(&[&b]);
        assert!(e.contains("b.jsonl") && e.contains(want), "{lines:?}: {e}");
    }
    let b = c.box_file("h.jsonl", "nowhere", 10, &["{}"]);
    assert!(c.count_fails(&[&b]).contains("h.jsonl:1: station: station \"nowhere\" is not in the manifest"));
    std::fs::write(c.path("h2.jsonl"), "{\"station\":\"s\"}\n{}\n").unwrap();
    assert!(c.count_fails(&[&c.path("h2.jsonl")]).contains("h2.jsonl:1: voters"));
    std::fs::write(c.path("empty.jsonl"), "").unwrap();
    assert!(c.count_fails(&[&c.path("empty.jsonl")]).contains("empty.jsonl:1"));
    std::fs::write(c.path("bin.jsonl"), b"{\"station\":\"s\",\"voters\":1}\n{\"chair\":[\"\xff\"]}\n").unwrap();
    assert!(c.count_fails(&[&c.path("bin.jsonl")]).contains("bin.jsonl:2"));
}

#[test]
fn boxes_must_match_the_stations() {
    let m = vc_manifest(10, POSTS)
        .replace("[[station]]\nid = \"s\"\n", "[[station]]\nid = \"s\"\n[[station]]\nid = \"t\"\n");
    let c = Case::new(&m);
    let s = c.box_file("s.jsonl", "s", 6, &["{}"]);
    let s2 = c.box_file("s2.jsonl", "s", 5, &["{}"]);
    let t = c.box_file("t.jsonl", "t", 5, &["{}"]);
    assert!(c.count_fails(&[&s]).contains("no box file for station(s) t"));
    assert!(c.count_fails(&[&s, &s2, &t]).contains("both the box of station \"s\""));
    let o =
        zheng(&["count", "--election", c.path("e.toml").to_str().unwrap(), "--partial", "--json", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn manifest_errors_name_line_and_field() {
    let c = Case::new(&vc_manifest(10, &POSTS.replace("seats = 1", "seats = 0")));
    let b = c.box_file("b.jsonl", "s", 1, &[]);
    let e = c.count_fails(&[&b]);
    assert!(e.contains("e.toml:8: contest[0] \"chair\".seats: must be at least 1"), "{e}");
    let c = Case::new("format = 1\n[election]\nid = \"x\"\nbody = \"parliament\"\nregistered = 1\n");
    let e = c.count_fails(&[&b]);
    assert!(e.contains("e.toml:4") && e.contains("parliament"), "{e}");
    let c = Case::new("this is not toml");
    assert!(c.count_fails(&[&b]).contains("e.toml:1"));
}

#[test]
fn a_void_vote_exits_1_and_elects_nobody() {
    // ZJE27/OL15: 4 of 10 registered voted, not more than half.
    let c = Case::new(&vc_manifest(10, POSTS));
    let b = c.box_file("b.jsonl", "s", 4, &[r#"{"chair":["a"]}"#; 4]);
    let (code, v) = c.count(&[&b]);
    assert_eq!(code, 1);
    assert_eq!(v["status"], "void");
    assert_eq!(v["void_reasons"], serde_json::json!(["quorum-not-met"]));
    assert_eq!(elected(&v, 0), Vec::<String>::new());
    assert_eq!(v["contests"][0]["outcome"], "void");
    assert_eq!(votes(&v, 0)[0], ("赵一".to_string(), 4), "a void vote still shows its tallies");
    let sheet = out(&zheng_default(&["count", "--election", c.path("e.toml").to_str().unwrap(), b.to_str().unwrap()]));
    assert!(sheet.contains("本次选举无效"));
}
