//! Witnesses in the simulation (issue 24): N real witnesses (`zheng::witness`, each on a loopback
//! port of this process with its own store), the devices' receipts checked against the newest
//! checkpoint the witnesses' quorum cosigned, and the `--fork` fault — the collector's key signing
//! another tree of the same size, sent to every witness, each of which must refuse it, and which a
//! client checking the quorum must refuse too.

use std::path::Path;
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use tlog_tiles::{Hash, HashReader};
use zheng::collect::log::{self, LogEntry};
use zheng::collect::receipt::Receipt;
use zheng::collect::witnesses::WitnessAt;
use zheng::seal::cosignature::{KeyType, SignedCheckpoint, Vkey};
use zheng::seal::tlog_witness::AddCheckpoint;
use zheng::seal::witness_policy::Policy;

/// Witnesses serving on loopback ports of this process.
pub struct Witnesses {
    /// Each witness as a collector is given it (vkey and URL).
    pub at: Vec<WitnessAt>,
    stops: Vec<tokio::sync::oneshot::Sender<()>>,
}

impl Witnesses {
    /// Starts `n` witnesses of the log whose vkey is `log` (stores and keys in `dir`).
    pub async fn start(dir: &Path, n: usize, log: &Vkey) -> anyhow::Result<Witnesses> {
        let mut w = Witnesses { at: Vec::new(), stops: Vec::new() };
        for i in 1..=n {
            let limits = zheng::witness::server::Limits::default();
            let config = zheng::witness::Config {
                name: format!("witness-{i}.sim"),
                key: zheng::seal::keys::generate()?,
                logs: vec![log.clone()],
                store: dir.join(format!("witness-{i}.db")),
                limits: limits.clone(),
            };
            let started = zheng::witness::start(config)?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let at = WitnessAt::parse(&format!("{}@http://{}", started.vkey, listener.local_addr()?))?;
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(async move {
                let shutdown = async {
                    let _ = stopped.await;
                };
                zheng::net::serve::serve(listener, started.app, limits.bounds(), None, shutdown, Duration::ZERO).await;
            });
            w.at.push(at);
            w.stops.push(stop);
        }
        Ok(w)
    }

    /// Stops them.
    pub fn stop(self) {
        for s in self.stops {
            let _ = s.send(());
        }
    }

    /// The policy: `quorum` of them.
    pub fn policy(&self, quorum: usize) -> Policy {
        Policy::k_of(self.at.iter().map(|w| w.vkey.clone()).collect(), quorum)
    }
}

/// The log's vkey for a collector's key.
pub fn log_vkey(key: &SigningKey) -> anyhow::Result<Vkey> {
    let public = key.verifying_key();
    Ok(Vkey::new(&log::origin_for(&public), KeyType::Log, public)?)
}

/// Waits (at most `wait`) for the collector at `base` to serve a checkpoint of at least `size`
/// entries cosigned by `policy`'s quorum; its note.
pub async fn witnessed(
    client: &reqwest::Client,
    base: &str,
    size: u64,
    policy: &Policy,
    wait: Duration,
) -> anyhow::Result<SignedCheckpoint> {
    let start = Instant::now();
    loop {
        let a = client.get(format!("{base}/checkpoint/witnessed")).send().await?;
        if a.status().is_success() {
            let cp = SignedCheckpoint::parse(&a.bytes().await?).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            if cp.size() >= size && policy.check(&cp).is_ok() {
                return Ok(cp);
            }
        }
        if start.elapsed() > wait {
            anyhow::bail!("no checkpoint of {size} entries cosigned by the witnesses' quorum after {wait:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Checks each receipt against the witnessed checkpoint `cp` (its quorum checked by `policy`): the
/// receipt's checkpoint is consistent with it (the proof asked of the collector). Gives what to
/// print and whether every receipt holds.
pub async fn check_receipts(
    client: &reqwest::Client,
    base: &str,
    collector: &ed25519_dalek::VerifyingKey,
    receipts: &[&[u8]],
    cp: &SignedCheckpoint,
    policy: &Policy,
) -> anyhow::Result<(String, bool)> {
    let by = policy.check(cp)?;
    let origin = log::origin_for(collector);
    let (new, new_root) = log::open_checkpoint(&cp.to_bytes(), &origin, collector)?;
    let mut bad = 0;
    for r in receipts {
        let receipt = Receipt::from_bytes(r)?;
        let (old, root) = log::open_checkpoint(receipt.body().checkpoint.as_bytes(), &origin, collector)?;
        let url = format!("{base}/v1/proof/consistency?old={old}&new={new}");
        let text = client.get(url).send().await?.text().await?;
        let holds = zheng::collect::parse_proof(&text, "consistency")
            .and_then(|(_, _, proof)| log::check_consistency(&proof, new, new_root, old, root));
        bad += usize::from(holds.is_err());
    }
    let text = format!(
        "witnesses: the checkpoint of {new} entries is cosigned by {} (quorum: {}); {} of {} receipts are in it\n",
        by.join(", "),
        policy.quorum(),
        receipts.len() - bad,
        receipts.len()
    );
    Ok((text, bad == 0))
}

/// A tree in memory.
struct Tree(Vec<Hash>);

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        let get = |&i: &u64| usize::try_from(i).ok().and_then(|i| self.0.get(i).copied());
        indexes.iter().map(|i| get(i).ok_or(tlog_tiles::Error::IndexesNotInTree)).collect()
    }
}

/// The `--fork` fault: the collector's key signs a checkpoint of `size` entries over another tree
/// (entries no station sent), which is sent to every witness as the extension of what it
/// cosigned; each must refuse it (409 or 422). A client checking `policy` must refuse it too.
/// Gives what to print and whether the fork was caught everywhere.
pub async fn fork(
    client: &reqwest::Client,
    key: &SigningKey,
    size: u64,
    witnesses: &Witnesses,
    policy: &Policy,
) -> anyhow::Result<(String, bool)> {
    let mut t = Tree(Vec::new());
    for n in 0..size {
        let e = LogEntry::new("fork", &format!("forged-{n}"), b"ZHENGR01");
        let new = tlog_tiles::stored_hashes(n, &e.to_bytes(), &t)?;
        t.0.extend(new);
    }
    let origin = log::origin_for(&key.verifying_key());
    let note = log::sign_checkpoint(&origin, size, tlog_tiles::tree_hash(size, &t)?, key);
    let mut refused = 0;
    for w in &witnesses.at {
        let body = AddCheckpoint::body(size, &[], note.as_bytes());
        let a = client.post(format!("http://{}{}/add-checkpoint", w.host, w.prefix)).body(body).send().await?;
        refused += usize::from(matches!(a.status().as_u16(), 409 | 422));
    }
    let cp = SignedCheckpoint::parse(note.as_bytes()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let client_refuses = policy.check(&cp).is_err();
    let text = format!(
        "fork: a second checkpoint of {size} entries signed by the collector's key was refused by {refused} of {} witnesses; a client checking the quorum {}\n",
        witnesses.at.len(),
        if client_refuses { "refuses it" } else { "ACCEPTS IT" }
    );
    Ok((text, refused == witnesses.at.len() && client_refuses))
}
