//! `station-sim generate`: synthetic box files for a manifest's stations, the same bytes for the
//! same seed.

use std::path::PathBuf;

use anyhow::{Context, bail};
use station_firmware_sim::synth::{Rate, Spec, generate_box};
use zheng::seal::manifest::Manifest;

/// Writes a box file (contract §2) for each station of a manifest: DIR/<station>.jsonl.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let e = Manifest::load(&a.election)?.into_election();
    let mut plan: Vec<(usize, u64, Option<u64>)> = Vec::new();
    for s in &a.stations {
        let (id, n) = s.split_once('=').with_context(|| format!("--station {s:?}: expected ID=BALLOTS[:VOTERS]"))?;
        let (b, v) = match n.split_once(':') {
            Some((b, v)) => (b, Some(v.parse::<u64>().with_context(|| format!("--station {s:?}: voters"))?)),
            None => (n, None),
        };
        let b: u64 = b.parse().with_context(|| format!("--station {s:?}: ballots"))?;
        let Some((i, _)) = e.station(id) else {
            bail!("--station {s:?}: no station {id:?} in {}", a.election.display())
        };
        plan.push((i, b, v));
    }
    if plan.is_empty() {
        plan = (0..e.stations().len()).map(|i| (i, a.ballots, None)).collect();
    }
    std::fs::create_dir_all(&a.out_dir).with_context(|| a.out_dir.display().to_string())?;
    for (i, b, v) in plan {
        let spec = Spec {
            ballots: b,
            voters: v,
            seed: a.seed,
            blank: a.blank,
            overvote: a.overvote,
            spoiled: a.spoiled,
            write_in: a.write_in,
            duplicate: a.duplicate,
        };
        let bytes = generate_box(&e, i, &spec)?;
        let path = a.out_dir.join(format!("{}.jsonl", e.stations()[i].id));
        zheng::files::write_atomic(&path, &bytes)?;
        println!("{}: {b} ballots", path.display());
    }
    Ok(0)
}
