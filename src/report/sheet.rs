//! The public-counting sheet for a terminal: the numbers a counting room announces, each person's
//! votes drawn in 正 strokes (five votes a character) beside the number, the bar and the outcome.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::law::model::Style;
use crate::law::outcome::{ContestOutcome, ContestStatus, Note, Outcome, StationFlag, Status, VoidReason};
use crate::report::lang::Lang;
use crate::report::strokes::{pad, strokes};

/// Renders the sheet.
pub fn render(o: &Outcome, lang: Lang) -> String {
    let mut s = String::new();
    let rule = "═".repeat(64);
    let thin = "─".repeat(64);
    let _ = writeln!(s, "{rule}");
    let place = [o.township.as_str(), o.village.as_str()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(s, "{}  {}", place, if o.title.is_empty() { &o.election } else { &o.title });
    let _ = writeln!(
        s,
        "{}{} · {} · {} · {} {}",
        lang.t("公开计票单 · ", "Public counting sheet · "),
        lang.body(o.body),
        lang.round(o.round),
        if o.date.is_empty() { "-" } else { &o.date },
        lang.t("规则", "rules"),
        o.rules
    );
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(
        s,
        "{} {}   {} {}   {} {}   {} {}   {} {}",
        lang.t("登记选民", "registered"),
        o.registered,
        lang.t("参加投票", "voters"),
        o.voters,
        lang.t("收回选票", "ballots"),
        o.ballots,
        lang.t("有效票", "valid"),
        o.valid_ballots,
        lang.t("无效票", "invalid"),
        o.invalid_ballots
    );
    if o.invalid_ballots > 0 {
        let _ = writeln!(s, "  {}: {}", lang.t("无效票", "invalid"), lang.reasons(&o.invalid_reasons));
    }
    let _ = writeln!(
        s,
        "{}: {} {}",
        lang.t("参加投票人数要求", "quorum"),
        lang.bar(&o.quorum.bar, lang.t("人", "voters")),
        if o.quorum.met { "✓" } else { "✗" }
    );
    match o.status {
        Status::Valid => {
            let _ = writeln!(s, "{}", lang.t("本次选举有效。", "The vote stands."));
        }
        Status::Void => {
            let why: Vec<&str> = o
                .void_reasons
                .iter()
                .map(|r| match r {
                    VoidReason::QuorumNotMet => lang.t("参加投票人数不足", "too few voters took part"),
                    VoidReason::BallotsExceedVoters => lang.t("收回选票多于投票人数", "more ballots than voters"),
                })
                .collect();
            let _ = writeln!(
                s,
                "{} {}",
                lang.t("本次选举无效，应重新选举：", "THE VOTE IS VOID and must be held again:"),
                why.join(lang.t("；", "; "))
            );
        }
    }
    let _ = writeln!(s, "{thin}");
    let _ = writeln!(s, "{}", lang.t("票箱", "Ballot boxes"));
    let width = o.stations.iter().map(|x| UnicodeWidthStr::width(x.name.as_str())).max().unwrap_or(0);
    for st in &o.stations {
        let _ = write!(
            s,
            "  {} {:>6} {} {:>6} {} {:>6} {} {:>5} {}",
            pad(&st.name, width),
            st.voters,
            lang.t("人投票", "voters"),
            st.ballots,
            lang.t("张选票", "ballots"),
            st.valid_ballots,
            lang.t("有效", "valid"),
            st.invalid_ballots,
            lang.t("无效", "invalid"),
        );
        for f in &st.flags {
            let _ = write!(
                s,
                "  ⚠ {}",
                match f {
                    StationFlag::BallotsExceedVoters =>
                        lang.t("选票多于本箱投票人数", "more ballots than this box's voters"),
                    StationFlag::VotersExceedRegistered =>
                        lang.t("投票人数多于本箱登记人数", "more voters than registered here"),
                }
            );
        }
        let _ = writeln!(s);
    }
    for c in &o.contests {
        let _ = writeln!(s, "{thin}");
        contest(&mut s, lang, c);
    }
    for n in &o.notes {
        let _ = writeln!(s, "{thin}");
        let _ = writeln!(
            s,
            "{}",
            match n {
                Note::FewerThanMinMembers => lang.t(
                    "注意：当选人数不足三人，不足名额应当另行选举，不得暂缺。",
                    "Note: fewer than three members are elected; the empty seats must be voted on again.",
                ),
                Note::VacantSeatsAllowed => lang.t(
                    "注意：当选人数已达三人以上，不足名额可以暂缺。",
                    "Note: at least three members are elected; the empty seats may stay vacant.",
                ),
            }
        );
    }
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(s, "{}", lang.t("正 = 5 票；一 丅 下 止 = 1–4 票。", "正 = 5 votes; 一 丅 下 止 = 1–4 votes."));
    s
}

fn contest(s: &mut String, lang: Lang, c: &ContestOutcome) {
    let _ = writeln!(
        s,
        "{}{}  {} {}{}   {}: {}",
        c.office,
        if c.women_only { lang.t("（妇女专职）", " (women only)") } else { "" },
        lang.t("应选", "seats"),
        c.seats,
        lang.t(" 名", ""),
        lang.t("当选", "to win"),
        lang.bar(&c.bar_rule, lang.t("票", "votes"))
    );
    let approve = c.style == Style::Approve;
    let names: Vec<String> = c
        .tally
        .iter()
        .map(|e| if e.write_in { format!("{}{}", e.name, lang.t("（另选）", " (write-in)")) } else { e.name.clone() })
        .collect();
    let width = names.iter().map(|n| UnicodeWidthStr::width(n.as_str())).max().unwrap_or(0);
    let sw = c.tally.iter().map(|e| UnicodeWidthStr::width(strokes(e.votes).as_str())).max().unwrap_or(0);
    for (e, n) in c.tally.iter().zip(&names) {
        let mark = if e.elected {
            lang.t("  当选", "  elected").to_string()
        } else if let Some(post) = &e.holds {
            format!("  {}{post}", lang.t("已当选 ", "elected to "))
        } else {
            String::new()
        };
        let detail = if approve && !e.write_in {
            format!(
                "  ({} {} {} {} {} {})",
                lang.t("赞成", "for"),
                e.for_votes.unwrap_or(0),
                lang.t("不赞成", "against"),
                e.against.unwrap_or(0),
                lang.t("弃权", "abstain"),
                e.abstain.unwrap_or(0)
            )
        } else {
            String::new()
        };
        let _ = writeln!(s, "  {} {} {:>6}{detail}{mark}", pad(n, width), pad(&strokes(e.votes), sw), e.votes);
    }
    let _ = write!(s, "  {} {}", lang.t("空白", "blank"), c.blank);
    if c.voided > 0 {
        let _ = write!(s, "   {} {}", lang.t("本职位作废", "post voided"), c.voided);
    }
    let _ = writeln!(s);
    let list = |k: &[String]| -> String {
        k.iter()
            .map(|key| c.tally.iter().find(|e| e.key() == key).map_or(key.clone(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(lang.t("、", ", "))
    };
    let text = match c.outcome {
        ContestStatus::Filled => format!("{}{}", lang.t("结果：当选 ", "Result: elected "), list(&c.elected)),
        ContestStatus::Void => lang.t("结果：选举无效，不产生当选人", "Result: void; nobody is elected").to_string(),
        ContestStatus::Unfilled => format!(
            "{}{}{}",
            lang.t("结果：当选 ", "Result: elected "),
            if c.elected.is_empty() { lang.t("无", "nobody").to_string() } else { list(&c.elected) },
            lang.t("；仍有名额空缺", "; seats remain empty")
        ),
        ContestStatus::Revote => {
            let r = c.revote.as_ref().map_or((0, String::new()), |p| (p.seats, list(&p.candidates)));
            let done = if c.elected.is_empty() {
                String::new()
            } else {
                format!("{}{}；", lang.t("当选 ", "elected "), list(&c.elected))
            };
            match lang {
                Lang::Zh => format!("结果：{done}票数相等，须就 {} 名对 {} 再次投票", r.0, r.1),
                Lang::En => format!("Result: {done}tied: a re-vote for {} seat(s) among {}", r.0, r.1),
            }
        }
        ContestStatus::Runoff => {
            let r = c.runoff.as_ref().map_or((0, String::new()), |p| (p.seats, list(&p.candidates)));
            let done = if c.elected.is_empty() {
                String::new()
            } else {
                format!("{}{}；", lang.t("当选 ", "elected "), list(&c.elected))
            };
            match lang {
                Lang::Zh => format!("结果：{done}不足名额 {} 名另行选举，建议候选人：{}", r.0, r.1),
                Lang::En => format!("Result: {done}a run-off for {} seat(s); proposed candidates: {}", r.0, r.1),
            }
        }
    };
    let _ = writeln!(s, "  {text}");
}
