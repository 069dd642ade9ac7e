//! Hostile and clumsy input (issue 8), one test per finding, each named after it: no file can crash,
//! hang, split a vote or overwrite evidence, and every exit status follows the contract — 0 success,
//! 1 the vote is void or a check failed, 2 bad input or usage.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::root;
use sha2::{Digest, Sha256};

const STATIONS: [&str; 4] = ["central", "station-1", "station-2", "mobile"];

fn zheng_in(dir: &Path, args: &[&str]) -> Output {
    crate::common::zheng_command().args(args).current_dir(dir).output().expect("zheng runs")
}

/// Runs `zheng` under a shell's `ulimit -v` (KiB), so that an allocation past it aborts the process.
fn zheng_limited(dir: &Path, kib: u64, args: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_zheng");
    crate::common::script_command("bash")
        .arg("-c")
        .arg(format!("ulimit -v {kib}; exec '{bin}' {args}"))
        .current_dir(dir)
        .output()
        .expect("bash runs")
}

/// Runs `zheng` and kills it if it has not ended within `secs`: `None` means it hung.
fn zheng_within(dir: &Path, secs: u64, args: &[&str]) -> Option<Output> {
    let mut child = crate::common::zheng_command()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// A demo key file, mode 0600.
fn key_file(dir: &Path, file: &str, name: &str) -> String {
    let seed = Sha256::digest(format!("zheng demo key: {name}"));
    let p = dir.join(file);
    std::fs::write(&p, format!("zheng ed25519 secret key v1\n{}\n", hex::encode(seed))).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    file.to_string()
}

/// A scratch copy of the villagers' committee: manifest, boxes and keys.
fn village() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let vc = root().join("fixtures/kengtou-vc");
    std::fs::copy(vc.join("election.toml"), d.path().join("e.toml")).unwrap();
    for s in STATIONS {
        std::fs::copy(vc.join(format!("{s}.jsonl")), d.path().join(format!("{s}.jsonl"))).unwrap();
        key_file(d.path(), &format!("{s}.key"), s);
    }
    key_file(d.path(), "monitor.key", "central monitor 1");
    d
}

/// Closes every box (the central one countersigned) and merges them into `bundle/`.
fn signed(d: &Path) {
    for s in STATIONS {
        let (k, b, out) = (format!("{s}.key"), format!("{s}.jsonl"), format!("{s}.zres"));
        let o = zheng_in(
            d,
            &["close", "--election", "e.toml", "--key", &k, &b, "--out", &out, "--closed-at", "2020-11-18T17:30:00Z"],
        );
        assert_eq!(code(&o), 0, "{}", text(&o));
    }
    assert_eq!(code(&zheng_in(d, &["countersign", "--election", "e.toml", "--key", "monitor.key", "central.zres"])), 0);
    let mut args = vec!["merge", "--election", "e.toml", "--out", "bundle"];
    let results: Vec<String> = STATIONS.iter().map(|s| format!("{s}.zres")).collect();
    args.extend(results.iter().map(String::as_str));
    let o = zheng_in(d, &args);
    assert_eq!(code(&o), 0, "{}", text(&o));
}

fn results() -> Vec<String> {
    STATIONS.iter().map(|s| format!("{s}.zres")).collect()
}

/// A sparse file of 1 GB of zero bytes: no newline anywhere.
fn gigabyte(path: &Path) {
    let f = std::fs::File::create(path).unwrap();
    f.set_len(1 << 30).unwrap();
}

#[test]
fn item_1_a_gigabyte_of_published_ballots_is_refused_in_bounded_memory() {
    let d = village();
    signed(d.path());
    // In a bundle: verify streams the file and refuses it, under a 1 GB address-space limit.
    gigabyte(&d.path().join("bundle/ballots/mobile.jsonl"));
    let o = zheng_limited(d.path(), 1_000_000, "verify bundle --lang en --detail");
    assert_eq!(code(&o), 1, "a clear refusal, never an abort: {}", text(&o));
    assert!(text(&o).contains("station \"mobile\": published ballots") && text(&o).contains("FAIL"), "{}", text(&o));
    // Beside a result given to merge.
    gigabyte(&d.path().join("mobile.ballots.jsonl"));
    let r = results().join(" ");
    let o = zheng_limited(d.path(), 1_000_000, &format!("merge --lang en --election e.toml {r}"));
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("mobile") && text(&o).contains("REFUSED"), "{}", text(&o));
}

#[test]
fn item_1_station_enter_from_dev_zero_ends_in_bounded_memory() {
    let d = village();
    let o = zheng_in(
        d.path(),
        &["station", "open", "--election", "e.toml", "--station", "mobile", "--journal", "j.db", "--voters", "88"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let bin = env!("CARGO_BIN_EXE_zheng");
    let o = crate::common::script_command("bash")
        .arg("-c")
        .arg(format!("ulimit -v 1000000; exec '{bin}' station enter --journal j.db < /dev/zero"))
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("refused 1: longer than"), "{}", text(&o));
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success())
}

#[test]
fn item_2_a_fifo_never_hangs() {
    let d = village();
    signed(d.path());
    let fifo = d.path().join("fifo.jsonl");
    if !mkfifo(&fifo) {
        eprintln!("SKIPPED item_2_a_fifo_never_hangs: mkfifo is not available");
        return;
    }
    let o = zheng_within(d.path(), 20, &["count", "--election", "e.toml", "fifo.jsonl", "--lang", "en"])
        .expect("count hung on a FIFO");
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("a FIFO"), "{}", text(&o));
    let o = zheng_within(d.path(), 20, &["count", "--election", "e.toml", "fifo.jsonl", "--lang", "zh"])
        .expect("count hung on a FIFO");
    assert!(text(&o).contains("fifo.jsonl：命名管道，不是普通文件"), "in the command's language: {}", text(&o));
    // As a result given to merge, and as a bundle file.
    let o = zheng_within(d.path(), 20, &["merge", "--election", "e.toml", "fifo.jsonl"]).expect("merge hung");
    assert_eq!(code(&o), 2, "{}", text(&o));
    std::fs::remove_file(d.path().join("bundle/results/mobile.zres")).unwrap();
    assert!(mkfifo(&d.path().join("bundle/results/mobile.zres")));
    let o = zheng_within(d.path(), 20, &["verify", "bundle"]).expect("verify hung on a FIFO in a bundle");
    assert_eq!(code(&o), 1, "{}", text(&o));
    std::fs::remove_file(d.path().join("bundle/ballots/central.jsonl")).unwrap();
    assert!(mkfifo(&d.path().join("bundle/ballots/central.jsonl")));
    let o = zheng_within(d.path(), 20, &["verify", "bundle"]).expect("verify hung on a FIFO of ballots");
    assert_eq!(code(&o), 1, "{}", text(&o));
}

#[test]
fn item_3_a_bundle_with_a_symbolic_link_does_not_verify() {
    let d = village();
    signed(d.path());
    let inside = d.path().join("bundle/results/central.zres");
    let outside = d.path().join("elsewhere.zres");
    std::fs::rename(&inside, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &inside).unwrap();
    let o = zheng_in(d.path(), &["verify", "bundle", "--lang", "zh"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("results/central.zres 是符号链接"), "{}", text(&o));
    // The whole results folder as a link.
    std::fs::remove_file(&inside).unwrap();
    std::fs::rename(&outside, &inside).unwrap();
    let results = d.path().join("bundle/results");
    std::fs::rename(&results, d.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(d.path().join("moved"), &results).unwrap();
    let o = zheng_in(d.path(), &["verify", "bundle", "--lang", "en"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("results is a symbolic link"), "{}", text(&o));
}

/// A box of the mobile station: its header, then the lines given.
fn mobile_box(d: &Path, voters: u64, lines: &[&str]) {
    let mut t = format!("{{\"station\":\"mobile\",\"voters\":{voters}}}\n");
    for l in lines {
        t.push_str(l);
        t.push('\n');
    }
    std::fs::write(d.join("mobile.jsonl"), t).unwrap();
}

fn count_all(d: &Path) -> Output {
    let mut args = vec!["count", "--election", "e.toml", "--json"];
    let boxes: Vec<String> = STATIONS.iter().map(|s| format!("{s}.jsonl")).collect();
    args.extend(boxes.iter().map(String::as_str));
    zheng_in(d, &args)
}

#[test]
fn item_4_invisible_characters_cannot_split_a_vote() {
    let d = village();
    for c in ['\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{FE0F}', '\u{2028}', '\u{202E}'] {
        let line = format!("{{\"chair\":[\"w:钟明华{c}\"]}}");
        mobile_box(d.path(), 88, &[&line]);
        let o = count_all(d.path());
        assert_eq!(code(&o), 2, "U+{:04X}: {}", c as u32, text(&o));
        assert!(text(&o).contains("mobile.jsonl:2: chair[0]"), "{}", text(&o));
    }
    // Full-width, Kangxi radicals, inner spaces of any kind: one person.
    mobile_box(
        d.path(),
        88,
        &[
            r#"{"chair":["w:蓝 国平"]}"#,
            "{\"chair\":[\"w:蓝\u{3000}国平\"]}",
            r#"{"vice":["w:ＡＢ"]}"#,
            r#"{"vice":["w:AB"]}"#,
        ],
    );
    let o = count_all(d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let chair = &v["contests"][0]["tally"];
    assert!(chair.as_array().unwrap().iter().all(|e| e["name"] != "蓝 国平"), "{chair}");
    let vice: Vec<&serde_json::Value> =
        v["contests"][1]["tally"].as_array().unwrap().iter().filter(|e| e["name"] == "AB").collect();
    assert_eq!(vice.len(), 1);
    assert_eq!(vice[0]["votes"], 2);
    // Listed names: 蓝美玲 and 蓝美玲 with a zero-width space cannot both be listed.
    let m = std::fs::read_to_string(d.path().join("e.toml")).unwrap().replacen(
        "name = \"雷秀英\"",
        "name = \"蓝国平\u{200B}\"",
        1,
    );
    std::fs::write(d.path().join("e2.toml"), m).unwrap();
    let o = zheng_in(d.path(), &["count", "--election", "e2.toml", "central.jsonl", "--partial"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
}

#[test]
fn item_5_a_typo_in_the_voters_is_an_input_error_and_too_many_voters_void_the_vote() {
    let d = village();
    let mobile = std::fs::read_to_string(d.path().join("mobile.jsonl")).unwrap();
    for voters in ["2000", "18446744073709551615"] {
        let t = mobile.replacen("\"voters\":88", &format!("\"voters\":{voters}"), 1);
        std::fs::write(d.path().join("mobile.jsonl"), t).unwrap();
        let o = count_all(d.path());
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(text(&o).contains("mobile.jsonl:1: voters"), "{}", text(&o));
    }
    // Each box under the register, together over it: the vote is void (exit 1), with its reason.
    let t = mobile.replacen("\"voters\":88", "\"voters\":1400", 1);
    std::fs::write(d.path().join("mobile.jsonl"), t).unwrap();
    let o = count_all(d.path());
    assert_eq!(code(&o), 1, "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "void");
    assert!(v["void_reasons"].as_array().unwrap().iter().any(|r| r == "voters-exceed-registered"), "{v}");
}

#[test]
fn item_6_duplicate_keys_are_refused() {
    let d = village();
    let mobile = std::fs::read_to_string(d.path().join("mobile.jsonl")).unwrap();
    let t = mobile.replacen(
        "{\"station\":\"mobile\",\"voters\":88}",
        "{\"station\":\"mobile\",\"voters\":88,\"station\":\"central\"}",
        1,
    );
    std::fs::write(d.path().join("mobile.jsonl"), t).unwrap();
    let o = count_all(d.path());
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("mobile.jsonl:1: station"), "{}", text(&o));
    mobile_box(d.path(), 88, &[r#"{"chair":["c01"],"spoiled":true,"spoiled":false}"#]);
    let o = count_all(d.path());
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("mobile.jsonl:2: spoiled"), "{}", text(&o));
}

#[test]
fn item_7_evidence_is_never_overwritten() {
    let d = village();
    let before = std::fs::read(d.path().join("mobile.jsonl")).unwrap();
    let close = |out: &str, extra: &[&str]| {
        let mut a = vec!["close", "--election", "e.toml", "--key", "mobile.key", "mobile.jsonl", "--out", out];
        a.extend(extra);
        zheng_in(d.path(), &a)
    };
    let o = close("mobile.jsonl", &[]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert_eq!(close("mobile.jsonl", &["--force"]).status.code(), Some(2), "an input is never written over");
    assert_eq!(std::fs::read(d.path().join("mobile.jsonl")).unwrap(), before);
    // A journal as --out of export.
    zheng_in(
        d.path(),
        &["station", "open", "--election", "e.toml", "--station", "mobile", "--journal", "j.db", "--voters", "88"],
    );
    let o = zheng_in(d.path(), &["station", "export", "--journal", "j.db", "--out", "j.db"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("inputs"), "{}", text(&o));
    // Closing again over a countersigned result: the same body keeps the monitor's signature.
    key_file(d.path(), "m.key", "mobile monitor");
    let t = std::fs::read_to_string(d.path().join("e.toml")).unwrap();
    assert!(t.contains("id = \"mobile\""));
    let at = ["--closed-at", "2020-11-18T17:30:00Z"];
    assert_eq!(code(&close("r.zres", &at)), 0);
    let signed_once = std::fs::read(d.path().join("r.zres")).unwrap();
    assert_eq!(code(&close("r.zres", &at)), 0, "the same body again is no change");
    assert_eq!(std::fs::read(d.path().join("r.zres")).unwrap(), signed_once);
    let o = close("r.zres", &["--closed-at", "2020-11-18T18:00:00Z"]);
    assert_eq!(code(&o), 2, "another body is refused: {}", text(&o));
    assert_eq!(std::fs::read(d.path().join("r.zres")).unwrap(), signed_once);
    assert_eq!(code(&close("r.zres", &["--closed-at", "2020-11-18T18:00:00Z", "--force"])), 0);
}

#[test]
fn item_7_re_closing_keeps_countersignatures() {
    let d = village();
    let at = ["--closed-at", "2020-11-18T17:30:00Z"];
    let close = || {
        zheng_in(
            d.path(),
            &[&["close", "--election", "e.toml", "--key", "central.key", "central.jsonl", "--out", "c.zres"][..], &at]
                .concat(),
        )
    };
    assert_eq!(code(&close()), 0);
    assert_eq!(
        code(&zheng_in(d.path(), &["countersign", "--election", "e.toml", "--key", "monitor.key", "c.zres"])),
        0
    );
    let countersigned = std::fs::read(d.path().join("c.zres")).unwrap();
    let o = close();
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert_eq!(std::fs::read(d.path().join("c.zres")).unwrap(), countersigned, "the monitor's signature is kept");
}

fn journal(d: &Path) {
    let o = zheng_in(
        d,
        &["station", "open", "--election", "e.toml", "--station", "mobile", "--journal", "j.db", "--voters", "2"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
}

fn enter(d: &Path, input: &str) -> Output {
    let mut c = crate::common::zheng_command()
        .args(["station", "enter", "--journal", "j.db"])
        .current_dir(d)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

#[test]
fn item_8_closed_means_closed() {
    let d = village();
    journal(d.path());
    assert_eq!(code(&enter(d.path(), "{}\n{}\n")), 0);
    let o = zheng_in(
        d.path(),
        &[
            "station",
            "close",
            "--journal",
            "j.db",
            "--key",
            "mobile.key",
            "--out",
            "m.zres",
            "--closed-at",
            "2020-11-18T17:30:00Z",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    for args in
        [&["station", "voters", "--journal", "j.db", "5"][..], &["station", "note", "--journal", "j.db", "late"]]
    {
        let o = zheng_in(d.path(), args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o));
        assert!(text(&o).contains("closed"), "{}", text(&o));
    }
}

#[test]
fn item_9_read_only_commands_write_nothing() {
    let d = village();
    std::fs::write(d.path().join("empty.db"), b"").unwrap();
    let o = zheng_in(d.path(), &["station", "status", "--journal", "empty.db"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert_eq!(std::fs::metadata(d.path().join("empty.db")).unwrap().len(), 0, "nothing written into it");
    // Another SQLite database keeps its journal mode.
    let other = d.path().join("other.db");
    let c = rusqlite::Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(c);
    let before = std::fs::read(&other).unwrap();
    for cmd in ["status", "enter"] {
        let o = zheng_in(d.path(), &["station", cmd, "--journal", "other.db"]);
        assert_eq!(code(&o), 2, "{cmd}: {}", text(&o));
    }
    assert_eq!(std::fs::read(&other).unwrap(), before, "the other database is untouched");
    let c = rusqlite::Connection::open(&other).unwrap();
    let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
}

#[test]
fn item_10_exit_codes_follow_the_contract() {
    let d = village();
    signed(d.path());
    let cases: [(&[&str], i32); 4] = [
        (&["verify", "bundle", "--trust", "zz"], 2),
        (&["verify", "nonexistent"], 2),
        (&["verify", "e.toml"], 2),
        (&["verify", "bundle"], 0),
    ];
    for (args, want) in cases {
        let o = zheng_in(d.path(), args);
        assert_eq!(code(&o), want, "{args:?}: {}", text(&o));
    }
    std::fs::write(d.path().join("garbage.sig"), b"ZHENGM01 not a signature").unwrap();
    let r = results();
    for trust in [&["--trust", "1e451ed6b549192141f41aedaf697d5345b416af827e829ba72375890a3f5553"][..], &[]] {
        let mut args = vec!["merge", "--election", "e.toml", "--manifest-sig", "garbage.sig", "--out", "b2"];
        args.extend(trust);
        args.extend(r.iter().map(String::as_str));
        let o = zheng_in(d.path(), &args);
        assert_eq!(code(&o), 2, "undecodable --manifest-sig ({trust:?}): {}", text(&o));
        assert!(!d.path().join("b2").exists(), "nothing bundled");
    }
    journal(d.path());
    let o = enter(d.path(), "{}\n{\"chair\":[\"zz\"]}\n");
    assert_eq!(code(&o), 2, "a refused line is bad input: {}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("ok 1\nrefused 2"), "{}", text(&o));
}

#[test]
fn item_11_one_key_signs_for_one_station() {
    let d = village();
    let t = std::fs::read_to_string(d.path().join("e.toml")).unwrap();
    let keys: Vec<&str> = t.lines().filter(|l| l.starts_with("key = ")).collect();
    let twice = t.replacen(keys[1], keys[0], 1);
    std::fs::write(d.path().join("e.toml"), twice).unwrap();
    let o = count_all(d.path());
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("the same key as station[0]"), "{}", text(&o));
}

#[test]
fn item_12_messages_say_what_is_wrong_once() {
    let d = village();
    std::fs::create_dir(d.path().join("adir")).unwrap();
    let o = zheng_in(d.path(), &["count", "--election", "e.toml", "adir", "--partial", "--lang", "en"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).matches("folder").count() == 1, "{}", text(&o));
    // A raw control character inside a string is not "must be a string".
    std::fs::write(
        d.path().join("mobile.jsonl"),
        "{\"station\":\"mobile\",\"voters\":88}\n{\"chair\":[\"c0\u{1}1\"]}\n",
    )
    .unwrap();
    let o = count_all(d.path());
    assert_eq!(code(&o), 2);
    assert!(!text(&o).contains("must be a string") && text(&o).contains("control character"), "{}", text(&o));
    // A truncated result: a sentence, not Rust's debug text.
    let o = zheng_in(
        d.path(),
        &["close", "--election", "e.toml", "--key", "central.key", "central.jsonl", "--out", "c.zres"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let bytes = std::fs::read(d.path().join("c.zres")).unwrap();
    std::fs::write(d.path().join("c.zres"), &bytes[..bytes.len() / 2]).unwrap();
    let o = zheng_in(d.path(), &["merge", "--election", "e.toml", "c.zres"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("truncated") && !text(&o).contains("UnexpectedEnd"), "{}", text(&o));
    // A header line over 1 MiB.
    let long = format!("{{\"station\":\"mobile\",\"voters\":88,\"x\":\"{}\"}}\n", "a".repeat(2 << 20));
    std::fs::write(d.path().join("mobile.jsonl"), long).unwrap();
    let o = count_all(d.path());
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("mobile.jsonl:1: line longer than"), "{}", text(&o));
    // A key file others can read is refused; a journal is made for its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.path().join("central.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = zheng_in(
            d.path(),
            &["close", "--election", "e.toml", "--key", "central.key", "central.jsonl", "--out", "c2.zres"],
        );
        assert_eq!(code(&o), 2);
        assert!(text(&o).contains("readable by others"), "{}", text(&o));
        journal(d.path());
        let mode = std::fs::metadata(d.path().join("j.db")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// Two `station enter` at once: the second writer is refused with a sentence, never a SQL error,
/// and no acknowledged ballot is lost.
#[test]
fn item_12_two_writers_on_one_journal() {
    use zheng::error::{Error, Refusal};
    use zheng::station::journal::{Journal, Kind, NewEntry};
    let d = village();
    journal(d.path());
    let p: PathBuf = d.path().join("j.db");
    let mut a = Journal::open(&p).unwrap();
    let mut b = Journal::open(&p).unwrap();
    let ballot = || NewEntry { kind: Kind::Ballot, ballot: None, body: b"{}".to_vec() };
    a.append(&[ballot()]).unwrap();
    match b.append(&[ballot()]) {
        Err(Error::Refused { refusal: Refusal::JournalWrittenElsewhere, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(Journal::open(&p).unwrap().ballots_entered(), 1);
}
