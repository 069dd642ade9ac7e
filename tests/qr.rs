//! A result that travels without a network (issue 24): a box counted at a table of an election
//! that is not in the repository, closed (its codes on the terminal), drawn as a QR code image,
//! read back from that image alone in another folder, and given to a running collector, which
//! answers with its receipt — nothing between the station and the image but the image. Then what
//! `zheng qr decode` refuses, in the words of the run's language.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use common::{err, http, out};
use station_firmware_sim::device::Faults;
use station_firmware_sim::synth::{Spec, generate_box};
use station_firmware_sim::township::{Plan, setup};
use zheng::seal::manifest::Manifest;
use zheng::seal::qr::frame::Frame;
use zheng::seal::qr::read::Grey;

/// `zheng ARGS` in `dir`, with `stdin` typed in.
fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut c = common::zheng_command()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let typed = c.stdin.take().unwrap();
    if let Some(text) = stdin {
        let mut typed = typed;
        typed.write_all(text.as_bytes()).unwrap();
    }
    c.wait_with_output().unwrap()
}

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}{}", o.status.code(), out(o), err(o));
    out(o)
}

/// A new village's election (`village-1-vc`, two stations, keys in `dir/keys`), not one of the
/// repository's; returns its manifest.
fn election(dir: &Path) -> PathBuf {
    let plan = Plan {
        villages: 1,
        stations: 2,
        ballots: 60,
        faults: Faults::default(),
        journal: true,
        send_ballots: false,
        seed: 24,
        parallel: 1,
    };
    setup(dir, &plan).unwrap().remove(0)
}

/// Station `v1-s1`'s box counted at its table and closed with `--qr always`: returns the result
/// file and what `station close` printed.
fn counted_and_closed(dir: &Path, manifest: &Path) -> (PathBuf, String) {
    let m = Manifest::load(manifest).unwrap();
    let spec = Spec { ballots: 60, seed: 24, ..Spec::default() };
    let boxed = String::from_utf8(generate_box(m.election(), 0, &spec).unwrap()).unwrap();
    let (header, ballots) = boxed.split_once('\n').unwrap();
    let voters = serde_json::from_str::<serde_json::Value>(header).unwrap()["voters"].to_string();
    let e = manifest.to_str().unwrap();
    ok(&run(
        dir,
        &["station", "open", "--election", e, "--station", "v1-s1", "--journal", "j.db", "--voters", &voters],
        None,
    ));
    ok(&run(dir, &["station", "enter", "--journal", "j.db"], Some(ballots)));
    let closed = ok(&run(
        dir,
        &["station", "close", "--journal", "j.db", "--key", "keys/v1-s1.key", "--out", "v1-s1.zres", "--qr", "always"],
        None,
    ));
    (dir.join("v1-s1.zres"), closed)
}

/// The codes drawn on a terminal in half blocks, read back as an image: each character cell two
/// modules high, each module 4 pixels.
fn terminal_codes(printed: &str) -> Vec<Vec<u8>> {
    let rows: Vec<Vec<(bool, bool)>> = printed
        .lines()
        .filter(|l| l.starts_with("\x1b[30;107m"))
        .map(|l| {
            let cells = l.trim_start_matches("\x1b[30;107m").trim_end_matches("\x1b[0m");
            cells.chars().map(|c| (matches!(c, '▀' | '█'), matches!(c, '▄' | '█'))).collect()
        })
        .collect();
    let (w, h) = (rows[0].len() * 4, rows.len() * 8);
    let mut pixels = vec![255u8; w * h];
    for (y, row) in rows.iter().enumerate() {
        for (x, &(top, bottom)) in row.iter().enumerate() {
            for (half, dark) in [(0, top), (1, bottom)] {
                for py in 0..4 {
                    for px in 0..4 {
                        if dark {
                            pixels[(y * 8 + half * 4 + py) * w + x * 4 + px] = 0;
                        }
                    }
                }
            }
        }
    }
    Grey { width: w, height: h, pixels }.codes()
}

/// A `zheng collect` on a loopback port: its child process and address.
struct Collector(Child, String);

impl Collector {
    fn start(manifest: &Path, store: &Path) -> Collector {
        let mut child = common::zheng_command()
            .args(["collect", "--election"])
            .arg(manifest)
            .args(["--listen", "127.0.0.1:0", "--store"])
            .arg(store)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (addr, _) = common::listening(&mut child);
        Collector(child, addr)
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_result_travels_station_to_image_to_collector_with_no_network_between() {
    let station = tempfile::tempdir().unwrap();
    let manifest = election(station.path());
    let (result, closed) = counted_and_closed(station.path(), &manifest);
    let signed = std::fs::read(&result).unwrap();
    // The terminal shows the code, black on white, under its caption; it reads back as the result.
    assert!(closed.contains("signed result, QR code 1 of 1 (station v1-s1)"), "{closed}");
    assert!(closed.contains("zheng qr decode"), "and what to do with it: {closed}");
    let shown = terminal_codes(&closed);
    assert_eq!(shown.len(), 1, "one code on the terminal");
    let frame = Frame::parse(&shown[0]).unwrap();
    assert_eq!((frame.index, frame.count, frame.part.as_slice()), (1, 1, signed.as_slice()));
    // The station draws it; only the image goes to the township.
    let drawn = ok(&run(station.path(), &["qr", "encode", "v1-s1.zres", "--out", "x.png"], None));
    assert!(drawn.contains("x.png: QR code 1 of 1, station v1-s1's signed result (election village-1-vc"), "{drawn}");
    let township = tempfile::tempdir().unwrap();
    std::fs::copy(station.path().join("x.png"), township.path().join("x.png")).unwrap();
    let read = ok(&run(township.path(), &["qr", "decode", "x.png", "--out", "r"], None));
    assert!(read.contains("r: station v1-s1's signed result (election village-1-vc), put together from 1 QR code(s)"));
    assert_eq!(std::fs::read(township.path().join("r")).unwrap(), signed, "byte for byte as signed");
    // The collector takes it like any result, and answers with its receipt.
    std::fs::copy(&manifest, township.path().join("e.toml")).unwrap();
    let c = Collector::start(&township.path().join("e.toml"), &township.path().join("c.db"));
    let r = std::fs::read(township.path().join("r")).unwrap();
    let (status, body) = http(&c.1, "POST", "/v1/elections/village-1-vc/results", &r);
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((status, answer["stored"].as_str()), (200, Some("accepted")), "{answer}");
    assert!(answer["receipt"].as_str().is_some_and(|r| !r.is_empty()), "{answer}");
}

#[test]
fn decode_checks_against_the_manifest_when_given_and_refuses_in_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let manifest = election(d);
    let e = manifest.to_str().unwrap();
    counted_and_closed(d, &manifest);
    ok(&run(d, &["qr", "encode", "v1-s1.zres", "--out", "s.png", "--max-bytes", "300"], None));
    let verified = ok(&run(d, &["qr", "decode", "s-3.png", "s-1.png", "s-2.png", "--out", "r", "--election", e], None));
    assert!(verified.contains("from 3 QR code(s)") && verified.contains("verified against the manifest"), "{verified}");
    // Over the result just written: evidence is not written over unasked.
    let again = run(d, &["qr", "decode", "s-1.png", "s-2.png", "s-3.png", "--out", "r", "--lang", "zh"], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("r 已存在"), "{}", err(&again));
    // A part missing, said in Chinese with its number.
    let missing = run(d, &["qr", "decode", "s-1.png", "s-3.png", "--out", "m", "--lang", "zh"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(err(&missing), "zheng: 缺少第 2 个二维码（共 3 个）：请把缺的也拍下来\n");
    // A picture with no code; a name that is not an image's.
    std::fs::write(d.join("blank.png"), b"not a picture").unwrap();
    let blank = run(d, &["qr", "decode", "blank.png", "--out", "b"], None);
    assert_eq!(err(&blank), "zheng: blank.png: not a PNG or JPEG image\n");
    let wrong = run(d, &["qr", "encode", "v1-s1.zres", "--out", "x.jpg"], None);
    assert_eq!(
        (wrong.status.code(), err(&wrong)),
        (Some(2), "zheng: x.jpg: a QR code image's name ends in .png or .svg\n".into())
    );
    assert!(!d.join("m").exists() && !d.join("b").exists(), "nothing written on a refusal");
}
