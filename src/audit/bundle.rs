//! A merged bundle: everything a supervisor needs to re-check a vote with no other state.
//!
//! ```text
//! DIR/manifest.toml          the manifest, byte for byte as given
//! DIR/manifest.sig           the township's signature on it (when given)
//! DIR/people.toml            the village register kinship was judged on (when given)
//! DIR/results/<station>.zres one signed result per station
//! DIR/ballots/<station>.jsonl its published ballots, in canonical order
//! DIR/outcome.json           the outcome (contract §4)
//! DIR/sheet.txt              the counting sheet
//! ```

use std::path::Path;

use crate::audit::merge::Merged;
use crate::error::{Error, Refusal, Usage};
use crate::report::sheet;
use crate::vote::outcome::Outcome;
use crate::vote::register::Register;
use crate::words::Lang;

/// The manifest's file name in a bundle.
pub const MANIFEST: &str = "manifest.toml";
/// The manifest signature's file name.
pub(crate) const MANIFEST_SIG: &str = "manifest.sig";
/// The village register's file name (contract §5), when the merge was given one.
pub(crate) const REGISTER: &str = "people.toml";
/// The folder of results.
pub const RESULTS: &str = "results";
/// The folder of published ballots.
pub const BALLOTS: &str = "ballots";
/// The outcome's file name.
pub(crate) const OUTCOME: &str = "outcome.json";
/// The counting sheet's file name.
pub(crate) const SHEET: &str = "sheet.txt";

/// The outcome file's exact bytes.
pub(crate) fn outcome_bytes(o: &Outcome) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(o).expect("an outcome serializes");
    v.push(b'\n');
    v
}

/// The sheet file's exact bytes.
pub(crate) fn sheet_bytes(o: &Outcome) -> Vec<u8> {
    sheet::render(o, Lang::Zh).into_bytes()
}

/// Writes a bundle to `dir`, which must not exist or be empty. Everything is written into a
/// temporary folder beside it, synced, then renamed into place: no half-written bundle.
pub fn write(
    dir: &Path,
    manifest: &[u8],
    manifest_sig: Option<&[u8]>,
    register: Option<&[u8]>,
    merged: &Merged,
    outcome: &Outcome,
) -> Result<(), Error> {
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
        return Err(Error::Usage(Usage::NotEmpty { dir: dir.display().to_string() }));
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
    if let Some(people) = register {
        put(REGISTER, people)?;
    }
    std::fs::create_dir_all(tmp.path().join(RESULTS)).map_err(|e| Error::io(tmp.path(), e))?;
    std::fs::create_dir_all(tmp.path().join(BALLOTS)).map_err(|e| Error::io(tmp.path(), e))?;
    for input in merged.accepted() {
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

/// The bundle's digest (FORMAT.md "Bundle digest"): SHA-256 of the lines `sha256sum` prints for
/// every file of the bundle, sorted by path — what
/// `cd DIR && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum` prints, so that anyone
/// can recompute it without Zheng. The printed report carries it, as text and as a QR code.
pub fn digest(dir: &Path) -> Result<String, Error> {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    walk(dir, ".", &mut files)?;
    files.sort();
    let mut all = Sha256::new();
    for rel in files {
        let path = dir.join(&rel[2..]);
        let mut f = crate::files::open_regular(&path)?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = std::io::Read::read(&mut f, &mut buf).map_err(|e| Error::io(&path, e))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
        all.update(format!("{}  {rel}\n", hex::encode(h.finalize())));
    }
    Ok(hex::encode(all.finalize()))
}

/// Every regular file under `dir`, as `./relative/path`; anything else (a link, a FIFO) refused.
fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), Error> {
    let here = dir.join(rel);
    for entry in std::fs::read_dir(&here).map_err(|e| Error::io(&here, e))? {
        let entry = entry.map_err(|e| Error::io(&here, e))?;
        let name =
            entry.file_name().into_string().map_err(|n| Error::Usage(Usage::NotUtf8Name { name: format!("{n:?}") }))?;
        let r = format!("{rel}/{name}");
        let kind = entry.file_type().map_err(|e| Error::io(&entry.path(), e))?;
        if kind.is_dir() {
            walk(dir, &r, out)?;
        } else if kind.is_file() {
            out.push(r);
        } else {
            return Err(Error::Usage(Usage::NeitherFileNorFolder { path: entry.path().display().to_string() }));
        }
    }
    Ok(())
}

/// The bundle's village register, when it holds one: read, validated and checked against the
/// manifest (every candidate's `person` in it under the same name).
pub fn register(dir: &Path, e: &crate::vote::manifest::Election) -> Result<Option<Register>, Error> {
    let path = dir.join(REGISTER);
    if !path.exists() {
        return Ok(None);
    }
    let r = Register::load(&path)?;
    crate::vote::register::check_register(e, &r, &path)?;
    Ok(Some(r))
}
