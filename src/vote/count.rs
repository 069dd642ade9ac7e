//! Counting a vote's boxes: each box read ([`crate::vote::boxfile`], the one reader of box files)
//! and tallied, the boxes checked against the manifest (every station once), every tally's
//! invariants checked, and the outcome decided.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{BoxesProblem, Error, Usage};
use crate::vote::ballot::Schema;
use crate::vote::boxfile::{BoxSource, Records};
use crate::vote::manifest::Election;
use crate::vote::outcome::{BoxTotals, Outcome, StationCount};
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
    let tally = Tally::sum(election, scanned.parts).checked(election)?;
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
    every_station_once(e, sources, counts, |c| c.station, partial)
}

/// Reads every box of a vote in parallel as [`count_boxes`] does, each box's tally added into the
/// village's as soon as it is counted: the village's tally, and each box's numbers. (Ten thousand
/// boxes' tallies kept until the last was counted were 20 MB of pages faulted in and given back at
/// exit: issue 23.)
pub(crate) fn count_village(
    e: &Election,
    sources: &[BoxSource<'_>],
    partial: bool,
) -> Result<(Tally, Vec<BoxTotals>), Error> {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let (village, mut counted) = sources
        .par_iter()
        .enumerate()
        .fold(
            || (Tally::empty(e), Vec::new()),
            |(mut village, mut counted), (i, s)| {
                let c = count_box(e, &schema, &kernel, s).map(|c| {
                    village.merge(&c.tally);
                    BoxTotals::from(&c)
                });
                counted.push((i, c));
                (village, counted)
            },
        )
        .reduce(
            || (Tally::empty(e), Vec::new()),
            |(mut a, mut counted), (b, more)| {
                a.merge(&b);
                counted.extend(more);
                (a, counted)
            },
        );
    counted.sort_unstable_by_key(|(i, _)| *i);
    let counted = counted.into_iter().map(|(_, c)| c).collect();
    Ok((village, every_station_once(e, sources, counted, |c| c.station, partial)?))
}

/// The boxes' counts, in the order of `sources`, once checked: the first box that could not be
/// counted fails them all; then each station of the manifest must appear once, unless `partial`
/// allows some to be missing.
fn every_station_once<T>(
    e: &Election,
    sources: &[BoxSource<'_>],
    counts: Vec<Result<T, Error>>,
    station: impl Fn(&T) -> usize,
    partial: bool,
) -> Result<Vec<T>, Error> {
    let mut seen: Vec<Option<&Path>> = vec![None; e.stations().len()];
    let mut out = Vec::with_capacity(sources.len());
    for (c, src) in counts.into_iter().zip(sources) {
        let c = c?;
        let p = src.name();
        if let Some(prev) = seen[station(&c)].replace(p) {
            return Err(Error::Boxes(BoxesProblem::SameStation {
                first: prev.display().to_string(),
                second: p.display().to_string(),
                station: e.stations()[station(&c)].id.clone(),
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
    let (village, counted) = count_village(election, &sources, partial)?;
    Ok(Outcome::of_sums(election, &village, counted, register))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readers of a vote's boxes refuse the same way, in the same order: the first box in the
    /// order given that cannot be counted, then a station given twice, then the stations missing —
    /// unless the count is partial.
    #[test]
    fn every_station_once_in_the_order_refusals_come() {
        let text = format!("{}[[station]]\nid = \"t\"\n[[station]]\nid = \"u\"\n", crate::vote::testing::VC);
        let e = Election::from_toml(&text, Path::new("e.toml")).unwrap();
        let good = |s: &str| format!("{{\"station\":\"{s}\",\"voters\":3}}\n{{\"chair\":[\"a\"]}}\n{{}}\n");
        let bad = |s: &str, at: &str| format!("{}{at}\n", good(s));
        let (s, s2, t, t_bad, u_bad) =
            (good("s"), good("s"), good("t"), bad("t", r#"{"chair":["zz"]}"#), bad("u", r#"{"x":[]}"#));
        let src = |name: &str, text: &str| BoxSource::Memory(name.into(), text.as_bytes().to_vec().leak());
        let both = |sources: &[BoxSource<'_>], partial: bool| {
            let a = count_boxes(&e, sources, partial).map(|c| c.len()).map_err(|e| e.to_string());
            let b = count_village(&e, sources, partial).map(|(_, c)| c.len()).map_err(|e| e.to_string());
            assert_eq!(a, b);
            a
        };
        let first = both(&[src("1", &s), src("2", &u_bad), src("3", &t_bad), src("4", &s2)], false).unwrap_err();
        assert!(first.starts_with("2:4:"), "{first}");
        both(&[src("1", &s), src("2", &t), src("3", &s2)], false).unwrap_err();
        match count_village(&e, &[src("1", &s), src("2", &t), src("3", &s2)], false) {
            Err(Error::Boxes(BoxesProblem::SameStation { first, second, station })) => {
                assert_eq!((first.as_str(), second.as_str(), station.as_str()), ("1", "3", "s"))
            }
            other => panic!("{other:?}"),
        }
        both(&[src("1", &s), src("2", &t)], false).unwrap_err();
        match count_village(&e, &[src("1", &s), src("2", &t)], false) {
            Err(Error::Boxes(BoxesProblem::Missing { stations })) => assert_eq!(stations, ["u"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(both(&[src("1", &s), src("2", &t)], true), Ok(2));
    }
}
