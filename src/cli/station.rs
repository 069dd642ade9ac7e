//! `zheng station …`: the counting table's durable journal — open, enter, screen, undo, voters,
//! note, status, export, reconcile, close.

use std::path::{Path, PathBuf};

use zheng::seal::keys;
use zheng::seal::manifest::Manifest;
use zheng::station::journal::Journal;
use zheng::station::{entry, reconcile, table};
use zheng::words::Lang;
use zheng::words::command::CommandSays;
use zheng::words::entry::EntrySays;
use zheng::words::station::{StationSays, StationWord};

use super::{LangArg, print, println, status};

/// A counting table's durable journal: open, enter, undo, reconcile, close.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Starts a box's journal (a new SQLite file holding the manifest and the station).
    Open {
        /// The election manifest.
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// The station (ballot box) id.
        #[arg(long, value_name = "ID")]
        station: String,
        /// The journal file to create.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Voters who signed in at this box, if known now.
        #[arg(long)]
        voters: Option<u64>,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Reads ballot lines on stdin; prints `ok N` once ballot N is durable, `refused L: why` otherwise.
    Enter {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// The tallier's entry screen: numbered candidates, running tally in 正 strokes, undo.
    Screen {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Language of the screen.
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// The hall's live board: a web page of the box's count, updated as ballots are entered.
    Board {
        /// The journal (read only; `station enter` or `station screen` may write it meanwhile).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Address to serve the page on, e.g. 0.0.0.0:8090 for the hall's projector.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
        listen: String,
        /// The box's result file (`station close --out`): once the box is closed, the board shows
        /// it as QR codes to photograph.
        #[arg(long, value_name = "RESULT")]
        result: Option<PathBuf>,
        /// Language of the board.
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Voids the last ballot (or ballot N) with a correction entry; nothing is erased.
    Undo {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The ballot to void (default: the last live one).
        #[arg(long)]
        ballot: Option<u64>,
        /// Why it is voided, for the record (e.g. "misheard").
        #[arg(long, default_value = "undo")]
        reason: String,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Records the number of voters who signed in at this box.
    Voters {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Voters who signed in and took a ballot at this box.
        voters: u64,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Adds a note to the record.
    Note {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The note, as the committee wants it on the record.
        text: String,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Shows the journal: station, ballots entered, voided, live, voters, chain head.
    Status {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Writes the live ballots as a box file (contract §2), in canonical order.
    Export {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The box file to write.
        #[arg(long, value_name = "BOX")]
        out: PathBuf,
        /// Replace existing evidence (a box file, a result, a journal) at BOX.
        #[arg(long)]
        force: bool,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Lists every difference between two talliers' journals of one box; exit 0 only if they agree.
    Reconcile {
        /// Tallier A's journal.
        a: PathBuf,
        /// Tallier B's journal.
        b: PathBuf,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Closes the box: its signed result and published ballots (refuses if --against disagrees).
    Close {
        /// The journal (an SQLite file made by `station open`).
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The station's key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The result file to write (X.zres; ballots to X.ballots.jsonl).
        #[arg(long, value_name = "RESULT")]
        out: PathBuf,
        /// The second tallier's journal of the same box: they must agree.
        #[arg(long, value_name = "FILE")]
        against: Option<PathBuf>,
        /// Close even if the two journals disagree, and replace an existing result of another
        /// signed body at RESULT.
        #[arg(long)]
        force: bool,
        /// The closing time to record (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        closed_at: Option<String>,
        /// Show the signed result as QR codes to photograph: auto (on a terminal), always, never.
        #[arg(long, value_enum, value_name = "WHEN", default_value_t = super::qr::Show::Auto)]
        qr: super::qr::Show,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
}

/// Runs one station command.
pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Open { election, station, journal, voters, lang } => {
            let manifest = Manifest::load(&election)?;
            let j = Journal::create(&journal, &manifest, &station, voters)?;
            let (path, station, election) = (&journal.display(), &j.station_id(), &j.election().id());
            println(&Lang::from(lang).format(StationSays::Opened { path, station, election }))?;
        }
        Command::Enter { journal, lang } => return enter(journal, lang.into()),
        Command::Screen { journal, lang } => {
            let mut j = Journal::open(&journal)?;
            let lang: Lang = lang.into();
            entry::run(&mut j, lang)?;
            let (entered, live) = (j.ballots_entered(), j.live_ballots().len());
            let said = EntrySays::Closed { path: &journal.display(), entered: &entered, live: &live };
            println(&lang.format(said))?;
        }
        Command::Board { journal, listen, result, lang } => {
            let (app, lang) = (zheng::station::board::router(journal.clone(), result, lang.into())?, Lang::from(lang));
            let what = lang.format(CommandSays::LiveBoard { journal: &journal.display() });
            return super::serve_page(&listen, app, &what, lang);
        }
        Command::Undo { journal, ballot, reason, lang } => {
            let n = table::undo(&mut Journal::open(&journal)?, ballot, &reason)?;
            println(&Lang::from(lang).format(StationSays::Voided { n: &n, reason: &reason }))?;
        }
        Command::Voters { journal, voters, lang } => {
            table::set_voters(&mut Journal::open(&journal)?, voters)?;
            println(&Lang::from(lang).format(StationSays::VotersSet { voters: &voters }))?;
        }
        Command::Note { journal, text, lang } => {
            table::note(&mut Journal::open(&journal)?, &text)?;
            println(Lang::from(lang).say(StationWord::Noted))?;
        }
        Command::Status { journal, lang } => print(&table::status(&Journal::open_read_only(&journal)?, lang.into()))?,
        Command::Export { journal, out, force, lang } => {
            zheng::files::guard_output(&out, &[&journal], force)?;
            let j = Journal::open_read_only(&journal)?;
            zheng::files::write_atomic(&out, &table::export(&j)?)?;
            let (path, ballots, station) = (&out.display(), &j.live_ballots().len(), &j.station_id());
            println(&Lang::from(lang).format(StationSays::Exported { path, ballots, station }))?;
        }
        Command::Reconcile { a, b, lang } => {
            let (ja, jb) = (Journal::open_read_only(&a)?, Journal::open_read_only(&b)?);
            let differences = reconcile::reconcile(&ja, &jb)?;
            print(&reconcile::render(&differences, ja.live_ballots().len(), lang.into()))?;
            return Ok(status(differences.is_empty()));
        }
        Command::Close { journal, key, out, against, force, closed_at, qr, lang } => {
            return close(&journal, &key, &out, against.as_deref(), (force, closed_at, qr), lang.into());
        }
    }
    Ok(0)
}

/// `station close`: the box counted from its journal, its result signed and written.
fn close(
    journal: &Path,
    key: &Path,
    out: &Path,
    against: Option<&Path>,
    (force, closed_at, qr): (bool, Option<String>, super::qr::Show),
    lang: Lang,
) -> anyhow::Result<u8> {
    let inputs: Vec<&Path> = [Some(journal), against, Some(key)].into_iter().flatten().collect();
    // Both outputs are checked against every input (stat only) and the key is read before any
    // journal is opened: nothing here may open a journal this process holds through SQLite, whose
    // close would drop SQLite's locks on it (issue 25).
    zheng::files::not_an_input(out, &inputs)?;
    zheng::files::not_an_input(&zheng::audit::close::ballots_path(out), &inputs)?;
    let key = keys::load(key)?;
    let mut j = Journal::open(journal)?;
    let other = against.map(Journal::open_read_only).transpose()?;
    let (result, _) = table::close(&mut j, other.as_ref(), force, &key, super::closed_at(closed_at), out)?;
    let (path, station) = (&out.display(), &j.station_id());
    let (ballots, id) = (&result.body().ballots, &hex::encode(result.id()));
    println(&lang.format(StationSays::BoxClosed { path, station, ballots, result: id }))?;
    super::qr::show(&result, qr, lang)?;
    Ok(0)
}

/// `station enter`: ballot lines from stdin, each acknowledged once durable.
fn enter(journal: PathBuf, lang: Lang) -> anyhow::Result<u8> {
    let mut j = Journal::open(&journal)?;
    // After a crash this is what survived: every complete entry, the chain re-checked.
    let (path, entries, ballots) = (&journal.display(), &j.entries().len(), &j.ballots_entered());
    eprintln!("{}", lang.format(StationSays::Kept { path, entries, ballots }));
    let mut input = std::io::BufReader::new(std::io::stdin());
    let done = table::enter(&mut j, &mut input, &mut std::io::stdout(), lang)?;
    eprintln!("{}", lang.format(StationSays::Stored { path, stored: &done.stored, refused: &done.refused }));
    // Every ballot acknowledged is stored; a refused line is bad input (exit 2).
    Ok(if done.refused > 0 { 2 } else { 0 })
}
