//! Small typed values that errors and refusals carry where they once carried words: what a path
//! names, what evidence a file is, which further round was asked for. Their words, in Chinese and
//! in English, are `crate::words::refusal`'s.

/// What a path names when it is not a regular file (Zheng reads only regular files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A block or character device.
    Device,
    /// A folder.
    Folder,
    /// Anything else that is not a regular file.
    Other,
}

/// What an existing file is, when it is evidence of a count that Zheng never writes over unasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// A folder (a bundle).
    Folder,
    /// Something that is not a regular file.
    NotRegular,
    /// A station journal (an SQLite file).
    Journal,
    /// A signed result (`ZHENGR01`).
    SignedResult,
    /// The township's signature on a manifest (`ZHENGM01`).
    ManifestSignature,
    /// A box file.
    BoxFile,
}

/// What a file opened as a station journal lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalPart {
    /// The SQLite header: not an SQLite file.
    SqliteHeader,
    /// SQLite's write-ahead log mode, in which journals are kept.
    WalMode,
    /// An entry of the journal's `meta` table (its key).
    Meta(String),
}

/// A round after the first, as a command asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FurtherRound {
    /// A re-vote among people tied for the last seats (再次投票).
    Revote,
    /// A run-off for seats left empty (另行选举).
    Runoff,
}

/// Why a folder given as an audit of the paper is not one (`zheng audit plan --out` makes one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAudit {
    /// No such folder (its path).
    NoFolder(String),
    /// No readable `plan.json`.
    NoPlan,
    /// No `audit.sqlite`.
    NoDatabase,
    /// `audit.sqlite` is not an SQLite database.
    NotADatabase,
    /// `audit.sqlite` has no audit tables.
    NoTables,
    /// The database holds no digest of the plan.
    NoPlanDigest,
    /// `plan.json` was changed after the plan was made.
    PlanChanged,
    /// The database holds no manifest.
    NoManifest,
    /// The manifest it holds is not UTF-8.
    ManifestNotUtf8,
    /// The register it holds is not UTF-8.
    RegisterNotUtf8,
    /// `plan.json` does not read as a plan (the JSON reader's own words).
    PlanUnreadable(String),
    /// A plan of a format this Zheng does not read.
    PlanFormat {
        /// Its format.
        found: u32,
        /// The format this Zheng reads.
        reads: u32,
    },
    /// A plan of another election.
    PlanOfAnotherElection {
        /// The plan's election.
        plan: String,
        /// The manifest's.
        manifest: String,
    },
    /// An assertion about a post the manifest does not have.
    AssertionOfNoPost {
        /// The assertion's id.
        assertion: String,
        /// The post.
        post: String,
    },
    /// The plan's boxes do not add up to its population.
    BoxesDoNotAddUp,
}
