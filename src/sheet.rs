//! The public-counting sheet for a terminal: the numbers a counting room announces, each person's
//! votes drawn in 正 strokes (five votes a character) beside the number, the bar and the outcome.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::ballot::{InvalidCounts, InvalidReason};
use crate::fraction::Op;
use crate::manifest::{Body, Round, Style};
use crate::outcome::{Bar, ContestOutcome, ContestStatus, Note, Outcome, StationFlag, Status, VoidReason};
use crate::rules::Base;

/// The sheet's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// The most votes drawn stroke by stroke; above it, 正×N.
const DRAWN: u64 = 50;

/// Draws a count in 正 strokes: 正 for each five, then 一 丅 下 止 for one to four more.
pub fn strokes(n: u64) -> String {
    const PART: [&str; 5] = ["", "一", "丅", "下", "止"];
    let full = n / 5;
    let rest = PART[(n % 5) as usize];
    if n <= DRAWN {
        format!("{}{rest}", "正".repeat(full as usize))
    } else if rest.is_empty() {
        format!("正×{full}")
    } else {
        format!("正×{full} {rest}")
    }
}

/// Pads to a display width (CJK characters are two columns wide).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

struct Words {
    lang: Lang,
}

impl Words {
    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn body(&self, b: Body) -> &'static str {
        let (zh, en) = match b {
            Body::VillagersCommittee => ("村民委员会", "villagers' committee"),
            Body::PartyCommittee => ("村党组织委员会", "village Party committee"),
            Body::PartyOfficers => ("村党组织书记、副书记", "village Party secretary and deputy"),
            Body::SupervisionCommittee => ("村务监督委员会", "village affairs supervision committee"),
            Body::CoopManagement => ("经济合作社社管会", "cooperative management board"),
            Body::CoopSupervision => ("经济合作社社监会", "cooperative supervisory board"),
        };
        if self.lang == Lang::Zh { zh } else { en }
    }

    fn round(&self, r: Round) -> &'static str {
        match (r, self.lang) {
            (Round::First, Lang::Zh) => "正式选举",
            (Round::Runoff, Lang::Zh) => "另行选举",
            (Round::Revote, Lang::Zh) => "再次投票",
            (Round::First, Lang::En) => "first round",
            (Round::Runoff, Lang::En) => "run-off",
            (Round::Revote, Lang::En) => "re-vote",
        }
    }

    fn base(&self, b: Base) -> &'static str {
        match (b, self.lang) {
            (Base::Registered, Lang::Zh) => "登记（应到）人数",
            (Base::Voters, Lang::Zh) => "参加投票人数",
            (Base::Ballots, Lang::Zh) => "收回选票数",
            (Base::Registered, Lang::En) => "registered",
            (Base::Voters, Lang::En) => "voters",
            (Base::Ballots, Lang::En) => "ballots",
        }
    }

    /// E.g. "超过参加投票人数 1134 的 1/2，至少 568 票" / "more than 1/2 of 1134 voters: at least 568 votes".
    fn bar(&self, b: &Bar, unit: &str) -> String {
        let t = b.threshold;
        if t.fraction.num() == 0 {
            return match self.lang {
                Lang::Zh => format!("得票最多者当选，至少 {} {unit}", b.least),
                Lang::En => format!("most votes, at least {} {unit}", b.least),
            };
        }
        match (self.lang, t.op) {
            (Lang::Zh, Op::Gt) => {
                format!("超过{} {} 的 {}，至少 {} {unit}", self.base(t.base), b.of, t.fraction, b.least)
            }
            (Lang::Zh, Op::Ge) => {
                format!("不少于{} {} 的 {}，至少 {} {unit}", self.base(t.base), b.of, t.fraction, b.least)
            }
            (Lang::En, Op::Gt) => {
                format!("more than {} of {} {}: at least {} {unit}", t.fraction, b.of, self.base(t.base), b.least)
            }
            (Lang::En, Op::Ge) => {
                format!("at least {} of {} {}: at least {} {unit}", t.fraction, b.of, self.base(t.base), b.least)
            }
        }
    }

    fn reason(&self, r: InvalidReason) -> &'static str {
        match (r, self.lang) {
            (InvalidReason::Spoiled, Lang::Zh) => "无法辨认",
            (InvalidReason::Overvote, Lang::Zh) => "多选",
            (InvalidReason::Duplicate, Lang::Zh) => "同一职位重复",
            (InvalidReason::ForAndAgainst, Lang::Zh) => "既赞成又反对",
            (InvalidReason::WriteInExcess, Lang::Zh) => "另选多于不赞成",
            (InvalidReason::CrossPost, Lang::Zh) => "一人多职",
            (InvalidReason::Spoiled, Lang::En) => "spoiled",
            (InvalidReason::Overvote, Lang::En) => "overvote",
            (InvalidReason::Duplicate, Lang::En) => "same person twice in a post",
            (InvalidReason::ForAndAgainst, Lang::En) => "for and against",
            (InvalidReason::WriteInExcess, Lang::En) => "more write-ins than against",
            (InvalidReason::CrossPost, Lang::En) => "same person in two posts",
        }
    }

    fn reasons(&self, c: &InvalidCounts) -> String {
        let parts: Vec<String> = InvalidReason::ALL
            .iter()
            .filter(|&&r| c.get(r) > 0)
            .map(|&r| format!("{} {}", self.reason(r), c.get(r)))
            .collect();
        parts.join(self.t("，", ", "))
    }
}

/// Renders the sheet.
pub fn render(o: &Outcome, lang: Lang) -> String {
    let w = Words { lang };
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
        w.t("公开计票单 · ", "Public counting sheet · "),
        w.body(o.body),
        w.round(o.round),
        if o.date.is_empty() { "-" } else { &o.date },
        w.t("规则", "rules"),
        o.rules
    );
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(
        s,
        "{} {}   {} {}   {} {}   {} {}   {} {}",
        w.t("登记选民", "registered"),
        o.registered,
        w.t("参加投票", "voters"),
        o.voters,
        w.t("收回选票", "ballots"),
        o.ballots,
        w.t("有效票", "valid"),
        o.valid_ballots,
        w.t("无效票", "invalid"),
        o.invalid_ballots
    );
    if o.invalid_ballots > 0 {
        let _ = writeln!(s, "  {}: {}", w.t("无效票", "invalid"), w.reasons(&o.invalid_reasons));
    }
    let _ = writeln!(
        s,
        "{}: {} {}",
        w.t("参加投票人数要求", "quorum"),
        w.bar(&o.quorum.bar, w.t("人", "voters")),
        if o.quorum.met { "✓" } else { "✗" }
    );
    match o.status {
        Status::Valid => {
            let _ = writeln!(s, "{}", w.t("本次选举有效。", "The vote stands."));
        }
        Status::Void => {
            let why: Vec<&str> = o
                .void_reasons
                .iter()
                .map(|r| match r {
                    VoidReason::QuorumNotMet => w.t("参加投票人数不足", "too few voters took part"),
                    VoidReason::BallotsExceedVoters => w.t("收回选票多于投票人数", "more ballots than voters"),
                })
                .collect();
            let _ = writeln!(
                s,
                "{} {}",
                w.t("本次选举无效，应重新选举：", "THE VOTE IS VOID and must be held again:"),
                why.join(w.t("；", "; "))
            );
        }
    }
    let _ = writeln!(s, "{thin}");
    let _ = writeln!(s, "{}", w.t("票箱", "Ballot boxes"));
    let width = o.stations.iter().map(|x| UnicodeWidthStr::width(x.name.as_str())).max().unwrap_or(0);
    for st in &o.stations {
        let _ = write!(
            s,
            "  {} {:>6} {} {:>6} {} {:>6} {} {:>5} {}",
            pad(&st.name, width),
            st.voters,
            w.t("人投票", "voters"),
            st.ballots,
            w.t("张选票", "ballots"),
            st.valid_ballots,
            w.t("有效", "valid"),
            st.invalid_ballots,
            w.t("无效", "invalid"),
        );
        for f in &st.flags {
            let _ = write!(
                s,
                "  ⚠ {}",
                match f {
                    StationFlag::BallotsExceedVoters =>
                        w.t("选票多于本箱投票人数", "more ballots than this box's voters"),
                    StationFlag::VotersExceedRegistered =>
                        w.t("投票人数多于本箱登记人数", "more voters than registered here"),
                }
            );
        }
        let _ = writeln!(s);
    }
    for c in &o.contests {
        let _ = writeln!(s, "{thin}");
        contest(&mut s, &w, c);
    }
    for n in &o.notes {
        let _ = writeln!(s, "{thin}");
        let _ = writeln!(
            s,
            "{}",
            match n {
                Note::FewerThanMinMembers => w.t(
                    "注意：当选人数不足三人，不足名额应当另行选举，不得暂缺。",
                    "Note: fewer than three members are elected; the empty seats must be voted on again.",
                ),
                Note::VacantSeatsAllowed => w.t(
                    "注意：当选人数已达三人以上，不足名额可以暂缺。",
                    "Note: at least three members are elected; the empty seats may stay vacant.",
                ),
            }
        );
    }
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(s, "{}", w.t("正 = 5 票；一 丅 下 止 = 1–4 票。", "正 = 5 votes; 一 丅 下 止 = 1–4 votes."));
    s
}

fn contest(s: &mut String, w: &Words, c: &ContestOutcome) {
    let _ = writeln!(
        s,
        "{}{}  {} {}{}   {}: {}",
        c.office,
        if c.women_only { w.t("（妇女专职）", " (women only)") } else { "" },
        w.t("应选", "seats"),
        c.seats,
        w.t(" 名", ""),
        w.t("当选", "to win"),
        w.bar(&c.bar_rule, w.t("票", "votes"))
    );
    let approve = c.style == Style::Approve;
    let names: Vec<String> = c
        .tally
        .iter()
        .map(|e| if e.write_in { format!("{}{}", e.name, w.t("（另选）", " (write-in)")) } else { e.name.clone() })
        .collect();
    let width = names.iter().map(|n| UnicodeWidthStr::width(n.as_str())).max().unwrap_or(0);
    let sw = c.tally.iter().map(|e| UnicodeWidthStr::width(strokes(e.votes).as_str())).max().unwrap_or(0);
    for (e, n) in c.tally.iter().zip(&names) {
        let mark = if e.elected {
            w.t("  当选", "  elected").to_string()
        } else if let Some(post) = &e.holds {
            format!("  {}{post}", w.t("已当选 ", "elected to "))
        } else {
            String::new()
        };
        let detail = if approve && !e.write_in {
            format!(
                "  ({} {} {} {} {} {})",
                w.t("赞成", "for"),
                e.for_votes.unwrap_or(0),
                w.t("不赞成", "against"),
                e.against.unwrap_or(0),
                w.t("弃权", "abstain"),
                e.abstain.unwrap_or(0)
            )
        } else {
            String::new()
        };
        let _ = writeln!(s, "  {} {} {:>6}{detail}{mark}", pad(n, width), pad(&strokes(e.votes), sw), e.votes);
    }
    let _ = write!(s, "  {} {}", w.t("空白", "blank"), c.blank);
    if c.voided > 0 {
        let _ = write!(s, "   {} {}", w.t("本职位作废", "post voided"), c.voided);
    }
    let _ = writeln!(s);
    let list = |k: &[String]| -> String {
        k.iter()
            .map(|key| c.tally.iter().find(|e| e.key() == key).map_or(key.clone(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(w.t("、", ", "))
    };
    let text = match c.outcome {
        ContestStatus::Filled => format!("{}{}", w.t("结果：当选 ", "Result: elected "), list(&c.elected)),
        ContestStatus::Void => w.t("结果：选举无效，不产生当选人", "Result: void; nobody is elected").to_string(),
        ContestStatus::Unfilled => format!(
            "{}{}{}",
            w.t("结果：当选 ", "Result: elected "),
            if c.elected.is_empty() { w.t("无", "nobody").to_string() } else { list(&c.elected) },
            w.t("；仍有名额空缺", "; seats remain empty")
        ),
        ContestStatus::Revote => {
            let r = c.revote.as_ref().map_or((0, String::new()), |p| (p.seats, list(&p.candidates)));
            let done = if c.elected.is_empty() {
                String::new()
            } else {
                format!("{}{}；", w.t("当选 ", "elected "), list(&c.elected))
            };
            match w.lang {
                Lang::Zh => format!("结果：{done}票数相等，须就 {} 名对 {} 再次投票", r.0, r.1),
                Lang::En => format!("Result: {done}tied: a re-vote for {} seat(s) among {}", r.0, r.1),
            }
        }
        ContestStatus::Runoff => {
            let r = c.runoff.as_ref().map_or((0, String::new()), |p| (p.seats, list(&p.candidates)));
            let done = if c.elected.is_empty() {
                String::new()
            } else {
                format!("{}{}；", w.t("当选 ", "elected "), list(&c.elected))
            };
            match w.lang {
                Lang::Zh => format!("结果：{done}不足名额 {} 名另行选举，建议候选人：{}", r.0, r.1),
                Lang::En => format!("Result: {done}a run-off for {} seat(s); proposed candidates: {}", r.0, r.1),
            }
        }
    };
    let _ = writeln!(s, "  {text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_draw_fives() {
        assert_eq!(strokes(0), "");
        assert_eq!(strokes(1), "一");
        assert_eq!(strokes(4), "止");
        assert_eq!(strokes(5), "正");
        assert_eq!(strokes(13), "正正下");
        assert_eq!(strokes(50), "正".repeat(10));
        assert_eq!(strokes(600), "正×120");
        assert_eq!(strokes(602), "正×120 丅");
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("赵一", 6), "赵一  ");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}
