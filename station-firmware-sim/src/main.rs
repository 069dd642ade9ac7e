//! `station-sim`: simulated station devices — `generate` writes synthetic box files for a manifest;
//! `run` is one device per station sending signed results to a collector over the network, with
//! faults; `township` runs a whole township on loopback, collector included, and checks the totals.
//! This file only parses the command line and hands each command to its file in `cli/`. Exit
//! status: 0 success; 1 a check failed; 2 bad input or usage.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Generate(cli::generate::Args),
    /// One simulated device per station of the manifests: counts its box, signs, sends it to the
    /// collector until it holds a verified receipt.
    Run(cli::run::Args),
    /// A whole township on loopback: manifests, keys, the collector and every device; checks that
    /// the collected totals equal what the devices counted.
    Township(cli::township::Args),
    /// Accepted submissions per second: N signed results sent over loopback to a collector started
    /// here, C at a time; K runs, the median printed.
    BenchCollect(cli::bench_collect::Args),
    /// A peer of BENCHMARKS.md, no validity rules: the naive one (serde_json `Value` + tallystick,
    /// one thread) or `--competent` (sonic-rs, a box per core, a hash-map tally); prints the totals.
    PeerCount(cli::peer_count::Args),
    /// A county at scale: every box generated, counted, sealed and signed on every core, sent over
    /// loopback to a collector started here, merged and verified; each phase timed, peak memory.
    Scale(cli::scale::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(a) => cli::generate::run(a),
        Command::Run(a) => cli::run::run(a),
        Command::Township(a) => cli::township::run(a),
        Command::BenchCollect(a) => cli::bench_collect::run(a),
        Command::PeerCount(a) => cli::peer_count::run(a),
        Command::Scale(a) => cli::scale::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("station-sim: {e:#}");
            ExitCode::from(2)
        }
    }
}
