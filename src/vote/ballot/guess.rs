//! What the fast path guesses comes next in a ballot line, so that it need not find where a string
//! ends byte by byte: the next post's key and its colon (posts are written in the manifest's
//! order), and a candidate id of a post whose ids all have one length — one id, or a whole list of
//! them written without a space (`["c01","c02"]`), read a window of 16 bytes at a time.
//!
//! A guess is taken only when the line's bytes are exactly what reading them would have found: a
//! key's whole quoted string, quotes included; an id's quotes at both ends and, between them, a
//! candidate id of the post — found by the post's table, which holds nothing else. An id or key
//! that would need an escape in JSON (a quote, a backslash, a control character) is never guessed,
//! nor a post's key that reads as another key of a line (`spoiled`, which no manifest may name a
//! post; the guess does not lean on that). A guess that fails costs a comparison (and, for an id
//! whose quotes line up, a look-up in the post's table), and the line is read as without it.

use super::id_map::{Id, IdMap};
use crate::vote::model::Style;

/// A key as a JSON string — a post's id with its colon (`"chair":`), an approve post's list
/// (`"for"`) — quotes included, as the first bytes of a line's remainder must be to be it: at most
/// 16 bytes, compared at once.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quoted {
    bytes: u128,
    mask: u128,
    len: usize,
}

impl Quoted {
    /// The key `id` quoted and followed by `then` (nothing, or a colon), when that fits in 16 bytes
    /// and the key needs no escape.
    pub(super) fn of(id: &str, then: &[u8]) -> Option<Quoted> {
        let len = id.len() + 2 + then.len();
        if len > 16 || !plain(id) {
            return None;
        }
        let mut b = [0u8; 16];
        b[0] = b'"';
        b[1..=id.len()].copy_from_slice(id.as_bytes());
        b[id.len() + 1] = b'"';
        b[id.len() + 2..len].copy_from_slice(then);
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

/// What is guessed of one post: its key with its colon, and the length of its candidates' ids when
/// they all have the same length, of 1 to 8 bytes, and need no escape — with the post's style, at
/// hand where the guesses are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Guess {
    key: Option<Quoted>,
    id_len: Option<usize>,
    style: Style,
}

impl Guess {
    /// The guesses of a post of id `post`, style `style` and candidates of ids `ids` (a post named
    /// `spoiled`, which a line's reader takes for the spoiled flag, has its key never guessed).
    pub(super) fn of<'a>(post: &str, style: Style, ids: impl IntoIterator<Item = &'a str>) -> Guess {
        let mut len = None;
        let mut one = true;
        for id in ids {
            one &= (1..=8).contains(&id.len()) && plain(id) && *len.get_or_insert(id.len()) == id.len();
        }
        let key = if post == "spoiled" { None } else { Quoted::of(post, b":") };
        Guess { key, id_len: len.filter(|_| one), style }
    }

    /// The post's style.
    pub(super) fn style(&self) -> Style {
        self.style
    }

    /// The post's key, quoted, with its colon, when it is guessed.
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
    let packed = quoted(u128::from_le_bytes(*rest.first_chunk::<16>()?), len)?;
    Some((Id { bytes: &rest[1..=len], packed }, len + 2))
}

/// The `len` bytes (1 to 8) between the quote window `w` begins with and a quote right after
/// them, packed as [`Id`] is; `None` when either quote is not there.
#[inline(always)]
fn quoted(w: u128, len: usize) -> Option<u64> {
    if w as u8 != b'"' || (w >> (8 * (len + 1))) as u8 != b'"' {
        return None;
    }
    Some((w >> 8) as u64 & (u64::MAX >> (64 - 8 * len)))
}

/// The most ids [`id_list`] reads in one list (a longer list is read as without it).
pub(super) const IN_A_ROW: usize = 8;

/// The 16 bytes of `rest` from `at` (zeros past its end, which no id or quote holds), or `None`
/// when `at` is past its end.
#[inline(always)]
fn window(rest: &[u8], at: usize) -> Option<u128> {
    let r = rest.get(at..)?;
    Some(match r.first_chunk::<16>() {
        Some(w) => u128::from_le_bytes(*w),
        None => {
            let mut w = [0u8; 16];
            w[..r.len()].copy_from_slice(r);
            u128::from_le_bytes(w)
        }
    })
}

/// The list at the start of `rest` when it is written without a space — `[]`, `["c01"]`,
/// `["c01","c02"]` — of at most [`IN_A_ROW`] strings of `len` bytes (1 to 8) that `ids` holds:
/// their values put in `bits`, how many, and the bytes the list spans. `None`, with nothing but
/// `bits` written: any other list, for the caller to read as without this guess. Each id is
/// checked in one window: its opening quote, its bytes (an id of the post, found by the post's
/// table, which holds no quote, backslash or control character), its closing quote, and a comma
/// or the closing bracket after it.
#[inline(always)]
pub(super) fn id_list(
    rest: &[u8],
    len: usize,
    ids: &IdMap<'_, u8>,
    bits: &mut [u8; IN_A_ROW],
) -> Option<(usize, usize)> {
    match rest.first_chunk::<2>() {
        Some([b'[', b']']) => return Some((0, 2)),
        Some([b'[', _]) => {}
        _ => return None,
    }
    let (mut n, mut at) = (0, 1);
    loop {
        let x = window(rest, at)?;
        *bits.get_mut(n)? = *ids.get_short(quoted(x, len)?, len)?;
        n += 1;
        at += len + 3;
        match (x >> (8 * (len + 2))) as u8 {
            b',' => {}
            b']' => return Some((n, at)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key is taken only when the line goes on with exactly its quoted string.
    #[test]
    fn a_quoted_key_is_found_only_whole() {
        let q = Quoted::of("chair", b":").unwrap();
        assert_eq!(q.at(br#""chair":["a"],"vice":[]}"#), 8);
        assert_eq!(q.at(br#""chair":[]}"#), 8);
        assert_eq!(q.at(br#""chair":"#), 8);
        for other in [
            &br#""chairs":["a"],"vice":[]}"#[..],
            br#""chai":["a"],"vice":[]}"#,
            br#"chair":[]}"#,
            br#""chair" :[]}"#,
            br#""chair""#,
            b"",
        ] {
            assert_eq!(q.at(other), 0, "{}", String::from_utf8_lossy(other));
        }
        assert_eq!(Quoted::of("for", b"").unwrap().at(br#""for":["a"]}"#), 5);
        assert_eq!(Quoted::of("sup-member-long", b":").map(|q| q.len), None);
        assert_eq!(Quoted::of("thirteen-byte", b":").map(|q| q.len), Some(16));
        assert_eq!(Quoted::of("fourteen-bytes", b"").map(|q| q.len), Some(16));
        assert!(["a\"b", "a\\b", "a\tb"].iter().all(|k| Quoted::of(k, b":").is_none()));
    }

    /// A list is read whole only when every entry is an id of the post, of its length, written
    /// without a space, and there are no more than [`IN_A_ROW`]; anything else reads nothing.
    #[test]
    fn a_list_of_ids_is_read_whole_or_not_at_all() {
        let ids = IdMap::new([("c01", 0u8), ("c02", 1), ("c03", 2)]);
        let read = |line: &str| {
            let mut bits = [9; IN_A_ROW];
            id_list(line.as_bytes(), 3, &ids, &mut bits).map(|(n, took)| (bits[..n].to_vec(), took))
        };
        assert_eq!(read(r#"[]"#), Some((vec![], 2)));
        assert_eq!(read(r#"["c02"]}"#), Some((vec![1], 7)));
        assert_eq!(read(r#"["c02"]"#), Some((vec![1], 7)), "a window past the line's end reads zeros");
        assert_eq!(read(r#"["c03","c01","c03"],"x":[]}"#), Some((vec![2, 0, 2], 19)));
        let eight = format!("[{}]", [r#""c01""#; IN_A_ROW].join(","));
        assert_eq!(read(&eight).map(|(b, _)| b.len()), Some(IN_A_ROW));
        for other in [
            r#"[ ]"#,
            r#"[ "c01"]"#,
            r#"["c01" ]"#,
            r#"["c01", "c02"]"#,
            r#"["c04"]"#,
            r#"["c0"]"#,
            r#"["c011"]"#,
            r#"["w:c01"]"#,
            r#"["c01"}"#,
            r#"["c01""#,
            r#"["c01"#,
            r#"["#,
            r#"_"c01"]"#,
            r#"_]"#,
            r#""c01"]"#,
            "",
            &format!("[{}]", [r#""c01""#; IN_A_ROW + 1].join(",")),
        ] {
            assert_eq!(read(other), None, "{other}");
        }
    }

    /// Ids are guessed by length only when every candidate's id has the same one.
    #[test]
    fn ids_of_one_length_are_guessed() {
        assert_eq!(Guess::of("p", Style::Choose, ["c01", "c02"]).id_len, Some(3));
        assert_eq!(Guess::of("p", Style::Choose, ["c01", "c2"]).id_len, None);
        assert_eq!(Guess::of("p", Style::Choose, ["a\"b"]).id_len, None);
        assert_eq!(Guess::of("p", Style::Choose, ["123456789"]).id_len, None);
        assert_eq!(Guess::of("p", Style::Choose, ["12345678"]).id_len, Some(8));
        assert!(
            Guess::of("spoiled", Style::Choose, ["a"]).key.is_none()
                && Guess::of("spoiled-not", Style::Choose, ["a"]).key.is_some()
        );
        let (id, took) = sized_id(br#""c01","c02"]}......."#, 3).unwrap();
        assert_eq!((id.bytes, id.packed, took), (&b"c01"[..], u64::from_le_bytes(*b"c01\0\0\0\0\0"), 5));
        assert!(sized_id(br#""c012","c02"]}......."#, 3).is_none());
        assert!(sized_id(br#""c01""#, 3).is_none(), "too near the end: read as without a guess");
    }
}
