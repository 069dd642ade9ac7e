//! `zheng merge`: signed results verified and merged; the outcome decided; a bundle written.

use std::path::PathBuf;

use zheng::audit::{bundle, merge};
use zheng::collect::{self, store::Store};
use zheng::seal::manifest::Manifest;
use zheng::seal::manifest_sig;

use zheng::words::command::{CommandSays, CommandWord};

use super::{LangArg, print, print_outcome_json, println, status};

/// Verifies and merges signed results; decides the outcome.
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest.
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// Signed results (their X.ballots.jsonl beside them are checked too).
    #[arg(value_name = "RESULT", required_unless_present = "store", conflicts_with = "store")]
    results: Vec<PathBuf>,
    /// Merge what a collector stored for this election (`zheng collect --store DB`) instead.
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// Print the outcome as JSON (contract §4).
    #[arg(long)]
    json: bool,
    /// Write a bundle for `zheng verify` to this folder (must not exist or be empty).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The township's signature on the manifest (checked with --trust; put in the bundle).
    #[arg(long, value_name = "SIG")]
    manifest_sig: Option<PathBuf>,
    /// The township's public key in hex: the manifest must carry its valid signature.
    #[arg(long, value_name = "HEX")]
    trust: Option<String>,
    /// Decide even if some stations have no verified result (a provisional outcome; no bundle).
    #[arg(long)]
    partial: bool,
    /// The village register (contract §5): kinship avoidance among the winners [ZJE31]; kept in
    /// the bundle.
    #[arg(long, value_name = "people.toml")]
    register: Option<PathBuf>,
    /// Language of the counting sheet.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

impl super::argv::Files for Args {
    fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
        Some(&mut self.results)
    }
}

/// Runs it. What became of every result goes to stdout, or to stderr when stdout carries JSON.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let manifest = Manifest::load(&a.election)?;
    let e = manifest.election();
    let sig = manifest_sig::for_bundle(e, a.manifest_sig.as_deref(), a.trust.as_deref())?;
    let people = super::register_for(a.register.as_deref(), &a.election, e, a.lang.into())?;
    let ballots = tempfile::tempdir()?;
    let merged = match &a.store {
        Some(db) => collect::merged(&Store::open_read_only(db)?, e, Some(ballots.path()))?,
        None => {
            let inputs = a.results.iter().map(|p| merge::Input::read(p)).collect::<Result<Vec<_>, _>>()?;
            merge::merge(e, inputs)
        }
    };
    let say = |text: &str| {
        if a.json {
            eprint!("{text}");
            Ok(())
        } else {
            print(text)
        }
    };
    say(&merged.render(a.lang.into()))?;
    let mut outcome = match merged.outcome_with(e, a.partial, people.as_ref().map(|(r, _)| r)) {
        Ok(o) => o,
        Err(why) => {
            eprintln!("zheng: {}", super::refusal_in(a.lang.into(), &why));
            return Ok(1);
        }
    };
    if a.json {
        print_outcome_json(&mut outcome)?;
    } else {
        println("")?;
        print(&zheng::report::sheet::render(&outcome, a.lang.into()))?;
    }
    if let Some(dir) = a.out {
        if !merged.clean() {
            eprintln!("zheng: {}", zheng::words::Lang::from(a.lang).say(CommandWord::NoBundle));
            return Ok(1);
        }
        let register = people.as_ref().map(|(_, bytes)| bytes.as_slice());
        bundle::write(&dir, manifest.text().as_bytes(), sig.as_deref(), register, &merged, &outcome)?;
        say(&(zheng::words::Lang::from(a.lang).format(CommandSays::BundleWritten { dir: &dir.display() }) + "\n"))?;
    }
    Ok(status(merged.clean() && outcome.is_valid()))
}
