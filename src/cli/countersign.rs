//! `zheng countersign`: a monitor's (监票人) signature added to a station's result.

use std::path::PathBuf;

use zheng::seal::keys;
use zheng::seal::manifest::Manifest;
use zheng::seal::result::ResultFile;

use zheng::words::Lang;
use zheng::words::command::CommandSays;

use super::{LangArg, println};

/// Adds a monitor's (监票人) countersignature to a station's result.
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest (the key must be a listed monitor of the result's station).
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// The monitor's key file.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The result file, rewritten in place.
    #[arg(value_name = "RESULT")]
    result: PathBuf,
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let manifest = Manifest::load(&a.election)?;
    let key = keys::load(&a.key)?;
    let mut r = ResultFile::read(&a.result)?;
    zheng::audit::close::countersign(manifest.election(), &a.result, &mut r, &key)?;
    zheng::files::write_atomic(&a.result, &r.to_bytes())?;
    let (key, n) = (keys::public_hex(&key), r.signatures().len());
    println(&Lang::from(a.lang).format(CommandSays::Countersigned { path: &a.result.display(), key: &key, n: &n }))?;
    Ok(0)
}
