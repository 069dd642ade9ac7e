//! The collector's store: one SQLite file (WAL, `synchronous=FULL`) holding the manifests it
//! collects for, every stored submission with its receipt, the log's stored hashes and its
//! checkpoints, the collector's public key, and a count of the refusals it answered (by station and
//! code, never the refused bytes). Never a secret: the collector's signing key lives in a key file.
//! Only the writer (`collect::writer`) writes it; the server reads it through read-only connections
//! while the writer commits.
//!
//! The file is only ever opened through SQLite ([`crate::files::sqlite`]): a plain `open` and
//! `close` of a database this process holds would drop SQLite's locks, and another process could
//! then delete the write-ahead log under the running collector.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tlog_tiles::HashReader;

use crate::collect::log::{self, TreeHash};
use crate::error::{Error, Refusal, StoreProblem};
use crate::seal::manifest::Manifest;

/// The tables of a store.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS elections (id TEXT PRIMARY KEY, manifest TEXT NOT NULL, sha256 BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    idx INTEGER PRIMARY KEY,
    election TEXT NOT NULL,
    station TEXT NOT NULL,
    result_id BLOB NOT NULL,
    result BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'conflict')),
    receipt BLOB NOT NULL,
    ballots BLOB,
    UNIQUE (election, result_id));
CREATE INDEX IF NOT EXISTS by_station ON submissions (election, station);
CREATE TABLE IF NOT EXISTS hashes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refused (
    election TEXT NOT NULL,
    station TEXT NOT NULL,
    code TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (election, station, code));
CREATE TABLE IF NOT EXISTS cosignatures (
    size INTEGER NOT NULL,
    witness TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (size, witness));
";

/// The longest a name sent by a client is repeated in an answer (longer ones are cut, marked `…`).
pub(crate) const LABEL_CHARS: usize = 40;

/// A name sent by a client (an election id the collector does not know) as an answer repeats it:
/// escaped (no control or invisible character survives) and cut to [`LABEL_CHARS`].
pub(crate) fn refusal_label(station: &str) -> String {
    let escaped: String = station.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() <= LABEL_CHARS {
        return escaped;
    }
    let mut cut: String = escaped.chars().take(LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One stored submission — a row of the log — as `merge --store` and `collect status` read it.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Its index in the log.
    pub index: u64,
    /// The station the result names.
    pub station: String,
    /// `accepted` or `conflict`.
    pub status: String,
    /// The result file's bytes.
    pub result: Vec<u8>,
    /// Whether its published ballots were sent (read them with [`Store::copy_ballots`]).
    pub has_ballots: bool,
}

fn db(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Store {
        path: path.display().to_string(),
        problem: StoreProblem::Database { detail: e.to_string() },
    }
}

/// Connects through SQLite only, refusing a path that is not a regular SQLite file.
fn connect(path: &Path, flags: OpenFlags) -> Result<Connection, Error> {
    use crate::files::sqlite::{self, OpenError};
    sqlite::connect(path, flags).map_err(|e| match e {
        OpenError::NotRegular(kind) => Error::NotRegular { path: path.display().to_string(), kind },
        OpenError::Io(e) => Error::io(path, e),
        OpenError::NotADatabase => Error::Store { path: path.display().to_string(), problem: StoreProblem::NotAStore },
        OpenError::Sqlite(_) => {
            Error::Store { path: path.display().to_string(), problem: StoreProblem::Database { detail: e.to_string() } }
        }
    })
}

fn u(i: i64) -> u64 {
    u64::try_from(i).unwrap_or(0)
}

/// The columns a [`Submission`] is read from, in [`submission`]'s order.
const SUBMISSION: &str = "idx, station, status, result, ballots IS NOT NULL";

/// A [`Submission`] from a row of [`SUBMISSION`].
fn submission(r: &rusqlite::Row<'_>) -> rusqlite::Result<Submission> {
    Ok(Submission {
        index: u(r.get(0)?),
        station: r.get(1)?,
        status: r.get(2)?,
        result: r.get(3)?,
        has_ballots: r.get(4)?,
    })
}

/// A stored index as the start-up check reads it: a negative one (never written by Zheng) as
/// `u64::MAX`, which matches no place in the log, so that the check names it instead of reading
/// it as 0.
fn place(i: i64) -> u64 {
    u64::try_from(i).unwrap_or(u64::MAX)
}

impl Store {
    /// Opens (`create`: or creates, mode 0600) a store for writing.
    pub fn open(path: &Path, create: bool) -> Result<Store, Error> {
        let exists = std::fs::symlink_metadata(path).is_ok();
        if !exists && !create {
            return Err(Error::Store { path: path.display().to_string(), problem: StoreProblem::NoStore });
        }
        if !exists {
            crate::files::sqlite::create_private(path).map_err(|e| Error::io(path, e))?;
        }
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db(path))?;
        if exists && !is_store(&conn).map_err(db(path))? {
            // Never add tables to someone else's database (a journal, say).
            return Err(Error::Store { path: path.display().to_string(), problem: StoreProblem::NotAStore });
        }
        conn.pragma_update(None, "journal_mode", "WAL").map_err(db(path))?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(db(path))?;
        conn.execute_batch(SCHEMA).map_err(db(path))?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens a store to read only.
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db(path))?;
        if !is_store(&conn).map_err(db(path))? {
            return Err(Error::Store { path: path.display().to_string(), problem: StoreProblem::NotAStore });
        }
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// A database error, naming this store.
    pub fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        db(&self.path)
    }

    /// The connection (for the writer's transactions).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Records a manifest the collector collects for; refuses one that differs from the one stored
    /// for the same election.
    pub fn register(&self, m: &Manifest) -> Result<(), Error> {
        let e = m.election();
        let stored: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT sha256 FROM elections WHERE id = ?1", [e.id()], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        match stored {
            Some(h) if h == e.canonical_sha256() => Ok(()),
            Some(_) => Err(Error::refused(&self.path, Refusal::StoreManifestDiffers { election: e.id().into() })),
            None => {
                self.conn
                    .execute(
                        "INSERT INTO elections (id, manifest, sha256) VALUES (?1, ?2, ?3)",
                        params![e.id(), m.text(), e.canonical_sha256().to_vec()],
                    )
                    .map_err(self.err())?;
                Ok(())
            }
        }
    }

    /// The manifests stored, by election id, each with the SHA-256 of its canonical form as stored
    /// when it was first recorded.
    pub(crate) fn manifests_hashed(&self) -> Result<Vec<(String, String, Vec<u8>)>, Error> {
        let mut st = self.conn.prepare("SELECT id, manifest, sha256 FROM elections ORDER BY id").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// The manifests stored, by election id.
    pub fn manifests(&self) -> Result<Vec<(String, String)>, Error> {
        let mut st = self.conn.prepare("SELECT id, manifest FROM elections ORDER BY id").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Records the collector's public key at the store's first start, and refuses any other key
    /// afterwards: a store's log is signed by one key for good.
    pub(crate) fn record_key(&self, public: &VerifyingKey) -> Result<(), Error> {
        let stored: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT v FROM meta WHERE k = 'public'", [], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        match stored {
            Some(p) if p != public.to_bytes() => {
                Err(self.problem(StoreProblem::SignedByAnotherKey { key: hex::encode(p) }))
            }
            Some(_) => Ok(()),
            None => self.put("public", &public.to_bytes()),
        }
    }

    /// Whether a public key is recorded: the store's log is signed by one key for good.
    pub(crate) fn has_key(&self) -> Result<bool, Error> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM meta WHERE k = 'public'", [], |r| r.get(0))
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// The signing secret an earlier Zheng kept in the store itself, if it is still there.
    pub(crate) fn legacy_secret(&self) -> Result<Option<SigningKey>, Error> {
        let secret: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT v FROM meta WHERE k = 'secret'", [], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        secret
            .map(|s| {
                let seed = s.try_into().map_err(|_| self.problem(StoreProblem::StoredKeyMalformed))?;
                Ok(SigningKey::from_bytes(&seed))
            })
            .transpose()
    }

    /// Removes that secret for good, its bytes overwritten in the file (`secure_delete`), once it
    /// is safe in a key file.
    pub(crate) fn forget_legacy_secret(&self) -> Result<(), Error> {
        self.conn.pragma_update(None, "secure_delete", "ON").map_err(self.err())?;
        self.conn.execute("DELETE FROM meta WHERE k = 'secret'", []).map_err(self.err())?;
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").map_err(self.err())?;
        self.conn.pragma_update(None, "secure_delete", "OFF").map_err(self.err())?;
        Ok(())
    }

    fn put(&self, k: &str, v: &[u8]) -> Result<(), Error> {
        self.conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?1, ?2)", params![k, v]).map_err(self.err())?;
        Ok(())
    }

    /// Whether the store has the witnesses' table (a store made before witnesses, opened
    /// read-only, has not: it holds no cosignature).
    fn has_cosignatures(&self) -> Result<bool, Error> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'cosignatures'", [], |r| r.get(0))
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// The cosignature lines held for the checkpoint of `size`: (the witness's vkey, its line).
    pub fn cosignatures(&self, size: u64) -> Result<Vec<(String, String)>, Error> {
        if !self.has_cosignatures()? {
            return Ok(Vec::new());
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT witness, line FROM cosignatures WHERE size = ?1 ORDER BY witness")
            .map_err(self.err())?;
        let rows = st.query_map([size as i64], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// The sizes of the checkpoints that hold cosignatures, newest first.
    pub fn cosigned_sizes(&self) -> Result<Vec<u64>, Error> {
        if !self.has_cosignatures()? {
            return Ok(Vec::new());
        }
        let mut st =
            self.conn.prepare("SELECT DISTINCT size FROM cosignatures ORDER BY size DESC").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok(u(r.get(0)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// The largest checkpoint a witness (its vkey) cosigned, 0 if none.
    pub fn last_cosigned(&self, witness: &str) -> Result<u64, Error> {
        if !self.has_cosignatures()? {
            return Ok(0);
        }
        let n: Option<i64> = self
            .conn
            .query_row("SELECT max(size) FROM cosignatures WHERE witness = ?1", [witness], |r| r.get(0))
            .map_err(self.err())?;
        Ok(n.map_or(0, u))
    }

    /// The checkpoint of `size` (note text) with every cosignature line held for it after its own.
    pub fn cosigned_checkpoint(&self, size: u64) -> Result<Option<String>, Error> {
        let note: Option<String> = self
            .conn
            .query_row("SELECT note FROM checkpoints WHERE size = ?1", [size as i64], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        let Some(mut note) = note else { return Ok(None) };
        for (_, line) in self.cosignatures(size)? {
            note.push_str(&line);
        }
        Ok(Some(note))
    }

    /// The witnesses the collector was last started with (their vkeys) and its quorum.
    pub fn witnessing(&self) -> Result<(Vec<String>, usize), Error> {
        let get = |k: &str| -> Result<Option<Vec<u8>>, Error> {
            self.conn.query_row("SELECT v FROM meta WHERE k = ?1", [k], |r| r.get(0)).optional().map_err(self.err())
        };
        let text = |v: Option<Vec<u8>>| String::from_utf8(v.unwrap_or_default()).unwrap_or_default();
        let vkeys: Vec<String> = text(get("witnesses")?).lines().map(str::to_string).collect();
        let quorum = text(get("witness_quorum")?).parse().unwrap_or(0);
        Ok((vkeys, quorum))
    }

    /// Records the witnesses (vkeys) and quorum the collector is started with.
    pub(crate) fn record_witnessing(&self, vkeys: &[String], quorum: usize) -> Result<(), Error> {
        self.put("witnesses", vkeys.join("\n").as_bytes())?;
        self.put("witness_quorum", quorum.to_string().as_bytes())
    }

    /// An error about this store.
    pub fn problem(&self, problem: StoreProblem) -> Error {
        Error::Store { path: self.path.display().to_string(), problem }
    }

    /// The log's size: entries stored.
    pub fn size(&self) -> Result<u64, Error> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT max(idx) FROM submissions")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(self.err())?;
        Ok(n.map_or(0, |n| u(n) + 1))
    }

    /// The newest checkpoint (note text) and its size, if any entry was logged.
    pub fn checkpoint(&self) -> Result<Option<(u64, String)>, Error> {
        self.conn
            .query_row("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1", [], |r| {
                Ok((u(r.get(0)?), r.get(1)?))
            })
            .optional()
            .map_err(self.err())
    }

    /// Every stored checkpoint, oldest first: (size, note text).
    pub fn checkpoints(&self) -> Result<Vec<(u64, String)>, Error> {
        let mut st = self.conn.prepare("SELECT size, note FROM checkpoints ORDER BY size").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((place(r.get(0)?), r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Every stored hash of the log's tree: (id, bytes), in order of id.
    pub(crate) fn stored_hashes(&self) -> Result<Vec<(u64, Vec<u8>)>, Error> {
        let mut st = self.conn.prepare("SELECT id, hash FROM hashes ORDER BY id").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((place(r.get(0)?), r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Hands every stored submission to `f`, in log order, one at a time (never the whole log in
    /// memory): the check at start-up reads the log so.
    pub(crate) fn each_log_row(&self, mut f: impl FnMut(LogRow) -> Result<(), Error>) -> Result<(), Error> {
        let mut st = self
            .conn
            .prepare("SELECT idx, election, station, result_id, result, status, receipt FROM submissions ORDER BY idx")
            .map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let row = (|| {
                Ok::<_, rusqlite::Error>(LogRow {
                    index: place(r.get(0)?),
                    election: r.get(1)?,
                    station: r.get(2)?,
                    result_id: r.get(3)?,
                    result: r.get(4)?,
                    status: r.get(5)?,
                    receipt: r.get(6)?,
                })
            })()
            .map_err(self.err())?;
            f(row)?;
        }
        Ok(())
    }

    /// The receipt of a result already stored for this election, if any.
    pub(crate) fn receipt_of(&self, election: &str, result_id: &[u8; 32]) -> Result<Option<Vec<u8>>, Error> {
        self.conn
            .prepare_cached("SELECT receipt FROM submissions WHERE election = ?1 AND result_id = ?2")
            .and_then(|mut st| st.query_row(params![election, result_id.to_vec()], |r| r.get(0)).optional())
            .map_err(self.err())
    }

    /// Whether the station already has an accepted result other than this one.
    pub(crate) fn other_accepted(&self, election: &str, station: &str, result_id: &[u8; 32]) -> Result<bool, Error> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM submissions WHERE election = ?1 AND station = ?2 AND status = 'accepted' AND result_id != ?3",
            )
            .and_then(|mut st| st.query_row(params![election, station, result_id.to_vec()], |r| r.get(0)))
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// Entries `from .. from + count` of the log, as the entry tiles carry them.
    pub fn entries(&self, from: u64, count: u64) -> Result<Vec<Vec<u8>>, Error> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT election, station, result FROM submissions WHERE idx >= ?1 AND idx < ?2 ORDER BY idx",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map(params![from as i64, (from + count) as i64], |r| {
                let (e, s, b): (String, String, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
                Ok(log::LogEntry::new(&e, &s, &b).to_bytes())
            })
            .map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Every submission stored for an election, in log order.
    pub fn submissions(&self, election: &str) -> Result<Vec<Submission>, Error> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {SUBMISSION} FROM submissions WHERE election = ?1 ORDER BY idx"))
            .map_err(self.err())?;
        let rows = st.query_map([election], submission).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// The submission of this result for this election, if stored (found by the store's unique
    /// index, never by reading the others).
    pub(crate) fn submission_of(&self, election: &str, result_id: &[u8; 32]) -> Result<Option<Submission>, Error> {
        self.conn
            .prepare_cached(&format!("SELECT {SUBMISSION} FROM submissions WHERE election = ?1 AND result_id = ?2"))
            .and_then(|mut st| st.query_row(params![election, result_id.to_vec()], submission).optional())
            .map_err(self.err())
    }

    /// Copies a submission's published ballots to a file, streamed (never held whole).
    pub(crate) fn copy_ballots(&self, index: u64, to: &Path) -> Result<(), Error> {
        let mut blob =
            self.conn.blob_open(rusqlite::MAIN_DB, "submissions", "ballots", index as i64, true).map_err(self.err())?;
        let mut out = std::fs::File::create(to).map_err(|e| Error::io(to, e))?;
        std::io::copy(&mut blob, &mut out).map_err(|e| Error::io(to, e))?;
        Ok(())
    }

    /// The refusals answered for an election: (station label, code, how many), by label and code.
    /// A store written by an earlier Zheng kept one row a refusal (`refusals`): those are counted
    /// too.
    pub fn refusals(&self, election: &str) -> Result<Vec<(String, String, u64)>, Error> {
        let old: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'refusals'", [], |r| r.get(0))
            .map_err(self.err())?;
        let sql = if old > 0 {
            "SELECT station, code, sum(n) FROM (SELECT station, code, n FROM refused WHERE election = ?1
             UNION ALL SELECT station, code, 1 FROM refusals WHERE election = ?1) GROUP BY station, code ORDER BY station, code"
        } else {
            "SELECT station, code, n FROM refused WHERE election = ?1 ORDER BY station, code"
        };
        let mut st = self.conn.prepare(sql).map_err(self.err())?;
        let rows = st.query_map([election], |r| Ok((r.get(0)?, r.get(1)?, u(r.get(2)?)))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// The hashes of the log, for proofs and tiles.
    pub fn hashes(&self) -> Hashes<'_> {
        Hashes(&self.conn)
    }

    /// The root of the tree of `size` entries.
    pub fn root(&self, size: u64) -> Result<TreeHash, Error> {
        tlog_tiles::tree_hash(size, &self.hashes())
            .map_err(|e| self.problem(StoreProblem::LogHashes { detail: e.to_string() }))
    }
}

/// The stored hashes of the log (`tlog_tiles`' numbering), read from a connection.
pub struct Hashes<'a>(pub &'a Connection);

impl HashReader for Hashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<TreeHash>, tlog_tiles::Error> {
        let bad = || tlog_tiles::Error::IndexesNotInTree;
        let mut st = self.0.prepare_cached("SELECT hash FROM hashes WHERE id = ?1").map_err(|_| bad())?;
        indexes
            .iter()
            .map(|&i| {
                let h: Vec<u8> = st.query_row([i as i64], |r| r.get(0)).map_err(|_| bad())?;
                Ok(TreeHash(h.try_into().map_err(|_| bad())?))
            })
            .collect()
    }
}

/// Whether a database holds a collector's tables.
fn is_store(conn: &Connection) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'submissions'", [], |r| r.get(0))?;
    Ok(n > 0)
}

/// One stored submission as the log holds it, for the check at start-up.
#[derive(Debug, Clone)]
pub(crate) struct LogRow {
    /// Its index in the log.
    pub index: u64,
    /// The election.
    pub election: String,
    /// The station.
    pub station: String,
    /// The result's id as stored.
    pub result_id: Vec<u8>,
    /// The result file's bytes.
    pub result: Vec<u8>,
    /// `accepted` or `conflict`.
    pub status: String,
    /// The receipt given.
    pub receipt: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25: the collector holds its store through its writer while the server, the board and
    /// each board report open it again read-only in the same process. Every one of those opens
    /// must leave the writer's locks in place (an outside `sqlite3` would otherwise delete the
    /// write-ahead log under it, and receipts given would be lost at the next crash).
    #[cfg(target_os = "linux")]
    #[test]
    fn opening_a_live_store_again_keeps_the_writers_locks() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.db");
        let w = Store::open(&p, true).unwrap();
        w.record_key(&SigningKey::from_bytes(&[7; 32]).verifying_key()).unwrap();
        let here = std::process::id();
        assert!(crate::files::sqlite::holds_a_lock(here, &p), "the writer holds its shared lock");
        let r = Store::open_read_only(&p).unwrap();
        drop(Store::open_read_only(&p).unwrap());
        assert!(crate::files::sqlite::holds_a_lock(here, &p), "opening it again here kept the writer's lock");
        assert_eq!(r.size().unwrap(), 0);
        assert!(Store::open(&p, false).is_ok(), "and again for writing");
        assert!(crate::files::sqlite::holds_a_lock(here, &p));
    }

    #[test]
    fn a_refusal_label_is_escaped_and_cut() {
        assert_eq!(refusal_label("central"), "central");
        assert_eq!(refusal_label("a\u{202e}b\n"), "a\\u{202e}b\\n");
        let long = refusal_label(&"站".repeat(300_000));
        assert_eq!(long.chars().count(), LABEL_CHARS);
        assert!(long.ends_with('…'));
    }
}
