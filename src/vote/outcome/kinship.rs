//! Kinship avoidance in a vote's decision [ZJE31]: what has been decided so far — who stood down,
//! who is tied with a close relative — and who the winners are in the register. The loop that decides
//! the posts again until no pair is left is [`super::posts`]'s.

use std::collections::BTreeSet;

use super::model::ContestOutcome;
use crate::vote::avoid::{self, Article, Avoided, KinConflict, KinTie, RegisterMatch, Winner};
use crate::vote::manifest::Election;
use crate::vote::register::Register;

/// What kinship avoidance has decided so far in one vote.
#[derive(Default)]
pub(super) struct Parted {
    /// Keys of those who stood down: out of every post of this vote.
    pub(super) out: BTreeSet<String>,
    /// Who stood down, by post.
    pub(super) avoided: Vec<(usize, Avoided)>,
    /// Close relatives tied in a post: one seat of it goes to a further vote among them.
    pub(super) ties: Vec<(usize, KinTie)>,
}

impl Parted {
    pub(super) fn apply(&mut self, c: KinConflict, winners: &[Winner], r: &Register) {
        match c {
            KinConflict::StandsDown { stays, leaves, kinship } => {
                let (s, l) = (&winners[stays], &winners[leaves]);
                self.out.insert(l.key.clone());
                let a =
                    Avoided { id: l.key.clone(), because: s.key.clone(), relation: kinship, article: Article::Zje31 };
                self.avoided.push((l.post, a));
            }
            KinConflict::Tie { a, b, kinship } => {
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
                let tie = KinTie { ids, relation: kinship, article: Article::Zje31 };
                self.ties.push((a.post, tie));
            }
        }
    }

    /// Puts who stood down, and the winners the register cannot name, into their posts.
    pub(super) fn report(&self, contests: &mut [ContestOutcome], winners: &[Winner]) {
        for (post, a) in &self.avoided {
            contests[*post].avoided.push(a.clone());
        }
        for w in winners.iter().filter(|w| w.person.is_none()) {
            contests[w.post].unmatched.push(w.key.clone());
        }
    }
}

/// Gives every tally line the register can name its register id.
pub(super) fn name_people(e: &Election, r: &Register, contests: &mut [ContestOutcome]) {
    for t in contests.iter_mut().flat_map(|c| c.tally.iter_mut()).filter(|t| t.person.is_none()) {
        if let RegisterMatch::Person(p) = avoid::register_match(e, r, t.id.as_deref(), &t.name) {
            t.person = Some(r.people()[p].id.clone());
        }
    }
}

/// Everyone elected, highest post first and by votes within a post, with their register person.
pub(super) fn winners(e: &Election, r: &Register, contests: &[ContestOutcome]) -> Vec<Winner> {
    let mut v = Vec::new();
    for (ci, co) in contests.iter().enumerate() {
        for t in co.tally.iter().filter(|t| t.elected) {
            let person = match avoid::register_match(e, r, t.id.as_deref(), &t.name) {
                RegisterMatch::Person(p) => Some(p),
                RegisterMatch::Unmatched | RegisterMatch::Shared => None,
            };
            v.push(Winner { post: ci, key: t.key().to_string(), votes: t.votes, person });
        }
    }
    v
}
