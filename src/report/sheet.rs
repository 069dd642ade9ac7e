//! The public-counting sheet for a terminal: the numbers a counting room announces, each person's
//! votes drawn in 正 strokes (five votes a character) beside the number, the bar and the outcome.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::report::lang::{Lang, Word};
use crate::report::strokes::{pad, strokes};
use crate::vote::model::Style;
use crate::vote::outcome::{ContestOutcome, ContestStatus, Outcome, Proposal, TallyLine};

/// Renders the sheet: the heading, the vote's totals and whether it stands, the boxes, each post,
/// the committee's notes, and the key to the strokes.
pub fn render(o: &Outcome, lang: Lang) -> String {
    let mut s = String::new();
    let rule = "═".repeat(64);
    let thin = "─".repeat(64);
    let _ = writeln!(s, "{rule}");
    heading(&mut s, o, lang);
    let _ = writeln!(s, "{rule}");
    totals(&mut s, o, lang);
    let _ = writeln!(s, "{thin}");
    boxes(&mut s, o, lang);
    for c in &o.contests {
        let _ = writeln!(s, "{thin}");
        contest(&mut s, lang, o, c);
    }
    for n in &o.notes {
        let _ = writeln!(s, "{thin}");
        let _ = writeln!(s, "{}", lang.note(*n));
    }
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(s, "{}", lang.word(Word::StrokeKey));
    s
}

/// Where and what: township, village and title; the body, round, date and rules.
fn heading(s: &mut String, o: &Outcome, lang: Lang) {
    let place: Vec<&str> = [o.township.as_str(), o.village.as_str()].into_iter().filter(|x| !x.is_empty()).collect();
    let _ = writeln!(s, "{}  {}", place.join(" "), if o.title.is_empty() { &o.election } else { &o.title });
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
}

/// The numbers every count carries, the quorum, and whether the vote stands.
fn totals(s: &mut String, o: &Outcome, lang: Lang) {
    let _ = writeln!(
        s,
        "{} {}   {} {}   {} {}   {} {}   {} {}",
        lang.word(Word::Registered),
        o.registered,
        lang.word(Word::Voters),
        o.voters,
        lang.word(Word::Ballots),
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
        lang.word(Word::Quorum),
        lang.bar(&o.quorum.bar, lang.t("人", "voters")),
        if o.quorum.met { "✓" } else { "✗" }
    );
    let _ = writeln!(s, "{}", lang.verdict(o.status, &o.void_reasons));
}

/// One line per ballot box, with its flags.
fn boxes(s: &mut String, o: &Outcome, lang: Lang) {
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
            let _ = write!(s, "  ⚠ {}", lang.station_flag(*f));
        }
        let _ = writeln!(s);
    }
}

/// One post: its seats and bar, every person's votes in strokes, blanks, and the result.
fn contest(s: &mut String, lang: Lang, o: &Outcome, c: &ContestOutcome) {
    let _ = writeln!(
        s,
        "{}{}  {} {}{}   {}: {}",
        c.office,
        if c.women_only { lang.word(Word::WomenOnly) } else { "" },
        lang.t("应选", "seats"),
        c.seats,
        lang.t(" 名", ""),
        lang.t("当选", "to win"),
        lang.bar(&c.bar_rule, lang.t("票", "votes"))
    );
    tally_lines(s, lang, o, c);
    let _ = write!(s, "  {} {}", lang.word(Word::Blank), c.blank);
    if c.voided > 0 {
        let _ = write!(s, "   {} {}", lang.word(Word::PostVoided), c.voided);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "  {}", result(lang, c));
    for line in kinship(lang, o, c) {
        let _ = writeln!(s, "  {line}");
    }
}

/// Kinship avoidance in a post, in words: who stood down and why, close relatives tied who vote
/// again, and winners the register could not name [ZJE31] (the sheet's and the report's).
pub fn kinship(lang: Lang, o: &Outcome, c: &ContestOutcome) -> Vec<String> {
    let name = |key: &str| {
        o.contests.iter().flat_map(|x| &x.tally).find(|e| e.key() == key).map_or(key.to_string(), |e| e.name.clone())
    };
    let mut v = Vec::new();
    for a in &c.avoided {
        let (who, of, rel) = (name(&a.id), name(&a.because), lang.relation(a.relation.as_str()));
        v.push(match lang {
            Lang::Zh => {
                format!("任职回避：{who} 系 {of} 的{rel}，{who} 不任此职，名额由下一位得票过线者递补（{}）", a.article)
            }
            Lang::En => format!(
                "Kinship avoidance: {who}, {of}'s {rel}, stands down; the seat passes to the next over the bar ({})",
                a.article
            ),
        });
    }
    for t in &c.kinship {
        let who = t.ids.iter().map(|k| name(k)).collect::<Vec<_>>().join(lang.word(Word::ListSep));
        let rel = lang.relation(t.relation.as_str());
        v.push(match lang {
            Lang::Zh => format!("任职回避：{who} 有{rel}关系且得票相等，须再次投票决定（{}）", t.article),
            Lang::En => {
                format!("Kinship avoidance: {who} ({rel}) have equal votes: a further vote decides ({})", t.article)
            }
        });
    }
    for u in &c.unmatched {
        v.push(match lang {
            Lang::Zh => format!("⚠ 当选人 {u} 在村民名册中无法确认（无此人或同名者多人），未作亲属回避审查"),
            Lang::En => format!("⚠ {u} cannot be named in the village register (nobody, or several people, of that name): kinship not checked"),
        });
    }
    v
}

/// Every person of a post: name, strokes, votes, the approve-style detail, elected or held.
fn tally_lines(s: &mut String, lang: Lang, o: &Outcome, c: &ContestOutcome) {
    let approve = c.style == Style::Approve;
    let names: Vec<String> = c
        .tally
        .iter()
        .map(|e| if e.write_in { format!("{}{}", e.name, lang.word(Word::WriteIn)) } else { e.name.clone() })
        .collect();
    let width = names.iter().map(|n| UnicodeWidthStr::width(n.as_str())).max().unwrap_or(0);
    let sw = c.tally.iter().map(|e| UnicodeWidthStr::width(strokes(e.votes).as_str())).max().unwrap_or(0);
    for (e, n) in c.tally.iter().zip(&names) {
        let _ = writeln!(
            s,
            "  {} {} {:>6}{}{}",
            pad(n, width),
            pad(&strokes(e.votes), sw),
            e.votes,
            approve_detail(lang, approve, e),
            mark(lang, o, e)
        );
    }
}

/// `(赞成 n 不赞成 n 弃权 n)` for a listed candidate of an approve-style post.
fn approve_detail(lang: Lang, approve: bool, e: &TallyLine) -> String {
    if !approve || e.write_in {
        return String::new();
    }
    format!(
        "  ({} {} {} {} {} {})",
        lang.word(Word::For),
        e.for_votes.unwrap_or(0),
        lang.word(Word::Against),
        e.against.unwrap_or(0),
        lang.word(Word::Abstain),
        e.abstain.unwrap_or(0)
    )
}

/// `当选`, or the higher post a person already holds, named by its office (副主任, not `vice`).
fn mark(lang: Lang, o: &Outcome, e: &TallyLine) -> String {
    if e.elected {
        lang.t("  当选", "  elected").to_string()
    } else if let Some(post) = &e.holds {
        format!("  {}{}", lang.word(Word::ElectedTo), office(o, post))
    } else {
        String::new()
    }
}

/// The office of the vote's post `id` (its id itself if the outcome has no such post): people read
/// 副主任, not `vice`.
pub fn office<'a>(o: &'a Outcome, id: &'a str) -> &'a str {
    o.contests.iter().find(|c| c.id == id).map_or(id, |c| c.office.as_str())
}

/// The sheet as a Zheng before the post's office was shown wrote it: a held post named by its id
/// (`已当选 vice`). `zheng verify` accepts a bundle's sheet in that form too.
pub fn legacy(o: &Outcome, sheet: &str) -> String {
    let mut s = sheet.to_string();
    for c in &o.contests {
        s = s.replace(&format!("  已当选 {}\n", c.office), &format!("  已当选 {}\n", c.id));
    }
    s
}

/// The post's result in words (the sheet's last line of a post; the HTML report's too).
pub fn result(lang: Lang, c: &ContestOutcome) -> String {
    let list = |keys: &[String]| -> String {
        keys.iter()
            .map(|key| c.tally.iter().find(|e| e.key() == key).map_or(key.clone(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(lang.word(Word::ListSep))
    };
    match c.outcome {
        ContestStatus::Filled => format!("{}{}", lang.t("结果：当选 ", "Result: elected "), list(&c.elected)),
        ContestStatus::Void => lang.t("结果：选举无效，不产生当选人", "Result: void; nobody is elected").to_string(),
        ContestStatus::Unfilled => format!(
            "{}{}{}",
            lang.t("结果：当选 ", "Result: elected "),
            if c.elected.is_empty() { lang.t("无", "nobody").to_string() } else { list(&c.elected) },
            lang.t("；仍有名额空缺", "; seats remain empty")
        ),
        ContestStatus::Revote | ContestStatus::Runoff => pending(lang, c, &list),
    }
}

/// A post with seats still to fill: those elected so far, then the re-vote among those tied or the
/// run-off with its proposed candidates.
fn pending(lang: Lang, c: &ContestOutcome, list: &dyn Fn(&[String]) -> String) -> String {
    let revote = c.outcome == ContestStatus::Revote;
    let proposal: Option<&Proposal> = if revote { c.revote.as_ref() } else { c.runoff.as_ref() };
    let (seats, who) = proposal.map_or((0, String::new()), |p| (p.seats, list(&p.candidates)));
    let done = if c.elected.is_empty() {
        String::new()
    } else {
        format!("{}{}；", lang.t("当选 ", "elected "), list(&c.elected))
    };
    match (lang, revote) {
        (Lang::Zh, true) => format!("结果：{done}票数相等，须就 {seats} 名对 {who} 再次投票"),
        (Lang::En, true) => format!("Result: {done}tied: a re-vote for {seats} seat(s) among {who}"),
        (Lang::Zh, false) => format!("结果：{done}不足名额 {seats} 名另行选举，建议候选人：{who}"),
        (Lang::En, false) => format!("Result: {done}a run-off for {seats} seat(s); proposed candidates: {who}"),
    }
}
