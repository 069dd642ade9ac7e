//! What can be wrong with an outcome read from a file (`crate::vote::outcome::StatedOutcome::check`):
//! a typed problem per failure, each naming where — the vote, a box, a post, or the part of the
//! manifest the outcome is not of. Their words are `crate::words::refusal`'s.

/// A total an outcome states for the vote, which its boxes' must add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Voters who took a ballot.
    Voters,
    /// Ballots found.
    Ballots,
    /// Ballots that count.
    ValidBallots,
    /// Invalid ballots of one reason.
    InvalidReasons,
}

/// A part of the manifest an outcome is not of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestPart {
    /// The election id.
    Election,
    /// The round.
    Round,
    /// The body elected.
    Body,
    /// The registered voters.
    Registered,
    /// The rules profile, or the quorum it sets.
    Rules,
    /// The title, village, township or date.
    Heading,
    /// The posts, in order.
    Posts,
    /// A post's seats, style, office or women-only flag (the post's id).
    Post(String),
    /// A post's people: its listed candidates, their names and register persons, the written-in
    /// (the post's id).
    Candidates(String),
    /// A box: one the manifest lacks, out of order, or its name, kind or flags (the box's id).
    Station(String),
    /// The bar of the round.
    Bars,
    /// The notes for the committee [ZJE30].
    Notes,
}

/// What is wrong with an outcome read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeProblem {
    /// Ballots that are not the valid and invalid ones, or invalid ballots not the sum of their
    /// reasons: of a box (its id), or of the vote (`None`).
    BallotsDoNotAdd {
        /// The box, or `None` for the vote's totals.
        station: Option<String>,
    },
    /// The boxes' totals do not add up to the vote's.
    BoxesDoNotAdd {
        /// Which total.
        total: Total,
    },
    /// A box listed twice.
    StationTwice {
        /// The box's id.
        station: String,
    },
    /// Whether the vote stands — its status, void reasons and quorum — or a box's flags, not what
    /// the numbers give.
    Standing {
        /// The box whose flags are wrong, or `None` for the vote.
        station: Option<String>,
    },
    /// A post listed twice.
    PostTwice {
        /// The post's id.
        post: String,
    },
    /// A post's bar is not its rule's least whole number of votes, or not the vote's one bar.
    Bar {
        /// The post's id.
        post: String,
    },
    /// A post counts more than its ballots carry: blank and voided ballots beyond the valid ones,
    /// someone with more votes than ballots, more votes than seats × marked ballots, or for, against
    /// and abstaining that do not add up.
    Counts {
        /// The post's id.
        post: String,
    },
    /// A post's people are not sorted by votes, or one is listed twice.
    Lines {
        /// The post's id.
        post: String,
    },
    /// Who is elected, passed over or proposed for a further vote in a post is not what the law
    /// decides from the votes as stated [ZJE28–31].
    Decision {
        /// The post's id.
        post: String,
    },
    /// The outcome is not of the manifest given.
    NotOfManifest {
        /// What differs.
        part: ManifestPart,
    },
}
