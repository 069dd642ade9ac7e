//! Files as every stage reads and writes them: reading whole files with a size limit, and writing
//! through a temporary file that is synced and then renamed, so that nothing is ever half-written.
//! Shared by every stage; imports nothing of Zheng but its error type.

use std::io::Read;
use std::path::Path;

use crate::error::Error;

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
