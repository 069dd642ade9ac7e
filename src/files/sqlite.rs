//! Opening a SQLite file (a collector's store, a station's journal) without ever opening it
//! ourselves.
//!
//! On Linux, closing *any* descriptor of a file drops every POSIX lock the process holds on it. A
//! process that holds a database open through SQLite and then opens and closes the same file with a
//! plain `open` (to look at its header, say) silently loses SQLite's locks: another process that
//! opens the database next believes it is the last user and deletes the `-wal` and `-shm` files
//! under the running writer, and what the writer acknowledged is gone after a crash. SQLite's own
//! unix VFS shares one record of locks per file among all the connections of a process and defers
//! closing descriptors while locks are held, so going through SQLite is always safe.
//!
//! So Zheng looks at a database's path only with `stat` (is it a regular file?) and checks its
//! header through the SQLite connection itself: any read of a file that is not a database fails with
//! `SQLITE_NOTADB`, before anything is written.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// How long a new connection waits for a lock held by another process before it gives up.
pub const BUSY: std::time::Duration = std::time::Duration::from_secs(5);

/// Why a path could not be opened as a SQLite database.
#[derive(Debug)]
pub enum OpenError {
    /// The path is not a regular file (a FIFO, a device, a socket, a folder): never opened.
    NotRegular(crate::error::FileKind),
    /// The file is there but is not a SQLite database (its header is not SQLite's).
    NotADatabase,
    /// SQLite could not open or read it.
    Sqlite(rusqlite::Error),
    /// The path could not be looked at.
    Io(std::io::Error),
}

/// Creates a store's (or a journal's) new, empty file, mode 0600 — only its owner may read it —
/// refusing one that exists (`create_new`); SQLite then opens it by its path. The descriptor is
/// closed here, before any connection of this process holds the file, so closing it drops no lock.
pub fn create_private(path: &Path) -> std::io::Result<()> {
    let mut new = std::fs::OpenOptions::new();
    new.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut new, 0o600);
    new.open(path).map(drop)
}

/// Opens a connection to an existing file with `flags`, refusing anything but a regular file
/// (looked at with `stat`, never opened by us) and a file whose header is not SQLite's (read through
/// the connection). Nothing is written to a file that is refused. An empty file is an empty
/// database, as SQLite has it. The connection waits up to [`BUSY`] for a lock (another process's
/// recovery or last checkpoint), for that first read too; set another timeout after if need be.
pub fn connect(path: &Path, flags: OpenFlags) -> Result<Connection, OpenError> {
    let meta = std::fs::metadata(path).map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular(super::kind_of(&meta.file_type())));
    }
    let conn = Connection::open_with_flags(path, flags).map_err(OpenError::Sqlite)?;
    conn.busy_timeout(BUSY).map_err(OpenError::Sqlite)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(e) if is_not_a_database(&e) => Err(OpenError::NotADatabase),
        Err(e) => Err(OpenError::Sqlite(e)),
    }
}

/// Whether SQLite said the file is not a database.
pub(crate) fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NotRegular(kind) => write!(f, "{kind}, not a regular file"),
            OpenError::NotADatabase => f.write_str("not a SQLite database"),
            OpenError::Sqlite(e) => write!(f, "{e}"),
            OpenError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Whether process `pid` holds a POSIX lock on the file at `p`, as the kernel shows it for each of
/// the process's descriptors of that file (Linux, `/proc/PID/fdinfo`): the locks any other
/// process's `fcntl` runs into. An older SQLite's last connection takes a write lock on the
/// database file before it checkpoints and deletes the write-ahead log; the shared lock each live
/// connection holds is what tells it that it is not the last. Nothing here opens the file. False
/// when anything cannot be read. (The journal's and the store's tests use it.)
#[cfg(target_os = "linux")]
pub fn holds_a_lock(pid: u32, p: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(file), Ok(fds)) = (std::fs::metadata(p), std::fs::read_dir(format!("/proc/{pid}/fd"))) else {
        return false;
    };
    fds.filter_map(Result::ok).any(|fd| {
        let info = format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy());
        std::fs::metadata(fd.path()).is_ok_and(|m| (m.dev(), m.ino()) == (file.dev(), file.ino()))
            && std::fs::read_to_string(info)
                .is_ok_and(|i| i.lines().any(|l| l.starts_with("lock:") && l.contains(" POSIX ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        std::fs::write(&p, b"not a database at all, but some text").unwrap();
        assert!(matches!(connect(&p, OpenFlags::SQLITE_OPEN_READ_WRITE), Err(OpenError::NotADatabase)));
        assert_eq!(std::fs::read(&p).unwrap(), b"not a database at all, but some text");
        assert!(!dir.path().join("x.db-wal").exists() && !dir.path().join("x.db-journal").exists());
        assert!(matches!(
            connect(dir.path(), OpenFlags::SQLITE_OPEN_READ_ONLY),
            Err(OpenError::NotRegular(crate::error::FileKind::Folder))
        ));
    }

    /// The defect this module exists for: a second look at a live database from the same process
    /// must not drop the first connection's locks — the locks an outside `sqlite3` runs into before
    /// it would delete the write-ahead log. A plain `open` and `close` fails the same check.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_second_connection_keeps_the_first_ones_locks() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("live.db");
        let w = Connection::open(&p).unwrap();
        w.pragma_update(None, "journal_mode", "WAL").unwrap();
        w.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let here = std::process::id();
        assert!(holds_a_lock(here, &p), "the writer holds its shared lock");
        drop(connect(&p, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap());
        drop(connect(&p, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap());
        assert!(holds_a_lock(here, &p), "a second connection here kept the writer's lock");
        w.execute("INSERT INTO t VALUES (2)", []).unwrap();
        drop(std::fs::File::open(&p).unwrap());
        assert!(!holds_a_lock(here, &p), "a plain open and close drops it: what connect never does");
    }
}
