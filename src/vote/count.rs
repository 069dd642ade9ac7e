//! Counting a vote's boxes: each box file read and tallied, the boxes checked against the manifest
//! (every station once), every tally's invariants checked, and the outcome decided.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::vote::ballot::Schema;
use crate::vote::boxfile;
use crate::vote::manifest::Election;
use crate::vote::outcome::{Outcome, StationCount};
use crate::vote::tally::{Kernel, Tally};

/// Reads and tallies one box file.
pub fn count_box(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    path: &Path,
) -> Result<StationCount, Error> {
    let f = crate::files::open_regular(path)?;
    count_box_from(election, schema, kernel, path, f)
}

/// Reads and tallies one box from any reader; `path` names it in errors.
pub fn count_box_from(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    path: &Path,
    reader: impl std::io::Read,
) -> Result<StationCount, Error> {
    let scanned = boxfile::scan_reader(path, reader, schema, boxfile::Records::Skip, |batch, _| {
        Tally::of_batch(election, kernel, &batch)
    })?;
    let Some((station, _)) = election.station(&scanned.header.station) else {
        return Err(Error::unknown_station(path, &scanned.header.station));
    };
    let mut tally = Tally::empty(election);
    for part in &scanned.parts {
        tally.merge(part);
    }
    let tally = tally.checked(election)?;
    if tally.ballots() != scanned.ballots {
        return Err(Error::Invariant(format!(
            "{}: {} lines but {} ballots counted",
            path.display(),
            scanned.ballots,
            tally.ballots()
        )));
    }
    Ok(StationCount { station, voters: scanned.header.voters, tally })
}

/// Where a box file comes from: a file, or bytes already in memory (the demo's embedded fixtures,
/// benchmarks).
#[derive(Debug, Clone)]
pub enum BoxSource<'a> {
    /// A file on disk.
    File(PathBuf),
    /// Bytes, with the name errors give them.
    Memory(PathBuf, &'a [u8]),
}

impl BoxSource<'_> {
    /// The name errors give.
    pub fn name(&self) -> &Path {
        match self {
            BoxSource::File(p) | BoxSource::Memory(p, _) => p,
        }
    }

    fn count(&self, election: &Election, schema: &Schema<'_>, kernel: &Kernel) -> Result<StationCount, Error> {
        match self {
            BoxSource::File(p) => count_box(election, schema, kernel, p),
            BoxSource::Memory(p, bytes) => count_box_from(election, schema, kernel, p, *bytes),
        }
    }
}

/// Reads every box of a vote, in parallel. Each station of the manifest must appear exactly once,
/// unless `partial` allows some to be missing (a provisional count).
pub fn count_boxes(e: &Election, sources: &[BoxSource<'_>], partial: bool) -> Result<Vec<StationCount>, Error> {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, &schema.layout);
    let counts: Vec<Result<StationCount, Error>> = sources.par_iter().map(|s| s.count(e, &schema, &kernel)).collect();
    let mut seen: Vec<Option<&Path>> = vec![None; e.stations().len()];
    let mut out = Vec::with_capacity(sources.len());
    for (c, src) in counts.into_iter().zip(sources) {
        let c = c?;
        let p = src.name();
        if let Some(prev) = seen[c.station].replace(p) {
            return Err(Error::Boxes(format!(
                "{} and {} are both the box of station {:?}: each box is counted once",
                prev.display(),
                p.display(),
                e.stations()[c.station].id
            )));
        }
        out.push(c);
    }
    let missing: Vec<&str> =
        e.stations().iter().zip(&seen).filter(|(_, s)| s.is_none()).map(|(s, _)| s.id.as_str()).collect();
    if !missing.is_empty() && !partial {
        return Err(Error::Boxes(format!(
            "no box file for station(s) {}: every box of the manifest is counted (a box with no ballots is a header line); --partial counts without them",
            missing.join(", ")
        )));
    }
    Ok(out)
}

/// Counts a vote's box files and decides the outcome.
pub fn count(election: &Election, boxes: &[PathBuf], partial: bool) -> Result<Outcome, Error> {
    count_with(election, boxes, partial, None)
}

/// [`count`], with kinship avoidance judged on the village register when one is given [ZJE31].
pub fn count_with(
    election: &Election,
    boxes: &[PathBuf],
    partial: bool,
    register: Option<&crate::vote::register::Register>,
) -> Result<Outcome, Error> {
    if boxes.is_empty() && !partial {
        return Err(Error::Usage("no box files given".into()));
    }
    let sources: Vec<BoxSource<'_>> = boxes.iter().cloned().map(BoxSource::File).collect();
    let counts = count_boxes(election, &sources, partial)?;
    Ok(Outcome::with_register(election, &counts, register))
}
