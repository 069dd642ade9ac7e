//! What `zheng audit` prints for people (JSON is the plan and status themselves): the plan's
//! summary, a new round, and the status — each in the chosen language.

use std::path::Path;

use super::plan::Plan;
use super::status::{Status, Verdict, WhyHandCount};
use crate::words::Lang;
use crate::words::audit::{AuditSays, AuditWord};

/// A risk as printed: four significant digits.
pub fn risk(r: f64) -> String {
    if r == 0.0 {
        "0".to_string()
    } else if r >= 0.0001 {
        format!("{r:.4}")
    } else {
        format!("{r:.2e}")
    }
}

/// The lines a plan prints.
pub fn planned(plan: &Plan, out: &Path, lang: Lang) -> String {
    let mut s = lang.format(AuditSays::Planned {
        population: &plan.population,
        assertions: &plan.assertions.len(),
        n: &plan.sample_size,
        out: &out.display(),
    });
    s.push('\n');
    if !plan.hand_count.is_empty() {
        s.push_str(&lang.format(AuditSays::HandCountPosts { posts: &plan.hand_count.join(", ") }));
        s.push('\n');
    }
    if !plan.not_by_ballots.is_empty() {
        s.push_str(lang.say(AuditWord::NotByBallots));
        s.push('\n');
    }
    s
}

/// The lines a new round prints.
pub fn next_round(round: u32, n: u64, out: &Path, lang: Lang) -> String {
    let mut s = lang.format(AuditSays::NextRound { round: &round, n: &n, out: &out.display() });
    s.push('\n');
    s
}

/// The lines the status prints.
pub fn status(st: &Status, plan: &Plan, lang: Lang) -> String {
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    line(lang.format(AuditSays::StatusLine {
        round: &st.round,
        read: &st.ballots_read,
        size: &st.sample_size,
        recorded: &st.recorded,
    }));
    for a in &st.assertions {
        let state = lang.say(if a.confirmed { AuditWord::Confirmed } else { AuditWord::NotYet });
        line(lang.format(AuditSays::AssertionLine { id: &a.id, risk: &risk(a.risk), state: &state }));
    }
    if !plan.not_by_ballots.is_empty() {
        line(lang.say(AuditWord::NotByBallots).to_string());
    }
    line(verdict(st, lang));
    if let Some(why) = st.why {
        line(lang.format(AuditSays::Why { why: &why_said(why, lang) }));
    }
    if let Some(n) = st.next_round_size {
        line(lang.format(AuditSays::NextSize { n: &n }));
    }
    if !st.boxes_left.is_empty() {
        line(lang.format(AuditSays::BoxesLeft { boxes: &st.boxes_left.join(", ") }));
    }
    if !st.discrepancies.is_empty() {
        line(lang.say(AuditWord::Discrepancies).to_string());
        for d in &st.discrepancies {
            line(lang.format(AuditSays::Discrepancy {
                station: &d.station,
                post: &d.post,
                what: &d.what,
                paper: &d.paper,
                signed: &d.signed,
            }));
        }
    }
    match st.paper_differs {
        Some(true) => line(lang.say(AuditWord::PaperDiffers).to_string()),
        Some(false) => line(lang.say(AuditWord::PaperAgrees).to_string()),
        None => {}
    }
    s
}

/// The verdict in a sentence.
pub fn verdict(st: &Status, lang: Lang) -> String {
    lang.say(match st.verdict {
        Verdict::Confirmed => AuditWord::VerdictConfirmed,
        Verdict::NextRound => AuditWord::VerdictNextRound,
        Verdict::FullHandCount => AuditWord::VerdictHandCount,
    })
    .to_string()
}

/// Why a full hand count, in words.
pub fn why_said(why: WhyHandCount, lang: Lang) -> String {
    lang.say(match why {
        WhyHandCount::Tie => AuditWord::WhyTie,
        WhyHandCount::Escalated => AuditWord::WhyEscalated,
        WhyHandCount::PopulationReached => AuditWord::WhyPopulation,
    })
    .to_string()
}

/// The lines `zheng verify --audit` adds to the checklist.
pub fn rechecked(checks: &[super::recheck::Checked], lang: Lang) -> String {
    use super::recheck::AuditCheck;
    let mut s = String::new();
    for (i, c) in checks.iter().enumerate() {
        let what = lang.say(match c.check {
            AuditCheck::Plan => AuditWord::CheckPlan,
            AuditCheck::Draw => AuditWord::CheckDraw,
            AuditCheck::Papers => AuditWord::CheckPapers,
            AuditCheck::Status => AuditWord::CheckStatus,
        });
        let mark = if c.passed() { "✓" } else { "✗" };
        s.push_str(&format!("A{} {mark} {what}\n", i + 1));
        if let Some(d) = &c.differs {
            s.push_str(&format!("     {}\n", differs_said(d, lang)));
        }
    }
    let all = checks.iter().all(|c| c.passed());
    s.push_str(lang.say(if all { AuditWord::AuditHolds } else { AuditWord::AuditFails }));
    s.push('\n');
    s
}

/// What differs in a recheck of an audit, in words.
pub fn differs_said(d: &super::recheck::Differs, lang: Lang) -> String {
    use super::recheck::Differs as D;
    match d {
        D::Refused(e) => e.said_in(lang),
        D::Line { file, line, stored, recomputed } => lang.format(AuditSays::DiffersLine {
            file,
            line,
            stored: &format!("{stored:?}"),
            recomputed: &format!("{recomputed:?}"),
        }),
        D::Lines { file, stored, recomputed } => lang.format(AuditSays::DiffersLines { file, stored, recomputed }),
        D::Manifest => lang.say(AuditWord::DiffersManifest).to_string(),
        D::Signed(station) => lang.format(AuditSays::DiffersSigned { station }),
        D::Rounds(r) => lang.format(AuditSays::DiffersRounds {
            rounds: &r.iter().map(u64::to_string).collect::<Vec<_>>().join(lang.list_sep()),
        }),
        D::SampleSize { stored, size } => lang.format(AuditSays::DiffersSampleSize { stored, size }),
        D::Draw { n, stored, drawn } => lang.format(AuditSays::DiffersDraw {
            n,
            stored: &stored.0,
            stored_ticket: &stored.1,
            drawn: &drawn.0,
            drawn_ticket: &drawn.1,
        }),
        D::NotDrawn(b) => lang.format(AuditSays::DiffersNotDrawn { ballot: b }),
        D::NoStatus => lang.say(AuditWord::DiffersNoStatus).to_string(),
    }
}
