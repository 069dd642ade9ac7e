//! `zheng report`: the printable public-counting report, from boxes, a bundle or a collector's store.

use std::path::{Path, PathBuf};

use zheng::audit::source::{self, Source, Uncounted};
use zheng::collect::store::Store;
use zheng::seal::manifest::Manifest;

use zheng::words::command::CommandSays;
use zheng::words::notice::NoticeSays;

use super::{LangArg, println, status};

/// Writes the printable public-counting report: one self-contained HTML file for A4.
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest; with --store, its file or its election id.
    #[arg(long, value_name = "E.toml", required_unless_present = "bundle")]
    election: Option<String>,
    /// Box files (JSON Lines), one per station: the report of a count.
    #[arg(value_name = "BOX", conflicts_with_all = ["bundle", "store"])]
    boxes: Vec<PathBuf>,
    /// A merged bundle (`zheng merge --out`): verified first, then reported with its seals.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["election", "store"])]
    bundle: Option<PathBuf>,
    /// A collector's store (`zheng collect --store`): what it holds for --election.
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// The township's public key in hex, to check a bundle's manifest signature.
    #[arg(long, value_name = "HEX", requires = "bundle")]
    trust: Option<String>,
    /// Report even if some stations are missing: the report says PROVISIONAL on its first page.
    #[arg(long, conflicts_with = "bundle")]
    partial: bool,
    /// The village register (contract §5), for kinship avoidance in a count of boxes (a bundle
    /// uses the register it holds).
    #[arg(long, value_name = "people.toml", conflicts_with_all = ["bundle", "store"])]
    register: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

impl super::argv::Files for Args {
    fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
        Some(&mut self.boxes)
    }
}

/// Runs it: 0 written and the vote stands; 1 written and the vote is void, or a bundle that does not
/// verify (its checklist on stderr, nothing written); 2 bad input.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let lang = a.lang.into();
    let (store, election);
    let source = if let Some(dir) = &a.bundle {
        zheng::files::not_an_input(&a.out, &[dir])?;
        Source::Bundle { dir, trust: a.trust.as_deref() }
    } else if let Some(db) = &a.store {
        zheng::files::not_an_input(&a.out, &[db])?;
        store = Store::open_read_only(db)?;
        election = stored_manifest(db, &store, a.election.as_deref().unwrap_or_default())?.into_election();
        Source::Store { store: &store, election: &election, shown: db.display().to_string(), recount: false }
    } else {
        let e = Path::new(a.election.as_deref().unwrap_or_default());
        if a.boxes.is_empty() {
            anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::NoBoxesToReport));
        }
        let mut inputs: Vec<&Path> = a.boxes.iter().map(PathBuf::as_path).collect();
        inputs.push(e);
        zheng::files::not_an_input(&a.out, &inputs)?;
        Source::Boxes { election: e, boxes: &a.boxes, register: a.register.as_deref() }
    };
    let (html, valid) = match source::count(source, a.partial)? {
        Ok(count) => count.report(lang)?,
        Err(Uncounted::Unverified(checklist)) => {
            eprint!("{}", checklist.text(lang, false));
            eprintln!("zheng: {}", lang.format(CommandSays::NoReportUnverified {}));
            return Ok(1);
        }
        Err(Uncounted::Undecided(why)) => return Err(zheng::Error::Refusal(why).into()),
    };
    zheng::files::write_atomic(&a.out, html.as_bytes())?;
    println(&lang.format(NoticeSays::Written { path: &a.out.display(), bytes: &html.len() }))?;
    Ok(status(valid))
}

/// The manifest the store at `db` holds for an election, named by its file or its id. The store
/// itself is never read as a manifest file: this process holds it through SQLite, and a plain open
/// and close of it would drop SQLite's locks (issue 25).
pub fn stored_manifest(db: &Path, s: &Store, election: &str) -> anyhow::Result<Manifest> {
    let p = Path::new(election);
    if zheng::files::same_file(p, db) {
        anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::StoreNotManifest { election: election.to_string() }));
    }
    if p.is_file() {
        return Ok(Manifest::load(p)?);
    }
    for (id, text) in s.manifests()? {
        if id == election {
            return Ok(Manifest::from_text(text, Path::new(&format!("(store manifest {id})")))?);
        }
    }
    anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::NoSuchElection { election: election.to_string() }))
}
