//! Kinship: a relation as the register declares it, and how any two people are related, from the
//! first one's side — the law's circles of who may not serve together are here too [ZJE31; ZJI30;
//! plan].

use serde::{Deserialize, Serialize};

/// A relation as the register writes it, from `a` to `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// `a` and `b` are married.
    Spouse,
    /// `a` is `b`'s parent.
    Parent,
    /// `a` and `b` are brothers or sisters.
    Sibling,
    /// `a` is `b`'s grandparent.
    Grandparent,
}

impl RelationKind {
    /// The word the register writes.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Spouse => "spouse",
            RelationKind::Parent => "parent",
            RelationKind::Sibling => "sibling",
            RelationKind::Grandparent => "grandparent",
        }
    }
}

/// How one person is related to another, from the first one's side: `Parent` means the first is
/// the second's parent. Written as [`Kinship::as_str`] says (the outcome's `relation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kinship {
    /// Married to each other (夫妻).
    Spouse,
    /// The first is the second's parent (父母).
    Parent,
    /// The first is the second's child (子女).
    Child,
    /// Brothers or sisters (兄弟姐妹).
    Sibling,
    /// The first is the second's grandparent (祖父母、外祖父母).
    Grandparent,
    /// The first is the second's grandchild (孙子女、外孙子女).
    Grandchild,
}

impl Kinship {
    /// The word the outcome and the reports use (`"spouse"`, `"parent"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kinship::Spouse => "spouse",
            Kinship::Parent => "parent",
            Kinship::Child => "child",
            Kinship::Sibling => "sibling",
            Kinship::Grandparent => "grandparent",
            Kinship::Grandchild => "grandchild",
        }
    }

    /// The same kinship from the other person's side.
    pub fn reverse(self) -> Kinship {
        match self {
            Kinship::Parent => Kinship::Child,
            Kinship::Child => Kinship::Parent,
            Kinship::Grandparent => Kinship::Grandchild,
            Kinship::Grandchild => Kinship::Grandparent,
            k => k,
        }
    }

    /// Within the circle that may not serve together on the Party committee, the villagers'
    /// committee and the cooperative boards: spouses, parent and child, siblings [ZJE31].
    pub fn is_close(self) -> bool {
        matches!(self, Kinship::Spouse | Kinship::Parent | Kinship::Child | Kinship::Sibling)
    }

    /// Within the wider circle — the close one and grandparents and grandchildren, on the
    /// father's and on the mother's side — that may not serve with the person holding all three
    /// top posts (一肩挑) [plan], and that a supervision committee member may not be of a villagers'
    /// committee member [ZJI30]. Every kinship the register knows is in it.
    pub fn is_wider(self) -> bool {
        true
    }
}
