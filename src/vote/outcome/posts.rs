//! Every post of a vote decided, highest first: its tally lines in order, someone elected to a higher
//! post passed over in the lower ones, kinship avoidance applied until no pair is left [ZJE31], and
//! the notes a vacant seat calls for [ZJE30].

use std::collections::BTreeSet;

use super::decide::{Decision, decide};
use super::kinship::{Parted, name_people, winners};
use super::model::{Bar, ContestOutcome, ContestStatus, Note, Proposal, Status, TallyLine};
use crate::vote::avoid::{self, KinTie};
use crate::vote::manifest::{Contest, Election};
use crate::vote::model::{Round, Style};
use crate::vote::register::Register;
use crate::vote::tally::{ContestTally, Tally};

/// Every post decided in manifest order, highest first: someone elected to a higher post is passed
/// over in the lower ones (and the tally says which post they hold). A void vote decides nothing.
/// Given a register, close relatives elected together are parted as ZJE31 says ([`avoid`]): the
/// one who stands down is out of this vote, and the posts are decided again, until none are left.
pub(super) fn decide_contests(
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
        decide_posts(e.round(), &mut contests, bar_rule.least, &parted);
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

/// Decides every post of a `round`, highest first, each on its own seats and votes: passing over
/// those who hold a higher post, those who stood down, and those in a further vote of kinship for
/// this post or a higher one (one seat of the post is theirs to vote on again). Everything it
/// decides is written anew: a post's winners, its flags and `holds`, its status, its proposals and
/// its kinship ties — so an outcome read from a file can be decided again and compared.
pub(super) fn decide_posts(round: Round, contests: &mut [ContestOutcome], bar: u64, parted: &Parted) {
    let mut taken: Vec<(String, String)> = Vec::new(); // (person key, post id) of those elected
    let mut pending: BTreeSet<&str> = BTreeSet::new();
    for (ci, co) in contests.iter_mut().enumerate() {
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
        let seats = co.seats.saturating_sub(reserved);
        let d = if seats == 0 {
            Decision { elected: Vec::new(), status: ContestStatus::Filled, runoff: None, revote: None }
        } else {
            let votes: Vec<u64> = co.tally.iter().map(|x| x.votes).collect();
            decide(&votes, &eligible, seats, bar, round)
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
            taken.push((co.tally[i].key().to_string(), co.id.clone()));
        }
    }
}

/// A post's entries, sorted by votes, then list order, then name.
fn entries(e: &Election, c: &Contest, t: &ContestTally, valid: u64) -> Vec<TallyLine> {
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
pub(super) fn notes(e: &Election, status: Status, contests: &[ContestOutcome]) -> Vec<Note> {
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
