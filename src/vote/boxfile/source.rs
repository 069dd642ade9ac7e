//! Where a box file comes from — a file by its path, a file in a folder opened once for all the
//! files in it, or bytes in memory — and its scan from there ([`super::scan`]).

use std::path::{Path, PathBuf};

use super::{Records, Scanned, scan, scan_reader};
use crate::error::Error;
use crate::vote::ballot::{BallotBatch, Schema};

/// Where a box file comes from: a file, or bytes already in memory (the demo's embedded fixtures,
/// benchmarks).
#[derive(Debug, Clone)]
pub enum BoxSource<'a> {
    /// A file on disk.
    File(PathBuf),
    /// Bytes, with the name errors give them.
    Memory(PathBuf, &'a [u8]),
    /// A file opened in its folder, the folder opened once for all of a command's files in it
    /// ([`crate::files::folder`]): the folder, the file's path as given, and where its name begins
    /// in that path.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    InFolder(std::sync::Arc<crate::files::folder::Folder>, PathBuf, usize),
}

impl<'a> BoxSource<'a> {
    /// The name errors give.
    pub fn name(&self) -> &Path {
        match self {
            BoxSource::File(p) | BoxSource::Memory(p, _) => p,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            BoxSource::InFolder(_, p, _) => p,
        }
    }

    /// Box files, each opened in its folder when its path is written as a folder and a name in it
    /// and the folder opens — one folder opened once for all the files in it; else by its path.
    pub fn files(paths: impl IntoIterator<Item = PathBuf>) -> Vec<BoxSource<'a>> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let paths: Vec<PathBuf> = paths.into_iter().collect();
            let folders = crate::files::folder::open_folders(&paths);
            paths
                .into_iter()
                .zip(folders)
                .map(|(p, folder)| match folder {
                    Some((f, at)) => BoxSource::InFolder(f, p, at),
                    None => BoxSource::File(p),
                })
                .collect()
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        paths.into_iter().map(BoxSource::File).collect()
    }

    /// [`scan`]s the box: the file opened here, or the bytes read as they are.
    pub fn scan<T, M>(&self, schema: &Schema<'_>, records: Records, map: M) -> Result<Scanned<T>, Error>
    where
        T: Send,
        M: Fn(&BallotBatch, &[&[u8]]) -> T + Sync,
    {
        match self {
            BoxSource::File(p) => scan(p, schema, records, map),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            BoxSource::InFolder(folder, p, at) => {
                use std::os::unix::ffi::OsStrExt;
                let name = Path::new(std::ffi::OsStr::from_bytes(&p.as_os_str().as_bytes()[*at..]));
                scan_reader(p, folder.open_regular_sized(name, p)?, schema, records, map)
            }
            BoxSource::Memory(p, bytes) => scan_reader(p, (*bytes, bytes.len() as u64), schema, records, map),
        }
    }
}
