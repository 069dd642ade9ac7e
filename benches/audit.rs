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

criterion_group!(benches, sampler);
