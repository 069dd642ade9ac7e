//! A post's value met before in a compact run ([`super::compact`]), found by the bytes after its
//! key: on a large ballot a line seldom repeats, but each post's value does (a box of the ten-post
//! ballot holds a few hundred distinct values in all its posts). A value read once, its marks set
//! and its post judged by the law's functions, is kept with what that did to the post — its words,
//! its marks, its defects — and the window of bytes it began; a line whose bytes after the same key
//! are that window again holds that value, and what reading it did is done again.
//!
//! A window is the 16 bytes after a choose post's key, the 48 after an approve post's, compared
//! whole: the value (at most that long, or it is not kept) and whatever follows it — mostly the
//! next post's key, the same from line to line. A JSON value is one value whatever follows it, so a
//! window equal to one kept begins with that value, byte for byte. What the value did is a
//! function of its bytes alone: the post had no marks before (a post is read once a line; a
//! second time stops the run), and what spans posts is judged after the whole line is read
//! ([`super::validity::judge`]). Kept only when no record is asked for (a record needs the marks as
//! written), and only after [`READ_BEFORE_KEEPING`] lines (a small box reads its few lines as they
//! come, without making tables).

use super::scratch::Post;

/// Windows kept per post: each in one of the two slots its bytes hash to (when both are taken, a
/// value met later takes the second).
const SLOTS: usize = 256;
/// The lines a decoder reads before it keeps windows.
const READ_BEFORE_KEEPING: u32 = 64;

/// A window's bytes — `N` parts of 16 bytes: one for a choose post, three for an approve post —
/// and the first of the two slots they hash to.
#[derive(Debug, Clone, Copy)]
struct Window<const N: usize> {
    parts: [u128; N],
    slot: usize,
}

impl<const N: usize> Window<N> {
    /// The window at the start of `rest` of the post whose slots begin at `first`
    /// ([`Windows::first_slot`]); `None` when `rest` is empty.
    #[inline(always)]
    fn of(first: usize, rest: &[u8]) -> Option<Window<N>> {
        let mut parts = [0u128; N];
        match rest.get(..16 * N) {
            Some(b) => {
                for (p, b) in parts.iter_mut().zip(b.chunks_exact(16)) {
                    *p = u128::from_le_bytes(b.try_into().expect("16 bytes"));
                }
            }
            None if rest.is_empty() => return None,
            None => {
                for (i, p) in parts.iter_mut().enumerate() {
                    *p = super::guess::window(rest, 16 * i).unwrap_or(0);
                }
            }
        }
        let fold = |x: u128| (x as u64) ^ ((x >> 64) as u64).rotate_left(29);
        let h = parts.iter().enumerate().fold(0u64, |h, (i, &p)| h ^ fold(p).rotate_left(17 * i as u32));
        let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Some(Window { parts, slot: first + ((h >> (64 - SLOTS.trailing_zeros())) as usize & !1) })
    }
}

/// What reading a value did to its post: the bytes it spans, the post's words (for a choose post
/// the first only), and its marks and defects with its key read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Did {
    pub(super) len: u8,
    pub(super) post: Post,
    pub(super) words: [u64; 2],
}

/// A value kept: its window and what reading it did (a length of 0: none kept).
#[derive(Debug, Clone, Copy)]
struct Done<const N: usize> {
    parts: [u128; N],
    did: Did,
}

impl<const N: usize> Default for Done<N> {
    fn default() -> Self {
        Done { parts: [0; N], did: Did::default() }
    }
}

impl<const N: usize> Done<N> {
    /// Whether this is the value kept for window `w` (its parts compared with no branch between).
    #[inline(always)]
    fn holds(&self, w: &Window<N>) -> bool {
        let differ = self.parts.iter().zip(&w.parts).fold(0, |d, (a, b)| d | (a ^ b));
        self.did.len > 0 && differ == 0
    }
}

/// The values a decoder keeps, per post ([`SLOTS`] a post), once it has read enough lines: a choose
/// post's windows of one part, an approve post's of three.
#[derive(Debug, Default)]
pub(super) struct Windows {
    read: u32,
    choose: Vec<Done<1>>,
    approve: Vec<Done<3>>,
}

/// What reading the value at the start of `rest` did to post `c`, when table `done` (of windows of
/// `N` parts) kept its window.
#[inline(always)]
fn find<'a, const N: usize>(done: &'a [Done<N>], first: usize, rest: &[u8]) -> Option<&'a Did> {
    let w = Window::<N>::of(first, rest)?;
    let pair = done.get(w.slot..w.slot + 2)?;
    if pair[0].holds(&w) {
        Some(&pair[0].did)
    } else if pair[1].holds(&w) {
        Some(&pair[1].did)
    } else {
        None
    }
}

/// Keeps `did` for the window at the start of `rest` of the post whose slots begin at `first`, in a
/// table of windows of `N` parts, when the window holds the whole value (`did.len` bytes).
fn keep<const N: usize>(done: &mut [Done<N>], first: usize, rest: &[u8], did: Did) {
    if usize::from(did.len) > 16 * N {
        return;
    }
    let Some(w) = Window::<N>::of(first, rest) else { return };
    if let Some(pair) = done.get_mut(w.slot..w.slot + 2) {
        let at = if pair[0].did.len == 0 || pair[0].holds(&w) { 0 } else { 1 };
        pair[at] = Done { parts: w.parts, did };
    }
}

thread_local! {
    /// The windows the thread's last decoder kept, with its schema's id
    /// ([`super::schema::Schema::id`]): a decoder of the same schema starts with them — a box's
    /// tasks, box after box — instead of meeting every value again (a task of a box whose lines
    /// repeat decodes a few hundred lines).
    static KEPT: std::cell::Cell<Option<(u64, Windows)>> = const { std::cell::Cell::new(None) };
}

impl Windows {
    /// The first of post `c`'s slots, in either table: what [`Windows::choose`] and
    /// [`Windows::approve`] are asked with (a run keeps it in the post's plan).
    pub(super) const fn first_slot(c: usize) -> usize {
        c * SLOTS
    }

    /// The windows a decoder of schema `id` starts with: those the thread's last decoder of that
    /// schema kept, or none.
    pub(super) fn of_schema(id: u64) -> Windows {
        match KEPT.take() {
            Some((kept, w)) if kept == id => w,
            _ => Windows::default(),
        }
    }

    /// Keeps these windows, of schema `id`, for the thread's next decoder.
    pub(super) fn keep(self, id: u64) {
        KEPT.set(Some((id, self)));
    }

    /// One more line read by the fast path (of a ballot of `posts` posts); values are kept after
    /// [`READ_BEFORE_KEEPING`].
    #[inline(always)]
    pub(super) fn line(&mut self, posts: usize) {
        if self.read < READ_BEFORE_KEEPING {
            self.read += 1;
            if self.read == READ_BEFORE_KEEPING {
                self.choose = vec![Done::default(); posts * SLOTS];
                self.approve = vec![Done::default(); posts * SLOTS];
            }
        }
    }

    /// What reading the value of a choose post (its slots from `first`) at the start of `rest`
    /// did, when its window was kept.
    #[inline(always)]
    pub(super) fn choose(&self, first: usize, rest: &[u8]) -> Option<&Did> {
        find(&self.choose, first, rest)
    }

    /// What reading the value of an approve post (its slots from `first`) at the start of `rest`
    /// did, when its window was kept.
    #[inline(always)]
    pub(super) fn approve(&self, first: usize, rest: &[u8]) -> Option<&Did> {
        find(&self.approve, first, rest)
    }

    /// Keeps what reading the value at the start of `rest` did to a post (its slots from `first`;
    /// `approve`: an approve post): its length, words and post as reading left them — when its
    /// window holds it whole.
    pub(super) fn learn(
        &mut self,
        first: usize,
        approve: bool,
        rest: &[u8],
        (len, words, post): (usize, [u64; 2], Post),
    ) {
        let Ok(len) = u8::try_from(len) else { return };
        let did = Did { len, post: post.read(), words };
        if approve {
            keep(&mut self.approve, first, rest, did);
        } else {
            keep(&mut self.choose, first, rest, did);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scratch::Scratch;
    use super::super::tests::read_alike;
    use super::super::{Schema, fast};
    use super::Windows;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// A post's value met again in a run does to the ballot what reading it did — its marks and
    /// its defects [ZJE27: a candidate twice, more marks than seats; CPC: for and against both,
    /// more for-marks than seats] — line after line, however the values follow one another: every
    /// line gives what serde's reader gives. A value longer than its window (16 bytes after a
    /// choose post's key, 48 after an approve post's) is read every time, never kept; nor is any
    /// value kept while a record is asked for (the record needs the marks as written).
    #[test]
    fn a_value_met_again_is_done_again_as_reading_it_did() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let chair = [r#"["a"]"#, r#"["b"]"#, r#"["a","a"]"#, r#"[]"#, r#"["a","b"]"#];
        let member = [r#"["c","d"]"#, r#"["c","d","e"]"#, r#"["c","d","e","c"]"#, r#"["e"]"#];
        let party = [
            r#"{"for":["p"],"against":["q"]}"#,
            r#"{"for":["p","q","r"],"against":["p"]}"#,
            r#"{"for":["p","p"],"against":[]}"#,
            r#"{"for":["p","q","r","p","q"],"against":["p","q","r","p"]}"#,
        ];
        let lines: Vec<String> = (0..300)
            .map(|i| {
                let (c, m, p) = (chair[i % 5], member[(i / 5) % 4], party[(i / 7) % 4]);
                match i % 3 {
                    0 => format!(r#"{{"chair":{c},"member":{m},"party":{p}}}"#),
                    1 => format!(r#"{{"member":{m},"party":{p}}}"#),
                    _ => format!(r#"{{"chair":{c},"party":{p}}}"#),
                }
            })
            .collect();
        read_alike(&schema, &lines);
        let mut s = Scratch::new(&schema);
        for line in &lines {
            s.reset();
            fast::parse(&schema, &mut s, line.as_bytes()).unwrap();
        }
        let kept = |c: usize, value: &str| {
            let rest = format!("{value},\"party\":{{}}");
            let first = Windows::first_slot(c);
            if c == 2 { s.windows.approve(first, rest.as_bytes()) } else { s.windows.choose(first, rest.as_bytes()) }
        };
        assert_eq!(kept(1, member[1]).map(|d| (d.len, d.post.marks, d.words[0])), Some((13, 3, 0b111)));
        assert!(kept(1, member[2]).is_none(), "longer than its window");
        let (party, long) = (party[1], party[3]);
        let rest = |v: &str| format!("{v}}}");
        let first = Windows::first_slot(2);
        let found = s.windows.approve(first, rest(party).as_bytes()).map(|d| (d.post.marks, d.words));
        assert_eq!(found, Some((3, [0b111, 0b001])));
        assert!(s.windows.approve(first, rest(long).as_bytes()).is_none(), "longer than its window");
        s.recording = true;
        let before = s.windows.approve.iter().filter(|d| d.did.len > 0).count();
        for line in lines.iter().map(|l| l.replace(r#""p","p""#, r#""q","q""#)) {
            s.reset();
            fast::parse(&schema, &mut s, line.as_bytes()).unwrap();
        }
        assert_eq!(s.windows.approve.iter().filter(|d| d.did.len > 0).count(), before, "nothing kept while recording");
    }
}
