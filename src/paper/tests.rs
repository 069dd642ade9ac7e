//! The assertions of the law, worked out by hand (../shared/docs/rules.md; issue 20): each test is
//! named after the article whose decision it audits and lists the exact assertion set
//! [`derive`] gives — ids, kinds, who must win and lose, the reported assorter mean and its bound
//! `u` as fractions (the margin is `2 × mean − 1`), and the article each one cites.
//!
//! With `N` ballots counted and a bar of `least` votes (contract §4's `bar`):
//! - bar: mean `votes / (2·least − 1)`, `u = N / (2·least − 1)`;
//! - below: mean `(N − votes) / (2N − 2·least + 1)`, `u = N / (2N − 2·least + 1)`;
//! - beats and boundary: mean `(w − l + N) / 2N`, `u = 1`.
//!
//! Outcomes are counted from ballots in memory ([`count_boxes`] on [`BoxSource::Memory`]).
//! `sim` audits many random elections; `properties` the draw and the folder; `soundness` checks
//! that the assertions, when true of the paper, imply the paper's decision.

mod properties;
mod sim;
mod soundness;

use std::path::Path;

use super::assertion::{Assertion, Kind};
use super::derive::{Derived, HandCountWhy, derive};
use super::plan::Plan;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::manifest::Election;
use crate::vote::outcome::{ContestStatus, Outcome, Proposal, VoidReason};
use crate::vote::register::Register;

/// A manifest read as the count reads it.
pub(super) fn election(text: &str) -> Election {
    Election::from_toml(text, Path::new("e.toml")).unwrap()
}

/// A box file's text: the header, then each `(line, times)`.
pub(super) fn box_text(station: &str, voters: u64, lines: &[(&str, usize)]) -> String {
    let mut t = format!("{{\"station\":\"{station}\",\"voters\":{voters}}}\n");
    for (l, n) in lines {
        for _ in 0..*n {
            t.push_str(l);
            t.push('\n');
        }
    }
    t
}

/// The outcome of boxes (their texts) counted in memory, kinship judged on `register` if given.
pub(super) fn outcome(e: &Election, boxes: &[String], register: Option<&Register>) -> Outcome {
    let sources: Vec<BoxSource<'_>> =
        boxes.iter().enumerate().map(|(i, b)| BoxSource::Memory(format!("box-{i}").into(), b.as_bytes())).collect();
    let o = Outcome::with_register(e, &count_boxes(e, &sources, false).unwrap(), register);
    let counted = crate::vote::count::count_sources(e, &sources, false, register, None).unwrap();
    assert_eq!(counted, o, "count's path: each box added as it is counted");
    o
}

/// An assertion worked out by hand: id, kind, winner, loser, reported mean and `u` as
/// `(numerator, denominator)`, and the article.
type Want = (&'static str, Kind, Option<&'static str>, Option<&'static str>, (u64, u64), (u64, u64), &'static str);

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{what}: {got} is not {want}");
}

fn fraction((n, d): (u64, u64)) -> f64 {
    n as f64 / d as f64
}

/// The assertions derived are exactly `want`, in order, each over `population` ballots.
fn assert_exactly(got: &[Assertion], want: &[Want], population: u64) {
    let ids: Vec<&str> = got.iter().map(Assertion::id).collect();
    let want_ids: Vec<&str> = want.iter().map(|w| w.0).collect();
    assert_eq!(ids, want_ids, "the assertion set");
    for (a, &(id, kind, winner, loser, mean, u, article)) in got.iter().zip(want) {
        assert_eq!((a.kind(), a.winner(), a.loser(), a.article()), (kind, winner, loser, article), "{id}");
        assert_eq!(a.post(), id.split('/').next().unwrap(), "{id}: its post");
        close(a.reported_mean(), fraction(mean), &format!("{id}: reported mean"));
        close(a.margin(), 2.0 * fraction(mean) - 1.0, &format!("{id}: margin"));
        close(a.u(), fraction(u), &format!("{id}: u"));
        assert_eq!(a.population(), population, "{id}");
        assert!(a.auditable() && a.reported_mean() <= a.u(), "{id}: a true assertion, mean within [0, u]");
    }
}

fn nothing_else(d: &Derived) {
    assert!(d.hand_count.is_empty(), "{:?}", d.hand_count);
    assert!(d.not_by_ballots.is_empty(), "{:?}", d.not_by_ballots);
}

/// A villagers' committee (ZJE28's bar: more than half of the voters); `registered` on the roll.
fn vc(registered: u64, round: &str, posts: &str) -> String {
    format!(
        "format = 1\n[election]\nid = \"hand\"\nbody = \"villagers-committee\"\nrules = \"zj-vc-2020\"\nround = \"{round}\"\nregistered = {registered}\n{posts}\n[[station]]\nid = \"s\"\n"
    )
}

const CHAIR: &str = "[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" }, { id = \"b\", name = \"钱二\" } ]\n";
const MEMBER3: &str = "[[contest]]\nid = \"member\"\nseats = 2\ncandidates = [ { id = \"c\", name = \"孙三\" }, { id = \"d\", name = \"李四\" }, { id = \"e\", name = \"周五\" } ]\n";
const MEMBER4: &str = "[[contest]]\nid = \"member\"\nseats = 2\ncandidates = [ { id = \"c\", name = \"孙三\" }, { id = \"d\", name = \"李四\" }, { id = \"e\", name = \"周五\" }, { id = \"f\", name = \"吴六\" } ]\n";

/// ZJE28: 10 voters, bar 6 (more than half). Chair: a 6, b 3 — a is elected. Members (2 seats):
/// c 9, d 6, e 3 — c and d. Each winner cleared the bar and beat each one left out; one blank
/// ballot counts against every bar (N = 10).
#[test]
fn zje28_a_filled_post_rests_on_bar_and_beats() {
    let e = election(&vc(18, "first", &format!("{CHAIR}{MEMBER3}")));
    let b = box_text(
        "s",
        10,
        &[(r#"{"chair":["a"],"member":["c","d"]}"#, 6), (r#"{"chair":["b"],"member":["c","e"]}"#, 3), ("{}", 1)],
    );
    let o = outcome(&e, &[b], None);
    assert_eq!((o.contests[0].bar, o.contests[1].bar), (6, 6));
    assert_eq!(o.contests[1].elected, ["c", "d"]);
    assert!(o.contests.iter().all(|c| c.outcome == ContestStatus::Filled));
    let d = derive(&o, 10);
    nothing_else(&d);
    assert_exactly(
        &d.assertions,
        &[
            ("chair/a/bar", Kind::Bar, Some("a"), None, (6, 11), (10, 11), "ZJE28"),
            ("chair/a/beats/b", Kind::Beats, Some("a"), Some("b"), (13, 20), (1, 1), "ZJE28"),
            ("chair/a/beats/*", Kind::Beats, Some("a"), Some("*"), (16, 20), (1, 1), "ZJE28"),
            ("member/c/bar", Kind::Bar, Some("c"), None, (9, 11), (10, 11), "ZJE28"),
            ("member/c/beats/e", Kind::Beats, Some("c"), Some("e"), (16, 20), (1, 1), "ZJE28"),
            ("member/c/beats/*", Kind::Beats, Some("c"), Some("*"), (19, 20), (1, 1), "ZJE28"),
            ("member/d/bar", Kind::Bar, Some("d"), None, (6, 11), (10, 11), "ZJE28"),
            ("member/d/beats/e", Kind::Beats, Some("d"), Some("e"), (13, 20), (1, 1), "ZJE28"),
            ("member/d/beats/*", Kind::Beats, Some("d"), Some("*"), (16, 20), (1, 1), "ZJE28"),
        ],
        10,
    );
}

/// ZJE28 and ZJE29: 10 voters, bar 6; members (2 seats): c 7, d 4, e 3, f 1 — only c passes, one
/// seat left: a run-off proposed for d and e (the seats left plus one). The post rests on c's bar
/// and beats, on each one left out being below the bar (mean (10 − votes)/(20 − 12 + 1)), and on
/// the list's boundary: e, the last proposed, beat f, the first left off.
#[test]
fn zje29_a_post_left_short_rests_on_below_and_the_boundary() {
    let e = election(&vc(18, "first", MEMBER4));
    let b = box_text(
        "s",
        10,
        &[(r#"{"member":["c","d"]}"#, 4), (r#"{"member":["c","e"]}"#, 3), (r#"{"member":["f"]}"#, 1), ("{}", 2)],
    );
    let o = outcome(&e, &[b], None);
    let m = &o.contests[0];
    assert_eq!((m.bar, m.outcome, m.elected.as_slice()), (6, ContestStatus::Runoff, &["c".to_string()][..]));
    assert_eq!(m.runoff, Some(Proposal { seats: 1, candidates: vec!["d".into(), "e".into()] }));
    let d = derive(&o, 10);
    nothing_else(&d);
    assert_exactly(
        &d.assertions,
        &[
            ("member/c/bar", Kind::Bar, Some("c"), None, (7, 11), (10, 11), "ZJE28"),
            ("member/c/beats/d", Kind::Beats, Some("c"), Some("d"), (13, 20), (1, 1), "ZJE28"),
            ("member/c/beats/e", Kind::Beats, Some("c"), Some("e"), (14, 20), (1, 1), "ZJE28"),
            ("member/c/beats/f", Kind::Beats, Some("c"), Some("f"), (16, 20), (1, 1), "ZJE28"),
            ("member/c/beats/*", Kind::Beats, Some("c"), Some("*"), (17, 20), (1, 1), "ZJE28"),
            ("member/d/below", Kind::Below, None, Some("d"), (6, 9), (10, 9), "ZJE29"),
            ("member/e/below", Kind::Below, None, Some("e"), (7, 9), (10, 9), "ZJE29"),
            ("member/f/below", Kind::Below, None, Some("f"), (9, 9), (10, 9), "ZJE29"),
            ("member/*/below", Kind::Below, None, Some("*"), (10, 9), (10, 9), "ZJE29"),
            ("member/d/boundary/f", Kind::Boundary, Some("d"), Some("f"), (13, 20), (1, 1), "ZJE29"),
            ("member/d/boundary/*", Kind::Boundary, Some("d"), Some("*"), (14, 20), (1, 1), "ZJE29"),
            ("member/e/boundary/f", Kind::Boundary, Some("e"), Some("f"), (12, 20), (1, 1), "ZJE29"),
            ("member/e/boundary/*", Kind::Boundary, Some("e"), Some("*"), (13, 20), (1, 1), "ZJE29"),
        ],
        10,
    );
}

/// ZJE28: a tie straddling the last seat (members c 8, d 6, e 6; bar 6) is voted on again: no
/// sample can confirm it, the post goes straight to a hand count with no assertion — the plan lists
/// it, with why; the chair (a 6, b 4) is audited as usual.
#[test]
fn zje28_a_tie_on_the_last_seat_goes_to_a_hand_count() {
    let e = election(&vc(12, "first", &format!("{CHAIR}{MEMBER3}")));
    let b = box_text(
        "s",
        10,
        &[
            (r#"{"chair":["a"],"member":["c","d"]}"#, 4),
            (r#"{"chair":["a"],"member":["c","e"]}"#, 2),
            (r#"{"chair":["b"],"member":["c","e"]}"#, 2),
            (r#"{"chair":["b"],"member":["d","e"]}"#, 2),
        ],
    );
    let o = outcome(&e, &[b], None);
    assert_eq!(o.contests[1].outcome, ContestStatus::Revote);
    let plan = Plan::new(&o, "00".repeat(32), "20201118093000424242", 0.05).unwrap();
    assert_eq!((plan.hand_count.as_slice(), plan.hand_count_why[0].why.as_str()), (&["member".to_string()][..], "tie"));
    let d = derive(&o, 10);
    assert_eq!(d.hand_count, [("member".to_string(), HandCountWhy::Tie)]);
    assert!(d.not_by_ballots.is_empty());
    assert_exactly(
        &d.assertions,
        &[
            ("chair/a/bar", Kind::Bar, Some("a"), None, (6, 11), (10, 11), "ZJE28"),
            ("chair/a/beats/b", Kind::Beats, Some("a"), Some("b"), (12, 20), (1, 1), "ZJE28"),
            ("chair/a/beats/*", Kind::Beats, Some("a"), Some("*"), (16, 20), (1, 1), "ZJE28"),
        ],
        10,
    );
}

/// CPC: the Party committee, approve style, 2 seats; 10 members present, bar 6 for-votes (more
/// than half of those present, exactly half loses). For-votes p 7, q 6, r 1; the spoiled ballot
/// is one of the 10 and counts against every bar.
#[test]
fn cpc_an_approve_post_rests_on_the_for_votes_bar() {
    let text = "format = 1\n[election]\nid = \"party\"\nbody = \"party-committee\"\nrules = \"cpc-2020\"\nregistered = 11\n[[contest]]\nid = \"committee\"\nseats = 2\nstyle = \"approve\"\ncandidates = [ { id = \"p\", name = \"吴六\" }, { id = \"q\", name = \"郑七\" }, { id = \"r\", name = \"王八\" } ]\n[[station]]\nid = \"s\"\n";
    let e = election(text);
    let b = box_text(
        "s",
        10,
        &[
            (r#"{"committee":{"for":["p","q"],"against":["r"]}}"#, 5),
            (r#"{"committee":{"for":["p"],"against":["q","r"]}}"#, 2),
            (r#"{"committee":{"for":["q","r"],"against":["p"]}}"#, 1),
            (r#"{"committee":{"against":["p"]}}"#, 1),
            (r#"{"spoiled":true}"#, 1),
        ],
    );
    let o = outcome(&e, &[b], None);
    let c = &o.contests[0];
    assert_eq!((c.bar, c.outcome), (6, ContestStatus::Filled));
    assert_eq!(c.elected, ["p", "q"]);
    let d = derive(&o, 10);
    nothing_else(&d);
    assert_exactly(
        &d.assertions,
        &[
            ("committee/p/bar", Kind::Bar, Some("p"), None, (7, 11), (10, 11), "CPC"),
            ("committee/p/beats/r", Kind::Beats, Some("p"), Some("r"), (16, 20), (1, 1), "CPC"),
            ("committee/p/beats/*", Kind::Beats, Some("p"), Some("*"), (17, 20), (1, 1), "CPC"),
            ("committee/q/bar", Kind::Bar, Some("q"), None, (6, 11), (10, 11), "CPC"),
            ("committee/q/beats/r", Kind::Beats, Some("q"), Some("r"), (15, 20), (1, 1), "CPC"),
            ("committee/q/beats/*", Kind::Beats, Some("q"), Some("*"), (16, 20), (1, 1), "CPC"),
        ],
        10,
    );
}

/// ZJE27/OL15: 8 of 20 registered voted — the quorum (more than half) is not met and the vote is
/// void. That is the sign-in sheets' to show, not the ballots': no assertion, no hand count, the
/// reason listed as not shown by ballots.
#[test]
fn zje27_a_void_vote_has_no_assertion() {
    let e = election(&vc(20, "first", CHAIR));
    let b = box_text("s", 8, &[(r#"{"chair":["a"]}"#, 8)]);
    let o = outcome(&e, &[b], None);
    assert!(!o.is_valid());
    let d = derive(&o, 8);
    assert!(d.assertions.is_empty() && d.hand_count.is_empty(), "{d:?}");
    assert_eq!(d.not_by_ballots, [VoidReason::QuorumNotMet]);
}

/// 赵一 (a, p1) and 钱二 (b, p2) are spouses; 孙三 (c, p3) is 李四's (d, p4) parent; 吴六 (g) is
/// found by name.
const PEOPLE: &str = "village = \"v\"\n[[person]]\nid = \"p1\"\nname = \"赵一\"\n[[person]]\nid = \"p2\"\nname = \"钱二\"\n[[person]]\nid = \"p3\"\nname = \"孙三\"\n[[person]]\nid = \"p4\"\nname = \"李四\"\n[[person]]\nid = \"p6\"\nname = \"吴六\"\n[[relation]]\na = \"p1\"\nb = \"p2\"\nkind = \"spouse\"\n[[relation]]\na = \"p3\"\nb = \"p4\"\nkind = \"parent\"\n";

const KIN_POSTS: &str = "[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\", person = \"p1\" } ]\n[[contest]]\nid = \"member\"\nseats = 2\ncandidates = [ { id = \"b\", name = \"钱二\", person = \"p2\" }, { id = \"c\", name = \"孙三\", person = \"p3\" }, { id = \"d\", name = \"李四\", person = \"p4\" }, { id = \"g\", name = \"吴六\" } ]\n";

fn register() -> Register {
    Register::from_toml(PEOPLE, Path::new("people.toml")).unwrap()
}

/// ZJE31: 10 voters, bar 6. Chair a 10; members b 7, c 7, g 6, d 0. 钱二 (b), the chair's spouse,
/// stands down — the higher post stays — and 吴六 (g, 6 ≥ 6) takes the freed seat. The count's
/// ranking has b among the winners: b needs the bar and beats everyone below as a winner does, and
/// so does g, who took the seat; the avoidance itself follows from the register.
#[test]
fn zje31_the_one_who_stood_down_and_the_one_who_took_the_seat() {
    let e = election(&vc(12, "first", KIN_POSTS));
    let b = box_text(
        "s",
        10,
        &[
            (r#"{"chair":["a"],"member":["b","c"]}"#, 4),
            (r#"{"chair":["a"],"member":["b","g"]}"#, 3),
            (r#"{"chair":["a"],"member":["c","g"]}"#, 3),
        ],
    );
    let o = outcome(&e, &[b], Some(&register()));
    let m = &o.contests[1];
    assert_eq!((m.elected.as_slice(), m.outcome), (&["c".to_string(), "g".to_string()][..], ContestStatus::Filled));
    assert_eq!((m.avoided.len(), m.avoided[0].id.as_str(), m.avoided[0].because.as_str()), (1, "b", "a"));
    let d = derive(&o, 10);
    nothing_else(&d);
    assert_exactly(
        &d.assertions,
        &[
            ("chair/a/bar", Kind::Bar, Some("a"), None, (10, 11), (10, 11), "ZJE28"),
            ("chair/a/beats/*", Kind::Beats, Some("a"), Some("*"), (20, 20), (1, 1), "ZJE28"),
            ("member/c/bar", Kind::Bar, Some("c"), None, (7, 11), (10, 11), "ZJE28"),
            ("member/c/beats/d", Kind::Beats, Some("c"), Some("d"), (17, 20), (1, 1), "ZJE28"),
            ("member/c/beats/*", Kind::Beats, Some("c"), Some("*"), (17, 20), (1, 1), "ZJE28"),
            ("member/g/bar", Kind::Bar, Some("g"), None, (6, 11), (10, 11), "ZJE28"),
            ("member/g/beats/d", Kind::Beats, Some("g"), Some("d"), (16, 20), (1, 1), "ZJE28"),
            ("member/g/beats/*", Kind::Beats, Some("g"), Some("*"), (16, 20), (1, 1), "ZJE28"),
            ("member/b/bar", Kind::Bar, Some("b"), None, (7, 11), (10, 11), "ZJE28"),
            ("member/b/beats/d", Kind::Beats, Some("b"), Some("d"), (17, 20), (1, 1), "ZJE28"),
            ("member/b/beats/*", Kind::Beats, Some("b"), Some("*"), (17, 20), (1, 1), "ZJE28"),
        ],
        10,
    );
}

/// ZJE31 in one post: 孙三 (c) 8 and his child 李四 (d) 7 both pass the bar of 6; more votes stays,
/// d stands down, and nobody else passes: a run-off for the seat (g 3, b 2). Both c and d rest on
/// bar and beats as the count ranked them, c on beating d (ZJE31), and the post left short on each
/// one left out being below the bar and the run-off list (g, b: everyone with a vote) — no boundary.
#[test]
fn zje31_in_one_post_more_votes_stays() {
    let e = election(&vc(12, "first", KIN_POSTS));
    let b = box_text(
        "s",
        10,
        &[
            (r#"{"chair":["a"],"member":["c","d"]}"#, 7),
            (r#"{"chair":["a"],"member":["c","g"]}"#, 1),
            (r#"{"chair":["a"],"member":["g","b"]}"#, 2),
        ],
    );
    let o = outcome(&e, &[b], Some(&register()));
    let m = &o.contests[1];
    assert_eq!((m.elected.as_slice(), m.outcome), (&["c".to_string()][..], ContestStatus::Runoff));
    assert_eq!((m.avoided[0].id.as_str(), m.avoided[0].because.as_str()), ("d", "c"));
    let d = derive(&o, 10);
    nothing_else(&d);
    assert_exactly(
        &d.assertions,
        &[
            ("chair/a/bar", Kind::Bar, Some("a"), None, (10, 11), (10, 11), "ZJE28"),
            ("chair/a/beats/*", Kind::Beats, Some("a"), Some("*"), (20, 20), (1, 1), "ZJE28"),
            ("member/c/bar", Kind::Bar, Some("c"), None, (8, 11), (10, 11), "ZJE28"),
            ("member/c/beats/g", Kind::Beats, Some("c"), Some("g"), (15, 20), (1, 1), "ZJE28"),
            ("member/c/beats/b", Kind::Beats, Some("c"), Some("b"), (16, 20), (1, 1), "ZJE28"),
            ("member/c/beats/*", Kind::Beats, Some("c"), Some("*"), (18, 20), (1, 1), "ZJE28"),
            ("member/d/bar", Kind::Bar, Some("d"), None, (7, 11), (10, 11), "ZJE28"),
            ("member/d/beats/g", Kind::Beats, Some("d"), Some("g"), (14, 20), (1, 1), "ZJE28"),
            ("member/d/beats/b", Kind::Beats, Some("d"), Some("b"), (15, 20), (1, 1), "ZJE28"),
            ("member/d/beats/*", Kind::Beats, Some("d"), Some("*"), (17, 20), (1, 1), "ZJE28"),
            ("member/c/beats/d", Kind::Beats, Some("c"), Some("d"), (11, 20), (1, 1), "ZJE31"),
            ("member/g/below", Kind::Below, None, Some("g"), (7, 9), (10, 9), "ZJE29"),
            ("member/b/below", Kind::Below, None, Some("b"), (8, 9), (10, 9), "ZJE29"),
            ("member/*/below", Kind::Below, None, Some("*"), (10, 9), (10, 9), "ZJE29"),
            ("member/g/boundary/*", Kind::Boundary, Some("g"), Some("*"), (13, 20), (1, 1), "ZJE29"),
            ("member/b/boundary/*", Kind::Boundary, Some("b"), Some("*"), (12, 20), (1, 1), "ZJE29"),
        ],
        10,
    );
}
