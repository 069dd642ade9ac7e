//! `zheng keygen`: a new Ed25519 key file.

use std::path::PathBuf;

use zheng::seal::keys;

use super::println;

/// Makes an Ed25519 key (file mode 0600) and prints its public key in hex; or, with `--public-of`,
/// prints the public key of an existing key file (for a manifest, when `keygen`'s output was lost).
#[derive(clap::Args)]
pub struct Args {
    /// The key file to create (never overwritten).
    #[arg(long, value_name = "FILE", required_unless_present = "public_of", conflicts_with = "public_of")]
    out: Option<PathBuf>,
    /// Print the public key of this existing key file instead (the file is only read).
    #[arg(long, value_name = "FILE")]
    public_of: Option<PathBuf>,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let key = match (a.out, a.public_of) {
        (_, Some(file)) => keys::load(&file)?,
        (Some(out), None) => {
            let key = keys::generate()?;
            keys::write_new(&out, &key)?;
            key
        }
        (None, None) => anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::KeygenNeedsOut)),
    };
    println(&keys::public_hex(&key))?;
    Ok(0)
}
