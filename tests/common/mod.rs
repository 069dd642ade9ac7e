//! Helpers shared by the end-to-end tests: run the binary, write temporary elections, run a witness
//! (`witness`).
#![allow(dead_code)]

pub mod browser;
pub mod witness;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where a server started with its standard output piped says it listens, read from its first
/// line: the `HOST:PORT` after `http://`, and the line itself.
pub fn listening(child: &mut Child) -> (String, String) {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its output piped")).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split(' ').next()).expect("it says where it listens");
    (addr.to_string(), line)
}

/// The variables a command reads its default language from (`--lang` not given).
pub const LANG_VARS: [&str; 4] = ["ZHENG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// `zheng` as a command to run, in English unless the test asks for Chinese (`--lang zh`), whatever
/// the locale of the machine the tests run on: the locale is removed and `ZHENG_LANG=en` set. (A
/// command's default, Chinese, is tested with [`zheng_by_default`].)
pub fn zheng_command() -> Command {
    script_command(env!("CARGO_BIN_EXE_zheng"))
}

/// A program that runs `zheng` (a script given `$ZHENG`, a shell), in English as
/// [`zheng_command`].
pub fn script_command(program: &str) -> Command {
    let mut c = Command::new(program);
    for v in LANG_VARS {
        c.env_remove(v);
    }
    c.env("ZHENG_LANG", "en");
    c
}

/// `zheng` with nothing in the environment choosing its language: a command without `--lang`
/// speaks its default, Chinese.
pub fn zheng_by_default() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zheng"));
    for v in LANG_VARS {
        c.env_remove(v);
    }
    c
}

/// Runs `zheng` with arguments.
pub fn zheng(args: &[&str]) -> Output {
    zheng_command().args(args).current_dir(root()).output().expect("zheng runs")
}

/// Runs `zheng` with arguments and nothing in the environment choosing its language: its default,
/// Chinese, unless `--lang` is given.
pub fn zheng_default(args: &[&str]) -> Output {
    zheng_by_default().args(args).current_dir(root()).output().expect("zheng runs")
}

/// stdout as text.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding a manifest and box files.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    pub fn new(manifest: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("e.toml"), manifest).unwrap();
        Case { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a box file: the header, then the ballot lines.
    pub fn box_file(&self, name: &str, station: &str, voters: u64, ballots: &[&str]) -> PathBuf {
        let mut t = format!("{{\"station\":\"{station}\",\"voters\":{voters}}}\n");
        for b in ballots {
            t.push_str(b);
            t.push('\n');
        }
        let p = self.path(name);
        std::fs::write(&p, t).unwrap();
        p
    }

    /// Runs `zheng count --json` on these box files; returns the exit code and the JSON.
    pub fn count(&self, boxes: &[&Path]) -> (i32, serde_json::Value) {
        let m = self.path("e.toml");
        let mut args: Vec<String> = vec!["count".into(), "--election".into(), m.display().to_string(), "--json".into()];
        args.extend(boxes.iter().map(|b| b.display().to_string()));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = zheng(&a);
        let code = o.status.code().unwrap();
        assert!(code == 0 || code == 1, "count failed ({code}): {}", err(&o));
        (code, serde_json::from_slice(&o.stdout).expect("JSON on stdout"))
    }

    /// Runs `zheng count` expecting an input error; returns stderr.
    pub fn count_fails(&self, boxes: &[&Path]) -> String {
        let m = self.path("e.toml");
        let mut args: Vec<String> = vec!["count".into(), "--election".into(), m.display().to_string()];
        args.extend(boxes.iter().map(|b| b.display().to_string()));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = zheng(&a);
        assert_eq!(o.status.code(), Some(2), "expected exit 2; stdout {} stderr {}", out(&o), err(&o));
        assert!(o.stdout.is_empty(), "nothing on stdout after an input error");
        err(&o)
    }
}

/// A villagers' committee manifest: `registered`, one station, posts given as TOML.
pub fn vc_manifest(registered: u64, posts: &str) -> String {
    format!(
        "format = 1\n[election]\nid = \"hand\"\nbody = \"villagers-committee\"\nrules = \"zj-vc-2020\"\nregistered = {registered}\n\n{posts}\n[[station]]\nid = \"s\"\n"
    )
}

/// The names elected in a contest of an outcome JSON.
pub fn elected(v: &serde_json::Value, contest: usize) -> Vec<String> {
    v["contests"][contest]["elected"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

/// `name → votes` of a contest's tally.
pub fn votes(v: &serde_json::Value, contest: usize) -> Vec<(String, u64)> {
    v["contests"][contest]["tally"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["votes"].as_u64().unwrap()))
        .collect()
}

/// A fixed test key: 32 bytes `n`.
pub fn key(n: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[n; 32])
}

/// The public half of [`key`], in hex.
pub fn pk(n: u8) -> String {
    zheng::seal::keys::public_hex(&key(n))
}

/// The text of the code block after `label` in a document (without its opening line).
pub fn doc_block(doc: &str, label: &str) -> String {
    let start = doc.find(label).unwrap_or_else(|| panic!("the document has no {label}"));
    let block = doc[start + label.len()..].split("```").nth(1).expect("a code block follows the label");
    block.split_once('\n').expect("a block opens with its language").1.to_string()
}

/// docs/FORMAT.md's test-vector result: a fixed key (seed `00 01 … 1f`) signs a fixed body.
pub fn format_vector_result() -> zheng::seal::result::ResultFile {
    use zheng::seal::result::{ContestCount, ResultBody, ResultFile};
    let key = ed25519_dalek::SigningKey::from_bytes(&core::array::from_fn(|i| i as u8));
    let body = ResultBody {
        format: 1,
        election: "demo-1".into(),
        manifest_sha256: [0xAA; 32],
        station: "s1".into(),
        voters: 3,
        ballots: 3,
        valid: 2,
        invalid: [1, 0, 0, 0, 0, 0],
        contests: vec![ContestCount {
            votes: vec![1, 0],
            against: vec![],
            blank: 0,
            voided: 0,
            with_write_in: 1,
            write_ins: vec![("王五".into(), 1)],
        }],
        ballots_root: [0xBB; 32],
        closed_at: "2020-11-18T17:00:00Z".into(),
    };
    ResultFile::sign(body, &key)
}

/// The demo village's signed bundle (its four stored signed results, merged afresh) in `dir`.
pub fn demo_bundle(dir: &Path) -> PathBuf {
    let golden = root().join("tests/golden/signed");
    let bundle = dir.join("kengtou-2020-vc-bundle");
    let mut args: Vec<String> = vec!["merge".into(), "--election".into()];
    args.push(golden.join("bundle/manifest.toml").display().to_string());
    for s in ["central", "station-1", "station-2", "mobile"] {
        args.push(golden.join(format!("{s}.zres")).display().to_string());
    }
    args.extend(["--manifest-sig".into(), golden.join("e.sig").display().to_string(), "--out".into()]);
    args.push(bundle.display().to_string());
    let o = zheng(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", err(&o));
    bundle
}

/// One raw HTTP/1.1 exchange (Connection: close): the status and the body.
pub fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    std::io::Write::write_all(&mut s, head.as_bytes()).unwrap();
    let _ = std::io::Write::write_all(&mut s, body);
    let mut resp = Vec::new();
    let _ = std::io::Read::read_to_end(&mut s, &mut resp);
    let text = String::from_utf8_lossy(&resp);
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = resp.windows(4).position(|w| w == b"\r\n\r\n").map_or(Vec::new(), |i| resp[i + 4..].to_vec());
    (status, body)
}

/// Whether the server at `addr` answers `GET /health` with 200.
pub fn healthy(addr: &str) -> bool {
    http(addr, "GET", "/health", b"").0 == 200
}

/// Waits for an event: until `happened` holds, looking every 5 ms. Nothing is asserted of how long
/// it took; only what never happens — for a minute, on a machine however loaded — fails the test,
/// naming `what`.
pub fn until(what: &str, mut happened: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !happened() {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "{what} never happened");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
