//! `zheng village`: a village's votes taken together — kinship conflicts between bodies, votes
//! still pending, and the structure report.

use std::path::PathBuf;

use zheng::village::Village;
use zheng::vote::register::Register;

use super::{LangArg, print, print_json, status};

/// A village's votes together: conflicts between bodies (ZJE31, ZJI30, ZJC25, 一肩挑) and in the
/// counting teams (ZJE22), pending votes, the structure report. Exit 1 when a conflict is found.
#[derive(clap::Args)]
pub struct Args {
    /// The village register (contract §5).
    #[arg(long, value_name = "people.toml")]
    register: PathBuf,
    /// The village's votes: outcomes (`zheng count --json` / `merge --json` files), merged
    /// bundles (each checked as `zheng verify` does first), and manifests (`E.toml`) whose boxes'
    /// counting teams are checked against the candidates [ZJE22] (a bundle's own is checked too).
    #[arg(value_name = "OUT.json|BUNDLE|E.toml", required_unless_present = "store")]
    outcomes: Vec<PathBuf>,
    /// Also every vote of this village a collector's store holds (`zheng collect --store`),
    /// merged and checked as `zheng merge --store` does.
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let register = Register::load(&a.register)?;
    let mut votes = zheng::audit::village::votes(&a.outcomes)?;
    if let Some(db) = &a.store {
        super::township::stored(db, &register, &mut votes, a.lang.into())?;
    }
    let v = Village::with_staff(&register, &votes.outcomes, votes.staff(&register))
        .map_err(|why| zheng::Error::refused(&a.register, why))?;
    if a.json {
        print_json(&v)?;
    } else {
        print(&zheng::report::village::text(&v, a.lang.into()))?;
    }
    Ok(status(v.clear()))
}
