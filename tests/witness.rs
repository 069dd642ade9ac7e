//! The witness (`zheng witness`, a real process) on loopback, fed checkpoints that the collector's
//! own log code signs (`zheng::collect::log`) over trees grown with `tlog_tiles`: every answer of
//! c2sp.org/tlog-witness (200, 400, 403, 404, 409 with the latest size, 422); every cosignature it
//! makes checked by a verifier written here from the C2SP texts alone (`sha2` and `ed25519-dalek`,
//! nothing of Zheng's); and the witness killed with SIGKILL right after and in the middle of
//! adds, then restarted on its store: it never forgets what it cosigned, refuses a fork of it, and
//! still cosigns the honest extension.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::SigningKey;
use sha2::{Digest as _, Sha256};
use tlog_tiles::{Hash, HashReader};
use zheng::collect::log::{self, LogEntry};

use crate::common;
use crate::common::witness::{Answer, Witness, http, independent_check, log_vkey, text_of};

/// A log's tree in memory: its stored hashes, as `tlog_tiles` keeps them. `tag` makes another
/// log's entries (a fork).
struct Tree {
    hashes: Vec<Hash>,
    tag: &'static str,
    size: u64,
}

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| self.hashes.get(usize::try_from(i).unwrap()).copied().ok_or(tlog_tiles::Error::IndexesNotInTree))
            .collect()
    }
}

impl Tree {
    fn new(tag: &'static str) -> Tree {
        Tree { hashes: Vec::new(), tag, size: 0 }
    }

    /// Grows the tree to `n` entries, each a log entry as the collector writes it.
    fn grow(&mut self, n: u64) -> &mut Tree {
        while self.size < n {
            let e = LogEntry::new("witness-test", &format!("{}{}", self.tag, self.size), b"ZHENGR01...");
            let new = tlog_tiles::stored_hashes(self.size, &e.to_bytes(), &*self).unwrap();
            self.hashes.extend(new);
            self.size += 1;
        }
        self
    }

    fn root(&self, n: u64) -> Hash {
        tlog_tiles::tree_hash(n, self).unwrap()
    }

    /// The consistency proof from `old` to `new` (none from 0).
    fn proof(&self, new: u64, old: u64) -> Vec<Hash> {
        if old == 0 { Vec::new() } else { log::prove_consistency(self, new, old).unwrap() }
    }
}

/// A collector's key: its origin, the checkpoints it signs.
struct Collector {
    key: SigningKey,
}

impl Collector {
    fn origin(&self) -> String {
        log::origin_for(&self.key.verifying_key())
    }

    fn checkpoint(&self, t: &Tree, size: u64) -> String {
        log::sign_checkpoint(&self.origin(), size, t.root(size), &self.key)
    }

    /// A request to add-checkpoint: `old N`, the proof, an empty line, the checkpoint.
    fn request(&self, t: &Tree, old: u64, size: u64) -> Vec<u8> {
        let mut body = format!("old {old}\n");
        for h in t.proof(size, old) {
            body.push_str(&BASE64.encode(h.0));
            body.push('\n');
        }
        body.push('\n');
        body.push_str(&self.checkpoint(t, size));
        body.into_bytes()
    }
}

const NAME: &str = "witness.example/zheng-test";

/// The witness of these tests (key seed 32 bytes 0x57), witnessing the collector's log.
fn witness(dir: &std::path::Path, c: &Collector) -> Witness {
    Witness::start(dir, NAME, 0x57, &[log_vkey(dir, &c.key)])
}

/// A 200 checked: one cosignature line, which the independent verifier accepts.
fn cosigned(a: &Answer, vkey: &str, note: &str) -> u64 {
    assert_eq!(a.status, 200, "{}", a.text());
    let body = a.text();
    assert_eq!(body.matches('\n').count(), 1, "one line: {body}");
    independent_check(vkey, &text_of(note), &body)
}

/// A refusal checked: its status and its code.
fn refused(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap_or_else(|_| panic!("JSON: {}", a.text()));
    assert_eq!(v["code"], code, "{v}");
}

/// A 409 checked: the latest size, as `text/x.tlog.size`.
fn conflict(a: &Answer) -> u64 {
    assert_eq!((a.status, a.content_type.as_str()), (409, "text/x.tlog.size"), "{}", a.text());
    a.text().strip_suffix('\n').and_then(|n| n.parse().ok()).expect("a size and a newline")
}

#[test]
fn every_answer_of_tlog_witness_on_loopback_and_every_cosignature_checks_independently() {
    let dir = tempfile::tempdir().unwrap();
    let (c, stranger) = (Collector { key: common::key(0x42) }, Collector { key: common::key(0x43) });
    let w = witness(dir.path(), &c);
    let vkey = w.vkey.clone();
    let mut t = Tree::new("e");
    t.grow(3);
    // The first checkpoint (from 0: no proof), then the same again: the latest size is 3.
    cosigned(&w.add(&c.request(&t, 0, 3)), &vkey, &c.checkpoint(&t, 3));
    assert_eq!(conflict(&w.add(&c.request(&t, 0, 3))), 3);
    // The same checkpoint from 3: cosigned again. An extension with its proof: cosigned.
    cosigned(&w.add(&c.request(&t, 3, 3)), &vkey, &c.checkpoint(&t, 3));
    t.grow(7);
    cosigned(&w.add(&c.request(&t, 3, 7)), &vkey, &c.checkpoint(&t, 7));
    assert_eq!(conflict(&w.add(&c.request(&t, 3, 7))), 7);
    // Another log: 404. The right origin signed by another key: 403. Old past the size: 400.
    refused(&w.add(&stranger.request(&t, 0, 7)), 404, "unknown-log");
    let forged = String::from_utf8(c.request(&t, 7, 7))
        .unwrap()
        .replace(&c.checkpoint(&t, 7), &{ log::sign_checkpoint(&c.origin(), 7, t.root(7), &stranger.key) });
    refused(&w.add(forged.as_bytes()), 403, "bad-log-signature");
    t.grow(9);
    refused(
        &w.add(&String::from_utf8(c.request(&t, 7, 7)).unwrap().replacen("old 7", "old 9", 1).into_bytes()),
        400,
        "old-size-too-large",
    );
    refused(&w.add(b"old 7\n\nnot a checkpoint"), 400, "not-an-add-checkpoint");
    refused(&w.add(b"hello"), 400, "not-an-add-checkpoint");
    // A body declared past 64 KiB is refused before a byte of it is read.
    let mut s = TcpStream::connect(&w.addr).unwrap();
    s.write_all(b"POST /add-checkpoint HTTP/1.1\r\nHost: w\r\nContent-Length: 70000\r\n\r\n").unwrap();
    let mut answer = String::new();
    BufReader::new(s).read_line(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A fork: the same size with another root, and a larger tree that does not extend the one cosigned.
    let mut f = Tree::new("f");
    f.grow(9);
    refused(&w.add(&c.request(&f, 7, 7)), 422, "root-differs");
    refused(&w.add(&c.request(&f, 7, 9)), 422, "not-consistent");
    let honest_proof_fork_root =
        String::from_utf8(c.request(&t, 7, 9)).unwrap().replace(&c.checkpoint(&t, 9), &c.checkpoint(&f, 9));
    refused(&w.add(honest_proof_fork_root.as_bytes()), 422, "not-consistent");
    // Still the honest log's: its extension is cosigned, and monitors read the latest.
    cosigned(&w.add(&c.request(&t, 7, 9)), &vkey, &c.checkpoint(&t, 9));
    let hash = hex::encode(Sha256::digest(c.origin()));
    let latest = http(&w.addr, "GET", &format!("/{hash}/checkpoint"), b"").unwrap();
    assert_eq!(latest.status, 200);
    let note = latest.text();
    assert!(note.starts_with(&c.checkpoint(&t, 9)), "the checkpoint with the log's signature first: {note}");
    let line = note.lines().last().unwrap();
    independent_check(&vkey, &text_of(&note), line);
    let none =
        http(&w.addr, "GET", &format!("/{}/checkpoint", hex::encode(Sha256::digest(stranger.origin()))), b"").unwrap();
    assert_eq!(none.status, 404);
}

#[test]
fn the_witness_killed_right_after_an_add_cosigned_it_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let c = Collector { key: common::key(0x42) };
    let (mut t, mut f) = (Tree::new("e"), Tree::new("f"));
    t.grow(5);
    f.grow(5);
    let mut w = witness(dir.path(), &c);
    let vkey = w.vkey.clone();
    cosigned(&w.add(&c.request(&t, 0, 2)), &vkey, &c.checkpoint(&t, 2));
    w.kill();
    w.restart();
    assert_eq!(conflict(&w.add(&c.request(&f, 0, 2))), 2, "it remembers the size it cosigned");
    refused(&w.add(&c.request(&f, 2, 2)), 422, "root-differs");
    refused(&w.add(&c.request(&f, 2, 5)), 422, "not-consistent");
    cosigned(&w.add(&c.request(&t, 2, 5)), &vkey, &c.checkpoint(&t, 5));
}

/// Adds sent one after another as fast as the witness answers, each from the size the last
/// answer cosigned, while the witness is killed with SIGKILL once a number of them (a different
/// one each round) were cosigned — so the kill lands in the middle of the adds: after the restart
/// its latest is at least every size it answered with a cosignature, and a size that was sent; a
/// fork of it is refused and the honest log goes on.
#[test]
fn the_witness_killed_in_the_middle_of_adds_never_cosigns_a_fork_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let c = Collector { key: common::key(0x42) };
    let mut w = witness(dir.path(), &c);
    let vkey = w.vkey.clone();
    let (mut t, mut f) = (Tree::new("e"), Tree::new("f"));
    t.grow(300);
    f.grow(300);
    let requests: Arc<Vec<(Vec<u8>, String)>> =
        Arc::new((0..299).map(|n| (c.request(&t, n, n + 1), text_of(&c.checkpoint(&t, n + 1)))).collect());
    let (mut acknowledged, mut sent) = (0, 0);
    for round in 0..3u64 {
        if acknowledged > 0 {
            let latest = conflict(&w.add(&c.request(&t, 0, acknowledged)));
            assert!(
                latest >= acknowledged && latest <= sent,
                "latest {latest}, acknowledged {acknowledged}, sent {sent}"
            );
            refused(&w.add(&c.request(&f, latest, latest)), 422, "root-differs");
            refused(&w.add(&c.request(&f, latest, latest + 1)), 422, "not-consistent");
            acknowledged = latest;
        }
        let progress = Arc::new(AtomicU64::new(acknowledged));
        let (addr, reqs, seen, from) = (w.addr.clone(), Arc::clone(&requests), Arc::clone(&progress), acknowledged);
        let witness = vkey.clone();
        let sender = std::thread::spawn(move || {
            let mut tried = from;
            for (r, text) in &reqs[usize::try_from(from).unwrap()..] {
                tried += 1;
                match http(&addr, "POST", "/add-checkpoint", r) {
                    Ok(a) if a.status == 200 => {
                        independent_check(&witness, text, &a.text());
                        seen.store(tried, Ordering::SeqCst);
                    }
                    _ => break,
                }
            }
            tried
        });
        let kill_at = acknowledged + 20 + 13 * round;
        while progress.load(Ordering::SeqCst) < kill_at {
            assert!(!sender.is_finished(), "round {round}: the adds stopped before the kill");
            std::thread::sleep(Duration::from_millis(1));
        }
        w.kill();
        let tried = sender.join().unwrap();
        let ok = progress.load(Ordering::SeqCst);
        assert!(tried < 299, "round {round}: the kill landed while adds were being sent");
        (acknowledged, sent) = (ok, tried);
        w.restart();
        let latest = conflict(&w.add(&c.request(&t, 0, ok)));
        assert!(latest >= ok, "an acknowledged cosignature survives: latest {latest} of {ok}");
        cosigned(&w.add(&c.request(&t, latest, latest)), &vkey, &c.checkpoint(&t, latest));
    }
}
