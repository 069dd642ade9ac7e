//! `zheng verify BUNDLE --audit AUDIT`: anyone re-derives an audit from the bundle and the seed and
//! checks every number of it — the plan (assertions, population, first round), the draw of every
//! round, the paper ballots recorded (each one drawn), and the status the audit last printed (each
//! risk and the verdict), recomputed from the recorded paper. Any difference fails.

use std::path::Path;

use serde::Serialize;

use super::folder::{AuditFolder, STATUS, plan_json};
use super::status::{judged, status, to_json};
use super::steps::{plan_of, verified};
use crate::Error;

/// The checks, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditCheck {
    /// The plan recomputes from the bundle, the seed and the risk limit; the folder holds the
    /// bundle's manifest and signed results.
    Plan,
    /// Every round's sample is the consistent sampler's draw from the seed.
    Draw,
    /// Every paper ballot recorded was drawn and reads as a ballot.
    Papers,
    /// The status recomputes from the recorded paper: every risk and the verdict.
    Status,
}

/// What differs, when a check does not hold: typed, with its values; said by
/// [`super::text::differs_said`] in either language.
#[derive(Debug)]
pub enum Differs {
    /// Something needed could not be read or does not verify.
    Refused(Error),
    /// A file's first line that differs from what was recomputed (its number from 1).
    Line {
        /// The file, e.g. `plan.json`.
        file: &'static str,
        /// The line's number.
        line: usize,
        /// As stored.
        stored: String,
        /// As recomputed.
        recomputed: String,
    },
    /// A file with fewer or more lines than recomputed.
    Lines {
        /// The file.
        file: &'static str,
        /// Lines stored.
        stored: usize,
        /// Lines recomputed.
        recomputed: usize,
    },
    /// The folder's manifest is not the bundle's.
    Manifest,
    /// The folder's signed result of a station is not the bundle's.
    Signed(String),
    /// The rounds' sizes do not grow.
    Rounds(Vec<u64>),
    /// Not as many ballots stored as the sample's size.
    SampleSize {
        /// Stored.
        stored: u64,
        /// The sample's size.
        size: u64,
    },
    /// The n-th draw (from 1) stored is not the sampler's.
    Draw {
        /// Which draw.
        n: usize,
        /// The ballot and ticket stored.
        stored: (String, String),
        /// The ballot and ticket drawn.
        drawn: (String, String),
    },
    /// A paper ballot recorded that was not drawn.
    NotDrawn(String),
    /// No status.json: the audit never printed its status.
    NoStatus,
}

/// One check's result.
#[derive(Debug)]
pub struct Checked {
    /// Which check.
    pub check: AuditCheck,
    /// What differs; none when it holds.
    pub differs: Option<Differs>,
}

impl Checked {
    /// Whether it held.
    pub fn passed(&self) -> bool {
        self.differs.is_none()
    }
}

/// As JSON (`verify --json`): the check, whether it passed, and why not in English.
impl Serialize for Checked {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let why = self.differs.as_ref().map(|d| super::text::differs_said(d, crate::words::Lang::En));
        let mut st = s.serialize_struct("Checked", 3)?;
        st.serialize_field("check", &self.check)?;
        st.serialize_field("passed", &self.passed())?;
        st.serialize_field("why", &why.unwrap_or_default())?;
        st.end()
    }
}

/// Rechecks an audit of a bundle. An error only when the bundle does not verify or the folder is
/// not an audit.
pub fn recheck(bundle_dir: &Path, trust: Option<&str>, audit: &Path) -> Result<Vec<Checked>, Error> {
    let v = verified(bundle_dir, trust)?;
    let folder = AuditFolder::open(audit)?;
    let stated = folder.plan();
    let mut out = Vec::new();
    let mut add = |check, differs: Option<Differs>| out.push(Checked { check, differs });
    // 1. The plan.
    let plan = plan_of(bundle_dir, &v, &stated.seed, stated.risk_limit);
    let plan_file = std::fs::read(audit.join(super::folder::PLAN)).unwrap_or_default();
    let why = match plan {
        Err(e) => Some(Differs::Refused(e)),
        Ok(p) if plan_json(&p) != plan_file => Some(first_difference(&plan_json(&p), &plan_file, super::folder::PLAN)),
        Ok(_) if folder.manifest().text() != v.manifest().text() => Some(Differs::Manifest),
        Ok(_) => {
            let mut why = None;
            for i in v.merged().accepted() {
                let station = &i.file.body().station;
                if folder.signed(station)?.map(|f| f.to_bytes()) != Some(i.file.to_bytes()) {
                    why = Some(Differs::Signed(station.clone()));
                    break;
                }
            }
            why
        }
    };
    add(AuditCheck::Plan, why);
    // 2. The draw.
    let rounds = folder.rounds()?;
    let sample = folder.sample()?;
    let size = rounds.last().copied().unwrap_or(0);
    let why = if !rounds.windows(2).all(|w| w[0] < w[1]) {
        Some(Differs::Rounds(rounds.clone()))
    } else if sample.len() as u64 != size {
        Some(Differs::SampleSize { stored: sample.len() as u64, size })
    } else {
        let redrawn = stated.draw(size);
        redrawn.iter().zip(&sample).position(|(a, b)| a != b).map(|i| Differs::Draw {
            n: i + 1,
            stored: (sample[i].ballot.clone(), sample[i].ticket.to_string()),
            drawn: (redrawn[i].ballot.clone(), redrawn[i].ticket.to_string()),
        })
    };
    add(AuditCheck::Draw, why);
    // 3. The paper ballots.
    let why = match judged(&folder) {
        Err(e) => Some(Differs::Refused(e)),
        Ok(papers) => {
            let drawn: std::collections::BTreeSet<&str> = sample.iter().map(|s| s.ballot.as_str()).collect();
            papers.keys().find(|b| !drawn.contains(b.as_str())).map(|b| Differs::NotDrawn(b.clone()))
        }
    };
    add(AuditCheck::Papers, why);
    // 4. The status.
    let recomputed = to_json(&status(&folder)?);
    let why = match std::fs::read(audit.join(STATUS)) {
        Err(_) => Some(Differs::NoStatus),
        Ok(b) if b != recomputed.as_bytes() => Some(first_difference(recomputed.as_bytes(), &b, STATUS)),
        Ok(_) => None,
    };
    add(AuditCheck::Status, why);
    Ok(out)
}

/// Where two texts first differ, as a line of each.
fn first_difference(want: &[u8], have: &[u8], file: &'static str) -> Differs {
    let (w, h) = (String::from_utf8_lossy(want), String::from_utf8_lossy(have));
    match w.lines().zip(h.lines()).enumerate().find(|(_, (a, b))| a != b) {
        Some((i, (a, b))) => {
            Differs::Line { file, line: i + 1, stored: b.trim().to_string(), recomputed: a.trim().to_string() }
        }
        None => Differs::Lines { file, stored: h.lines().count(), recomputed: w.lines().count() },
    }
}
