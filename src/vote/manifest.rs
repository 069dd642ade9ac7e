//! The election manifest (contract §1): one vote of one body, its posts, candidates and ballot boxes.
//!
//! [`Election::from_toml`] parses and validates in one step and reports *every* problem it finds, each
//! with the line and the field, so that an election official can fix a manifest in one pass.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Located, LocatedErrors};
use crate::vote::model::{Body, Gender, Round, StaffRole, StationKind, Style};
use crate::vote::name;
use crate::vote::rules::{Base, Overrides, Rules};

/// The largest manifest read, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 4 << 20;
/// The most listed candidates one post may have (two bits of each post's word are flags).
pub const MAX_LISTED: usize = 62;
/// The most posts one ballot may have.
pub const MAX_CONTESTS: usize = 64;
/// The most ballot boxes one election may have.
pub const MAX_STATIONS: usize = 100_000;
/// The most people one box's counting team may name.
pub const MAX_STAFF: usize = 64;

/// One listed candidate of one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Id, unique within the manifest (the same id in two posts is the same person).
    pub id: String,
    /// Name, trimmed and NFC.
    pub name: String,
    /// Index into [`Election::persons`].
    pub person: usize,
    /// Gender, if given.
    pub gender: Option<Gender>,
    /// Year of birth, if given.
    pub born: Option<u16>,
    /// Education, if given (e.g. `bachelor`).
    pub education: Option<String>,
    /// Ethnicity, if given (e.g. 畲族).
    pub ethnicity: Option<String>,
    /// The person's id in the village register (contract §5), if the manifest names it; left out
    /// of the canonical form when not given, so manifests without it hash as before.
    #[serde(rename = "person_id", skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
}

/// One post on the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contest {
    /// Id, unique within the manifest; the key of this post in ballot lines.
    pub id: String,
    /// The office's name, e.g. 主任.
    pub office: String,
    /// Seats to fill.
    pub seats: u32,
    /// How the post is marked.
    pub style: Style,
    /// Whether voters may write in other people (另选他人).
    pub write_in: bool,
    /// A post only women may hold (妇女委员, 专职专选).
    pub women_only: bool,
    /// Listed candidates, in ballot order; at most [`MAX_LISTED`].
    pub candidates: Vec<Candidate>,
}

/// One ballot box and its counting team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Station {
    /// Id, unique within the manifest.
    pub id: String,
    /// Display name, e.g. 中心会场.
    pub name: String,
    /// Kind of box.
    pub kind: StationKind,
    /// Registered voters assigned to this box, if given.
    pub registered: Option<u64>,
    /// The station's Ed25519 public key in hex, if given.
    pub key: Option<String>,
    /// The monitors' (监票人) public keys in hex.
    pub monitors: Vec<String>,
    /// How many monitors must countersign the station's result.
    pub monitors_required: u32,
    /// The counting team by register person (contract §5), in manifest order; left out of the
    /// canonical form when empty, so manifests without it hash as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<Staff>,
}

/// One member of a box's counting team: a person of the village register and their role. The
/// law keeps them apart from the candidates and their close relatives [ZJE22].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// The person's id in the village register.
    pub person: String,
    /// Caller, tallier or monitor.
    pub role: StaffRole,
}

/// A distinct listed person: the identity behind one or more candidate entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The id of the person's first candidate entry (their id in every post).
    pub id: String,
    /// Name, trimmed and NFC.
    pub name: String,
}

/// A validated election manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Election {
    id: String,
    title: String,
    village: String,
    township: String,
    body: Body,
    round: Round,
    date: String,
    registered: u64,
    members_elected_before: u32,
    rules: Rules,
    contests: Vec<Contest>,
    stations: Vec<Station>,
    persons: Vec<Person>,
    /// Station id → index into `stations` (derived; not part of the canonical form).
    #[serde(skip)]
    station_index: HashMap<String, usize>,
    /// SHA-256 of the canonical form, computed once (derived; not part of it).
    #[serde(skip)]
    sha256: [u8; 32],
}

/// An election is made only by validating a manifest, and read only through these, so that its
/// station index, its people and its candidates' `person` indices cannot get out of step.
impl Election {
    /// The election id (`[a-z0-9-]`, 1–64 characters), bound into every signature.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The title as announced, e.g. 坑头村第十二届村民委员会选举 (may be empty).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The village's name (may be empty).
    pub fn village(&self) -> &str {
        &self.village
    }

    /// The township's name (may be empty).
    pub fn township(&self) -> &str {
        &self.township
    }

    /// The body this vote elects.
    pub fn body(&self) -> Body {
        self.body
    }

    /// Which round this vote is: first, run-off or re-vote.
    pub fn round(&self) -> Round {
        self.round
    }

    /// The date of the vote, `YYYY-MM-DD`, or empty.
    pub fn date(&self) -> &str {
        &self.date
    }

    /// Registered voters, or members / representatives entitled to attend: the quorum's base.
    pub fn registered(&self) -> u64 {
        self.registered
    }

    /// Members of this body elected in earlier rounds, for the three-member rule of ZJE30.
    pub fn members_elected_before(&self) -> u32 {
        self.members_elected_before
    }

    /// The rules in force: the profile with the manifest's overrides applied.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The posts on the ballot, from the highest down: a person elected to two posts takes the
    /// higher.
    pub fn contests(&self) -> &[Contest] {
        &self.contests
    }

    /// The ballot boxes, in manifest order.
    pub fn stations(&self) -> &[Station] {
        &self.stations
    }

    /// The distinct listed people; a candidate's `person` indexes this list.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    format: Spanned<u32>,
    election: Spanned<RawElection>,
    #[serde(default)]
    rules: Option<Spanned<Overrides>>,
    #[serde(default)]
    contest: Vec<Spanned<RawContest>>,
    #[serde(default)]
    station: Vec<Spanned<RawStation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElection {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    village: String,
    #[serde(default)]
    township: String,
    body: Body,
    rules: Option<String>,
    #[serde(default = "first")]
    round: Round,
    #[serde(default)]
    date: String,
    registered: u64,
    #[serde(default)]
    members_elected_before: u32,
}

fn first() -> Round {
    Round::First
}
fn yes() -> bool {
    true
}
fn station_kind() -> StationKind {
    StationKind::Station
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContest {
    id: String,
    #[serde(default)]
    office: String,
    seats: u32,
    #[serde(default = "choose")]
    style: Style,
    #[serde(default = "yes")]
    write_in: bool,
    #[serde(default)]
    women_only: bool,
    #[serde(default)]
    candidates: Vec<Spanned<RawCandidate>>,
}

fn choose() -> Style {
    Style::Choose
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCandidate {
    id: String,
    name: String,
    person: Option<String>,
    gender: Option<Gender>,
    born: Option<u16>,
    education: Option<String>,
    ethnicity: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStation {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default = "station_kind")]
    kind: StationKind,
    registered: Option<u64>,
    key: Option<String>,
    #[serde(default)]
    monitors: Vec<String>,
    #[serde(default)]
    monitors_required: u32,
    #[serde(default)]
    staff: Vec<Staff>,
}

/// Whether `s` is a valid election id: `[a-z0-9-]`, 1–64 characters.
pub fn is_election_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `s` is a valid id for a post, candidate or station: `[A-Za-z0-9_.-]`, 1–64 characters.
pub fn is_item_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// The 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Collects problems with their lines.
pub(crate) struct Problems<'a> {
    text: &'a str,
    list: Vec<Located>,
}

impl<'a> Problems<'a> {
    /// No problem yet, in a file of this text.
    pub(crate) fn new(text: &'a str) -> Self {
        Problems { text, list: Vec::new() }
    }

    /// The problems found, as the error of `file` (`wrap` chooses the kind), if any.
    pub(crate) fn into_result(self, file: &Path, wrap: fn(LocatedErrors) -> Error) -> Result<(), Error> {
        if self.list.is_empty() {
            return Ok(());
        }
        Err(wrap(LocatedErrors { file: file.display().to_string(), problems: self.list }))
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        line_at(self.text, span.start)
    }

    /// Checks the id of a post's candidate, a station or a register's person ([`is_item_id`]);
    /// `at` names the entry.
    pub(crate) fn item_id(&mut self, span: &Range<usize>, at: &str, id: &str) {
        if !is_item_id(id) {
            self.add(span, format!("{at}.id"), "must be 1–64 characters of A–Z, a–z, 0–9, '_', '.', '-'");
        }
    }

    /// A person's name in the form the law compares; a refused one is reported and kept as written.
    pub(crate) fn name(&mut self, span: &Range<usize>, at: &str, raw: &str) -> String {
        match name::checked(raw) {
            Ok(n) => n.into_owned(),
            Err(err) => {
                self.add(span, format!("{at}.name"), err.to_string());
                raw.to_string()
            }
        }
    }

    /// A year of birth, if given: 1900–2100.
    pub(crate) fn born(&mut self, span: &Range<usize>, at: &str, born: Option<u16>) {
        if let Some(b) = born
            && !(1900..=2100).contains(&b)
        {
            self.add(span, format!("{at}.born"), format!("{b} is not a plausible year of birth"));
        }
    }

    pub(crate) fn add(&mut self, span: &Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        let line = self.line_of(span);
        self.list.push(Located { line: Some(line), field: field.into(), message: message.into() });
    }
}

impl Election {
    /// Parses and validates a manifest, checking only the written form of its keys; `file` names it
    /// in errors. Commands read manifests through `seal::manifest::Manifest`, which also checks
    /// every key on the curve.
    pub fn from_toml(text: &str, file: &Path) -> Result<Election, Error> {
        Election::from_toml_with(text, file, key_syntax)
    }

    /// Parses and validates a manifest, checking its keys with `key_check`.
    pub fn from_toml_with(text: &str, file: &Path, key_check: KeyCheck) -> Result<Election, Error> {
        let raw: RawManifest = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_at(text, s.start));
            Error::Manifest(LocatedErrors::one(file, line, "", e.message().to_string()))
        })?;
        let mut p = Problems::new(text);
        let election = validate(raw, &mut p, key_check);
        p.into_result(file, Error::Manifest)?;
        Ok(election)
    }

    /// The contest with this id.
    pub fn contest(&self, id: &str) -> Option<(usize, &Contest)> {
        self.contests.iter().enumerate().find(|(_, c)| c.id == id)
    }

    /// The station with this id.
    pub fn station(&self, id: &str) -> Option<(usize, &Station)> {
        self.station_index.get(id).map(|&i| (i, &self.stations[i]))
    }

    /// The register id the manifest gives the candidate with this id (in any post), if any.
    pub fn register_id(&self, candidate: &str) -> Option<&str> {
        self.contests.iter().flat_map(|c| &c.candidates).find(|k| k.id == candidate)?.register_id.as_deref()
    }

    /// The listed person with this exact (normalized) name.
    pub fn person_named(&self, name: &str) -> Option<usize> {
        self.persons.iter().position(|p| p.name == name)
    }

    /// The SHA-256 of the manifest's canonical form: the validated manifest (profile and overrides
    /// applied, names normalized, defaults filled in) as compact JSON in the order of its fields. Two
    /// manifests that differ only in layout, comments or defaults left out hash the same.
    pub fn canonical_sha256(&self) -> [u8; 32] {
        self.sha256
    }

    /// The canonical form hashed by [`Election::canonical_sha256`].
    pub fn canonical_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest always serializes")
    }

    /// The value of a threshold's base for these totals.
    pub fn base_value(&self, base: Base, voters: u64, ballots: u64) -> u64 {
        match base {
            Base::Registered => self.registered,
            Base::Voters => voters,
            Base::Ballots => ballots,
        }
    }
}

/// How a manifest's public keys are checked: `None` if the key is acceptable, else what is wrong.
/// The law knows only a key's written form ([`key_syntax`]); the seal stage, which owns the curve,
/// also checks that it is a point and not a weak one (`seal::keys::key_problem`).
pub type KeyCheck = fn(&str) -> Option<String>;

/// The written form of a public key: 64 hex characters, in lower case, with nothing around them.
pub fn key_syntax(k: &str) -> Option<String> {
    let t = k.trim();
    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("a public key is 64 hex characters".to_string());
    }
    lower_case_hex(k)
}

/// Refuses keys in upper case or with spaces around them: one key, one spelling.
pub fn lower_case_hex(k: &str) -> Option<String> {
    (k.bytes().any(|b| b.is_ascii_uppercase()) || k.trim() != k)
        .then(|| "write keys in lower-case hex, as `zheng keygen` prints them".to_string())
}

/// The manifest's parts, checked one after another; every problem goes to `p`.
fn validate(raw: RawManifest, p: &mut Problems<'_>, key_check: KeyCheck) -> Election {
    if *raw.format.get_ref() != 1 {
        p.add(
            &raw.format.span(),
            "format",
            format!("format {} is not known; this Zheng reads format 1", raw.format.get_ref()),
        );
    }
    let espan = raw.election.span();
    let e = raw.election.into_inner();
    let rules = election_and_rules(&e, &espan, raw.rules.as_ref(), p);
    let (contests, persons) = contests(raw.contest, &espan, p);
    let stations = stations(raw.station, &espan, e.registered, key_check, p);
    let mut election = Election {
        id: e.id,
        title: e.title,
        village: e.village,
        township: e.township,
        body: e.body,
        round: e.round,
        date: e.date,
        registered: e.registered,
        members_elected_before: e.members_elected_before,
        rules,
        contests,
        station_index: stations.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect(),
        stations,
        persons,
        sha256: [0; 32],
    };
    election.sha256 = {
        use sha2::{Digest, Sha256};
        Sha256::digest(election.canonical_json()).into()
    };
    election
}

/// The `[election]` table and the rules in force: the profile it names (or its body's), checked
/// against the body, with the `[rules]` overrides applied.
fn election_and_rules(
    e: &RawElection,
    espan: &Range<usize>,
    overrides: Option<&Spanned<Overrides>>,
    p: &mut Problems<'_>,
) -> Rules {
    if !is_election_id(&e.id) {
        p.add(espan, "election.id", format!("{:?} must be 1–64 characters of a–z, 0–9 and '-'", e.id));
    }
    if !e.date.is_empty() && !is_date(&e.date) {
        p.add(espan, "election.date", format!("{:?} is not a date of the form YYYY-MM-DD", e.date));
    }
    if e.registered == 0 {
        p.add(espan, "election.registered", "must be at least 1");
    }
    let expected = Rules::profile_for(e.body);
    let profile = e.rules.clone().unwrap_or_else(|| expected.to_string());
    let mut rules = match Rules::profile(&profile) {
        Some(r) => {
            if profile != expected {
                p.add(
                    espan,
                    "election.rules",
                    format!("profile {profile:?} is not for body {:?}; use {expected:?}", e.body.as_str()),
                );
            }
            r
        }
        None => {
            let known: Vec<&str> = crate::vote::rules::PROFILES.iter().map(|(n, _)| *n).collect();
            p.add(espan, "election.rules", format!("unknown rules profile {profile:?}; known: {}", known.join(", ")));
            Rules::profile(expected).expect("every body has a built-in profile")
        }
    };
    if let Some(o) = overrides {
        rules.apply(o.get_ref());
        if rules.quorum.base != Base::Registered {
            p.add(&o.span(), "rules.quorum.base", "the quorum is a share of \"registered\"");
        }
    }
    rules
}

/// The distinct listed people of a manifest: one id is one person with one name, and two people
/// may not share a name (a written-in name could not tell them apart).
#[derive(Default)]
struct People {
    persons: Vec<Person>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, String>,
    /// Register id named by each person's entries (`None`: not named yet).
    register: Vec<Option<String>>,
    /// Register id → the listed person naming it.
    by_register: HashMap<String, usize>,
}

impl People {
    /// The person behind a candidate entry, registered on first sight; `at` names the entry.
    fn person(&mut self, id: &str, name: &str, span: &Range<usize>, at: &str, p: &mut Problems<'_>) -> usize {
        if let Some(&pi) = self.by_id.get(id) {
            if self.persons[pi].name != name {
                p.add(
                    span,
                    format!("{at}.name"),
                    format!("id {id:?} is listed elsewhere as {:?}: one id, one person", self.persons[pi].name),
                );
            }
            return pi;
        }
        if let Some(other) = self.by_name.get(name) {
            p.add(span, format!("{at}.name"), format!("{name:?} is also candidate {other:?}: two listed people may not share a name (write-ins could not be told apart); distinguish them, e.g. {name}(大)"));
        }
        self.by_name.insert(name.to_string(), id.to_string());
        self.by_id.insert(id.to_string(), self.persons.len());
        self.persons.push(Person { id: id.to_string(), name: name.to_string() });
        self.register.push(None);
        self.persons.len() - 1
    }

    /// The register id a candidate entry names: one listed person, one register person, and every
    /// entry of a person that names one names the same.
    fn register_id(&mut self, pi: usize, rid: Option<&str>, span: &Range<usize>, at: &str, p: &mut Problems<'_>) {
        let Some(rid) = rid else { return };
        match &self.register[pi] {
            Some(prev) if prev != rid => {
                p.add(span, format!("{at}.person"), format!("this candidate is register person {prev:?} elsewhere"));
                return;
            }
            Some(_) => return,
            None => {}
        }
        if let Some(&other) = self.by_register.get(rid) {
            if other != pi {
                let o = &self.persons[other].id;
                p.add(span, format!("{at}.person"), format!("register person {rid:?} is also candidate {o:?}"));
            }
            return;
        }
        self.register[pi] = Some(rid.to_string());
        self.by_register.insert(rid.to_string(), pi);
    }
}

/// Every `[[contest]]`, in order, and the people they list.
fn contests(raw: Vec<Spanned<RawContest>>, espan: &Range<usize>, p: &mut Problems<'_>) -> (Vec<Contest>, Vec<Person>) {
    if raw.is_empty() {
        p.add(espan, "contest", "the manifest lists no [[contest]]");
    }
    if raw.len() > MAX_CONTESTS {
        p.add(espan, "contest", format!("more than {MAX_CONTESTS} posts"));
    }
    let mut people = People::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let contests = raw.into_iter().enumerate().map(|(ci, sc)| contest(ci, sc, &mut ids, &mut people, p)).collect();
    (contests, people.persons)
}

/// One post: its id, seats, style and listed candidates.
fn contest(
    ci: usize,
    sc: Spanned<RawContest>,
    ids: &mut HashMap<String, usize>,
    people: &mut People,
    p: &mut Problems<'_>,
) -> Contest {
    let span = sc.span();
    let c = sc.into_inner();
    let at = format!("contest[{ci}] {:?}", c.id);
    if !is_item_id(&c.id) || c.id == "spoiled" {
        p.add(&span, format!("{at}.id"), "must be 1–64 characters of A–Z, a–z, 0–9, '_', '.', '-' and not \"spoiled\"");
    }
    if let Some(prev) = ids.insert(c.id.clone(), ci) {
        p.add(&span, format!("{at}.id"), format!("duplicate post id, also contest[{prev}]"));
    }
    if c.seats == 0 {
        p.add(&span, format!("{at}.seats"), "must be at least 1");
    }
    if c.seats as usize > MAX_LISTED {
        p.add(&span, format!("{at}.seats"), format!("more than {MAX_LISTED} seats"));
    }
    if c.candidates.len() > MAX_LISTED {
        p.add(
            &span,
            format!("{at}.candidates"),
            format!("{} listed candidates; at most {MAX_LISTED}", c.candidates.len()),
        );
    }
    if c.style == Style::Approve && c.candidates.is_empty() {
        p.add(&span, format!("{at}.candidates"), "an approve-style post needs listed candidates");
    }
    if c.candidates.is_empty() && !c.write_in {
        p.add(&span, format!("{at}.write_in"), "a post with no listed candidates must allow write-ins");
    }
    let mut here: HashMap<String, ()> = HashMap::new();
    let candidates = c
        .candidates
        .into_iter()
        .enumerate()
        .map(|(ki, sk)| candidate(&at, ki, sk, c.women_only, &mut here, people, p))
        .collect();
    Contest {
        office: if c.office.trim().is_empty() { c.id.clone() } else { c.office },
        id: c.id,
        seats: c.seats,
        style: c.style,
        write_in: c.write_in,
        women_only: c.women_only,
        candidates,
    }
}

/// One listed candidate of a post (`at` names the post; `here` holds the post's ids so far).
fn candidate(
    at: &str,
    ki: usize,
    sk: Spanned<RawCandidate>,
    women_only: bool,
    here: &mut HashMap<String, ()>,
    people: &mut People,
    p: &mut Problems<'_>,
) -> Candidate {
    let kspan = sk.span();
    let k = sk.into_inner();
    let kat = format!("{at}.candidates[{ki}] {:?}", k.id);
    p.item_id(&kspan, &kat, &k.id);
    if here.insert(k.id.clone(), ()).is_some() {
        p.add(&kspan, format!("{kat}.id"), "listed twice in this post");
    }
    let name = p.name(&kspan, &kat, &k.name);
    if women_only && k.gender != Some(Gender::F) {
        p.add(&kspan, format!("{kat}.gender"), "a women-only post lists only women (gender = \"F\")");
    }
    p.born(&kspan, &kat, k.born);
    if k.person.as_deref().is_some_and(|r| !is_item_id(r)) {
        p.add(&kspan, format!("{kat}.person"), "a register id: 1–64 characters of A–Z, a–z, 0–9, '_', '.', '-'");
    }
    let person = people.person(&k.id, &name, &kspan, &kat, p);
    people.register_id(person, k.person.as_deref(), &kspan, &kat, p);
    Candidate {
        id: k.id,
        name,
        person,
        gender: k.gender,
        born: k.born,
        education: k.education,
        ethnicity: k.ethnicity,
        register_id: k.person,
    }
}

/// Every `[[station]]`: ids, keys, monitors, and registered voters that add up to the election's.
fn stations(
    raw: Vec<Spanned<RawStation>>,
    espan: &Range<usize>,
    registered: u64,
    key_check: KeyCheck,
    p: &mut Problems<'_>,
) -> Vec<Station> {
    if raw.is_empty() {
        p.add(espan, "station", "the manifest lists no [[station]] (ballot box)");
    }
    if raw.len() > MAX_STATIONS {
        p.add(espan, "station", format!("more than {MAX_STATIONS} stations"));
    }
    let with_registered = raw.iter().filter(|s| s.get_ref().registered.is_some()).count();
    if with_registered != 0 && with_registered != raw.len() {
        p.add(espan, "station.registered", "give registered voters for every station or for none");
    }
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut sum: u128 = 0;
    let mut stations = Vec::with_capacity(raw.len());
    for (si, ss) in raw.into_iter().enumerate() {
        let s = station(si, ss, (&mut ids, &mut keys), key_check, p);
        sum += u128::from(s.registered.unwrap_or(0));
        stations.push(s);
    }
    if with_registered == stations.len() && with_registered > 0 && sum != u128::from(registered) {
        p.add(
            espan,
            "election.registered",
            format!("{registered} registered, but the stations' registered voters add up to {sum}"),
        );
    }
    stations
}

/// One ballot box and its signers' keys; `ids` and `keys` hold the stations' ids and keys so far
/// (one key signs for one station only).
fn station(
    si: usize,
    ss: Spanned<RawStation>,
    (ids, keys): (&mut BTreeMap<String, usize>, &mut HashMap<String, usize>),
    key_check: KeyCheck,
    p: &mut Problems<'_>,
) -> Station {
    let span = ss.span();
    let s = ss.into_inner();
    let at = format!("station[{si}] {:?}", s.id);
    p.item_id(&span, &at, &s.id);
    if let Some(prev) = ids.insert(s.id.clone(), si) {
        p.add(&span, format!("{at}.id"), format!("duplicate station id, also station[{prev}]"));
    }
    if let Some(m) = s.key.as_deref().and_then(key_check) {
        p.add(&span, format!("{at}.key"), m);
    }
    if let Some(k) = &s.key
        && let Some(prev) = keys.insert(k.clone(), si)
    {
        let why =
            format!("the same key as station[{prev}]: one key signs for one station, or one key holder signs for both");
        p.add(&span, format!("{at}.key"), why);
    }
    for (mi, m) in s.monitors.iter().enumerate() {
        if let Some(err) = key_check(m) {
            p.add(&span, format!("{at}.monitors[{mi}]"), err);
        }
        if s.monitors[..mi].contains(m) || s.key.as_ref() == Some(m) {
            p.add(
                &span,
                format!("{at}.monitors[{mi}]"),
                "listed twice (each monitor and the station sign with their own key)",
            );
        }
    }
    if s.monitors_required as usize > s.monitors.len() {
        p.add(
            &span,
            format!("{at}.monitors_required"),
            format!("{} required but {} monitors listed", s.monitors_required, s.monitors.len()),
        );
    }
    staff(&span, &at, &s.staff, p);
    Station {
        name: if s.name.trim().is_empty() { s.id.clone() } else { s.name },
        id: s.id,
        kind: s.kind,
        registered: s.registered,
        key: s.key,
        monitors: s.monitors,
        monitors_required: s.monitors_required,
        staff: s.staff,
    }
}

/// A box's counting team: register ids, each person once, at most [`MAX_STAFF`].
fn staff(span: &Range<usize>, at: &str, team: &[Staff], p: &mut Problems<'_>) {
    if team.len() > MAX_STAFF {
        p.add(span, format!("{at}.staff"), format!("more than {MAX_STAFF} people"));
    }
    for (i, s) in team.iter().enumerate() {
        let field = format!("{at}.staff[{i}].person");
        if !is_item_id(&s.person) {
            p.add(span, field, "must be a register id: 1–64 characters of A–Z, a–z, 0–9, '_', '.', '-'");
        } else if team[..i].iter().any(|t| t.person == s.person) {
            p.add(span, field, "listed twice: one person, one role in a counting team");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
format = 1
[election]
id = "kengtou-2020-vc"
title = "坑头村第十二届村民委员会选举"
village = "坑头村"
township = "郑坑乡"
body = "villagers-committee"
rules = "zj-vc-2020"
round = "first"
date = "2020-11-18"
registered = 100

[[contest]]
id = "chair"
office = "主任"
seats = 1
candidates = [ { id = "c01", name = " 赵一 ", gender = "F" }, { id = "c02", name = "钱二" } ]

[[contest]]
id = "women"
office = "妇女委员"
seats = 1
women_only = true
candidates = [ { id = "c03", name = "孙三", gender = "F" } ]

[[station]]
id = "central"
registered = 60
[[station]]
id = "mobile"
kind = "mobile"
registered = 40
"#;

    fn parse(t: &str) -> Result<Election, Error> {
        Election::from_toml(t, Path::new("e.toml"))
    }

    fn problems(t: &str) -> Vec<Located> {
        match parse(t) {
            Err(Error::Manifest(m)) => m.problems,
            other => panic!("expected manifest problems, got {other:?}"),
        }
    }

    #[test]
    fn good_manifest() {
        let e = parse(GOOD).unwrap();
        assert_eq!(e.contests[0].candidates[0].name, "赵一");
        assert_eq!(e.persons.len(), 3);
        assert!(e.contests[0].write_in, "write-ins are allowed unless the manifest says not");
        assert_eq!(e.stations[1].kind, StationKind::Mobile);
        assert_eq!(e.rules.profile, "zj-vc-2020");
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = GOOD
            .replace("seats = 1\ncandidates = [ { id = \"c01\"", "seats = 0\ncandidates = [ { id = \"c01\"")
            .replace(
                "{ id = \"c03\", name = \"孙三\", gender = \"F\" }",
                "{ id = \"c03\", name = \"孙三\", gender = \"M\" }",
            )
            .replace("registered = 40", "registered = 41")
            .replace("id = \"mobile\"", "id = \"central\"");
        let ps = problems(&bad);
        let text: Vec<String> = ps.iter().map(|p| format!("{:?}:{}: {}", p.line, p.field, p.message)).collect();
        assert!(ps.iter().any(|p| p.field.ends_with(".seats") && p.line == Some(14)), "{text:#?}");
        assert!(ps.iter().any(|p| p.field.ends_with(".gender") && p.message.contains("women-only")), "{text:#?}");
        assert!(ps.iter().any(|p| p.field == "election.registered" && p.message.contains("101")), "{text:#?}");
        assert!(ps.iter().any(|p| p.message.contains("duplicate station id")), "{text:#?}");
        assert_eq!(ps.len(), 4, "{text:#?}");
    }

    #[test]
    fn unknown_profile_and_mismatched_profile() {
        let ps = problems(&GOOD.replace("zj-vc-2020", "zj-vc-2019"));
        assert!(ps[0].message.contains("unknown rules profile"));
        let ps = problems(&GOOD.replace("zj-vc-2020", "cpc-2020"));
        assert!(ps[0].message.contains("not for body"));
    }

    #[test]
    fn syntax_and_unknown_fields_name_the_line() {
        match parse(&GOOD.replace("seats = 1\nwomen_only", "seets = 1\nwomen_only")) {
            Err(Error::Manifest(m)) => {
                assert_eq!(m.problems[0].line, Some(23), "{:?}", m.problems);
                assert!(m.problems[0].message.contains("seets"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_people_one_name_and_one_id_two_names() {
        let ps = problems(&GOOD.replace("name = \"孙三\"", "name = \"钱二\""));
        assert!(ps[0].message.contains("may not share a name"), "{ps:?}");
        let ps = problems(&GOOD.replace("{ id = \"c03\", name = \"孙三\"", "{ id = \"c01\", name = \"孙三\""));
        assert!(ps[0].message.contains("one id, one person"), "{ps:?}");
    }

    /// Contract §5: a candidate may name their register person; one listed person is one
    /// register person, and the canonical form carries it only when given.
    #[test]
    fn register_person_one_to_one() {
        let with =
            GOOD.replace("{ id = \"c02\", name = \"钱二\" }", "{ id = \"c02\", name = \"钱二\", person = \"p2\" }");
        let e = Election::from_toml(&with, Path::new("e.toml")).unwrap();
        assert_eq!(e.register_id("c02"), Some("p2"));
        assert!(String::from_utf8(e.canonical_json()).unwrap().contains(r#""ethnicity":null,"person_id":"p2"}"#));
        let plain = Election::from_toml(GOOD, Path::new("e.toml")).unwrap();
        assert!(!String::from_utf8(plain.canonical_json()).unwrap().contains("person_id"));
        let shared = with.replace(
            "{ id = \"c03\", name = \"孙三\", gender = \"F\" }",
            "{ id = \"c03\", name = \"孙三\", gender = \"F\", person = \"p2\" }",
        );
        let ps = problems(&shared);
        assert!(ps[0].message.contains("register person \"p2\" is also candidate \"c02\""), "{ps:?}");
        let bad = with.replace("person = \"p2\"", "person = \"p 2\"");
        assert!(problems(&bad)[0].field.ends_with(".person"));
    }

    /// ZJE22: a box may name its counting team by register person and role; the canonical form
    /// carries the team only when given; an unknown role, a bad id or a person listed twice is
    /// refused with the station named.
    #[test]
    fn zje22_a_box_names_its_counting_team() {
        let team = "kind = \"mobile\"\nstaff = [{ person = \"p7\", role = \"caller\" }, { person = \"p8\", role = \"monitor\" }]";
        let with = GOOD.replace("kind = \"mobile\"", team);
        let e = Election::from_toml(&with, Path::new("e.toml")).unwrap();
        let staff = &e.stations()[1].staff;
        assert_eq!((staff[0].person.as_str(), staff[0].role), ("p7", StaffRole::Caller));
        assert_eq!((staff[1].person.as_str(), staff[1].role), ("p8", StaffRole::Monitor));
        let canonical = String::from_utf8(e.canonical_json()).unwrap();
        assert!(
            canonical.contains(
                r#""monitors_required":0,"staff":[{"person":"p7","role":"caller"},{"person":"p8","role":"monitor"}]}"#
            ),
            "{canonical}"
        );
        assert_eq!(canonical.matches("staff").count(), 1, "an empty team is left out: {canonical}");
        let ps = problems(&with.replace("\"monitor\"", "\"watcher\""));
        assert!(ps[0].message.contains("watcher") && ps[0].line.is_some(), "{ps:?}");
        let ps = problems(&with.replace("\"p8\"", "\"p 8\""));
        assert_eq!(ps[0].field, "station[1] \"mobile\".staff[1].person", "{ps:?}");
        let ps = problems(&with.replace("\"p8\"", "\"p7\""));
        assert!(ps[0].message.contains("listed twice"), "{ps:?}");
    }

    #[test]
    fn ids_and_dates() {
        assert!(is_election_id("kengtou-2020-vc"));
        assert!(!is_election_id("Kengtou"));
        assert!(!is_election_id(&"a".repeat(65)));
        assert!(is_date("2020-11-18"));
        assert!(!is_date("2020-13-18"));
        assert!(!is_date("2020/11/18"));
    }
}
