//! The RFC 6962 Merkle tree hash (MTH) over a box's ballot records: leaves `SHA-256(0x00 ‖ record)`,
//! nodes `SHA-256(0x01 ‖ left ‖ right)`, the empty tree `SHA-256("")`. Pairing bottom-up and
//! carrying an odd last node up unchanged gives exactly RFC 6962's split at the largest power of two
//! below n.

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The hash of one leaf.
pub fn leaf(record: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(record);
    h.finalize().into()
}

/// The hash of an inner node.
pub fn node(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The Merkle tree hash of records, in the order given (leaves hashed in parallel).
pub fn root<R: AsRef<[u8]> + Sync>(records: &[R]) -> Hash {
    if records.is_empty() {
        return Sha256::digest([]).into();
    }
    let mut level: Vec<Hash> = records.par_iter().with_min_len(4096).map(|r| leaf(r.as_ref())).collect();
    while level.len() > 1 {
        level = level
            .par_chunks(2)
            .with_min_len(4096)
            .map(|p| if p.len() == 2 { node(&p[0], &p[1]) } else { p[0] })
            .collect();
    }
    level[0]
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
        let mut size = 1u64;
        let mut hash = leaf_hash;
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
