//! The register read and validated, and kinship as it answers it: declared, derived, and the law's
//! circles.

use std::path::Path;

use super::*;
use crate::error::Error;
use crate::vote::model::Gender;

/// A family over three generations, and one unrelated villager:
/// 蓝老 (g1) and 雷婆 (g2) are married; their children 蓝国平 (p01) and 蓝国英 (p02); p01's wife 钟秀 (p03);
/// their son 蓝小平 (p04, both his parents declared); 钟秀's mother 钟婆 (m1); p02's daughter 李芳 (p05); 吴明 (x) is nobody's kin.
const FAMILY: &str = r#"
village = "坑头村"
[[person]]
id = "g1"
name = "蓝老"
gender = "M"
born = 1940
[[person]]
id = "g2"
name = "雷婆"
gender = "F"
[[person]]
id = "p01"
name = "蓝国平"
gender = "M"
born = 1975
education = "college"
ethnicity = "畲族"
[[person]]
id = "p02"
name = "蓝国英"
[[person]]
id = "p03"
name = "钟秀"
[[person]]
id = "p04"
name = "蓝小平"
[[person]]
id = "m1"
name = "钟婆"
[[person]]
id = "p05"
name = "李芳"
[[person]]
id = "x"
name = "吴明"
[[relation]]
a = "g1"
b = "g2"
kind = "spouse"
[[relation]]
a = "g1"
b = "p01"
kind = "parent"
[[relation]]
a = "g2"
b = "p02"
kind = "parent"
[[relation]]
a = "p01"
b = "p03"
kind = "spouse"
[[relation]]
a = "p01"
b = "p04"
kind = "parent"
[[relation]]
a = "m1"
b = "p03"
kind = "parent"
[[relation]]
a = "p02"
b = "p05"
kind = "parent"
[[relation]]
a = "p03"
b = "p04"
kind = "parent"
"#;

fn family() -> Register {
    Register::from_toml(FAMILY, Path::new("people.toml")).unwrap()
}

fn kin(r: &Register, x: &str, y: &str) -> Option<Kinship> {
    r.kinship(r.index(x).unwrap(), r.index(y).unwrap())
}

fn problems(text: &str) -> Vec<(Option<usize>, String, String)> {
    match Register::from_toml(text, Path::new("people.toml")) {
        Err(Error::Register(e)) => e.problems.into_iter().map(|p| (p.line, p.field, p.problem.en())).collect(),
        other => panic!("{other:?}"),
    }
}

/// Contract §5: the register's example reads, with every field kept.
#[test]
fn contract_5_example_reads() {
    let text = "village = \"坑头村\"\n[[person]]\nid = \"p01\"\nname = \"蓝国平\"\ngender = \"M\"\nborn = 1975\neducation = \"college\"\nethnicity = \"畲族\"\n[[person]]\nid = \"p07\"\nname = \"雷秀\"\n[[relation]]\na = \"p01\"\nb = \"p07\"\nkind = \"spouse\"\n";
    let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
    assert_eq!(r.village(), "坑头村");
    let p = r.person("p01").unwrap();
    assert_eq!(
        (p.gender, p.born, p.education.as_deref(), p.ethnicity.as_deref()),
        (Some(Gender::M), Some(1975), Some("college"), Some("畲族"))
    );
    assert_eq!(kin(&r, "p01", "p07"), Some(Kinship::Spouse));
    assert_eq!(kin(&r, "p07", "p01"), Some(Kinship::Spouse));
}

/// ZJE31: spouses, parent and child, and siblings are close relatives — declared, from either
/// side, and siblings also through a parent they share.
#[test]
fn zje31_close_relatives_declared_and_through_a_shared_parent() {
    let r = family();
    assert_eq!(kin(&r, "p01", "p03"), Some(Kinship::Spouse));
    assert_eq!(kin(&r, "p01", "p04"), Some(Kinship::Parent));
    assert_eq!(kin(&r, "p04", "p01"), Some(Kinship::Child));
    // p01's declared parent is g1, p02's is g2: no parent in common, so not siblings by the
    // register alone — the register must say so (see the next test).
    assert_eq!(kin(&r, "p01", "p02"), None);
    let both = FAMILY.replace("a = \"g2\"\nb = \"p02\"", "a = \"g1\"\nb = \"p02\"");
    let r2 = Register::from_toml(&both, Path::new("people.toml")).unwrap();
    assert_eq!(kin(&r2, "p01", "p02"), Some(Kinship::Sibling), "children of one parent");
    for k in [Kinship::Spouse, Kinship::Parent, Kinship::Child, Kinship::Sibling] {
        assert!(k.is_close(), "{k:?}");
    }
    assert!(!Kinship::Grandparent.is_close() && !Kinship::Grandchild.is_close());
}

/// The 一肩挑 holder's wider circle [plan] and ZJI30's close relatives take in grandparents and
/// grandchildren, on the father's and the mother's side.
#[test]
fn zji30_and_yijiantiao_grandparents_on_either_side() {
    let r = family();
    assert_eq!(kin(&r, "g1", "p04"), Some(Kinship::Grandparent), "father's father");
    assert_eq!(kin(&r, "p04", "g1"), Some(Kinship::Grandchild));
    assert_eq!(kin(&r, "g2", "p05"), Some(Kinship::Grandparent), "mother's mother");
    assert!(Kinship::Grandparent.is_wider() && Kinship::Grandchild.is_wider() && Kinship::Spouse.is_wider());
}

/// Kinship is what rules.md lists and nothing more: in-laws, cousins, aunts and uncles and
/// people the register does not relate are not kin; nor is anyone their own relative.
#[test]
fn rules_no_kinship_beyond_the_listed_circle() {
    let r = family();
    assert_eq!(kin(&r, "m1", "p01"), None, "a wife's mother");
    assert_eq!(kin(&r, "m1", "p04"), Some(Kinship::Grandparent), "but the son's mother's mother");
    assert_eq!(kin(&r, "p04", "p05"), None, "cousins");
    assert_eq!(kin(&r, "p02", "p04"), None, "aunt and nephew");
    assert_eq!(kin(&r, "x", "p01"), None);
    assert_eq!(kin(&r, "p01", "p01"), None);
}

/// ZJI30 names the village's clerk and bookkeeper: the register marks them with `office`; any
/// other word is refused with its line.
#[test]
fn zji30_the_clerk_and_bookkeeper_are_marked() {
    let text = "village = \"坑头村\"\n[[person]]\nid = \"a\"\nname = \"张伟\"\noffice = \"clerk\"\n[[person]]\nid = \"b\"\nname = \"李四\"\noffice = \"bookkeeper\"\n[[person]]\nid = \"c\"\nname = \"王五\"\n";
    let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
    let offices: Vec<_> = r.people().iter().map(|p| p.office).collect();
    assert_eq!(offices, [Some(VillageOffice::Clerk), Some(VillageOffice::Bookkeeper), None]);
    let bad = text.replace("\"bookkeeper\"", "\"treasurer\"");
    let e = Register::from_toml(&bad, Path::new("people.toml")).unwrap_err().to_string();
    assert!(e.contains("people.toml:9:") && e.contains("treasurer"), "{e}");
}

/// Names are compared in the law's form, and a shared name gives every person who bears it.
#[test]
fn names_in_the_laws_form_and_shared_names_all_found() {
    let text = "village = \"坑头村\"\n[[person]]\nid = \"a\"\nname = \"张伟\"\n[[person]]\nid = \"b\"\nname = \" 张 伟 \"\n[[person]]\nid = \"c\"\nname = \"ＡＢ\"\n";
    let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
    assert_eq!(r.named("张伟"), vec![0, 1]);
    assert_eq!(r.named("AB"), vec![2]);
    assert_eq!(r.named("李四"), Vec::<usize>::new());
}

/// Every problem is found in one pass, each at its line and field.
#[test]
fn every_problem_located() {
    let text = "village = \" \"
[[person]]
id = \"p 1\"
name = \"甲\"
[[person]]
id = \"p2\"
name = \"乙\"
born = 1800
[[person]]
id = \"p2\"
name = \"\"
[[person]]
id = \"p3\"
name = \"丙\"
[[person]]
id = \"p4\"
name = \"丁\"
[[person]]
id = \"p5\"
name = \"戊\"
[[relation]]
a = \"p2\"
b = \"nobody\"
kind = \"spouse\"
[[relation]]
a = \"p3\"
b = \"p3\"
kind = \"sibling\"
[[relation]]
a = \"p3\"
b = \"p4\"
kind = \"parent\"
[[relation]]
a = \"p4\"
b = \"p3\"
kind = \"spouse\"
[[relation]]
a = \"p4\"
b = \"p5\"
kind = \"parent\"
[[relation]]
a = \"p5\"
b = \"p3\"
kind = \"parent\"
";
    let ps = problems(text);
    let has = |line: usize, field: &str, words: &str| {
        assert!(
            ps.iter().any(|(l, f, m)| *l == Some(line) && f == field && m.contains(words)),
            "no problem at line {line}, {field}, with {words:?}: {ps:#?}"
        )
    };
    has(1, "village", "empty");
    has(2, "person[0] \"p 1\".id", "1–64 characters");
    has(5, "person[1] \"p2\".born", "1800");
    has(9, "person[2] \"p2\".id", "listed twice");
    has(9, "person[2] \"p2\".name", "empty");
    has(21, "relation[0].b", "is not in the register");
    has(25, "relation[1].b", "related to themselves");
    has(33, "relation[3]", "related already (parent)");
    has(41, "relation[5]", "their own ancestor");
    assert_eq!(ps.len(), 9, "{ps:#?}");
}

/// A third parent, an unknown kind of relation and an unknown field are refused.
#[test]
fn impossible_or_unknown_relations_refused() {
    let three = "village = \"v\"\n[[person]]\nid = \"a\"\nname = \"甲\"\n[[person]]\nid = \"b\"\nname = \"乙\"\n[[person]]\nid = \"c\"\nname = \"丙\"\n[[person]]\nid = \"d\"\nname = \"丁\"\n[[relation]]\na = \"a\"\nb = \"d\"\nkind = \"parent\"\n[[relation]]\na = \"b\"\nb = \"d\"\nkind = \"parent\"\n[[relation]]\na = \"c\"\nb = \"d\"\nkind = \"parent\"\n";
    let ps = problems(three);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    assert!(ps[0].2.contains("two parents in the register already"), "{ps:#?}");
    let cousin = three.replacen("kind = \"parent\"", "kind = \"cousin\"", 1);
    assert!(problems(&cousin)[0].2.contains("unknown variant"), "{:?}", problems(&cousin));
    let extra = three.replacen("name = \"甲\"", "name = \"甲\"\nphone = \"1\"", 1);
    assert!(problems(&extra)[0].2.contains("unknown field"), "{:?}", problems(&extra));
}
