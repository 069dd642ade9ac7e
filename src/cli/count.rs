//! `zheng count`: box files counted and the outcome decided, as a sheet or as JSON (contract §4).

use std::path::PathBuf;

use std::sync::atomic::{AtomicBool, Ordering};

use zheng::seal::manifest::Manifest;
use zheng::vote::boxfile::BoxSource;
use zheng::vote::count::{Early, count_sources};

use super::{LangArg, print, print_outcome_json, status};

/// Counts box files and decides the outcome (no signatures needed).
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest (TOML).
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// Box files (JSON Lines), one per station of the manifest.
    #[arg(value_name = "BOX", required = true)]
    boxes: Vec<PathBuf>,
    /// Print the outcome as JSON (contract §4) instead of the counting sheet.
    #[arg(long)]
    json: bool,
    /// Language of the counting sheet.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
    /// Count even if some stations' boxes are missing (a provisional count).
    #[arg(long)]
    partial: bool,
    /// The village register (contract §5): kinship avoidance among the winners [ZJE31].
    #[arg(long, value_name = "people.toml")]
    register: Option<PathBuf>,
}

impl super::argv::Files for Args {
    fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
        Some(&mut self.boxes)
    }
}

/// Runs the command; returns its exit status. The boxes are read while the manifest is validated,
/// with its posts and rules alone (`vote::count::Early`): kept if the whole manifest is the same
/// election but for its stations, else read again.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let Args { election, boxes, json, lang, partial, register } = a;
    // The manifest read while the boxes' folders are opened: for ten thousand boxes each takes about
    // a millisecond of the main thread's, before any box is read.
    let (text, sources) = rayon::join(|| Manifest::read_text(&election), || BoxSource::files(boxes));
    let text = text?;
    let refused = AtomicBool::new(false);
    let (manifest, early) = rayon::join(
        || Manifest::from_text(text.clone(), &election).inspect_err(|_| refused.store(true, Ordering::Relaxed)),
        || Early::begin(&text, &sources, &refused),
    );
    let manifest = manifest?;
    let e = manifest.election();
    let people = super::register_for(register.as_deref(), &election, e, lang.into())?;
    let mut outcome = count_sources(e, &sources, partial, people.as_ref().map(|(r, _)| r), early)?;
    if json {
        print_outcome_json(&mut outcome)?;
    } else {
        print(&zheng::report::sheet::render(&outcome, lang.into()))?;
    }
    let valid = outcome.is_valid();
    // The command is done and the process ends: the manifest, the outcome and the boxes' paths are
    // left for the system to take back whole, not freed piece by piece (ten thousand stations' were
    // a sixth of what the main thread did after the count: issue 23).
    std::mem::forget((manifest, outcome, sources, text));
    Ok(status(valid))
}
