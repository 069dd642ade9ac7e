//! The tallier's entry screen (`zheng station screen`): one post at a time, its candidates numbered,
//! the running tally of the box in 正 strokes beside them. Type the numbers for a post (a written-in
//! name by name; in approve posts `-N` is against), Enter moves to the next post and, on the last,
//! commits the ballot to the journal — durable before the screen says so. Fits 80×24.
//!
//! What is typed is read as a name is read (RULES.md, "Names"; [`read_post`]): NFKC first, so the
//! full-width `１２` of a Chinese input method is the number 12. Numbers are separated by spaces,
//! names by `，` `、` `,` `；` `;`; a space inside a name is removed (`钟 伟` is the one name 钟伟). A
//! number that is no candidate's, a "name" of only digits and signs (`-1` in a choose post, `+`,
//! `1-2`), a name the name policy refuses or a name in a post without write-ins is refused when
//! Enter leaves the post, with the reason on the message line, and nothing is saved.
//!
//! Keys: Enter next post / commit · Tab, ↓ next post · Shift-Tab, ↑ previous · Backspace · Esc
//! clear the ballot · Ctrl-Z undo the last ballot (asks) · Ctrl-X spoiled ballot (asks) · Ctrl-C quit.
//!
//! [`Screen`] is a pure state machine: [`Screen::key`] takes a key and returns an [`Action`] for the
//! journal — save this ballot, void that one, quit — and touches nothing outside itself; [`apply`]
//! carries an action out on the journal and tells the screen what happened, and [`run`] drives both
//! on a real terminal. The running tally changes one ballot at a time, never by recounting the box.
//! Tests drive the same [`apply`] with scripted keys on a test backend.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::report::strokes::{pad, strokes};
use crate::station::journal::{Journal, Kind, NewEntry};
use crate::station::table;
use crate::vote::ballot::Schema;
use crate::vote::manifest::{Contest, Election};
use crate::vote::model::Style as PostStyle;
use crate::vote::name::{self, MAX_NAME_CHARS, NameError};
use crate::vote::tally::{Kernel, Tally};
use crate::words::Lang;

/// A question waiting for y / n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Undo this ballot.
    Undo(u64),
    /// Record a spoiled ballot.
    Spoiled,
    /// Quit with a ballot half typed (it is not saved).
    Quit,
}

/// What a key asks of the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Nothing: the screen's own state changed, or nothing did.
    Nothing,
    /// Store this ballot line (already checked against the manifest).
    Save(String),
    /// Void this ballot with a correction entry.
    Undo(u64),
    /// The tallier is done.
    Quit,
}

/// What was typed in a post that makes no ballot: refused on the screen, never saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The post, by its place on the ballot.
    pub post: usize,
    /// The post's office, e.g. 主任.
    pub office: String,
    /// What is wrong.
    pub why: Unreadable,
}

/// Why what was typed in a post is neither candidate numbers nor names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A number that is no candidate's number in the post (its digits, as read: `１２` is 12).
    NoSuchNumber(String),
    /// Only digits and signs, not a number of the post: `-1` in a choose post, `+`, `1-2`.
    NotAName(String),
    /// A name the name policy refuses (RULES.md, "Names").
    Name(NameError),
    /// A name in a post that takes no written-in names.
    NoWriteIn,
}

/// One mark read from what was typed in a post.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mark {
    /// The listed candidate at this index (approve: a for-mark).
    For(usize),
    /// Approve: against the listed candidate at this index.
    Against(usize),
    /// A written-in name, in the name form.
    Name(String),
}

/// What separates names, once the text is in NFKC (which makes `，` `,` and `；` `;`): the commas
/// and the enumeration comma of a Chinese keyboard, and the semicolon. A space separates numbers
/// only: inside a name it is a slip, removed as the name policy removes it.
const NAME_SEPARATORS: [char; 3] = [',', '、', ';'];

/// Reads what was typed in one post as a name is read (RULES.md, "Names": NFKC first, so full-width
/// digits are digits and the ideographic space is a space): the text is split at
/// [`NAME_SEPARATORS`], each piece into words at spaces; a word that is a number (choose: `N` or
/// `+N`; approve: also `-N`, against) is a candidate's number, and the words between numbers and
/// separators are one name, its spaces removed. A name must hold a letter: one of only digits and
/// signs is refused.
fn read_post(c: &Contest, typed: &str) -> Result<Vec<Mark>, Unreadable> {
    let text = name::nfkc(typed);
    let mut marks = Vec::new();
    for piece in text.split(NAME_SEPARATORS) {
        let mut words: Vec<&str> = Vec::new();
        // NFKC made every space of a Chinese or Western keyboard an ASCII one; any other white-space
        // character stays in its word, for the name policy to judge (a line break is refused there).
        for word in piece.split(' ').filter(|w| !w.is_empty()) {
            match number(c, word)? {
                Some(mark) => {
                    written_in(c, &mut words, &mut marks)?;
                    marks.push(mark);
                }
                None => words.push(word),
            }
        }
        written_in(c, &mut words, &mut marks)?;
    }
    Ok(marks)
}

/// A word that is a candidate's number in this post, as a mark; `None` if it is no number.
fn number(c: &Contest, word: &str) -> Result<Option<Mark>, Unreadable> {
    let (against, digits) = match word.as_bytes().first() {
        Some(b'+') => (false, &word[1..]),
        Some(b'-') if c.style == PostStyle::Approve => (true, &word[1..]),
        _ => (false, word),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    match digits.parse::<usize>() {
        Ok(k) if (1..=c.candidates.len()).contains(&k) => {
            Ok(Some(if against { Mark::Against(k - 1) } else { Mark::For(k - 1) }))
        }
        _ => Err(Unreadable::NoSuchNumber(digits.to_string())),
    }
}

/// The words gathered since the last number or separator, as one written-in name.
fn written_in(c: &Contest, words: &mut Vec<&str>, marks: &mut Vec<Mark>) -> Result<(), Unreadable> {
    if words.is_empty() {
        return Ok(());
    }
    let typed = words.join(" ");
    words.clear();
    let n = name::checked(&typed).map_err(Unreadable::Name)?;
    if !n.chars().any(char::is_alphabetic) {
        return Err(Unreadable::NotAName(n.into_owned()));
    }
    if !c.write_in {
        return Err(Unreadable::NoWriteIn);
    }
    marks.push(Mark::Name(n.into_owned()));
    Ok(())
}

/// The entry screen's state: what is typed, the running tally of the box's live ballots, and the
/// message line. It holds no journal: it learns what was stored through [`Screen::saved`] and
/// [`Screen::undone`].
pub struct Screen {
    election: Election,
    station_name: String,
    voters: Option<u64>,
    lang: Lang,
    /// The post being entered.
    pub post: usize,
    /// What has been typed for each post.
    pub fields: Vec<String>,
    /// The last message (ok N, refused …).
    pub message: String,
    /// A pending question.
    pub confirm: Option<Confirm>,
    /// Whether the message is a refusal of what was typed: it goes once the post is read.
    refused: bool,
    /// Ballots entered, voided ones included: the number the next saved ballot follows.
    entered: u64,
    /// The live ballots, in the order entered: each one's number and its own tally.
    live: Vec<(u64, Tally)>,
    /// The tally of the live ballots: the sum of theirs.
    tally: Tally,
}

impl Screen {
    /// A screen over an open journal: its live ballots counted once, here.
    pub fn new(journal: &Journal, lang: Lang) -> Result<Screen, Error> {
        let e = journal.election().clone();
        let mut s = Screen {
            station_name: e.stations()[journal.station()].name.clone(),
            voters: journal.voters(),
            lang,
            post: 0,
            fields: vec![String::new(); e.contests().len()],
            message: String::new(),
            confirm: None,
            refused: false,
            entered: journal.ballots_entered(),
            live: Vec::new(),
            tally: Tally::empty(&e),
            election: e,
        };
        let schema = Schema::new(journal.election());
        let kernel = Kernel::new(journal.election(), &schema.layout);
        for (n, line) in journal.live_ballots() {
            let one = table::ballot_tally(&schema, &kernel, n, line)?;
            s.tally.merge(&one);
            s.live.push((n, one));
        }
        s.message = s.help().to_string();
        Ok(s)
    }

    /// The first message: how to type a ballot.
    fn help(&self) -> &'static str {
        self.lang.t(
            "编号之间空格，姓名之间用，或、分开；回车下一职位，最后一个职位回车保存。",
            "Numbers (space between), names (\",\" or \"、\" between); Enter: next post / save.",
        )
    }

    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.t(zh, en)
    }

    /// The tally of the live ballots.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The journal stored ballot `n` (from [`Action::Save`]): it is counted and the form cleared.
    pub fn saved(&mut self, n: u64, line: &[u8]) -> Result<(), Error> {
        let schema = Schema::new(&self.election);
        let one = table::ballot_tally(&schema, &Kernel::new(&self.election, &schema.layout), n, line)?;
        self.tally.merge(&one);
        self.live.push((n, one));
        self.entered = self.entered.max(n);
        self.fields.iter_mut().for_each(String::clear);
        self.post = 0;
        self.message = match self.lang {
            Lang::Zh => format!("第 {n} 张选票已保存。"),
            Lang::En => format!("ok {n}: ballot saved."),
        };
        Ok(())
    }

    /// The header's numbers: ballots counted against voters; once a ballot is voided, also how many
    /// were entered and voided, so that a ballot's number (`第 5 张`, the order of entry, voided
    /// ones included) never seems to disagree with the count (`4 张`).
    fn counts(&self) -> String {
        let live = self.live.len();
        let voters = self.voters.map_or_else(|| "?".to_string(), |v| v.to_string());
        let voided = (self.entered as usize).saturating_sub(live);
        match (self.lang, voided) {
            (Lang::Zh, 0) => format!("已录入 {live} 张 / 投票 {voters} 人"),
            (Lang::Zh, _) => format!("已计 {live} 张（录入 {} 张，撤销 {voided} 张）/ 投票 {voters} 人", self.entered),
            (Lang::En, 0) => format!("{live} ballots entered / {voters} voters"),
            (Lang::En, _) => {
                format!("{live} ballots counted ({} entered, {voided} voided) / {voters} voters", self.entered)
            }
        }
    }

    /// The journal voided ballot `n` (from [`Action::Undo`]): its votes leave the tally.
    pub fn undone(&mut self, n: u64) {
        if let Some(i) = self.live.iter().position(|(b, _)| *b == n) {
            let (_, one) = self.live.remove(i);
            self.tally.unmerge(&one);
        }
        self.message = match self.lang {
            Lang::Zh => format!("第 {n} 张选票已撤销（更正记录已保存）。"),
            Lang::En => format!("ballot {n} voided (a correction entry was saved)."),
        };
    }

    /// The marks typed in post `i`, or why they make no ballot.
    fn marks(&self, i: usize) -> Result<Vec<Mark>, Refused> {
        let c = &self.election.contests()[i];
        read_post(c, &self.fields[i]).map_err(|why| Refused { post: i, office: c.office.clone(), why })
    }

    /// The ballot line the fields make (contract §2), each post read as [`read_post`] reads it and
    /// its marks in the order typed; or the first post that makes no ballot, and why.
    pub fn ballot_line(&self) -> Result<String, Refused> {
        let mut m = Map::new();
        for (i, c) in self.election.contests().iter().enumerate() {
            let marks = self.marks(i)?;
            if marks.is_empty() {
                continue;
            }
            let id = |k: &usize| c.candidates[*k].id.clone();
            let post = match c.style {
                PostStyle::Choose => json!(
                    marks
                        .iter()
                        .map(|mark| match mark {
                            Mark::For(k) | Mark::Against(k) => id(k),
                            Mark::Name(n) => format!("w:{n}"),
                        })
                        .collect::<Vec<_>>()
                ),
                PostStyle::Approve => {
                    let (mut yes, mut no, mut written) = (Vec::new(), Vec::new(), Vec::new());
                    for mark in &marks {
                        match mark {
                            Mark::For(k) => yes.push(id(k)),
                            Mark::Against(k) => no.push(id(k)),
                            Mark::Name(n) => written.push(n.clone()),
                        }
                    }
                    json!({"for": yes, "against": no, "write_in": written})
                }
            };
            m.insert(c.id.clone(), post);
        }
        Ok(Value::Object(m).to_string())
    }

    /// What the message line says of a post refused.
    fn refusal(&self, r: &Refused) -> String {
        let office = &r.office;
        let zh = self.lang == Lang::Zh;
        match &r.why {
            Unreadable::NoSuchNumber(n) => format!("{office}: {} {n}", self.t("没有这个编号", "no candidate number")),
            Unreadable::NotAName(t) if zh => format!("{office}: “{t}” 既不是候选人编号，也不是姓名"),
            Unreadable::NotAName(t) => format!("{office}: \"{t}\" is neither a candidate number nor a name"),
            Unreadable::Name(e) => {
                let why = match e {
                    NameError::Empty => self.t("姓名是空的", "the name is empty").to_string(),
                    NameError::TooLong if zh => format!("姓名超过 {MAX_NAME_CHARS} 个字"),
                    NameError::TooLong => format!("the name is longer than {MAX_NAME_CHARS} characters"),
                    NameError::Control => self.t("姓名中有控制字符", "the name holds a control character").to_string(),
                    NameError::Invisible(u) if zh => format!("姓名中有看不见或改变文字顺序的字符 U+{u:04X}"),
                    NameError::Invisible(u) => {
                        format!("the name holds an invisible or text-reordering character U+{u:04X}")
                    }
                };
                format!("{office}: {why}")
            }
            Unreadable::NoWriteIn => {
                format!("{office}: {}", self.t("本职位不能另选他人", "this post takes no written-in names"))
            }
        }
    }

    /// A ballot to save, if the manifest accepts it; else the reason, on the message line.
    fn save(&mut self, line: String) -> Action {
        let schema = Schema::new(&self.election);
        match table::check_line(&schema, line.as_bytes()) {
            Ok(_) => Action::Save(line),
            Err(why) => {
                self.message = format!("{}: {why}", self.t("不是有效录入，未保存", "not saved"));
                Action::Nothing
            }
        }
    }

    /// The answer to a pending question.
    fn answer(&mut self, q: Confirm, k: KeyEvent) -> Action {
        self.confirm = None;
        if !matches!(k.code, KeyCode::Char('y' | 'Y')) {
            self.message = self.t("已取消。", "cancelled.").to_string();
            return Action::Nothing;
        }
        match q {
            Confirm::Undo(n) => Action::Undo(n),
            Confirm::Spoiled => self.save(r#"{"spoiled":true}"#.to_string()),
            Confirm::Quit => Action::Quit,
        }
    }

    /// Handles one key: changes the screen's state and says what the journal should do.
    pub fn key(&mut self, k: KeyEvent) -> Action {
        if let Some(q) = self.confirm {
            return self.answer(q, k);
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.fields.len().saturating_sub(1);
        match k.code {
            KeyCode::Char('c' | 'q') if ctrl && self.fields.iter().all(String::is_empty) => return Action::Quit,
            KeyCode::Char('c' | 'q') if ctrl => {
                self.confirm = Some(Confirm::Quit);
                self.message = self
                    .t("本张选票尚未保存，仍要退出？(y/n)", "This ballot is not saved yet: quit anyway? (y/n)")
                    .to_string();
            }
            KeyCode::Char('z') if ctrl => match self.live.last() {
                Some(&(n, _)) => {
                    self.confirm = Some(Confirm::Undo(n));
                    self.message = match self.lang {
                        Lang::Zh => format!("撤销第 {n} 张选票？(y/n)"),
                        Lang::En => format!("Undo ballot {n}? (y/n)"),
                    };
                }
                None => self.message = self.t("没有可撤销的选票。", "nothing to undo.").to_string(),
            },
            KeyCode::Char('x') if ctrl => {
                self.confirm = Some(Confirm::Spoiled);
                self.message = self.t("记为无法辨认的废票？(y/n)", "Record a spoiled ballot? (y/n)").to_string();
            }
            KeyCode::Char(ch) if !ctrl => self.fields[self.post].push(ch),
            KeyCode::Backspace => {
                self.fields[self.post].pop();
            }
            KeyCode::Esc => {
                self.fields.iter_mut().for_each(String::clear);
                self.post = 0;
                self.message = self.t("本张选票已清空。", "ballot cleared.").to_string();
            }
            KeyCode::Tab | KeyCode::Down => self.post = (self.post + 1).min(last),
            KeyCode::BackTab | KeyCode::Up => self.post = self.post.saturating_sub(1),
            // Enter reads the post it leaves: what makes no ballot is refused on the spot, never saved.
            KeyCode::Enter => {
                let read = self
                    .marks(self.post)
                    .and_then(|_| if self.post < last { Ok(None) } else { self.ballot_line().map(Some) });
                if std::mem::take(&mut self.refused) {
                    self.message = self.help().to_string();
                }
                match read {
                    Ok(None) => self.post += 1,
                    Ok(Some(line)) => return self.save(line),
                    Err(r) => {
                        self.message = self.refusal(&r);
                        self.refused = true;
                        self.post = r.post;
                    }
                }
            }
            _ => {}
        }
        Action::Nothing
    }

    /// Draws the screen.
    pub fn draw(&self, f: &mut Frame<'_>) {
        let e = &self.election;
        let c = &e.contests()[self.post];
        let ct = &self.tally.contests[self.post];
        let [head, body, input, foot] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(5), Constraint::Length(3), Constraint::Length(2)])
                .areas(f.area());
        let title = format!("正 {} · {} · {}", e.village(), self.station_name, self.counts());
        f.render_widget(Paragraph::new(title).style(Style::default().add_modifier(Modifier::BOLD)), head);

        let mut lines: Vec<Line<'_>> = Vec::new();
        for (i, k) in c.candidates.iter().enumerate() {
            let votes = ct.votes[i];
            let against = if c.style == PostStyle::Approve { format!("  -{}", ct.against[i]) } else { String::new() };
            lines.push(Line::from(format!(
                "{:>2}  {} {:>5}{against}  {}",
                i + 1,
                pad(&k.name, 12),
                votes,
                strokes(votes)
            )));
        }
        let mut written: Vec<(&String, &u64)> = ct.write_ins.iter().collect();
        written.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (name, votes) in written.into_iter().take(3) {
            lines.push(Line::from(format!(
                "    {} {:>5}  {}  ({})",
                pad(name, 12),
                votes,
                strokes(*votes),
                self.t("另选", "write-in")
            )));
        }
        let hint = match (c.style, self.lang) {
            (PostStyle::Choose, Lang::Zh) => format!("应选 {} 名：输入编号，另选他人直接输入姓名", c.seats),
            (PostStyle::Choose, Lang::En) => format!("{} seat(s): numbers; a written-in name by name", c.seats),
            (PostStyle::Approve, Lang::Zh) => format!("应选 {} 名：编号为赞成，-编号为不赞成，另选输入姓名", c.seats),
            (PostStyle::Approve, Lang::En) => format!("{} seat(s): N for, -N against, a name to write in", c.seats),
        };
        let block = Block::default().borders(Borders::ALL).title(format!(
            " {} ({}/{}) · {hint} ",
            c.office,
            self.post + 1,
            e.contests().len()
        ));
        f.render_widget(Paragraph::new(lines).block(block), body);

        let summary: Vec<String> = e
            .contests()
            .iter()
            .zip(&self.fields)
            .enumerate()
            .map(
                |(i, (k, v))| {
                    if i == self.post { format!("[{}: {v}_]", k.office) } else { format!("{}: {v}", k.office) }
                },
            )
            .collect();
        let block = Block::default().borders(Borders::ALL).title(self.t(" 本张选票 ", " This ballot "));
        f.render_widget(Paragraph::new(summary.join("  ")).block(block), input);
        let help = self.t(
            "回车 下一项/保存  Tab↑↓ 切换  Esc 清空  ^Z 撤销  ^X 废票  ^C 退出",
            "Enter next/save · Tab ↑↓ move · Esc clear · ^Z undo · ^X spoiled · ^C quit",
        );
        f.render_widget(Paragraph::new(vec![Line::from(self.message.clone()), Line::from(help)]), foot);
    }
}

/// Carries out an action on the journal — durably — and tells the screen; `false` once the tallier
/// quits.
pub fn apply(journal: &mut Journal, screen: &mut Screen, action: Action) -> Result<bool, Error> {
    match action {
        Action::Nothing => {}
        Action::Quit => return Ok(false),
        Action::Save(line) => {
            let made =
                journal.append(&[NewEntry { kind: Kind::Ballot, ballot: None, body: line.clone().into_bytes() }])?;
            screen.saved(made[0].ballot.unwrap_or(0), line.as_bytes())?;
        }
        Action::Undo(n) => {
            table::undo(journal, Some(n), "undone at the entry screen")?;
            screen.undone(n);
        }
    }
    Ok(true)
}

/// Runs the entry screen on the terminal until the tallier quits.
pub fn run(journal: &mut Journal, lang: Lang) -> Result<(), Error> {
    use ratatui::crossterm::event::{self, Event, KeyEventKind};
    if journal.closed() {
        return Err(Error::refused(journal.path(), crate::error::Refusal::BoxClosed));
    }
    let io = |e: std::io::Error| Error::io(std::path::Path::new("terminal"), e);
    let mut screen = Screen::new(journal, lang)?;
    let mut terminal = ratatui::try_init().map_err(io)?;
    let result = (|| -> Result<(), Error> {
        loop {
            terminal.draw(|f| screen.draw(f)).map_err(io)?;
            if let Event::Key(k) = event::read().map_err(io)?
                && k.kind == KeyEventKind::Press
            {
                let action = screen.key(k);
                if !apply(journal, &mut screen, action)? {
                    return Ok(());
                }
            }
        }
    })();
    ratatui::try_restore().map_err(io)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::manifest::Manifest;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::Path;

    /// A screen and its journal, driven by keys through [`apply`], as the terminal drives them.
    struct Table {
        j: Journal,
        s: Screen,
        quit: bool,
    }

    impl Table {
        fn new(j: Journal, lang: Lang) -> Table {
            let s = Screen::new(&j, lang).unwrap();
            Table { j, s, quit: false }
        }

        fn press(&mut self, k: KeyEvent) {
            let action = self.s.key(k);
            self.quit |= !apply(&mut self.j, &mut self.s, action).unwrap();
        }
    }

    fn typed(t: &mut Table, keys: &str) {
        for ch in keys.chars() {
            let code = match ch {
                '\n' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            t.press(KeyEvent::new(code, KeyModifiers::NONE));
        }
    }

    fn ctrl(t: &mut Table, c: char) {
        t.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn screen_text(s: &Screen) -> String {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| s.draw(f)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..24 {
            let mut x = 0;
            while x < 80 {
                let sym = buf[(x, y)].symbol();
                out.push_str(sym);
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            out.push('\n');
        }
        out
    }

    fn journal(dir: &Path, fixture: &str, station: &str, voters: u64) -> Journal {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture)).unwrap();
        let m = Manifest::from_text(text, Path::new(fixture)).unwrap();
        Journal::create(&dir.join("j.db"), &m, station, Some(voters)).unwrap()
    }

    #[test]
    fn scripted_keys_enter_correct_and_undo() {
        let d = tempfile::tempdir().unwrap();
        let mut t = Table::new(journal(d.path(), "kengtou-vc/election.toml", "mobile", 88), Lang::Zh);
        // 主任 1, 副主任 2, 委员 3 and a written-in name, 妇女委员 1: saved on the last Enter.
        typed(&mut t, "1\n2\n3 雷晓东\n1\n");
        assert!(t.s.message.contains("第 1 张选票已保存"), "{}", t.s.message);
        // A blank ballot: Enter through every post.
        typed(&mut t, "\n\n\n\n");
        // A number that is no candidate is refused and nothing is saved.
        typed(&mut t, "9\n\n\n\n");
        assert!(t.s.message.contains("没有这个编号"), "{}", t.s.message);
        // Ctrl-C with a ballot half typed asks first (issue 21: the tallier); n stays, Esc clears.
        typed(&mut t, "1");
        ctrl(&mut t, 'c');
        assert!(!t.quit && t.s.message.contains("尚未保存"), "{}", t.s.message);
        typed(&mut t, "n");
        assert!(!t.quit);
        typed(&mut t, "\u{1b}");
        ctrl(&mut t, 'c');
        assert!(t.quit);
        let live: Vec<String> =
            t.j.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect();
        assert_eq!(live, vec![r#"{"chair":["c01"],"member":["c08","w:雷晓东"],"vice":["c05"],"women":["c11"]}"#, "{}"]);
        // Opened again: the running tally shows 蓝国平 with one vote, drawn as a stroke.
        let mut t = Table::new(t.j, Lang::Zh);
        let text = screen_text(&t.s);
        assert!(text.contains("蓝国平") && text.contains('一'), "{text}");
        assert!(text.contains("已录入 2 张 / 投票 88 人"), "{text}");
        // Undo asks first; n cancels, y voids the last ballot with a correction entry.
        typed(&mut t, "\t");
        ctrl(&mut t, 'z');
        assert_eq!(t.s.confirm, Some(Confirm::Undo(2)));
        typed(&mut t, "n");
        assert_eq!(t.s.confirm, None);
        ctrl(&mut t, 'z');
        typed(&mut t, "y");
        assert!(t.s.message.contains("第 2 张选票已撤销"), "{}", t.s.message);
        // Issue 21, defect 2: one numbering — the header says how the count and the numbers differ.
        let text = screen_text(&t.s);
        assert!(text.contains("已计 1 张（录入 2 张，撤销 1 张）/ 投票 88 人"), "{text}");
        typed(&mut t, "1\n\n\n\n");
        assert!(t.s.message.contains("第 3 张选票已保存"), "{}", t.s.message);
        assert!(screen_text(&t.s).contains("已计 2 张（录入 3 张，撤销 1 张）"), "{}", screen_text(&t.s));
        ctrl(&mut t, 'z');
        typed(&mut t, "y");
        // A spoiled ballot, confirmed.
        ctrl(&mut t, 'x');
        typed(&mut t, "y");
        assert_eq!(t.j.ballots_entered(), 4);
        assert_eq!(t.j.live_ballots().len(), 2);
        assert_eq!(t.j.live_ballots()[1].1, br#"{"spoiled":true}"#);
        // The running tally, kept ballot by ballot, equals a recount of the live ballots.
        let again = Screen::new(&t.j, Lang::Zh).unwrap();
        assert_eq!(t.s.tally(), again.tally());
        assert_eq!(t.s.tally().invalid.total(), 1);
    }

    #[test]
    fn english_and_approve_posts_fit_80_by_24() {
        let d = tempfile::tempdir().unwrap();
        let mut t = Table::new(journal(d.path(), "kengtou-party/election.toml", "meeting", 41), Lang::En);
        typed(&mut t, "1 2 -3 张三\n");
        assert!(t.s.message.contains("ok 1"), "{}", t.s.message);
        let text = screen_text(&t.s);
        assert!(text.contains("1 ballots entered / 41 voters"), "{text}");
        assert!(text.contains("^Z undo"), "{text}");
        let line = String::from_utf8(t.j.live_ballots()[0].1.to_vec()).unwrap();
        assert_eq!(line, r#"{"committee":{"against":["p03"],"for":["p01","p02"],"write_in":["张三"]}}"#);
    }

    /// Undoing a ballot with a written-in name takes the name off the running tally.
    #[test]
    fn undo_takes_a_written_in_name_off_the_tally() {
        let d = tempfile::tempdir().unwrap();
        let mut t = Table::new(journal(d.path(), "kengtou-vc/election.toml", "mobile", 88), Lang::En);
        typed(&mut t, "雷晓东\n\n\n\n");
        assert_eq!(t.s.tally().contests[0].write_ins.get("雷晓东"), Some(&1));
        ctrl(&mut t, 'z');
        typed(&mut t, "y");
        assert!(t.s.tally().contests[0].write_ins.is_empty());
        assert_eq!(t.s.tally(), &Tally::empty(t.j.election()));
    }

    /// The live ballot lines, as the journal stored them.
    fn lines(t: &Table) -> Vec<String> {
        t.j.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect()
    }

    /// The villagers' committee of 坑头村: 主任 1–3, 副主任 1–2 (2 is 吴志刚, 1 钟伟), 委员 1–5 (2 seats),
    /// 妇女委员 1–2; all choose posts with write-ins.
    fn vc(dir: &Path, lang: Lang) -> Table {
        Table::new(journal(dir, "kengtou-vc/election.toml", "mobile", 88), lang)
    }

    /// The Party committee: one approve post, 支部委员, candidates 1–4 for 3 seats.
    fn party(dir: &Path, lang: Lang) -> Table {
        Table::new(journal(dir, "kengtou-party/election.toml", "meeting", 41), lang)
    }

    /// RULES.md "Names": a space in a name — ASCII or the ideographic U+3000 — is removed, never taken
    /// for a separator: `钟 伟` is the one write-in 钟伟, not 钟 and 伟 (an overvote of the one-seat
    /// 主任, voiding the ballot).
    #[test]
    fn a_space_inside_a_written_in_name_is_one_name() {
        let d = tempfile::tempdir().unwrap();
        let mut t = vc(d.path(), Lang::Zh);
        typed(&mut t, "钟 伟\n\n\n\n");
        typed(&mut t, "\n\n钟\u{3000}伟，雷 晓 东\n\n");
        assert!(t.s.message.contains("第 2 张选票已保存"), "{}", t.s.message);
        assert_eq!(lines(&t), [r#"{"chair":["w:钟伟"]}"#, r#"{"member":["w:钟伟","w:雷晓东"]}"#]);
        assert_eq!(t.s.tally().contests[0].write_ins.get("钟伟"), Some(&1));
        assert_eq!(t.s.tally().invalid.total(), 0);
    }

    /// A Chinese input method types full-width digits (and a full-width space between them): they are
    /// candidate numbers, as ASCII digits are, and a space separates numbers.
    #[test]
    fn full_width_digits_are_candidate_numbers() {
        let d = tempfile::tempdir().unwrap();
        let mut t = vc(d.path(), Lang::Zh);
        typed(&mut t, "１\n２\n１\u{3000}３\n２\n");
        typed(&mut t, "3\n1\n1 5\n\n");
        assert_eq!(
            lines(&t),
            [
                r#"{"chair":["c01"],"member":["c06","c08"],"vice":["c05"],"women":["c12"]}"#,
                r#"{"chair":["c03"],"member":["c06","c10"],"vice":["c04"]}"#,
            ]
        );
    }

    /// `１２` in a post of five candidates is the number 12, out of range: refused as such when Enter
    /// leaves the post, in the screen's language — not saved as a write-in named "12".
    #[test]
    fn a_full_width_number_beyond_the_candidates_is_refused_as_out_of_range() {
        for (lang, words) in [(Lang::Zh, "没有这个编号"), (Lang::En, "no candidate number")] {
            for (typed_in, number) in [
                ("１２", "12"),
                ("１２３４", "1234"),
                ("3 ９９９９９９９９９９９９９９９９９９９９９", "999999999999999999999"),
            ] {
                let d = tempfile::tempdir().unwrap();
                let mut t = vc(d.path(), lang);
                typed(&mut t, &format!("\n\n{typed_in}\n"));
                assert_eq!(t.s.post, 2, "{typed_in}: the tallier stays on 委员");
                let text = screen_text(&t.s);
                assert!(text.contains(&format!("委员: {words} {number}")), "{typed_in}: {text}");
                typed(&mut t, "\n\n\n");
                assert_eq!(t.j.ballots_entered(), 0, "{typed_in}");
            }
        }
    }

    /// `-1` in a choose post, `+`, `1-2`, a full-width `－１`: not a candidate number and not a name.
    /// Refused when Enter leaves the post, with the words in the screen's language, and never saved;
    /// the tallier corrects the post and goes on.
    #[test]
    fn a_name_of_only_digits_or_signs_is_refused_on_the_spot() {
        for (lang, words) in
            [(Lang::Zh, "既不是候选人编号，也不是姓名"), (Lang::En, "is neither a candidate number nor a name")]
        {
            for (typed_in, shown) in
                [("-1", "-1"), ("+", "+"), ("1-2", "1-2"), ("－１", "-1"), ("2 -", "-"), ("+ 1", "+")]
            {
                let d = tempfile::tempdir().unwrap();
                let mut t = vc(d.path(), lang);
                typed(&mut t, &format!("{typed_in}\n"));
                assert_eq!(t.s.post, 0, "{typed_in}: the tallier stays on 主任");
                let (open, close) = if lang == Lang::Zh { ("“", "”") } else { ("\"", "\"") };
                let message = format!("主任: {open}{shown}{close} {words}");
                assert_eq!(t.s.message, message, "{typed_in}");
                assert!(screen_text(&t.s).contains(&message), "{typed_in}: {}", screen_text(&t.s));
                typed(&mut t, "\n\n\n");
                assert_eq!(t.j.ballots_entered(), 0, "{typed_in}");
                t.press(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                typed(&mut t, "1\n\n\n\n");
                assert_eq!(lines(&t), [r#"{"chair":["c01"]}"#], "{typed_in}");
            }
        }
    }

    /// Names are separated as a Chinese keyboard separates them: `，` `、` `,` `；` `;`. Numbers and
    /// names mix: `1，钟伟` is candidate 1 and the write-in 钟伟; `3 雷晓东` is candidate 3 and 雷晓东.
    #[test]
    fn chinese_commas_and_enumeration_comma_separate_names() {
        let d = tempfile::tempdir().unwrap();
        let mut t = vc(d.path(), Lang::Zh);
        for typed_in in
            ["雷晓东、李四", "雷晓东，李四", "雷晓东,李四", "雷晓东；李四", "雷晓东;李四", "雷晓东 、 李四，"]
        {
            typed(&mut t, &format!("\n\n{typed_in}\n\n"));
        }
        typed(&mut t, "\n\n1，钟伟\n\n");
        typed(&mut t, "\n\n钟伟、１\n\n");
        typed(&mut t, "\n\n3 雷晓东\n\n");
        let two = r#"{"member":["w:雷晓东","w:李四"]}"#;
        assert_eq!(
            lines(&t),
            [
                two,
                two,
                two,
                two,
                two,
                two,
                r#"{"member":["c06","w:钟伟"]}"#,
                r#"{"member":["w:钟伟","c06"]}"#,
                r#"{"member":["c08","w:雷晓东"]}"#,
            ]
        );
    }

    /// Approve posts read the same way: `N` (or `+N`) for, `-N` against — half- or full-width — and
    /// a written-in name by name, its spaces removed; a sign with no number is refused.
    #[test]
    fn approve_posts_read_full_width_numbers_signs_and_spaced_names() {
        let d = tempfile::tempdir().unwrap();
        let mut t = party(d.path(), Lang::Zh);
        typed(&mut t, "１ ＋２ －３ 张 三\n");
        typed(&mut t, "-3 -4，王 五、李\u{3000}四\n");
        assert_eq!(
            lines(&t),
            [
                r#"{"committee":{"against":["p03"],"for":["p01","p02"],"write_in":["张三"]}}"#,
                r#"{"committee":{"against":["p03","p04"],"for":[],"write_in":["王五","李四"]}}"#,
            ]
        );
        typed(&mut t, "-９\n");
        assert_eq!(t.s.message, "支部委员: 没有这个编号 9");
        t.press(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        typed(&mut t, "1 - 3\n");
        assert_eq!(t.s.message, "支部委员: “-” 既不是候选人编号，也不是姓名");
        assert_eq!(t.j.ballots_entered(), 2);
    }

    /// A name the name policy refuses — with a zero-width space, or a line separator, which is white
    /// space but no space a keyboard types — is refused at the screen, in the screen's language, when
    /// Enter leaves the post; corrected, the post is read and the refusal goes.
    #[test]
    fn an_invisible_character_in_a_name_is_refused_on_the_spot() {
        for c in ['\u{200B}', '\u{2028}'] {
            for (lang, words) in [
                (Lang::Zh, "姓名中有看不见或改变文字顺序的字符"),
                (Lang::En, "the name holds an invisible or text-reordering character"),
            ] {
                let d = tempfile::tempdir().unwrap();
                let mut t = vc(d.path(), lang);
                typed(&mut t, &format!("钟伟{c}\n"));
                assert_eq!(t.s.post, 0);
                assert_eq!(t.s.message, format!("主任: {words} U+{:04X}", c as u32));
                assert_eq!(t.j.ballots_entered(), 0);
                t.press(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
                typed(&mut t, "\n");
                assert_eq!((t.s.post, t.s.message.as_str()), (1, t.s.help()));
                typed(&mut t, "\n\n\n");
                assert_eq!(lines(&t), [r#"{"chair":["w:钟伟"]}"#]);
            }
        }
    }

    /// A name in a post that takes no written-in names is refused at the screen, in its language.
    #[test]
    fn a_name_in_a_post_without_write_ins_is_refused_on_the_spot() {
        for (lang, words) in
            [(Lang::Zh, "书记: 本职位不能另选他人"), (Lang::En, "书记: this post takes no written-in names")]
        {
            let d = tempfile::tempdir().unwrap();
            let mut t = Table::new(journal(d.path(), "zhengkeng/kengtou/po.toml", "meeting", 5), lang);
            typed(&mut t, "张三\n");
            assert_eq!(t.s.post, 0);
            assert_eq!(t.s.message, words);
            assert_eq!(t.j.ballots_entered(), 0);
        }
    }
}
