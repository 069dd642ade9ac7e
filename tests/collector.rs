//! Counting day over the network, on loopback: the collector (`zheng collect`, a real process) and
//! simulated station devices. A township with every fault on collects exactly what the devices
//! counted, and `merge --store` gives the outcome and bundle that merging the same files gives;
//! the collector killed with SIGKILL mid-run loses no acknowledged submission and counts none
//! twice; garbage, oversized, half-sent and half-open requests leave it serving others; a receipt's
//! inclusion proof holds against a later checkpoint through a consistency proof.

use crate::common;
/// Issue 25's probes of the collector's process and store.
mod probes;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use common::*;
use station_firmware_sim::device::{Ctx, Faults};
use station_firmware_sim::synth::{Rate, Spec};
use station_firmware_sim::township::{self, Plan};
use zheng::seal::manifest::Manifest;

fn plan(villages: usize, stations: usize, ballots: u64, faults: Faults) -> Plan {
    Plan { villages, stations, ballots, faults, journal: true, send_ballots: true, seed: 11, parallel: 8 }
}

fn all_faults() -> Faults {
    let r = Rate(250_000);
    Faults { crash: r, drop: r, duplicate: r, tamper: r, wrong_key: r, foreign: r, slow_link: Duration::from_millis(2) }
}

/// A `zheng collect` process on a loopback port.
struct Collector {
    child: Child,
    addr: String,
}

impl Collector {
    fn start(manifests: &[PathBuf], store: &Path, listen: &str) -> Collector {
        let mut cmd = crate::common::zheng_command();
        cmd.arg("collect");
        for m in manifests {
            cmd.arg("--election").arg(m);
        }
        cmd.args(["--listen", listen, "--store"]).arg(store).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = cmd.spawn().expect("zheng collect starts");
        let (addr, _) = common::listening(&mut child);
        Collector { child, addr }
    }

    fn kill(&mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.kill();
    }
}

#[test]
fn a_township_with_every_fault_on_collects_exactly_what_the_devices_counted() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(3, 4, 60, all_faults());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (text, ok) = rt.block_on(township::run(dir.path(), &p)).unwrap();
    assert!(ok, "{text}");
    assert!(text.contains("12 receipts verified"), "{text}");
    // merge --store is merging the same result files: the same outcome, the same bundle.
    let store = dir.path().join("collector.db").display().to_string();
    for v in 1..=3 {
        let id = format!("village-{v}-vc");
        let m = dir.path().join(format!("{id}.toml")).display().to_string();
        let results: Vec<String> =
            (1..=4).map(|s| dir.path().join(format!("devices/{id}/v{v}-s{s}.zres")).display().to_string()).collect();
        let (a, b) = (dir.path().join(format!("from-files-{v}")), dir.path().join(format!("from-store-{v}")));
        let mut files_args = vec!["merge", "--election", &m, "--json"];
        files_args.extend(results.iter().map(String::as_str));
        let a_s = a.display().to_string();
        files_args.extend(["--out", &a_s]);
        let from_files = zheng(&files_args);
        let b_s = b.display().to_string();
        let from_store = zheng(&["merge", "--election", &m, "--store", &store, "--json", "--out", &b_s]);
        assert_eq!(from_files.status.code(), Some(0), "{}", err(&from_files));
        assert_eq!(out(&from_store), out(&from_files), "{}", err(&from_store));
        for f in ["outcome.json", "sheet.txt", "manifest.toml"] {
            assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f}");
        }
        for s in 1..=4 {
            for f in [format!("results/v{v}-s{s}.zres"), format!("ballots/v{v}-s{s}.jsonl")] {
                assert_eq!(std::fs::read(a.join(&f)).unwrap(), std::fs::read(b.join(&f)).unwrap(), "{f}");
            }
        }
        assert_eq!(zheng(&["verify", &b_s]).status.code(), Some(0));
    }
    let status = zheng(&["collect", "status", "--store", &store]);
    assert!(out(&status).contains("4 of 4 stations reported; missing: none; conflicts: none"), "{}", out(&status));
}

/// Issue 21, defect 7: with every first send cut, the simulator said `0 retried`. It counts what
/// happened: each fault injected, each retry and why, each refusal by its code.
#[test]
fn the_simulator_counts_each_fault_retry_and_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let r = Rate(1_000_000);
    let faults = Faults { drop: r, tamper: r, foreign: r, ..Faults::default() };
    let p = Plan { send_ballots: false, journal: false, ..plan(2, 3, 20, faults) };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (text, ok) = rt.block_on(township::run(dir.path(), &p)).unwrap();
    assert!(ok, "{text}");
    // Six devices: each cut its first send (then sent again), and sent a tampered and a foreign
    // result, each refused.
    assert!(text.contains("6 receipts verified"), "{text}");
    assert!(text.contains("retried (cut 6)") || text.contains("retried (cut 6,"), "{text}");
    assert!(text.contains("18 faults injected (cut 6, foreign 6, tampered 6)"), "{text}");
    assert!(text.contains("12 faulty submissions refused as they must be ("), "{text}");
    assert!(!text.contains(" 0 retried"), "{text}");
}

/// The address the devices are given: a loopback port this test binds once and holds to its end
/// (no port is ever let go and taken again, so no other process can come between), forwarding
/// each connection to the collector while one is up, and turning each away while none is — each
/// turn-away said on `turned_away`, a device's send that failed and will be tried again.
struct Door {
    addr: String,
    to: Arc<std::sync::Mutex<Option<String>>>,
    turned_away: std::sync::mpsc::Receiver<()>,
}

impl Door {
    fn open(rt: &tokio::runtime::Runtime, collector: &str) -> Door {
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let to = Arc::new(std::sync::Mutex::new(Some(collector.to_string())));
        let (said, turned_away) = std::sync::mpsc::channel();
        let target = Arc::clone(&to);
        rt.spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let Some(collector) = target.lock().unwrap().clone() else {
                    drop(inbound);
                    let _ = said.send(());
                    continue;
                };
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&collector).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Door { addr, to, turned_away }
    }

    /// From now on each new connection is turned away.
    fn shut(&self) {
        *self.to.lock().unwrap() = None;
    }

    /// From now on each new connection goes to `collector`.
    fn reopen(&self, collector: &str) {
        *self.to.lock().unwrap() = Some(collector.to_string());
    }
}

/// The collector is killed on an event — once two results are stored, with fourteen devices still
/// to send — and started again, on a port of its own, only after a device has found it gone: so
/// the kill always lands mid-run and always costs a device a retry, whatever the machine's load.
#[test]
fn the_collector_killed_with_sigkill_loses_no_acknowledged_submission_and_counts_none_twice() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(2, 8, 40, Faults { slow_link: Duration::from_millis(100), ..Faults::default() });
    let paths = township::setup(dir.path(), &p).unwrap();
    let store = dir.path().join("collector.db");
    let mut collector = Collector::start(&paths, &store, "127.0.0.1:0");
    let addr = collector.addr.clone();
    let (_, info) = http(&addr, "GET", "/v1/log", b"");
    let info: serde_json::Value = serde_json::from_slice(&info).unwrap();
    let key = zheng::seal::keys::parse_public(info["key"].as_str().unwrap()).unwrap();
    let manifests: Vec<Arc<Manifest>> = paths.iter().map(|p| Arc::new(Manifest::load(p).unwrap())).collect();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let door = Door::open(&rt, &addr);
    let ctx = Arc::new(Ctx {
        client: reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap(),
        base: format!("http://{}", door.addr),
        collector: key,
        keys: dir.path().join("keys"),
        work: dir.path().join("devices"),
        boxes_out: None,
        spec: Spec { ballots: p.ballots, seed: 3, ..Spec::default() },
        faults: p.faults.clone(),
        send_ballots: false,
        journal: false,
        seed: 3,
    });
    let devices = {
        let (ctx, manifests) = (Arc::clone(&ctx), manifests.clone());
        rt.spawn(async move { station_firmware_sim::run::run(ctx, &manifests, 2).await })
    };
    let stored = |addr: &str| {
        let (_, b) = http(addr, "GET", "/v1/elections/village-1-vc/status", b"");
        serde_json::from_slice::<serde_json::Value>(&b).ok().and_then(|v| v["log_size"].as_u64()).unwrap_or(0)
    };
    until("two results stored", || stored(&addr) >= 2);
    door.shut();
    collector.kill();
    let stored_at_kill = zheng(&["collect", "status", "--store", &store.display().to_string(), "--json"]);
    door.turned_away.recv_timeout(Duration::from_secs(60)).expect("a device came while the collector was down");
    let again = Collector::start(&paths, &store, "127.0.0.1:0");
    door.reopen(&again.addr);
    let summary = rt.block_on(devices).unwrap();
    assert!(summary.problems().is_empty(), "{:?}", summary.problems());
    assert_eq!(summary.acknowledged(), 16, "every device holds a verified receipt");
    let retried: u64 = summary.reports.iter().flat_map(|r| r.retries.values()).sum();
    assert!(retried > 0, "the kill landed while devices were sending ({})", out(&stored_at_kill));
    let (text, same) = rt.block_on(station_firmware_sim::run::check(&ctx, &manifests, &summary)).unwrap();
    assert!(same, "{text}");
    let status = zheng(&["collect", "status", "--store", &store.display().to_string(), "--json"]);
    let st: serde_json::Value = serde_json::from_str(&out(&status)).unwrap();
    for e in st.as_array().unwrap() {
        assert_eq!(e["stored"], 8, "each station once: nothing counted twice ({e})");
        assert_eq!(e["missing"].as_array().unwrap().len(), 0);
        assert_eq!(e["conflicts"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn garbage_oversized_half_sent_and_half_open_requests_leave_it_serving_others() {
    let dir = tempfile::tempdir().unwrap();
    let g = root().join("tests/golden/signed");
    let c = Collector::start(&[g.join("bundle/manifest.toml")], &dir.path().join("c.db"), "127.0.0.1:0");
    let a = c.addr.clone();
    let url = "/v1/elections/kengtou-2020-vc/results";
    // Half-open: headers begun and never finished, and a body promised and never sent.
    let mut slow_headers = TcpStream::connect(&a).unwrap();
    slow_headers.write_all(b"POST /v1/elections/kengtou-2020-vc/results HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut slow_body = TcpStream::connect(&a).unwrap();
    slow_body
        .write_all(format!("POST {url} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nZHENG").as_bytes())
        .unwrap();
    assert!(healthy(&a), "served while two connections hang");
    // Random bytes as a body, and as a whole request.
    let noise: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_eq!(http(&a, "POST", url, &noise).0, 400);
    let mut raw = TcpStream::connect(&a).unwrap();
    let _ = raw.write_all(&noise);
    drop(raw);
    // Too large: refused before it is read whole.
    assert_eq!(http(&a, "POST", url, &vec![b'x'; 2 << 20]).0, 413);
    // Cut in half: the headers promise more than is sent, then the connection closes.
    let result = std::fs::read(g.join("central.zres")).unwrap();
    let mut cut = TcpStream::connect(&a).unwrap();
    cut.write_all(format!("POST {url} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n", result.len()).as_bytes())
        .unwrap();
    cut.write_all(&result[..result.len() / 2]).unwrap();
    drop(cut);
    // A result too large for one log entry (C2SP entries hold at most 65,535 bytes): refused
    // before its signatures are even looked at.
    let mut body = zheng::seal::result::ResultFile::from_bytes(&result).unwrap().body().clone();
    body.contests[0].write_ins = (0..4000).map(|i| (format!("名字{i:05}"), 1)).collect();
    let big = zheng::seal::result::ResultFile::sign(body, &key(9)).to_bytes();
    let (status, answer) = http(&a, "POST", url, &big);
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&answer).contains("result-too-large"));
    // None of that was stored, and a genuine result still is.
    assert!(healthy(&a));
    let (status, body) = http(&a, "POST", url, &result);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (v["stored"].as_str(), v["index"].as_u64()),
        (Some("accepted"), Some(0)),
        "nothing before it was logged"
    );
    // The same result again: the same receipt. An unknown election: 404.
    let (_, again) = http(&a, "POST", url, &result);
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    assert_eq!((again["stored"].as_str(), &again["receipt"]), (Some("again"), &v["receipt"]));
    assert_eq!(http(&a, "POST", "/v1/elections/nope/results", &result).0, 404);
    drop((slow_headers, slow_body));
}

#[test]
fn a_receipt_is_proved_against_a_later_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let g = root().join("tests/golden/signed");
    let store = dir.path().join("c.db");
    let c = Collector::start(&[g.join("bundle/manifest.toml")], &store, "127.0.0.1:0");
    let url = "/v1/elections/kengtou-2020-vc/results";
    let central = g.join("central.zres");
    let (status, body) = http(&c.addr, "POST", url, &std::fs::read(&central).unwrap());
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let receipt = dir.path().join("central.receipt");
    std::fs::write(&receipt, base64::engine::general_purpose::STANDARD.decode(v["receipt"].as_str().unwrap()).unwrap())
        .unwrap();
    for s in ["station-1", "station-2", "mobile"] {
        assert_eq!(http(&c.addr, "POST", url, &std::fs::read(g.join(format!("{s}.zres"))).unwrap()).0, 200);
    }
    let (_, info) = http(&c.addr, "GET", "/v1/log", b"");
    let key = serde_json::from_slice::<serde_json::Value>(&info).unwrap()["key"].as_str().unwrap().to_string();
    let s = store.display().to_string();
    let cp = dir.path().join("later.checkpoint");
    let o = zheng(&["log", "checkpoint", "--store", &s]);
    assert!(out(&o).contains("\n4\n"), "four entries: {}", out(&o));
    std::fs::write(&cp, out(&o)).unwrap();
    let proof = dir.path().join("consistency.proof");
    std::fs::write(&proof, out(&zheng(&["log", "prove-consistency", "--store", &s, "--old", "1"]))).unwrap();
    let (r, cps, pr, res) = (
        receipt.display().to_string(),
        cp.display().to_string(),
        proof.display().to_string(),
        central.display().to_string(),
    );
    let verify = |key: &str, result: &str, proof: &str| {
        zheng(&[
            "log",
            "verify",
            "--key",
            key,
            "--receipt",
            &r,
            "--result",
            result,
            "--checkpoint",
            &cps,
            "--consistency",
            proof,
        ])
    };
    let ok = verify(&key, &res, &pr);
    assert_eq!(ok.status.code(), Some(0), "{}{}", out(&ok), err(&ok));
    assert!(out(&ok).contains("still holds it"), "{}", out(&ok));
    // The tiles serve the same log: the entries tile holds the four results.
    let (st, tile) = http(&c.addr, "GET", "/tile/entries/000.p/4", b"");
    assert_eq!(st, 200);
    assert!(tile.windows(7).any(|w| w == b"central"));
    assert_eq!(http(&c.addr, "GET", "/tile/entries/000.p/5", b"").0, 404, "no tile past the checkpoint");
    // A proof of something else, another result, another key: each refused.
    let mut bad = std::fs::read_to_string(&proof).unwrap();
    bad = bad.replacen('A', "B", 1);
    let badp = dir.path().join("bad.proof");
    std::fs::write(&badp, bad).unwrap();
    assert_eq!(verify(&key, &res, &badp.display().to_string()).status.code(), Some(1));
    let other = g.join("mobile.zres").display().to_string();
    assert_ne!(verify(&key, &other, &pr).status.code(), Some(0));
    let stranger = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    assert_eq!(verify(stranger, &res, &pr).status.code(), Some(1));
}

#[test]
fn over_tls_when_given_a_certificate() {
    use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
    let dir = tempfile::tempdir().unwrap();
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let g = root().join("tests/golden/signed");
    let mut cmd = crate::common::zheng_command();
    cmd.arg("collect").arg("--election").arg(g.join("bundle/manifest.toml"));
    cmd.args(["--listen", "127.0.0.1:0", "--store"]).arg(dir.path().join("c.db"));
    cmd.arg("--tls-cert").arg(&cert).arg("--tls-key").arg(&key).stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("https://").nth(1).and_then(|r| r.split(';').next()).expect("it says https").to_string();
    let collector = Collector { child, addr: addr.clone() };
    // A client that trusts only this certificate, speaking HTTP/1.1 over rustls.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let answer = rt.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_slice(ck.cert.pem().as_bytes()).unwrap()).unwrap();
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
        let result = std::fs::read(g.join("central.zres")).unwrap();
        let head = format!(
            "POST /v1/elections/kengtou-2020-vc/results HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            result.len()
        );
        tls.write_all(head.as_bytes()).await.unwrap();
        tls.write_all(&result).await.unwrap();
        let mut resp = Vec::new();
        let _ = tls.read_to_end(&mut resp).await;
        String::from_utf8_lossy(&resp).into_owned()
    });
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"stored\":\"accepted\""), "{answer}");
    // Plain HTTP on the TLS port gets no answer.
    assert_ne!(http(&collector.addr, "GET", "/health", b"").0, 200);
}

#[test]
fn a_store_that_is_not_a_collectors_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let e = root().join("fixtures/kengtou-vc/election.toml").display().to_string();
    let j = dir.path().join("journal.db").display().to_string();
    let o = zheng(&["station", "open", "--election", &e, "--station", "mobile", "--journal", &j, "--voters", "88"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let before = std::fs::read(&j).unwrap();
    let o = zheng(&["collect", "--election", &e, "--store", &j, "--listen", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a collector's store"), "{}", err(&o));
    assert_eq!(std::fs::read(&j).unwrap(), before, "a journal is never written by the collector");
    for args in [vec!["collect", "status", "--store", &j], vec!["log", "checkpoint", "--store", &j]] {
        assert_eq!(zheng(&args).status.code(), Some(2));
    }
}

/// `zheng village --store` and `zheng export --store`: the votes a collector holds are merged as
/// `zheng merge --store` does and judged on the village register (ZJE31 within the vote); a vote
/// still missing a box is named and left out, and not exported.
#[test]
fn the_village_view_reads_a_collectors_store() {
    let dir = tempfile::tempdir().unwrap();
    let g = root().join("tests/golden/signed");
    let store = dir.path().join("c.db");
    let people = dir.path().join("people.toml");
    std::fs::write(
        &people,
        "village = \"坑头村\"\n[[person]]\nid = \"p1\"\nname = \"蓝国平\"\n[[person]]\nid = \"p2\"\nname = \"蓝美玲\"\n[[relation]]\na = \"p1\"\nb = \"p2\"\nkind = \"spouse\"\n",
    )
    .unwrap();
    let mut c = Collector::start(&[g.join("bundle/manifest.toml")], &store, "127.0.0.1:0");
    let url = "/v1/elections/kengtou-2020-vc/results";
    for s in ["central", "station-1", "station-2"] {
        assert_eq!(http(&c.addr, "POST", url, &std::fs::read(g.join(format!("{s}.zres"))).unwrap()).0, 200);
    }
    let (p, s) = (people.display().to_string(), store.display().to_string());
    let o = zheng(&["village", "--lang", "en", "--register", &p, "--store", &s, "--json"]);
    assert!(err(&o).contains("kengtou-2020-vc is not decided yet"), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["members"], serde_json::json!([]));
    let o = zheng(&["export", "--format", "csv", "--store", &s, "--election", "kengtou-2020-vc"]);
    assert_eq!(o.status.code(), Some(1), "not decided yet: {}", err(&o));
    assert_eq!(http(&c.addr, "POST", url, &std::fs::read(g.join("mobile.zres")).unwrap()).0, 200);
    c.kill();
    let o = zheng(&["village", "--register", &p, "--store", &s, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["蓝国平", "钟伟"], "蓝美玲 stood down for her husband; the members' seats go to a run-off");
    // The open export of what the store holds is the export of the same boxes.
    let o = zheng(&["export", "--format", "csv", "--store", &s, "--election", "kengtou-2020-vc"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let vc = root().join("fixtures/kengtou-vc");
    let mut args = vec!["export".to_string(), "--format".into(), "csv".into(), "--election".into()];
    args.push(g.join("bundle/manifest.toml").display().to_string());
    for b in ["central", "station-1", "station-2", "mobile"] {
        args.push(vc.join(format!("{b}.jsonl")).display().to_string());
    }
    assert_eq!(out(&o), out(&zheng(&args.iter().map(String::as_str).collect::<Vec<_>>())));
}
