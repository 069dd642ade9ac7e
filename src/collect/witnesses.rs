//! The collector's side of c2sp.org/tlog-witness: each new checkpoint is sent to every witness
//! the collector was started with (`--witness VKEY@URL`), and the cosignatures they give back,
//! each checked with the witness's vkey, are kept in the store (through the writer, as every
//! write) and served after the log's own signature on `GET /checkpoint`.
//!
//! One thread a witness, apart from the writer: a witness down or slow never holds back a
//! result's acceptance or its receipt, nor another witness. Each thread wakes when the writer
//! commits a new checkpoint, or after [`RETRY`] when its last attempt failed, and sends the
//! newest checkpoint with `old N` — the size that witness last cosigned — and the consistency
//! proof from N; a `409 Conflict` (the witness's own latest size, `text/x.tlog.size`) is followed
//! at once by one more request from that size.
//!
//! The HTTP client is a minimal HTTP/1.1 one on its own connection a request (`Connection:
//! close`), plain `http://` only: a witness's answer is a signature checked here, not a secret.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::mpsc::WeakSender;

use crate::collect::log;
use crate::collect::store::Store;
use crate::collect::writer::Job;
use crate::error::{Refusal, VkeyFault};
use crate::seal::cosignature::{KeyType, SignedCheckpoint, Vkey, verify_cosignature};
use crate::seal::tlog_witness::{AddCheckpoint, SIZE_CONTENT_TYPE, answer_lines, parse_size_body};

/// How long a failed witness waits before the newest checkpoint is sent to it again.
pub const RETRY: Duration = Duration::from_secs(2);
/// How long a witness has to accept a connection, and then to answer.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// The longest answer read from a witness.
const MAX_ANSWER: usize = 64 * 1024;

/// A witness as the collector is given it: `VKEY@URL` — its vkey (type 0x04; the vkey's name is
/// the witness's name) and the URL its `add-checkpoint` is under (`http://HOST:PORT[/PREFIX]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessAt {
    /// Its vkey.
    pub vkey: Vkey,
    /// `HOST:PORT`.
    pub host: String,
    /// The path its `add-checkpoint` is under (empty, or `/PREFIX` without a final `/`).
    pub prefix: String,
}

impl WitnessAt {
    /// Reads `VKEY@http://HOST:PORT[/PREFIX]` (or contract §3's `NAME=VKEY@…`, NAME the vkey's
    /// own name).
    pub fn parse(text: &str) -> Result<WitnessAt, Refusal> {
        let bad = || Refusal::BadVkey { vkey: crate::seal::cosignature::shown(text), fault: VkeyFault::NoUrl };
        let (vkey, url) = text.rsplit_once("@http://").ok_or_else(bad)?;
        let vkey = Vkey::parse_named(vkey, KeyType::Cosignature)?;
        let (host, path) = url.split_once('/').map_or((url, ""), |(h, p)| (h, p));
        if host.is_empty() || host.contains('@') {
            return Err(bad());
        }
        let prefix = path.trim_end_matches('/');
        let prefix = if prefix.is_empty() { String::new() } else { format!("/{prefix}") };
        Ok(WitnessAt { vkey, host: host.to_string(), prefix })
    }
}

/// The witnesses a collector sends its checkpoints to, and how many cosignatures make a
/// checkpoint witnessed.
#[derive(Debug, Clone, Default)]
pub struct Witnessing {
    /// The witnesses.
    pub witnesses: Vec<WitnessAt>,
    /// The quorum (at most the number of witnesses).
    pub quorum: usize,
}

/// Starts one thread a witness, each told of every new checkpoint through its receiver in `told`
/// (the writer holds the senders), reading the store at `store` (read-only) and keeping what it
/// is given through `jobs`. Each thread ends once the writer is gone.
pub fn spawn(witnesses: &[WitnessAt], told: Vec<Receiver<()>>, store: &Path, jobs: WeakSender<Job>) {
    for (w, rx) in witnesses.iter().zip(told) {
        let (w, store, jobs) = (w.clone(), store.to_path_buf(), jobs.clone());
        std::thread::spawn(move || run(&w, &store, &jobs, &rx));
    }
}

/// One witness's thread.
fn run(w: &WitnessAt, store: &Path, jobs: &WeakSender<Job>, told: &Receiver<()>) {
    let vkey = w.vkey.to_string();
    let mut last: Option<u64> = None;
    let mut wait = Duration::ZERO;
    loop {
        match told.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        while told.try_recv().is_ok() {}
        let Ok(s) = Store::open_read_only(store) else {
            wait = RETRY;
            continue;
        };
        let last_size = *last.get_or_insert_with(|| s.last_cosigned(&vkey).unwrap_or(0));
        let Ok(Some((size, note))) = s.checkpoint() else {
            wait = RETRY;
            continue;
        };
        if size <= last_size {
            wait = Duration::from_secs(3600);
            continue;
        }
        match cosign(w, &s, last_size, size, &note) {
            Ok(line) => {
                let Some(jobs) = jobs.upgrade() else { return };
                if jobs.blocking_send(Job::Cosigned { size, witness: vkey.clone(), line }).is_err() {
                    return;
                }
                last = Some(size);
                wait = Duration::from_secs(3600);
            }
            Err(e) => {
                eprintln!("zheng collect: {}: {e}", w.vkey.name());
                wait = RETRY;
            }
        }
    }
}

/// What went wrong sending a checkpoint to a witness (said on the collector's terminal; the
/// checkpoint is sent again later).
#[derive(Debug)]
pub enum PushFailed {
    /// No connection, or no answer in time.
    Unreachable(std::io::Error),
    /// An answer that is not HTTP.
    NotHttp,
    /// A status other than 200 (or a second 409).
    Status(u16, String),
    /// A 200 without a valid cosignature of this witness.
    NoValidCosignature,
    /// The witness holds a checkpoint of this log larger than the collector's own.
    WitnessAhead(u64),
    /// The store could not give the proof.
    Store(String),
}

impl std::fmt::Display for PushFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushFailed::Unreachable(e) => write!(f, "unreachable ({e})"),
            PushFailed::NotHttp => write!(f, "not an HTTP answer"),
            PushFailed::Status(s, body) => write!(f, "HTTP {s}: {}", body.trim()),
            PushFailed::NoValidCosignature => write!(f, "no valid cosignature in its answer"),
            PushFailed::WitnessAhead(n) => {
                write!(f, "it cosigned a checkpoint of {n} entries, more than this log holds")
            }
            PushFailed::Store(e) => write!(f, "{e}"),
        }
    }
}

/// Sends the checkpoint `note` of `size` to the witness with `old` = `last` (a 409 followed once
/// by `old` = the witness's size); gives its checked cosignature line.
pub fn cosign(w: &WitnessAt, s: &Store, last: u64, size: u64, note: &str) -> Result<String, PushFailed> {
    let text = SignedCheckpoint::parse(note.as_bytes()).map_err(|e| PushFailed::Store(format!("{e:?}")))?;
    let mut old = last.min(size);
    for attempt in 0..2 {
        let proof = if old == 0 || old == size {
            Vec::new()
        } else {
            log::prove_consistency(&s.hashes(), size, old).map_err(|e| PushFailed::Store(format!("{e:?}")))?
        };
        let body = AddCheckpoint::body(old, &proof, note.as_bytes());
        let a = post(&w.host, &format!("{}/add-checkpoint", w.prefix), &body).map_err(PushFailed::Unreachable)?;
        match a.status {
            200 => {
                let lines = answer_lines(&a.body).ok_or(PushFailed::NoValidCosignature)?;
                return lines
                    .into_iter()
                    .find(|l| verify_cosignature(&w.vkey, text.text(), l).is_ok())
                    .ok_or(PushFailed::NoValidCosignature);
            }
            409 if attempt == 0 && a.content_type.starts_with(SIZE_CONTENT_TYPE) => {
                let theirs = parse_size_body(&a.body).ok_or(PushFailed::NotHttp)?;
                if theirs > size {
                    return Err(PushFailed::WitnessAhead(theirs));
                }
                old = theirs;
            }
            status => return Err(PushFailed::Status(status, String::from_utf8_lossy(&a.body).into_owned())),
        }
    }
    Err(PushFailed::Status(409, String::new()))
}

/// An answer: status, content type (lower case), body.
pub struct Answer {
    /// The status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Its body.
    pub body: Vec<u8>,
}

/// `POST path` to `host` with `body`, on a connection of its own (hyper's HTTP/1.1 client, on a
/// runtime of this witness's thread), the whole exchange bounded by [`TIMEOUT`] and the answer's
/// body by [`MAX_ANSWER`].
pub fn post(host: &str, path: &str, body: &[u8]) -> std::io::Result<Answer> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        match tokio::time::timeout(TIMEOUT, exchange(host, path, body)).await {
            Ok(answer) => answer,
            Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
        }
    })
}

async fn exchange(host: &str, path: &str, body: &[u8]) -> std::io::Result<Answer> {
    use http_body_util::{BodyExt, Full, Limited};
    use hyper::header::{CONTENT_TYPE, HOST};
    let invalid = |e: &dyn std::fmt::Display| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string());
    let stream = tokio::net::TcpStream::connect(host).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.map_err(|e| invalid(&e))?;
    tokio::spawn(connection);
    let request = hyper::Request::post(path)
        .header(HOST, host)
        .header(CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Full::new(hyper::body::Bytes::copy_from_slice(body)))
        .map_err(|e| invalid(&e))?;
    let answer = sender.send_request(request).await.map_err(|e| invalid(&e))?;
    let status = answer.status().as_u16();
    let content_type =
        answer.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    let body = Limited::new(answer.into_body(), MAX_ANSWER).collect().await.map_err(|e| invalid(&e))?.to_bytes();
    Ok(Answer { status, content_type, body: body.to_vec() })
}

/// How many recent checkpoints the status lists with their witnesses.
const RECENT: usize = 5;

/// The newest checkpoint cosigned by the quorum of the witnesses the collector was last started
/// with: its size, its note with those cosignatures, and the names of the witnesses that cosigned.
pub fn witnessed(s: &Store) -> Result<Option<(u64, String, Vec<String>)>, crate::error::Error> {
    let (vkeys, quorum) = s.witnessing()?;
    if quorum == 0 {
        return Ok(None);
    }
    for size in s.cosigned_sizes()? {
        let held: Vec<(String, String)> =
            s.cosignatures(size)?.into_iter().filter(|(w, _)| vkeys.contains(w)).collect();
        if held.len() >= quorum {
            let Some(note) = s.cosigned_checkpoint(size)? else { continue };
            return Ok(Some((size, note, held.iter().map(|(w, _)| name_of(w)).collect())));
        }
    }
    Ok(None)
}

/// A vkey's name (the text before its first `+`).
fn name_of(vkey: &str) -> String {
    vkey.split('+').next().unwrap_or_default().to_string()
}

/// The witnesses' part of the status: the quorum, the witnesses, the newest witnessed checkpoint,
/// and each recent checkpoint with the witnesses that cosigned it and whether that is a quorum.
/// `None` when the collector has no witnesses.
pub fn status(s: &Store) -> Result<Option<serde_json::Value>, crate::error::Error> {
    let (vkeys, quorum) = s.witnessing()?;
    if vkeys.is_empty() {
        return Ok(None);
    }
    let mut recent = Vec::new();
    for (size, _) in s.checkpoints()?.into_iter().rev().take(RECENT) {
        let by: Vec<String> =
            s.cosignatures(size)?.into_iter().filter(|(w, _)| vkeys.contains(w)).map(|(w, _)| name_of(&w)).collect();
        let missing: Vec<String> = vkeys.iter().map(|v| name_of(v)).filter(|n| !by.contains(n)).collect();
        recent.push(serde_json::json!({
            "size": size, "cosigned_by": by, "not_cosigned_by": missing, "quorum_reached": by.len() >= quorum,
        }));
    }
    let lacking: Vec<u64> =
        recent.iter().filter(|r| r["quorum_reached"] == false).filter_map(|r| r["size"].as_u64()).collect();
    let newest = witnessed(s)?.map(|(size, _, by)| serde_json::json!({"size": size, "cosigned_by": by}));
    Ok(Some(serde_json::json!({
        "quorum": quorum,
        "witnesses": vkeys.iter().map(|v| name_of(v)).collect::<Vec<_>>(),
        "witnessed": newest,
        "recent": recent,
        "lacking_quorum": lacking,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_witness_is_read_from_its_vkey_and_url() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[3; 32]).verifying_key();
        let vkey = Vkey::new("w.example/1", KeyType::Cosignature, key).unwrap();
        let w = WitnessAt::parse(&format!("{vkey}@http://127.0.0.1:9/tlog/")).unwrap();
        assert_eq!((w.vkey.name(), w.host.as_str(), w.prefix.as_str()), ("w.example/1", "127.0.0.1:9", "/tlog"));
        assert_eq!(WitnessAt::parse(&format!("{vkey}@http://h:1")).unwrap().prefix, "");
        assert_eq!(WitnessAt::parse(&format!("w.example/1={vkey}@http://h:1")).unwrap().vkey, vkey);
        assert!(WitnessAt::parse(&format!("other={vkey}@http://h:1")).is_err());
        assert!(WitnessAt::parse(&vkey.to_string()).is_err());
        assert!(WitnessAt::parse("nope@http://h:1").is_err());
        let log = Vkey::new("log", KeyType::Log, key).unwrap();
        assert!(WitnessAt::parse(&format!("{log}@http://h:1")).is_err());
    }

    /// A witness that is not there is an error soon, not a hang (the writer's thread goes on).
    #[test]
    fn a_witness_not_listening_is_an_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let started = std::time::Instant::now();
        assert!(post(&format!("127.0.0.1:{port}"), "/add-checkpoint", b"old 0\n\n").is_err());
        assert!(started.elapsed() < TIMEOUT);
    }
}
