//! Simulated Zheng station devices: the library behind `station-sim` — synthetic ballot boxes
//! ([`synth`]), one station device on counting day ([`device`]), many at once against a collector
//! ([`run`]), a whole township on loopback, collector included ([`township`]), and the two peers
//! a count is measured against: the naive one ([`peer`]) and the competent one ([`competent`]);
//! witnesses of the collector's log, and a forking collector, for the township ([`witnessed`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bench;
pub mod competent;
pub mod device;
pub mod peer;
pub mod run;
pub mod scale;
pub mod synth;
pub mod township;
pub mod witnessed;
