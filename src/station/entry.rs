//! The tallier's entry screen (`zheng station screen`): one post at a time, its candidates numbered,
//! the running tally of the box in 正 strokes beside them. Type the numbers for a post (a written-in
//! name by name; in approve posts `-N` is against), Enter moves to the next post and, on the last,
//! commits the ballot to the journal — durable before the screen says so. Fits 80×24.
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
use crate::law::ballot::Schema;
use crate::law::manifest::Election;
use crate::law::model::Style as PostStyle;
use crate::law::tally::{Kernel, Tally};
use crate::report::lang::Lang;
use crate::report::strokes::{pad, strokes};
use crate::station::journal::{Journal, Kind, NewEntry};
use crate::station::table;

/// A question waiting for y / n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Undo this ballot.
    Undo(u64),
    /// Record a spoiled ballot.
    Spoiled,
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

/// A number typed in a post that is no candidate's number there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchNumber {
    /// The post's office, e.g. 主任.
    pub office: String,
    /// The number typed.
    pub number: usize,
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
        s.message = s
            .t(
                "输入候选人编号，回车下一职位；最后一个职位回车即保存本张选票。",
                "Type candidate numbers; Enter: next post; on the last post Enter saves the ballot.",
            )
            .to_string();
        Ok(s)
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
        self.fields.iter_mut().for_each(String::clear);
        self.post = 0;
        self.message = match self.lang {
            Lang::Zh => format!("第 {n} 张选票已保存。"),
            Lang::En => format!("ok {n}: ballot saved."),
        };
        Ok(())
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

    /// The ballot line the fields make (contract §2), or the message for a number that is no
    /// candidate's.
    pub fn ballot_line(&self) -> Result<String, NoSuchNumber> {
        let mut m = Map::new();
        for (c, field) in self.election.contests().iter().zip(&self.fields) {
            let tokens: Vec<&str> = field.split([' ', ',', '，', '\u{3000}']).filter(|t| !t.is_empty()).collect();
            if tokens.is_empty() {
                continue;
            }
            let pick = |t: &str| -> Result<Option<String>, NoSuchNumber> {
                match t.parse::<usize>() {
                    Ok(k) if (1..=c.candidates.len()).contains(&k) => Ok(Some(c.candidates[k - 1].id.clone())),
                    Ok(number) => Err(NoSuchNumber { office: c.office.clone(), number }),
                    Err(_) => Ok(None),
                }
            };
            match c.style {
                PostStyle::Choose => {
                    let mut marks = Vec::new();
                    for t in tokens {
                        marks.push(pick(t)?.unwrap_or_else(|| format!("w:{t}")));
                    }
                    m.insert(c.id.clone(), json!(marks));
                }
                PostStyle::Approve => {
                    let (mut yes, mut no, mut written) = (Vec::new(), Vec::new(), Vec::new());
                    for t in tokens {
                        match t.strip_prefix('-').map(pick) {
                            Some(Ok(Some(id))) => no.push(id),
                            Some(Err(e)) => return Err(e),
                            _ => match pick(t.strip_prefix('+').unwrap_or(t))? {
                                Some(id) => yes.push(id),
                                None => written.push(t.to_string()),
                            },
                        }
                    }
                    m.insert(c.id.clone(), json!({"for": yes, "against": no, "write_in": written}));
                }
            }
        }
        Ok(Value::Object(m).to_string())
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
            KeyCode::Char('c' | 'q') if ctrl => return Action::Quit,
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
            KeyCode::Enter if self.post < last => self.post += 1,
            KeyCode::Enter => match self.ballot_line() {
                Ok(line) => return self.save(line),
                Err(no) => {
                    self.message =
                        format!("{}: {} {}", no.office, self.t("没有这个编号", "no candidate number"), no.number)
                }
            },
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
        let live = self.live.len();
        let voters = self.voters.map_or_else(|| "?".to_string(), |v| v.to_string());
        let title = match self.lang {
            Lang::Zh => format!("正 {} · {} · 已录入 {live} 张 / 投票 {voters} 人", e.village(), self.station_name),
            Lang::En => {
                format!("正 {} · {} · {live} ballots entered / {voters} voters", e.village(), self.station_name)
            }
        };
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
        // A spoiled ballot, confirmed.
        ctrl(&mut t, 'x');
        typed(&mut t, "y");
        assert_eq!(t.j.ballots_entered(), 3);
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
}
