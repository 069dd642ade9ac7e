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
use crate::vote::manifest::Election;
use crate::vote::model::Style as PostStyle;
use crate::vote::tally::{Kernel, Tally};
use crate::words::Lang;
use crate::words::entry::{EntrySays, EntryWord};

mod read;

pub use read::{Refused, Unreadable};

use read::{Mark, read_post};

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
        self.say(EntryWord::Help)
    }

    fn say(&self, w: EntryWord) -> &'static str {
        self.lang.say(w)
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
        self.message = self.lang.format(EntrySays::Saved { n: &n });
        Ok(())
    }

    /// The header's numbers: ballots counted against voters; once a ballot is voided, also how many
    /// were entered and voided, so that a ballot's number (`第 5 张`, the order of entry, voided
    /// ones included) never seems to disagree with the count (`4 张`).
    fn counts(&self) -> String {
        let live = self.live.len();
        let voters = &self.voters.map_or_else(|| "?".to_string(), |v| v.to_string());
        let (live, entered) = (&live, &self.entered);
        match (self.entered as usize).saturating_sub(*live) {
            0 => self.lang.format(EntrySays::Entered { live, voters }),
            voided => self.lang.format(EntrySays::Counted { live, entered, voided: &voided, voters }),
        }
    }

    /// The journal voided ballot `n` (from [`Action::Undo`]): its votes leave the tally.
    pub fn undone(&mut self, n: u64) {
        if let Some(i) = self.live.iter().position(|(b, _)| *b == n) {
            let (_, one) = self.live.remove(i);
            self.tally.unmerge(&one);
        }
        self.message = self.lang.format(EntrySays::Undone { n: &n });
    }

    /// The marks typed in post `i`, or why they make no ballot.
    fn marks(&self, i: usize) -> Result<Vec<Mark>, Refused> {
        let c = &self.election.contests()[i];
        read_post(c, &self.fields[i]).map_err(|why| Refused { post: i, office: c.office.clone(), why })
    }

    /// The ballot line the fields make (contract §2), each post read as [`read_post`] reads it and
    /// its marks in the order typed; or the first post that makes no ballot, and why.
    pub(crate) fn ballot_line(&self) -> Result<String, Refused> {
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
        let why = match &r.why {
            Unreadable::NoSuchNumber(n) => self.lang.format(EntrySays::NoSuchNumber { n }),
            Unreadable::NotAName(typed) => self.lang.format(EntrySays::NotAName { typed }),
            Unreadable::Name(e) => self.lang.name_error(e),
            Unreadable::NoWriteIn => self.say(EntryWord::NoWriteIn).to_string(),
        };
        format!("{}: {why}", r.office)
    }

    /// A ballot to save, if the manifest accepts it; else the reason, on the message line.
    fn save(&mut self, line: String) -> Action {
        let schema = Schema::new(&self.election);
        match table::check_line(&schema, line.as_bytes()) {
            Ok(_) => Action::Save(line),
            Err(why) => {
                self.message = format!("{}: {why}", self.say(EntryWord::NotSaved));
                Action::Nothing
            }
        }
    }

    /// The answer to a pending question.
    fn answer(&mut self, q: Confirm, k: KeyEvent) -> Action {
        self.confirm = None;
        if !matches!(k.code, KeyCode::Char('y' | 'Y')) {
            self.message = self.say(EntryWord::Cancelled).to_string();
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
                self.message = self.say(EntryWord::QuitUnsaved).to_string();
            }
            KeyCode::Char('z') if ctrl => match self.live.last() {
                Some(&(n, _)) => {
                    self.confirm = Some(Confirm::Undo(n));
                    self.message = self.lang.format(EntrySays::UndoAsk { n: &n });
                }
                None => self.message = self.say(EntryWord::NothingToUndo).to_string(),
            },
            KeyCode::Char('x') if ctrl => {
                self.confirm = Some(Confirm::Spoiled);
                self.message = self.say(EntryWord::SpoiledAsk).to_string();
            }
            KeyCode::Char(ch) if !ctrl => self.fields[self.post].push(ch),
            KeyCode::Backspace => {
                self.fields[self.post].pop();
            }
            KeyCode::Esc => {
                self.fields.iter_mut().for_each(String::clear);
                self.post = 0;
                self.message = self.say(EntryWord::Cleared).to_string();
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
                self.say(EntryWord::WriteIn)
            )));
        }
        let hint = self.lang.format(match c.style {
            PostStyle::Choose => EntrySays::ChooseHint { seats: &c.seats },
            PostStyle::Approve => EntrySays::ApproveHint { seats: &c.seats },
        });
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
        let block = Block::default().borders(Borders::ALL).title(self.say(EntryWord::ThisBallot));
        f.render_widget(Paragraph::new(summary.join("  ")).block(block), input);
        let help = self.say(EntryWord::Keys);
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
mod tests;
