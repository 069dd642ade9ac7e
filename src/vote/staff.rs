//! The counting team kept apart from the candidates [ZJE22].
//!
//! Takes in a manifest whose ballot boxes name their counting team (`[[station]] staff`: the
//! caller 唱票人, the tallier 计票人 and the monitors 监票人, each a person of the village register)
//! and the register; gives out every member of a team who is a listed candidate of the vote, or a
//! candidate's spouse, parent, child or sibling ([`StaffConflict`]). Reported, never resolved: the
//! election committee names someone else before the box is counted.
//!
//! A listed candidate is found in the register as kinship avoidance finds a winner
//! ([`crate::vote::avoid::register_match`]): by the `person` the manifest names, else by a name one person
//! bears. A candidate the register cannot name is not checked.

use serde::Serialize;

use crate::vote::avoid::{RegisterMatch, register_match};
use crate::vote::manifest::Election;
use crate::vote::model::StaffRole;
use crate::vote::register::Register;

/// The article.
pub const ARTICLE: &str = "ZJE22";

/// A member of a counting team the law keeps off it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct StaffConflict {
    /// The vote (election id).
    pub election: String,
    /// The box (station id).
    pub station: String,
    /// Their role in the team.
    pub role: StaffRole,
    /// Their register id.
    pub person: String,
    /// Their name in the register.
    pub name: String,
    /// The candidate (candidate id in the manifest).
    pub candidate: String,
    /// The candidate's name.
    pub candidate_name: String,
    /// How the team member is related to the candidate (`"spouse"`, `"parent"`: the member is the
    /// candidate's parent, …); `None`: the member is the candidate.
    pub relation: Option<&'static str>,
    /// Always [`ARTICLE`].
    pub article: &'static str,
}

/// Every member of every box's counting team who is a listed candidate of `e` or in a listed
/// candidate's close circle (spouse, parent, child, sibling), boxes in manifest order, each team
/// in its order, candidates in list order.
pub fn conflicts(e: &Election, r: &Register) -> Vec<StaffConflict> {
    let candidates: Vec<(usize, &str, &str)> = e
        .persons()
        .iter()
        .filter_map(|p| match register_match(e, r, Some(&p.id), &p.name) {
            RegisterMatch::Person(i) => Some((i, p.id.as_str(), p.name.as_str())),
            RegisterMatch::Unmatched | RegisterMatch::Shared => None,
        })
        .collect();
    let mut v = Vec::new();
    for s in e.stations() {
        for member in &s.staff {
            let Some(m) = r.index(&member.person) else { continue };
            for &(c, id, name) in &candidates {
                let relation = if m == c {
                    None
                } else {
                    match r.kinship(m, c) {
                        Some(k) if k.is_close() => Some(k.as_str()),
                        _ => continue,
                    }
                };
                v.push(StaffConflict {
                    election: e.id().to_string(),
                    station: s.id.clone(),
                    role: member.role,
                    person: member.person.clone(),
                    name: r.people()[m].name.clone(),
                    candidate: id.to_string(),
                    candidate_name: name.to_string(),
                    relation,
                    article: ARTICLE,
                });
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// 赵一 (p1) and 钱二 (p2) are married; 孙三 (p3) is 赵一's father; 李四 (p4) is 赵一's
    /// grandfather; 吴六 (p6) is the parent of 郑七 (p7) and 周五 (p5), who are thus siblings;
    /// 吴八 (p8) is nobody's kin.
    fn register() -> Register {
        let mut text = String::from("village = \"坑头村\"\n");
        let people = [("p1", "赵一"), ("p2", "钱二"), ("p3", "孙三"), ("p4", "李四")];
        for (id, name) in people.into_iter().chain([("p5", "周五"), ("p6", "吴六"), ("p7", "郑七"), ("p8", "吴八")])
        {
            text += &format!("[[person]]\nid = \"{id}\"\nname = \"{name}\"\n");
        }
        let relations = [("p1", "p2", "spouse"), ("p3", "p1", "parent"), ("p4", "p1", "grandparent")];
        for (a, b, kind) in relations.into_iter().chain([("p6", "p7", "parent"), ("p6", "p5", "parent")]) {
            text += &format!("[[relation]]\na = \"{a}\"\nb = \"{b}\"\nkind = \"{kind}\"\n");
        }
        Register::from_toml(&text, Path::new("people.toml")).unwrap()
    }

    /// A villagers' committee vote: 赵一 (named by `person`) for chair and member, 郑七 (named by
    /// name only) for member; one box whose team is `team` (TOML inline tables).
    fn election(team: &str) -> Election {
        let text = format!(
            r#"
format = 1
[election]
id = "kengtou-vc"
village = "坑头村"
body = "villagers-committee"
registered = 100
[[contest]]
id = "chair"
seats = 1
candidates = [{{ id = "c1", name = "赵一", person = "p1" }}]
[[contest]]
id = "member"
seats = 2
candidates = [{{ id = "c2", name = "郑七" }}, {{ id = "c1", name = "赵一", person = "p1" }}]
[[station]]
id = "central"
staff = [{team}]
"#
        );
        Election::from_toml(&text, Path::new("vc.toml")).unwrap()
    }

    fn found(team: &str) -> Vec<(&'static str, Option<&'static str>, &'static str)> {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        conflicts(&election(team), &register())
            .into_iter()
            .map(|c| (leak(c.person), c.relation, leak(c.candidate)))
            .collect()
    }

    /// ZJE22: a candidate may not count — one listed in two posts is reported once.
    #[test]
    fn zje22_a_candidate_may_not_count() {
        let team = r#"{ person = "p1", role = "caller" }, { person = "p8", role = "tallier" }"#;
        assert_eq!(found(team), [("p1", None, "c1")]);
        let c = &conflicts(&election(team), &register())[0];
        assert_eq!(
            (c.station.as_str(), c.role, c.name.as_str(), c.article),
            ("central", StaffRole::Caller, "赵一", "ZJE22")
        );
        assert_eq!((c.election.as_str(), c.candidate_name.as_str()), ("kengtou-vc", "赵一"));
    }

    /// ZJE22: nor a candidate's spouse, parent, child or sibling (declared, or through a declared
    /// parent in common), each relation from the team member's side; a candidate the register
    /// finds by name counts as one the manifest names by `person`.
    #[test]
    fn zje22_nor_a_candidates_spouse_parent_child_or_sibling() {
        let team = r#"{ person = "p2", role = "monitor" }, { person = "p3", role = "monitor" },
                      { person = "p5", role = "tallier" }, { person = "p6", role = "caller" }"#;
        assert_eq!(
            found(team),
            [
                ("p2", Some("spouse"), "c1"),
                ("p3", Some("parent"), "c1"),
                ("p5", Some("sibling"), "c2"),
                ("p6", Some("parent"), "c2")
            ]
        );
    }

    /// ZJE22 names the close circle only: a candidate's grandparent, or someone unrelated, may
    /// count.
    #[test]
    fn zje22_a_grandparent_or_a_stranger_may_count() {
        assert!(found(r#"{ person = "p4", role = "monitor" }, { person = "p8", role = "caller" }"#).is_empty());
    }
}
