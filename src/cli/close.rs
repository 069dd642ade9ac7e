//! `zheng close`: one box counted, its result signed, its ballots published.

use std::path::PathBuf;

use zheng::audit::close;
use zheng::seal::keys;
use zheng::seal::manifest::Manifest;

use super::println;

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
    let b = result.body();
    println(&format!(
        "{}: station {} — {} voters, {} ballots ({} valid, {} invalid); result {}",
        a.out.display(),
        b.station,
        b.voters,
        b.ballots,
        b.valid,
        b.ballots - b.valid,
        hex::encode(result.id())
    ))?;
    println(&format!(
        "{}: published ballots, Merkle root {}",
        close::ballots_path(&a.out).display(),
        hex::encode(b.ballots_root)
    ))?;
    if written == close::Written::Kept {
        eprintln!("{}: the same result was there already: kept, with its signatures", a.out.display());
    }
    Ok(0)
}
