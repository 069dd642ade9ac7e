//! Files as every stage reads and writes them. Every file Zheng reads is opened by [`open_regular`]:
//! a FIFO, a device, a socket or a folder is refused before it can block or stream forever, and
//! whole files are read only with a size limit ([`read_limited`]); box files and published ballots
//! are streamed in blocks with a limit on each line. Writing goes through a temporary file that is
//! synced and then renamed, so that nothing is ever half-written. Shared by every stage; imports
//! nothing of Zheng but its error type.

#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod folder;
pub mod lines;
pub mod sqlite;
mod synced_behind;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Evidence, FileKind};

/// What a path names when it is not a regular file.
pub(crate) fn kind_of(t: &std::fs::FileType) -> FileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return FileKind::Fifo;
        }
        if t.is_socket() {
            return FileKind::Socket;
        }
        if t.is_block_device() || t.is_char_device() {
            return FileKind::Device;
        }
    }
    if t.is_dir() { FileKind::Folder } else { FileKind::Other }
}

/// Opens a file for reading, refusing anything but a regular file. On Unix the file is opened
/// without blocking and without becoming a controlling terminal (a FIFO cannot hang the open) and
/// looked at once open — one look, at what was opened, not at the path; elsewhere the path is
/// looked at first as well.
pub fn open_regular(path: &Path) -> Result<File, Error> {
    open_regular_sized(path).map(|(f, _)| f)
}

/// [`open_regular`], with the file's length as it was once open (what a reader sizes its buffer
/// by: a box of a hundred ballots needs a few kilobytes, not a block of megabytes).
pub fn open_regular_sized(path: &Path) -> Result<(File, u64), Error> {
    #[cfg(not(unix))]
    {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(not_regular(path, &meta.file_type()));
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = options.open(path).map_err(|e| Error::io(path, e))?;
    regular_sized(f, path)
}

/// An open file, with its length, if it is a regular file (named `path` in errors).
pub(crate) fn regular_sized(f: File, path: &Path) -> Result<(File, u64), Error> {
    let meta = f.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta.file_type()));
    }
    Ok((f, meta.len()))
}

/// The refusal of `path`, which is not a regular file but a file of type `t`.
fn not_regular(path: &Path, t: &std::fs::FileType) -> Error {
    Error::NotRegular { path: path.display().to_string(), kind: kind_of(t) }
}

/// What an existing file is, when it is evidence of a count Zheng must never overwrite unasked: a
/// journal, a signed result, a manifest signature, a box file, or a folder (a bundle).
pub(crate) fn evidence_kind(path: &Path) -> Option<Evidence> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_dir() {
        return Some(Evidence::Folder);
    }
    if !meta.is_file() {
        return Some(Evidence::NotRegular);
    }
    let mut head = Vec::new();
    open_regular(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    if head.starts_with(b"SQLite format 3\0") {
        Some(Evidence::Journal)
    } else if head.starts_with(b"ZHENGR01") {
        Some(Evidence::SignedResult)
    } else if head.starts_with(b"ZHENGM01") {
        Some(Evidence::ManifestSignature)
    } else if head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head).starts_with(b"{\"station\"") {
        Some(Evidence::BoxFile)
    } else {
        None
    }
}

/// Whether two paths name the same file (the same device and inode), e.g. `x.jsonl` and
/// `./x.jsonl` or a link to it.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((std::fs::metadata(a), std::fs::metadata(b)), (Ok(x), Ok(y)) if x.dev() == y.dev() && x.ino() == y.ino())
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses an output path that names one of the command's own `inputs` (`--force` or not).
pub fn not_an_input(out: &Path, inputs: &[&Path]) -> Result<(), Error> {
    if inputs.iter().any(|i| same_file(out, i)) {
        return Err(Error::Refusal(crate::error::Refusal::OutputIsAnInput { out: out.display().to_string() }));
    }
    Ok(())
}

/// Refuses to write `out` over evidence: over one of the command's own `inputs` never, over an
/// existing journal, result, manifest signature, box file or folder unless `force`.
pub fn guard_output(out: &Path, inputs: &[&Path], force: bool) -> Result<(), Error> {
    not_an_input(out, inputs)?;
    match evidence_kind(out) {
        Some(what) if !force => {
            Err(Error::Refusal(crate::error::Refusal::WouldOverwrite { out: out.display().to_string(), what }))
        }
        _ => Ok(()),
    }
}

/// Reads a whole regular file of at most `limit` bytes — into room for its length as it was opened
/// (read in doublings, a manifest of ten thousand stations was copied eleven times over).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let (f, len) = open_regular_sized(path)?;
    let mut buf = Vec::new();
    // (Room asked for, not demanded: memory refused is the read's error, naming the file.)
    let _ = buf.try_reserve_exact(usize::try_from(len.min(limit).saturating_add(1)).unwrap_or(0));
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

/// Copies a regular file to `dst` the same way: streamed into a temporary file beside `dst`, synced,
/// then renamed; never held whole in memory.
pub fn copy_atomic(src: &Path, dst: &Path) -> Result<(), Error> {
    let mut from = open_regular(src)?;
    let dir = parent_of(dst);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dst, e))?;
    std::io::copy(&mut from, tmp.as_file_mut()).map_err(|e| Error::io(src, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(dst, e))?;
    tmp.persist(dst).map_err(|e| Error::io(dst, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// The folder a path is in (`.` for a bare name).
pub(crate) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
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
    write_with(path, mode, replace, |w| w.write_all(bytes))
}

/// Writes a file atomically as [`write_atomic`] does, its bytes streamed by `write` through a
/// buffer (a large published file is never held whole in memory), what is written synced behind
/// the writing ([`synced_behind`]: the last sync waits for the last megabytes only).
pub fn write_atomic_streamed(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    write_with(path, 0o644, true, |f| {
        let mut behind = synced_behind::SyncedBehind::new(f);
        let mut w = std::io::BufWriter::with_capacity(1 << 20, &mut behind);
        write(&mut w)?;
        use std::io::Write;
        w.flush()?;
        drop(w);
        behind.finish()
    })
}

fn write_with(
    path: &Path,
    mode: u32,
    replace: bool,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), Error> {
    let dir = parent_of(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    write(tmp.as_file_mut()).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    if replace {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| Error::io(path, e.error))?;
    }
    sync_dir(dir);
    Ok(())
}
