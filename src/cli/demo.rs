//! `zheng demo`: the sample village election, end to end.

use super::{LangArg, print};

/// Counts the sample village election embedded from fixtures/ and prints its counting sheets.
#[derive(clap::Args)]
pub struct Args {
    /// Language of the sheets.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
    /// Also write each vote's printable report (HTML for A4) to this folder.
    #[arg(long, value_name = "DIR")]
    report_out: Option<std::path::PathBuf>,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    print(&zheng::demo::run(a.lang.into(), a.report_out.as_deref())?)?;
    Ok(0)
}
