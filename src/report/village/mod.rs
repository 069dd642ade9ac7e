//! The village and township views in words: a village's conflicts between bodies, its pending votes
//! and its structure report; a township's villages rolled up target by target — as terminal text,
//! an HTML page ([`html`]), CSV ([`csv`]) and JSON (the `Serialize` of the village's targets,
//! roll-ups and conflicts, in `data`).
//!
//! Takes in [`crate::village::Village`] and [`crate::village::Township`]; gives out text. The words
//! are [`crate::words::village`]'s.

mod data;
mod page;

use std::fmt::Write;

pub use data::csv;
pub use page::html;

use crate::village::{Conflict, Member, Pending, Rollup, TargetCode, Township, Village};
use crate::vote::staff::StaffConflict;
use crate::words::Lang;
use crate::words::village::{VillageSays, VillageWord};

/// A seat as a conflict names it: the name, the body and the office.
fn seat(lang: Lang, m: &Member) -> String {
    format!("{}{}", m.name, lang.in_parens(&format!("{} {}", lang.body(m.body), m.office)))
}

/// One conflict in a sentence.
pub fn conflict(lang: Lang, c: &Conflict) -> String {
    let (rule, rec, a) = (&lang.rule(c.rule()), &lang.recommendation(c.ground), &seat(lang, &c.a));
    let Some(b) = c.b.as_ref().map(|m| seat(lang, m)) else {
        let office = &c.office.map(|o| lang.village_office(o)).unwrap_or_default();
        return lang.format(VillageSays::WithOffice { rule, a, office, rec });
    };
    let b = &b;
    match c.relation {
        Some(k) => lang.format(VillageSays::Related { rule, a, b, rel: &lang.kinship(k), rec }),
        None => lang.format(VillageSays::SamePerson { rule, a, b, rec }),
    }
}

/// A counting-team member the law keeps off the team [ZJE22], in a sentence.
pub fn staff_conflict(lang: Lang, c: &StaffConflict) -> String {
    let who = &format!("{}{}", c.name, lang.in_parens(&c.person));
    let candidate = &format!("{}{}", c.candidate_name, lang.in_parens(&c.candidate));
    let is = &match c.relation {
        Some(rel) => lang.format(VillageSays::StaffRelated { candidate, rel: &lang.relation(rel) }),
        None => lang.format(VillageSays::StaffIsCandidate { candidate }),
    };
    lang.format(VillageSays::Staff {
        article: &c.article,
        election: &c.election,
        station: &c.station,
        role: &lang.staff_role(c.role),
        who,
        is,
        rec: &lang.staff_recommendation(),
    })
}

/// One pending vote in words.
pub fn pending(lang: Lang, p: &Pending) -> String {
    let post = p.post.as_deref().map(|x| format!(" {x}")).unwrap_or_default();
    let vote = p.election.as_deref().map(|e| lang.in_parens(e)).unwrap_or_default();
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    format!("{}{post}{colon}{}{vote}", lang.body(p.body), lang.pending_kind(p.what))
}

/// A village's view as terminal text.
pub fn text(v: &Village, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {} — {}", v.township, v.village, lang.say(VillageWord::Heading));
    for t in &v.structure.targets {
        let value = match t.code {
            TargetCode::AverageAge if v.structure.ages.people > 0 => {
                let a = v.structure.ages;
                lang.format(VillageSays::AverageOf { average: &a.average(), people: &a.people })
            }
            _ => t.value.clone(),
        };
        let _ = writeln!(
            s,
            "  {} {}: {}   {} {}   [{}]",
            t.verdict.mark(),
            lang.measure(t.code),
            value,
            lang.say(VillageWord::Goal),
            lang.goal(t.goal),
            lang.source(t.source)
        );
    }
    let _ = writeln!(s, "{}{}", lang.say(VillageWord::KinshipConflicts), lang.colon());
    if v.clear() {
        let _ = writeln!(s, "  {}", lang.say(crate::words::Word::Nothing));
    }
    for c in &v.conflicts {
        let _ = writeln!(s, "  ✗ {}", conflict(lang, c));
    }
    for c in &v.staff {
        let _ = writeln!(s, "  ✗ {}", staff_conflict(lang, c));
    }
    if !v.pending.is_empty() {
        let _ = writeln!(s, "{}{}", lang.say(VillageWord::StillPending), lang.colon());
        for p in &v.pending {
            let _ = writeln!(s, "  • {}", pending(lang, p));
        }
    }
    for m in &v.unmatched {
        let said = VillageSays::Unmatched { name: &m.name, body: &lang.body(m.body), office: &m.office };
        let _ = writeln!(s, "  ⚠ {}", lang.format(said));
    }
    s
}

/// A roll-up's value in words: the township's average age over every member counted, or the
/// villages meeting the target out of those it applies to.
pub fn rolled_up(lang: Lang, r: &Rollup) -> String {
    match r.code {
        TargetCode::AverageAge => match r.ages.people {
            0 => "—".into(),
            people => lang.format(VillageSays::AverageOf { average: &r.ages.average(), people: &people }),
        },
        _ => lang.format(VillageSays::VillagesMeeting { met: &r.met, judged: &r.judged }),
    }
}

/// A township's view as terminal text: each village, then the roll-up.
pub fn township_text(t: &Township, lang: Lang) -> String {
    let mut s = String::new();
    for v in &t.villages {
        s.push_str(&text(v, lang));
        s.push('\n');
    }
    let _ = writeln!(s, "{} — {}", t.township, lang.say(VillageWord::RolledUp));
    for r in &t.rollup {
        let mark = r.verdict().mark();
        let missed =
            if r.missed.is_empty() { String::new() } else { format!("  ✗ {}", r.missed.join(lang.list_sep())) };
        let (measure, source) = (lang.measure(r.code), lang.source(r.source));
        let _ = writeln!(s, "  {mark} {measure}: {}{missed}   [{source}]", rolled_up(lang, r));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::model::StaffRole;

    /// ZJE22 in words: the member, their role and box, the candidate, and how they are related —
    /// or that they are the candidate — with the recommendation, in either language.
    #[test]
    fn zje22_a_counting_team_conflict_in_a_sentence() {
        let mut c = StaffConflict {
            election: "kengtou-vc".into(),
            station: "mobile".into(),
            role: StaffRole::Tallier,
            person: "p2".into(),
            name: "钱二".into(),
            candidate: "c1".into(),
            candidate_name: "赵一".into(),
            relation: Some("spouse"),
            article: crate::vote::staff::ARTICLE,
        };
        assert_eq!(
            staff_conflict(Lang::Zh, &c),
            format!(
                "ZJE22：kengtou-vc 票箱 mobile 的计票人 钱二（p2） 是候选人 赵一（c1） 的配偶 — 建议：{}",
                Lang::Zh.staff_recommendation()
            )
        );
        c.relation = None;
        assert_eq!(
            staff_conflict(Lang::En, &c),
            format!(
                "ZJE22: 钱二 (p2), tallier at box mobile of kengtou-vc, is candidate 赵一 (c1) — recommended: {}",
                Lang::En.staff_recommendation()
            )
        );
        assert!(staff_conflict(Lang::Zh, &c).contains("计票人 钱二（p2） 本人即候选人 赵一（c1）"));
    }
}
