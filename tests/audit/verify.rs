//! `zheng verify BUNDLE --audit AUDIT` against an honest audit and against one changed behind its
//! back.

use crate::common::{err, out, zheng, zheng_default};
use serde_json::Value;

use super::{SEED, piles, planned, read_line, status, zheng_in};

/// `zheng verify BUNDLE --audit AUDIT` recomputes the plan, every draw, every risk and the verdict
/// from the bundle, the seed and the recorded paper: an honest audit rechecks (exit 0); a recorded
/// paper ballot changed in the database, or a status that says other than the paper, fails (exit 1)
/// naming the check; a plan changed after it was made is no audit at all (exit 2).
#[test]
fn verify_audit_recomputes_every_number_of_the_audit() {
    let p = planned();
    let piles = piles();
    let input: String = p.sample().iter().map(|b| read_line(&piles, b) + "\n").collect();
    assert_eq!(zheng_in(&["audit", "record", "--audit", p.audit()], &input).status.code(), Some(0));
    let _ = status(p.audit()); // writes status.json, the audit's statement
    let bundle = p.bundle.to_str().unwrap();
    let verify = || zheng(&["verify", bundle, "--audit", p.audit()]);
    let o = verify();
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("A4 ✓"), "{}", out(&o));
    let json = zheng(&["verify", bundle, "--audit", p.audit(), "--json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["audit"].as_array().unwrap().len(), 4);
    assert!(v["audit"].as_array().unwrap().iter().all(|c| c["passed"] == true), "{v}");

    // A paper ballot changed behind the audit's back: the risks no longer recompute.
    let db = rusqlite::Connection::open(p.audit.join("audit.sqlite")).unwrap();
    let first = &p.sample()[0];
    db.execute("UPDATE paper SET line = '{\"spoiled\":true}' WHERE ballot = ?1", [first]).unwrap();
    drop(db);
    let o = verify();
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("A4 ✗"), "the status check fails: {}", out(&o));

    // The status recomputed and kept: it rechecks again; then a status.json edited by hand fails.
    let _ = status(p.audit());
    assert_eq!(verify().status.code(), Some(0));
    let path = p.audit.join("status.json");
    let text = std::fs::read_to_string(&path).unwrap().replace("\"confirmed\": true", "\"confirmed\": false");
    std::fs::write(&path, text).unwrap();
    assert_eq!(verify().status.code(), Some(1));

    // A plan changed after it was made: not this audit any more.
    let plan = p.audit.join("plan.json");
    let text = std::fs::read_to_string(&plan).unwrap().replacen(SEED, "99999999999999999999", 1);
    std::fs::write(&plan, text).unwrap();
    let o = verify();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!err(&o).trim().is_empty());
}

/// Issue 21: an outcome file that differs from the recomputation is said as a supervisor reads it —
/// the post, the person and both numbers — not only as the byte where the files part.
#[test]
fn verify_names_the_post_person_and_numbers_an_outcome_file_gets_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = super::demo_bundle(dir.path());
    let path = bundle.join("outcome.json");
    let mut o: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let line = &mut o["contests"][0]["tally"][0];
    let (name, votes) = (line["name"].as_str().unwrap().to_string(), line["votes"].as_u64().unwrap());
    line["votes"] = Value::from(votes + 1);
    std::fs::write(&path, serde_json::to_vec_pretty(&o).unwrap()).unwrap();
    let en = out(&zheng(&["verify", bundle.to_str().unwrap(), "--lang", "en"]));
    let said = format!("post 主任 (chair), {name}: file {} votes, recomputed {votes}", votes + 1);
    assert!(en.contains(&said), "{en}");
    let zh = out(&zheng_default(&["verify", bundle.to_str().unwrap()]));
    assert!(zh.contains(&format!("主任 {name}：文件 {} 票，复算 {votes} 票", votes + 1)), "{zh}");
}
