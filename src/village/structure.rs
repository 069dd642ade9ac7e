//! The structure report of one village: each target of the township plan with its value, ✓ or ✗,
//! and its source. Ages are counted in whole years at the vote's date (year of the vote − year of
//! birth).

use std::collections::BTreeSet;
use std::fmt;

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

/// One line of the structure report. Its JSON names what is measured in both languages and cites
/// its source (`crate::report::village`'s JSON view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// What is measured.
    pub code: TargetCode,
    /// The value found, in numbers and names: `5`, `2 赵一、钱二`, `34.0 (5)`, `—`.
    pub value: String,
    /// What the plan asks for.
    pub goal: Goal,
    /// ✓ / ✗ / —.
    pub verdict: Verdict,
    /// Where the target comes from.
    pub source: Source,
}

/// What a target measures; its stable code (e.g. `size-villagers-committee`) is its [`Display`].
///
/// [`Display`]: fmt::Display
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetCode {
    /// How many people sit on the body.
    Size(Body),
    /// The women on the body.
    Women(Body),
    /// University graduates on the two committees.
    Graduate,
    /// Members aged 35 or under on the two committees.
    AgedUnder35,
    /// Minority members (in a minority village).
    Minority,
    /// One person secretary, chair and cooperative head (一肩挑).
    Yijiantiao,
    /// People on both the Party committee and the villagers' committee.
    CrossAppointment,
    /// The two committees' average age.
    AverageAge,
    /// Kinship conflicts, between seats and in the counting teams.
    KinshipConflicts,
    /// Votes still to hold.
    Pending,
}

impl fmt::Display for TargetCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetCode::Size(b) => write!(f, "size-{}", b.as_str()),
            TargetCode::Women(b) => write!(f, "women-{}", b.as_str()),
            TargetCode::Graduate => f.write_str("graduate"),
            TargetCode::AgedUnder35 => f.write_str("aged-35-or-under"),
            TargetCode::Minority => f.write_str("minority"),
            TargetCode::Yijiantiao => f.write_str("yijiantiao"),
            TargetCode::CrossAppointment => f.write_str("cross-appointment"),
            TargetCode::AverageAge => f.write_str("average-age"),
            TargetCode::KinshipConflicts => f.write_str("kinship-conflicts"),
            TargetCode::Pending => f.write_str("pending"),
        }
    }
}

impl Serialize for TargetCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What the plan asks of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// From `lo` to `hi`, both included (`3–7`).
    Range {
        /// The least.
        lo: usize,
        /// The most.
        hi: usize,
    },
    /// At least one (`≥ 1`).
    AtLeastOne,
    /// None at all (`0`).
    Zero,
    /// No target: information only (`—`).
    Nothing,
    /// Wherever it can be done (应挑尽挑).
    WhereverPossible,
}

/// Where a target comes from: the township's plan (its sections (一)–(三)), the rules, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Plan (三): 3–7 members, 1–2 more in a large or merged village.
    PlanSize,
    /// Plan (三) and the rules: the villagers' committee's size.
    PlanSizeAndRules,
    /// The rules: 3–5 supervision members.
    RulesSupervisionSize,
    /// Plan (三): a woman elected to the women's seat; and the rules.
    PlanWomen,
    /// Plan (三): a university graduate in every village.
    PlanGraduate,
    /// Plan (三): a cadre aged 35 or under in every village.
    PlanYoung,
    /// Plan (三): minority members in a minority village.
    PlanMinority,
    /// Plan (一): one person secretary, chair and cooperative head.
    PlanYijiantiao,
    /// Plan (一) and (三): cross-appointment.
    PlanCrossAppointment,
    /// Plan (三): the age structure.
    PlanAge,
    /// The avoidance rules: ZJE31, ZJI30, ZJC25, ZJE22 and plan (二).
    KinshipRules,
    /// The rules of re-votes and run-offs: ZJE28–30.
    PendingRules,
}

/// The structure report of one village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The village.
    pub village: String,
    /// The targets, in a fixed order.
    pub targets: Vec<Target>,
    /// The ages of the two committees' members whose birth date the register gives.
    pub ages: Ages,
}

/// Ages added up: their sum and how many people, for an average a township can add up too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ages {
    /// The ages added.
    pub sum: u64,
    /// The people counted.
    pub people: u64,
}

impl Ages {
    /// Two sets of ages together.
    pub fn with(self, o: Ages) -> Ages {
        Ages { sum: self.sum + o.sum, people: self.people + o.people }
    }

    /// The average to one decimal (truncated), `—` when nobody is counted.
    pub fn average(self) -> String {
        match self.people {
            0 => "—".into(),
            n => format!("{}.{}", self.sum / n, (self.sum % n) * 10 / n),
        }
    }
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
    for (b, lo, hi, source) in [
        (Body::PartyCommittee, 3, 7 + extra, Source::PlanSize),
        (Body::VillagersCommittee, 3, 7 + extra, Source::PlanSizeAndRules),
        (Body::SupervisionCommittee, 3, 5, Source::RulesSupervisionSize),
    ] {
        let ms = people_of(b);
        let held = pending.iter().all(|p| !(p.body == b && p.what == PendingKind::NotHeld));
        t.push(Target {
            code: TargetCode::Size(b),
            value: ms.len().to_string(),
            goal: Goal::Range { lo, hi },
            verdict: if held { Verdict::of((lo..=hi).contains(&ms.len())) } else { Verdict::None },
            source,
        });
    }
    for b in [Body::PartyCommittee, Body::VillagersCommittee, Body::SupervisionCommittee] {
        let ms = people_of(b);
        let women: Vec<&Member> =
            ms.iter().copied().filter(|m| person(m).is_some_and(|p| p.gender == Some(Gender::F))).collect();
        t.push(Target {
            code: TargetCode::Women(b),
            value: format!("{} {}", women.len(), names(&women)).trim().to_string(),
            goal: Goal::AtLeastOne,
            verdict: if ms.is_empty() { Verdict::None } else { Verdict::of(!women.is_empty()) },
            source: Source::PlanWomen,
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
        code: TargetCode::Graduate,
        value: format!("{} {}", grads.len(), names(&grads)).trim().to_string(),
        goal: Goal::AtLeastOne,
        verdict: if two.is_empty() { Verdict::None } else { Verdict::of(!grads.is_empty()) },
        source: Source::PlanGraduate,
    });
    let age = |m: &Member| Some(year? - person(m)?.born?);
    let young: Vec<&Member> = two.iter().copied().filter(|m| age(m).is_some_and(|a| a <= 35)).collect();
    t.push(Target {
        code: TargetCode::AgedUnder35,
        value: format!("{} {}", young.len(), names(&young)).trim().to_string(),
        goal: Goal::AtLeastOne,
        verdict: if two.is_empty() || year.is_none() { Verdict::None } else { Verdict::of(!young.is_empty()) },
        source: Source::PlanYoung,
    });
    let minority: Vec<&Member> = two
        .iter()
        .copied()
        .filter(|m| person(m).and_then(|p| p.ethnicity.as_deref()).is_some_and(|e| e != "汉族" && e != "汉"))
        .collect();
    t.push(Target {
        code: TargetCode::Minority,
        value: format!("{} {}", minority.len(), names(&minority)).trim().to_string(),
        goal: if r.minority() { Goal::AtLeastOne } else { Goal::Nothing },
        verdict: if r.minority() && !two.is_empty() { Verdict::of(!minority.is_empty()) } else { Verdict::None },
        source: Source::PlanMinority,
    });
    let holder = yijiantiao(members);
    let holder_name = holder.as_deref().and_then(|h| r.person(h)).map(|p| p.name.clone());
    t.push(Target {
        code: TargetCode::Yijiantiao,
        value: holder_name.clone().unwrap_or_else(|| "—".into()),
        goal: Goal::WhereverPossible,
        verdict: Verdict::of(holder.is_some()),
        source: Source::PlanYijiantiao,
    });
    let party: BTreeSet<&str> = people_of(Body::PartyCommittee).iter().filter_map(|m| m.person.as_deref()).collect();
    let cross: Vec<&Member> = people_of(Body::VillagersCommittee)
        .into_iter()
        .filter(|m| m.person.as_deref().is_some_and(|p| party.contains(p)))
        .collect();
    t.push(Target {
        code: TargetCode::CrossAppointment,
        value: format!("{} {}", cross.len(), names(&cross)).trim().to_string(),
        goal: Goal::AtLeastOne,
        verdict: if two.is_empty() { Verdict::None } else { Verdict::of(!cross.is_empty()) },
        source: Source::PlanCrossAppointment,
    });
    let ages: Vec<u16> = two.iter().filter_map(|m| age(m)).collect();
    t.push(Target {
        code: TargetCode::AverageAge,
        value: if ages.is_empty() {
            "—".into()
        } else {
            let sum: u32 = ages.iter().map(|&a| u32::from(a)).sum();
            let n = ages.len() as u32;
            format!("{}.{} ({n})", sum / n, (sum % n) * 10 / n)
        },
        goal: Goal::Nothing,
        verdict: Verdict::None,
        source: Source::PlanAge,
    });
    t.push(Target {
        code: TargetCode::KinshipConflicts,
        value: (conflicts.len() + staff.len()).to_string(),
        goal: Goal::Zero,
        verdict: Verdict::of(conflicts.is_empty() && staff.is_empty()),
        source: Source::KinshipRules,
    });
    t.push(Target {
        code: TargetCode::Pending,
        value: pending.len().to_string(),
        goal: Goal::Zero,
        verdict: Verdict::of(pending.is_empty()),
        source: Source::PendingRules,
    });
    let ages = Ages { sum: ages.iter().map(|&a| u64::from(a)).sum(), people: ages.len() as u64 };
    Structure { village: r.village().to_string(), targets: t, ages }
}
