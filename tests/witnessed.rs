//! A collector with witnesses, every party a real process on loopback (issue 24, items 2 to 4):
//! `zheng collect --witness VKEY@URL ×3 --witness-quorum 2` with one of the three witnesses
//! down. Results are accepted and receipted at once; the two live witnesses cosign the collector's
//! checkpoint (each cosignature checked by the verifier written from the C2SP texts alone), which
//! `/checkpoint` and `/checkpoint/witnessed` then carry; `zheng log verify --witness … --quorum 2`
//! tells the receipt's first checkpoint ("not yet witnessed") from the witnessed one, which it
//! accepts. Then the collector's key signs a fork — another tree of the same size: every honest
//! witness refuses it (422), and `zheng log verify` refuses a receipt on the fork, bare or wearing
//! the honest checkpoint's cosignatures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::SigningKey;
use tlog_tiles::{Hash, HashReader};
use zheng::collect::log::{self, LogEntry};
use zheng::collect::receipt::{Receipt, ReceiptBody};
use zheng::seal::tlog_witness::AddCheckpoint;

use crate::common::witness::{Witness, http, independent_check, log_vkey, text_of};
use crate::common::{err, listening, out, root, zheng, zheng_command};

const RESULTS: &str = "/v1/elections/kengtou-2020-vc/results";

/// A tree in memory, for the fork.
struct Tree(Vec<Hash>);

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes.iter().map(|&i| self.0.get(i as usize).copied().ok_or(tlog_tiles::Error::IndexesNotInTree)).collect()
    }
}

fn tree_of(entries: &[LogEntry]) -> Tree {
    let mut t = Tree(Vec::new());
    for (n, e) in entries.iter().enumerate() {
        let new = tlog_tiles::stored_hashes(n as u64, &e.to_bytes(), &t).unwrap();
        t.0.extend(new);
    }
    t
}

/// A `zheng collect` process with witnesses.
struct Collector(std::process::Child, String);

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn collector(store: &Path, key: &Path, witnesses: &[String], quorum: usize) -> Collector {
    let manifest = root().join("tests/golden/signed/bundle/manifest.toml");
    let mut cmd = zheng_command();
    cmd.args(["collect", "--listen", "127.0.0.1:0", "--election"]).arg(manifest).arg("--store").arg(store);
    cmd.arg("--key").arg(key).args(["--witness-quorum", &quorum.to_string()]);
    for w in witnesses {
        cmd.args(["--witness", w]);
    }
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let (addr, _) = listening(&mut child);
    Collector(child, addr)
}

/// Waits (at most 20 s) until `path` answers 200; its body.
fn wait_for(addr: &str, path: &str, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let a = http(addr, "GET", path, b"").unwrap();
        if a.status == 200 && done(&a.text()) {
            return a.text();
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{path}: {} {}", a.status, a.text());
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// `zheng log verify` of `receipt` for `result` with the witnesses and quorum 2 (and `extra`).
fn verify(key: &str, receipt: &str, result: &str, witnesses: &[&str], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["log", "verify", "--lang", "en", "--key", key, "--receipt", receipt, "--result", result];
    for w in witnesses {
        args.extend(["--witness", w]);
    }
    args.extend(["--quorum", "2"]);
    args.extend(extra);
    zheng(&args)
}

// Long: one scenario end to end — the collector and its witnesses, the receipts, the fork.
#[test]
fn a_fork_is_refused_by_every_honest_witness_and_by_a_client_checking_the_quorum() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = SigningKey::from_bytes(&[21; 32]);
    let log_key = log_vkey(d, &key);
    let key_file = d.join(format!("log-{}.key", hex::encode(&key.verifying_key().as_bytes()[..8])));
    let mut ws: Vec<Witness> =
        (1..=3).map(|i| Witness::start(d, &format!("w{i}.example"), 40 + i, std::slice::from_ref(&log_key))).collect();
    ws[2].kill(); // one witness down from the start
    let given: Vec<String> = ws.iter().map(|w| format!("{}@http://{}", w.vkey, w.addr)).collect();
    let vkeys: Vec<&str> = ws.iter().map(|w| w.vkey.as_str()).collect();
    let store = d.join("collector.db");
    let c = collector(&store, &key_file, &given, 2);

    // Results are accepted and receipted at once, a witness down or not.
    let g = root().join("tests/golden/signed");
    let central = std::fs::read(g.join("central.zres")).unwrap();
    let a = http(&c.1, "POST", RESULTS, &central).unwrap();
    assert_eq!(a.status, 200, "{}", a.text());
    let answer: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
    let receipt = BASE64.decode(answer["receipt"].as_str().unwrap()).unwrap();
    let mobile = std::fs::read(g.join("mobile.zres")).unwrap();
    assert_eq!(http(&c.1, "POST", RESULTS, &mobile).unwrap().status, 200);

    // The two live witnesses cosign the checkpoint of 2; /checkpoint carries their lines.
    let witnessed = wait_for(&c.1, "/checkpoint/witnessed", |t| t.lines().nth(1) == Some("2"));
    let text = text_of(&witnessed);
    for w in &ws[..2] {
        let name = w.vkey.split('+').next().unwrap();
        let line = witnessed.lines().find(|l| l.starts_with(&format!("— {name} "))).expect("its cosignature");
        independent_check(&w.vkey, &text, line);
    }
    assert!(!witnessed.contains("— w3.example "), "{witnessed}");
    let newest = http(&c.1, "GET", "/checkpoint", b"").unwrap().text();
    assert_eq!(newest, witnessed, "the newest checkpoint, with the cosignatures held for it");
    let status = out(&zheng(&["collect", "status", "--store", &store.display().to_string(), "--lang", "en"]));
    assert!(status.contains("witnesses: 2 of w1.example, w2.example, w3.example must cosign"), "{status}");
    assert!(status.contains("newest witnessed checkpoint: 2 entries (cosigned by w1.example, w2.example)"), "{status}");

    // The receipt's own checkpoint (of 1) is not yet witnessed; with the witnessed checkpoint and
    // the consistency proof to it, the receipt holds and the quorum is met.
    let hex_key = hex::encode(key.verifying_key().as_bytes());
    let (r, res) = (write(d, "central.receipt", &receipt), write(d, "central.zres", &central));
    let o = verify(&hex_key, &r, &res, &vkeys, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("the checkpoint of 1 is signed by the log but not yet witnessed (not forged)"),
        "{}",
        err(&o)
    );
    let cp = write(d, "witnessed.cp", witnessed.as_bytes());
    let proof =
        out(&zheng(&["log", "prove-consistency", "--store", &store.display().to_string(), "--old", "1", "--new", "2"]));
    let proof = write(d, "consistency.proof", proof.as_bytes());
    let o = verify(&hex_key, &r, &res, &vkeys, &["--checkpoint", &cp, "--consistency", &proof]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("the checkpoint of 2 carries the witnesses' quorum: w1.example, w2.example"),
        "{}",
        out(&o)
    );

    // The fork: the collector's key signs another tree of 2 entries, central's entry first.
    let body = Receipt::from_bytes(&receipt).unwrap().body().clone();
    let entries =
        [LogEntry::new(&body.election, &body.station, &central), LogEntry::new(&body.election, "forged", b"x")];
    let fork = tree_of(&entries);
    let origin = log::origin_for(&key.verifying_key());
    let fork_note = log::sign_checkpoint(&origin, 2, tlog_tiles::tree_hash(2, &fork).unwrap(), &key);
    for w in &ws[..2] {
        let a = w.add(&AddCheckpoint::body(2, &[], fork_note.as_bytes()));
        assert_eq!(a.status, 422, "{} refuses the fork: {}", w.vkey, a.text());
        assert_eq!(w.add(&AddCheckpoint::body(0, &[], fork_note.as_bytes())).status, 409);
    }
    // A receipt on the fork: refused bare (no quorum), and wearing the honest cosignatures (forged).
    let inclusion = log::prove_inclusion(&fork, 2, 0).unwrap().iter().map(|h| h.0).collect();
    let forged = |checkpoint: String| {
        let b = ReceiptBody { checkpoint, inclusion: Vec::clone(&inclusion), ..body.clone() };
        write(d, "forged.receipt", &Receipt::sign(b, &key).to_bytes())
    };
    let bare = forged(fork_note.clone());
    let o = verify(&hex_key, &bare, &res, &vkeys, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("the checkpoint of 2 is signed by the log but not yet witnessed"), "{}", err(&o));
    let honest_lines: String = witnessed.lines().filter(|l| l.starts_with("— w")).map(|l| format!("{l}\n")).collect();
    let worn = forged(format!("{fork_note}{honest_lines}"));
    let o = verify(&hex_key, &worn, &res, &vkeys, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("w1.example"), "{}", err(&o));
    assert!(!err(&o).contains("not yet witnessed"), "{}", err(&o));
    // The honest log's checkpoint still holds, and one witness's word is not the quorum.
    let o = verify(&hex_key, &r, &res, &[vkeys[0], vkeys[2]], &["--checkpoint", &cp, "--consistency", &proof]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("cosigned by w1.example only, where 2 of w1.example, w3.example must"), "{}", err(&o));
    let policy = format!(
        "log {log_key}\nwitness A {}\nwitness B {}\nwitness C {}\ngroup all-three all A B C\nquorum all-three\n",
        vkeys[0], vkeys[1], vkeys[2]
    );
    let policy = write(d, "policy.txt", policy.as_bytes());
    let args = ["log", "verify", "--lang", "en", "--key", &hex_key, "--receipt", &r, "--result", &res];
    let o = zheng(&[&args[..], &["--checkpoint", &cp, "--consistency", &proof, "--policy", &policy]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("lacks the witnesses' quorum: cosigned by w1.example, w2.example only"), "{}", err(&o));

    // The collector forgets what its witnesses cosigned (its rows deleted): it sends `old 0`, gets
    // 409 with the size each holds, and follows it with the right proof; both cosign the next one.
    drop(c);
    rusqlite::Connection::open(&store).unwrap().execute("DELETE FROM cosignatures", []).unwrap();
    let c = collector(&store, &key_file, &given, 2);
    let station_1 = std::fs::read(g.join("station-1.zres")).unwrap();
    assert_eq!(http(&c.1, "POST", RESULTS, &station_1).unwrap().status, 200);
    let three = wait_for(&c.1, "/checkpoint/witnessed", |t| t.lines().nth(1) == Some("3"));
    assert_eq!(three.matches("\n— w").count(), 2, "{three}");
}

/// `station-sim township --witnesses 3 --witness-quorum 2 --fork`, in this process: every receipt
/// is in the checkpoint the quorum cosigned, and the fork is refused by every witness and the client.
#[test]
fn the_simulated_township_with_witnesses_catches_its_collectors_fork() {
    use station_firmware_sim::device::Faults;
    use station_firmware_sim::township::{self, Plan, WithWitnesses};
    let dir = tempfile::tempdir().unwrap();
    let plan = Plan {
        villages: 1,
        stations: 3,
        ballots: 20,
        faults: Faults::default(),
        journal: false,
        send_ballots: false,
        seed: 5,
        parallel: 3,
    };
    let with = WithWitnesses { witnesses: 3, quorum: 2, fork: true };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (text, ok) = rt.block_on(township::run_witnessed(dir.path(), &plan, with)).unwrap();
    assert!(ok, "{text}");
    assert!(
        text.contains("(quorum: 2 of witness-1.sim, witness-2.sim, witness-3.sim); 3 of 3 receipts are in it"),
        "{text}"
    );
    assert!(text.contains("was refused by 3 of 3 witnesses; a client checking the quorum refuses it"), "{text}");
}
