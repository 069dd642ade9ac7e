//! A village's votes together, from the register and outcomes of the law's cases.

use std::path::{Path, PathBuf};

use super::*;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::manifest::Election;
use crate::vote::register::{Kinship, VillageOffice};

/// 赵一 (a) is married to 钱二 (b); 孙三 (c) is 赵一's grandchild; 李四 (d) and 周五 (e) are
/// unrelated; 吴六 (f) is 李四's sibling; 郑七 (g) is the village bookkeeper.
const PEOPLE: &str = r#"
village = "坑头村"
[[person]]
id = "a"
name = "赵一"
gender = "M"
born = 1960
education = "college"
[[person]]
id = "b"
name = "钱二"
gender = "F"
born = 1962
[[person]]
id = "c"
name = "孙三"
born = 1995
[[person]]
id = "d"
name = "李四"
born = 1980
[[person]]
id = "e"
name = "周五"
born = 1970
[[person]]
id = "f"
name = "吴六"
born = 1982
[[person]]
id = "g"
name = "郑七"
born = 1985
office = "bookkeeper"
[[relation]]
a = "a"
b = "b"
kind = "spouse"
[[relation]]
a = "a"
b = "c"
kind = "grandparent"
[[relation]]
a = "d"
b = "f"
kind = "sibling"
"#;

fn register() -> Register {
    Register::from_toml(PEOPLE, Path::new("people.toml")).unwrap()
}

/// A vote of `body` in which every voter elects exactly these people to these posts.
fn vote(body: &str, rules: &str, posts: &[(&str, &[&str])]) -> Outcome {
    let mut m = format!(
        "format = 1\n[election]\nid = \"v-{body}\"\nvillage = \"坑头村\"\nbody = \"{body}\"\nrules = \"{rules}\"\ndate = \"2020-11-18\"\nregistered = 10\n"
    );
    let mut ballot = Vec::new();
    for (post, names) in posts {
        let ks: Vec<String> =
            names.iter().map(|n| format!("{{ id = \"{}\", name = \"{n}\" }}", register().named(n)[0])).collect();
        m.push_str(&format!(
            "[[contest]]\nid = \"{post}\"\nseats = {}\ncandidates = [ {} ]\n",
            names.len(),
            ks.join(", ")
        ));
        let ids: Vec<String> = names.iter().map(|n| format!("\"{}\"", register().named(n)[0])).collect();
        ballot.push(format!("\"{post}\":[{}]", ids.join(",")));
    }
    m.push_str("[[station]]\nid = \"s\"\n");
    let e = Election::from_toml(&m, Path::new("e.toml")).unwrap();
    let line = format!("{{{}}}\n", ballot.join(","));
    let bytes = format!("{{\"station\":\"s\",\"voters\":10}}\n{}", line.repeat(10));
    let counts = count_boxes(&e, &[BoxSource::Memory(PathBuf::from("s"), bytes.as_bytes())], false).unwrap();
    Outcome::new(&e, &counts)
}

fn rules_of(v: &Village) -> Vec<(Rule, Option<Kinship>)> {
    v.conflicts.iter().map(|c| (c.rule(), c.relation)).collect()
}

/// ZJE31 (plan 二): spouses may not serve on the villagers' committee and a cooperative board.
#[test]
fn zje31_close_relatives_across_bodies() {
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["李四"])]);
    let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["钱二"])]);
    let v = Village::new(&register(), &[vc, cm]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::Zje31, Some(Kinship::Spouse))]);
    assert_eq!((v.conflicts[0].a.name.as_str(), v.conflicts[0].b.as_ref().unwrap().name.as_str()), ("赵一", "钱二"));
}

/// ZJI30: a supervision member may not be a villagers' committee member, nor in their wider
/// circle (grandchildren too); supervision members related to each other are not parted.
#[test]
fn zji30_supervision_and_the_villagers_committee() {
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["李四"])]);
    let sv =
        vote("supervision-committee", "zj-supervision-2020", &[("chair", &["李四"]), ("member", &["孙三", "周五"])]);
    let v = Village::new(&register(), &[vc.clone(), sv]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::Zji30, Some(Kinship::Grandchild)), (Rule::Zji30, None)]);
    let sv = vote("supervision-committee", "zj-supervision-2020", &[("member", &["吴六", "周五"])]);
    let v = Village::new(&register(), &[vc, sv]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::Zji30, Some(Kinship::Sibling))], "吴六 is 李四's sibling");
}

/// ZJI30: nor may the village's clerk or bookkeeper sit on the supervision committee; on the
/// villagers' committee they may.
#[test]
fn zji30_the_clerk_and_the_bookkeeper() {
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["郑七"])]);
    let v = Village::new(&register(), &[vc]).unwrap();
    assert!(v.conflicts.is_empty());
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
    let sv = vote("supervision-committee", "zj-supervision-2020", &[("member", &["郑七", "周五"])]);
    let v = Village::new(&register(), &[vc, sv]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::Zji30, None)]);
    let c = &v.conflicts[0];
    assert_eq!(c.ground, Ground::OfficeHolderSupervises);
    assert_eq!((c.a.name.as_str(), c.b.is_none(), c.office), ("郑七", true, Some(VillageOffice::Bookkeeper)));
}

/// ZJC25: nobody sits on both cooperative boards.
#[test]
fn zjc25_one_board_only() {
    let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["周五"])]);
    let cs = vote("coop-supervision", "zj-coop-rep-2020", &[("chair", &["周五"])]);
    let v = Village::new(&register(), &[cm, cs]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::Zjc25, None)]);
}

/// Plan (二): the holder of all three top posts may not serve with grandparents or
/// grandchildren; anyone else may.
#[test]
fn plan_yijiantiao_wider_circle() {
    let po = vote("party-officers", "cpc-2020", &[("secretary", &["赵一"])]);
    let pc = vote("party-committee", "cpc-2020", &[("committee", &["赵一", "孙三", "李四"])]);
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
    let cm = vote("coop-management", "zj-coop-rep-2020", &[("head", &["赵一"])]);
    let v = Village::new(&register(), &[po.clone(), pc.clone(), vc, cm]).unwrap();
    assert_eq!(rules_of(&v), vec![(Rule::PlanYijiantiao, Some(Kinship::Grandchild))]);
    let yjt = v.structure.targets.iter().find(|t| t.code == TargetCode::Yijiantiao).unwrap();
    assert_eq!(yjt.goal, Goal::WhereverPossible);
    assert_eq!((yjt.value.as_str(), yjt.verdict), ("赵一", Verdict::Met));
    // Without the cooperative head, nobody holds all three: the grandchild may serve.
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"])]);
    let v = Village::new(&register(), &[po, pc, vc]).unwrap();
    assert!(v.conflicts.is_empty());
}

/// The plan's targets: sizes 3–7, a woman on each committee, a graduate and someone 35 or
/// under, bodies not yet elected pending.
#[test]
fn plan_structure_targets() {
    let vc = vote("villagers-committee", "zj-vc-2020", &[("chair", &["赵一"]), ("member", &["孙三", "李四"])]);
    let v = Village::new(&register(), &[vc]).unwrap();
    let get = |code: &str| v.structure.targets.iter().find(|t| t.code.to_string() == code).unwrap().clone();
    assert_eq!(
        (get("size-villagers-committee").value.as_str(), get("size-villagers-committee").verdict),
        ("3", Verdict::Met)
    );
    assert_eq!(get("size-villagers-committee").goal, Goal::Range { lo: 3, hi: 7 });
    assert_eq!(get("size-party-committee").verdict, Verdict::None, "not held: not judged");
    assert_eq!(get("women-villagers-committee").verdict, Verdict::Missed);
    assert_eq!(get("graduate").verdict, Verdict::Met, "赵一: college");
    assert_eq!(get("aged-35-or-under").value, "1 孙三", "2020 − 1995 = 25");
    assert_eq!(get("average-age").value, "41.6 (3)", "(60 + 25 + 40) / 3 = 41.67, written 41.6");
    assert_eq!(get("pending").value, "4", "four bodies not held");
    assert_eq!(v.pending.iter().filter(|p| p.what == PendingKind::NotHeld).count(), 4);
}
