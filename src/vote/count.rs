//! Counting a vote's boxes: each box read ([`crate::vote::boxfile`], the one reader of box files)
//! and tallied, the boxes checked against the manifest (every station once), every tally's
//! invariants checked, and the outcome decided.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{BoxesProblem, Error, Usage};
use crate::vote::ballot::Schema;
use crate::vote::boxfile::{BoxSource, Records};
use crate::vote::manifest::Election;
use crate::vote::outcome::{Outcome, StationCount};
use crate::vote::tally::{Kernel, Tally};

/// Reads and tallies one box, from a file or from bytes ([`BoxSource::scan`]), and checks it: its
/// station is the manifest's, its tally's invariants hold, and it counts every line.
pub(crate) fn count_box(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    source: &BoxSource<'_>,
) -> Result<StationCount, Error> {
    let path = source.name();
    let scanned = source.scan(schema, Records::Skip, |batch, _| Tally::of_batch(election, kernel, &batch))?;
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

/// Reads every box of a vote, in parallel. Each station of the manifest must appear exactly once,
/// unless `partial` allows some to be missing (a provisional count).
pub fn count_boxes(e: &Election, sources: &[BoxSource<'_>], partial: bool) -> Result<Vec<StationCount>, Error> {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let counts: Vec<Result<StationCount, Error>> =
        sources.par_iter().map(|s| count_box(e, &schema, &kernel, s)).collect();
    let mut seen: Vec<Option<&Path>> = vec![None; e.stations().len()];
    let mut out = Vec::with_capacity(sources.len());
    for (c, src) in counts.into_iter().zip(sources) {
        let c = c?;
        let p = src.name();
        if let Some(prev) = seen[c.station].replace(p) {
            return Err(Error::Boxes(BoxesProblem::SameStation {
                first: prev.display().to_string(),
                second: p.display().to_string(),
                station: e.stations()[c.station].id.clone(),
            }));
        }
        out.push(c);
    }
    let missing: Vec<String> =
        e.stations().iter().zip(&seen).filter(|(_, s)| s.is_none()).map(|(s, _)| s.id.clone()).collect();
    if !missing.is_empty() && !partial {
        return Err(Error::Boxes(BoxesProblem::Missing { stations: missing }));
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
        return Err(Error::Usage(Usage::NoBoxFiles));
    }
    let sources: Vec<BoxSource<'_>> = boxes.iter().cloned().map(BoxSource::File).collect();
    let counts = count_boxes(election, &sources, partial)?;
    Ok(Outcome::with_register(election, &counts, register))
}
