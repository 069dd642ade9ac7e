//! `zheng qr encode` and `zheng qr decode`: a signed result as QR codes for a hall with no network,
//! and back; and the codes a closed box shows on the station's terminal (`station close --qr`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use zheng::error::{Error, Usage};
use zheng::seal::manifest::Manifest;
use zheng::seal::qr::{frame, read, render};
use zheng::seal::result::ResultFile;
use zheng::words::Lang;
use zheng::words::qr::{QrSays, QrWord};

use super::{LangArg, print, println};

/// A signed result as QR codes, and back.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Writes a signed result as QR codes: FILE.png or FILE.svg, one code while the result fits,
    /// else one file a code, FILE-1.png, FILE-2.png, ….
    Encode {
        /// The signed result (X.zres).
        #[arg(value_name = "RESULT")]
        result: PathBuf,
        /// The image to write, FILE.png or FILE.svg (a sequence: FILE-1.png, FILE-2.png, …).
        #[arg(long, value_name = "FILE.png|FILE.svg")]
        out: PathBuf,
        /// The most bytes a code carries, its header included: 2331 (a version 40 code) by
        /// default and at most; fewer make several smaller codes, easier to photograph.
        #[arg(long, value_name = "N", default_value_t = frame::MAX_CODE_BYTES)]
        max_bytes: usize,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Reads a signed result back from images (PNG or JPEG) of its QR codes, given in any order; checks
    /// it as a result file is checked and writes it byte for byte as it was signed.
    Decode {
        /// The images: photographs, scans or the files `qr encode` wrote; an image may hold
        /// several codes.
        #[arg(value_name = "IMAGE", required = true)]
        images: Vec<PathBuf>,
        /// The result file to write (X.zres).
        #[arg(long, value_name = "RESULT")]
        out: PathBuf,
        /// Also verify the result against the election's manifest, as `zheng collect` and
        /// `merge` do (the station's key, its monitors).
        #[arg(long, value_name = "E.toml")]
        election: Option<PathBuf>,
        /// Replace evidence at RESULT (an existing result file).
        #[arg(long)]
        force: bool,
        /// Language of what is printed, errors too: zh or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
}

/// When `station close` shows the result's codes on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Show {
    /// When the output is a terminal.
    #[default]
    Auto,
    /// Always (on a terminal, codes narrow enough for its width).
    Always,
    /// Never.
    Never,
}

/// Runs one `qr` command.
pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Encode { result, out, max_bytes, lang } => encode(&result, &out, max_bytes, lang.into()),
        Command::Decode { images, out, election, force, lang } => {
            decode(&images, &out, election.as_deref(), force, lang.into())
        }
    }
}

/// `qr encode`: the result read and its signatures checked, its codes drawn and written.
fn encode(result: &Path, out: &Path, max_bytes: usize, lang: Lang) -> anyhow::Result<u8> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let svg = match ext.as_deref() {
        Some("png") => false,
        Some("svg") => true,
        _ => return Err(Error::Usage(Usage::NotPngOrSvg { out: out.display().to_string() }).into()),
    };
    let r = ResultFile::read(result)?;
    r.own_signatures_hold().map_err(|why| Error::refused(result, why))?;
    let symbols = render::symbols(&r, max_bytes).map_err(|p| Error::qr(result, p))?;
    let paths = render::numbered(out, symbols.len());
    for p in &paths {
        zheng::files::guard_output(p, &[result], false)?;
    }
    let (b, bytes, count) = (r.body(), r.to_bytes().len(), symbols.len());
    for (i, (s, path)) in symbols.iter().zip(&paths).enumerate() {
        let image = if svg { s.svg(render::MODULE_PIXELS).into_bytes() } else { s.png(render::MODULE_PIXELS)? };
        zheng::files::write_atomic(path, &image)?;
        println(&lang.format(QrSays::Wrote {
            path: &path.display(),
            index: &(i + 1),
            count: &count,
            station: &b.station,
            election: &b.election,
            bytes: &bytes,
            version: &s.version(),
        }))?;
    }
    Ok(0)
}

/// `qr decode`: the codes read and put together, the result checked (against the manifest too,
/// when given) and written.
fn decode(images: &[PathBuf], out: &Path, election: Option<&Path>, force: bool, lang: Lang) -> anyhow::Result<u8> {
    let inputs: Vec<&Path> = images.iter().map(PathBuf::as_path).chain(election).collect();
    zheng::files::guard_output(out, &inputs, force)?;
    let manifest = election.map(Manifest::load).transpose()?;
    // The reader of codes is another crate's: should it panic on some image, that search finds
    // nothing, and the clerk reads a refusal, not a backtrace.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let decoded = read::decode(images);
    std::panic::set_hook(hook);
    let d = decoded?;
    let monitors = match &manifest {
        Some(m) => Some(zheng::audit::merge::verify_result(m.election(), &d.file).map_err(|why| {
            why.into_iter().next().map_or_else(|| Error::Invariant("a refusal without a reason".into()), Error::Refusal)
        })?),
        None => None,
    };
    zheng::files::write_atomic(out, &d.bytes)?;
    let b = d.file.body();
    println(&lang.format(QrSays::Decoded {
        path: &out.display(),
        station: &b.station,
        election: &b.election,
        codes: &d.codes,
        result: &hex::encode(d.file.id()),
    }))?;
    match (monitors, election) {
        (Some(monitors), Some(e)) => {
            println(&lang.format(QrSays::Verified { manifest: &e.display(), monitors: &monitors }))?
        }
        _ => println(&lang.format(QrSays::OwnSignatures { n: &d.file.signatures().len() }))?,
    }
    Ok(0)
}

/// Shows a closed box's result as QR codes on the terminal, when `show` says so: codes as wide as
/// the terminal allows (one while it fits), each under its caption, then what to do with them.
pub fn show(result: &ResultFile, show: Show, lang: Lang) -> anyhow::Result<()> {
    let terminal = std::io::stdout().is_terminal();
    if show == Show::Never || (show == Show::Auto && !terminal) {
        return Ok(());
    }
    let b = result.body();
    let header = frame::header_len(&b.election, &b.station);
    let columns = terminal.then(|| ratatui::crossterm::terminal::size().ok()).flatten().map(|(c, _)| usize::from(c));
    let max_bytes =
        columns.and_then(render::max_bytes_within).filter(|m| *m > header + 64).unwrap_or(frame::MAX_CODE_BYTES);
    let symbols = render::symbols(result, max_bytes).map_err(|problem| Error::Qr { path: None, problem })?;
    let count = symbols.len();
    for (i, s) in symbols.iter().enumerate() {
        println(&lang.format(QrSays::Caption { index: &(i + 1), count: &count, station: &b.station }))?;
        print(&s.terminal())?;
    }
    println(lang.say(QrWord::HowToCarry))
}
