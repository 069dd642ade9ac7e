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

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine as _;
use ed25519_dalek::VerifyingKey;
use serde_json::json;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::audit::merge;
use crate::collect::log::{self, TileRef};
use crate::collect::store::{Store, refusal_label};
use crate::collect::writer::{Job, Stored};
use crate::error::{Error, Refusal};
use crate::net::body::{self, Pace};
use crate::net::serve::Bounds;
use crate::seal::result::ResultFile;
use crate::vote::manifest::Election;

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
pub const UNKNOWN_STATION: &str = "?";

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

/// The HTTP status of a refusal.
pub fn status_of(r: &Refusal) -> StatusCode {
    use Refusal::*;
    match r {
        NotAResult | Undecodable { .. } | NotCanonicalBytes | UnknownResultFormat { .. } => StatusCode::BAD_REQUEST,
        UnknownElection { .. } => StatusCode::NOT_FOUND,
        ResultTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ConflictingResult { .. } | ConflictingResults { .. } => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
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
        .route("/tile/{*path}", get(tile))
        .layer(bounded);
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/v1/elections/{election}/results", post(submit))
        .route("/v1/elections/{election}/results/{result}/ballots", put(ballots))
        .merge(reads)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .with_state(c)
}

async fn log_info(State(c): State<Arc<Collector>>) -> Response {
    Json(json!({"origin": c.origin, "key": hex::encode(c.public.as_bytes())})).into_response()
}

/// `POST …/results`: the body read at pace, then — holding one of the slots — decoded, verified
/// against the manifest, and stored.
async fn submit(
    State(c): State<Arc<Collector>>,
    Path(election): Path<String>,
    headers: HeaderMap,
    sent: Body,
) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return unknown(&election);
    };
    let body = match body::read(&headers, sent, c.max_result, c.pace).await {
        Ok(b) => b,
        Err(body::Refused::TooLarge) => {
            let bytes = body::declared(&headers).map_or(c.max_result + 1, |n| usize::try_from(n).unwrap_or(usize::MAX));
            let r = Refusal::ResultTooLarge { bytes };
            note_refusal(&c, &election, UNKNOWN_STATION, &r).await;
            return refusal(&[r]);
        }
        Err(r) => return body_refused(r),
    };
    let Ok(_slot) = c.working.try_acquire() else { return busy() };
    let file = match ResultFile::from_bytes(&body) {
        Ok(f) => f,
        Err(r) => {
            note_refusal(&c, &election, UNKNOWN_STATION, &r).await;
            return refusal(&[r]);
        }
    };
    // A few signatures: tens of microseconds, checked right here rather than on another thread.
    let station = file.body().station.clone();
    // Counted under the station's id, or one label for every name the manifest does not list (a
    // forger's names are not kept, however many).
    let label = if e.station(&station).is_some() { station.as_str() } else { UNKNOWN_STATION };
    let entry = log::LogEntry::new(&election, &station, &body).to_bytes().len();
    if entry > usize::from(u16::MAX) {
        let r = Refusal::ResultTooLarge { bytes: entry };
        note_refusal(&c, &election, label, &r).await;
        return refusal(&[r]);
    }
    if let Err(reasons) = merge::verify_result(&e, &file) {
        note_refusal(&c, &election, label, &reasons[0]).await;
        return refusal(&reasons);
    }
    let (reply, answer) = oneshot::channel();
    let job = Job::Submit {
        election: election.clone(),
        station: station.clone(),
        result_id: file.id(),
        result: body.clone(),
        reply,
    };
    if c.jobs.send(job).await.is_err() {
        return busy();
    }
    let ack = match answer.await {
        Ok(Ok(ack)) => ack,
        _ => return failed("the submission could not be stored: send again / 未能存档，请重发"),
    };
    let stored = match ack.stored {
        Stored::Accepted => "accepted",
        Stored::Conflict => "conflict",
        Stored::Again => "again",
    };
    let receipt = crate::collect::receipt::Receipt::from_bytes(&ack.receipt).ok();
    let (status_word, index, checkpoint) = receipt
        .as_ref()
        .map(|r| (r.body().status.clone(), r.body().log_index, r.body().checkpoint.clone()))
        .unwrap_or_default();
    let mut body = json!({
        "stored": stored,
        "status": status_word,
        "election": election,
        "station": station,
        "result": hex::encode(file.id()),
        "index": index,
        "checkpoint": checkpoint,
        "receipt": base64::engine::general_purpose::STANDARD.encode(&ack.receipt),
    });
    if status_word == "conflict" {
        let r = Refusal::ConflictingResult { station };
        body["code"] = json!(r.code());
        body["en"] = json!(r.en());
        body["zh"] = json!(r.zh());
        return (StatusCode::CONFLICT, Json(body)).into_response();
    }
    (StatusCode::OK, Json(body)).into_response()
}

/// Counts a refusal under the election (one the collector collects for), the station's label and
/// the refusal's code: nothing of the refused result is stored.
async fn note_refusal(c: &Collector, election: &str, station: &str, r: &Refusal) {
    let job = Job::Refused { election: election.into(), station: station.into(), code: r.code().into() };
    let _ = c.jobs.send(job).await;
}

/// `PUT …/results/{result}/ballots`: the published ballots of a stored result, streamed at pace to
/// a temporary file (never held whole; at most [`Limits::max_ballots`] bytes, declared up front and
/// reserved from [`Limits::max_staged`]), checked (canonical form, Merkle root, recount) as `merge`
/// checks them, then copied into the store. Ballots already stored are not received again (they
/// are fixed by the result's signed root).
async fn ballots(
    State(c): State<Arc<Collector>>,
    Path((election, result)): Path<(String, String)>,
    headers: HeaderMap,
    sent: Body,
) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return unknown(&election);
    };
    let Some(id) = hex::decode(&result).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
        return (StatusCode::BAD_REQUEST, "the result is named by its SHA-256 in hex\n").into_response();
    };
    let Some(declared) = body::declared(&headers) else {
        return (StatusCode::LENGTH_REQUIRED, "published ballots are sent with their Content-Length\n").into_response();
    };
    if declared > c.max_ballots as u64 {
        return body_refused(body::Refused::TooLarge);
    }
    let Ok(reading) = c.reading.try_acquire() else { return busy() };
    let el = election.clone();
    let stored = c.read(move |s| s.submission_of(&el, &id)).await;
    drop(reading);
    let stored = match stored {
        Ok(Some(s)) if s.has_ballots => {
            return (StatusCode::OK, Json(json!({"stored": "ballots", "again": true}))).into_response();
        }
        Ok(Some(s)) => s,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such result stored: send the result first\n").into_response(),
        Err(resp) => return resp,
    };
    let kib = u32::try_from(declared.div_ceil(1024)).unwrap_or(u32::MAX);
    let Ok(_staged) = c.staging.try_acquire_many(kib) else { return busy() };
    let path = match receive(sent, declared, c.pace).await {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let checked = {
        let p = path.to_path_buf();
        tokio::task::spawn_blocking(move || check_ballots(&e, &stored.result, &p)).await
    };
    match checked {
        Ok(Ok(())) => {}
        Ok(Err(reasons)) => return refusal(&reasons),
        Err(_) => return failed("a check failed to run / 核验未能运行"),
    }
    let (reply, answer) = oneshot::channel();
    if c.jobs.send(Job::Ballots { election, result_id: id, ballots: path, reply }).await.is_err() {
        return busy();
    }
    match answer.await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({"stored": "ballots"}))).into_response(),
        _ => failed("the ballots could not be stored: send again / 选票未能存档，请重发"),
    }
}

/// Streams a request body of exactly `len` bytes into a temporary file, at pace.
async fn receive(sent: Body, len: u64, pace: Pace) -> Result<tempfile::TempPath, Response> {
    use std::io::Write as _;
    let io = |e: std::io::Error| {
        eprintln!("zheng collect: staging published ballots: {e}");
        failed("the ballots could not be staged / 选票未能暂存")
    };
    let mut file = tempfile::NamedTempFile::new().map_err(io)?;
    let mut write_failed = None;
    let max = usize::try_from(len).unwrap_or(usize::MAX);
    let got = body::each_chunk(sent, max, pace, |chunk| {
        file.write_all(chunk).map_err(|e| {
            write_failed = Some(e);
            body::Refused::CutOff
        })
    })
    .await;
    if let Some(e) = write_failed {
        return Err(io(e));
    }
    match got {
        Ok(n) if n == len => {}
        Ok(_) => return Err(body_refused(body::Refused::CutOff)),
        Err(r) => return Err(body_refused(r)),
    }
    file.as_file().sync_all().map_err(io)?;
    Ok(file.into_temp_path())
}

/// The published ballots checked as `merge` checks them beside a result file (streamed).
fn check_ballots(e: &Election, result: &[u8], ballots: &std::path::Path) -> Result<(), Vec<Refusal>> {
    let file = ResultFile::from_bytes(result).map_err(|r| vec![r])?;
    let input = merge::Input { path: "result".into(), file, ballots: Some(ballots.to_path_buf()) };
    let merged = merge::merge(e, vec![input]);
    let r = &merged.reports()[0];
    // The staged file's name is the collector's business: an answer names the ballots, not where
    // they were staged.
    let staged = ballots.display().to_string();
    let reasons: Vec<Refusal> = r
        .reasons
        .iter()
        .chain(&r.ballot_reasons)
        .map(|x| match x {
            Refusal::BallotsUnreadable { why } => {
                Refusal::BallotsUnreadable { why: why.replace(&staged, "the published ballots") }
            }
            other => other.clone(),
        })
        .collect();
    if reasons.is_empty() { Ok(()) } else { Err(reasons) }
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

async fn checkpoint(State(c): State<Arc<Collector>>) -> Response {
    match c.read(|s| s.checkpoint()).await {
        Ok(Some((_, note))) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "nothing logged yet\n").into_response(),
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
            t.tile.read_data(&s.hashes()).map(Some).map_err(|e| Error::Check(format!("tile: {e}")))
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
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |p: &std::path::Path, m: String| Error::Key { path: p.display().to_string(), message: m };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad(cert, format!("not a PEM certificate: {e}")))?
        .collect::<Result<_, _>>()
        .map_err(|e| bad(cert, format!("not a PEM certificate: {e}")))?;
    if certs.is_empty() {
        return Err(bad(cert, "no certificate in the file".into()));
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, format!("not a PEM private key: {e}")))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(cert, e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, private)
        .map_err(|e| bad(key, format!("the key does not go with the certificate: {e}")))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
