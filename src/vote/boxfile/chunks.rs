//! A file of lines (a box file, published ballots) read in chunks of about a megabyte, each
//! chunk's lines handed to a task ([`each_chunk`]).
//!
//! Takes an open reader, what to do with the first line, and what to do with a chunk's lines; gives
//! each chunk's result, in file order with the number of its first line, to a consumer — or the
//! first failure in the file. The first chunk is read here, in one read when it holds the whole
//! file (a small box: no task started); the rest of a larger file is read in spans by rayon tasks,
//! each at its own place in the file ([`super::spans`]), so that both cores read and decode at
//! once. A file holds a few megabytes of buffers however large it is — whose pages, kept from
//! chunk to chunk ([`SPARE`]), are not faulted in again by the kernel (a fresh 8 MiB block a box
//! cost a tenth of the CPU of counting four boxes: issue 23) — and the results of a wave of spans
//! at most.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::spans::{ReadAt, Span, Spans, fill, handed};
use super::{MAX_LINE_BYTES, located};
use crate::error::{Error, Problem};

/// Bytes read a chunk: the first chunk ends at its last newline, and each span after it
/// ([`super::spans`]) holds the lines that begin in its bytes. Not more than the longest line, so
/// that only a span's last line can be too long. (The unit tests read in chunks of 128 KiB, so
/// that their boxes of a few thousand lines cross chunks.)
pub(super) const CHUNK_BYTES: usize = if cfg!(test) { 128 << 10 } else { 1 << 20 };
const _: () = assert!(CHUNK_BYTES <= MAX_LINE_BYTES);

/// Room a chunk's buffer keeps for the unfinished line of the chunk before (most are far shorter):
/// a buffer kept holds any next chunk as it is — grown for a longer one, it was copied whole and
/// its new pages faulted in by the kernel, chunk after chunk (issue 23: a fifth of the large
/// ballot's page faults).
const CARRY_ROOM: usize = 64 << 10;

/// Chunk buffers kept for the next chunk or box, at most [`SPARE_MAX`].
static SPARE: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
/// Chunk buffers kept: enough for two boxes read at once on two cores.
const SPARE_MAX: usize = 8;

/// A buffer kept from a chunk before, or a new one — still holding the bytes it held (to be read
/// over: see [`Reader::next`]).
pub(super) fn spare() -> Vec<u8> {
    SPARE.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default()
}

/// Keeps a chunk's buffer for the next, if fewer than [`SPARE_MAX`] are kept (and not one grown
/// for a line longer than a chunk), with the bytes it holds.
pub(super) fn keep(buf: Vec<u8>) {
    let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
    if spare.len() < SPARE_MAX && buf.capacity() > 0 && buf.capacity() <= 2 * CHUNK_BYTES {
        spare.push(buf);
    }
}

/// A reader that has reached its end when, asked for one byte more than it was found to hold, it
/// gives exactly what it holds: a file (a regular file, [`crate::files::open_regular_sized`]: its
/// read stops short only at its end, or where an error waits), bytes in memory. A chunk that holds
/// the rest of such a reader is read in one read — no second read to find the end (a small box was
/// five system calls: open, look, read, read again, close). Read at places ([`ReadAt`]), its
/// first chunk from its start and the spans after it where they begin: never through a cursor, so
/// that every read names the place it reads.
pub(crate) trait EndsShort: ReadAt {}
impl EndsShort for std::fs::File {}
impl EndsShort for &[u8] {}

/// What stopped the reading of a file before its end.
pub(super) enum Stop {
    /// The file could not be read.
    Io(Error),
    /// The first line of a chunk is longer than [`MAX_LINE_BYTES`] (refused before it is buffered
    /// whole).
    TooLong,
}

/// A file read in chunks from its start: each chunk is the unfinished line of the one before, then
/// up to [`CHUNK_BYTES`] of the file, read on until a line is complete or the file ends. (A count
/// reads only the first this way; the spans after it are read at their places.)
struct Reader<'p, R> {
    path: &'p Path,
    f: R,
    /// The bytes read so far: where the next read begins.
    at: u64,
    /// The bytes the file is still expected to hold: a small box costs a small buffer.
    left: u64,
    /// The unfinished line of the last chunk.
    carry: Vec<u8>,
    eof: bool,
}

impl<R: EndsShort> Reader<'_, R> {
    /// Reads into `buf` from where the last read ended — once, again if interrupted by a signal
    /// before anything was read: how many bytes it gave.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Stop> {
        loop {
            match self.f.read_at(buf, self.at) {
                Ok(n) => return Ok(self.past(n)),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Stop::Io(Error::io(self.path, e))),
            }
        }
    }

    /// Reads `buf` full from where the last read ended, unless the file ends first: how many bytes
    /// were read.
    fn fill(&mut self, buf: &mut [u8]) -> Result<usize, Stop> {
        let (n, _) = fill(&self.f, buf, self.at).map_err(|e| Stop::Io(Error::io(self.path, e)))?;
        Ok(self.past(n))
    }

    /// `n` bytes more read: where the next read begins, and what the file is still expected to
    /// hold, moved past them.
    fn past(&mut self, n: usize) -> usize {
        self.at += n as u64;
        self.left = self.left.saturating_sub(n as u64);
        n
    }

    /// The next chunk's buffer, its complete lines ending at the buffer's end; none after the end
    /// of the file. Read over the bytes the kept buffer held, zeroed only past them (ten thousand
    /// boxes zeroed 80 MB).
    fn next(&mut self) -> Result<Option<Vec<u8>>, Stop> {
        if self.eof {
            return Ok(None);
        }
        let mut buf = spare();
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(CHUNK_BYTES).min(CHUNK_BYTES);
        let from = self.carry.len();
        buf.reserve_exact((from.max(CARRY_ROOM) + room).saturating_sub(buf.len()));
        grow(&mut buf, from + room);
        buf[..from].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut have = from;
        if room < CHUNK_BYTES {
            // The rest of the file (`room - 1` bytes, as expected) and one byte more asked for: exactly
            // the rest given is the end ([`EndsShort`]). Anything else is read on below, to the end
            // or an error — more (the file grew), or less: a file cut short since, or a disk that
            // failed part-way, whose error the next read gives (a box is never counted from part of
            // a file that says it is longer).
            let n = self.read(&mut buf[from..from + room])?;
            have += n;
            if n + 1 == room {
                self.eof = true;
                buf.truncate(have);
                return Ok((have > 0).then_some(buf));
            }
        }
        loop {
            grow(&mut buf, have + CHUNK_BYTES);
            let n = self.fill(&mut buf[have..have + CHUNK_BYTES])?;
            have += n;
            if n < CHUNK_BYTES {
                // Short of a chunk only at the end of the file, where the rest is the last line.
                self.eof = true;
                buf.truncate(have);
                return Ok((have > 0).then_some(buf));
            }
            if let Some(nl) = memchr::memrchr(b'\n', &buf[..have]) {
                self.carry.extend_from_slice(&buf[nl + 1..have]);
                buf.truncate(nl + 1);
                return Ok(Some(buf));
            }
            if have > MAX_LINE_BYTES {
                return Err(Stop::TooLong);
            }
        }
    }
}

/// `buf` at least `len` bytes long: those it held kept, any more zeroed.
pub(super) fn grow(buf: &mut Vec<u8>, len: usize) {
    if buf.len() < len {
        buf.reserve_exact(len - buf.len());
        buf.resize(len, 0);
    }
}

thread_local! {
    /// The room of the thread's last list of a chunk's lines, for its next ([`lines`], [`give_back`]):
    /// a small box's list was an allocation larger than the rest, and freed, box after box.
    static LINES: std::cell::Cell<Vec<&'static [u8]>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The lines of a chunk, without their newlines.
pub(super) fn lines(chunk: &[u8]) -> Vec<&[u8]> {
    let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
    // The thread's last list, empty, made a list of these lines: the same room (collected in place),
    // enough for any chunk's (a chunk a little longer than the last grew the list, which was then too
    // large to keep: copied and faulted in again chunk after chunk).
    let mut out: Vec<&[u8]> = LINES.take().into_iter().collect();
    out.reserve(body.len().max(CHUNK_BYTES + CARRY_ROOM) / 48 + 1);
    // (The newlines found by AVX2 wherever this machine has it — memchr's searcher for it asked
    // once a chunk, not looked up through its dispatch at every line: 30 instructions of a line's
    // 490 on the generator's shape.)
    #[cfg(target_arch = "x86_64")]
    if let Some(newline) = memchr::arch::x86_64::avx2::memchr::One::new(b'\n') {
        return split(body, newline.iter(body), out);
    }
    split(body, memchr::memchr_iter(b'\n', body), out)
}

/// `out` with the lines of `body` that end at the newlines `at` gives, and the last line after
/// them.
#[inline(always)]
fn split<'a>(body: &'a [u8], at: impl Iterator<Item = usize>, mut out: Vec<&'a [u8]>) -> Vec<&'a [u8]> {
    let mut from = 0;
    for nl in at {
        out.push(&body[from..nl]);
        from = nl + 1;
    }
    out.push(&body[from..]);
    out
}

/// A list of more lines than this is not kept for the thread's next: a chunk of a megabyte of
/// ordinary ballot lines has some 16,000; one of `{}` lines would hold 8 MiB a thread for nothing.
const SPARE_LINES: usize = 1 << 15;

/// Keeps the room of a list of lines for the thread's next ([`lines`]), unless it is large.
pub(super) fn give_back(mut lines: Vec<&[u8]>) {
    if lines.capacity() > SPARE_LINES {
        return;
    }
    lines.clear();
    LINES.set(lines.into_iter().map(|_| -> &'static [u8] { &[] }).collect());
}

/// Why [`each_chunk`] stopped before the end of the file.
#[derive(Debug)]
pub enum Stopped<E> {
    /// A chunk's task failed: the number of the first line it was handed, and its error.
    Task(usize, E),
    /// The file: unreadable, empty, its first line refused, or a line too long to buffer.
    File(Error),
}

/// Reads a file of lines in chunks: its first line to `header`, before any task starts (its error
/// is the file's first); then each chunk's lines — the first chunk's after that line, without
/// newlines — to `task`: the first chunk's here, and, in a file longer than a chunk, the spans
/// after it on rayon tasks, a wave at a time ([`super::spans`]); and each task's result, in file
/// order with the number of the first line it was handed, to `consume`, a wave's once all its
/// spans are read (the first chunk's with the first wave's). The first failure
/// in the file stops the reading: a task's error, before any error reading the chunks after it (a
/// chunk after a failed one is not read). `f` comes with the bytes it is expected to hold (a small
/// file costs a small buffer; a file that grew since is read to its end).
pub(crate) fn each_chunk<H, T, E, R>(
    path: &Path,
    (f, expected): (R, u64),
    header: impl FnOnce(&[u8]) -> Result<H, Error>,
    task: &(impl Fn(&[&[u8]]) -> Result<T, E> + Sync),
    mut consume: impl FnMut(usize, T),
) -> Result<H, Stopped<E>>
where
    T: Send,
    E: Send,
    R: EndsShort + Send,
{
    let mut reader = Reader { path, f, at: 0, left: expected, carry: Vec::new(), eof: false };
    let first = match reader.next() {
        Ok(Some(chunk)) => chunk,
        Ok(None) => return Err(Stopped::File(located(path, 1, "", Problem::EmptyFile))),
        Err(Stop::Io(e)) => return Err(Stopped::File(e)),
        Err(Stop::TooLong) => return Err(too_long(path, 1)),
    };
    let line = &first[..memchr::memchr(b'\n', &first).unwrap_or(first.len())];
    if line.len() > MAX_LINE_BYTES {
        return Err(too_long(path, 1));
    }
    let h = header(line).map_err(Stopped::File)?;
    // The number of the first chunk that failed (0: the file's first; span k is chunk k + 1): no
    // span after it is read.
    let failed = AtomicUsize::new(usize::MAX);
    // (Its buffer kept as soon as it is done: the thread's next span reads into it.)
    let work = |chunk: Vec<u8>| {
        let done = first_chunk(&chunk, task);
        keep(chunk);
        if done.failed() {
            failed.store(0, Ordering::Relaxed);
        }
        done
    };
    if reader.eof {
        next_in_file(path, work(first), &mut 2, &mut consume)?;
        return Ok(h);
    }
    // The spans begin where the first chunk ended, after a newline; the first wave of them is
    // read while the first chunk is decoded.
    let mut spans = Spans::new(path, &reader.f, (first.len() as u64, expected));
    let (done, mut wave) = rayon::join(|| work(first), || spans.next_wave(task, &failed));
    // The first chunk's task was handed the lines after the file's first.
    let mut line = 2;
    next_in_file(path, done, &mut line, &mut consume)?;
    while let Some(spans_read) = wave {
        for span in spans_read {
            if !next_in_file(path, span, &mut line, &mut consume)? {
                return Ok(h);
            }
        }
        wave = spans.next_wave(task, &failed);
    }
    Ok(h)
}

/// What the first chunk's lines after the file's first gave, handed to `task` — up to a line longer
/// than any line may be, if it holds one (a first chunk read on past a megabyte can: a file that
/// grew since its length was looked at, read on to its next newline).
fn first_chunk<T, E>(chunk: &[u8], task: &impl Fn(&[&[u8]]) -> Result<T, E>) -> Span<T, E> {
    let lines = lines(chunk);
    let body = &lines[1..];
    // (Only a chunk longer than a line may be can hold one too long: a small box's lines are not
    // looked at twice.)
    let too_long = || body.iter().position(|l| l.len() > MAX_LINE_BYTES);
    let cut = (chunk.len() > MAX_LINE_BYTES).then(too_long).flatten().map(|i| (i, Stop::TooLong));
    let done = handed(body, cut, task);
    give_back(lines);
    done
}

/// Line `line` of file `path` is longer than any line may be.
fn too_long<E>(path: &Path, line: usize) -> Stopped<E> {
    Stopped::File(located(path, line, "", Problem::LineTooLong { max: MAX_LINE_BYTES }))
}

/// Hands on what the next chunk or span of file `path` gave, its first line's number `line`: its
/// task's result to `consume` (and `line` moved past its lines), or why the reading stops.
/// Whether to read on.
fn next_in_file<T, E>(
    path: &Path,
    span: Span<T, E>,
    line: &mut usize,
    consume: &mut impl FnMut(usize, T),
) -> Result<bool, Stopped<E>> {
    match span {
        Span::Empty => {}
        Span::Done(Ok(t), n) => {
            consume(*line, t);
            *line += n;
        }
        Span::Done(Err(e), _) => return Err(Stopped::Task(*line, e)),
        Span::Stopped(_, Stop::Io(e)) => return Err(Stopped::File(e)),
        Span::Stopped(i, Stop::TooLong) => return Err(too_long(path, *line + i)),
        // (Only after a span that failed, which came first.)
        Span::Skipped => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk's list of lines comes back with the room of the thread's last — unless that list
    /// was large: a chunk of a megabyte of `{}` lines leaves no list of 350,000 places behind.
    #[test]
    fn a_list_of_lines_keeps_its_room_unless_it_was_large() {
        let small = b"{}\n{\"chair\":[\"a\"]}\n{}\n".to_vec();
        let lines_of = |chunk: &[u8]| {
            let list = lines(chunk);
            let (n, room) = (list.len(), list.capacity());
            give_back(list);
            (n, room)
        };
        let (n, room) = lines_of(&small.repeat(100));
        assert_eq!(n, 300);
        assert_eq!(lines_of(&small), (3, room), "the last list's room, kept");
        let (n, _) = lines_of(&b"{}\n".repeat(SPARE_LINES + 1));
        assert_eq!(n, SPARE_LINES + 1);
        assert!(lines_of(&small).1 < SPARE_LINES, "a large list's room is not kept");
    }

    /// A first chunk read on past a megabyte (its file grew since its length was looked at) may
    /// hold a line longer than any line may be: it is refused at its place, after the lines before
    /// it — whose fault, if one has one, is told instead.
    #[test]
    fn a_first_chunk_with_a_line_too_long_is_refused_at_it() {
        let long = vec![b'L'; MAX_LINE_BYTES + 1];
        let chunk = |before: &[u8]| [b"{}\n".as_slice(), before, &long, b"\nafter\n"].concat();
        let task = |lines: &[&[u8]]| match lines.iter().position(|l| *l == b"bad") {
            Some(i) => Err(i),
            None => Ok(lines.len()),
        };
        assert!(matches!(first_chunk(&chunk(b"a\nb\n"), &task), Span::Stopped(2, Stop::TooLong)));
        assert!(matches!(first_chunk(&chunk(b""), &task), Span::Stopped(0, Stop::TooLong)));
        assert!(matches!(first_chunk(&chunk(b"a\nbad\n"), &task), Span::Done(Err(1), 2)));
        let exactly = [b"{}\na\n".as_slice(), &long[1..], b"\n"].concat();
        assert!(matches!(first_chunk(&exactly, &task), Span::Done(Ok(2), 2)), "a line as long as may be");
    }

    /// Bytes in memory read by counting the reads asked of them.
    struct Counted<'a>(&'a [u8], AtomicUsize);
    impl ReadAt for Counted<'_> {
        fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
            self.1.fetch_add(1, Ordering::Relaxed);
            self.0.read_at(buf, at)
        }
    }
    impl EndsShort for Counted<'_> {}

    /// Bytes in memory given in part, then an error: a disk that failed part-way through a file.
    struct Failing<'a>(&'a [u8]);
    impl ReadAt for Failing<'_> {
        fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
            let rest = self.0.get(at as usize..).unwrap_or_default();
            if rest.is_empty() {
                return Err(std::io::Error::other("the disk failed"));
            }
            let n = rest.len().min(buf.len()).min(4096);
            buf[..n].copy_from_slice(&rest[..n]);
            Ok(n)
        }
    }
    impl EndsShort for Failing<'_> {}

    /// A small file as long as it was expected to be is read in one read — its end known from the
    /// read giving exactly that length when one byte more was asked, not from one more read giving
    /// nothing — and every byte of a file that grew since its length was looked at, or shrank, is
    /// read still; a file that gives less than its length and then fails is an error, not a
    /// shorter box. Each is read into buffers kept from chunks before, full of other bytes, longer
    /// and shorter than it: none of theirs is read.
    #[test]
    fn a_small_file_is_read_in_one_read_and_a_file_that_changed_length_whole() {
        let text: Vec<u8> = (0..20_000).flat_map(|i| format!("{{\"line\":{i}}}\n").into_bytes()).collect();
        let read_all = |bytes: &[u8], expected: u64| {
            for len in [10, 5_000, 9_000, 3 * CHUNK_BYTES / 2] {
                keep(vec![b'X'; len]);
            }
            let f = Counted(bytes, AtomicUsize::new(0));
            let mut r = Reader { path: Path::new("b"), f, at: 0, left: expected, carry: Vec::new(), eof: false };
            let mut got = Vec::new();
            while let Some(chunk) = r.next().unwrap_or_else(|_| panic!("read")) {
                got.extend_from_slice(&chunk);
                keep(chunk);
            }
            assert!(r.carry.is_empty(), "every byte handed out");
            (got, r.f.1.into_inner())
        };
        let small = &text[..6_600];
        let (got, reads) = read_all(small, small.len() as u64);
        assert!(got == small && reads == 1, "{} bytes in {reads} reads", got.len());
        assert!(read_all(small, 100).0 == small, "grew after it was looked at");
        assert!(read_all(small, 10_000).0 == small, "shrank");
        assert!(text.len() > 2 * CHUNK_BYTES);
        assert!(read_all(&text, 100).0 == text, "grew past a chunk");
        assert!(read_all(&text, text.len() as u64).0 == text, "longer than two chunks");
        let unended = &text[..CHUNK_BYTES + 7];
        for cut in [unended, &unended[..CHUNK_BYTES], &unended[..CHUNK_BYTES - 1], &unended[..CHUNK_BYTES + 1]] {
            assert!(read_all(cut, cut.len() as u64).0 == cut, "{} bytes, the last line unended", cut.len());
        }
        assert_eq!(read_all(b"", 0), (Vec::new(), 1));
        let lines = &text[..8_192];
        let mut r =
            Reader { path: Path::new("b"), f: Failing(lines), at: 0, left: 10_000, carry: Vec::new(), eof: false };
        assert!(matches!(r.next(), Err(Stop::Io(_))), "a failing disk is an error, its first page no box");
    }

    /// A chunk's lines are the same whether its newlines are found by AVX2 or by memchr's own
    /// choice (a machine without AVX2): lines of every length from empty to longer than a vector,
    /// newlines at either end, a chunk with none.
    #[test]
    fn lines_are_the_same_however_their_newlines_are_found() {
        let mut chunk = Vec::new();
        for n in 0..200 {
            chunk.extend(std::iter::repeat_n(b'x', n * 7 % 131));
            chunk.push(b'\n');
        }
        for chunk in [&chunk[..], &chunk[1..], &chunk[..chunk.len() - 1], b"\n\n", b"", b"no newline"] {
            // (A chunk's last newline ends its last line.)
            let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
            let plain = split(body, memchr::memchr_iter(b'\n', body), Vec::new());
            assert!(lines(chunk) == plain, "a chunk of {} bytes", chunk.len());
            assert_eq!(plain.len(), body.iter().filter(|&&b| b == b'\n').count() + 1);
        }
    }
}
