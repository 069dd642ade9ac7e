//! What a refusal is to a machine: its stable code (sent over the wire by the collector, e.g.
//! `bad-station-signature`) and the exit status of a command that ends with it. Both matches name
//! every refusal: a new one gets a code and an exit status someone chose.

use super::refusal::Refusal;

impl Refusal {
    // Long: one table, one line a refusal; clearer whole than split.
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
            BadVkey { .. } => "bad-vkey",
            BadCosignature { .. } => "bad-cosignature",
            NotAnAddCheckpoint { .. } => "not-an-add-checkpoint",
            UnknownLog { .. } => "unknown-log",
            BadLogSignature { .. } => "bad-log-signature",
            OldSizeTooLarge { .. } => "old-size-too-large",
            OldSizeMismatch { .. } => "old-size-mismatch",
            EmptyTreeRoot => "empty-tree-root",
            ProofFromEmptyTree => "proof-from-empty-tree",
            NotConsistent { .. } => "not-consistent",
            RootDiffers { .. } => "root-differs",
            NotYetWitnessed { .. } => "not-yet-witnessed",
            QuorumNotReached { .. } => "quorum-not-reached",
            BadPolicy { .. } => "bad-policy",
            SeedTooShort { .. } => "seed-too-short",
            SeedNotDigits => "seed-not-digits",
            BadRiskLimit { .. } => "bad-risk-limit",
            BundleDoesNotVerify { .. } => "bundle-does-not-verify",
            NotVerified { .. } => "bundle-not-verified",
            NotAnAudit { .. } => "not-an-audit",
            NotABallotOfTheAudit { .. } => "not-a-ballot-of-the-audit",
            NotDrawn { .. } => "not-drawn",
            PaperDiffers { .. } => "paper-differs",
            HandCountOfAnotherBox { .. } => "hand-count-of-another-box",
            HandCountDiffers { .. } => "hand-count-differs",
            RoundNotLarger { .. } => "round-not-larger",
            AuditExists { .. } => "audit-exists",
        }
    }

    /// The exit status of a command that ends with this refusal: 1 for a check that failed (a
    /// signature, a recount, a conflict, disagreeing talliers, a vote with no next round), 2 for
    /// input that cannot be used.
    // Long: one table, one line a refusal; clearer whole than split.
    pub fn exit_code(&self) -> u8 {
        use Refusal::*;
        match self {
            WrongElection { .. }
            | OtherManifest { .. }
            | CountsDoNotFit { .. }
            | NoStationKey { .. }
            | NotSignedFirstByStation
            | SignedTwice { .. }
            | UnknownSigner { .. }
            | BadStationSignature { .. }
            | BadMonitorSignature { .. }
            | TooFewMonitors { .. }
            | BallotsHeaderMismatch
            | BallotsNotInCanonicalOrder { .. }
            | BallotNotCanonical { .. }
            | HeaderNotCanonical
            | NoFinalNewline
            | BallotsUnreadable { .. }
            | BallotsRootMismatch
            | RecountDiffers
            | NotABallot { .. }
            | ConflictingResults { .. }
            | StationsMissing
            | VoteVoid
            | NothingPending
            | RoundNotCalledFor { .. }
            | SignedByAnotherKey { .. }
            | SignatureOfAnotherManifest
            | BadManifestSignature
            | JournalsDisagree { .. }
            | ConflictingResult { .. }
            | BadCollectorSignature
            | ProofFails { .. }
            | NotVerified { .. }
            | BadCosignature { .. }
            | BadLogSignature { .. }
            | OldSizeMismatch { .. }
            | EmptyTreeRoot
            | ProofFromEmptyTree
            | NotConsistent { .. }
            | RootDiffers { .. }
            | NotYetWitnessed { .. }
            | QuorumNotReached { .. } => 1,
            UnknownStation { .. }
            | SeedTooShort { .. }
            | SeedNotDigits
            | BadRiskLimit { .. }
            | BadPolicy { .. }
            | BundleDoesNotVerify { .. }
            | NotAnAudit { .. }
            | NotABallotOfTheAudit { .. }
            | NotDrawn { .. }
            | PaperDiffers { .. }
            | HandCountOfAnotherBox { .. }
            | HandCountDiffers { .. }
            | RoundNotLarger { .. }
            | AuditExists { .. }
            | OutcomeOfAnotherVote { .. }
            | OutcomeOfAnotherVillage { .. }
            | NotAResult
            | Undecodable { .. }
            | UnknownResultFormat { .. }
            | NotCanonicalBytes
            | NotAManifestSignature
            | NoStationKeyToSign { .. }
            | NotTheStationKey { .. }
            | NotAListedMonitor { .. }
            | AlreadySigned
            | BallotsMissing { .. }
            | OutputIsAnInput { .. }
            | WouldOverwrite { .. }
            | ResultDiffers { .. }
            | NoBallotToUndo
            | NotALiveBallot { .. }
            | VotersUnknown
            | NotTheSameBox
            | JournalExists
            | NoJournal
            | NotAJournal { .. }
            | UnknownJournalFormat
            | JournalManifestChanged
            | JournalStationUnknown { .. }
            | ChainBroken { .. }
            | JournalWrittenElsewhere
            | LogBroken { .. }
            | BoxClosed
            | UnknownElection { .. }
            | ResultTooLarge { .. }
            | StoreManifestDiffers { .. }
            | NotAReceipt { .. }
            | BadCheckpoint { .. }
            | BadVkey { .. }
            | NotAnAddCheckpoint { .. }
            | UnknownLog { .. }
            | OldSizeTooLarge { .. } => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::examples::{errors, refusals};
    use super::super::{Error, Evidence};
    use super::*;

    fn s() -> String {
        "x".to_string()
    }

    /// The catalogue's machine side: every refusal has its own stable code, and an exit status of
    /// the contract (1 a failed check, 2 input that cannot be used); so has every error.
    #[test]
    fn every_refusal_has_its_own_code_and_an_exit_status() {
        let all = refusals();
        let mut codes: Vec<&str> = all.iter().map(Refusal::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
        for r in &all {
            assert!(r.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", r.code());
            assert!(matches!(r.exit_code(), 1 | 2), "{}", r.code());
            assert_eq!(Error::Refusal(r.clone()).exit_code(), r.exit_code());
        }
        for e in errors() {
            assert!(matches!(e.exit_code(), 1 | 2), "{e:?}");
        }
    }

    /// Exit statuses the contract names, unchanged by the exhaustive table.
    #[test]
    fn exit_statuses_of_the_contract() {
        assert_eq!(Refusal::BadStationSignature { station: s() }.exit_code(), 1);
        assert_eq!(Refusal::JournalsDisagree { places: 1 }.exit_code(), 1);
        assert_eq!(Refusal::StationsMissing.exit_code(), 1);
        assert_eq!(Refusal::NotAResult.exit_code(), 2);
        assert_eq!(Refusal::WouldOverwrite { out: s(), what: Evidence::Folder }.exit_code(), 2);
        assert_eq!(Error::Invariant(s()).exit_code(), 1);
        assert_eq!(Error::Usage(crate::error::Usage::NoBoxFiles).exit_code(), 2);
    }
}
