//! `zheng`: parses arguments and calls the library. Exit status: 0 success; 1 a check failed or the
//! vote is void; 2 bad input or usage.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Writes to stdout; a closed pipe (`zheng … | head`) ends the program quietly instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe { std::process::exit(0) }
            return Err(e.into());
        }
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    () => { out!("\n") };
    ($($t:tt)*) => {{ out!($($t)*); out!("\n"); }};
}
use zheng::manifest::Election;
use zheng::sheet::Lang;

/// 正 Zheng — counts village election ballots exactly as the law says, and shows the count.
#[derive(Parser)]
#[command(name = "zheng", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Counts the sample village election embedded from fixtures/ and prints its counting sheets.
    Demo {
        /// Language of the sheets.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// Counts box files and decides the outcome (no signatures needed).
    Count {
        /// The election manifest (TOML).
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// Box files (JSON Lines), one per station of the manifest.
        #[arg(value_name = "BOX", required = true)]
        boxes: Vec<PathBuf>,
        /// Print the outcome as JSON (contract §4) instead of the counting sheet.
        #[arg(long)]
        json: bool,
        /// Language of the counting sheet.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// Count even if some stations' boxes are missing (a provisional count).
        #[arg(long)]
        partial: bool,
    },
    /// Lists the built-in rules profiles and their bars.
    Rules,
    /// Makes an Ed25519 key (file mode 0600) and prints its public key in hex.
    Keygen {
        /// The key file to create (never overwritten).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Counts one box and writes its signed result, with its published ballots beside it.
    Close {
        /// The election manifest.
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// The station's key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The box file.
        #[arg(value_name = "BOX")]
        box_file: PathBuf,
        /// The result file to write (X.zres; the ballots go to X.ballots.jsonl).
        #[arg(long, value_name = "RESULT")]
        out: PathBuf,
        /// The closing time to record (RFC 3339); default now. Recorded, never checked.
        #[arg(long, value_name = "TIME")]
        closed_at: Option<String>,
    },
    /// Adds a monitor's (监票人) countersignature to a station's result.
    Countersign {
        /// The election manifest (the key must be a listed monitor of the result's station).
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// The monitor's key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The result file, rewritten in place.
        #[arg(value_name = "RESULT")]
        result: PathBuf,
    },
    /// Signs a manifest with the township's key.
    SignManifest {
        /// The election manifest.
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// The township's key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The signature file to write.
        #[arg(long, value_name = "SIG")]
        out: PathBuf,
    },
    /// Verifies and merges signed results; decides the outcome.
    Merge {
        /// The election manifest.
        #[arg(long, value_name = "E.toml")]
        election: PathBuf,
        /// Signed results (their X.ballots.jsonl beside them are checked too).
        #[arg(value_name = "RESULT", required = true)]
        results: Vec<PathBuf>,
        /// Print the outcome as JSON (contract §4).
        #[arg(long)]
        json: bool,
        /// Write a bundle for `zheng verify` to this folder (must not exist or be empty).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The township's signature on the manifest (checked with --trust; put in the bundle).
        #[arg(long, value_name = "SIG")]
        manifest_sig: Option<PathBuf>,
        /// The township's public key in hex: the manifest must carry its valid signature.
        #[arg(long, value_name = "HEX")]
        trust: Option<String>,
        /// Decide even if some stations have no verified result (a provisional outcome; no bundle).
        #[arg(long)]
        partial: bool,
        /// Try Ed25519 batch verification first (kept only when it provably agrees with
        /// verify_strict; on this machine checking each signature in parallel is faster, see BENCHMARKS.md).
        #[arg(long)]
        batch: bool,
        /// Language of the counting sheet.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// A counting table's durable journal: open, enter, undo, reconcile, close.
    #[command(subcommand)]
    Station(StationCommand),
    /// A supervisor's independent check of a merged bundle: exit 0 only if every check passes.
    Verify {
        /// The bundle folder (from `zheng merge --out`).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The township's public key in hex, to check the manifest's signature.
        #[arg(long, value_name = "HEX")]
        trust: Option<String>,
        /// Print the checklist as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum StationCommand {
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
    },
    /// Reads ballot lines on stdin; prints `ok N` once ballot N is durable, `refused L: why` otherwise.
    Enter {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
    },
    /// The tallier's entry screen: numbered candidates, running tally in 正 strokes, undo.
    Screen {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Language of the screen.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// Voids the last ballot (or ballot N) with a correction entry; nothing is erased.
    Undo {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The ballot to void (default: the last live one).
        #[arg(long)]
        ballot: Option<u64>,
        /// Why.
        #[arg(long, default_value = "undo")]
        reason: String,
    },
    /// Records the number of voters who signed in at this box.
    Voters {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// Voters.
        voters: u64,
    },
    /// Adds a note to the record.
    Note {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The note.
        text: String,
    },
    /// Shows the journal: station, ballots entered, voided, live, voters, chain head.
    Status {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
    },
    /// Writes the live ballots as a box file (contract §2), in canonical order.
    Export {
        /// The journal.
        #[arg(long, value_name = "FILE")]
        journal: PathBuf,
        /// The box file to write.
        #[arg(long, value_name = "BOX")]
        out: PathBuf,
    },
    /// Lists every difference between two talliers' journals of one box; exit 0 only if they agree.
    Reconcile {
        /// Tallier A's journal.
        a: PathBuf,
        /// Tallier B's journal.
        b: PathBuf,
    },
    /// Closes the box: its signed result and published ballots (refuses if --against disagrees).
    Close {
        /// The journal.
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
        /// Close even if the two journals disagree.
        #[arg(long)]
        force: bool,
        /// The closing time to record (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        closed_at: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("zheng: {e:#}");
            let code = e.downcast_ref::<zheng::Error>().map_or(2, zheng::Error::exit_code);
            ExitCode::from(code as u8)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Demo { lang } => {
            out!("{}", zheng::demo::run(lang)?);
            Ok(0)
        }
        Command::Count { election, boxes, json, lang, partial } => {
            let (_, outcome) = zheng::count::count(&election, &boxes, partial)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&outcome)?);
            } else {
                out!("{}", zheng::sheet::render(&outcome, lang));
            }
            Ok(if outcome.is_valid() { 0 } else { 1 })
        }
        Command::Keygen { out } => {
            let key = zheng::keys::generate()?;
            zheng::keys::write_new(&out, &key)?;
            outln!("{}", zheng::keys::public_hex(&key));
            Ok(0)
        }
        Command::Close { election, key, box_file, out, closed_at } => {
            let e = Election::load(&election)?;
            let key = zheng::keys::load(&key)?;
            let (result, published) =
                zheng::close::close(&e, &key, &box_file, closed_at.unwrap_or_else(zheng::close::now))?;
            zheng::close::write(&out, &result, &published)?;
            let b = &result.body;
            outln!(
                "{}: station {} — {} voters, {} ballots ({} valid, {} invalid); result {}",
                out.display(),
                b.station,
                b.voters,
                b.ballots,
                b.valid,
                b.ballots - b.valid,
                hex::encode(result.id())
            );
            outln!(
                "{}: published ballots, Merkle root {}",
                zheng::merge::ballots_path(&out).display(),
                hex::encode(b.ballots_root)
            );
            Ok(0)
        }
        Command::Countersign { election, key, result } => {
            let e = Election::load(&election)?;
            let key = zheng::keys::load(&key)?;
            let mut r = zheng::result::ResultFile::read(&result)?;
            let (_, st) = e.station(&r.body.station).ok_or_else(|| {
                anyhow::anyhow!("{}: station {:?} is not in the manifest", result.display(), r.body.station)
            })?;
            let public = zheng::keys::public_hex(&key);
            if !st.monitors.contains(&public) {
                return Err(zheng::Error::Usage(format!(
                    "this key ({public}) is not a listed monitor of station {:?}",
                    st.id
                ))
                .into());
            }
            r.countersign(&key)?;
            zheng::error::write_atomic(&result, &r.to_bytes())?;
            outln!("{}: countersigned by {public} ({} signatures)", result.display(), r.signed.signatures.len());
            Ok(0)
        }
        Command::SignManifest { election, key, out } => {
            let e = Election::load(&election)?;
            let key = zheng::keys::load(&key)?;
            zheng::error::write_atomic(&out, &zheng::signed_manifest::sign(&e, &key))?;
            outln!(
                "{}: manifest {} signed by {}",
                out.display(),
                hex::encode(e.canonical_sha256()),
                zheng::keys::public_hex(&key)
            );
            Ok(0)
        }
        Command::Merge { election, results, json, out, manifest_sig, trust, partial, batch, lang } => {
            merge(election, results, json, out, manifest_sig, trust, partial, batch, lang)
        }
        Command::Station(cmd) => station(cmd),
        Command::Verify { dir, trust, json } => {
            let report = zheng::verify::verify(&dir, trust.as_deref());
            if json {
                outln!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                out!("{}", report.render());
            }
            Ok(if report.passed { 0 } else { 1 })
        }
        Command::Rules => {
            for (name, about) in zheng::rules::PROFILES {
                let r = zheng::rules::Rules::profile(name).expect("built-in");
                outln!("{name}  — {about}");
                outln!("  quorum: voters {}", r.quorum);
                outln!("  first round: votes {}", r.win);
                outln!("  run-off: votes {}", r.runoff_win);
                outln!("  re-vote: votes {} (most votes wins)", r.revote_win);
                outln!("  overvote voids the {:?}; minimum members {}", r.overvote, r.min_members);
            }
            Ok(0)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn merge(
    election: PathBuf,
    results: Vec<PathBuf>,
    json: bool,
    out: Option<PathBuf>,
    manifest_sig: Option<PathBuf>,
    trust: Option<String>,
    partial: bool,
    batch: bool,
    lang: Lang,
) -> anyhow::Result<u8> {
    let manifest_bytes = zheng::error::read_limited(&election, zheng::manifest::MAX_MANIFEST_BYTES)?;
    let e = Election::load(&election)?;
    let sig_bytes = match (&trust, &manifest_sig) {
        (Some(t), Some(sig)) => {
            zheng::signed_manifest::verify_file(&e, sig, t)?;
            Some(zheng::error::read_limited(sig, 1 << 16)?)
        }
        (Some(_), None) => return Err(zheng::Error::Usage("--trust needs --manifest-sig".into()).into()),
        (None, Some(sig)) => Some(zheng::error::read_limited(sig, 1 << 16)?),
        (None, None) => None,
    };
    let inputs = results.iter().map(|p| zheng::merge::Input::read(p)).collect::<Result<Vec<_>, _>>()?;
    let merged = zheng::merge::merge(&e, inputs, batch);
    // Every result's fate, on stderr when stdout carries JSON.
    let report = merged.render();
    if json {
        eprint!("{report}")
    } else {
        out!("{report}")
    }
    let Some(outcome) = merged.outcome(&e, partial) else {
        let why = if merged.conflicts.is_empty() {
            "no outcome: some stations have no verified result (--partial decides without them)".to_string()
        } else {
            format!(
                "no outcome until the election committee resolves the conflicting results of station(s) {}",
                merged.conflicts.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        };
        eprintln!("zheng: {why}");
        return Ok(1);
    };
    if json {
        outln!("{}", serde_json::to_string_pretty(&outcome)?);
    } else {
        outln!();
        out!("{}", zheng::sheet::render(&outcome, lang));
    }
    if let Some(dir) = out {
        if !merged.clean() {
            eprintln!("zheng: no bundle: not every station has exactly one verified result");
            return Ok(1);
        }
        zheng::bundle::write(&dir, &manifest_bytes, sig_bytes.as_deref(), &merged, &outcome)?;
        if json {
            eprintln!("bundle written to {}", dir.display())
        } else {
            outln!("bundle written to {}", dir.display())
        }
    }
    Ok(if merged.clean() && outcome.is_valid() { 0 } else { 1 })
}

fn station(cmd: StationCommand) -> anyhow::Result<u8> {
    use zheng::journal::Journal;
    use zheng::station;
    match cmd {
        StationCommand::Open { election, station: id, journal, voters } => {
            let text = zheng::error::read_limited(&election, zheng::manifest::MAX_MANIFEST_BYTES)?;
            let text = String::from_utf8(text).map_err(|_| anyhow::anyhow!("{}: not UTF-8", election.display()))?;
            let j = Journal::create(&journal, &text, &election, &id, voters)?;
            outln!("{}: journal of station {} opened ({})", journal.display(), j.station_id(), j.election.id);
            Ok(0)
        }
        StationCommand::Enter { journal } => {
            let mut j = Journal::open(&journal)?;
            // After a crash this is what survived: every complete entry, the chain re-checked.
            eprintln!(
                "{}: {} entries kept, hash chain verified; {} ballots so far",
                journal.display(),
                j.entries.len(),
                j.ballots_entered()
            );
            let mut input = std::io::BufReader::new(std::io::stdin());
            let mut output = std::io::stdout();
            let done = station::enter(&mut j, &mut input, &mut output)?;
            eprintln!("{}: {} ballots stored, {} lines refused", journal.display(), done.stored, done.refused);
            Ok(0)
        }
        StationCommand::Screen { journal, lang } => {
            let mut j = Journal::open(&journal)?;
            zheng::entry::run(&mut j, lang)?;
            outln!("{}: {} ballots entered, {} live", journal.display(), j.ballots_entered(), j.live_ballots().len());
            Ok(0)
        }
        StationCommand::Undo { journal, ballot, reason } => {
            let mut j = Journal::open(&journal)?;
            let n = station::undo(&mut j, ballot, &reason)?;
            outln!("voided ballot {n} ({reason})");
            Ok(0)
        }
        StationCommand::Voters { journal, voters } => {
            let mut j = Journal::open(&journal)?;
            station::set_voters(&mut j, voters)?;
            outln!("voters: {voters}");
            Ok(0)
        }
        StationCommand::Note { journal, text } => {
            let mut j = Journal::open(&journal)?;
            station::note(&mut j, &text)?;
            outln!("noted");
            Ok(0)
        }
        StationCommand::Status { journal } => {
            out!("{}", station::status(&Journal::open(&journal)?));
            Ok(0)
        }
        StationCommand::Export { journal, out } => {
            let j = Journal::open(&journal)?;
            zheng::error::write_atomic(&out, &station::export(&j)?)?;
            outln!("{}: {} ballots of station {}", out.display(), j.live_ballots().len(), j.station_id());
            Ok(0)
        }
        StationCommand::Reconcile { a, b } => {
            let (ja, jb) = (Journal::open(&a)?, Journal::open(&b)?);
            let d = station::reconcile(&ja, &jb)?;
            for x in &d {
                let show = |v: &Option<(usize, String)>| match v {
                    None => "(nothing here)".to_string(),
                    Some((0, s)) => s.clone(),
                    Some((n, s)) => format!("#{n} {s}"),
                };
                outln!("A {}  ·  B {}", show(&x.a), show(&x.b));
            }
            if d.is_empty() {
                outln!("the journals agree: {} ballots", ja.live_ballots().len());
                Ok(0)
            } else {
                outln!("{} difference(s)", d.len());
                Ok(1)
            }
        }
        StationCommand::Close { journal, key, out, against, force, closed_at } => {
            let mut j = Journal::open(&journal)?;
            let other = against.as_deref().map(Journal::open).transpose()?;
            let key = zheng::keys::load(&key)?;
            let (result, published) =
                station::close(&mut j, other.as_ref(), force, &key, closed_at.unwrap_or_else(zheng::close::now), &out)?;
            let _ = published;
            outln!(
                "{}: station {} closed — {} ballots; result {}",
                out.display(),
                j.station_id(),
                result.body.ballots,
                hex::encode(result.id())
            );
            Ok(0)
        }
    }
}
