//! `zheng sign-manifest`: the township's signature on a manifest.

use std::path::PathBuf;

use zheng::seal::manifest::Manifest;
use zheng::seal::{keys, manifest_sig};

use super::println;

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
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    zheng::files::guard_output(&a.out, &[&a.election, &a.key], false)?;
    let manifest = Manifest::load(&a.election)?;
    let e = manifest.election();
    let key = keys::load(&a.key)?;
    zheng::files::write_atomic(&a.out, &manifest_sig::sign(e, &key))?;
    println(&format!(
        "{}: manifest {} signed by {}",
        a.out.display(),
        hex::encode(e.canonical_sha256()),
        keys::public_hex(&key)
    ))?;
    Ok(0)
}
