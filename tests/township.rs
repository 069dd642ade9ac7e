//! The 郑坑乡 township fixture end to end, as the README runs it (`bash fixtures/zhengkeng/run.sh`):
//! three villages, all four bodies, kinship avoidance within a vote (ZJE31) and a conflict across
//! bodies (ZJI30), a counting-team member who is a candidate's son (ZJE22), a re-vote and a
//! run-off written by `zheng next-round`, then `zheng village` and `zheng township` with the
//! structure report's ✓ and ✗.

use crate::common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

fn load(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn post<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["contests"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

#[test]
fn the_township_fixture_runs_through_next_round_village_and_township() {
    let work = tempfile::tempdir().unwrap();
    let run = crate::common::script_command("bash")
        .env_remove("ZHENG_LANG")
        .arg(root().join("fixtures/zhengkeng/run.sh"))
        .arg(work.path())
        .env("ZHENG", env!("CARGO_BIN_EXE_zheng"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}\n{}", out(&run), err(&run));
    let d = |rel: &str| work.path().join(rel);

    // ZJE31 within 坑头村's villagers' committee: the chair's wife stands down; the two tied behind
    // her both take a seat.
    let vc = load(&d("kengtou/vc.json"));
    assert_eq!(
        post(&vc, "member")["avoided"],
        json!([{"id": "k02", "because": "k01", "relation": "spouse", "article": "ZJE31"}])
    );
    assert_eq!(post(&vc, "member")["elected"], json!(["k04", "k05"]));
    assert_eq!(post(&vc, "member")["outcome"], "filled");

    // 大坑村: first round → re-vote (members) → run-off (vice-chair).
    let first = load(&d("dakeng/vc.json"));
    assert_eq!(post(&first, "member")["revote"], json!({"seats": 1, "candidates": ["d09", "d05"]}));
    assert_eq!(post(&first, "vice")["runoff"], json!({"seats": 1, "candidates": ["d03", "d04"]}));
    let revote = load(&d("dakeng/vc-revote.json"));
    assert_eq!(
        (revote["round"].as_str(), post(&revote, "member")["elected"].clone()),
        (Some("revote"), json!(["d09"]))
    );
    let runoff = load(&d("dakeng/vc-runoff.json"));
    assert_eq!(post(&runoff, "vice")["bar"], 110, "a third of 330 ballots");
    assert_eq!(post(&runoff, "vice")["elected"], json!(["d03"]));

    // The township's structure report, as JSON.
    let dirs: Vec<String> = ["kengtou", "dakeng", "zhengkeng"].iter().map(|v| d(v).display().to_string()).collect();
    let mut args = vec!["township", "--json"];
    args.extend(dirs.iter().map(String::as_str));
    let o = zheng(&args);
    assert_eq!(o.status.code(), Some(1), "a kinship conflict across bodies: exit 1");
    let t: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(t["township"], "郑坑乡");

    // The text says what its numbers count (issue 21): the villages meeting each target, and the
    // township's average age over every member with a birth date (34.0 × 5, 39.1 × 7, 51.8 × 5).
    let mut args = vec!["township"];
    args.extend(dirs.iter().map(String::as_str));
    let text = out(&zheng_default(&args));
    assert!(text.contains("村党组织委员会人数: 达标村 3/3"), "{text}");
    assert!(text.contains("“两委”成员平均年龄: 41.3（17 人有出生日期）"), "{text}");
    assert!(text.contains("“两委”成员平均年龄: 51.8（5 人有出生日期）"), "{text}");
    assert!(!text.contains("0/0"), "{text}");
    let village = |name: &str| t["villages"].as_array().unwrap().iter().find(|v| v["village"] == name).unwrap().clone();
    let target = |v: &Value, code: &str| {
        v["structure"]["targets"].as_array().unwrap().iter().find(|x| x["code"] == code).unwrap().clone()
    };
    let kengtou = village("坑头村");
    assert_eq!(kengtou["conflicts"].as_array().unwrap().len(), 1);
    assert_eq!(kengtou["conflicts"][0]["rule"], "ZJI30");
    assert_eq!(
        (kengtou["conflicts"][0]["a"]["name"].as_str(), kengtou["conflicts"][0]["b"]["name"].as_str()),
        (Some("蓝国平"), Some("蓝国华"))
    );
    assert_eq!(target(&kengtou, "minority")["verdict"], "met");
    assert_eq!(target(&kengtou, "yijiantiao")["value"], "蓝国平");
    let dakeng = village("大坑村");
    assert_eq!(
        (
            target(&dakeng, "size-villagers-committee")["value"].as_str(),
            target(&dakeng, "size-villagers-committee")["target"].as_str()
        ),
        (Some("6"), Some("3–9"))
    );
    assert_eq!(target(&dakeng, "pending")["verdict"], "met", "the re-vote and the run-off are held");
    let zhengkeng = village("郑坑村");
    for code in ["graduate", "aged-35-or-under", "yijiantiao", "pending", "kinship-conflicts"] {
        assert_eq!(target(&zhengkeng, code)["verdict"], "missed", "{code}");
    }
    // ZJE22 in 郑坑村's manifest: the central box's monitor is the chair candidate's son.
    assert_eq!(
        zhengkeng["staff"],
        json!([{"election": "zhengkeng-2020-vc", "station": "central", "role": "monitor", "person": "r06",
                "name": "钟小明", "candidate": "z01", "candidate_name": "钟国强", "relation": "child",
                "article": "ZJE22"}])
    );
    assert!(
        err(&o).is_empty()
            && String::from_utf8_lossy(&run.stderr)
                .contains("ZJE22：zhengkeng-2020-vc 票箱 central 的监票人 钟小明（r06） 是候选人 钟国强（z01） 的子女"),
        "zheng count --register warns: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let graduate = t["rollup"].as_array().unwrap().iter().find(|r| r["code"] == "graduate").unwrap();
    assert_eq!((graduate["met"].as_u64(), graduate["judged"].as_u64()), (Some(2), Some(3)));

    // The CSV and the page the script wrote say the same.
    let csv = std::fs::read_to_string(d("township.csv")).unwrap();
    assert!(csv.starts_with("township,village,code,measure,value,target,verdict,source\n"));
    assert!(csv.contains("郑坑乡,郑坑村,graduate,“两委”中的大学生,0,≥ 1,✗,"), "{csv}");
    assert!(csv.contains("郑坑乡,*,graduate,“两委”中的大学生,2/3,all,✗,"), "{csv}");
    let html = std::fs::read_to_string(d("township.html")).unwrap();
    assert!(html.contains(r#"data-rule="ZJI30""#) && html.contains(r#"data-verdict="✗""#));

    // `zheng village` for 坑头村: exit 1 and the rule named.
    let mut args = vec!["village".to_string(), "--register".into(), d("kengtou/people.toml").display().to_string()];
    for f in ["vc", "pc", "po", "sv", "cm", "cs"] {
        args.push(d(&format!("kengtou/{f}.json")).display().to_string());
    }
    let o = zheng_default(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("ZJI30：蓝国华（村务监督委员会 委员） 是 蓝国平（村民委员会 主任） 的兄弟姐妹"),
        "{}",
        out(&o)
    );

    // The register marks 雷小燕, elected to the supervision committee, the village bookkeeper:
    // ZJI30 bars that too, reported beside the brother.
    let people = std::fs::read_to_string(d("kengtou/people.toml")).unwrap();
    let marked = people.replace("name = \"雷小燕\"\n", "name = \"雷小燕\"\noffice = \"bookkeeper\"\n");
    assert_ne!(marked, people);
    let with_office = d("kengtou/people-bookkeeper.toml");
    std::fs::write(&with_office, marked).unwrap();
    args[2] = with_office.display().to_string();
    let o = zheng_default(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("ZJI30：雷小燕（村务监督委员会 委员） 是村报账员（会计） — 建议："), "{}", out(&o));
    assert!(out(&o).contains("蓝国华（村务监督委员会 委员） 是 蓝国平"), "{}", out(&o));
    args.push("--json".to_string());
    let j: Value = serde_json::from_slice(&zheng(&args.iter().map(String::as_str).collect::<Vec<_>>()).stdout).unwrap();
    let offices: Vec<&Value> = j["conflicts"].as_array().unwrap().iter().filter(|c| c["b"].is_null()).collect();
    assert_eq!(offices.len(), 1);
    assert_eq!((offices[0]["rule"].as_str(), offices[0]["office"].as_str()), (Some("ZJI30"), Some("bookkeeper")));

    // Another village's register is refused (exit 2), naming both villages, in the command's language.
    let (dakeng, kengtou) = (d("dakeng/people.toml"), d("kengtou/vc.json"));
    let refused = [&["village", "--register"][..], &[dakeng.to_str().unwrap(), kengtou.to_str().unwrap()]].concat();
    let o = zheng(&[&refused[..], &["--lang", "en"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("is of village \"坑头村\", the register of \"大坑村\""), "{}", err(&o));
    let o = zheng_default(&refused);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("属于 坑头村，村民名册属于 大坑村"), "{}", err(&o));
}

/// ZJE22 end to end: `zheng village` checks the counting teams of the manifests it is given (none
/// given, nothing to check), in either language; `zheng count --register` warns and still counts;
/// a team member the register lacks is refused like a candidate's `person`.
#[test]
fn zje22_counting_staff_are_checked_from_the_manifests() {
    let here = root().join("fixtures/zhengkeng/zhengkeng");
    let (people, vc) = (here.join("people.toml"), here.join("vc.toml"));
    let work = tempfile::tempdir().unwrap();
    let outcome = work.path().join("vc.json");
    let mut count: Vec<String> = vec!["count".into(), "--election".into(), vc.display().to_string()];
    count.extend(["--register".into(), people.display().to_string(), "--json".into()]);
    count.push(here.join("vc.central.jsonl").display().to_string());
    let o = zheng_default(&count.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "the count goes on: {}", err(&o));
    assert!(err(&o).contains("⚠ ZJE22：") && err(&o).contains("钟小明（r06）"), "{}", err(&o));
    std::fs::write(&outcome, &o.stdout).unwrap();

    let (p, out_json, m) = (people.to_str().unwrap(), outcome.to_str().unwrap(), vc.to_str().unwrap());
    let o = zheng(&["village", "--register", p, out_json]);
    assert_eq!(o.status.code(), Some(0), "no manifest, no team to check: {}", out(&o));
    let o = zheng(&["village", "--register", p, out_json, m, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains(
            "ZJE22: 钟小明 (r06), monitor at box central of zhengkeng-2020-vc, is the child of candidate 钟国强 (z01) — recommended: a candidate and a candidate's spouse"
        ),
        "{}",
        out(&o)
    );

    let stranger = std::fs::read_to_string(&vc).unwrap().replace("person = \"r07\"", "person = \"r99\"");
    let bad = work.path().join("vc.toml");
    std::fs::write(&bad, stranger).unwrap();
    count[2] = bad.display().to_string();
    let o = zheng(&count.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("station \"central\" staff[0].person") && err(&o).contains("\"r99\" is not in the register"),
        "{}",
        err(&o)
    );
}
