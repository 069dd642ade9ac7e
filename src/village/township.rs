//! A township's villages rolled up target by target.

use serde::Serialize;

use super::*;

/// One target across a township's villages. Its JSON names what is measured in both languages
/// and cites its source (`crate::report::village`'s JSON view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    /// What is measured.
    pub code: TargetCode,
    /// Villages meeting it.
    pub met: usize,
    /// Villages where it applies (✓ or ✗).
    pub judged: usize,
    /// The villages missing it.
    pub missed: Vec<String>,
    /// Where the target comes from.
    pub source: Source,
    /// For the average age: every village's counted members together.
    pub ages: Ages,
}

impl Rollup {
    /// ✓ when every village where the target applies meets it, ✗ when one misses it, — when it
    /// applies nowhere.
    pub fn verdict(&self) -> Verdict {
        if self.judged == 0 { Verdict::None } else { Verdict::of(self.met == self.judged) }
    }
}

/// A township's villages and their targets rolled up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Township {
    /// The township's name (from the outcomes).
    pub township: String,
    /// Each village.
    pub villages: Vec<Village>,
    /// Each target across the villages.
    pub rollup: Vec<Rollup>,
}

impl Township {
    /// The villages, rolled up target by target.
    pub fn new(villages: Vec<Village>) -> Township {
        let township = villages.iter().map(|v| v.township.clone()).find(|t| !t.is_empty()).unwrap_or_default();
        let mut rollup: Vec<Rollup> = Vec::new();
        for v in &villages {
            for t in &v.structure.targets {
                let r = match rollup.iter_mut().find(|r| r.code == t.code) {
                    Some(r) => r,
                    None => {
                        let ages = Ages::default();
                        rollup.push(Rollup {
                            code: t.code,
                            met: 0,
                            judged: 0,
                            missed: Vec::new(),
                            source: t.source,
                            ages,
                        });
                        rollup.last_mut().expect("just pushed")
                    }
                };
                if t.code == TargetCode::AverageAge {
                    r.ages = r.ages.with(v.structure.ages);
                }
                match t.verdict {
                    Verdict::Met => {
                        r.met += 1;
                        r.judged += 1;
                    }
                    Verdict::Missed => {
                        r.judged += 1;
                        r.missed.push(v.village.clone());
                    }
                    Verdict::None => {}
                }
            }
        }
        Township { township, villages, rollup }
    }
}
