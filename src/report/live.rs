//! A live page's plumbing, shared by the hall's board and the township's: the page as it stands
//! (`GET /`), its changes as server-sent events (`GET /events`: the board now, then again on every
//! change), and `GET /health`. The caller owns the state and sends each new render of the board's
//! inner HTML on a [`watch`] channel; whoever follows the data (a journal, a store) does so on its own
//! thread and stops once the routes are dropped ([`watch::Sender::is_closed`]).

use std::convert::Infallible;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use maud::PreEscaped;
use tokio::sync::watch;

use crate::report::board::board_page;
use crate::words::Lang;

/// What the routes share: the latest render, the page's title and language.
#[derive(Clone)]
struct Live {
    latest: watch::Receiver<String>,
    title: String,
    lang: Lang,
}

/// The routes of a live board whose inner HTML arrives on `latest`.
pub fn router(latest: watch::Receiver<String>, title: String, lang: Lang) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/events", get(events))
        .route("/health", get(|| async { "ok" }))
        .with_state(Live { latest, title, lang })
}

/// `GET /`: the whole page, as it stands now.
async fn page(State(s): State<Live>) -> impl IntoResponse {
    let inner = s.latest.borrow().clone();
    Html(board_page(s.lang, &s.title, PreEscaped(inner)))
}

/// `GET /events`: the board now, then again on every change.
async fn events(State(s): State<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut rx = s.latest.clone();
    rx.mark_changed();
    let stream = stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        let html = rx.borrow_and_update().clone();
        Some((Ok(Event::default().event("board").data(html)), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
