//! The public-counting sheet for a terminal: the numbers a counting room announces, each person's
//! votes drawn in 正 strokes (five votes a character) beside the number, the bar and the outcome.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::report::strokes::{pad, strokes};
use crate::vote::model::Style;
use crate::vote::outcome::{ContestOutcome, ContestStatus, Outcome, Proposal, TallyLine};
use crate::words::notice::NoticeWord;
use crate::words::sheet::{SheetSays, SheetWord};
use crate::words::vote::Unit;
use crate::words::{Lang, Word};

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
    let _ = writeln!(s, "{}", lang.say(Word::StrokeKey));
    s
}

/// Where and what: township, village and title; the body, round, date and rules.
fn heading(s: &mut String, o: &Outcome, lang: Lang) {
    let place: Vec<&str> = [o.township.as_str(), o.village.as_str()].into_iter().filter(|x| !x.is_empty()).collect();
    let _ = writeln!(s, "{}  {}", place.join(" "), if o.title.is_empty() { &o.election } else { &o.title });
    let _ = writeln!(
        s,
        "{} · {} · {} · {} · {} {}",
        lang.say(SheetWord::Title),
        lang.body(o.body),
        lang.round(o.round),
        if o.date.is_empty() { "-" } else { &o.date },
        lang.say(SheetWord::Rules),
        o.rules
    );
}

/// The numbers every count carries, the quorum, and whether the vote stands.
fn totals(s: &mut String, o: &Outcome, lang: Lang) {
    let _ = writeln!(
        s,
        "{} {}   {} {}   {} {}   {} {}   {} {}",
        lang.say(Word::Registered),
        o.registered,
        lang.say(Word::Voters),
        o.voters,
        lang.say(Word::Ballots),
        o.ballots,
        lang.say(SheetWord::ValidBallots),
        o.valid_ballots,
        lang.say(SheetWord::InvalidBallots),
        o.invalid_ballots
    );
    if o.invalid_ballots > 0 {
        let _ = writeln!(s, "  {}: {}", lang.say(SheetWord::InvalidBallots), lang.reasons(&o.invalid_reasons));
    }
    let _ = writeln!(
        s,
        "{}: {} {}",
        lang.say(Word::Quorum),
        lang.bar(&o.quorum.bar, Unit::People),
        if o.quorum.met { "✓" } else { "✗" }
    );
    let _ = writeln!(s, "{}", lang.verdict(o.status, &o.void_reasons));
}

/// One line per ballot box, with its flags.
fn boxes(s: &mut String, o: &Outcome, lang: Lang) {
    let _ = writeln!(s, "{}", lang.say(SheetWord::Boxes));
    let width = o.stations.iter().map(|x| UnicodeWidthStr::width(x.name.as_str())).max().unwrap_or(0);
    for st in &o.stations {
        let _ = write!(
            s,
            "  {} {:>6} {} {:>6} {} {:>6} {} {:>5} {}",
            pad(&st.name, width),
            st.voters,
            lang.say(SheetWord::BoxVoters),
            st.ballots,
            lang.say(SheetWord::BoxBallots),
            st.valid_ballots,
            lang.say(Word::Valid),
            st.invalid_ballots,
            lang.say(Word::Invalid),
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
        "{}{}  {}   {}: {}",
        c.office,
        if c.women_only { lang.say(Word::WomenOnly) } else { "" },
        lang.format(SheetSays::Seats { n: &c.seats }),
        lang.say(SheetWord::ToWin),
        lang.bar(&c.bar_rule, Unit::Votes)
    );
    tally_lines(s, lang, o, c);
    let _ = write!(s, "  {} {}", lang.say(Word::Blank), c.blank);
    if c.voided > 0 {
        let _ = write!(s, "   {} {}", lang.say(Word::PostVoided), c.voided);
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
        let (who, of, rel) = (&name(&a.id), &name(&a.because), &lang.relation(a.relation.as_str()));
        v.push(lang.format(SheetSays::Avoided { who, of, rel, article: &a.article }));
    }
    for t in &c.kinship {
        let who = &t.ids.iter().map(|k| name(k)).collect::<Vec<_>>().join(lang.list_sep());
        let rel = &lang.relation(t.relation.as_str());
        v.push(lang.format(SheetSays::KinTie { who, rel, article: &t.article }));
    }
    for u in &c.unmatched {
        v.push(lang.format(SheetSays::Unmatched { who: u }));
    }
    v
}

/// Every person of a post: name, strokes, votes, the approve-style detail, elected or held.
fn tally_lines(s: &mut String, lang: Lang, o: &Outcome, c: &ContestOutcome) {
    let approve = c.style == Style::Approve;
    let names: Vec<String> = c
        .tally
        .iter()
        .map(|e| if e.write_in { format!("{}{}", e.name, lang.say(Word::WriteIn)) } else { e.name.clone() })
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
            mark(lang, o, c, e)
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
        lang.say(Word::For),
        e.for_votes.unwrap_or(0),
        lang.say(Word::Against),
        e.against.unwrap_or(0),
        lang.say(Word::Abstain),
        e.abstain.unwrap_or(0)
    )
}

/// `当选`; the higher post a person already holds, named by its office (副主任, not `vice`); or, for
/// one over the bar but not elected in a filled post, `过票数线，名额已满` — never left unexplained.
fn mark(lang: Lang, o: &Outcome, c: &ContestOutcome, e: &TallyLine) -> String {
    if e.elected {
        format!("  {}", lang.say(SheetWord::Elected))
    } else if let Some(post) = &e.holds {
        format!("  {}{}", lang.say(Word::ElectedTo), office(o, post))
    } else if seats_full(c, e) {
        format!("  {}", lang.say(NoticeWord::SeatsFull))
    } else {
        String::new()
    }
}

/// Over the bar, yet not elected while the post is filled (and not standing down for kinship): the
/// seats went to those with more votes (ZJE28).
pub fn seats_full(c: &ContestOutcome, e: &TallyLine) -> bool {
    !e.elected
        && e.holds.is_none()
        && e.votes >= c.bar.max(1)
        && c.outcome == ContestStatus::Filled
        && !c.avoided.iter().any(|a| a.id == e.key())
}

/// The office of the vote's post `id` (its id itself if the outcome has no such post): people read
/// 副主任, not `vice`.
pub fn office<'a>(o: &'a Outcome, id: &'a str) -> &'a str {
    o.contests.iter().find(|c| c.id == id).map_or(id, |c| c.office.as_str())
}

/// The sheet as earlier Zhengs wrote it, each a form `zheng verify` accepts for the same count
/// (FORMAT.md, the counting sheet): without the `过票数线，名额已满` mark, and before that also with a
/// held post named by its id (`已当选 vice`).
pub fn earlier_forms(o: &Outcome, sheet: &str) -> Vec<String> {
    let full = format!("  {}\n", Lang::Zh.say(NoticeWord::SeatsFull));
    let unmarked = sheet.replace(&full, "\n");
    let mut by_id = unmarked.clone();
    let held = Lang::Zh.say(Word::ElectedTo);
    for c in &o.contests {
        by_id = by_id.replace(&format!("  {held}{}\n", c.office), &format!("  {held}{}\n", c.id));
    }
    vec![unmarked, by_id]
}

/// The post's result in words (the sheet's last line of a post; the HTML report's too).
pub fn result(lang: Lang, c: &ContestOutcome) -> String {
    let list = |keys: &[String]| -> String {
        keys.iter()
            .map(|key| c.tally.iter().find(|e| e.key() == key).map_or(key.clone(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(lang.list_sep())
    };
    match c.outcome {
        ContestStatus::Filled => lang.format(SheetSays::Filled { who: &list(&c.elected) }),
        ContestStatus::Void => lang.say(SheetWord::VoidResult).to_string(),
        ContestStatus::Unfilled => {
            let who = if c.elected.is_empty() { lang.say(SheetWord::Nobody).to_string() } else { list(&c.elected) };
            lang.format(SheetSays::Unfilled { who: &who })
        }
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
        lang.format(SheetSays::ElectedSoFar { who: &list(&c.elected), sep: &lang.clause_sep() })
    };
    let (done, seats, who) = (&done, &seats, &who);
    lang.format(if revote { SheetSays::Revote { done, seats, who } } else { SheetSays::Runoff { done, seats, who } })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ZJE28 on the counting sheet: the Party branch meeting elects three of four, all four over the
    /// bar; the fourth's line says why they are not elected (名额已满), in both languages, and the
    /// sheet of an earlier Zheng (no such mark) is one of the forms a verifier accepts.
    #[test]
    fn zje28_over_the_bar_beyond_the_seats_is_said_on_the_sheet() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kengtou-party");
        let text = std::fs::read_to_string(dir.join("election.toml")).unwrap();
        let e = crate::vote::manifest::Election::from_toml(&text, &dir.join("election.toml")).unwrap();
        let o = crate::vote::count::count(&e, &[dir.join("meeting.jsonl")], false).unwrap();
        let c = &o.contests[0];
        let beyond: Vec<&TallyLine> = c.tally.iter().filter(|t| seats_full(c, t)).collect();
        assert_eq!(beyond.len(), 1, "one over the bar beyond the three seats");
        assert!(c.tally.iter().filter(|t| t.elected).all(|t| t.votes > beyond[0].votes));
        for (lang, mark) in [(Lang::Zh, "  过票数线，名额已满\n"), (Lang::En, "  over the bar, seats filled\n")]
        {
            let sheet = render(&o, lang);
            let line = sheet.lines().find(|l| l.contains(&beyond[0].name)).unwrap();
            assert!(format!("{line}\n").ends_with(mark), "{line}");
            assert_eq!(sheet.matches(mark).count(), 1, "{sheet}");
        }
        let zh = render(&o, Lang::Zh);
        let earlier = earlier_forms(&o, &zh);
        assert!(!earlier[0].contains("名额已满") && earlier[0].len() < zh.len());
    }
}
