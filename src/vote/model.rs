//! The small vocabulary every stage shares: the bodies a village elects, the rounds of a vote, how a
//! post is marked, the kinds of ballot box, a candidate's gender. Plain enums with their manifest
//! spellings; no logic beyond naming.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The body a vote elects (rules.md, "The bodies").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// 村民委员会.
    VillagersCommittee,
    /// 村党组织委员会 (members elect the committee).
    PartyCommittee,
    /// 书记、副书记 (the committee elects its officers).
    PartyOfficers,
    /// 村务监督委员会.
    SupervisionCommittee,
    /// 村经济合作社社管会.
    CoopManagement,
    /// 村经济合作社社监会.
    CoopSupervision,
}

impl Body {
    /// The body's name as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::VillagersCommittee => "villagers-committee",
            Body::PartyCommittee => "party-committee",
            Body::PartyOfficers => "party-officers",
            Body::SupervisionCommittee => "supervision-committee",
            Body::CoopManagement => "coop-management",
            Body::CoopSupervision => "coop-supervision",
        }
    }
}

/// Which round of voting this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Round {
    /// The first vote (正式选举).
    First,
    /// A run-off for seats left empty (另行选举) [ZJE29].
    Runoff,
    /// A re-vote among people tied for the last seats (再次投票) [ZJE28].
    Revote,
}

impl Round {
    /// The round's name as written in manifests and outcome JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Round::First => "first",
            Round::Runoff => "runoff",
            Round::Revote => "revote",
        }
    }
}

/// How a post is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// Mark up to `seats` people (listed or written in).
    Choose,
    /// For, against or abstain on each listed candidate; a write-in replaces an against [CPC].
    Approve,
}

/// What kind of ballot box a station is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StationKind {
    /// 中心会场.
    Central,
    /// 投票站.
    Station,
    /// 流动票箱.
    Mobile,
}

/// A member of a box's counting team [ZJE22; rules.md "Where ballots are cast and counted"].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffRole {
    /// 唱票人: reads each ballot aloud.
    Caller,
    /// 计票人: records each vote.
    Tallier,
    /// 监票人: watches and signs.
    Monitor,
}

/// A candidate's gender as the manifest records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// Female.
    F,
    /// Male.
    M,
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
