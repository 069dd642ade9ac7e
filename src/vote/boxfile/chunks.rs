//! A box file's ballot lines read in chunks of about a megabyte and decoded while the file is read.
//!
//! Takes an open reader and the schema; gives the header, then one result of `map` per chunk in
//! file order — or the first input error in the file. The reader hands each chunk to a rayon task as
//! soon as it is read; when as many chunks are waiting as there are threads, it decodes the next
//! one itself. So both cores decode while a box is read (a box read in blocks of 8 MiB, each block
//! decoded before the next was read, kept one of two cores waiting a fifth of the time), and a box
//! holds a few megabytes however large it is — whose pages, kept from chunk to chunk
//! ([`SPARE`]), are not faulted in again by the kernel (a fresh 8 MiB block a box cost a tenth of
//! the CPU of counting four boxes: issue 23).

use std::io::Read;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{BoxHeader, MAX_LINE_BYTES, Records, Scanned, located, parse_header, trim_cr};
use crate::error::{Error, Problem};
use crate::vote::ballot::{BallotBatch, LineError, Repeats, Schema};

/// Bytes read a chunk: a chunk ends at its last newline, and the unfinished line after it begins
/// the next chunk. (The unit tests read in chunks of 128 KiB, so that their boxes of a few
/// thousand lines cross chunks.)
const CHUNK_BYTES: usize = if cfg!(test) { 128 << 10 } else { 1 << 20 };

/// Chunk buffers kept for the next chunk or box, at most [`SPARE_MAX`].
static SPARE: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
/// Chunk buffers kept: enough for two boxes read at once on two cores.
const SPARE_MAX: usize = 8;

/// A buffer kept from a chunk before, or a new one.
fn spare() -> Vec<u8> {
    SPARE.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default()
}

/// Keeps a chunk's buffer for the next, if fewer than [`SPARE_MAX`] are kept.
fn keep(mut buf: Vec<u8>) {
    buf.clear();
    let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
    if spare.len() < SPARE_MAX && buf.capacity() > 0 {
        spare.push(buf);
    }
}

/// What stopped the reading of a file before its end.
enum Stop {
    /// The file could not be read.
    Io(Error),
    /// The first line of a chunk is longer than [`MAX_LINE_BYTES`] (refused before it is buffered
    /// whole).
    TooLong,
}

/// A file read in chunks: each chunk is the unfinished line of the one before, then up to
/// [`CHUNK_BYTES`] of the file, read on until a line is complete or the file ends.
struct Reader<'p, R> {
    path: &'p Path,
    f: R,
    /// The bytes the file is still expected to hold: a small box costs a small buffer.
    left: u64,
    /// The unfinished line of the last chunk.
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Reader<'_, R> {
    /// The next chunk's buffer, its complete lines ending at the buffer's end; none after the end
    /// of the file.
    fn next(&mut self) -> Result<Option<Vec<u8>>, Stop> {
        if self.eof {
            return Ok(None);
        }
        let mut buf = spare();
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(CHUNK_BYTES).min(CHUNK_BYTES);
        buf.reserve(self.carry.len() + room);
        buf.append(&mut self.carry);
        loop {
            let n = match (&mut self.f).take(CHUNK_BYTES as u64).read_to_end(&mut buf) {
                Ok(n) => n,
                Err(e) => return Err(Stop::Io(Error::io(self.path, e))),
            };
            self.left = self.left.saturating_sub(n as u64);
            if n == 0 {
                // At the end of the file the rest is the last line.
                self.eof = true;
                return Ok((!buf.is_empty()).then_some(buf));
            }
            if let Some(nl) = memchr::memrchr(b'\n', &buf) {
                self.carry.extend_from_slice(&buf[nl + 1..]);
                buf.truncate(nl + 1);
                return Ok(Some(buf));
            }
            if buf.len() > MAX_LINE_BYTES {
                return Err(Stop::TooLong);
            }
        }
    }
}

/// The lines of a chunk, without their newlines.
fn lines(chunk: &[u8]) -> Vec<&[u8]> {
    let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
    let mut out = Vec::with_capacity(body.len() / 48 + 1);
    let mut from = 0;
    for nl in memchr::memchr_iter(b'\n', body) {
        out.push(&body[from..nl]);
        from = nl + 1;
    }
    out.push(&body[from..]);
    out
}

/// What one chunk's task gave: `map`'s result and the chunk's lines, or the first input error in
/// it and its line's place in the chunk.
type Done<T> = Result<(T, usize), (usize, LineError)>;

/// Decodes a chunk's ballot lines (after the header, in the first chunk) into one batch and hands
/// it, with the lines, to `map`.
fn decode<T, M>(schema: &Schema<'_>, records: Records, map: &M, chunk: &[u8], header: bool) -> Done<T>
where
    M: Fn(BallotBatch, &[&[u8]]) -> T,
{
    let lines = lines(chunk);
    let body = &lines[usize::from(header)..];
    let mut d = schema.decoder();
    let mut batch = BallotBatch::with_room(schema.layout(), body.len());
    let mut repeats = Repeats::for_lines(body.len());
    for (i, line) in body.iter().enumerate() {
        let at = i + usize::from(header);
        let fault = |problem| (at, LineError { field: String::new(), problem });
        if line.len() > MAX_LINE_BYTES {
            return Err(fault(Problem::LineTooLong { max: MAX_LINE_BYTES }));
        }
        let line = trim_cr(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Err(fault(Problem::EmptyLine));
        }
        repeats.decode(&mut d, line, &mut batch, records == Records::Keep).map_err(|e| (at, e))?;
    }
    repeats.finish(&mut batch);
    Ok((map(batch, body), lines.len()))
}

/// Reads the header line, in the first chunk: its error is the file's first.
fn header(path: &Path, schema: &Schema<'_>, chunk: &[u8]) -> Result<BoxHeader, Error> {
    let line = &chunk[..memchr::memchr(b'\n', chunk).unwrap_or(chunk.len())];
    if line.len() > MAX_LINE_BYTES {
        return Err(located(path, 1, "", Problem::LineTooLong { max: MAX_LINE_BYTES }));
    }
    let h = parse_header(path, trim_cr(line))?;
    let registered = schema.election().registered();
    if h.voters > registered {
        let why = Problem::VotersAboveRegistered { voters: h.voters, registered };
        return Err(located(path, 1, "voters", why));
    }
    Ok(h)
}

/// Streams a box file from `f` (with the bytes it is expected to hold): its header, then every
/// ballot line decoded against `schema`, a chunk a task, each task's batch handed with its lines to
/// `map`. Fails on the first input error in the file, and then counts nothing.
pub(super) fn scan<T, M, R>(
    path: &Path,
    (f, expected): (R, u64),
    schema: &Schema<'_>,
    records: Records,
    map: &M,
) -> Result<Scanned<T>, Error>
where
    T: Send,
    M: Fn(BallotBatch, &[&[u8]]) -> T + Sync,
    R: Read + Send,
{
    let mut reader = Reader { path, f, left: expected, carry: Vec::new(), eof: false };
    let first = match reader.next() {
        Ok(Some(chunk)) => chunk,
        Ok(None) => return Err(located(path, 1, "", Problem::EmptyFile)),
        Err(Stop::Io(e)) => return Err(e),
        Err(Stop::TooLong) => return Err(located(path, 1, "", Problem::LineTooLong { max: MAX_LINE_BYTES })),
    };
    let header = header(path, schema, &first)?;
    let (done, stop) = run(&mut reader, first, schema, records, map);
    // Every chunk before the first error was decoded: its line is numbered from their lines.
    let (mut line, mut parts, mut ballots) = (1usize, Vec::with_capacity(done.len()), 0u64);
    for (k, d) in done.into_iter().enumerate() {
        match d {
            Some(Ok((t, n))) => {
                parts.push(t);
                line += n;
                ballots += (n - usize::from(k == 0)) as u64;
            }
            Some(Err((i, e))) => return Err(located(path, line + i, &e.field, e.problem)),
            None => return Err(Error::Invariant(format!("{}: chunk {k} was not decoded", path.display()))),
        }
    }
    match stop {
        Some(Stop::Io(e)) => Err(e),
        Some(Stop::TooLong) => Err(located(path, line, "", Problem::LineTooLong { max: MAX_LINE_BYTES })),
        None => Ok(Scanned { header, ballots, parts }),
    }
}

/// Reads the chunks after `first` and decodes them all, as many at once as there are threads:
/// each chunk's result in file order, and what stopped the reading early, if anything did (after
/// an input error in a chunk, the chunks after it are not read). A chunk is handed to a task only
/// when another follows it: the last is decoded by the reader — and a box of one chunk (a small
/// box) is decoded without starting a task at all.
fn run<T, M, R>(
    reader: &mut Reader<'_, R>,
    first: Vec<u8>,
    schema: &Schema<'_>,
    records: Records,
    map: &M,
) -> (Vec<Option<Done<T>>>, Option<Stop>)
where
    T: Send,
    M: Fn(BallotBatch, &[&[u8]]) -> T + Sync,
    R: Read + Send,
{
    let (mut following, mut stop) = match reader.next() {
        Ok(c) => (c, None),
        Err(e) => (None, Some(e)),
    };
    if following.is_none() {
        return (vec![Some(decode(schema, records, map, &first, true))], stop);
    }
    let done: Mutex<Vec<Option<Done<T>>>> = Mutex::new(Vec::new());
    let failed = AtomicBool::new(false);
    let waiting = AtomicUsize::new(0);
    let threads = rayon::current_num_threads();
    rayon::scope(|s| {
        let (done, failed, waiting) = (&done, &failed, &waiting);
        let task = move |k: usize, chunk: Vec<u8>| {
            let d = decode(schema, records, map, &chunk, k == 0);
            keep(chunk);
            failed.fetch_or(d.is_err(), Ordering::Relaxed);
            done.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(d);
        };
        let mut this = Some(first);
        for k in 0.. {
            let Some(chunk) = this.take() else { break };
            done.lock().unwrap_or_else(|e| e.into_inner()).push(None);
            if following.is_some() && waiting.load(Ordering::Acquire) < threads {
                waiting.fetch_add(1, Ordering::AcqRel);
                s.spawn(move |_| {
                    task(k, chunk);
                    waiting.fetch_sub(1, Ordering::AcqRel);
                });
            } else {
                task(k, chunk);
            }
            if failed.load(Ordering::Relaxed) {
                break;
            }
            this = following.take();
            if this.is_some() {
                match reader.next() {
                    Ok(c) => following = c,
                    Err(e) => stop = Some(e),
                }
            }
        }
    });
    (done.into_inner().unwrap_or_else(|e| e.into_inner()), stop)
}
