//! The supervisor's checklist: numbered checks, each passed, failed, not verifiable or skipped, and
//! why — what [`super::verify`] gives out, as text or JSON.

use serde::Serialize;

use crate::error::Refusal;

/// How one check of the checklist ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CheckVerdict {
    /// It holds.
    #[serde(rename = "passed")]
    Pass,
    /// It does not.
    #[serde(rename = "failed")]
    Fail,
    /// It could not be checked (something it needs is missing or broken).
    #[serde(rename = "not-verifiable")]
    NotVerifiable,
    /// It was not made (e.g. no trusted township key was given): never counted as passed.
    #[serde(rename = "skipped")]
    Skipped,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its number, from 1.
    pub n: usize,
    /// What is checked, as a sentence.
    pub check: String,
    /// How it ended.
    pub verdict: CheckVerdict,
    /// Why, in words: the refusals below in English, or what passed.
    pub why: String,
    /// The refusals behind a failure, for callers to match.
    #[serde(skip)]
    pub refusals: Vec<Refusal>,
}

/// The checklist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether every check passed (or was skipped).
    pub passed: bool,
    /// The checks, in order.
    pub checks: Vec<Item>,
}

impl Report {
    pub(super) fn add(&mut self, check: impl Into<String>, verdict: CheckVerdict, why: impl Into<String>) {
        let n = self.checks.len() + 1;
        self.checks.push(Item { n, check: check.into(), verdict, why: why.into(), refusals: Vec::new() });
    }

    /// A failed check and the refusals behind it.
    pub(super) fn refuse(&mut self, check: impl Into<String>, refusals: Vec<Refusal>) {
        let why = refusals.iter().map(Refusal::en).collect::<Vec<_>>().join("; ");
        self.add(check, CheckVerdict::Fail, why);
        if let Some(last) = self.checks.last_mut() {
            last.refusals = refusals;
        }
    }

    /// The checklist as text.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for i in &self.checks {
            let v = match i.verdict {
                CheckVerdict::Pass => "pass",
                CheckVerdict::Fail => "FAIL",
                CheckVerdict::NotVerifiable => "NOT VERIFIABLE",
                CheckVerdict::Skipped => "skipped",
            };
            s.push_str(&format!("{:>3}. [{v}] {}", i.n, i.check));
            if !i.why.is_empty() {
                s.push_str(&format!(" — {}", i.why));
            }
            s.push('\n');
        }
        let skipped = self.checks.iter().filter(|c| c.verdict == CheckVerdict::Skipped).count();
        s.push_str(
            match (self.passed, skipped) {
                (true, 0) => "All checks passed.\n".to_string(),
                (true, n) => format!("All checks that could be made passed; {n} skipped (see above).\n"),
                (false, _) => "The bundle does NOT verify.\n".to_string(),
            }
            .as_str(),
        );
        s
    }
}
