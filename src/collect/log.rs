//! The collector's public log: every stored submission is an entry of an RFC 6962 Merkle tree,
//! its heads are C2SP checkpoints (c2sp.org/tlog-checkpoint) signed as C2SP signed notes, and the
//! tree is served as C2SP tiles (c2sp.org/tlog-tiles).
//!
//! The tree arithmetic, the proofs and the checkpoint text are the `tlog_tiles` crate's (a port of
//! Go's `sumdb/tlog`), the note format `signed_note`'s. Two things are ours: signatures are made
//! and checked with ed25519-dalek's `verify_strict` (the crate's own verifier is not strict), and
//! tile paths are C2SP's `tile/<L>/<N>` and `tile/entries/<N>` (the crate writes the older
//! `tile/<H>/<L>/…` and `…/data/…` of Go's checksum database).

use bincode::{Decode, Encode};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use signed_note::{Note, Signer, Verifier, VerifierList};
use tlog_tiles::{Checkpoint, HashReader, Tile};

use crate::error::Refusal;
use crate::seal::canonical;

pub use tlog_tiles::Hash as TreeHash;

/// The tiles' height: 2⁸ = 256 hashes a tile (C2SP tlog-tiles).
pub(crate) const TILE_HEIGHT: u8 = 8;
/// Hashes (and entries) in a full tile.
pub(crate) const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;
/// The format of a log entry.
pub(crate) const ENTRY_FORMAT: u32 = 1;

/// One entry of the log: a submission the collector stored (accepted or conflicting), with the
/// result file's exact bytes, so that the log alone holds every result it acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct LogEntry {
    /// [`ENTRY_FORMAT`].
    pub format: u32,
    /// The election id.
    pub election: String,
    /// The station id the result names.
    pub station: String,
    /// The result file (`ZHENGR01…`) as received.
    pub result: Vec<u8>,
}

impl LogEntry {
    /// The entry for a result.
    pub fn new(election: &str, station: &str, result: &[u8]) -> LogEntry {
        LogEntry { format: ENTRY_FORMAT, election: election.into(), station: station.into(), result: result.to_vec() }
    }

    /// Its canonical bytes: what the leaf hashes and the entry tiles carry.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::encode(self)
    }

    /// Its RFC 6962 leaf hash.
    pub fn leaf_hash(&self) -> TreeHash {
        tlog_tiles::record_hash(&self.to_bytes())
    }
}

/// The collector's key as a signed-note signer and verifier: name (the log's origin), key ID
/// (`SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`, first four bytes), Ed25519.
pub(crate) struct NoteKey {
    name: String,
    public: VerifyingKey,
    secret: Option<SigningKey>,
}

impl NoteKey {
    /// The signing side.
    pub fn signer(name: &str, key: &SigningKey) -> NoteKey {
        NoteKey { name: name.into(), public: key.verifying_key(), secret: Some(key.clone()) }
    }

    /// The verifying side.
    pub fn verifier(name: &str, public: VerifyingKey) -> NoteKey {
        NoteKey { name: name.into(), public, secret: None }
    }

    fn id(&self) -> u32 {
        signed_note::key_id(&self.name, &[&[1u8][..], self.public.as_bytes()].concat())
    }
}

impl Signer for NoteKey {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id()
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        let key = self.secret.as_ref().ok_or_else(signature::Error::new)?;
        Ok(key.sign(msg).to_bytes().to_vec())
    }
}

impl Verifier for NoteKey {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id()
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
        self.public.verify_strict(msg, &Signature::from_bytes(&sig)).is_ok()
    }
}

/// The log's origin line for a collector key: `zheng/collector/` and the key's first 8 bytes in hex.
pub fn origin_for(key: &VerifyingKey) -> String {
    format!("zheng/collector/{}", hex::encode(&key.as_bytes()[..8]))
}

/// A signed checkpoint: the note text (checkpoint body, blank line, signature line).
pub fn sign_checkpoint(origin: &str, size: u64, root: TreeHash, key: &SigningKey) -> String {
    let cp = Checkpoint::new(origin, size, root, "").expect("an origin without newlines makes a checkpoint");
    let mut note = Note::new(&cp.to_bytes(), &[]).expect("a checkpoint is a note's text");
    note.add_sigs(&[&NoteKey::signer(origin, key)]).expect("an Ed25519 key signs");
    String::from_utf8(note.to_bytes()).expect("a note is text")
}

/// A checkpoint note checked: signed by the collector's key under `origin` (`verify_strict`), its
/// text a checkpoint of that origin. Returns its size and root.
pub fn open_checkpoint(note: &[u8], origin: &str, key: &VerifyingKey) -> Result<(u64, TreeHash), Refusal> {
    let bad = |why: &str| Refusal::BadCheckpoint { why: why.to_string() };
    let n = Note::from_bytes(note).map_err(|e| bad(&format!("not a signed note ({e})")))?;
    let verifiers = VerifierList::new(vec![Box::new(NoteKey::verifier(origin, *key))]);
    let (verified, _) = n.verify(&verifiers).map_err(|_| Refusal::BadCollectorSignature)?;
    if verified.is_empty() {
        return Err(Refusal::BadCollectorSignature);
    }
    let cp = Checkpoint::from_bytes(n.text()).map_err(|_| bad("its text is not a checkpoint"))?;
    if cp.origin() != origin {
        return Err(bad(&format!("origin {:?}, not {origin:?}", cp.origin())));
    }
    Ok((cp.size(), *cp.hash()))
}

/// An inclusion proof: leaf `index` in the tree of `size` leaves.
pub fn prove_inclusion(r: &impl HashReader, size: u64, index: u64) -> Result<Vec<TreeHash>, Refusal> {
    tlog_tiles::prove_record(size, index, r)
        .map_err(|e| Refusal::ProofFails { why: format!("no inclusion proof: {e}") })
}

/// Checks an inclusion proof of `leaf` at `index` in the tree of `size` leaves and root `root`.
pub(crate) fn check_inclusion(
    proof: &[TreeHash],
    size: u64,
    root: TreeHash,
    index: u64,
    leaf: TreeHash,
) -> Result<(), Refusal> {
    tlog_tiles::check_record(&proof.to_vec(), size, root, index, leaf)
        .map_err(|e| Refusal::ProofFails { why: format!("inclusion of entry {index} in the tree of {size}: {e}") })
}

/// A consistency proof from the tree of `old` leaves to the tree of `new` leaves.
pub fn prove_consistency(r: &impl HashReader, new: u64, old: u64) -> Result<Vec<TreeHash>, Refusal> {
    tlog_tiles::prove_tree(new, old, r).map_err(|e| Refusal::ProofFails { why: format!("no consistency proof: {e}") })
}

/// Checks that the tree of `old` leaves and root `old_root` is a prefix of the tree of `new` leaves
/// and root `new_root`.
pub fn check_consistency(
    proof: &[TreeHash],
    new: u64,
    new_root: TreeHash,
    old: u64,
    old_root: TreeHash,
) -> Result<(), Refusal> {
    tlog_tiles::check_tree(&proof.to_vec(), new, new_root, old, old_root).map_err(|e| Refusal::ProofFails {
        why: format!("the tree of {old} is not a prefix of the tree of {new}: {e}"),
    })
}

/// A tile a client asks for, as C2SP names it: a level of hashes, or the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TileRef {
    /// The tile, as the `tlog_tiles` crate describes it.
    pub tile: Tile,
}

impl TileRef {
    /// Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (N in C2SP's `x123/456` form).
    /// A level past the tree's top (a tile of height 8 has levels 0 to 7) or a partial width
    /// outside 1 to 255 is no tile; checked here, before `tlog_tiles` (which asserts on them).
    pub fn parse(path: &str) -> Option<TileRef> {
        let rest = path.strip_prefix("tile/")?;
        let (level, _) = rest.split_once('/')?;
        if level != "entries" && !matches!(level.parse::<u8>(), Ok(l) if u32::from(l) * u32::from(TILE_HEIGHT) < 64) {
            return None;
        }
        if let Some((_, w)) = rest.rsplit_once(".p/")
            && (!matches!(w.parse::<u64>(), Ok(w) if (1..TILE_WIDTH).contains(&w)) || w.starts_with('0'))
        {
            return None;
        }
        let crate_path = match rest.strip_prefix("entries/") {
            Some(n) => format!("tile/{TILE_HEIGHT}/data/{n}"),
            None => format!("tile/{TILE_HEIGHT}/{rest}"),
        };
        Tile::from_path(&crate_path).ok().map(|tile| TileRef { tile })
    }

    /// Whether this is an entries tile.
    pub(crate) fn is_entries(&self) -> bool {
        self.tile.is_data()
    }

    /// Whether the tile exists in a tree of `size` leaves with exactly its width: full tiles are
    /// 256 wide, the last tile of a level may be partial.
    pub(crate) fn exists_in(&self, size: u64) -> bool {
        let level = if self.is_entries() { 0 } else { u32::from(self.tile.level()) };
        let Some(count) = size.checked_shr(u32::from(TILE_HEIGHT) * level) else { return false };
        let start = self.tile.level_index().saturating_mul(TILE_WIDTH);
        let w = u64::from(self.tile.width());
        start < count && (w == TILE_WIDTH || start + w == count) && start + w <= count
    }

    /// The first leaf (entries tile) or level index (hash tile) it covers, and how many.
    pub fn span(&self) -> (u64, u64) {
        (self.tile.level_index() * TILE_WIDTH, u64::from(self.tile.width()))
    }
}

/// An entries tile's bytes: each entry as a big-endian `u16` length, then its bytes.
pub(crate) fn entry_bundle(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let n = u16::try_from(e.len()).expect("entries are at most 65,535 bytes");
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c2sp_tile_paths_parse_and_are_checked_against_the_tree() {
        let t = TileRef::parse("tile/0/x001/234").unwrap();
        assert_eq!((t.tile.level(), t.tile.level_index(), t.tile.width()), (0, 1234, 256));
        assert!(!t.is_entries());
        let p = TileRef::parse("tile/entries/000.p/5").unwrap();
        assert!(p.is_entries() && p.exists_in(5) && !p.exists_in(6) && !p.exists_in(300));
        let full = TileRef::parse("tile/0/000").unwrap();
        assert!(full.exists_in(256) && full.exists_in(1000) && !full.exists_in(255));
        let up = TileRef::parse("tile/1/000.p/1").unwrap();
        assert!(up.exists_in(256) && up.exists_in(511) && !up.exists_in(512) && !up.exists_in(255));
        assert!(TileRef::parse("nope").is_none() && TileRef::parse("tile/entries/abc").is_none());
        // What once made `tlog_tiles` panic: a partial tile of width 0, a level past the top.
        for bad in ["tile/0/000.p/0", "tile/99/000", "tile/8/000", "tile/0/000.p/256", "tile/0/000.p/01"] {
            assert!(TileRef::parse(bad).is_none(), "{bad}");
        }
        assert!(TileRef::parse("tile/7/000.p/1").is_some());
    }

    #[test]
    fn a_checkpoint_signs_and_opens_only_under_its_key_and_origin() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let origin = origin_for(&key.verifying_key());
        let root = tlog_tiles::record_hash(b"x");
        let note = sign_checkpoint(&origin, 1, root, &key);
        assert!(note.starts_with(&format!("{origin}\n1\n")), "{note}");
        assert_eq!(open_checkpoint(note.as_bytes(), &origin, &key.verifying_key()).unwrap(), (1, root));
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert_eq!(open_checkpoint(note.as_bytes(), &origin, &other), Err(Refusal::BadCollectorSignature));
        let mut flipped = note.clone().into_bytes();
        flipped[origin.len() + 1] = b'2';
        assert!(open_checkpoint(&flipped, &origin, &key.verifying_key()).is_err());
    }
}
