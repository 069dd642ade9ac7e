//! Counting throughput: (a) the core tally over the compact form, (b) box files (JSON Lines) to the
//! outcome, end to end in memory. Figures and commands: BENCHMARKS.md.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use station_firmware_sim::synth::{Spec, generate_box};
use zheng::vote::ballot::{BallotBatch, Schema};
use zheng::vote::boxfile::BoxSource;
use zheng::vote::count::count_boxes;
use zheng::vote::manifest::Election;
use zheng::vote::outcome::Outcome;
use zheng::vote::tally::{Kernel, Tally};

const BALLOTS: u64 = 1_000_000;

/// The demo's ballot with a register large enough for a million ballots (no box may claim more
/// voters than the whole register): 1,100,000 registered, none assigned to single boxes.
fn election() -> Election {
    let text = include_str!("../fixtures/kengtou-vc/election.toml");
    let (head, stations) = text.split_at(text.find("[[station]]").expect("the demo lists stations"));
    let stations: String =
        stations.lines().filter(|l| !l.starts_with("registered = ")).map(|l| format!("{l}\n")).collect();
    let head = head.replace("registered = 1500", "registered = 1100000");
    Election::from_toml(&(head + &stations), Path::new("vc.toml")).unwrap()
}

/// 1,000,000 ballots of the demo's 4-post ballot, in 4 boxes of 250,000.
fn boxes(e: &Election) -> Vec<(String, Vec<u8>)> {
    (0..4)
        .map(|i| {
            let spec = Spec { ballots: BALLOTS / 4, seed: 7, ..Spec::default() };
            (format!("box{i}.jsonl"), generate_box(e, i, &spec).unwrap())
        })
        .collect()
}

fn core_tally(c: &mut Criterion) {
    let e = election();
    let s = Schema::new(&e);
    let k = Kernel::new(&e, s.layout());
    let mut batch = BallotBatch::new(s.layout());
    let mut d = s.decoder();
    for (_, bytes) in boxes(&e) {
        for line in bytes.split(|&b| b == b'\n').skip(1).filter(|l| !l.is_empty()) {
            d.decode(line, &mut batch).unwrap();
        }
    }
    let mut g = c.benchmark_group("tally-compact");
    g.throughput(Throughput::Elements(batch.ballots()));
    g.bench_function(BenchmarkId::new("parallel", "1M-ballots-4-posts"), |b| {
        b.iter(|| Tally::of_batch_par(&e, &k, &batch))
    });
    g.bench_function(BenchmarkId::new("sequential", "1M-ballots-4-posts"), |b| {
        b.iter(|| Tally::of_batch(&e, &k, &batch))
    });
    g.finish();
}

fn jsonl_to_outcome(c: &mut Criterion) {
    let e = election();
    let boxes = boxes(&e);
    let bytes: usize = boxes.iter().map(|b| b.1.len()).sum();
    let mut g = c.benchmark_group("count-jsonl");
    g.sample_size(10);
    g.throughput(Throughput::Elements(BALLOTS));
    g.bench_function(BenchmarkId::new("to-outcome", format!("1M-ballots-{}MB", bytes >> 20)), |b| {
        b.iter(|| {
            let sources: Vec<BoxSource<'_>> = boxes.iter().map(|(n, b)| BoxSource::Memory(n.into(), b)).collect();
            Outcome::new(&e, &count_boxes(&e, &sources, false).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, core_tally, jsonl_to_outcome);
