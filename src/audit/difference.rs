//! Where a check's two sides first differ, said as a supervisor can look for it: a total, or the
//! post, the person and both numbers — between an outcome file and the recomputed outcome, or
//! between a station's signed counts and the recount of its published ballots; the line of a
//! published ballot that is wrong; the line of a counting sheet that differs.

use crate::error::Refusal;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;
use crate::vote::tally::{ContestTally, Tally};
use crate::words::verify::{BallotFault, Difference, Total};

/// Where an outcome file first differs from the recomputed outcome: a total and both values, or
/// the post, the person and both numbers (主任 蓝国平：文件 596 票，复算 595 票), or who is
/// elected. `None` when the file is not an outcome's JSON or no number differs (then only its
/// bytes do).
pub fn in_outcome(have: &[u8], o: &Outcome) -> Option<Difference> {
    let file: serde_json::Value = serde_json::from_slice(have).ok()?;
    let num = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_u64);
    let totals = [
        ("registered", Total::Registered, o.registered),
        ("voters", Total::Voters, o.voters),
        ("ballots", Total::Ballots, o.ballots),
        ("valid_ballots", Total::Valid, o.valid_ballots),
    ];
    for (k, total, recomputed) in totals {
        if let Some(have) = num(&file, k).filter(|h| *h != recomputed) {
            return Some(Difference::Total { total, have, recomputed });
        }
    }
    let posts = file.get("contests")?.as_array()?;
    for c in &o.contests {
        let (office, post) = (c.office.clone(), c.id.clone());
        let Some(fc) = posts.iter().find(|p| p.get("id").and_then(|i| i.as_str()) == Some(c.id.as_str())) else {
            return Some(Difference::PostMissing { office, post });
        };
        let lines = fc.get("tally").and_then(|t| t.as_array()).map(Vec::as_slice).unwrap_or_default();
        for t in &c.tally {
            let found = lines.iter().find(|l| {
                l.get("id").and_then(|i| i.as_str()).or_else(|| l.get("name").and_then(|n| n.as_str())) == Some(t.key())
            });
            let person = t.name.clone();
            match found.and_then(|l| num(l, "votes")) {
                Some(have) if have != t.votes => {
                    return Some(Difference::Votes { office, post, person, have, recomputed: t.votes });
                }
                None => return Some(Difference::PersonMissing { office, post, person }),
                _ => {}
            }
        }
        let elected: Vec<&str> =
            fc.get("elected").and_then(|e| e.as_array()).into_iter().flatten().filter_map(|e| e.as_str()).collect();
        if elected != c.elected.iter().map(String::as_str).collect::<Vec<_>>() {
            // Named as people read them: each id by the name the recomputation gives it.
            let name =
                |id: &str| c.tally.iter().find(|t| t.key() == id).map_or_else(|| id.to_string(), |t| t.name.clone());
            let have = elected.iter().map(|id| name(id)).collect();
            let recomputed = c.elected.iter().map(|id| name(id)).collect();
            return Some(Difference::Elected { office, post, have, recomputed });
        }
    }
    None
}

/// Where a station's signed counts first differ from the recount of its published ballots: the
/// valid and invalid ballots, then post by post each listed person's votes (for, then against),
/// each written-in name's, and the blank ballots. `None` when they are equal, or differ only in
/// what a person does not count (ballots voided post by post, ballots with a write-in).
pub fn in_tally(e: &Election, signed: &Tally, recounted: &Tally) -> Option<Difference> {
    let totals = [
        (Total::Valid, signed.valid, recounted.valid),
        (Total::Invalid, signed.invalid.total(), recounted.invalid.total()),
    ];
    if let Some((total, have, recomputed)) = totals.into_iter().find(|(_, h, r)| h != r) {
        return Some(Difference::Total { total, have, recomputed });
    }
    for ((c, s), r) in e.contests().iter().zip(&signed.contests).zip(&recounted.contests) {
        if let Some(d) = in_post(c, s, r) {
            return Some(d);
        }
    }
    None
}

/// [`in_tally`] within one post.
fn in_post(c: &crate::vote::manifest::Contest, s: &ContestTally, r: &ContestTally) -> Option<Difference> {
    let (office, post) = (c.office.clone(), c.id.clone());
    for (i, cand) in c.candidates.iter().enumerate() {
        let person = cand.name.clone();
        let (have, recomputed) = (s.votes.get(i).copied().unwrap_or(0), r.votes.get(i).copied().unwrap_or(0));
        if have != recomputed {
            return Some(Difference::Votes { office, post, person, have, recomputed });
        }
        let (have, recomputed) = (s.against.get(i).copied().unwrap_or(0), r.against.get(i).copied().unwrap_or(0));
        if have != recomputed {
            return Some(Difference::Against { office, post, person, have, recomputed });
        }
    }
    let names: std::collections::BTreeSet<&String> = s.write_ins.keys().chain(r.write_ins.keys()).collect();
    for name in names {
        let (have, recomputed) =
            (s.write_ins.get(name).copied().unwrap_or(0), r.write_ins.get(name).copied().unwrap_or(0));
        if have != recomputed {
            return Some(Difference::Votes { office, post, person: name.clone(), have, recomputed });
        }
    }
    (s.blank != r.blank).then_some(Difference::Blank { office, post, have: s.blank, recomputed: r.blank })
}

/// What the refusals of a file of published ballots say is wrong where, as a person can look for it:
/// a line that is not a ballot, out of place, or not in its published form; the first line; the
/// end. A line named twice is named once, by what is worst about it.
pub fn faults(refusals: &[Refusal]) -> Vec<BallotFault> {
    let mut out: Vec<BallotFault> = Vec::new();
    for r in refusals {
        let fault = match r {
            Refusal::NotABallot { line, .. } => BallotFault::NotABallot { line: *line },
            Refusal::BallotsNotInCanonicalOrder { line } => BallotFault::OutOfPlace { line: *line },
            Refusal::BallotNotCanonical { line } => BallotFault::NotAsWritten { line: *line },
            Refusal::BallotsHeaderMismatch | Refusal::HeaderNotCanonical => BallotFault::Header,
            Refusal::NoFinalNewline => BallotFault::Truncated,
            Refusal::BallotsUnreadable { .. } => BallotFault::Unreadable,
            // The root and the recount name no line: said by the recount's difference, or as a
            // file not as signed.
            _ => continue,
        };
        if !out.contains(&fault) {
            out.push(fault);
        }
    }
    let line = |f: &BallotFault| match f {
        BallotFault::NotABallot { line } | BallotFault::OutOfPlace { line } | BallotFault::NotAsWritten { line } => {
            Some(*line)
        }
        _ => None,
    };
    // Not a ballot says more than out of place or not in form, on the same line.
    let bad: Vec<usize> = out.iter().filter(|f| matches!(f, BallotFault::NotABallot { .. })).filter_map(line).collect();
    out.retain(|f| matches!(f, BallotFault::NotABallot { .. }) || line(f).is_none_or(|l| !bad.contains(&l)));
    out
}

/// The line (from 1) that holds byte `at` of `bytes`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_not_a_ballot_is_named_once_and_the_root_names_no_line() {
        let refusals = [
            Refusal::BallotsNotInCanonicalOrder { line: 89 },
            Refusal::BallotsRootMismatch,
            Refusal::NotABallot {
                line: 89,
                field: String::new(),
                problem: Box::new(crate::error::Problem::Json { detail: "expected value".into(), column: Some(1) }),
            },
            Refusal::NoFinalNewline,
        ];
        assert_eq!(faults(&refusals), [BallotFault::NotABallot { line: 89 }, BallotFault::Truncated]);
        assert_eq!(faults(&[Refusal::BallotsRootMismatch, Refusal::RecountDiffers]), []);
    }

    #[test]
    fn a_byte_is_on_its_line() {
        assert_eq!((line_of(b"ab\ncd\n", 0), line_of(b"ab\ncd\n", 3), line_of(b"ab\ncd\n", 99)), (1, 2, 3));
    }
}
