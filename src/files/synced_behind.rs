//! A large file synced while it is written: another thread asks the disk to keep what is written so
//! far, so that the sync at the end waits only for the last few megabytes instead of the whole file.

use std::fs::File;
use std::io::Write;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;

/// Bytes written between two requests to sync.
const STEP: u64 = 4 << 20;

/// A writer over a file that, every [`STEP`] bytes, has a helper thread sync the file's data so far
/// (`fdatasync` on a second handle of the same file) while writing goes on. The file is durable only
/// once the caller syncs it after [`SyncedBehind::finish`]: the helper only starts the disk early.
/// An error a helper's sync met is returned by `finish` — the caller's own sync might not see it
/// again, the error being reported once per open file. A writer dropped without `finish` (its
/// writing failed) leaves the helper to end its last sync alone, on a file the caller removes.
pub(super) struct SyncedBehind<'f> {
    file: &'f File,
    /// Bytes written since the last request.
    since: u64,
    helper: Option<(Sender<()>, JoinHandle<std::io::Result<()>>)>,
}

impl<'f> SyncedBehind<'f> {
    pub(super) fn new(file: &'f File) -> Self {
        SyncedBehind { file, since: 0, helper: None }
    }

    /// Asks the helper (started the first time) to sync what is written so far; requests that come
    /// while it syncs are served by one more sync. Without a second handle or a thread, there is
    /// no helper: the caller's sync does it all.
    fn request(&mut self) {
        if self.helper.is_none() {
            let Ok(second) = self.file.try_clone() else { return };
            let (tx, rx) = channel::<()>();
            let started = std::thread::Builder::new().spawn(move || {
                while rx.recv().is_ok() {
                    while rx.try_recv().is_ok() {}
                    second.sync_data()?;
                }
                Ok(())
            });
            let Ok(thread) = started else { return };
            self.helper = Some((tx, thread));
        }
        if let Some((tx, _)) = &self.helper {
            // A helper that stopped has met an error: `finish` says which.
            let _ = tx.send(());
        }
    }

    /// Waits for the helper's last sync; its error, if it met one.
    pub(super) fn finish(mut self) -> std::io::Result<()> {
        match self.helper.take() {
            Some((tx, thread)) => {
                drop(tx);
                thread.join().unwrap_or_else(|_| Err(std::io::ErrorKind::Other.into()))
            }
            None => Ok(()),
        }
    }
}

impl Write for SyncedBehind<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = (&mut &*self.file).write(bytes)?;
        self.since += n as u64;
        if self.since >= STEP {
            self.since = 0;
            self.request();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        (&mut &*self.file).flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek};

    /// What is written through it is the file, byte for byte, past several requests to sync.
    #[test]
    fn the_file_is_what_was_written() {
        let mut f = tempfile::tempfile().unwrap();
        let block: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        let mut w = SyncedBehind::new(&f);
        for _ in 0..9 {
            w.write_all(&block).unwrap();
        }
        w.write_all(b"end").unwrap();
        assert!(w.helper.is_some(), "a helper synced");
        w.finish().unwrap();
        let mut back = Vec::new();
        f.rewind().unwrap();
        f.read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), 9 * block.len() + 3);
        assert!(back.chunks(block.len()).take(9).all(|c| c == &block[..]));
        assert!(back.ends_with(b"end"));
    }
}
