//! The next round a vote calls for: the re-vote among people tied (再次投票) [ZJE28] or the run-off
//! for seats left empty (另行选举) [ZJE29], as a manifest ready for the committee to check.
//!
//! Takes in the manifest of a vote, the outcome it had and the outcomes of any rounds held since
//! (each post's latest word counts), and optionally the village register; gives out the manifest
//! of the next round — the posts still pending with the seats left and the people proposed (the
//! committee may edit them), `round`, the same register people, stations, keys and rules,
//! `members_elected_before` counting everyone elected so far — as TOML that validates like any
//! manifest ([`NextRound::to_toml`]).

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, FurtherRound, Refusal};
use crate::vote::manifest::{Candidate, Election};
use crate::vote::model::{Body, Gender, Round, StationKind, Style};
use crate::vote::outcome::{ContestStatus, Outcome, Proposal};
use crate::vote::register::Register;
use crate::vote::rules::{Overrides, Rules};

/// The next round, as a manifest document.
#[derive(Debug, Clone, Serialize)]
pub struct NextRound {
    format: u32,
    election: Header,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<Overrides>,
    contest: Vec<Post>,
    station: Vec<StationEntry>,
}

#[derive(Debug, Clone, Serialize)]
struct Header {
    id: String,
    title: String,
    village: String,
    township: String,
    body: Body,
    rules: String,
    round: Round,
    date: String,
    registered: u64,
    members_elected_before: u32,
}

#[derive(Debug, Clone, Serialize)]
struct Post {
    id: String,
    office: String,
    seats: u32,
    style: Style,
    write_in: bool,
    women_only: bool,
    candidates: Vec<CandidateEntry>,
}

/// A candidate of a post of the next round, as its manifest lists them.
#[derive(Debug, Clone, Serialize)]
struct CandidateEntry {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    born: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    education: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ethnicity: Option<String>,
}

/// A ballot box of the next round, as its manifest lists it.
#[derive(Debug, Clone, Serialize)]
struct StationEntry {
    id: String,
    name: String,
    kind: StationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    registered: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    monitors: Vec<String>,
    monitors_required: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    staff: Vec<crate::vote::manifest::Staff>,
}

/// Which round to write when both are pending: re-votes come first on the day.
pub(crate) fn round_called_for(e: &Election, outcomes: &[Outcome]) -> Result<Round, Refusal> {
    let pending = pending(e, outcomes)?;
    if pending.iter().any(|(_, s, _)| *s == ContestStatus::Revote) {
        Ok(Round::Revote)
    } else if pending.is_empty() {
        Err(Refusal::NothingPending)
    } else {
        Ok(Round::Runoff)
    }
}

/// Each post of the manifest whose latest word (in the order the outcomes are given) is a re-vote
/// or a run-off, with that word's proposal.
fn pending<'a>(e: &Election, outcomes: &'a [Outcome]) -> Result<Vec<(usize, ContestStatus, &'a Proposal)>, Refusal> {
    let Some(first) = outcomes.first() else { return Err(Refusal::NothingPending) };
    if first.election != e.id() {
        return Err(Refusal::OutcomeOfAnotherVote { outcome: first.election.clone(), manifest: e.id().to_string() });
    }
    if let Some(o) = outcomes.iter().find(|o| o.body != e.body()) {
        return Err(Refusal::OutcomeOfAnotherVote { outcome: o.election.clone(), manifest: e.id().to_string() });
    }
    if !first.is_valid() {
        return Err(Refusal::VoteVoid);
    }
    let mut v = Vec::new();
    for (ci, c) in e.contests().iter().enumerate() {
        let latest = outcomes.iter().rev().find_map(|o| o.contests.iter().find(|x| x.id == c.id));
        let Some(x) = latest else { continue };
        let proposal = match x.outcome {
            ContestStatus::Revote => x.revote.as_ref(),
            ContestStatus::Runoff => x.runoff.as_ref(),
            _ => None,
        };
        if let Some(p) = proposal {
            v.push((ci, x.outcome, p));
        }
    }
    Ok(v)
}

impl NextRound {
    /// The next round of `e` after `outcomes` (the vote's own first, then any held since): the
    /// `round` asked for, or the one called for ([`round_called_for`]). Written-in people proposed
    /// get ids `w1`, `w2`, … and, given a register, the person who alone bears their name.
    pub fn new(
        e: &Election,
        outcomes: &[Outcome],
        round: Option<Round>,
        register: Option<&Register>,
    ) -> Result<NextRound, Refusal> {
        let round = match round {
            Some(r) => r,
            None => round_called_for(e, outcomes)?,
        };
        let want = if round == Round::Revote { ContestStatus::Revote } else { ContestStatus::Runoff };
        let pending = pending(e, outcomes)?;
        let mut taken: BTreeSet<String> =
            e.contests().iter().flat_map(|c| c.candidates.iter().map(|k| k.id.clone())).collect();
        let mut posts = Vec::new();
        for (ci, _, p) in pending.into_iter().filter(|(_, s, _)| *s == want) {
            let c = &e.contests()[ci];
            let candidates =
                p.candidates.iter().map(|key| person(e, key, c.women_only, register, &mut taken)).collect();
            posts.push(Post {
                id: c.id.clone(),
                office: c.office.clone(),
                seats: p.seats,
                style: c.style,
                write_in: c.write_in,
                women_only: c.women_only,
                candidates,
            });
        }
        if posts.is_empty() {
            let round = if round == Round::Revote { FurtherRound::Revote } else { FurtherRound::Runoff };
            return Err(Refusal::RoundNotCalledFor { round });
        }
        let elected: BTreeSet<&String> =
            outcomes.iter().flat_map(|o| o.contests.iter().flat_map(|c| &c.elected)).collect();
        Ok(NextRound {
            format: 1,
            election: Header {
                id: next_id(e.id(), round, outcomes),
                title: next_title(e.title(), round),
                village: e.village().to_string(),
                township: e.township().to_string(),
                body: e.body(),
                rules: e.rules().profile.clone(),
                round,
                date: e.date().to_string(),
                registered: e.registered(),
                members_elected_before: e.members_elected_before().saturating_add(elected.len() as u32),
            },
            rules: overrides(e.rules()),
            contest: posts,
            station: e
                .stations()
                .iter()
                .map(|s| StationEntry {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    kind: s.kind,
                    registered: s.registered,
                    key: s.key.clone(),
                    monitors: s.monitors.clone(),
                    monitors_required: s.monitors_required,
                    staff: s.staff.clone(),
                })
                .collect(),
        })
    }

    /// The manifest's TOML, checked by reading it back as any manifest is read (`file` names it
    /// in errors), with the manifest as read back.
    pub fn to_toml(&self, file: &Path) -> Result<(String, Election), Error> {
        let body =
            toml::to_string(self).map_err(|err| Error::Invariant(format!("a next round does not serialize: {err}")))?;
        let text = format!(
            "# {} — written by `zheng next-round` from the outcome; the election committee checks the\n# candidates proposed (it may change them) before the ballots are printed.\n{body}",
            if self.election.round == Round::Revote {
                "再次投票 re-vote [ZJE28]"
            } else {
                "另行选举 run-off [ZJE29]"
            }
        );
        let read_back = Election::from_toml(&text, file)?;
        Ok((text, read_back))
    }

    /// The new election's id.
    pub fn id(&self) -> &str {
        &self.election.id
    }

    /// The round written.
    pub fn round(&self) -> Round {
        self.election.round
    }

    /// Each post: its id, seats, and the names proposed.
    pub fn posts(&self) -> Vec<(String, u32, Vec<String>)> {
        self.contest
            .iter()
            .map(|p| (p.id.clone(), p.seats, p.candidates.iter().map(|k| k.name.clone()).collect()))
            .collect()
    }
}

/// A proposed person: a listed candidate of the vote (any post) as listed, else a written-in name
/// with a new id.
fn person(
    e: &Election,
    key: &str,
    women_only: bool,
    register: Option<&Register>,
    taken: &mut BTreeSet<String>,
) -> CandidateEntry {
    if let Some(k) = e.contests().iter().flat_map(|c| &c.candidates).find(|k| k.id == key) {
        return listed(k);
    }
    let id = (1..).map(|n| format!("w{n}")).find(|id| !taken.contains(id)).expect("an id is free");
    taken.insert(id.clone());
    let person = register.and_then(|r| match r.named(key).as_slice() {
        [one] => Some(r.people()[*one].id.clone()),
        _ => None,
    });
    CandidateEntry {
        id,
        name: key.to_string(),
        person,
        gender: women_only.then_some(Gender::F),
        born: None,
        education: None,
        ethnicity: None,
    }
}

fn listed(k: &Candidate) -> CandidateEntry {
    CandidateEntry {
        id: k.id.clone(),
        name: k.name.clone(),
        person: k.register_id.clone(),
        gender: k.gender,
        born: k.born,
        education: k.education.clone(),
        ethnicity: k.ethnicity.clone(),
    }
}

/// `{base}-revote` or `{base}-runoff`, the base being the vote's id without a round's suffix;
/// `-2`, `-3`, … when an outcome given already has that id.
fn next_id(id: &str, round: Round, outcomes: &[Outcome]) -> String {
    let base = ["-revote", "-runoff"].iter().filter_map(|s| id.find(s)).min().map_or(id, |i| &id[..i]);
    let first = format!("{base}-{}", round.as_str());
    let used = |c: &String| outcomes.iter().any(|o| &o.election == c);
    let id = std::iter::once(first.clone())
        .chain((2..).map(|n| format!("{first}-{n}")))
        .find(|c| !used(c))
        .expect("an id is free");
    if id.len() > 64 { id[..64].trim_end_matches('-').to_string() } else { id }
}

fn next_title(title: &str, round: Round) -> String {
    let tag = if round == Round::Revote { "（再次投票）" } else { "（另行选举）" };
    if title.is_empty() || title.ends_with(tag) { title.to_string() } else { format!("{title}{tag}") }
}

/// The `[rules]` fields that differ from the profile's.
fn overrides(r: &Rules) -> Option<Overrides> {
    let base = Rules::profile(&r.profile)?;
    let o = Overrides {
        quorum: (r.quorum != base.quorum).then_some(r.quorum),
        win: (r.win != base.win).then_some(r.win),
        runoff_win: (r.runoff_win != base.runoff_win).then_some(r.runoff_win),
        revote_win: (r.revote_win != base.revote_win).then_some(r.revote_win),
        overvote: (r.overvote != base.overvote).then_some(r.overvote),
        duplicate: (r.duplicate != base.duplicate).then_some(r.duplicate),
        cross_post: (r.cross_post != base.cross_post).then_some(r.cross_post),
        min_members: (r.min_members != base.min_members).then_some(r.min_members),
    };
    (o != Overrides::default()).then_some(o)
}
