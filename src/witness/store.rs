//! The witness's store: one SQLite file (WAL, `synchronous=FULL`, mode 0600) holding the witness
//! it belongs to (its vkey: a store is one witness's for good), and for each log the latest
//! checkpoint the witness cosigned — its size, its root, and the checkpoint with the log's
//! signatures and the cosignature, for monitors. Never a secret: the witness's key lives in its
//! key file.
//!
//! [`Store::add`] is the compare-and-swap c2sp.org/tlog-witness asks for: in one `IMMEDIATE`
//! transaction (no other writer, in this process or another, between the read and the write) it
//! reads the log's latest, runs the decision on it, writes the new latest and commits — durably —
//! before the answer leaves. A refusal of a checkpoint the log did sign (a fork, a proof that does
//! not hold) is kept as evidence (at most [`EVIDENCE_PER_LOG`] a log), in the same transaction.
//!
//! The file is only ever opened through SQLite ([`crate::files::sqlite`]).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use tlog_tiles::Hash;

use crate::error::{Error, Refusal, StoreProblem};
use crate::seal::cosignature::Vkey;
use crate::witness::check::{Cosigned, Latest};

/// The tables of a witness's store. Sizes are written in decimal (a tree size is a `u64`).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS witness (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS latest (
    origin TEXT PRIMARY KEY,
    size TEXT NOT NULL,
    root BLOB NOT NULL,
    checkpoint BLOB NOT NULL,
    cosigned_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    code TEXT NOT NULL,
    request BLOB NOT NULL);
";

/// The most refused requests kept a log: the first ones show what happened.
pub const EVIDENCE_PER_LOG: i64 = 64;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn db(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Store {
        path: path.display().to_string(),
        problem: StoreProblem::Database { detail: e.to_string() },
    }
}

fn problem(path: &Path, problem: StoreProblem) -> Error {
    Error::Store { path: path.display().to_string(), problem }
}

/// Whether a connection's database has the witness's tables.
fn is_witness_store(conn: &Connection) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('witness', 'latest')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 2)
}

impl Store {
    /// Opens a witness's store, creating it (mode 0600) if there is nothing at `path`; refuses a
    /// database that is not a witness's store (nothing is added to it).
    pub fn open(path: &Path) -> Result<Store, Error> {
        use crate::files::sqlite::{self, OpenError};
        let exists = std::fs::symlink_metadata(path).is_ok();
        if !exists {
            crate::files::sqlite::create_private(path).map_err(|e| Error::io(path, e))?;
        }
        let conn = sqlite::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| match e {
            OpenError::NotRegular(kind) => Error::NotRegular { path: path.display().to_string(), kind },
            OpenError::Io(e) => Error::io(path, e),
            OpenError::NotADatabase => problem(path, StoreProblem::NotAWitnessStore),
            OpenError::Sqlite(e) => db(path)(e),
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db(path))?;
        let empty: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(db(path))?;
        if empty > 0 && !is_witness_store(&conn).map_err(db(path))? {
            return Err(problem(path, StoreProblem::NotAWitnessStore));
        }
        conn.pragma_update(None, "journal_mode", "WAL").map_err(db(path))?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(db(path))?;
        conn.execute_batch(SCHEMA).map_err(db(path))?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        db(&self.path)
    }

    /// Records the witness's vkey at the store's first start, and refuses any other afterwards.
    pub fn bind(&self, witness: &Vkey) -> Result<(), Error> {
        let mine = witness.to_string();
        let stored: Option<String> = self
            .conn
            .query_row("SELECT v FROM witness WHERE k = 'vkey'", [], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        match stored {
            Some(v) if v == mine => Ok(()),
            Some(vkey) => Err(problem(&self.path, StoreProblem::OtherWitnessKey { vkey })),
            None => {
                self.conn.execute("INSERT INTO witness (k, v) VALUES ('vkey', ?1)", [&mine]).map_err(self.err())?;
                Ok(())
            }
        }
    }

    /// The latest checkpoint cosigned for a log.
    pub fn latest(&self, origin: &str) -> Result<Option<Latest>, Error> {
        latest_in(&self.conn, origin).map_err(self.err())
    }

    /// The latest checkpoint cosigned for a log as kept for monitors: its text, the log's
    /// signatures, the cosignature.
    pub fn cosigned(&self, origin: &str) -> Result<Option<Vec<u8>>, Error> {
        self.conn
            .query_row("SELECT checkpoint FROM latest WHERE origin = ?1", [origin], |r| r.get(0))
            .optional()
            .map_err(self.err())
    }

    /// The compare-and-swap: in one transaction, reads the log's latest, runs `decide` on it and,
    /// if it cosigns, writes the new latest; a refusal `evidence` says to keep (with `request`,
    /// the request's bytes) is kept; then commits. Gives `decide`'s answer once it is durable.
    pub fn add(
        &mut self,
        origin: &str,
        request: &[u8],
        decide: impl FnOnce(Option<Latest>) -> Result<Cosigned, Refusal>,
    ) -> Result<Result<Cosigned, Refusal>, Error> {
        let path = self.path.clone();
        let err = db(&path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        let answer = decide(latest_in(&tx, origin).map_err(&err)?);
        match &answer {
            Ok(c) => {
                let at = i64::try_from(c.time).unwrap_or(i64::MAX);
                tx.execute(
                    "INSERT OR REPLACE INTO latest (origin, size, root, checkpoint, cosigned_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![origin, c.latest.size.to_string(), c.latest.root.0.to_vec(), c.note, at],
                )
                .map_err(&err)?;
            }
            Err(r) if is_evidence(r) => {
                tx.execute(
                    "INSERT INTO evidence (origin, code, request) SELECT ?1, ?2, ?3 \
                     WHERE (SELECT count(*) FROM evidence WHERE origin = ?1) < ?4",
                    params![origin, r.code(), request, EVIDENCE_PER_LOG],
                )
                .map_err(&err)?;
            }
            Err(_) => {}
        }
        tx.commit().map_err(&err)?;
        Ok(answer)
    }

    /// The refused requests kept for a log, oldest first: each refusal's code and the request.
    pub fn evidence(&self, origin: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let mut st = self
            .conn
            .prepare("SELECT code, request FROM evidence WHERE origin = ?1 ORDER BY id")
            .map_err(self.err())?;
        let rows = st.query_map([origin], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }
}

/// A refusal of a checkpoint the log signed that shows it misbehaved: kept as evidence.
fn is_evidence(r: &Refusal) -> bool {
    matches!(
        r,
        Refusal::RootDiffers { .. }
            | Refusal::NotConsistent { .. }
            | Refusal::EmptyTreeRoot
            | Refusal::ProofFromEmptyTree
    )
}

fn latest_in(conn: &Connection, origin: &str) -> rusqlite::Result<Option<Latest>> {
    let row: Option<(String, Vec<u8>)> = conn
        .query_row("SELECT size, root FROM latest WHERE origin = ?1", [origin], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((size, root)) = row else { return Ok(None) };
    let bad = |what: &str| rusqlite::Error::InvalidColumnType(0, what.into(), rusqlite::types::Type::Text);
    let size = size.parse().map_err(|_| bad("size"))?;
    let root = Hash(root.try_into().map_err(|_| bad("root"))?);
    Ok(Some(Latest { size, root }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosigned(size: u64) -> Cosigned {
        let latest = Latest { size, root: Hash([size as u8; 32]) };
        Cosigned { latest, time: 1, line: "— w AAAA\n".into(), note: b"note".to_vec() }
    }

    #[test]
    fn the_latest_is_stored_only_when_cosigned_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.db");
        let mut s = Store::open(&p).unwrap();
        assert_eq!(
            s.add("o", b"r", |l| l.map_or(Ok(cosigned(3)), |_| Err(Refusal::EmptyTreeRoot))).unwrap(),
            Ok(cosigned(3))
        );
        let refused = s.add("o", b"fork", |l| Err(Refusal::RootDiffers { size: l.unwrap().size })).unwrap();
        assert_eq!(refused, Err(Refusal::RootDiffers { size: 3 }));
        let _ = s.add("o", b"409", |_| Err(Refusal::OldSizeMismatch { old: 0, latest: 3 })).unwrap();
        drop(s);
        let s = Store::open(&p).unwrap();
        assert_eq!(s.latest("o").unwrap(), Some(cosigned(3).latest));
        assert_eq!(s.latest("other").unwrap(), None);
        assert_eq!(s.cosigned("o").unwrap(), Some(b"note".to_vec()));
        assert_eq!(s.evidence("o").unwrap(), [("root-differs".to_string(), b"fork".to_vec())]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_store_is_one_witnesses_and_no_other_database_is_taken_for_one() {
        use crate::seal::cosignature::{KeyType, Vkey};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.db");
        let k = |n: u8| ed25519_dalek::SigningKey::from_bytes(&[n; 32]).verifying_key();
        let s = Store::open(&p).unwrap();
        s.bind(&Vkey::new("w", KeyType::Cosignature, k(1)).unwrap()).unwrap();
        s.bind(&Vkey::new("w", KeyType::Cosignature, k(1)).unwrap()).unwrap();
        let other = s.bind(&Vkey::new("w", KeyType::Cosignature, k(2)).unwrap());
        assert!(matches!(other, Err(Error::Store { problem: StoreProblem::OtherWitnessKey { .. }, .. })));
        let j = dir.path().join("journal.db");
        Connection::open(&j).unwrap().execute_batch("CREATE TABLE entries (x)").unwrap();
        assert!(matches!(Store::open(&j), Err(Error::Store { problem: StoreProblem::NotAWitnessStore, .. })));
        std::fs::write(dir.path().join("text"), "not a database, just some text").unwrap();
        assert!(Store::open(&dir.path().join("text")).is_err());
    }

    #[test]
    fn evidence_is_kept_up_to_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("w.db")).unwrap();
        for _ in 0..EVIDENCE_PER_LOG + 5 {
            let _ = s.add("o", b"x", |_| Err(Refusal::NotConsistent { old: 1, size: 2 })).unwrap();
        }
        assert_eq!(s.evidence("o").unwrap().len() as i64, EVIDENCE_PER_LOG);
    }
}
