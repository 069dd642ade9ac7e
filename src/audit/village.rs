//! A village's outcomes gathered for the village and township views: outcome JSON files as
//! `zheng count --json` or `zheng merge --json` wrote them, and merged bundles — a bundle is read
//! only once `zheng verify` passes on it, and then its `outcome.json` is the vote's outcome.
//!
//! Takes in paths (files, bundles, or a village folder holding `people.toml` and its outcomes);
//! gives out the register and the outcomes, or the first problem, with its path.

use std::path::{Path, PathBuf};

use crate::audit::{bundle, verify};
use crate::error::Error;
use crate::law::outcome::Outcome;
use crate::law::register::Register;

/// The register's file name in a village folder.
pub const REGISTER: &str = "people.toml";

/// One outcome from a file, or from a bundle that verifies.
pub fn outcome(path: &Path) -> Result<Outcome, Error> {
    if path.is_dir() {
        let report = verify::verify(path, None);
        if !report.passed {
            return Err(Error::Check(format!(
                "{}: the bundle does not verify (zheng verify {}):\n{}",
                path.display(),
                path.display(),
                report.render()
            )));
        }
        return Outcome::load(&path.join(bundle::OUTCOME));
    }
    Outcome::load(path)
}

/// Every outcome of these paths, in the order given.
pub fn outcomes(paths: &[PathBuf]) -> Result<Vec<Outcome>, Error> {
    paths.iter().map(|p| outcome(p)).collect()
}

/// A village folder: `people.toml`, and every `*.json` file and every bundle (a folder holding a
/// `manifest.toml`) in it, in name order.
pub fn folder(dir: &Path) -> Result<(Register, Vec<Outcome>), Error> {
    let register = Register::load(&dir.join(REGISTER))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file() || p.join(bundle::MANIFEST).is_file())
        .collect();
    paths.sort();
    Ok((register, outcomes(&paths)?))
}
