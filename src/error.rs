//! Zheng's typed errors. Every input error names the file, the line and the field, and maps to exit
//! status 2; a failed internal check maps to 1.

use std::fmt;
use std::path::Path;

/// One problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field, e.g. `contest[1] "chair".seats` (may be empty).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedErrors {
    /// The file, as the user named it.
    pub file: String,
    /// The problems, in the order found.
    pub problems: Vec<Located>,
}

impl LocatedErrors {
    /// A single problem.
    pub fn one(file: &Path, line: Option<usize>, field: &str, message: String) -> Self {
        LocatedErrors {
            file: file.display().to_string(),
            problems: vec![Located { line, field: field.to_string(), message }],
        }
    }
}

impl fmt::Display for LocatedErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some(l) = p.line {
                write!(f, ":{l}")?;
            }
            if p.field.is_empty() {
                write!(f, ": {}", p.message)?;
            } else {
                write!(f, ": {}: {}", p.field, p.message)?;
            }
        }
        Ok(())
    }
}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    // The cause is part of the sentence, not a chained source: `zheng: x: Is a directory` once.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        cause: std::io::Error,
    },
    /// A path that names no regular file: a FIFO, a device, a socket, a folder.
    #[error("{path}: {kind}, not a regular file; Zheng reads only regular files")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is.
        kind: &'static str,
    },
    /// A file is larger than Zheng reads.
    #[error("{path}: larger than {limit} bytes")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// The election manifest is malformed or inconsistent.
    #[error("{0}")]
    Manifest(LocatedErrors),
    /// A box file is malformed.
    #[error("{0}")]
    BoxFile(LocatedErrors),
    /// A village register (`people.toml`, contract §5) is malformed or inconsistent.
    #[error("{0}")]
    Register(LocatedErrors),
    /// The boxes given do not fit the manifest (a station twice, a station missing, …).
    #[error("{0}")]
    Boxes(String),
    /// A key file is unreadable or malformed.
    #[error("{path}: {message}")]
    Key {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A refusal that concerns no one file (a key that may not sign, a ballot that cannot be
    /// undone, …).
    #[error("{0}")]
    Refusal(Refusal),
    /// A file was refused: a result that does not decode, a journal that cannot be used, a box
    /// that is closed, …
    #[error("{path}: {refusal}")]
    Refused {
        /// The file.
        path: String,
        /// Why.
        refusal: Refusal,
    },
    /// A signed file (a manifest signature) is malformed: it cannot be decoded.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A station journal cannot be used: missing, not a journal, or its hash chain is broken.
    #[error("{path}: {message}")]
    Journal {
        /// The journal file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The collector's store cannot be used: missing, not a store, or a database error.
    #[error("{path}: {message}")]
    Store {
        /// The store file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A check failed: a signature, a foreign or conflicting result, a recount that disagrees.
    #[error("{0}")]
    Check(String),
    /// Bad arguments to a library operation (e.g. generator rates out of range).
    #[error("{0}")]
    Usage(String),
    /// An invariant of the count failed: a bug, never a property of the input.
    #[error("internal check failed: {0}")]
    Invariant(String),
}

impl Error {
    /// A box (or its header) names a station the manifest does not list.
    pub fn unknown_station(path: &Path, station: &str) -> Self {
        Error::BoxFile(LocatedErrors::one(
            path,
            Some(1),
            "station",
            format!("station {station:?} is not in the manifest"),
        ))
    }

    /// The exit status this error maps to: 2 for bad input or usage, 1 for a failed check.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invariant(_) | Error::Check(_) => 1,
            Error::Refused { refusal, .. } | Error::Refusal(refusal) => refusal.exit_code(),
            _ => 2,
        }
    }

    /// The text of an invariant that failed (the message without "internal check failed").
    pub fn invariant_text(&self) -> String {
        match self {
            Error::Invariant(m) => m.clone(),
            other => other.to_string(),
        }
    }

    /// A refusal about a file.
    pub fn refused(path: &Path, refusal: Refusal) -> Self {
        Error::Refused { path: path.display().to_string(), refusal }
    }

    /// Wraps an I/O error with its path.
    pub fn io(path: &Path, cause: std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), cause }
    }
}

/// Every refusal Zheng can give about a signed result, its published ballots, a merge, a bundle or
/// a journal: a stable code (what the collector will send over the wire), and one sentence in
/// Chinese and one in English — this enum and its two `match`es are the one catalogue of them.
/// `Display` is the English sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    // A signed result against the manifest.
    /// The result belongs to another election.
    WrongElection {
        /// The election id the result names.
        found: String,
        /// This manifest's election id.
        expected: String,
    },
    /// The result was signed against another manifest (hex SHA-256s of the canonical forms).
    OtherManifest {
        /// The manifest hash the result carries.
        signed: String,
        /// This manifest's hash.
        this: String,
    },
    /// The station the result names is not in the manifest.
    UnknownStation {
        /// The station id as named.
        station: String,
    },
    /// The signed counts do not have the manifest's shape or are inconsistent.
    CountsDoNotFit {
        /// What does not fit.
        problem: CountsProblem,
    },
    /// The manifest lists no key for the result's station.
    NoStationKey {
        /// The station id.
        station: String,
    },
    /// The first signature is not the station's.
    NotSignedFirstByStation,
    /// One key signed the result twice.
    SignedTwice {
        /// The key, in hex.
        key: String,
    },
    /// A signature by a key that is neither the station's nor a listed monitor's.
    UnknownSigner {
        /// The key, in hex.
        key: String,
    },
    /// The station's signature does not verify (`verify_strict`).
    BadStationSignature {
        /// The station id.
        station: String,
    },
    /// A monitor's signature does not verify (`verify_strict`).
    BadMonitorSignature {
        /// The station id.
        station: String,
    },
    /// Fewer monitors countersigned than the manifest requires.
    TooFewMonitors {
        /// Valid monitors' signatures.
        have: u32,
        /// Required by the manifest.
        need: u32,
    },
    // The published ballots of a result.
    /// The published ballots' header names another station or number of voters.
    BallotsHeaderMismatch,
    /// The published ballots are not sorted (the canonical order).
    BallotsNotInCanonicalOrder {
        /// The first line out of order.
        line: usize,
    },
    /// A published record is a ballot, but not in its canonical form (key order, mark order,
    /// spacing, escapes, an untrimmed name, an empty post).
    BallotNotCanonical {
        /// Its line.
        line: usize,
    },
    /// The published header is not written in its canonical form (`{"station":"…","voters":N}`).
    HeaderNotCanonical,
    /// The published file does not end with a newline.
    NoFinalNewline,
    /// The published ballots could not be read.
    BallotsUnreadable {
        /// Why.
        why: String,
    },
    /// The published ballots do not hash to the signed Merkle root.
    BallotsRootMismatch,
    /// A recount of the published ballots differs from the signed counts.
    RecountDiffers,
    /// A published line is not a ballot of this manifest.
    NotABallot {
        /// Its line in the published file (the header is line 1).
        line: usize,
        /// Why, as the ballot decoder says it.
        why: String,
    },
    // The merge as a whole.
    /// Two different verified results for one station or more: nothing is decided.
    ConflictingResults {
        /// The stations.
        stations: Vec<String>,
    },
    /// Some stations have no verified result.
    StationsMissing,
    // The next round of a vote.
    /// The vote is void: it is held again with the same manifest, not continued.
    VoteVoid,
    /// Every post is decided: no further round is called for.
    NothingPending,
    /// An outcome given is of another vote than the manifest (or of another body).
    OutcomeOfAnotherVote {
        /// The outcome's election.
        outcome: String,
        /// The manifest's election.
        manifest: String,
    },
    /// The round asked for is called for by no post.
    RoundNotCalledFor {
        /// `revote` or `runoff`.
        round: &'static str,
    },
    /// An outcome given with a village register is of another village.
    OutcomeOfAnotherVillage {
        /// The outcome's election.
        election: String,
        /// Its village.
        found: String,
        /// The register's village.
        register: String,
    },
    // A result file's bytes.
    /// The file does not start with the result magic.
    NotAResult,
    /// The bytes do not decode (truncated, a bad tag, a length past the limit, bytes left over).
    Undecodable {
        /// What the decoder says.
        why: String,
    },
    /// Bytes that decode but are not the canonical encoding of what they decode to.
    NotCanonicalBytes,
    /// A result of a format this Zheng does not read.
    UnknownResultFormat {
        /// The format found.
        format: u32,
    },
    // Signing.
    /// `close` with a key for a station the manifest lists no key for.
    NoStationKeyToSign {
        /// The station id.
        station: String,
        /// The key's public half, hex, to add to the manifest.
        public: String,
    },
    /// `close` with a key that is not the station's.
    NotTheStationKey {
        /// The key's public half, hex.
        public: String,
        /// The station id.
        station: String,
        /// The key the manifest lists for it, hex.
        listed: String,
    },
    /// `countersign` with a key that is not a listed monitor of the result's station.
    NotAListedMonitor {
        /// The key's public half, hex.
        public: String,
        /// The station id.
        station: String,
    },
    /// `countersign` with a key that has signed the result already.
    AlreadySigned,
    /// A bundle is asked for, but a result's published ballots are not beside it.
    BallotsMissing {
        /// The result file.
        result: String,
        /// Where its ballots were looked for.
        expected: String,
    },
    // The township's signature on a manifest.
    /// The file does not start with the manifest-signature magic.
    NotAManifestSignature,
    /// The manifest signature is by another key than the trusted township's.
    SignedByAnotherKey {
        /// The signer's key, hex.
        signer: String,
        /// The trusted key, hex.
        trusted: String,
    },
    /// The signature is over another manifest (or another election).
    SignatureOfAnotherManifest,
    /// The township's signature does not verify (`verify_strict`).
    BadManifestSignature,
    // A station journal.
    /// `station open` on a file that exists.
    JournalExists,
    /// No journal at that path.
    NoJournal,
    /// A SQLite file without Zheng's tables or keys.
    NotAJournal {
        /// What is missing.
        missing: String,
    },
    /// A journal format this Zheng does not read.
    UnknownJournalFormat,
    /// The manifest stored in the journal was changed.
    JournalManifestChanged,
    /// The journal's station is not in its stored manifest.
    JournalStationUnknown {
        /// The station id stored.
        station: String,
    },
    /// An entry breaks the hash chain.
    ChainBroken {
        /// The entry's place, from 1.
        entry: u64,
        /// What is wrong with it.
        defect: ChainDefect,
    },
    /// Another program wrote to the journal since this one opened it (two `station enter` at once).
    JournalWrittenElsewhere,
    /// The collector's store does not hold the log it signed: the collector refuses to start (or
    /// to sign) rather than serve or extend it.
    LogBroken {
        /// What is wrong.
        defect: LogDefect,
    },
    /// The box is closed: nothing more is entered, undone or closed again.
    BoxClosed,
    /// An output path names one of the command's own inputs.
    OutputIsAnInput {
        /// The output path.
        out: String,
    },
    /// An output path names existing evidence (a journal, a result, a box file, …), and `--force`
    /// was not given.
    WouldOverwrite {
        /// The output path.
        out: String,
        /// What is there.
        what: &'static str,
    },
    /// Closing again over a result whose signed body differs (its countersignatures would be lost).
    ResultDiffers {
        /// The existing result file.
        out: String,
    },
    /// Nothing to undo: no live ballot.
    NoBallotToUndo,
    /// `undo --ballot N` of a ballot that is not live.
    NotALiveBallot {
        /// The ballot number given.
        ballot: u64,
    },
    /// A box file is asked for before the voters were recorded.
    VotersUnknown,
    /// Two journals compared that are not of one box.
    NotTheSameBox,
    /// The two talliers' journals disagree.
    JournalsDisagree {
        /// At how many places.
        places: usize,
    },
    // The collector and its log.
    /// A result sent for an election this collector does not collect.
    UnknownElection {
        /// The election id asked for.
        election: String,
    },
    /// A verified result for a station that already has another: stored, logged and reported,
    /// never merged in silently.
    ConflictingResult {
        /// The station id.
        station: String,
    },
    /// A result too large for one entry of the log (C2SP entry bundles hold entries of at most
    /// 65,535 bytes).
    ResultTooLarge {
        /// The entry's size.
        bytes: usize,
    },
    /// The store was made with another manifest for this election.
    StoreManifestDiffers {
        /// The election id.
        election: String,
    },
    /// The file is not a collector's receipt (magic, bytes or form).
    NotAReceipt {
        /// What is wrong.
        why: String,
    },
    /// The receipt, its checkpoint or a checkpoint given is not signed by the collector's key.
    BadCollectorSignature,
    /// A checkpoint that is not a C2SP checkpoint of this log.
    BadCheckpoint {
        /// What is wrong.
        why: String,
    },
    /// An inclusion or consistency proof that does not hold.
    ProofFails {
        /// Which proof, and what.
        why: String,
    },
}

/// What does not fit in a result's signed counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountsProblem {
    /// Another number of posts than the manifest's.
    Posts {
        /// Posts in the result.
        have: usize,
        /// Posts in the manifest.
        manifest: usize,
    },
    /// Another number of candidates in a post than the manifest lists.
    Candidates {
        /// The post's id.
        post: String,
        /// Candidates counted.
        have: usize,
        /// Candidates listed.
        manifest: usize,
    },
    /// A post's written-in names are not sorted or repeat.
    WriteInsUnsorted {
        /// The post's id.
        post: String,
    },
    /// Valid and invalid ballots do not add up to the ballots stated.
    BallotsDoNotAdd {
        /// Ballots stated.
        stated: u64,
        /// Valid plus invalid.
        sum: u64,
    },
    /// The counts break an invariant every count satisfies.
    Inconsistent {
        /// Which.
        why: String,
    },
}

/// How a collector's store fails to hold the log the collector signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogDefect {
    /// The stored entries are not numbered 0, 1, 2, … (a submission row was deleted).
    EntryMissing {
        /// The first index missing.
        index: u64,
    },
    /// A stored entry's result does not decode, or is not the result its id names.
    EntryChanged {
        /// Its index.
        index: u64,
    },
    /// A stored hash of the tree is not the hash its entries give (or is missing).
    HashDiffers {
        /// Its place among the stored hashes.
        id: u64,
    },
    /// There are stored hashes beyond those of the entries.
    HashesBeyond {
        /// Hashes stored.
        stored: u64,
        /// Hashes the entries give.
        expected: u64,
    },
    /// A stored checkpoint is not signed by this collector's key, or is not a checkpoint.
    CheckpointUnsigned {
        /// The size it is stored under.
        size: u64,
    },
    /// A stored checkpoint's tree is not the tree of the stored entries (a fork of the log).
    CheckpointDiffers {
        /// Its size.
        size: u64,
    },
    /// The newest checkpoint does not cover exactly the stored entries.
    CheckpointNotNewest {
        /// The newest checkpoint's size (0: none).
        checkpoint: u64,
        /// Entries stored.
        entries: u64,
    },
    /// A stored receipt does not verify against the stored result and log.
    ReceiptBad {
        /// The entry's index.
        index: u64,
    },
    /// The newest checkpoint written beside the store is not signed by this collector's key.
    HeadFileUnsigned,
    /// A stored manifest's text is not the manifest its stored hash names.
    ManifestChanged {
        /// The election it is stored under.
        election: String,
    },
    /// The collector signed a larger log than the store now holds (the store was rolled back).
    RolledBack {
        /// The size of the newest checkpoint the collector wrote beside the store.
        signed: u64,
        /// Entries stored.
        entries: u64,
    },
}

/// How a journal entry breaks the hash chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainDefect {
    /// It is numbered out of sequence (the number it has).
    Numbered(i64),
    /// Its kind is not one Zheng writes.
    UnknownKind,
    /// Its ballot number is negative.
    NegativeBallot,
    /// It does not name the hash of the entry before it.
    DoesNotFollow,
    /// Its contents do not hash to its stored hash.
    ContentsChanged,
}

impl Refusal {
    // Long: one table of the catalogue, one line a refusal; clearer whole than split.
    /// The stable code, e.g. `bad-station-signature`.
    pub fn code(&self) -> &'static str {
        use Refusal::*;
        match self {
            WrongElection { .. } => "wrong-election",
            OtherManifest { .. } => "other-manifest",
            UnknownStation { .. } => "unknown-station",
            CountsDoNotFit { .. } => "counts-do-not-fit",
            NoStationKey { .. } => "no-station-key",
            NotSignedFirstByStation => "not-signed-first-by-station",
            SignedTwice { .. } => "signed-twice",
            UnknownSigner { .. } => "unknown-signer",
            BadStationSignature { .. } => "bad-station-signature",
            BadMonitorSignature { .. } => "bad-monitor-signature",
            TooFewMonitors { .. } => "too-few-monitors",
            BallotsHeaderMismatch => "ballots-header-mismatch",
            BallotsNotInCanonicalOrder { .. } => "ballots-not-in-canonical-order",
            BallotNotCanonical { .. } => "ballot-not-canonical",
            HeaderNotCanonical => "header-not-canonical",
            NoFinalNewline => "no-final-newline",
            BallotsUnreadable { .. } => "ballots-unreadable",
            BallotsRootMismatch => "ballots-root-mismatch",
            RecountDiffers => "recount-differs",
            NotABallot { .. } => "not-a-ballot",
            ConflictingResults { .. } => "conflicting-results",
            StationsMissing => "stations-missing",
            VoteVoid => "vote-void",
            NothingPending => "nothing-pending",
            OutcomeOfAnotherVote { .. } => "outcome-of-another-vote",
            RoundNotCalledFor { .. } => "round-not-called-for",
            OutcomeOfAnotherVillage { .. } => "outcome-of-another-village",
            NotAResult => "not-a-result",
            Undecodable { .. } => "undecodable",
            UnknownResultFormat { .. } => "unknown-result-format",
            NotCanonicalBytes => "not-canonical-bytes",
            NotAManifestSignature => "not-a-manifest-signature",
            SignedByAnotherKey { .. } => "signed-by-another-key",
            SignatureOfAnotherManifest => "signature-of-another-manifest",
            BadManifestSignature => "bad-manifest-signature",
            NoStationKeyToSign { .. } => "no-station-key-to-sign",
            NotTheStationKey { .. } => "not-the-station-key",
            NotAListedMonitor { .. } => "not-a-listed-monitor",
            AlreadySigned => "already-signed",
            BallotsMissing { .. } => "ballots-missing",
            OutputIsAnInput { .. } => "output-is-an-input",
            WouldOverwrite { .. } => "would-overwrite",
            ResultDiffers { .. } => "result-differs",
            NoBallotToUndo => "no-ballot-to-undo",
            NotALiveBallot { .. } => "not-a-live-ballot",
            VotersUnknown => "voters-unknown",
            NotTheSameBox => "not-the-same-box",
            JournalExists => "journal-exists",
            NoJournal => "no-journal",
            NotAJournal { .. } => "not-a-journal",
            UnknownJournalFormat => "unknown-journal-format",
            JournalManifestChanged => "journal-manifest-changed",
            JournalStationUnknown { .. } => "journal-station-unknown",
            ChainBroken { .. } => "chain-broken",
            JournalWrittenElsewhere => "journal-written-elsewhere",
            LogBroken { .. } => "log-broken",
            BoxClosed => "box-closed",
            JournalsDisagree { .. } => "journals-disagree",
            UnknownElection { .. } => "unknown-election",
            ConflictingResult { .. } => "conflicting-result",
            ResultTooLarge { .. } => "result-too-large",
            StoreManifestDiffers { .. } => "store-manifest-differs",
            NotAReceipt { .. } => "not-a-receipt",
            BadCollectorSignature => "bad-collector-signature",
            BadCheckpoint { .. } => "bad-checkpoint",
            ProofFails { .. } => "proof-fails",
        }
    }

    /// The exit status of a command that ends with this refusal: 1 for a check that failed (a
    /// signature, a recount, a conflict, disagreeing talliers), 2 for input that cannot be used.
    pub fn exit_code(&self) -> u8 {
        use Refusal::*;
        match self {
            NotAResult
            | Undecodable { .. }
            | UnknownResultFormat { .. }
            | NotCanonicalBytes
            | JournalExists
            | NoJournal
            | NotAJournal { .. }
            | UnknownJournalFormat
            | JournalManifestChanged
            | JournalStationUnknown { .. }
            | ChainBroken { .. }
            | BoxClosed
            | JournalWrittenElsewhere
            | LogBroken { .. }
            | UnknownStation { .. }
            | NoStationKeyToSign { .. }
            | NotTheStationKey { .. }
            | NotAListedMonitor { .. }
            | AlreadySigned
            | BallotsMissing { .. }
            | NoBallotToUndo
            | NotALiveBallot { .. }
            | VotersUnknown
            | NotTheSameBox
            | OutputIsAnInput { .. }
            | WouldOverwrite { .. }
            | ResultDiffers { .. }
            | UnknownElection { .. }
            | StoreManifestDiffers { .. }
            | OutcomeOfAnotherVote { .. }
            | OutcomeOfAnotherVillage { .. }
            | ResultTooLarge { .. }
            | NotAReceipt { .. }
            | BadCheckpoint { .. }
            | NotAManifestSignature => 2,
            _ => 1,
        }
    }

    // Long: one table of the catalogue, one line a refusal; clearer whole than split.
    /// The English sentence.
    pub fn en(&self) -> String {
        use Refusal::*;
        match self {
            WrongElection { found, expected } => format!("a result of election {found:?}, not {expected:?}"),
            OtherManifest { signed, this } => {
                format!("signed against another manifest (SHA-256 {signed}, this one {this})")
            }
            UnknownStation { station } => format!("station {station:?} is not in the manifest"),
            CountsDoNotFit { problem } => format!("counts do not fit the manifest: {}", problem.en()),
            NoStationKey { station } => format!("the manifest lists no key for station {station:?}"),
            NotSignedFirstByStation => "not signed first by the station's key".into(),
            SignedTwice { key } => format!("key {key} signed twice"),
            UnknownSigner { key } => format!("signed by key {key}, neither the station's nor a listed monitor's"),
            BadStationSignature { .. } => "the station's signature does not verify".into(),
            BadMonitorSignature { .. } => "a monitor's signature does not verify".into(),
            TooFewMonitors { have, need } => format!(
                "{have} of {need} required monitors' signatures (each monitor adds theirs: zheng countersign --election E.toml --key KEY RESULT)"
            ),
            BallotsHeaderMismatch => "the published ballots' header does not match the result (station, voters)".into(),
            BallotsNotInCanonicalOrder { .. } => "the published ballots are not in canonical (sorted) order".into(),
            BallotNotCanonical { line } => {
                format!("published ballot {line} is not in canonical form (docs/FORMAT.md, published ballots)")
            }
            HeaderNotCanonical => "the published ballots' header is not in canonical form".into(),
            NoFinalNewline => "the published ballots do not end with a newline".into(),
            BallotsUnreadable { why } => format!("the published ballots cannot be read: {why}"),
            BallotsRootMismatch => "the published ballots do not hash to the signed Merkle root".into(),
            RecountDiffers => "a recount of the published ballots differs from the signed counts".into(),
            NotABallot { line, why } => format!("published ballot {line} is not a ballot: {why}"),
            ConflictingResults { stations } => format!(
                "no outcome until the election committee resolves the conflicting results of station(s) {}",
                stations.join(", ")
            ),
            StationsMissing => {
                "no outcome: some stations have no verified result (--partial decides without them)".into()
            }
            VoteVoid => {
                "the vote is void: it is held again with the same manifest, not continued by a further round".into()
            }
            NothingPending => "every post is decided: no re-vote or run-off is called for".into(),
            OutcomeOfAnotherVote { outcome, manifest } => {
                format!("the outcome is of vote {outcome:?}, not of {manifest:?} or a later round of its body")
            }
            RoundNotCalledFor { round } => format!("no post calls for a {round}"),
            OutcomeOfAnotherVillage { election, found, register } => {
                format!("the outcome of {election:?} is of village {found:?}, the register of {register:?}")
            }
            NotAResult => "malformed: not a Zheng station result (no ZHENGR01 magic)".into(),
            Undecodable { why } => why.clone(),
            UnknownResultFormat { format } => format!("malformed: format {format} (this Zheng reads 1)"),
            NotCanonicalBytes => "malformed: not the canonical encoding of what it decodes to (docs/FORMAT.md)".into(),
            NoStationKeyToSign { station, public } => {
                format!("the manifest lists no key for station {station:?}: add key = \"{public}\"")
            }
            NotTheStationKey { public, station, listed } => {
                format!("this key ({public}) is not station {station:?}'s key in the manifest ({listed})")
            }
            NotAListedMonitor { public, station } => {
                format!("this key ({public}) is not a listed monitor of station {station:?}")
            }
            AlreadySigned => "this key has already signed this result".into(),
            BallotsMissing { result, expected } => {
                format!(
                    "{result}: its published ballots ({expected}) are missing; a bundle carries every box's ballots"
                )
            }
            OutputIsAnInput { out } => format!("{out} is one of this command's inputs: it is never written over"),
            WouldOverwrite { out, what } => {
                format!("{out} exists and is {what}: evidence is not written over (--force replaces it)")
            }
            ResultDiffers { out } => format!(
                "{out} holds a result of this box with another signed body (other counts or closing time): closing again would drop its countersignatures (--force replaces it)"
            ),
            NoBallotToUndo => "no ballot to undo".into(),
            NotALiveBallot { ballot } => format!("ballot {ballot} is not a live ballot of this journal"),
            VotersUnknown => "voters unknown; record them with zheng station voters --journal FILE N".into(),
            NotTheSameBox => "the two journals are not of the same box (manifest or station differ)".into(),
            NotAManifestSignature => "not a Zheng manifest signature (no ZHENGM01 magic)".into(),
            SignedByAnotherKey { signer, trusted } => format!("signed by {signer}, not by the trusted key {trusted}"),
            SignatureOfAnotherManifest => "the signature is for another manifest".into(),
            BadManifestSignature => "the signature does not verify".into(),
            JournalExists => "exists already: a journal is opened once (zheng station status reads it)".into(),
            NoJournal => "no such journal (zheng station open makes one)".into(),
            NotAJournal { missing } => format!("not a Zheng journal (no {missing})"),
            UnknownJournalFormat => "a journal format this Zheng does not read".into(),
            JournalManifestChanged => "the stored manifest was changed (its hash no longer matches)".into(),
            JournalStationUnknown { station } => format!("station {station:?} is not in the stored manifest"),
            ChainBroken { entry, defect } => format!(
                "entry {entry}: {}; the hash chain is broken (edited or damaged), nothing was repaired",
                defect.en()
            ),
            LogBroken { defect } => format!(
                "{}: this store does not hold the log this collector signed; nothing is served or signed from it (restore the store and its -wal from a copy that holds every entry; to start a new store instead, move the store, DB.checkpoint and DB.key away)",
                defect.en()
            ),
            JournalWrittenElsewhere => {
                "another program wrote to this journal since it was opened: one table, one program (open it again)"
                    .into()
            }
            BoxClosed => "the box is closed".into(),
            JournalsDisagree { places } => format!(
                "the two talliers' journals differ at {places} place(s) (zheng station reconcile lists them); --force closes anyway"
            ),
            UnknownElection { election } => format!("this collector does not collect election {election:?}"),
            ConflictingResult { station } => format!(
                "station {station:?} already has another verified result: this one is stored and logged as a conflict, and nothing is decided until the committee resolves it"
            ),
            ResultTooLarge { bytes } => {
                format!("a result of {bytes} bytes is too large for the log (entries hold at most 65,535)")
            }
            StoreManifestDiffers { election } => {
                format!(
                    "the store holds another manifest for election {election:?}: one store, one manifest per election"
                )
            }
            NotAReceipt { why } => format!("not a collector's receipt: {why}"),
            BadCollectorSignature => "not signed by the collector's key (verify_strict)".into(),
            BadCheckpoint { why } => format!("not a checkpoint of this log: {why}"),
            ProofFails { why } => format!("the proof does not hold: {why}"),
        }
    }

    // Long: one table of the catalogue, one line a refusal; clearer whole than split.
    /// The Chinese sentence.
    pub fn zh(&self) -> String {
        use Refusal::*;
        match self {
            WrongElection { found, expected } => format!("这是选举 {found} 的结果，不是本次选举 {expected} 的"),
            OtherManifest { signed, this } => {
                format!("结果签署时所用的选举清单不同（SHA-256 {signed}，本清单 {this}）")
            }
            UnknownStation { station } => format!("选举清单中没有票箱 {station}"),
            CountsDoNotFit { problem } => format!("计票数与选举清单不符：{}", problem.zh()),
            NoStationKey { station } => format!("选举清单没有列出票箱 {station} 的公钥"),
            NotSignedFirstByStation => "第一个签名不是本票箱的密钥".into(),
            SignedTwice { key } => format!("密钥 {key} 签名两次"),
            UnknownSigner { key } => format!("签名密钥 {key} 既不是本票箱的，也不是所列监票人的"),
            BadStationSignature { station } => format!("票箱 {station} 的签名核验不通过"),
            BadMonitorSignature { station } => format!("票箱 {station} 的一个监票人签名核验不通过"),
            TooFewMonitors { have, need } => {
                format!(
                    "监票人签名 {have} 个，应有 {need} 个（每位监票人签名：zheng countersign --election E.toml --key 密钥文件 结果文件）"
                )
            }
            BallotsHeaderMismatch => "公布选票的首行（票箱、投票人数）与结果不符".into(),
            BallotsNotInCanonicalOrder { line } => format!("公布的选票没有按规范顺序排列（第 {line} 行）"),
            BallotNotCanonical { line } => format!("公布的第 {line} 行选票不是规范格式"),
            HeaderNotCanonical => "公布选票的首行不是规范格式".into(),
            NoFinalNewline => "公布的选票文件末尾没有换行".into(),
            BallotsUnreadable { why } => format!("公布的选票无法读取：{why}"),
            BallotsRootMismatch => "公布的选票与签署的 Merkle 根不符".into(),
            RecountDiffers => "按公布的选票复算，与签署的票数不同".into(),
            NotABallot { line, why } => format!("公布的第 {line} 行不是有效录入的选票：{why}"),
            ConflictingResults { stations } => {
                format!("票箱 {} 有互相矛盾的结果，须由村选举委员会处理后才能确定选举结果", stations.join("、"))
            }
            StationsMissing => "有票箱没有核验通过的结果，不能确定选举结果（--partial 可不计这些票箱）".into(),
            VoteVoid => "本次选举无效，应按原选举清单重新选举，不进行再次投票或另行选举".into(),
            NothingPending => "各职位均已确定，无需再次投票或另行选举".into(),
            OutcomeOfAnotherVote { outcome, manifest } => {
                format!("该选举结果属于 {outcome}，不是 {manifest} 或其同一组织后续轮次的结果")
            }
            RoundNotCalledFor { round } => {
                format!("没有职位需要{}", if *round == "revote" { "再次投票" } else { "另行选举" })
            }
            OutcomeOfAnotherVillage { election, found, register } => {
                format!("选举结果 {election} 属于 {found}，村民名册属于 {register}")
            }
            NotAResult => "不是正计票的票箱结果文件（没有 ZHENGR01 标记）".into(),
            Undecodable { why } => format!("结果文件无法解码：{why}"),
            UnknownResultFormat { format } => format!("结果文件格式 {format} 无法读取（本程序读取格式 1）"),
            NotCanonicalBytes => "字节不是其内容的规范编码".into(),
            NoStationKeyToSign { station, public } => {
                format!("选举清单没有列出票箱 {station} 的公钥：请加上 key = \"{public}\"")
            }
            NotTheStationKey { public, station, listed } => {
                format!("这个密钥（{public}）不是选举清单中票箱 {station} 的密钥（{listed}）")
            }
            NotAListedMonitor { public, station } => format!("这个密钥（{public}）不是票箱 {station} 所列的监票人"),
            AlreadySigned => "这个密钥已经签过这份结果".into(),
            BallotsMissing { result, expected } => {
                format!("{result}：缺少公布的选票（{expected}）；汇总包须带有每个票箱的选票")
            }
            OutputIsAnInput { out } => format!("{out} 是本命令的输入文件，不能被覆盖"),
            WouldOverwrite { out, what } => format!("{out} 已存在（{what}）：证据不被覆盖（--force 可替换）"),
            ResultDiffers { out } => {
                format!("{out} 已有本票箱的结果，但签署内容不同：再次封箱会丢失监票人签名（--force 可替换）")
            }
            NoBallotToUndo => "没有可撤销的选票".into(),
            NotALiveBallot { ballot } => format!("第 {ballot} 张不是本日志中有效的选票"),
            VotersUnknown => "投票人数未知；请用 zheng station voters --journal 文件 人数 记录".into(),
            NotTheSameBox => "两个日志不是同一个票箱的（选举清单或票箱不同）".into(),
            NotAManifestSignature => "不是正计票的选举清单签名文件（没有 ZHENGM01 标记）".into(),
            SignedByAnotherKey { signer, trusted } => format!("签名密钥是 {signer}，不是所信任的乡镇密钥 {trusted}"),
            SignatureOfAnotherManifest => "这个签名是对另一份选举清单的".into(),
            BadManifestSignature => "乡镇对选举清单的签名核验不通过".into(),
            JournalExists => "计票日志已存在：每个日志只开一次（可用 zheng station status 查看）".into(),
            NoJournal => "没有这个计票日志（用 zheng station open 新建）".into(),
            NotAJournal { missing } => format!("不是正计票的计票日志（缺少 {missing}）"),
            UnknownJournalFormat => "无法读取这种格式的计票日志".into(),
            JournalManifestChanged => "日志中保存的选举清单被改动过（哈希不符）".into(),
            JournalStationUnknown { station } => format!("日志保存的选举清单中没有票箱 {station}"),
            ChainBroken { entry, defect } => {
                format!("第 {entry} 条记录{}；哈希链断裂（被改动或损坏），未作任何修复", defect.zh())
            }
            LogBroken { defect } => {
                format!(
                    "{}：这个存储库不是汇总点签过名的日志，不从中提供或签署任何内容（请从保存了全部记录的备份恢复存储库及其 -wal；如要另建新库，请把存储库、DB.checkpoint 和 DB.key 一并移走）",
                    defect.zh()
                )
            }
            JournalWrittenElsewhere => {
                "打开之后另有程序写入了这个计票日志：一张计票桌只用一个程序（请重新打开）".into()
            }
            BoxClosed => "票箱已封箱".into(),
            JournalsDisagree { places } => {
                format!("两位计票人的日志有 {places} 处不同（zheng station reconcile 可列出）；--force 可强制封箱")
            }
            UnknownElection { election } => format!("本汇总点不汇总选举 {election}"),
            ConflictingResult { station } => {
                format!(
                    "票站 {station} 已有另一份经核验的结果：本份已存档并记入日志，列为冲突，选举委员会处理前不作决定"
                )
            }
            ResultTooLarge { bytes } => format!("结果文件 {bytes} 字节，超过日志条目上限 65535 字节"),
            StoreManifestDiffers { election } => format!("存储库中选举 {election} 的选举清单与本清单不同"),
            NotAReceipt { why } => format!("不是汇总点的回执：{why}"),
            BadCollectorSignature => "不是汇总点密钥的有效签名".into(),
            BadCheckpoint { why } => format!("不是本日志的检查点：{why}"),
            ProofFails { why } => format!("证明不成立：{why}"),
        }
    }
}

impl CountsProblem {
    /// The English sentence.
    pub fn en(&self) -> String {
        match self {
            CountsProblem::Posts { have, manifest } => format!("{have} posts, the manifest has {manifest}"),
            CountsProblem::Candidates { post, have, manifest } => {
                format!("post {post}: counts for {have} candidates, the manifest lists {manifest}")
            }
            CountsProblem::WriteInsUnsorted { post } => format!("post {post}: written-in names not sorted or repeated"),
            CountsProblem::BallotsDoNotAdd { stated, sum } => {
                format!("{stated} ballots stated, valid and invalid add up to {sum}")
            }
            CountsProblem::Inconsistent { why } => format!("internal check failed: {why}"),
        }
    }

    /// The Chinese sentence.
    pub fn zh(&self) -> String {
        match self {
            CountsProblem::Posts { have, manifest } => format!("有 {have} 个职位，选举清单有 {manifest} 个"),
            CountsProblem::Candidates { post, have, manifest } => {
                format!("职位 {post} 有 {have} 名候选人的票数，选举清单列出 {manifest} 名")
            }
            CountsProblem::WriteInsUnsorted { post } => format!("职位 {post} 的另选姓名没有排序或有重复"),
            CountsProblem::BallotsDoNotAdd { stated, sum } => {
                format!("写明选票 {stated} 张，有效与无效相加为 {sum} 张")
            }
            CountsProblem::Inconsistent { why } => format!("票数自相矛盾：{why}"),
        }
    }
}

impl LogDefect {
    /// The English words.
    pub fn en(&self) -> String {
        match self {
            LogDefect::EntryMissing { index } => format!("entry {index} of the log is missing from the store"),
            LogDefect::EntryChanged { index } => format!("entry {index} of the log was changed in the store"),
            LogDefect::HashDiffers { id } => {
                format!("stored hash {id} of the log's tree is not the hash of the stored entries")
            }
            LogDefect::HashesBeyond { stored, expected } => {
                format!("the store holds {stored} hashes of the log's tree, but its entries give {expected}")
            }
            LogDefect::CheckpointUnsigned { size } => {
                format!("the stored checkpoint of {size} entries is not signed by this collector's key")
            }
            LogDefect::CheckpointDiffers { size } => {
                format!("the signed checkpoint of {size} entries is not the tree of the stored entries")
            }
            LogDefect::CheckpointNotNewest { checkpoint, entries } => {
                format!("the newest stored checkpoint covers {checkpoint} entries, but the store holds {entries}")
            }
            LogDefect::ReceiptBad { index } => format!("the stored receipt of entry {index} does not verify"),
            LogDefect::HeadFileUnsigned => {
                "the newest checkpoint beside the store (DB.checkpoint) is not signed by this collector's key".into()
            }
            LogDefect::ManifestChanged { election } => {
                format!("the stored manifest of {election} was changed (its text no longer hashes to the stored hash)")
            }
            LogDefect::RolledBack { signed, entries } => format!(
                "this collector signed a checkpoint of {signed} entries, but the store holds only {entries}: it was rolled back or entries were deleted"
            ),
        }
    }

    /// The Chinese words.
    pub fn zh(&self) -> String {
        match self {
            LogDefect::EntryMissing { index } => format!("存储库中缺少日志第 {index} 条"),
            LogDefect::EntryChanged { index } => format!("存储库中日志第 {index} 条被改动过"),
            LogDefect::HashDiffers { id } => format!("日志树保存的第 {id} 个哈希与所存记录算出的不符"),
            LogDefect::HashesBeyond { stored, expected } => {
                format!("存储库保存了 {stored} 个日志树哈希，而所存记录只给出 {expected} 个")
            }
            LogDefect::CheckpointUnsigned { size } => {
                format!("所存 {size} 条记录的检查点不是本汇总点的密钥签署的")
            }
            LogDefect::CheckpointDiffers { size } => format!("已签名的 {size} 条记录检查点与所存记录的树不符"),
            LogDefect::CheckpointNotNewest { checkpoint, entries } => {
                format!("所存最新检查点只含 {checkpoint} 条记录，而存储库有 {entries} 条")
            }
            LogDefect::ReceiptBad { index } => format!("日志第 {index} 条所存的回执核验不通过"),
            LogDefect::HeadFileUnsigned => "存储库旁的最新检查点文件（DB.checkpoint）不是本汇总点的密钥签署的".into(),
            LogDefect::ManifestChanged { election } => {
                format!("存储库中选举 {election} 的选举清单被改动过（与所存哈希不符）")
            }
            LogDefect::RolledBack { signed, entries } => {
                format!("本汇总点签署过 {signed} 条记录的检查点，而存储库只有 {entries} 条：存储库被回退或记录被删除")
            }
        }
    }
}

impl ChainDefect {
    /// The English words.
    pub fn en(&self) -> String {
        match self {
            ChainDefect::Numbered(n) => format!("numbered {n}"),
            ChainDefect::UnknownKind => "unknown kind".into(),
            ChainDefect::NegativeBallot => "negative ballot number".into(),
            ChainDefect::DoesNotFollow => "it does not follow the entry before it".into(),
            ChainDefect::ContentsChanged => "its contents do not match its hash".into(),
        }
    }

    /// The Chinese words.
    pub fn zh(&self) -> String {
        match self {
            ChainDefect::Numbered(n) => format!("编号为 {n}"),
            ChainDefect::UnknownKind => "类型不明".into(),
            ChainDefect::NegativeBallot => "选票编号为负".into(),
            ChainDefect::DoesNotFollow => "与前一条记录接不上".into(),
            ChainDefect::ContentsChanged => "内容与其哈希不符".into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every refusal, for the catalogue's checks.
    fn every_refusal() -> Vec<Refusal> {
        use Refusal::*;
        let s = || "x".to_string();
        vec![
            WrongElection { found: s(), expected: s() },
            OtherManifest { signed: s(), this: s() },
            UnknownStation { station: s() },
            CountsDoNotFit { problem: CountsProblem::Posts { have: 1, manifest: 2 } },
            NoStationKey { station: s() },
            NotSignedFirstByStation,
            SignedTwice { key: s() },
            UnknownSigner { key: s() },
            BadStationSignature { station: s() },
            BadMonitorSignature { station: s() },
            TooFewMonitors { have: 0, need: 1 },
            BallotsHeaderMismatch,
            BallotsNotInCanonicalOrder { line: 3 },
            BallotNotCanonical { line: 2 },
            HeaderNotCanonical,
            NoFinalNewline,
            BallotsUnreadable { why: s() },
            BallotsRootMismatch,
            RecountDiffers,
            NotABallot { line: 2, why: s() },
            ConflictingResults { stations: vec![s()] },
            StationsMissing,
            VoteVoid,
            NothingPending,
            OutcomeOfAnotherVote { outcome: s(), manifest: s() },
            RoundNotCalledFor { round: "revote" },
            OutcomeOfAnotherVillage { election: s(), found: s(), register: s() },
            NotAResult,
            Undecodable { why: s() },
            UnknownResultFormat { format: 2 },
            NotCanonicalBytes,
            NoStationKeyToSign { station: s(), public: s() },
            NotTheStationKey { public: s(), station: s(), listed: s() },
            NotAListedMonitor { public: s(), station: s() },
            AlreadySigned,
            BallotsMissing { result: s(), expected: s() },
            NotAManifestSignature,
            SignedByAnotherKey { signer: s(), trusted: s() },
            SignatureOfAnotherManifest,
            BadManifestSignature,
            OutputIsAnInput { out: s() },
            WouldOverwrite { out: s(), what: "a journal" },
            ResultDiffers { out: s() },
            NoBallotToUndo,
            NotALiveBallot { ballot: 3 },
            VotersUnknown,
            NotTheSameBox,
            JournalExists,
            NoJournal,
            NotAJournal { missing: s() },
            UnknownJournalFormat,
            JournalManifestChanged,
            JournalStationUnknown { station: s() },
            ChainBroken { entry: 2, defect: ChainDefect::ContentsChanged },
            BoxClosed,
            JournalWrittenElsewhere,
            JournalsDisagree { places: 2 },
            UnknownElection { election: s() },
            ConflictingResult { station: s() },
            StoreManifestDiffers { election: s() },
            ResultTooLarge { bytes: 70_000 },
            NotAReceipt { why: s() },
            BadCollectorSignature,
            BadCheckpoint { why: s() },
            ProofFails { why: s() },
        ]
    }

    /// The catalogue: every refusal has its own stable code, a Chinese sentence and an English
    /// one, and an exit status of the contract (1 a failed check, 2 input that cannot be used).
    #[test]
    fn every_refusal_has_a_code_and_two_sentences() {
        let all = every_refusal();
        let mut codes: Vec<&str> = all.iter().map(Refusal::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
        for r in &all {
            assert!(r.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", r.code());
            assert!(r.zh().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {}", r.code(), r.zh());
            assert!(!r.en().is_empty() && r.to_string() == r.en());
            assert!(matches!(r.exit_code(), 1 | 2));
        }
    }
}
