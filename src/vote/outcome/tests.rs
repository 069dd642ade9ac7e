//! An outcome read back from its JSON: one as counted checks, with and without its manifest and with
//! kinship avoidance in it; each kind of tampering is refused with its problem.

use std::path::Path;

use serde_json::{Value, json};

use super::*;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::manifest::Election;
use crate::vote::register::Register;
use crate::vote::testing::VC;

fn election() -> Election {
    Election::from_toml(VC, Path::new("t.toml")).unwrap()
}

/// 赵一 (a, chair) and 孙三 (c, member) are married.
fn register() -> Register {
    let text = "village = \"v\"\n[[person]]\nid = \"p1\"\nname = \"赵一\"\n[[person]]\nid = \"p3\"\nname = \"孙三\"\n[[relation]]\na = \"p1\"\nb = \"p3\"\nkind = \"spouse\"\n";
    Register::from_toml(text, Path::new("people.toml")).unwrap()
}

/// Eight voters: a chair elected, two members elected (or, with the register, 孙三 standing down
/// and a run-off for the seat), the party post's for and against, one spoiled ballot.
fn counted(e: &Election, r: Option<&Register>) -> Value {
    let mut text = String::from("{\"station\":\"s\",\"voters\":8}\n");
    for _ in 0..5 {
        text += "{\"chair\":[\"a\"],\"member\":[\"c\",\"d\"],\"party\":{\"for\":[\"p\",\"q\"],\"against\":[\"r\"]}}\n";
    }
    text +=
        "{\"chair\":[\"b\"],\"member\":[\"e\",\"w:张三\"],\"party\":{\"against\":[\"p\"]}}\n{}\n{\"spoiled\":true}\n";
    let sources = [BoxSource::Memory("s.jsonl".into(), text.as_bytes())];
    let o = Outcome::with_register(e, &count_boxes(e, &sources, false).unwrap(), r);
    let counted = crate::vote::count::count_sources(e, &sources, false, r, None).unwrap();
    assert_eq!(counted, o, "count's path: each box added as it is counted");
    serde_json::to_value(&o).unwrap()
}

fn check(v: &Value, e: Option<&Election>) -> Result<Outcome, OutcomeProblem> {
    serde_json::from_value::<StatedOutcome>(v.clone()).unwrap().check(e)
}

/// An outcome as counted reads back as itself, with or without its manifest, kinship avoidance
/// included.
#[test]
fn an_outcome_as_counted_checks() {
    let e = election();
    for r in [None, Some(&register())] {
        let v = counted(&e, r);
        let o = check(&v, Some(&e)).unwrap();
        assert_eq!(serde_json::to_value(&o).unwrap(), v);
        assert!(check(&v, None).is_ok());
    }
    let v = counted(&e, Some(&register()));
    assert_eq!(v["contests"][1]["avoided"][0]["id"], "c", "the case has a member standing down");
}

/// Each kind of tampering is refused with its problem.
#[test]
fn a_tampered_outcome_is_refused() {
    let e = election();
    let v = counted(&e, Some(&register()));
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut t = v.clone();
        change(&mut t);
        check(&t, Some(&e)).unwrap_err()
    };
    let post = |p: &str| p.to_string();
    assert_eq!(refused(&|t| t["ballots"] = json!(9)), OutcomeProblem::BallotsDoNotAdd { station: None });
    assert_eq!(
        refused(&|t| t["stations"][0]["voters"] = json!(9)),
        OutcomeProblem::BoxesDoNotAdd { total: Total::Voters }
    );
    assert_eq!(refused(&|t| t["status"] = json!("void")), OutcomeProblem::Standing { station: None });
    assert_eq!(refused(&|t| t["contests"][0]["bar"] = json!(4)), OutcomeProblem::Bar { post: post("chair") });
    assert_eq!(refused(&|t| t["contests"][0]["blank"] = json!(9)), OutcomeProblem::Counts { post: post("chair") });
    assert_eq!(
        refused(&|t| t["contests"][0]["tally"][0]["votes"] = json!(0)),
        OutcomeProblem::Lines { post: post("chair") }
    );
    assert_eq!(
        refused(&|t| t["contests"][0]["elected"] = json!(["b"])),
        OutcomeProblem::Decision { post: post("chair") }
    );
    assert_eq!(
        refused(&|t| t["contests"][1]["avoided"] = json!([])),
        OutcomeProblem::Decision { post: post("member") },
        "the one who stood down would be elected"
    );
    assert_eq!(
        refused(&|t| t["election"] = json!("other")),
        OutcomeProblem::NotOfManifest { part: ManifestPart::Election }
    );
    assert_eq!(
        refused(&|t| t["contests"][0]["tally"][1]["name"] = json!("钱三")),
        OutcomeProblem::NotOfManifest { part: ManifestPart::Candidates(post("chair")) }
    );
    let mut t = v.clone();
    t["ballots"] = json!(u64::MAX);
    t["valid_ballots"] = json!(u64::MAX);
    assert!(check(&t, None).is_err(), "numbers that would overflow are refused, not added");
}

/// Read from a file, a problem names the file; JSON that is no outcome is refused as before.
#[test]
fn a_file_is_read_then_checked() {
    let e = election();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let mut v = counted(&e, None);
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(load_checked(&path, Some(&e)).is_ok());
    v["contests"][2]["elected"] = json!([]);
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let err = load_checked(&path, None).unwrap_err().to_string();
    assert!(err.contains("o.json: not a consistent outcome: post \"party\""), "{err}");
    std::fs::write(&path, "{}").unwrap();
    let err = load_checked(&path, None).unwrap_err().to_string();
    assert!(err.contains("not an outcome (zheng count --json): line 1: missing field `election`"), "{err}");
}
