//! An outcome read from a file, checked before anything uses it (`zheng next-round`, `zheng
//! village`): its numbers hold together — each box's ballots are its valid and invalid ones and the
//! boxes add up to the vote; whether the vote stands is what its numbers give; no post counts more
//! than its ballots carry; who is elected, passed over and proposed is what the law decides from the
//! votes as stated — and, given its manifest, it is that manifest's outcome: its election, round,
//! rules, posts, listed candidates, boxes and notes.
//!
//! Each failure is an [`OutcomeProblem`] (`problem.rs`); the first found is given.

use std::collections::BTreeSet;

use super::file::StatedOutcome;
use super::kinship::Parted;
use super::model::{ContestOutcome, ContestStatus, Outcome, StationFlag, StationOutcome, Status, TallyLine};
use super::posts::{decide_posts, notes};
use super::problem::{ManifestPart, OutcomeProblem, Total};
use super::validity::{station_flags, void_reasons};
use crate::vote::ballot::{InvalidCounts, InvalidReason};
use crate::vote::manifest::{Contest, Election};
use crate::vote::model::Style;
use crate::vote::rules::Base;

impl StatedOutcome {
    /// The outcome, once its numbers hold together and — given `manifest` — it is that manifest's
    /// outcome; else the first problem found.
    pub fn check(self, manifest: Option<&Election>) -> Result<Outcome, OutcomeProblem> {
        let o = self.0;
        totals(&o)?;
        standing(&o)?;
        let mut ids = BTreeSet::new();
        for c in &o.contests {
            if !ids.insert(c.id.as_str()) {
                return Err(OutcomeProblem::PostTwice { post: c.id.clone() });
            }
            post(&o, c)?;
        }
        decision(&o)?;
        if let Some(e) = manifest {
            of_manifest(&o, e)?;
        }
        Ok(o)
    }
}

/// A sum that does not overflow unseen: `None` if it would.
fn sum(xs: impl IntoIterator<Item = u64>) -> Option<u64> {
    xs.into_iter().try_fold(0u64, u64::checked_add)
}

/// Whether `ballots` are the valid and invalid ones, and the invalid ones the sum of their reasons.
fn adds(ballots: u64, valid: u64, invalid: u64, reasons: &InvalidCounts) -> bool {
    valid.checked_add(invalid) == Some(ballots) && sum(reasons.counts()) == Some(invalid)
}

/// The vote's ballots and each box's add up, and the boxes add up to the vote.
fn totals(o: &Outcome) -> Result<(), OutcomeProblem> {
    if !adds(o.ballots, o.valid_ballots, o.invalid_ballots, &o.invalid_reasons) {
        return Err(OutcomeProblem::BallotsDoNotAdd { station: None });
    }
    let mut ids = BTreeSet::new();
    for s in &o.stations {
        if !ids.insert(s.id.as_str()) {
            return Err(OutcomeProblem::StationTwice { station: s.id.clone() });
        }
        if !adds(s.ballots, s.valid_ballots, s.invalid_ballots, &s.invalid_reasons) {
            return Err(OutcomeProblem::BallotsDoNotAdd { station: Some(s.id.clone()) });
        }
    }
    let boxes = |f: fn(&StationOutcome) -> u64| sum(o.stations.iter().map(f));
    for (total, stated, summed) in [
        (Total::Voters, o.voters, boxes(|s| s.voters)),
        (Total::Ballots, o.ballots, boxes(|s| s.ballots)),
        (Total::ValidBallots, o.valid_ballots, boxes(|s| s.valid_ballots)),
    ] {
        if summed != Some(stated) {
            return Err(OutcomeProblem::BoxesDoNotAdd { total });
        }
    }
    for r in InvalidReason::ALL {
        if sum(o.stations.iter().map(|s| s.invalid_reasons.get(r))) != Some(o.invalid_reasons.get(r)) {
            return Err(OutcomeProblem::BoxesDoNotAdd { total: Total::InvalidReasons });
        }
    }
    Ok(())
}

/// Whether the vote stands, and each box's flags, are what the numbers give. Without the manifest a
/// box's registered voters are unknown, so its flag of more voters than registered is taken as
/// stated (it needs a voter at least).
fn standing(o: &Outcome) -> Result<(), OutcomeProblem> {
    let (q, bar) = (&o.quorum, &o.quorum.bar);
    let reasons = void_reasons(q.met, o.voters, o.ballots, o.registered);
    let status = if reasons.is_empty() { Status::Valid } else { Status::Void };
    let quorum = bar.threshold.base == Base::Registered
        && bar.of == o.registered
        && bar.least == bar.threshold.least(bar.of)
        && q.met == bar.threshold.holds(o.voters, o.registered);
    if !quorum || o.void_reasons != reasons || o.status != status {
        return Err(OutcomeProblem::Standing { station: None });
    }
    for s in &o.stations {
        let registered =
            if s.flags.contains(&StationFlag::VotersExceedRegistered) { s.voters.checked_sub(1) } else { None };
        if s.flags != station_flags(s.ballots, s.voters, registered) {
            return Err(OutcomeProblem::Standing { station: Some(s.id.clone()) });
        }
    }
    Ok(())
}

/// One post's bar, counts and lines.
fn post(o: &Outcome, c: &ContestOutcome) -> Result<(), OutcomeProblem> {
    let b = &c.bar_rule;
    let of = match b.threshold.base {
        Base::Registered => o.registered,
        Base::Voters => o.voters,
        Base::Ballots => o.ballots,
    };
    let one_bar = o.contests.first().is_none_or(|first| first.bar_rule == *b);
    if c.bar != b.least || b.of != of || b.least != b.threshold.least(of).max(1) || !one_bar {
        return Err(OutcomeProblem::Bar { post: c.id.clone() });
    }
    let counts = || OutcomeProblem::Counts { post: c.id.clone() };
    let not_marked = c.blank.checked_add(c.voided).ok_or_else(counts)?;
    let marked = o.valid_ballots.checked_sub(not_marked).ok_or_else(counts)?;
    let live = o.valid_ballots - c.voided;
    let votes = sum(c.tally.iter().map(|t| t.votes)).ok_or_else(counts)?;
    let most = u128::from(c.seats) * u128::from(marked);
    if u128::from(votes) > most || !c.tally.iter().all(|t| line_fits(c.style, t, live)) {
        return Err(counts());
    }
    let sorted = c.tally.windows(2).all(|w| w[0].votes >= w[1].votes);
    let keys: BTreeSet<&str> = c.tally.iter().map(TallyLine::key).collect();
    if !sorted || keys.len() != c.tally.len() {
        return Err(OutcomeProblem::Lines { post: c.id.clone() });
    }
    Ok(())
}

/// Whether a tally line's numbers fit a post of `style` with `live` ballots (valid, not voided):
/// votes within them; for a choose post nothing more; for an approve post its for-votes, and for a
/// listed candidate against-votes and abstentions that make up the rest.
fn line_fits(style: Style, t: &TallyLine, live: u64) -> bool {
    let (for_votes, against, abstain) = (t.for_votes, t.against, t.abstain);
    t.votes <= live
        && match (style, t.write_in) {
            (Style::Choose, _) => for_votes.is_none() && against.is_none() && abstain.is_none(),
            (Style::Approve, true) => for_votes == Some(t.votes) && against.is_none() && abstain.is_none(),
            (Style::Approve, false) => {
                let cast = against.and_then(|a| t.votes.checked_add(a)).filter(|&n| n <= live);
                for_votes == Some(t.votes) && cast.is_some_and(|n| abstain == Some(live - n))
            }
        }
}

/// Who is elected, passed over and proposed is what the law decides from the votes as stated, with
/// the kinship avoidance the outcome states (who stood down, who is tied with a close relative):
/// every post decided again, as [`super::Outcome::with_register`] decides it, and compared. A void
/// vote decides nothing.
fn decision(o: &Outcome) -> Result<(), OutcomeProblem> {
    let wrong = |c: &ContestOutcome| Err(OutcomeProblem::Decision { post: c.id.clone() });
    if o.status == Status::Void {
        return match o.contests.iter().find(|c| !undecided(c)) {
            Some(c) => wrong(c),
            None => Ok(()),
        };
    }
    let mut parted = Parted::default();
    for (i, c) in o.contests.iter().enumerate() {
        let keys: BTreeSet<&str> = c.tally.iter().map(TallyLine::key).collect();
        let tied = c.kinship.iter().flat_map(|t| &t.ids);
        let known = c.avoided.iter().map(|a| &a.id).chain(tied).all(|k| keys.contains(k.as_str()));
        if c.outcome == ContestStatus::Void || !known || c.kinship.len() > c.seats as usize {
            return wrong(c);
        }
        parted.out.extend(c.avoided.iter().map(|a| a.id.clone()));
        parted.ties.extend(c.kinship.iter().map(|t| (i, t.clone())));
    }
    let mut again = o.contests.clone();
    decide_posts(o.round, &mut again, o.contests.first().map_or(1, |c| c.bar), &parted);
    match again.iter().zip(&o.contests).find(|(a, c)| a != c) {
        Some((_, c)) => wrong(c),
        None => Ok(()),
    }
}

/// A post of a void vote: nothing decided, nobody elected, passed over or proposed.
fn undecided(c: &ContestOutcome) -> bool {
    c.outcome == ContestStatus::Void
        && c.elected.is_empty()
        && c.runoff.is_none()
        && c.revote.is_none()
        && c.avoided.is_empty()
        && c.kinship.is_empty()
        && c.unmatched.is_empty()
        && c.tally.iter().all(|t| !t.elected && t.holds.is_none())
}

/// The outcome is `e`'s: its election, round, body, register, rules, posts, people and boxes, and
/// the notes the manifest's rules give.
fn of_manifest(o: &Outcome, e: &Election) -> Result<(), OutcomeProblem> {
    let differs = |part| Err(OutcomeProblem::NotOfManifest { part });
    let heading = [&o.title, &o.village, &o.township, &o.date];
    if o.election != e.id() {
        return differs(ManifestPart::Election);
    }
    if o.round != e.round() {
        return differs(ManifestPart::Round);
    }
    if o.body != e.body() {
        return differs(ManifestPart::Body);
    }
    if o.registered != e.registered() {
        return differs(ManifestPart::Registered);
    }
    if o.rules != e.rules().profile || o.quorum.bar.threshold != e.rules().quorum {
        return differs(ManifestPart::Rules);
    }
    if heading != [e.title(), e.village(), e.township(), e.date()] {
        return differs(ManifestPart::Heading);
    }
    if !o.contests.iter().map(|c| &c.id).eq(e.contests().iter().map(|c| &c.id)) {
        return differs(ManifestPart::Posts);
    }
    let win = e.rules().win_for(e.round());
    for (c, m) in o.contests.iter().zip(e.contests()) {
        if (c.seats, c.style, &c.office, c.women_only) != (m.seats, m.style, &m.office, m.women_only) {
            return differs(ManifestPart::Post(c.id.clone()));
        }
        if c.bar_rule.threshold != win {
            return differs(ManifestPart::Bars);
        }
        if !people_of(e, m, c) {
            return differs(ManifestPart::Candidates(c.id.clone()));
        }
    }
    let mut last = None;
    for s in &o.stations {
        let Some((i, m)) = e.station(&s.id) else { return differs(ManifestPart::Station(s.id.clone())) };
        let flags = station_flags(s.ballots, s.voters, m.registered);
        if last.is_some_and(|l| l >= i) || s.name != m.name || s.kind != m.kind || s.flags != flags {
            return differs(ManifestPart::Station(s.id.clone()));
        }
        last = Some(i);
    }
    if o.notes != notes(e, o.status, &o.contests) {
        return differs(ManifestPart::Notes);
    }
    Ok(())
}

/// Whether a post's lines are the manifest's people: every listed candidate once, by the name and
/// register person the manifest gives; written-in people only where the post allows them, each with
/// the id their name has in the manifest (and its register person); in the order the law sorts them
/// (votes, then list order, then name).
fn people_of(e: &Election, m: &Contest, c: &ContestOutcome) -> bool {
    let mut places = Vec::with_capacity(c.tally.len());
    for t in &c.tally {
        let named = |rid: Option<&String>| rid.is_none_or(|r| t.person.as_ref() == Some(r));
        let place = if t.write_in {
            let id = e.person_named(&t.name).map(|p| &e.persons()[p].id);
            let rid = id.and_then(|id| e.register_id(id)).map(str::to_string);
            if !m.write_in || t.id.as_ref() != id || !named(rid.as_ref()) {
                return false;
            }
            usize::MAX
        } else {
            let Some(k) = m.candidates.iter().position(|k| t.id.as_ref() == Some(&k.id)) else { return false };
            if t.name != m.candidates[k].name || !named(m.candidates[k].register_id.as_ref()) {
                return false;
            }
            k
        };
        places.push((place, t));
    }
    let listed = places.iter().filter(|(k, _)| *k != usize::MAX).count();
    let in_order = places.windows(2).all(|w| {
        let ((ia, a), (ib, b)) = (w[0], w[1]);
        b.votes.cmp(&a.votes).then(ia.cmp(&ib)).then_with(|| a.name.cmp(&b.name)).is_le()
    });
    listed == m.candidates.len() && in_order
}
