//! A merged bundle: everything a supervisor needs to re-check a vote with no other state.
//!
//! ```text
//! DIR/manifest.toml          the manifest, byte for byte as given
//! DIR/manifest.sig           the township's signature on it (when given)
//! DIR/results/<station>.zres one signed result per station
//! DIR/ballots/<station>.jsonl its published ballots, in canonical order
//! DIR/outcome.json           the outcome (contract §4)
//! DIR/sheet.txt              the counting sheet
//! ```

use std::path::Path;

use crate::audit::merge::Merged;
use crate::error::{Error, Refusal};
use crate::law::outcome::Outcome;
use crate::report::lang::Lang;
use crate::report::sheet;

/// The manifest's file name in a bundle.
pub const MANIFEST: &str = "manifest.toml";
/// The manifest signature's file name.
pub const MANIFEST_SIG: &str = "manifest.sig";
/// The folder of results.
pub const RESULTS: &str = "results";
/// The folder of published ballots.
pub const BALLOTS: &str = "ballots";
/// The outcome's file name.
pub const OUTCOME: &str = "outcome.json";
/// The counting sheet's file name.
pub const SHEET: &str = "sheet.txt";

/// The outcome file's exact bytes.
pub fn outcome_bytes(o: &Outcome) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(o).expect("an outcome serializes");
    v.push(b'\n');
    v
}

/// The sheet file's exact bytes.
pub fn sheet_bytes(o: &Outcome) -> Vec<u8> {
    sheet::render(o, Lang::Zh).into_bytes()
}

/// Writes a bundle to `dir`, which must not exist or be empty. Everything is written into a
/// temporary folder beside it, synced, then renamed into place: no half-written bundle.
pub fn write(
    dir: &Path,
    manifest: &[u8],
    manifest_sig: Option<&[u8]>,
    merged: &Merged,
    outcome: &Outcome,
) -> Result<(), Error> {
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
        return Err(Error::Usage(format!("{} exists and is not empty", dir.display())));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new().prefix(".zheng-bundle-").tempdir_in(parent).map_err(|e| Error::io(parent, e))?;
    let put = |rel: &str, bytes: &[u8]| -> Result<(), Error> {
        let p = tmp.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        crate::files::write_atomic(&p, bytes)
    };
    put(MANIFEST, manifest)?;
    if let Some(sig) = manifest_sig {
        put(MANIFEST_SIG, sig)?;
    }
    std::fs::create_dir_all(tmp.path().join(RESULTS)).map_err(|e| Error::io(tmp.path(), e))?;
    std::fs::create_dir_all(tmp.path().join(BALLOTS)).map_err(|e| Error::io(tmp.path(), e))?;
    for &i in &merged.accepted {
        let input = &merged.inputs[i];
        let station = &input.file.body().station;
        let Some(ballots) = &input.ballots else {
            return Err(Error::Refusal(Refusal::BallotsMissing {
                result: input.path.display().to_string(),
                expected: crate::audit::close::ballots_path(&input.path).display().to_string(),
            }));
        };
        put(&format!("{RESULTS}/{station}.zres"), &input.file.to_bytes())?;
        crate::files::copy_atomic(ballots, &tmp.path().join(format!("{BALLOTS}/{station}.jsonl")))?;
    }
    put(OUTCOME, &outcome_bytes(outcome))?;
    put(SHEET, &sheet_bytes(outcome))?;
    let kept = tmp.keep();
    std::fs::rename(&kept, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        Error::io(dir, e)
    })?;
    Ok(())
}
