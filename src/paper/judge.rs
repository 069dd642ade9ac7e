//! One paper ballot, as the audit team reads it, judged by the same law as the count: the box
//! file's ballot syntax (contract §2), the same decoder and validity rules [ZJE27; CPC], and the
//! same keys as the outcome's tally lines (a listed person's id, or a written-in name).

use crate::vote::ballot::{BallotBatch, BallotVerdict, LineError, Schema};
use crate::vote::manifest::Election;
use crate::vote::tally::{Kernel, Tally};

/// A paper ballot judged: whether it counts, its canonical record, and whom it votes for (approve
/// posts: the for-votes) in each post, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperBallot {
    record: String,
    valid: bool,
    marks: Vec<Vec<String>>,
}

impl PaperBallot {
    /// The ballot's canonical record (the published ballots' form): what "the paper shows".
    pub fn record(&self) -> &str {
        &self.record
    }

    /// Whether the ballot counts (an invalid ballot votes for nobody).
    pub fn valid(&self) -> bool {
        self.valid
    }

    /// Whom the ballot votes for in post `contest` (manifest order), by key, sorted.
    pub fn marks(&self, contest: usize) -> &[String] {
        self.marks.get(contest).map_or(&[], Vec::as_slice)
    }

    /// Whether the ballot gives post `contest` (manifest order) a vote for `key`.
    pub fn votes_for(&self, contest: usize, key: &str) -> bool {
        self.marks.get(contest).is_some_and(|m| m.binary_search_by(|k| k.as_str().cmp(key)).is_ok())
    }
}

/// Judges paper ballots of one election.
#[derive(Debug)]
pub struct Judge<'e> {
    schema: Schema<'e>,
    kernel: Kernel,
}

impl<'e> Judge<'e> {
    /// A judge of `election`'s ballots.
    pub fn new(election: &'e Election) -> Self {
        let schema = Schema::new(election);
        let kernel = Kernel::new(election, schema.layout());
        Judge { schema, kernel }
    }

    /// Judges one ballot written in the box file's syntax (`{}` blank, `{"spoiled":true}`).
    pub fn judge(&self, line: &[u8]) -> Result<PaperBallot, LineError> {
        let e = self.schema.election();
        let mut batch = BallotBatch::new(self.schema.layout());
        let mut record = Vec::new();
        let verdict = self.schema.reference_decoder().decode_record(line, &mut batch, &mut record)?;
        let record = String::from_utf8_lossy(&record).into_owned();
        let valid = verdict == BallotVerdict::Valid;
        let tally = Tally::of_batch(e, &self.kernel, &batch);
        let marks = e
            .contests()
            .iter()
            .zip(&tally.contests)
            .map(|(c, t)| {
                let mut keys: Vec<String> =
                    c.candidates.iter().zip(&t.votes).filter(|(_, v)| **v > 0).map(|(k, _)| k.id.clone()).collect();
                for (name, v) in &t.write_ins {
                    if *v > 0 {
                        keys.push(e.person_named(name).map_or_else(|| name.clone(), |p| e.persons()[p].id.clone()));
                    }
                }
                keys.sort();
                keys.dedup();
                keys
            })
            .collect();
        Ok(PaperBallot { record, valid, marks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::testing::VC;

    fn e() -> Election {
        Election::from_toml(VC, std::path::Path::new("t.toml")).unwrap()
    }

    #[test]
    fn zje27_an_overvoted_paper_votes_for_nobody() {
        let e = e();
        let j = Judge::new(&e);
        let ok = j.judge(r#"{"chair":["a"],"member":["c","w:李四"]}"#.as_bytes()).unwrap();
        assert!(ok.valid() && ok.votes_for(0, "a") && !ok.votes_for(0, "b"));
        assert!(ok.votes_for(1, "c") && ok.votes_for(1, "d"), "a written-in listed name is its person: {ok:?}");
        let over = j.judge(br#"{"chair":["a","b"]}"#).unwrap();
        assert!(!over.valid() && !over.votes_for(0, "a"));
        assert_eq!(j.judge(br#"{"spoiled":true}"#).unwrap().record(), r#"{"spoiled":true}"#);
    }

    #[test]
    fn cpc_approve_posts_count_the_for_marks() {
        let e = e();
        let j = Judge::new(&e);
        let b = j.judge(r#"{"party":{"for":["p"],"against":["q"],"write_in":["张三"]}}"#.as_bytes()).unwrap();
        assert!(b.valid() && b.votes_for(2, "p") && !b.votes_for(2, "q") && b.votes_for(2, "张三"));
    }
}
