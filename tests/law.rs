//! Cases computed by hand from the law (../shared/docs/rules.md), each naming the article it tests,
//! run through `zheng count --json` end to end.

use crate::common;

use common::*;
use serde_json::json;

const CHAIR_AB: &str = "[[contest]]\nid = \"chair\"\noffice = \"主任\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" }, { id = \"b\", name = \"钱二\" } ]\n";
const MEMBERS: &str = "[[contest]]\nid = \"member\"\nseats = 2\ncandidates = [ { id = \"c\", name = \"孙三\" }, { id = \"d\", name = \"李四\" }, { id = \"e\", name = \"周五\" }, { id = \"f\", name = \"吴六\" } ]\n";

fn repeat(line: &'static str, n: usize) -> Vec<&'static str> {
    vec![line; n]
}

fn ballots(parts: &[(&'static str, usize)]) -> Vec<&'static str> {
    parts.iter().flat_map(|&(l, n)| repeat(l, n)).collect()
}

/// ZJE28: more than half of the voters; 9 voters → bar 5.
#[test]
fn zje28_more_than_half_of_voters_wins() {
    let c = Case::new(&vc_manifest(12, CHAIR_AB));
    let b = c.box_file("b", "s", 9, &ballots(&[(r#"{"chair":["a"]}"#, 5), (r#"{"chair":["b"]}"#, 4)]));
    let (code, v) = c.count(&[&b]);
    assert_eq!(code, 0);
    assert_eq!(v["contests"][0]["bar"], 5);
    assert_eq!(elected(&v, 0), vec!["a"]);
    assert_eq!(v["contests"][0]["outcome"], "filled");
    assert_eq!(v["contests"][0]["runoff"], json!(null));
}

/// ZJE28: exactly half is not more than half; ZJE29: a run-off for the seat.
#[test]
fn zje28_exactly_half_goes_to_runoff() {
    let c = Case::new(&vc_manifest(12, CHAIR_AB));
    let b = c.box_file("b", "s", 10, &ballots(&[(r#"{"chair":["a"]}"#, 5), (r#"{"chair":["b"]}"#, 5)]));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["bar"], 6);
    assert_eq!(v["contests"][0]["outcome"], "runoff");
    assert_eq!(v["contests"][0]["runoff"], json!({"seats": 1, "candidates": ["a", "b"]}));
}

/// ZJE27 / rules.md: the bar is of voters, not valid ballots; blanks are valid and count as cast,
/// invalid ballots still count as cast.
#[test]
fn zje27_blank_and_invalid_ballots_count_as_cast() {
    let c = Case::new(&vc_manifest(12, CHAIR_AB));
    let b = c.box_file(
        "b",
        "s",
        11,
        &ballots(&[(r#"{"chair":["a"]}"#, 5), ("{}", 3), (r#"{"chair":["a","b"]}"#, 2), (r#"{"spoiled":true}"#, 1)]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(
        (v["ballots"].as_u64(), v["valid_ballots"].as_u64(), v["invalid_ballots"].as_u64()),
        (Some(11), Some(8), Some(3))
    );
    assert_eq!(v["invalid_reasons"], json!({"spoiled": 1, "overvote": 2}));
    assert_eq!(v["contests"][0]["blank"], 3);
    assert_eq!(v["contests"][0]["bar"], 6, "more than half of 11 voters");
    assert_eq!(v["contests"][0]["outcome"], "runoff", "5 of 11 is not more than half");
}

/// ZJE28: more pass than seats — the highest win; a tie straddling the last seat is voted again.
#[test]
fn zje28_tie_on_the_last_seat_is_a_revote() {
    let c = Case::new(&vc_manifest(12, MEMBERS));
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[(r#"{"member":["c","d"]}"#, 4), (r#"{"member":["c","e"]}"#, 4), (r#"{"member":["d","e"]}"#, 2)]),
    );
    // c 8, d 6, e 6; bar 6: c is elected, d and e tie for the last seat.
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["bar"], 6);
    assert_eq!(elected(&v, 0), vec!["c"]);
    assert_eq!(v["contests"][0]["outcome"], "revote");
    assert_eq!(v["contests"][0]["revote"], json!({"seats": 1, "candidates": ["d", "e"]}));
}

/// ZJE29: fewer pass than seats; the run-off list is the seats left plus one, ties taken in.
#[test]
fn zje29_runoff_list_takes_ties_and_needs_a_vote() {
    let c = Case::new(&vc_manifest(12, MEMBERS));
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[
            (r#"{"member":["c","d"]}"#, 3),
            (r#"{"member":["c","e"]}"#, 3),
            (r#"{"member":["c"]}"#, 1),
            ("{}", 3),
        ]),
    );
    // c 7 (elected), d 3, e 3, f 0: one seat left, list = d, e (seats left + 1), f has no vote.
    let (_, v) = c.count(&[&b]);
    assert_eq!(elected(&v, 0), vec!["c"]);
    assert_eq!(v["contests"][0]["runoff"], json!({"seats": 1, "candidates": ["d", "e"]}));
}

/// ZJE29 / OL15: in a run-off the most votes win, with at least one third of the ballots cast.
#[test]
fn zje29_runoff_round_needs_a_third_of_ballots() {
    let m = vc_manifest(12, MEMBERS).replace("rules = \"zj-vc-2020\"", "rules = \"zj-vc-2020\"\nround = \"runoff\"");
    let c = Case::new(&m);
    // 10 ballots (one invalid): bar = ceil(10/3) = 4. c 5, d 4, e 3 → c and d.
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[
            (r#"{"member":["c","d"]}"#, 4),
            (r#"{"member":["c","e"]}"#, 1),
            (r#"{"member":["e"]}"#, 2),
            ("{}", 2),
            (r#"{"spoiled":true}"#, 1),
        ]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["round"], "runoff");
    assert_eq!(v["contests"][0]["bar"], 4);
    assert_eq!(elected(&v, 0), vec!["c", "d"]);
    // With d at 3, only c passes: the seat stays unfilled, and ZJE30 asks for three members.
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[
            (r#"{"member":["c","d"]}"#, 3),
            (r#"{"member":["c","e"]}"#, 2),
            (r#"{"member":["e"]}"#, 1),
            ("{}", 3),
            (r#"{"spoiled":true}"#, 1),
        ]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(elected(&v, 0), vec!["c"]);
    assert_eq!(v["contests"][0]["outcome"], "unfilled");
    assert_eq!(v["contests"][0]["runoff"], json!(null));
    assert_eq!(v["notes"], json!(["fewer-than-min-members"]));
}

/// ZJE30: vacancies may stay once at least three members are elected (counting earlier rounds).
#[test]
fn zje30_vacancies_allowed_with_three_members() {
    let m = vc_manifest(12, MEMBERS)
        .replace("rules = \"zj-vc-2020\"", "rules = \"zj-vc-2020\"\nround = \"runoff\"\nmembers_elected_before = 2");
    let c = Case::new(&m);
    let b = c.box_file("b", "s", 9, &ballots(&[(r#"{"member":["c"]}"#, 5), ("{}", 4)]));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["outcome"], "unfilled");
    assert_eq!(v["notes"], json!(["vacant-seats-allowed"]));
}

/// ZJE28: in a re-vote among people tied, the most votes win (the bar is one vote).
#[test]
fn zje28_revote_round_most_votes_win() {
    let m = vc_manifest(12, CHAIR_AB).replace("rules = \"zj-vc-2020\"", "rules = \"zj-vc-2020\"\nround = \"revote\"");
    let c = Case::new(&m);
    let b = c.box_file("b", "s", 9, &ballots(&[(r#"{"chair":["a"]}"#, 3), (r#"{"chair":["b"]}"#, 2), ("{}", 4)]));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["bar"], 1);
    assert_eq!(elected(&v, 0), vec!["a"]);
    let b = c.box_file("b", "s", 9, &ballots(&[(r#"{"chair":["a"]}"#, 3), (r#"{"chair":["b"]}"#, 3), ("{}", 3)]));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["outcome"], "revote", "tied again: voted again");
}

/// ZJE27 / OL15: more than half of the registered must vote, else the vote is void.
#[test]
fn zje27_quorum() {
    let c = Case::new(&vc_manifest(12, CHAIR_AB));
    let b = c.box_file("b", "s", 6, &repeat(r#"{"chair":["a"]}"#, 6));
    let (code, v) = c.count(&[&b]);
    assert_eq!((code, v["status"].as_str()), (1, Some("void")));
    assert_eq!(v["void_reasons"], json!(["quorum-not-met"]));
    let b = c.box_file("b", "s", 7, &repeat(r#"{"chair":["a"]}"#, 7));
    assert_eq!(c.count(&[&b]).0, 0);
}

/// ZJE27; CPC: more ballots than voters voids the vote; a box over its own voters is flagged even
/// when the village sum passes.
#[test]
fn ballots_exceed_voters() {
    let m = vc_manifest(12, CHAIR_AB)
        .replace("[[station]]\nid = \"s\"\n", "[[station]]\nid = \"s\"\n[[station]]\nid = \"t\"\n");
    let c = Case::new(&m);
    let s = c.box_file("s", "s", 4, &repeat(r#"{"chair":["a"]}"#, 5));
    let t = c.box_file("t", "t", 5, &repeat(r#"{"chair":["b"]}"#, 3));
    let (code, v) = c.count(&[&s, &t]);
    assert_eq!((code, v["status"].as_str()), (0, Some("valid")), "8 ballots ≤ 9 voters");
    assert_eq!(v["stations"][0]["flags"], json!(["ballots-exceed-voters"]));
    assert_eq!(v["stations"][1]["flags"], json!([]));
    let t = c.box_file("t", "t", 3, &repeat(r#"{"chair":["b"]}"#, 3));
    let (code, v) = c.count(&[&s, &t]);
    assert_eq!(code, 1);
    assert_eq!(v["void_reasons"], json!(["ballots-exceed-voters"]));
}

/// ZJE27: a written-in name equal to a listed candidate's counts for that candidate; a written-in
/// person can win, named by name.
#[test]
fn zje27_write_ins() {
    let c = Case::new(&vc_manifest(12, CHAIR_AB));
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[(r#"{"chair":["w:王五"]}"#, 6), (r#"{"chair":["w: 钱二"]}"#, 2), (r#"{"chair":["b"]}"#, 2)]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(votes(&v, 0), vec![("王五".to_string(), 6), ("钱二".to_string(), 4), ("赵一".to_string(), 0)]);
    assert_eq!(elected(&v, 0), vec!["王五"]);
    assert_eq!(v["contests"][0]["tally"][0]["write_in"], true);
}

/// ZJE27: the same person for two posts voids the ballot; so does the same person twice in a post.
#[test]
fn zje27_same_person_rules() {
    let c = Case::new(&vc_manifest(12, &format!("{CHAIR_AB}{MEMBERS}")));
    let b = c.box_file(
        "b",
        "s",
        10,
        &[
            r#"{"chair":["a"],"member":["w:赵一"]}"#,
            r#"{"chair":["w:王五"],"member":["w:王五"]}"#,
            r#"{"member":["c","c"]}"#,
            r#"{"member":["c","w:孙三"]}"#,
            r#"{"chair":["a"],"member":["c","d"]}"#,
        ],
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["invalid_reasons"], json!({"duplicate": 2, "cross-post": 2}));
    assert_eq!(v["valid_ballots"], 1);
}

/// Other provinces: only the overvoted post is void (a setting; Zhejiang voids the ballot).
#[test]
fn per_post_overvote_setting() {
    let m = format!("{}\n[rules]\novervote = \"post\"\n", vc_manifest(12, &format!("{CHAIR_AB}{MEMBERS}")));
    let c = Case::new(&m);
    let b = c.box_file("b", "s", 10, &repeat(r#"{"chair":["a","b"],"member":["c"]}"#, 10));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["valid_ballots"], 10);
    assert_eq!(v["contests"][0]["voided"], 10);
    assert_eq!(v["contests"][0]["outcome"], "runoff");
    assert_eq!(elected(&v, 1), vec!["c"]);
}

const PARTY: &str = r#"format = 1
[election]
id = "party"
body = "party-committee"
rules = "cpc-2020"
registered = 10
[[contest]]
id = "committee"
seats = 2
style = "approve"
candidates = [ { id = "p", name = "吴六" }, { id = "q", name = "郑七" }, { id = "r", name = "王八" } ]
[[station]]
id = "s"
"#;

/// CPC: 4/5 of members present; for-votes more than half of those present; exactly half loses.
#[test]
fn cpc_party_committee() {
    let c = Case::new(PARTY);
    let b = c.box_file(
        "b",
        "s",
        8,
        &ballots(&[
            (r#"{"committee":{"for":["p","q"],"against":["r"]}}"#, 4),
            (r#"{"committee":{"for":["p"],"against":["q","r"],"write_in":["张三"]}}"#, 2),
            (r#"{"committee":{"for":["r"]}}"#, 1),
            ("{}", 1),
        ]),
    );
    // 8 of 10 present (≥ 4/5). Bar: more than half of 8 = 5. p 6, q 4 (exactly half), r 1, 张三 2.
    let (code, v) = c.count(&[&b]);
    assert_eq!(code, 0);
    let k = &v["contests"][0];
    assert_eq!(k["bar"], 5);
    assert_eq!(elected(&v, 0), vec!["p"]);
    assert_eq!(
        k["tally"][0],
        json!({"id": "p", "name": "吴六", "votes": 6, "for": 6, "against": 0, "abstain": 2, "elected": true})
    );
    assert_eq!(k["tally"][1]["against"], 2);
    assert_eq!(k["tally"][1]["abstain"], 2);
    assert_eq!(k["blank"], 1);
    assert_eq!(k["outcome"], "runoff");
    let b = c.box_file("b", "s", 7, &repeat(r#"{"committee":{"for":["p"]}}"#, 7));
    let (code, v) = c.count(&[&b]);
    assert_eq!((code, v["void_reasons"].clone()), (1, json!(["quorum-not-met"])), "7 of 10 is under 4/5");
}

/// CPC: the run-off bar stays at more than half.
#[test]
fn cpc_runoff_bar_stays_half() {
    let c = Case::new(&PARTY.replace("registered = 10", "registered = 10\nround = \"runoff\""));
    let b = c.box_file("b", "s", 9, &repeat(r#"{"committee":{"for":["p"]}}"#, 9));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["bar"], 5);
}

/// ZJI23: supervision committee — 2/3 of representatives present, more than half of those present.
#[test]
fn zji23_supervision_committee() {
    let m = "format = 1\n[election]\nid = \"sup\"\nbody = \"supervision-committee\"\nregistered = 30\n[[contest]]\nid = \"m\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n[[station]]\nid = \"s\"\n";
    let c = Case::new(m);
    let b = c.box_file("b", "s", 20, &ballots(&[(r#"{"m":["a"]}"#, 11), ("{}", 9)]));
    let (code, v) = c.count(&[&b]);
    assert_eq!(code, 0, "20 of 30 is 2/3");
    assert_eq!(v["contests"][0]["bar"], 11);
    assert_eq!(elected(&v, 0), vec!["a"]);
    let b = c.box_file("b", "s", 19, &repeat(r#"{"m":["a"]}"#, 19));
    assert_eq!(c.count(&[&b]).0, 1, "19 of 30 is under 2/3");
}

/// ZJC30: cooperative boards — more than half of the representatives *entitled to attend*.
#[test]
fn zjc30_cooperative_bar_is_of_entitled() {
    let m = "format = 1\n[election]\nid = \"coop\"\nbody = \"coop-supervision\"\nregistered = 30\n[[contest]]\nid = \"m\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n[[station]]\nid = \"s\"\n";
    let c = Case::new(m);
    let b = c.box_file("b", "s", 20, &ballots(&[(r#"{"m":["a"]}"#, 15), ("{}", 5)]));
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][0]["bar"], 16);
    assert_eq!(v["contests"][0]["outcome"], "runoff", "15 of 20 present is not more than half of 30");
}

/// rules.md: the women's post is its own contest, and its run-off stays separate.
#[test]
fn womens_post_runoff_stays_separate() {
    let posts = format!(
        "{MEMBERS}[[contest]]\nid = \"women\"\nseats = 1\nwomen_only = true\ncandidates = [ {{ id = \"w1\", name = \"蓝美玲\", gender = \"F\" }}, {{ id = \"w2\", name = \"周小燕\", gender = \"F\" }} ]\n"
    );
    let c = Case::new(&vc_manifest(12, &posts));
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[(r#"{"member":["c","d"],"women":["w1"]}"#, 6), (r#"{"member":["c","e"],"women":["w2"]}"#, 4)]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(elected(&v, 0), vec!["c", "d"]);
    assert_eq!(elected(&v, 1), vec!["w1"]);
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[(r#"{"member":["c","d"],"women":["w1"]}"#, 5), (r#"{"member":["c","e"],"women":["w2"]}"#, 5)]),
    );
    let (_, v) = c.count(&[&b]);
    assert_eq!(v["contests"][1]["runoff"], json!({"seats": 1, "candidates": ["w1", "w2"]}));
    assert_eq!(elected(&v, 0), vec!["c"]);
    assert_eq!(
        v["contests"][0]["runoff"],
        json!({"seats": 1, "candidates": ["d", "e"]}),
        "d and e have 5, under the bar of 6"
    );
}

/// A person elected to a higher post is not also elected to a lower one; the seat passes on.
#[test]
fn higher_post_takes_precedence() {
    let c = Case::new(&vc_manifest(12, &format!("{CHAIR_AB}{MEMBERS}")));
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[
            (r#"{"chair":["a"],"member":["c","d"]}"#, 4),
            (r#"{"chair":["a"],"member":["w:钱二"]}"#, 2),
            (r#"{"chair":["b"],"member":["c","d"]}"#, 4),
        ]),
    );
    // b (钱二) loses the chair; as a member: c 8, d 8 — 钱二 2. Now make the chair's winner a member too:
    let (_, v) = c.count(&[&b]);
    assert_eq!(elected(&v, 0), vec!["a"]);
    assert_eq!(elected(&v, 1), vec!["c", "d"]);
    let b = c.box_file(
        "b",
        "s",
        10,
        &ballots(&[(r#"{"chair":["a"],"member":["c"]}"#, 6), (r#"{"chair":["b"],"member":["w:赵一","c"]}"#, 4)]),
    );
    // a wins the chair with 6; as a member a (赵一, written in) has 4, under the bar anyway; c 10.
    let (_, v) = c.count(&[&b]);
    let member = &v["contests"][1]["tally"];
    let zhao = member.as_array().unwrap().iter().find(|e| e["name"] == "赵一").unwrap();
    assert_eq!(zhao["holds"], "chair");
    assert_eq!(zhao["id"], "a");
}
