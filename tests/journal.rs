//! The station journal end to end: entry with acknowledgements, undo, double entry and reconcile,
//! close to a signed result, a tampered journal — and `station enter` killed with SIGKILL at random
//! moments, 50 times, losing no acknowledged ballot.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zheng::station::journal::Journal;

fn manifest() -> std::path::PathBuf {
    root().join("fixtures/kengtou-vc/election.toml")
}

fn open(dir: &std::path::Path, name: &str, voters: Option<u64>) -> std::path::PathBuf {
    let j = dir.join(name);
    let m = manifest();
    let mut args = vec![
        "station",
        "open",
        "--election",
        m.to_str().unwrap(),
        "--station",
        "mobile",
        "--journal",
        j.to_str().unwrap(),
    ];
    let v = voters.map(|v| v.to_string());
    if let Some(v) = &v {
        args.extend(["--voters", v]);
    }
    let o = zheng(&args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    j
}

fn enter(j: &std::path::Path, lines: &str) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zheng"))
        .args(["station", "enter", "--journal", j.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(lines.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

/// The i-th ballot of a run: each one different, so that every ballot can be told apart.
fn ballot(i: usize) -> String {
    format!("{{\"chair\":[\"c0{}\"],\"member\":[\"w:甲{i}\"]}}", 1 + i % 3)
}

#[test]
fn enter_acknowledges_refuses_and_undoes() {
    let d = tempfile::tempdir().unwrap();
    let j = open(d.path(), "a.db", Some(5));
    let o = enter(&j, "{\"chair\":[\"c01\"]}\n{\"chair\":[\"c99\"]}\n\n{}\n{\"spoiled\":true}\n");
    assert_eq!(o.status.code(), Some(2), "refused lines are bad input (exit 2); the rest is stored: {}", err(&o));
    assert_eq!(
        out(&o),
        "ok 1\nrefused 2: chair[0]: unknown candidate \"c99\" in post \"chair\"\nrefused 3: empty line (a blank ballot is {})\nok 2\nok 3\n"
    );
    let u = zheng(&["station", "undo", "--journal", j.to_str().unwrap(), "--reason", "misread"]);
    assert_eq!(out(&u), "voided ballot 3 (misread)\n");
    let s = out(&zheng(&["station", "status", "--journal", j.to_str().unwrap()]));
    assert!(s.contains("ballots entered 3, voided 1, live 2") && s.contains("voters 5"), "{s}");
    // The export is a box file that counts: the voided ballot is gone, corrections never erase.
    let b = d.path().join("box.jsonl");
    assert_eq!(
        zheng(&["station", "export", "--journal", j.to_str().unwrap(), "--out", b.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        "{\"station\":\"mobile\",\"voters\":5}\n{\"chair\":[\"c01\"]}\n{}\n"
    );
    let jr = Journal::open(&j).unwrap();
    assert_eq!(jr.entries().len(), 5, "voters, three ballots, one correction");
}

#[test]
fn double_entry_reconcile_and_close() {
    let d = tempfile::tempdir().unwrap();
    let a = open(d.path(), "a.db", Some(4));
    let b = open(d.path(), "b.db", Some(4));
    let calls = [r#"{"chair":["c01"]}"#, r#"{"chair":["c02"]}"#, "{}", r#"{"vice":["c04"]}"#];
    enter(&a, &(calls.join("\n") + "\n"));
    // Tallier B mishears ballot 2 and misses ballot 3.
    enter(&b, &format!("{}\n{}\n{}\n", calls[0], r#"{"chair":["c03"]}"#, calls[3]));
    let o = zheng(&["station", "reconcile", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let s = out(&o);
    assert!(s.contains(r#"A #2 {"chair":["c02"]}  ·  B #2 {"chair":["c03"]}"#), "{s}");
    assert!(s.contains("A #3 {}  ·  B (nothing here)"), "{s}");
    assert!(s.contains("2 difference(s)"), "{s}");
    // Close refuses while they disagree.
    let key = d.path().join("mobile.key");
    zheng::seal::keys::write_new(&key, &zheng::demo::demo_key("mobile")).unwrap();
    let res = d.path().join("mobile.zres");
    let close = |force: bool| {
        let mut args = vec![
            "station",
            "close",
            "--journal",
            a.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--out",
            res.to_str().unwrap(),
            "--against",
            b.to_str().unwrap(),
            "--closed-at",
            "2020-11-18T17:00:00Z",
        ];
        if force {
            args.push("--force");
        }
        zheng(&args)
    };
    let o = close(false);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("differ at 2 place(s)"), "{}", err(&o));
    assert!(!res.exists());
    // B corrects: void the misheard ballot, enter it right, enter the missed one... in call order.
    zheng(&["station", "undo", "--journal", b.to_str().unwrap()]);
    zheng(&["station", "undo", "--journal", b.to_str().unwrap()]);
    enter(&b, &format!("{}\n{}\n{}\n", calls[1], calls[2], calls[3]));
    let o = zheng(&["station", "reconcile", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = close(false);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // The signed result merges like any other and counts what was entered.
    let r = zheng::seal::result::ResultFile::read(&res).unwrap();
    assert_eq!((r.body().station.as_str(), r.body().ballots, r.body().voters), ("mobile", 4, 4));
    let again = zheng(&["station", "enter", "--journal", a.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "a closed box takes no more ballots");
}

#[test]
fn a_tampered_journal_is_named_never_repaired() {
    let d = tempfile::tempdir().unwrap();
    let j = open(d.path(), "a.db", None);
    enter(&j, &(0..5).map(|i| ballot(i) + "\n").collect::<String>());
    let c = rusqlite::Connection::open(&j).unwrap();
    c.execute("UPDATE entries SET body = CAST(?1 AS BLOB) WHERE seq = 3", [ballot(99)]).unwrap();
    drop(c);
    let o = zheng(&["station", "status", "--journal", j.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("entry 3") && err(&o).contains("hash chain is broken"), "{}", err(&o));
    // Deleting an entry in the middle is found too.
    let c = rusqlite::Connection::open(&j).unwrap();
    c.execute("UPDATE entries SET body = CAST(?1 AS BLOB) WHERE seq = 3", [ballot(2)]).unwrap();
    c.execute("DELETE FROM entries WHERE seq = 2", []).unwrap();
    drop(c);
    let o = zheng(&["station", "status", "--journal", j.to_str().unwrap()]);
    assert!(err(&o).contains("entry 2"), "{}", err(&o));
}

/// SIGKILL at random moments: every acknowledged ballot is in the journal exactly once, in order,
/// and nothing that was not sent.
#[test]
fn no_acknowledged_ballot_is_lost_to_sigkill() {
    let d = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2020);
    let mut total_acked = 0;
    for round in 0..50 {
        let j = open(d.path(), &format!("r{round}.db"), Some(3000));
        let mut child = Command::new(env!("CARGO_BIN_EXE_zheng"))
            .args(["station", "enter", "--journal", j.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let burst = rng.random_range(1..8usize);
        let writer = std::thread::spawn(move || {
            // Bursts of lines, so that group commits happen; stops when the pipe breaks.
            for i in 0..3000 {
                if stdin.write_all(format!("{}\n", ballot(i)).as_bytes()).is_err() {
                    break;
                }
                if i % burst == 0 {
                    let _ = stdin.flush();
                    std::thread::sleep(Duration::from_micros(300));
                }
            }
        });
        let acked = Arc::new(Mutex::new(0u64));
        let seen = acked.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let n: u64 = line.strip_prefix("ok ").expect("only acknowledgements").parse().unwrap();
                let mut a = seen.lock().unwrap();
                assert_eq!(n, *a + 1, "acknowledged in order");
                *a = n;
            }
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(1..80)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        writer.join().unwrap();
        reader.join().unwrap();
        let acked = *acked.lock().unwrap();
        let journal = Journal::open(&j).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let live: Vec<String> =
            journal.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect();
        assert!(live.len() as u64 >= acked, "round {round}: {acked} acknowledged, {} in the journal", live.len());
        for (i, l) in live.iter().enumerate() {
            assert_eq!(l, &ballot(i), "round {round}: ballot {} is not the one sent", i + 1);
        }
        eprintln!("round {round}: {acked} acknowledged, {} in the journal", live.len());
        total_acked += acked;
    }
    assert!(total_acked > 0, "the kills came after some acknowledgements");
}
