//! Sealing: what makes a count provable by anyone.
//!
//! Takes in a validated manifest and a box's ballots and tally from [`crate::law`]; gives out the
//! canonical byte forms Zheng signs and hashes ([`canonical`]), Ed25519 keys ([`keys`]), the
//! published ballot records in canonical order ([`record`]) and their RFC 6962 Merkle root
//! ([`merkle`]), the station's signed result ([`result`]) and the township's signature on a manifest
//! ([`manifest_sig`]), and a signed result carried as QR codes and read back ([`qr`]). Every
//! signature binds a domain tag, the format version and the election id, and is checked with
//! `verify_strict`. Byte layouts: docs/FORMAT.md. And the transparency-log
//! ecosystem's keys and signatures as C2SP writes them ([`cosignature`]: vkeys, key ids, witnesses'
//! cosignatures, signed checkpoints) and the texts of a witness's `add-checkpoint`
//! ([`tlog_witness`]): docs/PROTOCOL.md, "The witness".
//!
//! Imports [`crate::law`] and the shared modules only.

pub mod canonical;
pub mod cosignature;
pub mod digest;
pub mod keys;
pub mod manifest;
pub mod manifest_sig;
pub mod merkle;
pub mod qr;
pub mod record;
pub mod result;
pub mod tlog_witness;
pub mod witness_policy;
