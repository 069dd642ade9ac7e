//! The outcome of a vote as contract §4 writes it: whether it stands, each box's numbers, and each
//! post's bar, tally lines, winners and what is still to vote on. Plain data: the law that fills it
//! is `from_counts.rs` and its neighbours; an outcome read from a file is `file.rs`'s
//! [`super::StatedOutcome`] until it is checked.

use serde::{Deserialize, Serialize};

use crate::vote::avoid::{Avoided, KinTie};
use crate::vote::ballot::InvalidCounts;
use crate::vote::model::{Body, Round, StationKind, Style};
use crate::vote::rules::Threshold;

/// Whether the vote as a whole stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The vote stands.
    Valid,
    /// The vote is void and must be held again.
    Void,
}

/// Why a vote is void.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoidReason {
    /// Too few voters took part [ZJE27, OL15; CPC; ZJI23; ZJC30].
    QuorumNotMet,
    /// More ballots in the boxes than voters [ZJE27; CPC].
    BallotsExceedVoters,
    /// More voters, the boxes added up, than the register holds: the count cannot be trusted
    /// [ZJE27 counts the vote against the register].
    VotersExceedRegistered,
}

/// Something about one box worth a monitor's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StationFlag {
    /// This box holds more ballots than its own voters, even if the village sum passes.
    BallotsExceedVoters,
    /// More voters signed in at this box than the manifest assigns to it.
    VotersExceedRegistered,
}

/// What happened to one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContestStatus {
    /// Every seat is filled.
    Filled,
    /// A tie straddles the last seat: those tied are voted on again [ZJE28].
    Revote,
    /// Fewer passed the bar than there are seats: a run-off for the rest [ZJE29].
    Runoff,
    /// A run-off or re-vote that still left seats empty.
    Unfilled,
    /// The vote is void.
    Void,
}

/// Something the committee must know about the result as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Note {
    /// Seats stay empty and fewer than the minimum members are elected: vote again [ZJE30].
    FewerThanMinMembers,
    /// Seats stay empty, which is allowed: at least the minimum members are elected [ZJE30].
    VacantSeatsAllowed,
}

/// Seats still to fill and the people proposed for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Seats still to fill in that vote.
    pub seats: u32,
    /// Who stands in it: candidate ids, or the names of written-in people, best placed first.
    pub candidates: Vec<String>,
}

/// One person's line in a post's tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyLine {
    /// Candidate id (also for a listed person of another post written in here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The person's name as listed, or as written in (trimmed, NFC).
    pub name: String,
    /// Written in, not listed in this post.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write_in: bool,
    /// Votes; for approve style, the for-votes.
    pub votes: u64,
    /// Approve style: for-votes.
    #[serde(rename = "for", skip_serializing_if = "Option::is_none")]
    pub for_votes: Option<u64>,
    /// Approve style: against-votes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against: Option<u64>,
    /// Approve style: abstentions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abstain: Option<u64>,
    /// Elected to this post.
    pub elected: bool,
    /// Elected to a higher post in this vote, so not to this one (the post's id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds: Option<String>,
    /// The person's id in the village register: as the manifest names it for a listed person,
    /// or, given a register, its one bearer of the name (omitted when not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

impl TallyLine {
    /// How the entry is named in `elected` and proposals: the id, or the written-in name.
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

/// The outcome of one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestOutcome {
    /// The post's id in the manifest and in ballot lines.
    pub id: String,
    /// The office as the sheet names it, e.g. 主任.
    pub office: String,
    /// How the post is marked: choose up to `seats` people, or for/against each candidate.
    pub style: Style,
    /// Seats to fill in this round.
    pub seats: u32,
    /// A post only women may hold (妇女委员, 专职专选).
    pub women_only: bool,
    /// The least number of votes that wins this round (approve style: for-votes).
    pub bar: u64,
    /// The rule behind the bar: e.g. more than 1/2 of 980 voters.
    pub bar_rule: Bar,
    /// Valid ballots marking nobody in this post.
    pub blank: u64,
    /// Valid ballots whose post alone was voided (per-post rules).
    pub voided: u64,
    /// Everyone with a vote, and every listed candidate; sorted by votes, list order, name.
    pub tally: Vec<TallyLine>,
    /// Elected: ids, or names of written-in people.
    pub elected: Vec<String>,
    /// What the law decides for the post: filled, re-vote, run-off, unfilled, or void.
    pub outcome: ContestStatus,
    /// The run-off proposed, when `outcome` is `runoff`.
    pub runoff: Option<Proposal>,
    /// The re-vote needed, when `outcome` is `revote`.
    pub revote: Option<Proposal>,
    /// Who stood down from this post because a close relative was elected too [ZJE31] (contract
    /// §5); empty when nobody did, or when no register was given.
    #[serde(default)]
    pub avoided: Vec<Avoided>,
    /// Close relatives tied in this post, who may not both serve: each a further vote of ZJE31
    /// for one seat, counted in `revote` (its seats and candidates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinship: Vec<KinTie>,
    /// Elected people the register cannot name — nobody, or several people, bear the name — so
    /// their kinship was not checked (given a register; reported, never guessed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

/// One box's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationOutcome {
    /// The station's id in the manifest.
    pub id: String,
    /// The station's name as the sheet shows it, e.g. 中心会场.
    pub name: String,
    /// Kind of box.
    pub kind: StationKind,
    /// Voters who took a ballot here.
    pub voters: u64,
    /// Ballots found in the box.
    pub ballots: u64,
    /// Ballots of this box that count.
    pub valid_ballots: u64,
    /// Ballots of this box ruled invalid, for any reason.
    pub invalid_ballots: u64,
    /// This box's invalid ballots by reason.
    pub invalid_reasons: InvalidCounts,
    /// What a monitor should look at: more ballots than voters, more voters than registered here.
    pub flags: Vec<StationFlag>,
}

/// A threshold applied to a number: `least` is the fewest that meet `op fraction × of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// The threshold applied: base, comparison and fraction.
    #[serde(flatten)]
    pub threshold: Threshold,
    /// The value of the rule's base, e.g. 980 voters.
    pub of: u64,
    /// The least whole number meeting it (at least 1 for a bar to win).
    pub least: u64,
}

impl Bar {
    /// The bar of `threshold` applied to `of`.
    pub(super) fn new(threshold: Threshold, of: u64) -> Bar {
        Bar { threshold, of, least: threshold.least(of) }
    }
}

/// The quorum test: voters against registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    /// The rule and the fewest voters that meet it.
    #[serde(flatten)]
    pub bar: Bar,
    /// Whether it is met.
    pub met: bool,
}

/// The outcome of a vote (contract §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The election id of the manifest.
    pub election: String,
    /// Which round was counted: first, run-off or re-vote.
    pub round: Round,
    /// Valid or void.
    pub status: Status,
    /// Why the vote is void (empty when it stands).
    pub void_reasons: Vec<VoidReason>,
    /// Registered voters / entitled.
    pub registered: u64,
    /// Voters who took part.
    pub voters: u64,
    /// Ballots found in all the boxes (收回的选票), valid or not.
    pub ballots: u64,
    /// Ballots that count.
    pub valid_ballots: u64,
    /// Ballots ruled invalid, for any reason.
    pub invalid_ballots: u64,
    /// Invalid ballots by reason.
    pub invalid_reasons: InvalidCounts,
    /// The quorum test.
    pub quorum: Quorum,
    /// Per box, in manifest order.
    pub stations: Vec<StationOutcome>,
    /// Per post, in manifest order.
    pub contests: Vec<ContestOutcome>,
    /// Notes for the committee.
    pub notes: Vec<Note>,
    /// The rules profile.
    pub rules: String,
    /// The election's title as announced (may be empty).
    pub title: String,
    /// The village's name (may be empty).
    pub village: String,
    /// The township's name (may be empty).
    pub township: String,
    /// The body elected.
    pub body: Body,
    /// The date of the vote, `YYYY-MM-DD`, or empty.
    pub date: String,
}

impl Outcome {
    /// Whether the vote stands (exit status 0) or not (1).
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }
}
