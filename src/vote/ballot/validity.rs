//! The law's validity rules applied to a ballot's marks [ZJE27; CPC]: each mark of a post as it is
//! read (by either reader), each post once its marks are in, and the ballot as a whole — invalid for
//! the first reason in precedence, or some posts voided on their own under per-post rules.

use std::sync::Arc;

use super::decoder::{BallotVerdict, LineError};
use super::id_map::Id;
use super::invalid::InvalidReason;
use super::layout::{VOIDED_BIT, WRITE_IN_BIT};
use super::schema::Schema;
use super::scratch::{MarkedAs, NamedPerson, Post, Scratch, Written};
use crate::error::Problem;
use crate::vote::manifest::Contest;
use crate::vote::model::Style;
use crate::vote::name;
use crate::vote::rules::Scope;

/// Applies the defects found to the ballot: invalid, or some posts voided (per-post rules).
pub(super) fn judge(schema: &Schema<'_>, s: &mut Scratch) -> BallotVerdict {
    let e = schema.election();
    if s.spoiled {
        return BallotVerdict::Invalid(InvalidReason::Spoiled);
    }
    // Nothing found in any post, no one named by a written-in name and no one listed in two posts:
    // nothing below could find fault — the ballot is valid as it stands.
    if s.named.is_empty() && schema.shared.is_empty() && !Post::any_defect(&s.posts) {
        return BallotVerdict::Valid;
    }
    let scope = |r: InvalidReason| match r {
        InvalidReason::Overvote => e.rules().overvote,
        InvalidReason::Duplicate => e.rules().duplicate,
        InvalidReason::CrossPost => e.rules().cross_post,
        _ => Scope::Ballot,
    };
    // Defects inside posts first; a post voided on its own names nobody for the cross-post rule.
    // Posts are bits of a u64 (at most MAX_CONTESTS = 64 posts).
    let mut worst: Option<InvalidReason> = None;
    let mut voided = 0u64;
    for (c, d) in s.posts.iter().enumerate().map(|(c, p)| (c, p.defects)).filter(|(_, d)| *d != 0) {
        for r in InvalidReason::ALL.into_iter().filter(|r| d & r.bit() != 0) {
            match scope(r) {
                Scope::Ballot => worst = Some(worst.map_or(r, |w| w.min(r))),
                Scope::Post => voided |= 1 << c,
            }
        }
    }
    if let Some(r) = worst {
        return BallotVerdict::Invalid(r);
    }
    // The same person in two or more posts [ZJE27]: a listed person marked (for, in an approve
    // post) in two posts — read from the posts' bits — or named by a written-in name in one post
    // and marked or written in another.
    let live = |c: u16| voided & (1 << c) == 0;
    let offsets = schema.layout().offsets();
    let marked = |&(c, bit): &(u16, u8)| live(c) && s.words[offsets[c as usize]] & (1 << bit) != 0;
    let mut cross = 0u64;
    for &p in &schema.shared {
        let posts = schema.listed_at[p].iter().filter(|m| marked(m)).fold(0u64, |all, &(c, _)| all | (1 << c));
        if posts.count_ones() > 1 {
            cross |= posts;
        }
    }
    for (i, (w, c)) in s.named.iter().enumerate().filter(|(_, (_, c))| live(*c)) {
        if let NamedPerson::Listed(p) = w {
            for &(c2, _) in schema.listed_at[*p].iter().filter(|m| m.0 != *c && marked(m)) {
                cross |= (1 << c) | (1 << c2);
            }
        }
        for (_, c2) in s.named[i + 1..].iter().filter(|(w2, c2)| w2 == w && c2 != c && live(*c2)) {
            cross |= (1 << c) | (1 << c2);
        }
    }
    if cross != 0 {
        // Found in each post naming the person, for [`super::Decoder::faults`].
        for (_, p) in s.posts.iter_mut().enumerate().filter(|(c, _)| cross & (1 << c) != 0) {
            p.defects |= InvalidReason::CrossPost.bit();
        }
        match e.rules().cross_post {
            Scope::Ballot => return BallotVerdict::Invalid(InvalidReason::CrossPost),
            Scope::Post => voided |= cross,
        }
    }
    if voided != 0 {
        for (c, contest) in e.contests().iter().enumerate().filter(|(c, _)| voided & (1 << c) != 0) {
            let o = schema.layout().offsets()[c];
            let n = if contest.style == Style::Approve { 2 } else { 1 };
            s.words[o..o + n].fill(0);
            s.words[o] = VOIDED_BIT;
        }
        s.named.retain(|(_, c)| voided & (1 << c) == 0);
    }
    BallotVerdict::Valid
}

/// Names already checked are remembered (the same few names are written in again and again): up to
/// this many per decoder.
const NAMES_REMEMBERED: usize = 1 << 14;

/// A written-in name as the line wrote it (bytes the fast path did not check), checked, with the
/// listed person of that name; the error names the field. A name met before is found by its bytes,
/// which were UTF-8 then: only a new name is checked to be UTF-8 (the same few names are written
/// in again and again). The errors' order is the same either way: not UTF-8, then no write-ins in
/// the post, then the name refused.
fn written_name(
    schema: &Schema<'_>,
    s: &mut Scratch,
    contest: &Contest,
    field: impl FnOnce() -> String,
    raw: &[u8],
) -> Result<Written, LineError> {
    let no_write_ins = |field: String| LineError { field, problem: Problem::NoWriteIns { post: contest.id.clone() } };
    if let Some(w) = s.checked_names.get(raw) {
        return if contest.write_in { Ok(w.clone()) } else { Err(no_write_ins(field())) };
    }
    let Ok(raw) = std::str::from_utf8(raw) else {
        return Err(LineError { field: field(), problem: Problem::WrittenInNotUtf8 });
    };
    if !contest.write_in {
        return Err(no_write_ins(field()));
    }
    match name::checked(raw) {
        Ok(n) => {
            let person = schema.person_by_name.get(n.as_ref()).copied();
            let w = Written { name: Arc::from(n.as_ref()), person };
            if s.checked_names.len() < NAMES_REMEMBERED {
                s.checked_names.insert(raw.as_bytes().into(), w.clone());
            }
            Ok(w)
        }
        Err(e) => Err(LineError { field: field(), problem: Problem::WrittenIn(e) }),
    }
}

/// Entry `i` of choose post `c`'s list: a candidate id or `w:NAME`, marked on the ballot. Both
/// readers of a ballot line (the fast path and serde's) apply each entry through here; the fast path
/// hands the string's bytes unchecked, so a name is checked to be UTF-8 here (serde's always is).
pub(super) fn choose_mark(
    schema: &Schema<'_>,
    s: &mut Scratch,
    c: usize,
    i: usize,
    id: Id<'_>,
) -> Result<(), LineError> {
    let item = id.bytes;
    let contest = &schema.election().contests()[c];
    let o = schema.layout().offsets()[c];
    let field = || format!("{}[{i}]", contest.id);
    let Some(raw) = item.strip_prefix(b"w:") else {
        return choose_listed(schema, s, c, id).ok_or_else(|| {
            let candidate = String::from_utf8_lossy(item).into_owned();
            LineError { field: field(), problem: Problem::UnknownCandidate { candidate, post: contest.id.clone() } }
        });
    };
    let n = written_name(schema, s, contest, field, raw)?;
    s.keep_name(c, 0, &n.name);
    match n.person {
        Some(p) => match schema.bit_of_person[c].get(&p) {
            // A written-in name equal to a listed candidate's is that candidate [ZJE27].
            Some(&bit) => {
                if s.words[o] & (1 << bit) != 0 {
                    s.posts[c].defects |= InvalidReason::Duplicate.bit();
                }
                s.words[o] |= 1 << bit;
            }
            None => {
                s.words[o] |= WRITE_IN_BIT;
                s.name(c, NamedPerson::Listed(p));
            }
        },
        None => {
            s.words[o] |= WRITE_IN_BIT;
            s.name(c, NamedPerson::Unlisted(n.name));
        }
    }
    s.posts[c].marks += 1;
    Ok(())
}

/// A listed candidate's id marked in choose post `c` — the mark nearly every ballot is made of,
/// inlined into the fast path: its bit set, a second mark of the same candidate a duplicate
/// [ZJE27]. `None`: not an id of this post's candidates ([`choose_mark`] says why).
#[inline(always)]
pub(super) fn choose_listed(schema: &Schema<'_>, s: &mut Scratch, c: usize, id: Id<'_>) -> Option<()> {
    let &bit = schema.candidate_by_id[c].get(id)?;
    choose_bit(schema, s, c, bit);
    Some(())
}

/// Candidate `bit` of choose post `c` marked ([`choose_listed`], once the id is found).
#[inline(always)]
pub(super) fn choose_bit(schema: &Schema<'_>, s: &mut Scratch, c: usize, bit: u8) {
    s.keep(c, 0, MarkedAs::Listed(bit));
    let o = schema.layout().offsets()[c];
    if s.words[o] & (1 << bit) != 0 {
        s.posts[c].defects |= InvalidReason::Duplicate.bit();
    }
    s.words[o] |= 1 << bit;
    s.posts[c].marks += 1;
}

/// Choose post `c`'s list of listed candidates only — `bits`, in the order written — marked and
/// its post done at once: what [`choose_bit`] for each entry and then [`choose_done`] do
/// [ZJE27], without a mark at a time.
#[inline(always)]
pub(super) fn choose_listed_only(schema: &Schema<'_>, s: &mut Scratch, c: usize, bits: &[u8]) {
    let o = schema.layout().offsets()[c];
    let (word, twice) = marked(s.words[o], bits);
    s.words[o] = word;
    s.posts[c].marks += bits.len() as u32;
    let mut defects = 0;
    if twice {
        defects |= InvalidReason::Duplicate.bit();
    }
    if s.posts[c].marks > schema.election().contests()[c].seats {
        defects |= InvalidReason::Overvote.bit();
    }
    s.posts[c].defects |= defects;
    keep_listed(s, c, [bits, &[]]);
}

/// A post's word with candidates `bits` marked in it, and whether one of them was marked already.
#[inline(always)]
fn marked(word: u64, bits: &[u8]) -> (u64, bool) {
    bits.iter().fold((word, false), |(w, twice), &b| (w | (1 << b), twice || w & (1 << b) != 0))
}

/// Keeps the marks of post `c`'s lists — listed candidates by their bits, list by list — as
/// written, when a record is asked for.
#[inline(always)]
fn keep_listed(s: &mut Scratch, c: usize, lists: [&[u8]; 2]) {
    if s.recording {
        for (k, list) in lists.into_iter().enumerate() {
            for &bit in list {
                s.keep(c, k as u8, MarkedAs::Listed(bit));
            }
        }
    }
}

/// After the last entry of choose post `c`: more marks than seats is an overvote [ZJE27].
pub(super) fn choose_done(schema: &Schema<'_>, s: &mut Scratch, c: usize) {
    if s.posts[c].marks > schema.election().contests()[c].seats {
        s.posts[c].defects |= InvalidReason::Overvote.bit();
    }
}

/// Entry `i` of list `k` (0 for, 1 against, 2 write_in) of approve post `c`: a listed candidate
/// marked for or against, a written-in name kept for [`judge_approve`]. `key` names the list in
/// errors.
pub(super) fn approve_mark(
    schema: &Schema<'_>,
    s: &mut Scratch,
    c: usize,
    k: usize,
    key: &str,
    i: usize,
    id: Id<'_>,
) -> Result<(), LineError> {
    let item = id.bytes;
    let contest = &schema.election().contests()[c];
    let field = || format!("{}.{key}[{i}]", contest.id);
    if k == 2 {
        let n = written_name(schema, s, contest, field, item)?;
        s.keep_name(c, 2, &n.name);
        s.approve_write_in.push(n);
    } else {
        approve_listed(schema, s, c, k, id).ok_or_else(|| {
            let candidate = String::from_utf8_lossy(item).into_owned();
            LineError { field: field(), problem: Problem::UnknownCandidate { candidate, post: contest.id.clone() } }
        })?;
    }
    Ok(())
}

/// A listed candidate's id in list `k` (0 for, 1 against) of approve post `c`, marked in the post's
/// for or against word — inlined into the fast path. `None`: not an id of this post's candidates
/// ([`approve_mark`] says why).
#[inline(always)]
pub(super) fn approve_listed(schema: &Schema<'_>, s: &mut Scratch, c: usize, k: usize, id: Id<'_>) -> Option<()> {
    let &bit = schema.candidate_by_id[c].get(id)?;
    approve_bit(schema, s, (c, k), bit);
    Some(())
}

/// Candidate `bit` of approve post `c` marked in list `k` ([`approve_listed`], once the id is found).
#[inline(always)]
pub(super) fn approve_bit(schema: &Schema<'_>, s: &mut Scratch, (c, k): (usize, usize), bit: u8) {
    s.keep(c, k as u8, MarkedAs::Listed(bit));
    // For in the post's first word, against in its second; the same candidate twice in one list
    // is a duplicate (for and against both is judged once the lists are in).
    let o = schema.layout().offsets()[c] + k;
    if s.words[o] & (1 << bit) != 0 {
        s.posts[c].defects |= InvalidReason::Duplicate.bit();
    }
    s.words[o] |= 1 << bit;
}

/// Approve post `c` whose lists name listed candidates only — `yes` its for list's bits, `no` its
/// against list's, in the order written — marked and judged at once: what [`approve_bit`] for each
/// mark and then [`judge_approve`] with no written-in name do [CPC], without a mark at a time.
#[inline(always)]
pub(super) fn approve_listed_only(schema: &Schema<'_>, s: &mut Scratch, c: usize, (yes, no): (&[u8], &[u8])) {
    let o = schema.layout().offsets()[c];
    let ((w_yes, twice_yes), (w_no, twice_no)) = (marked(s.words[o], yes), marked(s.words[o + 1], no));
    let marks = w_yes.count_ones();
    let mut defects = 0;
    if twice_yes || twice_no {
        defects |= InvalidReason::Duplicate.bit();
    }
    if w_yes & w_no != 0 {
        defects |= InvalidReason::ForAndAgainst.bit();
    }
    if marks > schema.election().contests()[c].seats {
        defects |= InvalidReason::Overvote.bit();
    }
    s.words[o] = w_yes;
    s.words[o + 1] = w_no;
    s.posts[c].marks = marks;
    s.posts[c].defects |= defects;
    keep_listed(s, c, [yes, no]);
}

/// The approve-style rules [CPC], once a post's three lists are read (so the order of keys is moot).
pub(super) fn judge_approve(schema: &Schema<'_>, s: &mut Scratch, c: usize) {
    let contest = &schema.election().contests()[c];
    let o = schema.layout().offsets()[c];
    // The listed for and against marks, as [`approve_listed`] set them.
    let (mut yes, no) = (s.words[o], s.words[o + 1]);
    if yes & no != 0 {
        s.posts[c].defects |= InvalidReason::ForAndAgainst.bit();
    }
    let written = std::mem::take(&mut s.approve_write_in);
    let mut flags = 0;
    let mut for_marks = yes.count_ones();
    for n in &written {
        match n.person.and_then(|p| schema.bit_of_person[c].get(&p)) {
            // Writing in a listed candidate of this post is a for-vote for them.
            Some(&b) => {
                if (yes | no) & (1 << b) != 0 {
                    s.posts[c].defects |= InvalidReason::Duplicate.bit();
                }
                yes |= 1 << b;
            }
            None => {
                flags = WRITE_IN_BIT;
                let who = n.person.map_or_else(|| NamedPerson::Unlisted(n.name.clone()), NamedPerson::Listed);
                s.name(c, who);
            }
        }
        for_marks += 1;
    }
    // A voter who abstains may not write in; only one who votes against may [CPC].
    if written.len() as u32 > no.count_ones() {
        s.posts[c].defects |= InvalidReason::WriteInExcess.bit();
    }
    if for_marks > contest.seats {
        s.posts[c].defects |= InvalidReason::Overvote.bit();
    }
    s.posts[c].marks = for_marks;
    s.words[o] = yes | flags;
    s.words[o + 1] = no;
    s.approve_write_in = written;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::manifest::Election;
    use std::path::Path;

    /// What a post's marking left in the scratch space: words, marks and defects, marks as written.
    fn left(s: &Scratch) -> (Vec<u64>, Vec<super::super::scratch::Post>, Vec<super::super::scratch::WrittenMark>) {
        (s.words.clone(), s.posts.clone(), s.written.clone())
    }

    /// A list of listed candidates marked at once does what marking its entries one at a time does
    /// [ZJE27; CPC] — every list of up to three entries of a post's three candidates (a candidate
    /// twice, more marks than seats, for and against both), with and without a record asked for:
    /// a choose post's list, and an approve post's two lists judged.
    #[test]
    fn a_list_marked_at_once_is_marked_as_entry_by_entry() {
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap();
        let schema = Schema::new(&e);
        let (member, party) = (1, 2);
        // Every list of 0 to 3 entries of bits 0 to 2: the i-th of length n spells i in base 3.
        let lists: Vec<Vec<u8>> = (0..=3u32)
            .flat_map(|n| (0..3u32.pow(n)).map(move |i| (0..n).map(|j| (i / 3u32.pow(j) % 3) as u8).collect()))
            .collect();
        assert_eq!(lists.len(), 1 + 3 + 9 + 27);
        for recording in [false, true] {
            let fresh = || {
                let mut s = Scratch::new(&schema);
                s.recording = recording;
                s
            };
            for list in &lists {
                let (mut at_once, mut one_by_one) = (fresh(), fresh());
                choose_listed_only(&schema, &mut at_once, member, list);
                list.iter().for_each(|&bit| choose_bit(&schema, &mut one_by_one, member, bit));
                choose_done(&schema, &mut one_by_one, member);
                assert_eq!(left(&at_once), left(&one_by_one), "{list:?}");
            }
            for (yes, no) in lists.iter().flat_map(|y| lists.iter().map(move |n| (y, n))) {
                let (mut at_once, mut one_by_one) = (fresh(), fresh());
                approve_listed_only(&schema, &mut at_once, party, (yes, no));
                yes.iter().for_each(|&bit| approve_bit(&schema, &mut one_by_one, (party, 0), bit));
                no.iter().for_each(|&bit| approve_bit(&schema, &mut one_by_one, (party, 1), bit));
                judge_approve(&schema, &mut one_by_one, party);
                assert_eq!(left(&at_once), left(&one_by_one), "{yes:?} {no:?}");
            }
        }
    }
}
