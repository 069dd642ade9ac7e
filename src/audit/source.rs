//! Where a vote's count comes from, for the commands that take any of three sources — a merged
//! bundle (verified first), the signed results a collector's store holds, or box files — and the
//! one function that reads each: [`count`].
//!
//! Takes in a [`Source`]; gives out a [`Count`] — the manifest's election, each station's counts,
//! the outcome and, for signed results, the seal a printed report shows — or why there is none
//! ([`Uncounted`]). A bundle's count is exactly what [`verify`] checked: its files are read once.

use std::path::{Path, PathBuf};

use crate::audit::bundle;
use crate::audit::merge::Merged;
use crate::audit::verify::{self, Report};
use crate::error::{Error, Refusal};
use crate::report::html::{self, Seal, SealedBox, fingerprint};
use crate::seal::manifest::Manifest;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::manifest::Election;
use crate::vote::outcome::{Outcome, StationCount};
use crate::words::Lang;

/// A store of signed results (a collector's), as the audit reads it. The store itself lives in a
/// higher stage (`collect`), which hands it in behind this trait.
pub trait ResultStore {
    /// The manifests it holds, as (election id, manifest text), in the order of their ids.
    fn manifests(&self) -> Result<Vec<(String, String)>, Error>;

    /// Every result it holds for `e`, merged as `zheng merge` merges the same result files; with
    /// `ballots`, their published ballots (when they were sent) written to that folder and checked.
    fn merged(&self, e: &Election, ballots: Option<&Path>) -> Result<Merged, Error>;
}

/// Where a vote's count comes from.
pub enum Source<'a> {
    /// A merged bundle (`zheng merge --out`), verified as `zheng verify` verifies it; `trust` is the
    /// township's public key in hex, when given.
    Bundle {
        /// The bundle's folder, as given (the report's seal names it so).
        dir: &'a Path,
        /// The township's public key in hex.
        trust: Option<&'a str>,
    },
    /// What a store holds for the vote of `election`.
    Store {
        /// The store.
        store: &'a dyn ResultStore,
        /// The vote's election, from the manifest the store holds or was named.
        election: &'a Election,
        /// How the commands that re-check the count name the store.
        shown: String,
        /// Whether the published ballots the store holds are recounted too, as `zheng merge
        /// --store` does; without, each result's claims and signatures are checked and its counts
        /// taken as signed (the collector recounted its ballots as they arrived).
        recount: bool,
    },
    /// Box files counted here.
    Boxes {
        /// The manifest's file.
        election: &'a Path,
        /// The box files, one per station.
        boxes: &'a [PathBuf],
        /// The village register, for kinship avoidance [ZJE31].
        register: Option<&'a Path>,
    },
}

/// Why a source gives no count (input that cannot be read at all is an [`Error`] instead).
#[derive(Debug)]
pub enum Uncounted {
    /// A bundle that does not verify: its checklist.
    Unverified(Report),
    /// A store's results decide nothing yet: a station missing, or a conflict.
    Undecided(Refusal),
}

/// For a caller with no other use for it: a checklist that failed is a refusal naming the checks
/// that failed (`zheng verify` says why); an undecided vote is its refusal.
impl From<Uncounted> for Error {
    fn from(u: Uncounted) -> Error {
        match u {
            Uncounted::Unverified(checklist) => Error::Refusal(not_verified(&checklist)),
            Uncounted::Undecided(why) => Error::Refusal(why),
        }
    }
}

/// A checklist that failed, as a refusal: the numbers of the checks that did not pass.
pub fn not_verified(checklist: &Report) -> Refusal {
    let failed = checklist
        .checks
        .iter()
        .filter(|i| !matches!(i.verdict, verify::CheckVerdict::Pass | verify::CheckVerdict::Skipped))
        .map(|i| i.n as u32)
        .collect();
    Refusal::NotVerified { failed }
}

/// A vote's count from one of the sources, once that source's checks passed.
#[derive(Debug)]
pub struct Count {
    election: Election,
    counts: Vec<StationCount>,
    outcome: Outcome,
    provisional: bool,
    signed: Option<Signed>,
}

/// The signed results behind a count: what the printed report shows to prove it.
#[derive(Debug)]
struct Signed {
    merged: Merged,
    /// The bundle's folder, whose digest the report carries.
    bundle: Option<PathBuf>,
    /// The commands that re-check the count.
    command: String,
}

/// The count of a source. `partial` decides a vote with stations missing (a provisional count;
/// never for a bundle, which holds every station).
pub fn count(source: Source<'_>, partial: bool) -> Result<Result<Count, Uncounted>, Error> {
    match source {
        Source::Bundle { dir, trust } => {
            Ok(verify::verify(dir, trust).map(|v| bundled(v, dir, trust)).map_err(Uncounted::Unverified))
        }
        Source::Store { store, election, shown, recount } => stored(store, election, shown, recount, partial),
        Source::Boxes { election, boxes, register } => counted(election, boxes, register, partial).map(Ok),
    }
}

/// A verified bundle's count: its manifest, its results merged and the outcome recomputed, as
/// `verify` checked them.
fn bundled(v: verify::Verified, dir: &Path, trust: Option<&str>) -> Count {
    let (manifest, merged, outcome, _) = v.into_parts();
    let election = manifest.into_election();
    let command = match trust {
        Some(t) => format!("zheng verify {} --trust {t}", dir.display()),
        None => format!("zheng verify {}", dir.display()),
    };
    Count {
        counts: merged.station_counts(&election),
        election,
        outcome,
        provisional: false,
        signed: Some(Signed { merged, bundle: Some(dir.to_path_buf()), command }),
    }
}

/// What a store holds for one vote, merged; its outcome decided (provisionally, with stations
/// missing, when `partial`).
fn stored(
    store: &dyn ResultStore,
    election: &Election,
    shown: String,
    recount: bool,
    partial: bool,
) -> Result<Result<Count, Uncounted>, Error> {
    let ballots = if recount {
        Some(tempfile::tempdir().map_err(|err| Error::io(Path::new("(temporary folder)"), err))?)
    } else {
        None
    };
    let merged = store.merged(election, ballots.as_ref().map(tempfile::TempDir::path))?;
    let outcome = match merged.outcome(election, partial) {
        Ok(o) => o,
        Err(why) => return Ok(Err(Uncounted::Undecided(why))),
    };
    let command = format!(
        "zheng merge --election {id}.toml --store {shown} --out {id}-bundle\nzheng verify {id}-bundle",
        id = election.id()
    );
    Ok(Ok(Count {
        counts: merged.station_counts(election),
        election: election.clone(),
        outcome,
        provisional: !merged.missing().is_empty(),
        signed: Some(Signed { merged, bundle: None, command }),
    }))
}

/// Box files counted, kinship avoidance judged on the village register when given.
fn counted(election: &Path, boxes: &[PathBuf], register: Option<&Path>, partial: bool) -> Result<Count, Error> {
    let election = Manifest::load(election)?.into_election();
    let people = register.map(|p| crate::vote::register::load_register(p, &election)).transpose()?;
    let sources: Vec<BoxSource<'_>> = BoxSource::files(boxes.iter().cloned());
    let counts = count_boxes(&election, &sources, partial)?;
    let outcome = Outcome::with_register(&election, &counts, people.as_ref().map(|(r, _)| r));
    let provisional = boxes.len() < election.stations().len();
    Ok(Count { election, counts, outcome, provisional, signed: None })
}

impl Count {
    /// The vote's election.
    pub fn election(&self) -> &Election {
        &self.election
    }

    /// Each counted station's counts: in the manifest's order from signed results, in the order
    /// given from box files.
    pub fn counts(&self) -> &[StationCount] {
        &self.counts
    }

    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The printable report (HTML for A4): the outcome, PROVISIONAL when stations are missing, and
    /// for signed results every box's seal and the commands that re-check it — a bundle's with its
    /// digest. Gives the report and whether the vote stands.
    pub fn report(&self, lang: Lang) -> Result<(String, bool), Error> {
        let seal = match &self.signed {
            Some(s) => Some(seal(&s.merged, s.bundle.as_deref().map(bundle::digest).transpose()?, s.command.clone())),
            None => None,
        };
        Ok((html::report(&self.outcome, seal.as_ref(), self.provisional, lang), self.outcome.is_valid()))
    }
}

/// What the printed report shows to prove a merged count: each accepted result's hash, Merkle root
/// and signers' fingerprints, in the manifest's order; the bundle's digest; the command.
fn seal(merged: &Merged, digest: Option<String>, command: String) -> Seal {
    let boxes = merged
        .accepted()
        .map(|input| {
            let f = &input.file;
            SealedBox {
                station: f.body().station.clone(),
                result: hex::encode(f.id()),
                root: hex::encode(f.body().ballots_root),
                signers: f.signatures().iter().map(|s| fingerprint(&s.key)).collect(),
            }
        })
        .collect();
    Seal { boxes, digest, command }
}
