//! `zheng next-round`: the re-vote or run-off manifest an outcome calls for.

use std::path::PathBuf;

use zheng::seal::manifest::Manifest;
use zheng::village::next_round::NextRound;
use zheng::vote::manifest::Election;
use zheng::vote::model::Round;
use zheng::vote::outcome::{Outcome, StatedOutcome};
use zheng::words::Lang;

use zheng::words::command::CommandSays;

use super::{LangArg, println};

/// Writes the manifest of the re-vote (再次投票) or run-off (另行选举) a vote's outcome calls for.
#[derive(clap::Args)]
pub struct Args {
    /// The manifest of the vote the outcome is of.
    #[arg(long, value_name = "E.toml")]
    election: PathBuf,
    /// The vote's outcome (`zheng count --json`), then those of any rounds held since: each
    /// post's latest word counts.
    #[arg(long, value_name = "OUT.json", required_unless_present = "boxes", conflicts_with = "boxes")]
    outcome: Vec<PathBuf>,
    /// Or the vote's box files, counted here.
    #[arg(value_name = "BOX")]
    boxes: Vec<PathBuf>,
    /// The village register: written-in people proposed get their register person; with boxes,
    /// kinship avoidance as in `zheng count`.
    #[arg(long, value_name = "people.toml")]
    register: Option<PathBuf>,
    /// Which round, when both a re-vote and a run-off are called for (re-votes first by default).
    #[arg(long, value_enum)]
    round: Option<RoundArg>,
    /// Where to write the new manifest (never over the election's own).
    #[arg(long, value_name = "NEXT.toml")]
    out: PathBuf,
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// `--round`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoundArg {
    /// 再次投票 among people tied [ZJE28].
    Revote,
    /// 另行选举 for seats left empty [ZJE29].
    Runoff,
}

/// Runs it.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let manifest = Manifest::load(&a.election)?;
    let e = manifest.election();
    if a.out == a.election || a.outcome.contains(&a.out) || a.boxes.contains(&a.out) {
        return Err(zheng::Error::Usage(zheng::error::Usage::OutIsAnInput { out: a.out.display().to_string() }).into());
    }
    let people = a.register.as_deref().map(|p| zheng::vote::register::load_register(p, e)).transpose()?;
    let register = people.as_ref().map(|(r, _)| r);
    let outcomes = if a.boxes.is_empty() {
        a.outcome.iter().enumerate().map(|(i, p)| outcome(p, (i == 0).then_some(e))).collect::<Result<Vec<_>, _>>()?
    } else {
        vec![zheng::vote::count::count_with(e, &a.boxes, false, register)?]
    };
    let round = a.round.map(|r| match r {
        RoundArg::Revote => Round::Revote,
        RoundArg::Runoff => Round::Runoff,
    });
    let lang = Lang::from(a.lang);
    let next = match NextRound::new(e, &outcomes, round, register) {
        Ok(n) => n,
        Err(why) => {
            eprintln!("zheng: {}", why.said_in(lang));
            return Ok(why.exit_code());
        }
    };
    let (text, written) = next.to_toml(&a.out)?;
    zheng::files::write_atomic(&a.out, text.as_bytes())?;
    if let Some(r) = register {
        super::warn_staff(&a.out, &written, r, lang);
    }
    let (path, round) = (&a.out.display(), &lang.round(next.round()));
    println(&lang.format(CommandSays::NextRound { path, round, election: &next.id() }))?;
    for (post, seats, names) in next.posts() {
        // The office people read (主任, vice-chair), as the vote's manifest names it.
        let office = e.contests().iter().find(|c| c.id == post).map_or(post.as_str(), |c| c.office.as_str());
        let names = names.join(lang.list_sep());
        println(&lang.format(CommandSays::NextRoundPost { post: &office, seats: &seats, names: &names }))?;
    }
    Ok(0)
}

/// An outcome file, checked: the first given is the vote's own, and so checked against its
/// manifest too — unless it names another vote, which the next round refuses by name.
fn outcome(path: &std::path::Path, manifest: Option<&Election>) -> Result<Outcome, zheng::Error> {
    let stated = StatedOutcome::load(path)?;
    let manifest = manifest.filter(|e| stated.election() == e.id());
    stated.check(manifest).map_err(|why| why.in_file(path))
}
