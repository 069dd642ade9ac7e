//! What people read: the public-counting sheet, the printable report, the live boards' pages, the
//! village and township views, the open exports.
//!
//! Takes in an [`crate::vote::outcome::Outcome`] (and, for a signed count, a [`html::Seal`] of plain
//! hashes and fingerprints) or a [`crate::village::Village`] / [`crate::village::Township`]; gives
//! out text — the counting sheet for a terminal ([`sheet`]), the printable HTML report ([`html`])
//! and the live boards' HTML ([`board`]), with every person's votes drawn in 正 strokes
//! ([`strokes`]); a live page's routes, which push each new render handed to them as server-sent
//! events ([`live`]); the outcome's JSON, its boxes written in parallel ([`json`]); the village and
//! township views ([`village`]: text, HTML, CSV, and the JSON of their targets and conflicts); the
//! open exports, CSV and NIST SP 1500-100 JSON ([`export`]). Its words, in Chinese or English, are
//! the book's ([`crate::words`]). It reads no files and checks no signatures: what it shows is
//! handed to it.
//!
//! Imports the vote and village stages, the words and the shared modules only.

pub mod board;
pub mod export;
pub mod html;
pub mod json;
pub mod live;
pub mod sheet;
pub mod strokes;
pub mod village;
