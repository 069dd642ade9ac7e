//! The manifest as written (contract §1): the TOML tables before validation, each with its span so
//! that a problem names its line, and the defaults a manifest may leave out.

use serde::Deserialize;
use toml::Spanned;

use super::model::Staff;
use crate::vote::model::{Body, Gender, Round, StationKind, Style};
use crate::vote::rules::Overrides;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManifest {
    pub(super) format: Spanned<u32>,
    pub(super) election: Spanned<RawElection>,
    #[serde(default)]
    pub(super) rules: Option<Spanned<Overrides>>,
    #[serde(default)]
    pub(super) contest: Vec<Spanned<RawContest>>,
    #[serde(default)]
    pub(super) station: Vec<Spanned<RawStation>>,
}

/// The `[election]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawElection {
    pub(super) id: String,
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) village: String,
    #[serde(default)]
    pub(super) township: String,
    pub(super) body: Body,
    pub(super) rules: Option<String>,
    #[serde(default = "first")]
    pub(super) round: Round,
    #[serde(default)]
    pub(super) date: String,
    pub(super) registered: u64,
    #[serde(default)]
    pub(super) members_elected_before: u32,
}

fn first() -> Round {
    Round::First
}
fn yes() -> bool {
    true
}
fn station_kind() -> StationKind {
    StationKind::Station
}

/// One `[[contest]]` (a post).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContest {
    pub(super) id: String,
    #[serde(default)]
    pub(super) office: String,
    pub(super) seats: u32,
    #[serde(default = "choose")]
    pub(super) style: Style,
    #[serde(default = "yes")]
    pub(super) write_in: bool,
    #[serde(default)]
    pub(super) women_only: bool,
    #[serde(default)]
    pub(super) candidates: Vec<Spanned<RawCandidate>>,
}

fn choose() -> Style {
    Style::Choose
}

/// One listed candidate of a post, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCandidate {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) person: Option<String>,
    pub(super) gender: Option<Gender>,
    pub(super) born: Option<u16>,
    pub(super) education: Option<String>,
    pub(super) ethnicity: Option<String>,
}

/// One `[[station]]` (a ballot box).
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(deny_unknown_fields)]
pub(super) struct RawStation {
    pub(super) id: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default = "station_kind")]
    pub(super) kind: StationKind,
    pub(super) registered: Option<u64>,
    pub(super) key: Option<String>,
    #[serde(default)]
    pub(super) monitors: Vec<String>,
    #[serde(default)]
    pub(super) monitors_required: u32,
    #[serde(default)]
    pub(super) staff: Vec<Staff>,
}
