//! `zheng rules`: the built-in rules profiles and their bars.

use zheng::vote::rules::{PROFILES, Rules};
use zheng::words::Lang;
use zheng::words::command::{CommandSays, CommandWord};

use super::{LangArg, println};

/// Lists the built-in rules profiles and their bars.
#[derive(clap::Args)]
pub struct Args {
    /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
    #[arg(long, value_enum, default_value_t = LangArg::from_env())]
    lang: LangArg,
}

/// Runs the command; returns its exit status.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let lang = Lang::from(a.lang);
    for (name, about) in PROFILES {
        let r = Rules::profile(name).expect("every listed profile is built in");
        println(&lang.format(CommandSays::Profile { name: &name, about: &lang.profile_about(about) }))?;
        println(&lang.format(CommandSays::Quorum { bar: &lang.threshold(r.quorum) }))?;
        println(&lang.format(CommandSays::FirstRound { bar: &lang.threshold(r.win) }))?;
        println(&lang.format(CommandSays::Runoff { bar: &lang.threshold(r.runoff_win) }))?;
        let revote = if r.revote_win.fraction.num() == 0 {
            lang.say(CommandWord::MostVotesWins).to_string()
        } else {
            lang.threshold(r.revote_win)
        };
        println(&lang.format(CommandSays::Revote { bar: &revote }))?;
        let members = match r.min_members {
            0 => lang.say(CommandWord::NoMinimum).to_string(),
            min => lang.format(CommandSays::MinMembers { min: &min }),
        };
        println(&lang.format(CommandSays::Overvote { scope: &lang.scope(r.overvote), members: &members }))?;
    }
    Ok(0)
}
