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
        NotABallot { .. } => NotABallot { line: 2, field: s(), problem: Box::new(Problem::UnknownPost) },
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
        NotAJournal { .. } => NotAJournal { missing: kinds::JournalPart::SqliteHeader },
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
        BadVkey { .. } => BadVkey { vkey: s(), fault: VkeyFault::NotThreeParts },
        BadCosignature { .. } => BadCosignature { witness: s(), fault: CosignatureFault::DoesNotVerify },
        NotAnAddCheckpoint { .. } => NotAnAddCheckpoint { fault: RequestFault::NoOldLine },
        UnknownLog { .. } => UnknownLog { origin: s() },
        BadLogSignature { .. } => BadLogSignature { origin: s() },
        OldSizeTooLarge { .. } => OldSizeTooLarge { old: 9, size: 8 },
        OldSizeMismatch { .. } => OldSizeMismatch { old: 8, latest: 9 },
        EmptyTreeRoot => EmptyTreeRoot,
        ProofFromEmptyTree => ProofFromEmptyTree,
        NotConsistent { .. } => NotConsistent { old: 8, size: 9 },
        RootDiffers { .. } => RootDiffers { size: 8 },
        NotYetWitnessed { .. } => NotYetWitnessed { size: 8 },
        QuorumNotReached { .. } => QuorumNotReached { size: 8, cosigned: s(), quorum: s() },
        BadPolicy { .. } => BadPolicy { line: 3, fault: PolicyFault::Keyword },
        SeedTooShort { .. } => SeedTooShort { digits: 12 },
        SeedNotDigits => SeedNotDigits,
        BadRiskLimit { .. } => BadRiskLimit { given: s() },
        BundleDoesNotVerify { .. } => BundleDoesNotVerify { failed: vec![5] },
        NotVerified { .. } => NotVerified { failed: vec![3, 5] },
        NotAnAudit { .. } => NotAnAudit { why: crate::error::NotAudit::NoManifest },
        NotABallotOfTheAudit { .. } => NotABallotOfTheAudit { ballot: s() },
        NotDrawn { .. } => NotDrawn { ballot: s() },
        PaperDiffers { .. } => PaperDiffers { ballot: s(), before: s(), now: s() },
        HandCountOfAnotherBox { .. } => HandCountOfAnotherBox { station: s(), header: s() },
        HandCountDiffers { .. } => HandCountDiffers { station: s() },
        RoundNotLarger { .. } => RoundNotLarger { have: 240, asked: 100 },
        AuditExists { .. } => AuditExists { out: s() },
    })
}

/// One of every way QR codes cannot carry or give back a result.
pub(crate) fn qr_problems() -> Vec<QrProblem> {
    use QrProblem::*;
    one_of_each!(QrProblem {
        NeitherPngNorJpeg => NeitherPngNorJpeg,
        NotAnImage { .. } => NotAnImage { why: s() },
        ImageTooLarge { .. } => ImageTooLarge { width: 20_000, height: 9_000 },
        NoCode => NoCode,
        NotZheng => NotZheng,
        BadHeader => BadHeader,
        OtherElection { .. } => OtherElection { found: s(), expected: s() },
        OtherResult { .. } => OtherResult { found: s(), expected: s() },
        CountDiffers { .. } => CountDiffers { found: 3, expected: 2 },
        PartsMissing { .. } => PartsMissing { missing: vec![2, 4], count: 4 },
        PartDiffers { .. } => PartDiffers { index: 2 },
        NotTheResultNamed => NotTheResultNamed,
        TooLarge { .. } => TooLarge { bytes: 700_000, codes: 255 },
        NoRoom { .. } => NoRoom { max_bytes: 20, header: 43 },
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
    let located = || LocatedErrors::one(std::path::Path::new("e.toml"), Some(3), "seats", Problem::AtLeastOne);
    let mut all = one_of_each!(Error {
        Error::Io { .. } => Error::Io { path: s(), cause: ErrorKind::NotFound.into() },
        Error::NotRegular { .. } => Error::NotRegular { path: s(), kind: FileKind::Fifo },
        Error::TooLarge { .. } => Error::TooLarge { path: s(), limit: 1 << 20 },
        Error::Manifest(_) => Error::Manifest(located()),
        Error::BoxFile(_) => Error::BoxFile(located()),
        Error::Register(_) => Error::Register(located()),
        Error::Boxes(_) => Error::Boxes(BoxesProblem::Missing { stations: vec![s()] }),
        Error::Key { .. } => Error::Key { path: s(), problem: KeyFileProblem::NotAKeyFile },
        Error::Refusal(_) => Error::Refusal(Refusal::BoxClosed),
        Error::Refused { .. } => Error::Refused { path: s(), refusal: Refusal::NoJournal },
        Error::Malformed { .. } => Error::Malformed { path: s(), problem: MalformedFile::NotAnOutcome { line: 1, detail: s() } },
        Error::Journal { .. } => Error::Journal { path: s(), detail: s() },
        Error::Store { .. } => Error::Store { path: s(), problem: StoreProblem::NotAStore },
        Error::Usage(_) => Error::Usage(Usage::NoBoxFiles),
        Error::Invariant(_) => Error::Invariant(s()),
        Error::Listen { .. } => Error::Listen { address: s(), cause: ErrorKind::AddrInUse.into() },
        Error::Qr { .. } => Error::Qr { path: Some(s()), problem: QrProblem::NoCode },
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

// Long: one example a problem, one line each; the catalogue is clearer whole than split.
/// One of every problem at a place in a file.
pub(crate) fn problems() -> Vec<Problem> {
    use Problem::*;
    one_of_each!(Problem {
        Syntax { .. } => Syntax { detail: s() },
        NotUtf8 => NotUtf8,
        AtLeastOne => AtLeastOne,
        TooMany { .. } => TooMany { what: Listed::Posts, given: 2, max: 1 },
        Name(_) => Name(NameError::Empty),
        Born { .. } => Born { year: 1800 },
        ItemId => ItemId,
        RegisterId => RegisterId,
        UnknownFormat { .. } => UnknownFormat { format: 2 },
        ElectionId { .. } => ElectionId { id: s() },
        Date { .. } => Date { date: s() },
        ProfileNotForBody { .. } => ProfileNotForBody { profile: s(), body: s(), expected: s() },
        UnknownProfile { .. } => UnknownProfile { profile: s(), known: vec![s(), s()] },
        QuorumBase => QuorumBase,
        NoContest => NoContest,
        PostId => PostId,
        DuplicatePost { .. } => DuplicatePost { also: 0 },
        ApproveNeedsCandidates => ApproveNeedsCandidates,
        NeedsWriteIn => NeedsWriteIn,
        ListedTwiceInPost => ListedTwiceInPost,
        WomenOnly => WomenOnly,
        NoStation => NoStation,
        RegisteredForSome => RegisteredForSome,
        RegisteredSum { .. } => RegisteredSum { registered: 100, sum: 99 },
        DuplicateStation { .. } => DuplicateStation { also: 0 },
        Key(_) => Key(KeyFault::NotAPoint),
        SameKey { .. } => SameKey { also: 0 },
        MonitorTwice => MonitorTwice,
        MonitorsRequired { .. } => MonitorsRequired { required: 2, listed: 1 },
        StaffTwice => StaffTwice,
        IdTwoNames { .. } => IdTwoNames { id: s(), name: s() },
        NameShared { .. } => NameShared { name: s(), other: s() },
        OtherRegisterPerson { .. } => OtherRegisterPerson { before: s() },
        RegisterPersonTaken { .. } => RegisterPersonTaken { person: s(), other: s() },
        VillageEmpty => VillageEmpty,
        PersonTwice => PersonTwice,
        RelatedToThemselves { .. } => RelatedToThemselves { id: s() },
        AlreadyRelated { .. } => AlreadyRelated { a: s(), b: s(), kind: s() },
        TwoParents { .. } => TwoParents { id: s() },
        OwnAncestor { .. } => OwnAncestor { id: s() },
        NotInRegister { .. } => NotInRegister { id: s() },
        OtherVillage { .. } => OtherVillage { register: s(), election: s() },
        OtherName { .. } => OtherName { id: s(), register: s(), candidate: s() },
        LineTooLong { .. } => LineTooLong { max: 64 },
        EmptyFile => EmptyFile,
        EmptyLine => EmptyLine,
        Header(_) => Header(HeaderFault::Missing),
        VotersAboveRegistered { .. } => VotersAboveRegistered { voters: 9, registered: 5 },
        UnknownStation { .. } => UnknownStation { station: s() },
        Json { .. } => Json { detail: s(), column: Some(3) },
        GivenTwice => GivenTwice,
        NotABool => NotABool,
        NotAString => NotAString,
        NotAListOfStrings => NotAListOfStrings,
        NotAList => NotAList,
        NotAnApproveObject => NotAnApproveObject,
        NotABallotObject => NotABallotObject,
        UnknownPost => UnknownPost,
        UnknownApproveKey => UnknownApproveKey,
        SpoiledWithPosts => SpoiledWithPosts,
        NoWriteIns { .. } => NoWriteIns { post: s() },
        WrittenIn(_) => WrittenIn(NameError::Control),
        WrittenInNotUtf8 => WrittenInNotUtf8,
        UnknownCandidate { .. } => UnknownCandidate { candidate: s(), post: s() },
    })
}

/// One of every list's kind, name error, key fault and header fault.
pub(crate) fn problem_parts() -> Vec<Problem> {
    let mut all: Vec<Problem> = one_of_each!(Listed {
        Listed::Posts => Listed::Posts,
        Listed::Seats => Listed::Seats,
        Listed::Candidates => Listed::Candidates,
        Listed::Stations => Listed::Stations,
        Listed::Staff => Listed::Staff,
        Listed::People => Listed::People,
    })
    .into_iter()
    .map(|what| Problem::TooMany { what, given: 2, max: 1 })
    .collect();
    let names = one_of_each!(NameError {
        NameError::Empty => NameError::Empty,
        NameError::TooLong => NameError::TooLong,
        NameError::Control => NameError::Control,
        NameError::Invisible(_) => NameError::Invisible(0x200B),
    });
    all.extend(names.into_iter().map(Problem::Name));
    let keys = one_of_each!(KeyFault {
        KeyFault::Syntax => KeyFault::Syntax,
        KeyFault::NotAPoint => KeyFault::NotAPoint,
        KeyFault::Weak => KeyFault::Weak,
        KeyFault::NotLowerCase => KeyFault::NotLowerCase,
    });
    all.extend(keys.into_iter().map(Problem::Key));
    let headers = one_of_each!(HeaderFault {
        HeaderFault::NotAnObject { .. } => HeaderFault::NotAnObject { detail: s() },
        HeaderFault::UnknownField => HeaderFault::UnknownField,
        HeaderFault::GivenTwice => HeaderFault::GivenTwice,
        HeaderFault::NotAString => HeaderFault::NotAString,
        HeaderFault::Missing => HeaderFault::Missing,
        HeaderFault::NotWholeNumberOfPeople { .. } => HeaderFault::NotWholeNumberOfPeople { number: "1.5".into() },
        HeaderFault::NotANumber => HeaderFault::NotANumber,
    });
    all.extend(headers.into_iter().map(Problem::Header));
    all
}

/// One of every usage error.
pub(crate) fn usages() -> Vec<Usage> {
    use Usage::*;
    one_of_each!(Usage {
        NoBoxFiles => NoBoxFiles,
        NoBoxesToExport => NoBoxesToExport,
        NoBoxesToReport => NoBoxesToReport,
        KeygenNeedsOut => KeygenNeedsOut,
        StoreRequired => StoreRequired,
        ElectionRequired => ElectionRequired,
        QuorumOutOfRange { .. } => QuorumOutOfRange { quorum: 3, witnesses: 2 },
        NotEmpty { .. } => NotEmpty { dir: s() },
        NotUtf8Name { .. } => NotUtf8Name { name: s() },
        NeitherFileNorFolder { .. } => NeitherFileNorFolder { path: s() },
        NotABundle { .. } => NotABundle { path: s() },
        StationNotInManifest { .. } => StationNotInManifest { station: s() },
        NoRandomSource { .. } => NoRandomSource { detail: s() },
        TrustNeedsSignature => TrustNeedsSignature,
        Trust(_) => Trust(KeyFault::Syntax),
        OutIsAnInput { .. } => OutIsAnInput { out: s() },
        StoreNotManifest { .. } => StoreNotManifest { election: s() },
        NoSuchElection { .. } => NoSuchElection { election: s() },
        NotPngOrSvg { .. } => NotPngOrSvg { out: s() },
        WitnessNeeds { .. } => WitnessNeeds { flag: s() },
    })
}

/// One of every other fault an error names: boxes, key files, stores, malformed files.
pub(crate) fn faults() -> Vec<Error> {
    let boxes = one_of_each!(BoxesProblem {
        BoxesProblem::SameStation { .. } => BoxesProblem::SameStation { first: s(), second: s(), station: s() },
        BoxesProblem::Missing { .. } => BoxesProblem::Missing { stations: vec![s(), s()] },
    });
    let keys = one_of_each!(KeyFileProblem {
        KeyFileProblem::ReadableByOthers { .. } => KeyFileProblem::ReadableByOthers { mode: 0o644 },
        KeyFileProblem::NotAKeyFile => KeyFileProblem::NotAKeyFile,
        KeyFileProblem::NotMadeByKeygen => KeyFileProblem::NotMadeByKeygen,
        KeyFileProblem::SeedNotHex => KeyFileProblem::SeedNotHex,
        KeyFileProblem::NotPemCertificate { .. } => KeyFileProblem::NotPemCertificate { detail: s() },
        KeyFileProblem::NoCertificate => KeyFileProblem::NoCertificate,
        KeyFileProblem::NotPemKey { .. } => KeyFileProblem::NotPemKey { detail: s() },
        KeyFileProblem::KeyDoesNotFit { .. } => KeyFileProblem::KeyDoesNotFit { detail: s() },
        KeyFileProblem::Tls { .. } => KeyFileProblem::Tls { detail: s() },
    });
    let stores = one_of_each!(StoreProblem {
        StoreProblem::Database { .. } => StoreProblem::Database { detail: s() },
        StoreProblem::NoStore => StoreProblem::NoStore,
        StoreProblem::NotAStore => StoreProblem::NotAStore,
        StoreProblem::SignedByAnotherKey { .. } => StoreProblem::SignedByAnotherKey { key: s() },
        StoreProblem::KeyGivenBefore { .. } => StoreProblem::KeyGivenBefore { file: s() },
        StoreProblem::StoredKeyMalformed => StoreProblem::StoredKeyMalformed,
        StoreProblem::LogHashes { .. } => StoreProblem::LogHashes { detail: s() },
        StoreProblem::NotAWitnessStore => StoreProblem::NotAWitnessStore,
        StoreProblem::OtherWitnessKey { .. } => StoreProblem::OtherWitnessKey { vkey: s() },
    });
    let mut all: Vec<Error> = boxes.into_iter().map(Error::Boxes).collect();
    all.extend(keys.into_iter().map(|problem| Error::Key { path: s(), problem }));
    all.extend(stores.into_iter().map(|problem| Error::Store { path: s(), problem }));
    all.extend(
        outcome_problems().into_iter().map(|p| Error::Malformed { path: s(), problem: MalformedFile::Inconsistent(p) }),
    );
    all
}

/// One of every problem of an outcome read from a file, and of every part of a manifest and total.
pub(crate) fn outcome_problems() -> Vec<OutcomeProblem> {
    use outcome::{ManifestPart, Total};
    let one = || Some(s());
    let mut all = one_of_each!(OutcomeProblem {
        OutcomeProblem::BallotsDoNotAdd { .. } => OutcomeProblem::BallotsDoNotAdd { station: one() },
        OutcomeProblem::BoxesDoNotAdd { .. } => OutcomeProblem::BoxesDoNotAdd { total: Total::Voters },
        OutcomeProblem::StationTwice { .. } => OutcomeProblem::StationTwice { station: s() },
        OutcomeProblem::Standing { .. } => OutcomeProblem::Standing { station: None },
        OutcomeProblem::PostTwice { .. } => OutcomeProblem::PostTwice { post: s() },
        OutcomeProblem::Bar { .. } => OutcomeProblem::Bar { post: s() },
        OutcomeProblem::Counts { .. } => OutcomeProblem::Counts { post: s() },
        OutcomeProblem::Lines { .. } => OutcomeProblem::Lines { post: s() },
        OutcomeProblem::Decision { .. } => OutcomeProblem::Decision { post: s() },
        OutcomeProblem::NotOfManifest { .. } => OutcomeProblem::NotOfManifest { part: ManifestPart::Election },
    });
    all.push(OutcomeProblem::BallotsDoNotAdd { station: None });
    all.push(OutcomeProblem::Standing { station: one() });
    let totals = one_of_each!(Total {
        Total::Voters => Total::Voters,
        Total::Ballots => Total::Ballots,
        Total::ValidBallots => Total::ValidBallots,
        Total::InvalidReasons => Total::InvalidReasons,
    });
    all.extend(totals.into_iter().map(|total| OutcomeProblem::BoxesDoNotAdd { total }));
    let parts = one_of_each!(ManifestPart {
        ManifestPart::Election => ManifestPart::Election,
        ManifestPart::Round => ManifestPart::Round,
        ManifestPart::Body => ManifestPart::Body,
        ManifestPart::Registered => ManifestPart::Registered,
        ManifestPart::Rules => ManifestPart::Rules,
        ManifestPart::Heading => ManifestPart::Heading,
        ManifestPart::Posts => ManifestPart::Posts,
        ManifestPart::Post(_) => ManifestPart::Post(s()),
        ManifestPart::Candidates(_) => ManifestPart::Candidates(s()),
        ManifestPart::Station(_) => ManifestPart::Station(s()),
        ManifestPart::Bars => ManifestPart::Bars,
        ManifestPart::Notes => ManifestPart::Notes,
    });
    all.extend(parts.into_iter().map(|part| OutcomeProblem::NotOfManifest { part }));
    all
}

/// One of every fault of a vkey, a cosignature and a request to a witness, each in its refusal.
pub(crate) fn witness_faults() -> Vec<Refusal> {
    let vkeys = one_of_each!(VkeyFault {
        VkeyFault::NotThreeParts => VkeyFault::NotThreeParts,
        VkeyFault::Name => VkeyFault::Name,
        VkeyFault::KeyIdNotHex => VkeyFault::KeyIdNotHex,
        VkeyFault::NotBase64 => VkeyFault::NotBase64,
        VkeyFault::Type { .. } => VkeyFault::Type { found: 1, expected: 4 },
        VkeyFault::Length { .. } => VkeyFault::Length { bytes: 31 },
        VkeyFault::KeyIdDiffers { .. } => VkeyFault::KeyIdDiffers { given: s(), computed: s() },
        VkeyFault::Key(_) => VkeyFault::Key(KeyFault::Weak),
        VkeyFault::NoUrl => VkeyFault::NoUrl,
    });
    let cosignatures = one_of_each!(CosignatureFault {
        CosignatureFault::NotASignatureLine => CosignatureFault::NotASignatureLine,
        CosignatureFault::OtherKey => CosignatureFault::OtherKey,
        CosignatureFault::Length { .. } => CosignatureFault::Length { bytes: 68 },
        CosignatureFault::TimestampTooLarge => CosignatureFault::TimestampTooLarge,
        CosignatureFault::DoesNotVerify => CosignatureFault::DoesNotVerify,
    });
    let requests = one_of_each!(RequestFault {
        RequestFault::NotText => RequestFault::NotText,
        RequestFault::NoOldLine => RequestFault::NoOldLine,
        RequestFault::ProofLineNotHash { .. } => RequestFault::ProofLineNotHash { line: 2 },
        RequestFault::TooManyProofLines => RequestFault::TooManyProofLines,
        RequestFault::NoEmptyLine => RequestFault::NoEmptyLine,
        RequestFault::NotANote => RequestFault::NotANote,
        RequestFault::NotACheckpoint => RequestFault::NotACheckpoint,
    });
    let mut all: Vec<Refusal> = vkeys.into_iter().map(|fault| Refusal::BadVkey { vkey: s(), fault }).collect();
    all.extend(cosignatures.into_iter().map(|fault| Refusal::BadCosignature { witness: s(), fault }));
    all.extend(requests.into_iter().map(|fault| Refusal::NotAnAddCheckpoint { fault }));
    let policies = one_of_each!(PolicyFault {
        PolicyFault::Keyword => PolicyFault::Keyword,
        PolicyFault::Arguments => PolicyFault::Arguments,
        PolicyFault::Threshold => PolicyFault::Threshold,
        PolicyFault::UnknownName { .. } => PolicyFault::UnknownName { name: s() },
        PolicyFault::DuplicateName { .. } => PolicyFault::DuplicateName { name: s() },
        PolicyFault::NoQuorum => PolicyFault::NoQuorum,
    });
    all.extend(policies.into_iter().map(|fault| Refusal::BadPolicy { line: 2, fault }));
    all
}
