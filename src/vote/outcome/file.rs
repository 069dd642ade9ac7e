//! The one place an outcome file is read (`zheng count --json`, `zheng merge --json`, a bundle's
//! `outcome.json`): what it states is a [`StatedOutcome`], untrusted, which gives an [`Outcome`]
//! only once checked ([`StatedOutcome::check`]).

use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::model::{ContestOutcome, Note, Outcome, Quorum, StationOutcome, Status, VoidReason};
use crate::error::{Error, MalformedFile};
use crate::vote::ballot::InvalidCounts;
use crate::vote::manifest::Election;
use crate::vote::model::{Body, Round};

/// The largest outcome file read, in bytes.
pub const MAX_OUTCOME_BYTES: u64 = 64 << 20;

/// An outcome as a file states it: read, not yet checked. [`Outcome`] has no reader of its own; a
/// stated one becomes an outcome through [`StatedOutcome::check`].
#[derive(Debug)]
pub struct StatedOutcome(pub(super) Outcome);

impl StatedOutcome {
    /// Reads an outcome JSON file, at most 64 MiB.
    pub fn load(path: &Path) -> Result<StatedOutcome, Error> {
        let bytes = crate::files::read_limited(path, MAX_OUTCOME_BYTES)?;
        serde_json::from_slice(&bytes).map_err(|err| Error::Malformed {
            path: path.display().to_string(),
            problem: MalformedFile::NotAnOutcome { line: err.line(), detail: err.to_string() },
        })
    }

    /// The election the file says it is the outcome of.
    pub fn election(&self) -> &str {
        &self.0.election
    }
}

/// Reads an outcome file and checks it, against `manifest` when one is given (see
/// [`StatedOutcome::check`]); a problem is the file's.
pub fn load_checked(path: &Path, manifest: Option<&Election>) -> Result<Outcome, Error> {
    StatedOutcome::load(path)?.check(manifest).map_err(|why| why.in_file(path))
}

impl<'de> Deserialize<'de> for StatedOutcome {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        OutcomeJson::deserialize(d).map(StatedOutcome)
    }
}

/// The fields of contract §4's outcome as JSON writes them: the reader behind [`StatedOutcome`]
/// (serde's derive for [`Outcome`], kept here so that nothing else can read one).
#[derive(Deserialize)]
#[serde(remote = "Outcome", rename = "Outcome")]
struct OutcomeJson {
    election: String,
    round: Round,
    status: Status,
    void_reasons: Vec<VoidReason>,
    registered: u64,
    voters: u64,
    ballots: u64,
    valid_ballots: u64,
    invalid_ballots: u64,
    invalid_reasons: InvalidCounts,
    quorum: Quorum,
    stations: Vec<StationOutcome>,
    contests: Vec<ContestOutcome>,
    notes: Vec<Note>,
    rules: String,
    title: String,
    village: String,
    township: String,
    body: Body,
    date: String,
}
