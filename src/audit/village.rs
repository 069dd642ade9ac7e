//! A village's votes gathered for the village and township views: outcome JSON files as
//! `zheng count --json` or `zheng merge --json` wrote them, merged bundles — a bundle is used
//! only once `zheng verify` passes on it, and then the outcome and manifest that verification
//! checked are the vote's — the votes of the village a collector's store holds, and manifests
//! (`*.toml`), whose boxes' counting teams are checked against the candidates [ZJE22].
//!
//! Takes in paths (files, bundles, or a village folder holding `people.toml` and its votes) and a
//! store of signed results; gives out the register, the outcomes and the manifests, or the first
//! problem, with its path.

use std::path::{Path, PathBuf};

use crate::audit::source::ResultStore;
use crate::audit::{bundle, verify};
use crate::error::{Error, Refusal};
use crate::seal::manifest::Manifest;
use crate::vote::manifest::Election;
use crate::vote::outcome::{self, Outcome};
use crate::vote::register::Register;
use crate::vote::staff::{self, StaffConflict};

/// The register's file name in a village folder.
pub(crate) const REGISTER: &str = "people.toml";

/// A village's votes as read: outcomes, and the manifests given or kept in bundles.
#[derive(Debug, Default)]
pub struct Votes {
    /// Every outcome, in the order given.
    pub outcomes: Vec<Outcome>,
    /// Every manifest, in the order given.
    pub manifests: Vec<Election>,
}

impl Votes {
    /// The counting-team conflicts [ZJE22] of the manifests of `r`'s village (or of no village).
    pub fn staff(&self, r: &Register) -> Vec<StaffConflict> {
        self.manifests
            .iter()
            .filter(|e| e.village().is_empty() || e.village() == r.village())
            .flat_map(|e| staff::conflicts(e, r))
            .collect()
    }

    /// Adds every vote of `r`'s village that `store` holds: its manifest (whose counting team is
    /// checked [ZJE22]) and, when decided, its outcome — merged and checked as `zheng merge --store`
    /// does, kinship avoidance judged on `r`. Gives the votes not decided yet (a station missing, a
    /// conflict), by election id, with why.
    pub fn add_stored(&mut self, store: &dyn ResultStore, r: &Register) -> Result<Vec<(String, Refusal)>, Error> {
        let mut undecided = Vec::new();
        for (id, text) in store.manifests()? {
            let e = Manifest::from_text(text, Path::new(&format!("(store manifest {id})")))?.into_election();
            if e.village() != r.village() {
                continue;
            }
            let ballots = tempfile::tempdir().map_err(|err| Error::io(Path::new("(temporary folder)"), err))?;
            match store.merged(&e, Some(ballots.path()))?.outcome_with(&e, false, Some(r)) {
                Ok(o) => self.outcomes.push(o),
                Err(why) => undecided.push((id, why)),
            }
            self.manifests.push(e);
        }
        Ok(undecided)
    }

    fn add(&mut self, path: &Path) -> Result<(), Error> {
        if path.is_dir() {
            let verified = verify::verify(path, None)
                .map_err(|report| Error::refused(path, crate::audit::source::not_verified(&report)))?;
            let (manifest, _, outcome, _) = verified.into_parts();
            self.outcomes.push(outcome);
            self.manifests.push(manifest.into_election());
        } else if path.extension().is_some_and(|x| x == "toml") {
            self.manifests.push(Manifest::load(path)?.election().clone());
        } else {
            self.outcomes.push(outcome::load_checked(path, None)?);
        }
        Ok(())
    }
}

/// Every vote of these paths, in the order given: an outcome file, a bundle (verified first), or a
/// manifest (`*.toml`).
pub fn votes(paths: &[PathBuf]) -> Result<Votes, Error> {
    let mut v = Votes::default();
    for p in paths {
        v.add(p)?;
    }
    Ok(v)
}

/// A village folder: `people.toml`, and every `*.json` file, every other `*.toml` file (a
/// manifest) and every bundle (a folder holding a `manifest.toml`) in it, in name order.
pub fn folder(dir: &Path) -> Result<(Register, Votes), Error> {
    let register = Register::load(&dir.join(REGISTER))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let file = p.is_file() && p.file_name().is_some_and(|n| n != REGISTER);
            file && p.extension().is_some_and(|x| x == "json" || x == "toml") || p.join(bundle::MANIFEST).is_file()
        })
        .collect();
    paths.sort();
    Ok((register, votes(&paths)?))
}
