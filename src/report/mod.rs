//! What people read: the public-counting sheet, the printable report, the live boards' pages, and
//! the words they are written in.
//!
//! Takes in an [`crate::vote::outcome::Outcome`] (and, for a signed count, a [`html::Seal`] of plain
//! hashes and fingerprints); gives out text — the counting sheet for a terminal ([`sheet`]), the
//! printable HTML report ([`html`]) and the live boards' HTML ([`board`]), with every person's votes
//! drawn in 正 strokes ([`strokes`]) — in Chinese or English from one catalogue ([`lang`]), which the
//! entry screen and the demo use too; and a live page's routes, which push each new render handed to
//! them as server-sent events ([`live`]); the village and township views ([`village`]); the open exports, CSV and NIST SP
//! 1500-100 JSON ([`export`]). It reads no files and checks no signatures: what it shows
//! is handed to it.
//!
//! Imports [`crate::law`] and the shared modules only.

pub mod board;
pub mod export;
pub mod html;
pub mod lang;
pub mod live;
pub mod sheet;
pub mod strokes;
pub mod village;
