//! The commands the demo and the township do not run, each in one language: the rules, the seals
//! (`close`, `countersign`, `sign-manifest`, `merge` refusing and writing a bundle), the counting
//! table (`station open`, `enter` with a line refused, `undo`, `voters`, `note`, `status`,
//! `export`, `reconcile`, `close` refused), the collector (`collect` starting, `collect status`,
//! `log checkpoint` with nothing logged), the witness (`witness` starting, and refusing what it
//! cannot use; `witness vkey`, `log vkey`), the audit (`audit plan`, `audit status`), and the errors
//! that end a command — a missing file, a bad box line, a bad manifest, bad usage. And the language
//! taken from the environment when `--lang` is not given.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;

use super::{Said, demo_key_file};
use crate::common::{self, root};

/// How a command is run: its arguments, its standard input, its environment.
#[derive(Default)]
struct Run<'a> {
    stdin: Option<&'a str>,
    /// `ZHENG_LANG` and the locale, as given (else removed).
    env: &'a [(&'a str, &'a str)],
}

/// Runs `zheng` in `dir`: its stdout and stderr together, named. Any exit status of the contract
/// (0, 1, 2) is fine here; a crash is not.
fn run(dir: &Path, args: &[&str], how: Run<'_>) -> (String, String) {
    let mut c = common::zheng_by_default();
    c.args(args).current_dir(dir).envs(how.env.iter().copied());
    c.stdin(if how.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("zheng runs");
    if let Some(text) = how.stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(matches!(o.status.code(), Some(0..=2)), "zheng {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    let env: Vec<String> = how.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    (
        format!("{}zheng {}", env.concat(), args.join(" ")),
        String::from_utf8_lossy(&[o.stdout, o.stderr].concat()).into(),
    )
}

/// `run` with `--lang`.
fn said(dir: &Path, args: &[&str], lang: &str) -> (String, String) {
    run(dir, &[args, &["--lang", lang]].concat(), Run::default())
}

/// A scratch folder with the villagers' committee's manifest (`e.toml`), its box files and the
/// demo's keys of its stations, monitor and township.
fn scratch(work: &Path, name: &str) -> std::path::PathBuf {
    let t = work.join(name);
    std::fs::create_dir_all(&t).unwrap();
    let vc = root().join("fixtures/kengtou-vc");
    std::fs::copy(vc.join("election.toml"), t.join("e.toml")).unwrap();
    for s in ["central", "station-1", "station-2", "mobile"] {
        std::fs::copy(vc.join(format!("{s}.jsonl")), t.join(format!("{s}.jsonl"))).unwrap();
        demo_key_file(&t, s);
    }
    demo_key_file(&t, "central monitor 1");
    demo_key_file(&t, "郑坑乡 township");
    t
}

/// `rules`, the seals and `merge`: what each wrote, a refusal to sign twice, a merge refused for
/// missing boxes and one that writes a bundle.
pub(super) fn the_seals(lang: &str, work: &Path) -> Said {
    let t = scratch(work, &format!("seals-{lang}"));
    let mut out = vec![said(&t, &["rules"], lang)];
    for s in ["central", "station-1", "station-2", "mobile"] {
        let (key, boxf, res) = (format!("{s}.key"), format!("{s}.jsonl"), format!("{s}.zres"));
        out.push(said(&t, &["close", "--election", "e.toml", "--key", &key, &boxf, "--out", &res], lang));
    }
    // The same box closed again to the same result: kept, and said so.
    out.push(said(
        &t,
        &["close", "--election", "e.toml", "--key", "mobile.key", "mobile.jsonl", "--out", "mobile.zres"],
        lang,
    ));
    let monitor = ["countersign", "--election", "e.toml", "--key", "central-monitor-1.key", "central.zres"];
    out.push(said(&t, &monitor, lang));
    out.push(said(&t, &monitor, lang));
    out.push(said(
        &t,
        &["sign-manifest", "--election", "e.toml", "--key", "郑坑乡-township.key", "--out", "e.sig"],
        lang,
    ));
    out.push(said(&t, &["merge", "--election", "e.toml", "central.zres"], lang));
    let all = ["central.zres", "station-1.zres", "station-2.zres", "mobile.zres"];
    let merge = [&["merge", "--election", "e.toml", "--manifest-sig", "e.sig", "--out", "bundle/"][..], &all].concat();
    out.push(said(&t, &merge, lang));
    out.push(said(&t, &[&["merge", "--election", "e.toml", "--trust", "00"][..], &all].concat(), lang));
    out
}

/// Three ballots of the central box, a line that names no candidate of the post, and an empty
/// line.
const TYPED: &str = "{\"chair\":[\"c01\"]}\n{\"chair\":[\"c02\"],\"vice\":[\"c04\"]}\n{\"chair\":[\"c99\"]}\n\n{}\n";

/// The counting table: two talliers' journals of one box, every command on them, and the close
/// refused because they disagree.
pub(super) fn the_counting_table(lang: &str, work: &Path) -> Said {
    let t = scratch(work, &format!("table-{lang}"));
    fn open(j: &str) -> [&str; 8] {
        ["station", "open", "--election", "e.toml", "--station", "central", "--journal", j]
    }
    let mut out = vec![said(&t, &[&open("a.db")[..], &["--voters", "5"]].concat(), lang)];
    out.push(said(&t, &open("b.db"), lang));
    let enter = |j: &str, typed: &str| {
        run(&t, &["station", "enter", "--journal", j, "--lang", lang], Run { stdin: Some(typed), ..Run::default() })
    };
    out.push(enter("a.db", TYPED));
    out.push(enter("b.db", "{\"chair\":[\"c01\"]}\n"));
    // The reason is the tallier's own words, in the tallier's language.
    let reason = if lang == "zh" { "重复" } else { "twice" };
    out.push(said(&t, &["station", "undo", "--journal", "a.db", "--reason", reason], lang));
    out.push(said(&t, &["station", "undo", "--journal", "b.db", "--ballot", "7"], lang));
    out.push(said(&t, &["station", "note", "--journal", "a.db", "唱票人更换"], lang));
    out.push(said(&t, &["station", "status", "--journal", "a.db"], lang));
    out.push(said(&t, &["station", "voters", "--journal", "a.db", "1"], lang));
    out.push(said(&t, &["station", "status", "--journal", "a.db"], lang));
    out.push(said(&t, &["station", "export", "--journal", "a.db", "--out", "box.jsonl"], lang));
    out.push(said(&t, &["station", "export", "--journal", "b.db", "--out", "box-b.jsonl"], lang));
    out.push(said(&t, &["station", "reconcile", "a.db", "b.db"], lang));
    out.push(said(&t, &["station", "reconcile", "a.db", "a.db"], lang));
    let close = ["station", "close", "--journal", "a.db", "--key", "central.key", "--out", "a.zres"];
    out.push(said(&t, &[&close[..], &["--against", "b.db"]].concat(), lang));
    out.push(said(&t, &close, lang));
    out.push(said(&t, &["station", "status", "--journal", "a.db"], lang));
    out.push(said(&t, &["station", "voters", "--journal", "a.db", "3"], lang));
    out.push(said(&t, &["station", "status", "--journal", "e.toml"], lang));
    out
}

/// The errors that end a command, each in the command's language: a missing file, a box line that
/// names no candidate, a manifest with no seats, an empty box file, boxes of one station twice, a
/// register of another village, and usage.
pub(super) fn errors(lang: &str, work: &Path) -> Said {
    let t = scratch(work, &format!("errors-{lang}"));
    let header = "{\"station\":\"central\",\"voters\":3}\n";
    std::fs::write(t.join("bad.jsonl"), format!("{header}{{\"chair\":[\"c01\"]}}\n{{\"chair\":[\"c99\"]}}\n")).unwrap();
    std::fs::write(t.join("empty.jsonl"), "").unwrap();
    std::fs::write(t.join("big.jsonl"), "{\"station\":\"central\",\"voters\":999999}\n").unwrap();
    let manifest = std::fs::read_to_string(t.join("e.toml")).unwrap().replacen("seats = 1", "seats = 0", 1);
    std::fs::write(t.join("seats.toml"), manifest).unwrap();
    let people = std::fs::read_to_string(root().join("fixtures/zhengkeng/kengtou/people.toml")).unwrap();
    std::fs::write(t.join("people.toml"), people.replace("坑头村", "大坑村")).unwrap();
    fn count<'a>(boxes: &[&'a str]) -> Vec<&'a str> {
        [&["count", "--election", "e.toml"][..], boxes].concat()
    }
    vec![
        said(&t, &["count", "--election", "nope.toml", "central.jsonl"], lang),
        said(&t, &count(&["bad.jsonl"]), lang),
        said(&t, &count(&["empty.jsonl"]), lang),
        said(&t, &count(&["big.jsonl"]), lang),
        said(&t, &count(&["central.jsonl", "central.jsonl"]), lang),
        said(&t, &count(&["central.jsonl"]), lang),
        said(&t, &["count", "--election", "seats.toml", "central.jsonl"], lang),
        said(&t, &[&count(&["central.jsonl", "--partial"])[..], &["--register", "people.toml"]].concat(), lang),
        said(&t, &["export", "--format", "csv", "--election", "e.toml"], lang),
        said(&t, &["report", "--election", "e.toml", "--out", "r.html"], lang),
        said(&t, &["close", "--election", "e.toml", "--key", "e.toml", "central.jsonl", "--out", "c.zres"], lang),
        said(&t, &["next-round", "--election", "e.toml", "--outcome", "e.toml", "--out", "e.toml"], lang),
        said(&t, &["station", "undo", "--journal", "nope.db"], lang),
    ]
}

/// A server started in `dir` with `args`: its first line (where it listens), then stopped — and
/// whatever it wrote on its error stream.
fn started_then_stopped(dir: &Path, args: &[&str]) -> String {
    let mut child = common::zheng_by_default()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let o = child.wait_with_output().unwrap();
    line + &String::from_utf8_lossy(&o.stderr)
}

/// The collector started (its address, its new key) and stopped, `collect status` with nobody
/// reported, and `log checkpoint` with nothing logged.
pub(super) fn the_collector(lang: &str, work: &Path) -> Said {
    let t = scratch(work, &format!("collector-{lang}"));
    let args = ["collect", "--election", "e.toml", "--listen", "127.0.0.1:0", "--store", "s.db", "--lang", lang];
    let started = started_then_stopped(&t, &args);
    vec![
        (format!("zheng {}", args.join(" ")), started),
        said(&t, &["collect", "status", "--store", "s.db"], lang),
        said(&t, &["log", "checkpoint", "--store", "s.db"], lang),
        said(&t, &["collect", "status", "--store", "e.toml"], lang),
        said(&t, &["collect", "--election", "e.toml", "--listen", "127.0.0.1:0"], lang),
    ]
}

/// The witness started (its address, its vkey, its logs) and stopped; `witness vkey` and `log vkey`;
/// and what ends it: a required option missing, a vkey that is not one, a log's key given as a
/// witness's.
pub(super) fn the_witness(lang: &str, work: &Path) -> Said {
    let t = work.join(format!("witness-{lang}"));
    std::fs::create_dir_all(&t).unwrap();
    let (w, c) = (demo_key_file(&t, "witness"), demo_key_file(&t, "collector"));
    std::fs::write(t.join("notes.txt"), "not a database, only notes\n").unwrap();
    let log = run(&t, &["log", "vkey", "--key", &c], Run::default()).1.trim().to_string();
    let name = "witness.example/w1";
    let args = ["witness", "--listen", "127.0.0.1:0", "--key", &w, "--name", name, "--store", "w.db", "--log", &log];
    let args = [&args[..], &["--lang", lang]].concat();
    let started = started_then_stopped(&t, &args);
    let vkey = run(&t, &["witness", "vkey", "--key", &w, "--name", name], Run::default()).1.trim().to_string();
    vec![
        (format!("zheng {}", args.join(" ")), started),
        said(&t, &["witness", "--key", &w, "--name", name, "--store", "w.db"], lang),
        said(&t, &["witness", "--key", &w, "--name", name, "--store", "w.db", "--log", "log1"], lang),
        said(&t, &["witness", "--key", &w, "--name", name, "--store", "w.db", "--log", &vkey], lang),
        said(&t, &["witness", "--key", &w, "--name", "witness 2", "--store", "w.db", "--log", &log], lang),
        said(&t, &["witness", "--key", &c, "--name", name, "--store", "w.db", "--log", &log], lang),
        said(&t, &["witness", "--key", &w, "--name", name, "--store", "notes.txt", "--log", &log], lang),
    ]
}

/// The audit of the paper: planned on the demo's bundle, and its status.
pub(super) fn the_audit(lang: &str, work: &Path, bundle: &Path) -> Said {
    let audit = work.join(format!("audit-{lang}"));
    let (b, a) = (bundle.display().to_string(), audit.display().to_string());
    let seed = "12345678901234567890";
    vec![
        said(work, &["audit", "plan", "--bundle", &b, "--seed", seed, "--out", &a], lang),
        said(work, &["audit", "status", "--audit", &a], lang),
        said(work, &["audit", "plan", "--bundle", &b, "--seed", "12", "--out", &a], lang),
    ]
}

/// With no `--lang`, the language is the environment's: `ZHENG_LANG`, else the locale (`en_*`
/// English, `zh_*` Chinese), else Chinese. Each output named with the language it must be in.
pub(super) fn by_the_environment(work: &Path) -> Vec<(&'static str, Said)> {
    let t = scratch(work, "environment");
    let commands: [&[&str]; 4] = [
        &["rules"],
        &["close", "--election", "e.toml", "--key", "mobile.key", "mobile.jsonl", "--out", "mobile.zres"],
        &["count", "--election", "e.toml", "central.jsonl"],
        &["count", "--election", "nope.toml", "central.jsonl"],
    ];
    let envs: [(&str, &[(&str, &str)]); 5] = [
        ("en", &[("ZHENG_LANG", "en")]),
        ("en", &[("LANG", "en_US.UTF-8")]),
        ("zh", &[("ZHENG_LANG", "zh"), ("LANG", "en_US.UTF-8")]),
        ("zh", &[("LANG", "zh_CN.UTF-8")]),
        ("zh", &[]),
    ];
    envs.iter()
        .map(|&(lang, env)| (lang, commands.iter().map(|args| run(&t, args, Run { env, ..Run::default() })).collect()))
        .collect()
}

/// `zheng` with `--lang` given where the environment says otherwise: `--lang` wins.
pub(super) fn given_wins(work: &Path) -> Vec<(&'static str, Said)> {
    let t = scratch(work, "given");
    let both = |lang: &'static str, env: &'static [(&'static str, &'static str)]| {
        let args = ["count", "--election", "nope.toml", "x.jsonl", "--lang", lang];
        (
            lang,
            vec![
                run(&t, &args, Run { env, ..Run::default() }),
                run(&t, &["rules", "--lang", lang], Run { env, ..Run::default() }),
            ],
        )
    };
    vec![both("zh", &[("ZHENG_LANG", "en")]), both("en", &[("ZHENG_LANG", "zh"), ("LANG", "zh_CN.UTF-8")])]
}

/// The runner passes the environment through: what the scans of `by_the_environment` read is
/// what the environment chose.
#[test]
fn the_environment_reaches_the_command() {
    let work = tempfile::tempdir().unwrap();
    let (_, en) = run(work.path(), &["rules"], Run { env: &[("ZHENG_LANG", "en")], ..Run::default() });
    let (_, zh) = run(work.path(), &["rules"], Run::default());
    assert!(en.contains("quorum") && zh.contains("参加投票人数要求"), "{en}\n{zh}");
}
