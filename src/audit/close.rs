//! Closing a box: count it, publish its ballots in canonical order, and sign the result with the
//! station's key (`zheng close`).

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

use crate::error::{Error, Refusal};
use crate::files::write_atomic;
use crate::seal::keys;
use crate::seal::record::{self, Published};
use crate::seal::result::{ResultBody, ResultFile};
use crate::vote::ballot::Schema;
use crate::vote::boxfile::BoxSource;
use crate::vote::manifest::Election;
use crate::vote::tally::Kernel;

/// Counts a box and signs its result. `closed_at` is recorded as given (RFC 3339).
pub fn close(
    election: &Election,
    key: &SigningKey,
    box_path: &Path,
    closed_at: String,
) -> Result<(ResultFile, Published), Error> {
    close_source(election, key, &BoxSource::File(box_path.to_path_buf()), closed_at)
}

/// [`close`] of a box from a file or from bytes in memory (the scale run's devices, which
/// generate their boxes).
pub fn close_source(
    election: &Election,
    key: &SigningKey,
    source: &BoxSource<'_>,
    closed_at: String,
) -> Result<(ResultFile, Published), Error> {
    let box_path = source.name();
    let schema = Schema::new(election);
    let kernel = Kernel::new(election, schema.layout());
    let published = record::publish_source(source, &schema, &kernel)?;
    let station_id = &published.header.station;
    let Some((station, st)) = election.station(station_id) else {
        return Err(Error::unknown_station(box_path, station_id));
    };
    let public = keys::public_hex(key);
    match st.key.as_deref() {
        None => {
            return Err(Error::Refusal(Refusal::NoStationKeyToSign { station: station_id.clone(), public }));
        }
        Some(k) if k != public => {
            let listed = k.to_string();
            return Err(Error::Refusal(Refusal::NotTheStationKey { public, station: station_id.clone(), listed }));
        }
        Some(_) => {}
    }
    let body =
        ResultBody::new(election, station, published.header.voters, &published.tally, published.root(), closed_at);
    Ok((ResultFile::sign(body, key), published))
}

/// The published ballots file that goes with a result file: `X.zres` → `X.ballots.jsonl`.
pub fn ballots_path(result: &Path) -> PathBuf {
    let s = result.as_os_str().to_string_lossy();
    match s.strip_suffix(".zres") {
        Some(stem) => PathBuf::from(format!("{stem}.ballots.jsonl")),
        None => PathBuf::from(format!("{s}.ballots.jsonl")),
    }
}

/// Adds a monitor's (监票人) countersignature to a result: the key must be one of the monitors the
/// manifest lists for the result's station, and must not have signed it already. `path` names the
/// result in errors.
pub fn countersign(election: &Election, path: &Path, result: &mut ResultFile, key: &SigningKey) -> Result<(), Error> {
    let station = &result.body().station;
    let Some((_, st)) = election.station(station) else {
        return Err(Error::refused(path, Refusal::UnknownStation { station: station.clone() }));
    };
    let public = keys::public_hex(key);
    if !st.monitors.contains(&public) {
        return Err(Error::Refusal(Refusal::NotAListedMonitor { public, station: st.id.clone() }));
    }
    result.countersign(key)
}

/// What [`write`] did with a result file that was there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new result file.
    New,
    /// The same signed body was there: the file was kept, with its countersignatures.
    Kept,
    /// Another result was there and `force` replaced it.
    Replaced,
}

/// Writes a result and its published ballots beside it (`X.zres` and `X.ballots.jsonl`). Over an
/// existing result: the same signed body keeps the file there (and its monitors' signatures);
/// another is refused unless `force`. Over other evidence (a journal, a box file, …): refused
/// unless `force`.
pub fn write(out: &Path, result: &ResultFile, published: &Published, force: bool) -> Result<Written, Error> {
    let ballots = ballots_path(out);
    let existing = ResultFile::read(out).ok();
    if let Some(old) = &existing
        && old.signed_bytes() == result.signed_bytes()
    {
        write_published(&ballots, published)?;
        return Ok(Written::Kept);
    }
    if existing.is_some() && !force {
        return Err(Error::Refusal(Refusal::ResultDiffers { out: out.display().to_string() }));
    }
    crate::files::guard_output(out, &[], force)?;
    crate::files::guard_output(&ballots, &[], force)?;
    write_published(&ballots, published)?;
    write_atomic(out, &result.to_bytes())?;
    Ok(if existing.is_some() { Written::Replaced } else { Written::New })
}

/// Writes the published ballots file, streamed.
fn write_published(path: &Path, published: &Published) -> Result<(), Error> {
    crate::files::write_atomic_streamed(path, |w| published.write_to(w))
}

/// Now, as RFC 3339 in UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
