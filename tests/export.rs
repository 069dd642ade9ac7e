//! `zheng export` (contract §5): the CSV and the NIST SP 1500-100 v2 JSON of every fixture, checked
//! against the count they export (every number adds up box by box to the totals of `zheng count
//! --json`) and against the SP 1500-100 v2 JSON schema's rules for the types written: each type's
//! required properties, its enumerations, no property the schema does not define, and every
//! reference (`GpUnitId`, `CandidateIds`, `ElectionScopeId`, `ElectionDistrictId`) resolving.
//!
//! NIST's schema file itself is not in this repository: content taken from public repositories stays
//! out of our commits (see the closing note). So the rules below are transcribed by hand for
//! the types Zheng writes, from NIST SP 1500-100 v2; and where a machine has NIST's file
//! (`NIST_V2_election_results_reporting.json`, public domain, github.com/usnistgov/
//! ElectionResultsReporting, branch `version2`) — named by `ZHENG_NIST_SCHEMA`, or under `nist/` in
//! the steering folder `shared/` beside the project — every export is also validated against it with
//! the `jsonschema` crate (draft-04). Without the file that test says so and is skipped; under CI
//! (`CI` set) it fails instead.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// (manifest, boxes) of every fixture vote with boxes beside its manifest.
fn fixtures() -> Vec<(PathBuf, Vec<PathBuf>)> {
    let f = root().join("fixtures");
    let mut v = Vec::new();
    for d in ["kengtou-vc", "kengtou-party", "kengtou-coop"] {
        let mut boxes: Vec<PathBuf> = std::fs::read_dir(f.join(d))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        boxes.sort();
        v.push((f.join(d).join("election.toml"), boxes));
    }
    for village in ["kengtou", "dakeng", "zhengkeng"] {
        let dir = f.join("zhengkeng").join(village);
        for m in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let name = m.file_stem().unwrap().to_str().unwrap().to_string();
            if m.extension().is_none_or(|x| x != "toml") || name == "people" {
                continue;
            }
            let mut boxes: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(&format!("{name}.")))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            boxes.sort();
            v.push((m, boxes));
        }
    }
    v
}

fn run(format: &str, m: &Path, boxes: &[PathBuf]) -> String {
    let mut args =
        vec!["export".to_string(), "--format".into(), format.into(), "--election".into(), m.display().to_string()];
    args.extend(boxes.iter().map(|b| b.display().to_string()));
    let o = zheng(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    out(&o)
}

fn count_json(m: &Path, boxes: &[PathBuf]) -> Value {
    let mut args = vec!["count".to_string(), "--json".into(), "--election".into(), m.display().to_string()];
    args.extend(boxes.iter().map(|b| b.display().to_string()));
    serde_json::from_slice(&zheng(&args.iter().map(String::as_str).collect::<Vec<_>>()).stdout).unwrap()
}

/// For each type written: (required properties, every property it may have).
fn rules() -> BTreeMap<&'static str, (Vec<&'static str>, Vec<&'static str>)> {
    let mut r = BTreeMap::new();
    r.insert(
        "ElectionResults.ElectionReport",
        (
            vec![
                "Format",
                "GeneratedDate",
                "Issuer",
                "IssuerAbbreviation",
                "SequenceEnd",
                "SequenceStart",
                "Status",
                "VendorApplicationId",
            ],
            vec![
                "@type",
                "Election",
                "ExternalIdentifier",
                "Format",
                "GeneratedDate",
                "GpUnit",
                "Header",
                "IsTest",
                "Issuer",
                "IssuerAbbreviation",
                "Notes",
                "Office",
                "OfficeGroup",
                "Party",
                "Person",
                "SequenceEnd",
                "SequenceStart",
                "Status",
                "TestType",
                "VendorApplicationId",
            ],
        ),
    );
    r.insert(
        "ElectionResults.Election",
        (
            vec!["ElectionScopeId", "EndDate", "Name", "StartDate", "Type"],
            vec![
                "@type",
                "BallotCounts",
                "BallotStyle",
                "Candidate",
                "ContactInformation",
                "Contest",
                "CountStatus",
                "ElectionAdministration",
                "ElectionScopeId",
                "EndDate",
                "ExternalIdentifier",
                "Name",
                "OtherType",
                "StartDate",
                "Type",
            ],
        ),
    );
    r.insert(
        "ElectionResults.ReportingUnit",
        (
            vec!["@id", "Type"],
            vec![
                "@id",
                "@type",
                "Authority",
                "ComposingGpUnitIds",
                "ContactInformation",
                "CountStatus",
                "ExternalIdentifier",
                "IsDistricted",
                "IsMailOnly",
                "Name",
                "Number",
                "OtherType",
                "PartyRegistration",
                "SpatialDimension",
                "SubUnitsReported",
                "TotalSubUnits",
                "Type",
                "VotersParticipated",
                "VotersRegistered",
            ],
        ),
    );
    r.insert(
        "ElectionResults.Candidate",
        (
            vec!["@id", "BallotName"],
            vec![
                "@id",
                "@type",
                "BallotName",
                "CampaignSlogan",
                "ContactInformation",
                "ExternalIdentifier",
                "FileDate",
                "IsIncumbent",
                "IsTopTicket",
                "PartyId",
                "PersonId",
                "PostElectionStatus",
                "PreElectionStatus",
            ],
        ),
    );
    r.insert(
        "ElectionResults.CandidateContest",
        (
            vec!["@id", "ElectionDistrictId", "Name", "VotesAllowed"],
            vec![
                "@id",
                "@type",
                "Abbreviation",
                "BallotSubTitle",
                "BallotTitle",
                "ContestSelection",
                "CountStatus",
                "ElectionDistrictId",
                "ExternalIdentifier",
                "HasRotation",
                "Name",
                "NumberElected",
                "NumberRunoff",
                "OfficeIds",
                "OtherCounts",
                "OtherVoteVariation",
                "PrimaryPartyIds",
                "SequenceOrder",
                "SubUnitsReported",
                "TotalSubUnits",
                "VoteVariation",
                "VotesAllowed",
            ],
        ),
    );
    r.insert(
        "ElectionResults.CandidateSelection",
        (
            vec!["@id"],
            vec!["@id", "@type", "CandidateIds", "EndorsementPartyIds", "IsWriteIn", "SequenceOrder", "VoteCounts"],
        ),
    );
    r.insert(
        "ElectionResults.VoteCounts",
        (
            vec!["Count", "GpUnitId", "Type"],
            vec!["@type", "Count", "GpUnitId", "IsSuppressedForPrivacy", "OtherType", "Round", "Type"],
        ),
    );
    r.insert(
        "ElectionResults.BallotCounts",
        (
            vec!["GpUnitId", "Type"],
            vec![
                "@type",
                "BallotsCast",
                "BallotsOutstanding",
                "BallotsRejected",
                "GpUnitId",
                "IsSuppressedForPrivacy",
                "OtherType",
                "Type",
            ],
        ),
    );
    r.insert(
        "ElectionResults.OtherCounts",
        (vec!["GpUnitId"], vec!["@type", "DeviceClass", "GpUnitId", "Overvotes", "Undervotes", "WriteIns"]),
    );
    r.insert("ElectionResults.InternationalizedText", (vec!["Text"], vec!["@type", "Label", "Text"]));
    r.insert("ElectionResults.LanguageString", (vec!["Content", "Language"], vec!["@type", "Content", "Language"]));
    r
}

/// The enumerations of the properties written.
fn enums() -> BTreeMap<(&'static str, &'static str), Vec<&'static str>> {
    let count_item = vec![
        "absentee",
        "absentee-fwab",
        "absentee-in-person",
        "absentee-mail",
        "early",
        "election-day",
        "other",
        "provisional",
        "seats",
        "total",
        "uocava",
        "write-in",
    ];
    let mut e = BTreeMap::new();
    e.insert(("ElectionResults.ElectionReport", "Format"), vec!["precinct-level", "summary-contest"]);
    e.insert(
        ("ElectionResults.ElectionReport", "Status"),
        vec!["certified", "correction", "pre-election", "recount", "unofficial-complete", "unofficial-partial"],
    );
    e.insert(
        ("ElectionResults.Election", "Type"),
        vec!["general", "other", "partisan-primary-closed", "partisan-primary-open", "primary", "runoff", "special"],
    );
    e.insert(("ElectionResults.VoteCounts", "Type"), count_item.clone());
    e.insert(("ElectionResults.BallotCounts", "Type"), count_item);
    e.insert(
        ("ElectionResults.Candidate", "PostElectionStatus"),
        vec!["advanced-to-runoff", "defeated", "projected-winner", "winner", "withdrawn"],
    );
    e.insert(
        ("ElectionResults.CandidateContest", "VoteVariation"),
        vec![
            "approval",
            "borda",
            "cumulative",
            "majority",
            "n-of-m",
            "other",
            "plurality",
            "proportional",
            "range",
            "rcv",
            "super-majority",
        ],
    );
    e.insert(
        ("ElectionResults.ReportingUnit", "Type"),
        vec![
            "ballot-batch",
            "ballot-style-area",
            "borough",
            "city",
            "city-council",
            "combined-precinct",
            "congressional",
            "country",
            "county",
            "county-council",
            "drop-box",
            "judicial",
            "municipality",
            "other",
            "polling-place",
            "precinct",
            "school",
            "special",
            "split-precinct",
            "state",
            "state-house",
            "state-senate",
            "town",
            "township",
            "utility",
            "village",
            "vote-center",
            "ward",
            "water",
        ],
    );
    e
}

/// Every object with an `@type`, checked against the rules; every `@id` collected.
fn check(v: &Value, at: &str, problems: &mut Vec<String>, ids: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(t)) = o.get("@type") {
                let rules = rules();
                let Some((required, allowed)) = rules.get(t.as_str()) else {
                    problems.push(format!("{at}: type {t} is not one this check knows"));
                    return;
                };
                for r in required {
                    if !o.contains_key(*r) {
                        problems.push(format!("{at}: {t} lacks {r}"));
                    }
                }
                for k in o.keys().filter(|k| !allowed.contains(&k.as_str())) {
                    problems.push(format!("{at}: {t} has {k}, which the schema does not define"));
                }
                for ((ty, key), values) in enums() {
                    if let Some(Value::String(x)) = o.get(key)
                        && ty == t
                        && !values.contains(&x.as_str())
                    {
                        problems.push(format!("{at}: {t}.{key} = {x:?} is not in the enumeration"));
                    }
                }
                if let Some(Value::String(id)) = o.get("@id")
                    && ids.insert(id.clone(), t.clone()).is_some()
                {
                    problems.push(format!("{at}: @id {id} twice"));
                }
            }
            for (k, x) in o {
                check(x, &format!("{at}.{k}"), problems, ids);
            }
        }
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| check(x, &format!("{at}[{i}]"), problems, ids)),
        _ => {}
    }
}

/// Every reference, resolved to an object of the right type.
fn references(v: &Value, ids: &BTreeMap<String, String>, problems: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let want = match k.as_str() {
                    "GpUnitId" | "ElectionScopeId" | "ElectionDistrictId" => Some("ElectionResults.ReportingUnit"),
                    "CandidateIds" | "ComposingGpUnitIds" => None,
                    _ => {
                        references(x, ids, problems);
                        continue;
                    }
                };
                let refs: Vec<&str> = match x {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                let want = want.unwrap_or(if k == "CandidateIds" {
                    "ElectionResults.Candidate"
                } else {
                    "ElectionResults.ReportingUnit"
                });
                for r in refs {
                    if ids.get(r).map(String::as_str) != Some(want) {
                        problems.push(format!("{k} {r} does not name a {want}"));
                    }
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, ids, problems)),
        _ => {}
    }
}

#[test]
fn nist_exports_follow_the_schema_and_add_up_to_the_count() {
    for (m, boxes) in fixtures() {
        let j: Value = serde_json::from_str(&run("nist-1500-100", &m, &boxes)).unwrap();
        let (mut problems, mut ids) = (Vec::new(), BTreeMap::new());
        check(&j, "$", &mut problems, &mut ids);
        references(&j, &ids, &mut problems);
        assert!(problems.is_empty(), "{}: {problems:#?}", m.display());
        let count = count_json(&m, &boxes);
        let election = &j["Election"][0];
        for (ci, c) in election["Contest"].as_array().unwrap().iter().enumerate() {
            let want = &count["contests"][ci];
            for (si, s) in c["ContestSelection"].as_array().unwrap().iter().enumerate() {
                let totals: Vec<&Value> =
                    s["VoteCounts"].as_array().unwrap().iter().filter(|x| x["Type"] == "total").collect();
                let (village, per_box): (Vec<&&Value>, Vec<&&Value>) =
                    totals.iter().partition(|x| x["GpUnitId"] == "gpu-village");
                let sum: u64 = per_box.iter().map(|x| x["Count"].as_u64().unwrap()).sum();
                assert_eq!(village[0]["Count"].as_u64(), Some(sum), "{}: the boxes add up", m.display());
                assert_eq!(Some(sum), want["tally"][si]["votes"].as_u64(), "{}: the count's votes", m.display());
            }
        }
        let cast: u64 = election["BallotCounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["GpUnitId"] != "gpu-village")
            .map(|b| b["BallotsCast"].as_u64().unwrap())
            .sum();
        assert_eq!(Some(cast), count["ballots"].as_u64());
        let units: BTreeSet<&str> =
            j["GpUnit"].as_array().unwrap().iter().map(|u| u["Type"].as_str().unwrap()).collect();
        assert_eq!(units, BTreeSet::from(["polling-place", "village"]));
    }
}

/// The check above fails on what the schema forbids (so it can fail).
#[test]
fn the_schema_check_catches_a_missing_field_and_a_bad_word() {
    let (m, boxes) = fixtures().remove(0);
    let mut j: Value = serde_json::from_str(&run("nist-1500-100", &m, &boxes)).unwrap();
    j.as_object_mut().unwrap().remove("Issuer");
    j["Election"][0]["Type"] = Value::from("first");
    j["Election"][0]["Contest"][0]["ContestSelection"][0]["CandidateIds"][0] = Value::from("nobody");
    let (mut problems, mut ids) = (Vec::new(), BTreeMap::new());
    check(&j, "$", &mut problems, &mut ids);
    references(&j, &ids, &mut problems);
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

/// NIST's own schema file, when this machine has it (see the module's note).
fn nist_schema_file() -> Option<PathBuf> {
    let named = std::env::var_os("ZHENG_NIST_SCHEMA").map(PathBuf::from);
    let shared = root().join("../shared/nist/NIST_V2_election_results_reporting.json");
    named.into_iter().chain([shared]).find(|p| p.is_file())
}

/// Every fixture's export is valid against NIST SP 1500-100 v2's published JSON schema, and a
/// document the schema forbids is not (so the check can fail). Without the file the test says so
/// and is skipped — except under CI (`CI` set, as `.ci/run` sets it), where CI's machine has the
/// file beside the project and its absence is a failure, never a skip.
#[test]
fn nist_exports_are_valid_against_nists_own_schema_file() {
    let Some(file) = nist_schema_file() else {
        let why = "nist_exports_are_valid_against_nists_own_schema_file: NIST's schema file is not on \
                   this machine (ZHENG_NIST_SCHEMA, or ../shared/nist/NIST_V2_election_results_reporting.json \
                   beside the project)";
        assert!(std::env::var_os("CI").is_none(), "{why}: under CI it must be");
        // Straight to the process's stderr, past the test harness's capture: a skip shows in a log.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED {why}; the hand-transcribed check above still ran");
        return;
    };
    let schema: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#", "{}", file.display());
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let mut first = None;
    for (m, boxes) in fixtures() {
        let j: Value = serde_json::from_str(&run("nist-1500-100", &m, &boxes)).unwrap();
        let errors: Vec<String> = validator.iter_errors(&j).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{} against {}: {errors:#?}", m.display(), file.display());
        first.get_or_insert(j);
    }
    let mut j = first.unwrap();
    j.as_object_mut().unwrap().remove("Issuer");
    j["GpUnit"][0]["Type"] = Value::from("hamlet");
    assert_eq!(validator.iter_errors(&j).count(), 2);
}

#[test]
fn csv_rows_per_box_add_up_to_the_totals() {
    for (m, boxes) in fixtures() {
        let text = run("csv", &m, &boxes);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let mut by_box: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
        for row in r.records() {
            let row = row.unwrap();
            let key = (row[2].to_string(), row[4].to_string());
            let votes: u64 = row[7].parse().unwrap();
            if &row[1] == "*" {
                totals.insert(key, votes);
            } else {
                *by_box.entry(key).or_default() += votes;
            }
        }
        for (k, v) in &by_box {
            assert_eq!(totals.get(k), Some(v), "{}: {k:?}", m.display());
        }
        let count = count_json(&m, &boxes);
        for c in count["contests"].as_array().unwrap() {
            for t in c["tally"].as_array().unwrap() {
                let key = t["id"].as_str().or(t["name"].as_str()).unwrap().to_string();
                assert_eq!(totals.get(&(c["id"].as_str().unwrap().to_string(), key)).copied(), t["votes"].as_u64());
            }
        }
    }
}

/// A bundle's export: only once it verifies; the same numbers as a count of its boxes.
#[test]
fn a_bundle_is_exported_once_it_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let o = zheng(&["export", "--format", "csv", "--bundle", bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let from_bundle = out(&o);
    let vc = root().join("fixtures/kengtou-vc");
    let boxes: Vec<PathBuf> =
        ["central", "mobile", "station-1", "station-2"].iter().map(|s| vc.join(format!("{s}.jsonl"))).collect();
    assert_eq!(from_bundle, run("csv", &bundle.join("manifest.toml"), &boxes));
    std::fs::write(bundle.join("outcome.json"), "{}").unwrap();
    let o = zheng(&["export", "--format", "nist-1500-100", "--bundle", bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}
