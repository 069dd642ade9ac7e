//! The collector's one writer: submissions arrive on a channel, and each batch of them — as many
//! as are waiting — is stored, appended to the log, covered by one new signed checkpoint and given
//! its receipts in **one** SQLite transaction, so one fsync makes a whole batch durable (group
//! commit). No receipt leaves before the transaction that holds it has committed, and no
//! checkpoint is signed that does not extend the last one signed: before signing, the writer checks
//! that the stored tree still has the last signed root at the last signed size. After each commit
//! the newest checkpoint is also written beside the store (`<store>.checkpoint`), so that a store
//! rolled back to an older copy is noticed at the next start ([`crate::collect::check`]).

use ed25519_dalek::SigningKey;
use rusqlite::params;
use tokio::sync::{mpsc, oneshot};

use crate::collect::check::Head;
use crate::collect::log::{self, LogEntry};
use crate::collect::receipt::{RECEIPT_FORMAT, Receipt, ReceiptBody};
use crate::collect::store::{Hashes, Store};
use crate::error::{Error, LogDefect, Refusal, StoreProblem};

/// The most submissions committed in one transaction.
pub(crate) const MAX_BATCH: usize = 4096;

/// What became of a submission the writer was given: its disposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// New, and the station's first result: counted.
    Accepted,
    /// New, but the station already had another accepted result: kept and logged, not counted.
    Conflict,
    /// Stored before: the same receipt again.
    Again,
}

/// The writer's answer to a submission.
#[derive(Debug, Clone)]
pub struct Ack {
    /// What became of it.
    pub stored: Disposition,
    /// The receipt's bytes (the same bytes every time the result is sent again).
    pub receipt: Vec<u8>,
}

/// Work for the writer.
pub enum Job {
    /// Store a verified result.
    Submit {
        /// The election.
        election: String,
        /// The station it names.
        station: String,
        /// Its id (SHA-256 of the signed body).
        result_id: [u8; 32],
        /// The result file's bytes.
        result: Vec<u8>,
        /// Where the answer goes.
        reply: oneshot::Sender<Result<Ack, String>>,
    },
    /// Count a refusal (nothing of the submission is stored).
    Refused {
        /// The election asked for (one the collector collects for).
        election: String,
        /// The station the result claimed when the manifest lists it, else
        /// [`crate::collect::server::UNKNOWN_STATION`].
        station: String,
        /// The refusal's code.
        code: String,
    },
    /// Store a result's published ballots, once checked.
    Ballots {
        /// The election.
        election: String,
        /// The result's id.
        result_id: [u8; 32],
        /// The checked ballots file, copied into the store as it is read (never held whole).
        ballots: tempfile::TempPath,
        /// Done.
        reply: oneshot::Sender<Result<(), String>>,
    },
    /// Keep a witness's cosignature of a checkpoint (checked before it is sent here).
    Cosigned {
        /// The checkpoint's size.
        size: u64,
        /// The witness's vkey.
        witness: String,
        /// Its cosignature line (with its newline).
        line: String,
    },
}

/// What the writer signs with and extends: the key, the log's origin, the newest signed tree
/// (checked at start-up) and where its checkpoint is written beside the store.
pub struct Signer {
    /// The collector's key.
    pub key: SigningKey,
    /// The log's origin line.
    pub origin: String,
    /// The newest tree signed so far.
    pub head: Head,
    /// The file beside the store that holds the newest checkpoint.
    pub head_file: std::path::PathBuf,
    /// Told after each new checkpoint is committed: the threads that send it to the witnesses.
    pub witnesses: Vec<std::sync::mpsc::Sender<()>>,
}

/// Runs the writer on its own thread until every sender is dropped, then returns once the last
/// batch is committed.
pub fn spawn(store: Store, mut signer: Signer) -> (mpsc::Sender<Job>, std::thread::JoinHandle<()>) {
    let (tx, mut rx) = mpsc::channel::<Job>(MAX_BATCH * 2);
    let handle = std::thread::spawn(move || {
        while let Some(first) = rx.blocking_recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(j) => batch.push(j),
                    Err(_) => break,
                }
            }
            commit(&store, &mut signer, batch);
        }
    });
    (tx, handle)
}

/// Where a job's answer goes once the batch is committed.
enum Pending {
    Submit(oneshot::Sender<Result<Ack, String>>, Result<(Disposition, [u8; 32], String), String>),
    Ballots(oneshot::Sender<Result<(), String>>, Result<(), String>),
}

/// Commits one batch and answers every job in it.
fn commit(store: &Store, signer: &mut Signer, batch: Vec<Job>) {
    let conn = store.conn();
    let mut pending = Vec::with_capacity(batch.len());
    let mut signed = None;
    let result = (|| -> Result<(), Error> {
        conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| store_err(store, e))?;
        let mut size = store.size()?;
        let mut new: Vec<u64> = Vec::new();
        for job in batch {
            match job {
                Job::Refused { election, station, code } => {
                    exec(
                        conn,
                        "INSERT INTO refused (election, station, code, n) VALUES (?1, ?2, ?3, 1)
                         ON CONFLICT (election, station, code) DO UPDATE SET n = n + 1",
                        params![election, station, code],
                    )
                    .map_err(|e| store_err(store, e))?;
                }
                Job::Cosigned { size, witness, line } => keep_cosignature(store, size, &witness, &line)?,
                Job::Ballots { election, result_id, ballots, reply } => {
                    let done = store_ballots(store, &election, &result_id, &ballots)?;
                    pending.push(Pending::Ballots(reply, done));
                }
                Job::Submit { election, station, result_id, result, reply } => {
                    if store.receipt_of(&election, &result_id)?.is_some() {
                        pending.push(Pending::Submit(reply, Ok((Disposition::Again, result_id, election))));
                        continue;
                    }
                    let conflict = store.other_accepted(&election, &station, &result_id)?;
                    append(store, size, &LogEntry::new(&election, &station, &result))?;
                    exec(
                        conn,
                        "INSERT INTO submissions (idx, election, station, result_id, result, status, receipt)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'')",
                        params![
                            size as i64,
                            election,
                            station,
                            result_id.to_vec(),
                            result,
                            if conflict { "conflict" } else { "accepted" }
                        ],
                    )
                    .map_err(|e| store_err(store, e))?;
                    new.push(size);
                    size += 1;
                    let stored = if conflict { Disposition::Conflict } else { Disposition::Accepted };
                    pending.push(Pending::Submit(reply, Ok((stored, result_id, election))));
                }
            }
        }
        if !new.is_empty() {
            signed = Some(receipts(store, signer, size, &new)?);
        }
        conn.execute_batch("COMMIT").map_err(|e| store_err(store, e))?;
        Ok(())
    })();
    match (&result, signed) {
        (Err(e), _) => {
            let _ = conn.execute_batch("ROLLBACK");
            eprintln!("zheng collect: a batch was not stored: {e}");
        }
        (Ok(()), Some((head, note))) => {
            signer.head = head;
            if let Err(e) = crate::files::write_atomic(&signer.head_file, note.as_bytes()) {
                eprintln!("zheng collect: the newest checkpoint could not be written beside the store: {e}");
            }
            for w in &signer.witnesses {
                let _ = w.send(());
            }
        }
        (Ok(()), None) => {}
    }
    answer(store, pending, result.map_err(|e| e.to_string()));
}

/// Answers every job of a batch once it is committed (or not).
fn answer(store: &Store, pending: Vec<Pending>, committed: Result<(), String>) {
    for p in pending {
        match p {
            Pending::Ballots(reply, done) => {
                let _ = reply.send(committed.clone().and(done));
            }
            Pending::Submit(reply, answer) => {
                let ack = committed.clone().and(answer).and_then(|(stored, id, election)| {
                    let receipt = store.receipt_of(&election, &id).map_err(|e| e.to_string())?.unwrap_or_default();
                    Ok(Ack { stored, receipt })
                });
                let _ = reply.send(ack);
            }
        }
    }
}

/// Keeps a witness's (checked) cosignature of the checkpoint of `size`.
fn keep_cosignature(store: &Store, size: u64, witness: &str, line: &str) -> Result<(), Error> {
    let sql = "INSERT OR REPLACE INTO cosignatures (size, witness, line) VALUES (?1, ?2, ?3)";
    exec(store.conn(), sql, params![size as i64, witness, line]).map_err(|e| store_err(store, e))?;
    Ok(())
}

fn store_err(store: &Store, e: rusqlite::Error) -> Error {
    store.err()(e)
}

/// Copies a checked ballots file into its submission's row, streamed through SQLite's blob I/O.
fn store_ballots(
    store: &Store,
    election: &str,
    result_id: &[u8; 32],
    path: &std::path::Path,
) -> Result<Result<(), String>, Error> {
    let conn = store.conn();
    let idx: Option<i64> = conn
        .prepare_cached("SELECT idx FROM submissions WHERE election = ?1 AND result_id = ?2")
        .and_then(|mut st| {
            use rusqlite::OptionalExtension;
            st.query_row(params![election, result_id.to_vec()], |r| r.get(0)).optional()
        })
        .map_err(|e| store_err(store, e))?;
    let Some(idx) = idx else { return Ok(Err("no such result stored".into())) };
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    exec(conn, "UPDATE submissions SET ballots = zeroblob(?2) WHERE idx = ?1", params![idx, len as i64])
        .map_err(|e| store_err(store, e))?;
    let mut blob =
        conn.blob_open(rusqlite::MAIN_DB, "submissions", "ballots", idx, false).map_err(|e| store_err(store, e))?;
    std::io::copy(&mut file, &mut blob).map_err(|e| Error::io(path, e))?;
    Ok(Ok(()))
}

/// Appends one entry to the log: its stored hashes (RFC 6962, as `tlog_tiles` numbers them).
fn append(store: &Store, size: u64, entry: &LogEntry) -> Result<(), Error> {
    let conn = store.conn();
    let hashes = tlog_tiles::stored_hashes(size, &entry.to_bytes(), &Hashes(conn))
        .map_err(|e| store.problem(StoreProblem::LogHashes { detail: e.to_string() }))?;
    let first = tlog_tiles::stored_hash_index(0, size);
    let mut st =
        conn.prepare_cached("INSERT INTO hashes (id, hash) VALUES (?1, ?2)").map_err(|e| store_err(store, e))?;
    for (i, h) in hashes.iter().enumerate() {
        st.execute(params![(first + i as u64) as i64, h.0.to_vec()]).map_err(|e| store_err(store, e))?;
    }
    Ok(())
}

/// Signs the new checkpoint of `size` entries and the receipts of the entries `new` — only if the
/// stored tree extends the last one signed. Returns the new head and its checkpoint note.
fn receipts(store: &Store, signer: &Signer, size: u64, new: &[u64]) -> Result<(Head, String), Error> {
    let conn = store.conn();
    let last = signer.head;
    if size < last.size {
        return Err(Error::Refusal(Refusal::LogBroken {
            defect: LogDefect::RolledBack { signed: last.size, entries: size },
        }));
    }
    if last.size > 0 && store.root(last.size)? != last.root {
        return Err(Error::Refusal(Refusal::LogBroken { defect: LogDefect::CheckpointDiffers { size: last.size } }));
    }
    let (key, origin) = (&signer.key, signer.origin.as_str());
    let root = store.root(size)?;
    let note = log::sign_checkpoint(origin, size, root, key);
    exec(conn, "INSERT OR REPLACE INTO checkpoints (size, note) VALUES (?1, ?2)", params![size as i64, note])
        .map_err(|e| store_err(store, e))?;
    let hashes = store.hashes();
    for &idx in new {
        let (election, station, result_id, status): (String, String, Vec<u8>, String) = conn
            .prepare_cached("SELECT election, station, result_id, status FROM submissions WHERE idx = ?1")
            .and_then(|mut st| st.query_row([idx as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))))
            .map_err(|e| store_err(store, e))?;
        let proof = log::prove_inclusion(&hashes, size, idx).map_err(Error::Refusal)?;
        let body = ReceiptBody {
            format: RECEIPT_FORMAT,
            election,
            station,
            result_sha256: result_id.try_into().unwrap_or([0; 32]),
            status,
            log_index: idx,
            checkpoint: note.clone(),
            inclusion: proof.iter().map(|h| h.0).collect(),
        };
        let receipt = Receipt::sign(body, key).to_bytes();
        exec(conn, "UPDATE submissions SET receipt = ?2 WHERE idx = ?1", params![idx as i64, receipt])
            .map_err(|e| store_err(store, e))?;
    }
    Ok((Head { size, root }, note))
}

/// Executes a statement through the connection's statement cache.
fn exec(conn: &rusqlite::Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(p)
}
