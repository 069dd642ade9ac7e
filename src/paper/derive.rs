//! The assertions an outcome rests on, derived by the law from the count's own ranking (docs/AUDIT.md
//! "Which assertions"): for each post, everyone the count put in a seat cleared the bar and beat
//! everyone it left out; a post left short also rests on each person left out being below the bar,
//! and a run-off list on its last name beating the first name left off. A tie cannot be confirmed
//! by sampling: its post goes to a hand count. A void vote decides nothing a ballot can show.
//!
//! Kinship avoidance [ZJE31] is decided from the register, given the ranking: the person who stood
//! down is ranked where the votes put them — with those elected — and needs the same assertions;
//! whoever took the freed seat needs them too; in one post, the one who stays also beats the one
//! who stood down. The avoidance itself then follows from the register, which no ballot shows.

use std::collections::BTreeSet;

use serde::Serialize;

use super::assertion::{Assertion, Kind};
use crate::vote::model::{Body, Round};
use crate::vote::outcome::{ContestOutcome, ContestStatus, Outcome, VoidReason};

/// The key of "anyone this post's count does not name", in assertions: a paper ballot votes for
/// `*` when it marks in the post someone the count gave no line.
pub const OTHERS: &str = "*";

/// Why a post goes straight to a hand count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandCountWhy {
    /// A tie straddles the last seat: a re-vote [ZJE28] (or close relatives tied [ZJE31]).
    Tie,
    /// Two people the decision orders have the same number of votes.
    EqualVotes,
}

/// The assertions of an outcome, and what sampling cannot confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// The assertions, post by post in manifest order.
    pub assertions: Vec<Assertion>,
    /// Posts sent straight to a hand count, and why.
    pub hand_count: Vec<(String, HandCountWhy)>,
    /// A void vote's reasons: ballots cannot show them (the sign-in sheets do).
    pub not_by_ballots: Vec<VoidReason>,
}

/// The article of the law a round's decision comes from.
fn article(body: Body, round: Round) -> &'static str {
    match (body, round) {
        (Body::VillagersCommittee, Round::Runoff) => "ZJE29",
        (Body::VillagersCommittee, _) => "ZJE28",
        (Body::PartyCommittee | Body::PartyOfficers, _) => "CPC",
        (Body::SupervisionCommittee, _) => "ZJI23",
        (Body::CoopManagement | Body::CoopSupervision, _) => "ZJC30",
    }
}

/// The assertions of `outcome`, whose ballots number `population` (every ballot counted).
pub fn derive(outcome: &Outcome, population: u64) -> Derived {
    let mut d = Derived { assertions: Vec::new(), hand_count: Vec::new(), not_by_ballots: Vec::new() };
    if !outcome.is_valid() {
        d.not_by_ballots = outcome.void_reasons.clone();
        return d;
    }
    let law = article(outcome.body, outcome.round);
    // Everyone who stood down anywhere in the vote is out of it: never anyone's loser.
    let stood_down: BTreeSet<&str> =
        outcome.contests.iter().flat_map(|c| c.avoided.iter().map(|a| a.id.as_str())).collect();
    for (ci, co) in outcome.contests.iter().enumerate() {
        if co.outcome == ContestStatus::Revote {
            d.hand_count.push((co.id.clone(), HandCountWhy::Tie));
            continue;
        }
        match post((ci, co), &stood_down, population, law) {
            Ok(mut a) => d.assertions.append(&mut a),
            Err(why) => d.hand_count.push((co.id.clone(), why)),
        }
    }
    d
}

/// One post's assertions, or why it cannot be sampled.
fn post(
    (ci, co): (usize, &ContestOutcome),
    stood_down: &BTreeSet<&str>,
    n: u64,
    law: &str,
) -> Result<Vec<Assertion>, HandCountWhy> {
    let p = (ci, co.id.as_str());
    let line = |k: &str| co.tally.iter().find(|t| t.key() == k);
    let votes = |k: &str| line(k).map_or(0, |t| t.votes);
    // The count's winners: those elected, and those who stood down from this post.
    let mut ranked: Vec<&str> = co.elected.iter().map(String::as_str).collect();
    for a in &co.avoided {
        if !ranked.contains(&a.id.as_str()) {
            ranked.push(&a.id);
        }
    }
    // Everyone the count left out of a seat — and anyone the count does not name at all in this
    // post (`OTHERS`: a written-in name entered nowhere, its ballots entered as blanks), who has
    // no vote in the count and whose paper votes, taken together, must stay below each of them.
    let mut left_out: Vec<(&str, u64)> = co
        .tally
        .iter()
        .filter(|t| !ranked.contains(&t.key()) && t.holds.is_none() && !stood_down.contains(t.key()))
        .map(|t| (t.key(), t.votes))
        .collect();
    left_out.push((OTHERS, 0));
    let mut known: Vec<String> = co.tally.iter().map(|t| t.key().to_string()).collect();
    known.sort();
    let named =
        |a: Assertion| if a.winner() == Some(OTHERS) || a.loser() == Some(OTHERS) { a.naming(&known) } else { a };
    let mut out = Vec::new();
    let beats = |kind: Kind, w: &str, l: &str, article: &str| -> Result<Assertion, HandCountWhy> {
        let (vw, vl) = (votes(w), votes(l));
        if vw <= vl {
            return Err(HandCountWhy::EqualVotes);
        }
        Ok(named(Assertion::beats(p, kind, (w, vw), (l, vl), n, article)))
    };
    for &w in &ranked {
        out.push(Assertion::bar(p, w, votes(w), co.bar.max(1), n, law));
        for (l, _) in &left_out {
            out.push(beats(Kind::Beats, w, l, law)?);
        }
    }
    for a in &co.avoided {
        if ranked.contains(&a.because.as_str()) && co.elected.contains(&a.because) {
            out.push(beats(Kind::Beats, &a.because, &a.id, "ZJE31")?);
        }
    }
    if matches!(co.outcome, ContestStatus::Runoff | ContestStatus::Unfilled) {
        let floor = if co.outcome == ContestStatus::Runoff { "ZJE29" } else { law };
        for &(l, v) in &left_out {
            out.extend(Assertion::below(p, l, v, co.bar.max(1), n, floor).map(named));
        }
        if let Some(r) = &co.runoff {
            // Everyone proposed beats everyone left off it (those with no vote too, and anyone
            // the count does not name). How long the list is — those tied with its last taken in,
            // or everyone with a vote when fewer have one — is Zheng's proposal, which the
            // committee may change [ZJE29]: not a decision a sample must confirm.
            for proposed in &r.candidates {
                for &(l, _) in left_out.iter().filter(|(l, _)| !r.candidates.iter().any(|c| c == l)) {
                    out.push(beats(Kind::Boundary, proposed, l, "ZJE29")?);
                }
            }
        }
    }
    Ok(out)
}
