//! The hall's live board (`zheng station board`) in a real browser: an entered ballot and an undo
//! show on the page already open (pushed to it, never reloaded), a page opened late shows the same
//! board as one open from the start, and at a real count it shows every post on a 1920×1080
//! screen, or on a 1280×800 one turns its pages by itself.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Instant;

use serde_json::Value;

use super::{READ_BOARD, bless_screenshot, s, until};
use crate::common::browser::{self, eval};
use crate::common::{self, Case, out, root, zheng};

/// `zheng station board` over a live journal, until dropped.
struct Board {
    child: Child,
    url: String,
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn board(journal: &Path, lang: &str) -> Board {
    let mut child = crate::common::zheng_command()
        .args(["station", "board", "--journal", &s(journal), "--listen", "127.0.0.1:0", "--lang", lang])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("the board says where").to_string();
    Board { child, url }
}

/// Enters ballot lines with `zheng station enter`; returns once each is acknowledged (durable).
fn enter(journal: &Path, lines: &[&str]) {
    let mut child = crate::common::zheng_command()
        .args(["station", "enter", "--journal", &s(journal)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    for l in lines {
        writeln!(input, "{l}").unwrap();
    }
    drop(input);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(out(&o).lines().filter(|l| l.starts_with("ok ")).count(), lines.len());
}

/// The demo's central hall opened at a table (626 voters signed in): the case, its journal, the
/// manifest.
fn central() -> (Case, PathBuf, PathBuf) {
    let case = Case::new("");
    let j = case.path("central.db");
    let manifest = root().join("fixtures/kengtou-vc/election.toml");
    let opened = zheng(&[
        "station",
        "open",
        "--election",
        &s(&manifest),
        "--station",
        "central",
        "--journal",
        &s(&j),
        "--voters",
        "626",
    ]);
    assert!(opened.status.success(), "{}", common::err(&opened));
    (case, j, manifest)
}

/// The hall's board follows the table: a ballot entered shows on the page already open, so does an
/// undo (as a correction), its numbers are the count's, and a page opened late shows the same
/// board.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_station_board_shows_each_ballot_and_undo_on_the_open_page() {
    if !browser::available("station board") {
        return;
    }
    let (case, j, manifest) = central();
    let fixture = std::fs::read_to_string(root().join("fixtures/kengtou-vc/central.jsonl")).unwrap();
    let lines: Vec<&str> = fixture.lines().skip(1).collect();
    enter(&j, &lines[..40]);
    let board = board(&j, "zh");
    let b = browser::open(1280, 900).await;
    b.client.goto(&board.url).await.unwrap();
    until(&b.client, "return document.getElementById('live').className === 'on'", Instant::now()).await;
    until(&b.client, "return document.querySelector('[data-field=ballots]').textContent === '40'", Instant::now())
        .await;

    // One ballot, acknowledged durable by `station enter`, then on the projector: the page open
    // since ballot 40 shows 41, pushed to it as a server-sent event.
    enter(&j, &lines[40..41]);
    let acked = Instant::now();
    let shown =
        until(&b.client, "return document.querySelector('[data-field=ballots]').textContent === '41'", acked).await;
    eprintln!("ballot 41 shown {shown:?} after it was acknowledged");
    let called = eval(&b.client, "return document.querySelector('[data-field=called]').dataset.ballot").await;
    assert_eq!(called, "41");

    // Its numbers are the count's: the journal exported and counted by `zheng count`.
    let exported = case.path("central.jsonl");
    assert!(zheng(&["station", "export", "--journal", &s(&j), "--out", &s(&exported)]).status.success());
    let counted = zheng(&["count", "--json", "--partial", "--election", &s(&manifest), &s(&exported)]);
    let o: Value = serde_json::from_str(&out(&counted)).unwrap();
    let page = eval(&b.client, READ_BOARD).await;
    assert_eq!(page["ballots"], o["ballots"]);
    assert_eq!(page["invalid"], o["invalid_ballots"]);
    for c in o["contests"].as_array().unwrap() {
        for e in c["tally"].as_array().unwrap() {
            let key = e.get("id").unwrap_or(&e["name"]).as_str().unwrap();
            let shown = &page["posts"][c["id"].as_str().unwrap()][key];
            assert_eq!(shown[0], e["votes"], "{} {key}", c["id"]);
            assert_eq!(shown[1], e["votes"], "{} {key}: one stroke a vote", c["id"]);
        }
    }

    // An undo: the ballot leaves the count and the correction is on the same page.
    let undone = zheng(&["station", "undo", "--journal", &s(&j), "--reason", "misheard"]);
    assert!(undone.status.success());
    let acked = Instant::now();
    let shown = until(
        &b.client,
        "return document.querySelector('[data-field=ballots]').textContent === '40' && document.querySelector('[data-field=correction]')?.dataset.ballot === '41'",
        acked,
    )
    .await;
    eprintln!("the undo shown {shown:?} after it was acknowledged");

    // A page opened now shows exactly the board the first page shows (which of its pages is on
    // the screen aside).
    let first = eval(&b.client, SHOWN_BOARD).await;
    let late = browser::open(1280, 900).await;
    late.client.goto(&board.url).await.unwrap();
    until(&late.client, "return document.getElementById('live').className === 'on'", Instant::now()).await;
    let second = eval(&late.client, SHOWN_BOARD).await;
    assert_eq!(first, second, "a page opened late shows the same board");
    late.close().await;
    b.close().await;
}

/// The board's HTML, without which of its pages is shown.
const SHOWN_BOARD: &str = "const b = document.getElementById('board').cloneNode(true); \
b.querySelectorAll('[hidden]').forEach(e => e.removeAttribute('hidden')); return b.innerHTML;";

/// What the projector shows now: the posts on the screen and off it, the pager, whether the page
/// fits the screen both ways, and the written-in names that break across lines.
const ON_SCREEN: &str = r#"
const posts = [...document.querySelectorAll('section.post')];
const pager = document.getElementById('pager');
return {
  shown: posts.filter(p => !p.hidden).map(p => p.dataset.contest),
  all: posts.map(p => p.dataset.contest),
  pager: pager.hidden ? null : document.getElementById('page-at').textContent,
  fits: document.documentElement.scrollHeight <= window.innerHeight,
  narrow: document.documentElement.scrollWidth <= window.innerWidth,
  height: [document.documentElement.scrollHeight, window.innerHeight],
  broken: [...document.querySelectorAll('section.post:not([hidden]) span.write-in')].filter(w => w.getClientRects().length !== 1
    || w.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(w).lineHeight)).map(w => w.textContent),
};
"#;

/// Issue 21, the projector: at a real count (the central box's 623 ballots, 4 posts, 22 written-in
/// names) a 1920×1080 screen shows every post at once; a 1280×800 one shows as many whole posts
/// as fit and turns to the others by itself, saying which page it shows. Nothing is wider than
/// the screen and no written-in name breaks across two lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_station_board_shows_every_post_on_one_screen_or_turns_its_pages() {
    if !browser::available("station board") {
        return;
    }
    let (_case, j, _) = central();
    let fixture = std::fs::read_to_string(root().join("fixtures/kengtou-vc/central.jsonl")).unwrap();
    enter(&j, &fixture.lines().skip(1).collect::<Vec<_>>());
    let board = board(&j, "zh");
    let wide = browser::open(1920, 1080).await;
    screen(&wide, 1920, 1080).await;
    wide.client.goto(&board.url).await.unwrap();
    until(&wide.client, "return document.getElementById('live').className === 'on'", Instant::now()).await;
    let v = eval(&wide.client, ON_SCREEN).await;
    assert_eq!(v["shown"], v["all"], "1920×1080: every post at once: {v}");
    assert_eq!(v["pager"], Value::Null, "{v}");
    assert!(v["fits"] == true && v["narrow"] == true, "{v}");
    assert_eq!(v["broken"], serde_json::json!([]), "{v}");
    bless_screenshot(&wide, "board.png").await;
    wide.close().await;

    let small = browser::open(1280, 800).await;
    screen(&small, 1280, 800).await;
    small.client.goto(&board.url).await.unwrap();
    until(&small.client, "return document.getElementById('live').className === 'on'", Instant::now()).await;
    let first = eval(&small.client, ON_SCREEN).await;
    assert!(first["fits"] == true && first["narrow"] == true, "1280×800: {first}");
    assert_eq!(first["broken"], serde_json::json!([]), "{first}");
    eprintln!("1280×800: {first}");
    let pages: u64 = match first["pager"].as_str() {
        Some(p) => p.strip_prefix("1 / ").and_then(|n| n.parse().ok()).expect("the pager says `1 / N`"),
        None => 1,
    };
    let mut seen: Vec<Value> = first["shown"].as_array().unwrap().clone();
    assert!(!seen.is_empty());
    for page in 2..=pages {
        let at = format!("return document.getElementById('page-at').textContent === '{page} / {pages}'");
        until(&small.client, &at, Instant::now()).await;
        let v = eval(&small.client, ON_SCREEN).await;
        assert!(v["fits"] == true && v["narrow"] == true, "page {page}: {v}");
        for p in v["shown"].as_array().unwrap() {
            assert!(!seen.contains(p), "a post on two pages: {p}");
            seen.push(p.clone());
        }
    }
    seen.sort_by_key(|p| p.to_string());
    let mut all = first["all"].as_array().unwrap().clone();
    all.sort_by_key(|p| p.to_string());
    assert_eq!(seen, all, "every post on some page");
    small.close().await;
}

/// Makes the page's own area (not the window's, which holds the browser's frame too) `width`×`height`.
async fn screen(b: &browser::Browser, width: u32, height: u32) {
    b.client.goto("about:blank").await.unwrap();
    let frame =
        eval(&b.client, "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]")
            .await;
    let (dw, dh) = (frame[0].as_u64().unwrap() as u32, frame[1].as_u64().unwrap() as u32);
    b.client.set_window_size(width + dw, height + dh).await.unwrap();
    let inner = eval(&b.client, "return [window.innerWidth, window.innerHeight]").await;
    assert_eq!(inner, serde_json::json!([width, height]), "the page's area");
}
