//! Simulated Zheng station devices: the library behind `station-sim` — synthetic ballot boxes
//! ([`synth`]), one station device on counting day ([`device`]), many at once against a collector
//! ([`run`]), and a whole township on loopback, collector included ([`township`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bench;
pub mod device;
pub mod run;
pub mod scale;
pub mod synth;
pub mod township;
