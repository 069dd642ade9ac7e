//! Counting a vote's boxes: each box read ([`crate::vote::boxfile`], the one reader of box files)
//! and tallied, the boxes checked against the manifest (every station once), every tally's
//! invariants checked, and the outcome decided.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::error::{BoxesProblem, Error, Usage};
use crate::vote::ballot::{InvalidCounts, Schema};
use crate::vote::boxfile::{BoxHeader, BoxSource, Records};
use crate::vote::manifest::Election;
use crate::vote::outcome::{BoxTotals, Outcome, StationCount};
use crate::vote::tally::{CheckedTally, Kernel, Tally};

/// Reads and tallies one box, from a file or from bytes ([`BoxSource::scan`]), and checks it: its
/// tally's invariants hold, and it counts every line. Its station is not yet looked up.
fn read_box(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    source: &BoxSource<'_>,
) -> Result<(BoxHeader, CheckedTally), Error> {
    let path = source.name();
    let scanned = source.scan(schema, Records::Skip, |batch, _| Tally::of_batch(election, kernel, batch))?;
    let tally = Tally::sum(election, scanned.parts).checked(election)?;
    if tally.ballots() != scanned.ballots {
        return Err(Error::Invariant(format!(
            "{}: {} lines but {} ballots counted",
            path.display(),
            scanned.ballots,
            tally.ballots()
        )));
    }
    Ok((scanned.header, tally))
}

/// The manifest's index of the station a box names, or why the box cannot be counted. The station
/// in the manifest's place `guess` is looked at first — boxes are most often listed in the
/// manifest's order — and the index of stations asked only when its id is not the box's: ten
/// thousand look-ups in the index, each string and slot elsewhere in memory, were 2 ms of CPU after
/// the last box was read (a `perf` profile, issue 23). Station ids are unique (the manifest refuses
/// a second), so either way finds the same station.
fn station_of(election: &Election, source: &BoxSource<'_>, header: &BoxHeader, guess: usize) -> Result<usize, Error> {
    if election.stations().get(guess).is_some_and(|s| s.id == header.station) {
        return Ok(guess);
    }
    election
        .station(&header.station)
        .map(|(i, _)| i)
        .ok_or_else(|| Error::unknown_station(source.name(), &header.station))
}

/// Reads and tallies one box ([`read_box`]), of a station of the manifest; `i`: its place among the
/// boxes, where its station is looked for first ([`station_of`]).
pub(crate) fn count_box(
    election: &Election,
    schema: &Schema<'_>,
    kernel: &Kernel,
    (i, source): (usize, &BoxSource<'_>),
) -> Result<StationCount, Error> {
    let (header, tally) = read_box(election, schema, kernel, source)?;
    Ok(StationCount { station: station_of(election, source, &header, i)?, voters: header.voters, tally })
}

/// Reads every box of a vote, in parallel. Each station of the manifest must appear exactly once,
/// unless `partial` allows some to be missing (a provisional count).
pub fn count_boxes(e: &Election, sources: &[BoxSource<'_>], partial: bool) -> Result<Vec<StationCount>, Error> {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let counts: Vec<Result<StationCount, Error>> =
        sources.par_iter().enumerate().map(|s| count_box(e, &schema, &kernel, s)).collect();
    every_station_once(e, sources, counts, |c| c.station, partial)
}

/// One box read, its votes in the village's tally: its header and its numbers, its station not yet
/// looked up.
#[derive(Debug)]
struct BoxRead {
    header: BoxHeader,
    valid: u64,
    invalid: InvalidCounts,
}

/// A box read, or why it could not be.
type Read = Result<BoxRead, Error>;

/// Boxes one task of [`read_village`] reads at most, one after another. Rayon splits a list of
/// boxes in halves only until each thread has one, and splits again only what another thread
/// steals: a thread can be left reading a quarter of ten thousand small boxes alone while the
/// other, done with the rest, has nothing left to take (seen once for 25 ms of a 140 ms count,
/// issue 23; not every run). Tasks of a few dozen boxes leave at most one such task at the end.
const BOXES_A_TASK: usize = 32;

/// Reads every box ([`read_box`]) in parallel, each box's tally added into the village's as soon as
/// it is counted: the village's tally, and each box's header and numbers (their station not yet
/// looked up), in the order of `sources`. (Ten thousand boxes' tallies kept until the last was
/// counted were 20 MB of pages faulted in and given back at exit: issue 23.) Once `stop` is set,
/// no more boxes are read.
fn read_village(e: &Election, sources: &[BoxSource<'_>], stop: Option<&AtomicBool>) -> (Tally, Vec<Read>) {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, schema.layout());
    let (village, mut read) = sources
        .par_iter()
        .with_max_len(BOXES_A_TASK)
        .enumerate()
        .fold(
            || (Tally::empty(e), Vec::new()),
            |(mut village, mut read), (i, s)| {
                if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                    return (village, read);
                }
                let r = read_box(e, &schema, &kernel, s).map(|(header, tally)| {
                    village.merge(&tally);
                    let read = BoxRead { header, valid: tally.valid, invalid: tally.invalid };
                    tally.into_inner().give_back();
                    read
                });
                read.push((i, r));
                (village, read)
            },
        )
        .reduce(
            || (Tally::empty(e), Vec::new()),
            |(mut a, mut read), (b, more)| {
                a.merge(&b);
                read.extend(more);
                (a, read)
            },
        );
    read.sort_unstable_by_key(|(i, _)| *i);
    (village, read.into_iter().map(|(_, r)| r).collect())
}

/// Boxes whose stations one task of [`resolve`] looks up at least (a village's four on one thread,
/// ten thousand on both).
const RESOLVED_A_TASK: usize = 512;

/// The boxes' numbers, each with its station looked up in the manifest, once checked as
/// [`every_station_once`] does.
fn resolve(e: &Election, sources: &[BoxSource<'_>], read: Vec<Read>, partial: bool) -> Result<Vec<BoxTotals>, Error> {
    let counted = read
        .into_par_iter()
        .zip(sources)
        .enumerate()
        .with_min_len(RESOLVED_A_TASK)
        .map(|(i, (r, s))| {
            let BoxRead { header, valid, invalid } = r?;
            Ok(BoxTotals { station: station_of(e, s, &header, i)?, voters: header.voters, valid, invalid })
        })
        .collect();
    every_station_once(e, sources, counted, |c| c.station, partial)
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
    let sources = BoxSource::files(boxes.iter().cloned());
    count_sources(election, &sources, partial, register, None)
}

/// [`count_with`] over box sources, taking what [`Early::begin`] read while the manifest was being
/// validated if it read these very sources (the same slice, still borrowed) with the same election
/// but for its stations — else reading the boxes now.
pub fn count_sources(
    election: &Election,
    sources: &[BoxSource<'_>],
    partial: bool,
    register: Option<&crate::vote::register::Register>,
    early: Option<Early<'_>>,
) -> Result<Outcome, Error> {
    if sources.is_empty() && !partial {
        return Err(Error::Usage(Usage::NoBoxFiles));
    }
    let (village, read) = match early {
        Some(x) if !x.stopped && std::ptr::eq(x.sources, sources) && x.head.same_but_stations(election) => {
            (x.village, x.read)
        }
        _ => read_village(election, sources, None),
    };
    let counted = resolve(election, sources, read, partial)?;
    Ok(Outcome::of_sums(election, &village, counted, register))
}

/// A vote's boxes read with the election of its manifest's head ([`Election::head_of`]: its
/// election, rules and posts, before its stations) while the whole manifest — ten thousand
/// stations are 600 KB of TOML, a fifth of the time of counting their boxes — is still being
/// validated on another thread. [`count_sources`] keeps it only if the whole manifest is the same
/// election but for its stations, and only for the very sources it read (it borrows them); each
/// box's station is looked up then. Exact either way: a box is read and counted by its election's
/// posts and rules alone.
#[derive(Debug)]
pub struct Early<'s> {
    sources: &'s [BoxSource<'s>],
    head: Election,
    village: Tally,
    read: Vec<Read>,
    stopped: bool,
}

impl<'s> Early<'s> {
    /// Reads every box of `sources` with the election of the head of the manifest `text`; none if
    /// it has no head. Once `stop` is set (the manifest was refused), no more boxes are read, and
    /// what was read is not kept.
    pub fn begin(text: &str, sources: &'s [BoxSource<'s>], stop: &AtomicBool) -> Option<Early<'s>> {
        let head = Election::head_of(text)?;
        let (village, read) = read_village(&head, sources, Some(stop));
        Some(Early { sources, head, village, read, stopped: stop.load(Ordering::Relaxed) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, text: &str) -> BoxSource<'static> {
        BoxSource::Memory(name.into(), text.as_bytes().to_vec().leak())
    }

    /// A vote counted with what [`Early::begin`] read on `text`'s head, and without.
    fn with_and_without_early(text: &str, sources: &[BoxSource<'_>], partial: bool) -> [Result<Outcome, String>; 2] {
        let e = Election::from_toml(text, Path::new("e.toml")).unwrap();
        let early = Early::begin(text, sources, &AtomicBool::new(false));
        assert!(early.is_some(), "the manifest has a head");
        [early, None].map(|early| count_sources(&e, sources, partial, None, early).map_err(|e| e.to_string()))
    }

    /// Every reader of a vote's boxes refuses the same way, in the same order: the first box in the
    /// order given that cannot be counted (a station the manifest does not list is looked up after
    /// the box is read, as a box read before the manifest was whole is), then a station given
    /// twice, then the stations missing — unless the count is partial.
    #[test]
    fn every_station_once_in_the_order_refusals_come() {
        let text = format!("{}[[station]]\nid = \"t\"\n[[station]]\nid = \"u\"\n", crate::vote::testing::VC);
        let e = Election::from_toml(&text, Path::new("e.toml")).unwrap();
        let good = |s: &str| format!("{{\"station\":\"{s}\",\"voters\":3}}\n{{\"chair\":[\"a\"]}}\n{{}}\n");
        let bad = |s: &str, at: &str| format!("{}{at}\n", good(s));
        let (s, s2, t, t_bad, u_bad, v) =
            (good("s"), good("s"), good("t"), bad("t", r#"{"chair":["zz"]}"#), bad("u", r#"{"x":[]}"#), good("v"));
        let all = |sources: &[BoxSource<'_>], partial: bool| {
            let a = count_boxes(&e, sources, partial).map(|c| c.len()).map_err(|e| e.to_string());
            let [early, late] = with_and_without_early(&text, sources, partial);
            assert_eq!(early, late);
            assert_eq!(a, late.as_ref().map(|o| o.stations.len()).map_err(Clone::clone));
            late
        };
        let first = all(&[src("1", &s), src("2", &u_bad), src("3", &t_bad), src("4", &s2)], false).unwrap_err();
        assert!(first.starts_with("2:4:"), "{first}");
        let unknown = all(&[src("1", &s), src("2", &v), src("3", &t_bad)], false).unwrap_err();
        assert!(unknown.contains("v") && unknown.starts_with('2'), "{unknown}");
        all(&[src("1", &s), src("2", &t), src("3", &s2)], false).unwrap_err();
        let counted = |sources: &[BoxSource<'_>]| count_sources(&e, sources, false, None, None);
        match counted(&[src("1", &s), src("2", &t), src("3", &s2)]) {
            Err(Error::Boxes(BoxesProblem::SameStation { first, second, station })) => {
                assert_eq!((first.as_str(), second.as_str(), station.as_str()), ("1", "3", "s"))
            }
            other => panic!("{other:?}"),
        }
        all(&[src("1", &s), src("2", &t)], false).unwrap_err();
        match counted(&[src("1", &s), src("2", &t)]) {
            Err(Error::Boxes(BoxesProblem::Missing { stations })) => assert_eq!(stations, ["u"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(all(&[src("1", &s), src("2", &t)], true).map(|o| o.stations.len()), Ok(2));
    }

    /// Boxes read on a manifest's head while the manifest is validated count only if the whole
    /// manifest is the same election but for its stations: rules or a post given after the stations
    /// make another election, and the boxes are read again with it — the count is the whole
    /// manifest's either way (its rules decide an overvote [ZJE21]). Stations listed before the posts
    /// leave no head, and nothing is read early.
    #[test]
    fn boxes_read_before_the_manifest_was_whole_count_only_for_the_same_election() {
        let vc = crate::vote::testing::VC;
        let stations = "[[station]]\nid = \"t\"\n";
        let boxes = [
            src(
                "1",
                "{\"station\":\"s\",\"voters\":4}\n{\"chair\":[\"a\",\"b\"],\"member\":[\"c\"]}\n{\"chair\":[\"a\"]}\n{}\n",
            ),
            src("2", "{\"station\":\"t\",\"voters\":2}\n{\"member\":[\"c\",\"d\"]}\n{\"extra\":[\"a\"]}\n"),
        ];
        let extra = "[[contest]]\nid = \"extra\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n";
        for text in [format!("{vc}{stations}[rules]\novervote = \"post\"\n"), format!("{vc}{stations}{extra}")] {
            let whole = Election::from_toml(&text, Path::new("e.toml")).unwrap();
            let head = Election::head_of(&text).expect("a head");
            assert!(!head.same_but_stations(&whole), "{text}");
            let early = Early::begin(&text, &boxes, &AtomicBool::new(false));
            let read_early = count_sources(&whole, &boxes, false, None, early).map_err(|e| e.to_string());
            let read_late = count_sources(&whole, &boxes, false, None, None).map_err(|e| e.to_string());
            assert_eq!(read_early, read_late, "{text}");
            let on_head = read_village(&head, &boxes, None);
            let (village, _) = read_village(&whole, &boxes, None);
            assert!(on_head.1.iter().any(Result::is_err) || on_head.0 != village, "the head counts otherwise: {text}");
        }
        let (head, posts) = vc.split_at(vc.find("[[contest]]").unwrap());
        let stations_first = format!("{head}{stations}{posts}");
        assert!(Election::from_toml(&stations_first, Path::new("e")).is_ok());
        assert!(Election::head_of(&stations_first).is_none(), "no posts before the stations: no head");
        let same = format!("{vc}{stations}");
        let (whole, head) = (Election::from_toml(&same, Path::new("e")).unwrap(), Election::head_of(&same).unwrap());
        assert!(head.same_but_stations(&whole) && head != whole);
        let stop = AtomicBool::new(true);
        let stopped = Early::begin(&same, &boxes, &stop).unwrap();
        assert!(stopped.stopped && stopped.read.is_empty(), "a refused manifest's boxes are not read");
        let counted = count_sources(&whole, &boxes, false, None, Some(stopped)).map_err(|e| e.to_string());
        assert_eq!(counted, count_sources(&whole, &boxes, false, None, None).map_err(|e| e.to_string()));
    }

    /// What [`Early::begin`] read is what is counted — for the very sources it read: their file
    /// removed after it was read, the box still counts; read early from another list of the same
    /// file, it is read again (and is gone).
    #[test]
    fn what_was_read_early_counts_for_the_sources_it_read_only() {
        let vc = crate::vote::testing::VC;
        let e = Election::from_toml(vc, Path::new("e.toml")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, "{\"station\":\"s\",\"voters\":3}\n{\"chair\":[\"a\"]}\n{}\n").unwrap();
        let (sources, other) = (vec![BoxSource::File(path.clone())], vec![BoxSource::File(path.clone())]);
        let json = |o: Outcome| serde_json::to_string(&o).unwrap();
        let before = count_sources(&e, &sources, false, None, None).map(json).unwrap();
        let go = AtomicBool::new(false);
        let (early, early_other) = (Early::begin(vc, &sources, &go), Early::begin(vc, &other, &go));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(count_sources(&e, &sources, false, None, early).map(json).unwrap(), before);
        assert!(count_sources(&e, &sources, false, None, early_other).is_err(), "read again: the file is gone");
    }
}
