//! A post's value met before in a compact run ([`super::compact`]), found by the bytes after its
//! key: on a large ballot a line seldom repeats, but each post's value does (a box of the ten-post
//! ballot holds a few hundred distinct values in all its posts). A value read once, its marks set
//! and its post judged by the law's functions, is kept with what that did to the post — its words,
//! its marks, its defects — and the window of bytes it began; a line whose bytes after the same key
//! are that window again holds that value, and what reading it did is done again.
//!
//! A window is the 32 bytes after a choose post's key, the 64 after an approve post's: the value
//! (at most that long, or it is not kept) and whatever follows it. All but its last 16 bytes are
//! hashed and compared whole — the value and, mostly, the next post's key, the same from line to
//! line; the last 16 only as far as the value, and the separator and key found after it, reach (the
//! next post's value, which differs from line to line, is no part of it). A JSON value is one value
//! whatever follows it, so a window equal to one kept begins with that value, byte for byte. When
//! the window holds, after the value, a separator and the key of a post a run reads next, the value
//! kept says so ([`Then`]): a run that finds the value has found that key too, and goes on at once
//! to that post's value. What the value did is a
//! function of its bytes alone: the post had no marks before (a post is read once a line; a
//! second time stops the run), and what spans posts is judged after the whole line is read
//! ([`super::validity::judge`]) — from the post's marks and from whom the value named by a
//! written-in name, which the line's list of names is given again (a value that named two people
//! is not kept). Kept only when no record is asked for (a record needs the marks as written), and
//! only after [`READ_BEFORE_KEEPING`] lines (a small box reads its few lines as they come, without
//! making tables).

use super::scratch::{NamedPerson, Post};

/// Windows kept per post: each in one of the two slots of the pair its bytes hash to (when both
/// are taken, a value met later takes the second).
const SLOTS: usize = 256;
/// The pairs of slots a post's table holds.
const PAIRS: usize = SLOTS / 2;
/// The parts of a choose post's window.
const CHOOSE: usize = 2;
/// The parts of an approve post's window.
const APPROVE: usize = 4;

/// The lines a decoder reads before it keeps windows.
const READ_BEFORE_KEEPING: u32 = 64;

/// A window's bytes — `N` parts of 16 bytes: [`CHOOSE`] for a choose post, [`APPROVE`] for an
/// approve post — and the pair of slots all but the last hash to.
#[derive(Debug, Clone, Copy)]
struct Window<const N: usize> {
    parts: [u128; N],
    pair: usize,
}

impl<const N: usize> Window<N> {
    /// The window at the start of `rest`; `None` when `rest` is empty.
    #[inline(always)]
    fn of(rest: &[u8]) -> Option<Window<N>> {
        let mut parts = [0u128; N];
        match rest.get(..16 * N) {
            Some(b) => {
                for (p, b) in parts.iter_mut().zip(b.chunks_exact(16)) {
                    *p = u128::from_le_bytes(b.try_into().expect("16 bytes"));
                }
            }
            None if rest.is_empty() => return None,
            // Near the line's end (its last post): the bytes past it are zeros, each part taken
            // whole or from the line's last 16 bytes shifted down, with no call.
            None => match rest.last_chunk::<16>() {
                Some(tail) => {
                    let (tail, len) = (u128::from_le_bytes(*tail), rest.len());
                    for (i, p) in parts.iter_mut().enumerate() {
                        *p = match rest.get(16 * i..16 * i + 16) {
                            Some(b) => u128::from_le_bytes(b.try_into().expect("16 bytes")),
                            None if 16 * i < len => tail >> (8 * (16 * i + 16 - len)),
                            None => 0,
                        };
                    }
                }
                None => parts[0] = rest.iter().rev().fold(0, |w, &b| (w << 8) | u128::from(b)),
            },
        }
        // The parts but the last folded into one (a pair found by two windows is told apart by
        // their bytes; the last part is compared only as far as the value kept reaches into it).
        let x = parts[..N - 1].iter().fold(0, |x, &p| x ^ p);
        let h = ((x as u64) ^ ((x >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Some(Window { parts, pair: (h >> (64 - PAIRS.trailing_zeros())) as usize })
    }
}

/// What reading a value did to its post: the bytes it spans, the post's words (for a choose post
/// the first only), its marks and defects with its key read, and whom it named by a written-in
/// name that is not a candidate of the post (the ballot's names: [`super::scratch::Scratch::name`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[repr(C)] // its length first: [`Done`]
pub(super) struct Did {
    pub(super) len: u8,
    pub(super) then: Then,
    pub(super) word: u16,
    pub(super) post: Post,
    pub(super) words: [u64; 2],
    pub(super) named: Option<NamedPerson>,
}

/// The post a kept value's window goes on to: the value followed, within its window, by a
/// separator and the key of a post a run reads next ([`super::compact`]) — so a run found that
/// key when it found the value, and goes on at once to that post's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Then {
    /// The bytes from the value's start to the next post's value (0: no post found).
    pub(super) len: u8,
    /// The next post's key's length (quotes and colon), just before its value.
    pub(super) key: u8,
    /// The next post.
    pub(super) post: u8,
    /// Whether the next post is an approve post.
    pub(super) approve: bool,
}

impl Then {
    /// No post found after the value.
    pub(super) const NONE: Then = Then { len: 0, key: 0, post: 0, approve: false };
}

/// A value kept: its window, the bytes of its last part that are compared, and what reading it
/// did (a length of 0: none kept). Laid out in order and aligned to a cache line, so that a choose
/// post's window, its mask and the value's length — what a look-up compares — lie in one line
/// (entries of 112 bytes straddled two or three, and the large ballot's run waited on them).
#[derive(Debug, Clone)]
#[repr(C, align(64))]
struct Done<const N: usize> {
    parts: [u128; N],
    last: u128,
    did: Did,
}

impl<const N: usize> Default for Done<N> {
    fn default() -> Self {
        Done { parts: [0; N], last: 0, did: Did::default() }
    }
}

impl<const N: usize> Done<N> {
    /// Whether this is the value kept for window `w` (its parts compared with no branch between).
    #[inline(always)]
    fn holds(&self, w: &Window<N>) -> bool {
        let differ = self.parts[..N - 1].iter().zip(&w.parts).fold(0, |d, (a, b)| d | (a ^ b));
        let last = (self.parts[N - 1] ^ w.parts[N - 1]) & self.last;
        self.did.len > 0 && (differ | last) == 0
    }
}

/// One post's windows of `N` parts: pairs of slots, a window in one of its pair's two.
type Table<const N: usize> = [[Done<N>; 2]; PAIRS];

/// The values a decoder keeps, a table a post, once it has read enough lines: a choose post's
/// windows of [`CHOOSE`] parts, an approve post's of [`APPROVE`].
#[derive(Debug, Default)]
pub(super) struct Windows {
    read: u32,
    choose: Vec<Table<CHOOSE>>,
    approve: Vec<Table<APPROVE>>,
}

/// What reading the value at the start of `rest` did to its post, when the post's table (of
/// windows of `N` parts) kept its window.
#[inline(always)]
fn find<'a, const N: usize>(table: Option<&'a Table<N>>, rest: &[u8]) -> Option<&'a Did> {
    let table = table?;
    let w = Window::<N>::of(rest)?;
    let [a, b] = &table[w.pair];
    if a.holds(&w) {
        Some(&a.did)
    } else if b.holds(&w) {
        Some(&b.did)
    } else {
        None
    }
}

/// Keeps `did` for the window at the start of `rest`, in a post's table of windows of `N` parts,
/// when the window holds the whole value (`did.len` bytes) — and the post it goes on to, when the
/// window holds that post's key too.
fn keep<const N: usize>(table: Option<&mut Table<N>>, rest: &[u8], mut did: Did) {
    // The value and the post it goes on to within the window (else no post).
    if usize::from(did.len) > 16 * N {
        return;
    }
    if usize::from(did.then.len) > 16 * N {
        did.then = Then::NONE;
    }
    let (Some(table), Some(mut w)) = (table, Window::<N>::of(rest)) else { return };
    // The last part compared as far as the value and the key after it reach into it.
    let last = match usize::from(did.len.max(did.then.len)).saturating_sub(16 * (N - 1)) {
        16 => u128::MAX,
        n => (1u128 << (8 * n)) - 1,
    };
    w.parts[N - 1] &= last;
    let pair = &mut table[w.pair];
    let at = if pair[0].did.len == 0 || pair[0].holds(&w) { 0 } else { 1 };
    pair[at] = Done { parts: w.parts, last, did };
}

/// A decoder's tables as a run looks values up in them ([`Windows::tables`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tables<'a> {
    choose: &'a [Table<CHOOSE>],
    approve: &'a [Table<APPROVE>],
}

impl<'a> Tables<'a> {
    /// What reading the value of choose post `c` at the start of `rest` did, when its window was
    /// kept.
    #[inline(always)]
    pub(super) fn choose(self, c: usize, rest: &[u8]) -> Option<&'a Did> {
        find(self.choose.get(c), rest)
    }

    /// What reading the value of approve post `c` at the start of `rest` did, when its window was
    /// kept.
    #[inline(always)]
    pub(super) fn approve(self, c: usize, rest: &[u8]) -> Option<&'a Did> {
        find(self.approve.get(c), rest)
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
                self.make(posts);
            }
        }
    }

    /// Makes the empty tables of a ballot of `posts` posts (out of line: a table is kilobytes, made
    /// once, and a frame holding one would be probed at every line).
    #[cold]
    #[inline(never)]
    fn make(&mut self, posts: usize) {
        self.choose = vec![std::array::from_fn(|_| Default::default()); posts];
        self.approve = vec![std::array::from_fn(|_| Default::default()); posts];
    }

    /// The tables a run looks values up in: none while a record is asked for (`recording`: the
    /// record needs the marks as written).
    #[inline(always)]
    pub(super) fn tables(&self, recording: bool) -> Tables<'_> {
        match recording {
            true => Tables { choose: &[], approve: &[] },
            false => Tables { choose: &self.choose, approve: &self.approve },
        }
    }

    /// Keeps what reading the value at the start of `rest` did to post `c` (`approve`: an approve
    /// post): its length, words and post as reading left them, and whom it named — when its window
    /// holds it whole.
    pub(super) fn learn(
        &mut self,
        c: usize,
        approve: bool,
        rest: &[u8],
        (len, word, words, post, named): (usize, u16, [u64; 2], Post, Option<NamedPerson>),
        then: Then,
    ) {
        let Ok(len) = u8::try_from(len) else { return };
        let did = Did { len, then, word, post: post.read(), words, named };
        if approve {
            keep(self.approve.get_mut(c), rest, did);
        } else {
            keep(self.choose.get_mut(c), rest, did);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scratch::{NamedPerson, Scratch};
    use super::super::tests::read_alike;
    use super::super::{Schema, fast};
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// A choose post's kept value is compared in the first cache line of its entry: its window, its
    /// mask, its length (and the post it goes on to).
    #[test]
    fn a_choose_value_is_compared_in_one_cache_line() {
        use super::{CHOOSE, Did, Done, Then};
        assert_eq!(std::mem::align_of::<Done<CHOOSE>>(), 64);
        let did = std::mem::offset_of!(Done<CHOOSE>, did);
        assert!(did + std::mem::offset_of!(Did, then) + std::mem::size_of::<Then>() <= 64);
        assert_eq!(std::mem::offset_of!(Did, len), 0);
    }

    /// A post's value met again in a run does to the ballot what reading it did — its marks and
    /// its defects [ZJE27: a candidate twice, more marks than seats; CPC: for and against both,
    /// more for-marks than seats] — line after line, however the values follow one another: every
    /// line gives what serde's reader gives. So are values read as they come: a space inside a
    /// list, a written-in name — of nobody listed, of a candidate of another post (the same person
    /// in two posts [ZJE27] is judged after the line, from the names the value gave again), of the
    /// post's own candidate (a mark of that candidate, twice with its id). A value longer than its
    /// window (32 bytes after a choose post's key, 64 after an approve post's) is read every time,
    /// never kept; nor is any value kept while a record is asked for (the record needs the marks as
    /// written).
    #[test]
    fn a_value_met_again_is_done_again_as_reading_it_did() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let chair = [
            r#"["a"]"#,
            r#"["b"]"#,
            r#"["a","a"]"#,
            r#"[]"#,
            r#"["a","b"]"#,
            r#"["w:张三"]"#,
            r#"["w:孙三"]"#,
            r#"["w:赵一","a"]"#,
            r#"[ "b"]"#,
        ];
        let member = [
            r#"["c","d"]"#,
            r#"["c","d","e"]"#,
            r#"["c","d","e","c","d","e","c","d"]"#,
            r#"["e"]"#,
            r#"["c","w:孙三"]"#,
        ];
        let party = [
            r#"{"for":["p"],"against":["q"]}"#,
            r#"{"for":["p","q","r"],"against":["p"]}"#,
            r#"{"for":["p","p"],"against":[]}"#,
            r#"{"for":["p","q","r","p","q","r"],"against":["p","q","r","p","q","r"]}"#,
            r#"{"for":[],"against":["q"],"write_in":["张三"]}"#,
        ];
        let lines: Vec<String> = (0..900)
            .map(|i| {
                let (c, m, p) = (chair[(i / 3) % 9], member[i % 5], party[(i / 7) % 5]);
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
            let t = s.windows.tables(false);
            if c == 2 { t.approve(c, rest.as_bytes()) } else { t.choose(c, rest.as_bytes()) }
        };
        assert_eq!(kept(1, member[1]).map(|d| (d.len, d.post.marks, d.words[0])), Some((13, 3, 0b111)));
        let named = |c: usize, value: &str| kept(c, value).map(|d| d.named.clone());
        assert_eq!(named(0, chair[5]), Some(Some(NamedPerson::Unlisted("张三".into()))), "a name kept");
        assert!(matches!(named(0, chair[6]), Some(Some(NamedPerson::Listed(_)))), "another post's candidate");
        assert_eq!(named(0, chair[7]), Some(None), "the post's own candidate: a mark");
        assert_eq!(named(0, chair[8]), Some(None), "a space inside the list");
        assert_eq!(named(2, party[4]), Some(Some(NamedPerson::Unlisted("张三".into()))), "an approve post's name");
        assert!(kept(1, member[2]).is_none(), "longer than its window");
        let (party, long) = (party[1], party[3]);
        let rest = |v: &str| format!("{v}}}");
        let found = s.windows.tables(false).approve(2, rest(party).as_bytes()).map(|d| (d.post.marks, d.words));
        assert_eq!(found, Some((3, [0b111, 0b001])));
        assert!(s.windows.tables(false).approve(2, rest(long).as_bytes()).is_none(), "longer than its window");
        s.recording = true;
        let before = s.windows.approve.iter().flatten().flatten().filter(|d| d.did.len > 0).count();
        for line in lines.iter().map(|l| l.replace(r#""p","p""#, r#""q","q""#)) {
            s.reset();
            fast::parse(&schema, &mut s, line.as_bytes()).unwrap();
        }
        assert_eq!(
            s.windows.approve.iter().flatten().flatten().filter(|d| d.did.len > 0).count(),
            before,
            "nothing kept while recording"
        );
    }
}
