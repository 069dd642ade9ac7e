//! `zheng audit` end to end (issue 20; contract §6) on the demo village's verified bundle
//! (`zheng demo --report-out DIR` keeps it as `DIR/kengtou-2020-vc-bundle`), the paper being the
//! fixtures' piles: position p of a station is line p + 1 of `fixtures/kengtou-vc/<station>.jsonl`
//! (line 1 is the header).
//!
//! The plan's JSON and folder, `record`'s answers and refusals, `status`, `next-round`, hand counts
//! and the paper's outcome, the report, the refusals of `plan`, English output with no Chinese but
//! the fixtures' own words; `kill`: `audit record` killed with SIGKILL loses no acknowledged ballot.

use crate::common;

mod browser;
mod kill;
mod verify;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use common::*;
use serde_json::{Value, json};

/// 20 decimal digits, as rolled in public.
pub(crate) const SEED: &str = "20201118093000424242";

const STATIONS: [&str; 4] = ["central", "station-1", "station-2", "mobile"];

/// A planned audit of the demo's bundle, in a temporary folder.
pub(crate) struct Planned {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) bundle: PathBuf,
    pub(crate) audit: PathBuf,
    /// What `audit plan --json` printed.
    pub(crate) plan: Value,
}

impl Planned {
    pub(crate) fn audit(&self) -> &str {
        self.audit.to_str().unwrap()
    }

    /// The sample's ballots, in ticket order.
    pub(crate) fn sample(&self) -> Vec<String> {
        self.plan["sample"].as_array().unwrap().iter().map(|s| s["ballot"].as_str().unwrap().to_string()).collect()
    }
}

/// The demo's verified bundle, kept in `dir`.
pub(crate) fn demo_bundle(dir: &Path) -> PathBuf {
    let reports = dir.join("reports");
    let o = zheng(&["demo", "--report-out", reports.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let bundle = reports.join("kengtou-2020-vc-bundle");
    assert!(bundle.join("outcome.json").is_file(), "the demo keeps its bundle");
    bundle
}

/// `zheng audit plan --json` of the demo's bundle.
pub(crate) fn planned() -> Planned {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let audit = dir.path().join("audit");
    let o = zheng(
        &["audit", "plan", "--bundle", bundle.to_str().unwrap(), "--seed", SEED, "--out"]
            .into_iter()
            .chain([audit.to_str().unwrap(), "--json"])
            .collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let plan = serde_json::from_slice(&o.stdout).expect("the plan as JSON");
    Planned { dir, bundle, audit, plan }
}

/// The paper piles: each station's ballot lines, position p at index p (index 0 is the header).
pub(crate) fn piles() -> BTreeMap<String, Vec<String>> {
    STATIONS
        .iter()
        .map(|s| {
            let text = std::fs::read_to_string(root().join(format!("fixtures/kengtou-vc/{s}.jsonl"))).unwrap();
            (s.to_string(), text.lines().map(str::to_string).collect())
        })
        .collect()
}

/// `audit record`'s input line for a ballot: what its paper shows, from the pile.
pub(crate) fn read_line(piles: &BTreeMap<String, Vec<String>>, ballot: &str) -> String {
    let (station, p) = ballot.rsplit_once(':').unwrap();
    let paper: Value = serde_json::from_str(&piles[station][p.parse::<usize>().unwrap()]).unwrap();
    json!({ "ballot": ballot, "paper": paper }).to_string()
}

/// Runs `zheng` with `input` on its stdin.
pub(crate) fn zheng_in(args: &[&str], input: &str) -> Output {
    let mut child = crate::common::zheng_command()
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    o
}

/// `zheng audit status --json`.
pub(crate) fn status(audit: &str) -> Value {
    let o = zheng(&["audit", "status", "--audit", audit, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    serde_json::from_slice(&o.stdout).expect("the status as JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn has_keys(v: &Value, want: &[&str], what: &str) {
    let have = keys(v);
    let missing: Vec<&&str> = want.iter().filter(|k| !have.contains(k)).collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}: {v}");
}

/// A ticket as a number's digits, for ordering: `0.` and its decimals, padded.
fn ticket_digits(t: &str) -> String {
    let d = t.strip_prefix("0.").unwrap_or_else(|| panic!("a ticket in [0, 1): {t}"));
    assert!(d.len() >= 18 && d.bytes().all(|b| b.is_ascii_digit()), "at least 18 digits: {t}");
    format!("{d:0<80}")
}

/// The plan prints every key of contract §6, agrees with the outcome it audits, and its folder
/// holds the plan, the database and round 1's retrieval list.
#[test]
fn audit_plan_prints_contract_6_and_writes_the_folder() {
    let p = planned();
    let v = &p.plan;
    let plan_keys =
        ["bundle", "seed", "risk_limit", "population", "assertions", "hand_count", "round", "sample_size", "sample"];
    has_keys(v, &plan_keys, "the plan");
    let digest = v["bundle"].as_str().unwrap();
    assert!(digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()), "a digest in hex: {digest}");
    assert_eq!((v["seed"].as_str(), v["risk_limit"].as_f64(), v["round"].as_u64()), (Some(SEED), Some(0.05), Some(1)));
    let outcome: Value = serde_json::from_slice(&std::fs::read(p.bundle.join("outcome.json")).unwrap()).unwrap();
    assert_eq!(v["population"], outcome["ballots"], "every ballot counted, valid and invalid");
    assert_eq!(v["population"], 1129);
    let assertions = v["assertions"].as_array().unwrap();
    assert!(!assertions.is_empty());
    for a in assertions {
        has_keys(a, &["id", "post", "kind", "winner", "loser", "reported_mean", "margin", "u"], "an assertion");
        assert!(["bar", "beats", "below", "boundary"].contains(&a["kind"].as_str().unwrap()), "{a}");
        let (mean, margin, u) =
            (a["reported_mean"].as_f64().unwrap(), a["margin"].as_f64().unwrap(), a["u"].as_f64().unwrap());
        assert!(mean > 0.5 && mean <= u && (margin - (2.0 * mean - 1.0)).abs() < 1e-12, "{a}");
        assert!(a["id"].as_str().unwrap().starts_with(&format!("{}/", a["post"].as_str().unwrap())), "{a}");
    }
    let posts: Vec<&Value> = outcome["contests"].as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert!(assertions.iter().all(|a| posts.contains(&&a["post"])), "every assertion is of a post of the vote");
    assert_eq!(v["hand_count"], json!([]), "no tie in the demo");
    let sample = v["sample"].as_array().unwrap();
    assert_eq!(v["sample_size"].as_u64(), Some(sample.len() as u64));
    assert!(!sample.is_empty() && sample.len() < 1129);
    let tickets: Vec<String> = sample.iter().map(|s| ticket_digits(s["ticket"].as_str().unwrap())).collect();
    assert!(tickets.windows(2).all(|w| w[0] < w[1]), "the sample in ticket order");
    let boxes: BTreeMap<&str, u64> = outcome["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["ballots"].as_u64().unwrap()))
        .collect();
    for s in sample {
        has_keys(s, &["ballot", "ticket"], "a drawn ballot");
        let (station, pos) = s["ballot"].as_str().unwrap().rsplit_once(':').unwrap();
        let pos: u64 = pos.parse().unwrap();
        assert!(pos >= 1 && pos <= boxes[station], "{s}: a position of the pile, from 1");
    }
    for f in ["plan.json", "audit.sqlite", "retrieval-1.csv", "retrieval-1.html"] {
        assert!(p.audit.join(f).is_file(), "the folder holds {f}");
    }
    let written: Value = serde_json::from_slice(&std::fs::read(p.audit.join("plan.json")).unwrap()).unwrap();
    assert_eq!(&written, v, "plan.json is the plan printed");
    let csv = std::fs::read_to_string(p.audit.join("retrieval-1.csv")).unwrap();
    assert_eq!(csv.lines().count(), sample.len() + 1, "a line a drawn ballot, under a header");
    assert!(sample.iter().all(|s| csv.contains(&format!(",{},", s["ballot"].as_str().unwrap()))));
    let mut rows: Vec<(String, u64)> = Vec::new();
    for row in csv.lines().skip(1) {
        let (station, pos) = row.split(',').nth(3).unwrap().rsplit_once(':').unwrap();
        rows.push((station.to_string(), pos.parse().unwrap()));
    }
    assert!(rows.windows(2).all(|w| w[0].0 != w[1].0 || w[0].1 < w[1].1), "each box's positions ascending");
}

/// `audit record` answers `ok N` for each paper ballot once durable (the same marks again change
/// nothing), and `refused L: why` — exit 2 — for a ballot not drawn, a ballot given again with
/// other marks, a malformed line, an id that is no ballot of the audit, a paper not in the ballot
/// syntax.
#[test]
fn audit_record_acknowledges_and_refuses_with_reasons() {
    let p = planned();
    let piles = piles();
    let sample = p.sample();
    let drawn: Vec<&str> = sample.iter().map(String::as_str).collect();
    let not_drawn = (1..=623).map(|i| format!("central:{i}")).find(|b| !drawn.contains(&b.as_str())).unwrap();
    let lines = [
        read_line(&piles, &sample[0]),
        read_line(&piles, &sample[1]),
        read_line(&piles, &sample[0]),
        json!({"ballot": not_drawn, "paper": {}}).to_string(),
        json!({"ballot": sample[0], "paper": {"spoiled": true}}).to_string(),
        "{\"ballot\": \"central:1\", \"paper\":".to_string(),
        json!({"ballot": "nowhere:1", "paper": {}}).to_string(),
        json!({"ballot": "central:624", "paper": {}}).to_string(),
        json!({"ballot": "central", "paper": {}}).to_string(),
        json!({"ballot": sample[2], "paper": {"chair": ["nobody"]}}).to_string(),
        read_line(&piles, &sample[2]),
    ];
    let o = zheng_in(&["audit", "record", "--audit", p.audit(), "--lang", "en"], &(lines.join("\n") + "\n"));
    assert_eq!(o.status.code(), Some(2), "a refused line exits 2: {}", err(&o));
    let answers: Vec<String> = out(&o).lines().map(str::to_string).collect();
    assert_eq!(answers.len(), lines.len(), "one answer a line: {answers:#?}");
    assert_eq!(answers[..3], ["ok 1", "ok 2", "ok 2"], "the same marks again change nothing");
    assert_eq!(answers[10], "ok 3");
    let whys = [
        (4, not_drawn.as_str()),
        (5, &sample[0]),
        (6, ""),
        (7, "nowhere:1"),
        (8, "central:624"),
        (9, "central"),
        (10, "nobody"),
    ];
    for (i, why) in whys {
        let a = &answers[i - 1];
        let sentence = a.strip_prefix(&format!("refused {i}: ")).unwrap_or_else(|| panic!("line {i}: {a}"));
        assert!(sentence.split_whitespace().count() >= 4 && sentence.contains(why), "line {i}: a sentence: {a}");
    }
    assert!(answers[3].contains("not drawn"), "{}", answers[3]);
    assert!(answers[4].contains(r#"{"spoiled":true}"#), "both readings named: {}", answers[4]);
    let st = status(p.audit());
    assert_eq!((st["recorded"].as_u64(), st["ballots_read"].as_u64()), (Some(3), Some(3)), "{st}");
}

/// `audit status --json` prints contract §6's keys; the risk of each assertion is over the ballots
/// read in draw order without a gap (a ballot read out of turn waits for those drawn before it).
#[test]
fn audit_status_prints_contract_6() {
    let p = planned();
    let piles = piles();
    let sample = p.sample();
    let input: String = [0, 1, 2, 4].iter().map(|&i| read_line(&piles, &sample[i]) + "\n").collect();
    let o = zheng_in(&["audit", "record", "--audit", p.audit()], &input);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let st = status(p.audit());
    let want = ["verdict", "round", "ballots_read", "assertions", "next_round_size", "discrepancies", "paper_outcome"];
    has_keys(&st, &want, "the status");
    assert_eq!((st["verdict"].as_str(), st["round"].as_u64()), (Some("next-round"), Some(1)));
    assert_eq!((st["ballots_read"].as_u64(), st["recorded"].as_u64()), (Some(3), Some(4)), "{st}");
    assert_eq!(st["next_round_size"], Value::Null, "the round is not read yet");
    assert_eq!((st["discrepancies"].clone(), st["paper_outcome"].clone()), (json!([]), Value::Null));
    let assertions = st["assertions"].as_array().unwrap();
    let planned: Vec<&Value> = p.plan["assertions"].as_array().unwrap().iter().map(|a| &a["id"]).collect();
    assert_eq!(assertions.iter().map(|a| &a["id"]).collect::<Vec<_>>(), planned, "every assertion, in order");
    for a in assertions {
        has_keys(a, &["id", "ballots", "risk", "confirmed"], "an assertion's state");
        let risk = a["risk"].as_f64().unwrap();
        assert_eq!(a["ballots"], 3, "{a}");
        assert!((0.0..=1.0).contains(&risk) && a["confirmed"] == json!(risk <= 0.05), "{a}");
    }
    let printed = out(&zheng(&["audit", "status", "--audit", p.audit(), "--json"]));
    assert_eq!(
        std::fs::read_to_string(p.audit.join("status.json")).unwrap(),
        printed,
        "status.json is what it printed"
    );
}

/// `audit next-round --json` extends the sample with the same seed: round 1's draws first, in the
/// same order, then the new ones — of the size the status proposes once round 1 is read and not
/// confirmed, or of `--size`; a round no larger than the last is refused.
#[test]
fn audit_next_round_keeps_round_one_first() {
    let p = planned();
    let piles = piles();
    let n1 = p.plan["sample_size"].as_u64().unwrap();
    // The paper of one drawn ballot in twenty that the count gives the chair's winner shows the
    // chair left blank: the chair's bar (a margin near 5%) needs more than the planned sample.
    let input: String = p
        .sample()
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let line = read_line(&piles, b);
            (if i % 20 == 0 { line.replace(r#""chair":["c01"]"#, r#""chair":[]"#) } else { line }) + "\n"
        })
        .collect();
    let o = zheng_in(&["audit", "record", "--audit", p.audit()], &input);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let st = status(p.audit());
    assert_eq!(st["ballots_read"].as_u64(), Some(n1), "round 1 read whole");
    assert_eq!(st["verdict"], "next-round", "{st}");
    let n2 = st["next_round_size"].as_u64().unwrap_or_else(|| panic!("a next round proposed: {st}"));
    assert!(n2 > n1 && n2 < 1129, "{st}");
    let o = zheng(&["audit", "next-round", "--audit", p.audit(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let round2: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((round2["round"].as_u64(), round2["sample_size"].as_u64()), (Some(2), Some(n2)));
    assert_eq!(round2["sample"].as_array().unwrap()[..n1 as usize], p.plan["sample"].as_array().unwrap()[..]);
    let n3 = (n2 + 60).min(1129);
    assert!(n3 > n2, "room for a third round: {st}");
    let size = n3.to_string();
    let o = zheng(&["audit", "next-round", "--audit", p.audit(), "--size", &size, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    has_keys(
        &v,
        &["bundle", "seed", "risk_limit", "population", "assertions", "round", "sample_size", "sample"],
        "round 2",
    );
    assert_eq!((v["round"].as_u64(), v["sample_size"].as_u64()), (Some(3), Some(n3)));
    let sample = v["sample"].as_array().unwrap();
    assert_eq!(sample.len() as u64, n3, "the whole sample so far");
    assert_eq!(sample[..n2 as usize], round2["sample"].as_array().unwrap()[..], "earlier rounds' draws first");
    let tickets: Vec<String> = sample.iter().map(|s| ticket_digits(s["ticket"].as_str().unwrap())).collect();
    assert!(tickets.windows(2).all(|w| w[0] < w[1]), "in ticket order");
    assert_eq!((&v["bundle"], &v["assertions"]), (&p.plan["bundle"], &p.plan["assertions"]));
    for (round, new) in [(2, n2 - n1), (3, n3 - n2)] {
        let csv = std::fs::read_to_string(p.audit.join(format!("retrieval-{round}.csv"))).unwrap();
        assert_eq!(csv.lines().count() as u64, new + 1, "round {round}'s list holds its new draws only");
        assert!(p.audit.join(format!("retrieval-{round}.html")).is_file());
    }
    let st = status(p.audit());
    assert_eq!((st["round"].as_u64(), st["ballots_read"].as_u64()), (Some(3), Some(n1)));
    let o = zheng(&["audit", "next-round", "--audit", p.audit(), "--size", &size]);
    assert_eq!(o.status.code(), Some(2), "a round no larger than the last: {}", out(&o));
    assert!(!err(&o).trim().is_empty());
}

fn refused(args: &[&str]) -> String {
    let o = zheng(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: exit 2; stdout {}", out(&o));
    assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout");
    let e = err(&o);
    assert!(e.split_whitespace().count() >= 5, "{args:?}: a sentence: {e}");
    e
}

/// Copies a folder (a bundle: files and folders only).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_dir(&p, &target) } else { std::fs::copy(&p, &target).map(|_| ()).unwrap() }
    }
}

/// `audit plan` refuses, exit 2 with a sentence and no folder, a seed of 19 digits, a seed with a
/// letter, a bundle with one byte flipped (it does not verify), an `--out` that exists.
#[test]
fn audit_plan_refusals_exit_2_with_a_sentence() {
    let p = planned();
    let bundle = p.bundle.to_str().unwrap();
    let out = p.dir.path().join("never");
    let o = out.to_str().unwrap();
    let plan = |seed: &str, bundle: &str, out: &str| {
        refused(&["audit", "plan", "--bundle", bundle, "--seed", seed, "--out", out, "--lang", "en"])
    };
    assert!(plan(&SEED[..19], bundle, o).contains("19 digits"));
    assert!(plan(&format!("{}x", &SEED[..20]), bundle, o).contains("digits"));
    assert!(plan("2020111809300042424a", bundle, o).contains("digits"));
    let flipped = p.dir.path().join("flipped");
    copy_dir(&p.bundle, &flipped);
    let ballots = flipped.join("ballots/mobile.jsonl");
    let mut bytes = std::fs::read(&ballots).unwrap();
    let at = bytes.iter().rposition(|&b| b == b'1').unwrap();
    bytes[at] = b'2';
    std::fs::write(&ballots, bytes).unwrap();
    assert!(plan(SEED, flipped.to_str().unwrap(), o).contains("does not verify"));
    assert!(!out.exists(), "nothing written for a refusal");
    let before = std::fs::read(p.audit.join("plan.json")).unwrap();
    assert!(plan(SEED, bundle, p.audit()).contains(p.audit()));
    assert_eq!(std::fs::read(p.audit.join("plan.json")).unwrap(), before, "the audit folder untouched");
}

/// The refusal of an `--out` that exists names no option `audit plan` does not have.
#[test]
fn audit_plan_over_an_existing_folder_names_no_flag_it_lacks() {
    let p = planned();
    let e = refused(&[
        "audit",
        "plan",
        "--bundle",
        p.bundle.to_str().unwrap(),
        "--seed",
        SEED,
        "--out",
        p.audit(),
        "--lang",
        "en",
    ]);
    if e.contains("--force") {
        let args =
            ["audit", "plan", "--bundle", p.bundle.to_str().unwrap(), "--seed", SEED, "--out", p.audit(), "--force"];
        let o = zheng(&args);
        assert!(!err(&o).contains("unexpected argument"), "the refusal advises --force: {e}; but: {}", err(&o));
    }
}

/// Every box counted by hand: the honest piles give a `paper_outcome` whose decisions are the
/// signed ones (`paper_differs: false`, no discrepancy); a central box whose every vote for 赵一
/// (c01) for chair reads 叶建华 (c03) instead elects c03: `paper_differs: true`, and the box's
/// totals differ from its signed result.
#[test]
fn audit_hand_counts_give_the_paper_outcome() {
    for altered in [false, true] {
        let p = planned();
        for s in STATIONS {
            let mut pile = std::fs::read_to_string(root().join(format!("fixtures/kengtou-vc/{s}.jsonl"))).unwrap();
            if altered && s == "central" {
                pile = pile.replace(r#""chair":["c01"]"#, r#""chair":["c03"]"#);
            }
            let file = p.dir.path().join(format!("{s}.hand.jsonl"));
            std::fs::write(&file, pile).unwrap();
            let before = status(p.audit());
            assert_eq!(before["paper_outcome"], Value::Null, "not every box counted yet");
            let o =
                zheng(&["audit", "record", "--audit", p.audit(), "--hand-count", s, "--box", file.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        }
        if altered {
            // The same box again changes nothing; other bytes, or another station's box, are refused.
            let central = p.dir.path().join("central.hand.jsonl");
            let again = zheng(&[
                "audit",
                "record",
                "--audit",
                p.audit(),
                "--hand-count",
                "central",
                "--box",
                central.to_str().unwrap(),
            ]);
            assert_eq!(again.status.code(), Some(0), "{}", err(&again));
            let honest = root().join("fixtures/kengtou-vc/central.jsonl");
            let mobile = root().join("fixtures/kengtou-vc/mobile.jsonl");
            for (station, file) in [("central", &honest), ("station-1", &mobile)] {
                let file = file.to_str().unwrap();
                refused(&[
                    "audit",
                    "record",
                    "--audit",
                    p.audit(),
                    "--hand-count",
                    station,
                    "--box",
                    file,
                    "--lang",
                    "en",
                ]);
            }
        }
        let st = status(p.audit());
        let paper = &st["paper_outcome"];
        has_keys(paper, &["election", "round", "status", "ballots", "contests"], "the paper's outcome (§4)");
        let chair = &paper["contests"][0];
        assert_eq!(chair["id"], "chair");
        assert_eq!(st["paper_differs"], json!(altered), "{}", st["discrepancies"]);
        if altered {
            assert_eq!(chair["elected"], json!(["c03"]), "the paper's chair");
            let d = st["discrepancies"].as_array().unwrap();
            let line = |who: &str| {
                d.iter().find(|d| d["post"] == "chair" && d["what"] == who).unwrap_or_else(|| panic!("{who}: {d:?}"))
            };
            let n = |v: &Value, k: &str| v[k].as_u64().unwrap();
            assert!(n(line("c01"), "paper") + 300 < n(line("c01"), "signed"), "{d:?}");
            assert!(n(line("c03"), "paper") > n(line("c03"), "signed") + 300, "{d:?}");
            assert!(d.iter().all(|d| d["station"] == "central"), "{d:?}");
        } else {
            assert_eq!(chair["elected"], json!(["c01"]));
            assert_eq!(st["discrepancies"], json!([]));
        }
    }
}

/// `audit report --out F.html` writes a self-contained page naming the verdict.
#[test]
fn audit_report_names_the_verdict() {
    let p = planned();
    let page = p.dir.path().join("report.html");
    for lang in ["zh", "en"] {
        let o = zheng(&["audit", "report", "--audit", p.audit(), "--out", page.to_str().unwrap(), "--lang", lang]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        let html = std::fs::read_to_string(&page).unwrap();
        let st = status(p.audit());
        assert!(html.contains(&format!("data-verdict=\"{}\"", st["verdict"].as_str().unwrap())), "{lang}");
        // The status's lines: the round, one a assertion, then the verdict in words.
        let said = out(&zheng(&["audit", "status", "--audit", p.audit(), "--lang", lang]));
        let verdict = said.lines().nth(1 + st["assertions"].as_array().unwrap().len()).unwrap();
        assert!(html.contains(verdict), "{lang}: the page says the verdict, {verdict:?}");
        assert!(html.contains(SEED) && html.contains(p.plan["bundle"].as_str().unwrap()));
        assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"), "self-contained");
    }
}

/// Every `zheng audit` command run with `--lang en` says nothing in Chinese but the fixtures' own
/// words (names, places, offices, stations), as `one_language` scans the rest of Zheng.
#[test]
fn audit_in_english_says_no_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let audit = dir.path().join("audit");
    let a = audit.to_str().unwrap();
    let page = dir.path().join("report.html");
    let mut said: Vec<(String, String)> = Vec::new();
    let mut run = |what: &str, o: Output| said.push((what.to_string(), format!("{}{}", out(&o), err(&o))));
    run(
        "plan",
        zheng(&["audit", "plan", "--bundle", bundle.to_str().unwrap(), "--seed", SEED, "--out", a, "--lang", "en"]),
    );
    let plan: Value = serde_json::from_slice(&std::fs::read(audit.join("plan.json")).unwrap()).unwrap();
    let piles = piles();
    let first = plan["sample"][0]["ballot"].as_str().unwrap();
    let input = format!("{}\n{}\nnot json\n", read_line(&piles, first), json!({"ballot": "central:9999", "paper": {}}));
    run("record", zheng_in(&["audit", "record", "--audit", a, "--lang", "en"], &input));
    run("status", zheng(&["audit", "status", "--audit", a, "--lang", "en"]));
    let more = (plan["sample_size"].as_u64().unwrap() + 100).to_string();
    run("next-round", zheng(&["audit", "next-round", "--audit", a, "--size", &more, "--lang", "en"]));
    let central = root().join("fixtures/kengtou-vc/central.jsonl");
    run(
        "hand count",
        zheng(&[
            "audit",
            "record",
            "--audit",
            a,
            "--hand-count",
            "central",
            "--box",
            central.to_str().unwrap(),
            "--lang",
            "en",
        ]),
    );
    run("status after a hand count", zheng(&["audit", "status", "--audit", a, "--lang", "en"]));
    run("report", zheng(&["audit", "report", "--audit", a, "--out", page.to_str().unwrap(), "--lang", "en"]));
    run(
        "plan refused",
        zheng(&["audit", "plan", "--bundle", bundle.to_str().unwrap(), "--seed", "123", "--out", a, "--lang", "en"]),
    );
    for f in ["retrieval-1.html", "retrieval-2.html"] {
        said.push((f.to_string(), crate::one_language::page_text(&std::fs::read_to_string(audit.join(f)).unwrap())));
    }
    let csv = std::fs::read_to_string(audit.join("retrieval-1.csv")).unwrap();
    said.push(("retrieval-1.csv's header".into(), csv.lines().next().unwrap().to_string()));
    said.push(("report page".into(), crate::one_language::page_text(&std::fs::read_to_string(&page).unwrap())));
    let f = crate::one_language::Fixtures::read();
    let found: Vec<String> = said
        .iter()
        .filter_map(|(what, text)| {
            let c = f.chinese_in(text);
            (!c.is_empty()).then(|| format!("{what}: {}", c.join(" · ")))
        })
        .collect();
    assert!(said.iter().all(|(_, t)| !t.trim().is_empty()), "every command said something");
    assert!(found.is_empty(), "Chinese in English output:\n{}", found.join("\n"));
}
