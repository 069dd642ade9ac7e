//! Every entry of the catalogue, in both languages: one example of every variant
//! (`crate::error::examples`, exhaustive by construction), each sentence non-empty, the Chinese in
//! Han characters with no English word but commands, options, file names and magic, the English
//! with no Han character. The interpolated values are `x` (and a system's own I/O sentence).

use crate::error::examples;
use crate::error::{BoxesProblem, Error, Refusal};

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The Latin words a Chinese sentence may hold: Zheng's commands and options, file names, magic
/// bytes and names of algorithms — what a person types or looks for as it is.
const LATIN_IN_CHINESE: &[&str] = &[
    "zheng",
    "merge",
    "count",
    "keygen",
    "--json",
    "--bundle",
    "--store",
    "--manifest-sig",
    "--trust",
    "--public-of",
    "--key",
    "chmod",
    "contest",
    "station",
    "spoiled",
    "registered",
    "true",
    "false",
    "for",
    "against",
    "write_in",
    "gender",
    "F",
    "YYYY-MM-DD",
    "UTF-8",
    "JSON",
    "PEM",
    "HTTP",
    "SQLite",
    "Ed25519",
    "ZJE27",
    "ZJE28",
    "ZJE28–31",
    "ID",
    "N",
    "w",
    "NAME",
    "A",
    "Z",
    "a",
    "z",
    "0–9",
    "countersign",
    "verify",
    "audit",
    "plan",
    "--out",
    "station",
    "status",
    "open",
    "voters",
    "reconcile",
    "--election",
    "--key",
    "--journal",
    "--partial",
    "--force",
    "E.toml",
    "key",
    "SHA-256",
    "Merkle",
    "ZHENGR01",
    "ZHENGM01",
    "ZHENGQ01",
    "PNG",
    "JPEG",
    "--max-bytes",
    ".png",
    ".svg",
    "-wal",
    "DB.checkpoint",
    "DB.key",
    "add-checkpoint",
    "base64",
    "old",
    "0x01",
    "0x04",
    "witness",
    "http",
    "log",
    "group",
    "quorum",
    "all",
    "any",
];

/// The Latin words of `text`, with the interpolated values taken out.
fn latin_words(text: &str, values: &[String]) -> Vec<String> {
    let mut rest = text.to_string();
    for v in values.iter().filter(|v| !v.is_empty()) {
        rest = rest.replace(v.as_str(), " ");
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_';
    rest.split(|c: char| !word(c))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !LATIN_IN_CHINESE.contains(w))
        .map(str::to_string)
        .collect()
}

/// One entry checked: `what` names it in a failure.
fn check(what: &str, zh: &str, en: &str, values: &[String]) {
    assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{what}: an empty sentence");
    assert!(zh.chars().any(is_han), "{what}: the Chinese has no Han character: {zh}");
    assert!(!en.chars().any(is_han), "{what}: the English holds Han characters: {en}");
    let latin = latin_words(zh, values);
    assert!(latin.is_empty(), "{what}: English words {latin:?} in the Chinese: {zh}");
}

const X: &[String] = &[];

fn x() -> Vec<String> {
    vec!["x".to_string()]
}

#[test]
fn every_refusal_says_itself_in_both_languages() {
    for r in examples::refusals() {
        check(r.code(), &r.zh(), &r.en(), &x());
        assert_eq!(r.to_string(), r.en(), "Display is the English");
    }
}

/// Every fault of a vkey, a cosignature and a request to a witness, in its refusal.
#[test]
fn every_witness_fault_says_itself_in_both_languages() {
    for r in examples::witness_faults() {
        check(&format!("{r:?}"), &r.zh(), &r.en(), &x());
    }
}

#[test]
fn every_defect_says_itself_in_both_languages() {
    for p in examples::counts_problems() {
        check(&format!("{p:?}"), &p.zh(), &p.en(), &x());
    }
    for d in examples::log_defects() {
        check(&format!("{d:?}"), &d.zh(), &d.en(), &x());
    }
    for d in examples::chain_defects() {
        check(&format!("{d:?}"), &d.zh(), &d.en(), X);
    }
    for p in examples::qr_problems() {
        // `--max-bytes` holds an `x`: that example puts in numbers only.
        let values = if matches!(p, crate::error::QrProblem::NoRoom { .. }) { X.to_vec() } else { x() };
        check(&format!("{p:?}"), &p.zh(), &p.en(), &values);
        assert_eq!(p.to_string(), p.en(), "Display is the English");
    }
}

#[test]
fn every_kind_says_itself_in_both_languages() {
    for k in examples::file_kinds() {
        check(&format!("{k:?}"), &k.zh(), &k.en(), X);
        assert_eq!(k.to_string(), k.en());
    }
    for e in examples::evidence() {
        check(&format!("{e:?}"), &e.zh(), &e.en(), X);
    }
    for r in examples::further_rounds() {
        check(&format!("{r:?}"), &r.zh(), &r.en(), X);
    }
}

#[test]
fn every_error_says_itself_in_both_languages() {
    for e in examples::errors().into_iter().chain(examples::faults()) {
        assert_eq!(e.to_string(), e.en(), "Display is the English");
        let mut values = [x(), vec!["e.toml".into(), "seats".into()]].concat();
        if let Error::Io { cause, .. } | Error::Listen { cause, .. } = &e {
            values.insert(0, cause.to_string());
        }
        check(&format!("{e:?}"), &e.zh(), &e.en(), &values);
    }
}

/// Every problem at a place in a file, every usage error and every problem of an outcome file, in
/// both languages; a located problem names its file, line and field in both.
#[test]
fn every_problem_says_itself_in_both_languages() {
    for p in examples::problems().into_iter().chain(examples::problem_parts()) {
        assert_eq!(p.to_string(), p.en(), "Display is the English");
        // A parser's own message is put in as it said it: here `x`.
        check(&format!("{p:?}"), &p.zh(), &p.en(), &[x(), vec!["1.5".into(), "0644".into(), "U+200B".into()]].concat());
    }
    for u in examples::usages() {
        check(&format!("{u:?}"), &u.zh(), &u.en(), &x());
    }
    for o in examples::outcome_problems() {
        check(&format!("{o:?}"), &o.zh(), &o.en(), &x());
    }
    let located = crate::error::LocatedErrors::one(
        std::path::Path::new("e.toml"),
        Some(7),
        "contest[0] \"chair\".seats",
        crate::error::Problem::AtLeastOne,
    );
    assert_eq!(located.en(), "e.toml:7: contest[0] \"chair\".seats: must be at least 1");
    assert_eq!(located.zh(), "e.toml:7：contest[0] \"chair\".seats：至少应为 1");
}

/// The English is the bytes Zheng always printed: a few sentences as the goldens and the contract
/// hold them.
#[test]
fn the_english_is_unchanged() {
    let path = "e.sig".to_string();
    let signed = Refusal::SignedByAnotherKey { signer: "aa".into(), trusted: "bb".into() };
    assert_eq!(signed.en(), "signed by aa, not by the trusted key bb");
    assert_eq!(
        Error::Refused { path: path.clone(), refusal: signed }.en(),
        "e.sig: signed by aa, not by the trusted key bb"
    );
    let fifo = Error::NotRegular { path: path.clone(), kind: crate::error::FileKind::Fifo };
    assert_eq!(fifo.en(), "e.sig: a FIFO, not a regular file; Zheng reads only regular files");
    let over = Refusal::WouldOverwrite { out: path, what: crate::error::Evidence::Journal };
    assert_eq!(over.en(), "e.sig exists and is a journal (SQLite): evidence is not written over (--force replaces it)");
    let round = Refusal::RoundNotCalledFor { round: crate::error::FurtherRound::Runoff };
    assert_eq!((round.en().as_str(), round.zh().as_str()), ("no post calls for a runoff", "没有职位需要另行选举"));
}

/// Every reason a folder is not an audit, said in both languages, each in its script.
#[test]
fn every_reason_a_folder_is_not_an_audit_is_said() {
    use crate::error::NotAudit::*;
    let han = |s: &str| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    for why in [
        NoFolder("a/b".into()),
        NoPlan,
        NoDatabase,
        NotADatabase,
        NoTables,
        NoPlanDigest,
        PlanChanged,
        NoManifest,
        ManifestNotUtf8,
        RegisterNotUtf8,
        PlanUnreadable("expected value at line 1 column 1".into()),
        PlanFormat { found: 2, reads: 1 },
        PlanOfAnotherElection { plan: "a".into(), manifest: "b".into() },
        AssertionOfNoPost { assertion: "x".into(), post: "y".into() },
        BoxesDoNotAddUp,
    ] {
        let r = Refusal::NotAnAudit { why: why.clone() };
        assert!(han(&r.zh()) && !han(&r.en()), "{why:?}: {} / {}", r.zh(), r.en());
        assert!(r.zh().contains("zheng audit plan --out"), "{}", r.zh());
    }
}

/// Stations without a box file: a few named, the rest counted — a wrong directory in a township
/// of thousands of stations gives a sentence a person reads, not thousands of ids.
#[test]
fn missing_boxes_are_named_up_to_a_few_and_the_rest_counted() {
    let stations = |n: usize| BoxesProblem::Missing { stations: (1..=n).map(|i| format!("s{i:05}")).collect() };
    let few = stations(3);
    assert!(few.en().starts_with("no box file for station(s) s00001, s00002, s00003: "), "{}", few.en());
    assert!(few.zh().starts_with("票箱 s00001、s00002、s00003 没有票箱文件"), "{}", few.zh());
    let many = stations(9_999);
    assert!(many.en().starts_with("no box file for 9999 stations (s00001, "), "{}", many.en());
    assert!(many.en().contains("s00020 and 9979 more): every box"), "{}", many.en());
    assert!(!many.en().contains("s00021"), "{}", many.en());
    assert!(many.zh().contains("、s00020 等 9999 个没有票箱文件"), "{}", many.zh());
    assert!(many.en().len() < 400 && many.zh().len() < 600);
}
