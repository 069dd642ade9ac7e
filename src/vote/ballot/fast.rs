//! The fast path of a ballot line: the common shapes read straight from the bytes.
//!
//! A ballot line as counting rooms and station devices write it — an object of posts, each a list of
//! plain strings (or, for an approve post, an object of such lists), `"spoiled":true|false`, JSON
//! whitespace anywhere JSON allows it — is read here without serde: keys and ids are looked up in
//! the schema's tables straight from the line's bytes, strings are borrowed, and only a written-in
//! name is checked to be UTF-8 (an id or key that is not valid UTF-8 matches nothing and is left to
//! serde's reader, which says why). Every mark goes through the same functions as serde's reader
//! ([`super::validity`]: `choose_mark`, `approve_mark`, `judge_approve`, and for a list of listed
//! candidates at once `choose_listed_only`, `approve_listed_only`), so the law is applied once, in
//! one place. Posts written compactly in the manifest's order are read in runs
//! ([`super::compact`]), a value met before done again from the bytes after its key
//! ([`super::windows`]); an entry a run does not read (a key out of order or with a space before
//! its colon, `spoiled`) is read here as it comes, and an approve post's object met before, byte for
//! byte, is not read again ([`super::values`]).
//!
//! Anything else — an escape in a string, a number, `null`, a syntax error, or any error at all
//! (an unknown post or candidate, a post twice, a name refused) — makes [`parse`] give up, and the
//! caller reads the line again with serde's reader from a clean slate: every error message, exit
//! status and verdict stays exactly what that reader says. `tests/fuzz.rs`
//! (`the_fast_path_reads_every_line_as_serde_does`) holds the two readers to the same result on every
//! fixture line and on thousands of mutated and re-spaced ones.

use std::cell::Cell;

use super::compact::{self, Progress, Stop};
use super::guess::{IN_A_ROW, IdShape, Quoted, id_list, sized_id};
use super::id_map::{Id, IdMap};
use super::schema::{APPROVE_LISTS, Schema};
use super::scratch::Scratch;
use super::validity::{
    approve_bit, approve_listed, approve_mark, choose_bit, choose_done, choose_listed, choose_listed_only, choose_mark,
    judge_approve,
};
use super::values;
use crate::vote::model::Style;

/// A cursor over one line.
struct Bytes<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Bytes<'a> {
    /// Skips JSON whitespace (space, tab, line feed, carriage return), as serde_json does.
    #[inline(always)]
    fn ws(&mut self) {
        if let Some(&c) = self.b.get(self.i)
            && c > b' '
        {
            return;
        }
        self.ws_run();
    }

    /// Skips the whitespace [`Bytes::ws`] found the next byte may begin.
    fn ws_run(&mut self) {
        // Up to 7 spaces at once, without a branch per byte (how many spaces follow a `:` or `,`
        // varies from line to line, and a branch per byte guesses it wrong): the bytes before the
        // first one above 0x20, taken when every one of them is a space. Anything else — a tab, a
        // line feed, 8 spaces or more, the line's last 7 bytes — is skipped byte by byte.
        if let Some(chunk) = self.b[self.i..].first_chunk::<8>() {
            const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
            const HIGH: u64 = 0x8080_8080_8080_8080;
            const SPACES: u64 = 0x2020_2020_2020_2020;
            let x = u64::from_le_bytes(*chunk);
            // High bit of each byte: the byte is above 0x20; the byte is not a space.
            let above = (((x & LOW) + 0x5F5F_5F5F_5F5F_5F5F) | x) & HIGH;
            let y = x ^ SPACES;
            let not_space = (((y & LOW) + LOW) | y) & HIGH;
            let before = above & above.wrapping_neg();
            if above != 0 && not_space & (before - 1) == 0 {
                self.i += (above.trailing_zeros() / 8) as usize;
                return;
            }
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte, taken.
    fn next(&mut self) -> Option<u8> {
        let c = *self.b.get(self.i)?;
        self.i += 1;
        Some(c)
    }

    /// Takes `c` or gives up.
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    /// Takes `c` if it is next.
    fn take(&mut self, c: u8) -> bool {
        let here = self.b.get(self.i) == Some(&c);
        self.i += usize::from(here);
        here
    }

    /// A string with no escape, its bytes borrowed (ids and keys are looked up as bytes; a
    /// written-in name is checked to be UTF-8 where it is read); gives up on an escape. A raw
    /// control character, which JSON forbids, needs no check here: no id or key holds one, so it
    /// matches nothing, and the name policy refuses it in a name — either way serde's reader is
    /// asked, and says what is wrong.
    fn string(&mut self) -> Option<Id<'a>> {
        self.eat(b'"')?;
        let rest = &self.b[self.i..];
        // Ids and keys are a few bytes: a plain loop, packing as it goes, beats a vectorised
        // search (whose set-up costs more than such a string).
        let mut packed = 0u64;
        for (j, &c) in rest.iter().enumerate() {
            match c {
                b'"' => {
                    self.i += j + 1;
                    return Some(Id { bytes: &rest[..j], packed });
                }
                b'\\' => return None,
                _ if j < 8 => packed |= u64::from(c) << (8 * j),
                _ => {}
            }
        }
        None
    }

    /// `true` or `false`.
    fn boolean(&mut self) -> Option<bool> {
        let rest = &self.b[self.i..];
        if rest.starts_with(b"true") {
            self.i += 4;
            Some(true)
        } else if rest.starts_with(b"false") {
            self.i += 5;
            Some(false)
        } else {
            None
        }
    }

    /// Takes the quoted key `q` if the line goes on with it ([`super::guess`]).
    #[inline(always)]
    fn guessed(&mut self, q: Option<Quoted>) -> bool {
        let took = q.map_or(0, |q| q.at(&self.b[self.i..]));
        self.i += took;
        took > 0
    }

    /// A candidate id of shape `shape` with its quotes, taken when `ids` holds it
    /// ([`super::guess`]); nothing taken otherwise (nor within 16 bytes of the line's end:
    /// [`sized_id`]).
    #[inline(always)]
    fn guessed_id(&mut self, shape: IdShape, ids: &IdMap<'_, u8>) -> Option<u8> {
        let (id, took) = sized_id(&self.b[self.i..], shape)?;
        let &bit = ids.get(id)?;
        self.i += took;
        Some(bit)
    }

    /// A list of strings, each handed to `each` with its index: a candidate of `ids` by its bit
    /// when its id has the length they all have, any other string as it is.
    #[inline(always)]
    fn strings(
        &mut self,
        ids: Option<(IdShape, &IdMap<'_, u8>)>,
        mut each: impl FnMut(usize, Item<'a>) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'[')?;
        self.ws();
        if self.take(b']') {
            return Some(());
        }
        for i in 0.. {
            let item = match ids.and_then(|(shape, ids)| self.guessed_id(shape, ids)) {
                Some(bit) => Item::Listed(bit),
                None => Item::Str(self.string()?),
            };
            each(i, item)?;
            self.ws();
            match self.next()? {
                b',' => self.ws(),
                b']' => return Some(()),
                _ => return None,
            }
        }
        None
    }

    /// An object's entries: each key read by `key` (up to its closing quote) and handed to `each`,
    /// which reads the value.
    fn entries<K>(
        &mut self,
        mut key: impl FnMut(&mut Self) -> Option<K>,
        mut each: impl FnMut(&mut Self, K) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        self.ws();
        if self.take(b'}') {
            return Some(());
        }
        loop {
            let k = key(self)?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            each(self, k)?;
            self.ws();
            match self.next()? {
                b',' => self.ws(),
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }
}

/// An entry of a list: a listed candidate found by its guessed length (its bit), or a string as
/// it is (an id, a written-in name, anything else) for the law's functions to look at.
enum Item<'a> {
    Listed(u8),
    Str(Id<'a>),
}

/// A key of a ballot line: `spoiled`, or a post's (its place in the manifest).
enum Key {
    Spoiled,
    Post(usize),
}

/// Reads a ballot line into the scratch space, or gives up (`None`) — leaving the scratch space to be
/// reset and the line read by serde's reader. Posts whose keys come as guessed — in the manifest's
/// order, each with its colon ([`super::guess`]) — are read in runs ([`super::compact`]); any
/// other entry is read here as it comes, the key guessed first being the one after the last post
/// read.
#[inline]
pub(super) fn parse(schema: &Schema<'_>, s: &mut Scratch, line: &[u8]) -> Option<()> {
    s.values.line(schema.election().contests().len());
    s.windows.line(schema.election().contests().len());
    let mut p = Bytes { b: line, i: 0 };
    let mut progress = Progress::default();
    p.ws();
    p.eat(b'{')?;
    p.ws();
    if !p.take(b'}') {
        match compact::run(schema, s, line, p.i, &mut progress) {
            Stop::End(at) => p.i = at,
            stop => entries(schema, s, &mut p, &mut progress, stop)?,
        }
    }
    p.ws();
    if p.i != line.len() || (s.spoiled && progress.any_post) {
        return None;
    }
    Some(())
}

/// The rest of a line's object after a run stopped (`stop`): an entry read as it comes, its
/// separator, and a run again — up to the object's closing brace.
#[inline(never)]
fn entries(schema: &Schema<'_>, s: &mut Scratch, p: &mut Bytes<'_>, progress: &mut Progress, stop: Stop) -> Option<()> {
    let mut stop = stop;
    loop {
        match stop {
            Stop::Failed => return None,
            Stop::End(at) => {
                p.i = at;
                return Some(());
            }
            Stop::AfterValue(at) => p.i = at,
            Stop::AtKey(at) => {
                // A run stops at a key after its comma, where whitespace may come first.
                p.i = at;
                p.ws();
                entry(schema, s, p, progress)?;
            }
        }
        p.ws();
        match p.next()? {
            b',' => p.ws(),
            b'}' => return Some(()),
            _ => return None,
        }
        stop = compact::run(schema, s, p.b, p.i, progress);
    }
}

/// One entry of a line's object read as it comes: its key (the post guessed next, with its colon,
/// or any key read whole) and its value.
fn entry(schema: &Schema<'_>, s: &mut Scratch, p: &mut Bytes<'_>, progress: &mut Progress) -> Option<()> {
    let next = progress.next;
    let key = if p.guessed(schema.guesses.get(next).and_then(|g| g.key())) {
        Key::Post(next)
    } else {
        let key = p.string()?;
        p.ws();
        p.eat(b':')?;
        match key.bytes {
            b"spoiled" => Key::Spoiled,
            _ => Key::Post(*schema.contest_by_id.get(key)?),
        }
    };
    p.ws();
    match key {
        Key::Spoiled => {
            if std::mem::replace(&mut s.spoiled_seen, true) {
                return None;
            }
            s.spoiled = p.boolean()?;
        }
        Key::Post(c) => {
            progress.next = c + 1;
            if std::mem::replace(&mut s.posts[c].seen, true) {
                return None;
            }
            progress.any_post = true;
            post(schema, s, c, p)?;
        }
    }
    Some(())
}

/// Reads post `c`'s value at `at` in `line` (after any whitespace) as it comes — for a run
/// ([`super::compact`]) that met a value it does not read itself: where the value ends, or `None`
/// (the line is then read by serde's reader).
#[inline(never)]
pub(super) fn value_at(schema: &Schema<'_>, s: &mut Scratch, c: usize, line: &[u8], at: usize) -> Option<usize> {
    let mut p = Bytes { b: line, i: at };
    p.ws();
    post(schema, s, c, &mut p)?;
    Some(p.i)
}

/// Reads post `c`'s value: a choose post's list — its ids read whole when written without a space
/// ([`super::guess::id_list`]), else one by one — or an approve post's object.
#[inline(always)]
fn post(schema: &Schema<'_>, s: &mut Scratch, c: usize, p: &mut Bytes<'_>) -> Option<()> {
    let ids = schema.guesses[c].id().map(|shape| (shape, &schema.candidate_by_id[c]));
    if schema.guesses[c].style() == Style::Approve {
        return approve(schema, s, c, p, ids);
    }
    let mut bits = [0u8; IN_A_ROW];
    if let Some((n, took)) = ids.and_then(|(shape, ids)| id_list(&p.b[p.i..], shape, ids, &mut bits)) {
        choose_listed_only(schema, s, c, &bits[..n]);
        p.i += took;
        return Some(());
    }
    p.strings(ids, |i, item| match item {
        Item::Listed(bit) => {
            choose_bit(schema, s, c, bit);
            Some(())
        }
        Item::Str(item) if item.bytes.starts_with(b"w:") => choose_mark(schema, s, c, i, item).ok(),
        Item::Str(item) => choose_listed(schema, s, c, item),
    })?;
    choose_done(schema, s, c);
    Some(())
}

/// Reads approve post `c`'s object of lists (`for`, `against`, `write_in`: guessed in that order)
/// and judges the post — or, when the decoder met the same bytes before, does again what reading
/// them did ([`super::values`]).
fn approve<'a>(
    schema: &Schema<'_>,
    s: &mut Scratch,
    c: usize,
    p: &mut Bytes<'a>,
    ids: Option<(IdShape, &IdMap<'_, u8>)>,
) -> Option<()> {
    let value = values::value(s, c, &p.b[p.i..]);
    if let Some(v) = &value
        && let Some(len) = values::replay(schema, s, c, v)
    {
        p.i += len;
        return Some(());
    }
    let (start, before) = (p.i, values::before(s));
    s.approve_write_in.clear();
    let mut seen = [false; 3];
    let next = Cell::new(0);
    let list = |p: &mut Bytes<'a>| {
        if p.guessed(schema.lists.get(next.get()).copied().flatten()) {
            return Some(next.get());
        }
        let list = p.string()?;
        APPROVE_LISTS.iter().position(|l| l.as_bytes() == list.bytes)
    };
    p.entries(list, |p, k| {
        next.set(k + 1);
        if std::mem::replace(&mut seen[k], true) {
            return None;
        }
        p.strings(ids.filter(|_| k < 2), |i, item| match item {
            Item::Listed(bit) => {
                approve_bit(schema, s, (c, k), bit);
                Some(())
            }
            Item::Str(item) if k == 2 => approve_mark(schema, s, c, k, APPROVE_LISTS[k], i, item).ok(),
            Item::Str(item) => approve_listed(schema, s, c, k, item),
        })
    })?;
    judge_approve(schema, s, c);
    if let Some(v) = &value {
        values::learn(schema, s, c, (v, p.i - start), before);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::manifest::Election;
    use std::path::Path;

    fn took(line: &str) -> bool {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let mut s = Scratch::new(&schema);
        parse(&schema, &mut s, line.as_bytes()).is_some()
    }

    /// The shapes counting rooms write are read here; the rest is left to serde's reader.
    #[test]
    fn common_shapes_take_the_fast_path_and_the_rest_does_not() {
        for line in [
            r#"{"chair":["a"],"member":["c","w:蓝国平"],"party":{"for":["p"],"against":["q"],"write_in":["雷建国"]}}"#,
            r#"{ "chair" : [ "a" ] ,	"member":[] }"#,
            r#"{"chair":["a"], "member":["c"],  "party":{"for":[],"against":[]}}"#,
            r#"{"chair":  ["a"],"member":["c"] }"#,
            r#"{"spoiled":true}"#,
            r#"{"spoiled":false,"chair":[]}"#,
            r#"{}"#,
            "{\"chair\":[\"a\",\"a\"]}\r",
        ] {
            assert!(took(line), "{line}");
        }
        for line in [
            r#"{"chair":["\u0061"]}"#,
            r#"{"chair":["x"]}"#,
            r#"{"chair":["a"],"chair":[]}"#,
            r#"{"nope":[]}"#,
            r#"{"chair":[1]}"#,
            r#"{"chair":["a"],}"#,
            r#"{"chair":["a"]} x"#,
            r#"{"spoiled":true,"chair":[]}"#,
            "{\"member\":[\"w:\u{200B}\"]}",
            "\u{FEFF}{}",
            "",
        ] {
            assert!(!took(line), "{line}");
        }
    }

    /// A guess not taken ([`super::guess`]: posts out of the manifest's order, a key longer or
    /// shorter than the one guessed, an id of the guessed length that is not the post's, a list
    /// of an approve post before the one guessed, a string near the line's end, a list of ids
    /// with a space in it, longer than read whole or naming someone written in) leaves the line
    /// read as without it: every line gives what serde's reader gives, and the well-formed ones
    /// still take the fast path.
    #[test]
    fn a_guess_not_taken_reads_the_line_as_without_it() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let read = |mut d: super::super::Decoder<'_, '_>, line: &str| {
            let mut b = super::super::BallotBatch::new(schema.layout());
            let mut record = Vec::new();
            let verdict = d.decode_record(line.as_bytes(), &mut b, &mut record);
            (verdict, b, record)
        };
        let fast = [
            r#"{"party":{"against":["q"],"for":["p"]},"member":["e","c"],"chair":["b"]}"#,
            r#"{"member":["c"],"chair":["a"]}"#,
            r#"{"chair":["a"],"party":{"write_in":["雷建国"],"for":["q"]}}"#,
            r#"{"chair":["w:a"]}"#,
            r#"{"chair":["a"]}"#,
            r#"{"chair":["b"],"member":["c","d","e"]}"#,
            r#"{"member":["c","d","e","c","d","e","c","d","e"]}"#,
            r#"{"member":["c", "d"],"chair":[ "a"]}"#,
            r#"{"member":["c","d" ],"chair":["a","w:a"]}"#,
            r#"{"chair":["a"]}"#,
        ];
        let not_fast = [
            r#"{"chairs":["a"]}"#,
            r#"{"chai":["a"]}"#,
            r#"{"chair":["c"]}"#,
            r#"{"chair":["ab"]}"#,
            r#"{"chair":["a"],"chair":["b"]}"#,
            r#"{"party":{"for":["p"],"for":["q"]}}"#,
            r#"{"party":{"fo":["p"]}}"#,
            r#"{"chair":["a""]}"#,
            r#"{"chair":["\u0061"]}"#,
            r#"{"chair":["a"#,
            r#"{"chairX:["a"],"member":["c"]}"#,
            r#"{"chair":["aX],"member":["c"]}"#,
        ];
        for line in fast.iter().chain(&not_fast) {
            assert_eq!(read(schema.decoder(), line), read(schema.reference_decoder(), line), "{line}");
            assert_eq!(took(line), fast.contains(line), "{line}");
        }
    }
}
