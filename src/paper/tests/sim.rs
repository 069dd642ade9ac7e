//! Many random elections audited in memory, for each of the four bodies and the three rounds
//! (issue 20, "How it will be judged"): the ballots are counted (the outcome), the audit planned
//! from the count, and the paper — the same ballots, position p of a station being line p of its
//! box — drawn, read and judged as the audit team would.
//!
//! - Honest boxes: every decision is confirmed before a full hand count — within the sample the
//!   plan drew, or in the next rounds of the size ALPHA proposes (the rounds are counted).
//! - Altered boxes: the *entered* ballots swap the head's winner with a loser, so the count elects
//!   the loser by a wide margin, while the *paper* stays as it was. Planned from the altered count
//!   and audited against the paper, the post is not confirmed in any round; the audit reaches the
//!   whole population (a full hand count), and counting the paper gives the paper's decision.
//!
//! An RLA may wrongly confirm an outcome with probability at most the risk limit (5% here). The
//! margins used — the altered count claims about 72% for someone the paper gives about 12% — make
//! that chance negligible (far below 10⁻⁹ at these sample sizes), so a confirmation of an altered
//! post here is a bug, not bad luck. The elections are drawn from a fixed seed: the test is
//! repeatable.

use std::collections::BTreeMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{election, outcome};
use crate::paper::judge::{Judge, PaperBallot};
use crate::paper::plan::Plan;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;

/// The four bodies: (body, rules profile, approve style).
pub(super) const BODIES: [(&str, &str, bool); 4] = [
    ("villagers-committee", "zj-vc-2020", false),
    ("party-committee", "cpc-2020", true),
    ("supervision-committee", "zj-supervision-2020", false),
    ("coop-management", "zj-coop-rep-2020", false),
];

/// The three rounds.
pub(super) const ROUNDS: [&str; 3] = ["first", "runoff", "revote"];

/// 20 decimal digits, as rolled in public.
pub(super) const SEED: &str = "20201118093000424242";

pub(super) const RISK_LIMIT: f64 = 0.05;

/// Random elections per body and round.
const ELECTIONS: usize = 3;

/// Rounds an honest audit may take before the test calls it stuck.
const MAX_ROUNDS: u32 = 8;

/// One random election: its manifest, and each station's ballots as marked (one a line).
pub(super) struct Sim {
    pub(super) manifest: String,
    pub(super) boxes: Vec<(String, u64, Vec<String>)>,
    /// The head's winner and the loser the altered count puts in its place.
    head: (String, String),
}

/// The people marked in each post of one ballot, or a spoiled ballot.
type Marks = Option<Vec<(&'static str, Vec<String>)>>;

impl Sim {
    /// The box files' texts.
    pub(super) fn texts(&self) -> Vec<String> {
        self.boxes.iter().map(|(s, v, lines)| box_file(s, *v, lines)).collect()
    }

    /// The ballot at `station:position` (position from 1: line p of the box).
    pub(super) fn paper(&self, ballot: &str) -> &str {
        let (station, p) = ballot.rsplit_once(':').unwrap();
        let (_, _, lines) = self.boxes.iter().find(|(s, _, _)| s == station).unwrap();
        &lines[p.parse::<usize>().unwrap() - 1]
    }
}

fn box_file(station: &str, voters: u64, lines: &[String]) -> String {
    let mut t = format!("{{\"station\":\"{station}\",\"voters\":{voters}}}\n");
    for l in lines {
        t.push_str(l);
        t.push('\n');
    }
    t
}

fn candidates(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

fn contest(id: &str, seats: u32, approve: bool, people: &[String]) -> String {
    let style = if approve { "approve" } else { "choose" };
    let list: Vec<String> = people.iter().map(|p| format!("{{ id = \"{p}\", name = \"{p}名\" }}")).collect();
    format!("[[contest]]\nid = \"{id}\"\nseats = {seats}\nstyle = \"{style}\"\ncandidates = [ {} ]\n", list.join(", "))
}

/// One ballot's line in the body's style.
fn render(marks: &Marks, approve: bool) -> String {
    let Some(posts) = marks else { return r#"{"spoiled":true}"#.to_string() };
    let parts: Vec<String> = posts
        .iter()
        .filter(|(_, who)| !who.is_empty())
        .map(|(post, who)| {
            let ids: Vec<String> = who.iter().map(|w| format!("\"{w}\"")).collect();
            if approve {
                format!("\"{post}\":{{\"for\":[{}]}}", ids.join(","))
            } else {
                format!("\"{post}\":[{}]", ids.join(","))
            }
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// Picks by cumulative shares: the first `(share, what)` whose running total exceeds `r`.
fn pick<T: Clone>(r: f64, table: &[(f64, T)], otherwise: T) -> T {
    let mut total = 0.0;
    for (share, what) in table {
        total += share;
        if r < total {
            return what.clone();
        }
    }
    otherwise
}

/// The posts of a random election: the head (1 seat, about 72% for its winner), the members (2
/// seats, about 75% and 70% for theirs, 18% for each loser) and — except in a re-vote, where the
/// bar is one vote — a post nobody wins outright (a run-off, or left unfilled after one).
struct Posts {
    head: Vec<String>,
    member: Vec<String>,
    short: Option<Vec<String>>,
}

impl Posts {
    fn random(rng: &mut ChaCha8Rng, round: &str) -> Posts {
        let mut shuffled = |prefix: &str, n: usize| {
            let mut v = candidates(prefix, n);
            for i in (1..n).rev() {
                v.swap(i, rng.random_range(0..=i));
            }
            v
        };
        let head = shuffled("h", 3);
        let member = shuffled("m", 4);
        let short = (round != "revote").then(|| shuffled("s", 3));
        Posts { head, member, short }
    }

    /// One voter's ballot: spoiled (2%), overvoted in the head (2%: invalid), or marked.
    fn ballot(&self, rng: &mut ChaCha8Rng, round: &str) -> Marks {
        if rng.random_range(0.0..1.0) < 0.02 {
            return None;
        }
        let (h, m) = (&self.head, &self.member);
        let one = |p: &String| vec![p.clone()];
        let two = |a: &String, b: &String| vec![a.clone(), b.clone()];
        let head = pick(
            rng.random_range(0.0..1.0),
            &[(0.72, one(&h[0])), (0.12, one(&h[1])), (0.08, one(&h[2])), (0.06, vec![])],
            two(&h[0], &h[1]),
        );
        let member = pick(
            rng.random_range(0.0..1.0),
            &[
                (0.60, two(&m[0], &m[1])),
                (0.10, two(&m[0], &m[2])),
                (0.10, two(&m[1], &m[3])),
                (0.08, two(&m[2], &m[3])),
            ],
            one(&m[0]),
        );
        let mut posts = vec![("head", head), ("member", member)];
        if let Some(s) = &self.short {
            // First round: 30%, 25%, 2% — short of more than half; the run-off list is the first
            // two, the boundary 25% over 2%. A run-off: 15%, 10%, 5% — short even of a third.
            let shares = if round == "first" { [0.30, 0.25, 0.02] } else { [0.15, 0.10, 0.05] };
            let table: Vec<(f64, Vec<String>)> = shares.iter().zip(s).map(|(&f, p)| (f, one(p))).collect();
            posts.push(("short", pick(rng.random_range(0.0..1.0), &table, vec![])));
        }
        Some(posts)
    }
}

/// A random election of `body` in `round`: 2 or 3 stations of 100 to 250 ballots (and up to 2
/// voters who took no ballot home), the roll a tenth larger than the voters.
pub(super) fn random(rng: &mut ChaCha8Rng, (body, rules, approve): (&str, &str, bool), round: &str) -> Sim {
    let posts = Posts::random(rng, round);
    let stations = rng.random_range(2..=3usize);
    let mut boxes = Vec::new();
    let mut voters = 0;
    for s in 1..=stations {
        let n = rng.random_range(100..=250usize);
        let lines: Vec<String> = (0..n).map(|_| render(&posts.ballot(rng, round), approve)).collect();
        let v = n as u64 + rng.random_range(0..=2u64);
        voters += v;
        boxes.push((format!("s{s}"), v, lines));
    }
    let mut manifest = format!(
        "format = 1\n[election]\nid = \"sim\"\nbody = \"{body}\"\nrules = \"{rules}\"\nround = \"{round}\"\nregistered = {}\n",
        voters + voters / 10 + 1
    );
    manifest.push_str(&contest("head", 1, approve, &posts.head));
    manifest.push_str(&contest("member", 2, approve, &posts.member));
    if let Some(s) = &posts.short {
        manifest.push_str(&contest("short", 1, approve, s));
    }
    for (s, _, _) in &boxes {
        manifest.push_str(&format!("[[station]]\nid = \"{s}\"\n"));
    }
    Sim { manifest, boxes, head: (posts.head[0].clone(), posts.head[1].clone()) }
}

/// The same election as entered with the head's winner and first loser swapped on every ballot.
fn altered(sim: &Sim) -> Vec<String> {
    let (w, l) = (&format!("\"{}\"", sim.head.0), &format!("\"{}\"", sim.head.1));
    let swap = |line: &str| line.replace(w.as_str(), "\u{0}").replace(l.as_str(), w).replace('\u{0}', l);
    sim.boxes.iter().map(|(s, v, lines)| box_file(s, *v, &lines.iter().map(|x| swap(x)).collect::<Vec<_>>())).collect()
}

/// Each assertion's assorter values over the first `n` ballots drawn, in draw order, the paper
/// read from the piles.
pub(super) fn assorted(plan: &Plan, judge: &Judge<'_>, sim: &Sim, n: u64) -> Vec<Vec<f64>> {
    let drawn: Vec<PaperBallot> =
        plan.draw(n).iter().map(|s| judge.judge(sim.paper(&s.ballot).as_bytes()).unwrap()).collect();
    plan.assertions.iter().map(|a| drawn.iter().map(|b| a.assort(b)).collect()).collect()
}

/// Each assertion's risk over the first `n` ballots drawn.
fn risks(plan: &Plan, judge: &Judge<'_>, sim: &Sim, n: u64) -> Vec<f64> {
    let xs = assorted(plan, judge, sim, n);
    plan.assertions.iter().zip(&xs).map(|(a, x)| plan.alpha(a).risk(x)).collect()
}

/// The size the next round proposes: the largest ALPHA asks for among the assertions not yet
/// confirmed (`None`: one never would be short of the whole population).
fn next_size(plan: &Plan, judge: &Judge<'_>, sim: &Sim, n: u64) -> Option<u64> {
    let xs = assorted(plan, judge, sim, n);
    let mut next = n;
    for (a, x) in plan.assertions.iter().zip(&xs) {
        let alpha = plan.alpha(a);
        if alpha.risk(x) > plan.risk_limit {
            next = next.max(alpha.extend_size(x, plan.risk_limit)?);
        }
    }
    Some(next)
}

fn plan(o: &Outcome) -> Plan {
    Plan::new(o, "00".repeat(32), SEED, RISK_LIMIT).unwrap()
}

/// Who the law elected, post by post.
fn elected(o: &Outcome) -> BTreeMap<String, Vec<String>> {
    o.contests.iter().map(|c| (c.id.clone(), c.elected.clone())).collect()
}

/// The rounds an honest election takes: from the planned sample, each next round of the size ALPHA
/// proposes for the assertions not yet confirmed, until every one is — which must come before the
/// sample reaches the population. (The planned size is the one at which the audit would confirm if
/// the sample showed the reported shares exactly; a random sample is rougher than that, so a
/// second or third round is common: the rounds are counted, the confirmation required.)
fn honest(sim: &Sim, e: &Election, what: &str) -> u32 {
    let o = outcome(e, &sim.texts(), None);
    let plan = plan(&o);
    assert!(o.is_valid() && plan.hand_count.is_empty(), "{what}: {:?} {:?}", o.void_reasons, plan.hand_count);
    assert!(!plan.assertions.is_empty(), "{what}");
    let judge = Judge::new(e);
    let mut n = plan.sample_size;
    assert!(0 < n && n < plan.population, "{what}: a sample of {n} of {}", plan.population);
    assert_eq!(plan.sample, plan.draw(n), "{what}: round 1 is the draw's start");
    for round in 1..=MAX_ROUNDS {
        if risks(&plan, &judge, sim, n).iter().all(|&r| r <= RISK_LIMIT) {
            return round;
        }
        n = next_size(&plan, &judge, sim, n).unwrap_or_else(|| panic!("{what}: no next round after {n} ballots"));
        assert!(n < plan.population, "{what}: an honest count sent to a full hand count (round {round})");
    }
    panic!("{what}: not confirmed in {MAX_ROUNDS} rounds ({n} of {} ballots)", plan.population)
}

/// An altered count is not confirmed in any round up to the whole population; the paper, counted
/// whole, gives the paper's decision.
fn altered_caught(sim: &Sim, e: &Election, what: &str) {
    let entered = outcome(e, &altered(sim), None);
    let paper = outcome(e, &sim.texts(), None);
    assert_eq!(
        elected(&entered)["head"],
        std::slice::from_ref(&sim.head.1),
        "{what}: the altered count elects the loser"
    );
    assert_eq!(elected(&paper)["head"], std::slice::from_ref(&sim.head.0), "{what}: the paper elects the winner");
    let plan = plan(&entered);
    let judge = Judge::new(e);
    let head: Vec<usize> = (0..plan.assertions.len()).filter(|&i| plan.assertions[i].post() == "head").collect();
    assert!(!head.is_empty(), "{what}");
    let post_confirmed = |n: u64| {
        let r = risks(&plan, &judge, sim, n);
        head.iter().all(|&i| r[i] <= RISK_LIMIT)
    };
    let mut n = plan.sample_size;
    for round in 1.. {
        assert!(
            !post_confirmed(n),
            "{what}: the altered head confirmed in round {round} at {n} of {} ballots",
            plan.population
        );
        match next_size(&plan, &judge, sim, n) {
            Some(k) if k < plan.population && round < 40 => n = k.max(n + 1),
            _ => break,
        }
    }
    // A full hand count: every ballot of the population read.
    assert!(!post_confirmed(plan.population), "{what}: confirmed on the whole paper");
    assert_ne!(elected(&paper), elected(&entered), "{what}: the hand count gives the paper's decision");
}

/// Every random election: `ELECTIONS` for each body and round, from one fixed seed.
fn elections() -> Vec<(String, Sim)> {
    let mut rng = ChaCha8Rng::seed_from_u64(20);
    let mut out = Vec::new();
    for body in BODIES {
        for round in ROUNDS {
            for k in 0..ELECTIONS {
                out.push((format!("{} {round} #{k}", body.0), random(&mut rng, body, round)));
            }
        }
    }
    out
}

/// Honest boxes — the paper is what was entered — are confirmed, each before a full hand count,
/// over 36 random elections: three for each body and round.
#[test]
fn honest_random_elections_of_every_body_and_round_are_confirmed() {
    let rounds: Vec<u32> = elections().iter().map(|(what, sim)| honest(sim, &election(&sim.manifest), what)).collect();
    assert_eq!(rounds.len(), BODIES.len() * ROUNDS.len() * ELECTIONS);
    assert!(rounds.contains(&1), "some audit confirms within its planned sample: {rounds:?}");
}

/// Altered boxes — the entered ballots elect the head's loser, the paper its winner — are caught:
/// the head is confirmed in no round, the audit reaches the whole population, and the hand count
/// gives the paper's decision; over the same 36 elections.
#[test]
fn altered_random_elections_of_every_body_and_round_are_caught() {
    for (what, sim) in elections() {
        altered_caught(&sim, &election(&sim.manifest), &what);
    }
}
