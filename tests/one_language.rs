//! One language at a time: every command that takes `--lang`, run on the fixtures in English and in
//! Chinese, says everything in that language.
//!
//! - English output holds no Han character outside the fixtures' own words — names, places,
//!   titles, offices, stations, as the manifests, registers and box files write them — and the
//!   tally's strokes (正 一 丅 下 止, a drawing; 正 is also Zheng's name).
//! - Chinese output holds no Latin word outside ids (the fixtures' own), codes and units (any word
//!   with a digit: `ZJE31`, `A4`, `SHA-256`, hashes), file names and folders, the command lines it
//!   quotes (`zheng verify`, `--json`) and Zheng's own name.
//!
//! The commands: `demo` (and the reports `--report-out` writes), `count` (with `--register`, whose
//! warnings go to stderr), `report --out` (the page), `merge` of signed results (its sheet),
//! `verify` (its checklist, of a bundle that verifies and of bundles tampered with each way of
//! `crate::verify::Tamper`), `village`, `township` (its text and its page) and `next-round`; and in [`commands`] the rest —
//! `rules`, `close`, `countersign`, `sign-manifest`, `merge` refusing and writing a bundle, every
//! `station` command on two talliers' journals, `collect` and `collect status`, `log checkpoint`,
//! `witness` (and `witness vkey`, `log vkey`),
//! `audit plan` and `status`, and the errors that end a command (a missing file, a bad box line, a
//! bad manifest, bad usage) — and the language the environment chooses when `--lang` is not given
//! (`ZHENG_LANG`, the locale), and `--lang` winning over it. JSON and CSV are data, the same for
//! every language, and are not read here; the entry screen (`station screen`) and the live boards
//! (`station board`, `collect --board`) are not run here: their words are the catalogue's, checked
//! whole in `src/words/`.

mod commands;

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{root, zheng};
use sha2::{Digest, Sha256};

/// The tally's strokes: drawn, not written.
const STROKES: &str = "正一丅下止";

/// Latin words a Chinese text may hold besides ids, codes and file names: Zheng's name, the command
/// lines it quotes, the counting table's protocol (`ok N`, `refused L: why`, contract §3), and the
/// names of the formats and programs it names (`SQLite`, `HTTP`, `JSON`).
const COMMAND_WORDS: [&str; 16] = [
    "Zheng",
    "zheng",
    "verify",
    "count",
    "merge",
    "README",
    "collect",
    "witness",
    "open",
    "reconcile",
    "chmod",
    "ok",
    "refused",
    "SQLite",
    "HTTP",
    "JSON",
];

/// The status line `zheng report` prints, not yet in the book of words (`src/cli/report.rs`, being
/// changed by another hand in issue 22; its words are `words::notice::NoticeSays::Written`): left
/// out until it speaks the page's language.
fn han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// What the fixtures themselves say: every string of the manifests, registers and box files (a
/// written-in name without its `w:`), and every key.
pub(crate) struct Fixtures {
    /// Their words holding Han characters, longest first.
    words: Vec<String>,
    /// Their words without Han characters: ids.
    ids: BTreeSet<String>,
}

impl Fixtures {
    pub(crate) fn read() -> Fixtures {
        let mut all = BTreeSet::new();
        let mut files = Vec::new();
        walk(&root().join("fixtures"), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            match f.extension().and_then(|e| e.to_str()) {
                Some("toml") => toml_strings(&toml::Value::Table(toml::from_str(&text).unwrap()), &mut all),
                Some("jsonl") => {
                    for line in text.lines().filter(|l| !l.trim().is_empty()) {
                        json_strings(&serde_json::from_str(line).unwrap(), &mut all);
                    }
                }
                _ => {}
            }
        }
        let all: BTreeSet<String> = all.into_iter().map(|s| s.strip_prefix("w:").unwrap_or(&s).to_string()).collect();
        let (mut words, ids): (Vec<String>, Vec<String>) = all.into_iter().partition(|s| s.chars().any(han));
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        Fixtures { words, ids: ids.into_iter().collect() }
    }

    /// The Han characters of an English text that are not the fixtures' words or strokes.
    pub(crate) fn chinese_in(&self, text: &str) -> Vec<String> {
        let mut rest = text.to_string();
        for w in &self.words {
            rest = rest.replace(w.as_str(), " ");
        }
        let mut found = Vec::new();
        let mut run = String::new();
        for c in rest.chars().chain([' ']) {
            if han(c) && !STROKES.contains(c) {
                run.push(c);
            } else if !run.is_empty() {
                found.push(std::mem::take(&mut run));
            }
        }
        found
    }

    /// The Latin words of a Chinese text that are not ids, codes, units, file names, flags or the
    /// command words.
    fn latin_in(&self, text: &str) -> Vec<String> {
        let word = |c: char| c.is_ascii_alphanumeric() || "_./:+-".contains(c);
        text.split(|c: char| !word(c))
            .map(|w| w.trim_end_matches(|c| ":.".contains(c)))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .filter(|w| {
                let file = w.starts_with('/') || w.ends_with('/') || w.starts_with('.') || has_extension(w);
                !(w.chars().any(|c| c.is_ascii_digit())
                    || w.starts_with("--")
                    || file
                    || self.ids.contains(*w)
                    || COMMAND_WORDS.contains(w))
            })
            .map(str::to_string)
            .collect()
    }
}

fn has_extension(w: &str) -> bool {
    w.rsplit_once('.').is_some_and(|(name, ext)| !name.is_empty() && (1..=5).contains(&ext.len()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn toml_strings(v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::String(s) => {
            out.insert(s.clone());
        }
        toml::Value::Array(a) => a.iter().for_each(|x| toml_strings(x, out)),
        toml::Value::Table(t) => {
            for (k, x) in t {
                out.insert(k.clone());
                toml_strings(x, out);
            }
        }
        _ => {}
    }
}

fn json_strings(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                out.insert(k.clone());
                json_strings(x, out);
            }
        }
        _ => {}
    }
}

/// A page's text as a reader sees it: no style sheet, script, drawing markup or tags (the SVG's
/// own text — names, numbers — stays).
pub(crate) fn page_text(html: &str) -> String {
    let mut s = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        while let Some(a) = s.find(open) {
            let b = s[a..].find(close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
}

/// Runs `zheng` in `dir`; its stdout and stderr together.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let o = crate::common::zheng_command().args(args).current_dir(dir).output().expect("zheng runs");
    assert!(matches!(o.status.code(), Some(0 | 1)), "zheng {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&[o.stdout, o.stderr].concat()).into_owned()
}

/// What one language's run said: each output by name.
pub(crate) type Said = Vec<(String, String)>;

/// The demo, its reports, and `count`, `report` and `merge` on the demo's three votes.
fn the_demo_village(lang: &str, work: &Path) -> Said {
    let mut said = vec![(format!("demo --lang {lang}"), out(&zheng(&["demo", "--lang", lang])))];
    let reports = work.join(format!("reports-{lang}"));
    let r = reports.display().to_string();
    said.push((format!("demo --report-out ({lang})"), out(&zheng(&["demo", "--lang", lang, "--report-out", &r]))));
    for e in std::fs::read_dir(&reports).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") {
            said.push((p.display().to_string(), page_text(&std::fs::read_to_string(&p).unwrap())));
        }
    }
    let votes: [(&str, &[&str]); 3] = [
        ("kengtou-vc", &["central.jsonl", "station-1.jsonl", "station-2.jsonl", "mobile.jsonl"]),
        ("kengtou-party", &["meeting.jsonl"]),
        ("kengtou-coop", &["meeting.jsonl"]),
    ];
    for (vote, boxes) in votes {
        let dir = root().join("fixtures").join(vote);
        let count = [&["count", "--election", "election.toml", "--lang", lang][..], boxes].concat();
        said.push((format!("{vote}: count --lang {lang}"), run_in(&dir, &count)));
        let page = work.join(format!("{vote}.{lang}.html")).display().to_string();
        let report = [&["report", "--election", "election.toml", "--lang", lang, "--out", &page][..], boxes].concat();
        let printed = run_in(&dir, &report);
        said.push((format!("{vote}: report --lang {lang}"), printed));
        said.push((page.clone(), page_text(&std::fs::read_to_string(&page).unwrap())));
    }
    said.push((format!("merge --lang {lang}"), signed_merge(lang, work)));
    said.extend(verified(lang, work));
    said
}

/// `verify` of the demo's bundle, as it is and tampered with each way a supervisor may meet.
fn verified(lang: &str, work: &Path) -> Said {
    let tampers = [None].into_iter().chain(crate::verify::Tamper::ALL.map(Some));
    let mut said = Said::new();
    for (i, tamper) in tampers.enumerate() {
        let dir = work.join(format!("verify-{lang}-{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let bundle = crate::verify::bundle(&dir, tamper);
        let args = ["verify", bundle.to_str().unwrap(), "--lang", lang];
        said.push((format!("verify ({tamper:?}) --lang {lang}"), run_in(work, &args)));
    }
    said
}

/// `merge` of the villagers' committee's boxes, each closed and signed with the demo's keys: its
/// counting sheet.
fn signed_merge(lang: &str, work: &Path) -> String {
    let t = work.join(format!("signed-{lang}"));
    std::fs::create_dir_all(&t).unwrap();
    let vc = root().join("fixtures/kengtou-vc");
    std::fs::copy(vc.join("election.toml"), t.join("e.toml")).unwrap();
    let mut results = Vec::new();
    for s in ["central", "station-1", "station-2", "mobile"] {
        std::fs::copy(vc.join(format!("{s}.jsonl")), t.join(format!("{s}.jsonl"))).unwrap();
        let (key, boxf, res) = (demo_key_file(&t, s), format!("{s}.jsonl"), format!("{s}.zres"));
        run_in(&t, &["close", "--election", "e.toml", "--key", &key, &boxf, "--out", &res]);
        results.push(res);
    }
    let monitor = demo_key_file(&t, "central monitor 1");
    run_in(&t, &["countersign", "--election", "e.toml", "--key", &monitor, "central.zres"]);
    let mut args = vec!["merge", "--election", "e.toml", "--lang", lang];
    args.extend(results.iter().map(String::as_str));
    run_in(&t, &args)
}

/// A key file holding the demo's key of that name (`zheng ed25519 secret key v1`, then the seed).
pub(crate) fn demo_key_file(dir: &Path, name: &str) -> String {
    let file = format!("{}.key", name.replace(' ', "-"));
    let seed = Sha256::digest(format!("zheng demo key: {name}"));
    std::fs::write(dir.join(&file), format!("zheng ed25519 secret key v1\n{}\n", hex::encode(seed))).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join(&file), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    file
}

/// The township fixture as its script runs it, then `count --register` (its ZJE22 warning),
/// `next-round` (大坑村's re-vote and run-off, and 坑头村's refused: nothing pending), `village`
/// for each village and `township` (text and page).
fn the_township(work: &Path) -> Vec<(&'static str, Said)> {
    let o = crate::common::script_command("bash")
        .arg(root().join("fixtures/zhengkeng/run.sh"))
        .arg(work)
        .env("ZHENG", env!("CARGO_BIN_EXE_zheng"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let villages = ["kengtou", "dakeng", "zhengkeng"];
    let mut both = Vec::new();
    for lang in ["en", "zh"] {
        let mut said = Said::new();
        let here = root().join("fixtures/zhengkeng/zhengkeng");
        let register =
            ["count", "--election", "vc.toml", "--register", "people.toml", "--lang", lang, "vc.central.jsonl"];
        said.push((format!("zhengkeng: count --register --lang {lang}"), run_in(&here, &register)));
        said.extend(next_rounds(work, lang));
        for v in villages {
            let dir = work.join(v);
            let mut args = vec!["village".to_string(), "--register".into(), "people.toml".into(), "--lang".into()];
            args.push(lang.into());
            for e in std::fs::read_dir(&dir).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") || (name.ends_with(".toml") && name != "people.toml") {
                    args.push(name);
                }
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            said.push((format!("{v}: village --lang {lang}"), run_in(&dir, &args)));
        }
        let page = work.join(format!("township.{lang}.html")).display().to_string();
        let mut args = vec!["township", "--lang", lang, "--html", &page];
        args.extend(villages);
        said.push((format!("township --lang {lang}"), run_in(work, &args)));
        said.push((page.clone(), page_text(&std::fs::read_to_string(&page).unwrap())));
        both.push((lang, said));
    }
    both
}

/// `next-round` of 大坑村's first round (a re-vote, then a run-off) and of 坑头村's (nothing
/// pending: refused).
fn next_rounds(work: &Path, lang: &str) -> Said {
    let here = root().join("fixtures/zhengkeng");
    let mut said = Said::new();
    for (village, round) in [("dakeng", "revote"), ("dakeng", "runoff"), ("kengtou", "revote")] {
        let (e, o) = (here.join(village).join("vc.toml"), work.join(village).join("vc.json"));
        let (e, o, p) = (e.display().to_string(), o.display().to_string(), format!("{village}/people.toml"));
        let next = work.join(format!("{village}-{round}-{lang}.toml")).display().to_string();
        let args =
            ["next-round", "--election", &e, "--outcome", &o, "--register", &p, "--round", round, "--out", &next];
        said.push((
            format!("next-round {village} {round} --lang {lang}"),
            run_in(work, &[&args[..], &["--lang", lang]].concat()),
        ));
    }
    said
}

fn out(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every output of one language, each finding named with where it was said.
fn findings(f: &Fixtures, lang: &str, said: &Said) -> Vec<String> {
    let mut v = Vec::new();
    for (what, text) in said {
        let found = if lang == "en" { f.chinese_in(text) } else { f.latin_in(text) };
        let found: BTreeSet<String> = found.into_iter().collect();
        if !found.is_empty() {
            v.push(format!("{what}: {}", found.into_iter().collect::<Vec<_>>().join(" · ")));
        }
    }
    v
}

#[test]
fn every_command_says_everything_in_the_language_asked_for() {
    let f = Fixtures::read();
    let work = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for lang in ["en", "zh"] {
        let said = the_demo_village(lang, work.path());
        assert!(said.len() > 10, "{lang}: every command ran");
        problems.extend(findings(&f, lang, &said));
    }
    let township = work.path().join("zhengkeng");
    for (lang, said) in the_township(&township) {
        problems.extend(findings(&f, lang, &said));
    }
    assert!(problems.is_empty(), "words of the other language:\n{}", problems.join("\n"));
}

/// Every other command, its errors among them, in English and in Chinese; and the language the
/// environment chooses when `--lang` is not given, and `--lang` given winning over it.
#[test]
fn every_other_command_and_its_errors_say_everything_in_one_language() {
    let f = Fixtures::read();
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let mut problems = Vec::new();
    for lang in ["en", "zh"] {
        let reports = w.join(format!("reports-{lang}"));
        let _ = zheng(&["demo", "--lang", lang, "--report-out", &reports.display().to_string()]);
        let mut said = commands::the_seals(lang, w);
        said.extend(commands::the_counting_table(lang, w));
        said.extend(commands::errors(lang, w));
        said.extend(commands::the_collector(lang, w));
        said.extend(commands::the_witness(lang, w));
        said.extend(commands::the_audit(lang, w, &reports.join("kengtou-2020-vc-bundle")));
        assert!(said.len() > 50, "{lang}: every command ran");
        problems.extend(findings(&f, lang, &said));
    }
    for (lang, said) in commands::by_the_environment(w).into_iter().chain(commands::given_wins(w)) {
        problems.extend(findings(&f, lang, &said));
    }
    assert!(problems.is_empty(), "words of the other language:\n{}", problems.join("\n"));
}

/// The scan itself: Chinese words in English are found, the fixtures' own are not; English words
/// in Chinese are found, ids, codes, hashes and file names are not.
#[test]
fn the_scan_finds_the_other_language() {
    let f = Fixtures::read();
    assert_eq!(f.chinese_in("target 应挑尽挑 for 蓝国平 (正正一)"), ["应挑尽挑"]);
    let zh =
        "乡镇方案 plan (三) large/merged：见 rules.md、fixtures/，ZJE31 4da6b7370558f1db zheng verify --json central";
    assert_eq!(f.latin_in(zh), ["plan", "large/merged"]);
}
