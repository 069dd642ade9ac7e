//! An audit's plan (contract §6): the bundle it audits, the public seed, the risk limit, the
//! population (every ballot the signed results count, box by box), the assertions the outcome rests
//! on, the posts sent straight to a hand count, and each round's sample size. Written once, as
//! `plan.json`, by `zheng audit plan`; everything after is recomputed from it.

use serde::{Deserialize, Serialize};

use super::alpha::Alpha;
use super::assertion::Assertion;
use super::derive::{HandCountWhy, derive};
use super::sampler::{self, Drawn};
use crate::error::{NotAudit, Refusal};
use crate::vote::manifest::Election;
use crate::vote::outcome::{Outcome, VoidReason};

/// The digits a displayed ticket keeps (contract §6: at least 18).
pub const TICKET_DIGITS: usize = 18;

/// The plan's format.
pub const FORMAT: u32 = 1;

/// One box of the population: its station and the ballots its signed result counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationBox {
    /// The station's id.
    pub station: String,
    /// Ballots counted (valid and invalid): positions 1 to this.
    pub ballots: u64,
}

/// A post sent straight to a hand count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandCountPost {
    /// The post's id.
    pub post: String,
    /// Why: `tie` or `equal-votes`.
    pub why: String,
}

/// One ballot of a sample, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleEntry {
    /// `station:position`.
    pub ballot: String,
    /// Its ticket, as the consistent sampler writes it ([`TICKET_DIGITS`] digits).
    pub ticket: String,
}

/// The plan, as `plan.json` holds it and `zheng audit plan --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// [`FORMAT`].
    pub format: u32,
    /// The election id.
    pub election: String,
    /// The audited bundle's digest (FORMAT.md "Bundle digest").
    pub bundle: String,
    /// The seed, as rolled.
    pub seed: String,
    /// The risk limit, a fraction.
    pub risk_limit: f64,
    /// Every ballot counted.
    pub population: u64,
    /// The population box by box, in manifest order (boxes with no ballot left out).
    pub boxes: Vec<PopulationBox>,
    /// The assertions, post by post.
    pub assertions: Vec<Assertion>,
    /// Post ids a tie (or equal votes) sends straight to a hand count.
    pub hand_count: Vec<String>,
    /// Why each of them.
    pub hand_count_why: Vec<HandCountPost>,
    /// A void vote's reasons: no ballot shows them (the sign-in sheets do).
    pub not_by_ballots: Vec<VoidReason>,
    /// The round this prints (1 in `plan.json`).
    pub round: u32,
    /// The sample's size in that round.
    pub sample_size: u64,
    /// The sample so far, in ticket order.
    pub sample: Vec<SampleEntry>,
}

impl Plan {
    /// The plan of an audit of a verified outcome: `bundle` its digest.
    pub fn new(outcome: &Outcome, bundle: String, seed: &str, risk_limit: f64) -> Result<Plan, Refusal> {
        sampler::check_seed(seed).map_err(|e| match e {
            sampler::SeedError::TooShort { digits } => Refusal::SeedTooShort { digits },
            sampler::SeedError::NotDigits => Refusal::SeedNotDigits,
        })?;
        if !(risk_limit > 0.0 && risk_limit < 1.0) {
            return Err(Refusal::BadRiskLimit { given: risk_limit.to_string() });
        }
        let boxes: Vec<PopulationBox> = outcome
            .stations
            .iter()
            .filter(|s| s.ballots > 0)
            .map(|s| PopulationBox { station: s.id.clone(), ballots: s.ballots })
            .collect();
        let population = boxes.iter().map(|b| b.ballots).sum();
        let d = derive(outcome, population);
        let hand_count_why: Vec<HandCountPost> = d
            .hand_count
            .iter()
            .map(|(post, why)| HandCountPost {
                post: post.clone(),
                why: match why {
                    HandCountWhy::Tie => "tie",
                    HandCountWhy::EqualVotes => "equal-votes",
                }
                .to_string(),
            })
            .collect();
        let mut plan = Plan {
            format: FORMAT,
            election: outcome.election.clone(),
            bundle,
            seed: seed.to_string(),
            risk_limit,
            population,
            boxes,
            assertions: d.assertions,
            hand_count: hand_count_why.iter().map(|h| h.post.clone()).collect(),
            hand_count_why,
            not_by_ballots: d.not_by_ballots,
            round: 1,
            sample_size: 0,
            sample: Vec::new(),
        };
        plan.sample_size = plan.initial_size();
        plan.sample = plan.draw(plan.sample_size);
        Ok(plan)
    }

    /// The population as the sampler takes it.
    pub fn population_boxes(&self) -> Vec<(&str, u64)> {
        self.boxes.iter().map(|b| (b.station.as_str(), b.ballots)).collect()
    }

    /// The ALPHA test of one assertion over this population.
    pub fn alpha(&self, a: &Assertion) -> Alpha {
        Alpha { population: self.population, u: a.u(), eta: a.reported_mean() }
    }

    /// The first round's size: the smallest at which every assertion would be confirmed if the
    /// sample showed the reported shares exactly; the whole population when one never would be.
    /// Nothing to sample (no assertion) is 0.
    pub fn initial_size(&self) -> u64 {
        let mut n = 0;
        for a in &self.assertions {
            match self.alpha(a).crossing(&[], a.pilot(), self.risk_limit) {
                Some(k) => n = n.max(k),
                None => return self.population,
            }
        }
        n.min(self.population)
    }

    /// The first `n` ballots of the consistent sampler's order.
    pub fn draw(&self, n: u64) -> Vec<SampleEntry> {
        let pop = self.population_boxes();
        sampler::draw(&self.seed, &pop, n).iter().map(|d: &Drawn| entry(d, &pop)).collect()
    }

    /// Checks a plan read from a file against its election, and places each assertion in it.
    pub fn placed(mut self, e: &Election) -> Result<Plan, NotAudit> {
        if self.format != FORMAT {
            return Err(NotAudit::PlanFormat { found: self.format, reads: FORMAT });
        }
        if self.election != e.id() {
            return Err(NotAudit::PlanOfAnotherElection { plan: self.election, manifest: e.id().to_string() });
        }
        let population = self.population;
        let mut placed = Vec::with_capacity(self.assertions.len());
        for a in self.assertions {
            let Some((ci, _)) = e.contest(a.post()) else {
                return Err(NotAudit::AssertionOfNoPost { assertion: a.id().to_string(), post: a.post().to_string() });
            };
            placed.push(a.placed(ci, population));
        }
        self.assertions = placed;
        if self.boxes.iter().map(|b| b.ballots).sum::<u64>() != self.population {
            return Err(NotAudit::BoxesDoNotAddUp);
        }
        Ok(self)
    }
}

/// A drawn ballot as printed.
fn entry(d: &Drawn, pop: &[(&str, u64)]) -> SampleEntry {
    SampleEntry { ballot: d.id(pop), ticket: d.display_ticket(TICKET_DIGITS) }
}

/// `station:position` taken apart (the position a number).
pub fn split_ballot(ballot: &str) -> Option<(&str, u64)> {
    let (station, position) = ballot.rsplit_once(':')?;
    Some((station, position.parse().ok()?))
}

/// Reads `station:position` against the population: the box's index and the position.
pub fn parse_ballot(plan: &Plan, ballot: &str) -> Option<(usize, u64)> {
    let (station, position) = split_ballot(ballot)?;
    let i = plan.boxes.iter().position(|b| b.station == station)?;
    (position >= 1 && position <= plan.boxes[i].ballots).then_some((i, position))
}
