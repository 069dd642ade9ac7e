//! `zheng audit`: the risk-limiting audit of the paper ballots (docs/AUDIT.md, contract §6).

use std::path::PathBuf;

use zheng::paper::folder::{AuditFolder, STATUS};
use zheng::paper::plan::Plan;
use zheng::paper::{status, steps, text};
use zheng::words::Lang;
use zheng::words::audit::AuditSays;

use super::{LangArg, print, print_json, println};

/// The audit of the paper ballots: plan, record, status, next round, report.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Verifies a bundle and plans its audit: assertions, the first round's sample, the retrieval list.
    Plan(PlanArgs),
    /// Records paper ballots as the audit team reads them (one a line on stdin), or a box counted by hand.
    Record(RecordArgs),
    /// Each assertion's risk and the verdict: confirmed, next round, or full hand count.
    Status(StatusArgs),
    /// Draws the next round (the same seed: every earlier draw kept), or chooses a full hand count.
    NextRound(NextArgs),
    /// Writes the public audit report (HTML for A4).
    Report(ReportArgs),
}

/// `audit plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// The bundle (from `zheng merge --out`): it must verify.
    #[arg(long, value_name = "DIR")]
    bundle: PathBuf,
    /// The township's public key in hex, to check the manifest's signature.
    #[arg(long, value_name = "HEX")]
    trust: Option<String>,
    /// At least 20 decimal digits rolled with ten-sided dice in public.
    #[arg(long, value_name = "DIGITS")]
    seed: String,
    /// The risk limit: `5%` or `0.05`.
    #[arg(long, value_name = "RISK", default_value = "5%")]
    risk_limit: String,
    /// The audit folder to make (must not exist).
    #[arg(long, value_name = "AUDIT")]
    out: PathBuf,
    /// Print the plan as JSON (contract §6).
    #[arg(long)]
    json: bool,
    /// Language of the retrieval list and of what is printed.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `audit record`.
#[derive(clap::Args)]
pub struct RecordArgs {
    /// The audit folder.
    #[arg(long, value_name = "AUDIT")]
    audit: PathBuf,
    /// Record a whole box counted by hand: its station...
    #[arg(long, value_name = "STATION", requires = "box_file")]
    hand_count: Option<String>,
    /// ...and its ballots as a box file (contract §2), in the order of the pile.
    #[arg(long = "box", value_name = "FILE", requires = "hand_count")]
    box_file: Option<PathBuf>,
    /// Language of the answers.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `audit status`.
#[derive(clap::Args)]
pub struct StatusArgs {
    /// The audit folder.
    #[arg(long, value_name = "AUDIT")]
    audit: PathBuf,
    /// Print the status as JSON (contract §6).
    #[arg(long)]
    json: bool,
    /// Language of what is printed.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `audit next-round`.
#[derive(clap::Args)]
pub struct NextArgs {
    /// The audit folder.
    #[arg(long, value_name = "AUDIT")]
    audit: PathBuf,
    /// The round's size (default: what the status proposes).
    #[arg(long, value_name = "N")]
    size: Option<u64>,
    /// Stop sampling: every box is counted by hand.
    #[arg(long, conflicts_with = "size")]
    full_hand_count: bool,
    /// Print the round as JSON, as `audit plan` prints round 1.
    #[arg(long)]
    json: bool,
    /// Language of the retrieval list and of what is printed.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `audit report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// The audit folder.
    #[arg(long, value_name = "AUDIT")]
    audit: PathBuf,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `--risk-limit`: `5%` or `0.05`.
fn risk_limit(s: &str) -> Result<f64, zheng::error::Refusal> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
        None => t.parse::<f64>(),
    };
    match v {
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(zheng::error::Refusal::BadRiskLimit { given: s.to_string() }),
    }
}

/// Runs it.
pub fn run(c: Command) -> anyhow::Result<u8> {
    match c {
        Command::Plan(a) => plan(a),
        Command::Record(a) => record(a),
        Command::Status(a) => status_of(a),
        Command::NextRound(a) => next_round(a),
        Command::Report(a) => report(a),
    }
}

fn plan(a: PlanArgs) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    if let Some(t) = &a.trust {
        zheng::seal::keys::parse_public(t).map_err(|e| zheng::Error::Usage(zheng::error::Usage::Trust(e)))?;
    }
    let limit = risk_limit(&a.risk_limit)?;
    let plan = steps::plan(&a.bundle, a.trust.as_deref(), &a.seed, limit, &a.out, lang)?;
    if a.json {
        print_json(&plan)?;
    } else {
        print(&text::planned(&plan, &a.out, lang))?;
    }
    Ok(0)
}

fn record(a: RecordArgs) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    let mut folder = AuditFolder::open(&a.audit)?;
    if let (Some(station), Some(file)) = (&a.hand_count, &a.box_file) {
        steps::hand_count(&mut folder, station, file)?;
        println(&lang.format(AuditSays::HandCounted { station }))?;
        return Ok(0);
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let done = steps::record(&mut folder, &mut input, &mut out, lang)?;
    eprintln!("{}", lang.format(AuditSays::Recorded { recorded: &done.recorded, refused: &done.refused }));
    Ok(if done.refused > 0 { 2 } else { 0 })
}

fn status_of(a: StatusArgs) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    let folder = AuditFolder::open(&a.audit)?;
    let st = status::status(&folder)?;
    let json = status::to_json(&st);
    zheng::files::write_atomic(&a.audit.join(STATUS), json.as_bytes())?;
    if a.json {
        print(&json)?;
    } else {
        print(&text::status(&st, folder.plan(), lang))?;
    }
    Ok(0)
}

fn next_round(a: NextArgs) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    let mut folder = AuditFolder::open(&a.audit)?;
    if a.full_hand_count {
        folder.escalate()?;
        println(&lang.format(AuditSays::Escalated { boxes: &folder.plan().boxes.len() }))?;
        return Ok(0);
    }
    let size = match a.size {
        Some(n) => n,
        None => {
            let st = status::status(&folder)?;
            match st.next_round_size {
                Some(n) => n,
                None => {
                    print(&text::status(&st, folder.plan(), lang))?;
                    return Ok(1);
                }
            }
        }
    };
    let (round, sample) = steps::next_round(&mut folder, size, lang)?;
    if a.json {
        let plan = Plan { round, sample_size: sample.len() as u64, sample, ..folder.plan().clone() };
        print_json(&plan)?;
    } else {
        print(&text::next_round(round, sample.len() as u64, &a.audit.join(format!("retrieval-{round}.html")), lang))?;
    }
    Ok(0)
}

fn report(a: ReportArgs) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    let folder = AuditFolder::open(&a.audit)?;
    let st = status::status(&folder)?;
    let html = zheng::paper::page::report(&folder, &st, lang)?;
    zheng::files::write_atomic(&a.out, html.as_bytes())?;
    println(&lang.format(AuditSays::ReportWritten { out: &a.out.display() }))?;
    Ok(0)
}
