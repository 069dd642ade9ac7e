//! What users see, byte for byte: the demo, `count` on every fixture (sheet and JSON, both
//! languages), `rules`, and the whole signed flow on the villagers' committee's boxes with the
//! demo's keys — `close` (result files and published ballots), `countersign`, `sign-manifest`,
//! `merge --out` (the bundle's every file) and `verify` (text and JSON).
//!
//! The files under `tests/golden/` were written by the code before the restructuring of issue 7
//! (`ZHENG_BLESS=1 cargo test --test all golden::` writes them anew); this test proves that no
//! output byte and no exit status changed since. A deliberate change of output updates them in the
//! same commit: `verify`'s, for issue 13 — a `manifest.sig` checked under its own key when no
//! township key is trusted, skipped checks counted as skipped, and `passed | failed | skipped` in
//! its JSON; a held post named by its office (已当选 副主任), for issue 21; and for issue 22, where a
//! Chinese command spoke English — `merge`'s list of results and its refusals (merge.txt,
//! merge-partial.txt, merge-missing.txt, merge.json.txt, merge-wrong-trust.txt) and the demo's
//! `Merkle`, now 默克尔根 (demo.zh.txt); and for issue 21, `verify`'s text in Chinese by default and
//! in plain words, each failure with its file and line, its last line the verdict and what to do
//! next (verify*.txt; verify.json unchanged).

use crate::common;

use std::path::{Path, PathBuf};

use common::root;
use sha2::{Digest, Sha256};

/// Runs `zheng` in `dir` as a user does, in its default language unless `--lang` is given,
/// returning the exit status and stdout (stderr appended after a marker when not empty).
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>) {
    let o = crate::common::zheng_by_default().args(args).current_dir(dir).output().expect("zheng runs");
    let mut bytes = o.stdout.clone();
    if !o.stderr.is_empty() {
        bytes.extend_from_slice(b"\n--- stderr ---\n");
        bytes.extend_from_slice(&o.stderr);
    }
    (o.status.code().unwrap_or(-1), bytes)
}

/// A key file holding the demo key of that name (`zheng ed25519 secret key v1`, then the seed).
fn demo_key_file(dir: &Path, file: &str, name: &str) -> String {
    let seed = Sha256::digest(format!("zheng demo key: {name}"));
    std::fs::write(dir.join(file), format!("zheng ed25519 secret key v1\n{}\n", hex::encode(seed))).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join(file), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    file.to_string()
}

struct Golden {
    dir: PathBuf,
    bless: bool,
    mismatches: Vec<String>,
}

impl Golden {
    fn check(&mut self, name: &str, bytes: &[u8]) {
        let path = self.dir.join(name);
        if self.bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            return;
        }
        match std::fs::read(&path) {
            Ok(want) if want == bytes => {}
            Ok(want) => {
                let at = want.iter().zip(bytes).position(|(a, b)| a != b).unwrap_or(want.len().min(bytes.len()));
                self.mismatches.push(format!("{name}: differs at byte {at}"));
            }
            Err(e) => self.mismatches.push(format!("{name}: {e}")),
        }
    }

    fn command(&mut self, name: &str, dir: &Path, args: &[&str]) {
        let (code, out) = run(dir, args);
        let mut bytes = format!("exit {code}\n").into_bytes();
        bytes.extend_from_slice(&out);
        self.check(name, &bytes);
    }
}

#[test]
fn every_output_is_byte_identical_to_the_golden_files() {
    let mut g = Golden {
        dir: root().join("tests/golden"),
        bless: std::env::var_os("ZHENG_BLESS").is_some(),
        mismatches: Vec::new(),
    };
    let fx = root().join("fixtures");
    g.command("demo.zh.txt", &fx, &["demo"]);
    g.command("demo.en.txt", &fx, &["demo", "--lang", "en"]);
    g.command("rules.txt", &fx, &["rules"]);
    let votes: [(&str, &[&str]); 3] = [
        ("kengtou-vc", &["central.jsonl", "station-1.jsonl", "station-2.jsonl", "mobile.jsonl"]),
        ("kengtou-party", &["meeting.jsonl"]),
        ("kengtou-coop", &["meeting.jsonl"]),
    ];
    for (vote, boxes) in votes {
        let dir = fx.join(vote);
        let mut args = vec!["count", "--election", "election.toml"];
        args.extend(boxes);
        g.command(&format!("{vote}.count.zh.txt"), &dir, &args);
        g.command(&format!("{vote}.count.json"), &dir, &[args.as_slice(), &["--json"]].concat());
        g.command(&format!("{vote}.count.en.txt"), &dir, &[args.as_slice(), &["--lang", "en"]].concat());
    }

    // The signed flow, in a scratch folder with copies of the villagers' committee's files.
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let vc = fx.join("kengtou-vc");
    std::fs::copy(vc.join("election.toml"), t.join("e.toml")).unwrap();
    let stations = ["central", "station-1", "station-2", "mobile"];
    for s in stations {
        std::fs::copy(vc.join(format!("{s}.jsonl")), t.join(format!("{s}.jsonl"))).unwrap();
        let key = demo_key_file(t, &format!("{s}.key"), s);
        let (out, boxf) = (format!("{s}.zres"), format!("{s}.jsonl"));
        let args = ["close", "--election", "e.toml", "--key", &key, &boxf, "--out", &out];
        g.command(&format!("signed/close.{s}.txt"), t, &[&args[..], &["--closed-at", "2020-11-18T17:30:00Z"]].concat());
    }
    let monitor = demo_key_file(t, "monitor.key", "central monitor 1");
    g.command("signed/countersign.txt", t, &["countersign", "--election", "e.toml", "--key", &monitor, "central.zres"]);
    g.command(
        "signed/countersign-again.txt",
        t,
        &["countersign", "--election", "e.toml", "--key", &monitor, "central.zres"],
    );
    for s in stations {
        g.check(&format!("signed/{s}.zres"), &std::fs::read(t.join(format!("{s}.zres"))).unwrap());
        g.check(&format!("signed/{s}.ballots.jsonl"), &std::fs::read(t.join(format!("{s}.ballots.jsonl"))).unwrap());
    }
    let township = demo_key_file(t, "township.key", "郑坑乡 township");
    g.command(
        "signed/sign-manifest.txt",
        t,
        &["sign-manifest", "--election", "e.toml", "--key", &township, "--out", "e.sig"],
    );
    g.check("signed/e.sig", &std::fs::read(t.join("e.sig")).unwrap());
    let trust = "1e451ed6b549192141f41aedaf697d5345b416af827e829ba72375890a3f5553"; // a station's key, not the township's
    let results = ["central.zres", "station-1.zres", "station-2.zres", "mobile.zres"];
    g.command("signed/merge.json.txt", t, &[&["merge", "--election", "e.toml", "--json"][..], &results].concat());
    g.command("signed/merge-partial.txt", t, &["merge", "--election", "e.toml", "central.zres", "--partial"]);
    g.command("signed/merge-missing.txt", t, &["merge", "--election", "e.toml", "central.zres"]);
    g.command(
        "signed/merge-wrong-trust.txt",
        t,
        &[&["merge", "--election", "e.toml", "--manifest-sig", "e.sig", "--trust", trust][..], &results].concat(),
    );
    g.command(
        "signed/merge.txt",
        t,
        &[&["merge", "--election", "e.toml", "--manifest-sig", "e.sig", "--out", "bundle"][..], &results].concat(),
    );
    for f in [
        "manifest.toml",
        "manifest.sig",
        "outcome.json",
        "sheet.txt",
        "results/central.zres",
        "results/mobile.zres",
        "ballots/central.jsonl",
        "ballots/mobile.jsonl",
    ] {
        g.check(&format!("signed/bundle/{f}"), &std::fs::read(t.join("bundle").join(f)).unwrap());
    }
    g.command("signed/verify.txt", t, &["verify", "bundle"]);
    g.command("signed/verify.json", t, &["verify", "bundle", "--json"]);
    g.command("signed/verify-wrong-trust.txt", t, &["verify", "bundle", "--trust", trust]);
    // A changed published ballot: the checklist says which check fails.
    let p = t.join("bundle/ballots/mobile.jsonl");
    let mut b = std::fs::read(&p).unwrap();
    let at = b.len() - 3;
    b[at] ^= 1;
    std::fs::write(&p, b).unwrap();
    g.command("signed/verify-tampered.txt", t, &["verify", "bundle"]);
    // A garbage manifest.sig fails even with no trusted key.
    std::fs::write(t.join("bundle/manifest.sig"), b"ZHENGM01 garbage").unwrap();
    g.command("signed/verify-garbage-sig.txt", t, &["verify", "bundle"]);
    assert!(g.mismatches.is_empty(), "outputs changed:\n{}", g.mismatches.join("\n"));
}
