//! Counting day over the network: the collector.
//!
//! Takes in signed station results (and, optionally, their published ballots) over HTTP, for the
//! elections whose manifests it was started with; gives out a signed receipt for each result it
//! stores, a refusal for each it does not, a public append-only log of everything it stored (RFC
//! 6962, served as C2SP tiles, its heads C2SP checkpoints signed by the collector), and the results
//! themselves for `zheng merge --store`. One file per concept: [`store`] (SQLite), [`check`] (the
//! store checked before anything is served or signed), [`log`] (the Merkle log, checkpoints,
//! tiles), [`receipt`], [`writer`] (group commit), [`server`] (HTTP, its sockets and bodies
//! bounded by [`crate::net`]), and the township's live [`board`].
//!
//! Imports [`crate::law`], [`crate::seal`], [`crate::audit`], [`crate::report`] and the shared
//! modules.

pub mod board;
pub mod check;
pub mod log;
pub mod receipt;
pub mod server;
pub mod store;
pub mod witnesses;
pub mod writer;

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;

use crate::audit::merge::{self, Input, Merged};
use crate::audit::source::{self, ResultStore, Source};
use crate::error::{Error, Refusal, StoreProblem};
use crate::seal::result::ResultFile;
use crate::vote::manifest::Election;
use crate::words::Lang;
use log::TreeHash;
use store::Store;

/// Who has reported for an election: the stations with an accepted result, those missing, those
/// with a conflicting one, and the refusals answered — `zheng collect status` and the server's
/// `/status`.
pub fn status(s: &Store, e: &Election) -> Result<serde_json::Value, Error> {
    let subs = s.submissions(e.id())?;
    let mut reported = Vec::new();
    let mut conflicts = Vec::new();
    for st in e.stations() {
        let mine: Vec<_> = subs.iter().filter(|x| x.station == st.id).collect();
        if mine.iter().any(|x| x.status == "accepted") {
            reported.push(st.id.clone());
        }
        if mine.iter().any(|x| x.status == "conflict") {
            conflicts.push(st.id.clone());
        }
    }
    let missing: Vec<&str> =
        e.stations().iter().filter(|st| !reported.contains(&st.id)).map(|st| st.id.as_str()).collect();
    let mut refusals: BTreeMap<String, u64> = BTreeMap::new();
    for (_, code, n) in s.refusals(e.id())? {
        *refusals.entry(code).or_default() += n;
    }
    Ok(serde_json::json!({
        "election": e.id(),
        "stations": e.stations().len(),
        "reported": reported,
        "missing": missing,
        "conflicts": conflicts,
        "refusals": refusals,
        "stored": subs.len(),
        "log_size": s.size()?,
        "witnesses": witnesses::status(s)?,
    }))
}

/// Merges what the store holds for an election exactly as `zheng merge` merges the same result
/// files: every stored result (a conflict included), with its published ballots when they were
/// sent — written to `ballots_dir` (ballots are checked from files, streamed).
pub fn merged(s: &Store, e: &Election, ballots_dir: Option<&Path>) -> Result<Merged, Error> {
    let mut inputs = Vec::new();
    for sub in s.submissions(e.id())? {
        let file = ResultFile::from_bytes(&sub.result).map_err(Error::Refusal)?;
        let ballots = match ballots_dir {
            Some(dir) if sub.has_ballots => {
                let p = dir.join(format!("{}-{}.ballots.jsonl", sub.index, sub.station));
                s.copy_ballots(sub.index, &p)?;
                Some(p)
            }
            _ => None,
        };
        inputs.push(Input { path: format!("store#{}:{}", sub.index, sub.station).into(), file, ballots });
    }
    Ok(merge::merge(e, inputs))
}

/// A collector's store as the audit reads votes from it: its manifests, and what it holds for one
/// election merged as [`merged`] merges it.
impl ResultStore for Store {
    fn manifests(&self) -> Result<Vec<(String, String)>, Error> {
        Store::manifests(self)
    }

    fn merged(&self, e: &Election, ballots: Option<&Path>) -> Result<Merged, Error> {
        merged(self, e, ballots)
    }
}

/// A proof as text: `KIND A B` on the first line (inclusion: index and size; consistency: old and
/// new size), then one base64 hash a line.
pub fn proof_text(kind: &str, a: u64, b: u64, proof: &[TreeHash]) -> String {
    let mut t = format!("{kind} {a} {b}\n");
    for h in proof {
        t.push_str(&base64::engine::general_purpose::STANDARD.encode(h.0));
        t.push('\n');
    }
    t
}

/// Reads a proof written by [`proof_text`].
pub fn parse_proof(text: &str, kind: &str) -> Result<(u64, u64, Vec<TreeHash>), Refusal> {
    let bad = |why: &str| Refusal::ProofFails { why: format!("not a {kind} proof: {why}") };
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap_or("").split(' ').collect();
    let [k, a, b] = head[..] else { return Err(bad("its first line is not `KIND A B`")) };
    if k != kind {
        return Err(bad(&format!("it is a {k} proof")));
    }
    let (a, b) = (a.parse().map_err(|_| bad("A is not a number"))?, b.parse().map_err(|_| bad("B is not a number"))?);
    let mut hashes = Vec::new();
    for l in lines.filter(|l| !l.is_empty()) {
        let h = base64::engine::general_purpose::STANDARD.decode(l).map_err(|_| bad("a hash is not base64"))?;
        hashes.push(TreeHash(h.try_into().map_err(|_| bad("a hash is not 32 bytes"))?));
    }
    if hashes.len() > 128 {
        return Err(bad("too long"));
    }
    Ok((a, b, hashes))
}

/// A collector ready to serve: its routes, its writer's thread, and the log's name and key.
pub struct Started {
    /// The routes, bounded.
    pub app: axum::Router,
    /// The writer; it ends once the routes (and every request in flight) are dropped.
    pub writer: std::thread::JoinHandle<()>,
    /// The log's origin line.
    pub origin: String,
    /// The collector's public key.
    pub public: ed25519_dalek::VerifyingKey,
    /// Where the collector's key was written this time, and whether it was moved out of an
    /// earlier store (no `--key` given); `None` when the key was given or already beside the store.
    pub key_written: Option<(std::path::PathBuf, bool)>,
    /// The store holds entries but no newest checkpoint was beside it (`DB.checkpoint`): an older
    /// copy put back could not be told from it this time (the file is written again at the next
    /// commit). The operator is told.
    pub head_file_missing: bool,
}

/// A file beside the store: its name with `suffix` added (`collector.db` → `collector.db.key`).
pub fn beside(store: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = store.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}"));
    store.with_file_name(name)
}

/// The collector's key: the one given, or the key file beside the store (`<store>.key`, mode 0600,
/// made at the store's first start). A secret an earlier Zheng kept inside the store is moved to
/// that file and wiped from the store. Returns the key and, when a key file was written now, its
/// path and whether it was moved.
fn collector_key(
    s: &Store,
    store: &Path,
    given: Option<ed25519_dalek::SigningKey>,
) -> Result<(ed25519_dalek::SigningKey, Option<(std::path::PathBuf, bool)>), Error> {
    let legacy = s.legacy_secret()?;
    let file = beside(store, "key");
    let (key, written) = match given {
        Some(k) => (k, None),
        None if file.exists() => (crate::seal::keys::load(&file)?, None),
        None if legacy.is_none() && s.has_key()? => {
            // The store's log is signed by a key given with --key before: never make another.
            return Err(s.problem(StoreProblem::KeyGivenBefore { file: file.display().to_string() }));
        }
        None => {
            let (k, moved) = match &legacy {
                Some(k) => (k.clone(), true),
                None => (crate::seal::keys::generate()?, false),
            };
            crate::seal::keys::write_new(&file, &k)?;
            (k, Some((file, moved)))
        }
    };
    if legacy.is_some_and(|l| l.to_bytes() == key.to_bytes()) {
        s.forget_legacy_secret()?;
    }
    Ok((key, written))
}

/// Opens (or creates) the store, records the manifests (refusing one that differs from the one
/// stored for its election), takes the collector's key, checks the store's log against it
/// ([`check`]: a store that does not hold the log this key signed is refused), and starts the
/// writer.
pub fn start(
    manifests: &[crate::seal::manifest::Manifest],
    store: &Path,
    key: Option<ed25519_dalek::SigningKey>,
    limits: &server::Limits,
) -> Result<Started, Error> {
    start_witnessed(manifests, store, key, limits, &witnesses::Witnessing::default())
}

/// [`start`], with witnesses: every new checkpoint is sent to each of them ([`witnesses`]).
pub fn start_witnessed(
    manifests: &[crate::seal::manifest::Manifest],
    store: &Path,
    key: Option<ed25519_dalek::SigningKey>,
    limits: &server::Limits,
    witnessing: &witnesses::Witnessing,
) -> Result<Started, Error> {
    let s = Store::open(store, true)?;
    for m in manifests {
        s.register(m)?;
    }
    let (key, key_written) = collector_key(&s, store, key)?;
    let public = key.verifying_key();
    s.record_key(&public)?;
    let origin = log::origin_for(&public);
    let head_file = beside(store, "checkpoint");
    let head_file_missing = s.size()? > 0 && !head_file.exists();
    let head = check::check(&s, &public, &origin, Some(&head_file)).map_err(|e| match e {
        Error::Refusal(r) => Error::refused(store, r),
        other => other,
    })?;
    let reader = Store::open_read_only(store)?;
    let vkeys: Vec<String> = witnessing.witnesses.iter().map(|w| w.vkey.to_string()).collect();
    s.record_witnessing(&vkeys, witnessing.quorum)?;
    let (told, listen): (Vec<_>, Vec<_>) = witnessing.witnesses.iter().map(|_| std::sync::mpsc::channel()).unzip();
    let signer = writer::Signer { key, origin: origin.clone(), head, head_file, witnesses: told };
    let (jobs, writer) = writer::spawn(s, signer);
    witnesses::spawn(&witnessing.witnesses, listen, store, jobs.downgrade());
    let elections = manifests.iter().map(|m| m.election().clone()).collect();
    let c = std::sync::Arc::new(server::Collector::new(elections, jobs, reader, origin.clone(), public, limits));
    Ok(Started { app: server::router(c, limits), writer, origin, public, key_written, head_file_missing })
}

/// The printable report of what the store holds for an election: its verified results merged (a
/// provisional count, marked so, while stations are missing and `partial` allows it), each box's
/// seal, and the commands that re-check it from the store; and whether the vote stands.
pub fn report(s: &Store, e: &Election, store_shown: &str, partial: bool, lang: Lang) -> Result<(String, bool), Error> {
    let source = Source::Store { store: s, election: e, shown: store_shown.to_string(), recount: false };
    source::count(source, partial)?.map_err(Error::from)?.report(lang)
}
