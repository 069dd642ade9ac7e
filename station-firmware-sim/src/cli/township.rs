//! `station-sim township`: a whole township on loopback — manifests, keys, the collector and every
//! device — and the check that the collected totals are what the devices counted.

use std::path::PathBuf;

use station_firmware_sim::township;

use super::{Common, runtime};

/// A whole township on loopback: manifests, keys, the collector and every device; checks that
/// the collected totals equal what the devices counted.
#[derive(clap::Args)]
pub struct Args {
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
    /// Start N witnesses of the collector's log here (on loopback); every receipt is then checked
    /// against the newest checkpoint their quorum cosigned.
    #[arg(long, value_name = "N", default_value_t = 0)]
    witnesses: usize,
    /// How many of the witnesses must cosign (default: a majority).
    #[arg(long, value_name = "K", requires = "witnesses")]
    witness_quorum: Option<usize>,
    /// The fork fault: the collector's key signs a second checkpoint of the same size over another
    /// tree, sent to every witness; each must refuse it, and so must a client checking the quorum.
    #[arg(long, requires = "witnesses")]
    fork: bool,
    #[command(flatten)]
    common: Common,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let temp = tempfile::tempdir()?;
    let dir = a.dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let plan = township::Plan {
        villages: a.villages,
        stations: a.stations,
        ballots: a.common.ballots,
        faults: a.common.faults(a.all_faults),
        journal: !a.common.no_journal,
        send_ballots: !a.common.no_ballots,
        seed: a.common.seed,
        parallel: a.common.parallel,
    };
    let with = township::WithWitnesses {
        witnesses: a.witnesses,
        quorum: a.witness_quorum.unwrap_or(a.witnesses / 2 + 1),
        fork: a.fork,
    };
    let (text, ok) = runtime()?.block_on(township::run_witnessed(&dir, &plan, with))?;
    print!("{text}");
    Ok(if ok { 0 } else { 1 })
}
