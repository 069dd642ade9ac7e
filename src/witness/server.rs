//! The witness's HTTP server (axum on tokio, hyper underneath), bounded as every listener of Zheng
//! is ([`crate::net`]): connections at once and header deadlines by [`crate::net::serve`], the body
//! by [`crate::net::body`] (at most [`Limits::max_body`], `413` on a declared length over it before
//! a byte is read, a minimum pace), requests at once by a pool of slots (none free: `503` at
//! once), the whole request by a timeout (`408`).
//!
//! Routes (docs/PROTOCOL.md, "The witness"):
//! - `POST /add-checkpoint` — c2sp.org/tlog-witness: `200` with the cosignature line, or `400`,
//!   `403`, `404`, `409` (body: the latest cosigned size, `text/x.tlog.size`), `422` with a
//!   refusal (`{"code","en","zh"}`, as the collector's);
//! - `GET /<SHA-256 of the origin, hex>/checkpoint` — the latest checkpoint cosigned for a log, with
//!   the log's signatures and the cosignature (`404` if none);
//! - `GET /health`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use tokio::sync::Semaphore;

use crate::error::{Error, Refusal};
use crate::net::body::{self, Pace};
use crate::net::serve::Bounds;
use crate::seal::cosignature::Cosigner;
use crate::seal::tlog_witness::{AddCheckpoint, SIZE_CONTENT_TYPE, size_body};
use crate::witness::check::{self, Cosigned, Logs};
use crate::witness::store::Store;
use crate::words::Lang;
use crate::words::witness::WitnessWord;

/// How the witness bounds its work.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body (a checkpoint with its signatures and 63 proof lines is a few KiB).
    pub max_body: usize,
    /// Requests checked at once; more are answered 503 at once.
    pub concurrency: usize,
    /// Connections held at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// The longest a request may take, body included.
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers, or stay idle between requests.
    pub header_timeout: Duration,
    /// The slowest a body may come.
    pub pace: Pace,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 64 << 10,
            concurrency: 64,
            max_connections: 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            pace: Pace::default(),
        }
    }
}

impl Limits {
    /// The socket bounds of the witness's listener.
    pub fn bounds(&self) -> Bounds {
        Bounds { max_connections: self.max_connections, header_timeout: self.header_timeout }
    }
}

/// What the handlers share: the witness's key, the logs it witnesses, its store.
pub struct Witness {
    cosigner: Cosigner,
    logs: Logs,
    store: Mutex<Store>,
    max_body: usize,
    pace: Pace,
    slots: Arc<Semaphore>,
}

impl Witness {
    /// A witness signing with `cosigner` for `logs`, keeping its state in `store`.
    pub fn new(cosigner: Cosigner, logs: Logs, store: Store, limits: &Limits) -> Witness {
        Witness {
            cosigner,
            logs,
            store: Mutex::new(store),
            max_body: limits.max_body,
            pace: limits.pace,
            slots: Arc::new(Semaphore::new(limits.concurrency.max(1))),
        }
    }

    /// Checks a request, and cosigns it if it holds — the new state durable before this returns.
    /// The checks that need no state run before the store is locked.
    pub fn add_checkpoint(&self, request: &[u8], now: u64) -> Result<Result<Cosigned, Refusal>, Error> {
        let req = match AddCheckpoint::parse(request) {
            Ok(r) => r,
            Err(r) => return Ok(Err(r)),
        };
        let lines = match check::check_signed(&self.logs, &req) {
            Ok(l) => l,
            Err(r) => return Ok(Err(r)),
        };
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.add(req.checkpoint.origin(), request, |latest| {
            check::check_against(latest, &req)?;
            check::cosign(&self.cosigner, &req, &lines, now)
        })
    }

    /// The latest checkpoint cosigned for the log whose origin hashes to `origin_hash` (SHA-256,
    /// lower-case hex), as kept for monitors.
    pub fn cosigned(&self, origin_hash: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(origin) = self.logs.origins().find(|o| hex::encode(Sha256::digest(o)) == origin_hash) else {
            return Ok(None);
        };
        self.store.lock().unwrap_or_else(|p| p.into_inner()).cosigned(origin)
    }
}

/// The HTTP status of a witness's refusal (c2sp.org/tlog-witness).
pub fn status_of(r: &Refusal) -> StatusCode {
    match r {
        Refusal::NotAnAddCheckpoint { .. } | Refusal::OldSizeTooLarge { .. } => StatusCode::BAD_REQUEST,
        Refusal::BadLogSignature { .. } => StatusCode::FORBIDDEN,
        Refusal::UnknownLog { .. } => StatusCode::NOT_FOUND,
        Refusal::OldSizeMismatch { .. } => StatusCode::CONFLICT,
        Refusal::EmptyTreeRoot
        | Refusal::ProofFromEmptyTree
        | Refusal::NotConsistent { .. }
        | Refusal::RootDiffers { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // A witness gives no other refusal to a request: one would be a fault of its own.
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refusal as the witness answers it: `409` with the latest size as `text/x.tlog.size`; any other
/// with its status and `{"code","en","zh"}`.
pub fn refusal(r: &Refusal) -> Response {
    if let Refusal::OldSizeMismatch { latest, .. } = r {
        return (StatusCode::CONFLICT, [(header::CONTENT_TYPE, SIZE_CONTENT_TYPE)], size_body(*latest)).into_response();
    }
    (status_of(r), Json(json!({"code": r.code(), "en": r.en(), "zh": r.zh()}))).into_response()
}

/// Seconds since the epoch, at least 1 (a cosignature's timestamp is never 0).
pub fn now() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(1, |d| d.as_secs()).max(1)
}

/// An answer's words in both languages, English first (as the collector's).
fn both(w: WitnessWord) -> String {
    format!("{} / {}\n", Lang::En.say(w), Lang::Zh.say(w))
}

/// A 500 that says what failed, never where.
fn failed(w: WitnessWord) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, both(w)).into_response()
}

/// The routes, bounded: requests share a pool of slots (load shed: 503 at once when none is free)
/// and a timeout.
pub fn router(w: Arc<Witness>, limits: &Limits) -> Router {
    use axum::error_handling::HandleErrorLayer;
    use tower::ServiceBuilder;
    let bounded = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            (StatusCode::SERVICE_UNAVAILABLE, crate::net::serve::BUSY_BODY).into_response()
        }))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::with_semaphore(Arc::clone(&w.slots)));
    Router::new()
        .route("/add-checkpoint", post(add))
        .route("/{origin}/checkpoint", get(checkpoint))
        .layer(bounded)
        .route("/health", get(|| async { "ok\n" }))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .with_state(w)
}

async fn add(State(w): State<Arc<Witness>>, headers: HeaderMap, b: Body) -> Response {
    let bytes = match body::read(&headers, b, w.max_body, w.pace).await {
        Ok(b) => b,
        Err(r) => return (r.status(), r.words()).into_response(),
    };
    let done = tokio::task::spawn_blocking(move || w.add_checkpoint(&bytes, now())).await;
    match done {
        Ok(Ok(Ok(c))) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], c.line).into_response(),
        Ok(Ok(Err(r))) => refusal(&r),
        Ok(Err(e)) => {
            eprintln!("zheng witness: {e}");
            failed(WitnessWord::NotStored)
        }
        Err(_) => failed(WitnessWord::CheckFailed),
    }
}

async fn checkpoint(State(w): State<Arc<Witness>>, Path(origin): Path<String>) -> Response {
    let done = tokio::task::spawn_blocking(move || w.cosigned(&origin)).await;
    match done {
        Ok(Ok(Some(note))) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response(),
        Ok(Ok(None)) => (StatusCode::NOT_FOUND, both(WitnessWord::NoCheckpoint)).into_response(),
        Ok(Err(e)) => {
            eprintln!("zheng witness: {e}");
            failed(WitnessWord::Unreadable)
        }
        Err(_) => failed(WitnessWord::Unreadable),
    }
}
