//! The hall's live board (`zheng station board`): while the tallier enters ballots at the table,
//! the projector shows each person's 正 strokes growing, ballots counted against voters, the ballot
//! just entered as it was called (唱票), and every undo as a visible correction.
//!
//! It reads the journal read-only (SQLite's WAL lets a reader follow a writer), picks up new entries
//! every [`POLL`] — chain-checked, like any opening of a journal — recounts the live ballots with the
//! law's own tally, and pushes the re-rendered board to every open page as a server-sent event. A
//! page opened late gets the same render of the same state as one open from the start. Given the
//! result file, once the box is closed it shows the signed result as QR codes to photograph — if
//! the file is the result the journal was closed with — and shows them again when a monitor's
//! countersignature changes the file.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::Router;
use tokio::sync::watch;

use crate::error::Error;
use crate::report::board::{self, Post, Row, Signed, StationBoard};
use crate::report::live;
use crate::station::journal::{Journal, Kind};
use crate::station::table::ballot_tally;
use crate::vote::ballot::{InvalidReason, Schema};
use crate::vote::manifest::Election;
use crate::vote::model::Style;
use crate::vote::tally::{Kernel, Tally};
use crate::words::board::BoardWord;
use crate::words::{Lang, Word};

/// How often the board looks for new entries.
pub const POLL: Duration = Duration::from_millis(100);

/// Corrections shown, newest first.
const CORRECTIONS_SHOWN: usize = 5;

/// The board's state, from the journal as it stands: the live ballots counted, the last one's
/// words, the latest corrections.
pub fn state(j: &Journal, lang: Lang) -> Result<StationBoard, Error> {
    let e = j.election();
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let mut total = Tally::empty(e);
    let mut last = None;
    for (n, line) in j.live_ballots() {
        let one = ballot_tally(&schema, &kernel, n, line)?;
        total.merge(&one);
        last = Some((n, one));
    }
    let mut corrections = Vec::new();
    for c in j.entries().iter().rev().filter(|x| x.kind == Kind::Correction).take(CORRECTIONS_SHOWN) {
        let n = c.ballot.unwrap_or(0);
        let line = j.entries().iter().find(|x| x.kind == Kind::Ballot && x.ballot == Some(n));
        let words = match line {
            Some(l) => words(e, &ballot_tally(&schema, &kernel, n, &l.body)?, lang),
            None => String::new(),
        };
        corrections.push((n, String::from_utf8_lossy(&c.body).into_owned(), words));
    }
    let voided = j.entries().iter().filter(|x| x.kind == Kind::Correction).count() as u64;
    Ok(StationBoard {
        place: place(e),
        vote: format!("{} · {}", lang.body(e.body()), lang.round(e.round())),
        station: e.stations()[j.station()].name.clone(),
        voters: j.voters(),
        ballots: total.ballots(),
        invalid: total.invalid.total(),
        voided,
        posts: posts(e, &total),
        called: last.map(|(n, one)| (n, words(e, &one, lang))),
        corrections,
        closed: j.closed(),
        signed: None,
    })
}

/// A closed box's signed result as the board shows it, when the board was given its file: the
/// codes, if the file is the result the journal was closed with; else that it is not.
pub fn signed(j: &Journal, result: Option<&Path>) -> Option<Signed> {
    let path = result?;
    let closed_with = &j.entries().iter().find(|e| e.kind == Kind::Close)?.body;
    let not_this = || Signed::NotThisBox { path: path.display().to_string() };
    let Ok(r) = crate::seal::result::ResultFile::read(path) else { return Some(not_this()) };
    let id = hex::encode(r.id());
    if id.as_bytes() != closed_with.as_slice() || r.own_signatures_hold().is_err() {
        return Some(not_this());
    }
    let symbols = crate::seal::qr::render::symbols(&r, crate::seal::qr::frame::MAX_CODE_BYTES).ok()?;
    let svgs = symbols.iter().map(|s| s.svg(crate::seal::qr::render::MODULE_PIXELS)).collect();
    Some(Signed::Codes { svgs, station: r.body().station.clone(), id })
}

/// What the board watches of the result file: its size and time of change, if it is there.
fn stamp(result: Option<&Path>) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(result?).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Township, village and title.
fn place(e: &Election) -> String {
    crate::report::html::place_of(e.township(), e.village(), e.title(), e.id())
}

/// Each post's rows: the listed people in ballot order, then the written-in names.
fn posts(e: &Election, t: &Tally) -> Vec<Post> {
    e.contests()
        .iter()
        .zip(&t.contests)
        .map(|(c, ct)| {
            let approve = c.style == Style::Approve;
            let mut rows: Vec<Row> = c
                .candidates
                .iter()
                .enumerate()
                .map(|(i, p)| Row {
                    key: p.id.clone(),
                    name: p.name.clone(),
                    write_in: false,
                    votes: ct.votes[i],
                    against: approve.then(|| ct.against[i]),
                })
                .collect();
            rows.extend(ct.write_ins.iter().map(|(name, &votes)| Row {
                key: name.clone(),
                name: name.clone(),
                write_in: true,
                votes,
                against: None,
            }));
            Post { id: c.id.clone(), office: c.office.clone(), seats: c.seats, rows, blank: ct.blank }
        })
        .collect()
}

/// A ballot as the caller reads it aloud: each post and whom it marks, or why it is invalid.
fn words(e: &Election, one: &Tally, lang: Lang) -> String {
    if one.valid == 0 {
        let why = InvalidReason::ALL.iter().find(|&&r| one.invalid.get(r) > 0).map_or("", |&r| lang.reason(r));
        return format!("{}（{why}）", lang.say(BoardWord::InvalidBallot));
    }
    let sep = lang.list_sep();
    let parts: Vec<String> = e
        .contests()
        .iter()
        .zip(&one.contests)
        .map(|(c, ct)| {
            let mut marks: Vec<String> =
                c.candidates.iter().zip(&ct.votes).filter(|(_, v)| **v > 0).map(|(p, _)| p.name.clone()).collect();
            marks.extend(ct.write_ins.keys().cloned());
            let against: Vec<&str> =
                c.candidates.iter().zip(&ct.against).filter(|(_, v)| **v > 0).map(|(p, _)| p.name.as_str()).collect();
            let mut said = if ct.voided > 0 {
                lang.say(Word::PostVoided).to_string()
            } else if marks.is_empty() && against.is_empty() {
                lang.say(Word::Blank).to_string()
            } else {
                marks.join(sep)
            };
            if !against.is_empty() {
                if !said.is_empty() {
                    said.push(' ');
                }
                said.push_str(&format!("{} {}", lang.say(Word::Against), against.join(sep)));
            }
            format!("{}：{said}", c.office)
        })
        .collect();
    parts.join(lang.clause_sep())
}

/// The board's routes (`/`, `/events`, `/health`) over a journal (and the box's result file, once
/// closed), and the thread that follows them. The thread ends once the routes are dropped.
pub fn router(journal: PathBuf, result: Option<PathBuf>, lang: Lang) -> Result<Router, Error> {
    let mut j = Journal::open_read_only(&journal)?;
    let title = format!("{} · {}", place(j.election()), j.election().stations()[j.station()].name);
    let (tx, latest) = watch::channel(render(&j, result.as_deref(), lang));
    let mut seen = stamp(result.as_deref());
    std::thread::Builder::new()
        .name("zheng-board".into())
        .spawn(move || {
            while !tx.is_closed() {
                std::thread::sleep(POLL);
                let now = stamp(result.as_deref());
                let changed = now != seen;
                seen = now;
                match j.refresh() {
                    Ok(0) if !changed => {}
                    Ok(_) => {
                        let _ = tx.send(render(&j, result.as_deref(), lang));
                    }
                    Err(e) => {
                        let _ = tx.send(maud::html! { p.error { (e) } }.into_string());
                        break;
                    }
                }
            }
        })
        .map_err(|e| Error::io(&journal, e))?;
    Ok(crate::net::policy::pages(live::router(latest, title, lang), Some(crate::report::board::SCRIPT)))
}

/// The board's inner HTML, or the error that stops it.
fn render(j: &Journal, result: Option<&Path>, lang: Lang) -> String {
    match state(j, lang) {
        Ok(b) => board::station(&StationBoard { signed: signed(j, result), ..b }, lang).into_string(),
        Err(e) => maud::html! { p.error { (e) } }.into_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::manifest::Manifest;
    use crate::station::journal::NewEntry;
    use std::path::Path;

    fn journal(dir: &Path) -> Journal {
        let text = crate::vote::testing::VC.to_string();
        let m = Manifest::from_text(text, Path::new("t.toml")).unwrap();
        Journal::create(&dir.join("j.db"), &m, "s", Some(9)).unwrap()
    }

    fn enter(j: &mut Journal, line: &str) {
        j.append(&[NewEntry { kind: Kind::Ballot, ballot: None, body: line.as_bytes().to_vec() }]).unwrap();
    }

    #[test]
    fn the_board_counts_calls_and_shows_corrections() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = journal(dir.path());
        enter(&mut j, r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#);
        enter(&mut j, r#"{"chair":["b"],"member":["w:蓝国平"],"party":{}}"#);
        crate::station::table::undo(&mut j, Some(2), "misheard").unwrap();
        enter(&mut j, r#"{"chair":["a","b"],"member":[],"party":{}}"#);
        let b = state(&j, Lang::Zh).unwrap();
        // Two live ballots; the third marks two people for one seat: an overvote, invalid [ZJE27].
        assert_eq!((b.ballots, b.invalid, b.voided, b.voters), (2, 1, 1, Some(9)));
        let chair = &b.posts[0];
        assert_eq!(chair.rows.iter().map(|r| r.votes).collect::<Vec<_>>(), vec![1, 0]);
        assert_eq!(b.called, Some((3, "无效票（多选）".to_string())));
        assert_eq!(b.corrections.len(), 1);
        let (n, why, said) = &b.corrections[0];
        assert_eq!((*n, why.as_str()), (2, "misheard"));
        assert!(said.contains("钱二") && said.contains("蓝国平"), "{said}");
        assert_eq!(b.posts[2].rows[1].against, Some(1));
    }

    #[test]
    fn a_closed_box_shows_the_result_it_was_closed_with_as_codes() {
        let dir = tempfile::tempdir().unwrap();
        let key = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
        let text = format!("{}key = \"{}\"\n", crate::vote::testing::VC, crate::seal::keys::public_hex(&key));
        let m = Manifest::from_text(text, Path::new("t.toml")).unwrap();
        let mut j = Journal::create(&dir.path().join("j.db"), &m, "s", Some(9)).unwrap();
        enter(&mut j, r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#);
        let out = dir.path().join("s.zres");
        assert_eq!(signed(&j, Some(&out)), None, "nothing while the box is open");
        let (r, _) =
            crate::station::table::close(&mut j, None, false, &key, "2026-11-28T17:00:00Z".into(), &out).unwrap();
        let Some(Signed::Codes { svgs, station, id }) = signed(&j, Some(&out)) else { panic!("no codes") };
        assert_eq!((svgs.len(), station.as_str(), id), (1, "s", hex::encode(r.id())));
        assert!(svgs[0].starts_with("<svg "));
        assert_eq!(signed(&j, None), None, "no file given, no codes");
        let other = dir.path().join("other.zres");
        std::fs::write(&other, b"ZHENGR01").unwrap();
        let not = Some(Signed::NotThisBox { path: other.display().to_string() });
        assert_eq!(signed(&j, Some(&other)), not);
    }

    #[test]
    fn refresh_follows_another_writer() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = journal(dir.path());
        let mut r = Journal::open_read_only(&dir.path().join("j.db")).unwrap();
        assert_eq!(r.refresh().unwrap(), 0);
        enter(&mut w, r#"{"chair":["a"],"member":[],"party":{}}"#);
        enter(&mut w, r#"{"chair":["b"],"member":[],"party":{}}"#);
        assert_eq!(r.refresh().unwrap(), 2);
        assert_eq!(r.entries(), w.entries());
        assert_eq!(state(&r, Lang::En).unwrap().ballots, 2);
    }
}
