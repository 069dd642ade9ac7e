//! One simulated station device on counting day: it generates its box (the [`crate::synth`] model),
//! enters every ballot into its own durable journal — dying mid-count now and then and restarting
//! from the journal —, closes and signs the box, and sends the result (and its published ballots)
//! to the collector until it holds a receipt it has verified: the collector's signature, the
//! checkpoint's, and the inclusion of its result in the log. Along the way it commits the faults
//! it is asked to: cut connections, duplicates, tampered bytes, a wrong key, a foreign election.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use ed25519_dalek::{SigningKey, VerifyingKey};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokio::io::AsyncWriteExt;
use zheng::collect::receipt::Receipt;
use zheng::seal::manifest::Manifest;
use zheng::seal::result::ResultFile;
use zheng::station::journal::Journal;
use zheng::station::table;

use crate::synth::{Rate, Spec, generate_box};

/// The faults a device commits, each off by default.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// The device dies mid-count and restarts from its journal.
    pub crash: Rate,
    /// A connection is cut in the middle of sending the result.
    pub drop: Rate,
    /// The result is sent twice (the collector must answer the same receipt).
    pub duplicate: Rate,
    /// A copy with one byte flipped after signing is sent first (it must be refused).
    pub tamper: Rate,
    /// A copy signed with a key that is not the station's is sent first (it must be refused).
    pub wrong_key: Rate,
    /// A result for another election is sent first (it must be refused).
    pub foreign: Rate,
    /// Added before every request.
    pub slow_link: Duration,
}

/// What every device shares.
pub struct Ctx {
    /// The HTTP client.
    pub client: reqwest::Client,
    /// The collector's base URL, e.g. `http://127.0.0.1:8080`.
    pub base: String,
    /// The collector's public key, known to the stations beforehand.
    pub collector: VerifyingKey,
    /// `DIR/<station>.key`.
    pub keys: PathBuf,
    /// Where the devices keep their journals and results.
    pub work: PathBuf,
    /// Where to write every box counted, if anywhere.
    pub boxes_out: Option<PathBuf>,
    /// Ballots per box, and the rates of irregular ballots.
    pub spec: Spec,
    /// The faults.
    pub faults: Faults,
    /// Send the published ballots too.
    pub send_ballots: bool,
    /// Keep ballots in a SQLite journal (the real table); off, the box is counted from memory.
    pub journal: bool,
    /// Seed of the devices' faults.
    pub seed: u64,
}

/// What one device did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Its election.
    pub election: String,
    /// Its station.
    pub station: String,
    /// Requests sent (every attempt).
    pub sent: u64,
    /// Requests sent again, by why: `cut` (the device cut its own first send), `busy` (503), `timeout`
    /// (408 or no answer in time), `connection` (the connection failed), `error` (another 5xx).
    pub retries: BTreeMap<&'static str, u64>,
    /// Faults injected, by kind: `crash`, `cut`, `tampered`, `wrong key`, `foreign`, `duplicate`.
    pub injected: BTreeMap<&'static str, u64>,
    /// Faulty submissions refused, as they must be, by the refusal's code (or HTTP status).
    pub refused: BTreeMap<String, u64>,
    /// Times the device died and restarted from its journal.
    pub crashes: u64,
    /// The receipt, verified.
    pub receipt: Option<Vec<u8>>,
    /// The signed result it counted.
    pub result: Vec<u8>,
    /// What went wrong that should not have.
    pub problems: Vec<String>,
}

/// Runs one device of `manifest`'s station `station`.
pub async fn run(ctx: Arc<Ctx>, manifest: Arc<Manifest>, station: usize) -> Report {
    let e = manifest.election();
    let id = e.stations()[station].id.clone();
    let mut rep = Report { election: e.id().to_string(), station: id.clone(), ..Report::default() };
    let mut rng =
        ChaCha8Rng::seed_from_u64(ctx.seed ^ fxhash(e.id()) ^ (station as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
    let crash_at = ctx.faults.crash.hit(&mut rng).then(|| rng.random_range(0..=ctx.spec.ballots));
    let counted = {
        let (ctx, m) = (Arc::clone(&ctx), Arc::clone(&manifest));
        tokio::task::spawn_blocking(move || count(&ctx, &m, station, crash_at)).await
    };
    let (result, ballots, crashes) = match counted {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => {
            rep.problems.push(format!("counting: {e:#}"));
            return rep;
        }
        Err(e) => {
            rep.problems.push(format!("counting: {e}"));
            return rep;
        }
    };
    rep.crashes = crashes;
    if crashes > 0 {
        *rep.injected.entry("crash").or_default() += crashes;
    }
    rep.result = result.clone();
    let url = format!("{}/v1/elections/{}/results", ctx.base, e.id());
    let cut = faults_first(&ctx, &manifest, station, &result, &url, &mut rng, &mut rep).await;
    let Some(receipt) = submit(&ctx, &url, &result, cut, &mut rep).await else { return rep };
    match Receipt::from_bytes(&receipt).and_then(|r| r.verify(&ctx.collector, &result)) {
        Ok(_) => rep.receipt = Some(receipt.clone()),
        Err(r) => rep.problems.push(format!("the receipt does not verify: {}", r.en())),
    }
    if ctx.faults.duplicate.hit(&mut rng) {
        *rep.injected.entry("duplicate").or_default() += 1;
        match submit(&ctx, &url, &result, false, &mut rep).await {
            Some(again) if again == receipt => {}
            Some(_) => rep.problems.push("the same result sent again got another receipt".into()),
            None => {}
        }
    }
    if ctx.send_ballots {
        let id = hex::encode(ResultFile::from_bytes(&result).map(|f| f.id()).unwrap_or_default());
        let burl = format!("{}/v1/elections/{}/results/{id}/ballots", ctx.base, e.id());
        send_ballots(&ctx, &burl, ballots, &mut rep).await;
    }
    rep
}

/// Counts the box: generated, entered into the journal (dying once at `crash_at` ballots and
/// restarting from the journal), closed and signed. Returns the result file, its published
/// ballots and the crashes.
fn count(ctx: &Ctx, m: &Manifest, station: usize, crash_at: Option<u64>) -> anyhow::Result<(Vec<u8>, Vec<u8>, u64)> {
    let e = m.election();
    let id = &e.stations()[station].id;
    let key = zheng::seal::keys::load(&ctx.keys.join(format!("{id}.key")))?;
    let spec = Spec { seed: ctx.spec.seed ^ fxhash(e.id()), ..ctx.spec.clone() };
    let bytes = generate_box(e, station, &spec)?;
    let dir = ctx.work.join(e.id());
    std::fs::create_dir_all(&dir)?;
    let box_path = dir.join(format!("{id}.jsonl"));
    if let Some(out) = &ctx.boxes_out {
        let d = out.join(e.id());
        std::fs::create_dir_all(&d)?;
        zheng::files::write_atomic(&d.join(format!("{id}.jsonl")), &bytes)?;
    }
    let closed_at = "2020-11-18T17:00:00Z".to_string();
    let out = dir.join(format!("{id}.zres"));
    let mut crashes = 0;
    if ctx.journal {
        let header_end = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
        let header = zheng::vote::boxfile::parse_header(&box_path, &bytes[..header_end - 1])?;
        let lines: Vec<&[u8]> = bytes[header_end..].split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
        let jpath = dir.join(format!("{id}.journal"));
        let _ = std::fs::remove_file(&jpath);
        let mut j = Journal::create(&jpath, m, id, Some(header.voters))?;
        if let Some(k) = crash_at {
            enter(&mut j, &lines[..(k as usize).min(lines.len())])?;
            drop(j); // the device dies: nothing closed, nothing flushed by hand
            crashes += 1;
            j = Journal::open(&jpath)?; // and restarts from what its journal holds
        }
        let done = j.ballots_entered() as usize;
        enter(&mut j, &lines[done.min(lines.len())..])?;
        table::close(&mut j, None, true, &key, closed_at, &out)?;
    } else {
        std::fs::write(&box_path, &bytes)?;
        let (result, published) = zheng::audit::close::close(e, &key, &box_path, closed_at)?;
        zheng::audit::close::write(&out, &result, &published, true)?;
    }
    let result = std::fs::read(&out)?;
    let ballots = std::fs::read(zheng::audit::close::ballots_path(&out))?;
    Ok((result, ballots, crashes))
}

fn enter(j: &mut Journal, lines: &[&[u8]]) -> anyhow::Result<()> {
    let input: Vec<u8> = lines.iter().flat_map(|l| l.iter().copied().chain([b'\n'])).collect();
    let mut sink = Vec::new();
    table::enter(j, &mut BufReader::new(&input[..]), &mut sink, zheng::words::Lang::En)?;
    Ok(())
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// The faulty submissions, before the genuine one: each must be refused, and is not retried.
/// Returns whether the device cut its own first send of the genuine result (the next send of it
/// is then a retry).
async fn faults_first(
    ctx: &Ctx,
    m: &Manifest,
    station: usize,
    result: &[u8],
    url: &str,
    rng: &mut ChaCha8Rng,
    rep: &mut Report,
) -> bool {
    let f = &ctx.faults;
    let mut bad: Vec<(&str, Vec<u8>)> = Vec::new();
    if f.tamper.hit(rng) {
        let mut t = result.to_vec();
        let i = rng.random_range(8..t.len());
        t[i] ^= 1 << rng.random_range(0..8);
        bad.push(("tampered", t));
    }
    if f.wrong_key.hit(rng)
        && let Ok(file) = ResultFile::from_bytes(result)
    {
        let wrong = SigningKey::from_bytes(&rng.random::<[u8; 32]>());
        bad.push(("wrong key", ResultFile::sign(file.body().clone(), &wrong).to_bytes()));
    }
    if f.foreign.hit(rng)
        && let Ok(file) = ResultFile::from_bytes(result)
        && let Ok(key) = zheng::seal::keys::load(&ctx.keys.join(format!("{}.key", m.election().stations()[station].id)))
    {
        let mut body = file.body().clone();
        body.election = format!("{}-foreign", m.election().id());
        bad.push(("foreign", ResultFile::sign(body, &key).to_bytes()));
    }
    let cut = f.drop.hit(rng);
    if cut {
        rep.sent += 1;
        *rep.injected.entry("cut").or_default() += 1;
        if let Err(e) = cut_connection(&ctx.base, url, result).await {
            rep.problems.push(format!("a cut connection: {e}"));
        }
    }
    for (what, bytes) in bad {
        tokio::time::sleep(f.slow_link).await;
        rep.sent += 1;
        *rep.injected.entry(what).or_default() += 1;
        match ctx.client.post(url).body(bytes).send().await {
            Ok(r) if r.status().is_client_error() => {
                let status = r.status().as_u16();
                let v: serde_json::Value =
                    serde_json::from_str(&r.text().await.unwrap_or_default()).unwrap_or_default();
                let code = v["code"].as_str().map_or_else(|| status.to_string(), str::to_string);
                *rep.refused.entry(code).or_default() += 1;
            }
            Ok(r) => rep.problems.push(format!("a {what} result was answered {}", r.status())),
            Err(e) => rep.problems.push(format!("a {what} result: {e}")),
        }
    }
    cut
}

/// Why a send is tried again: the answer's status, or the failure.
fn why_again(answer: &Result<reqwest::Response, reqwest::Error>) -> &'static str {
    match answer {
        Ok(r) if r.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE => "busy",
        Ok(r) if r.status() == reqwest::StatusCode::REQUEST_TIMEOUT => "timeout",
        Ok(_) => "error",
        Err(e) if e.is_timeout() => "timeout",
        Err(_) => "connection",
    }
}

/// Sends half of a request and closes the connection.
async fn cut_connection(base: &str, url: &str, body: &[u8]) -> anyhow::Result<()> {
    let hostport = base.trim_start_matches("http://").trim_end_matches('/');
    let path = url.strip_prefix(base).unwrap_or("/");
    let mut s = tokio::net::TcpStream::connect(hostport).await?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await?;
    s.write_all(&body[..body.len() / 2]).await?;
    s.shutdown().await?;
    Ok(())
}

/// Sends the result until the collector answers with a receipt (200, or 409 for a conflict);
/// retries a cut connection, a timeout or a busy collector with exponential backoff and jitter.
/// After `cut` (the device cut its own first send) the first send here is a retry too.
async fn submit(ctx: &Ctx, url: &str, result: &[u8], cut: bool, rep: &mut Report) -> Option<Vec<u8>> {
    let mut wait = Duration::from_millis(20);
    let mut again = cut.then_some("cut");
    for _ in 0..30 {
        tokio::time::sleep(ctx.faults.slow_link).await;
        rep.sent += 1;
        if let Some(why) = again.take() {
            *rep.retries.entry(why).or_default() += 1;
        }
        let answer = ctx.client.post(url).body(result.to_vec()).send().await;
        again = Some(why_again(&answer));
        match answer {
            Ok(r) if r.status().is_success() || r.status() == reqwest::StatusCode::CONFLICT => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                if status == reqwest::StatusCode::CONFLICT {
                    rep.problems.push("the collector holds another result for this station".into());
                }
                let receipt =
                    v["receipt"].as_str().and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok());
                if receipt.is_none() {
                    rep.problems.push(format!("no receipt in the answer {text}"));
                }
                return receipt;
            }
            Ok(r) if r.status().is_client_error() && r.status() != reqwest::StatusCode::REQUEST_TIMEOUT => {
                let text = r.text().await.unwrap_or_default();
                rep.problems.push(format!("the genuine result was refused: {text}"));
                return None;
            }
            _ => {
                let jitter = rand::rng().random_range(0..=wait.as_millis() as u64);
                tokio::time::sleep(wait + Duration::from_millis(jitter)).await;
                wait = (wait * 2).min(Duration::from_secs(2));
            }
        }
    }
    rep.problems.push("no receipt after 30 attempts".into());
    None
}

async fn send_ballots(ctx: &Ctx, url: &str, ballots: Vec<u8>, rep: &mut Report) {
    let mut wait = Duration::from_millis(20);
    for attempt in 0..30 {
        tokio::time::sleep(ctx.faults.slow_link).await;
        rep.sent += 1;
        let answer = ctx.client.put(url).body(ballots.clone()).send().await;
        let why = why_again(&answer);
        match answer {
            Ok(r) if r.status().is_success() => return,
            Ok(r) if r.status().is_client_error() && r.status() != reqwest::StatusCode::REQUEST_TIMEOUT => {
                rep.problems.push(format!("published ballots refused: {}", r.text().await.unwrap_or_default()));
                return;
            }
            _ => {
                if attempt < 29 {
                    *rep.retries.entry(why).or_default() += 1;
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(2));
            }
        }
    }
    rep.problems.push("published ballots not stored after 30 attempts".into());
}

/// The devices' keys folder: `DIR/<station>.key`.
pub fn key_path(dir: &Path, station: &str) -> PathBuf {
    dir.join(format!("{station}.key"))
}
