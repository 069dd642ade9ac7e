//! A register validated: every person (ids, names, years of birth) and every relation (two
//! different people of the register, one relation a pair, at most two parents each, nobody their
//! own ancestor), with every problem found reported with its line and field, as a manifest's are.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::kinship::RelationKind;
use super::model::Register;
use super::raw::{RawPerson, RawRegister, RawRelation};
use super::villager::Villager;
use crate::error::{Error, Listed, Problem};
use crate::vote::problems::{Problems, parse_toml};

/// The most people one register may list.
pub const MAX_PEOPLE: usize = 100_000;

impl Register {
    /// Parses and validates a register; `file` names it in errors. Every problem is reported.
    pub fn from_toml(text: &str, file: &Path) -> Result<Register, Error> {
        let raw: RawRegister = parse_toml(text, file, Error::Register)?;
        let mut p = Problems::new(text);
        let register = validate(raw, &mut p);
        p.into_result(file, Error::Register)?;
        Ok(register)
    }
}

/// The register's parts, checked one after another; every problem goes to `p`.
fn validate(raw: RawRegister, p: &mut Problems<'_>) -> Register {
    let vspan = raw.village.span();
    let village = raw.village.into_inner().trim().to_string();
    if village.is_empty() {
        p.add(&vspan, "village", Problem::VillageEmpty);
    }
    if raw.person.len() > MAX_PEOPLE {
        let given = raw.person.len();
        p.add(&vspan, "person", Problem::TooMany { what: Listed::People, given, max: MAX_PEOPLE });
    }
    let (people, by_id) = people(raw.person, p);
    let (declared, parents) = relations(raw.relation, people.len(), &by_id, p);
    Register { village, minority: raw.minority, large: raw.large, people, by_id, declared, parents }
}

/// Every `[[person]]`: ids, names, years of birth.
fn people(raw: Vec<Spanned<RawPerson>>, p: &mut Problems<'_>) -> (Vec<Villager>, BTreeMap<String, usize>) {
    let mut people = Vec::with_capacity(raw.len());
    let mut by_id = BTreeMap::new();
    for (i, sp) in raw.into_iter().enumerate() {
        let span = sp.span();
        let r = sp.into_inner();
        let at = format!("person[{i}] {:?}", r.id);
        p.item_id(&span, &at, &r.id);
        if by_id.insert(r.id.clone(), people.len()).is_some() {
            p.add(&span, format!("{at}.id"), Problem::PersonTwice);
        }
        let name = p.name(&span, &at, &r.name);
        p.born(&span, &at, r.born);
        let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        people.push(Villager {
            id: r.id,
            name,
            gender: r.gender,
            born: r.born,
            education: text(r.education),
            ethnicity: text(r.ethnicity),
            office: r.office,
        });
    }
    (people, by_id)
}

/// Declared relations by unordered pair, and each person's declared parents.
type Relations = (BTreeMap<(usize, usize), (RelationKind, bool)>, Vec<BTreeSet<usize>>);

/// Every `[[relation]]`: two different people of the register, one relation a pair, at most two
/// parents each, nobody their own ancestor.
fn relations(
    raw: Vec<Spanned<RawRelation>>,
    n: usize,
    by_id: &BTreeMap<String, usize>,
    p: &mut Problems<'_>,
) -> Relations {
    let mut declared = BTreeMap::new();
    let mut parents = vec![BTreeSet::new(); n];
    for (i, sr) in raw.into_iter().enumerate() {
        let span = sr.span();
        let r = sr.into_inner();
        let at = format!("relation[{i}]");
        let (Some(a), Some(b)) = (known(by_id, &r.a, &span, &at, "a", p), known(by_id, &r.b, &span, &at, "b", p))
        else {
            continue;
        };
        if a == b {
            p.add(&span, format!("{at}.b"), Problem::RelatedToThemselves { id: r.a.clone() });
            continue;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&(kind, _)) = declared.get(&key) {
            let kind: RelationKind = kind;
            let kind = kind.as_str().to_string();
            p.add(&span, at, Problem::AlreadyRelated { a: r.a.clone(), b: r.b.clone(), kind });
            continue;
        }
        if r.kind == RelationKind::Parent {
            if parents[b].len() == 2 {
                p.add(&span, at, Problem::TwoParents { id: r.b.clone() });
                continue;
            }
            if is_ancestor(&parents, b, a) {
                p.add(&span, at, Problem::OwnAncestor { id: r.a.clone() });
                continue;
            }
            parents[b].insert(a);
        }
        declared.insert(key, (r.kind, a == key.0));
    }
    (declared, parents)
}

/// Whether `x` is an ancestor of `y` (or `y` itself) through declared parents.
fn is_ancestor(parents: &[BTreeSet<usize>], x: usize, y: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![y];
    while let Some(q) = todo.pop() {
        if q == x {
            return true;
        }
        if seen.insert(q) {
            todo.extend(parents[q].iter().copied());
        }
    }
    false
}

/// The index of a relation's person, or a problem.
fn known(
    by_id: &BTreeMap<String, usize>,
    id: &str,
    span: &Range<usize>,
    at: &str,
    field: &str,
    p: &mut Problems<'_>,
) -> Option<usize> {
    let i = by_id.get(id).copied();
    if i.is_none() {
        p.add(span, format!("{at}.{field}"), Problem::NotInRegister { id: id.to_string() });
    }
    i
}
