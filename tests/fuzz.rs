//! A fuzzing harness on stable Rust: structure-aware mutations of valid inputs — byte flips,
//! truncations, splices, duplicated keys, invisible and reordering Unicode, huge numbers, deep
//! nesting — fed to every decoder Zheng has for untrusted bytes: a ballot line, a box header, a
//! manifest, a result file, a bundle, a journal's rows. No input may panic; every decoder answers
//! with a value or a typed error, and a ballot's canonical record stays a fixed point.
//!
//! `cargo test --test all fuzz::` runs a few thousand cases. A long run, in release mode:
//!
//! ```sh
//! ZHENG_FUZZ_CASES=200000 ZHENG_FUZZ_SEED=7 cargo test --release --test all fuzz:: -- --nocapture
//! ```
//!
//! (`ZHENG_FUZZ_CASES` scales every target; `ZHENG_FUZZ_SEED` picks another sequence of cases.)

use crate::common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zheng::audit::{bundle, close, merge, verify};
use zheng::error::Error;
use zheng::seal::manifest::Manifest;
use zheng::seal::result::ResultFile;
use zheng::station::journal::{Journal, Kind, NewEntry};
use zheng::vote::ballot::{BallotBatch, BallotVerdict, InvalidReason, LineError, Schema};
use zheng::vote::boxfile;
use zheng::vote::manifest::Election;

fn cases(default: usize) -> usize {
    std::env::var("ZHENG_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).map_or(default, |n: usize| n.max(1))
}

fn rng(target: u64) -> ChaCha8Rng {
    let seed: u64 = std::env::var("ZHENG_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(2020);
    ChaCha8Rng::seed_from_u64(seed ^ (target << 32))
}

/// Pieces a mutation may insert: invisible and reordering characters, escapes, huge numbers,
/// structure.
const INSERTS: &[&str] = &[
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{202E}",
    "\u{2028}",
    "\u{00AD}",
    "\u{FE0F}",
    "\u{3000}",
    "\0",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "18446744073709551616",
    "-1",
    "1e999",
    "0.5",
    "null",
    "true",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"spoiled\":true,",
    "\"w:",
    "ＡＢ",
    "\u{2F00}",
    "\u{F900}",
    "\r",
    "\n",
    "\"\":[],",
];

/// One structure-aware mutation of `seed`, drawn from `others` for splices.
fn mutate(r: &mut ChaCha8Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut b = seed.to_vec();
    let rounds = r.random_range(1..=3);
    for _ in 0..rounds {
        let at = if b.is_empty() { 0 } else { r.random_range(0..=b.len()) };
        match r.random_range(0..7) {
            0 if !b.is_empty() => {
                let i = r.random_range(0..b.len());
                b[i] ^= 1 << r.random_range(0..8);
            }
            1 => b.truncate(at),
            2 if !others.is_empty() => {
                let o = &others[r.random_range(0..others.len())];
                let from = r.random_range(0..=o.len());
                let to = r.random_range(from..=o.len());
                b.splice(at..at, o[from..to].iter().copied());
            }
            3 => {
                // Duplicate the first key of an object: `{"a":x,...}` → `{"a":x,"a":x,...}`.
                if let (Some(s), Some(e)) = (b.iter().position(|&c| c == b'{'), b.iter().position(|&c| c == b','))
                    && s < e
                {
                    let kv = b[s + 1..e].to_vec();
                    b.splice(e..e, [&[b','][..], &kv].concat());
                }
            }
            4 => {
                let ins = INSERTS[r.random_range(0..INSERTS.len())].as_bytes();
                b.splice(at..at, ins.iter().copied());
            }
            5 => {
                let depth = r.random_range(1..300);
                b.splice(at..at, std::iter::repeat_n(b'[', depth));
            }
            _ => {
                let i = r.random_range(0..=b.len());
                b.splice(i..i, [r.random::<u8>()]);
            }
        }
    }
    b
}

/// Runs `f`, failing the test (with the input) if it panics.
fn no_panic<T>(what: &str, input: &[u8], f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => panic!("{what} panicked on {:?}", String::from_utf8_lossy(input)),
    }
}

fn vc() -> Election {
    Manifest::from_text(
        std::fs::read_to_string(common::root().join("fixtures/kengtou-vc/election.toml")).unwrap(),
        Path::new("vc.toml"),
    )
    .unwrap()
    .into_election()
}

fn fixture_lines() -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    for f in ["kengtou-vc/central.jsonl", "kengtou-vc/mobile.jsonl"] {
        let t = std::fs::read(common::root().join("fixtures").join(f)).unwrap();
        v.extend(t.split(|&c| c == b'\n').filter(|l| !l.is_empty()).map(<[u8]>::to_vec));
    }
    v
}

#[test]
fn ballot_lines_and_headers() {
    let e = vc();
    let schema = Schema::new(&e);
    let seeds = fixture_lines();
    let mut r = rng(1);
    let mut d = schema.decoder();
    for _ in 0..cases(4000) {
        let pick = r.random_range(0..seeds.len());
        let line = mutate(&mut r, &seeds[pick], &seeds);
        no_panic("the ballot decoder", &line, || {
            let mut b = BallotBatch::new(schema.layout());
            let mut record = Vec::new();
            if d.decode_record(&line, &mut b, &mut record).is_ok() {
                // The canonical record of any accepted line reads back to itself.
                let mut again = Vec::new();
                let mut b2 = BallotBatch::new(schema.layout());
                d.decode_record(&record, &mut b2, &mut again).expect("a record reads back");
                assert_eq!(again, record, "{}", String::from_utf8_lossy(&line));
            }
        });
        no_panic("the header reader", &line, || match boxfile::parse_header(Path::new("b"), &line) {
            Ok(_) | Err(Error::BoxFile(_)) => {}
            Err(other) => panic!("a header error of another kind: {other:?}"),
        });
    }
}

#[test]
fn manifests() {
    let vc = std::fs::read(common::root().join("fixtures/kengtou-vc/election.toml")).unwrap();
    let party = std::fs::read(common::root().join("fixtures/kengtou-party/election.toml")).unwrap();
    let seeds = vec![vc, party];
    let mut r = rng(2);
    for _ in 0..cases(600) {
        let pick = r.random_range(0..2);
        let m = mutate(&mut r, &seeds[pick], &seeds);
        no_panic("the manifest reader", &m, || {
            let Ok(t) = String::from_utf8(m.clone()) else { return };
            match Manifest::from_text(t, Path::new("m.toml")) {
                Ok(_) | Err(Error::Manifest(_)) => {}
                Err(other) => panic!("a manifest error of another kind: {other:?}"),
            }
        });
    }
}

/// A closed box of the demo: its result file and a scratch folder holding it and its ballots.
fn closed_box() -> (Election, tempfile::TempDir, Vec<u8>) {
    let e = vc();
    let d = tempfile::tempdir().unwrap();
    let src = common::root().join("fixtures/kengtou-vc/mobile.jsonl");
    let (result, published) =
        close::close(&e, &zheng::demo::demo_key("mobile"), &src, "2020-11-18T17:30:00Z".into()).unwrap();
    close::write(&d.path().join("mobile.zres"), &result, &published, false).unwrap();
    let bytes = result.to_bytes();
    (e, d, bytes)
}

#[test]
fn result_files() {
    let (e, d, good) = closed_box();
    let seeds = vec![good.clone()];
    let mut r = rng(3);
    let ballots = Some(d.path().join("mobile.ballots.jsonl"));
    for _ in 0..cases(3000) {
        let b = mutate(&mut r, &good, &seeds);
        no_panic("the result decoder", &b, || {
            if let Ok(file) = ResultFile::from_bytes(&b) {
                let input = merge::Input { path: "m.zres".into(), file, ballots: ballots.clone() };
                let m = merge::merge(&e, vec![input]);
                if b != good {
                    assert_ne!(m.reports()[0].fate, merge::Fate::Accepted, "a changed result was accepted");
                }
            }
        });
    }
}

#[test]
fn bundles() {
    let (e, d, _) = closed_box();
    // A bundle of one station's result: the rest of the manifest's stations are missing, which
    // verify reports; what matters here is that no mutated file makes it panic or pass.
    let input = merge::Input::read(&d.path().join("mobile.zres")).unwrap();
    let merged = merge::merge(&e, vec![input]);
    let outcome = merged.outcome(&e, true).unwrap();
    let manifest = std::fs::read(common::root().join("fixtures/kengtou-vc/election.toml")).unwrap();
    let dir = d.path().join("bundle");
    bundle::write(&dir, &manifest, None, None, &merged, &outcome).unwrap();
    let files = ["manifest.toml", "results/mobile.zres", "ballots/mobile.jsonl", "outcome.json", "sheet.txt"];
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.join(f)).unwrap()).collect();
    let mut r = rng(4);
    for _ in 0..cases(150) {
        let k = r.random_range(0..files.len());
        let b = mutate(&mut r, &originals[k], &originals);
        std::fs::write(dir.join(files[k]), &b).unwrap();
        let report = no_panic("verify", &b, || verify::verify(&dir, None));
        assert!(report.is_err(), "a bundle missing stations never passes");
        std::fs::write(dir.join(files[k]), &originals[k]).unwrap();
    }
}

#[test]
fn journal_rows() {
    let d = tempfile::tempdir().unwrap();
    let m = Manifest::from_text(
        std::fs::read_to_string(common::root().join("fixtures/kengtou-vc/election.toml")).unwrap(),
        Path::new("vc.toml"),
    )
    .unwrap();
    let p = d.path().join("j.db");
    let mut j = Journal::create(&p, &m, "mobile", Some(88)).unwrap();
    let lines = fixture_lines();
    let entries: Vec<NewEntry> =
        lines[1..20].iter().map(|l| NewEntry { kind: Kind::Ballot, ballot: None, body: l.clone() }).collect();
    j.append(&entries).unwrap();
    drop(j);
    let pristine = std::fs::read(&p).unwrap();
    let mut r = rng(5);
    for _ in 0..cases(150) {
        std::fs::write(&p, &pristine).unwrap();
        let _ = std::fs::remove_file(d.path().join("j.db-wal"));
        let _ = std::fs::remove_file(d.path().join("j.db-shm"));
        let c = rusqlite::Connection::open(&p).unwrap();
        let seq = r.random_range(1..=20i64);
        let column = ["kind", "ballot", "body", "prev", "hash", "seq"][r.random_range(0..6)];
        let old: Vec<u8> = c
            .query_row(&format!("SELECT CAST({column} AS BLOB) FROM entries WHERE seq = ?1"), [seq], |row| {
                row.get::<_, Option<Vec<u8>>>(0)
            })
            .unwrap()
            .unwrap_or_default();
        let new = mutate(&mut r, &old, &lines);
        let value: rusqlite::types::Value = match column {
            "seq" | "ballot" => rusqlite::types::Value::Integer(r.random_range(-3..40)),
            "kind" => rusqlite::types::Value::Text(String::from_utf8_lossy(&new).into_owned()),
            _ => rusqlite::types::Value::Blob(new.clone()),
        };
        let changed =
            c.execute(&format!("UPDATE entries SET {column} = ?1 WHERE seq = ?2"), rusqlite::params![value, seq]);
        drop(c);
        no_panic("the journal reader", &new, || match Journal::open(&p) {
            Ok(j) => assert!(changed.is_err() || j.entries().len() == 20 || column == "seq"),
            Err(Error::Refused { .. } | Error::Journal { .. } | Error::Manifest(_)) => {}
            Err(other) => panic!("a journal error of another kind: {other:?}"),
        });
    }
}

/// The binary itself on mutated box files: an exit status of the contract, never a panic (101) or
/// a signal.
#[test]
fn zheng_count_exits_per_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let root = common::root().join("fixtures/kengtou-vc");
    std::fs::copy(root.join("election.toml"), d.path().join("e.toml")).unwrap();
    let seeds: Vec<Vec<u8>> = ["central", "station-1", "station-2", "mobile"]
        .iter()
        .map(|s| std::fs::read(root.join(format!("{s}.jsonl"))).unwrap())
        .collect();
    let mut r = rng(6);
    for i in 0..cases(40).min(400) {
        let k = r.random_range(0..4);
        for (j, s) in ["central", "station-1", "station-2", "mobile"].iter().enumerate() {
            let bytes = if j == k { mutate(&mut r, &seeds[j], &seeds) } else { seeds[j].clone() };
            std::fs::write(d.path().join(format!("{s}.jsonl")), bytes).unwrap();
        }
        let o = crate::common::zheng_command()
            .args([
                "count",
                "--election",
                "e.toml",
                "central.jsonl",
                "station-1.jsonl",
                "station-2.jsonl",
                "mobile.jsonl",
            ])
            .current_dir(d.path())
            .output()
            .unwrap();
        let code = o.status.code();
        assert!(matches!(code, Some(0..=2)), "case {i}: exit {code:?}: {}", String::from_utf8_lossy(&o.stderr));
        if code == Some(2) {
            assert!(o.stdout.is_empty(), "nothing on stdout after an input error");
        }
    }
}

/// What a decoder made of one line.
type Read = (Result<BallotVerdict, LineError>, BallotBatch, Vec<u8>);

/// One line through a decoder: its verdict or error, what it added, and its canonical record.
fn read_line(d: &mut zheng::vote::ballot::Decoder<'_, '_>, layout: &zheng::vote::ballot::Layout, line: &[u8]) -> Read {
    let mut b = BallotBatch::new(layout);
    let mut record = Vec::new();
    let verdict = d.decode_record(line, &mut b, &mut record);
    (verdict, b, record)
}

/// A line read as `zheng count` reads it (no record asked for): verdict or error, the batch it
/// made, and where the law found fault.
fn count_line(
    d: &mut zheng::vote::ballot::Decoder<'_, '_>,
    layout: &zheng::vote::ballot::Layout,
    line: &[u8],
) -> (Result<BallotVerdict, LineError>, BallotBatch, Vec<(usize, InvalidReason)>) {
    let mut b = BallotBatch::new(layout);
    let verdict = d.decode(line, &mut b);
    (verdict, b, d.faults())
}

/// JSON whitespace put between two tokens somewhere in a line (the fast path skips it as serde does).
fn spaced(r: &mut ChaCha8Rng, line: &[u8]) -> Vec<u8> {
    let mut b = line.to_vec();
    for _ in 0..r.random_range(1..4) {
        let spots: Vec<usize> = b
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, b'{' | b'}' | b'[' | b']' | b',' | b':'))
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = spots.get(r.random_range(0..spots.len().max(1))) {
            let ws = [" ", "\t", "\r\n", "  "][r.random_range(0..4)];
            b.splice(i + 1..i + 1, ws.bytes());
        }
    }
    b
}

/// The fast path of the ballot reader reads every line exactly as serde's reader does — verdict,
/// error (field and message), compact form, written-in names and canonical record — on every
/// fixture line, on lines with whitespace added, and on the structure-aware mutations above, for a
/// choose-style and an approve-style ballot.
#[test]
fn the_fast_path_reads_every_line_as_serde_does() {
    let party = Manifest::from_text(
        std::fs::read_to_string(common::root().join("fixtures/kengtou-party/election.toml")).unwrap(),
        Path::new("party.toml"),
    )
    .unwrap()
    .into_election();
    let party_lines: Vec<Vec<u8>> = std::fs::read(common::root().join("fixtures/kengtou-party/meeting.jsonl"))
        .unwrap()
        .split(|&c| c == b'\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    let vc = vc();
    let mut vc_lines = fixture_lines();
    vc_lines.retain(|l| !l.starts_with(b"{\"station\""));
    let mut r = rng(9);
    let mut compared = 0usize;
    for (e, seeds) in [(&vc, &vc_lines), (&party, &party_lines)] {
        let schema = Schema::new(e);
        let (mut fast, mut reference) = (schema.decoder(), schema.reference_decoder());
        // The same lines read without a record asked for: the fast path then keeps the posts'
        // values it met and does them again (`ballot::windows`) — held to serde's reader too.
        let (mut fast_count, mut reference_count) = (schema.decoder(), schema.reference_decoder());
        let mut lines: Vec<Vec<u8>> = seeds.clone();
        for _ in 0..cases(4000) {
            let pick = &seeds[r.random_range(0..seeds.len())];
            lines.push(if r.random_bool(0.3) { spaced(&mut r, pick) } else { mutate(&mut r, pick, seeds) });
        }
        for line in &lines {
            let a = read_line(&mut fast, schema.layout(), line);
            let b = read_line(&mut reference, schema.layout(), line);
            assert!(a == b, "fast path ≠ serde on {:?}:\n{a:?}\n{b:?}", String::from_utf8_lossy(line));
            let a = count_line(&mut fast_count, schema.layout(), line);
            let b = count_line(&mut reference_count, schema.layout(), line);
            assert!(a == b, "fast path ≠ serde counting {:?}:\n{a:?}\n{b:?}", String::from_utf8_lossy(line));
            compared += 1;
        }
    }
    assert!(compared > 8000);
}

/// A box closed whole publishes exactly the records its lines have one by one: the fixture lines,
/// spaced and mutated (those that still read without error), thousands to a box so that its tasks
/// count plain ballots by their rows — for a choose-style and an approve-style ballot, and for the
/// villagers' committee again with every rule of a post's own (a post voided alone) [ZJE27].
#[test]
fn a_closed_box_publishes_the_records_of_its_lines() {
    let text = |f: &str| std::fs::read_to_string(common::root().join("fixtures").join(f)).unwrap();
    let lines_of = |f: &str| -> Vec<Vec<u8>> {
        text(f).lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.as_bytes().to_vec()).collect()
    };
    let vc_text = text("kengtou-vc/election.toml");
    let per_post = vc_text.replacen(
        "[[contest]]",
        "[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"\n\n[[contest]]",
        1,
    );
    let mut vc_lines = lines_of("kengtou-vc/central.jsonl");
    vc_lines.extend(lines_of("kengtou-vc/mobile.jsonl"));
    let party_lines = lines_of("kengtou-party/meeting.jsonl");
    let mut r = rng(10);
    for (manifest, seeds) in
        [(vc_text.clone(), &vc_lines), (per_post, &vc_lines), (text("kengtou-party/election.toml"), &party_lines)]
    {
        let e = Manifest::from_text(manifest, Path::new("e.toml")).unwrap().into_election();
        let schema = Schema::new(&e);
        let mut reference = schema.reference_decoder();
        let (mut expected, mut body) = (Vec::new(), Vec::new());
        while expected.len() < cases(3000).max(1500) {
            let pick = &seeds[r.random_range(0..seeds.len())];
            let line = match r.random_range(0..3) {
                0 => pick.clone(),
                1 => spaced(&mut r, pick),
                _ => mutate(&mut r, pick, seeds),
            };
            if line.contains(&b'\n') || line.contains(&b'\r') {
                continue;
            }
            let (verdict, _, record) = read_line(&mut reference, schema.layout(), &line);
            if verdict.is_ok() && !line.iter().all(u8::is_ascii_whitespace) {
                expected.push(record);
                body.extend_from_slice(&line);
                body.push(b'\n');
            }
        }
        let station = &e.stations()[0].id;
        let mut bytes = format!("{{\"station\":\"{station}\",\"voters\":{}}}\n", e.registered()).into_bytes();
        bytes.extend_from_slice(&body);
        let source = boxfile::BoxSource::Memory("box.jsonl".into(), &bytes);
        let kernel = zheng::vote::tally::Kernel::new(&e, schema.layout());
        let published = zheng::seal::record::publish_source(&source, &schema, &kernel).unwrap();
        expected.sort();
        let rules = e.rules().overvote;
        assert!(published.records().eq(expected.iter().map(|r| &r[..])), "{} ({rules:?})", e.id());
    }
}
