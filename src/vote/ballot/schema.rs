//! The lookups a ballot line needs, built once per election: post and candidate ids by perfect hash
//! ([`super::id_map`]), listed people by name and by their bit in each post, and the ids as the
//! canonical record writes them.

use rustc_hash::FxHashMap;

use super::compact::Plan;
use super::decoder::Decoder;
use super::guess::{Guess, Quoted};
use super::id_map::IdMap;
use super::layout::Layout;
use crate::vote::manifest::Election;

/// The lists of an approve post, by their keys: for, against, written-in names — `k` 0, 1, 2.
pub(super) const APPROVE_LISTS: [&str; 3] = ["for", "against", "write_in"];

/// The lookups a ballot line needs, built once per election.
#[derive(Debug)]
pub struct Schema<'e> {
    /// This schema among those the process built: what lines a thread knows are known for one
    /// schema only ([`super::known`]).
    id: u64,
    /// The election whose ballots are read.
    election: &'e Election,
    /// The compact layout: fixed by the election, read through [`Schema::layout`].
    layout: Layout,
    /// Post id → post.
    pub(super) contest_by_id: IdMap<'e, usize>,
    /// Per post: candidate id → its bit.
    pub(super) candidate_by_id: Vec<IdMap<'e, u8>>,
    /// Listed person's name → the person (an index into the manifest's persons).
    pub(super) person_by_name: FxHashMap<&'e str, usize>,
    /// Per contest: listed person → bit.
    pub(super) bit_of_person: Vec<FxHashMap<usize, u8>>,
    /// Per person: every post that lists them, with their bit there (the same id in two posts is
    /// one person) — a mark's bit says whom it names, so the same person in two posts is found
    /// from the ballot's words, with nothing noted per mark.
    pub(super) listed_at: Vec<Vec<(u16, u8)>>,
    /// The persons listed in two or more posts.
    pub(super) shared: Vec<usize>,
    /// Per post: its id as a JSON string followed by `:`, and each candidate's id as a JSON
    /// string — written into records as they are, not escaped anew for every ballot.
    pub(super) quoted: Vec<(Vec<u8>, Vec<Vec<u8>>)>,
    /// Per post: what the fast path guesses of it ([`super::guess`]).
    pub(super) guesses: Vec<Guess>,
    /// Per post: what a compact run reads of it ([`super::compact`]).
    pub(super) plans: Vec<Plan>,
    /// An approve post's lists' keys — `"for"`, `"against"`, `"write_in"` — quoted for guessing.
    pub(super) lists: [Option<Quoted>; 3],
}

impl<'e> Schema<'e> {
    /// The compact layout of the election's ballots: each post's words and bits.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Builds the lookups of an election.
    pub fn new(election: &'e Election) -> Self {
        let contest_by_id = IdMap::new(election.contests().iter().enumerate().map(|(i, c)| (c.id.as_str(), i)));
        let candidate_by_id = election
            .contests()
            .iter()
            .map(|c| IdMap::new(c.candidates.iter().enumerate().map(|(i, k)| (k.id.as_str(), i as u8))))
            .collect();
        let bit_of_person = election
            .contests()
            .iter()
            .map(|c| c.candidates.iter().enumerate().map(|(i, k)| (k.person, i as u8)).collect())
            .collect();
        let mut listed_at = vec![Vec::new(); election.persons().len()];
        for (c, contest) in election.contests().iter().enumerate() {
            for (bit, k) in contest.candidates.iter().enumerate() {
                listed_at[k.person].push((c as u16, bit as u8));
            }
        }
        let shared = (0..listed_at.len()).filter(|&p| listed_at[p].len() > 1).collect();
        let person_by_name = election.persons().iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
        let json = |s: &str| serde_json::to_vec(s).expect("a string serializes");
        let quoted = election
            .contests()
            .iter()
            .map(|c| {
                let mut post = json(&c.id);
                post.push(b':');
                (post, c.candidates.iter().map(|k| json(&k.id)).collect())
            })
            .collect();
        let guesses: Vec<Guess> = election
            .contests()
            .iter()
            .map(|c| Guess::of(&c.id, c.style, c.candidates.iter().map(|k| k.id.as_str())))
            .collect();
        let layout = Layout::of(election);
        let plans = guesses.iter().zip(layout.offsets()).map(|(g, &o)| Plan::of(g, o)).collect();
        static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Schema {
            id: BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            election,
            layout,
            contest_by_id,
            candidate_by_id,
            person_by_name,
            bit_of_person,
            listed_at,
            shared,
            quoted,
            guesses,
            plans,
            lists: APPROVE_LISTS.map(|l| Quoted::of(l, b"")),
        }
    }

    /// This schema among those the process built.
    pub(super) fn id(&self) -> u64 {
        self.id
    }

    /// The election whose ballots are read.
    pub fn election(&self) -> &'e Election {
        self.election
    }

    /// A fresh decoder (its scratch space is reused from line to line): the fast path for the
    /// common shapes of a line, serde's reader for everything else.
    pub fn decoder(&self) -> Decoder<'_, 'e> {
        Decoder::new(self, true)
    }

    /// A decoder that reads every line with serde's reader only: the reference the fast path is
    /// held to (`tests/fuzz.rs` compares the two on every line it makes).
    pub fn reference_decoder(&self) -> Decoder<'_, 'e> {
        Decoder::new(self, false)
    }
}
