//! The plain verifier of `tests/spec_verifier/` — written from docs/FORMAT.md alone — against
//! `zheng verify`: they must agree on genuine bundles, on every single-byte flip of a bundle, and on
//! each non-canonical form of published ballots (both refuse those, and so does `zheng merge`).
//! FORMAT.md's outcome test vector is recomputed by both.

use crate::common;
use crate::spec_verifier;

use std::path::{Path, PathBuf};

use common::*;
use zheng::audit::merge::{self, Fate, Input};
use zheng::seal::manifest::Manifest;
use zheng::seal::result::ResultFile;

fn manifest() -> String {
    format!(
        r#"format = 1
# A small vote with every kind of post: the plain verifier and zheng must agree on all of it.
[election]
id = "plain-1"
title = "样村第一届村民委员会选举"
village = "样村"
township = "某乡"
body = "villagers-committee"
date = "2021-03-01"
registered = 30

[rules]
overvote = "post"
runoff_win = {{ base = "ballots", op = ">=", fraction = "2/6" }}

[[contest]]
id = "chair"
office = "主任"
seats = 1
candidates = [ {{ id = "a", name = "赵一" }}, {{ id = "b", name = "钱 二", gender = "M", born = 1970 }} ]

[[contest]]
id = "members"
office = "委员"
seats = 2
candidates = [ {{ id = "c", name = "孙三", education = "college" }}, {{ id = "d", name = "李四", ethnicity = "畲族" }} ]

[[contest]]
id = "supervisor"
style = "approve"
seats = 1
candidates = [ {{ id = "e", name = "周五", gender = "F" }}, {{ id = "f", name = "吴六" }} ]

[[station]]
id = "s"
name = "中心会场"
kind = "central"
registered = 20
key = "{}"
monitors = ["{}", "{}"]
monitors_required = 1
staff = [ {{ person = "v1", role = "caller" }}, {{ person = "v2", role = "tallier" }}, {{ person = "v3", role = "monitor" }} ]

[[station]]
id = "t"
kind = "mobile"
registered = 10
key = "{}"
"#,
        pk(1),
        pk(11),
        pk(12),
        pk(2)
    )
}

const BOX_S: [&str; 14] = [
    r#"{"chair":["a"],"members":["c","d"],"supervisor":{"for":["e"]}}"#,
    r#"{"chair":["a"],"members":["d","c"],"supervisor":{"against":["f"],"for":["e"]}}"#,
    r#"{"chair":["a"],"members":["c","w: 王五 "]}"#,
    r#"{"chair":["b"],"members":["c"],"supervisor":{"for":["f"],"against":["e"]}}"#,
    r#"{"chair":["a"],"members":["c","d","w:王五"]}"#,
    r#"{"chair":["a","b"]}"#,
    r#"{"chair":["a"],"members":["c","c"]}"#,
    r#"{"chair":["a"],"members":["w:赵一"]}"#,
    r#"{"supervisor":{"for":["e"],"against":["e"]}}"#,
    r#"{"supervisor":{"against":["f"],"write_in":["王五"]}}"#,
    r#"{"spoiled":true}"#,
    "{}",
    r#"{"chair":[],"members":["d"]}"#,
    r#"{"chair":["w:钱二"],"members":["c","d"],"supervisor":{"for":["e"]}}"#,
];

const BOX_T: [&str; 6] = [
    r#"{"chair":["a"],"members":["c","d"],"supervisor":{"for":["e"]}}"#,
    r#"{"chair":["a"],"members":["c"]}"#,
    r#"{"chair":["b"],"members":["d","w:马七"],"supervisor":{"against":["e"]}}"#,
    r#"{"supervisor":{"write_in":["马七"]}}"#,
    "{}",
    r#"{"chair":["a"],"members":["c","d"],"supervisor":{"for":["e"]}}"#,
];

/// A genuine bundle of the vote above, made with the commands a committee runs.
struct Made {
    case: Case,
    bundle: PathBuf,
}

fn run_ok(args: &[&str]) {
    let o = zheng(args);
    assert_eq!(o.status.code(), Some(0), "zheng {args:?}: {}{}", out(&o), err(&o));
}

fn make() -> Made {
    let case = Case::new(&manifest());
    for n in [1u8, 2, 11, 12, 77] {
        zheng::seal::keys::write_new(&case.path(&format!("k{n}")), &key(n)).unwrap();
    }
    case.box_file("s.jsonl", "s", 15, &BOX_S);
    case.box_file("t.jsonl", "t", 6, &BOX_T);
    let p = |n: &str| case.path(n).display().to_string();
    for (st, k) in [("s", "k1"), ("t", "k2")] {
        run_ok(&[
            "close",
            "--election",
            &p("e.toml"),
            "--key",
            &p(k),
            &p(&format!("{st}.jsonl")),
            "--out",
            &p(&format!("{st}.zres")),
            "--closed-at",
            "2021-03-01T17:00:00Z",
        ]);
    }
    run_ok(&["countersign", "--election", &p("e.toml"), "--key", &p("k11"), &p("s.zres")]);
    run_ok(&["sign-manifest", "--election", &p("e.toml"), "--key", &p("k77"), "--out", &p("e.sig")]);
    let bundle = case.path("bundle");
    run_ok(&[
        "merge",
        "--election",
        &p("e.toml"),
        &p("s.zres"),
        &p("t.zres"),
        "--manifest-sig",
        &p("e.sig"),
        "--out",
        &bundle.display().to_string(),
    ]);
    Made { case, bundle }
}

/// Both verdicts on a bundle: zheng's (library `verify`, as `zheng verify` runs it) and the plain one's.
fn verdicts(dir: &Path, trust: Option<u8>) -> (bool, bool, String) {
    let hex_key = trust.map(pk);
    let z = zheng::audit::verify::verify(dir, hex_key.as_deref());
    let p = spec_verifier::verify(dir, trust.map(|n| key(n).verifying_key().to_bytes()));
    let report = z.as_ref().map_or_else(|failed| failed, zheng::audit::verify::Verified::checklist);
    let why = format!("zheng:\n{}plain: {:?}", report.render(), p.problems);
    (z.is_ok(), p.verifies(), why)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { v.extend(files(&p)) } else { v.push(p) }
    }
    v.sort();
    v
}

#[test]
fn genuine_bundles_verify_by_both() {
    let made = make();
    for trust in [None, Some(77)] {
        let (z, p, why) = verdicts(&made.bundle, trust);
        assert!(z && p, "{why}");
    }
    let (z, p, why) = verdicts(&made.bundle, Some(12));
    assert!(!z && !p, "a township key that did not sign: {why}");
    // The demo village's four signed boxes (1,129 ballots), merged afresh into a bundle.
    let golden = root().join("tests/golden/signed");
    let big = made.case.path("kengtou");
    let mut args: Vec<String> = vec!["merge".into(), "--election".into()];
    args.push(golden.join("bundle/manifest.toml").display().to_string());
    for s in ["central", "station-1", "station-2", "mobile"] {
        args.push(golden.join(format!("{s}.zres")).display().to_string());
    }
    args.extend(["--manifest-sig".into(), golden.join("e.sig").display().to_string(), "--out".into()]);
    args.push(big.display().to_string());
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (z, p, why) = verdicts(&big, None);
    assert!(z && p, "the demo village's bundle: {why}");
    // Issue 21, defect 3: the sheet names a held post by its office; a sheet of an earlier Zheng,
    // which named it by its id, is the same count and verifies by both — any other change does not.
    let sheet = std::fs::read_to_string(big.join("sheet.txt")).unwrap();
    assert!(sheet.contains("  已当选 副主任\n") && !sheet.contains("已当选 vice"), "{sheet}");
    // Issue 21: someone over the bar in a filled post, not elected, is marked 名额已满; a sheet of an
    // earlier Zheng had no such mark, and before that named a held post by its id.
    let unmarked = sheet.replace("  过票数线，名额已满\n", "\n");
    for (earlier, what) in [
        (unmarked.clone(), "a sheet without 名额已满"),
        (unmarked.replace("  已当选 副主任\n", "  已当选 vice\n"), "a sheet naming the held post by its id"),
    ] {
        if earlier == sheet {
            continue;
        }
        std::fs::write(big.join("sheet.txt"), earlier).unwrap();
        let (z, p, why) = verdicts(&big, None);
        assert!(z && p, "{what}: {why}");
        assert!(why.contains("written by an earlier Zheng"), "{why}");
    }
    std::fs::write(big.join("sheet.txt"), sheet.replace("  已当选 副主任\n", "  已当选 chair\n")).unwrap();
    let (z, p, why) = verdicts(&big, None);
    assert!(!z && !p, "a sheet naming another post: {why}");
    std::fs::write(big.join("sheet.txt"), &sheet).unwrap();
    // The stored golden bundle holds two of the four stations: both say it does not verify.
    let (z, p, why) = verdicts(&golden.join("bundle"), None);
    assert!(!z && !p, "the partial golden bundle: {why}");
}

/// A copy of a bundle folder (two levels deep).
fn copy_bundle(from: &Path, to: &Path) {
    for f in files(from) {
        let dest = to.join(f.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, dest).unwrap();
    }
}

/// Every byte of every file of a genuine bundle flipped, one bit each (`ZHENG_FLIP_BITS=all`: all
/// eight): the two verifiers must reach the same verdict every time. Each file is flipped in a
/// copy of its own, the files in parallel.
#[test]
fn every_single_byte_flip_gets_the_same_verdict() {
    use rayon::prelude::*;
    let made = make();
    let all = std::env::var("ZHENG_FLIP_BITS").is_ok_and(|v| v == "all");
    let rel: Vec<PathBuf> =
        files(&made.bundle).iter().map(|f| f.strip_prefix(&made.bundle).unwrap().to_path_buf()).collect();
    let per_file: Vec<(usize, usize, Vec<String>)> = rel
        .par_iter()
        .enumerate()
        .map(|(n, rel)| {
            let copy = made.case.path(&format!("flip-{n}"));
            copy_bundle(&made.bundle, &copy);
            let path = copy.join(rel);
            let original = std::fs::read(&path).unwrap();
            let (mut flips, mut still_verify, mut disagree) = (0usize, 0usize, Vec::new());
            for i in 0..original.len() {
                let masks: Vec<u8> = if all { (0..8).map(|b| 1 << b).collect() } else { vec![1 << (i % 8)] };
                for mask in masks {
                    let mut b = original.clone();
                    b[i] ^= mask;
                    std::fs::write(&path, &b).unwrap();
                    let (z, p, why) = verdicts(&copy, None);
                    flips += 1;
                    still_verify += usize::from(z && p);
                    if z != p {
                        disagree.push(format!("{} byte {i} ^ {mask:#04x}: {why}", rel.display()));
                    }
                }
            }
            (flips, still_verify, disagree)
        })
        .collect();
    let flips: usize = per_file.iter().map(|x| x.0).sum();
    let still_verify: usize = per_file.iter().map(|x| x.1).sum();
    let disagree: Vec<&String> = per_file.iter().flat_map(|x| &x.2).collect();
    println!(
        "{flips} flips, {still_verify} left the bundle verifying (comments, layout), {} disagreements",
        disagree.len()
    );
    assert!(disagree.is_empty(), "{} of {flips} flips disagree; first:\n{}", disagree.len(), disagree[0]);
    assert!(flips > 5_000, "the bundle is the size expected");
}

/// Re-signs station s's result over `lines` (header first) as its published ballots: the station
/// and monitor sign a root over bytes that are not the one byte form.
fn publish_resigned(made: &Made, lines: &[String], final_newline: bool) {
    let records: Vec<&[u8]> = lines[1..].iter().map(|l| l.as_bytes()).collect();
    let zres = made.bundle.join("results/s.zres");
    let mut body = ResultFile::read(&zres).unwrap().body().clone();
    body.ballots_root = zheng::seal::merkle::root(&records);
    let mut r = ResultFile::sign(body, &key(1));
    r.countersign(&key(11)).unwrap();
    std::fs::write(&zres, r.to_bytes()).unwrap();
    let mut text = lines.join("\n");
    if final_newline {
        text.push('\n');
    }
    std::fs::write(made.bundle.join("ballots/s.jsonl"), text).unwrap();
}

/// Every non-canonical form of published ballots that issue 13 found accepted: refused by
/// `zheng verify`, by the plain verifier, and by `zheng merge`.
#[test]
fn non_canonical_published_ballots_are_refused_by_all() {
    let made = make();
    let genuine = std::fs::read_to_string(made.bundle.join("ballots/s.jsonl")).unwrap();
    let genuine_zres = std::fs::read(made.bundle.join("results/s.zres")).unwrap();
    let lines: Vec<String> = genuine.lines().map(str::to_string).collect();
    let find = |needle: &str| lines.iter().position(|l| l == needle).unwrap_or_else(|| panic!("no line {needle}"));
    let replace = |needle: &str, with: &str| {
        let mut v = lines.clone();
        v[find(needle)] = with.to_string();
        v
    };
    let forms: Vec<(&str, Vec<String>, bool)> = vec![
        (
            "ids out of the post's list order",
            replace(
                r#"{"chair":["a"],"members":["c","d"],"supervisor":{"for":["e"]}}"#,
                r#"{"chair":["a"],"members":["d","c"],"supervisor":{"for":["e"]}}"#,
            ),
            true,
        ),
        (
            "spaces in the JSON",
            replace(
                r#"{"chair":["b"],"members":["c"],"supervisor":{"for":["f"],"against":["e"]}}"#,
                r#"{"chair": ["b"],"members":["c"],"supervisor":{"for":["f"],"against":["e"]}}"#,
            ),
            true,
        ),
        ("a \\u escape", replace(r#"{"chair":["a","b"]}"#, r#"{"chair":["\u0061","b"]}"#), true),
        (
            "an untrimmed write-in",
            replace(r#"{"chair":["a"],"members":["c","w:王五"]}"#, r#"{"chair":["a"],"members":["c","w: 王五 "]}"#),
            true,
        ),
        ("a kept empty post", replace("{}", r#"{"chair":[]}"#), true),
        ("\"spoiled\":false", replace("{}", r#"{"spoiled":false}"#), true),
        (
            "approve lists out of order",
            replace(
                r#"{"chair":["b"],"members":["c"],"supervisor":{"for":["f"],"against":["e"]}}"#,
                r#"{"chair":["b"],"members":["c"],"supervisor":{"against":["e"],"for":["f"]}}"#,
            ),
            true,
        ),
        (
            "a header with spaces",
            {
                let mut v = lines.clone();
                v[0] = r#"{"station": "s","voters":15}"#.into();
                v
            },
            true,
        ),
        (
            "a header with its keys swapped",
            {
                let mut v = lines.clone();
                v[0] = r#"{"voters":15,"station":"s"}"#.into();
                v
            },
            true,
        ),
        (
            "a byte-order mark",
            {
                let mut v = lines.clone();
                v[0] = format!("\u{feff}{}", v[0]);
                v
            },
            true,
        ),
        ("CRLF line ends", lines.iter().map(|l| format!("{l}\r")).collect(), true),
        (
            "records out of order",
            {
                let mut v = lines.clone();
                v[1..].reverse();
                v
            },
            true,
        ),
        ("no final newline", lines.clone(), false),
    ];
    let e = Manifest::load(&made.bundle.join("manifest.toml")).unwrap().into_election();
    for (what, form, newline) in forms {
        publish_resigned(&made, &form, newline);
        let (z, p, why) = verdicts(&made.bundle, None);
        assert!(!z && !p, "{what}: both must refuse; {why}");
        let zres = made.bundle.join("results/s.zres");
        let input = Input {
            path: zres.clone(),
            file: ResultFile::read(&zres).unwrap(),
            ballots: Some(made.bundle.join("ballots/s.jsonl")),
        };
        let m = merge::merge(&e, vec![input]);
        assert_eq!(m.reports()[0].fate, Fate::Refused, "{what}: zheng merge must refuse");
    }
    // And the genuine form, re-signed the same way, still verifies: the refusals are the form's.
    publish_resigned(&made, &lines, true);
    let (z, p, why) = verdicts(&made.bundle, None);
    assert!(z && p, "the genuine form re-signed: {why}");
    std::fs::write(made.bundle.join("results/s.zres"), genuine_zres).unwrap();
    let _ = &made.case;
}

fn doc_block(label: &str) -> String {
    common::doc_block(include_str!("../docs/FORMAT.md"), label)
}

/// FORMAT.md's vectors recomputed by the plain verifier: the manifest's canonical hash, the box's
/// Merkle root, and the outcome vector's outcome.json and sheet.
#[test]
fn the_plain_verifier_reproduces_format_md_vectors() {
    let m = spec_verifier::manifest::read(&doc_block("Test vector — Manifest (TOML):")).unwrap();
    assert_eq!(hex::encode(m.sha256), doc_block("Manifest SHA-256 (hex):").trim());
    let published = doc_block("Published ballots, in canonical order:");
    let records: Vec<&[u8]> = published.lines().skip(1).map(str::as_bytes).collect();
    assert_eq!(hex::encode(spec_verifier::ballots::merkle(&records)), doc_block("Merkle root (hex):").trim());

    let m = spec_verifier::manifest::read(&doc_block("Outcome vector — Manifest (TOML):")).unwrap();
    let published = doc_block("Outcome vector — Published ballots");
    let lines: Vec<&str> = published.lines().collect();
    let records: Vec<&[u8]> = lines[1..].iter().map(|l| l.as_bytes()).collect();
    let r = spec_verifier::ballots::recount(&m, &records).unwrap();
    let body = spec_verifier::bytes::Body {
        format: 1,
        election: m.id.clone(),
        manifest_sha256: m.sha256,
        station: "s".into(),
        voters: 6,
        ballots: r.ballots,
        valid: r.valid,
        invalid: r.invalid,
        contests: r.contests,
        ballots_root: spec_verifier::ballots::merkle(&records),
    };
    let o = spec_verifier::outcome::outcome(&m, &[&body], None);
    assert_eq!(spec_verifier::outcome::json(&m, &o), doc_block("Outcome vector — outcome.json"));
    assert_eq!(spec_verifier::sheet::render(&m, &o), doc_block("Outcome vector — sheet.txt"));
}

/// Bundles merged with a village register (contract §5): the verifier written from FORMAT.md and
/// RULES.md recomputes kinship avoidance — a spouse standing down, a sibling through a declared
/// parent, a grandparent who may serve, a name two villagers share — and agrees with `zheng verify`,
/// on the bundle as merged and on every byte flipped in its `people.toml`.
#[test]
fn bundles_with_a_register_get_the_same_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let golden = root().join("tests/golden/signed");
    let person = |id: &str, name: &str| format!("[[person]]\nid = \"{id}\"\nname = \"{name}\"\n");
    let relation =
        |a: &str, b: &str, kind: &str| format!("[[relation]]\na = \"{a}\"\nb = \"{b}\"\nkind = \"{kind}\"\n");
    let base = format!(
        "village = \"坑头村\"\n{}{}{}{}",
        person("p1", "蓝国平"),
        person("p2", "蓝美玲"),
        person("p3", "钟伟"),
        person("p9", "蓝老根")
    );
    let registers = [
        format!("{base}{}", relation("p1", "p2", "spouse")),
        format!("{base}{}{}", relation("p9", "p1", "parent"), relation("p9", "p3", "parent")),
        format!("{base}{}", relation("p1", "p3", "grandparent")),
        format!("{base}{}", person("p4", "钟伟")),
    ];
    for (n, text) in registers.iter().enumerate() {
        let people = dir.path().join(format!("people-{n}.toml"));
        std::fs::write(&people, text).unwrap();
        let bundle = dir.path().join(format!("bundle-{n}"));
        let mut args: Vec<String> =
            vec!["merge".into(), "--election".into(), golden.join("bundle/manifest.toml").display().to_string()];
        for s in ["central", "station-1", "station-2", "mobile"] {
            args.push(golden.join(format!("{s}.zres")).display().to_string());
        }
        args.extend(["--register".into(), people.display().to_string(), "--out".into(), bundle.display().to_string()]);
        run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let (z, p, why) = verdicts(&bundle, None);
        assert!(z && p, "register {n}: {why}");
        let outcome = std::fs::read_to_string(bundle.join("outcome.json")).unwrap();
        match n {
            0 => assert!(outcome.contains(r#""because": "c01""#) && outcome.contains(r#""relation": "spouse""#)),
            1 => assert!(outcome.contains(r#""id": "c04""#) && outcome.contains(r#""relation": "sibling""#)),
            2 => assert!(!outcome.contains(r#""because""#), "grandparents are outside the close circle"),
            _ => assert!(outcome.contains(r#""unmatched": ["#), "钟伟 is two villagers"),
        }
    }
    let bundle = dir.path().join("bundle-1");
    let path = bundle.join("people.toml");
    let original = std::fs::read(&path).unwrap();
    let mut disagree = Vec::new();
    for i in 0..original.len() {
        let mut b = original.clone();
        b[i] ^= 1 << (i % 8);
        std::fs::write(&path, &b).unwrap();
        let (z, p, why) = verdicts(&bundle, None);
        if z != p {
            disagree.push(format!("people.toml byte {i}: {why}"));
        }
    }
    std::fs::write(&path, &original).unwrap();
    assert!(disagree.is_empty(), "{} flips disagree:\n{}", disagree.len(), disagree.join("\n"));
}
