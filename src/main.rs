//! `zheng`: parses the command line and hands each command to its file in `cli/`; an error that
//! ends it is printed in the command's language. Exit status: 0 success; 1 a check failed or the
//! vote is void; 2 bad input or usage.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// 正 Zheng — counts village election ballots exactly as the law says, and shows the count.
#[derive(Parser)]
#[command(name = "zheng", version, about, long_about = None)]
struct Zheng {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Counts the sample village election embedded from fixtures/ and prints its counting sheets.
    Demo(cli::demo::Args),
    /// Counts box files and decides the outcome (no signatures needed).
    Count(cli::count::Args),
    /// Lists the built-in rules profiles and their bars.
    Rules(cli::rules::Args),
    /// Makes an Ed25519 key (file mode 0600) and prints its public key in hex.
    Keygen(cli::keygen::Args),
    /// Counts one box and writes its signed result, with its published ballots beside it.
    Close(cli::close::Args),
    /// Adds a monitor's (监票人) countersignature to a station's result.
    Countersign(cli::countersign::Args),
    /// Signs a manifest with the township's key.
    SignManifest(cli::sign_manifest::Args),
    /// Verifies and merges signed results; decides the outcome.
    Merge(cli::merge::Args),
    /// A counting table's durable journal: open, enter, undo, reconcile, close.
    #[command(subcommand)]
    Station(cli::station::Command),
    /// Writes the re-vote or run-off manifest a vote's outcome calls for.
    NextRound(cli::next_round::Args),
    /// A village's votes together: kinship conflicts between bodies, pending votes, structure.
    Village(cli::village::Args),
    /// The structure report of a township's villages against the plan's targets.
    Township(cli::township::Args),
    /// Writes a count's open export: CSV, or NIST SP 1500-100 v2 JSON.
    Export(cli::export::Args),
    /// Writes the printable public-counting report (HTML for A4) from boxes, a bundle or a store.
    Report(cli::report::Args),
    /// A supervisor's independent check of a merged bundle: exit 0 only if every check passes.
    Verify(cli::verify::Args),
    /// Receives signed results over HTTP and serves its signed log; `collect status`: who reported.
    Collect(cli::collect::Args),
    /// The collector's log: checkpoint, inclusion and consistency proofs, checking a receipt.
    #[command(subcommand)]
    Log(cli::log::Command),
    /// The risk-limiting audit of the paper ballots: plan, record, status, next round, report.
    #[command(subcommand)]
    Audit(cli::audit::Command),
    /// A signed result as QR codes, for a hall with no network, and back: encode, decode.
    #[command(subcommand)]
    Qr(cli::qr::Command),
    /// A C2SP witness of collectors' logs: cosigns each checkpoint consistent with the last, never a fork.
    Witness(cli::witness::Args),
}

fn main() -> ExitCode {
    let (zheng, lang) = cli::parse::<Zheng>();
    let result = match zheng.command {
        Command::Demo(a) => cli::demo::run(a),
        Command::Count(a) => cli::count::run(a),
        Command::Rules(a) => cli::rules::run(a),
        Command::Keygen(a) => cli::keygen::run(a),
        Command::Close(a) => cli::close::run(a),
        Command::Countersign(a) => cli::countersign::run(a),
        Command::SignManifest(a) => cli::sign_manifest::run(a),
        Command::Merge(a) => cli::merge::run(a),
        Command::Station(c) => cli::station::run(c),
        Command::NextRound(a) => cli::next_round::run(a),
        Command::Village(a) => cli::village::run(a),
        Command::Township(a) => cli::township::run(a),
        Command::Export(a) => cli::export::run(a),
        Command::Report(a) => cli::report::run(a),
        Command::Verify(a) => cli::verify::run(a),
        Command::Collect(a) => cli::collect::run(a),
        Command::Log(c) => cli::log::run(c),
        Command::Audit(c) => cli::audit::run(c),
        Command::Qr(c) => cli::qr::run(c),
        Command::Witness(a) => cli::witness::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", cli::error_line(&e, lang));
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
