//! `zheng`: parses arguments and calls the library. Exit status: 0 success; 1 a check failed or the
//! vote is void; 2 bad input or usage.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
            print!("{}", zheng::demo::run(lang)?);
            Ok(0)
        }
        Command::Count { election, boxes, json, lang, partial } => {
            let (_, outcome) = zheng::count::count(&election, &boxes, partial)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
            } else {
                print!("{}", zheng::sheet::render(&outcome, lang));
            }
            Ok(if outcome.is_valid() { 0 } else { 1 })
        }
        Command::Rules => {
            for (name, about) in zheng::rules::PROFILES {
                let r = zheng::rules::Rules::profile(name).expect("built-in");
                println!("{name}  — {about}");
                println!("  quorum: voters {}", r.quorum);
                println!("  first round: votes {}", r.win);
                println!("  run-off: votes {}", r.runoff_win);
                println!("  re-vote: votes {} (most votes wins)", r.revote_win);
                println!("  overvote voids the {:?}; minimum members {}", r.overvote, r.min_members);
            }
            Ok(0)
        }
    }
}
