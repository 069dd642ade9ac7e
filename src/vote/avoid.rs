//! Kinship avoidance within one vote (任职回避) [ZJE31; plan].
//!
//! Takes in the posts of a vote as decided ([`crate::vote::outcome`]), highest post first, and the
//! village register; gives out the first pair of winners who may not serve together, and what the
//! law does about it: the one in the higher post stays; in the same post, more votes stays; equal
//! votes, the two go to a further vote ([`KinConflict`]). The caller frees the seat and decides the
//! post again, so the seat passes to the next person over the bar (after a run-off, the run-off's
//! bar: at least a third of the ballots cast) — and checks again, until no pair is left.
//!
//! Who a winner is comes from the register: a listed candidate by the `person` the manifest names,
//! anyone else by name — one bearer of the name is that person; none, or several, and the winner is
//! [`RegisterMatch::Unmatched`] or [`RegisterMatch::Shared`], reported, never guessed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::vote::manifest::Election;
use crate::vote::model::Body;
use crate::vote::register::{Kinship, Register};

/// The article a conflict within one vote is decided under, written as in the outcome JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Article {
    /// 浙江省村民委员会选举办法 art. 31: kinship avoidance among the winners of one vote.
    #[serde(rename = "ZJE31")]
    Zje31,
}

impl Article {
    /// The article as the outcome writes it (`"ZJE31"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Article::Zje31 => "ZJE31",
        }
    }
}

impl fmt::Display for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the close circle of ZJE31 may not serve together within a vote of this body: the Party
/// committee (and its officers), the villagers' committee and the cooperative boards. The
/// supervision committee's own rule (ZJI30) is about the villagers' committee, across votes.
pub(crate) fn applies_to(body: Body) -> bool {
    body != Body::SupervisionCommittee
}

/// Who a winner is in the register: one person, nobody, or several people of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RegisterMatch {
    /// This person of the register (index).
    Person(usize),
    /// Nobody of that name: reported.
    Unmatched,
    /// Several people of that name: reported, never chosen among.
    Shared,
}

/// Finds a tally line's person: the register id its candidate entry names, else its name.
pub(crate) fn register_match(e: &Election, r: &Register, id: Option<&str>, name: &str) -> RegisterMatch {
    let named = id.and_then(|id| e.register_id(id));
    if let Some(rid) = named {
        return r.index(rid).map_or(RegisterMatch::Unmatched, RegisterMatch::Person);
    }
    match r.named(name).as_slice() {
        [] => RegisterMatch::Unmatched,
        [one] => RegisterMatch::Person(*one),
        _ => RegisterMatch::Shared,
    }
}

/// One winner as the conflict check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Winner {
    /// Index of the post (manifest order: lower is higher).
    pub post: usize,
    /// The person's key in the outcome (id, or written-in name).
    pub key: String,
    /// Votes in that post.
    pub votes: u64,
    /// The register person, if matched.
    pub person: Option<usize>,
}

/// A pair of winners who may not serve together, and what the law does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KinConflict {
    /// `winners[stays]` keeps the seat; `winners[leaves]` stands down.
    StandsDown {
        /// Index into the winners of the one who stays.
        stays: usize,
        /// Index into the winners of the one who stands down.
        leaves: usize,
        /// How the one who leaves is related to the one who stays.
        kinship: Kinship,
    },
    /// Same post, equal votes: a further vote between the two for one seat.
    Tie {
        /// Index into the winners of the first.
        a: usize,
        /// Index into the winners of the second.
        b: usize,
        /// How `b` is related to `a`.
        kinship: Kinship,
    },
}

/// The first conflict among `winners` (given highest post first, then most votes): each winner in
/// turn against those before, who stay. `None` when nobody is in another's close circle.
pub(crate) fn first_conflict(r: &Register, winners: &[Winner]) -> Option<KinConflict> {
    for (j, w) in winners.iter().enumerate() {
        let Some(pj) = w.person else { continue };
        for (i, s) in winners[..j].iter().enumerate() {
            let Some(pi) = s.person else { continue };
            let Some(kinship) = r.kinship(pj, pi).filter(|k| k.is_close()) else { continue };
            if s.post == w.post && s.votes == w.votes {
                return Some(KinConflict::Tie { a: i, b: j, kinship });
            }
            return Some(KinConflict::StandsDown { stays: i, leaves: j, kinship });
        }
    }
    None
}

/// One who stood down (contract §5): `id` stood down because of `because`, to whom they are
/// `relation`, under `article`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Avoided {
    /// The key (id or written-in name) of the one who stood down.
    pub id: String,
    /// The key of the one who stays.
    pub because: String,
    /// How `id` is related to `because` (`"spouse"`, `"parent"`, `"child"`, `"sibling"`, …).
    pub relation: Kinship,
    /// The article applied.
    pub article: Article,
}

/// Two tied in one post who may not serve together: a further vote between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KinTie {
    /// The two (or more) keys.
    pub ids: Vec<String>,
    /// How the second is related to the first.
    pub relation: Kinship,
    /// The article applied.
    pub article: Article,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn register() -> Register {
        let text = r#"
village = "坑头村"
[[person]]
id = "p1"
name = "赵一"
[[person]]
id = "p2"
name = "钱二"
[[person]]
id = "p3"
name = "孙三"
[[person]]
id = "p4"
name = "李四"
[[person]]
id = "p5"
name = "周五"
[[relation]]
a = "p1"
b = "p2"
kind = "spouse"
[[relation]]
a = "p3"
b = "p4"
kind = "grandparent"
[[relation]]
a = "p1"
b = "p5"
kind = "parent"
"#;
        Register::from_toml(text, Path::new("people.toml")).unwrap()
    }

    fn w(post: usize, key: &str, votes: u64, person: Option<usize>) -> Winner {
        Winner { post, key: key.into(), votes, person }
    }

    /// ZJE31: of two close relatives elected, the one in the higher post stays, whatever the votes.
    #[test]
    fn zje31_higher_post_stays() {
        let ws = [w(0, "a", 500, Some(0)), w(2, "b", 900, Some(1))];
        assert_eq!(
            first_conflict(&register(), &ws),
            Some(KinConflict::StandsDown { stays: 0, leaves: 1, kinship: Kinship::Spouse })
        );
    }

    /// ZJE31: in the same post, more votes stays; the relation is from the leaver's side.
    #[test]
    fn zje31_same_post_more_votes_stays() {
        let ws = [w(1, "e", 700, Some(4)), w(1, "a", 600, Some(0))];
        assert_eq!(
            first_conflict(&register(), &ws),
            Some(KinConflict::StandsDown { stays: 0, leaves: 1, kinship: Kinship::Parent })
        );
    }

    /// ZJE31: in the same post with equal votes, a further vote.
    #[test]
    fn zje31_equal_votes_go_to_a_further_vote() {
        let ws = [w(1, "a", 600, Some(0)), w(1, "b", 600, Some(1))];
        assert_eq!(first_conflict(&register(), &ws), Some(KinConflict::Tie { a: 0, b: 1, kinship: Kinship::Spouse }));
    }

    /// ZJE31: grandparents are outside the close circle within a vote (only 一肩挑's wider circle
    /// has them, across the village's votes); unmatched people are never guessed related.
    #[test]
    fn zje31_only_the_close_circle_and_only_known_people() {
        let ws = [w(0, "c", 600, Some(2)), w(1, "d", 600, Some(3)), w(1, "x", 500, None)];
        assert_eq!(first_conflict(&register(), &ws), None);
    }

    /// Contract §4: who stood down, and relatives tied, are written with their kinship and the
    /// article as words — typed here, the same bytes as ever; another word is not read.
    #[test]
    fn relation_and_article_are_written_as_words() {
        let a = Avoided { id: "b".into(), because: "a".into(), relation: Kinship::Grandchild, article: Article::Zje31 };
        let json = r#"{"id":"b","because":"a","relation":"grandchild","article":"ZJE31"}"#;
        assert_eq!(serde_json::to_string(&a).unwrap(), json);
        assert_eq!(serde_json::from_str::<Avoided>(json).unwrap(), a);
        let tie = KinTie { ids: vec!["e".into(), "f".into()], relation: Kinship::Sibling, article: Article::Zje31 };
        assert_eq!(serde_json::to_string(&tie).unwrap(), r#"{"ids":["e","f"],"relation":"sibling","article":"ZJE31"}"#);
        let all = [Kinship::Spouse, Kinship::Parent, Kinship::Child, Kinship::Sibling, Kinship::Grandparent];
        for k in all.into_iter().chain([Kinship::Grandchild]) {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!(serde_json::from_str::<Avoided>(&json.replace("grandchild", "cousin")).is_err());
        assert!(serde_json::from_str::<Avoided>(&json.replace("ZJE31", "ZJE22")).is_err());
    }

    /// The supervision committee's rule is ZJI30 (about the villagers' committee), not ZJE31.
    #[test]
    fn zji30_supervision_is_not_avoided_within_its_vote() {
        assert!(!applies_to(Body::SupervisionCommittee));
        assert!(applies_to(Body::VillagersCommittee) && applies_to(Body::CoopManagement));
    }
}
