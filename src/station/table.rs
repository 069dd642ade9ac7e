//! What a counting table does with its journal: enter ballots (each acknowledged only once
//! durable), undo, record the voters, export the box, reconcile two talliers' journals, and close
//! the box to a signed result.

use std::io::{BufReader, Read, Write};
use std::path::Path;

use ed25519_dalek::SigningKey;

use crate::error::{Error, Refusal};
use crate::files::lines::{InputLine, read_line_bounded};
use crate::seal::record::{self, Published};
use crate::seal::result::ResultFile;
use crate::station::journal::{Journal, Kind, NewEntry};
use crate::station::reconcile;
use crate::vote::ballot::{BallotBatch, BallotVerdict, LineError, Schema};
use crate::vote::boxfile::BoxHeader;
use crate::vote::tally::{Kernel, Tally};
use crate::words::Lang;
use crate::words::board::BoardWord;
use crate::words::station::{StationSays, StationWord};

/// The longest ballot line accepted at the table.
pub(crate) const MAX_ENTRY_BYTES: usize = 64 << 10;
/// The most lines committed together.
const GROUP: usize = 4096;

/// What `enter` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entered {
    /// Ballots stored and acknowledged.
    pub stored: u64,
    /// Lines refused (not ballots; not stored).
    pub refused: u64,
}

/// Why a line typed at the table is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineRefused {
    /// Longer than [`MAX_ENTRY_BYTES`].
    TooLong,
    /// Nothing but white space.
    Empty,
    /// Not a ballot of this manifest: the field and what is wrong.
    NotABallot(LineError),
}

impl LineRefused {
    /// Why, in `lang`.
    pub(crate) fn said_in(&self, lang: Lang) -> String {
        match self {
            LineRefused::TooLong => lang.format(StationSays::TooLong { max: &MAX_ENTRY_BYTES }),
            LineRefused::Empty => lang.say(StationWord::EmptyLine).to_string(),
            LineRefused::NotABallot(e) => e.said_in(lang),
        }
    }
}

/// The English.
impl std::fmt::Display for LineRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said_in(Lang::En))
    }
}

/// Checks a ballot line against the manifest without storing it: `Ok` with the law's verdict, or
/// why it is refused.
pub(crate) fn check_line(schema: &Schema<'_>, line: &[u8]) -> Result<BallotVerdict, LineRefused> {
    if line.len() > MAX_ENTRY_BYTES {
        return Err(LineRefused::TooLong);
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(LineRefused::Empty);
    }
    let mut batch = BallotBatch::new(schema.layout());
    schema.decoder().decode(line, &mut batch).map_err(LineRefused::NotABallot)
}

/// Reads ballot lines from `input` and stores each valid one, printing `ok N` to `output` only once
/// ballot N is durable. Lines that arrive together are committed together (group commit). A line
/// that is not a ballot is answered `refused LINE: reason` (the reason in `lang`) and not stored.
pub fn enter<R: Read>(
    j: &mut Journal,
    input: &mut BufReader<R>,
    output: &mut impl Write,
    lang: Lang,
) -> Result<Entered, Error> {
    if j.closed() {
        return Err(Error::refused(j.path(), Refusal::BoxClosed));
    }
    let e = j.election().clone();
    let schema = Schema::new(&e);
    let mut done = Entered::default();
    let mut line_no = 0u64;
    let io = |err: std::io::Error| Error::io(Path::new("standard input/output"), err);
    loop {
        // Take every line already waiting, up to GROUP, then commit them together.
        let mut pending: Vec<NewEntry> = Vec::new();
        let mut replies: Vec<Option<String>> = Vec::new(); // None: acknowledged after commit
        let mut eof = false;
        loop {
            let mut buf = Vec::new();
            let read = read_line_bounded(input, &mut buf, MAX_ENTRY_BYTES).map_err(io)?;
            if matches!(read, InputLine::End) {
                eof = true;
                break;
            }
            line_no += 1;
            let line = buf.trim_ascii();
            let checked = match read {
                InputLine::Whole => check_line(&schema, line),
                _ => Err(LineRefused::TooLong),
            };
            if matches!(read, InputLine::Endless) {
                let why = LineRefused::TooLong.said_in(lang);
                replies.push(Some(format!("refused {line_no}: {why}{}", lang.say(StationWord::RestNotRead))));
                eof = true;
                break;
            }
            match checked {
                Ok(_) => {
                    pending.push(NewEntry { kind: Kind::Ballot, ballot: None, body: line.to_vec() });
                    replies.push(None);
                }
                Err(why) => replies.push(Some(format!("refused {line_no}: {}", why.said_in(lang)))),
            }
            if pending.len() >= GROUP || !input.buffer().contains(&b'\n') {
                break;
            }
        }
        let stored = if pending.is_empty() { Vec::new() } else { j.append(&pending)? };
        let mut acks = stored.iter();
        for r in replies {
            match r {
                Some(refusal) => {
                    done.refused += 1;
                    writeln!(output, "{refusal}").map_err(io)?;
                }
                None => {
                    let entry = acks.next().expect("one stored entry per accepted line");
                    done.stored += 1;
                    writeln!(output, "ok {}", entry.ballot.unwrap_or(0)).map_err(io)?;
                }
            }
        }
        output.flush().map_err(io)?;
        if eof {
            return Ok(done);
        }
    }
}

/// Voids a ballot (the last live one if `ballot` is `None`) with a reason; returns its number.
pub fn undo(j: &mut Journal, ballot: Option<u64>, reason: &str) -> Result<u64, Error> {
    if j.closed() {
        return Err(Error::refused(j.path(), Refusal::BoxClosed));
    }
    let live = j.live_ballots();
    let n = match ballot {
        None => live.last().map(|(n, _)| *n).ok_or(Error::Refusal(Refusal::NoBallotToUndo))?,
        Some(n) if live.iter().any(|(b, _)| *b == n) => n,
        Some(n) => return Err(Error::Refusal(Refusal::NotALiveBallot { ballot: n })),
    };
    let reason = if reason.trim().is_empty() { "undo" } else { reason.trim() };
    j.append(&[NewEntry { kind: Kind::Correction, ballot: Some(n), body: reason.as_bytes().to_vec() }])?;
    Ok(n)
}

/// Records the number of voters who signed in at this box.
pub fn set_voters(j: &mut Journal, voters: u64) -> Result<(), Error> {
    if j.closed() {
        return Err(Error::refused(j.path(), Refusal::BoxClosed));
    }
    j.append(&[NewEntry { kind: Kind::Voters, ballot: None, body: voters.to_string().into_bytes() }])?;
    Ok(())
}

/// Adds a note to the record.
pub fn note(j: &mut Journal, text: &str) -> Result<(), Error> {
    if j.closed() {
        return Err(Error::refused(j.path(), Refusal::BoxClosed));
    }
    j.append(&[NewEntry { kind: Kind::Note, ballot: None, body: text.as_bytes().to_vec() }])?;
    Ok(())
}

/// What `zheng station status` prints, in `lang`: the box, its entries, ballots entered, voided and
/// live, voters, and whether it is closed.
pub fn status(j: &Journal, lang: Lang) -> String {
    let live = j.live_ballots().len() as u64;
    let entered = j.ballots_entered();
    let voters = match j.voters() {
        Some(v) if live > v => lang.format(StationSays::MoreBallotsThanVoters { voters: &v }),
        Some(v) => lang.format(StationSays::Voters { voters: &v }),
        None => lang.say(StationWord::VotersNotYet).to_string(),
    };
    let (path, election, station) = (&j.path().display(), &j.election().id(), &j.station_id());
    let (entries, head) = (&j.entries().len(), &hex::encode(j.head()));
    let state = if j.closed() { lang.say(BoardWord::Closed) } else { lang.say(StationWord::Open) };
    [
        lang.format(StationSays::Journal { path, election, station }),
        lang.format(StationSays::Chain { entries, head }),
        lang.format(StationSays::Ballots { entered: &entered, voided: &(entered - live), live: &live }),
        format!("  {voters}"),
        format!("  {state}"),
    ]
    .into_iter()
    .map(|l| l + "\n")
    .collect()
}

/// The live ballots as a box file (contract §2): the header, then the ballots in canonical order
/// (sorted: the box file never shows the order of entry).
pub fn export(j: &Journal) -> Result<Vec<u8>, Error> {
    let voters = j.voters().ok_or_else(|| Error::refused(j.path(), Refusal::VotersUnknown))?;
    let schema = Schema::new(j.election());
    let mut records: Vec<Vec<u8>> = j
        .live_ballots()
        .iter()
        .map(|(n, line)| record::canonical(&schema, line).map_err(|e| Error::Invariant(format!("ballot {n}: {e}"))))
        .collect::<Result<_, _>>()?;
    records.sort_unstable();
    let header = BoxHeader { station: j.station_id().to_string(), voters };
    Ok(record::file_bytes(&header, &records))
}

/// Closes the box: refuses if a second tallier's journal disagrees (unless `force`), counts the
/// live ballots, signs the result, writes it to `out` (and its published ballots beside it), and
/// only then records the close in the journal. Neither `out` nor its ballots file may be one of
/// the journals: they are refused before either is opened (a plain open and close of a journal
/// held here would drop SQLite's locks on it; `--force` would replace it).
pub fn close(
    j: &mut Journal,
    other: Option<&Journal>,
    force: bool,
    key: &SigningKey,
    closed_at: String,
    out: &Path,
) -> Result<(ResultFile, Published), Error> {
    let journals: Vec<&Path> = std::iter::once(j.path()).chain(other.map(Journal::path)).collect();
    crate::files::not_an_input(out, &journals)?;
    crate::files::not_an_input(&crate::audit::close::ballots_path(out), &journals)?;
    if j.closed() {
        return Err(Error::refused(j.path(), Refusal::BoxClosed));
    }
    if let Some(o) = other {
        let d = reconcile::reconcile(j, o)?;
        if !d.is_empty() && !force {
            return Err(Error::refused(j.path(), Refusal::JournalsDisagree { places: d.len() }));
        }
    }
    let bytes = export(j)?;
    let dir = tempfile::tempdir().map_err(|e| Error::io(Path::new("temporary folder"), e))?;
    let path = dir.path().join(format!("{}.jsonl", j.station_id()));
    std::fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
    let (result, published) = crate::audit::close::close(j.election(), key, &path, closed_at)?;
    crate::audit::close::write(out, &result, &published, force)?;
    j.append(&[NewEntry { kind: Kind::Close, ballot: None, body: hex::encode(result.id()).into_bytes() }])?;
    Ok((result, published))
}
/// The tally of one ballot of the journal, on its own (ballot `n`, for the error): the entry
/// screen and the hall's board count the live ballots one by one with it.
pub(crate) fn ballot_tally(schema: &Schema<'_>, kernel: &Kernel, n: u64, line: &[u8]) -> Result<Tally, Error> {
    let mut batch = BallotBatch::new(schema.layout());
    schema.decoder().decode(line, &mut batch).map_err(|err| Error::Invariant(format!("journal ballot {n}: {err}")))?;
    Ok(Tally::of_batch(schema.election(), kernel, &batch))
}
