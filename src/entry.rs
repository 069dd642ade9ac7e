//! The tallier's entry screen (`zheng station screen`): one post at a time, its candidates numbered,
//! the running tally of the box in 正 strokes beside them. Type the numbers for a post (a written-in
//! name by name; in approve posts `-N` is against), Enter moves to the next post and, on the last,
//! commits the ballot to the journal — durable before the screen says so. Fits 80×24.
//!
//! Keys: Enter next post / commit · Tab, ↓ next post · Shift-Tab, ↑ previous · Backspace · Esc
//! clear the ballot · Ctrl-Z undo the last ballot (asks) · Ctrl-X spoiled ballot (asks) · Ctrl-C quit.
//!
//! [`Screen`] is a pure state machine over key events, drawn by [`Screen::draw`]; [`run`] drives it
//! on a real terminal. Tests drive it with scripted keys on a test backend.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::{Map, Value, json};

use crate::ballot::Schema;
use crate::error::Error;
use crate::journal::{Journal, Kind, NewEntry};
use crate::manifest::Style as PostStyle;
use crate::sheet::{Lang, pad, strokes};
use crate::station;
use crate::tally::{Kernel, Tally};

/// A question waiting for y / n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Undo this ballot.
    Undo(u64),
    /// Record a spoiled ballot.
    Spoiled,
}

/// The entry screen's state.
pub struct Screen<'j> {
    journal: &'j mut Journal,
    lang: Lang,
    /// The post being entered.
    pub post: usize,
    /// What has been typed for each post.
    pub fields: Vec<String>,
    /// The last message (ok N, refused …).
    pub message: String,
    /// A pending question.
    pub confirm: Option<Confirm>,
    /// The tally of the live ballots.
    pub tally: Tally,
    /// Whether the tallier asked to quit.
    pub quit: bool,
}

impl<'j> Screen<'j> {
    /// A screen over an open journal.
    pub fn new(journal: &'j mut Journal, lang: Lang) -> Result<Self, Error> {
        let n = journal.election.contests.len();
        let mut s = Screen {
            journal,
            lang,
            post: 0,
            fields: vec![String::new(); n],
            message: String::new(),
            confirm: None,
            tally: Tally::default(),
            quit: false,
        };
        s.recount()?;
        s.message = s
            .t(
                "输入候选人编号，回车下一职位；最后一个职位回车即保存本张选票。",
                "Type candidate numbers; Enter: next post; on the last post Enter saves the ballot.",
            )
            .to_string();
        Ok(s)
    }

    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::Zh { zh } else { en }
    }

    fn recount(&mut self) -> Result<(), Error> {
        let e = &self.journal.election;
        let schema = Schema::new(e);
        let kernel = Kernel::new(e, &schema.layout);
        let lines: Vec<Vec<u8>> = self.journal.live_ballots().iter().map(|(_, l)| l.to_vec()).collect();
        self.tally = crate::record::recount(&schema, &kernel, &lines)
            .map_err(|(i, err)| Error::Invariant(format!("journal ballot {}: {err}", i + 1)))?;
        Ok(())
    }

    /// The ballot line the fields make (contract §2).
    pub fn ballot_line(&self) -> Result<String, String> {
        let mut m = Map::new();
        for (c, field) in self.journal.election.contests.iter().zip(&self.fields) {
            let tokens: Vec<&str> = field.split([' ', ',', '，', '\u{3000}']).filter(|t| !t.is_empty()).collect();
            if tokens.is_empty() {
                continue;
            }
            let pick = |t: &str| -> Result<Option<String>, String> {
                match t.parse::<usize>() {
                    Ok(k) if (1..=c.candidates.len()).contains(&k) => Ok(Some(c.candidates[k - 1].id.clone())),
                    Ok(k) => Err(format!("{}: {} {k}", c.office, self.t("没有这个编号", "no candidate number"))),
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

    fn store(&mut self, line: String) -> Result<(), Error> {
        let schema = Schema::new(&self.journal.election);
        if let Err(why) = station::check_line(&schema, line.as_bytes()) {
            self.message = format!("{}: {why}", self.t("不是有效录入，未保存", "not saved"));
            return Ok(());
        }
        let made = self.journal.append(&[NewEntry { kind: Kind::Ballot, ballot: None, body: line.into_bytes() }])?;
        let n = made[0].ballot.unwrap_or(0);
        self.fields.iter_mut().for_each(String::clear);
        self.post = 0;
        self.recount()?;
        self.message = match self.lang {
            Lang::Zh => format!("第 {n} 张选票已保存。"),
            Lang::En => format!("ok {n}: ballot saved."),
        };
        Ok(())
    }

    /// Handles one key.
    pub fn key(&mut self, k: KeyEvent) -> Result<(), Error> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        if let Some(q) = self.confirm {
            self.confirm = None;
            if matches!(k.code, KeyCode::Char('y' | 'Y')) {
                match q {
                    Confirm::Undo(n) => {
                        station::undo(self.journal, Some(n), "undone at the entry screen")?;
                        self.recount()?;
                        self.message = match self.lang {
                            Lang::Zh => format!("第 {n} 张选票已撤销（更正记录已保存）。"),
                            Lang::En => format!("ballot {n} voided (a correction entry was saved)."),
                        };
                    }
                    Confirm::Spoiled => self.store(r#"{"spoiled":true}"#.to_string())?,
                }
            } else {
                self.message = self.t("已取消。", "cancelled.").to_string();
            }
            return Ok(());
        }
        let last = self.fields.len().saturating_sub(1);
        match k.code {
            KeyCode::Char('c' | 'q') if ctrl => self.quit = true,
            KeyCode::Char('z') if ctrl => match self.journal.live_ballots().last() {
                Some((n, _)) => {
                    self.confirm = Some(Confirm::Undo(*n));
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
                Ok(line) => self.store(line)?,
                Err(why) => self.message = why,
            },
            _ => {}
        }
        Ok(())
    }

    /// Draws the screen.
    pub fn draw(&self, f: &mut Frame<'_>) {
        let e = &self.journal.election;
        let c = &e.contests[self.post];
        let ct = &self.tally.contests[self.post];
        let [head, body, input, foot] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(5), Constraint::Length(3), Constraint::Length(2)])
                .areas(f.area());
        let live = self.journal.live_ballots().len();
        let voters = self.journal.voters().map_or_else(|| "?".to_string(), |v| v.to_string());
        let title = match self.lang {
            Lang::Zh => format!(
                "正 {} · {} · 已录入 {live} 张 / 投票 {voters} 人",
                e.village, e.stations[self.journal.station].name
            ),
            Lang::En => format!(
                "正 {} · {} · {live} ballots entered / {voters} voters",
                e.village, e.stations[self.journal.station].name
            ),
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
            e.contests.len()
        ));
        f.render_widget(Paragraph::new(lines).block(block), body);

        let summary: Vec<String> = e
            .contests
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

/// Runs the entry screen on the terminal until the tallier quits.
pub fn run(journal: &mut Journal, lang: Lang) -> Result<(), Error> {
    use ratatui::crossterm::event::{self, Event, KeyEventKind};
    if journal.closed() {
        return Err(Error::Usage(format!("{}: the box is closed", journal.path.display())));
    }
    let io = |e: std::io::Error| Error::io(std::path::Path::new("terminal"), e);
    let mut terminal = ratatui::try_init().map_err(io)?;
    let result = (|| -> Result<(), Error> {
        let mut screen = Screen::new(journal, lang)?;
        while !screen.quit {
            terminal.draw(|f| screen.draw(f)).map_err(io)?;
            if let Event::Key(k) = event::read().map_err(io)?
                && k.kind == KeyEventKind::Press
            {
                screen.key(k)?;
            }
        }
        Ok(())
    })();
    ratatui::try_restore().map_err(io)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::Path;

    fn typed(s: &mut Screen<'_>, keys: &str) {
        for ch in keys.chars() {
            let code = match ch {
                '\n' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                c => KeyCode::Char(c),
            };
            s.key(KeyEvent::new(code, KeyModifiers::NONE)).unwrap();
        }
    }

    fn ctrl(s: &mut Screen<'_>, c: char) {
        s.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)).unwrap();
    }

    fn screen_text(s: &Screen<'_>) -> String {
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

    fn journal(dir: &Path) -> Journal {
        let m = include_str!("../fixtures/kengtou-vc/election.toml");
        Journal::create(&dir.join("j.db"), m, Path::new("vc.toml"), "mobile", Some(88)).unwrap()
    }

    #[test]
    fn scripted_keys_enter_correct_and_undo() {
        let d = tempfile::tempdir().unwrap();
        let mut j = journal(d.path());
        {
            let mut s = Screen::new(&mut j, Lang::Zh).unwrap();
            // 主任 1, 副主任 2, 委员 3 and a written-in name, 妇女委员 1: saved on the last Enter.
            typed(&mut s, "1\n2\n3 雷晓东\n1\n");
            assert!(s.message.contains("第 1 张选票已保存"), "{}", s.message);
            // A blank ballot: Enter through every post.
            typed(&mut s, "\n\n\n\n");
            // A number that is no candidate is refused and nothing is saved.
            typed(&mut s, "9\n\n\n\n");
            assert!(s.message.contains("没有这个编号"), "{}", s.message);
            ctrl(&mut s, 'c');
            assert!(s.quit);
        }
        let live: Vec<String> = j.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect();
        assert_eq!(live, vec![r#"{"chair":["c01"],"member":["c08","w:雷晓东"],"vice":["c05"],"women":["c11"]}"#, "{}"]);
        {
            let mut s = Screen::new(&mut j, Lang::Zh).unwrap();
            // The running tally shows 蓝国平 with one vote, drawn as a stroke.
            let text = screen_text(&s);
            assert!(text.contains("蓝国平") && text.contains('一'), "{text}");
            assert!(text.contains("已录入 2 张 / 投票 88 人"), "{text}");
            // Undo asks first; n cancels, y voids the last ballot with a correction entry.
            typed(&mut s, "\t");
            ctrl(&mut s, 'z');
            assert_eq!(s.confirm, Some(Confirm::Undo(2)));
            typed(&mut s, "n");
            assert_eq!(s.confirm, None);
            ctrl(&mut s, 'z');
            typed(&mut s, "y");
            assert!(s.message.contains("第 2 张选票已撤销"), "{}", s.message);
            // A spoiled ballot, confirmed.
            ctrl(&mut s, 'x');
            typed(&mut s, "y");
        }
        assert_eq!(j.ballots_entered(), 3);
        assert_eq!(j.live_ballots().len(), 2);
        assert_eq!(j.live_ballots()[1].1, br#"{"spoiled":true}"#);
    }

    #[test]
    fn english_and_approve_posts_fit_80_by_24() {
        let d = tempfile::tempdir().unwrap();
        let m = include_str!("../fixtures/kengtou-party/election.toml");
        let mut j = Journal::create(&d.path().join("p.db"), m, Path::new("party.toml"), "meeting", Some(41)).unwrap();
        let mut s = Screen::new(&mut j, Lang::En).unwrap();
        typed(&mut s, "1 2 -3 张三\n");
        assert!(s.message.contains("ok 1"), "{}", s.message);
        let text = screen_text(&s);
        assert!(text.contains("1 ballots entered / 41 voters"), "{text}");
        assert!(text.contains("^Z undo"), "{text}");
        drop(s);
        let line = String::from_utf8(j.live_ballots()[0].1.to_vec()).unwrap();
        assert_eq!(line, r#"{"committee":{"against":["p03"],"for":["p01","p02"],"write_in":["张三"]}}"#);
    }
}
