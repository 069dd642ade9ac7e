//! The collector's HTTP server (axum on tokio, hyper underneath): stations `POST` their signed
//! results and get a signed receipt or a refusal; anyone reads the log as C2SP tiles and
//! checkpoints. Every request is bounded — body size, header and whole-request time, concurrency
//! (with load shedding: a busy collector answers 503 at once rather than queueing without end) —
//! by tower and tower-http layers and hyper's own header timeout.
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
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine as _;
use ed25519_dalek::VerifyingKey;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

use crate::audit::merge;
use crate::collect::log::{self, TileRef};
use crate::collect::store::Store;
use crate::collect::writer::{Job, Stored};
use crate::error::{Error, Refusal};
use crate::law::manifest::Election;
use crate::seal::result::ResultFile;

/// How the server bounds its work.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body: a result file (published ballots have their own limit).
    pub max_result: usize,
    /// The largest published ballots file.
    pub max_ballots: usize,
    /// Requests handled at once; more are refused with 503 at once.
    pub concurrency: usize,
    /// The longest a request may take, body included.
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers (a half-open connection is closed).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_result: 1 << 20,
            max_ballots: 1 << 30,
            concurrency: 512,
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// What the handlers share.
pub struct Collector {
    max_ballots: usize,
    elections: BTreeMap<String, Arc<Election>>,
    jobs: mpsc::Sender<Job>,
    read: Mutex<Store>,
    origin: String,
    public: VerifyingKey,
}

impl Collector {
    /// A collector for these elections, writing through `jobs`, reading through `read`.
    pub fn new(
        elections: Vec<Election>,
        jobs: mpsc::Sender<Job>,
        read: Store,
        origin: String,
        public: VerifyingKey,
        max_ballots: usize,
    ) -> Collector {
        let elections = elections.into_iter().map(|e| (e.id().to_string(), Arc::new(e))).collect();
        Collector { max_ballots, elections, jobs, read: Mutex::new(read), origin, public }
    }

    async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Response> {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = me.read.lock().unwrap_or_else(|p| p.into_inner());
            f(&store)
        })
        .await
        .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "a reader failed").into_response())?
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response())
    }
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

/// The routes, with the tower layers that bound them.
pub fn router(c: Arc<Collector>, limits: &Limits) -> Router {
    use axum::error_handling::HandleErrorLayer;
    use tower::ServiceBuilder;
    let bounded = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            (StatusCode::SERVICE_UNAVAILABLE, "the collector is busy: send again shortly")
        }))
        .load_shed()
        .concurrency_limit(limits.concurrency);
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/v1/log", get(log_info))
        .route("/v1/elections/{election}/results", post(submit).layer(DefaultBodyLimit::max(limits.max_result)))
        .route("/v1/elections/{election}/results/{result}/ballots", put(ballots).layer(DefaultBodyLimit::disable()))
        .route("/v1/elections/{election}/status", get(status))
        .route("/v1/elections/{election}/outcome", get(outcome))
        .route("/v1/proof/inclusion", get(inclusion))
        .route("/v1/proof/consistency", get(consistency))
        .route("/checkpoint", get(checkpoint))
        .route("/tile/{*path}", get(tile))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(bounded)
        .with_state(c)
}

async fn log_info(State(c): State<Arc<Collector>>) -> Response {
    Json(json!({"origin": c.origin, "key": hex::encode(c.public.as_bytes())})).into_response()
}

/// `POST …/results`: decode, verify against the manifest (off the async threads), then store.
async fn submit(State(c): State<Arc<Collector>>, Path(election): Path<String>, body: Bytes) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return refusal(&[Refusal::UnknownElection { election }]);
    };
    let file = match ResultFile::from_bytes(&body) {
        Ok(f) => f,
        Err(r) => {
            note_refusal(&c, &election, "", &r).await;
            return refusal(&[r]);
        }
    };
    // A few signatures: tens of microseconds, checked right here rather than on another thread.
    let station = file.body().station.clone();
    let entry = log::LogEntry::new(&election, &station, &body).to_bytes().len();
    if entry > usize::from(u16::MAX) {
        let r = Refusal::ResultTooLarge { bytes: entry };
        note_refusal(&c, &election, &station, &r).await;
        return refusal(&[r]);
    }
    if let Err(reasons) = merge::verify_result(&e, &file) {
        note_refusal(&c, &election, &station, &reasons[0]).await;
        return refusal(&reasons);
    }
    let (reply, answer) = oneshot::channel();
    let job = Job::Submit {
        election: election.clone(),
        station: station.clone(),
        result_id: file.id(),
        result: body.to_vec(),
        reply,
    };
    if c.jobs.send(job).await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "the collector is stopping").into_response();
    }
    let ack = match answer.await {
        Ok(Ok(ack)) => ack,
        _ => return (StatusCode::INTERNAL_SERVER_ERROR, "the submission could not be stored").into_response(),
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

async fn note_refusal(c: &Collector, election: &str, station: &str, r: &Refusal) {
    let job = Job::Refused { election: election.into(), station: station.into(), code: r.code().into() };
    let _ = c.jobs.send(job).await;
}

/// `PUT …/results/{result}/ballots`: the published ballots of a stored result, streamed to a
/// temporary file (never held whole; at most [`Limits::max_ballots`] bytes), checked (canonical
/// form, Merkle root, recount) as `merge` checks them, then copied into the store.
async fn ballots(
    State(c): State<Arc<Collector>>,
    Path((election, result)): Path<(String, String)>,
    body: Body,
) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return refusal(&[Refusal::UnknownElection { election }]);
    };
    let Some(id) = hex::decode(&result).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
        return (StatusCode::BAD_REQUEST, "the result is named by its SHA-256 in hex").into_response();
    };
    let (el, r) = (election.clone(), id);
    let stored = match c
        .read(move |s| {
            Ok(s.submissions(&el)?.into_iter().find(|x| ResultFile::from_bytes(&x.result).is_ok_and(|f| f.id() == r)))
        })
        .await
    {
        Ok(Some(s)) => s,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such result stored: send the result first").into_response(),
        Err(resp) => return resp,
    };
    let path = match receive(body, c.max_ballots).await {
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
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "a check failed to run").into_response(),
    }
    let (reply, answer) = oneshot::channel();
    if c.jobs.send(Job::Ballots { election, result_id: id, ballots: path, reply }).await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "the collector is stopping").into_response();
    }
    match answer.await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({"stored": "ballots"}))).into_response(),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "the ballots could not be stored").into_response(),
    }
}

/// Streams a request body into a temporary file, refusing it (413) past `max` bytes.
async fn receive(body: Body, max: usize) -> Result<tempfile::TempPath, Response> {
    use futures_util::StreamExt;
    use tokio::io::AsyncWriteExt;
    let failed = |e: std::io::Error| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    let path = tempfile::NamedTempFile::new().map_err(failed)?.into_temp_path();
    let mut file = tokio::fs::File::create(&path).await.map_err(failed)?;
    let mut stream = body.into_data_stream();
    let mut n = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| (StatusCode::BAD_REQUEST, "the body was cut off").into_response())?;
        n += chunk.len();
        if n > max {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, "published ballots too large").into_response());
        }
        file.write_all(&chunk).await.map_err(failed)?;
    }
    file.sync_all().await.map_err(failed)?;
    Ok(path)
}

/// The published ballots checked as `merge` checks them beside a result file (streamed).
fn check_ballots(e: &Election, result: &[u8], ballots: &std::path::Path) -> Result<(), Vec<Refusal>> {
    let file = ResultFile::from_bytes(result).map_err(|r| vec![r])?;
    let input = merge::Input { path: "result".into(), file, ballots: Some(ballots.to_path_buf()) };
    let merged = merge::merge(e, vec![input]);
    let r = &merged.reports[0];
    let reasons: Vec<Refusal> = r.reasons.iter().chain(&r.ballot_reasons).cloned().collect();
    if reasons.is_empty() { Ok(()) } else { Err(reasons) }
}

async fn status(State(c): State<Arc<Collector>>, Path(election): Path<String>) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return refusal(&[Refusal::UnknownElection { election }]);
    };
    match c.read(move |s| crate::collect::status(s, &e)).await {
        Ok(st) => Json(st).into_response(),
        Err(resp) => resp,
    }
}

async fn outcome(State(c): State<Arc<Collector>>, Path(election): Path<String>) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return refusal(&[Refusal::UnknownElection { election }]);
    };
    let e2 = Arc::clone(&e);
    let merged = match c.read(move |s| crate::collect::merged(s, &e2, None)).await {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    match merged.outcome(&e, true) {
        Ok(o) => {
            let complete = merged.missing.is_empty();
            Json(json!({"complete": complete, "missing": merged.missing, "outcome": o})).into_response()
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
            if q.old > new || new > s.size()? {
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
            t.tile
                .read_data(&s.hashes())
                .map(Some)
                .map_err(|e| Error::Store { path: "tile".into(), message: e.to_string() })
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

/// Serves `app` on `listener` (over TLS when `tls` is given) until `shutdown` resolves; then stops
/// accepting, lets the requests in flight finish (at most `grace`), and returns. A TLS handshake
/// gets the header timeout too.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await; // out of descriptors: back off
                    continue;
                };
                let svc = TowerToHyperService::new(app.clone());
                let (watcher, tls, header) = (graceful.watcher(), tls.clone(), limits.header_timeout);
                tokio::spawn(async move {
                    let mut b = hyper::server::conn::http1::Builder::new();
                    b.timer(TokioTimer::new()).header_read_timeout(header);
                    match tls {
                        None => {
                            let _ = watcher.watch(b.serve_connection(TokioIo::new(stream), svc)).await;
                        }
                        Some(acceptor) => {
                            if let Ok(Ok(stream)) = tokio::time::timeout(header, acceptor.accept(stream)).await {
                                let _ = watcher.watch(b.serve_connection(TokioIo::new(stream), svc)).await;
                            }
                        }
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {}
    }
}
