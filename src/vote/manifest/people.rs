//! The distinct listed people of a manifest, gathered while its candidates are validated: one id is
//! one person with one name, two people may not share a name (a written-in name could not tell them
//! apart), and one listed person is one register person.

use std::collections::HashMap;
use std::ops::Range;

use super::model::ListedPerson;
use crate::error::Problem;
use crate::vote::problems::Problems;

/// The distinct listed people of a manifest: one id is one person with one name, and two people
/// may not share a name (a written-in name could not tell them apart).
#[derive(Default)]
pub(super) struct People {
    pub(super) persons: Vec<ListedPerson>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, String>,
    /// Register id named by each person's entries (`None`: not named yet).
    register: Vec<Option<String>>,
    /// Register id → the listed person naming it.
    by_register: HashMap<String, usize>,
}

impl People {
    /// The person behind a candidate entry, registered on first sight; `at` names the entry.
    pub(super) fn person(
        &mut self,
        id: &str,
        name: &str,
        span: &Range<usize>,
        at: &str,
        p: &mut Problems<'_>,
    ) -> usize {
        if let Some(&pi) = self.by_id.get(id) {
            if self.persons[pi].name != name {
                let problem = Problem::IdTwoNames { id: id.to_string(), name: self.persons[pi].name.clone() };
                p.add(span, format!("{at}.name"), problem);
            }
            return pi;
        }
        if let Some(other) = self.by_name.get(name) {
            p.add(span, format!("{at}.name"), Problem::NameShared { name: name.to_string(), other: other.clone() });
        }
        self.by_name.insert(name.to_string(), id.to_string());
        self.by_id.insert(id.to_string(), self.persons.len());
        self.persons.push(ListedPerson { id: id.to_string(), name: name.to_string() });
        self.register.push(None);
        self.persons.len() - 1
    }

    /// The register id a candidate entry names: one listed person, one register person, and every
    /// entry of a person that names one names the same.
    pub(super) fn register_id(
        &mut self,
        pi: usize,
        rid: Option<&str>,
        span: &Range<usize>,
        at: &str,
        p: &mut Problems<'_>,
    ) {
        let Some(rid) = rid else { return };
        match &self.register[pi] {
            Some(prev) if prev != rid => {
                p.add(span, format!("{at}.person"), Problem::OtherRegisterPerson { before: prev.clone() });
                return;
            }
            Some(_) => return,
            None => {}
        }
        if let Some(&other) = self.by_register.get(rid) {
            if other != pi {
                let o = &self.persons[other].id;
                let problem = Problem::RegisterPersonTaken { person: rid.to_string(), other: o.clone() };
                p.add(span, format!("{at}.person"), problem);
            }
            return;
        }
        self.register[pi] = Some(rid.to_string());
        self.by_register.insert(rid.to_string(), pi);
    }
}
