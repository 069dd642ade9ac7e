//! `zheng township`: the structure report of a township's villages, each against the plan's
//! targets, rolled up — as text, JSON, CSV or an HTML page.

use std::path::PathBuf;

use zheng::audit::village::Votes;
use zheng::village::{Township, Village};
use zheng::vote::register::Register;
use zheng::words::Lang;
use zheng::words::command::CommandSays;

use super::{LangArg, print, print_json, status};

/// The structure report across villages: each village folder holds `people.toml` and its votes'
/// outcomes (`*.json`, or merged bundles, verified first), and may hold manifests (`*.toml`) whose
/// counting teams are checked [ZJE22]. Exit 1 when a kinship conflict is found.
#[derive(clap::Args)]
pub struct Args {
    /// Village folders.
    #[arg(value_name = "VILLAGE_DIR", required = true)]
    villages: Vec<PathBuf>,
    /// Also every vote a collector's store holds (`zheng collect --store`), each counted with the
    /// village whose register names its village.
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Also write the report as CSV to this file.
    #[arg(long, value_name = "FILE.csv")]
    csv: Option<PathBuf>,
    /// Also write the report as an HTML page to this file.
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,
    /// Language of the text and the page.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Adds to `votes` the decided outcomes of a village's votes in a collector's store, and every one
/// of their manifests (whose counting teams are checked [ZJE22]); a vote not yet decided (a
/// station missing, a conflict) is named on stderr and left out of the outcomes.
pub fn stored(db: &std::path::Path, register: &Register, votes: &mut Votes, lang: Lang) -> anyhow::Result<()> {
    let store = zheng::collect::store::Store::open_read_only(db)?;
    for (election, why) in votes.add_stored(&store, register)? {
        let not_yet = lang.format(CommandSays::NotDecidedYet { store: &db.display(), election: &election });
        eprintln!("zheng: {not_yet}{}", super::refusal_in(lang, &why));
    }
    Ok(())
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut villages = Vec::new();
    for dir in &a.villages {
        let (register, mut votes) = zheng::audit::village::folder(dir)?;
        if let Some(db) = &a.store {
            stored(db, &register, &mut votes, a.lang.into())?;
        }
        let v = Village::with_staff(&register, &votes.outcomes, votes.staff(&register))
            .map_err(|why| zheng::Error::refused(dir, why))?;
        villages.push(v);
    }
    let t = Township::new(villages);
    if let Some(p) = &a.csv {
        let text = zheng::report::village::csv(&t).map_err(|e| zheng::Error::Invariant(format!("CSV: {e}")))?;
        zheng::files::write_atomic(p, text.as_bytes())?;
    }
    if let Some(p) = &a.html {
        zheng::files::write_atomic(p, zheng::report::village::html(&t, a.lang.into()).as_bytes())?;
    }
    if a.json {
        print_json(&t)?;
    } else {
        print(&zheng::report::village::township_text(&t, a.lang.into()))?;
    }
    Ok(status(t.villages.iter().all(Village::clear)))
}
