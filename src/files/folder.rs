//! A folder opened once, the files named in it opened relative to it: a count of ten thousand box
//! files in one folder walked the folder's whole path again for each (the kernel's look-up of each
//! of its names: half a microsecond a file, a fortieth of counting ten thousand boxes of a hundred
//! ballots — issue 23).
//!
//! A path is opened in its folder only when it is, byte for byte, that folder, a `/` and a name
//! (not `.` or `..`): `a/b/` or `a/.` are opened as they are written. A file is refused, or its
//! error said, exactly as [`super::open_regular_sized`] refuses it or says it, naming the path as
//! given. A folder is opened only when it holds two of the command's files or more (a file alone
//! in its folder would cost two walks, not one), at most [`MOST_OPEN`] of them (a folder a station
//! is ten thousand folders: each held open would use up the process's files), and held only for
//! one command's files.

use std::fs::File;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

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

/// Folders opened at most for one command's files.
pub const MOST_OPEN: usize = 64;

/// For each of `paths`, its folder opened — shared by the paths in it — and where its name begins
/// in it: when the path is written as a folder and a name, the folder holds two of the paths or
/// more and is among the first [`MOST_OPEN`] such, and it opens. Else none: the path is opened as
/// written.
pub fn open_folders(paths: &[PathBuf]) -> Vec<Option<(Arc<Folder>, usize)>> {
    let split: Vec<Option<(&[u8], usize)>> = paths.iter().map(|p| folder_of(p)).collect();
    // Taken a run of paths in the same folder at a time (a count's boxes are mostly in one: its
    // bytes hashed once a run, not once a path).
    let runs = || split.chunk_by(|a, b| a.map(|(f, _)| f) == b.map(|(f, _)| f));
    let mut files: FxHashMap<&[u8], usize> = FxHashMap::default();
    for run in runs() {
        if let Some(Some((f, _))) = run.first() {
            *files.entry(f).or_default() += run.len();
        }
    }
    let mut opened: FxHashMap<&[u8], Option<Arc<Folder>>> = FxHashMap::default();
    let mut tried = 0;
    let mut out = Vec::with_capacity(paths.len());
    for run in runs() {
        let folder = run.first().copied().flatten().and_then(|(f, _)| {
            let folder = opened.entry(f).or_insert_with(|| {
                let open = files.get(f).is_some_and(|&n| n >= 2) && tried < MOST_OPEN;
                tried += usize::from(open);
                let path = Path::new(std::ffi::OsStr::from_bytes(f));
                open.then(|| Folder::open(path).ok().map(Arc::new)).flatten()
            });
            folder.clone()
        });
        out.extend(run.iter().map(|place| Some((folder.clone()?, place.as_ref()?.1))));
    }
    out
}

/// The folder of `path` as its bytes, and where its name begins, when it is written so ([`split`]).
fn folder_of(path: &Path) -> Option<(&[u8], usize)> {
    let (folder, name) = split(path)?;
    Some((folder.as_os_str().as_bytes(), path.as_os_str().len() - name.as_os_str().len()))
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

    /// A folder is opened for two of the paths or more, once, and at most [`MOST_OPEN`] folders; a
    /// path alone in its folder, or not written as a folder and a name, is opened as written.
    #[test]
    fn a_folder_is_opened_once_for_two_files_or_more_and_few_are() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let mut paths: Vec<PathBuf> = ["a", "b", "c"].iter().map(|n| format!("{d}/{n}").into()).collect();
        paths.push(format!("{d}/alone/x").into());
        paths.push("bare".into());
        std::fs::create_dir(dir.path().join("alone")).unwrap();
        let opened = open_folders(&paths);
        let shared = |i: usize, j: usize| Arc::ptr_eq(&opened[i].as_ref().unwrap().0, &opened[j].as_ref().unwrap().0);
        assert!(shared(0, 1) && shared(1, 2));
        assert_eq!(opened[0].as_ref().map(|(_, at)| *at), Some(d.len() + 1));
        assert!(opened[3].is_none() && opened[4].is_none());
        let many: Vec<PathBuf> = (0..MOST_OPEN + 3)
            .flat_map(|i| [format!("{d}/f{i}/a"), format!("{d}/f{i}/b")])
            .map(PathBuf::from)
            .collect();
        for i in 0..MOST_OPEN + 3 {
            std::fs::create_dir(dir.path().join(format!("f{i}"))).unwrap();
        }
        let opened = open_folders(&many);
        assert_eq!(opened.iter().flatten().count(), 2 * MOST_OPEN);
        assert!(opened[2 * MOST_OPEN..].iter().all(Option::is_none));
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
