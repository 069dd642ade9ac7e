//! A village's votes taken together: who sits on which body, the kinship conflicts between bodies,
//! and the structure the township plan asks for [ZJE31; ZJI30; ZJC25; plan].
//!
//! Takes in the village register and the outcomes of the village's votes (every body, every round);
//! gives out a [`Village`]: its members by body ([`Member`]), the posts still pending (re-votes,
//! run-offs, void votes, bodies not yet elected), the conflicts between members that the law
//! forbids ([`Conflict`], each with its rule and a recommendation — reported, never resolved
//! here), and the structure report ([`Structure`]): each target of the plan with its value, ✓ or ✗,
//! and its source. Ages are counted in whole years at the vote's date (year of the vote − year of
//! birth).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Refusal;
use crate::law::model::{Body, Gender, Round};
use crate::law::outcome::{ContestStatus, Outcome};
use crate::law::register::{Kinship, Register, VillageOffice};
use crate::law::staff::StaffConflict;

/// The bodies in the order they are elected (rules.md), each checked for a result.
pub const BODIES: [Body; 5] = [
    Body::PartyCommittee,
    Body::VillagersCommittee,
    Body::SupervisionCommittee,
    Body::CoopManagement,
    Body::CoopSupervision,
];

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

/// Something still to vote on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    /// The body.
    pub body: Body,
    /// The vote, when there is one.
    pub election: Option<String>,
    /// The post, when one post is pending.
    pub post: Option<String>,
    /// `revote`, `runoff`, `void` (held again) or `not-held` (no outcome given for the body).
    pub what: &'static str,
}

/// ✓, ✗, or not applicable / not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The target is met.
    Met,
    /// The target is missed.
    Missed,
    /// No target applies (information), or it cannot be judged.
    None,
}

impl Verdict {
    /// ✓, ✗ or —.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Met => "✓",
            Verdict::Missed => "✗",
            Verdict::None => "—",
        }
    }

    fn of(ok: bool) -> Verdict {
        if ok { Verdict::Met } else { Verdict::Missed }
    }
}

/// One line of the structure report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// A stable code, e.g. `size-villagers-committee`.
    pub code: String,
    /// What is measured, in Chinese.
    pub zh: String,
    /// What is measured, in English.
    pub en: String,
    /// The value found, e.g. `5`, `2 (赵一、钱二)`.
    pub value: String,
    /// The target, e.g. `3–7`.
    pub target: String,
    /// ✓ / ✗ / —.
    pub verdict: Verdict,
    /// Where the target comes from.
    pub source: &'static str,
}

/// The structure report of one village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The village.
    pub village: String,
    /// The targets, in a fixed order.
    pub targets: Vec<Target>,
}

/// A village's votes taken together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Village {
    /// The village's name.
    pub village: String,
    /// The township (from the outcomes).
    pub township: String,
    /// Every seat held, bodies in election order.
    pub members: Vec<Member>,
    /// What is still to vote on.
    pub pending: Vec<Pending>,
    /// Conflicts between seats, reported with their rule.
    pub conflicts: Vec<Conflict>,
    /// Members of a box's counting team who are a candidate of its vote or a candidate's close
    /// relative [ZJE22], from the manifests given; reported with the kinship conflicts.
    pub staff: Vec<StaffConflict>,
    /// Members the register cannot name (kinship not checked).
    pub unmatched: Vec<Member>,
    /// The structure report.
    pub structure: Structure,
}

impl Village {
    /// Takes a village's outcomes together. Outcomes of a body are read first round first; a
    /// post's latest word counts.
    pub fn new(r: &Register, outcomes: &[Outcome]) -> Result<Village, Refusal> {
        Village::with_staff(r, outcomes, Vec::new())
    }

    /// [`Village::new`], with the counting-team conflicts of the village's manifests
    /// ([`crate::law::staff::conflicts`]; one found twice is kept once).
    pub fn with_staff(r: &Register, outcomes: &[Outcome], mut staff: Vec<StaffConflict>) -> Result<Village, Refusal> {
        staff.sort();
        staff.dedup();
        for o in outcomes {
            if !o.village.is_empty() && o.village != r.village() {
                return Err(Refusal::OutcomeOfAnotherVillage {
                    election: o.election.clone(),
                    found: o.village.clone(),
                    register: r.village().to_string(),
                });
            }
        }
        let mut ordered: Vec<&Outcome> = outcomes.iter().collect();
        ordered.sort_by_key(|o| (BODIES.iter().position(|b| *b == body_of(o.body)), round_rank(o.round)));
        let members = members(r, &ordered);
        let pending = pending(&ordered);
        let conflicts = conflicts(r, &members);
        let unmatched = members.iter().filter(|m| m.person.is_none()).cloned().collect();
        let township = outcomes.iter().map(|o| o.township.clone()).find(|t| !t.is_empty()).unwrap_or_default();
        let year = outcomes.iter().filter_map(|o| o.date.get(..4)?.parse::<u16>().ok()).max();
        let structure = structure(r, &members, (&conflicts, &staff), &pending, year);
        Ok(Village {
            village: r.village().to_string(),
            township,
            members,
            pending,
            conflicts,
            staff,
            unmatched,
            structure,
        })
    }

    /// Whether no conflict of any kind was found: between seats, with an office, or in a
    /// counting team.
    pub fn clear(&self) -> bool {
        self.conflicts.is_empty() && self.staff.is_empty()
    }
}

/// The Party officers are of the Party committee.
fn body_of(b: Body) -> Body {
    if b == Body::PartyOfficers { Body::PartyCommittee } else { b }
}

fn round_rank(r: Round) -> u8 {
    match r {
        Round::First => 0,
        Round::Revote => 1,
        Round::Runoff => 2,
    }
}

/// Every seat held after every valid round, with the register person of each.
fn members(r: &Register, ordered: &[&Outcome]) -> Vec<Member> {
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
fn pending(ordered: &[&Outcome]) -> Vec<Pending> {
    let mut v = Vec::new();
    for body in BODIES {
        let of_body: Vec<&&Outcome> = ordered.iter().filter(|o| body_of(o.body) == body).collect();
        if of_body.is_empty() {
            v.push(Pending { body, election: None, post: None, what: "not-held" });
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
            v.push(Pending { body, election: Some(e.to_string()), post: None, what: "void" });
        }
        for ((_, post), (election, status)) in latest {
            let what = match status {
                ContestStatus::Revote => "revote",
                ContestStatus::Runoff => "runoff",
                _ => continue,
            };
            v.push(Pending { body, election: Some(election.to_string()), post: Some(post.to_string()), what });
        }
    }
    v
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
fn conflicts(r: &Register, members: &[Member]) -> Vec<Conflict> {
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
fn yijiantiao(members: &[Member]) -> Option<String> {
    let tops = |b: Body| -> BTreeSet<&str> {
        members.iter().filter(|m| m.top && body_of(m.body) == b).filter_map(|m| m.person.as_deref()).collect()
    };
    let (party, vc, coop) = (tops(Body::PartyCommittee), tops(Body::VillagersCommittee), tops(Body::CoopManagement));
    party.intersection(&vc).find(|p| coop.contains(*p)).map(|p| p.to_string())
}

/// Each person once (by register id, else by key), in order of first seat.
fn distinct<'a>(seats: impl Iterator<Item = &'a Member>) -> Vec<&'a Member> {
    let mut seen = BTreeSet::new();
    seats.filter(|m| seen.insert(m.person.clone().unwrap_or_else(|| m.key.clone()))).collect()
}

/// Education levels counted as a university graduate (大学生: 大专 and above).
const GRADUATE: [&str; 12] = [
    "college",
    "associate",
    "bachelor",
    "master",
    "doctorate",
    "phd",
    "大专",
    "本科",
    "硕士",
    "博士",
    "研究生",
    "大学",
];

/// The structure report of one village.
// Long: one table of the plan's targets, one block a target; clearer whole than split.
fn structure(
    r: &Register,
    members: &[Member],
    (conflicts, staff): (&[Conflict], &[StaffConflict]),
    pending: &[Pending],
    year: Option<u16>,
) -> Structure {
    let person = |m: &Member| m.person.as_deref().and_then(|p| r.person(p));
    let people_of = |b: Body| distinct(members.iter().filter(|m| body_of(m.body) == b));
    let names = |ms: &[&Member]| ms.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join("、");
    let two =
        distinct(members.iter().filter(|m| matches!(body_of(m.body), Body::PartyCommittee | Body::VillagersCommittee)));
    let mut t = Vec::new();
    let extra = if r.large() { 2 } else { 0 };
    for (b, zh, lo, hi, src) in [
        (Body::PartyCommittee, "村党组织委员会人数", 3, 7 + extra, "plan (三): 3–7, +1–2 large/merged"),
        (Body::VillagersCommittee, "村民委员会人数", 3, 7 + extra, "plan (三): 3–7, +1–2 large/merged; rules.md"),
        (Body::SupervisionCommittee, "村务监督委员会人数", 3, 5, "rules.md: 3–5"),
    ] {
        let ms = people_of(b);
        let held = pending.iter().all(|p| !(p.body == b && p.what == "not-held"));
        t.push(Target {
            code: format!("size-{}", b.as_str()),
            zh: zh.to_string(),
            en: format!("{} members", b.as_str()),
            value: ms.len().to_string(),
            target: format!("{lo}–{hi}"),
            verdict: if held { Verdict::of((lo..=hi).contains(&ms.len())) } else { Verdict::None },
            source: src,
        });
    }
    for (b, zh) in [
        (Body::PartyCommittee, "村党组织委员会女性成员"),
        (Body::VillagersCommittee, "村民委员会女性成员"),
        (Body::SupervisionCommittee, "村务监督委员会女性成员"),
    ] {
        let ms = people_of(b);
        let women: Vec<&Member> =
            ms.iter().copied().filter(|m| person(m).is_some_and(|p| p.gender == Some(Gender::F))).collect();
        t.push(Target {
            code: format!("women-{}", b.as_str()),
            zh: zh.to_string(),
            en: format!("women on the {}", b.as_str()),
            value: format!("{} {}", women.len(), names(&women)).trim().to_string(),
            target: "≥ 1".into(),
            verdict: if ms.is_empty() { Verdict::None } else { Verdict::of(!women.is_empty()) },
            source: "plan (三) 妇女委员专职专选; rules.md",
        });
    }
    let grads: Vec<&Member> = two
        .iter()
        .copied()
        .filter(|m| {
            person(m)
                .and_then(|p| p.education.as_deref())
                .is_some_and(|e| GRADUATE.contains(&e.to_lowercase().as_str()))
        })
        .collect();
    t.push(Target {
        code: "graduate".into(),
        zh: "“两委”中的大学生".into(),
        en: "university graduates on the two committees".into(),
        value: format!("{} {}", grads.len(), names(&grads)).trim().to_string(),
        target: "≥ 1".into(),
        verdict: if two.is_empty() { Verdict::None } else { Verdict::of(!grads.is_empty()) },
        source: "plan (三) 村村都有大学生",
    });
    let age = |m: &Member| Some(year? - person(m)?.born?);
    let young: Vec<&Member> = two.iter().copied().filter(|m| age(m).is_some_and(|a| a <= 35)).collect();
    t.push(Target {
        code: "aged-35-or-under".into(),
        zh: "“两委”中35周岁以下成员".into(),
        en: "members aged 35 or under on the two committees".into(),
        value: format!("{} {}", young.len(), names(&young)).trim().to_string(),
        target: "≥ 1".into(),
        verdict: if two.is_empty() || year.is_none() { Verdict::None } else { Verdict::of(!young.is_empty()) },
        source: "plan (三) 村村都有35周岁以下年轻干部",
    });
    let minority: Vec<&Member> = two
        .iter()
        .copied()
        .filter(|m| person(m).and_then(|p| p.ethnicity.as_deref()).is_some_and(|e| e != "汉族" && e != "汉"))
        .collect();
    t.push(Target {
        code: "minority".into(),
        zh: "少数民族成员（少数民族村）".into(),
        en: "minority members (minority village)".into(),
        value: format!("{} {}", minority.len(), names(&minority)).trim().to_string(),
        target: if r.minority() { "≥ 1".into() } else { "—".into() },
        verdict: if r.minority() && !two.is_empty() { Verdict::of(!minority.is_empty()) } else { Verdict::None },
        source: "plan (三) 优化少数民族村村级班子配备",
    });
    let holder = yijiantiao(members);
    let holder_name = holder.as_deref().and_then(|h| r.person(h)).map(|p| p.name.clone());
    t.push(Target {
        code: "yijiantiao".into(),
        zh: "书记、主任、社长“一肩挑”".into(),
        en: "one person secretary, chair and cooperative head".into(),
        value: holder_name.clone().unwrap_or_else(|| "—".into()),
        target: "应挑尽挑".into(),
        verdict: Verdict::of(holder.is_some()),
        source: "plan (一) 全面推行“一肩挑”",
    });
    let party: BTreeSet<&str> = people_of(Body::PartyCommittee).iter().filter_map(|m| m.person.as_deref()).collect();
    let cross: Vec<&Member> = people_of(Body::VillagersCommittee)
        .into_iter()
        .filter(|m| m.person.as_deref().is_some_and(|p| party.contains(p)))
        .collect();
    t.push(Target {
        code: "cross-appointment".into(),
        zh: "村党组织与村民委员会交叉任职".into(),
        en: "people on both the Party and the villagers' committee".into(),
        value: format!("{} {}", cross.len(), names(&cross)).trim().to_string(),
        target: "≥ 1".into(),
        verdict: if two.is_empty() { Verdict::None } else { Verdict::of(!cross.is_empty()) },
        source: "plan (一)、(三) 交叉任职",
    });
    let ages: Vec<u16> = two.iter().filter_map(|m| age(m)).collect();
    t.push(Target {
        code: "average-age".into(),
        zh: "“两委”成员平均年龄".into(),
        en: "average age on the two committees".into(),
        value: if ages.is_empty() {
            "—".into()
        } else {
            let sum: u32 = ages.iter().map(|&a| u32::from(a)).sum();
            let n = ages.len() as u32;
            format!("{}.{} ({n})", sum / n, (sum % n) * 10 / n)
        },
        target: "—".into(),
        verdict: Verdict::None,
        source: "plan (三) 改善年龄结构",
    });
    t.push(Target {
        code: "kinship-conflicts".into(),
        zh: "任职回避冲突".into(),
        en: "kinship conflicts".into(),
        value: (conflicts.len() + staff.len()).to_string(),
        target: "0".into(),
        verdict: Verdict::of(conflicts.is_empty() && staff.is_empty()),
        source: "ZJE31; ZJI30; ZJC25; ZJE22; plan (二)",
    });
    t.push(Target {
        code: "pending".into(),
        zh: "尚待进行的投票（再次投票、另行选举、未选）".into(),
        en: "votes still pending (re-votes, run-offs, not held)".into(),
        value: pending.len().to_string(),
        target: "0".into(),
        verdict: Verdict::of(pending.is_empty()),
        source: "ZJE28–30",
    });
    Structure { village: r.village().to_string(), targets: t }
}

/// One target across a township's villages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// The target's code.
    pub code: String,
    /// What is measured, in Chinese.
    pub zh: String,
    /// What is measured, in English.
    pub en: String,
    /// Villages meeting it.
    pub met: usize,
    /// Villages where it applies (✓ or ✗).
    pub judged: usize,
    /// The villages missing it.
    pub missed: Vec<String>,
    /// Where the target comes from.
    pub source: &'static str,
}

impl Rollup {
    /// ✓ when every village where the target applies meets it, ✗ when one misses it, — when it
    /// applies nowhere.
    pub fn verdict(&self) -> Verdict {
        if self.judged == 0 { Verdict::None } else { Verdict::of(self.met == self.judged) }
    }
}

/// A township's villages and their targets rolled up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Township {
    /// The township's name (from the outcomes).
    pub township: String,
    /// Each village.
    pub villages: Vec<Village>,
    /// Each target across the villages.
    pub rollup: Vec<Rollup>,
}

impl Township {
    /// The villages, rolled up target by target.
    pub fn new(villages: Vec<Village>) -> Township {
        let township = villages.iter().map(|v| v.township.clone()).find(|t| !t.is_empty()).unwrap_or_default();
        let mut rollup: Vec<Rollup> = Vec::new();
        for v in &villages {
            for t in &v.structure.targets {
                let r = match rollup.iter_mut().find(|r| r.code == t.code) {
                    Some(r) => r,
                    None => {
                        rollup.push(Rollup {
                            code: t.code.clone(),
                            zh: t.zh.clone(),
                            en: t.en.clone(),
                            met: 0,
                            judged: 0,
                            missed: Vec::new(),
                            source: t.source,
                        });
                        rollup.last_mut().expect("just pushed")
                    }
                };
                match t.verdict {
                    Verdict::Met => {
                        r.met += 1;
                        r.judged += 1;
                    }
                    Verdict::Missed => {
                        r.judged += 1;
                        r.missed.push(v.village.clone());
                    }
                    Verdict::None => {}
                }
            }
        }
        Township { township, villages, rollup }
    }

    /// Whether every village meets every target that applies and has no conflict.
    pub fn all_met(&self) -> bool {
        self.rollup.iter().all(|r| r.met == r.judged)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::law::count::{BoxSource, count_boxes};
    use crate::law::manifest::Election;

    /// 赵一 (a) is married to 钱二 (b); 孙三 (c) is 赵一's grandchild; 李四 (d) and 周五 (e) are
    /// unrelated; 吴六 (f) is 李四's sibling; 郑七 (g) is the village bookkeeper.
    const PEOPLE: &str = r#"
village = "坑头村"
[[person]]
id = "a"
name = "赵一"
gender = "M"
born = 1960
education = "college"
[[person]]
id = "b"
name = "钱二"
gender = "F"
born = 1962
[[person]]
id = "c"
name = "孙三"
born = 1995
[[person]]
id = "d"
name = "李四"
born = 1980
[[person]]
id = "e"
name = "周五"
born = 1970
[[person]]
id = "f"
name = "吴六"
born = 1982
[[person]]
id = "g"
name = "郑七"
born = 1985
office = "bookkeeper"
[[relation]]
a = "a"
b = "b"
kind = "spouse"
[[relation]]
a = "a"
b = "c"
kind = "grandparent"
[[relation]]
a = "d"
b = "f"
kind = "sibling"
"#;

    fn register() -> Register {
        Register::from_toml(PEOPLE, Path::new("people.toml")).unwrap()
    }

    /// A vote of `body` in which every voter elects exactly these people to these posts.
    fn vote(body: &str, rules: &str, posts: &[(&str, &[&str])]) -> Outcome {
        let mut m = format!(
            "format = 1\n[election]\nid = \"v-{body}\"\nvillage = \"坑头村\"\nbody = \"{body}\"\nrules = \"{rules}\"\ndate = \"2020-11-18\"\nregistered = 10\n"
        );
        let mut ballot = Vec::new();
        for (post, names) in posts {
            let ks: Vec<String> =
                names.iter().map(|n| format!("{{ id = \"{}\", name = \"{n}\" }}", register().named(n)[0])).collect();
            m.push_str(&format!(
                "[[contest]]\nid = \"{post}\"\nseats = {}\ncandidates = [ {} ]\n",
                names.len(),
                ks.join(", ")
            ));
            let ids: Vec<String> = names.iter().map(|n| format!("\"{}\"", register().named(n)[0])).collect();
            ballot.push(format!("\"{post}\":[{}]", ids.join(",")));
        }
        m.push_str("[[station]]\nid = \"s\"\n");
        let e = Election::from_toml(&m, Path::new("e.toml")).unwrap();
        let line = format!("{{{}}}\n", ballot.join(","));
        let bytes = format!("{{\"station\":\"s\",\"voters\":10}}\n{}", line.repeat(10));
        let counts = count_boxes(&e, &[BoxSource::Memory(PathBuf::from("s"), bytes.as_bytes())], false).unwrap();
        Outcome::new(&e, &counts)
    }

    fn rules_of(v: &Village) -> Vec<(&'static str, Option<&'static str>)> {
        v.conflicts.iter().map(|c| (c.rule, c.relation)).collect()
    }

    /// ZJE31 (plan 二): spouses may not serve on the villagers' committee and a cooperative board.
    #[test]
    fn zje31_close_relatives_across_bodies() {
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["李四"])]);
        let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["钱二"])]);
        let v = Village::new(&register(), &[vc, cm]).unwrap();
        assert_eq!(rules_of(&v), vec![("ZJE31", Some("spouse"))]);
        assert_eq!(
            (v.conflicts[0].a.name.as_str(), v.conflicts[0].b.as_ref().unwrap().name.as_str()),
            ("赵一", "钱二")
        );
    }

    /// ZJI30: a supervision member may not be a villagers' committee member, nor in their wider
    /// circle (grandchildren too); supervision members related to each other are not parted.
    #[test]
    fn zji30_supervision_and_the_villagers_committee() {
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["李四"])]);
        let sv = vote(
            "supervision-committee",
            "zj-supervision-2020",
            &[("chair", &["李四"]), ("member", &["孙三", "周五"])],
        );
        let v = Village::new(&register(), &[vc.clone(), sv]).unwrap();
        assert_eq!(rules_of(&v), vec![("ZJI30", Some("grandchild")), ("ZJI30", None)]);
        let sv = vote("supervision-committee", "zj-supervision-2020", &[("member", &["吴六", "周五"])]);
        let v = Village::new(&register(), &[vc, sv]).unwrap();
        assert_eq!(rules_of(&v), vec![("ZJI30", Some("sibling"))], "吴六 is 李四's sibling");
    }

    /// ZJI30: nor may the village's clerk or bookkeeper sit on the supervision committee; on the
    /// villagers' committee they may.
    #[test]
    fn zji30_the_clerk_and_the_bookkeeper() {
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["郑七"])]);
        let v = Village::new(&register(), &[vc]).unwrap();
        assert!(v.conflicts.is_empty());
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
        let sv = vote("supervision-committee", "zj-supervision-2020", &[("member", &["郑七", "周五"])]);
        let v = Village::new(&register(), &[vc, sv]).unwrap();
        assert_eq!(rules_of(&v), vec![("ZJI30", None)]);
        let c = &v.conflicts[0];
        assert_eq!((c.a.name.as_str(), c.b.is_none(), c.office), ("郑七", true, Some(VillageOffice::Bookkeeper)));
    }

    /// ZJC25: nobody sits on both cooperative boards.
    #[test]
    fn zjc25_one_board_only() {
        let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["周五"])]);
        let cs = vote("coop-supervision", "zj-coop-rep-2020", &[("chair", &["周五"])]);
        let v = Village::new(&register(), &[cm, cs]).unwrap();
        assert_eq!(rules_of(&v), vec![("ZJC25", None)]);
    }

    /// Plan (二): the holder of all three top posts may not serve with grandparents or
    /// grandchildren; anyone else may.
    #[test]
    fn plan_yijiantiao_wider_circle() {
        let po = vote("party-officers", "cpc-2020", &[("secretary", &["赵一"])]);
        let pc = vote("party-committee", "cpc-2020", &[("committee", &["赵一", "孙三", "李四"])]);
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
        let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["赵一"])]);
        let v = Village::new(&register(), &[po.clone(), pc.clone(), vc, cm]).unwrap();
        assert_eq!(rules_of(&v), vec![("plan-yijiantiao", Some("grandchild"))]);
        let yjt = v.structure.targets.iter().find(|t| t.code == "yijiantiao").unwrap();
        assert_eq!((yjt.value.as_str(), yjt.verdict), ("赵一", Verdict::Met));
        // Without the cooperative head, nobody holds all three: the grandchild may serve.
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
        let v = Village::new(&register(), &[po, pc, vc]).unwrap();
        assert!(v.conflicts.is_empty());
    }

    /// The plan's targets: sizes 3–7, a woman on each committee, a graduate and someone 35 or
    /// under, bodies not yet elected pending.
    #[test]
    fn plan_structure_targets() {
        let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["孙三", "李四"])]);
        let v = Village::new(&register(), &[vc]).unwrap();
        let get = |code: &str| v.structure.targets.iter().find(|t| t.code == code).unwrap().clone();
        assert_eq!(
            (get("size-villagers-committee").value.as_str(), get("size-villagers-committee").verdict),
            ("3", Verdict::Met)
        );
        assert_eq!(get("size-party-committee").verdict, Verdict::None, "not held: not judged");
        assert_eq!(get("women-villagers-committee").verdict, Verdict::Missed);
        assert_eq!(get("graduate").verdict, Verdict::Met, "赵一: college");
        assert_eq!(get("aged-35-or-under").value, "1 孙三", "2020 − 1995 = 25");
        assert_eq!(get("average-age").value, "41.6 (3)", "(60 + 25 + 40) / 3 = 41.67, written 41.6");
        assert_eq!(get("pending").value, "4", "four bodies not held");
        assert_eq!(v.pending.iter().filter(|p| p.what == "not-held").count(), 4);
    }
}
