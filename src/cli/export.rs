//! `zheng export`: the open exports of a count or a verified bundle — CSV, or NIST SP 1500-100 v2
//! Election Results Reporting JSON (contract §5).

use std::path::{Path, PathBuf};

use zheng::audit::source::{self, Source, Uncounted};
use zheng::collect::store::Store;

use zheng::words::Lang;
use zheng::words::command::CommandSays;

use super::{LangArg, print};

/// Writes a count's open export.
#[derive(clap::Args)]
pub struct Args {
    /// `csv` (a row per box × post × person, then the totals) or `nist-1500-100`.
    #[arg(long, value_enum)]
    format: Format,
    /// The election manifest, with the box files; with --store, its file or its election id.
    #[arg(long, value_name = "E.toml", required_unless_present = "bundle", conflicts_with = "bundle")]
    election: Option<PathBuf>,
    /// A collector's store (`zheng collect --store`): what it holds for --election, merged and
    /// checked as `zheng merge --store` does.
    #[arg(long, value_name = "DB", conflicts_with_all = ["bundle", "boxes", "register"])]
    store: Option<PathBuf>,
    /// Box files (JSON Lines), one per station.
    #[arg(value_name = "BOX")]
    boxes: Vec<PathBuf>,
    /// Or a merged bundle, verified first.
    #[arg(long, value_name = "DIR")]
    bundle: Option<PathBuf>,
    /// The township's public key in hex, to check a bundle's manifest signature.
    #[arg(long, value_name = "HEX", requires = "bundle")]
    trust: Option<String>,
    /// The village register (contract §5), for kinship avoidance in a count of boxes.
    #[arg(long, value_name = "people.toml", conflicts_with = "bundle")]
    register: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Language of what is printed (not the export, which is data), errors too: zh or en
    /// (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `--format`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// NIST SP 1500-100 v2 Election Results Reporting, JSON.
    #[value(name = "nist-1500-100")]
    Nist,
}

impl super::argv::Files for Args {
    fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
        Some(&mut self.boxes)
    }
}

/// Runs it: 0 written; 1 a bundle that does not verify (its checklist on stderr) or a store's vote
/// not decided yet; 2 bad input.
pub fn run(a: Args) -> anyhow::Result<u8> {
    // An export is data with no language of its own; what the command says is in its language.
    let lang = Lang::from(a.lang);
    let guard = |inputs: &[&Path]| a.out.as_deref().map_or(Ok(()), |out| zheng::files::not_an_input(out, inputs));
    let (store, election);
    let source = if let Some(dir) = &a.bundle {
        guard(&[dir])?;
        Source::Bundle { dir, trust: a.trust.as_deref() }
    } else if let Some(db) = &a.store {
        guard(&[db])?;
        store = Store::open_read_only(db)?;
        let name = a.election.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
        election = super::report::stored_manifest(db, &store, &name)?.into_election();
        Source::Store { store: &store, election: &election, shown: db.display().to_string(), recount: true }
    } else {
        let e = a.election.as_deref().unwrap_or(Path::new(""));
        if a.boxes.is_empty() {
            anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::NoBoxesToExport));
        }
        let mut inputs: Vec<&Path> = a.boxes.iter().map(PathBuf::as_path).collect();
        inputs.push(e);
        guard(&inputs)?;
        Source::Boxes { election: e, boxes: &a.boxes, register: a.register.as_deref() }
    };
    let count = match source::count(source, false)? {
        Ok(count) => count,
        Err(Uncounted::Unverified(checklist)) => {
            eprint!("{}", checklist.text(lang, false));
            eprintln!("zheng: {}", lang.format(CommandSays::NoExportUnverified {}));
            return Ok(1);
        }
        Err(Uncounted::Undecided(why)) => {
            eprintln!("zheng: {}", lang.format(CommandSays::NoExport { why: &super::refusal_in(lang, &why) }));
            return Ok(why.exit_code());
        }
    };
    let (e, outcome, counts) = (count.election(), count.outcome(), count.counts());
    let text = match a.format {
        Format::Csv => zheng::report::export::csv(e, outcome, counts)
            .map_err(|err| zheng::Error::Invariant(format!("CSV: {err}")))?,
        Format::Nist => serde_json::to_string_pretty(&zheng::report::export::nist(e, outcome, counts, false))? + "\n",
    };
    match &a.out {
        Some(p) => zheng::files::write_atomic(p, text.as_bytes())?,
        None => print(&text)?,
    }
    Ok(0)
}
