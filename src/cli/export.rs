//! `zheng export`: the open exports of a count or a verified bundle — CSV, or NIST SP 1500-100 v2
//! Election Results Reporting JSON (contract §5).

use std::path::{Path, PathBuf};

use zheng::seal::manifest::Manifest;
use zheng::vote::count::{BoxSource, count_boxes};
use zheng::vote::outcome::Outcome;

use super::print;

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

/// Runs it: 0 written; 1 a bundle that does not verify (its checklist on stderr) or a store's vote
/// not decided yet; 2 bad input.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let (manifest, counts, outcome) = if let Some(dir) = &a.bundle {
        if let Some(out) = &a.out {
            zheng::files::not_an_input(out, &[dir])?;
        }
        match zheng::audit::bundle::counts(dir, a.trust.as_deref())? {
            Ok(made) => made,
            Err(checklist) => {
                eprint!("{}", checklist.render());
                eprintln!("zheng: no export: the bundle does not verify");
                return Ok(1);
            }
        }
    } else if let Some(db) = &a.store {
        if let Some(out) = &a.out {
            zheng::files::not_an_input(out, &[db])?;
        }
        let s = zheng::collect::store::Store::open_read_only(db)?;
        let election = a.election.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
        let manifest = super::report::stored_manifest(db, &s, &election)?;
        match zheng::collect::counted(&s, manifest.election())? {
            Ok((counts, outcome)) => (manifest, counts, outcome),
            Err(why) => {
                eprintln!("zheng: no export: {why}");
                return Ok(why.exit_code());
            }
        }
    } else {
        let e = a.election.clone().unwrap_or_default();
        if a.boxes.is_empty() {
            anyhow::bail!(zheng::Error::Usage("give the box files to export (or --bundle DIR)".into()));
        }
        if let Some(out) = &a.out {
            let mut inputs: Vec<&Path> = a.boxes.iter().map(PathBuf::as_path).collect();
            inputs.push(&e);
            zheng::files::not_an_input(out, &inputs)?;
        }
        let manifest = Manifest::load(&e)?;
        let el = manifest.election();
        let people = a.register.as_deref().map(|p| zheng::vote::avoid::load_register(p, el)).transpose()?;
        let sources: Vec<BoxSource<'_>> = a.boxes.iter().cloned().map(BoxSource::File).collect();
        let counts = count_boxes(el, &sources, false)?;
        let outcome = Outcome::with_register(el, &counts, people.as_ref().map(|(r, _)| r));
        (manifest, counts, outcome)
    };
    let e = manifest.election();
    let text = match a.format {
        Format::Csv => zheng::report::export::csv(e, &outcome, &counts)
            .map_err(|err| zheng::Error::Usage(format!("CSV: {err}")))?,
        Format::Nist => serde_json::to_string_pretty(&zheng::report::export::nist(e, &outcome, &counts, false))? + "\n",
    };
    match &a.out {
        Some(p) => zheng::files::write_atomic(p, text.as_bytes())?,
        None => print(&text)?,
    }
    Ok(0)
}
