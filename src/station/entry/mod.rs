//! The tallier's entry screen (`zheng station screen`): one post at a time, its candidates numbered,
//! the running tally of the box in 正 strokes beside them (approve posts: 赞成 and 不赞成 columns).
//! Type the numbers for a post (a written-in name by name; in approve posts `-N` is against), Enter
//! moves to the next post and, on the last, commits the ballot to the journal — durable before the
//! screen says so. Fits 80×24 for the villages' manifests; a terminal too small for the layout is
//! told so, with the size needed, instead of clipping it ([`render`]).
//!
//! What is typed is read as a name is read (RULES.md, "Names"; [`read_post`]): NFKC first, so the
//! full-width `１２` of a Chinese input method is the number 12. Numbers are separated by spaces,
//! names by `，` `、` `,` `；` `;`; a space inside a name is removed (`钟 伟` is the one name 钟伟). A
//! number that is no candidate's, a "name" of only digits and signs (`-1` in a choose post, `+`,
//! `1-2`), a name the name policy refuses or a name in a post without write-ins is refused when
//! Enter leaves the post, with the reason on the message line, the cursor staying on the post, and
//! nothing is saved.
//!
//! What the typed numbers stand for is said back in names beside each post as it is typed
//! ([`echo`]: `主任: 蓝国平`), so that the tallier can compare with the caller. A ballot the law
//! will void — too many marks for the seats, one person twice in a post or in two posts — is no
//! refusal: the law's own decoder judges it ([`law`]), a note says so when Enter leaves the post,
//! and before it is saved the screen asks (`本票将作无效（副主任多选），确认？(y/n)`); `n` returns to
//! the ballot unchanged. Undo asks with the ballot it will void shown in names; Ctrl-C with a
//! ballot half typed asks too. More ballots than the box's voters is warned under the header.
//!
//! Keys: Enter next post / commit · Tab, ↓ next post · Shift-Tab, ↑ previous · Backspace · Esc
//! clear the ballot · Ctrl-Z undo the last ballot (asks) · Ctrl-X spoiled ballot (asks) · Ctrl-C quit.
//!
//! [`Screen`] is a pure state machine: [`Screen::key`] takes a key and returns an [`Action`] for the
//! journal — save this ballot, void that one, quit — and touches nothing outside itself; [`apply`]
//! carries an action out on the journal and tells the screen what happened, and [`run`] drives both
//! on a real terminal. The running tally changes one ballot at a time, never by recounting the box.
//! Tests drive the same [`apply`] with scripted keys on a test backend.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::station::journal::{Journal, Kind, NewEntry};
use crate::station::table::{self, LineRefused};
use crate::vote::ballot::{InvalidReason, Schema};
use crate::vote::manifest::Election;
use crate::vote::model::Style as PostStyle;
use crate::vote::tally::{Kernel, Tally};
use crate::words::Lang;
use crate::words::entry::{EntrySays, EntryWord};

mod echo;
mod law;
mod read;
mod render;

pub use read::{Refused, Unreadable};

use law::Judged;
use read::{Mark, read_post};

/// A question waiting for y / n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Undo this ballot.
    Undo(u64),
    /// Record a spoiled ballot.
    Spoiled,
    /// Save the ballot typed, which the law will void, in whole or in some posts.
    Void,
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

/// A live ballot of the box: its number, its own tally, and its line as stored (shown before an
/// undo).
struct Live {
    n: u64,
    tally: Tally,
    line: Box<[u8]>,
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
    /// Whether the message is about what was typed (a refusal, a fault the law voids): it goes
    /// once the post is read again.
    refused: bool,
    /// Ballots entered, voided ones included: the number the next saved ballot follows.
    entered: u64,
    /// The live ballots, in the order entered.
    live: Vec<Live>,
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
        let kernel = Kernel::new(journal.election(), schema.layout());
        for (n, line) in journal.live_ballots() {
            let one = table::ballot_tally(&schema, &kernel, n, line)?;
            s.tally.merge(&one);
            s.live.push(Live { n, tally: one, line: line.into() });
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

    /// The journal stored ballot `n` (from [`Action::Save`]): it is counted and the form cleared;
    /// the message says so, and why the law counts it invalid if it does.
    pub fn saved(&mut self, n: u64, line: &[u8]) -> Result<(), Error> {
        let schema = Schema::new(&self.election);
        let one = table::ballot_tally(&schema, &Kernel::new(&self.election, schema.layout()), n, line)?;
        self.tally.merge(&one);
        let invalid = InvalidReason::ALL.into_iter().find(|r| one.invalid.get(*r) > 0);
        self.live.push(Live { n, tally: one, line: line.into() });
        self.entered = self.entered.max(n);
        self.fields.iter_mut().for_each(String::clear);
        self.post = 0;
        self.message = match invalid {
            None => self.lang.format(EntrySays::Saved { n: &n }),
            Some(r) => self.lang.format(EntrySays::SavedInvalid { n: &n, reason: &self.lang.reason(r) }),
        };
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

    /// The warning under the header when the live ballots pass the box's voters, as `station
    /// status` warns.
    fn over_voters(&self) -> Option<String> {
        let live = self.live.len() as u64;
        let voters = self.voters.filter(|v| live > *v)?;
        Some(self.lang.format(EntrySays::OverVoters { live: &live, voters: &voters }))
    }

    /// The journal voided ballot `n` (from [`Action::Undo`]): its votes leave the tally.
    pub fn undone(&mut self, n: u64) {
        if let Some(i) = self.live.iter().position(|b| b.n == n) {
            let gone = self.live.remove(i);
            self.tally.unmerge(&gone.tally);
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
        for i in 0..self.fields.len() {
            self.post_into(i, self.marks(i)?, &mut m);
        }
        Ok(Value::Object(m).to_string())
    }

    /// The ballot line of the posts that read, the others left out: what the law is asked about
    /// while the ballot is typed.
    fn readable_line(&self) -> String {
        let mut m = Map::new();
        for i in 0..self.fields.len() {
            if let Ok(marks) = self.marks(i) {
                self.post_into(i, marks, &mut m);
            }
        }
        Value::Object(m).to_string()
    }

    /// Post `i`'s marks as a ballot line holds them, added to `m` unless the post is blank.
    fn post_into(&self, i: usize, marks: Vec<Mark>, m: &mut Map<String, Value>) {
        if marks.is_empty() {
            return;
        }
        let c = &self.election.contests()[i];
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
                for mark in marks {
                    match mark {
                        Mark::For(k) => yes.push(id(&k)),
                        Mark::Against(k) => no.push(id(&k)),
                        Mark::Name(n) => written.push(n),
                    }
                }
                json!({"for": yes, "against": no, "write_in": written})
            }
        };
        m.insert(c.id.clone(), post);
    }

    /// What the law will do with the ballot as typed so far (the posts that read).
    fn judged_so_far(&self) -> Judged {
        law::judge(&self.election, &self.readable_line()).unwrap_or_default()
    }

    /// What the message line says of a post refused.
    fn refusal(&self, r: &Refused) -> String {
        format!("{}: {}", r.office, self.unreadable(&r.why))
    }

    /// Why what was typed makes no ballot, in words.
    fn unreadable(&self, why: &Unreadable) -> String {
        match why {
            Unreadable::NoSuchNumber(n) => self.lang.format(EntrySays::NoSuchNumber { n }),
            Unreadable::NotAName(typed) => self.lang.format(EntrySays::NotAName { typed }),
            Unreadable::Name(e) => self.lang.name_error(e),
            Unreadable::NoWriteIn => self.say(EntryWord::NoWriteIn).to_string(),
        }
    }

    /// Why a line the table refuses is not saved, in words.
    fn line_refused(&self, why: &LineRefused) -> String {
        match why {
            LineRefused::TooLong => self.say(EntryWord::TooLongBallot).to_string(),
            LineRefused::Empty => self.say(EntryWord::NotSaved).to_string(),
            LineRefused::NotABallot(e) => self.lang.format(EntrySays::NotABallot { field: &e.field }),
        }
    }

    /// The ballot typed, offered for saving: saved if the law counts all of it; asked first if the
    /// law voids it or some of its posts; refused if the table would refuse the line.
    fn offer(&mut self, line: String) -> Action {
        match law::judge(&self.election, &line) {
            Ok(judged) if !judged.faulty() => Action::Save(line),
            Ok(judged) => {
                self.confirm = Some(Confirm::Void);
                self.message = judged.ask(&self.election, self.lang);
                Action::Nothing
            }
            Err(why) => {
                self.message = self.line_refused(&why);
                Action::Nothing
            }
        }
    }

    /// A spoiled ballot to save, if the manifest accepts it; else the reason, on the message line.
    fn save_spoiled(&mut self) -> Action {
        let line = r#"{"spoiled":true}"#;
        match table::check_line(&Schema::new(&self.election), line.as_bytes()) {
            Ok(_) => Action::Save(line.to_string()),
            Err(why) => {
                self.message = self.line_refused(&why);
                Action::Nothing
            }
        }
    }

    /// The answer to a pending question: `y` (a Chinese keyboard's full-width `ｙ` too) or not.
    fn answer(&mut self, q: Confirm, k: KeyEvent) -> Action {
        self.confirm = None;
        if !matches!(k.code, KeyCode::Char('y' | 'Y' | 'ｙ' | 'Ｙ')) {
            self.message = self.say(EntryWord::Cancelled).to_string();
            if q == Confirm::Void
                && let Some(p) = law::judge(&self.election, &self.readable_line()).ok().and_then(|j| j.first_post())
            {
                self.post = p;
            }
            return Action::Nothing;
        }
        match q {
            Confirm::Undo(n) => Action::Undo(n),
            Confirm::Spoiled => self.save_spoiled(),
            // The fields are as they were when asked: the same line, read again.
            Confirm::Void => self.ballot_line().map_or(Action::Nothing, Action::Save),
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
                Some(b) => {
                    let n = b.n;
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
            KeyCode::Enter => return self.enter(last),
            _ => {}
        }
        Action::Nothing
    }

    /// Enter reads the post it leaves: what makes no ballot is refused on the spot, the cursor
    /// staying on the post, never saved; a fault the law voids is noted and the next post comes;
    /// on the last post the ballot is offered for saving.
    fn enter(&mut self, last: usize) -> Action {
        let read =
            self.marks(self.post).and_then(|_| if self.post < last { Ok(None) } else { self.ballot_line().map(Some) });
        if std::mem::take(&mut self.refused) {
            self.message = self.help().to_string();
        }
        match read {
            Ok(None) => {
                let judged = self.judged_so_far();
                if judged.faulty() {
                    self.message = judged.note(&self.election, self.lang);
                    self.refused = true;
                }
                self.post += 1;
            }
            Ok(Some(line)) => return self.offer(line),
            Err(r) => {
                self.message = self.refusal(&r);
                self.refused = true;
                self.post = r.post;
            }
        }
        Action::Nothing
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
    let terminal_word = std::path::Path::new(lang.say(EntryWord::Terminal));
    let io = |e: std::io::Error| Error::io(terminal_word, e);
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
