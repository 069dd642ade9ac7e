//! Counting the compact ballots: votes per person, for / against, blanks, voided posts.
//!
//! The kernel (see [`Kernel`]) counts each post word into a 256-bucket histogram, so one ballot costs
//! one increment per post whatever its marks. Tallies of disjoint sets of ballots add up: parallel
//! equals sequential, and box order does not matter.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::vote::ballot::{BallotBatch, InvalidCounts, Layout};
use crate::vote::manifest::{Election, MAX_LISTED};
use crate::vote::model::Style;

/// The count of one post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContestTally {
    /// Per listed candidate: votes (choose) or for-votes (approve).
    pub votes: Vec<u64>,
    /// Per listed candidate: against-votes (approve only; empty for choose).
    pub against: Vec<u64>,
    /// Valid ballots marking nobody in this post.
    pub blank: u64,
    /// Valid ballots whose post was voided on its own (per-post rules).
    pub voided: u64,
    /// Valid ballots with at least one written-in name in this post.
    pub with_write_in: u64,
    /// Votes per written-in name (names of no listed candidate of this post).
    pub write_ins: BTreeMap<String, u64>,
}

/// The count of a set of ballots: one box, or the whole village.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Ballots that count (valid under the rules in force).
    pub valid: u64,
    /// Invalid ballots by reason.
    pub invalid: InvalidCounts,
    /// Per post, in manifest order.
    pub contests: Vec<ContestTally>,
}

/// Ballots per parallel task.
const TASK_BALLOTS: usize = 1 << 16;

/// The kernel for ballots of exactly `S` words.
fn count_fixed<const S: usize>(words: &[u64], c: &mut Counts) {
    let (ballots, _) = words.as_chunks::<S>();
    let mut hist = vec![[0u64; 256]; S];
    let hist: &mut [[u64; 256]; S] = hist.as_mut_slice().try_into().expect("S histograms");
    for ballot in ballots {
        for i in 0..S {
            let w = ballot[i];
            if w < 256 {
                hist[i][w as usize] += 1;
            } else {
                slow(&mut c.bits, i, w);
            }
        }
    }
    for (total, h) in c.hist.iter_mut().zip(hist.iter()) {
        total.iter_mut().zip(h).for_each(|(t, n)| *t += n);
    }
}

/// Counts the bits of a word that is not a small number, one by one (flags included: bit 62 is
/// "voided", bit 63 "written-in").
fn slow(bits: &mut [u64], word: usize, w: u64) {
    let mut x = w;
    while x != 0 {
        bits[word * 64 + x.trailing_zeros() as usize] += 1;
        x &= x - 1;
    }
}

/// The counting kernel of one layout.
///
/// Most post words are small: a post of up to eight candidates with no flag set is a number under
/// 256. The kernel keeps a 256-bucket histogram per word and adds one to the bucket of each such
/// word — one load and one store per post per ballot, no bit loop; blank choose-posts are bucket 0.
/// Rarer words (more than eight candidates, a written-in name, a voided post) take the slow path,
/// which counts their bits one by one. At the end each bucket's count is spread over its bits.
#[derive(Debug, Clone)]
pub struct Kernel {
    /// First word of each approve post (blank there is "no for and no against": two words).
    approve: Vec<usize>,
    /// First word of each post, for reading out the counts.
    posts: Vec<usize>,
    stride: usize,
}

/// Raw counts: per word and bit, ballots with the bit set; per approve post, blank ballots.
struct Counts {
    hist: Vec<[u64; 256]>,
    bits: Vec<u64>,
    approve_blank: Vec<u64>,
}

impl Counts {
    fn new(k: &Kernel) -> Counts {
        Counts { hist: vec![[0; 256]; k.stride], bits: vec![0; k.stride * 64], approve_blank: vec![0; k.approve.len()] }
    }

    fn add(mut self, o: Counts) -> Counts {
        for (a, b) in self.hist.iter_mut().zip(&o.hist) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.bits.iter_mut().zip(&o.bits).for_each(|(x, y)| *x += y);
        self.approve_blank.iter_mut().zip(&o.approve_blank).for_each(|(x, y)| *x += y);
        self
    }
}

impl Kernel {
    /// The kernel for an election's ballots.
    pub fn new(election: &Election, layout: &Layout) -> Kernel {
        let approve = election
            .contests()
            .iter()
            .zip(&layout.offsets)
            .filter(|(c, _)| c.style == Style::Approve)
            .map(|(_, o)| *o)
            .collect();
        Kernel { approve, posts: layout.offsets.clone(), stride: layout.stride }
    }

    fn count(&self, words: &[u64]) -> Counts {
        let mut c = Counts::new(self);
        // Ballots of up to eight words get a kernel compiled for their exact width: the words of a
        // ballot and the histograms are fixed-size arrays, so the loop has no bounds checks.
        match self.stride {
            0 => {}
            1 => count_fixed::<1>(words, &mut c),
            2 => count_fixed::<2>(words, &mut c),
            3 => count_fixed::<3>(words, &mut c),
            4 => count_fixed::<4>(words, &mut c),
            5 => count_fixed::<5>(words, &mut c),
            6 => count_fixed::<6>(words, &mut c),
            7 => count_fixed::<7>(words, &mut c),
            8 => count_fixed::<8>(words, &mut c),
            _ => {
                for ballot in words.chunks_exact(self.stride) {
                    for (i, (h, &w)) in c.hist.iter_mut().zip(ballot).enumerate() {
                        if w < 256 {
                            h[w as usize] += 1;
                        } else {
                            slow(&mut c.bits, i, w);
                        }
                    }
                }
            }
        }
        if !self.approve.is_empty() {
            for ballot in words.chunks_exact(self.stride) {
                for (b, &o) in c.approve_blank.iter_mut().zip(&self.approve) {
                    *b += u64::from(ballot[o] | ballot[o + 1] == 0);
                }
            }
        }
        c
    }

    /// Spreads the histograms over their bits.
    fn finish(&self, mut c: Counts) -> (Vec<u64>, Vec<u64>) {
        for (i, h) in c.hist.iter().enumerate() {
            for (v, &n) in h.iter().enumerate().filter(|(_, n)| **n > 0) {
                let mut x = v;
                while x != 0 {
                    c.bits[i * 64 + x.trailing_zeros() as usize] += n;
                    x &= x - 1;
                }
            }
        }
        let mut approve = c.approve_blank.into_iter();
        let blank = self
            .posts
            .iter()
            .map(|&o| if self.approve.contains(&o) { approve.next().unwrap_or(0) } else { c.hist[o][0] })
            .collect();
        (c.bits, blank)
    }
}

impl Tally {
    /// An empty tally for an election.
    pub fn empty(election: &Election) -> Tally {
        let contests = election
            .contests()
            .iter()
            .map(|c| ContestTally {
                votes: vec![0; c.candidates.len()],
                against: if c.style == Style::Approve { vec![0; c.candidates.len()] } else { Vec::new() },
                ..Default::default()
            })
            .collect();
        Tally { valid: 0, invalid: InvalidCounts::default(), contests }
    }

    /// All ballots: valid and invalid.
    pub fn ballots(&self) -> u64 {
        self.valid + self.invalid.total()
    }

    /// Counts a batch on this thread.
    pub fn of_batch(election: &Election, kernel: &Kernel, batch: &BallotBatch) -> Tally {
        let (bits, blank) = kernel.finish(kernel.count(batch.words()));
        Tally::assemble(election, kernel, batch, bits, blank)
    }

    /// Counts a batch with rayon, in tasks of 65,536 ballots; equal to [`Tally::of_batch`].
    pub fn of_batch_par(election: &Election, kernel: &Kernel, batch: &BallotBatch) -> Tally {
        if kernel.stride == 0 {
            return Tally::of_batch(election, kernel, batch);
        }
        let counts = batch
            .words()
            .par_chunks(kernel.stride * TASK_BALLOTS)
            .map(|w| kernel.count(w))
            .reduce(|| Counts::new(kernel), Counts::add);
        let (bits, blank) = kernel.finish(counts);
        Tally::assemble(election, kernel, batch, bits, blank)
    }

    fn assemble(election: &Election, kernel: &Kernel, batch: &BallotBatch, bits: Vec<u64>, blank: Vec<u64>) -> Tally {
        let mut t = Tally::empty(election);
        t.valid = batch.valid() as u64;
        t.invalid = *batch.invalid();
        for ((ct, c), (&o, blank)) in t.contests.iter_mut().zip(election.contests()).zip(kernel.posts.iter().zip(blank))
        {
            let n = c.candidates.len();
            ct.votes.copy_from_slice(&bits[o * 64..o * 64 + n]);
            if c.style == Style::Approve {
                ct.against.copy_from_slice(&bits[(o + 1) * 64..(o + 1) * 64 + n]);
            }
            ct.voided = bits[o * 64 + MAX_LISTED];
            ct.with_write_in = bits[o * 64 + 63];
            ct.blank = blank;
        }
        let mut w: HashMap<(u16, u32), u64> = HashMap::new();
        for m in batch.write_ins() {
            *w.entry((m.contest, m.name)).or_default() += 1;
        }
        for ((c, n), v) in w {
            *t.contests[c as usize].write_ins.entry(batch.names()[n as usize].clone()).or_default() += v;
        }
        t
    }

    /// Adds the tally of a disjoint set of ballots (another box, another chunk).
    pub fn merge(&mut self, o: &Tally) {
        self.merge_times(o, 1);
    }

    /// Adds another tally `n` times over (`n` ballots that are all the same ballot).
    pub fn merge_times(&mut self, o: &Tally, n: u64) {
        self.valid += o.valid * n;
        self.invalid.merge_times(&o.invalid, n);
        for (a, b) in self.contests.iter_mut().zip(&o.contests) {
            a.votes.iter_mut().zip(&b.votes).for_each(|(x, y)| *x += y * n);
            a.against.iter_mut().zip(&b.against).for_each(|(x, y)| *x += y * n);
            a.blank += b.blank * n;
            a.voided += b.voided * n;
            a.with_write_in += b.with_write_in * n;
            for (name, v) in &b.write_ins {
                *a.write_ins.entry(name.clone()).or_default() += v * n;
            }
        }
    }

    /// Takes away the tally of ballots that were added before (a ballot voided at the table). Only
    /// what [`Tally::merge`] added can be taken away: counts never go below zero, and a written-in
    /// name whose votes reach zero leaves the list.
    pub fn unmerge(&mut self, o: &Tally) {
        let sub = |x: &mut u64, y: u64| *x = x.checked_sub(y).expect("only a merged tally is taken away");
        sub(&mut self.valid, o.valid);
        for (a, b) in self.invalid.0.iter_mut().zip(o.invalid.0) {
            sub(a, b);
        }
        for (a, b) in self.contests.iter_mut().zip(&o.contests) {
            a.votes.iter_mut().zip(&b.votes).for_each(|(x, y)| sub(x, *y));
            a.against.iter_mut().zip(&b.against).for_each(|(x, y)| sub(x, *y));
            sub(&mut a.blank, b.blank);
            sub(&mut a.voided, b.voided);
            sub(&mut a.with_write_in, b.with_write_in);
            for (n, v) in &b.write_ins {
                let left = a.write_ins.get_mut(n).map(|x| {
                    sub(x, *v);
                    *x
                });
                if left == Some(0) {
                    a.write_ins.remove(n);
                }
            }
        }
    }

    /// The invariants every count must satisfy (checked after every tally, VotingWorks-style):
    /// each post's marked, blank and voided ballots are exactly the valid ballots; nobody has more
    /// votes than ballots that could carry them; marks per ballot lie between one and the seats.
    pub fn check(&self, e: &Election) -> Result<(), Error> {
        let bad = |m: String| Err(Error::Invariant(m));
        if self.contests.len() != e.contests().len() {
            return bad("a tally of another election".into());
        }
        for (t, c) in self.contests.iter().zip(e.contests()) {
            let Some(marked) = self.valid.checked_sub(t.blank + t.voided) else {
                return bad(format!(
                    "post {}: blank {} + voided {} exceed valid ballots {}",
                    c.id, t.blank, t.voided, self.valid
                ));
            };
            let live = self.valid - t.voided;
            let listed_for: u64 = t.votes.iter().sum();
            let written: u64 = t.write_ins.values().sum();
            let against: u64 = t.against.iter().sum();
            if let Some((i, _)) = t
                .votes
                .iter()
                .zip(t.against.iter().chain(std::iter::repeat(&0)))
                .enumerate()
                .find(|(_, (f, a))| *f + *a > live)
            {
                return bad(format!("post {}: candidate {} has more marks than ballots", c.id, c.candidates[i].id));
            }
            if t.with_write_in > marked || written < t.with_write_in {
                return bad(format!("post {}: written-in names do not match the ballots carrying them", c.id));
            }
            let marks = listed_for + written + against;
            if marks < marked {
                return bad(format!("post {}: {marked} marked ballots carry only {marks} marks", c.id));
            }
            if listed_for + written > u64::from(c.seats) * marked {
                return bad(format!("post {}: more votes than seats × marked ballots", c.id));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::ballot::Schema;
    use std::path::Path;

    fn e() -> Election {
        Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap()
    }

    fn tally(e: &Election, lines: &[&str]) -> Tally {
        let s = Schema::new(e);
        let mut d = s.decoder();
        let mut b = BallotBatch::new(&s.layout);
        for l in lines {
            d.decode(l.as_bytes(), &mut b).unwrap();
        }
        let k = Kernel::new(e, &s.layout);
        let t = Tally::of_batch(e, &k, &b);
        assert_eq!(t, Tally::of_batch_par(e, &k, &b));
        t.check(e).unwrap();
        t
    }

    #[test]
    fn counts_by_hand() {
        let e = e();
        let t = tally(
            &e,
            &[
                r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#,
                r#"{"chair":["w:张三"],"member":["c"],"party":{"for":["p","q"]}}"#,
                r#"{"chair":["b"],"member":["w:张三"]}"#,
                r#"{}"#,
                r#"{"chair":["a","b"]}"#,
                r#"{"spoiled":true}"#,
            ],
        );
        assert_eq!((t.valid, t.invalid.total(), t.ballots()), (4, 2, 6));
        let [chair, member, party] = &t.contests[..] else { panic!() };
        assert_eq!(chair.votes, vec![1, 1]);
        assert_eq!(chair.write_ins.get("张三"), Some(&1));
        assert_eq!(chair.blank, 1);
        assert_eq!(member.votes, vec![2, 1, 0]);
        assert_eq!(member.write_ins.get("张三"), Some(&1));
        assert_eq!(party.votes, vec![2, 1, 0]);
        assert_eq!(party.against, vec![0, 1, 0]);
        assert_eq!(party.blank, 2);
    }

    #[test]
    fn many_ballots_cross_the_lane_flush() {
        let e = e();
        let lines: Vec<&str> = std::iter::repeat_n(r#"{"chair":["b"],"member":["c","e"]}"#, 1000).collect();
        let t = tally(&e, &lines);
        assert_eq!(t.contests[0].votes, vec![0, 1000]);
        assert_eq!(t.contests[1].votes, vec![1000, 0, 1000]);
        assert_eq!(t.contests[2].blank, 1000);
    }

    #[test]
    fn check_catches_a_broken_tally() {
        let e = e();
        let mut t = tally(&e, &[r#"{"chair":["a"]}"#]);
        t.contests[0].votes[1] = 5;
        assert!(matches!(t.check(&e), Err(Error::Invariant(_))));
    }
}
