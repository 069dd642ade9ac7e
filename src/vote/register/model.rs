//! The validated village register and what it answers: who is who, by id or by name, and how any
//! two people are related — declared, or derived from what is declared.

use std::collections::{BTreeMap, BTreeSet};

use super::kinship::{Kinship, RelationKind};
use super::villager::Villager;
use crate::vote::name;

/// A validated village register. Fields are private: ids are unique, every relation names two
/// different people of the register, and a pair has one relation at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub(super) village: String,
    pub(super) minority: bool,
    pub(super) large: bool,
    pub(super) people: Vec<Villager>,
    pub(super) by_id: BTreeMap<String, usize>,
    /// Declared relations by unordered pair (smaller index first), with the kind as written from
    /// the first of the pair's side: `(i, j) → (kind, a_is_i)`.
    pub(super) declared: BTreeMap<(usize, usize), (RelationKind, bool)>,
    /// Each person's parents, declared.
    pub(super) parents: Vec<BTreeSet<usize>>,
}

impl Register {
    /// The village the register is of.
    pub fn village(&self) -> &str {
        &self.village
    }

    /// Whether the village is a minority village (`minority = true`).
    pub fn minority(&self) -> bool {
        self.minority
    }

    /// Whether the village is large or merged (`large = true`): 1–2 more committee members allowed.
    pub fn large(&self) -> bool {
        self.large
    }

    /// Everyone listed, in the register's order.
    pub fn people(&self) -> &[Villager] {
        &self.people
    }

    /// The person with this id, by index.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Villager> {
        self.index(id).map(|i| &self.people[i])
    }

    /// Everyone with this name (put in the form the law compares first): none, one, or — two
    /// villagers sharing a name — several, which a caller must report rather than choose among.
    pub fn named(&self, name: &str) -> Vec<usize> {
        let n = name::normalize(name);
        self.people.iter().enumerate().filter(|(_, p)| p.name == n).map(|(i, _)| i).collect()
    }

    /// How person `x` is related to person `y` (indices), from `x`'s side; `None` for the same
    /// person or people the register does not relate. A declared relation comes first; else two
    /// people with a declared parent in common are siblings, and a parent's declared parent is a
    /// grandparent.
    pub fn kinship(&self, x: usize, y: usize) -> Option<Kinship> {
        if x == y || x >= self.people.len() || y >= self.people.len() {
            return None;
        }
        let key = (x.min(y), x.max(y));
        if let Some(&(kind, a_is_first)) = self.declared.get(&key) {
            let a_is_x = a_is_first == (x == key.0);
            let from_a = match kind {
                RelationKind::Spouse => Kinship::Spouse,
                RelationKind::Sibling => Kinship::Sibling,
                RelationKind::Parent => Kinship::Parent,
                RelationKind::Grandparent => Kinship::Grandparent,
            };
            return Some(if a_is_x { from_a } else { from_a.reverse() });
        }
        if !self.parents[x].is_disjoint(&self.parents[y]) {
            return Some(Kinship::Sibling);
        }
        if self.parents[y].iter().any(|&p| self.parents[p].contains(&x)) {
            return Some(Kinship::Grandparent);
        }
        if self.parents[x].iter().any(|&p| self.parents[p].contains(&y)) {
            return Some(Kinship::Grandchild);
        }
        None
    }
}
