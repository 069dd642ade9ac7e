//! One villager of the register: their id across every vote of the village, their name in the form
//! the law compares, and what the structure report and ZJI30 ask of them.

use serde::{Deserialize, Serialize};

use crate::vote::model::Gender;

/// One person of the register: a villager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Villager {
    /// The register's id (a manifest's candidate names it as `person`).
    pub id: String,
    /// Name, in the form the law compares.
    pub name: String,
    /// Gender, if given.
    pub gender: Option<Gender>,
    /// Year of birth, if given.
    pub born: Option<u16>,
    /// Education, if given (as in manifests, e.g. `college`).
    pub education: Option<String>,
    /// Ethnicity, if given (e.g. 畲族).
    pub ethnicity: Option<String>,
    /// The village office the person holds, if any: the clerk or the bookkeeper, who may not sit
    /// on the supervision committee [ZJI30].
    pub office: Option<VillageOffice>,
}

/// A village office whose holder may not sit on the supervision committee [ZJI30].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VillageOffice {
    /// The village clerk (村文书).
    Clerk,
    /// The village bookkeeper or accountant (村报账员、村会计).
    Bookkeeper,
}
