//! The collector's HTTP server (axum on tokio, hyper underneath): stations `POST` their signed
//! results and get a signed receipt or a refusal; anyone reads the log as C2SP tiles and
//! checkpoints. Every request is bounded: its socket by [`crate::net::serve`] (connections at
//! once, a deadline on headers and idle sockets), its body by [`crate::net::body`] (one buffer of at
//! most the limit, `413` on a declared length over it before a byte is read, a minimum pace after a
//! short grace), its whole time by tower-http's timeout. Receiving a body holds no slot: a result
//! takes one of [`Limits::concurrency`] slots only once it has fully arrived, to be verified and
//! stored (none free: `503` at once), so clients that send slowly never keep a station's result
//! waiting; reads share one such pool of their own; published ballots being received are bounded in
//! bytes in all ([`Limits::max_staged`]).
//!
//! Routes (docs/PROTOCOL.md):
//! - `POST /v1/elections/{election}/results` — a result file → a receipt (200 new, 200 again, 409
//!   conflict) or a refusal (400, 404, 422);
//! - `PUT /v1/elections/{election}/results/{result}/ballots` — its published ballots (optional);
//! - `GET /checkpoint`, `GET /tile/…` — the log (c2sp.org/tlog-tiles);
//! - `GET /v1/proof/inclusion?index=&size=`, `GET /v1/proof/consistency?old=&new=`;
//! - `GET /v1/elections/{election}/status`, `GET /v1/elections/{election}/outcome`;
//! - `GET /v1/log` (origin and key), `GET /health`.
//!
//! This file holds the collector's state, its limits, the router and the read routes; the two
//! write routes, a result and its published ballots, are in [`submit`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use ed25519_dalek::VerifyingKey;
use serde_json::json;
use tokio::sync::{Semaphore, mpsc};

use crate::collect::log::{self, TileRef};
use crate::collect::store::{Store, refusal_label};
use crate::collect::writer::Job;
use crate::error::{Error, Refusal};
use crate::net::body::{self, Pace};
use crate::net::serve::Bounds;
use crate::vote::manifest::Election;

mod submit;

/// How the server bounds its work.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body: a result file (published ballots have their own limit).
    pub max_result: usize,
    /// The largest published ballots file.
    pub max_ballots: usize,
    /// Published ballots being received at once, in bytes in all (staged in temporary files
    /// until checked); an upload that would pass it is answered 503.
    pub max_staged: u64,
    /// Results verified and stored at once, and, apart, reads answered at once; more are
    /// answered 503 at once.
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
            // A result's log entry holds at most 65,535 bytes: a body past 128 KiB can only be refused.
            max_result: 128 << 10,
            max_ballots: 1 << 30,
            max_staged: 4 << 30,
            concurrency: 512,
            max_connections: 4096,
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            pace: Pace::default(),
        }
    }
}

impl Limits {
    /// The socket bounds of the collector's listener.
    pub fn bounds(&self) -> Bounds {
        Bounds { max_connections: self.max_connections, header_timeout: self.header_timeout }
    }
}

/// The label every refusal of a result naming no station of the manifest (or not decoding) is
/// counted under.
pub(crate) const UNKNOWN_STATION: &str = "?";

/// What the handlers share.
pub struct Collector {
    max_result: usize,
    max_ballots: usize,
    pace: Pace,
    elections: BTreeMap<String, Arc<Election>>,
    jobs: mpsc::Sender<Job>,
    read: Mutex<Store>,
    origin: String,
    public: VerifyingKey,
    /// Results being verified and stored.
    working: Semaphore,
    /// Reads being answered (shared by every read route).
    reading: Arc<Semaphore>,
    /// Published ballots being received, in KiB.
    staging: Semaphore,
}

impl Collector {
    /// A collector for these elections, writing through `jobs`, reading through `read`.
    pub fn new(
        elections: Vec<Election>,
        jobs: mpsc::Sender<Job>,
        read: Store,
        origin: String,
        public: VerifyingKey,
        limits: &Limits,
    ) -> Collector {
        let elections = elections.into_iter().map(|e| (e.id().to_string(), Arc::new(e))).collect();
        let kib = usize::try_from(limits.max_staged / 1024).unwrap_or(usize::MAX).min(Semaphore::MAX_PERMITS);
        Collector {
            max_result: limits.max_result,
            max_ballots: limits.max_ballots,
            pace: limits.pace,
            elections,
            jobs,
            read: Mutex::new(read),
            origin,
            public,
            working: Semaphore::new(limits.concurrency.max(1)),
            reading: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            staging: Semaphore::new(kib),
        }
    }

    async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Response> {
        let me = Arc::clone(self);
        let done = tokio::task::spawn_blocking(move || {
            let store = me.read.lock().unwrap_or_else(|p| p.into_inner());
            f(&store)
        })
        .await;
        match done {
            Ok(Ok(t)) => Ok(t),
            Ok(Err(e)) => {
                eprintln!("zheng collect: a read failed: {e}");
                Err(failed("the store could not be read / 无法读取存储库"))
            }
            Err(_) => Err(failed("a reader failed / 读取出错")),
        }
    }
}

/// A 500 that says what failed, never where (no path of the store or of a temporary file).
fn failed(words: &'static str) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, format!("{words}\n")).into_response()
}

/// A 503: the collector is busy or stopping.
fn busy() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, crate::net::serve::BUSY_BODY).into_response()
}

/// A body refused as it came.
fn body_refused(r: body::Refused) -> Response {
    (r.status(), r.words()).into_response()
}

/// An election the collector does not collect for, named as the store would count it (cut, escaped).
fn unknown(election: &str) -> Response {
    refusal(&[Refusal::UnknownElection { election: refusal_label(election) }])
}

/// The HTTP status of a refusal. Every refusal is named: a new one does not compile until someone
/// chooses its status.
// Long: one table of refusal to status, every refusal named; clearer whole than split.
pub fn status_of(r: &Refusal) -> StatusCode {
    use Refusal::*;
    match r {
        NotAResult | Undecodable { .. } | NotCanonicalBytes | UnknownResultFormat { .. } => StatusCode::BAD_REQUEST,
        UnknownElection { .. } => StatusCode::NOT_FOUND,
        ResultTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ConflictingResult { .. } | ConflictingResults { .. } => StatusCode::CONFLICT,
        // A signed result against the manifest.
        WrongElection { .. }
        | OtherManifest { .. }
        | UnknownStation { .. }
        | CountsDoNotFit { .. }
        | NoStationKey { .. }
        | NotSignedFirstByStation
        | SignedTwice { .. }
        | UnknownSigner { .. }
        | BadStationSignature { .. }
        | BadMonitorSignature { .. }
        | TooFewMonitors { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // The published ballots of a result.
        BallotsHeaderMismatch
        | BallotsNotInCanonicalOrder { .. }
        | BallotNotCanonical { .. }
        | HeaderNotCanonical
        | NoFinalNewline
        | BallotsUnreadable { .. }
        | BallotsRootMismatch
        | RecountDiffers
        | NotABallot { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // The merge as a whole.
        StationsMissing => StatusCode::UNPROCESSABLE_ENTITY,
        // The next round of a vote.
        VoteVoid
        | NothingPending
        | OutcomeOfAnotherVote { .. }
        | RoundNotCalledFor { .. }
        | OutcomeOfAnotherVillage { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // Signing.
        NoStationKeyToSign { .. }
        | NotTheStationKey { .. }
        | NotAListedMonitor { .. }
        | AlreadySigned
        | BallotsMissing { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // The township's signature on a manifest.
        NotAManifestSignature | SignedByAnotherKey { .. } | SignatureOfAnotherManifest | BadManifestSignature => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // A station journal.
        JournalExists
        | NoJournal
        | NotAJournal { .. }
        | UnknownJournalFormat
        | JournalManifestChanged
        | JournalStationUnknown { .. }
        | ChainBroken { .. }
        | JournalWrittenElsewhere
        | LogBroken { .. }
        | BoxClosed
        | OutputIsAnInput { .. }
        | WouldOverwrite { .. }
        | ResultDiffers { .. }
        | NoBallotToUndo
        | NotALiveBallot { .. }
        | VotersUnknown
        | NotTheSameBox
        | JournalsDisagree { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // The collector and its log.
        StoreManifestDiffers { .. }
        | NotAReceipt { .. }
        | BadCollectorSignature
        | BadCheckpoint { .. }
        | ProofFails { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // Witnesses and their keys (a witness answers these itself, with its own statuses).
        BadVkey { .. }
        | BadCosignature { .. }
        | NotAnAddCheckpoint { .. }
        | UnknownLog { .. }
        | BadLogSignature { .. }
        | OldSizeTooLarge { .. }
        | OldSizeMismatch { .. }
        | EmptyTreeRoot
        | ProofFromEmptyTree
        | NotConsistent { .. }
        | RootDiffers { .. }
        | NotYetWitnessed { .. }
        | QuorumNotReached { .. }
        | BadPolicy { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // The audit of the paper (contract §6).
        SeedTooShort { .. }
        | SeedNotDigits
        | BadRiskLimit { .. }
        | BundleDoesNotVerify { .. }
        | NotVerified { .. }
        | NotAnAudit { .. }
        | NotABallotOfTheAudit { .. }
        | NotDrawn { .. }
        | PaperDiffers { .. }
        | HandCountOfAnotherBox { .. }
        | AuditExists { .. }
        | RoundNotLarger { .. }
        | HandCountDiffers { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A refusal as the protocol answers it: the status, and `{"code","en","zh"}` for the first.
fn refusal(refusals: &[Refusal]) -> Response {
    let first = &refusals[0];
    let all: Vec<_> = refusals.iter().map(|r| json!({"code": r.code(), "en": r.en(), "zh": r.zh()})).collect();
    let body = json!({"code": first.code(), "en": first.en(), "zh": first.zh(), "refusals": all});
    (status_of(first), Json(body)).into_response()
}

/// The routes, with the layers that bound them: reads share one pool of slots (load shed: 503 at
/// once when none is free); submissions take a slot of their own once their body has come.
pub fn router(c: Arc<Collector>, limits: &Limits) -> Router {
    use axum::error_handling::HandleErrorLayer;
    use tower::ServiceBuilder;
    let bounded = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async { busy() }))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::with_semaphore(Arc::clone(&c.reading)));
    let reads = Router::new()
        .route("/v1/log", get(log_info))
        .route("/v1/elections/{election}/status", get(status))
        .route("/v1/elections/{election}/outcome", get(outcome))
        .route("/v1/proof/inclusion", get(inclusion))
        .route("/v1/proof/consistency", get(consistency))
        .route("/checkpoint", get(checkpoint))
        .route("/checkpoint/witnessed", get(witnessed))
        .route("/tile/{*path}", get(tile))
        .layer(bounded);
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/v1/elections/{election}/results", post(submit::result))
        .route("/v1/elections/{election}/results/{result}/ballots", put(submit::ballots))
        .merge(reads)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .with_state(c)
}

async fn log_info(State(c): State<Arc<Collector>>) -> Response {
    Json(json!({"origin": c.origin, "key": hex::encode(c.public.as_bytes())})).into_response()
}

async fn status(State(c): State<Arc<Collector>>, Path(election): Path<String>) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return unknown(&election);
    };
    match c.read(move |s| crate::collect::status(s, &e)).await {
        Ok(st) => Json(st).into_response(),
        Err(resp) => resp,
    }
}

async fn outcome(State(c): State<Arc<Collector>>, Path(election): Path<String>) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return unknown(&election);
    };
    let e2 = Arc::clone(&e);
    let merged = match c.read(move |s| crate::collect::merged(s, &e2, None)).await {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    match merged.outcome(&e, true) {
        Ok(o) => {
            let complete = merged.missing().is_empty();
            Json(json!({"complete": complete, "missing": merged.missing(), "outcome": o})).into_response()
        }
        Err(r) => refusal(&[r]),
    }
}

#[derive(serde::Deserialize)]
struct InclusionQuery {
    index: u64,
    size: Option<u64>,
}

async fn inclusion(State(c): State<Arc<Collector>>, Query(q): Query<InclusionQuery>) -> Response {
    let text = c
        .read(move |s| {
            let size = q.size.map_or_else(|| s.size(), Ok)?;
            if q.index >= size || size > s.size()? {
                return Ok(None);
            }
            let proof = log::prove_inclusion(&s.hashes(), size, q.index).map_err(Error::Refusal)?;
            Ok(Some(crate::collect::proof_text("inclusion", q.index, size, &proof)))
        })
        .await;
    proof_response(text)
}

#[derive(serde::Deserialize)]
struct ConsistencyQuery {
    old: u64,
    new: Option<u64>,
}

async fn consistency(State(c): State<Arc<Collector>>, Query(q): Query<ConsistencyQuery>) -> Response {
    let text = c
        .read(move |s| {
            let new = q.new.map_or_else(|| s.size(), Ok)?;
            // A consistency proof is from a tree of at least one entry (RFC 6962).
            if q.old == 0 || q.old > new || new > s.size()? {
                return Ok(None);
            }
            let proof = log::prove_consistency(&s.hashes(), new, q.old).map_err(Error::Refusal)?;
            Ok(Some(crate::collect::proof_text("consistency", q.old, new, &proof)))
        })
        .await;
    proof_response(text)
}

fn proof_response(text: Result<Option<String>, Response>) -> Response {
    match text {
        Ok(Some(t)) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such tree or entry in this log\n").into_response(),
        Err(resp) => resp,
    }
}

/// `GET /checkpoint`: the newest checkpoint, with the cosignature lines held for it after the
/// log's own signature.
async fn checkpoint(State(c): State<Arc<Collector>>) -> Response {
    let newest = |s: &crate::collect::store::Store| match s.checkpoint()? {
        Some((size, _)) => s.cosigned_checkpoint(size),
        None => Ok(None),
    };
    match c.read(newest).await {
        Ok(Some(note)) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "nothing logged yet\n").into_response(),
        Err(resp) => resp,
    }
}

/// `GET /checkpoint/witnessed`: the newest checkpoint the quorum of witnesses cosigned, with
/// their cosignatures (a receipt's checkpoint is then checked against it by a consistency proof).
async fn witnessed(State(c): State<Arc<Collector>>) -> Response {
    let found = |s: &crate::collect::store::Store| crate::collect::witnesses::witnessed(s);
    match c.read(found).await {
        Ok(Some((_, note, _))) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no checkpoint witnessed yet\n").into_response(),
        Err(resp) => resp,
    }
}

/// `GET /tile/<L>/<N>[.p/<W>]` and `/tile/entries/<N>[.p/<W>]`, within the newest checkpoint.
async fn tile(State(c): State<Arc<Collector>>, Path(path): Path<String>) -> Response {
    let Some(t) = TileRef::parse(&format!("tile/{path}")) else {
        return (StatusCode::NOT_FOUND, "not a tile path\n").into_response();
    };
    let data = c
        .read(move |s| {
            let size = s.checkpoint()?.map_or(0, |(n, _)| n);
            if !t.exists_in(size) {
                return Ok(None);
            }
            if t.is_entries() {
                let (from, n) = t.span();
                return Ok(Some(log::entry_bundle(&s.entries(from, n)?)));
            }
            t.tile.read_data(&s.hashes()).map(Some).map_err(|e| Error::Invariant(format!("tile: {e}")))
        })
        .await;
    match data {
        Ok(Some(bytes)) => ([(header::CONTENT_TYPE, "application/octet-stream")], Body::from(bytes)).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such tile in this log\n").into_response(),
        Err(resp) => resp,
    }
}

/// A TLS acceptor from a PEM certificate chain and its PEM private key (rustls, ring).
pub fn tls_acceptor(cert: &std::path::Path, key: &std::path::Path) -> Result<tokio_rustls::TlsAcceptor, Error> {
    use crate::error::KeyFileProblem as K;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |p: &std::path::Path, problem: K| Error::Key { path: p.display().to_string(), problem };
    let not_pem = |e: rustls::pki_types::pem::Error| bad(cert, K::NotPemCertificate { detail: e.to_string() });
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(cert).map_err(not_pem)?.collect::<Result<_, _>>().map_err(not_pem)?;
    if certs.is_empty() {
        return Err(bad(cert, K::NoCertificate));
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, K::NotPemKey { detail: e.to_string() }))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(cert, K::Tls { detail: e.to_string() }))?
        .with_no_client_auth()
        .with_single_cert(certs, private)
        .map_err(|e| bad(key, K::KeyDoesNotFit { detail: e.to_string() }))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
