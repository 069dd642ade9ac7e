//! One example of every error, refusal and defect, for the tests of the codes (here) and of the
//! words (`crate::words::refusal`). Each list is written as `pattern => example` lines that make
//! one exhaustive `match` too: a new variant does not compile until it has its example here.

use super::*;

/// One example of each variant of `$ty`, from `pattern => example` lines: the patterns make an
/// exhaustive match (a variant without a line does not compile), and each example must match its
/// own pattern.
macro_rules! one_of_each {
    ($ty:ty { $($pat:pat => $example:expr),* $(,)? }) => {{
        fn every_variant_named(x: &$ty) {
            match x {
                $($pat => {})*
            }
        }
        let _ = every_variant_named;
        let all: Vec<$ty> = vec![$($example),*];
        let mut each = all.iter();
        $(
            let x = each.next().expect("one example a line");
            assert!(matches!(x, $pat), "{x:?} is not a {}", stringify!($pat));
        )*
        all
    }};
}

fn s() -> String {
    "x".to_string()
}

// Long: one example a refusal, one line each; the catalogue is clearer whole than split.
/// One of every refusal.
pub(crate) fn refusals() -> Vec<Refusal> {
    use Refusal::*;
    one_of_each!(Refusal {
        WrongElection { .. } => WrongElection { found: s(), expected: s() },
        OtherManifest { .. } => OtherManifest { signed: s(), this: s() },
        UnknownStation { .. } => UnknownStation { station: s() },
        CountsDoNotFit { .. } => CountsDoNotFit { problem: CountsProblem::Posts { have: 1, manifest: 2 } },
        NoStationKey { .. } => NoStationKey { station: s() },
        NotSignedFirstByStation => NotSignedFirstByStation,
        SignedTwice { .. } => SignedTwice { key: s() },
        UnknownSigner { .. } => UnknownSigner { key: s() },
        BadStationSignature { .. } => BadStationSignature { station: s() },
        BadMonitorSignature { .. } => BadMonitorSignature { station: s() },
        TooFewMonitors { .. } => TooFewMonitors { have: 0, need: 1 },
        BallotsHeaderMismatch => BallotsHeaderMismatch,
        BallotsNotInCanonicalOrder { .. } => BallotsNotInCanonicalOrder { line: 3 },
        BallotNotCanonical { .. } => BallotNotCanonical { line: 2 },
        HeaderNotCanonical => HeaderNotCanonical,
        NoFinalNewline => NoFinalNewline,
        BallotsUnreadable { .. } => BallotsUnreadable { why: s() },
        BallotsRootMismatch => BallotsRootMismatch,
        RecountDiffers => RecountDiffers,
        NotABallot { .. } => NotABallot { line: 2, why: s() },
        ConflictingResults { .. } => ConflictingResults { stations: vec![s()] },
        StationsMissing => StationsMissing,
        VoteVoid => VoteVoid,
        NothingPending => NothingPending,
        OutcomeOfAnotherVote { .. } => OutcomeOfAnotherVote { outcome: s(), manifest: s() },
        RoundNotCalledFor { .. } => RoundNotCalledFor { round: FurtherRound::Revote },
        OutcomeOfAnotherVillage { .. } => OutcomeOfAnotherVillage { election: s(), found: s(), register: s() },
        NotAResult => NotAResult,
        Undecodable { .. } => Undecodable { why: s() },
        UnknownResultFormat { .. } => UnknownResultFormat { format: 2 },
        NotCanonicalBytes => NotCanonicalBytes,
        NoStationKeyToSign { .. } => NoStationKeyToSign { station: s(), public: s() },
        NotTheStationKey { .. } => NotTheStationKey { public: s(), station: s(), listed: s() },
        NotAListedMonitor { .. } => NotAListedMonitor { public: s(), station: s() },
        AlreadySigned => AlreadySigned,
        BallotsMissing { .. } => BallotsMissing { result: s(), expected: s() },
        NotAManifestSignature => NotAManifestSignature,
        SignedByAnotherKey { .. } => SignedByAnotherKey { signer: s(), trusted: s() },
        SignatureOfAnotherManifest => SignatureOfAnotherManifest,
        BadManifestSignature => BadManifestSignature,
        OutputIsAnInput { .. } => OutputIsAnInput { out: s() },
        WouldOverwrite { .. } => WouldOverwrite { out: s(), what: Evidence::Journal },
        ResultDiffers { .. } => ResultDiffers { out: s() },
        NoBallotToUndo => NoBallotToUndo,
        NotALiveBallot { .. } => NotALiveBallot { ballot: 3 },
        VotersUnknown => VotersUnknown,
        NotTheSameBox => NotTheSameBox,
        JournalExists => JournalExists,
        NoJournal => NoJournal,
        NotAJournal { .. } => NotAJournal { missing: s() },
        UnknownJournalFormat => UnknownJournalFormat,
        JournalManifestChanged => JournalManifestChanged,
        JournalStationUnknown { .. } => JournalStationUnknown { station: s() },
        ChainBroken { .. } => ChainBroken { entry: 2, defect: ChainDefect::ContentsChanged },
        LogBroken { .. } => LogBroken { defect: LogDefect::RolledBack { signed: 2, entries: 1 } },
        BoxClosed => BoxClosed,
        JournalWrittenElsewhere => JournalWrittenElsewhere,
        JournalsDisagree { .. } => JournalsDisagree { places: 2 },
        UnknownElection { .. } => UnknownElection { election: s() },
        ConflictingResult { .. } => ConflictingResult { station: s() },
        StoreManifestDiffers { .. } => StoreManifestDiffers { election: s() },
        ResultTooLarge { .. } => ResultTooLarge { bytes: 70_000 },
        NotAReceipt { .. } => NotAReceipt { why: s() },
        BadCollectorSignature => BadCollectorSignature,
        BadCheckpoint { .. } => BadCheckpoint { why: s() },
        ProofFails { .. } => ProofFails { why: s() },
        SeedTooShort { .. } => SeedTooShort { digits: 12 },
        SeedNotDigits => SeedNotDigits,
        BadRiskLimit { .. } => BadRiskLimit { given: s() },
        BundleDoesNotVerify { .. } => BundleDoesNotVerify { failed: vec![5] },
        NotAnAudit { .. } => NotAnAudit { missing: s() },
        NotABallotOfTheAudit { .. } => NotABallotOfTheAudit { ballot: s() },
        NotDrawn { .. } => NotDrawn { ballot: s() },
        PaperDiffers { .. } => PaperDiffers { ballot: s(), before: s(), now: s() },
        HandCountOfAnotherBox { .. } => HandCountOfAnotherBox { station: s(), header: s() },
        HandCountDiffers { .. } => HandCountDiffers { station: s() },
        RoundNotLarger { .. } => RoundNotLarger { have: 240, asked: 100 },
        AuditExists { .. } => AuditExists { out: s() },
    })
}

/// One of every way a result's counts do not fit.
pub(crate) fn counts_problems() -> Vec<CountsProblem> {
    use CountsProblem::*;
    one_of_each!(CountsProblem {
        Posts { .. } => Posts { have: 1, manifest: 2 },
        Candidates { .. } => Candidates { post: s(), have: 2, manifest: 3 },
        WriteInsUnsorted { .. } => WriteInsUnsorted { post: s() },
        BallotsDoNotAdd { .. } => BallotsDoNotAdd { stated: 5, sum: 4 },
        Inconsistent { .. } => Inconsistent { why: s() },
    })
}

/// One of every way a store fails its signed log.
pub(crate) fn log_defects() -> Vec<LogDefect> {
    use LogDefect::*;
    one_of_each!(LogDefect {
        EntryMissing { .. } => EntryMissing { index: 3 },
        EntryChanged { .. } => EntryChanged { index: 3 },
        HashDiffers { .. } => HashDiffers { id: 4 },
        HashesBeyond { .. } => HashesBeyond { stored: 9, expected: 7 },
        CheckpointUnsigned { .. } => CheckpointUnsigned { size: 2 },
        CheckpointDiffers { .. } => CheckpointDiffers { size: 2 },
        CheckpointNotNewest { .. } => CheckpointNotNewest { checkpoint: 2, entries: 3 },
        ReceiptBad { .. } => ReceiptBad { index: 1 },
        HeadFileUnsigned => HeadFileUnsigned,
        ManifestChanged { .. } => ManifestChanged { election: s() },
        RolledBack { .. } => RolledBack { signed: 2, entries: 1 },
    })
}

/// One of every way an entry breaks a journal's hash chain.
pub(crate) fn chain_defects() -> Vec<ChainDefect> {
    use ChainDefect::*;
    one_of_each!(ChainDefect {
        Numbered(_) => Numbered(7),
        UnknownKind => UnknownKind,
        NegativeBallot => NegativeBallot,
        DoesNotFollow => DoesNotFollow,
        ContentsChanged => ContentsChanged,
    })
}

/// One of every kind of path that is not a regular file.
pub(crate) fn file_kinds() -> Vec<FileKind> {
    use FileKind::*;
    one_of_each!(FileKind { Fifo => Fifo, Socket => Socket, Device => Device, Folder => Folder, Other => Other })
}

/// One of every kind of evidence.
pub(crate) fn evidence() -> Vec<Evidence> {
    use Evidence::*;
    one_of_each!(Evidence {
        Folder => Folder,
        NotRegular => NotRegular,
        Journal => Journal,
        SignedResult => SignedResult,
        ManifestSignature => ManifestSignature,
        BoxFile => BoxFile,
    })
}

/// One of every further round.
pub(crate) fn further_rounds() -> Vec<FurtherRound> {
    use FurtherRound::*;
    one_of_each!(FurtherRound { Revote => Revote, Runoff => Runoff })
}

/// One of every error (a refusal among them once, in both forms), with an I/O error of each cause
/// the words name and one they do not.
pub(crate) fn errors() -> Vec<Error> {
    use std::io::ErrorKind;
    let located = || LocatedErrors::one(std::path::Path::new("e.toml"), Some(3), "seats", s());
    let mut all = one_of_each!(Error {
        Error::Io { .. } => Error::Io { path: s(), cause: ErrorKind::NotFound.into() },
        Error::NotRegular { .. } => Error::NotRegular { path: s(), kind: FileKind::Fifo },
        Error::TooLarge { .. } => Error::TooLarge { path: s(), limit: 1 << 20 },
        Error::Manifest(_) => Error::Manifest(located()),
        Error::BoxFile(_) => Error::BoxFile(located()),
        Error::Register(_) => Error::Register(located()),
        Error::Boxes(_) => Error::Boxes(s()),
        Error::Key { .. } => Error::Key { path: s(), message: s() },
        Error::Refusal(_) => Error::Refusal(Refusal::BoxClosed),
        Error::Refused { .. } => Error::Refused { path: s(), refusal: Refusal::NoJournal },
        Error::Malformed { .. } => Error::Malformed { path: s(), message: s() },
        Error::Journal { .. } => Error::Journal { path: s(), message: s() },
        Error::Store { .. } => Error::Store { path: s(), message: s() },
        Error::Check(_) => Error::Check(s()),
        Error::Usage(_) => Error::Usage(s()),
        Error::Invariant(_) => Error::Invariant(s()),
        Error::Listen { .. } => Error::Listen { address: s(), cause: ErrorKind::AddrInUse.into() },
    });
    for kind in [
        ErrorKind::PermissionDenied,
        ErrorKind::AlreadyExists,
        ErrorKind::IsADirectory,
        ErrorKind::NotADirectory,
        ErrorKind::ReadOnlyFilesystem,
        ErrorKind::StorageFull,
        ErrorKind::UnexpectedEof,
        ErrorKind::InvalidData,
        ErrorKind::AddrNotAvailable,
        ErrorKind::Other,
    ] {
        all.push(Error::Io { path: s(), cause: kind.into() });
    }
    all.push(Error::Io { path: s(), cause: std::io::Error::other("x") });
    all
}
