//! What the fast path guesses comes next in a ballot line, so that it need not find where a string
//! ends byte by byte: the next post's key (posts are written in the manifest's order), and a
//! candidate id of a post whose ids all have one length.
//!
//! A guess is taken only when the line's bytes are exactly what reading them would have found: a
//! key's whole quoted string, quotes included; an id's quotes at both ends and, between them, a
//! candidate id of the post — found by the post's table, which holds nothing else. An id or key
//! that would need an escape in JSON (a quote, a backslash, a control character) is never guessed,
//! nor a post's key that reads as another key of a line (`spoiled`, which no manifest may name a
//! post; the guess does not lean on that). A guess that fails costs a comparison (and, for an id
//! whose quotes line up, a look-up in the post's table), and the line is read as without it.

use super::id_map::Id;

/// A key as a JSON string — a post's id (`"chair"`), an approve post's list (`"for"`) — quotes
/// included, as the first bytes of a line's remainder must be to be it: at most 16 bytes, compared
/// at once.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quoted {
    bytes: u128,
    mask: u128,
    len: usize,
}

impl Quoted {
    /// The key `id` quoted, when it fits in 16 bytes and needs no escape.
    pub(super) fn of(id: &str) -> Option<Quoted> {
        let len = id.len() + 2;
        if len > 16 || !plain(id) {
            return None;
        }
        let mut b = [0u8; 16];
        b[0] = b'"';
        b[1..len - 1].copy_from_slice(id.as_bytes());
        b[len - 1] = b'"';
        let mask = if len == 16 { u128::MAX } else { (1u128 << (8 * len)) - 1 };
        Some(Quoted { bytes: u128::from_le_bytes(b), mask, len })
    }

    /// How many bytes `rest` begins with that are this quoted key: its length, or 0.
    #[inline(always)]
    pub(super) fn at(&self, rest: &[u8]) -> usize {
        let found = match rest.first_chunk::<16>() {
            Some(chunk) => (u128::from_le_bytes(*chunk) ^ self.bytes) & self.mask == 0,
            None => rest.len() >= self.len && rest[..self.len] == self.bytes.to_le_bytes()[..self.len],
        };
        if found { self.len } else { 0 }
    }
}

/// Whether an id needs no escape in JSON: no quote, backslash or control character.
fn plain(id: &str) -> bool {
    id.bytes().all(|c| c >= 0x20 && c != b'"' && c != b'\\')
}

/// What is guessed of one post: its key, and the length of its candidates' ids when they all have
/// the same length, of 1 to 8 bytes, and need no escape.
#[derive(Debug, Clone, Copy)]
pub(super) struct Guess {
    key: Option<Quoted>,
    id_len: Option<usize>,
}

impl Guess {
    /// The guesses of a post of id `post` and candidates of ids `ids` (a post named `spoiled`, which
    /// a line's reader takes for the spoiled flag, has its key never guessed).
    pub(super) fn of<'a>(post: &str, ids: impl IntoIterator<Item = &'a str>) -> Guess {
        let mut len = None;
        let mut one = true;
        for id in ids {
            one &= (1..=8).contains(&id.len()) && plain(id) && *len.get_or_insert(id.len()) == id.len();
        }
        let key = if post == "spoiled" { None } else { Quoted::of(post) };
        Guess { key, id_len: len.filter(|_| one) }
    }

    /// The post's key, quoted, when it is guessed.
    pub(super) fn key(&self) -> Option<Quoted> {
        self.key
    }

    /// The length of every candidate id of the post, when they share one and it is guessed.
    pub(super) fn id_len(&self) -> Option<usize> {
        self.id_len
    }
}

/// The quoted string of `len` bytes at the start of `rest` (`"` + `len` bytes + `"`), packed as
/// [`Id`] is, with the bytes it spans — for the caller to look up, and to take only when it is a
/// candidate of the post (whose ids hold no quote or backslash: so those bytes are the string).
/// `None` when `rest` holds fewer than 16 bytes, however short the id: read as without a guess.
#[inline(always)]
pub(super) fn sized_id(rest: &[u8], len: usize) -> Option<(Id<'_>, usize)> {
    let chunk = rest.first_chunk::<16>()?;
    let x = u128::from_le_bytes(*chunk);
    if x as u8 != b'"' || (x >> (8 * (len + 1))) as u8 != b'"' {
        return None;
    }
    let packed = ((x >> 8) as u64) & (u64::MAX >> (64 - 8 * len));
    Some((Id { bytes: &rest[1..=len], packed }, len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key is taken only when the line goes on with exactly its quoted string.
    #[test]
    fn a_quoted_key_is_found_only_whole() {
        let q = Quoted::of("chair").unwrap();
        assert_eq!(q.at(br#""chair":["a"],"vice":[]}"#), 7);
        assert_eq!(q.at(br#""chair":[]}"#), 7);
        assert_eq!(q.at(br#""chair""#), 7);
        for other in
            [&br#""chairs":["a"],"vice":[]}"#[..], br#""chai":["a"],"vice":[]}"#, br#"chair":[]}"#, br#""chair"#]
        {
            assert_eq!(q.at(other), 0, "{}", String::from_utf8_lossy(other));
        }
        assert_eq!(Quoted::of("sup-member-longer").map(|q| q.len), None);
        assert_eq!(Quoted::of("fourteen-bytes").map(|q| q.len), Some(16));
        assert!(Quoted::of("a\"b").is_none() && Quoted::of("a\\b").is_none() && Quoted::of("a\tb").is_none());
    }

    /// Ids are guessed by length only when every candidate's id has the same one.
    #[test]
    fn ids_of_one_length_are_guessed() {
        assert_eq!(Guess::of("p", ["c01", "c02"]).id_len, Some(3));
        assert_eq!(Guess::of("p", ["c01", "c2"]).id_len, None);
        assert_eq!(Guess::of("p", ["a\"b"]).id_len, None);
        assert_eq!(Guess::of("p", ["123456789"]).id_len, None);
        assert_eq!(Guess::of("p", ["12345678"]).id_len, Some(8));
        assert!(Guess::of("spoiled", ["a"]).key.is_none() && Guess::of("spoiled-not", ["a"]).key.is_some());
        let (id, took) = sized_id(br#""c01","c02"]}......."#, 3).unwrap();
        assert_eq!((id.bytes, id.packed, took), (&b"c01"[..], u64::from_le_bytes(*b"c01\0\0\0\0\0"), 5));
        assert!(sized_id(br#""c012","c02"]}......."#, 3).is_none());
        assert!(sized_id(br#""c01""#, 3).is_none(), "too near the end: read as without a guess");
    }
}
