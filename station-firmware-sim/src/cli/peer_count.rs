//! `station-sim peer-count`: a peer of BENCHMARKS.md counting box files, its totals printed as JSON.

use std::path::PathBuf;

/// A peer of BENCHMARKS.md, without validity rules: the naive one (each line a serde_json `Value`,
/// every mark into a tallystick plurality tally, one thread) or, with `--competent`, what a good
/// engineer writes in a day (sonic-rs per line, a box per rayon task, a hash-map tally). Prints each
/// post's totals as JSON.
#[derive(clap::Args)]
pub struct Args {
    /// Box files (JSON Lines; the header line is skipped).
    #[arg(required = true)]
    boxes: Vec<PathBuf>,
    /// The competent peer: sonic-rs, a box per core, a hash-map tally.
    #[arg(long)]
    competent: bool,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let json = match a.competent {
        true => serde_json::to_string(&station_firmware_sim::competent::count(&a.boxes)?)?,
        false => serde_json::to_string(&station_firmware_sim::peer::count(&a.boxes)?)?,
    };
    println!("{json}");
    Ok(0)
}
