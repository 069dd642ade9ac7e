//! Simulated Zheng station devices: the library behind `station-sim` — synthetic ballot boxes
//! ([`synth`]), one station device on counting day ([`device`]), many at once against a collector
//! ([`run`]), a whole township on loopback, collector included ([`township`]), and the naive peer
//! a count is measured against ([`peer`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bench;
pub mod device;
pub mod peer;
pub mod run;
pub mod scale;
pub mod synth;
pub mod township;
