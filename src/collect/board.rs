//! The township's board (`zheng collect … --board ADDR`): every vote the collector holds, its boxes
//! in, missing or in conflict, provisional totals — marked provisional — until every box is in and
//! verified, then the outcome; the log's current checkpoint, and the newest its witnesses' quorum
//! cosigned with who cosigned it; each vote's printable report one click
//! away (`/report/<election>`).
//!
//! It reads the store read-only, as `zheng merge --store` does: every stored result re-verified and
//! merged, never trusted because it was stored. It looks for a longer log every [`POLL`] and pushes
//! the re-rendered board to every open page as a server-sent event.

use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;

use crate::collect::store::Store;
use crate::error::Error;
use crate::report::board::{self, BoxState, Post, Row, TownshipBoard, Vote};
use crate::report::live;
use crate::report::sheet;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;
use crate::words::Lang;

/// How often the board looks for a longer log.
pub const POLL: Duration = Duration::from_millis(250);

/// The board's state: the log's head, and every vote merged from what the store holds.
pub fn state(s: &Store, elections: &[Election], lang: Lang) -> Result<TownshipBoard, Error> {
    let checkpoint = match s.checkpoint()? {
        Some((size, note)) => {
            let root = note.lines().nth(2).unwrap_or_default().to_string();
            (note.lines().next().unwrap_or_default().to_string(), size, root)
        }
        None => (String::new(), 0, String::new()),
    };
    let votes = elections.iter().map(|e| vote(s, e, lang)).collect::<Result<Vec<_>, _>>()?;
    let witnessed = match super::witnesses::witnessed(s)? {
        Some((size, _, by)) => Some((Some(size), by)),
        None if !s.witnessing()?.0.is_empty() => Some((None, Vec::new())),
        None => None,
    };
    Ok(TownshipBoard { checkpoint, witnessed, votes })
}

/// One vote: its boxes' states, its totals so far, and its outcome once complete.
fn vote(s: &Store, e: &Election, lang: Lang) -> Result<Vote, Error> {
    let merged = super::merged(s, e, None)?;
    let boxes = e
        .stations()
        .iter()
        .map(|st| {
            let state = if merged.conflicts().contains_key(&st.id) {
                BoxState::Conflict
            } else if merged.missing().contains(&st.id) {
                BoxState::Missing
            } else {
                BoxState::Reported
            };
            (st.id.clone(), st.name.clone(), state)
        })
        .collect();
    let so_far = merged.outcome(e, true).ok();
    let complete = merged.conflicts().is_empty() && merged.missing().is_empty();
    Ok(Vote {
        id: e.id().to_string(),
        place: crate::report::html::place_of(e.township(), e.village(), e.title(), e.id()),
        vote: format!("{} · {}", lang.body(e.body()), lang.round(e.round())),
        boxes,
        posts: so_far.as_ref().map(posts).unwrap_or_default(),
        ballots: so_far.as_ref().map_or(0, |o| o.ballots),
        outcome: so_far.filter(|_| complete).map(|o| outcome_words(&o, lang)),
    })
}

/// Each post's totals so far, as the outcome orders them.
fn posts(o: &Outcome) -> Vec<Post> {
    o.contests
        .iter()
        .map(|c| Post {
            id: c.id.clone(),
            office: c.office.clone(),
            seats: c.seats,
            rows: c
                .tally
                .iter()
                .map(|t| Row {
                    key: t.key().to_string(),
                    name: t.name.clone(),
                    write_in: t.write_in,
                    votes: t.votes,
                    against: t.against,
                })
                .collect(),
            blank: c.blank,
        })
        .collect()
}

/// Whether the vote stands, then each post's result, in words.
fn outcome_words(o: &Outcome, lang: Lang) -> Vec<String> {
    let mut lines = vec![lang.verdict(o.status, &o.void_reasons)];
    lines.extend(o.contests.iter().map(|c| format!("{} — {}", c.office, sheet::result(lang, c))));
    lines
}

/// The board's routes (`/`, `/events`, `/report/<election>`, `/health`) over a collector's store,
/// and the thread that follows it; the thread ends once the routes are dropped.
pub fn router(store: PathBuf, elections: Vec<Election>, lang: Lang) -> Result<Router, Error> {
    let s = Store::open_read_only(&store)?;
    let render = move |s: &Store, es: &[Election]| match state(s, es, lang) {
        Ok(b) => board::township(&b, lang).into_string(),
        Err(e) => maud::html! { p.error { (e) } }.into_string(),
    };
    let (tx, latest) = watch::channel(render(&s, &elections));
    let es = elections.clone();
    std::thread::Builder::new()
        .name("zheng-township-board".into())
        .spawn(move || {
            let head = |s: &Store| (s.size().ok(), s.cosigned_sizes().ok().and_then(|c| c.first().copied()));
            let mut seen = head(&s);
            while !tx.is_closed() {
                std::thread::sleep(POLL);
                let now = head(&s);
                if now != seen {
                    seen = now;
                    let _ = tx.send(render(&s, &es));
                }
            }
        })
        .map_err(|e| Error::io(&store, e))?;
    let making = std::sync::Arc::new(tokio::sync::Semaphore::new(REPORTS_AT_ONCE));
    let reports = Reports { store, elections: std::sync::Arc::new(elections), lang, making };
    let title = lang.say(crate::words::board::BoardWord::TownshipBoard).to_string();
    let routes = live::router(latest, title, lang)
        .merge(Router::new().route("/report/{election}", get(report)).with_state(reports));
    Ok(crate::net::policy::pages(routes, Some(board::SCRIPT)))
}

/// What the report route needs: the store's path, the elections, the language, and its slots.
#[derive(Clone)]
struct Reports {
    store: PathBuf,
    elections: std::sync::Arc<Vec<Election>>,
    lang: Lang,
    /// Reports made at once: each re-verifies every stored result, so the board makes two at a
    /// time and answers 503 to more, never taking the collector's descriptors or cores.
    making: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Reports the board makes at once.
const REPORTS_AT_ONCE: usize = 2;

/// `GET /report/<election>`: the vote's printable report from what the store holds now
/// (provisional while boxes are missing).
async fn report(State(s): State<Reports>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(e) = s.elections.iter().find(|e| e.id() == id).cloned() else {
        return (StatusCode::NOT_FOUND, "no such election").into_response();
    };
    let Ok(_slot) = std::sync::Arc::clone(&s.making).try_acquire_owned() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "busy: open the report again shortly / 繁忙，请稍后再打开\n")
            .into_response();
    };
    let made = tokio::task::spawn_blocking(move || {
        let store = Store::open_read_only(&s.store)?;
        let shown = s.store.file_name().map_or_else(|| "DB".into(), |n| n.to_string_lossy().into_owned());
        super::report(&store, &e, &shown, true, s.lang)
    })
    .await;
    match made {
        Ok(Ok((html, _))) => Html(html).into_response(),
        Ok(Err(e)) => {
            eprintln!("zheng collect: the board's report of {id}: {e}");
            (StatusCode::CONFLICT, "this vote's report cannot be made yet / 本次投票的报告暂不能生成\n").into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
