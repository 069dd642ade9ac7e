//! `zheng sign-manifest`: the township's signature on a manifest.

use std::path::PathBuf;

use zheng::seal::manifest::Manifest;
use zheng::seal::{keys, manifest_sig};

use zheng::words::Lang;
use zheng::words::command::CommandSays;

use super::{LangArg, println};

/// Signs a manifest with the township's key.
#[derive(clap::Args)]
pub struct Args {
    /// The election manifest.
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// The township's key file.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The signature file to write.
    #[arg(long, value_name = "SIG")]
    out: PathBuf,
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    zheng::files::guard_output(&a.out, &[&a.election, &a.key], false)?;
    let manifest = Manifest::load(&a.election)?;
    let e = manifest.election();
    let key = keys::load(&a.key)?;
    zheng::files::write_atomic(&a.out, &manifest_sig::sign(e, &key))?;
    let (sha, key) = (hex::encode(e.canonical_sha256()), keys::public_hex(&key));
    println(&Lang::from(a.lang).format(CommandSays::ManifestSigned { path: &a.out.display(), sha: &sha, key: &key }))?;
    Ok(0)
}
