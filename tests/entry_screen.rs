//! The tallier's entry screen end to end (issue 21, the tallier): the real `zheng station screen`
//! in an 80×24 pseudo-terminal, typed the way a Chinese input method types — full-width digits
//! (`１`), a full-width space between numbers, a name with a space in it (`钟 伟`), `，` between
//! names, each word committed in one piece — then `zheng station export` of the box read back: the
//! journal holds exactly the ballots meant. A ballot the law voids is asked about and corrected;
//! Ctrl-C with a ballot half typed asks first; what is printed after leaving is in the screen's
//! language.

use crate::common::*;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_json::{Value, json};

/// `zheng` running in a pseudo-terminal, everything it writes gathered.
struct Screen {
    child: Box<dyn Child + Send + Sync>,
    keys: Box<dyn Write + Send>,
    written: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Screen {
    /// Starts `zheng args…` in `dir` on an 80×24 pseudo-terminal and waits for its first frame.
    fn start(dir: &Path, args: &[&str]) -> Screen {
        let size = PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zheng"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("zheng starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let written = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&written);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                into.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let keys = pair.master.take_writer().unwrap();
        let s = Screen { child, keys, written, _master: pair.master };
        // The first frame is drawn in raw mode: keys typed from now on reach the screen as keys.
        s.wait_for("主任");
        s
    }

    /// What the terminal shows of the output so far, its control sequences left out.
    fn text(&self) -> String {
        visible(&self.written.lock().unwrap())
    }

    fn wait_for(&self, what: &str) {
        let start = Instant::now();
        while !self.text().contains(what) {
            assert!(start.elapsed() < Duration::from_secs(30), "{what:?} never shown: {}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types what an input method commits in one piece (a key, or a word).
    fn commit(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).unwrap();
        self.keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Types each piece, then Enter (`\r` in raw mode).
    fn post(&mut self, pieces: &[&str]) {
        for p in pieces {
            self.commit(p);
        }
        self.commit("\r");
    }

    /// Waits for the screen to end; its exit status and what it printed once it had left the
    /// alternate screen (its closing line).
    fn ended(mut self) -> (u32, String) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                let written = self.written.lock().unwrap();
                let left = written.windows(LEAVE.len()).rposition(|w| w == LEAVE).map_or(0, |at| at + LEAVE.len());
                return (status.exit_code(), visible(&written[left..]));
            }
            if start.elapsed() > Duration::from_secs(30) {
                self.child.kill().ok();
                panic!("the screen did not end: {}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// What a terminal program writes to leave the alternate screen.
const LEAVE: &[u8] = b"\x1b[?1049l";

/// Output without its escape sequences (CSI `ESC [ … final`, and two-byte `ESC x`).
fn visible(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for f in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&f) {
                    break;
                }
            }
        }
    }
    out
}

fn run(dir: &Path, args: &[&str]) -> String {
    let o = crate::common::zheng_command().args(args).current_dir(dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
    out(&o)
}

#[test]
fn a_tallier_types_with_a_chinese_input_method_and_the_journal_holds_what_was_meant() {
    let d = tempfile::tempdir().unwrap();
    let manifest = root().join("fixtures/kengtou-vc/election.toml");
    let m = manifest.to_str().unwrap();
    run(d.path(), &["station", "open", "--election", m, "--station", "mobile", "--journal", "j.db", "--voters", "88"]);

    let mut s = Screen::start(d.path(), &["station", "screen", "--journal", "j.db"]);
    // 主任 １ · 副主任 ２ · 委员 two written-in names, one typed with a space · 妇女委员 １.
    s.post(&["１"]);
    s.post(&["２"]);
    s.post(&["雷晓东", "，", "钟 伟"]);
    s.post(&["１"]);
    // 主任 a written-in name with a space; 委员 two numbers with a full-width space between.
    s.post(&["钟 伟"]);
    s.post(&[]);
    s.post(&["１", "\u{3000}", "３"]);
    s.post(&[]);
    // Two numbers for the one seat of 主任: the law would void the ballot, so the screen asks;
    // `n`, back on 主任, the slip corrected (Backspace ×3), and the ballot saved.
    s.post(&["１", " ", "２"]);
    s.post(&[]);
    s.post(&[]);
    s.post(&[]);
    s.commit("n");
    s.commit("\u{7f}\u{7f}\u{7f}");
    s.post(&["３"]);
    s.post(&[]);
    s.post(&[]);
    s.post(&[]);
    // Ctrl-C with nothing typed leaves at once; the closing line is in the screen's language.
    s.commit("\u{3}");
    let (status, text) = s.ended();
    assert_eq!((status, text.trim()), (0, "j.db：已录入 3 张选票，计入 3 张"));

    // In English: Ctrl-C with a ballot half typed asks first; `y` leaves, the ballot unsaved.
    let mut s = Screen::start(d.path(), &["station", "screen", "--journal", "j.db", "--lang", "en"]);
    s.commit("２");
    s.commit("\u{3}");
    s.wait_for("This ballot is not saved yet: quit anyway? (y/n)");
    s.commit("y");
    let (status, text) = s.ended();
    assert_eq!((status, text.trim()), (0, "j.db: 3 ballots entered, 3 live"));

    run(d.path(), &["station", "export", "--journal", "j.db", "--out", "box.jsonl"]);
    let exported = std::fs::read_to_string(d.path().join("box.jsonl")).unwrap();
    let mut lines = exported.lines().map(|l| serde_json::from_str::<Value>(l).unwrap());
    assert_eq!(lines.next(), Some(json!({"station": "mobile", "voters": 88})));
    let mut ballots: Vec<Value> = lines.collect();
    let mut meant = vec![
        json!({"chair": ["c01"], "vice": ["c05"], "member": ["w:钟伟", "w:雷晓东"], "women": ["c11"]}),
        json!({"chair": ["w:钟伟"], "member": ["c06", "c08"]}),
        json!({"chair": ["c03"]}),
    ];
    let key = |v: &Value| v.to_string();
    ballots.sort_by_key(key);
    meant.sort_by_key(key);
    assert_eq!(ballots, meant, "{exported}");
}
