//! The assertions imply the decision (issue 20: "the set of assertions whose truth implies every
//! post's decision"): whenever every assertion derived from a count holds on the paper — each
//! assorter's mean over the paper ballots above ½ — the paper's count decides every post as the
//! entered count did (the posts sent straight to a hand count aside). Otherwise an audit can
//! confirm, at any risk limit, an outcome the paper contradicts.
//!
//! Hand cases, one for each way the set falls short, then the same over many small random
//! elections whose entered ballots differ from the paper by a few ballots, or by a written-in
//! name entered as a blank wherever it appears.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{box_text, election, outcome};
use crate::paper::derive::derive;
use crate::paper::judge::Judge;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;

/// Each post's decision: what the law decided, who is elected, who is proposed for a run-off.
/// Two run-off lists agree when one holds the other: how long a list is (those tied with its last
/// taken in, everyone with a vote when few have one) is Zheng's proposal, which the committee may
/// change [ZJE29] (docs/AUDIT.md); who is on it above whoever is left off is the decision.
fn same_decisions(a: &Outcome, b: &Outcome, skip: &[String]) -> bool {
    let (da, db) = (decisions(a, skip), decisions(b, skip));
    da.len() == db.len()
        && da.iter().zip(&db).all(|(x, y)| {
            let nested = x.3.iter().all(|p| y.3.contains(p)) || y.3.iter().all(|p| x.3.contains(p));
            (&x.0, &x.1, &x.2) == (&y.0, &y.1, &y.2) && nested
        })
}

fn decisions(o: &Outcome, skip: &[String]) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    o.contests
        .iter()
        .filter(|c| !skip.contains(&c.id))
        .map(|c| {
            let mut elected = c.elected.clone();
            elected.sort();
            let mut proposed = c.runoff.as_ref().map(|r| r.candidates.clone()).unwrap_or_default();
            proposed.sort();
            (c.id.clone(), format!("{:?}", c.outcome), elected, proposed)
        })
        .collect()
}

/// Whether every assertion of the entered count holds on the paper while the paper decides
/// otherwise: a wrong outcome an audit would confirm. Gives the assertions' ids when so.
fn confirmable_yet_wrong(e: &Election, entered: &str, paper: &str) -> Option<Vec<String>> {
    let (eo, po) = (outcome(e, &[entered.to_string()], None), outcome(e, &[paper.to_string()], None));
    if !eo.is_valid() || !po.is_valid() {
        return None;
    }
    let judge = Judge::new(e);
    let sheets: Vec<_> = paper.lines().skip(1).map(|l| judge.judge(l.as_bytes()).unwrap()).collect();
    let d = derive(&eo, sheets.len() as u64);
    let holds = |a: &crate::paper::assertion::Assertion| {
        sheets.iter().map(|b| a.assort(b)).sum::<f64>() / sheets.len() as f64 > 0.5
    };
    let skip: Vec<String> = d.hand_count.iter().map(|(p, _)| p.clone()).collect();
    (d.assertions.iter().all(holds) && !same_decisions(&po, &eo, &skip))
        .then(|| d.assertions.iter().map(|a| a.id().to_string()).collect())
}

fn one_post(round: &str, registered: u64) -> Election {
    election(&format!(
        "format = 1\n[election]\nid = \"x\"\nbody = \"villagers-committee\"\nround = \"{round}\"\nregistered = {registered}\n[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ {{ id = \"a\", name = \"赵一\" }}, {{ id = \"b\", name = \"钱二\" }}, {{ id = \"c\", name = \"孙三\" }}, {{ id = \"d\", name = \"李四\" }} ]\n[[station]]\nid = \"s\"\n"
    ))
}

const A: &str = r#"{"chair":["a"]}"#;
const B: &str = r#"{"chair":["b"]}"#;
const C: &str = r#"{"chair":["c"]}"#;
const D: &str = r#"{"chair":["d"]}"#;

/// ZJE29: 10 voters, bar 6, nobody passes: a run-off for the seat, proposed to the first two.
/// Entered a 4, b 3, c 2, d 1 — the list a, b, its boundary "b beats c". The paper has a and d
/// swapped: d 4, b 3, c 2, a 1 — everyone is below the bar and b still beats c, yet the paper's
/// list is d, b. The boundary compares only the count's last proposed with the first left off;
/// every one proposed must beat whoever is left off.
#[test]
fn zje29_every_one_proposed_beats_whoever_is_left_off() {
    let e = one_post("first", 12);
    let entered = box_text("s", 10, &[(A, 4), (B, 3), (C, 2), (D, 1)]);
    let paper = box_text("s", 10, &[(D, 4), (B, 3), (C, 2), (A, 1)]);
    let wrong = confirmable_yet_wrong(&e, &entered, &paper);
    assert_eq!(wrong, None, "every assertion holds on the paper, whose run-off list differs");
}

/// ZJE29: the run-off list takes in everyone tied with its last: entered a 4, b 3, c 3 (and one
/// blank) proposes a, b and c. The paper reads a 4, b 3, c 2 and two blanks: its list is a, b —
/// within the count's, which the committee may shorten; nobody left off the count's list is above
/// anyone on it (d and anyone unnamed below c), and the post is audited, not hand-counted.
#[test]
fn zje29_a_tie_at_the_end_of_the_runoff_list_is_the_committees_to_settle() {
    let e = one_post("first", 12);
    let entered = box_text("s", 10, &[(A, 4), (B, 3), (C, 3), ("{}", 0)]);
    let paper = box_text("s", 10, &[(A, 4), (B, 3), (C, 2), ("{}", 1)]);
    assert_eq!(confirmable_yet_wrong(&e, &entered, &paper), None);
    let d = derive(&outcome(&e, &[entered], None), 10);
    assert!(d.hand_count.is_empty(), "{:?}", d.hand_count);
    assert!(d.assertions.iter().any(|a| a.id() == "chair/c/boundary/d"), "c beats d, who has no vote");
}

/// ZJE28: a re-vote is won by most votes. The paper: 王五 (written in) 5, a 3, b 2; entered with
/// every 王五 ballot as a blank: a 3, b 2 — a elected, resting on "a has a vote" and "a beats b",
/// both true on the paper, which elects 王五. Nobody outside the reported tally is ever anyone's
/// loser: a written-in name the entered records leave out entirely goes unchecked.
#[test]
fn zje28_a_name_left_out_of_the_count_is_a_loser_too() {
    let e = one_post("revote", 12);
    let entered = box_text("s", 10, &[("{}", 5), (A, 3), (B, 2)]);
    let paper = box_text("s", 10, &[(r#"{"chair":["w:王五"]}"#, 5), (A, 3), (B, 2)]);
    assert_eq!(confirmable_yet_wrong(&e, &entered, &paper), None);
}

/// One random ballot: the chair (a likely favourite, sometimes a written-in 王五), and up to two
/// of five members.
fn ballot(rng: &mut ChaCha8Rng, favourite: f64, write_in: f64, members: f64) -> String {
    let mut posts = Vec::new();
    let r = rng.random_range(0.0..1.0);
    if r < write_in {
        posts.push(r#""chair":["w:王五"]"#.to_string());
    } else if r < 0.85 {
        let who = if rng.random_range(0.0..1.0) < favourite { 0 } else { rng.random_range(0..4usize) };
        posts.push(format!("\"chair\":[\"{}\"]", ["a", "b", "c", "d"][who]));
    }
    let mut marked = Vec::new();
    for (k, m) in ["m1", "m2", "m3", "m4", "m5"].iter().enumerate() {
        if marked.len() < 2 && rng.random_range(0.0..1.0) < members * (1.0 - k as f64 * 0.15) {
            marked.push(format!("\"{m}\""));
        }
    }
    if !marked.is_empty() {
        posts.push(format!("\"member\":[{}]", marked.join(",")));
    }
    format!("{{{}}}", posts.join(","))
}

fn random_vote(round: &str, voters: usize) -> Election {
    election(&format!(
        "format = 1\n[election]\nid = \"x\"\nbody = \"villagers-committee\"\nround = \"{round}\"\nregistered = {}\n[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ {{ id = \"a\", name = \"赵一\" }}, {{ id = \"b\", name = \"钱二\" }}, {{ id = \"c\", name = \"孙三\" }}, {{ id = \"d\", name = \"李四\" }} ]\n[[contest]]\nid = \"member\"\nseats = 2\ncandidates = [ {{ id = \"m1\", name = \"周五\" }}, {{ id = \"m2\", name = \"吴六\" }}, {{ id = \"m3\", name = \"郑七\" }}, {{ id = \"m4\", name = \"王八\" }}, {{ id = \"m5\", name = \"冯九\" }} ]\n[[station]]\nid = \"s\"\n",
        voters + 1
    ))
}

/// 3000 small random votes (8 to 30 voters, each round): the entered ballots differ from the
/// paper in a few ballots, or — one vote in two — also by every written-in 王五 entered as a
/// blank. Whenever every assertion holds on the paper, the paper decides as the count did.
#[test]
fn the_assertions_imply_the_decision_over_random_votes() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut wrong = Vec::new();
    for trial in 0..3000 {
        let round = ["first", "runoff", "revote"][trial % 3];
        let n = rng.random_range(8..=30usize);
        let (fav, w, mem) = (rng.random_range(0.0..0.8), rng.random_range(0.0..0.4), rng.random_range(0.1..0.9));
        let paper: Vec<String> = (0..n).map(|_| ballot(&mut rng, fav, w, mem)).collect();
        let mut entered = paper.clone();
        if trial % 2 == 1 {
            entered.iter_mut().for_each(|b| *b = b.replace(r#""chair":["w:王五"]"#, r#""chair":[]"#));
        }
        for _ in 0..rng.random_range(1..=5usize) {
            let i = rng.random_range(0..n);
            entered[i] = ballot(&mut rng, fav, w * f64::from(u8::from(trial % 2 == 0)), mem);
        }
        let text = |b: &[String]| format!("{{\"station\":\"s\",\"voters\":{n}}}\n{}\n", b.join("\n"));
        if let Some(ids) = confirmable_yet_wrong(&random_vote(round, n), &text(&entered), &text(&paper)) {
            wrong.push(format!("#{trial} {round}: {ids:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} votes confirmable yet wrong, e.g.\n{}",
        wrong.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
}
