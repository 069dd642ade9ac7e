//! Published ballots (FORMAT.md, "Published ballots" and "Recounting the records"): the header and
//! every record in their one byte form, their order, their Merkle root, and the recount.

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::bytes::{Body, ContestCount};
use super::json::string;
use super::manifest::{Manifest, Post, name};

/// Who a mark names: a listed person (index into the manifest's persons) or a written-in name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    Person(usize),
    Named(String),
}

/// One post of a record as marked: ids by list index, names normalized.
#[derive(Debug, Default, Clone)]
struct Marks {
    chosen: Vec<usize>,  // choose: listed ids; approve: for-ids
    against: Vec<usize>, // approve only
    names: Vec<String>,  // choose: `w:` names; approve: write_in names
}

/// A ballot decoded from a record.
struct Ballot {
    spoiled: bool,
    posts: Vec<Option<Marks>>,
}

/// The counts of a box, in the body's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recount {
    pub ballots: u64,
    pub valid: u64,
    pub invalid: [u64; 6],
    pub contests: Vec<ContestCount>,
}

const OVERVOTE: usize = 1;
const DUPLICATE: usize = 2;
const FOR_AND_AGAINST: usize = 3;
const WRITE_IN_EXCESS: usize = 4;
const CROSS_POST: usize = 5;

fn strings(v: &Value, what: &str) -> Result<Vec<String>, String> {
    let a = v.as_array().ok_or(format!("{what} is not a list"))?;
    a.iter().map(|x| x.as_str().map(str::to_string).ok_or(format!("{what} holds a non-string"))).collect()
}

fn listed(post: &Post, id: &str) -> Result<usize, String> {
    post.candidates.iter().position(|c| c.id == id).ok_or(format!("unknown candidate {id:?} in {:?}", post.id))
}

fn written(post: &Post, raw: &str) -> Result<String, String> {
    if !post.write_in {
        return Err(format!("post {:?} allows no written-in names", post.id));
    }
    name(raw)
}

/// Decodes a record as a ballot of this manifest (not yet checking its byte form).
fn decode(m: &Manifest, line: &[u8]) -> Result<Ballot, String> {
    let v: Value = serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    let mut b = Ballot { spoiled: false, posts: vec![None; m.posts.len()] };
    for (k, v) in obj {
        if k == "spoiled" {
            b.spoiled = v.as_bool().ok_or("spoiled is not true or false")?;
            continue;
        }
        let p = m.posts.iter().position(|p| p.id == *k).ok_or(format!("unknown post {k:?}"))?;
        let post = &m.posts[p];
        let mut marks = Marks::default();
        if post.approve {
            let o = v.as_object().ok_or("an approve post is an object")?;
            for (key, list) in o {
                let items = strings(list, key)?;
                match key.as_str() {
                    "for" => marks.chosen = items.iter().map(|i| listed(post, i)).collect::<Result<_, _>>()?,
                    "against" => marks.against = items.iter().map(|i| listed(post, i)).collect::<Result<_, _>>()?,
                    "write_in" => marks.names = items.iter().map(|n| written(post, n)).collect::<Result<_, _>>()?,
                    other => return Err(format!("unknown key {other:?}")),
                }
            }
        } else {
            for item in strings(v, k)? {
                match item.strip_prefix("w:") {
                    Some(raw) => marks.names.push(written(post, raw)?),
                    None => marks.chosen.push(listed(post, &item)?),
                }
            }
        }
        b.posts[p] = Some(marks);
    }
    if b.spoiled && b.posts.iter().any(Option::is_some) {
        return Err("a spoiled ballot carries posts".into());
    }
    Ok(b)
}

/// The record's one byte form.
fn encode(m: &Manifest, b: &Ballot) -> Vec<u8> {
    if b.spoiled {
        return br#"{"spoiled":true}"#.to_vec();
    }
    let list = |post: &Post, ids: &[usize], names: &[String], prefix: &str| {
        let mut ids = ids.to_vec();
        ids.sort();
        let mut names = names.to_vec();
        names.sort();
        let mut out = String::new();
        for (i, s) in ids
            .iter()
            .map(|&i| post.candidates[i].id.clone())
            .chain(names.iter().map(|n| format!("{prefix}{n}")))
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            string(&s, &mut out);
        }
        format!("[{out}]")
    };
    let mut posts = Vec::new();
    for (post, marks) in m.posts.iter().zip(&b.posts) {
        let Some(mk) = marks else { continue };
        let value = if post.approve {
            let parts: Vec<String> = [
                ("for", list(post, &mk.chosen, &[], "")),
                ("against", list(post, &mk.against, &[], "")),
                ("write_in", list(post, &[], &mk.names, "")),
            ]
            .into_iter()
            .filter(|(_, l)| l != "[]")
            .map(|(k, l)| format!("\"{k}\":{l}"))
            .collect();
            if parts.is_empty() {
                continue;
            }
            format!("{{{}}}", parts.join(","))
        } else {
            if mk.chosen.is_empty() && mk.names.is_empty() {
                continue;
            }
            list(post, &mk.chosen, &mk.names, "w:")
        };
        let mut key = String::new();
        string(&post.id, &mut key);
        posts.push(format!("{key}:{value}"));
    }
    format!("{{{}}}", posts.join(",")).into_bytes()
}

/// A post's counted marks: the listed candidates chosen (approve: for), the listed candidates
/// against (approve only), the written-in names.
type Counted = (Vec<usize>, Vec<usize>, Vec<String>);

/// Judges a ballot (FORMAT.md steps 1–5): `Err(reason index)` if invalid, else each post's
/// counted marks (`None` for a voided post).
fn judge(m: &Manifest, b: &Ballot) -> Result<Vec<Option<Counted>>, usize> {
    if b.spoiled {
        return Err(0);
    }
    let n = m.posts.len();
    let mut defects = vec![[false; 6]; n];
    let mut named: Vec<Vec<Who>> = vec![Vec::new(); n];
    let mut counted: Vec<Counted> = vec![Default::default(); n];
    for (p, (post, marks)) in m.posts.iter().zip(&b.posts).enumerate() {
        let Some(mk) = marks else { continue };
        (named[p], counted[p]) = if post.approve {
            approve_post(m, post, mk, &mut defects[p])
        } else {
            choose_post(m, post, mk, &mut defects[p])
        };
    }
    verdict(m, &defects, &named, counted)
}

/// A person named in a post: naming one twice is a duplicate.
fn add(w: Who, who: &mut Vec<Who>, d: &mut [bool; 6]) {
    if who.contains(&w) {
        d[DUPLICATE] = true;
    }
    who.push(w);
}

/// Who a written-in name is: the register's person of that name, or the name itself.
fn written_in(m: &Manifest, nm: &str) -> Who {
    m.person_named(nm).map_or(Who::Named(nm.to_string()), Who::Person)
}

/// An approve post's marks: its defects noted in `d`; who it names and what it counts.
fn approve_post(m: &Manifest, post: &Post, mk: &Marks, d: &mut [bool; 6]) -> (Vec<Who>, Counted) {
    let this_post = |n: &str| post.candidates.iter().position(|c| c.name == n);
    let (mut who, mut names) = (Vec::new(), Vec::new());
    let mut fors: Vec<usize> = Vec::new();
    for &i in &mk.chosen {
        if fors.contains(&i) {
            d[DUPLICATE] = true;
        } else {
            fors.push(i);
        }
    }
    let mut against: Vec<usize> = Vec::new();
    for &i in &mk.against {
        if against.contains(&i) {
            d[DUPLICATE] = true;
        } else {
            against.push(i);
        }
    }
    if fors.iter().any(|i| against.contains(i)) {
        d[FOR_AND_AGAINST] = true;
    }
    for &i in &fors {
        who.push(Who::Person(post.candidates[i].person));
    }
    let mut marks = fors.len();
    for nm in &mk.names {
        match this_post(nm) {
            Some(i) => {
                if fors.contains(&i) || against.contains(&i) {
                    d[DUPLICATE] = true;
                }
                if !fors.contains(&i) {
                    fors.push(i);
                }
                who.push(Who::Person(post.candidates[i].person));
            }
            None => {
                add(written_in(m, nm), &mut who, d);
                names.push(nm.clone());
            }
        }
        marks += 1;
    }
    if mk.names.len() > against.len() {
        d[WRITE_IN_EXCESS] = true;
    }
    if marks as u64 > post.seats {
        d[OVERVOTE] = true;
    }
    (who, (fors, against, names))
}

/// A choose post's marks: its defects noted in `d`; who it names and what it counts.
fn choose_post(m: &Manifest, post: &Post, mk: &Marks, d: &mut [bool; 6]) -> (Vec<Who>, Counted) {
    let this_post = |n: &str| post.candidates.iter().position(|c| c.name == n);
    let (mut who, mut names) = (Vec::new(), Vec::new());
    let mut chosen: Vec<usize> = Vec::new();
    for &i in &mk.chosen {
        if chosen.contains(&i) {
            d[DUPLICATE] = true;
        }
        chosen.push(i);
    }
    for nm in &mk.names {
        match this_post(nm) {
            Some(i) => {
                if chosen.contains(&i) {
                    d[DUPLICATE] = true;
                }
                chosen.push(i);
            }
            None => {
                add(written_in(m, nm), &mut who, d);
                names.push(nm.clone());
            }
        }
    }
    if (mk.chosen.len() + mk.names.len()) as u64 > post.seats {
        d[OVERVOTE] = true;
    }
    chosen.sort();
    chosen.dedup();
    for &i in &chosen {
        who.push(Who::Person(post.candidates[i].person));
    }
    (who, (chosen, Vec::new(), names))
}

/// The ballot's verdict from its posts' defects (FORMAT.md step 5): ballot-scoped defects first, in
/// order of precedence; per-post scopes void the post; a person named in two posts voids both or
/// the ballot, as the rules say.
fn verdict(
    m: &Manifest,
    defects: &[[bool; 6]],
    named: &[Vec<Who>],
    counted: Vec<Counted>,
) -> Result<Vec<Option<Counted>>, usize> {
    let n = defects.len();
    let scope_post = |r: usize| match r {
        OVERVOTE => m.rules.per_post[0],
        DUPLICATE => m.rules.per_post[1],
        _ => false,
    };
    let mut voided = vec![false; n];
    let mut worst: Option<usize> = None;
    for (p, d) in defects.iter().enumerate() {
        for r in (OVERVOTE..=WRITE_IN_EXCESS).filter(|&r| d[r]) {
            if scope_post(r) {
                voided[p] = true;
            } else {
                worst = Some(worst.map_or(r, |w| w.min(r)));
            }
        }
    }
    if let Some(r) = worst {
        return Err(r);
    }
    let mut cross = vec![false; n];
    for p in (0..n).filter(|&p| !voided[p]) {
        for q in (p + 1..n).filter(|&q| !voided[q]) {
            if named[p].iter().any(|w| named[q].contains(w)) {
                cross[p] = true;
                cross[q] = true;
            }
        }
    }
    if cross.contains(&true) {
        if !m.rules.per_post[2] {
            return Err(CROSS_POST);
        }
        for (v, c) in voided.iter_mut().zip(&cross) {
            *v |= c;
        }
    }
    Ok(counted.into_iter().zip(voided).map(|(c, v)| (!v).then_some(c)).collect())
}

/// RFC 6962 Merkle tree hash over the records.
pub fn merkle(records: &[&[u8]]) -> [u8; 32] {
    match records.len() {
        0 => Sha256::digest(b"").into(),
        1 => Sha256::digest([&[0u8][..], records[0]].concat()).into(),
        n => {
            let k = n.next_power_of_two() / 2;
            let (l, r) = (merkle(&records[..k]), merkle(&records[k..]));
            Sha256::digest([&[1u8][..], &l, &r].concat()).into()
        }
    }
}

/// Checks one published ballots file against the body it belongs to; the problems found.
pub fn check(m: &Manifest, file: &[u8], body: &Body) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(text) = file.strip_suffix(b"\n") else {
        return vec!["no final newline (or empty)".into()];
    };
    let mut lines = text.split(|&b| b == b'\n');
    let header = lines.next().unwrap_or_default();
    let mut want = String::from("{\"station\":");
    string(&body.station, &mut want);
    want.push_str(&format!(",\"voters\":{}}}", body.voters));
    if header != want.as_bytes() {
        problems.push("the header is not this station's, in its one byte form".into());
    }
    let records: Vec<&[u8]> = lines.collect();
    if records.windows(2).any(|w| w[0] > w[1]) {
        problems.push("records out of order".into());
    }
    if merkle(&records) != body.ballots_root {
        problems.push("the Merkle root differs".into());
    }
    match recount(m, &records) {
        Ok(r) => {
            let stated = Recount {
                ballots: body.ballots,
                valid: body.valid,
                invalid: body.invalid,
                contests: body.contests.clone(),
            };
            if r != stated {
                problems.push("the recount differs".into());
            }
        }
        Err(e) => problems.push(e),
    }
    problems
}

/// Recounts records, each in its one byte form.
pub fn recount(m: &Manifest, records: &[&[u8]]) -> Result<Recount, String> {
    let mut r = Recount {
        ballots: 0,
        valid: 0,
        invalid: [0; 6],
        contests: m
            .posts
            .iter()
            .map(|p| ContestCount {
                votes: vec![0; p.candidates.len()],
                against: if p.approve { vec![0; p.candidates.len()] } else { Vec::new() },
                blank: 0,
                voided: 0,
                with_write_in: 0,
                write_ins: Vec::new(),
            })
            .collect(),
    };
    let mut write_ins: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); m.posts.len()];
    for (i, line) in records.iter().enumerate() {
        let b = decode(m, line).map_err(|e| format!("record {}: {e}", i + 1))?;
        if encode(m, &b) != *line {
            return Err(format!("record {} is not in its one byte form", i + 1));
        }
        r.ballots += 1;
        let posts = match judge(m, &b) {
            Err(reason) => {
                r.invalid[reason] += 1;
                continue;
            }
            Ok(p) => p,
        };
        r.valid += 1;
        for (p, counted) in posts.into_iter().enumerate() {
            let c = &mut r.contests[p];
            let Some((chosen, against, names)) = counted else {
                c.voided += 1;
                continue;
            };
            if chosen.is_empty() && against.is_empty() && names.is_empty() {
                c.blank += 1;
            }
            chosen.iter().for_each(|&i| c.votes[i] += 1);
            against.iter().for_each(|&i| c.against[i] += 1);
            if !names.is_empty() {
                c.with_write_in += 1;
            }
            for n in names {
                *write_ins[p].entry(n).or_default() += 1;
            }
        }
    }
    for (c, w) in r.contests.iter_mut().zip(write_ins) {
        c.write_ins = w.into_iter().collect();
    }
    Ok(r)
}
