//! Every integration test of `zheng`, in one test binary: each file beside this one is a module of
//! it (Cargo's discovery of `tests/*.rs` is off — `autotests = false` in Cargo.toml — and
//! `architecture::every_test_file_is_a_module_of_the_one_binary` fails on a file left out).
//!
//! One binary links the crate and its dependencies once, not once a file (21 links in issue 22),
//! and its tests share one pool of threads: a test waiting on a process or a browser leaves the
//! cores to the others. Run one file's tests by its module, `cargo test --test all golden::`, or
//! one test by its whole name after `--exact`.
//!
//! Beside the tests: `common/` (running the binary, temporary elections, a browser), shared once;
//! `spec_verifier/`, the plain verifier written from docs/FORMAT.md alone, which names nothing of
//! `zheng` (`architecture` checks it); `golden/`, the bytes every command's output is held to.

mod common;
mod spec_verifier;

mod architecture;
mod audit;
mod browser;
mod cli;
mod collector;
mod entry_screen;
mod export;
mod format_vector;
mod fuzz;
mod golden;
mod hardening;
mod independent;
mod journal;
mod kinship;
mod law;
mod one_language;
mod properties;
mod protocol_vector;
mod qr;
mod report;
mod robustness;
mod rounds;
mod signed;
mod spec_agreement;
mod township;
mod verify;
mod witness;
mod witnessed;
