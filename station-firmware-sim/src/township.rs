//! A whole township on loopback, for the README's one command and the tests: manifests and station
//! keys for some villages, the real collector (`zheng::collect`) on a loopback port with its own
//! store, one device per station with the faults asked for, and the check that the collector's
//! merged totals equal what the devices counted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use zheng::collect::witnesses::Witnessing;
use zheng::collect::{self, server::Limits};
use zheng::seal::keys;
use zheng::seal::manifest::Manifest;

use crate::device::{Ctx, Faults};
use crate::run;
use crate::synth::Spec;

/// The township to simulate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Villages, each one vote of its villagers' committee.
    pub villages: usize,
    /// Stations (ballot boxes) per village.
    pub stations: usize,
    /// Ballots per box.
    pub ballots: u64,
    /// The devices' faults.
    pub faults: Faults,
    /// Count through the SQLite journal (the real table) rather than in memory.
    pub journal: bool,
    /// Send the published ballots too.
    pub send_ballots: bool,
    /// Seed.
    pub seed: u64,
    /// Devices counting at once.
    pub parallel: usize,
}

/// Writes the villages' manifests (with the stations' public keys) and the stations' key files
/// (`DIR/keys/<station>.key`); returns the manifests' paths.
pub fn setup(dir: &Path, plan: &Plan) -> anyhow::Result<Vec<PathBuf>> {
    let keys_dir = dir.join("keys");
    std::fs::create_dir_all(&keys_dir)?;
    let mut paths = Vec::new();
    for v in 1..=plan.villages {
        let per_station = plan.ballots * 3 / 2 + 10;
        let mut t = format!(
            "format = 1\n[election]\nid = \"village-{v}-vc\"\ntitle = \"第{v}村第十二届村民委员会选举\"\nvillage = \"第{v}村\"\ntownship = \"模拟乡\"\nbody = \"villagers-committee\"\ndate = \"2026-11-28\"\nregistered = {}\n",
            per_station * plan.stations as u64
        );
        for (post, office, seats, n) in [("chair", "主任", 1, 3), ("vice", "副主任", 1, 3), ("members", "委员", 3, 6)]
        {
            let cands: Vec<String> =
                (1..=n).map(|k| format!("{{ id = \"{post}-{k}\", name = \"{office}候选{v}村{k}号\" }}")).collect();
            let _ = write!(
                t,
                "\n[[contest]]\nid = \"{post}\"\noffice = \"{office}\"\nseats = {seats}\ncandidates = [{}]\n",
                cands.join(", ")
            );
        }
        for s in 1..=plan.stations {
            let id = format!("v{v}-s{s}");
            let path = keys_dir.join(format!("{id}.key"));
            let key = match keys::load(&path) {
                Ok(k) => k,
                Err(_) => {
                    let k = keys::generate()?;
                    keys::write_new(&path, &k)?;
                    k
                }
            };
            let kind = if s == 1 { "central" } else { "station" };
            let _ = write!(
                t,
                "\n[[station]]\nid = \"{id}\"\nkind = \"{kind}\"\nregistered = {per_station}\nkey = \"{}\"\n",
                keys::public_hex(&key)
            );
        }
        let p = dir.join(format!("village-{v}-vc.toml"));
        zheng::files::write_atomic(&p, t.as_bytes())?;
        paths.push(p);
    }
    Ok(paths)
}

/// A collector serving on a loopback port of this process, for the simulations and benchmarks.
pub struct Here {
    /// Its base URL.
    pub base: String,
    /// Its public key.
    pub public: ed25519_dalek::VerifyingKey,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
    writer: std::thread::JoinHandle<()>,
}

impl Here {
    /// Starts the collector for `manifests` with its store at `store`.
    pub async fn start(manifests: &[Manifest], store: &Path, limits: Limits) -> anyhow::Result<Here> {
        Here::start_witnessed(manifests, store, limits, None, &Witnessing::default()).await
    }

    /// [`Here::start`] with its key given and its witnesses.
    pub async fn start_witnessed(
        manifests: &[Manifest],
        store: &Path,
        limits: Limits,
        key: Option<ed25519_dalek::SigningKey>,
        witnessing: &Witnessing,
    ) -> anyhow::Result<Here> {
        let sockets = zheng::net::budget::budget(0).collector;
        let limits = Limits { max_connections: limits.max_connections.min(sockets), ..limits };
        let collect::Started { app, writer, public, .. } =
            collect::start_witnessed(manifests, store, key, &limits, witnessing)?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            zheng::net::serve::serve(listener, app, limits.bounds(), None, shutdown, Duration::from_secs(10)).await;
        });
        Ok(Here { base, public, stop, server, writer })
    }

    /// Stops it: the requests in flight finish, then the writer commits its last batch.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.server.await;
        let writer = self.writer;
        let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    }
}

/// Witnesses for the township: how many (started in this process), the quorum, and whether the
/// collector's key then signs a fork for them to catch.
#[derive(Debug, Clone, Copy, Default)]
pub struct WithWitnesses {
    /// Witnesses started (0: none).
    pub witnesses: usize,
    /// Cosignatures a checkpoint needs.
    pub quorum: usize,
    /// The `--fork` fault.
    pub fork: bool,
}

/// Runs the township: returns what to print and whether the collector's totals equal the devices'.
pub async fn run(dir: &Path, plan: &Plan) -> anyhow::Result<(String, bool)> {
    run_witnessed(dir, plan, WithWitnesses::default()).await
}

/// [`run`], with witnesses: every receipt is checked against the newest checkpoint their quorum
/// cosigned, and the fork (if asked for) must be refused by every witness and by the client.
pub async fn run_witnessed(dir: &Path, plan: &Plan, with: WithWitnesses) -> anyhow::Result<(String, bool)> {
    let paths = setup(dir, plan)?;
    let manifests: Vec<Manifest> = paths.iter().map(|p| Manifest::load(p)).collect::<Result<_, _>>()?;
    let store = dir.join("collector.db");
    let key = keys::generate()?;
    let witnesses = match with.witnesses {
        0 => None,
        n => Some(crate::witnessed::Witnesses::start(dir, n, &crate::witnessed::log_vkey(&key)?).await?),
    };
    let witnessing = Witnessing {
        witnesses: witnesses.as_ref().map(|w| w.at.clone()).unwrap_or_default(),
        quorum: with.quorum.clamp(1, with.witnesses.max(1)),
    };
    let here = Here::start_witnessed(&manifests, &store, Limits::default(), Some(key.clone()), &witnessing).await?;
    let base = here.base.clone();
    let ctx = Arc::new(Ctx {
        client: reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?,
        base: base.clone(),
        collector: here.public,
        keys: dir.join("keys"),
        work: dir.join("devices"),
        boxes_out: None,
        spec: Spec { ballots: plan.ballots, seed: plan.seed, ..Spec::default() },
        faults: plan.faults.clone(),
        send_ballots: plan.send_ballots,
        journal: plan.journal,
        seed: plan.seed,
    });
    let manifests: Vec<Arc<Manifest>> = manifests.into_iter().map(Arc::new).collect();
    let summary = run::run(Arc::clone(&ctx), &manifests, plan.parallel).await;
    let (mut checked, mut same) = run::check(&ctx, &manifests, &summary).await?;
    if let Some(w) = &witnesses {
        let policy = w.policy(witnessing.quorum);
        let receipts: Vec<&[u8]> = summary.reports.iter().filter_map(|r| r.receipt.as_deref()).collect();
        let size = zheng::collect::store::Store::open_read_only(&store)?.size()?;
        let cp = crate::witnessed::witnessed(&ctx.client, &base, size, &policy, Duration::from_secs(20)).await?;
        let (text, held) =
            crate::witnessed::check_receipts(&ctx.client, &base, &here.public, &receipts, &cp, &policy).await?;
        checked.push_str(&text);
        same &= held;
        if with.fork {
            let (text, caught) = crate::witnessed::fork(&ctx.client, &key, cp.size(), w, &policy).await?;
            checked.push_str(&text);
            same &= caught;
        }
    }
    drop(ctx);
    here.stop().await;
    if let Some(w) = witnesses {
        w.stop();
    }
    let mut text = format!("collector on {base}, store {}\n", store.display());
    text.push_str(&summary.render());
    for p in summary.problems() {
        text.push_str(&format!("  problem: {p}\n"));
    }
    text.push_str(&checked);
    let ok = same && summary.problems().is_empty() && summary.acknowledged() == summary.reports.len();
    text.push_str(if ok {
        "The collected totals equal what the devices counted.\n"
    } else {
        "THE COLLECTED TOTALS DO NOT MATCH, or a device failed.\n"
    });
    Ok((text, ok))
}
