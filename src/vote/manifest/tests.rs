//! A manifest read and validated: a good one, and every kind of problem found with its line.

use std::path::Path;

use super::*;
use crate::error::{Error, Located};
use crate::vote::model::{StaffRole, StationKind};

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
    let text: Vec<String> = ps.iter().map(|p| format!("{:?}:{}: {}", p.line, p.field, p.problem.en())).collect();
    assert!(ps.iter().any(|p| p.field.ends_with(".seats") && p.line == Some(14)), "{text:#?}");
    assert!(ps.iter().any(|p| p.field.ends_with(".gender") && p.problem.en().contains("women-only")), "{text:#?}");
    assert!(ps.iter().any(|p| p.field == "election.registered" && p.problem.en().contains("101")), "{text:#?}");
    assert!(ps.iter().any(|p| p.problem.en().contains("duplicate station id")), "{text:#?}");
    assert_eq!(ps.len(), 4, "{text:#?}");
}

#[test]
fn unknown_profile_and_mismatched_profile() {
    let ps = problems(&GOOD.replace("zj-vc-2020", "zj-vc-2019"));
    assert!(ps[0].problem.en().contains("unknown rules profile"));
    let ps = problems(&GOOD.replace("zj-vc-2020", "cpc-2020"));
    assert!(ps[0].problem.en().contains("not for body"));
}

#[test]
fn syntax_and_unknown_fields_name_the_line() {
    match parse(&GOOD.replace("seats = 1\nwomen_only", "seets = 1\nwomen_only")) {
        Err(Error::Manifest(m)) => {
            assert_eq!(m.problems[0].line, Some(23), "{:?}", m.problems);
            assert!(m.problems[0].problem.en().contains("seets"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_people_one_name_and_one_id_two_names() {
    let ps = problems(&GOOD.replace("name = \"孙三\"", "name = \"钱二\""));
    assert!(ps[0].problem.en().contains("may not share a name"), "{ps:?}");
    let ps = problems(&GOOD.replace("{ id = \"c03\", name = \"孙三\"", "{ id = \"c01\", name = \"孙三\""));
    assert!(ps[0].problem.en().contains("one id, one person"), "{ps:?}");
}

/// Contract §5: a candidate may name their register person; one listed person is one
/// register person, and the canonical form carries it only when given.
#[test]
fn register_person_one_to_one() {
    let with = GOOD.replace("{ id = \"c02\", name = \"钱二\" }", "{ id = \"c02\", name = \"钱二\", person = \"p2\" }");
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
    assert!(ps[0].problem.en().contains("register person \"p2\" is also candidate \"c02\""), "{ps:?}");
    let bad = with.replace("person = \"p2\"", "person = \"p 2\"");
    assert!(problems(&bad)[0].field.ends_with(".person"));
}

/// ZJE22: a box may name its counting team by register person and role; the canonical form
/// carries the team only when given; an unknown role, a bad id or a person listed twice is
/// refused with the station named.
#[test]
fn zje22_a_box_names_its_counting_team() {
    let team =
        "kind = \"mobile\"\nstaff = [{ person = \"p7\", role = \"caller\" }, { person = \"p8\", role = \"monitor\" }]";
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
    assert!(ps[0].problem.en().contains("watcher") && ps[0].line.is_some(), "{ps:?}");
    let ps = problems(&with.replace("\"p8\"", "\"p 8\""));
    assert_eq!(ps[0].field, "station[1] \"mobile\".staff[1].person", "{ps:?}");
    let ps = problems(&with.replace("\"p8\"", "\"p7\""));
    assert!(ps[0].problem.en().contains("listed twice"), "{ps:?}");
}
