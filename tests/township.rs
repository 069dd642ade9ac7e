//! The 郑坑乡 township fixture end to end, as the README runs it (`bash fixtures/zhengkeng/run.sh`):
//! three villages, all four bodies, kinship avoidance within a vote (ZJE31) and a conflict across
//! bodies (ZJI30), a re-vote and a run-off written by `zheng next-round`, then `zheng village` and
//! `zheng township` with the structure report's ✓ and ✗.

mod common;

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
    let o = std::process::Command::new("bash")
        .arg(root().join("fixtures/zhengkeng/run.sh"))
        .arg(work.path())
        .env("ZHENG", env!("CARGO_BIN_EXE_zheng"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}\n{}", out(&o), err(&o));
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
    for code in ["graduate", "aged-35-or-under", "yijiantiao", "pending"] {
        assert_eq!(target(&zhengkeng, code)["verdict"], "missed", "{code}");
    }
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
    let o = zheng(&args.iter().map(String::as_str).collect::<Vec<_>>());
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
    let o = zheng(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("ZJI30：雷小燕（村务监督委员会 委员） 是村报账员（会计） — 建议："), "{}", out(&o));
    assert!(out(&o).contains("蓝国华（村务监督委员会 委员） 是 蓝国平"), "{}", out(&o));
    args.push("--json".to_string());
    let j: Value = serde_json::from_slice(&zheng(&args.iter().map(String::as_str).collect::<Vec<_>>()).stdout).unwrap();
    let offices: Vec<&Value> = j["conflicts"].as_array().unwrap().iter().filter(|c| c["b"].is_null()).collect();
    assert_eq!(offices.len(), 1);
    assert_eq!((offices[0]["rule"].as_str(), offices[0]["office"].as_str()), (Some("ZJI30"), Some("bookkeeper")));

    // Another village's register is refused (exit 2), naming both villages.
    let o = zheng(&[
        "village",
        "--register",
        d("dakeng/people.toml").to_str().unwrap(),
        d("kengtou/vc.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("is of village \"坑头村\", the register of \"大坑村\""), "{}", err(&o));
}
