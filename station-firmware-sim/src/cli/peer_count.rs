//! `station-sim peer-count`: the naive peer of BENCHMARKS.md counting box files, its totals printed
//! as JSON.

use std::path::PathBuf;

/// The naive peer of BENCHMARKS.md: each line a serde_json `Value`, every mark into a tallystick
/// plurality tally, one thread, no validity rules; prints each post's totals as JSON.
#[derive(clap::Args)]
pub struct Args {
    /// Box files (JSON Lines; the header line is skipped).
    #[arg(required = true)]
    boxes: Vec<PathBuf>,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let totals = station_firmware_sim::peer::count(&a.boxes)?;
    println!("{}", serde_json::to_string(&totals)?);
    Ok(0)
}
