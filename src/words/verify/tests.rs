//! Every check and every finding of the checklist, said in both languages: each says something, the
//! Chinese holds no English word outside the values put in (ids, files, commands), the English no
//! Chinese outside them; the plain words name no algorithm, key, hash or byte; and a difference
//! reads as a supervisor reads it.

use super::*;
use crate::error::Refusal;

/// Values put into the examples: what a finding carries, not what the book adds.
const VALUES: [&str; 14] = [
    "results/",
    "ballots/",
    "results/s1.zres",
    "ballots/s1.jsonl",
    "manifest.toml",
    "kengtou-2020-vc",
    "s1",
    "s2",
    "主任",
    "蓝国平",
    "中心会场",
    "chair",
    "a.zres",
    "b.zres",
];

fn han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn station() -> Station {
    Station { id: "s1".into(), name: Some("中心会场".into()) }
}

/// Every check, from one list a `match` keeps whole.
fn checks() -> Vec<Check> {
    let all = vec![
        Check::BundleReadable,
        Check::BundleFiles,
        Check::Manifest,
        Check::Rest,
        Check::ManifestSignature,
        Check::ResultReadable { file: "results/s1.zres".into() },
        Check::StationSigned { station: station(), monitors: None },
        Check::StationSigned { station: station(), monitors: Some((1, 2)) },
        Check::StationBallots { station: station() },
        Check::EveryStationOnce,
        Check::Outcome,
        Check::Sheet,
    ];
    for c in &all {
        match c {
            Check::BundleReadable
            | Check::BundleFiles
            | Check::Manifest
            | Check::Rest
            | Check::ManifestSignature
            | Check::ResultReadable { .. }
            | Check::StationSigned { .. }
            | Check::StationBallots { .. }
            | Check::EveryStationOnce
            | Check::Outcome
            | Check::Sheet => {}
        }
    }
    all
}

fn differences() -> Vec<Difference> {
    let (office, post, person) = (|| "主任".to_string(), || "chair".to_string(), || "蓝国平".to_string());
    let mut all: Vec<Difference> = [Total::Registered, Total::Voters, Total::Ballots, Total::Valid, Total::Invalid]
        .into_iter()
        .map(|total| Difference::Total { total, have: 1130, recomputed: 1129 })
        .collect();
    all.extend([
        Difference::Votes { office: office(), post: post(), person: person(), have: 596, recomputed: 595 },
        Difference::Against { office: office(), post: post(), person: person(), have: 3, recomputed: 2 },
        Difference::Blank { office: office(), post: post(), have: 48, recomputed: 47 },
        Difference::PostMissing { office: office(), post: post() },
        Difference::PersonMissing { office: office(), post: post(), person: person() },
        Difference::Elected { office: office(), post: post(), have: vec![person()], recomputed: vec![] },
    ]);
    all
}

/// Every finding, from one list a `match` keeps whole.
fn found() -> Vec<Found> {
    let file = || "ballots/s1.jsonl".to_string();
    let faults = vec![
        BallotFault::NotABallot { line: 89 },
        BallotFault::OutOfPlace { line: 42 },
        BallotFault::NotAsWritten { line: 7 },
        BallotFault::Header,
        BallotFault::Truncated,
        BallotFault::Unreadable,
        BallotFault::Changed,
    ];
    let problems = vec![
        FileProblem::Missing { file: "manifest.toml".into(), role: Role::Manifest },
        FileProblem::Missing { file: "outcome.json".into(), role: Role::Outcome },
        FileProblem::Missing { file: "sheet.txt".into(), role: Role::Sheet },
        FileProblem::Missing { file: "results/".into(), role: Role::Results },
        FileProblem::Missing { file: "ballots/".into(), role: Role::Ballots },
        FileProblem::Missing { file: file(), role: Role::StationBallots("s1".into()) },
        FileProblem::Unexpected { file: "results/a.zres".into() },
        FileProblem::Linked { file: "results/b.zres".into() },
    ];
    let refused = || Cause::Refusal(Refusal::BadStationSignature { station: "s1".into() });
    let mut all = vec![
        Found::Nothing,
        Found::Cause(refused()),
        Found::Files(problems),
        Found::Election { id: "kengtou-2020-vc".into(), sha256: "6b2f".into() },
        Found::NoManifest,
        Found::SignatureNotGiven,
        Found::SignatureUntrusted { key: "6dd7".into() },
        Found::SignatureBroken(refused()),
        Found::SignatureAbsent,
        Found::SignatureTrusted,
        Found::SignatureRefused(refused()),
        Found::SignatureRefused(Cause::Refusal(Refusal::SignedByAnotherKey {
            signer: "6dd7".into(),
            trusted: "1e45".into(),
        })),
        Found::FiledUnder { station: "s1".into(), filed: "s2".into() },
        Found::BallotsBeside { missing: true },
        Found::BallotsBeside { missing: false },
        Found::Signed { monitors: 0, result: "90f0".into() },
        Found::Signed { monitors: 1, result: "90f0".into() },
        Found::Refused(vec![Refusal::TooFewMonitors { have: 0, need: 1 }]),
        Found::Ballots { ballots: 88, valid: 86 },
        Found::BallotsNotAtHand { file: file() },
        Found::BallotsDiffer {
            file: file(),
            faults: vec![],
            recount: None,
            refusals: vec![Refusal::BallotsRootMismatch],
        },
        Found::Stations { n: 4 },
        Found::NotOnce {
            missing: vec!["s1".into()],
            conflicts: vec![("s2".into(), vec!["a.zres".into(), "b.zres".into()])],
        },
        Found::RegisterUnusable(refused()),
        Found::NotEveryStation,
        Found::Recomputed { voters: 1134, ballots: 1129, valid: 1099, vote_valid: true, legacy: false },
        Found::Recomputed { voters: 1134, ballots: 1129, valid: 1099, vote_valid: false, legacy: true },
        Found::OutcomeDiffers { difference: None, at: 2091 },
        Found::SheetDiffers { line: 12, at: 2091 },
    ];
    for f in faults {
        all.push(Found::BallotsDiffer { file: file(), faults: vec![f], recount: None, refusals: vec![] });
    }
    for d in differences() {
        let recount = Some(d.clone());
        all.push(Found::BallotsDiffer { file: file(), faults: vec![], recount, refusals: vec![] });
        all.push(Found::OutcomeDiffers { difference: Some(d), at: 2091 });
    }
    for f in &all {
        match f {
            Found::Nothing
            | Found::Cause(_)
            | Found::Files(_)
            | Found::Election { .. }
            | Found::NoManifest
            | Found::SignatureNotGiven
            | Found::SignatureUntrusted { .. }
            | Found::SignatureBroken(_)
            | Found::SignatureAbsent
            | Found::SignatureTrusted
            | Found::SignatureRefused(_)
            | Found::FiledUnder { .. }
            | Found::BallotsBeside { .. }
            | Found::Signed { .. }
            | Found::Refused(_)
            | Found::Ballots { .. }
            | Found::BallotsNotAtHand { .. }
            | Found::BallotsDiffer { .. }
            | Found::Stations { .. }
            | Found::NotOnce { .. }
            | Found::RegisterUnusable(_)
            | Found::NotEveryStation
            | Found::Recomputed { .. }
            | Found::OutcomeDiffers { .. }
            | Found::SheetDiffers { .. } => {}
        }
    }
    all
}

/// The Latin words of a Chinese text outside the values, file names, flags and command words.
fn english_in(zh: &str) -> Vec<String> {
    let bare = VALUES.iter().fold(zh.to_string(), |s, v| s.replace(v, " "));
    bare.split(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !(w.starts_with("--") || w.contains('.') || w.chars().any(|c| c.is_ascii_digit())))
        .filter(|w| !["zheng", "verify", "merge", "countersign", "E", "KEY", "RESULT"].contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_check_and_finding_is_said_in_each_language_alone() {
    let mut problems = Vec::new();
    let mut said = Vec::new();
    for c in checks() {
        said.push((format!("{c:?}"), c.said(Lang::Zh), c.said(Lang::En), true));
        said.push((format!("{c:?} (detail)"), c.detail(Lang::Zh), c.detail(Lang::En), false));
    }
    for f in found() {
        if f != Found::Nothing {
            said.push((format!("{f:?}"), f.said(Lang::Zh), f.said(Lang::En), true));
        }
        if let (Some(zh), Some(en)) = (f.detail(Lang::Zh), f.detail(Lang::En)) {
            said.push((format!("{f:?} (detail)"), zh, en, false));
        }
    }
    for (what, zh, en, plain) in &said {
        let bare = |s: &str| VALUES.iter().fold(s.to_string(), |s, v| s.replace(v, ""));
        if zh.is_empty() || en.is_empty() || !bare(zh).chars().any(han) {
            problems.push(format!("{what}: {zh:?} / {en:?}"));
        }
        if bare(en).chars().any(han) {
            problems.push(format!("{what}: Chinese in the English: {en:?}"));
        }
        if *plain {
            let words = english_in(zh);
            if !words.is_empty() {
                problems.push(format!("{what}: English in the Chinese {words:?}: {zh:?}"));
            }
            for technical in ["verify_strict", "Merkle", "canonical", "Ed25519", "SHA-256", "byte", "字节", "默克尔"]
            {
                if zh.contains(technical) || en.contains(technical) {
                    problems.push(format!("{what}: {technical} in the plain words: {zh:?} / {en:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_difference_names_the_post_the_person_and_both_numbers() {
    let d = &differences()[5];
    assert_eq!(d.said(Lang::Zh, Side::File), "主任 蓝国平：文件 596 票，复算 595 票");
    assert_eq!(d.said(Lang::En, Side::File), "post 主任 (chair), 蓝国平: file 596 votes, recomputed 595");
    assert_eq!(d.said(Lang::Zh, Side::Signed), "主任 蓝国平：签名结果 596 票，按公布的选票复算 595 票");
    let at = Found::OutcomeDiffers { difference: Some(d.clone()), at: 2091 };
    assert_eq!(at.said(Lang::Zh), "第一处不同：主任 蓝国平：文件 596 票，复算 595 票");
    assert_eq!(
        at.detail(Lang::En).unwrap(),
        "post 主任 (chair), 蓝国平: file 596 votes, recomputed 595 (the file differs from the recomputation at byte 2091)"
    );
}

#[test]
fn a_station_is_named_by_its_name_and_its_id() {
    let signed = Check::StationSigned { station: station(), monitors: None };
    assert_eq!(signed.said(Lang::Zh), "票箱 中心会场（s1） 的结果属于本次选举，由该票箱的密钥签名");
    assert_eq!(signed.detail(Lang::En), "station \"s1\": this election and manifest, signed by the station");
    let bare = Check::StationBallots { station: Station { id: "s1".into(), name: None } };
    assert_eq!(
        bare.said(Lang::En),
        "the published ballots of station s1, recounted one by one, agree with its signed result"
    );
}
