//! `station-sim run`: one simulated device per station of the manifests, against a collector
//! somewhere on the network — each counts its box, signs, and sends until it holds a verified
//! receipt; with `--check`, the collector's merged totals are compared with what the devices
//! counted.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use station_firmware_sim::device::Ctx;
use station_firmware_sim::run as devices;
use station_firmware_sim::synth::Spec;
use station_firmware_sim::witnessed;
use zheng::seal::manifest::Manifest;

use super::{Common, runtime};

/// One simulated device per station of the manifests: counts its box, signs, sends it to the
/// collector until it holds a verified receipt.
#[derive(clap::Args)]
pub struct Args {
    /// Election manifests (every station of each gets a device).
    #[arg(long = "election", value_name = "E.toml", required = true)]
    elections: Vec<PathBuf>,
    /// The collector: host:port or http://host:port.
    #[arg(long, value_name = "ADDR")]
    collector: String,
    /// The collector's public key in hex (default: asked of the collector, trust on first use).
    #[arg(long, value_name = "HEX")]
    collector_key: Option<String>,
    /// The stations' keys: DIR/<station>.key.
    #[arg(long, value_name = "DIR")]
    keys: PathBuf,
    /// Write every box counted to DIR/<election>/<station>.jsonl.
    #[arg(long, value_name = "DIR")]
    boxes_out: Option<PathBuf>,
    /// Where the devices keep their journals and results (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// Exit 1 unless the collector's merged totals equal what the devices counted.
    #[arg(long)]
    check: bool,
    /// A witness of the collector's log (its vkey): the receipts are checked against the newest
    /// checkpoint the quorum cosigned (exit 1 if none comes within 20 s). Give one for each.
    #[arg(long = "witness", value_name = "VKEY", requires = "quorum")]
    witnesses: Vec<String>,
    /// How many of the witnesses must have cosigned.
    #[arg(long, value_name = "K", requires = "witnesses")]
    quorum: Option<usize>,
    #[command(flatten)]
    common: Common,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let manifests: Vec<Arc<Manifest>> =
        a.elections.iter().map(|p| Manifest::load(p).map(Arc::new)).collect::<Result<_, _>>()?;
    let base = if a.collector.starts_with("http://") {
        a.collector.trim_end_matches('/').to_string()
    } else {
        format!("http://{}", a.collector)
    };
    if base.starts_with("https://") || a.collector.starts_with("https://") {
        bail!("https collectors are not supported yet: use http:// (every result and receipt is signed)");
    }
    let temp = tempfile::tempdir()?;
    let work = a.work.unwrap_or_else(|| temp.path().to_path_buf());
    let rt = runtime()?;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build()?;
    let key_hex = match a.collector_key {
        Some(k) => k,
        None => {
            let info: serde_json::Value = serde_json::from_str(
                &rt.block_on(async { client.get(format!("{base}/v1/log")).send().await?.text().await })?,
            )?;
            info["key"].as_str().context("the collector does not say its key")?.to_string()
        }
    };
    let collector_key = zheng::seal::keys::parse_public(&key_hex)?;
    let common = &a.common;
    let ctx = Arc::new(Ctx {
        client,
        base,
        collector: collector_key,
        keys: a.keys,
        work,
        boxes_out: a.boxes_out,
        spec: Spec { ballots: common.ballots, seed: common.seed, ..Spec::default() },
        faults: common.faults(false),
        send_ballots: !common.no_ballots,
        journal: !common.no_journal,
        seed: common.seed,
    });
    let summary = rt.block_on(devices::run(Arc::clone(&ctx), &manifests, common.parallel));
    print!("{}", summary.render());
    for p in summary.problems() {
        println!("  problem: {p}");
    }
    let mut ok = summary.problems().is_empty();
    if let Some(k) = a.quorum {
        let vkeys = a
            .witnesses
            .iter()
            .map(|w| zheng::seal::cosignature::Vkey::parse(w, zheng::seal::cosignature::KeyType::Cosignature))
            .collect::<Result<Vec<_>, _>>()?;
        if !(1..=vkeys.len()).contains(&k) {
            bail!("--quorum {k}: it must be 1 to the {} witnesses given", vkeys.len());
        }
        let policy = zheng::seal::witness_policy::Policy::k_of(vkeys, k);
        let receipts: Vec<&[u8]> = summary.reports.iter().filter_map(|r| r.receipt.as_deref()).collect();
        let wait = std::time::Duration::from_secs(20);
        let (text, held) = rt.block_on(async {
            let size = ctx.client.get(format!("{}/checkpoint", ctx.base)).send().await?.text().await?;
            let size = size.lines().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let cp = witnessed::witnessed(&ctx.client, &ctx.base, size, &policy, wait).await?;
            witnessed::check_receipts(&ctx.client, &ctx.base, &ctx.collector, &receipts, &cp, &policy).await
        })?;
        print!("{text}");
        ok &= held;
    }
    if a.check {
        let (text, same) = rt.block_on(devices::check(&ctx, &manifests, &summary))?;
        print!("{text}");
        ok &= same;
    }
    Ok(if ok { 0 } else { 1 })
}
