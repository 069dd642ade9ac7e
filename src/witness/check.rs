//! The witness's decision, pure: a request to `add-checkpoint`, the logs the witness witnesses and
//! what it last cosigned for the checkpoint's log → the cosignature and the new state, or the
//! refusal c2sp.org/tlog-witness names, in its order:
//!
//! 1. the checkpoint's origin is no log the witness witnesses → `404` ([`Refusal::UnknownLog`]);
//! 2. no valid signature by a key trusted for that log, or one by such a key that fails → `403`
//!    ([`Refusal::BadLogSignature`]);
//! 3. `old` larger than the checkpoint's size → `400` ([`Refusal::OldSizeTooLarge`]);
//! 4. `old` not the size the witness last cosigned for the log (0 if none) → `409`
//!    ([`Refusal::OldSizeMismatch`], the answer carries that size);
//! 5. a checkpoint of size 0 whose root is not the empty tree's → `422`;
//! 6. from 0, a proof that is not empty → `422`; from the size last cosigned, the same size with
//!    another root (a fork: [`Refusal::RootDiffers`]) or a consistency proof that does not hold
//!    ([`Refusal::NotConsistent`]) → `422`.
//!
//! Steps 1–3 need no state ([`check_signed`]); 4–6 compare with what was cosigned
//! ([`check_against`]) and run inside the store's transaction, so that the comparison and the new
//! state are one atomic step. Together ([`decide`]) they never cosign a smaller tree (`old` must be
//! the last size, and at most the new one) nor two roots for one size.

use std::collections::BTreeMap;

use tlog_tiles::Hash;

use crate::error::{Refusal, VkeyFault};
use crate::seal::cosignature::{Cosigner, KeyType, Vkey, shown};
use crate::seal::tlog_witness::AddCheckpoint;

/// The logs a witness witnesses: each origin with the vkeys it trusts for it (a log's key name is
/// its origin, as c2sp.org/tlog-checkpoint recommends and Zheng's collector does).
#[derive(Debug, Clone, Default)]
pub struct Logs {
    by_origin: BTreeMap<String, Vec<Vkey>>,
}

impl Logs {
    /// The logs of these vkeys (type 0x01; several for one origin when a log rotates its key).
    pub fn new(keys: impl IntoIterator<Item = Vkey>) -> Result<Logs, Refusal> {
        let mut by_origin: BTreeMap<String, Vec<Vkey>> = BTreeMap::new();
        for k in keys {
            if k.kind() != KeyType::Log {
                let fault = VkeyFault::Type { found: k.kind().byte(), expected: KeyType::Log.byte() };
                return Err(Refusal::BadVkey { vkey: shown(&k.to_string()), fault });
            }
            let same = by_origin.entry(k.name().to_string()).or_default();
            if !same.contains(&k) {
                same.push(k);
            }
        }
        Ok(Logs { by_origin })
    }

    /// The vkeys trusted for a log, if the witness witnesses it.
    pub fn keys(&self, origin: &str) -> Option<&[Vkey]> {
        self.by_origin.get(origin).map(Vec::as_slice)
    }

    /// The logs' origins, in order.
    pub fn origins(&self) -> impl Iterator<Item = &str> {
        self.by_origin.keys().map(String::as_str)
    }
}

/// What the witness last cosigned for a log: the checkpoint's size and root.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latest {
    /// The tree's size.
    pub size: u64,
    /// Its root hash.
    pub root: Hash,
}

/// Steps 1–3: the log known, its signature, `old` at most the checkpoint's size. Gives the log's
/// verified signature lines (kept with the checkpoint, for the monitors).
pub fn check_signed(logs: &Logs, req: &AddCheckpoint) -> Result<Vec<String>, Refusal> {
    let cp = &req.checkpoint;
    let keys = logs.keys(cp.origin()).ok_or_else(|| Refusal::UnknownLog { origin: shown(cp.origin()) })?;
    let lines = cp.verify_log(keys)?;
    if req.old > cp.size() {
        return Err(Refusal::OldSizeTooLarge { old: req.old, size: cp.size() });
    }
    Ok(lines)
}

/// Steps 4–6: the request against what the witness last cosigned for the log (`None`: nothing).
pub fn check_against(latest: Option<Latest>, req: &AddCheckpoint) -> Result<(), Refusal> {
    let (size, root) = (req.checkpoint.size(), req.checkpoint.root());
    let held = latest.map_or(0, |l| l.size);
    if req.old != held {
        return Err(Refusal::OldSizeMismatch { old: req.old, latest: held });
    }
    if size == 0 && root != tlog_tiles::EMPTY_HASH {
        return Err(Refusal::EmptyTreeRoot);
    }
    let not_consistent = Refusal::NotConsistent { old: held, size };
    match latest {
        None | Some(Latest { size: 0, .. }) if req.proof.is_empty() => Ok(()),
        None | Some(Latest { size: 0, .. }) => Err(Refusal::ProofFromEmptyTree),
        Some(l) if l.size == size && l.root != root => Err(Refusal::RootDiffers { size }),
        Some(l) => tlog_tiles::check_tree(&req.proof, size, root, l.size, l.root).map_err(|_| not_consistent),
    }
}

/// What the witness cosigned: its new state for the log, the cosignature line it answers, and
/// the checkpoint as it keeps it for monitors (the text, the log's verified signature lines, the
/// cosignature).
#[derive(Debug, Clone, PartialEq)]
pub struct Cosigned {
    /// The new latest.
    pub latest: Latest,
    /// The cosignature's timestamp (seconds since the epoch).
    pub time: u64,
    /// The cosignature line (`— <name> base64(…)` and a newline): the answer's body.
    pub line: String,
    /// The checkpoint with the log's signatures and this cosignature.
    pub note: Vec<u8>,
}

/// The cosignature of a checked request at `now` (seconds since the epoch).
pub fn cosign(cosigner: &Cosigner, req: &AddCheckpoint, log_lines: &[String], now: u64) -> Result<Cosigned, Refusal> {
    let cp = &req.checkpoint;
    let line = cosigner.cosign(cp.text(), now)?;
    let mut note = cp.text().to_vec();
    note.push(b'\n');
    for l in log_lines.iter().chain([&line]) {
        note.extend_from_slice(l.as_bytes());
    }
    Ok(Cosigned { latest: Latest { size: cp.size(), root: cp.root() }, time: now, line, note })
}

/// The whole decision: [`check_signed`], [`check_against`], then [`cosign`].
pub fn decide(
    logs: &Logs,
    latest: Option<Latest>,
    req: &AddCheckpoint,
    cosigner: &Cosigner,
    now: u64,
) -> Result<Cosigned, Refusal> {
    let lines = check_signed(logs, req)?;
    check_against(latest, req)?;
    cosign(cosigner, req, &lines, now)
}

#[cfg(test)]
mod tests;
