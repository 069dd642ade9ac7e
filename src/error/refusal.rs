//! The refusals: one enum over every domain — a signed result against its manifest, its published
//! ballots, the merge, the next round, a result file's bytes, signing, the township's signature on a
//! manifest, a station journal, and the collector and its log. Values only: the words are
//! `crate::words::refusal`'s, the codes and exit statuses [`super::code`]'s.

use super::defect::{ChainDefect, CountsProblem, LogDefect};
use super::kinds::{Evidence, FurtherRound};

/// Every refusal Zheng can give about a signed result, its published ballots, a merge, a bundle, a
/// journal or the collector's log. Each has a stable code (what the collector sends over the wire)
/// and an exit status ([`super::code`]), and one sentence in Chinese and one in English (the book
/// of words, `crate::words::refusal`); `Display` is the English sentence.
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
        /// The field, as the ballot decoder names it (may be empty).
        field: String,
        /// What is wrong (boxed: a refusal stays small).
        problem: Box<super::Problem>,
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
        /// The round asked for.
        round: FurtherRound,
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
        missing: super::kinds::JournalPart,
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
        what: Evidence,
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
    // Witnesses (c2sp.org/tlog-witness) and the keys of logs and witnesses (vkeys).
    /// A verifier key (vkey) that cannot be used.
    BadVkey {
        /// The vkey as given (cut when long).
        vkey: String,
        /// What is wrong.
        fault: super::VkeyFault,
    },
    /// A known witness's cosignature that does not hold.
    BadCosignature {
        /// The witness's name.
        witness: String,
        /// What is wrong.
        fault: super::CosignatureFault,
    },
    /// The body of a request to a witness's `add-checkpoint` is not one (HTTP 400).
    NotAnAddCheckpoint {
        /// What is wrong.
        fault: super::RequestFault,
    },
    /// A checkpoint of a log the witness does not witness (HTTP 404).
    UnknownLog {
        /// The checkpoint's origin (escaped, cut when long).
        origin: String,
    },
    /// A checkpoint without a valid signature by a key the witness trusts for its log (HTTP 403).
    BadLogSignature {
        /// The log's origin.
        origin: String,
    },
    /// An `old` size larger than the checkpoint's own (HTTP 400).
    OldSizeTooLarge {
        /// The old size given.
        old: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// An `old` size that is not the size of the latest checkpoint the witness cosigned for the
    /// log (HTTP 409, with that size).
    OldSizeMismatch {
        /// The old size given.
        old: u64,
        /// The witness's latest cosigned size (0 if none).
        latest: u64,
    },
    /// A checkpoint of size 0 whose root is not the empty tree's (HTTP 422).
    EmptyTreeRoot,
    /// A consistency proof sent from the empty tree, which needs none (HTTP 422).
    ProofFromEmptyTree,
    /// The checkpoint is not consistent with the latest one the witness cosigned: the consistency
    /// proof does not hold (HTTP 422).
    NotConsistent {
        /// The size the witness cosigned.
        old: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// The checkpoint has the size of the latest one the witness cosigned but another root: the
    /// log forked (HTTP 422).
    RootDiffers {
        /// The size.
        size: u64,
    },
    /// A checkpoint signed by the log that no witness of the client's policy cosigned yet (a
    /// receipt's first checkpoint is so): not forged, not yet witnessed.
    NotYetWitnessed {
        /// The checkpoint's size.
        size: u64,
    },
    /// A checkpoint cosigned by some witnesses of the client's policy, not by its quorum.
    QuorumNotReached {
        /// The checkpoint's size.
        size: u64,
        /// The witnesses that cosigned it (names, comma-separated).
        cosigned: String,
        /// The quorum, as the policy says it (e.g. `2 of a, b, c`).
        quorum: String,
    },
    /// A witness policy file (c2sp.org/tlog-witness's policy text) that cannot be used.
    BadPolicy {
        /// The line (from 1; 0: the file as a whole).
        line: usize,
        /// What is wrong.
        fault: super::PolicyFault,
    },
    // The audit of the paper (contract §6).
    /// The seed is not at least 20 decimal digits rolled in public.
    SeedTooShort {
        /// Its digits.
        digits: usize,
    },
    /// The seed has something other than decimal digits.
    SeedNotDigits,
    /// The risk limit is not a fraction between 0 and 1 (e.g. `5%` or `0.05`).
    BadRiskLimit {
        /// As given.
        given: String,
    },
    /// A bundle that does not verify is not audited.
    BundleDoesNotVerify {
        /// The failed checks' numbers.
        failed: Vec<u32>,
    },
    /// A bundle given to a command (a report, an export, a village) does not verify.
    NotVerified {
        /// The failed checks' numbers.
        failed: Vec<u32>,
    },
    /// The folder is not an audit (`zheng audit plan --out` makes one).
    NotAnAudit {
        /// What is missing or wrong.
        why: super::NotAudit,
    },
    /// A ballot named not as `station:position`, or of a station or position the audit does not have.
    NotABallotOfTheAudit {
        /// As named.
        ballot: String,
    },
    /// A ballot the sample has not drawn (yet).
    NotDrawn {
        /// The ballot, `station:position`.
        ballot: String,
    },
    /// A ballot recorded before with other marks: the first record stands.
    PaperDiffers {
        /// The ballot, `station:position`.
        ballot: String,
        /// What was recorded first (canonical record).
        before: String,
        /// What is given now.
        now: String,
    },
    /// A hand-counted box file of another station than the one named.
    HandCountOfAnotherBox {
        /// The station named on the command line.
        station: String,
        /// The station the box file's header names.
        header: String,
    },
    /// `audit plan --out` names something that exists: an audit is never written over.
    AuditExists {
        /// The path given.
        out: String,
    },
    /// A next round no larger than the sample so far.
    RoundNotLarger {
        /// The sample so far.
        have: u64,
        /// The size asked for.
        asked: u64,
    },
    /// A box hand-counted before with other ballots: the first count stands.
    HandCountDiffers {
        /// The station.
        station: String,
    },
}

impl std::error::Error for Refusal {}
