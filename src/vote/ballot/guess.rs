//! What the fast path guesses comes next in a ballot line, so that it need not find where a string
//! ends byte by byte: the next post's key and its colon (posts are written in the manifest's
//! order), and a candidate id of a post whose ids all have one length — one id, a whole list of
//! them written without a space (`["c01","c02"]`), or an approve post's object of two such lists
//! (`{"for":["c01"],"against":[]}`), read a window of 16 bytes at a time.
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
    /// The key of a post whose key is not guessed, in a plan that never runs
    /// ([`super::compact::Plan`]): of no bytes, never found ([`Quoted::in_window`] gives 0).
    pub(super) const NONE: Quoted = Quoted { bytes: 0, mask: u128::MAX, len: 0 };

    /// Bytes a line's remainder must begin with, as they are (1 to 15 of them, none of them 0).
    const fn literal(lit: &[u8]) -> Quoted {
        let mut bytes = 0u128;
        let mut i = 0;
        while i < lit.len() {
            bytes |= (lit[i] as u128) << (8 * i);
            i += 1;
        }
        Quoted { bytes, mask: (1u128 << (8 * lit.len())) - 1, len: lit.len() }
    }

    /// The key's length in bytes, quotes and colon included.
    pub(super) fn len(&self) -> usize {
        self.len
    }

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

    /// How many bytes the window `w` ([`window`]) begins with that are this quoted key: its
    /// length, or 0.
    #[inline(always)]
    pub(super) fn in_window(&self, w: u128) -> usize {
        if (w ^ self.bytes) & self.mask == 0 { self.len } else { 0 }
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

/// The length of a post's candidate ids (1 to 8 bytes) when they all have it, with what a window
/// beginning with such an id's opening quote holds around it when the id is an entry of a list
/// written without a space: its closing quote, and a comma or the list's closing bracket after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct IdShape {
    len: usize,
    mask: u64,
    quote: u32,
    /// The window's bytes that are not the id's: its two quotes and the byte after them.
    frame: u128,
    /// Those bytes when a comma follows the id, and when the closing bracket does.
    comma: u128,
    close: u128,
}

impl IdShape {
    /// The shape of a post whose ids are not guessed (never used to read one).
    pub(super) const NONE: IdShape = IdShape { len: 0, mask: 0, quote: 0, frame: 0, comma: 0, close: 0 };

    /// The shape of ids of `len` bytes, 1 to 8.
    fn of(len: usize) -> Option<IdShape> {
        let at = |byte: u8, i: usize| u128::from(byte) << (8 * i);
        let quotes = at(b'"', 0) | at(b'"', len + 1);
        (1..=8).contains(&len).then(|| IdShape {
            len,
            mask: u64::MAX >> (64 - 8 * len),
            quote: 8 * (len as u32 + 1),
            frame: at(0xFF, 0) | at(0xFF, len + 1) | at(0xFF, len + 2),
            comma: quotes | at(b',', len + 2),
            close: quotes | at(b']', len + 2),
        })
    }
}

/// What is guessed of one post: its key with its colon, and the shape of its candidates' ids when
/// they all have the same length, of 1 to 8 bytes, and need no escape — with the post's style, at
/// hand where the guesses are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Guess {
    key: Option<Quoted>,
    id: Option<IdShape>,
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
        Guess { key, id: len.filter(|_| one).and_then(IdShape::of), style }
    }

    /// The post's style.
    pub(super) fn style(&self) -> Style {
        self.style
    }

    /// The post's key, quoted, with its colon, when it is guessed.
    pub(super) fn key(&self) -> Option<Quoted> {
        self.key
    }

    /// The shape of every candidate id of the post, when they share one length and it is guessed.
    pub(super) fn id(&self) -> Option<IdShape> {
        self.id
    }
}

/// The quoted string of `id.len()` bytes at the start of `rest` (`"` + its bytes + `"`), packed as
/// [`Id`] is, with the bytes it spans — for the caller to look up, and to take only when it is a
/// candidate of the post (whose ids hold no quote or backslash: so those bytes are the string).
/// `None` when `rest` holds fewer than 16 bytes, however short the id: read as without a guess.
#[inline(always)]
pub(super) fn sized_id(rest: &[u8], id: IdShape) -> Option<(Id<'_>, usize)> {
    let packed = quoted(u128::from_le_bytes(*rest.first_chunk::<16>()?), id)?;
    Some((Id { bytes: &rest[1..=id.len], packed }, id.len + 2))
}

/// The bytes of an id of shape `id` between the quote window `w` begins with and a quote right
/// after them, packed as [`Id`] is; `None` when either quote is not there.
#[inline(always)]
fn quoted(w: u128, id: IdShape) -> Option<u64> {
    if w as u8 != b'"' || (w >> id.quote) as u8 != b'"' {
        return None;
    }
    Some((w >> 8) as u64 & id.mask)
}

/// The most ids [`id_list`] reads in one list (a longer list is read as without it).
pub(super) const IN_A_ROW: usize = 8;

/// The 16 bytes of `rest` from `at` (zeros past its end, which no id or quote holds), or `None`
/// when `at` is past its end.
#[inline(always)]
pub(super) fn window(rest: &[u8], at: usize) -> Option<u128> {
    let r = rest.get(at..)?;
    Some(match r.first_chunk::<16>() {
        Some(w) => u128::from_le_bytes(*w),
        None => short_window(rest, at),
    })
}

/// [`window`] within 16 bytes of the end of `rest`: its last 16 bytes shifted down (or, in a
/// shorter `rest`, its bytes one by one).
#[inline(never)]
fn short_window(rest: &[u8], at: usize) -> u128 {
    let left = rest.len() - at;
    match rest.last_chunk::<16>() {
        Some(w) => u128::from_le_bytes(*w).checked_shr(8 * (16 - left) as u32).unwrap_or(0),
        None => rest[at..].iter().rev().fold(0, |w, &b| (w << 8) | u128::from(b)),
    }
}

/// The list at the start of `rest` when it is written without a space — `[]`, `["c01"]`,
/// `["c01","c02"]` — of at most [`IN_A_ROW`] strings of shape `id` that `ids` holds:
/// their values put in `bits`, how many, and the bytes the list spans. `None`, with nothing but
/// `bits` written: any other list, for the caller to read as without this guess. Each id is
/// checked in one window: its opening quote, its bytes (an id of the post, found by the post's
/// table, which holds no quote, backslash or control character), its closing quote, and a comma
/// or the closing bracket after it.
#[inline(always)]
pub(super) fn id_list(
    rest: &[u8],
    id: IdShape,
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
        let framed = x & id.frame;
        let last = framed == id.close;
        if !last && framed != id.comma {
            return None;
        }
        *bits.get_mut(n)? = ids.get_short((x >> 8) as u64 & id.mask, id.len)?;
        n += 1;
        at += id.len + 3;
        if last {
            return Some((n, at));
        }
    }
}

/// How an approve post's object written without a space begins, and how it goes on after its
/// first list.
const FOR: Quoted = Quoted::literal(br#"{"for":"#);
const AGAINST: Quoted = Quoted::literal(br#","against":"#);

/// The position after `lit` when `rest` goes on with it at `at`.
#[inline(always)]
fn after(rest: &[u8], at: usize, lit: Quoted) -> Option<usize> {
    let took = lit.in_window(window(rest, at)?);
    (took > 0).then_some(at + took)
}

/// An approve post's object at the start of `rest` written without a space, with its two lists
/// in that order — `{"for":["c01"],"against":[]}` — each list as [`id_list`] reads it: the for
/// list's values put in `yes`, the against list's in `no`, how many of each, and the bytes the
/// object spans. `None`, with nothing but `yes` and `no` written: any other object (a space, a
/// list left out or in another order, a `write_in` list, a name), for the caller to read as
/// without this guess.
#[inline(always)]
pub(super) fn approve_lists(
    rest: &[u8],
    id: IdShape,
    ids: &IdMap<'_, u8>,
    (yes, no): (&mut [u8; IN_A_ROW], &mut [u8; IN_A_ROW]),
) -> Option<(usize, usize, usize)> {
    let at = after(rest, 0, FOR)?;
    let (n_yes, took) = id_list(rest.get(at..)?, id, ids, yes)?;
    let at = after(rest, at + took, AGAINST)?;
    let (n_no, took) = id_list(rest.get(at..)?, id, ids, no)?;
    let end = at + took;
    (rest.get(end) == Some(&b'}')).then_some((n_yes, n_no, end + 1))
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
            id_list(line.as_bytes(), IdShape::of(3).unwrap(), &ids, &mut bits)
                .map(|(n, took)| (bits[..n].to_vec(), took))
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

    /// An approve post's object is read whole only when written without a space with its `for`
    /// list and then its `against` list, each read whole, and nothing else; anything else reads
    /// nothing.
    #[test]
    fn an_approve_object_is_read_whole_or_not_at_all() {
        let ids = IdMap::new([("c01", 0u8), ("c02", 1), ("c03", 2)]);
        let read = |line: &str| {
            let (mut yes, mut no) = ([9; IN_A_ROW], [9; IN_A_ROW]);
            approve_lists(line.as_bytes(), IdShape::of(3).unwrap(), &ids, (&mut yes, &mut no))
                .map(|(y, n, took)| (yes[..y].to_vec(), no[..n].to_vec(), took))
        };
        assert_eq!(read(r#"{"for":["c01"],"against":[]}"#), Some((vec![0], vec![], 28)));
        assert_eq!(read(r#"{"for":[],"against":["c03","c02"]},"x":[]}"#), Some((vec![], vec![2, 1], 34)));
        assert_eq!(read(r#"{"for":["c02","c02"],"against":["c02"]}"#), Some((vec![1, 1], vec![1], 39)));
        for other in [
            r#"{}"#,
            r#"{"for":[]}"#,
            r#"{"for":[],"against":[]"#,
            r#"{"against":[],"for":[]}"#,
            r#"{"for":[],"against":[],"write_in":[]}"#,
            r#"{"for":[], "against":[]}"#,
            r#"{ "for":[],"against":[]}"#,
            r#"{"for":["c04"],"against":[]}"#,
            r#"{"for":[],"against":["w:c01"]}"#,
            r#"{"fo":[],"against":[]}"#,
            r#"{"for":[],"againsT":[]}"#,
            "",
        ] {
            assert_eq!(read(other), None, "{other}");
        }
    }

    /// A window within 16 bytes of the end holds the bytes there and zeros after them, however
    /// short the bytes are.
    #[test]
    fn a_window_past_the_end_reads_zeros() {
        let bytes = b"0123456789abcdefghij";
        for len in 0..=bytes.len() {
            for at in 0..=len {
                let mut expected = [0u8; 16];
                let n = (len - at).min(16);
                expected[..n].copy_from_slice(&bytes[at..at + n]);
                assert_eq!(window(&bytes[..len], at), Some(u128::from_le_bytes(expected)), "{len} {at}");
            }
            assert_eq!(window(&bytes[..len], len + 1), None);
        }
    }

    /// Ids are guessed by length only when every candidate's id has the same one.
    #[test]
    fn ids_of_one_length_are_guessed() {
        let len = |ids: &[&str]| Guess::of("p", Style::Choose, ids.iter().copied()).id.map(|i| i.len);
        assert_eq!(len(&["c01", "c02"]), Some(3));
        assert_eq!(len(&["c01", "c2"]), None);
        assert_eq!(len(&["a\"b"]), None);
        assert_eq!(len(&["123456789"]), None);
        assert_eq!(len(&["12345678"]), Some(8));
        assert!(
            Guess::of("spoiled", Style::Choose, ["a"]).key.is_none()
                && Guess::of("spoiled-not", Style::Choose, ["a"]).key.is_some()
        );
        let three = IdShape::of(3).unwrap();
        let (id, took) = sized_id(br#""c01","c02"]}......."#, three).unwrap();
        assert_eq!((id.bytes, id.packed, took), (&b"c01"[..], u64::from_le_bytes(*b"c01\0\0\0\0\0"), 5));
        assert!(sized_id(br#""c012","c02"]}......."#, three).is_none());
        assert!(sized_id(br#""c01""#, three).is_none(), "too near the end: read as without a guess");
    }
}
