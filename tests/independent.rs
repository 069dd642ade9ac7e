//! Random elections counted twice: by `zheng count --json` and by the plain counter below, written
//! separately from the engine straight from rules.md — JSON values and hash maps, one ballot at a
//! time, no compact form, no parallelism. Every number and every decision must agree.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
struct Contest {
    id: String,
    seats: usize,
    approve: bool,
    write_in: bool,
    /// (id, name)
    candidates: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Election {
    body: &'static str,
    round: &'static str,
    registered: u64,
    contests: Vec<Contest>,
    /// (station id, voters, ballot lines)
    boxes: Vec<(String, u64, Vec<String>)>,
}

const BODIES: [(&str, &str); 6] = [
    ("villagers-committee", "zj-vc-2020"),
    ("party-committee", "cpc-2020"),
    ("party-officers", "cpc-2020"),
    ("supervision-committee", "zj-supervision-2020"),
    ("coop-management", "zj-coop-rep-2020"),
    ("coop-supervision", "zj-coop-rep-2020"),
];
const WRITE_INS: [&str; 3] = ["王五", "马六", "N1"];

fn random_election(rng: &mut ChaCha8Rng) -> Election {
    let body = BODIES[rng.random_range(0..BODIES.len())].0;
    let round = ["first", "runoff", "revote"][rng.random_range(0..3)];
    let mut next = 0;
    let contests: Vec<Contest> = (0..rng.random_range(1..=3))
        .map(|ci| {
            let approve = rng.random_range(0..10) < 3;
            let n = rng.random_range(1..=5);
            let candidates = (0..n)
                .map(|_| {
                    next += 1;
                    (format!("k{next}"), format!("N{next}"))
                })
                .collect();
            Contest {
                id: format!("post{ci}"),
                seats: rng.random_range(1..=3),
                approve,
                write_in: rng.random_range(0..10) < 8,
                candidates,
            }
        })
        .collect();
    let mut voters_total = 0;
    let boxes = (0..rng.random_range(1..=3))
        .map(|si| {
            let n = rng.random_range(0..25);
            let lines: Vec<String> = (0..n).map(|_| random_ballot(rng, &contests)).collect();
            let voters = match rng.random_range(0..10) {
                0 => (n as u64).saturating_sub(1),
                _ => n as u64 + rng.random_range(0..3),
            };
            voters_total += voters;
            (format!("st{si}"), voters, lines)
        })
        .collect();
    let registered = (voters_total + rng.random_range(0..=voters_total / 2 + 1)).max(1);
    Election { body, round, registered, contests, boxes }
}

fn random_ballot(rng: &mut ChaCha8Rng, contests: &[Contest]) -> String {
    if rng.random_range(0..20) == 0 {
        return r#"{"spoiled":true}"#.into();
    }
    // Popular candidates: index drawn as the smaller of two, so ties and clear winners both occur.
    let pick = |rng: &mut ChaCha8Rng, c: &Contest| {
        let n = c.candidates.len();
        rng.random_range(0..n).min(rng.random_range(0..n))
    };
    let mut m = serde_json::Map::new();
    for c in contests {
        if rng.random_range(0..6) == 0 {
            continue;
        }
        let written = |rng: &mut ChaCha8Rng| {
            let all: Vec<String> = WRITE_INS
                .iter()
                .map(|s| s.to_string())
                .chain(contests.iter().flat_map(|c| c.candidates.iter().map(|k| k.1.clone())))
                .collect();
            let n = &all[rng.random_range(0..all.len()).min(rng.random_range(0..all.len()))];
            if rng.random_range(0..4) == 0 { format!(" {n} ") } else { n.clone() }
        };
        if c.approve {
            let mut f = Vec::new();
            let mut a = Vec::new();
            for _ in 0..rng.random_range(0..=c.seats + 1) {
                f.push(c.candidates[pick(rng, c)].0.clone());
            }
            for _ in 0..rng.random_range(0..=2) {
                a.push(c.candidates[rng.random_range(0..c.candidates.len())].0.clone());
            }
            let mut o = json!({"for": f, "against": a});
            if c.write_in && rng.random_range(0..4) == 0 {
                let w: Vec<String> = (0..rng.random_range(1..=2)).map(|_| written(rng)).collect();
                o["write_in"] = json!(w);
            }
            m.insert(c.id.clone(), o);
        } else {
            let k = match rng.random_range(0..10) {
                0 => c.seats + 1,
                1 => 0,
                _ => rng.random_range(1..=c.seats),
            };
            let items: Vec<String> = (0..k)
                .map(|_| {
                    if c.write_in && rng.random_range(0..5) == 0 {
                        format!("w:{}", written(rng))
                    } else {
                        c.candidates[pick(rng, c)].0.clone()
                    }
                })
                .collect();
            m.insert(c.id.clone(), json!(items));
        }
    }
    Value::Object(m).to_string()
}

fn manifest(e: &Election) -> String {
    let profile = BODIES.iter().find(|b| b.0 == e.body).unwrap().1;
    let mut t = format!(
        "format = 1\n[election]\nid = \"rand\"\nbody = \"{}\"\nrules = \"{profile}\"\nround = \"{}\"\nregistered = {}\n",
        e.body, e.round, e.registered
    );
    for c in &e.contests {
        let ks: Vec<String> = c.candidates.iter().map(|(i, n)| format!("{{ id = \"{i}\", name = \"{n}\" }}")).collect();
        t += &format!(
            "[[contest]]\nid = \"{}\"\nseats = {}\nstyle = \"{}\"\nwrite_in = {}\ncandidates = [{}]\n",
            c.id,
            c.seats,
            if c.approve { "approve" } else { "choose" },
            c.write_in,
            ks.join(", ")
        );
    }
    for (s, _, _) in &e.boxes {
        t += &format!("[[station]]\nid = \"{s}\"\n");
    }
    t
}

// ---- the plain counter ----

/// A person: a listed candidate's id, or a written-in name.
fn person(e: &Election, name: &str) -> String {
    for c in &e.contests {
        for (id, n) in &c.candidates {
            if n == name {
                return id.clone();
            }
        }
    }
    format!("name:{name}")
}

#[derive(Default, Debug)]
struct Post {
    votes: BTreeMap<String, u64>, // person → votes (approve: for)
    against: BTreeMap<String, u64>,
    blank: u64,
}

struct Plain {
    voters: u64,
    ballots: u64,
    valid: u64,
    posts: Vec<Post>,
    station_over: Vec<bool>,
}

/// Counts one ballot; returns its marks per post, or None if invalid [ZJE27; CPC].
#[allow(clippy::type_complexity)]
fn judge(e: &Election, b: &Value) -> Option<Vec<(Vec<String>, Vec<String>)>> {
    if b.get("spoiled") == Some(&json!(true)) {
        return None;
    }
    let mut out = Vec::new();
    let mut named: Vec<(String, usize)> = Vec::new();
    for (ci, c) in e.contests.iter().enumerate() {
        let (mut yes, mut no) = (Vec::new(), Vec::new());
        match b.get(&c.id) {
            None => {}
            Some(Value::Array(items)) => {
                for it in items {
                    let s = it.as_str().unwrap();
                    yes.push(match s.strip_prefix("w:") {
                        Some(n) => person(e, n.trim()),
                        None => s.to_string(),
                    });
                }
                if yes.len() > c.seats {
                    return None;
                }
            }
            Some(o) => {
                let list = |k: &str| -> Vec<String> {
                    o.get(k)
                        .map(|v| v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect())
                        .unwrap_or_default()
                };
                yes = list("for");
                no = list("against");
                let written = list("write_in");
                if written.len() > no.len() {
                    return None;
                }
                yes.extend(written.iter().map(|n| person(e, n.trim())));
                if yes.len() > c.seats || yes.iter().any(|p| no.contains(p)) {
                    return None;
                }
                let nos: BTreeSet<&String> = no.iter().collect();
                if nos.len() != no.len() {
                    return None;
                }
            }
        }
        let set: BTreeSet<&String> = yes.iter().collect();
        if set.len() != yes.len() {
            return None;
        }
        for p in &yes {
            if named.iter().any(|(q, qc)| q == p && *qc != ci) {
                return None;
            }
            named.push((p.clone(), ci));
        }
        out.push((yes, no));
    }
    Some(out)
}

fn plain_count(e: &Election) -> Plain {
    let mut p = Plain {
        voters: 0,
        ballots: 0,
        valid: 0,
        posts: e.contests.iter().map(|_| Post::default()).collect(),
        station_over: vec![],
    };
    for (_, voters, lines) in &e.boxes {
        p.voters += voters;
        p.ballots += lines.len() as u64;
        p.station_over.push(lines.len() as u64 > *voters);
        for l in lines {
            let b: Value = serde_json::from_str(l).unwrap();
            let Some(marks) = judge(e, &b) else { continue };
            p.valid += 1;
            for (post, (yes, no)) in p.posts.iter_mut().zip(marks) {
                if yes.is_empty() && no.is_empty() {
                    post.blank += 1;
                }
                for x in yes {
                    *post.votes.entry(x).or_default() += 1;
                }
                for x in no {
                    *post.against.entry(x).or_default() += 1;
                }
            }
        }
    }
    p
}

fn check(seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let e = random_election(&mut rng);
    let case = Case::new(&manifest(&e));
    let paths: Vec<_> = e
        .boxes
        .iter()
        .map(|(s, v, lines)| {
            let l: Vec<&str> = lines.iter().map(String::as_str).collect();
            case.box_file(&format!("{s}.jsonl"), s, *v, &l)
        })
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let (code, v) = case.count(&refs);
    let p = plain_count(&e);
    let ctx = format!("seed {seed}\n{}\n{:#?}", manifest(&e), e.boxes);

    // The vote [ZJE27, OL15; CPC; ZJI23; ZJC30].
    let (q_num, q_den, q_strict) = match e.body {
        "villagers-committee" => (1, 2, true),
        "party-committee" | "party-officers" => (4, 5, false),
        _ => (2, 3, false),
    };
    let quorum =
        if q_strict { p.voters * q_den > q_num * e.registered } else { p.voters * q_den >= q_num * e.registered };
    let mut reasons = vec![];
    if !quorum {
        reasons.push("quorum-not-met");
    }
    if p.ballots > p.voters {
        reasons.push("ballots-exceed-voters");
    }
    assert_eq!(v["void_reasons"], json!(reasons), "{ctx}");
    assert_eq!(code, if reasons.is_empty() { 0 } else { 1 }, "{ctx}");
    assert_eq!(
        (v["voters"].as_u64(), v["ballots"].as_u64(), v["valid_ballots"].as_u64()),
        (Some(p.voters), Some(p.ballots), Some(p.valid)),
        "{ctx}"
    );
    for (s, over) in v["stations"].as_array().unwrap().iter().zip(&p.station_over) {
        assert_eq!(s["flags"].as_array().unwrap().iter().any(|f| f == "ballots-exceed-voters"), *over, "{ctx}");
    }

    // The bar, by body and round.
    let bar = match (e.body, e.round) {
        (_, "revote") => 1,
        ("villagers-committee", "runoff") => p.ballots.div_ceil(3).max(1),
        ("coop-management" | "coop-supervision", _) => e.registered / 2 + 1,
        _ => p.voters / 2 + 1,
    };
    let mut taken: Vec<String> = Vec::new();
    for (ci, (c, post)) in e.contests.iter().zip(&p.posts).enumerate() {
        let vc = &v["contests"][ci];
        assert_eq!(vc["bar"].as_u64(), Some(bar), "{ctx}");
        assert_eq!(vc["blank"].as_u64(), Some(post.blank), "post {ci}: {ctx}");
        // Every listed candidate, and every written-in person with a vote.
        let mut mine: BTreeMap<String, u64> = c.candidates.iter().map(|k| (k.0.clone(), 0)).collect();
        for (k, n) in &post.votes {
            *mine.entry(k.clone()).or_default() += n;
        }
        let theirs: BTreeMap<String, u64> = vc["tally"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let key = x
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("name:{}", x["name"].as_str().unwrap()), str::to_string);
                (key, x["votes"].as_u64().unwrap())
            })
            .collect();
        assert_eq!(theirs, mine, "post {ci}: {ctx}");
        if c.approve {
            for x in vc["tally"].as_array().unwrap().iter().filter(|x| x.get("write_in").is_none()) {
                let id = x["id"].as_str().unwrap();
                assert_eq!(x["against"].as_u64(), Some(post.against.get(id).copied().unwrap_or(0)), "{ctx}");
            }
        }
        if !reasons.is_empty() {
            assert_eq!(vc["outcome"], "void");
            continue;
        }
        // Decide by the law [ZJE28, ZJE29]: the highest over the bar; ties on the last seat re-voted.
        let mut people: Vec<(u64, String)> =
            mine.iter().filter(|(k, _)| !taken.contains(k)).map(|(k, n)| (*n, k.clone())).collect();
        people.sort_by_key(|x| std::cmp::Reverse(x.0));
        let passing: Vec<&(u64, String)> = people.iter().filter(|x| x.0 >= bar).collect();
        let key_of = |k: &String| k.strip_prefix("name:").unwrap_or(k).to_string();
        let set = |x: &Value| -> BTreeSet<String> {
            x.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
        };
        let elected: BTreeSet<String>;
        if passing.len() > c.seats {
            let cut = passing[c.seats - 1].0;
            let above: BTreeSet<String> = passing.iter().filter(|x| x.0 > cut).map(|x| key_of(&x.1)).collect();
            let tied: BTreeSet<String> = passing.iter().filter(|x| x.0 == cut).map(|x| key_of(&x.1)).collect();
            if above.len() + tied.len() == c.seats {
                elected = above.union(&tied).cloned().collect();
                assert_eq!(vc["outcome"], "filled", "{ctx}");
            } else {
                elected = above.clone();
                assert_eq!(vc["outcome"], "revote", "{ctx}");
                assert_eq!(vc["revote"]["seats"].as_u64(), Some((c.seats - above.len()) as u64), "{ctx}");
                assert_eq!(set(&vc["revote"]["candidates"]), tied, "{ctx}");
            }
        } else {
            elected = passing.iter().map(|x| key_of(&x.1)).collect();
            let left = c.seats - passing.len();
            let want = match (left, e.round) {
                (0, _) => "filled",
                (_, "first") => "runoff",
                _ => "unfilled",
            };
            assert_eq!(vc["outcome"], want, "{ctx}");
            if want == "runoff" {
                let rest: Vec<&(u64, String)> = people.iter().filter(|x| x.0 < bar && x.0 >= 1).collect();
                let mut n = (left + 1).min(rest.len());
                while n > 0 && n < rest.len() && rest[n].0 == rest[n - 1].0 {
                    n += 1;
                }
                let list: BTreeSet<String> = rest[..n].iter().map(|x| key_of(&x.1)).collect();
                assert_eq!(set(&vc["runoff"]["candidates"]), list, "{ctx}");
                assert_eq!(vc["runoff"]["seats"].as_u64(), Some(left as u64), "{ctx}");
            }
        }
        assert_eq!(set(&vc["elected"]), elected, "post {ci}: {ctx}");
        for k in &elected {
            taken.push(
                if c.candidates.iter().any(|x| &x.0 == k)
                    || e.contests.iter().any(|cc| cc.candidates.iter().any(|x| &x.0 == k))
                {
                    k.clone()
                } else {
                    format!("name:{k}")
                },
            );
        }
    }
}

#[test]
fn random_elections_agree_with_a_plain_counter() {
    for seed in 0..150 {
        check(seed);
    }
}
