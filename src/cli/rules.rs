//! `zheng rules`: the built-in rules profiles and their bars.

use zheng::vote::rules::{PROFILES, Rules};

use super::println;

/// Lists the built-in rules profiles and their bars.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command; returns its exit status.
pub fn run(_: Args) -> anyhow::Result<u8> {
    for (name, about) in PROFILES {
        let r = Rules::profile(name).expect("every listed profile is built in");
        println(&format!("{name}  — {about}"))?;
        println(&format!("  quorum: voters {}", r.quorum))?;
        println(&format!("  first round: votes {}", r.win))?;
        println(&format!("  run-off: votes {}", r.runoff_win))?;
        println(&format!("  re-vote: votes {} (most votes wins)", r.revote_win))?;
        println(&format!("  overvote voids the {:?}; minimum members {}", r.overvote, r.min_members))?;
    }
    Ok(0)
}
