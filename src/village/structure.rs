//! The structure report of one village: each target of the township plan with its value, ✓ or ✗,
//! and its source. Ages are counted in whole years at the vote's date (year of the vote − year of
//! birth).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::vote::model::{Body, Gender};
use crate::vote::register::Register;
use crate::vote::staff::StaffConflict;

use super::conflicts::yijiantiao;
use super::*;

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

    pub(super) fn of(ok: bool) -> Verdict {
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
pub(super) fn structure(
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
