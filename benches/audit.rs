//! The audit of the paper: drawing the first 10,000 ballots by the consistent sampler from a
//! county of 10,000 boxes of 10,000 ballots (100 M tickets hashed and ranked), and from 1,000 boxes
//! of 1,000. Ten samples of one iteration each (flat sampling): one draw of the county takes
//! seconds. Run: `cargo bench -p zheng-benches -- audit`.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use zheng::paper::sampler::draw;

const SEED: &str = "31415926535897932384";

fn boxes(stations: usize) -> Vec<String> {
    (0..stations).map(|i| format!("s{i:05}")).collect()
}

fn sampler(c: &mut Criterion) {
    let mut g = c.benchmark_group("audit");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for (stations, ballots, seconds) in [(1_000, 1_000u64, 5), (10_000, 10_000u64, 45)] {
        let names = boxes(stations);
        let population: Vec<(&str, u64)> = names.iter().map(|s| (s.as_str(), ballots)).collect();
        g.throughput(Throughput::Elements(stations as u64 * ballots));
        g.measurement_time(Duration::from_secs(seconds));
        let id = BenchmarkId::new("draw-10k", format!("{stations}x{ballots}"));
        g.bench_function(id, |b| b.iter(|| draw(SEED, &population, 10_000)));
    }
    g.finish();
}

/// The demo's villagers' committee vote, its counts scaled to a county of 10,000 boxes of 10,000
/// ballots: the same shares, the same decisions, 100 M ballots.
fn county_outcome() -> zheng::vote::outcome::Outcome {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/kengtou-vc");
    let e = zheng::seal::manifest::Manifest::load(&root.join("election.toml")).unwrap().into_election();
    let boxes: Vec<std::path::PathBuf> =
        ["central", "station-1", "station-2", "mobile"].iter().map(|s| root.join(format!("{s}.jsonl"))).collect();
    let mut o = zheng::vote::count::count(&e, &boxes, false).unwrap();
    let total: u64 = 100_000_000;
    let scale = |v: u64| v * total / o.ballots;
    for c in &mut o.contests {
        c.bar = scale(c.bar);
        for t in &mut c.tally {
            t.votes = scale(t.votes);
        }
    }
    let first = o.stations[0].clone();
    o.stations = (0..10_000)
        .map(|i| zheng::vote::outcome::StationOutcome { id: format!("s{i:05}"), ballots: 10_000, ..first.clone() })
        .collect();
    o.ballots = total;
    o
}

/// Planning an audit of the county: every assertion built, its first round's size planned from the
/// reported shares, and that sample drawn from 100 M ballots.
fn plan(c: &mut Criterion) {
    let o = county_outcome();
    let mut g = c.benchmark_group("audit");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    g.bench_function("plan/10000x10000", |b| {
        b.iter(|| zheng::paper::plan::Plan::new(&o, "digest".into(), SEED, 0.05).unwrap())
    });
    g.finish();
}

criterion_group!(benches, sampler, plan);
