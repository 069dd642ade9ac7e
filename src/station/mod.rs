//! The counting table: what the tallier enters, kept durably, and closed to a signed result.
//!
//! Takes in ballot lines (typed at the entry screen or piped in) for one box; gives out a
//! hash-chained, crash-safe journal ([`journal`]), the operations of the table — enter, undo, voters,
//! notes, status, export, close ([`table`]) — the comparison of two talliers' journals
//! ([`reconcile`]), the tallier's entry screen, a pure state machine ([`entry`]), and the hall's
//! live board, which follows the journal read-only and pushes each change to the page ([`board`]).
//!
//! Imports [`crate::law`], [`crate::seal`], [`crate::report`], [`crate::audit`] and the shared
//! modules.

pub mod board;
pub mod entry;
pub mod journal;
pub mod reconcile;
pub mod table;
