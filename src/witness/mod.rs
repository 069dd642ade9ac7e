//! A witness of transparency logs (c2sp.org/tlog-witness) — of collectors' logs, or of any C2SP
//! log whose checkpoint key it is given.
//!
//! Takes in the checkpoints logs send to `POST /add-checkpoint`, each with a consistency proof from
//! the last checkpoint this witness cosigned for that log; gives out, for each one consistent with
//! it and signed by a key trusted for its log, a cosignature (c2sp.org/tlog-cosignature, Ed25519,
//! made by [`crate::seal::cosignature::Cosigner`]) — once the checkpoint is stored, durably, as
//! the log's latest. It never cosigns a smaller tree, nor another root for a size it cosigned:
//! the check against the latest and the new latest are one SQLite transaction.
//!
//! - [`check`]: the decision, pure (request, logs and latest in; cosignature or refusal out);
//! - [`store`]: the latest cosigned checkpoint of each log, and evidence of forks (SQLite);
//! - [`server`]: HTTP, bounded by [`crate::net`].
//!
//! Imports [`crate::seal`] (keys, cosignatures, the request's text), [`crate::net`],
//! [`crate::files`], [`crate::words`] and [`crate::error`]; never the collector, of the same rank:
//! a collector and a witness speak over HTTP only.

pub mod check;
pub mod server;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use ed25519_dalek::SigningKey;

use crate::error::Error;
use crate::seal::cosignature::{Cosigner, Vkey};

/// What a witness is started with.
pub struct Config {
    /// Its name (a key name: no space, no `+`; e.g. `witness.example/zheng-1`).
    pub name: String,
    /// Its signing key.
    pub key: SigningKey,
    /// The logs it witnesses: their vkeys (type 0x01), the origin of each its key name.
    pub logs: Vec<Vkey>,
    /// Its store (created if missing).
    pub store: PathBuf,
    /// Its bounds.
    pub limits: server::Limits,
}

/// A witness ready to serve.
pub struct Started {
    /// Its routes: serve them with [`crate::net::serve::serve`] and `limits.bounds()`.
    pub app: Router,
    /// Its vkey (type 0x04), for the logs and clients that trust it.
    pub vkey: Vkey,
    /// The origins of the logs it witnesses.
    pub origins: Vec<String>,
}

/// Opens the store (refusing one made for another witness key), and builds the routes.
pub fn start(c: Config) -> Result<Started, Error> {
    let cosigner = Cosigner::new(&c.name, c.key).map_err(Error::Refusal)?;
    let logs = check::Logs::new(c.logs).map_err(Error::Refusal)?;
    let store = store::Store::open(&c.store)?;
    store.bind(cosigner.vkey())?;
    let vkey = cosigner.vkey().clone();
    let origins = logs.origins().map(str::to_string).collect();
    let w = Arc::new(server::Witness::new(cosigner, logs, store, &c.limits));
    Ok(Started { app: server::router(w, &c.limits), vkey, origins })
}
