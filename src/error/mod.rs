//! Zheng's typed errors and refusals: what went wrong, as values — never as sentences.
//!
//! Takes in nothing of Zheng (rank 0: every stage uses it); gives out [`Error`], the error of every
//! library call, and [`Refusal`], the catalogue of everything Zheng refuses, each with its stable
//! code and its exit status ([`code`]): 2 for input that cannot be used, 1 for a check that failed.
//! The words of every error and refusal, in Chinese and in English, are the book of words'
//! (`crate::words::refusal`), keyed by these values; `Display` there is the English sentence.
//!
//! - [`located`]: problems at a place in a file (a manifest, a box file, a register), each a
//!   [`problem::Problem`].
//! - [`faults`]: what other errors name inside them (bad usage, boxes that do not fit, a key file,
//!   a store, a file that is not what it should be).
//! - [`outcome`]: what can be wrong with an outcome read from a file.
//! - [`refusal`]: the refusals, one enum over every domain.
//! - [`defect`]: what a refusal names inside it (counts that do not fit, a broken log or chain).
//! - [`kinds`]: small typed values refusals carry instead of words (what a file is, which round).
//! - [`qr`]: what can be wrong with a signed result carried as QR codes ([`Error::Qr`]).
//! - [`witness`]: what a verifier key (vkey), a cosignature or a request to a witness gets wrong.
//! - [`code`]: each refusal's stable code and exit status.

pub mod code;
pub mod defect;
#[cfg(test)]
pub(crate) mod examples;
pub mod faults;
pub mod kinds;
pub mod located;
pub mod outcome;
pub mod problem;
pub mod qr;
pub mod refusal;
pub mod witness;

use std::path::Path;

pub use defect::{ChainDefect, CountsProblem, LogDefect};
pub use faults::{BoxesProblem, KeyFileProblem, MalformedFile, StoreProblem, Usage};
pub use kinds::{Evidence, FileKind, FurtherRound, NotAudit};
pub use located::{Located, LocatedErrors};
pub use outcome::OutcomeProblem;
pub use problem::{HeaderFault, KeyFault, Listed, NameError, Problem};
pub use qr::QrProblem;
pub use refusal::Refusal;
pub use witness::{CosignatureFault, PolicyFault, RequestFault, VkeyFault};

/// Any error of the library.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    // The cause is part of the sentence, not a chained source: `zheng: x: Is a directory` once.
    Io {
        /// The file.
        path: String,
        /// The cause.
        cause: std::io::Error,
    },
    /// A path that names no regular file: a FIFO, a device, a socket, a folder.
    NotRegular {
        /// The path.
        path: String,
        /// What it is.
        kind: FileKind,
    },
    /// A file is larger than Zheng reads.
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// The election manifest is malformed or inconsistent.
    Manifest(LocatedErrors),
    /// A box file is malformed.
    BoxFile(LocatedErrors),
    /// A village register (`people.toml`, contract §5) is malformed or inconsistent.
    Register(LocatedErrors),
    /// The boxes given do not fit the manifest (a station twice, a station missing, …).
    Boxes(BoxesProblem),
    /// A key file is unreadable or malformed.
    Key {
        /// The file.
        path: String,
        /// What is wrong.
        problem: KeyFileProblem,
    },
    /// A refusal that concerns no one file (a key that may not sign, a ballot that cannot be
    /// undone, …).
    Refusal(Refusal),
    /// A file was refused: a result that does not decode, a journal that cannot be used, a box
    /// that is closed, …
    Refused {
        /// The file.
        path: String,
        /// Why.
        refusal: Refusal,
    },
    /// A file is not what it should be (an outcome file that is not one, or does not hold
    /// together).
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        problem: MalformedFile,
    },
    /// A station journal cannot be used: SQLite's message.
    Journal {
        /// The journal file.
        path: String,
        /// SQLite's message.
        detail: String,
    },
    /// The collector's store (or an audit's database) cannot be used: missing, not a store, or a
    /// database error.
    Store {
        /// The store file.
        path: String,
        /// What is wrong.
        problem: StoreProblem,
    },
    /// A command or a library call used wrongly.
    Usage(Usage),
    /// An address that cannot be listened on (taken, not this machine's, not an address).
    Listen {
        /// The address, as given.
        address: String,
        /// The cause.
        cause: std::io::Error,
    },
    /// QR codes that cannot carry a signed result, or cannot give one back (`zheng qr`).
    Qr {
        /// The image (or result file) it concerns; none when it concerns the codes together (a
        /// part missing).
        path: Option<String>,
        /// What is wrong.
        problem: QrProblem,
    },
    /// An invariant of the count failed: a bug, never a property of the input.
    Invariant(String),
}

impl std::error::Error for Error {}

impl Error {
    /// A box (or its header) names a station the manifest does not list.
    pub fn unknown_station(path: &Path, station: &str) -> Self {
        let problem = Problem::UnknownStation { station: station.to_string() };
        Error::BoxFile(LocatedErrors::one(path, Some(1), "station", problem))
    }

    /// The exit status this error maps to: 2 for bad input or usage, 1 for a failed check, a
    /// refusal's own ([`Refusal::exit_code`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invariant(_) => 1,
            Error::Refused { refusal, .. } | Error::Refusal(refusal) => refusal.exit_code(),
            Error::Io { .. }
            | Error::NotRegular { .. }
            | Error::TooLarge { .. }
            | Error::Manifest(_)
            | Error::BoxFile(_)
            | Error::Register(_)
            | Error::Boxes(_)
            | Error::Key { .. }
            | Error::Malformed { .. }
            | Error::Journal { .. }
            | Error::Store { .. }
            | Error::Usage(_)
            | Error::Listen { .. }
            | Error::Qr { .. } => 2,
        }
    }

    /// The text of an invariant that failed (the message without "internal check failed"); of any
    /// other error, its English sentence.
    pub fn invariant_text(&self) -> String {
        if let Error::Invariant(m) = self { m.clone() } else { self.to_string() }
    }

    /// A refusal about a file.
    pub fn refused(path: &Path, refusal: Refusal) -> Self {
        Error::Refused { path: path.display().to_string(), refusal }
    }

    /// QR codes refused, about an image (or a result file).
    pub fn qr(path: &Path, problem: QrProblem) -> Self {
        Error::Qr { path: Some(path.display().to_string()), problem }
    }

    /// Wraps an I/O error with its path.
    pub fn io(path: &Path, cause: std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), cause }
    }
}
