//! The supervisor's checklist: numbered checks, each passed, failed, not verifiable or skipped, and
//! what it found — what [`super::verify`] gives out, as text (in a language, plain or with the
//! technical detail) or JSON.
//!
//! Each check and finding is a typed value of the book of words ([`Check`], [`Found`]); the text
//! is the book's, and its last line says the verdict and what to do next.

use serde::Serialize;

use crate::error::Refusal;
use crate::words::Lang;
use crate::words::verify::{VerifySays, VerifyWord};

use crate::words::verify::FileProblem;
pub use crate::words::verify::{Check, Found};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its number, from 1.
    pub n: usize,
    /// What is checked.
    pub check: Check,
    /// How it ended.
    pub verdict: CheckVerdict,
    /// What it found: why it passed, failed, could not be made or was skipped.
    pub why: Found,
    /// The refusals behind a failure, for callers to match.
    pub refusals: Vec<Refusal>,
}

/// An item in JSON: its number, the check and what it found in English technical words (what
/// `--detail` shows), and the verdict.
impl Serialize for Item {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json {
            n: usize,
            check: String,
            verdict: CheckVerdict,
            why: String,
        }
        let why = self.why.detail(Lang::En).unwrap_or_else(|| self.why.said(Lang::En));
        Json { n: self.n, check: self.check.detail(Lang::En), verdict: self.verdict, why }.serialize(s)
    }
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
    pub(super) fn add(&mut self, check: Check, verdict: CheckVerdict, why: Found) {
        let n = self.checks.len() + 1;
        self.checks.push(Item { n, check, verdict, why, refusals: Vec::new() });
    }

    /// A failed check, what it found and the refusals behind it.
    pub(super) fn refuse(&mut self, check: Check, why: Found, refusals: Vec<Refusal>) {
        self.add(check, CheckVerdict::Fail, why);
        if let Some(last) = self.checks.last_mut() {
            last.refusals = refusals;
        }
    }

    /// The checklist as text in `lang`, its verdict and what to do next on the last line; with
    /// `detail`, each check in technical words and the technical detail under what it found.
    pub fn text(&self, lang: Lang, detail: bool) -> String {
        let mut s = self.items(lang, detail);
        s.push_str(&self.verdict(lang, None));
        s
    }

    /// The checklist as plain English text, for a caller that speaks no other language.
    pub fn render(&self) -> String {
        self.text(Lang::En, false)
    }

    /// The numbered checks, a line each (and a line of detail under it, with `detail`).
    pub fn items(&self, lang: Lang, detail: bool) -> String {
        let mut s = String::new();
        for i in &self.checks {
            let v = lang.say(match i.verdict {
                CheckVerdict::Pass => VerifyWord::Pass,
                CheckVerdict::Fail => VerifyWord::Fail,
                CheckVerdict::NotVerifiable => VerifyWord::NotVerifiable,
                CheckVerdict::Skipped => VerifyWord::Skipped,
            });
            let check = if detail { i.check.detail(lang) } else { i.check.said(lang) };
            s.push_str(&format!("{:>3}. [{v}] {check}", i.n));
            let why = i.why.said(lang);
            if !why.is_empty() {
                s.push_str(&format!(" — {why}"));
            }
            s.push('\n');
            if let Some(d) = i.why.detail(lang).filter(|_| detail) {
                s.push_str(&format!("       {}\n", lang.format(VerifySays::Detail { detail: &d })));
            }
        }
        s
    }

    /// The last line: the verdict, and what to do next — what a pass means; whom to tell and what
    /// to re-check after a failure; what is missing when a check could not be made. `audit` is
    /// whether the audit of the paper rechecked, when one was asked for.
    pub fn verdict(&self, lang: Lang, audit: Option<bool>) -> String {
        let numbers = |v: CheckVerdict| -> Vec<String> {
            self.checks.iter().filter(|i| i.verdict == v).map(|i| i.n.to_string()).collect()
        };
        let (failed, unverified, skipped) =
            (numbers(CheckVerdict::Fail), numbers(CheckVerdict::NotVerifiable), numbers(CheckVerdict::Skipped));
        let mut line = if self.passed && audit == Some(false) {
            lang.say(VerifyWord::AuditFails).to_string()
        } else if self.passed && skipped.is_empty() {
            lang.format(VerifySays::AllPassed { n: &self.checks.len() })
        } else if self.passed {
            let n = self.checks.len() - skipped.len();
            lang.format(VerifySays::PassedSkipped { n: &n, skipped: &skipped.len() })
        } else if !failed.is_empty() {
            let checks = &failed.join(lang.list_sep());
            let only = |f: fn(&Item) -> bool| self.checks.iter().filter(|i| i.verdict == CheckVerdict::Fail).all(f);
            if only(|i| i.check == Check::ManifestSignature) {
                lang.format(VerifySays::FailedSignature { checks })
            } else if only(
                |i| matches!(&i.why, Found::Files(p) if p.iter().all(|p| matches!(p, FileProblem::Missing { .. }))),
            ) {
                lang.format(VerifySays::FailedMissing { checks })
            } else {
                lang.format(VerifySays::Failed { checks })
            }
        } else {
            let mut missing: Vec<String> = Vec::new();
            for i in self.checks.iter().filter(|i| i.verdict == CheckVerdict::NotVerifiable) {
                let m = i.why.missing(lang).unwrap_or_else(|| i.why.said(lang));
                if !missing.contains(&m) {
                    missing.push(m);
                }
            }
            let checks = &unverified.join(lang.list_sep());
            lang.format(VerifySays::NotVerified { checks, missing: &missing.join(lang.list_sep()) })
        };
        line.push('\n');
        line
    }
}
