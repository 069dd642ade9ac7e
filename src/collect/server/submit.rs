//! The collector's two write routes: a station's signed result (`POST …/results`: read at pace,
//! verified, stored through the writer, answered with its receipt) and, optionally, its published
//! ballots (`PUT …/results/{result}/ballots`: staged to a file, checked as `merge` checks them,
//! copied into the store). Every refusal is counted under its election, never stored.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::json;
use tokio::sync::oneshot;

use super::{Collector, UNKNOWN_STATION, body_refused, busy, failed, refusal, unknown};
use crate::audit::merge;
use crate::collect::log;
use crate::collect::writer::{Ack, Disposition, Job};
use crate::error::Refusal;
use crate::net::body::{self, Pace};
use crate::seal::result::ResultFile;
use crate::vote::manifest::Election;

/// `POST …/results`: the body read at pace, then — holding one of the slots — decoded, verified
/// against the manifest, and stored.
pub(super) async fn result(
    State(c): State<Arc<Collector>>,
    Path(election): Path<String>,
    headers: HeaderMap,
    sent: Body,
) -> Response {
    let Some(e) = c.elections.get(&election).cloned() else {
        return unknown(&election);
    };
    let body = match read_result(&c, &election, &headers, sent).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let Ok(_slot) = c.working.try_acquire() else { return busy() };
    let file = match verified(&c, &e, &election, &body).await {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    let station = file.body().station.clone();
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
    match answer.await {
        Ok(Ok(ack)) => receipt(&election, station, &file, &ack),
        _ => failed("the submission could not be stored: send again / 未能存档，请重发"),
    }
}

/// A result's bytes, read at pace: one declared or sent over the limit is refused, and counted.
async fn read_result(c: &Collector, election: &str, headers: &HeaderMap, sent: Body) -> Result<Vec<u8>, Response> {
    match body::read(headers, sent, c.max_result, c.pace).await {
        Ok(b) => Ok(b),
        Err(body::Refused::TooLarge) => {
            let bytes = body::declared(headers).map_or(c.max_result + 1, |n| usize::try_from(n).unwrap_or(usize::MAX));
            let r = Refusal::ResultTooLarge { bytes };
            note_refusal(c, election, UNKNOWN_STATION, &r).await;
            Err(refusal(&[r]))
        }
        Err(r) => Err(body_refused(r)),
    }
}

/// The result decoded and verified against its election's manifest (a few signatures: tens of
/// microseconds, checked right here rather than on another thread). A refusal is counted under the
/// station's id, or one label for every name the manifest does not list (a forger's names are not
/// kept, however many).
async fn verified(c: &Collector, e: &Election, election: &str, body: &[u8]) -> Result<ResultFile, Response> {
    let file = match ResultFile::from_bytes(body) {
        Ok(f) => f,
        Err(r) => {
            note_refusal(c, election, UNKNOWN_STATION, &r).await;
            return Err(refusal(&[r]));
        }
    };
    let station = file.body().station.as_str();
    let label = if e.station(station).is_some() { station } else { UNKNOWN_STATION };
    let entry = log::LogEntry::new(election, station, body).to_bytes().len();
    if entry > usize::from(u16::MAX) {
        let r = Refusal::ResultTooLarge { bytes: entry };
        note_refusal(c, election, label, &r).await;
        return Err(refusal(&[r]));
    }
    if let Err(reasons) = merge::verify_result(e, &file) {
        note_refusal(c, election, label, &reasons[0]).await;
        return Err(refusal(&reasons));
    }
    Ok(file)
}

/// The answer to a stored submission: its receipt and what became of it — 200, or 409 with the
/// refusal's words for a conflicting result.
fn receipt(election: &str, station: String, file: &ResultFile, ack: &Ack) -> Response {
    let stored = match ack.stored {
        Disposition::Accepted => "accepted",
        Disposition::Conflict => "conflict",
        Disposition::Again => "again",
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
/// a temporary file (never held whole; at most [`super::Limits::max_ballots`] bytes, declared up front and
/// reserved from [`super::Limits::max_staged`]), checked (canonical form, Merkle root, recount) as `merge`
/// checks them, then copied into the store. Ballots already stored are not received again (they
/// are fixed by the result's signed root).
pub(super) async fn ballots(
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
