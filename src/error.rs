//! Zheng's typed errors. Every input error names the file, the line and the field, and maps to exit
//! status 2; a failed internal check maps to 1.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// One problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field, e.g. `contest[1] "chair".seats` (may be empty).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedErrors {
    /// The file, as the user named it.
    pub file: String,
    /// The problems, in the order found.
    pub problems: Vec<Located>,
}

impl LocatedErrors {
    /// A single problem.
    pub fn one(file: &Path, line: Option<usize>, field: &str, message: String) -> Self {
        LocatedErrors {
            file: file.display().to_string(),
            problems: vec![Located { line, field: field.to_string(), message }],
        }
    }
}

impl fmt::Display for LocatedErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some(l) = p.line {
                write!(f, ":{l}")?;
            }
            if p.field.is_empty() {
                write!(f, ": {}", p.message)?;
            } else {
                write!(f, ": {}: {}", p.field, p.message)?;
            }
        }
        Ok(())
    }
}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is larger than Zheng reads.
    #[error("{path}: larger than {limit} bytes")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// The election manifest is malformed or inconsistent.
    #[error("{0}")]
    Manifest(LocatedErrors),
    /// A box file is malformed.
    #[error("{0}")]
    BoxFile(LocatedErrors),
    /// The boxes given do not fit the manifest (a station twice, a station missing, …).
    #[error("{0}")]
    Boxes(String),
    /// A key file is unreadable or malformed.
    #[error("{path}: {message}")]
    Key {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A signed file (result, manifest signature) is malformed: it cannot be decoded.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A station journal cannot be used: missing, not a journal, or its hash chain is broken.
    #[error("{path}: {message}")]
    Journal {
        /// The journal file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A check failed: a signature, a foreign or conflicting result, a recount that disagrees.
    #[error("{0}")]
    Check(String),
    /// Bad arguments to a library operation (e.g. generator rates out of range).
    #[error("{0}")]
    Usage(String),
    /// An invariant of the count failed: a bug, never a property of the input.
    #[error("internal check failed: {0}")]
    Invariant(String),
}

impl Error {
    /// A box (or its header) names a station the manifest does not list.
    pub fn unknown_station(path: &Path, station: &str) -> Self {
        Error::BoxFile(LocatedErrors::one(
            path,
            Some(1),
            "station",
            format!("station {station:?} is not in the manifest"),
        ))
    }

    /// The exit status this error maps to: 2 for bad input or usage, 1 for a failed check.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invariant(_) | Error::Check(_) => 1,
            _ => 2,
        }
    }

    /// Wraps an I/O error with its path.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), source }
    }
}

/// Reads a whole file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = Vec::new();
    f.take(limit + 1).read_to_end(&mut buf).map_err(|e| Error::io(path, e))?;
    if buf.len() as u64 > limit {
        return Err(Error::TooLarge { path: path.display().to_string(), limit });
    }
    Ok(buf)
}

/// Writes a file atomically: a temporary file beside it, synced, then renamed over it; readable by
/// all (mode 0644 on Unix), as published files are.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_mode(path, bytes, 0o644)
}

/// Writes a new file the same way, with a Unix file mode (e.g. 0600 for a secret key), refusing to
/// replace an existing one. The mode is set before the file gets its name, so it is never visible
/// with a wider one.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    write_via_temp(path, bytes, mode, false)
}

fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    write_via_temp(path, bytes, mode, true)
}

fn write_via_temp(path: &Path, bytes: &[u8], mode: u32, replace: bool) -> Result<(), Error> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    if replace {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| Error::io(path, e.error))?;
    }
    // Make the rename itself durable.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
