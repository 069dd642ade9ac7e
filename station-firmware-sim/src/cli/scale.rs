//! `station-sim scale`: a county's counting day at scale, each phase timed, the end-to-end time
//! last.

use std::path::PathBuf;

use station_firmware_sim::scale::{self, Scale};

use super::runtime;

/// A county at scale: every box generated, counted, sealed and signed on every core, sent over
/// loopback to a collector started here, merged and verified; each phase timed, peak memory.
#[derive(clap::Args)]
pub struct Args {
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
    /// Working folder: the manifests and the collector's store (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let s = Scale {
        villages: a.villages,
        stations: a.stations,
        ballots: a.ballots,
        seed: a.seed,
        concurrency: a.concurrency,
    };
    let temp = tempfile::tempdir()?;
    let dir = a.dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let start = std::time::Instant::now();
    let (text, ok) = runtime()?.block_on(scale::run(&s, &dir))?;
    print!("{text}");
    println!("{:>28}: {:>8.2} s", "end to end", start.elapsed().as_secs_f64());
    Ok(if ok { 0 } else { 1 })
}
