//! The command line: one file per command. Each parses its arguments (clap), calls the library,
//! prints, and returns the exit status — 0 success; 1 the vote is void or a check failed; 2 bad
//! input or usage. No counting, checking or deciding happens here; that is the library's.
//!
//! Takes in the command line; gives out what each command prints, and the line and exit status of
//! an error that ends a command ([`parse`], [`error_line`], [`exit_code`]). Every command that
//! prints for people runs in one language: its `--lang` if given, else the environment's
//! ([`LangArg::from_env`]: `ZHENG_LANG`, then the locale), else Chinese; its errors are said in
//! that language too.

pub mod argv;
pub mod audit;
pub mod close;
pub mod collect;
pub mod count;
pub mod countersign;
pub mod demo;
pub mod export;
pub mod keygen;
pub mod log;
pub mod merge;
pub mod next_round;
pub mod qr;
pub mod report;
pub mod rules;
pub mod sign_manifest;
pub mod station;
pub mod township;
pub mod verify;
pub mod village;
pub mod witness;

use std::io::Write;

use zheng::error::Refusal;
use zheng::words::Lang;

/// Parses the command line (exiting with clap's message and status on bad usage), with the language
/// the command runs in — a long run of files given to clap in part ([`argv`]).
pub fn parse<T: clap::Parser + argv::Files>() -> (T, Lang) {
    let words = match argv::parse::<T>(std::env::args_os().collect()) {
        Ok(parsed) => return parsed,
        Err(words) => words,
    };
    let mut matches = T::command().get_matches_from(words);
    // The language read before the values are taken out of the matches (taken, not copied: ten
    // thousand box paths copied and dropped were a fifth of parsing them).
    let lang = lang_of(&matches);
    match T::from_arg_matches_mut(&mut matches) {
        Ok(parsed) => (parsed, lang),
        Err(e) => e.format(&mut T::command()).exit(),
    }
}

/// The language a parsed command runs in: the `--lang` of its innermost subcommand, given or by
/// default; the environment's when that command has no `--lang`.
pub fn lang_of(matches: &clap::ArgMatches) -> Lang {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    let given = leaf.try_get_one::<LangArg>("lang").ok().flatten().copied();
    Lang::from(given.unwrap_or_else(LangArg::from_env))
}

/// A refusal in a language.
pub fn refusal_in(lang: Lang, r: &Refusal) -> String {
    r.said_in(lang)
}

/// The line `zheng` prints on stderr for an error that ends a command: a library error or refusal
/// in the command's language; any other error (the system's, a library's) as it says itself, with
/// its causes.
pub fn error_line(e: &anyhow::Error, lang: Lang) -> String {
    let alone = e.chain().count() == 1;
    let said = match (alone, e.downcast_ref::<zheng::Error>(), e.downcast_ref::<Refusal>()) {
        (true, Some(err), _) => err.said_in(lang),
        (true, None, Some(r)) => refusal_in(lang, r),
        _ => format!("{e:#}"),
    };
    format!("zheng: {said}")
}

/// The exit status of an error that ends a command: a library error's own
/// ([`zheng::Error::exit_code`]), else 2.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    e.downcast_ref::<zheng::Error>().map_or(2, zheng::Error::exit_code)
}

/// Writes to stdout; a closed pipe (`zheng … | head`) ends the program quietly instead of panicking.
pub fn print(text: &str) -> anyhow::Result<()> {
    to_stdout(std::io::stdout().lock().write_all(text.as_bytes()))
}

/// What a write to stdout came to: a closed pipe ends the program quietly, with status 0; any other
/// error is the command's.
fn to_stdout(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        written => Ok(written?),
    }
}

/// [`print`] with a newline.
pub fn println(text: &str) -> anyhow::Result<()> {
    print(text)?;
    print("\n")
}

/// Prints a value as JSON, indented, and a newline — streamed to stdout, not first written whole in
/// memory (ten thousand stations' outcome is 2.6 MB: a quarter less time printing it, issue 23); a
/// closed pipe ends the program quietly, as [`print`] does.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    to_stdout(
        serde_json::to_writer_pretty(&mut out, value)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush()),
    )
}

/// Prints an outcome as JSON (contract §4), as [`print_json`] would, its boxes' entries rendered in
/// parallel ([`zheng::report::json`]).
pub fn print_outcome_json(outcome: &mut zheng::vote::outcome::Outcome) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    to_stdout(
        zheng::report::json::outcome_pretty(outcome, &mut out)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush()),
    )
}

/// The exit status of a check: 0 if it held, 1 if not.
pub fn status(ok: bool) -> u8 {
    if ok { 0 } else { 1 }
}

/// `--lang`: the language of what people read. Every command that prints for people declares it
/// so — `#[arg(long, value_enum, default_value_t = LangArg::from_env())]` — and runs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LangArg {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl LangArg {
    /// The language when `--lang` is not given: `ZHENG_LANG` (`zh` or `en`), else the locale —
    /// the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set: `en…` English, `zh…` Chinese —
    /// else Chinese.
    pub fn from_env() -> LangArg {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Self::from_vars(var("ZHENG_LANG"), ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(var))
    }

    /// [`LangArg::from_env`] from the values of `ZHENG_LANG` and of the locale.
    fn from_vars(zheng_lang: Option<String>, locale: Option<String>) -> LangArg {
        match zheng_lang.as_deref().map(str::trim) {
            Some("en") => return LangArg::En,
            Some("zh") => return LangArg::Zh,
            _ => {}
        }
        match locale {
            Some(l) if l.starts_with("en") => LangArg::En,
            _ => LangArg::Zh,
        }
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--register` for a vote: read and checked against the manifest
/// ([`zheng::vote::register::load_register`]); every member of a box's counting team who is a
/// candidate or a candidate's close relative is named on stderr [ZJE22] — a warning: the count
/// goes on, and the election committee names someone else.
pub fn register_for(
    path: Option<&std::path::Path>,
    election: &std::path::Path,
    e: &zheng::vote::manifest::Election,
    lang: Lang,
) -> anyhow::Result<Option<(zheng::vote::register::Register, Vec<u8>)>> {
    let Some(path) = path else { return Ok(None) };
    let (r, bytes) = zheng::vote::register::load_register(path, e)?;
    warn_staff(election, e, &r, lang);
    Ok(Some((r, bytes)))
}

/// Names on stderr every counting-team conflict [ZJE22] of `e`.
pub fn warn_staff(
    election: &std::path::Path,
    e: &zheng::vote::manifest::Election,
    r: &zheng::vote::register::Register,
    lang: Lang,
) {
    for c in zheng::vote::staff::conflicts(e, r) {
        eprintln!("zheng: {}: ⚠ {}", election.display(), zheng::report::village::staff_conflict(lang, &c));
    }
}

/// The closing time a command records: as given, or now.
pub fn closed_at(given: Option<String>) -> String {
    given.unwrap_or_else(zheng::audit::close::now)
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Serves a page's routes on `listen` until Ctrl-C or SIGTERM, after printing where (in `lang`):
/// the live boards.
pub fn serve_page(listen: &str, app: axum::Router, what: &str, lang: Lang) -> anyhow::Result<u8> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(listen))
        .map_err(|cause| zheng::Error::Listen { address: listen.to_string(), cause })?;
    let url = format!("http://{}/", listener.local_addr()?);
    println(&lang.format(zheng::words::command::CommandSays::Serving { what: &what, url: &url }))?;
    let bounds = zheng::net::serve::Bounds {
        max_connections: zheng::net::budget::budget(1).board,
        header_timeout: std::time::Duration::from_secs(10),
    };
    rt.block_on(zheng::net::serve::serve(
        listener,
        app,
        bounds,
        None,
        shutdown_signal(),
        std::time::Duration::from_secs(5),
    ));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser, Subcommand};
    use zheng::error::Refusal;

    use super::*;

    #[derive(Parser)]
    struct Top {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(Subcommand)]
    enum Sub {
        Speaks {
            #[arg(long, value_enum, default_value_t = LangArg::from_env())]
            lang: LangArg,
        },
        Silent,
    }

    fn lang(args: &[&str]) -> Lang {
        lang_of(&Top::command().try_get_matches_from(args).unwrap())
    }

    #[test]
    fn a_command_runs_in_its_lang_given_or_by_default_and_one_without_in_the_environments() {
        assert_eq!(lang(&["zheng", "speaks"]), Lang::Zh);
        assert_eq!(lang(&["zheng", "speaks", "--lang", "en"]), Lang::En);
        assert_eq!(lang(&["zheng", "silent"]), Lang::from(LangArg::from_env()));
        let Sub::Speaks { lang } = Top::try_parse_from(["zheng", "speaks"]).unwrap().command else { panic!() };
        assert_eq!(lang, LangArg::Zh);
    }

    /// The default language: `ZHENG_LANG` first, then the locale (`en_*` English, `zh_*` Chinese),
    /// else Chinese.
    #[test]
    fn the_default_language_is_zheng_lang_then_the_locale_then_chinese() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(LangArg::from_vars(None, None), LangArg::Zh);
        assert_eq!(LangArg::from_vars(None, s("en_US.UTF-8")), LangArg::En);
        assert_eq!(LangArg::from_vars(None, s("zh_CN.UTF-8")), LangArg::Zh);
        assert_eq!(LangArg::from_vars(None, s("C.UTF-8")), LangArg::Zh);
        assert_eq!(LangArg::from_vars(s("zh"), s("en_GB.UTF-8")), LangArg::Zh);
        assert_eq!(LangArg::from_vars(s("en"), s("zh_TW.UTF-8")), LangArg::En);
        assert_eq!(LangArg::from_vars(s("fr"), s("en_US")), LangArg::En, "ZHENG_LANG not zh or en: the locale");
    }

    #[test]
    fn an_error_is_said_in_the_commands_language() {
        let closed = || anyhow::Error::from(zheng::Error::refused(std::path::Path::new("j.db"), Refusal::BoxClosed));
        assert_eq!(error_line(&closed(), Lang::Zh), "zheng: j.db：票箱已封箱");
        assert_eq!(error_line(&closed(), Lang::En), "zheng: j.db: the box is closed");
        assert_eq!(exit_code(&closed()), 2);
        let bare = anyhow::Error::from(Refusal::NoBallotToUndo);
        assert_eq!(error_line(&bare, Lang::Zh), "zheng: 没有可撤销的选票");
        assert_eq!(exit_code(&bare), 2, "as before: only a zheng::Error carries its own status");
        let other = anyhow::anyhow!("plain").context("outer");
        assert_eq!(error_line(&other, Lang::Zh), "zheng: outer: plain");
        let usage = anyhow::Error::from(zheng::Error::Usage(zheng::error::Usage::NoBoxFiles));
        assert_eq!((error_line(&usage, Lang::Zh), exit_code(&usage)), ("zheng: 没有给出票箱文件".into(), 2));
        let failed = anyhow::Error::from(zheng::Error::Invariant("a recount differs".into()));
        assert_eq!(exit_code(&failed), 1);
    }
}
