//! `zheng close`: one box counted, its result signed, its ballots published.

use std::path::PathBuf;

use zheng::audit::close;
use zheng::seal::keys;
use zheng::seal::manifest::Manifest;

use zheng::words::Lang;
use zheng::words::command::CommandSays;

use super::{LangArg, println};

/// Counts one box and writes its signed result, with its published ballots beside it.
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest.
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// The station's key file.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The box file.
    #[arg(value_name = "BOX")]
    box_file: PathBuf,
    /// The result file to write (X.zres; the ballots go to X.ballots.jsonl).
    #[arg(long, value_name = "RESULT")]
    out: PathBuf,
    /// The closing time to record (RFC 3339); default now. Recorded, never checked.
    #[arg(long, value_name = "TIME")]
    closed_at: Option<String>,
    /// Replace an existing result of another signed body (its countersignatures are lost), or
    /// other evidence at RESULT.
    #[arg(long)]
    force: bool,
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    // Never over an input; over other evidence, `close::write` decides (the same result is kept).
    let inputs = [a.election.as_path(), a.key.as_path(), a.box_file.as_path()];
    zheng::files::not_an_input(&a.out, &inputs)?;
    zheng::files::not_an_input(&close::ballots_path(&a.out), &inputs)?;
    let manifest = Manifest::load(&a.election)?;
    let key = keys::load(&a.key)?;
    let (result, published) = close::close(manifest.election(), &key, &a.box_file, super::closed_at(a.closed_at))?;
    let written = close::write(&a.out, &result, &published, a.force)?;
    let (b, lang) = (result.body(), Lang::from(a.lang));
    println(&lang.format(CommandSays::Closed {
        path: &a.out.display(),
        station: &b.station,
        voters: &b.voters,
        ballots: &b.ballots,
        valid: &b.valid,
        invalid: &(b.ballots - b.valid),
        result: &hex::encode(result.id()),
    }))?;
    let (path, root) = (close::ballots_path(&a.out), hex::encode(b.ballots_root));
    println(&lang.format(CommandSays::Published { path: &path.display(), root: &root }))?;
    if written == close::Written::Kept {
        eprintln!("{}", lang.format(CommandSays::KeptResult { path: &a.out.display() }));
    }
    Ok(0)
}
