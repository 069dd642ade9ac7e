//! The station journal: ballots per second through `station enter` (group commit when lines arrive
//! faster than one commit), and the latency of one durable ballot (one transaction, fsynced).
//! Figures and commands: BENCHMARKS.md.

use std::io::BufReader;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group};
use zheng::station::journal::{Journal, Kind, NewEntry};

const MANIFEST: &str = include_str!("../fixtures/kengtou-vc/election.toml");
const BOX: &str = include_str!("../fixtures/kengtou-vc/central.jsonl");

fn journal(dir: &Path, name: &str) -> Journal {
    let m = zheng::seal::manifest::Manifest::from_text(MANIFEST.to_string(), Path::new("vc.toml")).unwrap();
    Journal::create(&dir.join(name), &m, "central", Some(10_000)).unwrap()
}

fn enter(c: &mut Criterion) {
    let lines: Vec<&str> = BOX.lines().skip(1).collect();
    let input: String = (0..10_000).map(|i| format!("{}\n", lines[i % lines.len()])).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("journal");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_000));
    let mut n = 0;
    g.bench_function("enter-10k-ballots-piped", |b| {
        b.iter(|| {
            n += 1;
            let mut j = journal(dir.path(), &format!("e{n}.db"));
            let mut out = Vec::new();
            zheng::station::table::enter(
                &mut j,
                &mut BufReader::new(input.as_bytes()),
                &mut out,
                zheng::words::Lang::En,
            )
            .unwrap()
        })
    });
    g.throughput(Throughput::Elements(1));
    let mut j = journal(dir.path(), "latency.db");
    g.bench_function("one-durable-ballot", |b| {
        b.iter(|| {
            j.append(&[NewEntry { kind: Kind::Ballot, ballot: None, body: lines[0].as_bytes().to_vec() }]).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, enter);
