//! Every criterion benchmark of Zheng, in one binary of its own package (`zheng-benches`): the
//! counting throughput (`tally`), signed results and their Merkle roots (`signed`), the station
//! journal (`journal`). Figures and commands: BENCHMARKS.md; run one by its id, e.g.
//! `cargo bench -p zheng-benches -- tally-compact/parallel`.
//!
//! A package of their own, so that building them (the bench profile: the release profile's thin
//! LTO, as users' builds) links one binary and builds what they use — not the test suite's
//! browser, PDF and JSON-schema crates, nor the `zheng` binary. The scripts beside this file
//! (`*.sh`) measure the released binary as a process.

mod audit;
mod journal;
mod signed;
mod tally;

criterion::criterion_main!(tally::benches, signed::benches, journal::benches, audit::benches);
