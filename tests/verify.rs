//! `zheng verify` as a township official reads it (issue 21, the supervisor): in one language per
//! run, Chinese by default; plain words (no algorithm, hash or byte offset) unless `--detail`; each
//! failure saying where and what — the file and line of a published ballot that does not recount,
//! the post, the person and both numbers of an outcome that differs, a missing file by its name —
//! and a last line that says the verdict and what to do next.

use std::path::{Path, PathBuf};

use crate::common::{demo_bundle, out, zheng, zheng_default};

/// The township's key the demo's manifest is signed with (`郑坑乡 township`).
const TOWNSHIP: &str = "6dd71c8e240690339ef360b441c1e37a5f69aaffadf00480153c1ca57ec48a2c";

/// Ways to tamper with a bundle, each as a supervisor would meet it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tamper {
    /// One more vote for the chair's first person in `outcome.json`.
    OutcomeVote,
    /// `ballots/station-2.jsonl` deleted.
    BallotsDeleted,
    /// A ballot of `ballots/mobile.jsonl` changed: line 41's chair vote from c01 to c02.
    BallotLine,
    /// `ballots/mobile.jsonl` a folder, not a file: the recount cannot be made.
    BallotsNotAFile,
}

impl Tamper {
    pub(crate) const ALL: [Tamper; 4] =
        [Tamper::OutcomeVote, Tamper::BallotsDeleted, Tamper::BallotLine, Tamper::BallotsNotAFile];

    /// Does it to `bundle`.
    pub(crate) fn apply(self, bundle: &Path) {
        match self {
            Tamper::OutcomeVote => {
                let path = bundle.join("outcome.json");
                let mut o: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let votes = &mut o["contests"][0]["tally"][0]["votes"];
                *votes = serde_json::Value::from(votes.as_u64().unwrap() + 1);
                std::fs::write(&path, serde_json::to_vec_pretty(&o).unwrap()).unwrap();
            }
            Tamper::BallotsDeleted => std::fs::remove_file(bundle.join("ballots/station-2.jsonl")).unwrap(),
            Tamper::BallotLine => {
                let path = bundle.join("ballots/mobile.jsonl");
                let text = std::fs::read_to_string(&path).unwrap();
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                assert!(lines[40].starts_with(r#"{"chair":["c01"]"#), "line 41: {}", lines[40]);
                lines[40] = lines[40].replacen("c01", "c02", 1);
                std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            }
            Tamper::BallotsNotAFile => {
                let path = bundle.join("ballots/mobile.jsonl");
                std::fs::remove_file(&path).unwrap();
                std::fs::create_dir(&path).unwrap();
            }
        }
    }
}

/// The demo's bundle in `dir`, tampered with as asked.
pub(crate) fn bundle(dir: &Path, tamper: Option<Tamper>) -> PathBuf {
    let b = demo_bundle(dir);
    if let Some(t) = tamper {
        t.apply(&b);
    }
    b
}

/// `zheng verify` with these arguments: its exit status and its text.
fn verify(bundle: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = zheng_default(&[&["verify", bundle.to_str().unwrap()][..], args].concat());
    (o.status.code(), out(&o))
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

#[test]
fn a_bundle_that_verifies_says_so_on_its_last_line_and_what_a_skipped_check_needs() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), None);
    let (code, text) = verify(&b, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("[通过] 票箱 中心会场（central） 的结果属于本次选举，由该票箱的密钥签名"), "{text}");
    assert!(text.contains("— 签名有效"), "{text}");
    assert!(last_line(&text).starts_with("结论：可以核对的 17 项检查全部通过，1 项未核对"), "{text}");
    assert!(last_line(&text).contains("--trust"), "what the skipped check needs: {text}");
    let (code, text) = verify(&b, &["--trust", TOWNSHIP]);
    assert_eq!(code, Some(0), "{text}");
    assert!(last_line(&text).starts_with("结论：核验通过。18 项检查全部通过"), "{text}");
    assert!(last_line(&text).contains("可以依据本数据包公布选举结果"), "what it means: {text}");
    let (_, en) = verify(&b, &["--trust", TOWNSHIP, "--lang", "en"]);
    assert!(last_line(&en).starts_with("Verdict: the bundle verifies. All 18 checks passed"), "{en}");
}

/// The default words are plain: the technical detail — the algorithm, the Merkle root, the
/// canonical form, hashes — is behind `--detail` and in `--json`, which keeps its keys and verdicts.
#[test]
fn the_technical_detail_is_behind_detail_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), Some(Tamper::BallotLine));
    for lang in ["zh", "en"] {
        let (_, text) = verify(&b, &["--lang", lang]);
        for technical in ["verify_strict", "Merkle", "canonical", "Ed25519", "SHA-256", "byte", "字节", "6b2fe69b"] {
            assert!(!text.contains(technical), "{technical} in the plain words ({lang}):\n{text}");
        }
        let (_, detail) = verify(&b, &["--lang", lang, "--detail"]);
        for technical in ["verify_strict", "Merkle", "SHA-256", "6b2fe69b"] {
            assert!(detail.contains(technical), "{technical} not in --detail ({lang}):\n{detail}");
        }
        assert_eq!(last_line(&detail), last_line(&text), "the same verdict");
    }
    let o = zheng(&["verify", b.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["passed"], false);
    let eleven = &v["checks"][10];
    assert_eq!(eleven["verdict"], "failed");
    assert_eq!(
        eleven["check"],
        "station \"mobile\": published ballots hash to the signed Merkle root and recount to the signed counts"
    );
    let why = eleven["why"].as_str().unwrap();
    assert!(why.contains("do not hash to the signed Merkle root"), "{eleven}");
    assert!(why.contains("recount: post 主任 (chair), 蓝国平: signed 48 votes, recounted 47"), "{eleven}");
    let keys: Vec<&String> = eleven.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["check", "n", "verdict", "why"]);
}

/// A changed vote in `outcome.json`: the post, the person and both numbers.
#[test]
fn an_outcome_that_differs_names_the_post_the_person_and_both_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), Some(Tamper::OutcomeVote));
    let (code, text) = verify(&b, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains(" 17. [不通过] 重新计算全村合计和选举结果，与 outcome.json 相同 — 第一处不同：主任 蓝国平：文件 596 票，复算 595 票"), "{text}");
    assert!(last_line(&text).starts_with("结论：核验不通过（第 17 项）"), "{text}");
    assert!(last_line(&text).contains("交给村选举委员会和乡镇"), "whom to tell: {text}");
    let (_, en) = verify(&b, &["--lang", "en"]);
    assert!(en.contains("first difference: post 主任 (chair), 蓝国平: file 596 votes, recomputed 595"), "{en}");
    assert!(last_line(&en).starts_with("Verdict: the bundle does NOT verify (failed: 17)"), "{en}");
}

/// A deleted file of published ballots: named, with what it is, by the check of the files.
#[test]
fn a_missing_file_of_published_ballots_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), Some(Tamper::BallotsDeleted));
    let (code, text) = verify(&b, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("  1. [不通过] 数据包中的文件齐全，没有多余的文件 — 缺少 ballots/station-2.jsonl（票箱 station-2 公布的选票）"), "{text}");
    assert!(text.contains(" 15. [无法核验] 票箱 下坑投票站（station-2） 公布的选票逐张复算"), "{text}");
    assert!(last_line(&text).starts_with("结论：核验不通过（第 1 项）：数据包缺少文件"), "{text}");
    assert!(last_line(&text).contains("请向村选举委员会索取完整的数据包"), "what to do: {text}");
    let (_, en) = verify(&b, &["--lang", "en"]);
    assert!(en.contains("ballots/station-2.jsonl is missing (the published ballots of station station-2)"), "{en}");
}

/// A changed ballot in a file of published ballots: the file, the line, and the post, the person
/// and both numbers of the recount.
#[test]
fn a_changed_published_ballot_is_named_by_its_file_line_and_the_recount() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), Some(Tamper::BallotLine));
    let (code, text) = verify(&b, &[]);
    assert_eq!(code, Some(1), "{text}");
    let said = "公布的选票 ballots/mobile.jsonl 与签名的结果不符：第 42 行与上一行的顺序不对（公布的选票按固定顺序排列：这两行之一被改动过）；票数不符，主任 蓝国平：签名结果 48 票，按公布的选票复算 47 票";
    assert!(text.contains(said), "{text}");
    assert!(last_line(&text).starts_with("结论：核验不通过（第 11、16 项）"), "{text}");
    let (_, en) = verify(&b, &["--lang", "en"]);
    assert!(en.contains("the published ballots in ballots/mobile.jsonl do not match the signed result: line 42 is out of order with the line before it"), "{en}");
    assert!(en.contains("recount: post 主任 (chair), 蓝国平: signed 48 votes, recounted 47"), "{en}");
}

/// A check that cannot be made: the last line says what is missing and where to get it.
#[test]
fn a_bundle_that_cannot_be_verified_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), Some(Tamper::BallotsNotAFile));
    let (code, text) = verify(&b, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("  5. [通过] 票箱结果文件 results/mobile.zres 可以读取 — 但该票箱公布的选票不是普通文件"),
        "{text}"
    );
    assert!(
        last_line(&text)
            .starts_with("结论：无法核验（第 11 项）：缺少 ballots/mobile.jsonl。请向村选举委员会索取完整的数据包"),
        "{text}"
    );
}
