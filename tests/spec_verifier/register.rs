//! The village register a bundle may hold (`people.toml`, contract §5), read as RULES.md "Kinship:
//! the village register" says, and kinship avoidance within a vote as FORMAT.md "The outcome"
//! says — written from those pages, not from Zheng's code.

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};

use super::manifest::{Manifest, name};

pub struct Register {
    pub village: String,
    /// (id, name in the law's form)
    pub people: Vec<(String, String)>,
    /// (smaller index, larger index) → (kind, whether `a` is the smaller)
    declared: BTreeMap<(usize, usize), (String, bool)>,
    parents: Vec<BTreeSet<usize>>,
}

fn text<'a>(t: &'a Table, k: &str, at: &str) -> Result<&'a str, String> {
    t.get(k).and_then(Value::as_str).ok_or(format!("{at}.{k} is missing or not text"))
}

pub fn read(source: &str) -> Result<Register, String> {
    let root: Table = toml::from_str(source).map_err(|e| format!("people.toml: {e}"))?;
    let village = text(&root, "village", "people.toml")?.trim().to_string();
    let list = |k: &str| root.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    let mut people: Vec<(String, String)> = Vec::new();
    for (i, p) in list("person").iter().enumerate() {
        let t = p.as_table().ok_or(format!("person[{i}] is not a table"))?;
        let id = text(t, "id", "person")?.to_string();
        if people.iter().any(|(x, _)| *x == id) {
            return Err(format!("person {id:?} twice"));
        }
        people.push((id, name(text(t, "name", "person")?)?));
    }
    let index = |id: &str| people.iter().position(|(x, _)| x == id).ok_or(format!("relation names unknown {id:?}"));
    let mut declared = BTreeMap::new();
    let mut parents = vec![BTreeSet::new(); people.len()];
    for (i, r) in list("relation").iter().enumerate() {
        let t = r.as_table().ok_or(format!("relation[{i}] is not a table"))?;
        let (a, b) = (index(text(t, "a", "relation")?)?, index(text(t, "b", "relation")?)?);
        let kind = text(t, "kind", "relation")?.to_string();
        if a == b || !["spouse", "parent", "sibling", "grandparent"].contains(&kind.as_str()) {
            return Err(format!("relation[{i}] is not between two people or of a known kind"));
        }
        if declared.insert((a.min(b), a.max(b)), (kind.clone(), a < b)).is_some() {
            return Err(format!("relation[{i}]: a pair has one relation"));
        }
        if kind == "parent" {
            parents[b].insert(a);
        }
    }
    if parents.iter().any(|p| p.len() > 2) {
        return Err("someone has more than two parents".into());
    }
    // Nobody is their own ancestor.
    for start in 0..people.len() {
        let (mut seen, mut todo) = (BTreeSet::new(), parents[start].iter().copied().collect::<Vec<_>>());
        while let Some(p) = todo.pop() {
            if p == start {
                return Err("someone is their own ancestor".into());
            }
            if seen.insert(p) {
                todo.extend(parents[p].iter().copied());
            }
        }
    }
    Ok(Register { village, people, declared, parents })
}

impl Register {
    /// Checked against the manifest: its village, each candidate's `person` under their name, and
    /// each member of a box's counting team.
    pub fn fits(&self, m: &Manifest) -> Result<(), String> {
        if !m.village.is_empty() && !self.village.is_empty() && m.village != self.village {
            return Err("people.toml is of another village".into());
        }
        for c in m.posts.iter().flat_map(|p| &p.candidates) {
            if let Some(pid) = &c.person_id
                && !self.people.iter().any(|(id, n)| id == pid && *n == c.name)
            {
                return Err(format!("candidate {:?}: person {pid:?} is not in people.toml by that name", c.id));
            }
        }
        for s in &m.stations {
            if let Some((p, _)) = s.staff.iter().find(|(p, _)| self.index(p).is_none()) {
                return Err(format!("station {:?}: staff {p:?} is not in people.toml", s.id));
            }
        }
        Ok(())
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|(x, _)| x == id)
    }

    /// The one person of this name.
    pub fn named(&self, n: &str) -> Option<usize> {
        let all: Vec<usize> = (0..self.people.len()).filter(|&i| self.people[i].1 == n).collect();
        if all.len() == 1 { Some(all[0]) } else { None }
    }

    /// How x is related to y, from x's side.
    pub fn kinship(&self, x: usize, y: usize) -> Option<&'static str> {
        if x == y {
            return None;
        }
        if let Some((kind, a_small)) = self.declared.get(&(x.min(y), x.max(y))) {
            let x_is_a = *a_small == (x < y);
            return Some(match (kind.as_str(), x_is_a) {
                ("spouse", _) => "spouse",
                ("sibling", _) => "sibling",
                ("parent", true) => "parent",
                ("parent", false) => "child",
                ("grandparent", true) => "grandparent",
                _ => "grandchild",
            });
        }
        if !self.parents[x].is_disjoint(&self.parents[y]) {
            return Some("sibling");
        }
        if self.parents[y].iter().any(|&p| self.parents[p].contains(&x)) {
            return Some("grandparent");
        }
        if self.parents[x].iter().any(|&p| self.parents[p].contains(&y)) {
            return Some("grandchild");
        }
        None
    }

    pub fn close(&self, x: usize, y: usize) -> Option<&'static str> {
        self.kinship(x, y).filter(|k| ["spouse", "parent", "child", "sibling"].contains(k))
    }
}
