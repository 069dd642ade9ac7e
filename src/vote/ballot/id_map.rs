//! Ids of a manifest (posts, candidates) found from a ballot line's bytes by a perfect hash.

use rustc_hash::FxHashMap;

/// An id as a ballot line writes it: its bytes, and — when it has at most 8 — those bytes as one
/// integer (the fast path packs it while scanning the string, so a look-up hashes nothing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Id<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) packed: u64,
}

impl<'a> Id<'a> {
    /// An id, packed here.
    #[inline]
    pub(super) fn of(bytes: &'a [u8]) -> Self {
        let packed = bytes.iter().take(8).enumerate().fold(0, |w, (i, &c)| w | (u64::from(c) << (8 * i)));
        Id { bytes, packed }
    }
}

/// Ids of a manifest (posts, candidates) → what they stand for, looked up from a line's bytes. Ids of
/// up to 8 bytes — nearly all of them — sit in a small table indexed by a multiplicative hash of the
/// packed id, chosen when the table is built so that no two ids share a slot: a look-up is one
/// multiplication and one comparison. Longer ids are looked up by their bytes.
#[derive(Debug)]
pub(super) struct IdMap<'e, V> {
    slots: Vec<Option<(u64, usize, V)>>,
    mul: u64,
    shift: u32,
    long: FxHashMap<&'e [u8], V>,
}

impl<'e, V: Copy> IdMap<'e, V> {
    pub(super) fn new(ids: impl IntoIterator<Item = (&'e str, V)>) -> Self {
        let (short, longer): (Vec<_>, Vec<_>) = ids.into_iter().partition(|(id, _): &(&'e str, V)| id.len() <= 8);
        let mut long: FxHashMap<&'e [u8], V> = longer.into_iter().map(|(id, v)| (id.as_bytes(), v)).collect();
        // Ids never hold a NUL byte, so distinct ids pack to distinct integers; find a table size
        // and an odd multiplier that give each its own slot (a try or two for a manifest's few ids).
        for bits in (usize::BITS - (2 * short.len()).leading_zeros()).max(1)..=16 {
            for k in 0..64u64 {
                let mul = 0x9E37_79B9_7F4A_7C15u64.wrapping_add(k.wrapping_mul(0xD6E8_FEB8_6659_FD93)) | 1;
                let shift = 64 - bits;
                let mut slots = vec![None; 1 << bits];
                let fits = short.iter().all(|&(id, v)| {
                    let p = Id::of(id.as_bytes()).packed;
                    let i = (p.wrapping_mul(mul) >> shift) as usize;
                    slots[i].is_none() && {
                        slots[i] = Some((p, id.len(), v));
                        true
                    }
                });
                if fits {
                    return IdMap { slots, mul, shift, long };
                }
            }
        }
        // Not met in practice; then every id is looked up by its bytes.
        long.extend(short.into_iter().map(|(id, v)| (id.as_bytes(), v)));
        IdMap { slots: vec![None; 2], mul: 1, shift: 63, long }
    }

    #[inline]
    pub(super) fn get(&self, id: Id<'_>) -> Option<&V> {
        if id.bytes.len() > 8 {
            return self.long.get(id.bytes);
        }
        match &self.slots[(id.packed.wrapping_mul(self.mul) >> self.shift) as usize] {
            Some((p, len, v)) if *p == id.packed && *len == id.bytes.len() => Some(v),
            _ => self.long.get(id.bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id is found, by its own bytes only: not by a prefix, not with a NUL after it, and a
    /// long id by its bytes.
    #[test]
    fn ids_are_found_exactly() {
        let ids = ["a", "c01", "c12", "chair", "12345678", "123456789", "a-much-longer-id"];
        let m = IdMap::new(ids.iter().enumerate().map(|(i, id)| (*id, i)));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get(Id::of(id.as_bytes())), Some(&i), "{id}");
        }
        for other in ["", "c0", "c011", "c01\0", "chai", "1234567", "12345678\0", "a-much-longer-ie"] {
            assert_eq!(m.get(Id::of(other.as_bytes())), None, "{other:?}");
        }
        let none: IdMap<'_, u8> = IdMap::new([]);
        assert_eq!(none.get(Id::of(b"x")), None);
    }
}
