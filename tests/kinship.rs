//! Kinship avoidance within one vote (任职回避, ZJE31; contract §5), computed by hand from
//! rules.md and run end to end through `zheng count --register people.toml --json`. Each test
//! names the clause it tests.

use crate::common;

use std::path::Path;

use common::*;
use serde_json::json;

/// The village register: 赵一 and 钱二 are spouses, 孙三 is 李四's parent, 周五 and 郑七 are
/// siblings (children of 冯九), 王八 is 吴六's grandparent.
const PEOPLE: &str = r#"
village = "坑头村"
[[person]]
id = "p1"
name = "赵一"
[[person]]
id = "p2"
name = "钱二"
[[person]]
id = "p3"
name = "孙三"
[[person]]
id = "p4"
name = "李四"
[[person]]
id = "p5"
name = "周五"
[[person]]
id = "p6"
name = "吴六"
[[person]]
id = "p7"
name = "郑七"
[[person]]
id = "p8"
name = "王八"
[[person]]
id = "p9"
name = "冯九"
[[relation]]
a = "p1"
b = "p2"
kind = "spouse"
[[relation]]
a = "p3"
b = "p4"
kind = "parent"
[[relation]]
a = "p9"
b = "p5"
kind = "parent"
[[relation]]
a = "p9"
b = "p7"
kind = "parent"
[[relation]]
a = "p8"
b = "p6"
kind = "grandparent"
"#;

const CHAIR: &str = "[[contest]]\nid = \"chair\"\noffice = \"主任\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\", person = \"p1\" } ]\n";
const MEMBERS: &str = "[[contest]]\nid = \"member\"\noffice = \"委员\"\nseats = 2\ncandidates = [ { id = \"b\", name = \"钱二\", person = \"p2\" }, { id = \"c\", name = \"孙三\", person = \"p3\" }, { id = \"d\", name = \"李四\", person = \"p4\" }, { id = \"e\", name = \"周五\", person = \"p5\" }, { id = \"f\", name = \"郑七\", person = \"p7\" }, { id = \"g\", name = \"吴六\" } ]\n";

fn manifest(round: &str, body: &str, rules: &str) -> String {
    format!(
        "format = 1\n[election]\nid = \"kin\"\nvillage = \"坑头村\"\nbody = \"{body}\"\nrules = \"{rules}\"\nround = \"{round}\"\nregistered = 12\n\n{CHAIR}{MEMBERS}\n[[station]]\nid = \"s\"\n"
    )
}

fn vc(round: &str) -> Case {
    let c = Case::new(&manifest(round, "villagers-committee", "zj-vc-2020"));
    std::fs::write(c.path("people.toml"), PEOPLE).unwrap();
    c
}

/// `zheng count --register people.toml --json` (or without the register).
fn count(c: &Case, b: &Path, register: bool) -> serde_json::Value {
    let (m, p) = (c.path("e.toml"), c.path("people.toml"));
    let mut args = vec!["count", "--election", m.to_str().unwrap(), "--json", b.to_str().unwrap()];
    if register {
        args.extend(["--register", p.to_str().unwrap()]);
    }
    let o = zheng(&args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn lines(parts: &[(&'static str, usize)]) -> Vec<&'static str> {
    parts.iter().flat_map(|&(l, n)| vec![l; n]).collect()
}

/// ZJE31: the chair's spouse elected a member stands down, whatever the votes — the higher post
/// stays; the freed seat passes to the next person over the bar (10 voters: bar 6; 李四 has 6).
#[test]
fn zje31_higher_post_stays_and_the_seat_passes_to_the_next_over_the_bar() {
    let c = vc("first");
    let b = c.box_file(
        "b",
        "s",
        10,
        &lines(&[
            (r#"{"chair":["a"],"member":["b","c"]}"#, 4),
            (r#"{"chair":["a"],"member":["b","d"]}"#, 3),
            (r#"{"chair":["a"],"member":["c","e"]}"#, 3),
        ]),
    );
    // b 7, c 7, d 3, e 3: without the register, 钱二 and 孙三 are elected.
    assert_eq!(elected(&count(&c, &b, false), 1), vec!["b", "c"]);
    assert_eq!(count(&c, &b, false)["contests"][1]["avoided"], json!([]));
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 0), vec!["a"]);
    assert_eq!(v["contests"][0]["avoided"], json!([]));
    assert_eq!(
        v["contests"][1]["avoided"],
        json!([{"id": "b", "because": "a", "relation": "spouse", "article": "ZJE31"}])
    );
    // Nobody else passes the bar of 6: the freed seat goes to a run-off (a first round).
    assert_eq!(elected(&v, 1), vec!["c"]);
    assert_eq!(v["contests"][1]["outcome"], "runoff");
    assert_eq!(v["contests"][1]["runoff"], json!({"seats": 1, "candidates": ["d", "e"]}));
    assert_eq!(v["contests"][1]["tally"][0]["elected"], false, "钱二's line is not elected");
}

/// ZJE31: the freed seat passes to the next person over the bar when there is one.
#[test]
fn zje31_freed_seat_to_the_next_over_the_bar() {
    let c = vc("first");
    let b = c.box_file(
        "b",
        "s",
        10,
        &lines(&[(r#"{"chair":["a"],"member":["b","c"]}"#, 7), (r#"{"chair":["a"],"member":["g","e"]}"#, 3)]),
    );
    // b 7, c 7, e 3, g 3 (吴六, matched to the register by name): bar 6, only b and c pass.
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), vec!["c"], "nobody else is over the bar");
    let b = c.box_file(
        "b2",
        "s",
        10,
        &lines(&[
            (r#"{"chair":["a"],"member":["b","c"]}"#, 4),
            (r#"{"chair":["a"],"member":["b","g"]}"#, 3),
            (r#"{"chair":["a"],"member":["c","g"]}"#, 3),
        ]),
    );
    // b 7, c 7, g 6: 钱二 stands down, 吴六 (6 ≥ 6) takes the seat.
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), vec!["c", "g"]);
    assert_eq!(v["contests"][1]["outcome"], "filled");
    assert_eq!(v["contests"][1]["avoided"][0]["id"], "b");
}

/// ZJE31: in the same post, more votes stays (孙三 8 over his child 李四 7); the relation is the
/// leaver's to the one who stays.
#[test]
fn zje31_same_post_more_votes_stays() {
    let c = vc("first");
    let b = c.box_file(
        "b",
        "s",
        10,
        &lines(&[
            (r#"{"chair":["a"],"member":["c","d"]}"#, 7),
            (r#"{"chair":["a"],"member":["c","e"]}"#, 1),
            (r#"{"chair":["a"],"member":["e","g"]}"#, 2),
        ]),
    );
    // c 8, d 7, e 3, g 2.
    let v = count(&c, &b, true);
    assert_eq!(
        v["contests"][1]["avoided"],
        json!([{"id": "d", "because": "c", "relation": "child", "article": "ZJE31"}])
    );
    assert_eq!(elected(&v, 1), vec!["c"]);
    assert_eq!(v["contests"][1]["runoff"], json!({"seats": 1, "candidates": ["e", "g"]}));
}

/// ZJE31: in the same post with equal votes, a further vote decides (siblings 周五 and 郑七, 7
/// each); the other seat is filled as usual.
#[test]
fn zje31_equal_votes_a_further_vote() {
    let c = vc("first");
    let b = c.box_file(
        "b",
        "s",
        10,
        &lines(&[(r#"{"chair":["a"],"member":["e","f"]}"#, 7), (r#"{"chair":["a"],"member":["c"]}"#, 3)]),
    );
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), Vec::<String>::new(), "c has 3, under the bar");
    assert_eq!(v["contests"][1]["outcome"], "revote");
    assert_eq!(v["contests"][1]["revote"], json!({"seats": 1, "candidates": ["e", "f"]}));
    assert_eq!(v["contests"][1]["kinship"], json!([{"ids": ["e", "f"], "relation": "sibling", "article": "ZJE31"}]));
    assert_eq!(v["contests"][1]["avoided"], json!([]));
    // The sheet says it in words.
    let (m, p) = (c.path("e.toml"), c.path("people.toml"));
    let o = zheng_default(&[
        "count",
        "--election",
        m.to_str().unwrap(),
        b.to_str().unwrap(),
        "--register",
        p.to_str().unwrap(),
    ]);
    assert!(out(&o).contains("任职回避：周五、郑七 有兄弟姐妹关系且得票相等，须再次投票决定（ZJE31）"), "{}", out(&o));
}

/// ZJE31 after a run-off (ZJE29): the freed seat passes to the next with at least a third of the
/// ballots cast (9 ballots: 3) — and stays empty when nobody has that many.
#[test]
fn zje31_after_a_runoff_the_next_with_a_third_of_the_ballots() {
    let c = vc("runoff");
    let b = c.box_file(
        "b",
        "s",
        9,
        &lines(&[
            (r#"{"chair":["a"],"member":["c","b"]}"#, 4),
            (r#"{"chair":["a"],"member":["c","e"]}"#, 1),
            (r#"{"member":["e"]}"#, 2),
            (r#"{"chair":["a"]}"#, 2),
        ]),
    );
    // Chair 赵一 7. Members c 5, b 4, e 3: b stands down for 赵一; e, with 3 ≥ 3, takes the seat.
    let v = count(&c, &b, true);
    assert_eq!(v["contests"][1]["bar"], 3);
    assert_eq!(elected(&v, 1), vec!["c", "e"]);
    assert_eq!(v["contests"][1]["avoided"][0]["because"], "a");
    let b = c.box_file(
        "b2",
        "s",
        9,
        &lines(&[
            (r#"{"chair":["a"],"member":["c","b"]}"#, 5),
            (r#"{"chair":["a"],"member":["e"]}"#, 2),
            (r#"{"chair":["a"]}"#, 2),
        ]),
    );
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), vec!["c"], "e has 2 < 3");
    assert_eq!(v["contests"][1]["outcome"], "unfilled");
}

/// Contract §5: written-in winners are matched to the register by name (王八 is known, and is
/// 吴六's grandparent — outside ZJE31's close circle); an unknown one is reported, never guessed.
#[test]
fn written_in_winners_are_matched_by_name_or_reported() {
    let c = vc("first");
    let b = c.box_file(
        "b",
        "s",
        10,
        &lines(&[(r#"{"chair":["a"],"member":["w:王八","g"]}"#, 6), (r#"{"chair":["a"],"member":["w:陈十","c"]}"#, 4)]),
    );
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), vec!["g", "王八"]);
    assert_eq!(v["contests"][1]["avoided"], json!([]));
    assert_eq!(v["contests"][1].get("unmatched"), None);
    let b = c.box_file("b2", "s", 10, &lines(&[(r#"{"chair":["a"],"member":["w:陈十","c"]}"#, 10)]));
    let v = count(&c, &b, true);
    assert_eq!(v["contests"][1]["unmatched"], json!(["陈十"]));
    // A written-in spouse of the chair stands down like a listed one.
    let b = c.box_file("b3", "s", 10, &lines(&[(r#"{"chair":["a"],"member":["w:钱二","c"]}"#, 10)]));
    let v = count(&c, &b, true);
    assert_eq!(v["contests"][1]["avoided"][0]["id"], "b", "钱二 written in is the listed b");
}

/// ZJI30 is across bodies: within a supervision committee's vote nobody stands down.
#[test]
fn zji30_no_avoidance_within_a_supervision_vote() {
    let c = Case::new(&manifest("first", "supervision-committee", "zj-supervision-2020"));
    std::fs::write(c.path("people.toml"), PEOPLE).unwrap();
    let b = c.box_file("b", "s", 10, &lines(&[(r#"{"chair":["a"],"member":["b","c"]}"#, 10)]));
    let v = count(&c, &b, true);
    assert_eq!(elected(&v, 1), vec!["b", "c"]);
    assert_eq!(v["contests"][1]["avoided"], json!([]));
}

/// Contract §5: a `person` the register does not know, or knows by another name, is an input
/// error (exit 2) naming the file and the candidate; nothing is counted.
#[test]
fn a_register_that_does_not_fit_the_manifest_is_refused() {
    let c = vc("first");
    let b = c.box_file("b", "s", 10, &lines(&[(r#"{"chair":["a"]}"#, 10)]));
    std::fs::write(c.path("people.toml"), PEOPLE.replace("name = \"钱二\"", "name = \"钱贰\"")).unwrap();
    let (m, p) = (c.path("e.toml"), c.path("people.toml"));
    let o =
        zheng(&["count", "--election", m.to_str().unwrap(), b.to_str().unwrap(), "--register", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(err(&o).contains("people.toml") && err(&o).contains("candidate \"b\".person"), "{}", err(&o));
    std::fs::write(
        c.path("people.toml"),
        PEOPLE.replace("id = \"p2\"", "id = \"p22\"").replace("b = \"p2\"", "b = \"p22\""),
    )
    .unwrap();
    let o =
        zheng(&["count", "--election", m.to_str().unwrap(), b.to_str().unwrap(), "--register", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("\"p2\" is not in the register"), "{}", err(&o));
    std::fs::write(c.path("people.toml"), PEOPLE.replace("坑头村", "大坑村")).unwrap();
    let o =
        zheng(&["count", "--election", m.to_str().unwrap(), b.to_str().unwrap(), "--register", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("village"), "{}", err(&o));
}

/// Contract §5 with signed results: `zheng merge --register` decides with kinship avoidance and
/// keeps the register in the bundle; `zheng verify` recomputes with it, and a register changed
/// afterwards fails the outcome's check.
#[test]
fn zje31_merge_keeps_the_register_and_verify_recomputes_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let golden = root().join("tests/golden/signed");
    let people = dir.path().join("people.toml");
    std::fs::write(
        &people,
        "village = \"坑头村\"\n[[person]]\nid = \"p1\"\nname = \"蓝国平\"\n[[person]]\nid = \"p2\"\nname = \"蓝美玲\"\n[[relation]]\na = \"p1\"\nb = \"p2\"\nkind = \"spouse\"\n",
    )
    .unwrap();
    let bundle = dir.path().join("bundle");
    let mut args: Vec<String> =
        vec!["merge".into(), "--election".into(), golden.join("bundle/manifest.toml").display().to_string()];
    for s in ["central", "station-1", "station-2", "mobile"] {
        args.push(golden.join(format!("{s}.zres")).display().to_string());
    }
    args.extend([
        "--register".into(),
        people.display().to_string(),
        "--json".into(),
        "--out".into(),
        bundle.display().to_string(),
    ]);
    let o = zheng(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The chair 蓝国平 stays; his wife, elected women's member, stands down; nobody else passes the
    // bar of 568: the seat goes to a run-off.
    let women = &v["contests"][3];
    assert_eq!(women["avoided"], json!([{"id": "c11", "because": "c01", "relation": "spouse", "article": "ZJE31"}]));
    assert_eq!(women["outcome"], "runoff");
    assert_eq!(std::fs::read(bundle.join("people.toml")).unwrap(), std::fs::read(&people).unwrap());
    let o = zheng(&["verify", bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // `zheng village` reads a bundle once it verifies.
    let o = zheng(&["village", "--register", people.to_str().unwrap(), bundle.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["蓝国平", "钟伟"]);
    std::fs::write(bundle.join("people.toml"), "village = \"坑头村\"\n").unwrap();
    let o = zheng_default(&["verify", bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("[不通过] 重新计算全村合计和选举结果，与 outcome.json 相同"), "{}", out(&o));
    let o = zheng(&["village", "--register", people.to_str().unwrap(), bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("the bundle does not verify"), "{}", err(&o));
}
