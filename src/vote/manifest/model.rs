//! The validated election: one vote of one body, its posts, listed candidates and ballot boxes, and
//! the limits a manifest is held to. An [`Election`] is made only by validating a manifest
//! ([`super::validate`]) and read only through its accessors.

use serde::{Deserialize, Serialize};

use crate::vote::model::{Body, Gender, Round, StaffRole, StationKind, Style};
use crate::vote::rules::{Base, Rules};

/// The largest manifest read, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 4 << 20;
/// The most listed candidates one post may have (two bits of each post's word are flags).
pub const MAX_LISTED: usize = 62;
/// The most posts one ballot may have.
pub const MAX_CONTESTS: usize = 64;
/// The most ballot boxes one election may have.
pub const MAX_STATIONS: usize = 100_000;
/// The most people one box's counting team may name.
pub const MAX_STAFF: usize = 64;

/// One listed candidate of one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Id, unique within the manifest (the same id in two posts is the same person).
    pub id: String,
    /// Name, trimmed and NFC.
    pub name: String,
    /// Index into [`Election::persons`].
    pub person: usize,
    /// Gender, if given.
    pub gender: Option<Gender>,
    /// Year of birth, if given.
    pub born: Option<u16>,
    /// Education, if given (e.g. `bachelor`).
    pub education: Option<String>,
    /// Ethnicity, if given (e.g. 畲族).
    pub ethnicity: Option<String>,
    /// The person's id in the village register (contract §5), if the manifest names it; left out
    /// of the canonical form when not given, so manifests without it hash as before.
    #[serde(rename = "person_id", skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
}

/// One post on the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contest {
    /// Id, unique within the manifest; the key of this post in ballot lines.
    pub id: String,
    /// The office's name, e.g. 主任.
    pub office: String,
    /// Seats to fill.
    pub seats: u32,
    /// How the post is marked.
    pub style: Style,
    /// Whether voters may write in other people (另选他人).
    pub write_in: bool,
    /// A post only women may hold (妇女委员, 专职专选).
    pub women_only: bool,
    /// Listed candidates, in ballot order; at most [`MAX_LISTED`].
    pub candidates: Vec<Candidate>,
}

/// One ballot box and its counting team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Station {
    /// Id, unique within the manifest.
    pub id: String,
    /// Display name, e.g. 中心会场.
    pub name: String,
    /// Kind of box.
    pub kind: StationKind,
    /// Registered voters assigned to this box, if given.
    pub registered: Option<u64>,
    /// The station's Ed25519 public key in hex, if given.
    pub key: Option<String>,
    /// The monitors' (监票人) public keys in hex.
    pub monitors: Vec<String>,
    /// How many monitors must countersign the station's result.
    pub monitors_required: u32,
    /// The counting team by register person (contract §5), in manifest order; left out of the
    /// canonical form when empty, so manifests without it hash as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<Staff>,
}

/// One member of a box's counting team: a person of the village register and their role. The
/// law keeps them apart from the candidates and their close relatives [ZJE22].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// The person's id in the village register.
    pub person: String,
    /// Caller, tallier or monitor.
    pub role: StaffRole,
}

/// A distinct listed person: the identity behind one or more candidate entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedPerson {
    /// The id of the person's first candidate entry (their id in every post).
    pub id: String,
    /// Name, trimmed and NFC.
    pub name: String,
}

/// A validated election manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Election {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) village: String,
    pub(super) township: String,
    pub(super) body: Body,
    pub(super) round: Round,
    pub(super) date: String,
    pub(super) registered: u64,
    pub(super) members_elected_before: u32,
    pub(super) rules: Rules,
    pub(super) contests: Vec<Contest>,
    pub(super) stations: Vec<Station>,
    pub(super) persons: Vec<ListedPerson>,
    /// Station id → index into `stations` (derived; not part of the canonical form). Fx-hashed: ten
    /// thousand boxes' stations are looked up after the count, one after another.
    #[serde(skip)]
    pub(super) station_index: rustc_hash::FxHashMap<String, usize>,
    /// SHA-256 of the canonical form, computed once when first asked for (derived; not part of it:
    /// a count never asks, and ten thousand stations' canonical JSON was a tenth of validating them).
    #[serde(skip)]
    pub(super) sha256: Derived<[u8; 32]>,
}

/// A value derived from the rest of its election, computed once when first asked for: equal in two
/// elections whose other fields are equal, so it is no part of their comparison.
#[derive(Debug, Clone, Default)]
pub(super) struct Derived<T>(std::sync::OnceLock<T>);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Derived<T> {}

/// An election is made only by validating a manifest, and read only through these, so that its
/// station index, its people and its candidates' `person` indices cannot get out of step.
impl Election {
    /// The election id (`[a-z0-9-]`, 1–64 characters), bound into every signature.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The title as announced, e.g. 坑头村第十二届村民委员会选举 (may be empty).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The village's name (may be empty).
    pub fn village(&self) -> &str {
        &self.village
    }

    /// The township's name (may be empty).
    pub fn township(&self) -> &str {
        &self.township
    }

    /// The body this vote elects.
    pub fn body(&self) -> Body {
        self.body
    }

    /// Which round this vote is: first, run-off or re-vote.
    pub fn round(&self) -> Round {
        self.round
    }

    /// The date of the vote, `YYYY-MM-DD`, or empty.
    pub fn date(&self) -> &str {
        &self.date
    }

    /// Registered voters, or members / representatives entitled to attend: the quorum's base.
    pub fn registered(&self) -> u64 {
        self.registered
    }

    /// Members of this body elected in earlier rounds, for the three-member rule of ZJE30.
    pub fn members_elected_before(&self) -> u32 {
        self.members_elected_before
    }

    /// The rules in force: the profile with the manifest's overrides applied.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The posts on the ballot, from the highest down: a person elected to two posts takes the
    /// higher.
    pub fn contests(&self) -> &[Contest] {
        &self.contests
    }

    /// The ballot boxes, in manifest order.
    pub fn stations(&self) -> &[Station] {
        &self.stations
    }

    /// The distinct listed people; a candidate's `person` indexes this list.
    pub fn persons(&self) -> &[ListedPerson] {
        &self.persons
    }

    /// The contest with this id.
    pub fn contest(&self, id: &str) -> Option<(usize, &Contest)> {
        self.contests.iter().enumerate().find(|(_, c)| c.id == id)
    }

    /// The station with this id.
    pub fn station(&self, id: &str) -> Option<(usize, &Station)> {
        self.station_index.get(id).map(|&i| (i, &self.stations[i]))
    }

    /// The register id the manifest gives the candidate with this id (in any post), if any.
    pub fn register_id(&self, candidate: &str) -> Option<&str> {
        self.contests.iter().flat_map(|c| &c.candidates).find(|k| k.id == candidate)?.register_id.as_deref()
    }

    /// The listed person with this exact (normalized) name.
    pub fn person_named(&self, name: &str) -> Option<usize> {
        self.persons.iter().position(|p| p.name == name)
    }

    /// The SHA-256 of the manifest's canonical form: the validated manifest (profile and overrides
    /// applied, names normalized, defaults filled in) as compact JSON in the order of its fields. Two
    /// manifests that differ only in layout, comments or defaults left out hash the same.
    pub fn canonical_sha256(&self) -> [u8; 32] {
        *self.sha256.0.get_or_init(|| {
            use sha2::{Digest, Sha256};
            Sha256::digest(self.canonical_json()).into()
        })
    }

    /// The canonical form hashed by [`Election::canonical_sha256`].
    pub fn canonical_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest always serializes")
    }

    /// The value of a threshold's base for these totals.
    pub(crate) fn base_value(&self, base: Base, voters: u64, ballots: u64) -> u64 {
        match base {
            Base::Registered => self.registered,
            Base::Voters => voters,
            Base::Ballots => ballots,
        }
    }
}
