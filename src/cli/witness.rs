//! `zheng witness`: a C2SP witness (c2sp.org/tlog-witness) of collectors' logs — and `zheng
//! witness vkey`, the witness's key as C2SP writes it.

use std::path::PathBuf;
use std::time::Duration;

use zheng::error::Usage;
use zheng::seal::cosignature::{Cosigner, KeyType, Vkey};
use zheng::seal::keys;
use zheng::witness::{self, Config, server::Limits};
use zheng::words::Lang;
use zheng::words::witness::{WitnessSays, WitnessWord};

use super::{LangArg, println};

/// Cosigns the checkpoints of the logs it witnesses, each consistent with the last it cosigned for
/// its log; never a fork.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Address to listen on, e.g. 0.0.0.0:8081 or 127.0.0.1:0 (the port chosen is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8081")]
    listen: String,
    /// The witness's key file (made by `zheng keygen`, mode 0600).
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// The witness's name: its key name (no space, no `+`), e.g. witness.example/zheng-1.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The witness's store (SQLite; created if missing, mode 0600): the latest checkpoint it
    /// cosigned for each log.
    #[arg(long, value_name = "DB")]
    store: Option<PathBuf>,
    /// A log to witness, as its vkey (`zheng log vkey --key FILE` prints a collector's) or as
    /// ORIGIN=VKEY; the log's origin is the vkey's name. Give one for each log (or key of a log).
    #[arg(long = "log", value_name = "[ORIGIN=]VKEY", num_args = 1..)]
    logs: Vec<String>,
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale,
    /// else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Prints the witness's vkey (signature type 0x04), for the logs and clients that trust it.
    Vkey {
        /// The witness's key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The witness's name.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Language of errors (a vkey is data): zh or en (default: $ZHENG_LANG, else the locale,
        /// else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    if let Some(Sub::Vkey { key, name, lang: _ }) = a.command {
        let c = Cosigner::new(&name, keys::load(&key)?).map_err(zheng::Error::Refusal)?;
        println(&c.vkey().to_string())?;
        return Ok(0);
    }
    let lang = Lang::from(a.lang);
    let need = |flag: &str| zheng::Error::Usage(Usage::WitnessNeeds { flag: flag.into() });
    let key = a.key.ok_or_else(|| need("--key"))?;
    let name = a.name.ok_or_else(|| need("--name"))?;
    let store = a.store.ok_or_else(|| need("--store"))?;
    if a.logs.is_empty() {
        return Err(need("--log").into());
    }
    let logs = a.logs.iter().map(|v| Vkey::parse_named(v, KeyType::Log)).collect::<Result<Vec<_>, _>>();
    let logs = logs.map_err(zheng::Error::Refusal)?;
    let budget = zheng::net::budget::budget(0);
    let limits =
        Limits { max_connections: budget.collector.min(Limits::default().max_connections), ..Limits::default() };
    let config = Config { name, key: keys::load(&key)?, logs, store, limits: limits.clone() };
    let started = witness::start(config)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(&a.listen))
        .map_err(|cause| zheng::Error::Listen { address: a.listen.clone(), cause })?;
    let url = format!("http://{}", listener.local_addr()?);
    let plain = lang.say(WitnessWord::PlainHttp);
    let logs = started.origins.join(lang.list_sep());
    println(&lang.format(WitnessSays::Listening { url: &url, plain: &plain, vkey: &started.vkey, logs: &logs }))?;
    let shutdown = super::shutdown_signal();
    rt.block_on(zheng::net::serve::serve(
        listener,
        started.app,
        limits.bounds(),
        None,
        shutdown,
        Duration::from_secs(10),
    ));
    rt.shutdown_timeout(Duration::from_secs(5));
    eprintln!("{}", lang.say(WitnessWord::Stopped));
    Ok(0)
}
