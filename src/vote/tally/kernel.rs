//! The counting kernel: each post word of a ballot counted into a 256-bucket histogram, so one
//! ballot costs one increment per post whatever its marks; rarer words counted bit by bit.

use crate::vote::ballot::Layout;
use crate::vote::manifest::Election;
use crate::vote::model::Style;

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
    pub(super) posts: Vec<usize>,
    /// Words per ballot.
    pub(super) stride: usize,
}

/// Raw counts: per word and bit, ballots with the bit set; per approve post, blank ballots.
pub(super) struct Counts {
    hist: Vec<[u64; 256]>,
    bits: Vec<u64>,
    approve_blank: Vec<u64>,
}

impl Counts {
    pub(super) fn new(k: &Kernel) -> Counts {
        Counts { hist: vec![[0; 256]; k.stride], bits: vec![0; k.stride * 64], approve_blank: vec![0; k.approve.len()] }
    }

    pub(super) fn add(mut self, o: Counts) -> Counts {
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
            .zip(layout.offsets())
            .filter(|(c, _)| c.style == Style::Approve)
            .map(|(_, o)| *o)
            .collect();
        Kernel { approve, posts: layout.offsets().to_vec(), stride: layout.stride() }
    }

    /// Counts the ballots of `words` (whole ballots of the layout's stride).
    pub(super) fn count(&self, words: &[u64]) -> Counts {
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

    /// Counts the ballots of `words`, the `i`-th standing for `weights[i]` identical ballots (the
    /// distinct records of a published box, each read once: [`super::Tally::of_weighted`]).
    pub(super) fn count_weighted(&self, words: &[u64], weights: &[u64]) -> Counts {
        let mut c = Counts::new(self);
        if self.stride == 0 {
            return c;
        }
        for (ballot, &n) in words.chunks_exact(self.stride).zip(weights) {
            for (i, (h, &w)) in c.hist.iter_mut().zip(ballot).enumerate() {
                if w < 256 {
                    h[w as usize] += n;
                } else {
                    let mut x = w;
                    while x != 0 {
                        c.bits[i * 64 + x.trailing_zeros() as usize] += n;
                        x &= x - 1;
                    }
                }
            }
            for (b, &o) in c.approve_blank.iter_mut().zip(&self.approve) {
                *b += n * u64::from(ballot[o] | ballot[o + 1] == 0);
            }
        }
        c
    }

    /// Spreads the histograms over their bits.
    pub(super) fn finish(&self, mut c: Counts) -> (Vec<u64>, Vec<u64>) {
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
