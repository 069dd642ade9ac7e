//! A manifest validated: parsed, then checked part by part — the `[election]` table and the rules in
//! force, every post and its listed candidates, every ballot box and its team — with every problem
//! found reported, each with its line and field, so that an official fixes a manifest in one pass.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::model::{
    Candidate, Contest, Election, ListedPerson, MAX_CONTESTS, MAX_LISTED, MAX_STAFF, MAX_STATIONS, Staff, Station,
};
use super::people::People;
use super::raw::{RawCandidate, RawContest, RawElection, RawManifest, RawStation};
use super::syntax::{KeyCheck, is_date, is_election_id, is_item_id, key_syntax};
use crate::error::{Error, Listed, Problem};
use crate::vote::model::{Gender, Style};
use crate::vote::problems::{Problems, parse_toml};
use crate::vote::rules::{Base, Overrides, Rules};

impl Election {
    /// Parses and validates a manifest, checking only the written form of its keys; `file` names it
    /// in errors. Commands read manifests through `seal::manifest::Manifest`, which also checks
    /// every key on the curve.
    pub fn from_toml(text: &str, file: &Path) -> Result<Election, Error> {
        Election::from_toml_with(text, file, key_syntax)
    }

    /// Parses and validates a manifest, checking its keys with `key_check`.
    pub fn from_toml_with(text: &str, file: &Path, key_check: KeyCheck) -> Result<Election, Error> {
        let raw = match super::pieces::parse(text) {
            Some(raw) => raw,
            None => parse_toml::<RawManifest>(text, file, Error::Manifest)?,
        };
        Election::of_raw(raw, text, file, key_check)
    }

    /// A whole manifest as written (`raw`, parsed from `text`) validated, or every problem found.
    pub(super) fn of_raw(raw: RawManifest, text: &str, file: &Path, key_check: KeyCheck) -> Result<Election, Error> {
        let mut p = Problems::new(text);
        let election = validate(raw, &mut p, key_check, Stations::Required);
        p.into_result(file, Error::Manifest)?;
        Ok(election)
    }
}

/// Whether a manifest must list its ballot boxes: a whole one must; its head (`head.rs`) lists none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stations {
    Required,
    Later,
}

/// The manifest's parts, checked one after another; every problem goes to `p`.
pub(super) fn validate(raw: RawManifest, p: &mut Problems<'_>, key_check: KeyCheck, listed: Stations) -> Election {
    if *raw.format.get_ref() != 1 {
        p.add(&raw.format.span(), "format", Problem::UnknownFormat { format: *raw.format.get_ref() });
    }
    let espan = raw.election.span();
    let e = raw.election.into_inner();
    let rules = election_and_rules(&e, &espan, raw.rules.as_ref(), p);
    let (contests, persons) = contests(raw.contest, &espan, p);
    let stations = if raw.station.is_empty() && listed == Stations::Later {
        Vec::new()
    } else {
        stations(raw.station, &espan, e.registered, key_check, p)
    };
    Election {
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
        sha256: Default::default(),
    }
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
        p.add(espan, "election.id", Problem::ElectionId { id: e.id.clone() });
    }
    if !e.date.is_empty() && !is_date(&e.date) {
        p.add(espan, "election.date", Problem::Date { date: e.date.clone() });
    }
    if e.registered == 0 {
        p.add(espan, "election.registered", Problem::AtLeastOne);
    }
    let expected = Rules::profile_for(e.body);
    let profile = e.rules.clone().unwrap_or_else(|| expected.to_string());
    let mut rules = match Rules::profile(&profile) {
        Some(r) => {
            if profile != expected {
                p.add(
                    espan,
                    "election.rules",
                    Problem::ProfileNotForBody {
                        profile: profile.clone(),
                        body: e.body.as_str().to_string(),
                        expected: expected.to_string(),
                    },
                );
            }
            r
        }
        None => {
            let known = crate::vote::rules::PROFILES.iter().map(|(n, _)| n.to_string()).collect();
            p.add(espan, "election.rules", Problem::UnknownProfile { profile: profile.clone(), known });
            Rules::profile(expected).expect("every body has a built-in profile")
        }
    };
    if let Some(o) = overrides {
        rules.apply(o.get_ref());
        if rules.quorum.base != Base::Registered {
            p.add(&o.span(), "rules.quorum.base", Problem::QuorumBase);
        }
    }
    rules
}

/// Every `[[contest]]`, in order, and the people they list.
fn contests(
    raw: Vec<Spanned<RawContest>>,
    espan: &Range<usize>,
    p: &mut Problems<'_>,
) -> (Vec<Contest>, Vec<ListedPerson>) {
    if raw.is_empty() {
        p.add(espan, "contest", Problem::NoContest);
    }
    if raw.len() > MAX_CONTESTS {
        p.add(espan, "contest", Problem::TooMany { what: Listed::Posts, given: raw.len(), max: MAX_CONTESTS });
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
        p.add(&span, format!("{at}.id"), Problem::PostId);
    }
    if let Some(prev) = ids.insert(c.id.clone(), ci) {
        p.add(&span, format!("{at}.id"), Problem::DuplicatePost { also: prev });
    }
    if c.seats == 0 {
        p.add(&span, format!("{at}.seats"), Problem::AtLeastOne);
    }
    if c.seats as usize > MAX_LISTED {
        let given = c.seats as usize;
        p.add(&span, format!("{at}.seats"), Problem::TooMany { what: Listed::Seats, given, max: MAX_LISTED });
    }
    if c.candidates.len() > MAX_LISTED {
        let given = c.candidates.len();
        p.add(&span, format!("{at}.candidates"), Problem::TooMany { what: Listed::Candidates, given, max: MAX_LISTED });
    }
    if c.style == Style::Approve && c.candidates.is_empty() {
        p.add(&span, format!("{at}.candidates"), Problem::ApproveNeedsCandidates);
    }
    if c.candidates.is_empty() && !c.write_in {
        p.add(&span, format!("{at}.write_in"), Problem::NeedsWriteIn);
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
        p.add(&kspan, format!("{kat}.id"), Problem::ListedTwiceInPost);
    }
    let name = p.name(&kspan, &kat, &k.name);
    if women_only && k.gender != Some(Gender::F) {
        p.add(&kspan, format!("{kat}.gender"), Problem::WomenOnly);
    }
    p.born(&kspan, &kat, k.born);
    if k.person.as_deref().is_some_and(|r| !is_item_id(r)) {
        p.add(&kspan, format!("{kat}.person"), Problem::RegisterId);
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
        p.add(espan, "station", Problem::NoStation);
    }
    if raw.len() > MAX_STATIONS {
        p.add(espan, "station", Problem::TooMany { what: Listed::Stations, given: raw.len(), max: MAX_STATIONS });
    }
    let with_registered = raw.iter().filter(|s| s.get_ref().registered.is_some()).count();
    if with_registered != 0 && with_registered != raw.len() {
        p.add(espan, "station.registered", Problem::RegisteredForSome);
    }
    let mut ids: HashMap<String, usize> = HashMap::with_capacity(raw.len());
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut sum: u128 = 0;
    let mut stations = Vec::with_capacity(raw.len());
    for (si, ss) in raw.into_iter().enumerate() {
        let s = station(si, ss, (&mut ids, &mut keys), key_check, p);
        sum += u128::from(s.registered.unwrap_or(0));
        stations.push(s);
    }
    if with_registered == stations.len() && with_registered > 0 && sum != u128::from(registered) {
        let sum = u64::try_from(sum).unwrap_or(u64::MAX);
        p.add(espan, "election.registered", Problem::RegisteredSum { registered, sum });
    }
    stations
}

/// One ballot box and its signers' keys; `ids` and `keys` hold the stations' ids and keys so far
/// (one key signs for one station only).
fn station(
    si: usize,
    ss: Spanned<RawStation>,
    (ids, keys): (&mut HashMap<String, usize>, &mut HashMap<String, usize>),
    key_check: KeyCheck,
    p: &mut Problems<'_>,
) -> Station {
    let span = ss.span();
    let s = ss.into_inner();
    // Where a problem is, written out only when there is one (a county lists thousands of boxes).
    let at = StationAt { si, id: &s.id };
    p.item_id(&span, at, &s.id);
    if let Some(prev) = ids.insert(s.id.clone(), si) {
        p.add(&span, format!("{at}.id"), Problem::DuplicateStation { also: prev });
    }
    if let Some(m) = s.key.as_deref().and_then(key_check) {
        p.add(&span, format!("{at}.key"), Problem::Key(m));
    }
    if let Some(k) = &s.key
        && let Some(prev) = keys.insert(k.clone(), si)
    {
        p.add(&span, format!("{at}.key"), Problem::SameKey { also: prev });
    }
    for (mi, m) in s.monitors.iter().enumerate() {
        if let Some(err) = key_check(m) {
            p.add(&span, format!("{at}.monitors[{mi}]"), Problem::Key(err));
        }
        if s.monitors[..mi].contains(m) || s.key.as_ref() == Some(m) {
            p.add(&span, format!("{at}.monitors[{mi}]"), Problem::MonitorTwice);
        }
    }
    if s.monitors_required as usize > s.monitors.len() {
        let (required, listed) = (s.monitors_required, s.monitors.len());
        p.add(&span, format!("{at}.monitors_required"), Problem::MonitorsRequired { required, listed });
    }
    staff(&span, at, &s.staff, p);
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

/// Where in the manifest a station is: `station[3] "east"`.
#[derive(Clone, Copy)]
struct StationAt<'a> {
    si: usize,
    id: &'a str,
}

impl std::fmt::Display for StationAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "station[{}] {:?}", self.si, self.id)
    }
}

/// A box's counting team: register ids, each person once, at most [`MAX_STAFF`].
fn staff(span: &Range<usize>, at: StationAt<'_>, team: &[Staff], p: &mut Problems<'_>) {
    if team.len() > MAX_STAFF {
        p.add(span, format!("{at}.staff"), Problem::TooMany { what: Listed::Staff, given: team.len(), max: MAX_STAFF });
    }
    for (i, s) in team.iter().enumerate() {
        let field = format!("{at}.staff[{i}].person");
        if !is_item_id(&s.person) {
            p.add(span, field, Problem::RegisterId);
        } else if team[..i].iter().any(|t| t.person == s.person) {
            p.add(span, field, Problem::StaffTwice);
        }
    }
}
