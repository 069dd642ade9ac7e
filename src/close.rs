//! Closing a box: count it, publish its ballots in canonical order, and sign the result with the
//! station's key (`zheng close`).

use std::path::Path;

use ed25519_dalek::SigningKey;

use crate::ballot::Schema;
use crate::error::{Error, write_atomic};
use crate::keys;
use crate::manifest::Election;
use crate::merge::ballots_path;
use crate::record::{self, Published};
use crate::result::{ResultBody, ResultFile};
use crate::tally::Kernel;

/// Counts a box and signs its result. `closed_at` is recorded as given (RFC 3339).
pub fn close(
    e: &Election,
    key: &SigningKey,
    box_path: &Path,
    closed_at: String,
) -> Result<(ResultFile, Published), Error> {
    let schema = Schema::new(e);
    let kernel = Kernel::new(e, &schema.layout);
    let published = record::publish(box_path, &schema, &kernel)?;
    let station_id = &published.header.station;
    let Some((station, st)) = e.station(station_id) else {
        return Err(Error::unknown_station(box_path, station_id));
    };
    let public = keys::public_hex(key);
    match st.key.as_deref() {
        None => {
            return Err(Error::Usage(format!(
                "the manifest lists no key for station {station_id:?}: add key = \"{public}\""
            )));
        }
        Some(k) if k != public => {
            return Err(Error::Usage(format!(
                "this key ({public}) is not station {station_id:?}'s key in the manifest ({k})"
            )));
        }
        Some(_) => {}
    }
    let body = ResultBody::new(e, station, published.header.voters, &published.tally, published.root(), closed_at);
    Ok((ResultFile::sign(body, key), published))
}

/// Writes a result and its published ballots beside it (`X.zres` and `X.ballots.jsonl`).
pub fn write(out: &Path, result: &ResultFile, published: &Published) -> Result<(), Error> {
    write_atomic(&ballots_path(out), &published.to_bytes())?;
    write_atomic(out, &result.to_bytes())
}

/// Now, as RFC 3339 in UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
