//! The counting law as data: the built-in rules profiles of `docs/RULES.md` and their overrides.
//!
//! A profile fixes, for one kind of body, the quorum, the bar to win in each round and how a defective
//! ballot is treated. A manifest names a profile and may override single fields in its `[rules]` table.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::vote::fraction::{Fraction, Op};

/// What a threshold's fraction is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// Registered voters, or members / representatives entitled to attend (应到会).
    Registered,
    /// People who took part: signed in and took a ballot (参加投票 / 实到会).
    Voters,
    /// Ballots found in the boxes (收回的选票), valid or not.
    Ballots,
}

impl Base {
    /// The base's name as written in manifests.
    pub const fn as_str(self) -> &'static str {
        match self {
            Base::Registered => "registered",
            Base::Voters => "voters",
            Base::Ballots => "ballots",
        }
    }
}

/// `count op fraction × base`: e.g. votes `>` `1/2` of `voters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// What the fraction is taken of.
    pub base: Base,
    /// Strictly more, or at least.
    pub op: Op,
    /// The exact fraction.
    pub fraction: Fraction,
}

impl Threshold {
    const fn new(base: Base, op: Op, num: u64, den: u64) -> Self {
        let fraction = match Fraction::new(num, den) {
            Some(f) => f,
            None => panic!("built-in fraction out of range"),
        };
        Threshold { base, op, fraction }
    }

    /// The least whole number meeting the threshold for the given base value.
    pub fn least(&self, base_value: u64) -> u64 {
        self.op.least(self.fraction, base_value)
    }

    /// Whether `count` meets the threshold for the given base value.
    pub fn holds(&self, count: u64, base_value: u64) -> bool {
        self.op.holds(count, self.fraction, base_value)
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} of {}", self.op.symbol(), self.fraction, self.base.as_str())
    }
}

/// Whether a defect in one post voids the whole ballot (Zhejiang) or only that post (other provinces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The whole ballot is invalid [ZJE27].
    Ballot,
    /// Only the defective post counts nothing; the ballot stays valid.
    Post,
}

/// A complete set of counting rules, after a profile and its overrides are applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// The profile's name, e.g. `zj-vc-2020`.
    pub profile: String,
    /// Voters needed for the vote to count, of `registered` (its base must be `registered`).
    pub quorum: Threshold,
    /// The bar to win in a first round.
    pub win: Threshold,
    /// The bar to win in a run-off (另行选举).
    pub runoff_win: Threshold,
    /// The bar to win in a re-vote among people tied (再次投票).
    pub revote_win: Threshold,
    /// More marks in a post than its seats.
    pub overvote: Scope,
    /// The same person named twice in one post.
    pub duplicate: Scope,
    /// The same person named in two or more posts.
    pub cross_post: Scope,
    /// The fewest members a body may have when seats stay vacant after a run-off [ZJE30]; 0: no check.
    pub min_members: u32,
}

/// The built-in profiles: name, the bodies they fit, the legal sources.
pub const PROFILES: [(&str, Profile); 4] = [
    ("zj-vc-2020", Profile::VillagersCommittee),
    ("cpc-2020", Profile::Party),
    ("zj-supervision-2020", Profile::Supervision),
    ("zj-coop-rep-2020", Profile::Coop),
];

/// What a built-in profile is for (its words, with the articles it follows, are `words/`'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The villagers' committee: ZJE27–30, OL15.
    VillagersCommittee,
    /// The Party committee and its officers: the CPC's grassroots election regulation (2020).
    Party,
    /// The village affairs supervision committee: ZJI23, ZJI30.
    Supervision,
    /// The economic cooperative's boards: ZJC25, ZJC30.
    Coop,
}

/// One vote: the bar of a re-vote among people tied is one vote (most votes wins) [ZJE28].
const REVOTE: Threshold = Threshold::new(Base::Ballots, Op::Gt, 0, 1);
const MORE_THAN_HALF_OF_VOTERS: Threshold = Threshold::new(Base::Voters, Op::Gt, 1, 2);

impl Rules {
    /// The built-in profile of that name.
    pub fn profile(name: &str) -> Option<Rules> {
        let (quorum, win, runoff_win, min_members) = match name {
            // ZJE27/OL15: more than half the registered voted; ZJE28: more than half of the voters;
            // ZJE29/OL15: a run-off needs the most votes and at least 1/3 of the ballots cast.
            "zj-vc-2020" => (
                Threshold::new(Base::Registered, Op::Gt, 1, 2),
                MORE_THAN_HALF_OF_VOTERS,
                Threshold::new(Base::Ballots, Op::Ge, 1, 3),
                3,
            ),
            // CPC: 4/5 of members entitled present; for-votes more than half of those present, in
            // the run-off too.
            "cpc-2020" => {
                (Threshold::new(Base::Registered, Op::Ge, 4, 5), MORE_THAN_HALF_OF_VOTERS, MORE_THAN_HALF_OF_VOTERS, 0)
            }
            // ZJI23: 2/3 of representatives present; more than half of those present.
            "zj-supervision-2020" => {
                (Threshold::new(Base::Registered, Op::Ge, 2, 3), MORE_THAN_HALF_OF_VOTERS, MORE_THAN_HALF_OF_VOTERS, 3)
            }
            // ZJC30: 2/3 of representatives present; more than half of those entitled to attend.
            "zj-coop-rep-2020" => {
                let half_of_entitled = Threshold::new(Base::Registered, Op::Gt, 1, 2);
                (Threshold::new(Base::Registered, Op::Ge, 2, 3), half_of_entitled, half_of_entitled, 0)
            }
            _ => return None,
        };
        Some(Rules {
            profile: name.to_string(),
            quorum,
            win,
            runoff_win,
            revote_win: REVOTE,
            overvote: Scope::Ballot,
            duplicate: Scope::Ballot,
            cross_post: Scope::Ballot,
            min_members,
        })
    }

    /// The profile expected for a body.
    pub(crate) fn profile_for(body: crate::vote::model::Body) -> &'static str {
        use crate::vote::model::Body::*;
        match body {
            VillagersCommittee => "zj-vc-2020",
            PartyCommittee | PartyOfficers => "cpc-2020",
            SupervisionCommittee => "zj-supervision-2020",
            CoopManagement | CoopSupervision => "zj-coop-rep-2020",
        }
    }

    /// The bar rule for a round.
    pub(crate) fn win_for(&self, round: crate::vote::model::Round) -> Threshold {
        use crate::vote::model::Round::*;
        match round {
            First => self.win,
            Runoff => self.runoff_win,
            Revote => self.revote_win,
        }
    }

    /// Applies a manifest's `[rules]` overrides.
    pub fn apply(&mut self, o: &Overrides) {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = o.$f { self.$f = v; } )* };
        }
        set!(quorum, win, runoff_win, revote_win, overvote, duplicate, cross_post, min_members);
    }
}

/// The optional `[rules]` table of a manifest: each field replaces the profile's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// See [`Rules::quorum`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum: Option<Threshold>,
    /// See [`Rules::win`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win: Option<Threshold>,
    /// See [`Rules::runoff_win`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runoff_win: Option<Threshold>,
    /// See [`Rules::revote_win`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revote_win: Option<Threshold>,
    /// See [`Rules::overvote`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overvote: Option<Scope>,
    /// See [`Rules::duplicate`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<Scope>,
    /// See [`Rules::cross_post`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_post: Option<Scope>,
    /// See [`Rules::min_members`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_members: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_exists_and_defaults_to_zhejiang_ballot_scope() {
        for (name, _) in PROFILES {
            let r = Rules::profile(name).unwrap();
            assert_eq!(r.overvote, Scope::Ballot);
            assert_eq!(r.duplicate, Scope::Ballot);
            assert_eq!(r.cross_post, Scope::Ballot);
            assert_eq!(r.revote_win.least(1000), 1, "ZJE28: a re-vote is won by most votes");
        }
        assert!(Rules::profile("zj-vc-2019").is_none());
    }

    /// ZJE27/OL15, ZJE28, ZJE29 on 1450 registered, 980 voters, 978 ballots.
    #[test]
    fn villagers_committee_bars() {
        let r = Rules::profile("zj-vc-2020").unwrap();
        assert!(!r.quorum.holds(725, 1450));
        assert!(r.quorum.holds(726, 1450));
        assert_eq!(r.win.least(980), 491);
        assert_eq!(r.runoff_win.least(978), 326);
    }

    /// CPC: 4/5 present; run-off bar stays at more than half.
    #[test]
    fn party_bars() {
        let r = Rules::profile("cpc-2020").unwrap();
        assert!(r.quorum.holds(40, 50));
        assert!(!r.quorum.holds(39, 50));
        assert_eq!(r.win.least(40), 21, "exactly half loses");
        assert_eq!(r.runoff_win, r.win);
    }

    /// ZJI23 and ZJC30: 2/3 present; the cooperative's bar is of those entitled.
    #[test]
    fn assembly_bars() {
        let s = Rules::profile("zj-supervision-2020").unwrap();
        let c = Rules::profile("zj-coop-rep-2020").unwrap();
        assert!(s.quorum.holds(20, 30) && !s.quorum.holds(19, 30));
        assert_eq!(s.win.base, Base::Voters);
        assert_eq!(c.win.base, Base::Registered);
        assert_eq!(c.win.least(30), 16);
    }

    #[test]
    fn overrides_replace_single_fields() {
        let mut r = Rules::profile("zj-vc-2020").unwrap();
        let o: Overrides =
            toml::from_str("overvote = \"post\"\nwin = { base = \"voters\", op = \">=\", fraction = \"2/3\" }")
                .unwrap();
        r.apply(&o);
        assert_eq!(r.overvote, Scope::Post);
        assert_eq!(r.duplicate, Scope::Ballot);
        assert_eq!(r.win.least(90), 60);
        assert!(toml::from_str::<Overrides>("winn = 1").is_err());
    }
}
