//! `station-sim`: simulated station devices — `generate` writes synthetic box files for a manifest;
//! `run` is one device per station sending signed results to a collector over the network, with
//! faults; `township` runs a whole township on loopback, collector included, and checks the totals.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use station_firmware_sim::device::{Ctx, Faults};
use station_firmware_sim::synth::{Rate, Spec, generate_box};
use station_firmware_sim::{run as devices, township};
use zheng::seal::manifest::Manifest;

/// Simulated Zheng station devices.
#[derive(Parser)]
#[command(name = "station-sim", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a box file (contract §2) for each station of a manifest: DIR/<station>.jsonl.
    Generate {
        /// The election manifest.
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// Folder to write the box files into (created if missing).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Ballots per box, for every station not named by --station.
        #[arg(long, default_value_t = 1000)]
        ballots: u64,
        /// One station's box: ID=BALLOTS or ID=BALLOTS:VOTERS; repeat. When given, only these are written.
        #[arg(long = "station", value_name = "ID=N[:VOTERS]")]
        stations: Vec<String>,
        /// Seed: the same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Rate of blank ballots ({}), e.g. 0.01, 1%, 1/100.
        #[arg(long, default_value = "0.01")]
        blank: Rate,
        /// Rate of ballots with an overvoted post.
        #[arg(long, default_value = "0.01")]
        overvote: Rate,
        /// Rate of ballots ruled spoiled.
        #[arg(long, default_value = "0.005")]
        spoiled: Rate,
        /// Rate of posts with a written-in name.
        #[arg(long, default_value = "0.02")]
        write_in: Rate,
        /// Rate of ballots naming a person twice in a post.
        #[arg(long, default_value = "0.002")]
        duplicate: Rate,
    },
    /// One simulated device per station of the manifests: counts its box, signs, sends it to the
    /// collector until it holds a verified receipt.
    Run {
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
        #[command(flatten)]
        common: Common,
    },
    /// A whole township on loopback: manifests, keys, the collector and every device; checks that
    /// the collected totals equal what the devices counted.
    Township {
        /// Villages (one villagers' committee vote each).
        #[arg(long, default_value_t = 3)]
        villages: usize,
        /// Ballot boxes per village.
        #[arg(long, default_value_t = 8)]
        stations: usize,
        /// Where to put manifests, keys, the store and the devices' files (default: a temporary folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Every fault on, at 20 % each (crash, drop, duplicate, tamper, wrong key, foreign; 5 ms links).
        #[arg(long)]
        all_faults: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Accepted submissions per second: N signed results sent over loopback to a collector started
    /// here, C at a time; K runs, the median printed.
    BenchCollect {
        /// Results (one per station).
        #[arg(long, default_value_t = 20_000)]
        results: usize,
        /// Requests in flight.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Runs.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// The naive peer of BENCHMARKS.md: each line a serde_json `Value`, every mark into a tallystick
    /// plurality tally, one thread, no validity rules; prints each post's totals as JSON.
    PeerCount {
        /// Box files (JSON Lines; the header line is skipped).
        #[arg(required = true)]
        boxes: Vec<PathBuf>,
    },
    /// A county at scale: every box generated, counted, sealed and signed on every core, sent over
    /// loopback to a collector started here, merged and verified; each phase timed, peak memory.
    Scale {
        /// Stations in all.
        #[arg(long, default_value_t = 10_000)]
        stations: usize,
        /// Ballots per box.
        #[arg(long, default_value_t = 10_000)]
        ballots: u64,
        /// Villages (elections) they are spread over.
        #[arg(long, default_value_t = 10)]
        villages: usize,
        /// Requests in flight.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Working folder (boxes pass through it one at a time; default: a temporary folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// What `run` and `township` share.
#[derive(clap::Args)]
struct Common {
    /// Ballots per box.
    #[arg(long, default_value_t = 200)]
    ballots: u64,
    /// Seed of the boxes and the faults.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Devices counting at once.
    #[arg(long, default_value_t = 64)]
    parallel: usize,
    /// Count in memory instead of through each device's SQLite journal (for large runs).
    #[arg(long)]
    no_journal: bool,
    /// Do not send the published ballots (results only).
    #[arg(long)]
    no_ballots: bool,
    /// A device dies mid-count and restarts from its journal.
    #[arg(long, default_value = "0")]
    crash_rate: Rate,
    /// A connection is cut mid-request.
    #[arg(long, default_value = "0")]
    drop_rate: Rate,
    /// A result is sent twice.
    #[arg(long, default_value = "0")]
    duplicate_rate: Rate,
    /// A copy with a flipped byte is sent first.
    #[arg(long, default_value = "0")]
    tamper_rate: Rate,
    /// A copy signed with a wrong key is sent first.
    #[arg(long, default_value = "0")]
    wrong_key_rate: Rate,
    /// A result for another election is sent first.
    #[arg(long, default_value = "0")]
    foreign_rate: Rate,
    /// Milliseconds added before every request.
    #[arg(long, default_value_t = 0)]
    slow_link: u64,
}

impl Common {
    fn faults(&self, all: bool) -> Faults {
        let r = |x: Rate| if all { Rate(200_000) } else { x };
        Faults {
            crash: r(self.crash_rate),
            drop: r(self.drop_rate),
            duplicate: r(self.duplicate_rate),
            tamper: r(self.tamper_rate),
            wrong_key: r(self.wrong_key_rate),
            foreign: r(self.foreign_rate),
            slow_link: std::time::Duration::from_millis(if all && self.slow_link == 0 { 5 } else { self.slow_link }),
        }
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        g @ Command::Generate { .. } => run(g).map(|()| 0),
        Command::Run { elections, collector, collector_key, keys, boxes_out, work, check, common } => {
            run_devices(elections, collector, collector_key, keys, boxes_out, work, check, &common)
        }
        Command::Township { villages, stations, dir, all_faults, common } => {
            run_township(villages, stations, dir, all_faults, &common)
        }
        Command::BenchCollect { results, concurrency, runs } => bench_collect(results, concurrency, runs),
        Command::PeerCount { boxes } => station_firmware_sim::peer::count(&boxes).and_then(|totals| {
            println!("{}", serde_json::to_string(&totals)?);
            Ok(0)
        }),
        Command::Scale { stations, ballots, villages, concurrency, seed, dir } => {
            scale(station_firmware_sim::scale::Scale { villages, stations, ballots, seed, concurrency }, dir)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("station-sim: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    let Command::Generate { election, out_dir, ballots, stations, seed, blank, overvote, spoiled, write_in, duplicate } =
        command
    else {
        unreachable!("only generate comes here")
    };
    let e = Manifest::load(&election)?.into_election();
    let mut plan: Vec<(usize, u64, Option<u64>)> = Vec::new();
    for s in &stations {
        let (id, n) = s.split_once('=').with_context(|| format!("--station {s:?}: expected ID=BALLOTS[:VOTERS]"))?;
        let (b, v) = match n.split_once(':') {
            Some((b, v)) => (b, Some(v.parse::<u64>().with_context(|| format!("--station {s:?}: voters"))?)),
            None => (n, None),
        };
        let b: u64 = b.parse().with_context(|| format!("--station {s:?}: ballots"))?;
        let Some((i, _)) = e.station(id) else { bail!("--station {s:?}: no station {id:?} in {}", election.display()) };
        plan.push((i, b, v));
    }
    if plan.is_empty() {
        plan = (0..e.stations().len()).map(|i| (i, ballots, None)).collect();
    }
    std::fs::create_dir_all(&out_dir).with_context(|| out_dir.display().to_string())?;
    for (i, b, v) in plan {
        let spec = Spec { ballots: b, voters: v, seed, blank, overvote, spoiled, write_in, duplicate };
        let bytes = generate_box(&e, i, &spec)?;
        let path = out_dir.join(format!("{}.jsonl", e.stations()[i].id));
        zheng::files::write_atomic(&path, &bytes)?;
        println!("{}: {b} ballots", path.display());
    }
    Ok(())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

#[allow(clippy::too_many_arguments)]
fn run_devices(
    elections: Vec<PathBuf>,
    collector: String,
    collector_key: Option<String>,
    keys: PathBuf,
    boxes_out: Option<PathBuf>,
    work: Option<PathBuf>,
    check: bool,
    common: &Common,
) -> anyhow::Result<u8> {
    let manifests: Vec<std::sync::Arc<Manifest>> =
        elections.iter().map(|p| Manifest::load(p).map(std::sync::Arc::new)).collect::<Result<_, _>>()?;
    let base = if collector.starts_with("http://") {
        collector.trim_end_matches('/').to_string()
    } else {
        format!("http://{collector}")
    };
    if base.starts_with("https://") || collector.starts_with("https://") {
        bail!("https collectors are not supported yet: use http:// (every result and receipt is signed)");
    }
    let temp = tempfile::tempdir()?;
    let work = work.unwrap_or_else(|| temp.path().to_path_buf());
    let rt = runtime()?;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build()?;
    let key_hex = match collector_key {
        Some(k) => k,
        None => {
            let info: serde_json::Value = serde_json::from_str(
                &rt.block_on(async { client.get(format!("{base}/v1/log")).send().await?.text().await })?,
            )?;
            info["key"].as_str().context("the collector does not say its key")?.to_string()
        }
    };
    let collector_key = zheng::seal::keys::parse_public(&key_hex)?;
    let ctx = std::sync::Arc::new(Ctx {
        client,
        base,
        collector: collector_key,
        keys,
        work,
        boxes_out,
        spec: Spec { ballots: common.ballots, seed: common.seed, ..Spec::default() },
        faults: common.faults(false),
        send_ballots: !common.no_ballots,
        journal: !common.no_journal,
        seed: common.seed,
    });
    let summary = rt.block_on(devices::run(std::sync::Arc::clone(&ctx), &manifests, common.parallel));
    print!("{}", summary.render());
    for p in summary.problems() {
        println!("  problem: {p}");
    }
    let mut ok = summary.problems().is_empty();
    if check {
        let (text, same) = rt.block_on(devices::check(&ctx, &manifests, &summary))?;
        print!("{text}");
        ok &= same;
    }
    Ok(if ok { 0 } else { 1 })
}

fn run_township(
    villages: usize,
    stations: usize,
    dir: Option<PathBuf>,
    all: bool,
    common: &Common,
) -> anyhow::Result<u8> {
    let temp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let plan = township::Plan {
        villages,
        stations,
        ballots: common.ballots,
        faults: common.faults(all),
        journal: !common.no_journal,
        send_ballots: !common.no_ballots,
        seed: common.seed,
        parallel: common.parallel,
    };
    let (text, ok) = runtime()?.block_on(township::run(&dir, &plan))?;
    print!("{text}");
    Ok(if ok { 0 } else { 1 })
}

fn bench_collect(results: usize, concurrency: usize, runs: usize) -> anyhow::Result<u8> {
    let rt = runtime()?;
    let mut rates = Vec::new();
    for k in 0..runs.max(1) {
        let dir = tempfile::tempdir()?;
        let f = rt.block_on(station_firmware_sim::bench::run(results, concurrency, k as u64 + 1, dir.path()))?;
        let rate = f.accepted as f64 / f.seconds;
        println!(
            "run {}: {} of {} accepted in {:.3} s — {rate:.0} submissions/s, {} commits ({:.0} a commit); restart with the store checked: {:.3} s",
            k + 1,
            f.accepted,
            f.sent,
            f.seconds,
            f.batches,
            f.accepted as f64 / f.batches.max(1) as f64,
            f.restart_seconds
        );
        if f.accepted != f.sent {
            bail!("{} results were not accepted", f.sent - f.accepted);
        }
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "median: {:.0} accepted submissions/s (verified and durable), {results} results, {concurrency} in flight",
        rates[rates.len() / 2]
    );
    Ok(0)
}

fn scale(s: station_firmware_sim::scale::Scale, dir: Option<PathBuf>) -> anyhow::Result<u8> {
    let temp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let start = std::time::Instant::now();
    let (text, ok) = runtime()?.block_on(station_firmware_sim::scale::run(&s, &dir))?;
    print!("{text}");
    println!("{:>28}: {:>8.2} s", "end to end", start.elapsed().as_secs_f64());
    Ok(if ok { 0 } else { 1 })
}
