//! Who sits on which body after every round of a village's votes, and what is still to vote on
//! (re-votes, run-offs, void votes, bodies not yet elected).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::vote::model::{Body, Round};
use crate::vote::outcome::{ContestStatus, Outcome};
use crate::vote::register::Register;

use super::*;

/// One seat held: a person elected to a post of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The person's key in the outcome (candidate id, or written-in name).
    pub key: String,
    /// The name.
    pub name: String,
    /// The register id, when the register names them (else kinship is not checked).
    pub person: Option<String>,
    /// The body.
    pub body: Body,
    /// The vote (election id) that elected them.
    pub election: String,
    /// The post's id and office.
    pub post: String,
    /// The office, e.g. 主任.
    pub office: String,
    /// Whether the post is the body's top post (书记, 主任, 社长): the first post of its first
    /// round, with one seat.
    pub top: bool,
}

/// Something still to vote on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    /// The body.
    pub body: Body,
    /// The vote, when there is one.
    pub election: Option<String>,
    /// The post, when one post is pending.
    pub post: Option<String>,
    /// What is to be held.
    pub what: PendingKind,
}

/// What is still to be held for a body or a post (in the JSON: `revote`, `runoff`, `void`,
/// `not-held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PendingKind {
    /// A re-vote among people tied for the last seats [ZJE28].
    Revote,
    /// A run-off for the seats left empty [ZJE29].
    Runoff,
    /// The body's vote is void and is to be held again.
    Void,
    /// No outcome was given for the body: not held yet.
    NotHeld,
}

/// Every seat held after every valid round, with the register person of each.
pub(super) fn members(r: &Register, ordered: &[&Outcome]) -> Vec<Member> {
    let mut top_posts: BTreeMap<Body, String> = BTreeMap::new();
    for o in ordered.iter().filter(|o| o.round == Round::First) {
        if let Some(c) = o.contests.first().filter(|c| c.seats == 1) {
            top_posts.entry(o.body).or_insert_with(|| c.id.clone());
        }
    }
    let mut v: Vec<Member> = Vec::new();
    for o in ordered.iter().filter(|o| o.is_valid()) {
        for c in &o.contests {
            for key in &c.elected {
                let Some(line) = c.tally.iter().find(|t| t.key() == key) else { continue };
                let person = line.person.clone().filter(|p| r.index(p).is_some()).or_else(|| {
                    match r.named(&line.name).as_slice() {
                        [one] => Some(r.people()[*one].id.clone()),
                        _ => None,
                    }
                });
                v.push(Member {
                    key: key.clone(),
                    name: line.name.clone(),
                    person,
                    body: o.body,
                    election: o.election.clone(),
                    post: c.id.clone(),
                    office: c.office.clone(),
                    top: top_posts.get(&o.body) == Some(&c.id),
                });
            }
        }
    }
    v
}

/// Posts whose latest word is a re-vote or a run-off, void votes not held again, and bodies with
/// no outcome at all.
pub(super) fn pending(ordered: &[&Outcome]) -> Vec<Pending> {
    let mut v = Vec::new();
    for body in BODIES {
        let of_body: Vec<&&Outcome> = ordered.iter().filter(|o| body_of(o.body) == body).collect();
        if of_body.is_empty() {
            v.push(Pending { body, election: None, post: None, what: PendingKind::NotHeld });
            continue;
        }
        let mut latest: BTreeMap<(Body, &str), (&str, ContestStatus)> = BTreeMap::new();
        let mut void: Option<&str> = None;
        for o in &of_body {
            if !o.is_valid() {
                void = Some(&o.election);
                continue;
            }
            void = void.filter(|_| o.round != Round::First);
            for c in &o.contests {
                latest.insert((o.body, c.id.as_str()), (o.election.as_str(), c.outcome));
            }
        }
        if let Some(e) = void {
            v.push(Pending { body, election: Some(e.to_string()), post: None, what: PendingKind::Void });
        }
        for ((_, post), (election, status)) in latest {
            let what = match status {
                ContestStatus::Revote => PendingKind::Revote,
                ContestStatus::Runoff => PendingKind::Runoff,
                ContestStatus::Filled | ContestStatus::Unfilled | ContestStatus::Void => continue,
            };
            v.push(Pending { body, election: Some(election.to_string()), post: Some(post.to_string()), what });
        }
    }
    v
}
