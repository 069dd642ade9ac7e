//! A box's durable journal: an append-only, hash-chained record of everything entered at a counting
//! table, in SQLite (WAL mode, `synchronous=FULL`), so that what was acknowledged survives a crash.
//!
//! The journal holds the manifest it was opened with, the station, and a sequence of entries —
//! ballot, correction (voids an earlier ballot, with a reason), note, voters, close — each hashed
//! together with the hash of the entry before it. Corrections are new entries, never rewrites.
//! Opening a journal re-checks the whole chain: an edited entry is an error that names it. SQLite's
//! own write-ahead log makes every transaction all-or-nothing, so a torn tail after a power cut
//! loses only the transaction that was being written — one that was never acknowledged.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::error::kinds::JournalPart;
use crate::error::{ChainDefect, Error, Refusal, Usage};
use crate::seal::digest::Hash;
use crate::seal::manifest::Manifest;
use crate::vote::manifest::Election;

/// The domain tag of journal hashes.
pub(crate) const JOURNAL_DOMAIN: &[u8] = b"zheng/journal/v1";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A ballot line as entered (contract §2).
    Ballot,
    /// Voids an earlier ballot; the body is the reason.
    Correction,
    /// A note for the record.
    Note,
    /// The number of voters who signed in (the body, in decimal).
    Voters,
    /// The box was closed; the body is the signed result's id.
    Close,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Ballot => "ballot",
            Kind::Correction => "correction",
            Kind::Note => "note",
            Kind::Voters => "voters",
            Kind::Close => "close",
        }
    }

    fn from_code(s: &str) -> Option<Kind> {
        Some(match s {
            "ballot" => Kind::Ballot,
            "correction" => Kind::Correction,
            "note" => Kind::Note,
            "voters" => Kind::Voters,
            "close" => Kind::Close,
            _ => return None,
        })
    }
}

/// One entry of the journal, as stored and checked against the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Its place in the journal, from 1.
    pub seq: u64,
    /// What it records.
    pub kind: Kind,
    /// The ballot number: its own for a ballot, the voided one for a correction.
    pub ballot: Option<u64>,
    /// The ballot line, reason, note, voters or result id.
    pub body: Vec<u8>,
    /// The chain hash through this entry.
    pub hash: Hash,
}

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// What it records.
    pub kind: Kind,
    /// The ballot number it concerns (ballots are numbered by the journal: leave `None`).
    pub ballot: Option<u64>,
    /// Its body.
    pub body: Vec<u8>,
}

/// An open journal. Its entries in memory are exactly the stored ones, each checked against the
/// chain: they are read only through [`Journal::entries`] and added only by [`Journal::append`],
/// which writes them first.
#[derive(Debug)]
pub struct Journal {
    conn: Connection,
    path: PathBuf,
    manifest: Manifest,
    station: usize,
    entries: Vec<JournalEntry>,
}

fn genesis(manifest_sha256: &Hash, station: &str) -> Hash {
    let mut h = Sha256::new();
    h.update(JOURNAL_DOMAIN);
    h.update(b"genesis");
    h.update(manifest_sha256);
    h.update(station.as_bytes());
    h.finalize().into()
}

fn chain(prev: &Hash, seq: u64, kind: Kind, ballot: Option<u64>, body: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(JOURNAL_DOMAIN);
    h.update(prev);
    h.update(seq.to_le_bytes());
    h.update(kind.code().as_bytes());
    h.update([0u8]);
    h.update(ballot.unwrap_or(0).to_le_bytes());
    h.update((body.len() as u64).to_le_bytes());
    h.update(body);
    h.finalize().into()
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Journal { path: path.display().to_string(), detail: e.to_string() }
}

fn refused(path: &Path, refusal: Refusal) -> Error {
    Error::refused(path, refusal)
}

/// Connects to a journal file, only ever through SQLite: the file is looked at with `stat` and its
/// header read by the connection itself ([`crate::files::sqlite::connect`]), never opened by a plain
/// `open` — whose close would drop every lock SQLite holds on the file in this process, so that
/// another process could take itself for the journal's last user and delete the write-ahead log
/// under a writer here (a board thread, `station close --against` the journal itself, a second
/// `Journal::open` of a journal this process holds). A file that is not a SQLite database, or is
/// empty, is refused before anything is written to it. An existing journal must already be in WAL
/// mode (a journal is never anything else): another SQLite database is refused before anything is
/// written to it. Read-only connections change nothing.
fn connect(path: &Path, flags: OpenFlags, existing: bool) -> Result<Connection, Error> {
    use crate::files::sqlite::{self, OpenError};
    let no_header = || refused(path, Refusal::NotAJournal { missing: JournalPart::SqliteHeader });
    // SQLite takes an empty file for an empty database; an existing journal never is one.
    if existing && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Err(no_header());
    }
    let conn = sqlite::connect(path, flags).map_err(|e| match e {
        OpenError::NotADatabase => no_header(),
        OpenError::NotRegular(kind) => Error::NotRegular { path: path.display().to_string(), kind },
        OpenError::Io(e) => Error::io(path, e),
        OpenError::Sqlite(e) => sql(path)(e),
    })?; // waits up to files::sqlite::BUSY for another process's lock
    if existing {
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).map_err(sql(path))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(refused(path, Refusal::NotAJournal { missing: JournalPart::WalMode }));
        }
    }
    if flags.contains(OpenFlags::SQLITE_OPEN_READ_ONLY) {
        return Ok(conn);
    }
    conn.pragma_update(None, "journal_mode", "WAL").map_err(sql(path))?;
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql(path))?;
    Ok(conn)
}

/// One stored row of the `entries` table, as read: seq, kind, ballot, body, prev, hash.
type Row = (i64, String, Option<i64>, Vec<u8>, Vec<u8>, Vec<u8>);

/// Checks one stored row against the chain: it must be entry `want`, of a known kind, follow `prev`
/// and hash to its stored hash.
fn checked_entry(want: u64, prev: &Hash, row: Row) -> Result<JournalEntry, ChainDefect> {
    let (seq, kind, ballot, body, stored_prev, stored_hash) = row;
    if u64::try_from(seq).ok() != Some(want) {
        return Err(ChainDefect::Numbered(seq));
    }
    let kind = Kind::from_code(&kind).ok_or(ChainDefect::UnknownKind)?;
    let ballot = ballot.map(|b| u64::try_from(b).map_err(|_| ChainDefect::NegativeBallot)).transpose()?;
    if stored_prev != prev {
        return Err(ChainDefect::DoesNotFollow);
    }
    let hash = chain(prev, want, kind, ballot, &body);
    if stored_hash != hash {
        return Err(ChainDefect::ContentsChanged);
    }
    Ok(JournalEntry { seq: want, kind, ballot, body, hash })
}

impl Journal {
    /// Creates a journal for one station's box, readable by its owner only (mode 0600: it holds the
    /// ballots in the order they were entered); refuses an existing file.
    pub fn create(path: &Path, manifest: &Manifest, station: &str, voters: Option<u64>) -> Result<Journal, Error> {
        let election = manifest.election();
        let Some((si, _)) = election.station(station) else {
            return Err(Error::Usage(Usage::StationNotInManifest { station: station.to_string() }));
        };
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(refused(path, Refusal::JournalExists));
        }
        crate::files::sqlite::create_private(path).map_err(|e| Error::io(path, e))?;
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE, false)?;
        let hash = hex::encode(election.canonical_sha256());
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
             CREATE TABLE entries (
                 seq INTEGER PRIMARY KEY,
                 kind TEXT NOT NULL,
                 ballot INTEGER,
                 body BLOB NOT NULL,
                 prev BLOB NOT NULL,
                 hash BLOB NOT NULL);",
        )
        .map_err(sql(path))?;
        for (k, v) in [("format", "1"), ("manifest", manifest.text()), ("manifest_sha256", &hash), ("station", station)]
        {
            conn.execute("INSERT INTO meta (k, v) VALUES (?1, ?2)", params![k, v]).map_err(sql(path))?;
        }
        conn.execute_batch("COMMIT;").map_err(sql(path))?;
        let mut j =
            Journal { conn, path: path.to_path_buf(), manifest: manifest.clone(), station: si, entries: Vec::new() };
        if let Some(v) = voters {
            j.append(&[NewEntry { kind: Kind::Voters, ballot: None, body: v.to_string().into_bytes() }])?;
        }
        Ok(j)
    }

    /// Opens a journal: its stored manifest re-validated and re-hashed, its whole hash chain
    /// re-checked.
    pub fn open(path: &Path) -> Result<Journal, Error> {
        Journal::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    /// Opens a journal to read it only (`status`, `export`, `reconcile`): nothing is written to
    /// the file, not even a change of journal mode.
    pub fn open_read_only(path: &Path) -> Result<Journal, Error> {
        Journal::open_with(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Journal, Error> {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(refused(path, Refusal::NoJournal));
        }
        let conn = connect(path, flags, true)?;
        let meta = |k: &str| -> Result<String, Error> {
            conn.query_row("SELECT v FROM meta WHERE k = ?1", [k], |r| r.get::<_, String>(0))
                .optional()
                .map_err(sql(path))?
                .ok_or_else(|| refused(path, Refusal::NotAJournal { missing: JournalPart::Meta(k.to_string()) }))
        };
        if meta("format")? != "1" {
            return Err(refused(path, Refusal::UnknownJournalFormat));
        }
        let manifest = Manifest::from_text(meta("manifest")?, Path::new("(journal manifest)"))?;
        let station = meta("station")?;
        let manifest_sha256 = manifest.election().canonical_sha256();
        if hex::encode(manifest_sha256) != meta("manifest_sha256")? {
            return Err(refused(path, Refusal::JournalManifestChanged));
        }
        let Some((si, _)) = manifest.election().station(&station) else {
            return Err(refused(path, Refusal::JournalStationUnknown { station }));
        };
        let mut entries = Vec::new();
        Journal::read_chain(&conn, path, genesis(&manifest_sha256, &station), &mut entries)?;
        Ok(Journal { conn, path: path.to_path_buf(), manifest, station: si, entries })
    }

    /// Reads the entries after those in `entries`, in order, each checked against the chain (from
    /// `genesis` when `entries` is empty), and appends them.
    fn read_chain(conn: &Connection, path: &Path, genesis: Hash, entries: &mut Vec<JournalEntry>) -> Result<(), Error> {
        let mut stmt = conn
            .prepare("SELECT seq, kind, ballot, body, prev, hash FROM entries WHERE seq > ?1 ORDER BY seq")
            .map_err(sql(path))?;
        let after = entries.len() as u64;
        let rows = stmt
            .query_map([after as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .map_err(sql(path))?;
        for (want, row) in (after + 1..).zip(rows) {
            let prev = entries.last().map_or(genesis, |e| e.hash);
            let entry = checked_entry(want, &prev, row.map_err(sql(path))?)
                .map_err(|defect| refused(path, Refusal::ChainBroken { entry: want, defect }))?;
            entries.push(entry);
        }
        Ok(())
    }

    /// Reads what another process appended since this journal was opened or last refreshed (the
    /// live board follows a table this way, read-only): the new entries, chain-checked from the last
    /// one held. Returns how many were added.
    pub fn refresh(&mut self) -> Result<usize, Error> {
        let before = self.entries.len();
        let genesis = genesis(&self.election().canonical_sha256(), self.station_id());
        Journal::read_chain(&self.conn, &self.path, genesis, &mut self.entries)?;
        Ok(self.entries.len() - before)
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The manifest the journal was opened with.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The election of that manifest.
    pub fn election(&self) -> &Election {
        self.manifest.election()
    }

    /// The station's index among the manifest's stations.
    pub fn station(&self) -> usize {
        self.station
    }

    /// Every entry, in order, each checked against the hash chain.
    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    /// The station's id.
    pub fn station_id(&self) -> &str {
        &self.election().stations()[self.station].id
    }

    /// The hash of the last entry (the chain's head).
    pub fn head(&self) -> Hash {
        self.entries.last().map_or_else(|| genesis(&self.election().canonical_sha256(), self.station_id()), |e| e.hash)
    }

    /// Ballots entered so far (voided ones included).
    pub fn ballots_entered(&self) -> u64 {
        self.entries.iter().filter(|e| e.kind == Kind::Ballot).count() as u64
    }

    /// Whether the box was closed.
    pub fn closed(&self) -> bool {
        self.entries.iter().any(|e| e.kind == Kind::Close)
    }

    /// The voters last recorded.
    pub fn voters(&self) -> Option<u64> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.kind == Kind::Voters)
            .and_then(|e| std::str::from_utf8(&e.body).ok()?.parse().ok())
    }

    /// Ballots not voided by a correction: (number, line), in the order entered.
    pub fn live_ballots(&self) -> Vec<(u64, &[u8])> {
        let voided: std::collections::BTreeSet<u64> =
            self.entries.iter().filter(|e| e.kind == Kind::Correction).filter_map(|e| e.ballot).collect();
        self.entries
            .iter()
            .filter(|e| e.kind == Kind::Ballot)
            .filter_map(|e| e.ballot.filter(|b| !voided.contains(b)).map(|b| (b, e.body.as_slice())))
            .collect()
    }

    /// Appends entries in one transaction; returns when they are durable. Ballots are numbered here.
    pub fn append(&mut self, new: &[NewEntry]) -> Result<Vec<JournalEntry>, Error> {
        let path = self.path.clone();
        let mut prev = self.head();
        let mut next_ballot = self.ballots_entered() + 1;
        let mut made = Vec::with_capacity(new.len());
        for (seq, n) in (self.entries.len() as u64 + 1..).zip(new) {
            let ballot = if n.kind == Kind::Ballot {
                next_ballot += 1;
                Some(next_ballot - 1)
            } else {
                n.ballot
            };
            let hash = chain(&prev, seq, n.kind, ballot, &n.body);
            made.push(JournalEntry { seq, kind: n.kind, ballot, body: n.body.clone(), hash });
            prev = hash;
        }
        let mut prev = self.head();
        // IMMEDIATE: the write lock is taken now, so the check below cannot go stale before commit.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql(&path))?;
        let stored: i64 =
            tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM entries", [], |r| r.get(0)).map_err(sql(&path))?;
        if stored != self.entries.len() as i64 {
            return Err(refused(&path, Refusal::JournalWrittenElsewhere));
        }
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO entries (seq, kind, ballot, body, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(sql(&path))?;
            for e in &made {
                stmt.execute(params![
                    e.seq as i64,
                    e.kind.code(),
                    e.ballot.map(|b| b as i64),
                    e.body,
                    prev.to_vec(),
                    e.hash.to_vec()
                ])
                .map_err(sql(&path))?;
                prev = e.hash;
            }
        }
        tx.commit().map_err(sql(&path))?;
        self.entries.extend(made.iter().cloned());
        Ok(made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::vote::testing::ONE_POST as E;

    fn manifest() -> Manifest {
        Manifest::from_text(E.to_string(), Path::new("e.toml")).unwrap()
    }

    fn ballot(line: &str) -> NewEntry {
        NewEntry { kind: Kind::Ballot, ballot: None, body: line.as_bytes().to_vec() }
    }

    #[test]
    fn append_reopen_and_void() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j");
        let mut j = Journal::create(&p, &manifest(), "s", Some(5)).unwrap();
        let made = j.append(&[ballot("{}"), ballot(r#"{"chair":["a"]}"#)]).unwrap();
        assert_eq!(made.iter().map(|e| e.ballot).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
        j.append(&[NewEntry { kind: Kind::Correction, ballot: Some(1), body: b"misread".to_vec() }]).unwrap();
        drop(j);
        let j = Journal::open(&p).unwrap();
        assert_eq!(j.entries().len(), 4);
        assert_eq!(j.voters(), Some(5));
        assert_eq!(j.live_ballots(), vec![(2, &br#"{"chair":["a"]}"#[..])]);
        assert!(Journal::create(&p, &manifest(), "s", None).is_err(), "never reopened as new");
    }

    /// A power cut mid-write leaves a torn write-ahead log: opening keeps every complete
    /// transaction, drops the torn one (never acknowledged), and the chain still verifies.
    #[test]
    fn a_torn_tail_keeps_every_complete_entry() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j");
        let mut j = Journal::create(&p, &manifest(), "s", None).unwrap();
        for _ in 0..10 {
            j.append(&[ballot("{}")]).unwrap();
        }
        // Copy the database and its log while the writer still holds them (nothing checkpointed),
        // as a crash would leave them, then tear the log's last frame.
        let copy = d.path().join("copy");
        std::fs::copy(&p, &copy).unwrap();
        let wal = std::fs::read(d.path().join("j-wal")).unwrap();
        assert!(wal.len() > 4096, "the entries are in the log");
        std::fs::write(d.path().join("copy-wal"), &wal[..wal.len() - 100]).unwrap();
        let recovered = Journal::open(&copy).unwrap();
        assert_eq!(recovered.entries().len(), 9, "the torn last transaction is gone, the nine before it kept");
        assert_eq!(recovered.entries()[8], j.entries()[8]);
    }

    /// Issue 25: POSIX locks belong to the process, and closing any descriptor of a file drops them
    /// all. A process that holds a journal and opens it again (a board thread beside the writer,
    /// `station close --against` the journal itself) must keep SQLite's locks on it: without them,
    /// the next process to close a connection to the journal (an operator's `sqlite3`) takes
    /// itself for the last user, checkpoints and deletes the write-ahead log under the writer, and
    /// what the writer acknowledges after that goes to a deleted file, gone at the next crash.
    /// (tests/journal.rs shows that loss end to end.)
    #[cfg(target_os = "linux")]
    #[test]
    fn opening_a_held_journal_again_keeps_the_writers_locks() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j");
        let mut w = Journal::create(&p, &manifest(), "s", None).unwrap();
        w.append(&[ballot("{}")]).unwrap();
        let here = std::process::id();
        assert!(crate::files::sqlite::holds_a_lock(here, &p), "the writer holds its shared lock");
        drop(Journal::open_read_only(&p).unwrap());
        assert!(crate::files::sqlite::holds_a_lock(here, &p), "opening it again read-only here kept the writer's lock");
        drop(Journal::open(&p).unwrap());
        assert!(
            crate::files::sqlite::holds_a_lock(here, &p),
            "opening it again read-write here kept the writer's lock"
        );
        w.append(&[ballot("{}")]).unwrap();
        assert!(crate::files::sqlite::holds_a_lock(here, &p));
        assert_eq!(Journal::open_read_only(&p).unwrap().entries(), w.entries());
    }

    #[test]
    fn an_edited_entry_is_named() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j");
        let mut j = Journal::create(&p, &manifest(), "s", None).unwrap();
        j.append(&[ballot("{}"), ballot("{}"), ballot("{}")]).unwrap();
        drop(j);
        let c = Connection::open(&p).unwrap();
        c.execute("UPDATE entries SET body = ?1 WHERE seq = 2", [br#"{"chair":["a"]}"#.to_vec()]).unwrap();
        drop(c);
        let e = Journal::open(&p).unwrap_err().to_string();
        assert!(e.contains("entry 2") && e.contains("hash chain is broken"), "{e}");
    }
}
