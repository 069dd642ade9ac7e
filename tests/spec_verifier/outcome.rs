//! The outcome (FORMAT.md, "The outcome"): from the manifest and the verified results' numbers to
//! who is elected, and `outcome.json` byte for byte.

use std::collections::BTreeSet;

use super::bytes::{Body, ContestCount};
use super::json::{J, pretty};
use super::manifest::{Manifest, Post, Threshold};
use super::register::Register;

pub const REASONS: [&str; 6] = ["spoiled", "overvote", "duplicate", "for-and-against", "write-in-excess", "cross-post"];

pub struct Line {
    pub id: Option<String>,
    pub name: String,
    pub write_in: bool,
    pub votes: u64,
    /// Approve style, listed lines: (against, abstain).
    pub approve: Option<(u64, u64)>,
    pub elected: bool,
    pub holds: Option<String>,
    /// The register id the manifest gives this person.
    pub person: Option<String>,
}

impl Line {
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

pub struct PostOutcome {
    pub rule: Threshold,
    pub of: u64,
    pub bar: u64,
    pub blank: u64,
    pub voided: u64,
    pub tally: Vec<Line>,
    pub elected: Vec<String>,
    pub outcome: &'static str,
    /// (seats, candidates) of the run-off or the re-vote.
    pub next: Option<(u64, Vec<String>)>,
    /// A run-off proposed as well, when a kinship tie made the post a re-vote.
    pub runoff_too: Option<(u64, Vec<String>)>,
    /// (id, because, relation) of those who stood down.
    pub avoided: Vec<(String, String, &'static str)>,
    /// (ids, relation) of close relatives tied.
    pub kinship: Vec<(Vec<String>, &'static str)>,
    pub unmatched: Vec<String>,
}

pub struct StationLine {
    pub voters: u64,
    pub ballots: u64,
    pub valid: u64,
    pub invalid: [u64; 6],
    pub flags: Vec<&'static str>,
}

pub struct Outcome {
    pub void_reasons: Vec<&'static str>,
    pub voters: u64,
    pub ballots: u64,
    pub valid: u64,
    pub invalid: [u64; 6],
    pub quorum_least: u64,
    pub quorum_met: bool,
    pub stations: Vec<StationLine>,
    pub posts: Vec<PostOutcome>,
    pub notes: Vec<&'static str>,
}

/// `bodies[i]` is the verified result of the manifest's station i.
pub fn outcome(m: &Manifest, bodies: &[&Body], register: Option<&Register>) -> Outcome {
    let stations = station_lines(m, bodies);
    let voters: u64 = stations.iter().map(|s| s.voters).sum();
    let ballots: u64 = stations.iter().map(|s| s.ballots).sum();
    let valid: u64 = stations.iter().map(|s| s.valid).sum();
    let invalid: [u64; 6] = std::array::from_fn(|r| stations.iter().map(|s| s.invalid[r]).sum());
    let q = m.rules.quorum;
    let quorum_met = q.holds(voters, m.registered);
    let mut void_reasons = Vec::new();
    if !quorum_met {
        void_reasons.push("quorum-not-met");
    }
    if ballots > voters {
        void_reasons.push("ballots-exceed-voters");
    }
    if voters > m.registered {
        void_reasons.push("voters-exceed-registered");
    }
    let valid_vote = void_reasons.is_empty();
    let rule = match m.round.as_str() {
        "first" => m.rules.win,
        "runoff" => m.rules.runoff_win,
        _ => m.rules.revote_win,
    };
    let of = match rule.base {
        "registered" => m.registered,
        "voters" => voters,
        _ => ballots,
    };
    let bar = rule.least(of).max(1);
    let mut posts = Vec::new();
    for (p, post) in m.posts.iter().enumerate() {
        let counts: Vec<&ContestCount> = bodies.iter().map(|b| &b.contests[p]).collect();
        let blank = counts.iter().map(|c| c.blank).sum();
        let voided: u64 = counts.iter().map(|c| c.voided).sum();
        posts.push(PostOutcome {
            rule,
            of,
            bar,
            blank,
            voided,
            tally: tally(m, post, &counts, valid, voided),
            elected: Vec::new(),
            outcome: "void",
            next: None,
            runoff_too: None,
            avoided: Vec::new(),
            kinship: Vec::new(),
            unmatched: Vec::new(),
        });
    }
    if valid_vote {
        avoid(m, &mut posts, register.filter(|_| m.body != "supervision-committee"));
    }
    let notes = notes(m, valid_vote, &posts);
    Outcome {
        void_reasons,
        voters,
        ballots,
        valid,
        invalid,
        quorum_least: q.least(m.registered),
        quorum_met,
        stations,
        posts,
        notes,
    }
}

/// Each station's line: its numbers, flagged when its ballots exceed its voters or its voters
/// its register.
fn station_lines(m: &Manifest, bodies: &[&Body]) -> Vec<StationLine> {
    bodies
        .iter()
        .zip(&m.stations)
        .map(|(b, s)| {
            let mut flags = Vec::new();
            if b.ballots > b.voters {
                flags.push("ballots-exceed-voters");
            }
            if s.registered.is_some_and(|r| b.voters > r) {
                flags.push("voters-exceed-registered");
            }
            StationLine { voters: b.voters, ballots: b.ballots, valid: b.valid, invalid: b.invalid, flags }
        })
        .collect()
}

/// A post's tally from every station's count of it: its candidates in list order, then the names
/// written in (summed across stations, in order of first appearance), sorted by votes; ties keep
/// the list first, then names in order.
fn tally(m: &Manifest, post: &Post, counts: &[&ContestCount], valid: u64, voided: u64) -> Vec<Line> {
    let mut lines: Vec<(usize, Line)> = Vec::new();
    for (i, c) in post.candidates.iter().enumerate() {
        let votes: u64 = counts.iter().map(|x| x.votes[i]).sum();
        let approve = post.approve.then(|| {
            let against: u64 = counts.iter().map(|x| x.against[i]).sum();
            (against, (valid - voided).saturating_sub(votes + against))
        });
        let line = Line {
            id: Some(c.id.clone()),
            name: c.name.clone(),
            write_in: false,
            votes,
            approve,
            elected: false,
            holds: None,
            person: c.person_id.clone(),
        };
        lines.push((i, line));
    }
    let mut names: Vec<(String, u64)> = Vec::new();
    for c in counts {
        for (n, v) in &c.write_ins {
            match names.iter_mut().find(|(x, _)| x == n) {
                Some(e) => e.1 += v,
                None => names.push((n.clone(), *v)),
            }
        }
    }
    for (n, votes) in names {
        let id = m.person_named(&n).map(|p| m.persons[p].0.clone());
        let person = id.as_ref().and_then(|id| m.person_id(id));
        let line = Line { id, name: n, write_in: true, votes, approve: None, elected: false, holds: None, person };
        lines.push((usize::MAX, line));
    }
    lines.sort_by(|(ia, a), (ib, b)| b.votes.cmp(&a.votes).then(ia.cmp(ib)).then_with(|| a.name.cmp(&b.name)));
    lines.into_iter().map(|(_, l)| l).collect()
}

/// FORMAT.md, "Kinship avoidance": decide, part the first pair of close relatives among the
/// winners, decide again, until none is left.
fn avoid(m: &Manifest, posts: &mut [PostOutcome], r: Option<&Register>) {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let mut ties: Vec<(usize, Vec<String>, &'static str)> = Vec::new();
    let mut avoided: Vec<(usize, (String, String, &'static str))> = Vec::new();
    let who = |r: &Register, l: &Line| match l.id.as_ref().and_then(|id| m.person_id(id)) {
        Some(pid) => r.index(&pid),
        None => r.named(&l.name),
    };
    loop {
        decide_all(m, posts, &out, &ties);
        let Some(r) = r else { return };
        // (post, key, votes, person) of every winner, in order.
        let winners: Vec<(usize, String, u64, Option<usize>)> = posts
            .iter()
            .enumerate()
            .flat_map(|(p, po)| po.tally.iter().filter(|l| l.elected).map(move |l| (p, l, po)))
            .map(|(p, l, _)| (p, l.key().to_string(), l.votes, who(r, l)))
            .collect();
        let mut found = None;
        'find: for (j, w) in winners.iter().enumerate() {
            for (i, s) in winners[..j].iter().enumerate() {
                if let (Some(pj), Some(pi)) = (w.3, s.3)
                    && let Some(rel) = r.close(pj, pi)
                {
                    found = Some((i, j, rel));
                    break 'find;
                }
            }
        }
        let Some((i, j, rel)) = found else {
            for (p, a) in avoided {
                posts[p].avoided.push(a);
            }
            for w in winners.iter().filter(|w| w.3.is_none()) {
                posts[w.0].unmatched.push(w.1.clone());
            }
            for l in posts.iter_mut().flat_map(|po| po.tally.iter_mut()).filter(|l| l.person.is_none()) {
                l.person = who(r, l).map(|x| r.people[x].0.clone());
            }
            return;
        };
        let (s, w) = (&winners[i], &winners[j]);
        if s.0 == w.0 && s.2 == w.2 {
            let related = |x: &(usize, String, u64, Option<usize>), y: &(usize, String, u64, Option<usize>)| matches!((x.3, y.3), (Some(a), Some(b)) if r.close(a, b).is_some());
            let ids = winners
                .iter()
                .filter(|x| x.0 == s.0 && x.2 == s.2)
                .filter(|x| x.1 == s.1 || x.1 == w.1 || related(x, s) || related(x, w))
                .map(|x| x.1.clone())
                .collect();
            ties.push((s.0, ids, rel));
        } else {
            out.insert(w.1.clone());
            avoided.push((w.0, (w.1.clone(), s.1.clone(), rel)));
        }
    }
}

/// Every post decided, highest first, passing over those who hold an earlier post, who stood down,
/// or who are in a kinship tie of this post or an earlier one (a seat of the post each tie).
fn decide_all(
    m: &Manifest,
    posts: &mut [PostOutcome],
    out: &BTreeSet<String>,
    ties: &[(usize, Vec<String>, &'static str)],
) {
    let mut taken: Vec<(String, String)> = Vec::new();
    let mut pending: BTreeSet<String> = BTreeSet::new();
    for (p, (post, po)) in m.posts.iter().zip(posts.iter_mut()).enumerate() {
        let mine: Vec<&(usize, Vec<String>, &'static str)> = ties.iter().filter(|t| t.0 == p).collect();
        pending.extend(mine.iter().flat_map(|t| t.1.iter().cloned()));
        for l in &mut po.tally {
            l.holds = taken.iter().find(|(k, _)| k == l.key()).map(|(_, post)| post.clone());
            l.elected = false;
        }
        let reserved = mine.len() as u64;
        po.next = None;
        po.runoff_too = None;
        po.kinship.clear();
        let skip = |l: &Line| out.contains(l.key()) || pending.contains(l.key());
        decide(po, post.seats.saturating_sub(reserved), m.round == "first", &skip);
        if reserved > 0 {
            let (mut seats, mut cands) = match po.outcome {
                "revote" => po.next.take().unwrap(),
                "runoff" => {
                    po.runoff_too = po.next.take();
                    (0, Vec::new())
                }
                _ => (0, Vec::new()),
            };
            seats += reserved;
            for t in &mine {
                for k in &t.1 {
                    if !cands.contains(k) {
                        cands.push(k.clone());
                    }
                }
                po.kinship.push((t.1.clone(), t.2));
            }
            po.next = Some((seats, cands));
            po.outcome = "revote";
        }
        for l in po.tally.iter().filter(|l| l.elected) {
            taken.push((l.key().to_string(), post.id.clone()));
        }
    }
}

/// FORMAT.md, "Deciding".
fn decide(po: &mut PostOutcome, seats: u64, first_round: bool, skip: &dyn Fn(&Line) -> bool) {
    let seats = seats as usize;
    if seats == 0 {
        po.elected = Vec::new();
        po.outcome = "filled";
        return;
    }
    let open: Vec<usize> =
        (0..po.tally.len()).filter(|&i| po.tally[i].holds.is_none() && !skip(&po.tally[i])).collect();
    let passing: Vec<usize> = open.iter().copied().filter(|&i| po.tally[i].votes >= po.bar).collect();
    let key = |t: &[Line], ix: &[usize]| ix.iter().map(|&i| t[i].key().to_string()).collect::<Vec<_>>();
    let elected: Vec<usize>;
    if passing.len() > seats {
        let cut = po.tally[passing[seats - 1]].votes;
        let above: Vec<usize> = passing.iter().copied().filter(|&i| po.tally[i].votes > cut).collect();
        let tied: Vec<usize> = passing.iter().copied().filter(|&i| po.tally[i].votes == cut).collect();
        if above.len() + tied.len() == seats {
            elected = passing[..seats].to_vec();
            po.outcome = "filled";
        } else {
            po.next = Some(((seats - above.len()) as u64, key(&po.tally, &tied)));
            elected = above;
            po.outcome = "revote";
        }
    } else {
        let left = seats - passing.len();
        elected = passing;
        if left == 0 {
            po.outcome = "filled";
        } else if !first_round {
            po.outcome = "unfilled";
        } else {
            let rest: Vec<usize> =
                open.iter().copied().filter(|&i| po.tally[i].votes < po.bar && po.tally[i].votes >= 1).collect();
            let mut n = (left + 1).min(rest.len());
            while n > 0 && n < rest.len() && po.tally[rest[n]].votes == po.tally[rest[n - 1]].votes {
                n += 1;
            }
            po.next = Some((left as u64, key(&po.tally, &rest[..n])));
            po.outcome = "runoff";
        }
    }
    po.elected = key(&po.tally, &elected);
    for i in elected {
        po.tally[i].elected = true;
    }
}

fn notes(m: &Manifest, valid_vote: bool, posts: &[PostOutcome]) -> Vec<&'static str> {
    let pending = posts.iter().any(|p| p.outcome == "revote" || p.outcome == "runoff");
    let vacant = posts.iter().any(|p| p.outcome == "unfilled");
    if !valid_vote || pending || !vacant || m.rules.min_members == 0 {
        return Vec::new();
    }
    let people: BTreeSet<&String> = posts.iter().flat_map(|p| &p.elected).collect();
    if (people.len() as u64) + m.members_elected_before < m.rules.min_members {
        vec!["fewer-than-min-members"]
    } else {
        vec!["vacant-seats-allowed"]
    }
}

fn reasons(invalid: &[u64; 6]) -> J {
    J::Obj(REASONS.iter().zip(invalid).filter(|(_, n)| **n > 0).map(|(r, n)| (*r, J::Num(*n))).collect())
}

fn bar(rule: &Threshold, of: u64, least: u64) -> Vec<(&'static str, J)> {
    let mut v = rule.members();
    v.push(("of", J::Num(of)));
    v.push(("least", J::Num(least)));
    v
}

/// `outcome.json`'s bytes.
pub fn json(m: &Manifest, o: &Outcome) -> String {
    let stations = m
        .stations
        .iter()
        .zip(&o.stations)
        .map(|(s, x)| {
            J::Obj(vec![
                ("id", J::s(&s.id)),
                ("name", J::s(&s.name)),
                ("kind", J::s(&s.kind)),
                ("voters", J::Num(x.voters)),
                ("ballots", J::Num(x.ballots)),
                ("valid_ballots", J::Num(x.valid)),
                ("invalid_ballots", J::Num(x.invalid.iter().sum())),
                ("invalid_reasons", reasons(&x.invalid)),
                ("flags", J::strs(&x.flags)),
            ])
        })
        .collect();
    let posts = m.posts.iter().zip(&o.posts).map(|(p, x)| post_json(p, x)).collect();
    let mut quorum = bar(&m.rules.quorum, m.registered, o.quorum_least);
    quorum.push(("met", J::Bool(o.quorum_met)));
    let j = J::Obj(vec![
        ("election", J::s(&m.id)),
        ("round", J::s(&m.round)),
        ("status", J::s(if o.void_reasons.is_empty() { "valid" } else { "void" })),
        ("void_reasons", J::strs(&o.void_reasons)),
        ("registered", J::Num(m.registered)),
        ("voters", J::Num(o.voters)),
        ("ballots", J::Num(o.ballots)),
        ("valid_ballots", J::Num(o.valid)),
        ("invalid_ballots", J::Num(o.invalid.iter().sum())),
        ("invalid_reasons", reasons(&o.invalid)),
        ("quorum", J::Obj(quorum)),
        ("stations", J::Arr(stations)),
        ("contests", J::Arr(posts)),
        ("notes", J::strs(&o.notes)),
        ("rules", J::s(&m.rules.profile)),
        ("title", J::s(&m.title)),
        ("village", J::s(&m.village)),
        ("township", J::s(&m.township)),
        ("body", J::s(&m.body)),
        ("date", J::s(&m.date)),
    ]);
    pretty(&j) + "\n"
}

/// One line of a post's tally in `outcome.json`.
fn line_json(p: &Post, l: &Line) -> J {
    let mut v = Vec::new();
    if let Some(id) = &l.id {
        v.push(("id", J::s(id)));
    }
    v.push(("name", J::s(&l.name)));
    if l.write_in {
        v.push(("write_in", J::Bool(true)));
    }
    v.push(("votes", J::Num(l.votes)));
    if p.approve {
        v.push(("for", J::Num(l.votes)));
    }
    if let Some((against, abstain)) = l.approve {
        v.push(("against", J::Num(against)));
        v.push(("abstain", J::Num(abstain)));
    }
    v.push(("elected", J::Bool(l.elected)));
    if let Some(h) = &l.holds {
        v.push(("holds", J::s(h)));
    }
    if let Some(p) = &l.person {
        v.push(("person", J::s(p)));
    }
    J::Obj(v)
}

fn post_json(p: &Post, x: &PostOutcome) -> J {
    let lines = x.tally.iter().map(|l| line_json(p, l)).collect();
    let proposal = |which: &str| match &x.next {
        Some((seats, c)) if x.outcome == which => J::Obj(vec![("seats", J::Num(*seats)), ("candidates", J::strs(c))]),
        _ => J::Null,
    };
    let mut v = vec![
        ("id", J::s(&p.id)),
        ("office", J::s(&p.office)),
        ("style", J::s(if p.approve { "approve" } else { "choose" })),
        ("seats", J::Num(p.seats)),
        ("women_only", J::Bool(p.women_only)),
        ("bar", J::Num(x.bar)),
        ("bar_rule", J::Obj(bar(&x.rule, x.of, x.bar))),
        ("blank", J::Num(x.blank)),
        ("voided", J::Num(x.voided)),
        ("tally", J::Arr(lines)),
        ("elected", J::strs(&x.elected)),
        ("outcome", J::s(x.outcome)),
        (
            "runoff",
            match &x.runoff_too {
                Some((seats, c)) => J::Obj(vec![("seats", J::Num(*seats)), ("candidates", J::strs(c))]),
                None => proposal("runoff"),
            },
        ),
        ("revote", proposal("revote")),
        (
            "avoided",
            J::Arr(
                x.avoided
                    .iter()
                    .map(|(id, because, rel)| {
                        J::Obj(vec![
                            ("id", J::s(id)),
                            ("because", J::s(because)),
                            ("relation", J::s(rel)),
                            ("article", J::s("ZJE31")),
                        ])
                    })
                    .collect(),
            ),
        ),
    ];
    if !x.kinship.is_empty() {
        let ties = x
            .kinship
            .iter()
            .map(|(ids, rel)| J::Obj(vec![("ids", J::strs(ids)), ("relation", J::s(rel)), ("article", J::s("ZJE31"))]))
            .collect();
        v.push(("kinship", J::Arr(ties)));
    }
    if !x.unmatched.is_empty() {
        v.push(("unmatched", J::strs(&x.unmatched)));
    }
    J::Obj(v)
}
