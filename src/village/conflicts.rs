//! The conflicts between seats that the law forbids, each with its rule and the case of it that
//! decides what the committee should do (in words: [`crate::words::village`]) — reported, never
//! resolved here [ZJE31; ZJI30; ZJC25; plan].

use std::collections::BTreeSet;

use serde::Serialize;

use crate::vote::model::Body;
use crate::vote::register::{Kinship, Register, VillageOffice};

use super::*;

/// A conflict the law forbids between two seats of the village, or between a seat and a village
/// office. Its JSON names the rule and the recommendation in both languages
/// (`crate::report::village`'s JSON view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Which case of which rule: it decides the recommendation.
    pub ground: Ground,
    /// The first seat.
    pub a: Member,
    /// The second seat; `None` when the conflict is with a village office ([`Conflict::office`]).
    pub b: Option<Member>,
    /// The village office `a`'s holder also holds (the clerk or the bookkeeper on the supervision
    /// committee [ZJI30]); `None` for a conflict between two seats.
    pub office: Option<VillageOffice>,
    /// How `b` is related to `a` (`None`: the same person on both, or an office).
    pub relation: Option<Kinship>,
}

impl Conflict {
    /// The rule the conflict breaks.
    pub fn rule(&self) -> Rule {
        self.ground.rule()
    }
}

/// A rule that keeps two seats apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Rule {
    /// Close relatives may not serve together [ZJE31; plan (二)].
    #[serde(rename = "ZJE31")]
    Zje31,
    /// The 一肩挑 holder's wider circle [plan (二)].
    #[serde(rename = "plan-yijiantiao")]
    PlanYijiantiao,
    /// The supervision committee apart from the villagers' committee and the village's offices
    /// [ZJI30].
    #[serde(rename = "ZJI30")]
    Zji30,
    /// One cooperative board only [ZJC25].
    #[serde(rename = "ZJC25")]
    Zjc25,
}

impl Rule {
    /// The rule's code, as the JSON and the pages' `data-rule` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Zje31 => "ZJE31",
            Rule::PlanYijiantiao => "plan-yijiantiao",
            Rule::Zji30 => "ZJI30",
            Rule::Zjc25 => "ZJC25",
        }
    }
}

/// Which case of a rule two seats fall under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ground {
    /// Close relatives on the Party committee, the villagers' committee or a cooperative board
    /// [ZJE31].
    CloseRelatives,
    /// The holder of all three top posts with a grandparent or grandchild [plan].
    HolderWiderCircle,
    /// A villagers' committee member on the supervision committee [ZJI30].
    CommitteeMemberSupervises,
    /// A villagers' committee member's relative on the supervision committee [ZJI30].
    CommitteeRelativeSupervises,
    /// The village clerk or bookkeeper on the supervision committee [ZJI30].
    OfficeHolderSupervises,
    /// One person on both cooperative boards [ZJC25].
    BothCoopBoards,
}

impl Ground {
    /// The rule of the case.
    pub fn rule(self) -> Rule {
        match self {
            Ground::CloseRelatives => Rule::Zje31,
            Ground::HolderWiderCircle => Rule::PlanYijiantiao,
            Ground::CommitteeMemberSupervises
            | Ground::CommitteeRelativeSupervises
            | Ground::OfficeHolderSupervises => Rule::Zji30,
            Ground::BothCoopBoards => Rule::Zjc25,
        }
    }
}

/// Bodies whose members may not be close relatives of each other [ZJE31; plan (二)].
fn avoiding(b: Body) -> bool {
    b != Body::SupervisionCommittee
}

/// Every conflict between seats: close relatives on the Party committee, the villagers' committee
/// and the cooperative boards [ZJE31; plan]; the 一肩挑 holder's wider circle [plan]; a supervision
/// member who is a villagers' committee member or in their wider circle [ZJI30]; one person on
/// both cooperative boards [ZJC25]. Then the supervision members who are the village's clerk or
/// bookkeeper [ZJI30].
pub(super) fn conflicts(r: &Register, members: &[Member]) -> Vec<Conflict> {
    let mut v = between_seats(r, members);
    v.extend(members.iter().filter(|m| m.body == Body::SupervisionCommittee).filter_map(|m| {
        let office = r.person(m.person.as_deref()?)?.office?;
        Some(Conflict {
            ground: Ground::OfficeHolderSupervises,
            a: m.clone(),
            b: None,
            office: Some(office),
            relation: None,
        })
    }));
    v
}

/// The conflicts between two seats (see [`conflicts`]).
fn between_seats(r: &Register, members: &[Member]) -> Vec<Conflict> {
    let idx = |m: &Member| m.person.as_deref().and_then(|p| r.index(p));
    let holder = yijiantiao(members);
    let mut v = Vec::new();
    let mut seen: BTreeSet<(String, String, Rule)> = BTreeSet::new();
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            let (Some(pa), Some(pb)) = (idx(a), idx(b)) else { continue };
            let kin = r.kinship(pb, pa);
            let same = pa == pb;
            let mut add = |ground: Ground, relation: Option<Kinship>| {
                let (x, y) = (a.person.clone().unwrap_or_default(), b.person.clone().unwrap_or_default());
                let pair = (x.clone().min(y.clone()), x.max(y), ground.rule());
                if seen.insert(pair) {
                    v.push(Conflict { ground, a: a.clone(), b: Some(b.clone()), office: None, relation });
                }
            };
            if avoiding(a.body) && avoiding(b.body) && kin.is_some_and(|k| k.is_close()) {
                add(Ground::CloseRelatives, kin);
            }
            let held =
                holder.as_deref().is_some_and(|h| a.person.as_deref() == Some(h) || b.person.as_deref() == Some(h));
            if held && kin.is_some_and(|k| !k.is_close()) {
                add(Ground::HolderWiderCircle, kin);
            }
            let sv =
                |x: &Member, y: &Member| x.body == Body::SupervisionCommittee && y.body == Body::VillagersCommittee;
            if sv(a, b) || sv(b, a) {
                if same {
                    add(Ground::CommitteeMemberSupervises, None);
                } else if kin.is_some_and(|k| k.is_wider()) {
                    add(Ground::CommitteeRelativeSupervises, kin);
                }
            }
            let coop = |x: &Member, y: &Member| x.body == Body::CoopManagement && y.body == Body::CoopSupervision;
            if same && (coop(a, b) || coop(b, a)) {
                add(Ground::BothCoopBoards, None);
            }
        }
    }
    v
}

/// The person who holds the top post of the Party, the villagers' committee and the cooperative
/// (一肩挑), if one does.
pub(super) fn yijiantiao(members: &[Member]) -> Option<String> {
    let tops = |b: Body| -> BTreeSet<&str> {
        members.iter().filter(|m| m.top && body_of(m.body) == b).filter_map(|m| m.person.as_deref()).collect()
    };
    let (party, vc, coop) = (tops(Body::PartyCommittee), tops(Body::VillagersCommittee), tops(Body::CoopManagement));
    party.intersection(&vc).find(|p| coop.contains(*p)).map(|p| p.to_string())
}
