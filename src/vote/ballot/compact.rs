//! A run of posts as devices and the generator write them — posts in the manifest's order (some
//! left out), each key written `"chair":` — read by the fast path in one tight loop: each post's
//! key compared at once ([`super::guess`]), its value done again when it was met before
//! ([`super::windows`]: found by the bytes after the key, which, when they held the next post's key
//! too, lead straight to that post's value), else read whole when it is a list of
//! listed candidates' ids of the post's one length (an approve post's object with its `for` and
//! `against` lists, in that order), its marks set and the post judged at once
//! ([`super::validity`]: `choose_listed_only`, `approve_listed_only`, which do what marking the
//! entries one at a time does) — else read as it comes ([`super::fast`]: a written-in name, a
//! space inside a list). A value read either way is kept, to be done again when it is met again.
//! Whitespace around keys and values is skipped as serde's reader skips it.
//!
//! A run stops, with nothing done to the entry it stops at, at a key it does not guess — a space
//! before its colon, `spoiled`, a post out of order or twice — and tells [`super::fast`] where: at
//! the key (read that entry as it comes), after a post's value (read the separator as it comes),
//! past the line's closing brace, or at a value that cannot be read (the line goes to serde's
//! reader). The fast path reads that one entry and asks for a run again.

use super::guess::{Guess, IN_A_ROW, IdShape, Quoted, approve_lists, id_list, window};
use super::schema::Schema;
use super::scratch::{NamedPerson, Scratch};
use super::validity::{approve_listed_only, choose_listed_only};
use super::windows::Then;
use crate::vote::model::Style;

/// Where a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// At a post's key (or whatever is there instead), which the run did not read.
    AtKey(usize),
    /// Right after a post's value, before whatever separates it from the next.
    AfterValue(usize),
    /// Past the line's closing brace.
    End(usize),
    /// At a value that cannot be read, even as it comes: the line is read by serde's reader.
    Failed,
}

/// What a line's reader knows between runs: the post whose key is guessed next (the one after the
/// last post read), and whether any post was read.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Progress {
    pub(super) next: usize,
    pub(super) any_post: bool,
}

/// What a run needs of one post, at hand in one place: its key with its colon, the shape of its
/// candidates' ids, its style and its first word. A post whose key or ids are not guessed
/// ([`super::guess`]) is never read in a run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    approve: bool,
    key: Quoted,
    id: IdShape,
    word: usize,
}

impl Plan {
    /// Post `c`'s plan, from what is guessed of it and where its words are.
    pub(super) fn of(g: &Guess, word: usize) -> Plan {
        match (g.key(), g.id()) {
            (Some(key), Some(id)) => Plan { approve: g.style() == Style::Approve, key, id, word },
            _ => Plan { approve: false, key: Quoted::NONE, id: IdShape::NONE, word },
        }
    }
}

/// Posts a run looks past for the key it finds (posts left out of a ballot are not written): the
/// next one's key, and then up to this many after it.
const LEFT_OUT: usize = 2;

/// Reads the posts of `line` from its key at `at` for as long as their keys come as guessed (see
/// the module's doc), marking each one in the scratch space: where it stopped. A value kept before
/// ([`super::windows`]) is done again; any other is read whole, and kept, or read as it comes.
#[inline(never)]
pub(super) fn run(schema: &Schema<'_>, s: &mut Scratch, line: &[u8], mut at: usize, p: &mut Progress) -> Stop {
    loop {
        // (The progress in a local: the loop keeps it in registers, written back once.)
        let mut q = *p;
        let found = kept(schema, s, line, at, &mut q);
        *p = q;
        let (c, value) = match found {
            Ok(stop) => return stop,
            Err(miss) => miss,
        };
        // A value not kept is read — as written compactly, or as it comes (a written-in name, a
        // space in a list) — and kept: the line is read by serde's reader if it cannot be.
        // (A list that begins with a written-in name is not tried as a list of ids first.)
        let named = line.get(value..).is_some_and(|v| v.starts_with(br#"["w:"#));
        let before = s.named.len();
        let end = match if named { None } else { read(schema, s, c, line, value) } {
            Some(end) => end,
            None => match super::fast::value_at(schema, s, c, line, value) {
                Some(end) => {
                    learn(schema, s, c, (line, value, end), before);
                    end
                }
                None => return Stop::Failed,
            },
        };
        s.posts[c].seen = true;
        *p = Progress { next: c + 1, any_post: true };
        match after(line, end) {
            Ok(next) => at = next,
            Err(stop) => return stop,
        }
    }
}

/// The position of the first byte at or after `at` that is not JSON whitespace (a space, a tab,
/// a line feed, a carriage return), as serde's reader skips it.
fn ws(line: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = line.get(at) {
        at += 1;
    }
    at
}

/// Where a run goes on after a post's value that ends before `end`: the next key's position (after
/// its comma), or where it stops. Whitespace before the comma or brace is skipped.
#[inline(always)]
fn after(line: &[u8], end: usize) -> Result<usize, Stop> {
    match line.get(end) {
        Some(b',') => Ok(end + 1),
        Some(b'}') => Err(Stop::End(end + 1)),
        Some(&b) if b <= b' ' && ws(line, end) > end => after(line, ws(line, end)),
        _ => Err(Stop::AfterValue(end)),
    }
}

/// The posts from the key at `at` whose values were kept ([`super::windows`]), done again: where
/// the run stops, or (`Err`) the post of the first value that was not kept and where its value
/// begins (whitespace before it included). Whitespace before a key is
/// skipped when the key is not found at once; a value's whitespace is part of its window.
#[inline(always)]
fn kept(
    schema: &Schema<'_>,
    s: &mut Scratch,
    line: &[u8],
    mut at: usize,
    p: &mut Progress,
) -> Result<Stop, (usize, usize)> {
    let Scratch { words, posts, windows, recording, named, .. } = s;
    let tables = windows.tables(*recording);
    // As many plans as posts (one a post): a plan found is its post's, with no bounds check.
    let n = schema.plans.len().min(posts.len());
    let (plans, words, posts) = (&schema.plans[..n], &mut words[..], &mut posts[..n]);
    loop {
        let Some(w) = window(line, at) else { return Ok(Stop::AtKey(at)) };
        let Some((c, plan)) = keyed(plans, p.next, w) else {
            // (Whitespace before the key is skipped here: only a quote begins a key.)
            match ws(line, at) {
                past if past > at => {
                    at = past;
                    continue;
                }
                _ => return Ok(Stop::AtKey(at)),
            }
        };
        if posts[c].seen {
            return Ok(Stop::AtKey(at));
        }
        let first = c;
        let (mut c, mut approve, mut value) = (c, plan.approve, at + plan.key.len());
        // Posts whose keys the windows of the values before them held, one after another (the
        // progress written where they end).
        let end = loop {
            let found = line.get(value..).and_then(|rest| match approve {
                true => tables.approve(c, rest),
                false => tables.choose(c, rest),
            });
            let Some(done) = found else {
                if c != first {
                    *p = Progress { next: c, any_post: true };
                }
                return Err((c, value));
            };
            let o = usize::from(done.word);
            if approve {
                words[o + 1] = done.words[1];
            }
            words[o] = done.words[0];
            if let Some(who) = &done.named {
                name_again(named, who, c);
            }
            let then = done.then;
            let Some(post) = posts.get_mut(c) else { return Ok(Stop::Failed) };
            *post = done.post;
            if then.len == 0 {
                *p = Progress { next: c + 1, any_post: true };
                break value + usize::from(done.len);
            }
            value += usize::from(then.len);
            c = usize::from(then.post);
            approve = then.approve;
            if posts.get(c).is_none_or(|post| post.seen) {
                *p = Progress { next: c, any_post: true };
                return Ok(Stop::AtKey(value - usize::from(then.key)));
            }
        };
        match after(line, end) {
            Ok(next) => at = next,
            Err(stop) => return Ok(stop),
        }
    }
}

/// Names again `who`, whom a kept value of post `c` named ([`super::windows::Did::named`]), as
/// reading it did (out of line: most values name nobody).
#[cold]
#[inline(never)]
fn name_again(named: &mut Vec<(NamedPerson, u16)>, who: &NamedPerson, c: usize) {
    named.push((who.clone(), c as u16));
}

/// The post whose key window `w` begins with, and its plan: the one guessed next (`next`), or one
/// after it ([`left_out`]). Both a run and a value learning where it leads ([`chain`]) ask here, so
/// that they find the same post.
#[inline(always)]
fn keyed(plans: &[Plan], next: usize, w: u128) -> Option<(usize, &Plan)> {
    match plans.get(next) {
        Some(plan) if plan.key.in_window(w) > 0 => Some((next, plan)),
        _ if w as u8 == b'"' => left_out(plans, next, w),
        _ => None,
    }
}

/// The post after `next` (up to [`LEFT_OUT`] after it) whose key window `w` begins with, and its
/// plan: the posts between were left out of the line.
#[inline(never)]
fn left_out(plans: &[Plan], next: usize, w: u128) -> Option<(usize, &Plan)> {
    let last = plans.len().min(next + 1 + LEFT_OUT);
    (next + 1..last).map(|c| (c, &plans[c])).find(|(_, plan)| plan.key.in_window(w) > 0)
}

/// Post `c`'s value at `value` in `line` (after any whitespace), read and marked when it is written
/// compactly, and kept with the whitespace before it ([`super::windows`]): where it ends. `None`,
/// with nothing done: any other value.
#[inline(never)]
fn read(schema: &Schema<'_>, s: &mut Scratch, c: usize, line: &[u8], value: usize) -> Option<usize> {
    let plan = &schema.plans[c];
    let at = ws(line, value);
    let rest = line.get(at..)?;
    let ids = &schema.candidate_by_id[c];
    let mut yes = [0u8; IN_A_ROW];
    let took = if plan.approve {
        let mut no = [0u8; IN_A_ROW];
        let (n_yes, n_no, took) = approve_lists(rest, plan.id, ids, (&mut yes, &mut no))?;
        approve_listed_only(schema, s, c, (&yes[..n_yes], &no[..n_no]));
        took
    } else {
        let (n, took) = id_list(rest, plan.id, ids, &mut yes)?;
        choose_listed_only(schema, s, c, &yes[..n]);
        took
    };
    learn(schema, s, c, (line, value, at + took), s.named.len());
    Some(at + took)
}

/// Keeps what reading post `c`'s value from `value` to `end` in `line` did ([`super::windows`]),
/// compactly or as it comes (a written-in name, a space inside a list): its words, its post and
/// whom it named (the names from `before` on in the scratch space's list). Not when a record is
/// asked for, nor when the value named two people or more.
#[inline(never)]
fn learn(schema: &Schema<'_>, s: &mut Scratch, c: usize, (line, value, end): (&[u8], usize, usize), before: usize) {
    let Some(new) = s.named.get(before..) else { return };
    if s.recording || new.len() > 1 {
        return;
    }
    let named = new.first().map(|(who, _)| who.clone());
    let plan = &schema.plans[c];
    let o = plan.word;
    let did = [s.words[o], if plan.approve { s.words[o + 1] } else { 0 }];
    let then = chain(schema, c, (line, value, end));
    let Ok(word) = u16::try_from(o) else { return };
    s.windows.learn(c, plan.approve, &line[value..], (end - value, word, did, s.posts[c], named), then);
}

/// When the bytes after post `c`'s value (from `value` to `end` in `line`) are a separator and the
/// key of a post a run would read next: that post, found there ([`Then`]; kept only when the
/// value's window holds it, [`super::windows`]).
fn chain(schema: &Schema<'_>, c: usize, (line, value, end): (&[u8], usize, usize)) -> Then {
    // Where a run goes on after the value: past the separator and any whitespace, a key it finds
    // as a run finds it — after post `c`, the one guessed next is `c + 1`.
    let Ok(at) = after(line, end) else { return Then::NONE };
    let at = ws(line, at);
    let Some((next, plan)) = window(line, at).and_then(|w| keyed(&schema.plans, c + 1, w)) else { return Then::NONE };
    let key = plan.key.len();
    match (u8::try_from(at + key - value), u8::try_from(key), u8::try_from(next)) {
        (Ok(len), Ok(key), Ok(post)) => Then { len, key, post, approve: plan.approve },
        _ => Then::NONE,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::decoded;
    use super::*;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// A run reads the posts whose keys come in the manifest's order (up to [`LEFT_OUT`] left out
    /// between two; whitespace around keys and values skipped) — their values read whole, or as
    /// they come (a written-in name, a space inside a list, an approve post's `write_in` list or
    /// lists in another order) — and stops at a key it does not guess (a space before its colon,
    /// `spoiled`, a post before the one read last or further on), after a value not followed by a
    /// comma or the closing brace, past the closing brace, or at a value that cannot be read (an
    /// unknown candidate, a list not closed). Whatever it stops at, the line reads as serde's
    /// reader reads it, with or without a record asked for.
    #[test]
    fn a_run_reads_compact_posts_and_stops_where_they_end() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let cases = [
            (r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":[]}}"#, Stop::End(69), 3),
            (r#"{"member":["c"]}"#, Stop::End(16), 2),
            (r#"{"party":{"for":[],"against":["q","r"]}}"#, Stop::End(40), 3),
            (r#"{"chair":["a"]}"#, Stop::End(15), 1),
            (r#"{"chair":  ["a"] ,	"member":["c"] }"#, Stop::End(35), 2),
            (r#"{"chair": ["a"] , "member" :["c"]}"#, Stop::AtKey(18), 1),
            (r#"{"chair":["a"] x}"#, Stop::AfterValue(15), 1),
            (r#"{"chair":["a"]"#, Stop::AfterValue(14), 1),
            (r#"{"chair":["w:张三"],"member":["c"]}"#, Stop::End(37), 2),
            (r#"{"chair":["a"],"member":["c","w:张三"]}"#, Stop::End(41), 2),
            (r#"{"chair":["a"],"member":[ "c"]}"#, Stop::End(31), 2),
            (r#"{"chair":["a"],"chair":["b"]}"#, Stop::AtKey(15), 1),
            (r#"{"member":["c"],"chair":["b"]}"#, Stop::AtKey(16), 2),
            (r#"{"chair":["a"],"party":{"for":["p"],"against":[],"write_in":[]}}"#, Stop::End(64), 3),
            (r#"{"chair":["a"],"party":{"against":[],"for":["p"]}}"#, Stop::End(50), 3),
            (r#"{"chair" :["a"]}"#, Stop::AtKey(1), 0),
            (r#"{"spoiled":true}"#, Stop::AtKey(1), 0),
            (r#"{"chair":["a""#, Stop::Failed, 0),
            (r#"{"chair":["x"]}"#, Stop::Failed, 0),
        ];
        for (line, stop, next) in cases {
            let mut s = Scratch::new(&schema);
            let mut p = Progress::default();
            assert_eq!(run(&schema, &mut s, line.as_bytes(), 1, &mut p), stop, "{line}");
            assert_eq!((p.next, p.any_post), (next, next > 0), "{line}");
            for record in [false, true] {
                let read = |mut d| decoded(&mut d, schema.layout(), line, record);
                assert_eq!(read(schema.decoder()), read(schema.reference_decoder()), "{line}");
            }
        }
    }

    /// A value met again whose window holds the key of a post a run reads next goes on at once to
    /// that post's value: the next post or one left out before it, whitespace around the comma —
    /// and a line whose post comes again (after a run went on to it), or whose value there was not
    /// met before, or that goes on past the closing brace, reads as serde's reader reads it.
    #[test]
    fn a_run_goes_on_from_a_value_to_the_post_its_window_holds() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let learned = [
            r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":[]}}"#,
            r#"{"chair":["b"],"party":{"for":[],"against":["q"]}}"#,
            r#"{"chair":["a"] , "member":["e"]}"#,
            r#"{"member":["c"],"party":{"for":["p","q"],"against":[]}}"#,
        ];
        let mut lines: Vec<String> = (0..200).map(|i| learned[i % learned.len()].to_string()).collect();
        lines.extend(
            [
                r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":[]}}"#,
                r#"{"member":["c","d"],"chair":["a"],"member":["c","d"]}"#,
                r#"{"party":{"for":["p"],"against":[]},"chair":["b"],"party":{"for":[],"against":["q"]}}"#,
                r#"{"party":{"for":["p"],"against":[]},"chair":["b"],"member":["c","d"],"party":{"for":["p"],"against":[]}}"#,
                r#"{"chair":["a"],"member":["c","d"],"party":{"for":["r"],"against":[]}}"#,
                r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":[]},"spoiled":true}"#,
                r#"{"spoiled":false,"chair":["a"] , "member":["e"]}"#,
                r#"{"chair":["a"] , "member":["e"]}}"#,
                r#"{"chair":["b"],"party":{"for":[],"against":["q"]}"#,
            ]
            .map(String::from),
        );
        super::super::tests::read_alike(&schema, &lines);
        let mut s = Scratch::new(&schema);
        for line in &lines[..100] {
            s.reset();
            crate::vote::ballot::fast::parse(&schema, &mut s, line.as_bytes()).unwrap();
        }
        let then = |c: usize, rest: &str| s.windows.tables(false).choose(c, rest.as_bytes()).map(|d| d.then);
        let to = |len: u8, key: u8, post: u8, approve: bool| Some(Then { len, key, post, approve });
        assert_eq!(then(0, r#"["a"],"member":["c"]}"#), to(15, 9, 1, false), "the next post");
        assert_eq!(then(0, r#"["b"],"party":{"for":[]}"#), to(14, 8, 2, true), "a post left out");
        assert_eq!(then(0, r#"["a"] , "member":["e"]}"#), to(17, 9, 1, false), "spaces");
        assert_eq!(then(1, r#"["c","d"],"party":{}}"#), to(18, 8, 2, true));
    }
}
