//! The audit folder (`zheng audit plan --out AUDIT`): `plan.json`, the retrieval lists, and
//! `audit.sqlite` — the manifest and register the audit judges paper by, the signed results it
//! compares hand counts with, each round's sample, and every paper ballot and hand-counted box the
//! team records. SQLite in WAL mode with `synchronous=FULL`, as the station journal: what the
//! program acknowledged (`ok N`) is on disk and survives a crash. Nothing is ever rewritten: a
//! ballot given again with other marks is refused, the first record stands.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::plan::{Plan, SampleEntry};
use crate::Error;
use crate::error::{NotAudit, Refusal, StoreProblem};
use crate::files::sqlite::{self, OpenError};
use crate::seal::manifest::Manifest;
use crate::seal::result::ResultFile;
use crate::vote::register::Register;

/// The plan's file in the folder.
pub const PLAN: &str = "plan.json";
/// The database's file in the folder.
pub const DATABASE: &str = "audit.sqlite";
/// The last status `zheng audit status` printed, which `zheng verify --audit` recomputes.
pub const STATUS: &str = "status.json";

/// What recording a paper ballot did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Newly recorded: the count of paper ballots now recorded.
    New(u64),
    /// Recorded before with the same marks: nothing changed.
    Again(u64),
}

/// An open audit folder.
#[derive(Debug)]
pub struct AuditFolder {
    dir: PathBuf,
    conn: Connection,
    plan: Plan,
    manifest: Manifest,
    register: Option<Register>,
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Store {
        path: path.display().to_string(),
        problem: StoreProblem::Database { detail: e.to_string() },
    }
}

fn not_an_audit(why: NotAudit) -> Error {
    Error::Refusal(Refusal::NotAnAudit { why })
}

impl AuditFolder {
    /// Writes a new audit folder at `out` — which must not exist — all at once: built in a
    /// temporary folder beside it, then renamed. `files` are written beside the plan (the
    /// retrieval lists); `results` are the signed results by station.
    pub fn create(
        out: &Path,
        plan: &Plan,
        manifest: &Manifest,
        register: Option<&[u8]>,
        results: &[(String, Vec<u8>)],
        files: &[(String, Vec<u8>)],
    ) -> Result<(), Error> {
        if std::fs::symlink_metadata(out).is_ok() {
            return Err(Error::Refusal(Refusal::AuditExists { out: out.display().to_string() }));
        }
        let parent = crate::files::parent_of(out);
        let tmp = tempfile::Builder::new().prefix(".audit-").tempdir_in(parent).map_err(|e| Error::io(out, e))?;
        let plan_bytes = plan_json(plan);
        crate::files::write_atomic(&tmp.path().join(PLAN), &plan_bytes)?;
        for (name, bytes) in files {
            crate::files::write_atomic(&tmp.path().join(name), bytes)?;
        }
        let db = tmp.path().join(DATABASE);
        let conn = Connection::open(&db).map_err(sql(&db))?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql(&db))?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(sql(&db))?;
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB NOT NULL);
             CREATE TABLE rounds (round INTEGER PRIMARY KEY, size INTEGER NOT NULL);
             CREATE TABLE sample (rank INTEGER PRIMARY KEY, ballot TEXT NOT NULL UNIQUE, ticket TEXT NOT NULL);
             CREATE TABLE paper (ballot TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, line BLOB NOT NULL,
                                 record TEXT NOT NULL);
             CREATE TABLE hand (station TEXT PRIMARY KEY, box BLOB NOT NULL);
             CREATE TABLE signed (station TEXT PRIMARY KEY, result BLOB NOT NULL);",
        )
        .map_err(sql(&db))?;
        let put = |k: &str, v: &[u8]| conn.execute("INSERT INTO meta (k, v) VALUES (?1, ?2)", params![k, v]);
        put("format", b"1").map_err(sql(&db))?;
        put("manifest", manifest.text().as_bytes()).map_err(sql(&db))?;
        put("plan_sha256", hex::encode(Sha256::digest(&plan_bytes)).as_bytes()).map_err(sql(&db))?;
        if let Some(r) = register {
            put("register", r).map_err(sql(&db))?;
        }
        for (station, bytes) in results {
            conn.execute("INSERT INTO signed (station, result) VALUES (?1, ?2)", params![station, bytes])
                .map_err(sql(&db))?;
        }
        insert_round(&conn, 1, plan.sample_size, &plan.sample, 0).map_err(sql(&db))?;
        conn.execute_batch("COMMIT;").map_err(sql(&db))?;
        drop(conn);
        let kept = tmp.keep();
        std::fs::rename(&kept, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&kept);
            Error::io(out, e)
        })
    }

    /// Opens an audit folder: its plan checked against the digest the database keeps, and against
    /// the manifest.
    pub fn open(dir: &Path) -> Result<AuditFolder, Error> {
        let plan_path = dir.join(PLAN);
        let db = dir.join(DATABASE);
        if !dir.is_dir() {
            return Err(not_an_audit(NotAudit::NoFolder(dir.display().to_string())));
        }
        let plan_bytes = crate::files::read_limited(&plan_path, 1 << 30).map_err(|_| not_an_audit(NotAudit::NoPlan))?;
        let conn = sqlite::connect(&db, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| match e {
            OpenError::Io(_) => not_an_audit(NotAudit::NoDatabase),
            OpenError::NotADatabase => not_an_audit(NotAudit::NotADatabase),
            OpenError::NotRegular(kind) => Error::NotRegular { path: db.display().to_string(), kind },
            OpenError::Sqlite(e) => sql(&db)(e),
        })?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql(&db))?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(sql(&db))?;
        let meta = |k: &str| -> Result<Option<Vec<u8>>, Error> {
            conn.query_row("SELECT v FROM meta WHERE k = ?1", [k], |r| r.get(0))
                .optional()
                .map_err(|_| not_an_audit(NotAudit::NoTables))
        };
        let want = meta("plan_sha256")?.ok_or_else(|| not_an_audit(NotAudit::NoPlanDigest))?;
        if hex::encode(Sha256::digest(&plan_bytes)).as_bytes() != want.as_slice() {
            return Err(not_an_audit(NotAudit::PlanChanged));
        }
        let text = meta("manifest")?.ok_or_else(|| not_an_audit(NotAudit::NoManifest))?;
        let text = String::from_utf8(text).map_err(|_| not_an_audit(NotAudit::ManifestNotUtf8))?;
        let manifest = Manifest::from_text(text, &db)?;
        let register = match meta("register")? {
            None => None,
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| not_an_audit(NotAudit::RegisterNotUtf8))?;
                Some(Register::from_toml(&text, &db)?)
            }
        };
        let plan: Plan =
            serde_json::from_slice(&plan_bytes).map_err(|e| not_an_audit(NotAudit::PlanUnreadable(e.to_string())))?;
        let plan = plan.placed(manifest.election()).map_err(not_an_audit)?;
        Ok(AuditFolder { dir: dir.to_path_buf(), conn, plan, manifest, register })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The manifest paper is judged by.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The village register, when the bundle held one (kinship avoidance of a paper outcome).
    pub fn register(&self) -> Option<&Register> {
        self.register.as_ref()
    }

    fn db(&self) -> PathBuf {
        self.dir.join(DATABASE)
    }

    /// Each round's sample size, round 1 first.
    pub fn rounds(&self) -> Result<Vec<u64>, Error> {
        let db = self.db();
        let mut st = self.conn.prepare("SELECT size FROM rounds ORDER BY round").map_err(sql(&db))?;
        let rows = st.query_map([], |r| r.get::<_, i64>(0)).map_err(sql(&db))?;
        rows.map(|r| r.map(|n| n.max(0) as u64)).collect::<Result<_, _>>().map_err(sql(&db))
    }

    /// The sample so far, in ticket order.
    pub fn sample(&self) -> Result<Vec<SampleEntry>, Error> {
        let db = self.db();
        let mut st = self.conn.prepare("SELECT ballot, ticket FROM sample ORDER BY rank").map_err(sql(&db))?;
        let rows = st.query_map([], |r| Ok(SampleEntry { ballot: r.get(0)?, ticket: r.get(1)? })).map_err(sql(&db))?;
        rows.collect::<Result<_, _>>().map_err(sql(&db))
    }

    /// Adds a round: the whole sample of `entries` (earlier draws first, as the consistent sampler
    /// keeps them).
    pub fn add_round(&mut self, entries: &[SampleEntry]) -> Result<u32, Error> {
        let db = self.db();
        let rounds = self.rounds()?;
        let round = rounds.len() as u32 + 1;
        let have = rounds.last().copied().unwrap_or(0);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql(&db))?;
        insert_round(&tx, round, entries.len() as u64, entries, have).map_err(sql(&db))?;
        tx.commit().map_err(sql(&db))?;
        Ok(round)
    }

    /// The rank (from 1) of a drawn ballot in the sample so far.
    pub fn rank_of(&self, ballot: &str) -> Result<Option<u64>, Error> {
        self.conn
            .query_row("SELECT rank FROM sample WHERE ballot = ?1", [ballot], |r| r.get::<_, i64>(0))
            .optional()
            .map(|r| r.map(|n| n as u64))
            .map_err(sql(&self.db()))
    }

    /// Records a paper ballot as read (`line` as typed, `record` its canonical form), durably
    /// before it returns; the same marks again change nothing, other marks are refused.
    pub fn record(&mut self, ballot: &str, line: &[u8], record: &str) -> Result<Recorded, Error> {
        let db = self.db();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql(&db))?;
        let before: Option<String> = tx
            .query_row("SELECT record FROM paper WHERE ballot = ?1", [ballot], |r| r.get(0))
            .optional()
            .map_err(sql(&db))?;
        let count = |tx: &rusqlite::Transaction<'_>| {
            tx.query_row("SELECT count(*) FROM paper", [], |r| r.get::<_, i64>(0)).map(|n| n as u64)
        };
        match before {
            Some(b) if b == record => Ok(Recorded::Again(count(&tx).map_err(sql(&db))?)),
            Some(b) => Err(Error::Refusal(Refusal::PaperDiffers {
                ballot: ballot.to_string(),
                before: b,
                now: record.to_string(),
            })),
            None => {
                let n = count(&tx).map_err(sql(&db))? + 1;
                tx.execute(
                    "INSERT INTO paper (ballot, seq, line, record) VALUES (?1, ?2, ?3, ?4)",
                    params![ballot, n as i64, line, record],
                )
                .map_err(sql(&db))?;
                tx.commit().map_err(sql(&db))?;
                Ok(Recorded::New(n))
            }
        }
    }

    /// Every paper ballot recorded: `station:position` and the line as typed, in the order entered.
    pub fn papers(&self) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let db = self.db();
        let mut st = self.conn.prepare("SELECT ballot, line FROM paper ORDER BY seq").map_err(sql(&db))?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, bytes(r, 1)?))).map_err(sql(&db))?;
        rows.collect::<Result<_, _>>().map_err(sql(&db))
    }

    /// Records a whole box counted by hand (its box file's bytes); the same bytes again change
    /// nothing, other bytes are refused.
    pub fn hand_count(&mut self, station: &str, bytes: &[u8]) -> Result<bool, Error> {
        let db = self.db();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql(&db))?;
        let before: Option<Vec<u8>> = tx
            .query_row("SELECT box FROM hand WHERE station = ?1", [station], |r| r.get(0))
            .optional()
            .map_err(sql(&db))?;
        match before {
            Some(b) if b == bytes => Ok(false),
            Some(_) => Err(Error::Refusal(Refusal::HandCountDiffers { station: station.to_string() })),
            None => {
                tx.execute("INSERT INTO hand (station, box) VALUES (?1, ?2)", params![station, bytes])
                    .map_err(sql(&db))?;
                tx.commit().map_err(sql(&db))?;
                Ok(true)
            }
        }
    }

    /// Every box counted by hand: station and box file bytes, by station.
    pub fn hand_counts(&self) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let db = self.db();
        let mut st = self.conn.prepare("SELECT station, box FROM hand ORDER BY station").map_err(sql(&db))?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, bytes(r, 1)?))).map_err(sql(&db))?;
        rows.collect::<Result<_, _>>().map_err(sql(&db))
    }

    /// The signed result of a station, as the audited bundle held it.
    pub fn signed(&self, station: &str) -> Result<Option<ResultFile>, Error> {
        let db = self.db();
        let bytes: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT result FROM signed WHERE station = ?1", [station], |r| r.get(0))
            .optional()
            .map_err(sql(&db))?;
        bytes.map(|b| ResultFile::from_bytes(&b).map_err(|r| Error::refused(&db, r))).transpose()
    }

    /// The audit team chose a full hand count.
    pub fn escalate(&mut self) -> Result<(), Error> {
        self.conn
            .execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('escalated', X'31')", [])
            .map(|_| ())
            .map_err(sql(&self.db()))
    }

    /// Whether the team chose a full hand count.
    pub fn escalated(&self) -> Result<bool, Error> {
        self.conn
            .query_row("SELECT count(*) FROM meta WHERE k = 'escalated'", [], |r| r.get::<_, i64>(0))
            .map(|n| n > 0)
            .map_err(sql(&self.db()))
    }
}

/// A column's bytes, stored as a blob or (written by another tool) as text.
fn bytes(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    Ok(r.get_ref(i)?.as_bytes()?.to_vec())
}

/// The plan's bytes as written: pretty JSON and a final newline.
pub fn plan_json(plan: &Plan) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(plan).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Inserts round `round` of `size`: the entries past the `have` already stored.
fn insert_round(conn: &Connection, round: u32, size: u64, entries: &[SampleEntry], have: u64) -> rusqlite::Result<()> {
    conn.execute("INSERT INTO rounds (round, size) VALUES (?1, ?2)", params![round, size as i64])?;
    let mut st = conn.prepare("INSERT INTO sample (rank, ballot, ticket) VALUES (?1, ?2, ?3)")?;
    for (i, e) in entries.iter().enumerate().skip(have as usize) {
        st.execute(params![(i + 1) as i64, e.ballot, e.ticket])?;
    }
    Ok(())
}
