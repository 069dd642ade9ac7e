//! What people read: the public-counting sheet and the words it is written in.
//!
//! Takes in an [`crate::law::outcome::Outcome`]; gives out text — the counting sheet for a terminal
//! ([`sheet`]), with every person's votes drawn in 正 strokes ([`strokes`]) — in Chinese or English
//! from one catalogue ([`lang`]), which the entry screen and the demo use too. It reads no files and
//! checks no signatures: what it shows is handed to it.
//!
//! Imports [`crate::law`] and the shared modules only.

pub mod lang;
pub mod sheet;
pub mod strokes;
