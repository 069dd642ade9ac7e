//! The checklist's values: which check, what it found, where two counts differ, what is wrong in
//! a file of published ballots. `audit/` makes them; [`super`] says them.

use std::sync::Arc;

use crate::error::{Error, Refusal};
use crate::words::Lang;

/// Which check of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The bundle's folder can be listed.
    BundleReadable,
    /// The bundle holds exactly the expected files.
    BundleFiles,
    /// The manifest is well-formed and valid.
    Manifest,
    /// Every check after the manifest's (when there is no manifest).
    Rest,
    /// The township's signature on the manifest.
    ManifestSignature,
    /// A result file decodes and is filed under its station.
    ResultReadable {
        /// The file, within the bundle (`results/S.zres`).
        file: String,
    },
    /// A station's result is of this election, signed by the station and its monitors.
    StationSigned {
        /// The station.
        station: Station,
        /// Monitors required and listed, when some are required.
        monitors: Option<(u32, usize)>,
    },
    /// A station's published ballots hash to the signed root and recount to the signed counts.
    StationBallots {
        /// The station.
        station: Station,
    },
    /// Every station of the manifest has exactly one verified result.
    EveryStationOnce,
    /// The totals and outcome, recomputed, equal `outcome.json`.
    Outcome,
    /// The counting sheet, recomputed, equals `sheet.txt`.
    Sheet,
}

/// A station as the checklist names it: its id, and its name in the manifest when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Station {
    /// Its id.
    pub id: String,
    /// Its name (中心会场), when the manifest lists the station.
    pub name: Option<String>,
}

/// An error or a refusal behind a finding, said as the book says it. Compared by its English.
#[derive(Debug, Clone)]
pub enum Cause {
    /// An error (a file that cannot be read, a manifest that is not valid, …).
    Error(Arc<Error>),
    /// A refusal (a signature that does not verify, …).
    Refusal(Refusal),
}

impl Cause {
    /// The cause in `lang`.
    pub fn said_in(&self, lang: Lang) -> String {
        match self {
            Cause::Error(e) => e.said_in(lang),
            Cause::Refusal(r) => r.said_in(lang),
        }
    }
}

impl Cause {
    /// Whether it is a signature by another key than the one trusted.
    pub fn signed_by_another_key(&self) -> bool {
        let refusal = match self {
            Cause::Refusal(r) => Some(r),
            Cause::Error(e) => match e.as_ref() {
                Error::Refused { refusal, .. } | Error::Refusal(refusal) => Some(refusal),
                _ => None,
            },
        };
        matches!(refusal, Some(Refusal::SignedByAnotherKey { .. }))
    }
}

impl From<Error> for Cause {
    fn from(e: Error) -> Cause {
        Cause::Error(Arc::new(e))
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.said_in(Lang::En) == other.said_in(Lang::En)
    }
}

impl Eq for Cause {}

/// What a file of the bundle is, when it is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `manifest.toml`.
    Manifest,
    /// `outcome.json`.
    Outcome,
    /// `sheet.txt`.
    Sheet,
    /// `results/`.
    Results,
    /// `ballots/`.
    Ballots,
    /// `ballots/S.jsonl`: a station's published ballots.
    StationBallots(String),
}

/// A problem with the bundle's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// A file that must be there is not.
    Missing {
        /// The file, within the bundle.
        file: String,
        /// What it is.
        role: Role,
    },
    /// A file that has no place in a bundle.
    Unexpected {
        /// The file, within the bundle.
        file: String,
    },
    /// A symbolic link in place of a file.
    Linked {
        /// The file, within the bundle.
        file: String,
    },
}

/// What is wrong in a file of published ballots, where it can be said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotFault {
    /// A line is not a ballot of this manifest.
    NotABallot {
        /// The line (the header is line 1).
        line: usize,
    },
    /// The first line out of the fixed (sorted) order.
    OutOfPlace {
        /// The line.
        line: usize,
    },
    /// A ballot not written in its one published form.
    NotAsWritten {
        /// The line.
        line: usize,
    },
    /// The first line does not match the result (station, voters), or is not in its form.
    Header,
    /// The file does not end with a newline.
    Truncated,
    /// The file cannot be read.
    Unreadable,
    /// The file's contents are not what was signed, no line said (a changed root).
    Changed,
}

/// A total of a vote or a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Registered voters.
    Registered,
    /// Voters who took part.
    Voters,
    /// Ballots cast.
    Ballots,
    /// Valid ballots.
    Valid,
    /// Invalid ballots.
    Invalid,
}

/// What a difference compares: a file with the recomputation, or a signed result with a recount
/// of its published ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A file of the bundle (`outcome.json`) against the recomputation.
    File,
    /// A station's signed counts against the recount of its published ballots.
    Signed,
}

/// Where two counts first differ, with both numbers: what a person reads instead of a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// A total.
    Total {
        /// Which.
        total: Total,
        /// The file's (or the signed) number.
        have: u64,
        /// The recomputed number.
        recomputed: u64,
    },
    /// A person's votes (for-votes, in an approve post) in a post.
    Votes {
        /// The office (主任).
        office: String,
        /// The post's id.
        post: String,
        /// The person's name.
        person: String,
        /// The file's (or the signed) number.
        have: u64,
        /// The recomputed number.
        recomputed: u64,
    },
    /// A person's votes against, in an approve post.
    Against {
        /// The office.
        office: String,
        /// The post's id.
        post: String,
        /// The person's name.
        person: String,
        /// The file's (or the signed) number.
        have: u64,
        /// The recomputed number.
        recomputed: u64,
    },
    /// A post's blank ballots.
    Blank {
        /// The office.
        office: String,
        /// The post's id.
        post: String,
        /// The file's (or the signed) number.
        have: u64,
        /// The recomputed number.
        recomputed: u64,
    },
    /// A post the file does not hold.
    PostMissing {
        /// The office.
        office: String,
        /// The post's id.
        post: String,
    },
    /// A person the file does not list in a post.
    PersonMissing {
        /// The office.
        office: String,
        /// The post's id.
        post: String,
        /// The person's name.
        person: String,
    },
    /// Who is elected to a post.
    Elected {
        /// The office.
        office: String,
        /// The post's id.
        post: String,
        /// Whom the file elects (names).
        have: Vec<String>,
        /// Whom the recomputation elects (names).
        recomputed: Vec<String>,
    },
}

/// What a check found: why it passed, failed, could not be made or was skipped — with the files,
/// lines, posts, people and numbers a person needs to find the thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing more to say.
    Nothing,
    /// An error or refusal says it.
    Cause(Cause),
    /// The bundle's files: what is missing, unexpected or a link.
    Files(Vec<FileProblem>),
    /// The manifest's election, and its canonical form's SHA-256 (hex).
    Election {
        /// The election's id.
        id: String,
        /// The SHA-256 of the manifest's canonical form, hex.
        sha256: String,
    },
    /// There is no manifest to check anything against.
    NoManifest,
    /// No township key trusted, and no signature in the bundle.
    SignatureNotGiven,
    /// A signature sound under the key it names, but no township key trusted.
    SignatureUntrusted {
        /// The key it names, hex.
        key: String,
    },
    /// A signature that does not decode or verify (no township key trusted).
    SignatureBroken(Cause),
    /// A township key trusted, but no signature in the bundle.
    SignatureAbsent,
    /// The signature verifies under the trusted township key.
    SignatureTrusted,
    /// The signature does not verify under the trusted township key (or cannot be read).
    SignatureRefused(Cause),
    /// A result filed under another station's name.
    FiledUnder {
        /// The station the result is of.
        station: String,
        /// The name it is filed under.
        filed: String,
    },
    /// A result that decodes, whose published ballots are not at hand.
    BallotsBeside {
        /// Missing (else: not a regular file).
        missing: bool,
    },
    /// Every signature verifies.
    Signed {
        /// The monitors' valid signatures.
        monitors: u32,
        /// The result's id (the first 16 hex digits of its SHA-256).
        result: String,
    },
    /// The refusals of a result.
    Refused(Vec<Refusal>),
    /// The published ballots recount to the signed counts.
    Ballots {
        /// Ballots.
        ballots: u64,
        /// Valid ballots.
        valid: u64,
    },
    /// The published ballots are not at hand.
    BallotsNotAtHand {
        /// The file, within the bundle.
        file: String,
    },
    /// The published ballots do not match the signed result: where, what, and the refusals.
    BallotsDiffer {
        /// The file, within the bundle.
        file: String,
        /// What is wrong where, as a person can look for it.
        faults: Vec<BallotFault>,
        /// Where the recount first differs from the signed counts, when it does.
        recount: Option<Difference>,
        /// The refusals behind it (the detail).
        refusals: Vec<Refusal>,
    },
    /// Every station has one verified result.
    Stations {
        /// How many stations.
        n: usize,
    },
    /// Stations with no verified result, and stations with conflicting results.
    NotOnce {
        /// Stations with no verified result.
        missing: Vec<String>,
        /// Stations with conflicting results, and their files.
        conflicts: Vec<(String, Vec<String>)>,
    },
    /// The bundle's village register cannot be used.
    RegisterUnusable(Cause),
    /// Not every station's result verified: nothing to recompute from.
    NotEveryStation,
    /// Recomputed and equal.
    Recomputed {
        /// Voters.
        voters: u64,
        /// Ballots.
        ballots: u64,
        /// Valid ballots.
        valid: u64,
        /// Whether the vote is valid.
        vote_valid: bool,
        /// Written by an earlier Zheng (without 名额已满; earlier still, held posts named by their ids).
        legacy: bool,
    },
    /// `outcome.json` differs: the first number that differs, and the byte.
    OutcomeDiffers {
        /// The first number that differs, when one does.
        difference: Option<Difference>,
        /// The first byte that differs.
        at: usize,
    },
    /// `sheet.txt` differs: the first line and byte that differ.
    SheetDiffers {
        /// The first line that differs, from 1.
        line: usize,
        /// The first byte that differs.
        at: usize,
    },
}
