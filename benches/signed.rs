//! Signed results: sign and verify_strict per result; merging 10,000 signed
//! results (verify, sum, outcome); the Merkle root over a million ballot records. Figures and
//! commands: BENCHMARKS.md.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zheng::audit::merge::{self, Input};
use zheng::seal::result::{Check, ResultBody, ResultFile, message, verify_all};
use zheng::vote::manifest::Election;
use zheng::vote::outcome::Outcome;
use zheng::vote::tally::Tally;

const STATIONS: usize = 10_000;

fn key(i: usize) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(format!("bench station {i}")).into())
}

/// A county-sized vote: 10,000 stations, the demo's four posts.
fn election() -> Election {
    let base = include_str!("../fixtures/kengtou-vc/election.toml");
    let head = &base[..base.find("[[station]]").unwrap()];
    let mut t = head.replace("registered = 1500", &format!("registered = {}", STATIONS * 100));
    for i in 0..STATIONS {
        t += &format!(
            "[[station]]\nid = \"s{i}\"\nregistered = 100\nkey = \"{}\"\n",
            hex::encode(key(i).verifying_key().to_bytes())
        );
    }
    Election::from_toml(&t, Path::new("county.toml")).unwrap()
}

fn results(e: &Election) -> Vec<Input> {
    let mut tally = Tally::empty(e);
    tally.valid = 80;
    tally.contests[0].votes = vec![50, 20, 10];
    tally.contests[1].votes = vec![60, 20];
    tally.contests[2].votes = vec![40, 40, 30, 30, 20];
    tally.contests[3].votes = vec![55, 25];
    for (c, blank) in tally.contests.iter_mut().zip([0, 0, 0, 0]) {
        c.blank = blank;
    }
    (0..STATIONS)
        .map(|i| {
            let body = ResultBody::new(e, i, 85, &tally, [7; 32], "2020-11-18T17:00:00Z".into());
            Input { path: format!("s{i}.zres").into(), file: ResultFile::sign(body, &key(i)), ballots: None }
        })
        .collect()
}

fn signatures(c: &mut Criterion) {
    let e = election();
    let inputs = results(&e);
    let body = inputs[0].file.body().clone();
    let k = key(0);
    let mut g = c.benchmark_group("signature");
    g.bench_function("sign-one-result", |b| b.iter(|| ResultFile::sign(body.clone(), &k)));
    let msg = message(inputs[0].file.signed_bytes());
    let sig = ed25519_dalek::Signature::from_bytes(&inputs[0].file.signatures()[0].signature);
    let vk = k.verifying_key();
    g.bench_function("verify-strict-one", |b| b.iter(|| vk.verify_strict(&msg, &sig).unwrap()));
    let messages: Vec<Vec<u8>> = inputs.iter().map(|i| message(i.file.signed_bytes())).collect();
    let keys: Vec<VerifyingKey> = (0..STATIONS).map(|i| key(i).verifying_key()).collect();
    let checks: Vec<Check<'_>> = inputs
        .iter()
        .zip(&messages)
        .zip(&keys)
        .map(|((i, m), k)| Check { key: *k, message: m, signature: i.file.signatures()[0].signature })
        .collect();
    g.throughput(Throughput::Elements(STATIONS as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("verify-10k", "strict-parallel"), |b| b.iter(|| verify_all(&checks)));
    g.finish();

    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    g.throughput(Throughput::Elements(STATIONS as u64));
    g.bench_function(BenchmarkId::new("10k-results-to-outcome", "strict"), |b| {
        b.iter(|| {
            let m = merge::merge(&e, inputs.clone());
            let o: Outcome = m.outcome(&e, false).unwrap();
            assert_eq!(o.stations.len(), STATIONS);
            o
        })
    });
    g.finish();
}

fn merkle(c: &mut Criterion) {
    let records: Vec<Vec<u8>> = (0..1_000_000u32)
        .map(|i| {
            format!("{{\"chair\":[\"c0{}\"],\"member\":[\"c06\",\"c07\"],\"vice\":[\"c04\"]}}", i % 7).into_bytes()
        })
        .collect();
    let mut g = c.benchmark_group("merkle");
    g.sample_size(10);
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("root-1M-records", |b| b.iter(|| zheng::seal::merkle::root(&records)));
    // A closed box's records as `close` hashes them: sorted, so equal ballots come in runs — here
    // 9,000 distinct records (a 1M-ballot box of the demo's ballot has 9,002) with counts falling
    // off as 1/rank, summing to 1,000,000; each run added by its leaf hash and count.
    let weights: Vec<f64> = (1..=9_000).map(|r| 1.0 / r as f64).collect();
    let total: f64 = weights.iter().sum();
    let mut runs: Vec<(Vec<u8>, u64)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                format!("{{\"chair\":[\"c{i:05}\"],\"member\":[\"c06\"]}}").into_bytes(),
                1 + (w / total * 991_000.0) as u64,
            )
        })
        .collect();
    let short = 1_000_000 - runs.iter().map(|(_, n)| n).sum::<u64>();
    runs[0].1 += short;
    runs.sort();
    g.bench_function("root-1M-records-in-runs", |b| {
        b.iter(|| {
            let mut m = zheng::seal::merkle::Builder::default();
            runs.iter().for_each(|(r, n)| m.push_run(zheng::seal::merkle::leaf(r), *n));
            m.root()
        })
    });
    g.finish();
}

criterion_group!(benches, signatures, merkle);
