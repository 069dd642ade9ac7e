//! The manifest (contract §1) read from its TOML and put in the canonical form FORMAT.md describes,
//! with the checks FORMAT.md lists; `manifest_sha256` is the SHA-256 of that form.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use toml::{Table, Value};
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use super::json::{J, compact};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    pub base: &'static str,
    pub op: &'static str,
    pub p: u64,
    pub q: u64,
}

impl Threshold {
    /// The least whole number meeting `op p/q × n`.
    pub fn least(&self, n: u64) -> u64 {
        let prod = u128::from(self.p) * u128::from(n);
        let q = u128::from(self.q);
        let v = if self.op == ">" { prod / q + 1 } else { prod.div_ceil(q) };
        u64::try_from(v).unwrap_or(u64::MAX)
    }

    pub fn holds(&self, v: u64, n: u64) -> bool {
        let (l, r) = (u128::from(v) * u128::from(self.q), u128::from(self.p) * u128::from(n));
        if self.op == ">" { l > r } else { l >= r }
    }

    pub fn members(&self) -> Vec<(&'static str, J)> {
        vec![("base", J::s(self.base)), ("op", J::s(self.op)), ("fraction", J::Str(format!("{}/{}", self.p, self.q)))]
    }
}

#[derive(Debug, Clone)]
pub struct Rules {
    pub profile: String,
    pub quorum: Threshold,
    pub win: Threshold,
    pub runoff_win: Threshold,
    pub revote_win: Threshold,
    /// overvote, duplicate, cross_post: true when the scope is "post".
    pub per_post: [bool; 3],
    pub min_members: u64,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub person: usize,
    pub gender: Option<&'static str>,
    pub born: Option<u64>,
    pub education: Option<String>,
    pub ethnicity: Option<String>,
    /// The candidate's id in the village register (`person`), when given.
    pub person_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub id: String,
    pub office: String,
    pub seats: u64,
    pub approve: bool,
    pub write_in: bool,
    pub women_only: bool,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone)]
pub struct Station {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub registered: Option<u64>,
    pub key: Option<[u8; 32]>,
    pub monitors: Vec<[u8; 32]>,
    pub monitors_required: u64,
    /// The counting team: (register id, role).
    pub staff: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub id: String,
    pub title: String,
    pub village: String,
    pub township: String,
    pub body: String,
    pub round: String,
    pub date: String,
    pub registered: u64,
    pub members_elected_before: u64,
    pub rules: Rules,
    pub posts: Vec<Post>,
    pub stations: Vec<Station>,
    /// (id, name) of each distinct listed person.
    pub persons: Vec<(String, String)>,
    pub sha256: [u8; 32],
}

impl Manifest {
    /// The register id given to the candidate with this id, in any post.
    pub fn person_id(&self, candidate: &str) -> Option<String> {
        self.posts.iter().flat_map(|p| &p.candidates).find(|c| c.id == candidate)?.person_id.clone()
    }

    pub fn person_named(&self, name: &str) -> Option<usize> {
        self.persons.iter().position(|(_, n)| n == name)
    }
}

/// A name as the law compares it (RULES.md, "Names"): refused characters, then NFKC with every
/// white-space character removed; 1–64 characters.
pub fn name(raw: &str) -> Result<String, String> {
    use GeneralCategory::*;
    for c in raw.chars() {
        let selector = matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180F}');
        let refused = matches!(
            get_general_category(c),
            Control | Format | LineSeparator | ParagraphSeparator | PrivateUse | Unassigned
        );
        if refused || selector {
            return Err(format!("the name {raw:?} holds U+{:04X}", c as u32));
        }
    }
    let n: String = raw.nfkc().filter(|c| !c.is_whitespace()).collect();
    if n.is_empty() || n.chars().count() > 64 {
        return Err(format!("the name {raw:?} is empty or too long"));
    }
    Ok(n)
}

/// The built-in profiles of FORMAT.md's table: (name, bodies, quorum, win, runoff_win, min_members).
fn profile(name: &str) -> Option<(&'static [&'static str], Rules)> {
    let t = |base, op, p, q| Threshold { base, op, p, q };
    let half_voters = t("voters", ">", 1, 2);
    let (bodies, quorum, win, runoff_win, min): (&'static [&'static str], _, _, _, _) = match name {
        "zj-vc-2020" => {
            (&["villagers-committee"], t("registered", ">", 1, 2), half_voters, t("ballots", ">=", 1, 3), 3)
        }
        "cpc-2020" => {
            (&["party-committee", "party-officers"], t("registered", ">=", 4, 5), half_voters, half_voters, 0)
        }
        "zj-supervision-2020" => (&["supervision-committee"], t("registered", ">=", 2, 3), half_voters, half_voters, 3),
        "zj-coop-rep-2020" => {
            let h = t("registered", ">", 1, 2);
            (&["coop-management", "coop-supervision"], t("registered", ">=", 2, 3), h, h, 0)
        }
        _ => return None,
    };
    let rules = Rules {
        profile: name.to_string(),
        quorum,
        win,
        runoff_win,
        revote_win: t("ballots", ">", 0, 1),
        per_post: [false; 3],
        min_members: min,
    };
    Some((bodies, rules))
}

const PROFILES: [&str; 4] = ["zj-vc-2020", "cpc-2020", "zj-supervision-2020", "zj-coop-rep-2020"];

/// A TOML table read field by field; fields not asked for are refused at the end.
struct Fields<'a> {
    at: String,
    t: &'a Table,
    used: BTreeSet<&'a str>,
}

impl<'a> Fields<'a> {
    fn new(at: impl Into<String>, v: &'a Value) -> Result<Self, String> {
        let at = at.into();
        let t = v.as_table().ok_or_else(|| format!("{at} is not a table"))?;
        Ok(Fields { at, t, used: BTreeSet::new() })
    }

    fn get(&mut self, k: &'a str) -> Option<&'a Value> {
        self.used.insert(k);
        self.t.get(k)
    }

    fn need(&mut self, k: &'a str) -> Result<&'a Value, String> {
        let at = format!("{}.{k}", self.at);
        self.get(k).ok_or_else(|| format!("{at} is missing"))
    }

    fn str(&mut self, k: &'a str) -> Result<Option<String>, String> {
        let at = format!("{}.{k}", self.at);
        self.get(k).map(|v| v.as_str().map(str::to_string).ok_or(format!("{at} is not a string"))).transpose()
    }

    fn int(&mut self, k: &'a str, max: u64) -> Result<Option<u64>, String> {
        let at = format!("{}.{k}", self.at);
        self.get(k)
            .map(|v| {
                v.as_integer()
                    .and_then(|i| u64::try_from(i).ok())
                    .filter(|&i| i <= max)
                    .ok_or(format!("{at} is not a number in range"))
            })
            .transpose()
    }

    fn bool(&mut self, k: &'a str) -> Result<Option<bool>, String> {
        let at = format!("{}.{k}", self.at);
        self.get(k).map(|v| v.as_bool().ok_or(format!("{at} is not true or false"))).transpose()
    }

    fn word(&mut self, k: &'a str, words: &[&'static str]) -> Result<Option<&'static str>, String> {
        let at = format!("{}.{k}", self.at);
        match self.str(k)? {
            None => Ok(None),
            Some(s) => words.iter().find(|w| **w == s).map(|w| Some(*w)).ok_or(format!("{at}: {s:?} is not known")),
        }
    }

    fn list(&mut self, k: &'a str) -> Result<&'a [Value], String> {
        let at = format!("{}.{k}", self.at);
        match self.get(k) {
            None => Ok(&[]),
            Some(v) => v.as_array().map(Vec::as_slice).ok_or(format!("{at} is not a list")),
        }
    }

    fn done(self) -> Result<(), String> {
        match self.t.keys().find(|k| !self.used.contains(k.as_str())) {
            Some(k) => Err(format!("{}: unknown field {k:?}", self.at)),
            None => Ok(()),
        }
    }
}

fn threshold(at: &str, v: &Value) -> Result<Threshold, String> {
    let mut f = Fields::new(at, v)?;
    let base = f.word("base", &["registered", "voters", "ballots"])?.ok_or(format!("{at}.base is missing"))?;
    let op = f.word("op", &[">", ">="])?.ok_or(format!("{at}.op is missing"))?;
    let fr = f.str("fraction")?.ok_or(format!("{at}.fraction is missing"))?;
    f.done()?;
    let bad = || format!("{at}.fraction {fr:?} is not p/q");
    let (p, q) = fr.trim().split_once('/').ok_or_else(bad)?;
    let num = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (p, q) = (num(p).ok_or_else(bad)?, num(q).ok_or_else(bad)?);
    if q == 0 || p > q {
        return Err(bad());
    }
    Ok(Threshold { base, op, p, q })
}

fn item_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

/// A public key as a manifest writes it: 64 lower-case hex characters of a point that is not small-order.
fn public_key(at: &str, s: &str) -> Result<[u8; 32], String> {
    let ok = s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let bytes: [u8; 32] = ok.then(|| hex::decode(s).ok()?.try_into().ok()).flatten().ok_or(format!("{at}: bad key"))?;
    match ed25519_dalek::VerifyingKey::from_bytes(&bytes) {
        Ok(k) if !k.is_weak() => Ok(bytes),
        _ => Err(format!("{at}: not a usable Ed25519 key")),
    }
}

fn date(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |i: usize| s.get(i..i + 2).and_then(|x| x.parse::<u8>().ok()).unwrap_or(0);
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && (1..=12).contains(&two(5))
        && (1..=31).contains(&two(8))
}

/// Reads and checks a manifest; returns it with its canonical hash.
pub fn read(text: &str) -> Result<Manifest, String> {
    let root: Value = Value::Table(toml::from_str::<Table>(text).map_err(|e| format!("TOML: {e}"))?);
    let mut top = Fields::new("manifest", &root)?;
    if top.int("format", u64::from(u32::MAX))? != Some(1) {
        return Err("format is not 1".into());
    }
    let mut m = election(top.need("election")?, top.get("rules"))?;
    let posts = top.list("contest")?;
    let stations = top.list("station")?;
    top.done()?;
    if posts.is_empty() || posts.len() > 64 || stations.is_empty() || stations.len() > 100_000 {
        return Err("the number of posts or stations is out of range".into());
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (i, v) in posts.iter().enumerate() {
        let p = post(i, v, &mut m.persons, &mut names)?;
        if m.posts.iter().any(|x| x.id == p.id) {
            return Err(format!("post {:?} twice", p.id));
        }
        m.posts.push(p);
    }
    for (i, v) in stations.iter().enumerate() {
        let s = station(i, v)?;
        let dup = m.stations.iter().any(|x| x.id == s.id || (s.key.is_some() && x.key == s.key));
        if dup {
            return Err(format!("station {:?}: its id or key is another station's", s.id));
        }
        m.stations.push(s);
    }
    let given = m.stations.iter().filter(|s| s.registered.is_some()).count();
    let sum: u128 = m.stations.iter().map(|s| u128::from(s.registered.unwrap_or(0))).sum();
    if (given != 0 && given != m.stations.len()) || (given > 0 && sum != u128::from(m.registered)) {
        return Err("the stations' registered voters do not add up".into());
    }
    m.sha256 = Sha256::digest(compact(&canonical(&m))).into();
    Ok(m)
}

fn election(v: &Value, overrides: Option<&Value>) -> Result<Manifest, String> {
    let mut e = Fields::new("election", v)?;
    let id = e.str("id")?.ok_or("election.id is missing")?;
    if !(1..=64).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err("election.id".into());
    }
    let text = |e: &mut Fields, k| e.str(k).map(Option::unwrap_or_default);
    let (title, village, township) = (text(&mut e, "title")?, text(&mut e, "village")?, text(&mut e, "township")?);
    const BODIES: [&str; 6] = [
        "villagers-committee",
        "party-committee",
        "party-officers",
        "supervision-committee",
        "coop-management",
        "coop-supervision",
    ];
    let body = e.word("body", &BODIES)?.ok_or("election.body is missing")?;
    let named = e.str("rules")?;
    let round = e.word("round", &["first", "runoff", "revote"])?.unwrap_or("first");
    let date_s = text(&mut e, "date")?;
    let registered = e.int("registered", u64::MAX)?.ok_or("election.registered is missing")?;
    let members_elected_before = e.int("members_elected_before", u64::from(u32::MAX))?.unwrap_or(0);
    e.done()?;
    if registered == 0 || (!date_s.is_empty() && !date(&date_s)) {
        return Err("election.registered or election.date".into());
    }
    let own = PROFILES.iter().find(|p| profile(p).is_some_and(|(b, _)| b.contains(&body))).expect("every body has one");
    let chosen = named.unwrap_or_else(|| own.to_string());
    if chosen != *own {
        return Err(format!("profile {chosen:?} is not the body's"));
    }
    let (_, mut rules) = profile(own).expect("a profile");
    if let Some(o) = overrides {
        let mut f = Fields::new("rules", o)?;
        for (k, slot) in [
            ("quorum", &mut rules.quorum),
            ("win", &mut rules.win),
            ("runoff_win", &mut rules.runoff_win),
            ("revote_win", &mut rules.revote_win),
        ] {
            if let Some(v) = f.get(k) {
                *slot = threshold(&format!("rules.{k}"), v)?;
            }
        }
        for (i, k) in ["overvote", "duplicate", "cross_post"].into_iter().enumerate() {
            if let Some(w) = f.word(k, &["ballot", "post"])? {
                rules.per_post[i] = w == "post";
            }
        }
        if let Some(n) = f.int("min_members", u64::from(u32::MAX))? {
            rules.min_members = n;
        }
        f.done()?;
        if rules.quorum.base != "registered" {
            return Err("the quorum's base must be registered".into());
        }
    }
    Ok(Manifest {
        id,
        title,
        village,
        township,
        body: body.to_string(),
        round: round.to_string(),
        date: date_s,
        registered,
        members_elected_before,
        rules,
        posts: Vec::new(),
        stations: Vec::new(),
        persons: Vec::new(),
        sha256: [0; 32],
    })
}

/// One post; `persons` and `names` are the people listed so far (id → name must be one to one).
fn post(
    i: usize,
    v: &Value,
    persons: &mut Vec<(String, String)>,
    names: &mut BTreeMap<String, String>,
) -> Result<Post, String> {
    let at = format!("contest[{i}]");
    let mut f = Fields::new(at.clone(), v)?;
    let id = f.str("id")?.ok_or(format!("{at}.id is missing"))?;
    let office = f.str("office")?.unwrap_or_default();
    let seats = f.int("seats", u64::from(u32::MAX))?.ok_or(format!("{at}.seats is missing"))?;
    let approve = f.word("style", &["choose", "approve"])? == Some("approve");
    let write_in = f.bool("write_in")?.unwrap_or(true);
    let women_only = f.bool("women_only")?.unwrap_or(false);
    let listed = f.list("candidates")?;
    f.done()?;
    if !item_id(&id) || id == "spoiled" || seats == 0 || seats > 62 || listed.len() > 62 {
        return Err(format!("{at}: id, seats or candidates out of range"));
    }
    if (approve && listed.is_empty()) || (listed.is_empty() && !write_in) {
        return Err(format!("{at}: no candidates"));
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (k, cv) in listed.iter().enumerate() {
        let kat = format!("{at}.candidates[{k}]");
        let mut c = Fields::new(kat.clone(), cv)?;
        let cid = c.str("id")?.ok_or(format!("{kat}.id is missing"))?;
        let raw = c.str("name")?.ok_or(format!("{kat}.name is missing"))?;
        let gender = c.word("gender", &["F", "M"])?;
        let born = c.int("born", u64::from(u16::MAX))?;
        let education = c.str("education")?;
        let ethnicity = c.str("ethnicity")?;
        let person_id = c.str("person")?;
        c.done()?;
        if person_id.as_deref().is_some_and(|p| !item_id(p)) {
            return Err(format!("{kat}.person"));
        }
        let nm = name(&raw)?;
        if !item_id(&cid) || candidates.iter().any(|x| x.id == cid) {
            return Err(format!("{kat}.id"));
        }
        if (women_only && gender != Some("F")) || born.is_some_and(|b| !(1900..=2100).contains(&b)) {
            return Err(format!("{kat}: gender or born"));
        }
        let person = match persons.iter().position(|(pid, _)| *pid == cid) {
            Some(p) if persons[p].1 == nm => p,
            Some(_) => return Err(format!("{kat}: one id, two names")),
            None => {
                if names.insert(nm.clone(), cid.clone()).is_some() {
                    return Err(format!("{kat}: two people share a name"));
                }
                persons.push((cid.clone(), nm.clone()));
                persons.len() - 1
            }
        };
        candidates.push(Candidate { id: cid, name: nm, person, gender, born, education, ethnicity, person_id });
    }
    let office = if office.trim().is_empty() { id.clone() } else { office };
    Ok(Post { id, office, seats, approve, write_in, women_only, candidates })
}

fn station(i: usize, v: &Value) -> Result<Station, String> {
    let at = format!("station[{i}]");
    let mut f = Fields::new(at.clone(), v)?;
    let id = f.str("id")?.ok_or(format!("{at}.id is missing"))?;
    let name = f.str("name")?.unwrap_or_default();
    let kind = f.word("kind", &["central", "station", "mobile"])?.unwrap_or("station");
    let registered = f.int("registered", u64::MAX)?;
    let key_s = f.str("key")?;
    let monitors_v = f.list("monitors")?;
    let monitors_required = f.int("monitors_required", u64::from(u32::MAX))?.unwrap_or(0);
    let staff_v = f.list("staff")?;
    f.done()?;
    if !item_id(&id) {
        return Err(format!("{at}.id"));
    }
    let key = key_s.as_deref().map(|k| public_key(&format!("{at}.key"), k)).transpose()?;
    let mut monitors: Vec<[u8; 32]> = Vec::new();
    for (mi, m) in monitors_v.iter().enumerate() {
        let mat = format!("{at}.monitors[{mi}]");
        let k = public_key(&mat, m.as_str().ok_or(format!("{mat} is not a string"))?)?;
        if monitors.contains(&k) || key == Some(k) {
            return Err(format!("{mat} listed twice"));
        }
        monitors.push(k);
    }
    if monitors_required > monitors.len() as u64 {
        return Err(format!("{at}.monitors_required"));
    }
    if staff_v.len() > 64 {
        return Err(format!("{at}.staff has more than 64 people"));
    }
    let mut staff: Vec<(String, &'static str)> = Vec::new();
    for (i, v) in staff_v.iter().enumerate() {
        let sat = format!("{at}.staff[{i}]");
        let mut g = Fields::new(sat.clone(), v)?;
        let person = g.str("person")?.ok_or(format!("{sat}.person is missing"))?;
        let role = g.word("role", &["caller", "tallier", "monitor"])?.ok_or(format!("{sat}.role is missing"))?;
        g.done()?;
        if !item_id(&person) || staff.iter().any(|(p, _)| *p == person) {
            return Err(format!("{sat}.person"));
        }
        staff.push((person, role));
    }
    let name = if name.trim().is_empty() { id.clone() } else { name };
    Ok(Station { id, name, kind: kind.to_string(), registered, key, monitors, monitors_required, staff })
}

/// The canonical JSON value of FORMAT.md, "The manifest's canonical form".
fn canonical(m: &Manifest) -> J {
    let r = &m.rules;
    let scope = |post: bool| J::s(if post { "post" } else { "ballot" });
    let rules = J::Obj(vec![
        ("profile", J::s(&r.profile)),
        ("quorum", J::Obj(r.quorum.members())),
        ("win", J::Obj(r.win.members())),
        ("runoff_win", J::Obj(r.runoff_win.members())),
        ("revote_win", J::Obj(r.revote_win.members())),
        ("overvote", scope(r.per_post[0])),
        ("duplicate", scope(r.per_post[1])),
        ("cross_post", scope(r.per_post[2])),
        ("min_members", J::Num(r.min_members)),
    ]);
    J::Obj(vec![
        ("id", J::s(&m.id)),
        ("title", J::s(&m.title)),
        ("village", J::s(&m.village)),
        ("township", J::s(&m.township)),
        ("body", J::s(&m.body)),
        ("round", J::s(&m.round)),
        ("date", J::s(&m.date)),
        ("registered", J::Num(m.registered)),
        ("members_elected_before", J::Num(m.members_elected_before)),
        ("rules", rules),
        ("contests", J::Arr(m.posts.iter().map(canonical_post).collect())),
        ("stations", J::Arr(m.stations.iter().map(canonical_station).collect())),
        (
            "persons",
            J::Arr(m.persons.iter().map(|(id, n)| J::Obj(vec![("id", J::s(id)), ("name", J::s(n))])).collect()),
        ),
    ])
}

fn canonical_post(p: &Post) -> J {
    let candidate = |c: &Candidate| {
        let mut v = vec![
            ("id", J::s(&c.id)),
            ("name", J::s(&c.name)),
            ("person", J::Num(c.person as u64)),
            ("gender", c.gender.map_or(J::Null, J::s)),
            ("born", c.born.map_or(J::Null, J::Num)),
            ("education", J::opt_s(&c.education)),
            ("ethnicity", J::opt_s(&c.ethnicity)),
        ];
        if let Some(p) = &c.person_id {
            v.push(("person_id", J::s(p)));
        }
        J::Obj(v)
    };
    J::Obj(vec![
        ("id", J::s(&p.id)),
        ("office", J::s(&p.office)),
        ("seats", J::Num(p.seats)),
        ("style", J::s(if p.approve { "approve" } else { "choose" })),
        ("write_in", J::Bool(p.write_in)),
        ("women_only", J::Bool(p.women_only)),
        ("candidates", J::Arr(p.candidates.iter().map(candidate).collect())),
    ])
}

fn canonical_station(s: &Station) -> J {
    let mut v = vec![
        ("id", J::s(&s.id)),
        ("name", J::s(&s.name)),
        ("kind", J::s(&s.kind)),
        ("registered", s.registered.map_or(J::Null, J::Num)),
        ("key", s.key.map_or(J::Null, |k| J::Str(hex::encode(k)))),
        ("monitors", J::Arr(s.monitors.iter().map(|k| J::Str(hex::encode(k))).collect())),
        ("monitors_required", J::Num(s.monitors_required)),
    ];
    if !s.staff.is_empty() {
        let team = s.staff.iter().map(|(p, r)| J::Obj(vec![("person", J::s(p)), ("role", J::s(r))])).collect();
        v.push(("staff", J::Arr(team)));
    }
    J::Obj(v)
}
