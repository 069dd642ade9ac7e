//! How many results a collector accepts per second over loopback, verified (every signature,
//! `verify_strict`) and durable (a receipt leaves only once its batch is committed): `station-sim
//! bench-collect`. The results are made beforehand, in memory, so that only the collector is timed.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};
use zheng::collect::server::Limits;
use zheng::seal::manifest::Manifest;
use zheng::seal::result::{ContestCount, ResultBody, ResultFile};

/// A station's key, from the seed and its number (for benchmarks only).
pub fn key(seed: u64, i: usize) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(format!("zheng-bench-{seed}-{i}")).into())
}

/// A manifest with `n` stations and one post.
pub fn manifest(n: usize, seed: u64) -> String {
    let mut t = format!(
        "format = 1\n[election]\nid = \"bench-collect\"\nbody = \"villagers-committee\"\nregistered = {}\n[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [{{ id = \"a\", name = \"赵一\" }}, {{ id = \"b\", name = \"钱二\" }}]\n",
        n * 20
    );
    for i in 0..n {
        let pk = hex::encode(key(seed, i).verifying_key().as_bytes());
        let _ = write!(t, "[[station]]\nid = \"s{i}\"\nregistered = 20\nkey = \"{pk}\"\n");
    }
    t
}

/// The figures of one run.
pub struct Figures {
    /// Results sent.
    pub sent: usize,
    /// Answered 200 with a receipt.
    pub accepted: usize,
    /// Seconds from the first request to the last answer.
    pub seconds: f64,
    /// Checkpoints signed (one per committed batch).
    pub batches: u64,
    /// Seconds to start the collector again on the full store: its check of every entry, hash,
    /// checkpoint and receipt before it serves.
    pub restart_seconds: f64,
}

/// Sends `n` signed results to a collector started here, `concurrency` at a time.
pub async fn run(n: usize, concurrency: usize, seed: u64, dir: &std::path::Path) -> anyhow::Result<Figures> {
    let m = Manifest::from_text(manifest(n, seed), &dir.join("bench.toml"))?;
    let e = m.election();
    let results: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let body = ResultBody {
                format: 1,
                election: e.id().into(),
                manifest_sha256: e.canonical_sha256(),
                station: format!("s{i}"),
                voters: 10,
                ballots: 10,
                valid: 10,
                invalid: [0; 6],
                contests: vec![ContestCount {
                    votes: vec![7, 3],
                    against: vec![],
                    blank: 0,
                    voided: 0,
                    with_write_in: 0,
                    write_ins: vec![],
                }],
                ballots_root: [0; 32],
                closed_at: "2020-11-18T17:00:00Z".into(),
            };
            ResultFile::sign(body, &key(seed, i)).to_bytes()
        })
        .collect();
    let limits = bench_limits(concurrency);
    let store = dir.join("bench.db");
    let here = crate::township::Here::start(std::slice::from_ref(&m), &store, limits).await?;
    let url = format!("{}/v1/elections/{}/results", here.base, e.id());
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for r in results {
        let (client, url, gate) = (client.clone(), url.clone(), Arc::clone(&gate));
        tasks.spawn(async move {
            let _p = gate.acquire_owned().await;
            client.post(&url).body(r).send().await.map(|x| x.status().is_success()).unwrap_or(false)
        });
    }
    let mut accepted = 0;
    while let Some(ok) = tasks.join_next().await {
        accepted += usize::from(ok.unwrap_or(false));
    }
    let seconds = start.elapsed().as_secs_f64();
    here.stop().await;
    let batches = rusqlite_count(&store)?;
    let again = Instant::now();
    let here = crate::township::Here::start(std::slice::from_ref(&m), &store, bench_limits(concurrency)).await?;
    let restart_seconds = again.elapsed().as_secs_f64();
    here.stop().await;
    Ok(Figures { sent: n, accepted, seconds, batches, restart_seconds })
}

fn bench_limits(concurrency: usize) -> Limits {
    Limits { concurrency: concurrency * 2 + 16, ..Limits::default() }
}

fn rusqlite_count(store: &std::path::Path) -> anyhow::Result<u64> {
    let s = zheng::collect::store::Store::open_read_only(store)?;
    let n: i64 = s.conn().query_row("SELECT count(*) FROM checkpoints", [], |r| r.get(0))?;
    Ok(n as u64)
}
