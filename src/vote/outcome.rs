//! From tallies to what the law decides: whether the vote stands, each post's bar, who is elected,
//! and which seats go to a re-vote (再次投票) or a run-off (另行选举) [ZJE27–30; CPC; ZJI23; ZJC30].
//!
//! [`decide`] is the heart of it, a pure function of sorted vote counts; [`Outcome::new`] applies it
//! to every post and produces the outcome JSON of contract §4.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::vote::avoid::{self, Avoided, KinTie, Who, Winner};
use crate::vote::ballot::InvalidCounts;
use crate::vote::manifest::Election;
use crate::vote::model::{Body, Round, StationKind, Style};
use crate::vote::register::Register;
use crate::vote::rules::Threshold;
use crate::vote::tally::{ContestTally, Tally};

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
    fn new(threshold: Threshold, of: u64) -> Bar {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// One box's count, as [`Outcome::new`] takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationCount {
    /// Index into the manifest's stations.
    pub station: usize,
    /// Voters from the box header.
    pub voters: u64,
    /// The box's tally.
    pub tally: Tally,
}

/// A post's decision: indices into the sorted entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Those elected, as indices into the sorted votes.
    pub elected: Vec<usize>,
    /// What the law decides for the post.
    pub status: ContestStatus,
    /// Seats and candidates of a run-off.
    pub runoff: Option<(u32, Vec<usize>)>,
    /// Seats and candidates of a re-vote.
    pub revote: Option<(u32, Vec<usize>)>,
}

/// Decides one post [ZJE28, ZJE29]. `votes` is sorted from most to fewest; `eligible[i]` is false
/// for someone already elected to a higher post. Those at or over `bar` pass; if more pass than
/// `seats` the highest win, and a tie straddling the last seat goes to a re-vote; if fewer pass, a
/// first round proposes a run-off for the seats left (the seats plus one, with everyone tied with
/// the last of them, among people with a vote) and a later round leaves them unfilled.
pub fn decide(votes: &[u64], eligible: &[bool], seats: u32, bar: u64, round: Round) -> Decision {
    debug_assert!(votes.windows(2).all(|w| w[0] >= w[1]));
    let bar = bar.max(1);
    let open: Vec<usize> = (0..votes.len()).filter(|&i| eligible[i]).collect();
    let passing: Vec<usize> = open.iter().copied().filter(|&i| votes[i] >= bar).collect();
    let seats_n = seats as usize;
    if passing.len() > seats_n {
        let cut = votes[passing[seats_n - 1]];
        let above: Vec<usize> = passing.iter().copied().filter(|&i| votes[i] > cut).collect();
        let tied: Vec<usize> = passing.iter().copied().filter(|&i| votes[i] == cut).collect();
        if above.len() + tied.len() == seats_n {
            return Decision {
                elected: passing[..seats_n].to_vec(),
                status: ContestStatus::Filled,
                runoff: None,
                revote: None,
            };
        }
        let left = seats - above.len() as u32;
        return Decision { elected: above, status: ContestStatus::Revote, runoff: None, revote: Some((left, tied)) };
    }
    let left = seats - passing.len() as u32;
    if left == 0 {
        return Decision { elected: passing, status: ContestStatus::Filled, runoff: None, revote: None };
    }
    if round != Round::First {
        return Decision { elected: passing, status: ContestStatus::Unfilled, runoff: None, revote: None };
    }
    let rest: Vec<usize> = open.iter().copied().filter(|&i| votes[i] < bar && votes[i] >= 1).collect();
    let mut n = (left as usize + 1).min(rest.len());
    while n > 0 && n < rest.len() && votes[rest[n]] == votes[rest[n - 1]] {
        n += 1;
    }
    Decision { elected: passing, status: ContestStatus::Runoff, runoff: Some((left, rest[..n].to_vec())), revote: None }
}

impl Outcome {
    /// The outcome of a vote from its boxes' counts (any order; reported in manifest order).
    pub fn new(e: &Election, boxes: &[StationCount]) -> Outcome {
        Outcome::with_register(e, boxes, None)
    }

    /// [`Outcome::new`], with kinship avoidance among the winners judged on the village register
    /// [ZJE31] when one is given.
    pub fn with_register(e: &Election, boxes: &[StationCount], register: Option<&Register>) -> Outcome {
        let mut boxes: Vec<&StationCount> = boxes.iter().collect();
        boxes.sort_by_key(|b| b.station);
        let mut village = Tally::empty(e);
        let mut voters = 0u64;
        for b in &boxes {
            village.merge(&b.tally);
            voters = voters.saturating_add(b.voters);
        }
        let stations = boxes.iter().map(|b| station_outcome(e, b)).collect();
        let ballots = village.ballots();
        let (quorum, void_reasons) = validity(e, voters, ballots);
        let status = if void_reasons.is_empty() { Status::Valid } else { Status::Void };
        let rule = e.rules().win_for(e.round());
        let mut bar_rule = Bar::new(rule, e.base_value(rule.base, voters, ballots));
        bar_rule.least = bar_rule.least.max(1);
        let contests = decide_contests(e, &village, bar_rule, status, register);
        let notes = notes(e, status, &contests);
        Outcome {
            election: e.id().to_string(),
            round: e.round(),
            status,
            void_reasons,
            registered: e.registered(),
            voters,
            ballots,
            valid_ballots: village.valid,
            invalid_ballots: village.invalid.total(),
            invalid_reasons: village.invalid,
            quorum,
            stations,
            contests,
            notes,
            rules: e.rules().profile.clone(),
            title: e.title().to_string(),
            village: e.village().to_string(),
            township: e.township().to_string(),
            body: e.body(),
            date: e.date().to_string(),
        }
    }

    /// Reads an outcome JSON file (`zheng count --json`, a bundle's `outcome.json`), at most 64 MiB.
    pub fn load(path: &std::path::Path) -> Result<Outcome, crate::error::Error> {
        let bytes = crate::files::read_limited(path, 64 << 20)?;
        serde_json::from_slice(&bytes).map_err(|err| crate::error::Error::Malformed {
            path: path.display().to_string(),
            message: format!("not an outcome (zheng count --json): line {}: {err}", err.line()),
        })
    }

    /// Whether the vote stands (exit status 0) or not (1).
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }
}

/// One box's numbers and flags: more ballots than its voters; more voters than registered here.
fn station_outcome(election: &Election, b: &StationCount) -> StationOutcome {
    let s = &election.stations()[b.station];
    let mut flags = Vec::new();
    if b.tally.ballots() > b.voters {
        flags.push(StationFlag::BallotsExceedVoters);
    }
    if s.registered.is_some_and(|r| b.voters > r) {
        flags.push(StationFlag::VotersExceedRegistered);
    }
    StationOutcome {
        id: s.id.clone(),
        name: s.name.clone(),
        kind: s.kind,
        voters: b.voters,
        ballots: b.tally.ballots(),
        valid_ballots: b.tally.valid,
        invalid_ballots: b.tally.invalid.total(),
        invalid_reasons: b.tally.invalid,
        flags,
    }
}

/// Whether the vote stands: the quorum of the registered [ZJE27, OL15; CPC; ZJI23; ZJC30], and no
/// more ballots than voters [ZJE27; CPC].
fn validity(election: &Election, voters: u64, ballots: u64) -> (Quorum, Vec<VoidReason>) {
    let q = election.rules().quorum;
    let quorum = Quorum { bar: Bar::new(q, election.registered()), met: q.holds(voters, election.registered()) };
    let mut void_reasons = Vec::new();
    if !quorum.met {
        void_reasons.push(VoidReason::QuorumNotMet);
    }
    if ballots > voters {
        void_reasons.push(VoidReason::BallotsExceedVoters);
    }
    if voters > election.registered() {
        void_reasons.push(VoidReason::VotersExceedRegistered);
    }
    (quorum, void_reasons)
}

/// Every post decided in manifest order, highest first: someone elected to a higher post is passed
/// over in the lower ones (and the tally says which post they hold). A void vote decides nothing.
/// Given a register, close relatives elected together are parted as ZJE31 says ([`avoid`]): the
/// one who stands down is out of this vote, and the posts are decided again, until none are left.
fn decide_contests(
    e: &Election,
    village: &Tally,
    bar_rule: Bar,
    status: Status,
    register: Option<&Register>,
) -> Vec<ContestOutcome> {
    let mut contests: Vec<ContestOutcome> = e
        .contests()
        .iter()
        .zip(&village.contests)
        .map(|(c, t)| ContestOutcome {
            id: c.id.clone(),
            office: c.office.clone(),
            style: c.style,
            seats: c.seats,
            women_only: c.women_only,
            bar: bar_rule.least,
            bar_rule,
            blank: t.blank,
            voided: t.voided,
            elected: Vec::new(),
            outcome: ContestStatus::Void,
            runoff: None,
            revote: None,
            avoided: Vec::new(),
            kinship: Vec::new(),
            unmatched: Vec::new(),
            tally: entries(e, c, t, village.valid),
        })
        .collect();
    if status != Status::Valid {
        return contests;
    }
    let kin = register.filter(|_| avoid::applies_to(e.body()));
    let mut parted = Parted::default();
    let most = contests.iter().map(|c| c.tally.len()).sum::<usize>() + 1;
    for _ in 0..most {
        decide_posts(e, &mut contests, bar_rule.least, &parted);
        let Some(r) = kin else { break };
        let winners = winners(e, r, &contests);
        match avoid::first_conflict(r, &winners) {
            Some(c) => parted.apply(c, &winners, r),
            None => {
                parted.report(&mut contests, &winners);
                name_people(e, r, &mut contests);
                break;
            }
        }
    }
    contests
}

/// What kinship avoidance has decided so far in one vote.
#[derive(Default)]
struct Parted {
    /// Keys of those who stood down: out of every post of this vote.
    out: BTreeSet<String>,
    /// Who stood down, by post.
    avoided: Vec<(usize, Avoided)>,
    /// Close relatives tied in a post: one seat of it goes to a further vote among them.
    ties: Vec<(usize, KinTie)>,
}

impl Parted {
    fn apply(&mut self, c: avoid::Conflict, winners: &[Winner], r: &Register) {
        match c {
            avoid::Conflict::StandsDown { stays, leaves, kinship } => {
                let (s, l) = (&winners[stays], &winners[leaves]);
                self.out.insert(l.key.clone());
                let a = Avoided {
                    id: l.key.clone(),
                    because: s.key.clone(),
                    relation: kinship.as_str().to_string(),
                    article: avoid::ARTICLE.to_string(),
                };
                self.avoided.push((l.post, a));
            }
            avoid::Conflict::Tie { a, b, kinship } => {
                // Everyone of the post with those votes who is a close relative of one of the two
                // votes again with them (three siblings tied are one further vote).
                let (a, b) = (&winners[a], &winners[b]);
                let close = |w: &Winner, x: &Winner| {
                    w.person.zip(x.person).and_then(|(p, q)| r.kinship(p, q)).is_some_and(|k| k.is_close())
                };
                let ids = winners
                    .iter()
                    .filter(|w| w.post == a.post && w.votes == a.votes)
                    .filter(|w| w.key == a.key || w.key == b.key || close(w, a) || close(w, b))
                    .map(|w| w.key.clone())
                    .collect();
                let tie = KinTie { ids, relation: kinship.as_str().to_string(), article: avoid::ARTICLE.to_string() };
                self.ties.push((a.post, tie));
            }
        }
    }

    /// Puts who stood down, and the winners the register cannot name, into their posts.
    fn report(&self, contests: &mut [ContestOutcome], winners: &[Winner]) {
        for (post, a) in &self.avoided {
            contests[*post].avoided.push(a.clone());
        }
        for w in winners.iter().filter(|w| w.person.is_none()) {
            contests[w.post].unmatched.push(w.key.clone());
        }
    }
}

/// Gives every tally line the register can name its register id.
fn name_people(e: &Election, r: &Register, contests: &mut [ContestOutcome]) {
    for t in contests.iter_mut().flat_map(|c| c.tally.iter_mut()).filter(|t| t.person.is_none()) {
        if let Who::Person(p) = avoid::who(e, r, t.id.as_deref(), &t.name) {
            t.person = Some(r.people()[p].id.clone());
        }
    }
}

/// Everyone elected, highest post first and by votes within a post, with their register person.
fn winners(e: &Election, r: &Register, contests: &[ContestOutcome]) -> Vec<Winner> {
    let mut v = Vec::new();
    for (ci, co) in contests.iter().enumerate() {
        for t in co.tally.iter().filter(|t| t.elected) {
            let person = match avoid::who(e, r, t.id.as_deref(), &t.name) {
                Who::Person(p) => Some(p),
                Who::Unmatched | Who::Shared => None,
            };
            v.push(Winner { post: ci, key: t.key().to_string(), votes: t.votes, person });
        }
    }
    v
}

/// Decides every post, highest first, passing over those who hold a higher post, those who stood
/// down, and those in a further vote of kinship for this post or a higher one (one seat of the
/// post is theirs to vote on again).
fn decide_posts(e: &Election, contests: &mut [ContestOutcome], bar: u64, parted: &Parted) {
    let mut taken: Vec<(String, String)> = Vec::new(); // (person key, post id) of those elected
    let mut pending: BTreeSet<&str> = BTreeSet::new();
    for (ci, (c, co)) in e.contests().iter().zip(contests.iter_mut()).enumerate() {
        let ties: Vec<&KinTie> = parted.ties.iter().filter(|(p, _)| *p == ci).map(|(_, t)| t).collect();
        pending.extend(ties.iter().flat_map(|t| t.ids.iter().map(String::as_str)));
        for en in &mut co.tally {
            en.holds = taken.iter().find(|(k, _)| k == en.key()).map(|(_, post)| post.clone());
            en.elected = false;
        }
        let eligible: Vec<bool> = co
            .tally
            .iter()
            .map(|x| x.holds.is_none() && !parted.out.contains(x.key()) && !pending.contains(x.key()))
            .collect();
        let reserved = ties.len() as u32;
        let seats = c.seats.saturating_sub(reserved);
        let d = if seats == 0 {
            Decision { elected: Vec::new(), status: ContestStatus::Filled, runoff: None, revote: None }
        } else {
            let votes: Vec<u64> = co.tally.iter().map(|x| x.votes).collect();
            decide(&votes, &eligible, seats, bar, e.round())
        };
        let keys = |ix: &[usize]| ix.iter().map(|&i| co.tally[i].key().to_string()).collect::<Vec<_>>();
        co.elected = keys(&d.elected);
        co.runoff = d.runoff.map(|(seats, ix)| Proposal { seats, candidates: keys(&ix) });
        co.revote = d.revote.map(|(seats, ix)| Proposal { seats, candidates: keys(&ix) });
        co.outcome = d.status;
        co.kinship.clear();
        if !ties.is_empty() {
            let r = co.revote.get_or_insert(Proposal { seats: 0, candidates: Vec::new() });
            r.seats += reserved;
            for t in ties {
                r.candidates.extend(t.ids.iter().filter(|k| !r.candidates.contains(k)).cloned().collect::<Vec<_>>());
                co.kinship.push(t.clone());
            }
            co.outcome = ContestStatus::Revote;
        }
        for &i in &d.elected {
            co.tally[i].elected = true;
            taken.push((co.tally[i].key().to_string(), c.id.clone()));
        }
    }
}

/// A post's entries, sorted by votes, then list order, then name.
fn entries(e: &Election, c: &crate::vote::manifest::Contest, t: &ContestTally, valid: u64) -> Vec<TallyLine> {
    let approve = c.style == Style::Approve;
    let live = valid - t.voided;
    let mut v: Vec<(usize, TallyLine)> = c
        .candidates
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let votes = t.votes[i];
            let against = if approve { t.against[i] } else { 0 };
            let entry = TallyLine {
                id: Some(k.id.clone()),
                name: k.name.clone(),
                write_in: false,
                votes,
                for_votes: approve.then_some(votes),
                against: approve.then_some(against),
                abstain: approve.then(|| live.saturating_sub(votes + against)),
                elected: false,
                holds: None,
                person: k.register_id.clone(),
            };
            (i, entry)
        })
        .collect();
    for (name, &votes) in &t.write_ins {
        let id = e.person_named(name).map(|p| e.persons()[p].id.clone());
        let person = id.as_deref().and_then(|id| e.register_id(id)).map(str::to_string);
        let entry = TallyLine {
            id,
            person,
            name: name.clone(),
            write_in: true,
            votes,
            for_votes: approve.then_some(votes),
            against: None,
            abstain: None,
            elected: false,
            holds: None,
        };
        v.push((usize::MAX, entry));
    }
    v.sort_by(|(ia, a), (ib, b)| b.votes.cmp(&a.votes).then(ia.cmp(ib)).then_with(|| a.name.cmp(&b.name)));
    v.into_iter().map(|(_, x)| x).collect()
}

/// ZJE30: after a run-off, seats may stay vacant only if at least the minimum members are elected.
fn notes(e: &Election, status: Status, contests: &[ContestOutcome]) -> Vec<Note> {
    let pending = contests.iter().any(|c| matches!(c.outcome, ContestStatus::Revote | ContestStatus::Runoff));
    let vacant = contests.iter().any(|c| c.outcome == ContestStatus::Unfilled);
    if status == Status::Void || pending || !vacant || e.rules().min_members == 0 {
        return Vec::new();
    }
    let people: BTreeSet<&String> = contests.iter().flat_map(|c| &c.elected).collect();
    let members = people.len() as u64 + u64::from(e.members_elected_before());
    if members < u64::from(e.rules().min_members) {
        vec![Note::FewerThanMinMembers]
    } else {
        vec![Note::VacantSeatsAllowed]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContestStatus::*;

    fn d(votes: &[u64], seats: u32, bar: u64, round: Round) -> Decision {
        decide(votes, &vec![true; votes.len()], seats, bar, round)
    }

    /// ZJE28: more than half of the voters wins; the highest take the seats.
    #[test]
    fn zje28_highest_over_the_bar_win() {
        let x = d(&[600, 520, 100], 1, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0], Filled));
        let x = d(&[600, 520, 500, 100], 2, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0, 1], Filled));
    }

    /// ZJE28: a tie straddling the last seat goes to a re-vote among those tied, for the seats left.
    #[test]
    fn zje28_tie_on_the_last_seat() {
        let x = d(&[600, 520, 520, 10], 2, 491, Round::First);
        assert_eq!(x.elected, vec![0]);
        assert_eq!(x.status, Revote);
        assert_eq!(x.revote, Some((1, vec![1, 2])));
        // Tied above the last seat, both fit: no re-vote.
        let x = d(&[600, 600, 500], 2, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0, 1], Filled));
        // Three tied for one seat.
        let x = d(&[500, 500, 500], 1, 491, Round::First);
        assert_eq!(x.revote, Some((1, vec![0, 1, 2])));
        // A tie below the bar needs no re-vote: it goes to the run-off list.
        let x = d(&[600, 300, 300], 1, 491, Round::First);
        assert_eq!(x.status, Filled);
    }

    /// ZJE28: exactly half is not more than half.
    #[test]
    fn zje28_exactly_half_loses() {
        // 980 voters: the bar is 491; 490 is exactly half.
        let x = d(&[490, 480], 1, 491, Round::First);
        assert_eq!((x.elected.len(), x.status), (0, Runoff));
    }

    /// ZJE29: fewer pass than seats: a run-off for the seats left, seats + 1 candidates, ties kept.
    #[test]
    fn zje29_runoff_list() {
        let x = d(&[600, 400, 300, 300, 200, 0], 3, 491, Round::First);
        assert_eq!(x.elected, vec![0]);
        assert_eq!(x.runoff, Some((2, vec![1, 2, 3])));
        let x = d(&[400, 300, 200, 200, 200, 100], 2, 491, Round::First);
        assert_eq!(x.runoff, Some((2, vec![0, 1, 2, 3, 4])), "everyone tied with the last is taken in");
        let x = d(&[400, 0, 0], 2, 491, Round::First);
        assert_eq!(x.runoff, Some((2, vec![0])), "only people with a vote");
    }

    /// ZJE29/ZJE30: a run-off that still leaves seats empty is unfilled; no further list.
    #[test]
    fn zje29_runoff_round_leaves_unfilled() {
        let x = d(&[400, 300, 100], 2, 327, Round::Runoff);
        assert_eq!((x.elected, x.status, x.runoff), (vec![0], Unfilled, None));
    }

    /// ZJE28: in a re-vote the bar is one vote; a new tie is a new re-vote.
    #[test]
    fn revote_round() {
        let x = d(&[51, 49], 1, 1, Round::Revote);
        assert_eq!((x.elected, x.status), (vec![0], Filled));
        let x = d(&[50, 50], 1, 1, Round::Revote);
        assert_eq!((x.status, x.revote), (Revote, Some((1, vec![0, 1]))));
    }

    #[test]
    fn nobody_wins_with_no_votes() {
        let x = d(&[0, 0], 1, 0, Round::Revote);
        assert_eq!((x.elected.len(), x.status), (0, Unfilled));
    }

    #[test]
    fn ineligible_people_are_passed_over() {
        let x = decide(&[600, 550, 100], &[false, true, true], 1, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![1], Filled));
        let x = decide(&[600, 100, 50], &[false, true, true], 1, 491, Round::First);
        assert_eq!(x.runoff, Some((1, vec![1, 2])));
    }
}
