//! The audit's two pages in a real browser (headless Chromium through ChromeDriver), as
//! `tests/browser.rs` reads the other pages: skipped, and said so, without Chromium (under `CI` a
//! failure: `.ci/run` installs it).

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use common::browser::{self, eval};
use common::{root, zheng};
use serde_json::Value;

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The audit of the paper's two pages (issue 20): the retrieval list the teams print and the public
/// audit report — each read in Chromium and printed on A4 without ink cut at the margin; the report's
/// verdict, assertions and drawn ballots are what `zheng audit status --json` and the plan say.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_report_and_retrieval_list_say_what_the_audit_says_and_print_on_a4() {
    if !browser::available("audit report") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bundle = common::demo_bundle(dir.path());
    let audit = dir.path().join("audit");
    let planned = zheng(&[
        "audit",
        "plan",
        "--bundle",
        &s(&bundle),
        "--seed",
        "31415926535897932384",
        "--out",
        &s(&audit),
        "--json",
    ]);
    assert!(planned.status.success(), "{}", common::err(&planned));
    let plan: Value = serde_json::from_slice(&planned.stdout).unwrap();
    // The paper: each box's pile is its fixture file, position p being line p + 1.
    let mut input = String::new();
    for d in plan["sample"].as_array().unwrap() {
        let ballot = d["ballot"].as_str().unwrap();
        let (station, pos) = ballot.rsplit_once(':').unwrap();
        let pile = std::fs::read_to_string(root().join(format!("fixtures/kengtou-vc/{station}.jsonl"))).unwrap();
        let line = pile.lines().nth(pos.parse::<usize>().unwrap()).unwrap();
        input.push_str(&format!("{{\"ballot\":\"{ballot}\",\"paper\":{line}}}\n"));
    }
    let mut rec = crate::common::zheng_command()
        .args(["audit", "record", "--audit", &s(&audit)])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    rec.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    assert!(rec.wait().unwrap().success());
    let st = zheng(&["audit", "status", "--audit", &s(&audit), "--json"]);
    let status: Value = serde_json::from_slice(&st.stdout).unwrap();
    let html = dir.path().join("audit.html");
    let made = zheng(&["audit", "report", "--audit", &s(&audit), "--out", &s(&html)]);
    assert!(made.status.success(), "{}", common::err(&made));
    let b = browser::open(1000, 1400).await;
    b.client.goto(&format!("file://{}", html.display())).await.unwrap();
    let verdict = eval(&b.client, "return document.querySelector('[data-field=verdict]').dataset.verdict").await;
    assert_eq!(verdict, status["verdict"]);
    let rows = eval(&b.client, "return document.querySelectorAll('tr[data-assertion]').length").await;
    assert_eq!(rows.as_u64().unwrap() as usize, plan["assertions"].as_array().unwrap().len());
    let drawn = eval(&b.client, "return document.querySelectorAll('tr[data-ballot]').length").await;
    assert_eq!(drawn, plan["sample_size"]);
    let seed = eval(&b.client, "return document.querySelector('[data-field=seed]').textContent").await;
    assert_eq!(seed, plan["seed"]);
    let (pdf, _) = browser::print_a4(&b.client).await;
    if let Some(cut) = browser::ink_at_the_margin(&pdf, 12.0) {
        assert!(cut.is_empty(), "the audit report: ink cut at the right margin (page, mm): {cut:?}");
    }
    b.client.goto(&format!("file://{}", audit.join("retrieval-1.html").display())).await.unwrap();
    let positions = eval(&b.client, "return document.querySelectorAll('td[data-position]').length").await;
    assert_eq!(positions, plan["sample_size"]);
    let (pdf, _) = browser::print_a4(&b.client).await;
    if let Some(cut) = browser::ink_at_the_margin(&pdf, 12.0) {
        assert!(cut.is_empty(), "the retrieval list: ink cut at the right margin (page, mm): {cut:?}");
    }
    b.close().await;
}
