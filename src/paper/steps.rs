//! What each `zheng audit` command does, with no printing: plan an audit of a bundle that verifies,
//! record paper ballots and hand-counted boxes, draw the next round, escalate.

use std::io::BufRead;
use std::path::Path;

use super::folder::{AuditFolder, Recorded};
use super::judge::Judge;
use super::plan::{Plan, SampleEntry, parse_ballot};
use super::retrieval;
use crate::Error;
use crate::audit::bundle;
use crate::audit::checklist::CheckVerdict;
use crate::audit::verify::{Verified, verify};
use crate::error::Refusal;
use crate::files::lines::{InputLine, read_line_bounded};
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::words::Lang;
use crate::words::audit::AuditSays;

/// The longest paper-ballot line read from stdin (a ballot of many posts with long names fits).
pub const MAX_LINE: usize = 64 * 1024;

/// Verifies `bundle_dir` (nothing is audited that does not verify) and gives what was checked.
pub fn verified(bundle_dir: &Path, trust: Option<&str>) -> Result<Verified, Error> {
    verify(bundle_dir, trust).map_err(|report| {
        let failed = report
            .checks
            .iter()
            .filter(|i| !matches!(i.verdict, CheckVerdict::Pass | CheckVerdict::Skipped))
            .map(|i| i.n as u32)
            .collect();
        Error::Refusal(Refusal::BundleDoesNotVerify { failed })
    })
}

/// The plan of an audit of a bundle, made from what verified.
pub fn plan_of(bundle_dir: &Path, v: &Verified, seed: &str, risk_limit: f64) -> Result<Plan, Error> {
    let digest = bundle::digest(bundle_dir)?;
    Plan::new(v.outcome(), digest, seed, risk_limit).map_err(Error::Refusal)
}

/// `zheng audit plan`: verifies the bundle, plans the audit and writes its folder at `out` (the
/// plan, the database, round 1's retrieval list in CSV and printable HTML).
pub fn plan(
    bundle_dir: &Path,
    trust: Option<&str>,
    seed: &str,
    risk_limit: f64,
    out: &Path,
    lang: Lang,
) -> Result<Plan, Error> {
    let v = verified(bundle_dir, trust)?;
    let plan = plan_of(bundle_dir, &v, seed, risk_limit)?;
    let register = std::fs::read(bundle_dir.join(bundle::REGISTER)).ok();
    let results: Vec<(String, Vec<u8>)> =
        v.merged().accepted().map(|i| (i.file.body().station.clone(), i.file.to_bytes())).collect();
    let e = v.manifest().election();
    let files = retrieval::files(e, &plan.boxes, &plan.sample, 0, 1, lang);
    AuditFolder::create(out, &plan, v.manifest(), register.as_deref(), &results, &files)?;
    Ok(plan)
}

/// What `zheng audit record` did with its input.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecordDone {
    /// Lines recorded (or recorded before with the same marks).
    pub recorded: u64,
    /// Lines refused.
    pub refused: u64,
}

/// One line of `zheng audit record`'s input: `{"ballot": "central:137", "paper": {…}}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperLine {
    ballot: String,
    paper: serde_json::Value,
}

/// `zheng audit record`: reads one paper ballot a line from `input` and answers each on `output`
/// (`ok N` once durable, `refused L: why` otherwise), in `lang`.
pub fn record(
    folder: &mut AuditFolder,
    input: &mut dyn BufRead,
    output: &mut dyn std::io::Write,
    lang: Lang,
) -> Result<RecordDone, Error> {
    let manifest = folder.manifest().clone();
    let judge = Judge::new(manifest.election());
    let mut done = RecordDone::default();
    let io = |e: std::io::Error| Error::io(Path::new("<stdin>"), e);
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = read_line_bounded(input, &mut buf, MAX_LINE).map_err(io)?;
        if read == InputLine::End {
            break;
        }
        line_no += 1;
        let line = buf.trim_ascii();
        if read == InputLine::Whole && line.is_empty() {
            continue;
        }
        let answer = match read {
            InputLine::Whole => record_line(folder, &judge, line, lang),
            _ => Err(lang.format(AuditSays::LineTooLong { max: &MAX_LINE })),
        };
        match answer {
            Ok(n) => {
                done.recorded += 1;
                writeln!(output, "ok {n}").map_err(io)?;
            }
            Err(why) => {
                done.refused += 1;
                writeln!(output, "refused {line_no}: {why}").map_err(io)?;
            }
        }
        output.flush().map_err(io)?;
        if read != InputLine::Whole {
            break;
        }
    }
    Ok(done)
}

/// One line recorded: the count of paper ballots recorded, or why not, said in `lang`.
fn record_line(folder: &mut AuditFolder, judge: &Judge<'_>, line: &[u8], lang: Lang) -> Result<u64, String> {
    let say = |r: Refusal| r.said_in(lang);
    let p: PaperLine = serde_json::from_slice(line).map_err(|e| lang.format(AuditSays::BadLine { why: &e }))?;
    if parse_ballot(folder.plan(), &p.ballot).is_none() {
        return Err(say(Refusal::NotABallotOfTheAudit { ballot: p.ballot }));
    }
    match folder.rank_of(&p.ballot) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(say(Refusal::NotDrawn { ballot: p.ballot })),
        Err(e) => return Err(e.said_in(lang)),
    }
    let typed = serde_json::to_vec(&p.paper).unwrap_or_default();
    let paper = judge.judge(&typed).map_err(|e| lang.format(AuditSays::BadPaper { why: &e }))?;
    match folder.record(&p.ballot, &typed, paper.record()) {
        Ok(Recorded::New(n) | Recorded::Again(n)) => Ok(n),
        Err(Error::Refusal(r)) => Err(say(r)),
        Err(e) => Err(e.said_in(lang)),
    }
}

/// `zheng audit record --hand-count STATION --box FILE`: a whole box counted by hand, checked as
/// a box file of that station and recorded. True if newly recorded.
pub fn hand_count(folder: &mut AuditFolder, station: &str, file: &Path) -> Result<bool, Error> {
    let e = folder.manifest().election().clone();
    if e.station(station).is_none() {
        return Err(Error::Refusal(Refusal::UnknownStation { station: station.to_string() }));
    }
    let bytes = crate::files::read_limited(file, 1 << 32)?;
    let counted = count_boxes(&e, &[BoxSource::Memory(file.to_path_buf(), &bytes)], true)?;
    let header = counted.first().map(|c| e.stations()[c.station].id.clone()).unwrap_or_default();
    if header != station {
        return Err(Error::Refusal(Refusal::HandCountOfAnotherBox { station: station.to_string(), header }));
    }
    folder.hand_count(station, &bytes)
}

/// `zheng audit next-round`: extends the sample to `size` (the same seed: every earlier draw
/// kept) and writes the round's retrieval list; gives the round and the whole sample.
pub fn next_round(folder: &mut AuditFolder, size: u64, lang: Lang) -> Result<(u32, Vec<SampleEntry>), Error> {
    let have = folder.rounds()?.last().copied().unwrap_or(0);
    let population = folder.plan().population;
    if size <= have || have >= population {
        return Err(Error::Refusal(Refusal::RoundNotLarger { have, asked: size }));
    }
    let size = size.min(population);
    let sample = folder.plan().draw(size);
    let round = folder.add_round(&sample)?;
    let e = folder.manifest().election().clone();
    for (name, bytes) in retrieval::files(&e, &folder.plan().boxes, &sample, have as usize, round, lang) {
        crate::files::write_atomic(&folder.dir().join(name), &bytes)?;
    }
    Ok((round, sample))
}
