//! The public audit report (`zheng audit report --out FILE.html`): one self-contained page for A4 —
//! the seed, the risk limit, the assertions with their risks, each round, every ballot drawn and
//! what its paper showed, and the verdict. Inline CSS, no script, no network.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::assertion::Kind;
use super::folder::AuditFolder;
use super::judge::PaperBallot;
use super::plan::SampleEntry;
use super::status::{Status, judged};
use super::text;
use crate::Error;
use crate::report::html::{CSS, page};
use crate::words::Lang;
use crate::words::audit::{AuditSays, AuditWord};

fn kind_said(k: Kind, lang: Lang) -> &'static str {
    lang.say(match k {
        Kind::Bar => AuditWord::KindBar,
        Kind::Beats => AuditWord::KindBeats,
        Kind::Below => AuditWord::KindBelow,
        Kind::Boundary => AuditWord::KindBoundary,
    })
}

/// The report as a complete HTML document.
pub fn report(folder: &AuditFolder, st: &Status, lang: Lang) -> Result<String, Error> {
    let plan = folder.plan();
    let e = folder.manifest().election();
    let sample = folder.sample()?;
    let papers = judged(folder)?;
    let rounds = folder.rounds()?;
    let w = |k: AuditWord| lang.say(k);
    let body = html! {
        h1 { (w(AuditWord::ReportTitle)) }
        p.subtitle { (e.township()) " " (e.village()) " · " (e.title()) }
        table {
            tbody {
                tr { th { (w(AuditWord::BundleDigest)) } td.hash data-field="bundle" { (plan.bundle) } }
                tr { th { (w(AuditWord::Seed)) } td data-field="seed" { (plan.seed) } }
                tr { th { (w(AuditWord::RiskLimit)) } td data-field="risk_limit" { (plan.risk_limit) } }
                tr { th { (w(AuditWord::Population)) } td.num data-field="population" { (plan.population) } }
            }
        }
        p.verdict data-field="verdict" data-verdict=(serde_json::to_value(st.verdict).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) {
            (w(AuditWord::Verdict)) "：" (text::verdict(st, lang))
        }
        @if let Some(why) = st.why { p { (lang.format(AuditSays::Why { why: &text::why_said(why, lang) })) } }
        @if !plan.not_by_ballots.is_empty() { p { (w(AuditWord::NotByBallots)) } }
        @if !plan.hand_count.is_empty() { p { (lang.format(AuditSays::HandCountPosts { posts: &plan.hand_count.join(", ") })) } }
        @match st.paper_differs {
            Some(true) => p.verdict { (w(AuditWord::PaperDiffers)) },
            Some(false) => p { (w(AuditWord::PaperAgrees)) },
            None => {},
        }
        (assertions(folder, st, lang))
        table {
            caption { (w(AuditWord::Rounds)) }
            tbody {
                @for (i, n) in rounds.iter().enumerate() {
                    tr { td { (lang.format(AuditSays::RoundSize { round: &(i + 1), n })) } }
                }
            }
        }
        @if !st.discrepancies.is_empty() {
            table {
                caption { (w(AuditWord::Discrepancies)) }
                thead { tr { th { (w(AuditWord::Station)) } th { } th { (w(AuditWord::Paper)) } th { (w(AuditWord::Signed)) } } }
                tbody {
                    @for d in &st.discrepancies {
                        tr { td { (d.station) } td { (d.post) " " (d.what) } td.num { (d.paper) } td.num { (d.signed) } }
                    }
                }
            }
        }
        (drawn(&sample, &papers, lang))
        p.small { (w(AuditWord::CannotShow)) }
    };
    let title = format!("{} · {}", w(AuditWord::ReportTitle), e.title());
    Ok(page(lang, &title, CSS, body, None).into_string())
}

/// The assertions with their risks.
fn assertions(folder: &AuditFolder, st: &Status, lang: Lang) -> Markup {
    let plan = folder.plan();
    let e = folder.manifest().election();
    let w = |k: AuditWord| lang.say(k);
    let office = |post: &str| e.contest(post).map_or(post.to_string(), |(_, c)| c.office.clone());
    // A listed person by name (and id); a written-in person by the name written.
    let person = |post: &str, key: Option<&str>| -> String {
        let Some(key) = key else { return String::new() };
        e.contest(post)
            .and_then(|(_, c)| c.candidates.iter().find(|k| k.id == key))
            .map_or(key.to_string(), |k| format!("{} ({key})", k.name))
    };
    html! {
        table {
            caption { (w(AuditWord::Assertions)) }
            thead { tr {
                th { (w(AuditWord::Assertion)) } th { (w(AuditWord::Article)) } th { (w(AuditWord::ReportedMean)) }
                th { (w(AuditWord::Margin)) } th { (w(AuditWord::Read)) } th { (w(AuditWord::Risk)) } th { (w(AuditWord::Verdict)) }
            } }
            tbody {
                @for (a, s) in plan.assertions.iter().zip(&st.assertions) {
                    tr data-assertion=(a.id()) {
                        td {
                            (office(a.post())) " · "
                            @if a.kind() == Kind::Below {
                                (person(a.post(), a.loser())) " " (kind_said(a.kind(), lang))
                            } @else {
                                (person(a.post(), a.winner())) " " (kind_said(a.kind(), lang)) " " (person(a.post(), a.loser()))
                            }
                        }
                        td { (a.article()) }
                        td.num { (format!("{:.4}", a.reported_mean())) }
                        td.num { (format!("{:.4}", a.margin())) }
                        td.num { (s.ballots) }
                        td.num data-field="risk" { (text::risk(s.risk)) }
                        td { (w(if s.confirmed { AuditWord::Confirmed } else { AuditWord::NotYet })) }
                    }
                }
            }
        }
    }
}

/// Every ballot drawn and what its paper showed.
fn drawn(sample: &[SampleEntry], papers: &BTreeMap<String, PaperBallot>, lang: Lang) -> Markup {
    let w = |k: AuditWord| lang.say(k);
    html! {
        table {
            caption { (w(AuditWord::Drawn)) }
            thead { tr { th { "#" } th { (w(AuditWord::Ballot)) } th { (w(AuditWord::Ticket)) } th { (w(AuditWord::PaperShows)) } } }
            tbody {
                @for (i, s) in sample.iter().enumerate() {
                    tr data-ballot=(s.ballot) {
                        td.num { (i + 1) }
                        td { (s.ballot) }
                        td.hash { (s.ticket) }
                        td.hash { @match papers.get(&s.ballot) { Some(p) => (p.record()), None => (w(AuditWord::NotRead)) } }
                    }
                }
            }
        }
    }
}
