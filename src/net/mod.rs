//! Sockets as every listener of Zheng serves them: the collector, the township's board and the
//! hall's board alike.
//!
//! Takes in a listener and routes; gives out a server whose every socket and body is bounded, so
//! that no client — slow, idle, dribbling one byte a segment, or simply many — can take what
//! another needs:
//! - [`budget`]: the process's open-file limit raised to what the system allows and split between
//!   the listeners, with a reserve for the store, the journal and SQLite, so that a board full of
//!   idle sockets never takes the descriptors the collector needs to answer a station;
//! - [`serve`]: at most so many connections a listener (one more is answered `503` and closed at
//!   once), a deadline on every request's headers that also closes an idle kept-alive socket, and a
//!   TLS handshake within the same deadline;
//! - [`body`]: a request body read into one buffer of at most its limit, `413` on a declared length
//!   over it before a byte is read, and a minimum pace after a short grace (a dribbling client is
//!   cut off; a slow real link gets through);
//! - [`policy`]: the security headers of every page (no script, style or connection from
//!   elsewhere).
//!
//! Imports nothing of Zheng but its error type.

pub mod body;
pub mod budget;
pub mod policy;
pub mod serve;
