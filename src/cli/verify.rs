//! `zheng verify`: a supervisor's independent check of a bundle.

use std::path::PathBuf;

use super::{LangArg, print, print_json, status};

/// A supervisor's independent check of a merged bundle: exit 0 only if every check passes.
#[derive(clap::Args)]
pub struct Args {
    /// The bundle folder (from `zheng merge --out`).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The township's public key in hex, to check the manifest's signature.
    #[arg(long, value_name = "HEX")]
    trust: Option<String>,
    /// Print the checklist as JSON: each check and what it found in English technical words (what
    /// --detail shows), the verdicts `passed`, `failed`, `not-verifiable`, `skipped`.
    #[arg(long)]
    json: bool,
    /// Also show the technical detail: each check in technical words, and under what it found the
    /// keys, hashes, algorithm, byte offsets and refusals behind it.
    #[arg(long, conflicts_with = "json")]
    detail: bool,
    /// Also recheck this audit of the bundle's paper (`zheng audit plan --out`): the plan, every
    /// draw, every risk and the verdict, recomputed.
    #[arg(long, value_name = "AUDIT")]
    audit: Option<PathBuf>,
    /// Language of the checklist.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    if let Some(t) = &a.trust {
        zheng::seal::keys::parse_public(t).map_err(|e| zheng::Error::Usage(zheng::error::Usage::Trust(e)))?;
    }
    match std::fs::metadata(&a.dir) {
        Err(e) => return Err(zheng::Error::io(&a.dir, e).into()),
        Ok(m) if !m.is_dir() => {
            let path = a.dir.display().to_string();
            return Err(zheng::Error::Usage(zheng::error::Usage::NotABundle { path }).into());
        }
        Ok(_) => {}
    }
    let report = zheng::audit::verify::checklist(&a.dir, a.trust.as_deref());
    let audit = match (&a.audit, report.passed) {
        (Some(dir), true) => Some(zheng::paper::recheck::recheck(&a.dir, a.trust.as_deref(), dir)?),
        _ => None,
    };
    let audit_passed = audit.as_ref().is_none_or(|c| c.iter().all(|c| c.passed()));
    if a.json {
        match &audit {
            None => print_json(&report)?,
            Some(c) => {
                let mut v = serde_json::to_value(&report)?;
                v["audit"] = serde_json::to_value(c)?;
                print_json(&v)?;
            }
        }
    } else {
        let lang = a.lang.into();
        print(&report.items(lang, a.detail))?;
        if let Some(c) = &audit {
            print(&zheng::paper::text::rechecked(c, lang))?;
        }
        print(&report.verdict(lang, audit.as_ref().map(|_| audit_passed)))?;
    }
    Ok(status(report.passed && audit_passed))
}
