//! `zheng township`: the structure report of a township's villages, each against the plan's
//! targets, rolled up — as text, JSON, CSV or an HTML page.

use std::path::PathBuf;

use zheng::law::village::{Township, Village};

use super::{LangArg, print, println, status};

/// The structure report across villages: each village folder holds `people.toml` and its votes'
/// outcomes (`*.json`, or merged bundles, verified first). Exit 1 when a kinship conflict is found.
#[derive(clap::Args)]
pub struct Args {
    /// Village folders.
    #[arg(value_name = "VILLAGE_DIR", required = true)]
    villages: Vec<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut villages = Vec::new();
    for dir in &a.villages {
        let (register, outcomes) = zheng::audit::village::folder(dir)?;
        let v =
            Village::new(&register, &outcomes).map_err(|e| zheng::Error::Usage(format!("{}: {e}", dir.display())))?;
        villages.push(v);
    }
    let t = Township::new(villages);
    if let Some(p) = &a.csv {
        let text = zheng::report::village::csv(&t).map_err(|e| zheng::Error::Usage(format!("CSV: {e}")))?;
        zheng::files::write_atomic(p, text.as_bytes())?;
    }
    if let Some(p) = &a.html {
        zheng::files::write_atomic(p, zheng::report::village::html(&t, a.lang.into()).as_bytes())?;
    }
    if a.json {
        println(&serde_json::to_string_pretty(&t)?)?;
    } else {
        print(&zheng::report::village::township_text(&t, a.lang.into()))?;
    }
    Ok(status(t.villages.iter().all(|v| v.conflicts.is_empty())))
}
