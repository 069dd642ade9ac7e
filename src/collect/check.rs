//! The store checked before the collector serves or signs anything from it.
//!
//! Takes in an open store, the collector's public key and the log's origin (and the newest
//! checkpoint the collector wrote beside the store, if any); gives out the newest signed tree (size
//! and root) the writer must extend, or the first [`LogDefect`] found. Every stored entry is read
//! once, in order (after every stored manifest is matched to its stored hash): its result decoded
//! and matched to its id, its status re-derived, every stored
//! hash of the tree recomputed from the entries, every stored checkpoint's signature checked and
//! its root compared with the tree of its size, the newest checkpoint required to cover exactly the
//! stored entries, and every receipt verified against its result. A store that fails is never
//! served: a collector that signed a checkpoint over a changed tree would sign a fork of its own
//! log.

use std::collections::HashMap;
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use tlog_tiles::HashReader;

use crate::collect::log::{self, LogEntry, TreeHash};
use crate::collect::receipt::Receipt;
use crate::collect::store::{LogRow, Store};
use crate::error::{Error, LogDefect, Refusal};
use crate::seal::manifest::Manifest;
use crate::seal::result::ResultFile;

/// The newest tree the collector signed: its size and root (size 0: nothing logged yet).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head {
    /// Entries in the tree.
    pub size: u64,
    /// Its root (the empty tree's for size 0).
    pub root: TreeHash,
}

/// The hashes of the tree recomputed in memory, in `tlog_tiles`' numbering.
struct Recomputed(Vec<TreeHash>);

impl HashReader for Recomputed {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<TreeHash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i).ok().and_then(|i| self.0.get(i)).copied().ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl Recomputed {
    fn root(&self, size: u64) -> Option<TreeHash> {
        tlog_tiles::tree_hash(size, self).ok()
    }
}

/// Checks the store against the key and origin (and `head_file`, the newest checkpoint written
/// beside the store, when it exists). Returns the newest signed tree.
pub fn check(store: &Store, public: &VerifyingKey, origin: &str, head_file: Option<&Path>) -> Result<Head, Error> {
    let broken = |defect: LogDefect| Error::Refusal(Refusal::LogBroken { defect });
    // The stations `collect status` lists come from the stored manifests: each must still be the
    // manifest its hash names.
    for (id, text, sha) in store.manifests_hashed()? {
        let named = Manifest::from_text(text, Path::new("(stored manifest)"))
            .is_ok_and(|m| m.election().id() == id && m.election().canonical_sha256().as_slice() == sha.as_slice());
        if !named {
            return Err(broken(LogDefect::ManifestChanged { election: id }));
        }
    }
    let mut tree = Recomputed(Vec::new());
    let mut accepted: HashMap<(String, String), Vec<u8>> = HashMap::new();
    let mut size = 0u64;
    store.each_log_row(|row| {
        if row.index != size {
            return Err(broken(LogDefect::EntryMissing { index: size }));
        }
        let entry =
            entry_checked(&row, &mut accepted).ok_or_else(|| broken(LogDefect::EntryChanged { index: size }))?;
        let hashes = tlog_tiles::stored_hashes(size, &entry.to_bytes(), &tree)
            .map_err(|_| broken(LogDefect::EntryChanged { index: size }))?;
        tree.0.extend(hashes);
        receipt_checked(&row, public).ok_or_else(|| broken(LogDefect::ReceiptBad { index: size }))?;
        size += 1;
        Ok(())
    })?;
    let stored = store.stored_hashes()?;
    for (i, want) in tree.0.iter().enumerate() {
        match stored.get(i) {
            Some((id, h)) if *id == i as u64 && h.as_slice() == want.0 => {}
            _ => return Err(broken(LogDefect::HashDiffers { id: i as u64 })),
        }
    }
    if stored.len() > tree.0.len() {
        return Err(broken(LogDefect::HashesBeyond { stored: stored.len() as u64, expected: tree.0.len() as u64 }));
    }
    let mut newest = Head { size: 0, root: empty_root() };
    for (at, note) in store.checkpoints()? {
        let head = signed_head(note.as_bytes(), origin, public)
            .ok_or_else(|| broken(LogDefect::CheckpointUnsigned { size: at }))?;
        if head.size != at || head.size > size || tree.root(head.size) != Some(head.root) {
            return Err(broken(LogDefect::CheckpointDiffers { size: at }));
        }
        newest = head;
    }
    if newest.size != size {
        return Err(broken(LogDefect::CheckpointNotNewest { checkpoint: newest.size, entries: size }));
    }
    if let Some(path) = head_file.filter(|p| p.exists()) {
        let note = crate::files::read_limited(path, 64 * 1024)?;
        let head = signed_head(&note, origin, public).ok_or_else(|| broken(LogDefect::HeadFileUnsigned))?;
        if head.size > size {
            return Err(broken(LogDefect::RolledBack { signed: head.size, entries: size }));
        }
        if tree.root(head.size) != Some(head.root) {
            return Err(broken(LogDefect::CheckpointDiffers { size: head.size }));
        }
    }
    Ok(newest)
}

/// The root of the empty tree (SHA-256 of nothing, RFC 6962).
pub(crate) fn empty_root() -> TreeHash {
    use sha2::Digest as _;
    TreeHash(sha2::Sha256::digest([]).into())
}

/// A checkpoint note's size and root, when signed by the collector under `origin`.
fn signed_head(note: &[u8], origin: &str, public: &VerifyingKey) -> Option<Head> {
    log::open_checkpoint(note, origin, public).ok().map(|(size, root)| Head { size, root })
}

/// The row's log entry, when its result decodes to the id stored and its status is the one its
/// place in the log gives (the station's first accepted result, a conflict after it).
fn entry_checked(row: &LogRow, accepted: &mut HashMap<(String, String), Vec<u8>>) -> Option<LogEntry> {
    let file = ResultFile::from_bytes(&row.result).ok()?;
    if file.id().as_slice() != row.result_id.as_slice() || file.body().station != row.station {
        return None;
    }
    let key = (row.election.clone(), row.station.clone());
    let status = match accepted.get(&key) {
        Some(first) if *first != row.result_id => "conflict",
        Some(_) => return None,
        None => {
            accepted.insert(key, row.result_id.clone());
            "accepted"
        }
    };
    (row.status == status).then(|| LogEntry::new(&row.election, &row.station, &row.result))
}

/// Whether the row's receipt is the collector's, for this entry, and proves it in its checkpoint.
fn receipt_checked(row: &LogRow, public: &VerifyingKey) -> Option<()> {
    let r = Receipt::from_bytes(&row.receipt).ok()?;
    let b = r.body();
    let same =
        b.log_index == row.index && b.election == row.election && b.station == row.station && b.status == row.status;
    (same && r.verify(public, &row.result).is_ok()).then_some(())
}
