//! The simulator's commands, one file each: each takes its parsed arguments (`Args`) and returns
//! the exit status (`run`). What `run` and `township` share — the devices' options and faults — is
//! here.

pub mod bench_collect;
pub mod generate;
pub mod peer_count;
pub mod run;
pub mod scale;
pub mod township;

use station_firmware_sim::device::Faults;
use station_firmware_sim::synth::Rate;

/// What `run` and `township` share.
#[derive(clap::Args)]
pub struct Common {
    /// Ballots per box.
    #[arg(long, default_value_t = 200)]
    pub ballots: u64,
    /// Seed of the boxes and the faults.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Devices counting at once.
    #[arg(long, default_value_t = 64)]
    pub parallel: usize,
    /// Count in memory instead of through each device's SQLite journal (for large runs).
    #[arg(long)]
    pub no_journal: bool,
    /// Do not send the published ballots (results only).
    #[arg(long)]
    pub no_ballots: bool,
    /// A device dies mid-count and restarts from its journal.
    #[arg(long, default_value = "0")]
    pub crash_rate: Rate,
    /// A connection is cut mid-request.
    #[arg(long, default_value = "0")]
    pub drop_rate: Rate,
    /// A result is sent twice.
    #[arg(long, default_value = "0")]
    pub duplicate_rate: Rate,
    /// A copy with a flipped byte is sent first.
    #[arg(long, default_value = "0")]
    pub tamper_rate: Rate,
    /// A copy signed with a wrong key is sent first.
    #[arg(long, default_value = "0")]
    pub wrong_key_rate: Rate,
    /// A result for another election is sent first.
    #[arg(long, default_value = "0")]
    pub foreign_rate: Rate,
    /// Milliseconds added before every request.
    #[arg(long, default_value_t = 0)]
    pub slow_link: u64,
}

impl Common {
    /// The faults to inject: the rates given, or — `all` — every fault at 20 % (and 5 ms links
    /// unless a slower link is given).
    pub fn faults(&self, all: bool) -> Faults {
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

/// A multi-threaded tokio runtime for the commands that talk over the network.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}
