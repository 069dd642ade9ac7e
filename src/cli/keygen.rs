//! `zheng keygen`: a new Ed25519 key file.

use std::path::PathBuf;

use zheng::seal::keys;

use super::println;

/// Makes an Ed25519 key (file mode 0600) and prints its public key in hex.
#[derive(clap::Args)]
pub struct Args {
    /// The key file to create (never overwritten).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let key = keys::generate()?;
    keys::write_new(&a.out, &key)?;
    println(&keys::public_hex(&key))?;
    Ok(0)
}
