//! Double entry: two talliers enter the same box into their own journals, and the journals are
//! compared ballot by ballot, aligned so that one missed ballot is one difference.

use crate::error::{Error, Refusal};
use crate::seal::record;
use crate::station::journal::Journal;
use crate::vote::ballot::Schema;
use crate::words::Lang;
use crate::words::station::{StationSays, StationWord};

/// One difference between two talliers' journals: a ballot one has and the other has not, or has
/// differently, or the voters each recorded. Positions count live ballots from 1, in the order they
/// were called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Tallier A's position and ballot (canonical), or voters, if A has one here.
    pub a: Option<(usize, Side)>,
    /// Tallier B's position and ballot, or voters, if B has one here.
    pub b: Option<(usize, Side)>,
}

/// What one tallier's journal has at a difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A ballot, canonical.
    Ballot(String),
    /// The voters recorded, if any.
    Voters(Option<u64>),
}

/// The differences as `zheng station reconcile` prints them, in `lang`: one line each,
/// `A … · B …`, then the count; or that the journals agree on `agreed` ballots.
pub fn render(differences: &[Difference], agreed: usize, lang: Lang) -> String {
    let show = |v: &Option<(usize, Side)>| match v {
        None => lang.say(StationWord::NothingHere).to_string(),
        Some((_, Side::Voters(None))) => lang.say(StationWord::VotersNotRecorded).to_string(),
        Some((_, Side::Voters(Some(v)))) => lang.format(StationSays::Voters { voters: v }),
        Some((n, Side::Ballot(s))) => lang.format(StationSays::Ballot { n, ballot: s }),
    };
    let (a, b) = (lang.say(StationWord::TallierA), lang.say(StationWord::TallierB));
    let mut out: String = differences.iter().map(|d| format!("{a} {}  ·  {b} {}\n", show(&d.a), show(&d.b))).collect();
    if differences.is_empty() {
        out.push_str(&lang.format(StationSays::Agree { ballots: &agreed }));
    } else {
        out.push_str(&lang.format(StationSays::Differences { n: &differences.len() }));
    }
    out.push('\n');
    out
}

/// Compares two journals of the same box ballot by ballot, in the order the ballots were called,
/// aligning them so that one ballot missed or added shows as one difference, not a shifted tail.
/// The voters recorded must agree too (a difference with no positions).
pub fn reconcile(a: &Journal, b: &Journal) -> Result<Vec<Difference>, Error> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    if a.election().canonical_sha256() != b.election().canonical_sha256() || a.station_id() != b.station_id() {
        return Err(Error::Refusal(Refusal::NotTheSameBox));
    }
    let schema = Schema::new(a.election());
    let canon = |j: &Journal| -> Result<Vec<String>, Error> {
        j.live_ballots()
            .iter()
            .map(|(n, l)| {
                record::canonical(&schema, l)
                    .map(|r| String::from_utf8_lossy(&r).into_owned())
                    .map_err(|e| Error::Invariant(format!("ballot {n}: {e}")))
            })
            .collect()
    };
    let (ca, cb) = (canon(a)?, canon(b)?);
    let at = |v: &[String], i: usize| Some((i + 1, Side::Ballot(v[i].clone())));
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ca, &cb) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                out.extend((old_index..old_index + old_len).map(|i| Difference { a: at(&ca, i), b: None }));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                out.extend((new_index..new_index + new_len).map(|i| Difference { a: None, b: at(&cb, i) }));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for k in 0..old_len.max(new_len) {
                    let x = (k < old_len).then(|| at(&ca, old_index + k)).flatten();
                    let y = (k < new_len).then(|| at(&cb, new_index + k)).flatten();
                    out.push(Difference { a: x, b: y });
                }
            }
        }
    }
    if a.voters() != b.voters() {
        let v = |j: &Journal| Some((0, Side::Voters(j.voters())));
        out.push(Difference { a: v(a), b: v(b) });
    }
    Ok(out)
}
