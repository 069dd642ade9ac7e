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

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// Which check.
    pub check: AuditCheck,
    /// Whether it held.
    pub passed: bool,
    /// What differs, when it did not (English, with the values).
    pub why: String,
}

/// Rechecks an audit of a bundle. An error only when the bundle does not verify or the folder is
/// not an audit.
pub fn recheck(bundle_dir: &Path, trust: Option<&str>, audit: &Path) -> Result<Vec<Checked>, Error> {
    let v = verified(bundle_dir, trust)?;
    let folder = AuditFolder::open(audit)?;
    let stated = folder.plan();
    let mut out = Vec::new();
    let mut add = |check, why: Option<String>| {
        out.push(Checked { check, passed: why.is_none(), why: why.unwrap_or_default() });
    };
    // 1. The plan.
    let plan = plan_of(bundle_dir, &v, &stated.seed, stated.risk_limit);
    let plan_file = std::fs::read(audit.join(super::folder::PLAN)).unwrap_or_default();
    let why = match &plan {
        Err(e) => Some(e.en()),
        Ok(p) if plan_json(p) != plan_file => Some(first_difference(&plan_json(p), &plan_file, "plan.json")),
        Ok(_) if folder.manifest().text() != v.manifest().text() => {
            Some("the folder's manifest is not the bundle's".into())
        }
        Ok(_) => {
            let mut why = None;
            for i in v.merged().accepted() {
                let station = &i.file.body().station;
                if folder.signed(station)?.map(|f| f.to_bytes()) != Some(i.file.to_bytes()) {
                    why = Some(format!("the folder's signed result of {station} is not the bundle's"));
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
        Some(format!("round sizes {rounds:?} do not grow"))
    } else if sample.len() as u64 != size {
        Some(format!("{} ballots stored for a sample of {size}", sample.len()))
    } else {
        let redrawn = stated.draw(size);
        redrawn.iter().zip(&sample).position(|(a, b)| a != b).map(|i| {
            format!(
                "draw {}: {} (ticket {}) stored, {} (ticket {}) drawn",
                i + 1,
                sample[i].ballot,
                sample[i].ticket,
                redrawn[i].ballot,
                redrawn[i].ticket
            )
        })
    };
    add(AuditCheck::Draw, why);
    // 3. The paper ballots.
    let why = match judged(&folder) {
        Err(e) => Some(e.en()),
        Ok(papers) => {
            let drawn: std::collections::BTreeSet<&str> = sample.iter().map(|s| s.ballot.as_str()).collect();
            papers
                .keys()
                .find(|b| !drawn.contains(b.as_str()))
                .map(|b| format!("ballot {b} is recorded but was not drawn"))
        }
    };
    add(AuditCheck::Papers, why);
    // 4. The status.
    let recomputed = to_json(&status(&folder)?);
    let why = match std::fs::read(audit.join(STATUS)) {
        Err(_) => Some(format!("no {STATUS}: the audit never printed a status (zheng audit status)")),
        Ok(b) if b != recomputed.as_bytes() => Some(first_difference(recomputed.as_bytes(), &b, STATUS)),
        Ok(_) => None,
    };
    add(AuditCheck::Status, why);
    Ok(out)
}

/// Where two texts first differ, as a line of each.
fn first_difference(want: &[u8], have: &[u8], file: &str) -> String {
    let (w, h) = (String::from_utf8_lossy(want), String::from_utf8_lossy(have));
    match w.lines().zip(h.lines()).enumerate().find(|(_, (a, b))| a != b) {
        Some((i, (a, b))) => format!("{file} line {}: {:?}, recomputed {:?}", i + 1, b.trim(), a.trim()),
        None => format!("{file} has {} lines, recomputed {}", h.lines().count(), w.lines().count()),
    }
}
