//! The conflicts between seats that the law forbids, each with its rule and a recommendation —
//! reported, never resolved here [ZJE31; ZJI30; ZJC25; plan].

use std::collections::BTreeSet;

use serde::Serialize;

use crate::vote::model::Body;
use crate::vote::register::{Kinship, Register, VillageOffice};

use super::*;

/// A conflict the law forbids between two seats of the village, or between a seat and a village
/// office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The rule: `ZJE31`, `plan-yijiantiao`, `ZJI30`, `ZJC25`.
    pub rule: &'static str,
    /// The first seat.
    pub a: Member,
    /// The second seat; `None` when the conflict is with a village office ([`Conflict::office`]).
    pub b: Option<Member>,
    /// The village office `a`'s holder also holds (the clerk or the bookkeeper on the supervision
    /// committee [ZJI30]); `None` for a conflict between two seats.
    pub office: Option<VillageOffice>,
    /// How `b` is related to `a` (`None`: the same person on both, or an office).
    pub relation: Option<&'static str>,
    /// What the committee should do, in English.
    pub recommendation_en: &'static str,
    /// The same in Chinese.
    pub recommendation_zh: &'static str,
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
            rule: "ZJI30",
            a: m.clone(),
            b: None,
            office: Some(office),
            relation: None,
            recommendation_en: "the village clerk or bookkeeper may not sit on the supervision committee: the representative assembly elects another supervision member, or they leave the office",
            recommendation_zh: "村文书、村报账员（会计）不得担任村务监督委员会成员：由村民代表会议另行选举，或其不再担任该职务",
        })
    }));
    v
}

/// The conflicts between two seats (see [`conflicts`]).
fn between_seats(r: &Register, members: &[Member]) -> Vec<Conflict> {
    let idx = |m: &Member| m.person.as_deref().and_then(|p| r.index(p));
    let holder = yijiantiao(members);
    let mut v = Vec::new();
    let mut seen: BTreeSet<(String, String, &str)> = BTreeSet::new();
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            let (Some(pa), Some(pb)) = (idx(a), idx(b)) else { continue };
            let kin = r.kinship(pb, pa);
            let same = pa == pb;
            let mut add = |rule: &'static str, rel: Option<Kinship>, en: &'static str, zh: &'static str| {
                let (x, y) = (a.person.clone().unwrap_or_default(), b.person.clone().unwrap_or_default());
                let pair = (x.clone().min(y.clone()), x.max(y), rule);
                if seen.insert(pair) {
                    v.push(Conflict {
                        rule,
                        a: a.clone(),
                        b: Some(b.clone()),
                        office: None,
                        relation: rel.map(Kinship::as_str),
                        recommendation_en: en,
                        recommendation_zh: zh,
                    });
                }
            };
            if avoiding(a.body) && avoiding(b.body) && kin.is_some_and(|k| k.is_close()) {
                add(
                    "ZJE31",
                    kin,
                    "they may not serve together: the one in the higher post stays; the other's seat goes to the next over the bar or to a new vote",
                    "二人不得同时任职：职务高者留任，另一人的职位由得票过线的下一人递补或另行选举",
                );
            }
            let held =
                holder.as_deref().is_some_and(|h| a.person.as_deref() == Some(h) || b.person.as_deref() == Some(h));
            if held && kin.is_some_and(|k| !k.is_close()) {
                add(
                    "plan-yijiantiao",
                    kin,
                    "the holder of secretary, chair and cooperative head may not serve with grandparents or grandchildren: the relative stands down",
                    "“一肩挑”人选应与其祖父母、外祖父母、孙子女、外孙子女实行任职回避：亲属不任职",
                );
            }
            let sv =
                |x: &Member, y: &Member| x.body == Body::SupervisionCommittee && y.body == Body::VillagersCommittee;
            if sv(a, b) || sv(b, a) {
                if same {
                    add(
                        "ZJI30",
                        None,
                        "a villagers' committee member may not sit on the supervision committee: the representative assembly elects another supervision member",
                        "村民委员会成员不得担任村务监督委员会成员：由村民代表会议另行选举",
                    );
                } else if kin.is_some_and(|k| k.is_wider()) {
                    add(
                        "ZJI30",
                        kin,
                        "a villagers' committee member's close relative may not sit on the supervision committee: the representative assembly elects another supervision member",
                        "村民委员会成员的近亲属不得担任村务监督委员会成员：由村民代表会议另行选举",
                    );
                }
            }
            let coop = |x: &Member, y: &Member| x.body == Body::CoopManagement && y.body == Body::CoopSupervision;
            if same && (coop(a, b) || coop(b, a)) {
                add(
                    "ZJC25",
                    None,
                    "nobody sits on both cooperative boards: they keep one seat and the other board elects another",
                    "同一人不得同时担任社管会和社监会成员：保留其一，另一会另行选举",
                );
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
