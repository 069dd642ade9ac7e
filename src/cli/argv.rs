//! A command line with a long run of files — `zheng count` of ten thousand boxes — parsed by clap
//! with the run's first two files only, the rest moved into the parsed command's list after them.
//!
//! clap handles each value it parses on its own (its parser's pending values, an owned value in a
//! shared box, a copy out to the command's list): about 2,000 instructions a path, so that ten
//! thousand box paths were four-fifths of what the main thread did before any box was read, and a
//! twentieth of the whole count's time (issue 23). Where the run is known to go whole to the
//! command's one list of files, clap is given only enough of it to parse everything else exactly
//! as it would — the same errors, help, defaults and conflicts — and the rest is appended.
//!
//! When that is known is read from clap's own definition of the innermost command: it has no
//! subcommand, one positional argument that takes any number of values, each a path of its own (no
//! word ending the list, none holding several, none refused), and no option that takes more than
//! one value an occurrence. Then every word of the run from its second on is that argument's value
//! (the first may be the value of the option before it), in order. A word of the
//! run is neither empty nor begins with `-` (an option, `-` for standard input, `--`). Anything
//! else — a short run, another shape of command, a line clap refuses, a command whose list is not
//! where it is looked for — is parsed whole by clap.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::ArgMatches;

use zheng::words::Lang;

/// A parsed command that may hold a list of files: its innermost command's one positional argument,
/// a list of paths.
pub trait Files {
    /// The list of files the innermost command was given, if it takes one.
    fn files(&mut self) -> Option<&mut Vec<PathBuf>>;
}

/// The fewest words a run must have to be parsed this way: its first two parsed by clap, at least
/// one added after.
const LEAST_RUN: usize = 3;

/// `argv` (the program's name first, then the command's) parsed as clap parses it, with its
/// longest run of files given to clap as its first two (see the module's doc); `argv` back, whole,
/// when that does not apply. The files are moved, not copied, into the command's list.
pub fn parse<T: clap::Parser + Files>(mut argv: Vec<OsString>) -> Result<(T, Lang), Vec<OsString>> {
    // The run, after the command's name (`argv[1]`: `zheng` itself takes no option with a value).
    let (from, len) = longest_run(argv.get(2..).unwrap_or_default());
    if len < LEAST_RUN {
        return Err(argv);
    }
    let (kept, cut) = (2 + from + 2, 2 + from + len);
    let rest: Vec<OsString> = argv.drain(kept..cut).collect();
    if let Some((mut parsed, lang, at)) = parse_head::<T>(&argv, kept - 1)
        && let Some(files) = parsed.files()
    {
        files.splice(at..at, rest.into_iter().map(PathBuf::from));
        return Ok((parsed, lang));
    }
    argv.splice(kept..kept, rest);
    Err(argv)
}

/// The command line with its run cut short to its first two words (`head`, the second at
/// `second`), parsed, with where the rest of the run goes in the command's files — when the second
/// word is found once among the files of a command whose files take the whole run (see the
/// module's doc).
fn parse_head<T: clap::Parser + Files>(head: &[OsString], second: usize) -> Option<(T, Lang, usize)> {
    let mut command = T::command();
    let mut matches = command.try_get_matches_from_mut(head).ok()?;
    let (leaf, list) = files_argument(&command, &matches)?;
    let given = leaf.get_raw(&list).map_or(0, |values| values.len());
    let lang = super::lang_of(&matches);
    let mut parsed = T::from_arg_matches_mut(&mut matches).ok()?;
    let files = parsed.files()?;
    let second = Path::new(head.get(second)?);
    let mut found = files.iter().enumerate().filter(|(_, f)| f.as_path() == second).map(|(i, _)| i);
    let (Some(at), None) = (found.next(), found.next()) else { return None };
    (files.len() == given).then_some((parsed, lang, at + 1))
}

/// Where the longest run of `words` that are neither empty nor begin with `-` begins, and its
/// length (the first such run of that length).
fn longest_run(words: &[OsString]) -> (usize, usize) {
    let plain = |w: &OsString| w.as_encoded_bytes().first().is_some_and(|&b| b != b'-');
    let (mut best, mut from) = ((0, 0), 0);
    for (i, w) in words.iter().enumerate() {
        if !plain(w) {
            from = i + 1;
        } else if i + 1 - from > best.1 {
            best = (from, i + 1 - from);
        }
    }
    best
}

/// The command's matches, and the id of its one positional argument — when it is a subcommand of
/// a program that takes no option with a value, and its definition sends every word after a word
/// that is not an option to that argument (see the module's doc).
fn files_argument<'m>(program: &clap::Command, matches: &'m ArgMatches) -> Option<(&'m ArgMatches, String)> {
    let takes_one_value_at_most = |a: &clap::Arg| a.get_num_args().is_some_and(|n| n.max_values() <= 1);
    let takes_no_value = |a: &clap::Arg| a.get_num_args().is_some_and(|n| n.max_values() == 0);
    let (name, matches) = matches.subcommand()?;
    let command = program.find_subcommand(name)?;
    if command.has_subcommands() || !program.get_arguments().all(takes_no_value) {
        return None;
    }
    let mut positionals = command.get_positionals();
    let (list, None) = (positionals.next()?, positionals.next()) else { return None };
    let unbounded = list.get_num_args().is_some_and(|n| n.max_values() == usize::MAX);
    // Each word a path of its own, as it is: no word ends the list or holds several, none refused.
    let paths = list.get_value_parser().type_id() == clap::builder::ValueParser::path_buf().type_id()
        && list.get_value_terminator().is_none()
        && list.get_value_delimiter().is_none()
        && list.get_possible_values().is_empty();
    let options = command.get_arguments().filter(|a| !a.is_positional()).all(takes_one_value_at_most);
    (unbounded && paths && options && !list.is_last_set()).then(|| (matches, list.get_id().to_string()))
}

/// The commands given many files: count, merge, export, report.
impl Files for crate::Zheng {
    fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
        match &mut self.command {
            crate::Command::Count(a) => a.files(),
            crate::Command::Merge(a) => a.files(),
            crate::Command::Export(a) => a.files(),
            crate::Command::Report(a) => a.files(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

    use super::*;

    #[derive(Parser, Debug, PartialEq)]
    struct Top {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(Subcommand, Debug, PartialEq)]
    enum Sub {
        Count {
            #[arg(long)]
            election: PathBuf,
            #[arg(required = true)]
            boxes: Vec<PathBuf>,
            #[arg(long)]
            json: bool,
            #[arg(long, num_args = 0..=1, default_missing_value = "x")]
            maybe: Option<String>,
        },
        Pair {
            #[arg(long, num_args = 2)]
            two: Vec<String>,
            files: Vec<PathBuf>,
        },
        Both {
            first: PathBuf,
            files: Vec<PathBuf>,
        },
        Ended {
            #[arg(value_terminator = ";")]
            files: Vec<PathBuf>,
        },
        Split {
            #[arg(value_delimiter = ',')]
            files: Vec<PathBuf>,
        },
    }

    impl Files for Top {
        fn files(&mut self) -> Option<&mut Vec<PathBuf>> {
            match &mut self.command {
                Sub::Count { boxes, .. } => Some(boxes),
                Sub::Pair { files, .. } | Sub::Both { files, .. } | Sub::Ended { files } | Sub::Split { files } => {
                    Some(files)
                }
            }
        }
    }

    fn argv(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    /// A line parsed with its run of files cut short is what clap parses whole; and where the run
    /// may not go whole to the list (an option of two values, a second positional argument, a run
    /// too short, words clap refuses, the run's second word twice among the files, a list a word
    /// ends or a word holds several of), the line is
    /// given back whole, as it was.
    #[test]
    fn a_run_of_files_cut_short_parses_as_clap_parses_it_whole() {
        let whole = |line: &str| {
            Top::command().try_get_matches_from(argv(line)).and_then(|mut m| Top::from_arg_matches_mut(&mut m))
        };
        let cut = |line: &str| parse::<Top>(argv(line)).ok().map(|(t, _)| t);
        for line in [
            "z count --election e a b c d",
            "z count --election=e a b c",
            "z count a --election e b c d",
            "z count --json --election e a b c",
            "z count --election e --maybe a b c",
            "z count --election e a b --maybe c d e f",
            "z count --election e -- a b c",
            "z count --election e a b c ç 张三.jsonl",
            "z count --election e a b -",
            "z count --election e a b c d --json",
            "z count a b c --election e d e f --json",
            "z count a b --json --election e c d e f",
            "z count --election e a b c d b",
            "z count a b c d --election e",
        ] {
            assert_eq!(cut(line), Some(whole(line).unwrap()), "{line}");
        }
        for line in [
            "z count --election e a",
            "z count a --election e a b c --json",
            "z count a b c",
            "z count --election e a b  c",
            "z count --election e --help a b c",
            "z pair --two a b c d e",
            "z both a b c d",
            "z ended a b ; c",
            "z split a b c,d",
            "z",
        ] {
            assert_eq!(parse::<Top>(argv(line)).err(), Some(argv(line)), "{line}: the line back whole");
        }
    }

    /// The commands given many files — count, merge, export, report — take them with the run cut
    /// short for clap (this module's way), and take the same files as clap parsing the whole line.
    #[test]
    fn the_commands_given_many_files_take_them_cut_short_and_alike() {
        for line in [
            "zheng count --election e.toml a b c d",
            "zheng merge --election e.toml --json a b c",
            "zheng export --format csv --election e.toml a b c",
            "zheng report --election e.toml --out r.html a b c",
        ] {
            let words: Vec<std::ffi::OsString> = line.split(' ').map(Into::into).collect();
            let (mut cut, _) = parse::<crate::Zheng>(words.clone()).expect(line);
            let mut matches = crate::Zheng::command().try_get_matches_from(&words).expect(line);
            let mut whole = crate::Zheng::from_arg_matches_mut(&mut matches).expect(line);
            assert_eq!(cut.files(), whole.files(), "{line}");
            assert_eq!(cut.files().map(|f| f.len()), Some(line.split(' ').rev().take_while(|w| w.len() == 1).count()));
        }
    }
}
