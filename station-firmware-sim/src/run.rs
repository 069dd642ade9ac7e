//! Many devices at once: every station of every manifest, concurrently on tokio (a bounded number
//! counting at a time), then the check that the collector's merged totals are what the devices
//! counted.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use zheng::audit::merge::{self, Input};
use zheng::seal::manifest::Manifest;
use zheng::seal::result::ResultFile;

use crate::device::{self, Ctx, Report};

/// What a run did.
pub struct Summary {
    /// One report per device.
    pub reports: Vec<Report>,
    /// Seconds the devices took.
    pub seconds: f64,
}

impl Summary {
    /// Devices holding a verified receipt.
    pub fn acknowledged(&self) -> usize {
        self.reports.iter().filter(|r| r.receipt.is_some()).count()
    }

    /// What went wrong that should not have, device by device.
    pub fn problems(&self) -> Vec<String> {
        self.reports
            .iter()
            .flat_map(|r| r.problems.iter().map(move |p| format!("{} station {}: {p}", r.election, r.station)))
            .collect()
    }

    /// The run in a few lines: what was sent, each retry and why, each fault injected, each
    /// refusal by its code.
    pub fn render(&self) -> String {
        let sum = |f: fn(&Report) -> u64| self.reports.iter().map(f).sum::<u64>();
        let tally = |pick: fn(&Report) -> Vec<(String, u64)>| {
            let mut all: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
            for r in &self.reports {
                for (k, n) in pick(r) {
                    *all.entry(k).or_default() += n;
                }
            }
            let total: u64 = all.values().sum();
            let list: Vec<String> = all.iter().map(|(k, n)| format!("{k} {n}")).collect();
            (total, if list.is_empty() { String::new() } else { format!(" ({})", list.join(", ")) })
        };
        let (retried, why) = tally(|r| r.retries.iter().map(|(k, n)| (k.to_string(), *n)).collect());
        let (injected, faults) = tally(|r| r.injected.iter().map(|(k, n)| (k.to_string(), *n)).collect());
        let (refused, codes) = tally(|r| r.refused.iter().map(|(k, n)| (k.clone(), *n)).collect());
        format!(
            "{} devices in {:.2} s: {} requests sent, {retried} retried{why}; {injected} faults injected{faults}; {refused} faulty submissions refused as they must be{codes}; {} crashes recovered from the journal; {} receipts verified (signature, checkpoint, inclusion); {} problems\n",
            self.reports.len(),
            self.seconds,
            sum(|r| r.sent),
            sum(|r| r.crashes),
            self.acknowledged(),
            self.problems().len()
        )
    }
}

/// Runs one device per station of every manifest, at most `parallel` counting at once.
pub async fn run(ctx: Arc<Ctx>, manifests: &[Arc<Manifest>], parallel: usize) -> Summary {
    let start = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(parallel.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for m in manifests {
        for s in 0..m.election().stations().len() {
            let (ctx, m, gate) = (Arc::clone(&ctx), Arc::clone(m), Arc::clone(&gate));
            tasks.spawn(async move {
                let _permit = gate.acquire_owned().await;
                device::run(ctx, m, s).await
            });
        }
    }
    let mut reports = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(r) = r {
            reports.push(r);
        }
    }
    reports.sort_by(|a, b| (&a.election, &a.station).cmp(&(&b.election, &b.station)));
    Summary { reports, seconds: start.elapsed().as_secs_f64() }
}

/// The outcome the devices' own results give (merged here, as `zheng merge` would), as JSON.
pub fn expected(m: &Manifest, reports: &[Report]) -> anyhow::Result<serde_json::Value> {
    let e = m.election();
    let mut inputs = Vec::new();
    for r in reports.iter().filter(|r| r.election == e.id() && !r.result.is_empty()) {
        let file = ResultFile::from_bytes(&r.result).map_err(|x| anyhow::anyhow!("{}", x.en()))?;
        inputs.push(Input { path: PathBuf::from(&r.station), file, ballots: None });
    }
    let o = merge::merge(e, inputs).outcome(e, true).map_err(|x| anyhow::anyhow!("{}", x.en()))?;
    Ok(serde_json::to_value(o)?)
}

/// Asks the collector for its merged outcome of each election and compares it with what the
/// devices counted. Returns one line per election, and whether all agree.
pub async fn check(ctx: &Ctx, manifests: &[Arc<Manifest>], summary: &Summary) -> anyhow::Result<(String, bool)> {
    let mut text = String::new();
    let mut all = true;
    for m in manifests {
        let e = m.election();
        let want = expected(m, &summary.reports)?;
        let url = format!("{}/v1/elections/{}/outcome", ctx.base, e.id());
        let got: serde_json::Value = serde_json::from_str(&ctx.client.get(&url).send().await?.text().await?)?;
        let same = got["outcome"] == want && got["complete"] == serde_json::Value::Bool(true);
        all &= same;
        text.push_str(&format!(
            "election {}: devices counted {} voters, {} ballots, {} valid; the collector's merged totals {}\n",
            e.id(),
            want["voters"],
            want["ballots"],
            want["valid_ballots"],
            if same { "are the same, post by post" } else { "DIFFER" }
        ));
    }
    Ok((text, all))
}
