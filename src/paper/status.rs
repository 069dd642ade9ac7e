//! Where an audit stands (`zheng audit status`, contract §6): each assertion's risk over the
//! sample read so far, the verdict — confirmed, another round, or a full hand count — and, once
//! boxes are counted by hand, how their totals differ from the signed ones and, when every box is
//! hand-counted, the outcome the paper gives.
//!
//! The risk of each assertion is ALPHA's over the longest run of the sample, in ticket order, whose
//! ballots are all read (a ballot read out of turn waits for those drawn before it): the test is
//! sequential in the draw order, never in the order the team entered ballots.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::folder::AuditFolder;
use super::judge::{Judge, PaperBallot};
use crate::Error;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::outcome::{Outcome, StationCount};

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every assertion is confirmed at the risk limit.
    Confirmed,
    /// Not yet: read the rest of the round, or draw the next.
    NextRound,
    /// Sampling cannot confirm: count every box by hand.
    FullHandCount,
}

/// Why a full hand count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhyHandCount {
    /// A post's tie (or equal votes) cannot be confirmed by sampling.
    Tie,
    /// The audit team chose it.
    Escalated,
    /// The sample would have to reach the whole population.
    PopulationReached,
}

/// One assertion's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssertionStatus {
    /// Its id.
    pub id: String,
    /// Ballots of the sample used (the prefix read).
    pub ballots: u64,
    /// The risk: ALPHA's p-value.
    pub risk: f64,
    /// Whether the risk is at most the limit.
    pub confirmed: bool,
}

/// A difference between paper and the signed counts, found in a box counted by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// The station.
    pub station: String,
    /// The post (empty for the box's ballots, valid and invalid).
    pub post: String,
    /// The person (id or written-in name), or `ballots`, `valid`, `invalid`, `blank`.
    pub what: String,
    /// On paper.
    pub paper: u64,
    /// In the signed result.
    pub signed: u64,
}

/// The audit's state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The verdict.
    pub verdict: Verdict,
    /// Why a full hand count (with that verdict).
    pub why: Option<WhyHandCount>,
    /// The current round.
    pub round: u32,
    /// Its sample size.
    pub sample_size: u64,
    /// Ballots of the sample read, in ticket order without a gap.
    pub ballots_read: u64,
    /// Paper ballots recorded (some may wait for ones drawn before them).
    pub recorded: u64,
    /// The risk limit.
    pub risk_limit: f64,
    /// Each assertion.
    pub assertions: Vec<AssertionStatus>,
    /// The next round's size, when the round is read and not confirmed.
    pub next_round_size: Option<u64>,
    /// Posts sent straight to a hand count.
    pub hand_count: Vec<String>,
    /// Boxes counted by hand.
    pub hand_counted: Vec<String>,
    /// With a full hand count: the boxes still to count.
    pub boxes_left: Vec<String>,
    /// Differences found in boxes counted by hand.
    pub discrepancies: Vec<Discrepancy>,
    /// The outcome the paper gives, once every box is counted by hand.
    pub paper_outcome: Option<Outcome>,
    /// Whether the paper's decisions differ from the signed outcome's (with `paper_outcome`).
    pub paper_differs: Option<bool>,
}

/// Every paper ballot recorded, judged: by ballot id.
pub fn judged(folder: &AuditFolder) -> Result<BTreeMap<String, PaperBallot>, Error> {
    let judge = Judge::new(folder.manifest().election());
    let mut out = BTreeMap::new();
    for (ballot, line) in folder.papers()? {
        let b = judge.judge(&line).map_err(|e| Error::Invariant(format!("recorded ballot {ballot}: {e}")))?;
        out.insert(ballot, b);
    }
    Ok(out)
}

/// Computes the audit's state from its folder.
pub fn status(folder: &AuditFolder) -> Result<Status, Error> {
    let plan = folder.plan();
    let rounds = folder.rounds()?;
    let sample = folder.sample()?;
    let papers = judged(folder)?;
    let read: Vec<&PaperBallot> = sample.iter().map_while(|s| papers.get(&s.ballot)).collect();
    let size = rounds.last().copied().unwrap_or(0);
    let limit = plan.risk_limit;
    let mut assertions = Vec::with_capacity(plan.assertions.len());
    let mut next: Option<u64> = Some(0);
    for a in &plan.assertions {
        let x: Vec<f64> = read.iter().map(|b| a.assort(b)).collect();
        let alpha = plan.alpha(a);
        let risk = alpha.risk(&x);
        let confirmed = risk <= limit;
        if !confirmed {
            // The rest of the population as the reported shares would make it, after the draws read.
            let then = a.pilot().skip(x.len());
            next = match (next, alpha.crossing(&x, then, limit)) {
                (Some(n), Some(k)) => Some(n.max(k)),
                _ => None,
            };
        }
        assertions.push(AssertionStatus { id: a.id().to_string(), ballots: x.len() as u64, risk, confirmed });
    }
    let all_confirmed = assertions.iter().all(|a| a.confirmed);
    let round_read = read.len() as u64 >= size;
    let why = if !plan.hand_count.is_empty() {
        Some(WhyHandCount::Tie)
    } else if folder.escalated()? {
        Some(WhyHandCount::Escalated)
    } else if !all_confirmed && (read.len() as u64 >= plan.population || (round_read && next.is_none())) {
        Some(WhyHandCount::PopulationReached)
    } else {
        None
    };
    let (verdict, next_round_size) = match why {
        Some(_) => (Verdict::FullHandCount, None),
        None if all_confirmed => (Verdict::Confirmed, None),
        None => (Verdict::NextRound, next.filter(|_| round_read).map(|n| n.min(plan.population))),
    };
    let hand = hand_counts(folder)?;
    let hand_counted: Vec<String> = hand.keys().cloned().collect();
    let boxes_left = match verdict {
        Verdict::FullHandCount => {
            plan.boxes.iter().filter(|b| !hand.contains_key(&b.station)).map(|b| b.station.clone()).collect()
        }
        _ => Vec::new(),
    };
    let discrepancies = discrepancies(folder, &hand)?;
    let (paper_outcome, paper_differs) = if plan.boxes.iter().all(|b| hand.contains_key(&b.station)) && !hand.is_empty()
    {
        let (paper, signed) = outcomes(folder, &hand)?;
        let differs = decisions(&paper) != decisions(&signed);
        (Some(paper), Some(differs))
    } else {
        (None, None)
    };
    Ok(Status {
        verdict,
        why,
        round: rounds.len() as u32,
        sample_size: size,
        ballots_read: read.len() as u64,
        recorded: papers.len() as u64,
        risk_limit: limit,
        assertions,
        next_round_size,
        hand_count: plan.hand_count.clone(),
        hand_counted,
        boxes_left,
        discrepancies,
        paper_outcome,
        paper_differs,
    })
}

/// What the law decided, post by post: status and who is elected, and the vote's status.
fn decisions(o: &Outcome) -> (bool, Vec<(String, String, Vec<String>)>) {
    let posts = o
        .contests
        .iter()
        .map(|c| {
            let mut elected = c.elected.clone();
            elected.sort();
            (c.id.clone(), format!("{:?}", c.outcome), elected)
        })
        .collect();
    (o.is_valid(), posts)
}

/// Every box counted by hand, counted: by station.
fn hand_counts(folder: &AuditFolder) -> Result<BTreeMap<String, StationCount>, Error> {
    let e = folder.manifest().election();
    let mut out = BTreeMap::new();
    for (station, bytes) in folder.hand_counts()? {
        let name = PathBuf::from(format!("hand-count:{station}"));
        let mut counted = count_boxes(e, &[BoxSource::Memory(name, &bytes)], true)?;
        if let Some(c) = counted.pop() {
            out.insert(station, c);
        }
    }
    Ok(out)
}

/// A box's signed count, as the bundle held it.
fn signed_count(folder: &AuditFolder, station: &str) -> Result<Option<StationCount>, Error> {
    let e = folder.manifest().election();
    let Some(file) = folder.signed(station)? else { return Ok(None) };
    let body = file.body();
    let Some((si, _)) = e.station(&body.station) else { return Ok(None) };
    let tally = body.tally(e).map_err(|p| Error::Invariant(format!("signed result of {station}: {}", p.en())))?;
    Ok(Some(StationCount { station: si, voters: body.voters, tally }))
}

/// The outcome the paper gives (hand counts; boxes with no ballot as signed) and the signed one.
fn outcomes(folder: &AuditFolder, hand: &BTreeMap<String, StationCount>) -> Result<(Outcome, Outcome), Error> {
    let e = folder.manifest().election();
    let mut paper = Vec::new();
    let mut signed = Vec::new();
    for s in e.stations() {
        let sc = signed_count(folder, &s.id)?;
        if let Some(sc) = &sc {
            signed.push(sc.clone());
        }
        match hand.get(&s.id) {
            Some(h) => paper.push(h.clone()),
            None => paper.extend(sc),
        }
    }
    let r = folder.register();
    Ok((Outcome::with_register(e, &paper, r), Outcome::with_register(e, &signed, r)))
}

/// Every difference between a hand-counted box and its signed count.
fn discrepancies(folder: &AuditFolder, hand: &BTreeMap<String, StationCount>) -> Result<Vec<Discrepancy>, Error> {
    let e = folder.manifest().election();
    let mut out = Vec::new();
    for (station, h) in hand {
        let Some(s) = signed_count(folder, station)? else { continue };
        let mut diff = |post: &str, what: &str, paper: u64, signed: u64| {
            if paper != signed {
                out.push(Discrepancy {
                    station: station.clone(),
                    post: post.to_string(),
                    what: what.to_string(),
                    paper,
                    signed,
                });
            }
        };
        diff("", "ballots", h.tally.ballots(), s.tally.ballots());
        diff("", "valid", h.tally.valid, s.tally.valid);
        diff("", "invalid", h.tally.invalid.total(), s.tally.invalid.total());
        for ((c, ht), st) in e.contests().iter().zip(&h.tally.contests).zip(&s.tally.contests) {
            diff(&c.id, "blank", ht.blank, st.blank);
            for (i, k) in c.candidates.iter().enumerate() {
                diff(&c.id, &k.id, ht.votes[i], st.votes[i]);
            }
            let names: std::collections::BTreeSet<&String> = ht.write_ins.keys().chain(st.write_ins.keys()).collect();
            for n in names {
                diff(&c.id, n, ht.write_ins.get(n).copied().unwrap_or(0), st.write_ins.get(n).copied().unwrap_or(0));
            }
        }
    }
    Ok(out)
}

/// The status as `status.json` holds it and `--json` prints it: pretty JSON and a final newline.
pub fn to_json(st: &Status) -> String {
    let mut s = serde_json::to_string_pretty(st).unwrap_or_default();
    s.push('\n');
    s
}
