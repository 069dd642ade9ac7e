//! What a refusal names inside it: the way a result's counts do not fit its manifest, a
//! collector's store fails its signed log, or a journal entry breaks its hash chain.

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
