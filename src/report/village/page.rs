//! The township's structure report as one self-contained HTML page: the roll-up, then each village's
//! targets, conflicts and pending votes.

use maud::{Markup, html};

use crate::report::html::page;
use crate::village::{Township, Verdict};
use crate::words::Lang;
use crate::words::village::VillageWord;

use super::{conflict, pending, staff_conflict};

const CSS: &str = "@page{size:A4;margin:14mm 12mm}body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:0 auto;max-width:186mm;padding:0 .5mm;box-sizing:border-box}table{border-collapse:collapse;margin:.5em 0 1.5em;max-width:100%}td{overflow-wrap:anywhere}th,td{border:1px solid #444;padding:.25em .6em;text-align:left}td.mark{font-weight:bold;text-align:center}section{page-break-inside:avoid}.missed{color:#a00}";

fn mark_cell(v: Verdict) -> Markup {
    html! { td.mark data-verdict=(v.mark()) { (v.mark()) } }
}

/// The township's structure report as one self-contained HTML page.
pub fn html(t: &Township, lang: Lang) -> String {
    let title = format!("{} {}", t.township, lang.say(VillageWord::ReportTitle));
    let say = |w: VillageWord| lang.say(w);
    let body = html! {
        h1 { (title) }
        section.rollup {
            h2 { (say(VillageWord::TheTownship)) }
            table {
                thead { tr { th { (say(VillageWord::Measure)) } th { (say(VillageWord::VillagesMeeting)) } th { "" } th { (say(VillageWord::MissedBy)) } th { (say(VillageWord::Source)) } } }
                tbody {
                    @for r in &t.rollup {
                        tr data-code=(r.code) { td { (lang.measure(r.code)) } td data-met=(r.met) data-judged=(r.judged) { (super::rolled_up(lang, r)) } (mark_cell(r.verdict())) td.missed { (r.missed.join("、")) } td { (lang.source(r.source)) } }
                    }
                }
            }
        }
        @for v in &t.villages {
            section.village data-village=(v.village) {
                h2 { (v.village) }
                table {
                    thead { tr { th { (say(VillageWord::Measure)) } th { (say(VillageWord::Value)) } th { (say(VillageWord::Goal)) } th { "" } th { (say(VillageWord::Source)) } } }
                    tbody {
                        @for x in &v.structure.targets {
                            tr data-code=(x.code) { td { (lang.measure(x.code)) } td { (x.value) } td { (lang.goal(x.goal)) } (mark_cell(x.verdict)) td { (lang.source(x.source)) } }
                        }
                    }
                }
                @if !v.clear() {
                    h3 { (say(VillageWord::KinshipConflicts)) }
                    ul {
                        @for c in &v.conflicts { li.conflict data-rule=(c.rule().as_str()) { (conflict(lang, c)) } }
                        @for c in &v.staff { li.conflict data-rule=(c.article) { (staff_conflict(lang, c)) } }
                    }
                }
                @if !v.pending.is_empty() {
                    h3 { (say(VillageWord::StillPending)) }
                    ul { @for p in &v.pending { li { (pending(lang, p)) } } }
                }
            }
        }
    };
    page(lang, &title, CSS, body, None).into_string()
}
