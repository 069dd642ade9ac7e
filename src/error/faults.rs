//! What an [`super::Error`] names inside it, as values: a command used wrongly, boxes that do not
//! fit the manifest, a key file, a collector's store, a file that is not what it should be. Their
//! words are `crate::words::refusal`'s. A message of a library Zheng uses (SQLite's, rustls's, a
//! parser's) is carried as that library said it.

use super::outcome::OutcomeProblem;

/// A command or a library call used wrongly: an argument missing, two that do not go together, an
/// output that cannot be written where asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// No box files given to count.
    NoBoxFiles,
    /// `zheng export` with no box files (and no bundle).
    NoBoxesToExport,
    /// `zheng report` with no box files (and no bundle or store).
    NoBoxesToReport,
    /// `zheng keygen` with neither `--out` nor `--public-of`.
    KeygenNeedsOut,
    /// `zheng collect` without `--store`.
    StoreRequired,
    /// `zheng collect` without `--election`.
    ElectionRequired,
    /// A quorum of witnesses (`--witness-quorum`, `--quorum`) of 0 or more than the witnesses
    /// given.
    QuorumOutOfRange {
        /// The quorum given.
        quorum: usize,
        /// The witnesses given.
        witnesses: usize,
    },
    /// A folder that must be new or empty is not.
    NotEmpty {
        /// The folder.
        dir: String,
    },
    /// A file name that is not UTF-8 in a folder Zheng reads.
    NotUtf8Name {
        /// The name, as the system gives it.
        name: String,
    },
    /// Something in a folder that is neither a file nor a folder.
    NeitherFileNorFolder {
        /// Its path.
        path: String,
    },
    /// Not a bundle folder.
    NotABundle {
        /// The path given.
        path: String,
    },
    /// A journal opened for a station the manifest does not list.
    StationNotInManifest {
        /// The station.
        station: String,
    },
    /// The operating system gave no random bytes: its message.
    NoRandomSource {
        /// The system's message.
        detail: String,
    },
    /// `--trust` without `--manifest-sig`.
    TrustNeedsSignature,
    /// `--trust` is not a public key.
    Trust(super::KeyFault),
    /// An output that is one of the command's inputs.
    OutIsAnInput {
        /// The output.
        out: String,
    },
    /// `--election` names the store itself.
    StoreNotManifest {
        /// As given.
        election: String,
    },
    /// `--election` names neither a manifest file nor an election of the store.
    NoSuchElection {
        /// As given.
        election: String,
    },
    /// `zheng qr encode --out` names neither a PNG nor an SVG file.
    NotPngOrSvg {
        /// As given.
        out: String,
    },
    /// `zheng witness` without one of its required options.
    WitnessNeeds {
        /// The option, e.g. `--key`.
        flag: String,
    },
}

/// Box files that do not fit the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoxesProblem {
    /// Two box files of one station.
    SameStation {
        /// The first file.
        first: String,
        /// The second.
        second: String,
        /// The station.
        station: String,
    },
    /// Stations with no box file.
    Missing {
        /// Their ids.
        stations: Vec<String>,
    },
}

/// What is wrong with a key file (a station's, a monitor's, the township's, a TLS certificate or
/// key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFileProblem {
    /// Readable by others: its mode.
    ReadableByOthers {
        /// The permission bits.
        mode: u32,
    },
    /// Not text.
    NotAKeyFile,
    /// Text, but not a key file `zheng keygen` made.
    NotMadeByKeygen,
    /// The second line is not 64 hex characters.
    SeedNotHex,
    /// Not a PEM certificate: rustls's message.
    NotPemCertificate {
        /// The library's message.
        detail: String,
    },
    /// A PEM file with no certificate.
    NoCertificate,
    /// Not a PEM private key: rustls's message.
    NotPemKey {
        /// The library's message.
        detail: String,
    },
    /// The key does not go with the certificate: rustls's message.
    KeyDoesNotFit {
        /// The library's message.
        detail: String,
    },
    /// TLS cannot be set up: rustls's message.
    Tls {
        /// The library's message.
        detail: String,
    },
}

/// What is wrong with a collector's store, a witness's store or an audit's folder database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreProblem {
    /// SQLite's own message.
    Database {
        /// SQLite's message.
        detail: String,
    },
    /// No file where the store should be.
    NoStore,
    /// A database that is not a collector's store.
    NotAStore,
    /// The store's log is signed by another key than the one given.
    SignedByAnotherKey {
        /// The stored public key, in hex.
        key: String,
    },
    /// The store's log is signed by a key given with `--key` before, and none is given now.
    KeyGivenBefore {
        /// Where the key may be put instead.
        file: String,
    },
    /// The stored key is not a key.
    StoredKeyMalformed,
    /// The log's stored hashes cannot be read: the library's message.
    LogHashes {
        /// The library's message.
        detail: String,
    },
    /// A database that is not a witness's store.
    NotAWitnessStore,
    /// The witness's store was made for another witness key: a store is one witness's for good.
    OtherWitnessKey {
        /// The vkey the store was made for.
        vkey: String,
    },
}

/// A file that is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MalformedFile {
    /// Not an outcome (`zheng count --json`): the JSON reader's message at its line.
    NotAnOutcome {
        /// The line.
        line: usize,
        /// The reader's message.
        detail: String,
    },
    /// An outcome whose numbers or decisions do not hold together, or that is of another manifest.
    Inconsistent(OutcomeProblem),
}
