//! A real browser for the tests: Debian's headless Chromium driven through its ChromeDriver
//! (WebDriver, with fantoccini). Without them a test says so on stderr and is skipped — unless `CI`
//! is set, where `.ci/run` installs them and their absence is a failure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// Where Debian puts them (`apt-get install chromium chromium-driver fonts-noto-cjk`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// ChromeDriver, from the package chromium-driver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session; the driver is stopped when it is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Ends the session, then the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Whether the browser is here. If not: skipped (a line on stderr says so), or, under CI, a
/// failure.
pub fn available(test: &str) -> bool {
    let here = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !here {
        let why = format!(
            "{test}: SKIPPED — no {CHROMIUM} or {CHROMEDRIVER} (apt-get install chromium chromium-driver fonts-noto-cjk; .ci/run does)"
        );
        assert!(std::env::var_os("CI").is_none(), "{why}: CI must have the browser");
        // Straight to the process's stderr, past the test harness's capture, so the skip shows.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{why}");
    }
    here
}

/// Starts ChromeDriver on a port it picks itself (`--port=0`: nothing binds a port and lets it go
/// for another to take) and reads the port from the line it prints once it listens: `ChromeDriver
/// was started successfully on port N.`
fn chromedriver() -> (Child, u16) {
    let mut driver = Command::new(CHROMEDRIVER)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let mut said = BufReader::new(driver.stdout.take().unwrap());
    let mut line = String::new();
    let port = loop {
        line.clear();
        if said.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("chromedriver ended without saying its port");
        }
        if let Some(n) = line.split("started successfully on port ").nth(1) {
            break n.trim().trim_end_matches('.').parse().expect("a port number");
        }
    };
    // What it prints later goes nowhere, and never fills the pipe.
    std::thread::spawn(move || std::io::copy(&mut said, &mut std::io::sink()));
    (driver, port)
}

/// Starts ChromeDriver and opens a headless Chromium session, `width`×`height` pixels.
pub async fn open(width: u32, height: u32) -> Browser {
    let (driver, port) = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-quic".into(),
        "--hide-scrollbars".into(),
        format!("--window-size={width},{height}"),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), json!({ "binary": CHROMIUM, "args": args }));
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
            Ok(c) => break c,
            Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    Browser { client, driver, _profile: profile }
}

/// Runs a script in the page and returns its value.
pub async fn eval(c: &Client, script: &str) -> Value {
    c.execute(script, Vec::new()).await.expect("the script runs")
}

/// The page printed to PDF on A4 by Chromium, and its number of pages.
pub async fn print_a4(c: &Client) -> (Vec<u8>, usize) {
    use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
    let cfg = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .margins(PrintMargins { top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 })
        .background(true)
        // As a person prints: at 100 %, never shrunk to fit (a page too wide must show as too wide).
        .shrink_to_fit(false)
        .build()
        .unwrap();
    let pdf = c.print(cfg).await.expect("Chromium prints to PDF");
    let pages = lopdf::Document::load_mem(&pdf).expect("a PDF").get_pages().len();
    (pdf, pages)
}

/// Where a printed PDF's ink reaches the right edge of its print area (the page less `margin_mm`):
/// for each such page, its number and the rightmost inked column in millimetres from the paper's
/// left edge. Chromium clips what passes the print area, so ink cut there ends exactly at the edge —
/// a table's right border drawn half, text running off; anything whole stops short of it. Each page
/// must be A4. Rasterised by poppler's `pdftoppm` at 150 dpi as a grey PGM. `None` — said on
/// stderr — without it, except under CI.
pub fn ink_at_the_margin(pdf: &[u8], margin_mm: f64) -> Option<Vec<(usize, f64)>> {
    const DPI: f64 = 150.0;
    const PDFTOPPM: &str = "/usr/bin/pdftoppm";
    if !Path::new(PDFTOPPM).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must have {PDFTOPPM} (poppler-utils)");
        eprintln!("measuring the printed PDF: SKIPPED — no {PDFTOPPM} (apt-get install poppler-utils)");
        return None;
    }
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    for (_, id) in doc.get_pages() {
        let page = doc.get_object(id).and_then(|o| o.as_dict()).unwrap();
        let mb = page
            .get(b"MediaBox")
            .and_then(|m| m.as_array())
            .map(|a| a.iter().map(|x| x.as_float().unwrap_or(0.0)).collect::<Vec<_>>());
        if let Ok(mb) = mb {
            assert!(
                (mb[2] - mb[0] - 595.3).abs() < 1.5 && (mb[3] - mb[1] - 841.9).abs() < 1.5,
                "an A4 page box: {mb:?}"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new(PDFTOPPM).args(["-r", "150", "-gray"]).arg(&file).arg(dir.path().join("p")).status();
    assert!(status.is_ok_and(|s| s.success()), "pdftoppm reads Chromium's PDF");
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    pages.sort();
    let mut past = Vec::new();
    for (n, p) in pages.iter().enumerate() {
        let bytes = std::fs::read(p).unwrap();
        let (w, h, px) = pgm(&bytes);
        // The edge of the print area, less one pixel (0.17 mm) for rounding.
        let edge = ((210.0 - margin_mm) / 25.4 * DPI).floor() as usize - 1;
        let rightmost = (0..w).rev().find(|&x| (0..h).any(|y| px[y * w + x] < 160));
        if let Some(x) = rightmost.filter(|&x| x >= edge) {
            past.push((n + 1, x as f64 * 25.4 / DPI));
        }
    }
    Some(past)
}

/// A binary PGM (`P5`, 8-bit): width, height, pixels.
fn pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5", "a binary grey map");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, &bytes[at + 1..at + 1 + w * h])
}

/// The text of each page of a PDF, as poppler's `pdftotext -layout` reads it (Debian's
/// poppler-utils, which `.ci/run` installs). `None` — said on stderr — without it, except under CI.
pub fn pdf_text(pdf: &[u8]) -> Option<Vec<String>> {
    const PDFTOTEXT: &str = "/usr/bin/pdftotext";
    if !Path::new(PDFTOTEXT).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must have {PDFTOTEXT} (poppler-utils)");
        eprintln!("reading the printed PDF: SKIPPED — no {PDFTOTEXT} (apt-get install poppler-utils)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(PDFTOTEXT).arg("-layout").arg(&file).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext reads Chromium's PDF");
    let text = String::from_utf8(out.stdout).unwrap();
    Some(text.split('\u{c}').map(str::to_string).collect())
}
