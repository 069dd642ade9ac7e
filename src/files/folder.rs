//! A folder opened once, the files named in it opened relative to it: a count of ten thousand box
//! files in one folder walked the folder's whole path again for each (the kernel's look-up of each
//! of its names: half a microsecond a file, a fortieth of counting ten thousand boxes of a hundred
//! ballots — issue 23).
//!
//! A path is opened in its folder only when it is, byte for byte, that folder, a `/` and a name
//! (not `.` or `..`): `a/b/` or `a/.` are opened as they are written. A file is refused, or its
//! error said, exactly as [`super::open_regular_sized`] refuses it or says it, naming the path as
//! given. The folder is held only for one command's files.

use std::fs::File;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

use crate::error::Error;

/// An open folder, to open files in by name.
#[derive(Debug)]
pub struct Folder(OwnedFd);

impl Folder {
    /// The folder at `path`, opened only to open files in it.
    pub fn open(path: &Path) -> std::io::Result<Folder> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Ok(Folder(rustix::fs::open(path, flags, Mode::empty())?))
    }

    /// The regular file `name` in this folder, with its length — as [`super::open_regular_sized`]
    /// opens it (without blocking, never a controlling terminal), `path` naming it in errors.
    pub fn open_regular_sized(&self, name: &Path, path: &Path) -> Result<(File, u64), Error> {
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.0, name, flags, Mode::empty()).map_err(|e| Error::io(path, e.into()))?;
        super::regular_sized(File::from(fd), path)
    }
}

/// `path` as a folder and a name in it, when it is written so: the bytes before its last `/` (`/`
/// itself for a file at the root) and a name after it that is not `.` or `..`.
pub fn split(path: &Path) -> Option<(&Path, &Path)> {
    let bytes = path.as_os_str().as_bytes();
    let slash = memchr::memrchr(b'/', bytes)?;
    let name = &bytes[slash + 1..];
    if name.is_empty() || name == b"." || name == b".." {
        return None;
    }
    let folder = if slash == 0 { &bytes[..1] } else { &bytes[..slash] };
    Some((Path::new(std::ffi::OsStr::from_bytes(folder)), Path::new(std::ffi::OsStr::from_bytes(name))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path is split at its last `/` only when a name follows it; anything else is opened as
    /// written.
    #[test]
    fn a_path_is_split_into_its_folder_and_name_only_when_written_so() {
        let s = |p: &'static str| split(Path::new(p)).map(|(f, n)| (f.to_str().unwrap(), n.to_str().unwrap()));
        assert_eq!(s("boxes/a.jsonl"), Some(("boxes", "a.jsonl")));
        assert_eq!(s("/work/b/c.jsonl"), Some(("/work/b", "c.jsonl")));
        assert_eq!(s("/c.jsonl"), Some(("/", "c.jsonl")));
        assert_eq!(s("x//c"), Some(("x/", "c")));
        for whole in ["a.jsonl", "a/", "a/.", "a/..", "", "/"] {
            assert_eq!(s(whole), None, "{whole}");
        }
    }

    /// A file opened in its folder is opened, refused and named in errors as it is opened by its
    /// path: a regular file with its length, a folder refused, a missing file's error alike.
    #[test]
    fn a_file_opened_in_its_folder_is_as_one_opened_by_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("box.jsonl"), b"12345").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        for name in ["box.jsonl", "sub", "missing"] {
            let path = dir.path().join(name);
            let inside = folder.open_regular_sized(Path::new(name), &path).map(|(_, len)| len);
            let whole = super::super::open_regular_sized(&path).map(|(_, len)| len);
            assert_eq!(format!("{inside:?}"), format!("{whole:?}"), "{name}");
        }
        assert_eq!(folder.open_regular_sized(Path::new("box.jsonl"), Path::new("x")).unwrap().1, 5);
    }
}
