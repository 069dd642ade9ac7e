//! Drawing the entry screen, top to bottom: the header (village, box, counts) and, when the live
//! ballots pass the voters, its warning; the post's block (how to type it, the labelled columns of
//! the running tally — 得票, or 赞成 and 不赞成 — and the leading written-in names); the ballot's
//! block (each post's marks said back in names, faults the law voids marked, the line being typed)
//! or, before an undo, the ballot to be voided; the message and the keys.
//!
//! The layout's size is worked out from the manifest ([`Screen::needed`]): a terminal smaller than
//! that shows, in words, the size needed and the size it has — nothing is clipped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::echo::{self, Stored};
use super::{Confirm, Screen};
use crate::report::strokes::{pad, strokes};
use crate::vote::manifest::Contest;
use crate::vote::model::Style as PostStyle;
use crate::words::entry::{EntrySays, EntryWord};
use crate::words::notice::NoticeWord;
use crate::words::vote::Word;

/// The most posts listed in the ballot's block at once; with more, the list follows the cursor.
const POSTS_SHOWN: usize = 8;
/// The widest tally in strokes: up to 50 votes drawn as ten 正 (then 正×N, narrower).
const STROKES_WIDTH: usize = 20;
/// The narrowest column of candidates' names: six characters of Chinese.
const NAME_WIDTH: usize = 12;
/// The narrowest column of a count.
const COUNT_WIDTH: usize = 5;
/// Room kept for a post's marks said in names, beside its office.
const ECHO_WIDTH: usize = 16;

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` right-aligned in `w` columns.
fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

/// The columns of the running tally: names, then counts (approve: for and against).
struct Columns {
    name: usize,
    votes: usize,
    against: usize,
}

impl Screen {
    /// The columns, wide enough for every post's candidates and the headings.
    fn columns(&self) -> Columns {
        let names = self.election.contests().iter().flat_map(|c| &c.candidates).map(|k| width(&k.name));
        let approve = self.election.contests().iter().any(|c| c.style == PostStyle::Approve);
        let votes =
            width(self.lang.say(NoticeWord::Votes)).max(if approve { width(self.lang.say(Word::For)) } else { 0 });
        Columns {
            name: names.max().unwrap_or(0).max(NAME_WIDTH),
            votes: COUNT_WIDTH.max(votes),
            against: if approve { COUNT_WIDTH.max(width(self.lang.say(Word::Against))) } else { 0 },
        }
    }

    /// How to type post `c`: its seats, numbers, and how several names are separated.
    fn hint(&self, c: &Contest) -> String {
        let seats = &c.seats;
        self.lang.format(match (c.style, c.write_in) {
            (PostStyle::Choose, true) => EntrySays::ChooseHint { seats },
            (PostStyle::Choose, false) => EntrySays::ChooseListedHint { seats },
            (PostStyle::Approve, true) => EntrySays::ApproveHint { seats },
            (PostStyle::Approve, false) => EntrySays::ApproveListedHint { seats },
        })
    }

    /// The header line.
    fn header(&self) -> String {
        format!("正 {} · {} · {}", self.election.village(), self.station_name, self.counts())
    }

    /// The posts listed in the ballot's block: all, or a window around the cursor.
    fn shown_posts(&self) -> std::ops::Range<usize> {
        let n = self.fields.len();
        let start = self.post.saturating_sub(POSTS_SHOWN / 2).min(n.saturating_sub(POSTS_SHOWN));
        start..n.min(start + POSTS_SHOWN)
    }

    /// The rows of the layout: the header, its warning, the post's block (at least), the ballot's
    /// block, the message and the keys.
    fn rows(&self) -> [u16; 5] {
        let most = self.election.contests().iter().map(|c| c.candidates.len()).max().unwrap_or(0);
        let warn = u16::from(self.over_voters().is_some());
        // Borders, the hint, the headings, the candidates and one written-in name.
        let post = 2 + 1 + 1 + most + 1;
        // Borders, a line a post shown, the line being typed.
        let ballot = 2 + self.shown_posts().len() + 1;
        [1, warn, post as u16, ballot as u16, 2]
    }

    /// The smallest terminal the layout fits, as (columns, rows).
    pub fn needed(&self) -> (u16, u16) {
        let cols = self.columns();
        let written = width(&format!("({})", self.say(EntryWord::WriteIn)));
        let against = if cols.against > 0 { 1 + cols.against } else { 0 };
        let table = 4 + cols.name + 1 + cols.votes + against + 2 + STROKES_WIDTH + 2 + written;
        let posts = self.election.contests();
        let n = posts.len();
        let hints = posts.iter().map(|c| width(&self.hint(c)).max(width(&format!(" {} ({n}/{n}) ", c.office)) + 2));
        let office = posts.iter().map(|c| width(&c.office)).max().unwrap_or(0);
        let inside =
            [table, hints.max().unwrap_or(0), 2 + office + 2 + ECHO_WIDTH, width(self.say(EntryWord::ThisBallot))];
        let lines = [
            2 + inside.into_iter().max().unwrap_or(0),
            width(self.say(EntryWord::Keys)),
            width(&self.header()),
            self.over_voters().map_or(0, |w| width(&w)),
        ];
        let w = lines.into_iter().max().unwrap_or(0);
        (u16::try_from(w).unwrap_or(u16::MAX), self.rows().iter().sum())
    }

    /// Draws the screen, or — on a terminal too small for it — says so.
    pub fn draw(&self, f: &mut Frame<'_>) {
        let area = f.area();
        let (w, h) = self.needed();
        if area.width < w || area.height < h {
            let (need_w, need_h, have_w, have_h) = (&w, &h, &area.width, &area.height);
            let said = self.lang.format(EntrySays::TooSmall { need_w, need_h, w: have_w, h: have_h });
            f.render_widget(Paragraph::new(said).wrap(Wrap { trim: true }), area);
            return;
        }
        let [a, b, c, d, e] = self.rows();
        let [head, warn, post, ballot, foot] = Layout::vertical([
            Constraint::Length(a),
            Constraint::Length(b),
            Constraint::Min(c),
            Constraint::Length(d),
            Constraint::Length(e),
        ])
        .areas(area);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        f.render_widget(Paragraph::new(self.header()).style(bold), head);
        if let Some(w) = self.over_voters() {
            f.render_widget(Paragraph::new(w).style(bold.fg(Color::Red)), warn);
        }
        self.draw_post(f, post);
        self.draw_ballot(f, ballot);
        let asking = if self.confirm.is_some() { bold.add_modifier(Modifier::REVERSED) } else { Style::default() };
        let lines = vec![Line::styled(self.message.clone(), asking), Line::from(self.say(EntryWord::Keys))];
        f.render_widget(Paragraph::new(lines), foot);
    }

    /// The post's block: how to type it, the headings, each candidate's running tally, and the
    /// written-in names with the most votes that fit.
    fn draw_post(&self, f: &mut Frame<'_>, area: Rect) {
        let c = &self.election.contests()[self.post];
        let ct = &self.tally.contests[self.post];
        let cols = self.columns();
        let approve = c.style == PostStyle::Approve;
        let counts = |votes: u64, against: Option<u64>| match against {
            Some(a) => format!("{} {}", right(&votes.to_string(), cols.votes), right(&a.to_string(), cols.against)),
            None => right(&votes.to_string(), cols.votes),
        };
        let heading = if approve {
            format!(
                "{} {}",
                right(self.lang.say(Word::For), cols.votes),
                right(self.lang.say(Word::Against), cols.against)
            )
        } else {
            right(self.lang.say(NoticeWord::Votes), cols.votes)
        };
        let mut lines: Vec<Line<'_>> = vec![
            Line::from(self.hint(c)),
            Line::styled(
                format!(
                    "    {} {heading}  {}",
                    pad(self.say(EntryWord::Candidate), cols.name),
                    self.lang.say(NoticeWord::Strokes)
                ),
                Style::default().add_modifier(Modifier::UNDERLINED),
            ),
        ];
        for (i, k) in c.candidates.iter().enumerate() {
            let against = approve.then(|| ct.against[i]);
            let votes = ct.votes[i];
            lines.push(Line::from(format!(
                "{:>2}  {} {}  {}",
                i + 1,
                pad(&k.name, cols.name),
                counts(votes, against),
                strokes(votes)
            )));
        }
        let mut written: Vec<(&String, &u64)> = ct.write_ins.iter().collect();
        written.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let room = usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len());
        for (name, votes) in written.into_iter().take(room) {
            // Written-in names are for-votes: the against column stays empty.
            let blank = if approve { " ".repeat(cols.against + 1) } else { String::new() };
            let cells = format!("{}{blank}", right(&votes.to_string(), cols.votes));
            let mark = self.say(EntryWord::WriteIn);
            lines.push(Line::from(format!("    {} {cells}  {}  ({mark})", pad(name, cols.name), strokes(*votes))));
        }
        let title = format!(" {} ({}/{}) ", c.office, self.post + 1, self.fields.len());
        f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)), area);
    }

    /// The ballot's block: each post shown with its marks in names (faults the law voids marked)
    /// and the line being typed, the cursor at its end; before an undo, the ballot to be voided.
    fn draw_ballot(&self, f: &mut Frame<'_>, area: Rect) {
        let block = Block::default().borders(Borders::ALL);
        if let Some(Confirm::Undo(n)) = self.confirm {
            let shown = self.live.iter().find(|b| b.n == n).map(|b| Stored::read(&self.election, &b.line));
            let lines: Vec<Line<'_>> = shown
                .map(|s| s.lines(&self.election, self.lang))
                .unwrap_or_default()
                .into_iter()
                .take(POSTS_SHOWN)
                .map(|l| Line::from(format!("  {l}")))
                .collect();
            let title = self.lang.format(EntrySays::UndoTitle { n: &n });
            f.render_widget(Paragraph::new(lines).block(block.title(title)), area);
            return;
        }
        let judged = self.judged_so_far();
        let red = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
        let mut lines: Vec<Line<'_>> = Vec::new();
        for i in self.shown_posts() {
            let c = &self.election.contests()[i];
            let here = if i == self.post { "> " } else { "  " };
            let mut spans = vec![Span::raw(format!("{here}{}: ", c.office))];
            match self.marks(i) {
                Ok(marks) => spans.push(Span::raw(echo::names(self.lang, c, &marks))),
                Err(r) => spans.push(Span::styled(self.unreadable(&r.why), red)),
            }
            let faults: Vec<&str> = judged.in_post(i).map(|r| self.lang.reason(r)).collect();
            if !faults.is_empty() {
                spans.push(Span::styled(format!("  ⚠ {}", faults.join(self.lang.list_sep())), red));
            }
            lines.push(Line::from(spans));
        }
        let typing = format!("{} > {}", self.election.contests()[self.post].office, self.fields[self.post]);
        let at = (area.x + 1).saturating_add(u16::try_from(width(&typing)).unwrap_or(u16::MAX));
        let row = area.y + 1 + u16::try_from(lines.len()).unwrap_or(0);
        lines.push(Line::from(typing));
        f.render_widget(Paragraph::new(lines).block(block.title(self.say(EntryWord::ThisBallot))), area);
        if self.confirm.is_none() {
            f.set_cursor_position(Position { x: at.min(area.right().saturating_sub(2)), y: row });
        }
    }
}
