//! The counting kernel: each post word of a ballot counted into a 256-bucket histogram, so one
//! ballot costs one increment per post whatever its marks; rarer words — and every word of a box of
//! a few ballots, where the histograms would cost more than the ballots — counted bit by bit.

use crate::vote::ballot::Layout;
use crate::vote::manifest::Election;
use crate::vote::model::Style;

/// The kernel for ballots of exactly `S` words, the `i`-th standing for `weights[i]` ballots (or
/// one each, without weights): its histograms become the counts', and the ballots blank in each
/// approve post (`approve`: each one's first word) are counted in the same pass.
fn count_fixed<const S: usize>(words: &[u64], weights: Option<&[u64]>, approve: &[usize], c: &mut Counts) {
    let (ballots, _) = words.as_chunks::<S>();
    let mut hist = vec![[0u64; 256]; S];
    let fixed: &mut [[u64; 256]; S] = hist.as_mut_slice().try_into().expect("S histograms");
    let Counts { bits, approve_blank, .. } = c;
    match weights {
        None => ballots.iter().for_each(|b| add(fixed, bits, (approve, approve_blank), b, 1)),
        Some(weights) => {
            ballots.iter().zip(weights).for_each(|(b, &n)| add(fixed, bits, (approve, approve_blank), b, n));
        }
    }
    c.hist = hist;
}

/// Adds `n` ballots of `ballot`'s words to histograms `hist` (a word too large for them to `bits`,
/// bit by bit), and to `blank` of each approve post (`approve`: its first word) with no mark. A
/// ballot all of whose words are small — nearly every one — is counted with no branch between its
/// words; any other word by word.
#[inline(always)]
fn add<const S: usize>(
    hist: &mut [[u64; 256]; S],
    bits: &mut [u64],
    (approve, blank): (&[usize], &mut [u64]),
    ballot: &[u64; S],
    n: u64,
) {
    for (b, &o) in blank.iter_mut().zip(approve) {
        let post = &ballot[o..o + 2];
        *b += n * u64::from(post[0] | post[1] == 0);
    }
    if ballot.iter().fold(0, |all, &w| all | w) < 256 {
        for i in 0..S {
            hist[i][usize::from(ballot[i] as u8)] += n;
        }
        return;
    }
    for i in 0..S {
        let w = ballot[i];
        if w < 256 {
            hist[i][w as usize] += n;
        } else {
            spread(bits, i, w, n);
        }
    }
}

/// [`count_fixed`] for the width of the ballots at hand — a kernel compiled for each width up to
/// 16 words (the words of a ballot and the histograms fixed-size arrays, so the loop has no bounds
/// checks) — or `false` for a wider ballot, left to the caller (approve blanks included).
fn count_width(stride: usize, words: &[u64], weights: Option<&[u64]>, approve: &[usize], c: &mut Counts) -> bool {
    macro_rules! widths {
        ($($s:literal)*) => {
            match stride {
                $($s => count_fixed::<$s>(words, weights, approve, c),)*
                _ => return false,
            }
        };
    }
    widths!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    true
}

/// Fewer ballots than this are counted bit by bit, without histograms: zeroing and reading 256
/// buckets a word costs more than a box of a hundred ballots (10,000 such boxes: issue 23).
pub(super) const HISTOGRAM_FROM: usize = 256;

/// Adds `n` ballots to each bit set in `w`, word `word` of a ballot.
fn spread(bits: &mut [u64], word: usize, w: u64, n: u64) {
    let mut x = w;
    while x != 0 {
        bits[word * 64 + x.trailing_zeros() as usize] += n;
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
    /// Per word, a 256-bucket histogram of its small values — or none at all (empty) when the
    /// ballots were few enough to be counted bit by bit.
    hist: Vec<[u64; 256]>,
    /// Per word, ballots whose word is 0 that no histogram holds.
    zeros: Vec<u64>,
    bits: Vec<u64>,
    approve_blank: Vec<u64>,
}

thread_local! {
    /// The room of the thread's last counts' bits, for its next ([`Counts::new`], [`give_back`]): a
    /// box's were the largest allocation of its tally, made, zeroed and freed box after box.
    static SPARE_BITS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Keeps the room of counts' bits ([`Kernel::finish`]'s) for the thread's next [`Counts::new`].
pub(super) fn give_back(bits: Vec<u64>) {
    SPARE_BITS.set(bits);
}

impl Counts {
    pub(super) fn new(k: &Kernel) -> Counts {
        let mut bits = SPARE_BITS.take();
        bits.clear();
        bits.resize(k.stride * 64, 0);
        Counts { hist: Vec::new(), zeros: vec![0; k.stride], bits, approve_blank: vec![0; k.approve.len()] }
    }

    pub(super) fn add(mut self, o: Counts) -> Counts {
        if self.hist.is_empty() {
            self.hist = o.hist;
        } else {
            for (a, b) in self.hist.iter_mut().zip(&o.hist) {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            }
        }
        self.zeros.iter_mut().zip(&o.zeros).for_each(|(x, y)| *x += y);
        self.bits.iter_mut().zip(&o.bits).for_each(|(x, y)| *x += y);
        self.approve_blank.iter_mut().zip(&o.approve_blank).for_each(|(x, y)| *x += y);
        self
    }

    /// Ballots whose word `i` is 0.
    fn zero(&self, i: usize) -> u64 {
        self.zeros[i] + self.hist.get(i).map_or(0, |h| h[0])
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
        self.count_each(words, None)
    }

    /// Counts the ballots of `words`, the `i`-th standing for `weights[i]` identical ballots (the
    /// distinct records of a published box, each read once: [`super::Tally::of_weighted`]).
    pub(super) fn count_weighted(&self, words: &[u64], weights: &[u64]) -> Counts {
        self.count_each(words, Some(weights))
    }

    /// Counts the ballots of `words`, weighted or one each: through histograms when there are
    /// enough of them, else bit by bit.
    fn count_each(&self, words: &[u64], weights: Option<&[u64]>) -> Counts {
        let mut c = Counts::new(self);
        if self.stride == 0 {
            return c;
        }
        if words.len() >= HISTOGRAM_FROM * self.stride {
            self.count_many(words, weights, &mut c);
            return c;
        }
        for (b, ballot) in words.chunks_exact(self.stride).enumerate() {
            let n = weights.map_or(1, |w| w[b]);
            for (i, &w) in ballot.iter().enumerate() {
                if w == 0 {
                    c.zeros[i] += n;
                } else {
                    spread(&mut c.bits, i, w, n);
                }
            }
        }
        self.count_approve_blank(words, weights, &mut c);
        c
    }

    /// Counts enough ballots for histograms ([`HISTOGRAM_FROM`]), weighted or not.
    fn count_many(&self, words: &[u64], weights: Option<&[u64]>, c: &mut Counts) {
        if !count_width(self.stride, words, weights, &self.approve, c) {
            c.hist = vec![[0; 256]; self.stride];
            for (b, ballot) in words.chunks_exact(self.stride).enumerate() {
                let n = weights.map_or(1, |w| w[b]);
                for (i, (h, &w)) in c.hist.iter_mut().zip(ballot).enumerate() {
                    if w < 256 {
                        h[w as usize] += n;
                    } else {
                        spread(&mut c.bits, i, w, n);
                    }
                }
            }
            self.count_approve_blank(words, weights, c);
        }
    }

    /// Counts the ballots blank in each approve post: no for and no against.
    fn count_approve_blank(&self, words: &[u64], weights: Option<&[u64]>, c: &mut Counts) {
        if self.approve.is_empty() {
            return;
        }
        let mut add = |ballot: &[u64], n: u64| {
            for (b, &o) in c.approve_blank.iter_mut().zip(&self.approve) {
                *b += n * u64::from(ballot[o] | ballot[o + 1] == 0);
            }
        };
        match weights {
            None => words.chunks_exact(self.stride).for_each(|b| add(b, 1)),
            Some(weights) => words.chunks_exact(self.stride).zip(weights).for_each(|(b, &n)| add(b, n)),
        }
    }

    /// Spreads the histograms over their bits.
    pub(super) fn finish(&self, mut c: Counts) -> (Vec<u64>, Vec<u64>) {
        for (i, h) in c.hist.iter().enumerate() {
            for (v, &n) in h.iter().enumerate().filter(|(_, n)| **n > 0) {
                spread(&mut c.bits, i, v as u64, n);
            }
        }
        let mut approve = std::mem::take(&mut c.approve_blank).into_iter();
        let blank = self
            .posts
            .iter()
            .map(|&o| if self.approve.contains(&o) { approve.next().unwrap_or(0) } else { c.zero(o) })
            .collect();
        (c.bits, blank)
    }
}
