//! Ids of a manifest (posts, candidates) found from a ballot line's bytes by a perfect hash.

use rustc_hash::{FxHashMap, FxHashSet};

/// An id as a ballot line writes it: its bytes, and — when it has at most 8 — those bytes as one
/// integer (the fast path packs it while scanning the string, so a look-up hashes nothing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Id<'a> {
    pub(super) bytes: &'a [u8],
    /// The first 8 bytes (or fewer), little-endian.
    pub(super) packed: u64,
}

impl<'a> Id<'a> {
    /// An id, packed here.
    #[inline]
    pub(super) fn of(bytes: &'a [u8]) -> Self {
        let packed = bytes.iter().take(8).enumerate().fold(0, |w, (i, &c)| w | (u64::from(c) << (8 * i)));
        Id { bytes, packed }
    }

    /// The integer an id is placed by: its packed bytes — which are the whole id when it has at
    /// most 8 — mixed, for a longer one, with its last 8 bytes and its length (`sup-member` and
    /// `sup-members` differ there). Two long ids may share a key; the table checks their bytes.
    #[inline(always)]
    fn key(&self) -> u64 {
        let n = self.bytes.len();
        if n <= 8 {
            return self.packed;
        }
        let mut tail = [0u8; 8];
        tail.copy_from_slice(&self.bytes[n - 8..]);
        self.packed ^ u64::from_le_bytes(tail).rotate_left(29) ^ (n as u64).wrapping_mul(0xA076_1D64_78BD_642F)
    }
}

/// Ids of a manifest (posts, candidates) → what they stand for, looked up from a line's bytes. Each
/// id sits in a small table indexed by a multiplicative hash of its key ([`Id::key`]: for an id of
/// up to 8 bytes, the id itself), chosen when the table is built so that no two ids share a slot: a
/// look-up is one multiplication and one comparison (and, for an id longer than 8 bytes, a
/// comparison of its bytes). An id whose key another id already has is looked up by its bytes.
#[derive(Debug)]
pub(super) struct IdMap<'e, V> {
    slots: Vec<Option<(u64, &'e [u8], V)>>,
    /// The same slots for ids of up to 8 bytes only: each id's packed bytes, its length
    /// ([`u8::MAX`]: none here) and its value — what [`IdMap::get_short`] reads, in 16 bytes a slot.
    short: Vec<(u64, u8, V)>,
    mul: u64,
    shift: u32,
    long: FxHashMap<&'e [u8], V>,
}

impl<'e, V: Copy + Default> IdMap<'e, V> {
    pub(super) fn new(ids: impl IntoIterator<Item = (&'e str, V)>) -> Self {
        let mut keys = FxHashSet::default();
        let mut placed = Vec::new();
        let mut long: FxHashMap<&'e [u8], V> = FxHashMap::default();
        for (id, v) in ids {
            let id = Id::of(id.as_bytes());
            if keys.insert(id.key()) {
                placed.push((id, v));
            } else {
                long.insert(id.bytes, v);
            }
        }
        // Find a table size and an odd multiplier that give each key its own slot (a try or two
        // for a manifest's few ids).
        for bits in (usize::BITS - (2 * placed.len()).leading_zeros()).max(1)..=16 {
            for k in 0..64u64 {
                let mul = 0x9E37_79B9_7F4A_7C15u64.wrapping_add(k.wrapping_mul(0xD6E8_FEB8_6659_FD93)) | 1;
                let shift = 64 - bits;
                let mut slots = vec![None; 1 << bits];
                let fits = placed.iter().all(|&(id, v)| {
                    let i = (id.key().wrapping_mul(mul) >> shift) as usize;
                    slots[i].is_none() && {
                        slots[i] = Some((id.key(), id.bytes, v));
                        true
                    }
                });
                if fits {
                    let short = Self::short(&slots);
                    return IdMap { slots, short, mul, shift, long };
                }
            }
        }
        // Not met in practice; then every id is looked up by its bytes.
        long.extend(placed.into_iter().map(|(id, v)| (id.bytes, v)));
        let slots = vec![None; 2];
        IdMap { short: Self::short(&slots), slots, mul: 1, shift: 63, long }
    }

    /// The short ids' slots ([`IdMap::short`]) of a table's slots.
    fn short(slots: &[Option<(u64, &'e [u8], V)>]) -> Vec<(u64, u8, V)> {
        let short = |slot: &Option<(u64, &[u8], V)>| match *slot {
            Some((k, bytes, v)) if bytes.len() <= 8 => (k, bytes.len() as u8, v),
            _ => (0, u8::MAX, V::default()),
        };
        slots.iter().map(short).collect()
    }

    /// The value of an id: one multiplication and one comparison (inlined into the readers of a
    /// line); by its bytes only when its key is another id's or it is none of the manifest's.
    #[inline(always)]
    pub(super) fn get(&self, id: Id<'_>) -> Option<&V> {
        let key = id.key();
        if let Some((k, bytes, v)) = &self.slots[(key.wrapping_mul(self.mul) >> self.shift) as usize]
            && *k == key
            && bytes.len() == id.bytes.len()
            && (bytes.len() <= 8 || *bytes == id.bytes)
        {
            return Some(v);
        }
        self.get_by_bytes(id.bytes)
    }

    /// The value of an id of `len` bytes, 1 to 8, packed as [`Id`] is: found in the table only
    /// (`None` for an id whose key another id has, which [`IdMap::get`] finds by its bytes).
    #[inline(always)]
    pub(super) fn get_short(&self, packed: u64, len: usize) -> Option<V> {
        let &(k, l, v) = &self.short[(packed.wrapping_mul(self.mul) >> self.shift) as usize];
        (k == packed && usize::from(l) == len).then_some(v)
    }

    /// An id not in the table: one whose key another id has, or none of the manifest's.
    #[inline(never)]
    fn get_by_bytes(&self, bytes: &[u8]) -> Option<&V> {
        self.long.get(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id is found, by its own bytes only: not by a prefix, not with a NUL after it, and a
    /// long id by its bytes — an id of up to 8 bytes by its packed bytes too.
    #[test]
    fn ids_are_found_exactly() {
        let ids = [
            "a",
            "c01",
            "c12",
            "chair",
            "12345678",
            "123456789",
            "a-much-longer-id",
            "sup-member",
            "sup-members",
            "member-01-of-the-board",
            "member-02-of-the-board",
        ];
        let m = IdMap::new(ids.iter().enumerate().map(|(i, id)| (*id, i)));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get(Id::of(id.as_bytes())), Some(&i), "{id}");
            let short = id.len() <= 8;
            let id = Id::of(id.as_bytes());
            assert_eq!(m.get_short(id.packed, id.bytes.len()), Some(i).filter(|_| short), "{id:?}");
        }
        for other in [
            "",
            "c0",
            "c011",
            "c01\0",
            "chai",
            "1234567",
            "12345678\0",
            "a-much-longer-ie",
            "sup-membe",
            "sup-membersx",
            "member-03-of-the-board",
        ] {
            assert_eq!(m.get(Id::of(other.as_bytes())), None, "{other:?}");
            let other = Id::of(other.as_bytes());
            assert_eq!(m.get_short(other.packed, other.bytes.len()), None, "{other:?}");
        }
        let none: IdMap<'_, u8> = IdMap::new([]);
        assert_eq!(none.get(Id::of(b"x")), None);
    }
}
