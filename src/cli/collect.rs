//! `zheng collect`: the collector on counting day — and `zheng collect status`, who has reported.

use std::path::PathBuf;
use std::time::Duration;

use zheng::collect::{self, server::Limits, store::Store};
use zheng::seal::keys;
use zheng::seal::manifest::Manifest;

use zheng::words::Lang;
use zheng::words::collect::{CollectSays, CollectWord};

use super::{LangArg, print, print_json, println};

/// Receives signed results over HTTP, stores them durably, and serves its signed log.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// An election manifest to collect for (give one for every vote of the township).
    #[arg(long = "election", value_name = "E.toml")]
    elections: Vec<PathBuf>,
    /// Address to listen on, e.g. 0.0.0.0:8080 or 127.0.0.1:0 (the port chosen is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: String,
    /// The collector's store (SQLite; created if missing, mode 0600).
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// The collector's key (from `zheng keygen`); without it, the key file beside the store
    /// (`DB.key`, made at the store's first start, mode 0600).
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// Requests handled at once; more are answered 503 at once.
    #[arg(long, default_value_t = 512)]
    concurrency: usize,
    /// Serve HTTPS with this PEM certificate chain (rustls).
    #[arg(long, value_name = "CERT.pem", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's PEM private key.
    #[arg(long, value_name = "KEY.pem", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// A witness to send every new checkpoint to: `VKEY@http://HOST:PORT[/PREFIX]` (its C2SP vkey,
    /// whose name is the witness's name; `zheng witness vkey` prints it). Give one for each.
    #[arg(long = "witness", value_name = "VKEY@URL")]
    witnesses: Vec<String>,
    /// How many witnesses' cosignatures make a checkpoint witnessed (default: every witness given).
    #[arg(long, value_name = "K", requires = "witnesses")]
    witness_quorum: Option<usize>,
    /// Also serve the township's live board (every vote, boxes in and missing, outcomes) here.
    #[arg(long, value_name = "ADDR")]
    board: Option<String>,
    /// Language of the board and of what is printed, errors too: zh or en (default: $ZHENG_LANG,
    /// else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Who has reported, who is missing, conflicts and refusals, per election.
    Status {
        /// The collector's store.
        #[arg(long, value_name = "DB")]
        store: PathBuf,
        /// As JSON.
        #[arg(long)]
        json: bool,
        /// Language of what is printed (not the JSON), errors too: zh or en (default: $ZHENG_LANG,
        /// else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    if let Some(Sub::Status { store, json, lang }) = a.command {
        return status(&store, json, lang.into());
    }
    let lang = Lang::from(a.lang);
    let Some(store) = a.store else { anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::StoreRequired)) };
    if a.elections.is_empty() {
        anyhow::bail!(zheng::Error::Usage(zheng::error::Usage::ElectionRequired));
    }
    let manifests = a.elections.iter().map(|p| Manifest::load(p)).collect::<Result<Vec<_>, _>>()?;
    let key = a.key.as_deref().map(keys::load).transpose()?;
    let budget = zheng::net::budget::budget(usize::from(a.board.is_some()));
    let limits = Limits {
        concurrency: a.concurrency.max(1),
        max_connections: budget.collector.min(Limits::default().max_connections),
        ..Limits::default()
    };
    let tls = match (&a.tls_cert, &a.tls_key) {
        (Some(c), Some(k)) => Some(collect::server::tls_acceptor(c, k)?),
        _ => None,
    };
    let witnesses = a
        .witnesses
        .iter()
        .map(|w| collect::witnesses::WitnessAt::parse(w))
        .collect::<Result<Vec<_>, _>>()
        .map_err(zheng::Error::Refusal)?;
    let quorum = a.witness_quorum.unwrap_or(witnesses.len());
    if !witnesses.is_empty() && !(1..=witnesses.len()).contains(&quorum) {
        let usage = zheng::error::Usage::QuorumOutOfRange { quorum, witnesses: witnesses.len() };
        anyhow::bail!(zheng::Error::Usage(usage));
    }
    let witnessing = collect::witnesses::Witnessing { witnesses, quorum };
    let started = collect::start_witnessed(&manifests, &store, key, &limits, &witnessing)?;
    if let Some((file, moved)) = &started.key_written {
        let file = &file.display();
        eprintln!(
            "{}",
            lang.format(if *moved { CollectSays::KeyMoved { file } } else { CollectSays::KeyNew { file } })
        );
    }
    if started.head_file_missing {
        let file = collect::beside(&store, "checkpoint");
        eprintln!("{}", lang.format(CollectSays::HeadMissing { file: &file.display() }));
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(&a.listen))
        .map_err(|cause| zheng::Error::Listen { address: a.listen.clone(), cause })?;
    let addr = listener.local_addr()?;
    let (url, plain) = match tls {
        Some(_) => (format!("https://{addr}"), ""),
        None => (format!("http://{addr}"), lang.say(CollectWord::PlainHttp)),
    };
    let (origin, key) = (&started.origin, &hex::encode(started.public.as_bytes()));
    println(&lang.format(CollectSays::Listening { url: &url, plain: &plain, origin, key }))?;
    if let Some(at) = &a.board {
        let elections = manifests.iter().map(|m| m.election().clone()).collect();
        let app = collect::board::router(store.clone(), elections, lang)?;
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(at))
            .map_err(|cause| zheng::Error::Listen { address: at.clone(), cause })?;
        println(&lang.format(CollectSays::TownshipBoard { url: &format!("http://{}/", listener.local_addr()?) }))?;
        let bounds = zheng::net::serve::Bounds { max_connections: budget.board, header_timeout: limits.header_timeout };
        rt.spawn(zheng::net::serve::serve(listener, app, bounds, None, std::future::pending(), Duration::ZERO));
    }
    let collect::Started { app, writer, .. } = started;
    let shutdown = super::shutdown_signal();
    rt.block_on(zheng::net::serve::serve(listener, app, limits.bounds(), tls, shutdown, Duration::from_secs(30)));
    rt.shutdown_timeout(Duration::from_secs(5));
    let _ = writer.join();
    eprintln!("{}", lang.say(CollectWord::Stopped));
    Ok(0)
}

fn status(store: &std::path::Path, json: bool, lang: Lang) -> anyhow::Result<u8> {
    let s = Store::open_read_only(store)?;
    let mut all = Vec::new();
    for (id, text) in s.manifests()? {
        let m = Manifest::from_text(text, &PathBuf::from(format!("{}#{id}", store.display())))?;
        all.push(collect::status(&s, m.election())?);
    }
    if json {
        print_json(&all)?;
        return Ok(0);
    }
    for st in &all {
        let list = |k: &str| {
            let v: Vec<&str> = st[k].as_array().into_iter().flatten().filter_map(|x| x.as_str()).collect();
            if v.is_empty() { lang.say(zheng::words::Word::Nothing).to_string() } else { v.join(lang.list_sep()) }
        };
        let reported = st["reported"].as_array().map_or(0, Vec::len);
        let said = CollectSays::Status {
            election: &st["election"].as_str().unwrap_or(""),
            reported: &reported,
            stations: &st["stations"],
            missing: &list("missing"),
            conflicts: &list("conflicts"),
            refusals: &st["refusals"],
        };
        print(&(lang.format(said) + "\n"))?;
    }
    if let Some(w) = collect::witnesses::status(&s)? {
        let words = |v: &serde_json::Value| -> String {
            let v: Vec<String> = v.as_array().into_iter().flatten().map(|x| x.to_string().replace('"', "")).collect();
            if v.is_empty() { lang.say(zheng::words::Word::Nothing).to_string() } else { v.join(lang.list_sep()) }
        };
        let witnessed = match w["witnessed"].as_object() {
            Some(o) => lang.format(CollectSays::WitnessedBy { size: &o["size"], by: &words(&o["cosigned_by"]) }),
            None => lang.say(zheng::words::Word::Nothing).to_string(),
        };
        let said = CollectSays::Witnesses {
            quorum: &w["quorum"],
            witnesses: &words(&w["witnesses"]),
            witnessed: &witnessed,
            lacking: &words(&w["lacking_quorum"]),
        };
        print(&(lang.format(said) + "\n"))?;
    }
    Ok(0)
}
