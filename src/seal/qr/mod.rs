//! A signed result as QR codes, and back: how a station's result leaves a hall with no network.
//!
//! Takes in a result file ([`crate::seal::result::ResultFile`]) and gives out standard QR codes
//! (ISO/IEC 18004, byte mode, error correction M) as PNG images, SVG drawings or terminal
//! characters — one code while the result fits, else a numbered sequence ([`render`]). Each code
//! carries a small header naming the result (`ZHENGQ01`, its number and the count, the first 8
//! bytes of the file's SHA-256, the election and the station) and a part of the file's bytes
//! ([`frame`]). Takes in images of those codes (PNG, or a phone's JPEG) — photographed, scanned or
//! saved, in any order — and gives back the result file byte for byte as it was signed, checked as
//! a result file is; or a typed refusal naming the image (no code, not Zheng's, another election
//! or result mixed in, a part missing or read twice differently, a signature that does not verify)
//! ([`read`]).
//! Byte layout: docs/FORMAT.md, "QR frame".

pub mod frame;
pub mod read;
pub mod render;

#[cfg(test)]
mod tests;
