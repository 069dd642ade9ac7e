//! The register as written (contract §5): the TOML tables before validation, each with its span.

use serde::Deserialize;
use toml::Spanned;

use super::kinship::RelationKind;
use super::villager::VillageOffice;
use crate::vote::model::Gender;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegister {
    pub(super) village: Spanned<String>,
    /// A minority village (少数民族村): its committees should have minority members [plan].
    #[serde(default)]
    pub(super) minority: bool,
    /// A large or merged village: the two committees may have 1–2 more members [plan].
    #[serde(default)]
    pub(super) large: bool,
    #[serde(default)]
    pub(super) person: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    pub(super) relation: Vec<Spanned<RawRelation>>,
}

/// One `[[person]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) gender: Option<Gender>,
    pub(super) born: Option<u16>,
    pub(super) education: Option<String>,
    pub(super) ethnicity: Option<String>,
    pub(super) office: Option<VillageOffice>,
}

/// One `[[relation]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRelation {
    pub(super) a: String,
    pub(super) b: String,
    pub(super) kind: RelationKind,
}
