//! An approve post's values met before, replayed instead of read: on a large ballot a line seldom
//! repeats, but each post's value does (`{"for":["k21"],"against":[]}`: an approve post of three
//! candidates has a few dozen values in a whole box). The fast path asks here before it reads an
//! approve post's object as it comes (one met in a run, however written, is kept by the run's
//! [`super::windows`] too); a value it met before in this decoder, byte for byte, is not read again:
//! what reading it did to the ballot is done again.
//!
//! A value is replayed only when its bytes are exactly those of a value read before: a JSON object
//! is one value whatever follows it, so a line that goes on with those bytes holds that value (and
//! the bytes after it are read as before). Only a value of listed candidates is kept — one that
//! named a written-in person changes more than the post's words — and what it did is the post's
//! two words, its marks and defects as the law's functions left them ([`super::validity`]: the
//! post judged), with the marks as written when a record is asked for. The post had none of these
//! before (a post is read once a line; a second time gives up), so setting them is doing it again.
//! This leans on a rule of the readers, which a change to them must keep or change this too: reading
//! an approve post's value changes nothing but that post's words, marks and defects, whom the ballot
//! names and the marks as written — what spans posts (the same person in two, a post voided on its
//! own) is judged after the whole line is read ([`super::validity::judge`]).
//!
//! Values are compared whole, 16 bytes at a time, up to [`MAX_VALUE`] bytes; a value is taken to end
//! at its first `}` — when a string holds one, the bytes match no value kept and the line is read as
//! without this. A post's table is made only once its decoder has read [`READ_BEFORE_KEEPING`]
//! lines (a small box's lines are mostly known already: [`super::known`]).

use super::schema::Schema;
use super::scratch::{MarkedAs, Scratch};

/// The longest value kept, in bytes: three windows of 16.
const MAX_VALUE: usize = 48;
/// Values kept per post: each in one of the two slots its bytes hash to (when both are taken, a
/// value met later takes the second).
const SLOTS: usize = 128;
/// Marks of one value kept with it, as written, for a record.
const MAX_KEPT: usize = 12;
/// The lines a decoder reads before it keeps values.
const READ_BEFORE_KEEPING: u32 = 64;

/// A value's bytes as compared: its length, its first 16 bytes (only its own when shorter), its
/// bytes 16 to 32 when longer than 32, its last 16 when longer than 16 — every byte of it.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    len: usize,
    head: u128,
    mid: u128,
    tail: u128,
}

impl Span {
    /// Whether `o` holds the same bytes (one comparison of all three windows, no branch between).
    #[inline(always)]
    fn same(&self, o: &Span) -> bool {
        self.len == o.len && ((self.head ^ o.head) | (self.mid ^ o.mid) | (self.tail ^ o.tail)) == 0
    }
}

/// A value met in a line: its bytes, and the first of the two slots they hash to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Value {
    span: Span,
    slot: usize,
}

impl Value {
    /// The object the line's remainder `rest` begins with, as far as its first `}`: `None` when
    /// that is not within [`MAX_VALUE`] bytes, or `rest` holds fewer than 16 bytes.
    #[inline(always)]
    fn at(rest: &[u8]) -> Option<Value> {
        let first = rest.first_chunk::<16>()?;
        let len = find(&rest[..rest.len().min(MAX_VALUE)], b'}')? + 1;
        let window = |from: usize| rest[from..].first_chunk::<16>().map_or(0, |w| u128::from_le_bytes(*w));
        let head = u128::from_le_bytes(*first) & if len < 16 { (1u128 << (8 * len)) - 1 } else { u128::MAX };
        let mid = if len > 32 { window(16) } else { 0 };
        let tail = if len > 16 { window(len - 16) } else { 0 };
        let folded = |x: u128| (x as u64) ^ ((x >> 64) as u64);
        let h = (folded(head) ^ folded(mid).rotate_left(21) ^ folded(tail).rotate_left(42) ^ len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (h >> (64 - SLOTS.trailing_zeros())) as usize & !1;
        Some(Value { span: Span { len, head, mid, tail }, slot })
    }
}

/// Where `c` first is in `bytes` (at most [`MAX_VALUE`] of them): 8 bytes at a time, the rest one by
/// one (a library's search costs more to set up than such a value takes to read).
#[inline(always)]
fn find(bytes: &[u8], c: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = bytes[at..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk) ^ (ONES * u64::from(c));
        // The high bit of each byte that is zero — exact up to the first one, which is all that
        // is read.
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| b == c).map(|j| at + j)
}

/// What reading a value did to its post: the post's words (for, against), its marks and defects,
/// and — when a record was asked for — the marks as written, by list and bit. A span of length 0:
/// none kept.
#[derive(Debug, Clone, Copy, Default)]
struct Done {
    span: Span,
    words: [u64; 2],
    marks: u32,
    defects: u8,
    kept: Option<u8>,
    written: [(u8, u8); MAX_KEPT],
}

/// The values a decoder keeps, per approve post ([`SLOTS`] a post), once it has read enough lines.
#[derive(Debug, Default)]
pub(super) struct Values {
    read: u32,
    posts: Vec<Vec<Done>>,
}

impl Values {
    /// One more line read by the fast path (of a ballot of `posts` posts); values are kept after
    /// [`READ_BEFORE_KEEPING`].
    #[inline(always)]
    pub(super) fn line(&mut self, posts: usize) {
        if self.read < READ_BEFORE_KEEPING {
            self.read += 1;
            if self.read == READ_BEFORE_KEEPING {
                self.posts = vec![Vec::new(); posts];
            }
        }
    }
}

/// The value of approve post `c` at the start of `rest`, when values are kept and it is short
/// enough to be (the post's table made the first time).
#[inline(always)]
pub(super) fn value(s: &mut Scratch, c: usize, rest: &[u8]) -> Option<Value> {
    let table = s.values.posts.get_mut(c)?;
    if table.is_empty() {
        *table = vec![Done::default(); SLOTS];
    }
    Value::at(rest)
}

/// Does again to approve post `c` what reading `v` did, when `v` was read before (and, when a
/// record is asked for, its marks were kept): the bytes it spans, or `None`.
#[inline(always)]
pub(super) fn replay(schema: &Schema<'_>, s: &mut Scratch, c: usize, v: &Value) -> Option<usize> {
    let pair = s.values.posts.get(c)?.get(v.slot..v.slot + 2)?;
    let done = pair.iter().find(|d| d.span.same(&v.span))?;
    let kept = if s.recording { Some(usize::from(done.kept?)) } else { None };
    let o = schema.layout().offsets()[c];
    s.words[o..o + 2].copy_from_slice(&done.words);
    s.posts[c].marks = done.marks;
    s.posts[c].defects = done.defects;
    if let Some(kept) = kept {
        let written = done.written;
        for &(list, bit) in &written[..kept] {
            s.keep(c, list, MarkedAs::Listed(bit));
        }
    }
    Some(v.span.len)
}

/// What the scratch space held before a value was read: who it named, the marks kept.
pub(super) fn before(s: &Scratch) -> (usize, usize) {
    (s.named.len(), s.written.len())
}

/// Keeps what reading `v` (`read` bytes) did to approve post `c`, when it read exactly `v`'s bytes
/// and named only listed candidates (`before`: [`before`], taken as it began).
pub(super) fn learn(
    schema: &Schema<'_>,
    s: &mut Scratch,
    c: usize,
    (v, read): (&Value, usize),
    before: (usize, usize),
) {
    if read != v.span.len || s.named.len() != before.0 {
        return;
    }
    let o = schema.layout().offsets()[c];
    let mut done = Done {
        span: v.span,
        words: [s.words[o], s.words[o + 1]],
        marks: s.posts[c].marks,
        defects: s.posts[c].defects,
        ..Done::default()
    };
    if s.recording {
        let marks = &s.written[before.1..];
        if marks.len() > MAX_KEPT {
            return;
        }
        for (w, m) in done.written.iter_mut().zip(marks) {
            let MarkedAs::Listed(bit) = m.who else { return };
            *w = (m.list, bit);
        }
        done.kept = Some(marks.len() as u8);
    }
    if let Some(pair) = s.values.posts.get_mut(c).and_then(|t| t.get_mut(v.slot..v.slot + 2)) {
        let at = if pair[0].span.len == 0 || pair[0].span.same(&v.span) { 0 } else { 1 };
        pair[at] = done;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_alike;
    use super::super::{Schema, fast};
    use super::*;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// An approve post's value met again where a run does not read it (written compactly or not;
    /// in a run [`super::super::windows`] keeps it) does to the ballot what reading it did — its
    /// marks, its defects [CPC: for and against both, a candidate twice, more for-marks than
    /// seats, a name written in by one who voted against no one], its record — with or without a
    /// record asked for: every line gives what serde's reader gives. Values that name a written-in
    /// person (one who is listed in the post names no one else: kept), that a `}` inside a string
    /// cuts short, that hold a list twice or are longer than [`MAX_VALUE`] are read every time,
    /// never kept.
    #[test]
    fn a_value_met_again_is_done_again_as_reading_it_did() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        // Written compactly (in a run, read and kept by it: [`super::super::windows`]; here after a
        // key a run stops at, read as they come and kept here like any other).
        let compact = [
            r#"{"for":["p"],"against":["q"]}"#,
            r#"{"for":["p","p"],"against":[]}"#,
            r#"{"for":["p"],"against":["p"]}"#,
            r#"{"for":["p","q","r"],"against":[]}"#,
        ];
        let kept = [
            r#"{"against":["q"],"for":["r"]}"#,
            r#"{ "for" : [ "q" ] , "against" : [ "p" , "r" ] }"#,
            r#"{"for":["q"],"against":["p","r"],"write_in":[]}"#,
            r#"{"against":["q"],"write_in":["吴六"]}"#,
            r#"{}"#,
        ];
        let read_always = [
            r#"{"for":[],"against":[],"write_in":["雷建国"]}"#,
            r#"{"for":["p"],"against":["q"],"write_in":["雷}国"]}"#,
            r#"{"for":["q"],"against":["p","r"],"write_in":["雷建国"]}"#,
            r#"{"for":["p"],"against":["q"],"write_in":[],"for":["r"]}"#,
            r#"{"write_in":["吴六"],"for":["p"],"against":["q"]}"#,
        ];
        let lines: Vec<String> = (0..20)
            .flat_map(|round| compact.iter().chain(&kept).chain(&read_always).map(move |v| (round, v)))
            // (A space before the colon: a run stops at the key, and the value is read as it comes
            // by the fast path, which asks here. In a run, the run's windows keep it first.)
            .map(|(round, v)| match round % 2 {
                0 => format!(r#"{{"chair":["a"],"party" :{v},"member":["c"]}}"#),
                _ => format!(r#"{{"member":["d"],"party" :{v}}}"#),
            })
            .collect();
        read_alike(&schema, &lines);
        let mut s = Scratch::new(&schema);
        for line in &lines {
            s.reset();
            let _ = fast::parse(&schema, &mut s, line.as_bytes());
        }
        let party = e.contests().iter().position(|c| c.id == "party").unwrap();
        assert_eq!(s.values.posts[party].iter().filter(|d| d.span.len > 0).count(), compact.len() + kept.len());
    }
}
