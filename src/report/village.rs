//! The village and township views in words: a village's conflicts between bodies, its pending votes
//! and its structure report; a township's villages rolled up target by target — as terminal text,
//! CSV and a self-contained HTML page.
//!
//! Takes in [`crate::village::Village`] and [`crate::village::Township`]; gives out text.

use std::fmt::Write;

use maud::{Markup, html};

use crate::report::html::page;
use crate::village::{Conflict, Pending, Target, Township, Verdict, Village};
use crate::vote::staff::{self, StaffConflict};
use crate::words::Lang;

/// How a rule is named to people.
fn rule(lang: Lang, r: &str) -> String {
    match (lang, r) {
        (Lang::Zh, "plan-yijiantiao") => "“一肩挑”回避（乡镇方案）".into(),
        (Lang::En, "plan-yijiantiao") => "一肩挑 holder's wider circle (township plan)".into(),
        (_, other) => other.to_string(),
    }
}

/// One conflict in a sentence.
pub fn conflict(lang: Lang, c: &Conflict) -> String {
    let seat = |m: &crate::village::Member| format!("{}（{} {}）", m.name, lang.body(m.body), m.office);
    let a = seat(&c.a);
    let Some(b) = c.b.as_ref().map(seat) else {
        let office = c.office.map(|o| lang.village_office(o)).unwrap_or_default();
        return match lang {
            Lang::Zh => format!("{}：{a} 是{office} — 建议：{}", rule(lang, c.rule), c.recommendation_zh),
            Lang::En => format!("{}: {a} is {office} — recommended: {}", rule(lang, c.rule), c.recommendation_en),
        };
    };
    match (lang, c.relation) {
        (Lang::Zh, Some(rel)) => {
            format!("{}：{b} 是 {a} 的{} — 建议：{}", rule(lang, c.rule), lang.relation(rel), c.recommendation_zh)
        }
        (Lang::Zh, None) => {
            format!("{}：同一人同时当选 {a} 和 {b} — 建议：{}", rule(lang, c.rule), c.recommendation_zh)
        }
        (Lang::En, Some(rel)) => format!(
            "{}: {b} is the {} of {a} — recommended: {}",
            rule(lang, c.rule),
            lang.relation(rel),
            c.recommendation_en
        ),
        (Lang::En, None) => format!(
            "{}: one person elected both {a} and {b} — recommended: {}",
            rule(lang, c.rule),
            c.recommendation_en
        ),
    }
}

/// A counting-team member the law keeps off the team [ZJE22], in a sentence.
pub fn staff_conflict(lang: Lang, c: &StaffConflict) -> String {
    let who = format!("{}（{}）", c.name, c.person);
    let role = lang.staff_role(c.role);
    let candidate = format!("{}（{}）", c.candidate_name, c.candidate);
    let (article, election, station) = (c.article, &c.election, &c.station);
    match lang {
        Lang::Zh => {
            let is = match c.relation {
                Some(rel) => format!("是候选人 {candidate} 的{}", lang.relation(rel)),
                None => format!("本人即候选人 {candidate}"),
            };
            format!("{article}：{election} 票箱 {station} 的{role} {who} {is} — 建议：{}", staff::RECOMMENDATION_ZH)
        }
        Lang::En => {
            let is = match c.relation {
                Some(rel) => format!("is the {} of candidate {candidate}", lang.relation(rel)),
                None => format!("is candidate {candidate}"),
            };
            format!(
                "{article}: {who}, {role} at box {station} of {election}, {is} — recommended: {}",
                staff::RECOMMENDATION_EN
            )
        }
    }
}

/// One pending vote in words.
pub fn pending(lang: Lang, p: &Pending) -> String {
    let what = match (lang, p.what) {
        (Lang::Zh, "revote") => "再次投票",
        (Lang::Zh, "runoff") => "另行选举",
        (Lang::Zh, "void") => "选举无效，须重新选举",
        (Lang::Zh, _) => "尚未选举（未提供结果）",
        (Lang::En, "revote") => "re-vote",
        (Lang::En, "runoff") => "run-off",
        (Lang::En, "void") => "void: to be held again",
        (Lang::En, _) => "not held (no outcome given)",
    };
    let post = p.post.as_deref().map(|x| format!(" {x}")).unwrap_or_default();
    let vote = p.election.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
    format!("{}{post}: {what}{vote}", lang.body(p.body))
}

fn measure(lang: Lang, t: &Target) -> &str {
    lang.t(&t.zh, &t.en)
}

/// A village's view as terminal text.
pub fn text(v: &Village, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} — {}",
        v.township,
        v.village,
        lang.t("村级组织换届：结构与任职回避", "the village's bodies: structure and kinship")
    );
    for t in &v.structure.targets {
        let _ = writeln!(
            s,
            "  {} {}: {}   {} {}   [{}]",
            t.verdict.mark(),
            measure(lang, t),
            t.value,
            lang.t("目标", "target"),
            t.target,
            t.source
        );
    }
    let _ = writeln!(s, "{}", lang.t("任职回避冲突：", "Kinship conflicts:"));
    if v.clear() {
        let _ = writeln!(s, "  {}", lang.t("无", "none"));
    }
    for c in &v.conflicts {
        let _ = writeln!(s, "  ✗ {}", conflict(lang, c));
    }
    for c in &v.staff {
        let _ = writeln!(s, "  ✗ {}", staff_conflict(lang, c));
    }
    if !v.pending.is_empty() {
        let _ = writeln!(s, "{}", lang.t("尚待进行的投票：", "Votes still pending:"));
        for p in &v.pending {
            let _ = writeln!(s, "  • {}", pending(lang, p));
        }
    }
    for m in &v.unmatched {
        let _ = writeln!(
            s,
            "  ⚠ {}",
            match lang {
                Lang::Zh => format!(
                    "当选人 {}（{} {}）在村民名册中无法确认，未作亲属回避审查",
                    m.name,
                    lang.body(m.body),
                    m.office
                ),
                Lang::En => format!(
                    "{} ({} {}) cannot be named in the register: kinship not checked",
                    m.name,
                    lang.body(m.body),
                    m.office
                ),
            }
        );
    }
    s
}

/// A township's view as terminal text: each village, then the roll-up.
pub fn township_text(t: &Township, lang: Lang) -> String {
    let mut s = String::new();
    for v in &t.villages {
        s.push_str(&text(v, lang));
        s.push('\n');
    }
    let _ = writeln!(s, "{} — {}", t.township, lang.t("全乡汇总", "the township rolled up"));
    for r in &t.rollup {
        let mark = r.verdict().mark();
        let missed = if r.missed.is_empty() { String::new() } else { format!("  ✗ {}", r.missed.join("、")) };
        let _ = writeln!(s, "  {mark} {}: {}/{}{missed}   [{}]", lang.t(&r.zh, &r.en), r.met, r.judged, r.source);
    }
    s
}

/// The structure report as CSV: one row a village and target, then the township's roll-up rows
/// (village `*`).
pub fn csv(t: &Township) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["township", "village", "code", "measure", "value", "target", "verdict", "source"])?;
    for v in &t.villages {
        for x in &v.structure.targets {
            w.write_record([&t.township, &v.village, &x.code, &x.zh, &x.value, &x.target, x.verdict.mark(), x.source])?;
        }
    }
    for r in &t.rollup {
        let mark = r.verdict().mark();
        let value = format!("{}/{}", r.met, r.judged);
        w.write_record([t.township.as_str(), "*", &r.code, &r.zh, &value, "all", mark, r.source])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

const CSS: &str = "@page{size:A4;margin:14mm 12mm}body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:0 auto;max-width:186mm;padding:0 .5mm;box-sizing:border-box}table{border-collapse:collapse;margin:.5em 0 1.5em;max-width:100%}td{overflow-wrap:anywhere}th,td{border:1px solid #444;padding:.25em .6em;text-align:left}td.mark{font-weight:bold;text-align:center}section{page-break-inside:avoid}.missed{color:#a00}";

fn mark_cell(v: Verdict) -> Markup {
    html! { td.mark data-verdict=(v.mark()) { (v.mark()) } }
}

/// The township's structure report as one self-contained HTML page.
pub fn html(t: &Township, lang: Lang) -> String {
    let title =
        format!("{} {}", t.township, lang.t("村级组织换届结构报告", "structure report of the village elections"));
    let body = html! {
        h1 { (title) }
        section.rollup {
            h2 { (lang.t("全乡汇总", "The township")) }
            table {
                thead { tr { th { (lang.t("项目", "target")) } th { (lang.t("达标村", "villages meeting it")) } th { "" } th { (lang.t("未达标", "missed by")) } th { (lang.t("依据", "source")) } } }
                tbody {
                    @for r in &t.rollup {
                        tr data-code=(r.code) { td { (lang.t(&r.zh, &r.en)) } td { (r.met) "/" (r.judged) } (mark_cell(r.verdict())) td.missed { (r.missed.join("、")) } td { (r.source) } }
                    }
                }
            }
        }
        @for v in &t.villages {
            section.village data-village=(v.village) {
                h2 { (v.village) }
                table {
                    thead { tr { th { (lang.t("项目", "target")) } th { (lang.t("实际", "value")) } th { (lang.t("目标", "target")) } th { "" } th { (lang.t("依据", "source")) } } }
                    tbody {
                        @for x in &v.structure.targets {
                            tr data-code=(x.code) { td { (measure(lang, x)) } td { (x.value) } td { (x.target) } (mark_cell(x.verdict)) td { (x.source) } }
                        }
                    }
                }
                @if !v.clear() {
                    h3 { (lang.t("任职回避冲突", "Kinship conflicts")) }
                    ul {
                        @for c in &v.conflicts { li.conflict data-rule=(c.rule) { (conflict(lang, c)) } }
                        @for c in &v.staff { li.conflict data-rule=(c.article) { (staff_conflict(lang, c)) } }
                    }
                }
                @if !v.pending.is_empty() {
                    h3 { (lang.t("尚待进行的投票", "Votes still pending")) }
                    ul { @for p in &v.pending { li { (pending(lang, p)) } } }
                }
            }
        }
    };
    page(lang, &title, CSS, body, None).into_string()
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
            article: staff::ARTICLE,
        };
        assert_eq!(
            staff_conflict(Lang::Zh, &c),
            format!(
                "ZJE22：kengtou-vc 票箱 mobile 的计票人 钱二（p2） 是候选人 赵一（c1） 的配偶 — 建议：{}",
                staff::RECOMMENDATION_ZH
            )
        );
        c.relation = None;
        assert_eq!(
            staff_conflict(Lang::En, &c),
            format!(
                "ZJE22: 钱二（p2）, tallier at box mobile of kengtou-vc, is candidate 赵一（c1） — recommended: {}",
                staff::RECOMMENDATION_EN
            )
        );
        assert!(staff_conflict(Lang::Zh, &c).contains("计票人 钱二（p2） 本人即候选人 赵一（c1）"));
    }
}
