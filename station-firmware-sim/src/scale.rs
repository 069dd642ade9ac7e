//! A county's counting day at scale, for benchmarking: `station-sim scale`. Every box is generated
//! (the [`crate::synth`] model), counted, sealed (its canonical records sorted and their Merkle
//! root taken) and signed; every result is sent over loopback to a collector started here; then
//! each election is merged from the collector's store — every signature verified again — and
//! compared with what the devices counted. Each phase's wall time and the peak memory are printed.
//! Station keys are derived from the seed (a benchmark, not an election).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use zheng::collect::{self, server::Limits, store::Store};
use zheng::seal::manifest::Manifest;
use zheng::vote::boxfile::BoxSource;

use crate::bench::key;
use crate::synth::{Spec, generate_box};

/// What to run.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Villages (one election each).
    pub villages: usize,
    /// Stations in all.
    pub stations: usize,
    /// Ballots per box.
    pub ballots: u64,
    /// Seed.
    pub seed: u64,
    /// Requests in flight.
    pub concurrency: usize,
}

fn manifest(v: usize, stations: std::ops::Range<usize>, s: &Scale) -> String {
    let per_station = s.ballots * 3 / 2 + 10;
    let mut t = format!(
        "format = 1\n[election]\nid = \"county-{v}\"\nvillage = \"第{v}村\"\nbody = \"villagers-committee\"\nregistered = {}\n",
        per_station * stations.len() as u64
    );
    for (post, office, seats, n) in [("chair", "主任", 1, 3), ("vice", "副主任", 1, 3), ("members", "委员", 3, 6)]
    {
        let c: Vec<String> =
            (1..=n).map(|k| format!("{{ id = \"{post}-{k}\", name = \"{office}候选{k}号\" }}")).collect();
        let _ = write!(
            t,
            "[[contest]]\nid = \"{post}\"\noffice = \"{office}\"\nseats = {seats}\ncandidates = [{}]\n",
            c.join(", ")
        );
    }
    for i in stations {
        let pk = hex::encode(key(s.seed, i).verifying_key().as_bytes());
        let _ = write!(t, "[[station]]\nid = \"s{i}\"\nregistered = {per_station}\nkey = \"{pk}\"\n");
    }
    t
}

fn bar(n: u64, what: &str) -> ProgressBar {
    let b = ProgressBar::new(n);
    b.set_style(
        ProgressStyle::with_template("{msg:>28} [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
            .expect("a fixed template")
            .progress_chars("=> "),
    );
    b.set_message(what.to_string());
    b
}

/// The peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
pub fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<u64>().ok()))
        .map_or(0, |kb| kb / 1024)
}

/// Runs the scale test in `dir`; returns the report and whether the collected totals equal the devices'.
pub async fn run(s: &Scale, dir: &Path) -> anyhow::Result<(String, bool)> {
    let mut report = String::new();
    let per = s.stations.div_ceil(s.villages.max(1));
    let t = Instant::now();
    let manifests: Vec<Arc<Manifest>> = (0..s.villages)
        .map(|v| {
            let range = v * per..((v + 1) * per).min(s.stations);
            Manifest::from_text(manifest(v + 1, range, s), &dir.join(format!("county-{}.toml", v + 1))).map(Arc::new)
        })
        .collect::<Result<_, _>>()?;
    let _ = writeln!(report, "{:>28}: {:>8.2} s", "manifests and keys", t.elapsed().as_secs_f64());
    let results = seal_every_box(s, &manifests, per, &mut report)?;
    let store = dir.join("collector.db");
    let accepted = submit_every_result(s, &manifests, &results, &store, &mut report).await?;
    let mut same = accepted == results.len();
    same &= merged_as_counted(&manifests, &results, &store, &mut report)?;
    let _ = writeln!(report, "{:>28}: {:>8} MiB", "peak memory", peak_mib());
    let _ = writeln!(
        report,
        "{}",
        if same { "The collected totals equal what the devices counted." } else { "THE COLLECTED TOTALS DIFFER." }
    );
    Ok((report, same))
}

/// Generates, counts, seals and signs every box, on every core, one at a time per core: each box
/// is generated in memory and closed from its bytes, as a device closes the box it holds (the
/// published ballots are made, checked and dropped; only the signed result is kept), so memory
/// stays flat. Each result with its manifest's index.
fn seal_every_box(
    s: &Scale,
    manifests: &[Arc<Manifest>],
    per: usize,
    report: &mut String,
) -> anyhow::Result<Vec<(usize, Vec<u8>)>> {
    let t = Instant::now();
    let work: Vec<(usize, usize, usize)> = manifests
        .iter()
        .enumerate()
        .flat_map(|(m, man)| (0..man.election().stations().len()).map(move |i| (m, i, m * per + i)))
        .collect();
    let pb = bar(work.len() as u64, "generate, count, seal, sign");
    let results: Vec<(usize, Vec<u8>)> = work
        .par_iter()
        .map(|&(m, i, global)| -> anyhow::Result<(usize, Vec<u8>)> {
            let e = manifests[m].election();
            let spec = Spec { ballots: s.ballots, seed: s.seed, ..Spec::default() };
            let bytes = generate_box(e, i, &spec)?;
            let source = BoxSource::Memory(PathBuf::from(format!("s{global}.jsonl")), &bytes);
            let closed_at = "2020-11-18T17:00:00Z".into();
            let (result, published) = zheng::audit::close::close_source(e, &key(s.seed, global), &source, closed_at)?;
            drop(published);
            pb.inc(1);
            Ok((m, result.to_bytes()))
        })
        .collect::<anyhow::Result<_>>()?;
    pb.finish_and_clear();
    let secs = t.elapsed().as_secs_f64();
    let total = s.ballots * work.len() as u64;
    let _ = writeln!(
        report,
        "{:>28}: {secs:>8.2} s  ({} boxes, {total} ballots, {:.1} M ballots/s)",
        "generate, count, seal, sign",
        work.len(),
        total as f64 / secs / 1e6
    );
    Ok(results)
}

/// Sends every result over loopback to a collector started here on `store`, `s.concurrency` at a
/// time; returns how many were accepted.
async fn submit_every_result(
    s: &Scale,
    manifests: &[Arc<Manifest>],
    results: &[(usize, Vec<u8>)],
    store: &Path,
    report: &mut String,
) -> anyhow::Result<usize> {
    let t = Instant::now();
    let limits = Limits { concurrency: s.concurrency * 2 + 16, ..Limits::default() };
    let ms: Vec<Manifest> = manifests.iter().map(|m| (**m).clone()).collect();
    let here = crate::township::Here::start(&ms, store, limits).await?;
    let base = here.base.clone();
    let client = reqwest::Client::builder().pool_max_idle_per_host(s.concurrency).build()?;
    let gate = Arc::new(tokio::sync::Semaphore::new(s.concurrency.max(1)));
    let pb = Arc::new(bar(results.len() as u64, "submit over loopback"));
    let mut tasks = tokio::task::JoinSet::new();
    for (m, r) in results {
        let url = format!("{base}/v1/elections/{}/results", manifests[*m].election().id());
        let (client, gate, r, pb) = (client.clone(), Arc::clone(&gate), r.clone(), Arc::clone(&pb));
        tasks.spawn(async move {
            let _p = gate.acquire_owned().await;
            let ok = client.post(&url).body(r).send().await.map(|x| x.status().is_success()).unwrap_or(false);
            pb.inc(1);
            ok
        });
    }
    let mut accepted = 0;
    while let Some(ok) = tasks.join_next().await {
        accepted += usize::from(ok.unwrap_or(false));
    }
    pb.finish_and_clear();
    here.stop().await;
    let secs = t.elapsed().as_secs_f64();
    let _ = writeln!(
        report,
        "{:>28}: {secs:>8.2} s  ({accepted} of {} accepted, {:.0} a second, verified and durable)",
        "submit",
        results.len(),
        accepted as f64 / secs
    );
    Ok(accepted)
}

/// Merges each election from the store (every signature verified again) and compares its outcome
/// with the one the devices' own results give.
fn merged_as_counted(
    manifests: &[Arc<Manifest>],
    results: &[(usize, Vec<u8>)],
    store: &Path,
    report: &mut String,
) -> anyhow::Result<bool> {
    let t = Instant::now();
    let read = Store::open_read_only(store)?;
    let mut same = true;
    for (mi, m) in manifests.iter().enumerate() {
        let e = m.election();
        let merged = collect::merged(&read, e, None)?;
        let got = serde_json::to_value(merged.outcome(e, false).map_err(|r| anyhow::anyhow!("{}", r.en()))?)?;
        let mine: Vec<crate::device::Report> = results
            .iter()
            .filter(|(m, _)| *m == mi)
            .map(|(_, r)| crate::device::Report { election: e.id().into(), result: r.clone(), ..Default::default() })
            .collect();
        same &= crate::run::expected(m, &mine)? == got;
    }
    let _ = writeln!(
        report,
        "{:>28}: {:>8.2} s  (every signature verified again)",
        "merge and verify",
        t.elapsed().as_secs_f64()
    );
    Ok(same)
}
