//! The RFC 6962 Merkle tree hash (MTH) over a box's ballot records: leaves `SHA-256(0x00 ‖ record)`,
//! nodes `SHA-256(0x01 ‖ left ‖ right)`, the empty tree `SHA-256("")`. Pairing bottom-up and
//! carrying an odd last node up unchanged gives exactly RFC 6962's split at the largest power of two
//! below n.

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// SHA-256's initial state (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// SHA-256 of `prefix ‖ data`, padded by hand into at most two blocks and handed to sha2's block
/// function (the streaming hasher's buffering costs more than the compression for inputs this
/// short: a leaf is a ballot record of about 60 bytes, a node 65 bytes); longer inputs go through
/// the streaming hasher. Equal to `Sha256::digest([prefix] ‖ data)` (tested for every length).
fn prefixed(prefix: u8, data: &[u8]) -> Hash {
    let len = 1 + data.len();
    if len > 2 * 64 - 9 {
        let mut h = Sha256::new();
        h.update([prefix]);
        h.update(data);
        return h.finalize().into();
    }
    let mut blocks = [[0u8; 64]; 2];
    let n = if len + 9 <= 64 { 1 } else { 2 };
    let flat = blocks.as_flattened_mut();
    flat[0] = prefix;
    flat[1..len].copy_from_slice(data);
    flat[len] = 0x80;
    flat[n * 64 - 8..n * 64].copy_from_slice(&((len as u64) * 8).to_be_bytes());
    let mut state = IV;
    sha2::block_api::compress256(&mut state, &blocks[..n]);
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// The hash of one leaf.
pub fn leaf(record: &[u8]) -> Hash {
    prefixed(0, record)
}

/// The hash of an inner node.
pub(crate) fn node(left: &Hash, right: &Hash) -> Hash {
    let mut both = [0u8; 64];
    both[..32].copy_from_slice(left);
    both[32..].copy_from_slice(right);
    prefixed(1, &both)
}

/// The Merkle tree hash of records, in the order given: chunks of 4,096 leaves built in parallel,
/// each into its complete subtree (the last into its stack of subtrees), then joined in order —
/// no level of the tree is held in memory.
pub fn root<R: AsRef<[u8]> + Sync>(records: &[R]) -> Hash {
    const CHUNK: usize = 1 << 12;
    let parts: Vec<Builder> = records
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut b = Builder::default();
            chunk.iter().for_each(|r| b.push(leaf(r.as_ref())));
            b
        })
        .collect();
    joined(parts)
}

/// The Merkle tree hash of records given as runs of equal ones (`(record, how many)`, in order —
/// a box's sorted records), as [`Builder::push_run`] gives it: the leaves cut into a few parts of
/// the same power-of-two size, each part's runs (a run cut where a part ends) pushed in parallel,
/// then the parts' subtrees joined in order.
pub fn root_of_runs<R: AsRef<[u8]> + Sync>(runs: &[(R, u64)]) -> Hash {
    let total: u64 = runs.iter().map(|(_, n)| n).sum();
    // At least 4,096 leaves a part, two to four parts a tree.
    let size = total.div_ceil(4).next_power_of_two().max(1 << 12);
    let parts: Vec<Builder> = (0..total.div_ceil(size))
        .into_par_iter()
        .map(|p| {
            let (from, to) = (p * size, ((p + 1) * size).min(total));
            let mut b = Builder::default();
            let mut at = 0;
            for (r, n) in runs {
                let (start, end) = (at.max(from), (at + n).min(to));
                if start < end {
                    b.push_run(leaf(r.as_ref()), end - start);
                }
                at += n;
                if at >= to {
                    break;
                }
            }
            b
        })
        .collect();
    joined(parts)
}

/// The root of parts built side by side, in order: every part but the last a complete subtree of
/// one power-of-two size, so that each part's subtrees land where the tree has them.
fn joined(parts: Vec<Builder>) -> Hash {
    let mut all = Builder::default();
    for part in parts {
        for (size, hash) in part.stack {
            all.push_subtree(size, hash);
        }
    }
    all.root()
}

/// The Merkle tree hash built leaf by leaf, in memory logarithmic in the number of leaves: a
/// stack of complete subtrees, sizes decreasing powers of two; two of one size are joined as soon as
/// they meet, and at the end the stack is folded from the right — RFC 6962's split at the largest
/// power of two below n.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    stack: Vec<(u64, Hash)>,
}

impl Builder {
    /// Adds a leaf by its hash ([`leaf`]).
    pub fn push(&mut self, leaf_hash: Hash) {
        self.push_subtree(1, leaf_hash);
    }

    /// Adds a complete subtree of `size` leaves (a power of two) by its hash; the leaves so far
    /// must be a multiple of `size`, so that the subtree is one the tree has.
    fn push_subtree(&mut self, size: u64, subtree: Hash) {
        debug_assert!(size.is_power_of_two() && self.leaves().is_multiple_of(size));
        let (mut size, mut hash) = (size, subtree);
        while let Some(&(top, left)) = self.stack.last() {
            if top != size {
                break;
            }
            self.stack.pop();
            hash = node(&left, &hash);
            size *= 2;
        }
        self.stack.push((size, hash));
    }

    /// Adds `count` leaves that are all the same record, by its leaf hash: equal to `count` calls
    /// of [`Builder::push`], in about 2·log₂(count) node hashes instead of `count` — a box's
    /// sorted records come in runs of equal ballots. Each step adds the largest complete subtree
    /// of equal leaves that fits both what is left of the run and the leaves before it.
    pub fn push_run(&mut self, leaf_hash: Hash, count: u64) {
        // subtrees[k]: the hash of 2^k equal leaves.
        let mut subtrees = vec![leaf_hash];
        let mut left = count;
        while left > 0 {
            let aligned = match self.leaves() {
                0 => u32::MAX,
                n => n.trailing_zeros(),
            };
            let k = aligned.min(63 - left.leading_zeros());
            while subtrees.len() <= k as usize {
                let last = *subtrees.last().expect("the leaf itself");
                subtrees.push(node(&last, &last));
            }
            self.push_subtree(1 << k, subtrees[k as usize]);
            left -= 1 << k;
        }
    }

    /// Leaves pushed so far.
    pub fn leaves(&self) -> u64 {
        self.stack.iter().map(|(size, _)| size).sum()
    }

    /// The root of every leaf pushed.
    pub fn root(&self) -> Hash {
        let mut it = self.stack.iter().rev();
        match it.next() {
            None => Sha256::digest([]).into(),
            Some(&(_, last)) => it.fold(last, |right, (_, left)| node(left, &right)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6962 §2.1, literally: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the
    /// largest power of two smaller than n.
    fn rfc(d: &[Vec<u8>]) -> Hash {
        match d.len() {
            0 => Sha256::digest([]).into(),
            1 => leaf(&d[0]),
            n => {
                let k = 1 << (usize::BITS - 1 - (n - 1).leading_zeros());
                node(&rfc(&d[..k]), &rfc(&d[k..]))
            }
        }
    }

    #[test]
    fn equals_the_rfc_definition() {
        for n in 0..70 {
            let d: Vec<Vec<u8>> = (0..n).map(|i| format!("{{\"r\":{i}}}").into_bytes()).collect();
            assert_eq!(root(&d), rfc(&d), "n = {n}");
        }
    }

    #[test]
    fn the_builder_equals_the_tree() {
        for n in 0..70 {
            let d: Vec<Vec<u8>> = (0..n).map(|i| format!("{{\"r\":{i}}}").into_bytes()).collect();
            let mut b = Builder::default();
            d.iter().for_each(|r| b.push(leaf(r)));
            assert_eq!(b.root(), rfc(&d), "n = {n}");
        }
    }

    #[test]
    fn chunks_joined_equal_the_builder() {
        for n in [4095, 4096, 4097, 8192 + 3, 3 * 4096 + 1000] {
            let d: Vec<Vec<u8>> = (0..n).map(|i| format!("{{\"r\":{i}}}").into_bytes()).collect();
            let mut b = Builder::default();
            d.iter().for_each(|r| b.push(leaf(r)));
            assert_eq!(root(&d), b.root(), "n = {n}");
        }
        let d: Vec<Vec<u8>> = (0..5000).map(|i| format!("{{\"r\":{i}}}").into_bytes()).collect();
        assert_eq!(root(&d), rfc(&d));
    }

    #[test]
    fn short_hashes_equal_sha256() {
        let data: Vec<u8> = (0..200u8).map(|i| i.wrapping_mul(37)).collect();
        for n in 0..data.len() {
            for prefix in [0u8, 1] {
                let mut h = Sha256::new();
                h.update([prefix]);
                h.update(&data[..n]);
                assert_eq!(prefixed(prefix, &data[..n]), <Hash>::from(h.finalize()), "length {n}");
            }
        }
    }

    #[test]
    fn runs_of_equal_leaves_equal_pushing_each() {
        // Every split of up to 40 leaves into runs of 1..=9 equal records, against the RFC.
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut d: Vec<Vec<u8>> = Vec::new();
            let mut b = Builder::default();
            let runs = (seed % 6) as usize;
            for r in 0..runs {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let count = (seed >> 33) % 9 + 1;
                let rec = format!("{{\"r\":{r}}}").into_bytes();
                b.push_run(leaf(&rec), count);
                d.extend(std::iter::repeat_n(rec, count as usize));
            }
            assert_eq!(b.root(), rfc(&d), "runs of {d:?}");
            assert_eq!(b.leaves(), d.len() as u64);
        }
        let mut big = Builder::default();
        big.push_run(leaf(b"a"), 1_000_003);
        let mut one = Builder::default();
        (0..1_000_003).for_each(|_| one.push(leaf(b"a")));
        assert_eq!(big.root(), one.root());
    }

    /// Runs cut into parts equal the runs pushed one after another, whatever the parts cut: runs
    /// longer than a part, parts ending inside a run, a last part short.
    #[test]
    fn runs_in_parts_equal_the_runs_pushed() {
        let mut seed = 11u64;
        for total in [0u64, 1, 4095, 4096, 4097, 16_384, 16_385, 70_001, 1 << 20] {
            let mut runs: Vec<(Vec<u8>, u64)> = Vec::new();
            let mut left = total;
            while left > 0 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let n = ((seed >> 33) % 9_000 + 1).min(left);
                runs.push((format!("{{\"r\":{}}}", runs.len()).into_bytes(), n));
                left -= n;
            }
            let mut b = Builder::default();
            runs.iter().for_each(|(r, n)| b.push_run(leaf(r), *n));
            assert_eq!(root_of_runs(&runs), b.root(), "{total} leaves");
        }
    }

    /// A known value: the RFC 6962 test vector's empty-tree and one-leaf hashes.
    #[test]
    fn known_values() {
        assert_eq!(
            hex::encode(root::<Vec<u8>>(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(hex::encode(leaf(b"")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }
}
