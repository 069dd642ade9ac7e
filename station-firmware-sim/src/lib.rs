//! Simulated Zheng station devices: the library behind `station-sim`. Now: synthetic ballot boxes
//! ([`synth`]) for tests, benchmarks and the demo's data. Next: stations that send signed results to
//! a collector over the network.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod synth;
