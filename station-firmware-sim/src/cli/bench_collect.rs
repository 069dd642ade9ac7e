//! `station-sim bench-collect`: the collector's accepted submissions per second over loopback,
//! run K times; each run's figures, then the median.

use anyhow::bail;

use super::runtime;

/// Accepted submissions per second: N signed results sent over loopback to a collector started
/// here, C at a time; K runs, the median printed.
#[derive(clap::Args)]
pub struct Args {
    /// Results (one per station).
    #[arg(long, default_value_t = 20_000)]
    results: usize,
    /// Requests in flight.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Runs.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let rt = runtime()?;
    let mut rates = Vec::new();
    for k in 0..a.runs.max(1) {
        let dir = tempfile::tempdir()?;
        let f = rt.block_on(station_firmware_sim::bench::run(a.results, a.concurrency, k as u64 + 1, dir.path()))?;
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
    println!(
        "median: {:.0} accepted submissions/s (verified and durable), {} results, {} in flight",
        median(&mut rates),
        a.results,
        a.concurrency
    );
    Ok(0)
}

/// The median of the runs' rates (the upper middle one of an even count).
fn median(rates: &mut [f64]) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_is_the_middle_run() {
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 3.0, "the upper middle of an even count");
    }
}
