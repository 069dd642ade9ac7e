//! A file of lines (a box file, published ballots) read in chunks of about a megabyte, each chunk's
//! lines handed to a task while the next chunks are read ([`each_chunk`]).
//!
//! Takes an open reader, what to do with the first line, and what to do with a chunk's lines; gives
//! each chunk's result, in file order with the number of its first line, to a consumer as soon as
//! the chunks before it are done — or the first failure in the file. The reader hands each chunk to
//! a rayon task once the next is read; when as many chunks are waiting as there are threads, it
//! works on the next one itself. So both cores work while a file is read (a box read in blocks of
//! 8 MiB, each block decoded before the next was read, kept one of two cores waiting a fifth of
//! the time), and a file holds a few megabytes however large it is — whose pages, kept from chunk
//! to chunk ([`SPARE`]), are not faulted in again by the kernel (a fresh 8 MiB block a box cost a
//! tenth of the CPU of counting four boxes: issue 23).

use std::io::Read;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{MAX_LINE_BYTES, located};
use crate::error::{Error, Problem};

/// Bytes read a chunk: a chunk ends at its last newline, and the unfinished line after it begins
/// the next chunk. (The unit tests read in chunks of 128 KiB, so that their boxes of a few
/// thousand lines cross chunks.)
const CHUNK_BYTES: usize = if cfg!(test) { 128 << 10 } else { 1 << 20 };

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
fn spare() -> Vec<u8> {
    SPARE.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default()
}

/// Keeps a chunk's buffer for the next, if fewer than [`SPARE_MAX`] are kept (and not one grown
/// for a line longer than a chunk), with the bytes it holds.
fn keep(buf: Vec<u8>) {
    let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
    if spare.len() < SPARE_MAX && buf.capacity() > 0 && buf.capacity() <= 2 * CHUNK_BYTES {
        spare.push(buf);
    }
}

/// A reader that has reached its end when, asked for one byte more than it was found to hold, it
/// gives exactly what it holds: a file (a regular file, [`crate::files::open_regular_sized`]: its
/// read stops short only at its end, or where an error waits), bytes in memory. A chunk that holds
/// the rest of such a reader is read in one read — no second read to find the end (a small box was
/// five system calls: open, look, read, read again, close). Read as itself: a `File`'s reads into a
/// buffer's spare room do not zero it first (a wrapper's would: a megabyte a chunk).
pub(crate) trait EndsShort: Read {}
impl EndsShort for std::fs::File {}
impl EndsShort for &[u8] {}

/// Reads into `buf` once, again if interrupted by a signal before anything was read.
fn read_once(f: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match f.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            r => return r,
        }
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

impl<R: EndsShort> Reader<'_, R> {
    /// The next chunk's buffer, its complete lines ending at the buffer's end; none after the end
    /// of the file.
    fn next(&mut self) -> Result<Option<Vec<u8>>, Stop> {
        if self.eof {
            return Ok(None);
        }
        let mut buf = spare();
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(CHUNK_BYTES).min(CHUNK_BYTES);
        let from = self.carry.len();
        buf.reserve_exact((from.max(CARRY_ROOM) + room).saturating_sub(buf.len()));
        if room < CHUNK_BYTES {
            // The rest of the file (`room - 1` bytes, as expected) and one byte more asked for: exactly
            // the rest given is the end ([`EndsShort`]). Anything else is read on below, to the end
            // or an error — more (the file grew), or less: a file cut short since, or a disk that
            // failed part-way, whose error the next read gives (a box is never counted from part of
            // a file that says it is longer). Read over the bytes the kept buffer held, zeroed only
            // past them (ten thousand boxes zeroed 80 MB).
            if buf.len() < from + room {
                buf.resize(from + room, 0);
            }
            buf.truncate(from + room);
            buf[..from].copy_from_slice(&self.carry);
            self.carry.clear();
            let n = read_once(&mut self.f, &mut buf[from..]).map_err(|e| Stop::Io(Error::io(self.path, e)))?;
            buf.truncate(from + n);
            self.left = self.left.saturating_sub(n as u64);
            if n + 1 == room {
                self.eof = true;
                return Ok((!buf.is_empty()).then_some(buf));
            }
        } else {
            buf.clear();
            buf.append(&mut self.carry);
        }
        loop {
            let n = match (&mut self.f).take(CHUNK_BYTES as u64).read_to_end(&mut buf) {
                Ok(n) => n,
                Err(e) => return Err(Stop::Io(Error::io(self.path, e))),
            };
            self.left = self.left.saturating_sub(n as u64);
            if n < CHUNK_BYTES {
                // `read_to_end` stops short of the chunk only at the end of the file (no read more
                // to find it: a small box is one read), where the rest is the last line.
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

thread_local! {
    /// The room of the thread's last list of a chunk's lines, for its next ([`lines`], [`give_back`]):
    /// a small box's list was an allocation larger than the rest, and freed, box after box.
    static LINES: std::cell::Cell<Vec<&'static [u8]>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The lines of a chunk, without their newlines.
fn lines(chunk: &[u8]) -> Vec<&[u8]> {
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
fn give_back(mut lines: Vec<&[u8]>) {
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
/// newlines — to `task`, on rayon tasks while the next chunks are read; and each task's result, in
/// file order with the number of the first line it was handed, to `consume` (on the reading
/// thread, as soon as the chunks before it are done: the memory held is a few chunks, however long
/// the file). The first failure in the file stops the reading: a task's error, before any error
/// reading the chunks after it. `f` comes with the bytes it is expected to hold (a small file costs
/// a small buffer).
pub(crate) fn each_chunk<H, T, E, R>(
    path: &Path,
    (f, expected): (R, u64),
    header: impl FnOnce(&[u8]) -> Result<H, Error>,
    task: &(impl Fn(&[&[u8]]) -> Result<T, E> + Sync),
    consume: impl FnMut(usize, T) + Send,
) -> Result<H, Stopped<E>>
where
    T: Send,
    E: Send,
    R: EndsShort + Send,
{
    let too_long = |line| Stopped::File(located(path, line, "", Problem::LineTooLong { max: MAX_LINE_BYTES }));
    let mut reader = Reader { path, f, left: expected, carry: Vec::new(), eof: false };
    let first = match reader.next() {
        Ok(Some(chunk)) => chunk,
        Ok(None) => return Err(Stopped::File(located(path, 1, "", Problem::EmptyFile))),
        Err(Stop::Io(e)) => return Err(Stopped::File(e)),
        Err(Stop::TooLong) => return Err(too_long(1)),
    };
    let line = &first[..memchr::memchr(b'\n', &first).unwrap_or(first.len())];
    if line.len() > MAX_LINE_BYTES {
        return Err(too_long(1));
    }
    let h = header(line).map_err(Stopped::File)?;
    match run(&mut reader, first, task, consume) {
        Ended::Whole => Ok(h),
        Ended::Task(line, e) => Err(Stopped::Task(line, e)),
        Ended::Read(line, Stop::TooLong) => Err(too_long(line)),
        Ended::Read(_, Stop::Io(e)) => Err(Stopped::File(e)),
    }
}

/// How [`run`] ended.
enum Ended<E> {
    /// At the end of the file, every chunk consumed.
    Whole,
    /// A task failed: the number of the first line it was handed, and its error.
    Task(usize, E),
    /// The reading stopped at the chunk beginning at this line.
    Read(usize, Stop),
}

/// What a chunk's task gave, with the number of lines it was handed.
type Done<T, E> = (Result<T, E>, usize);

/// The chunks of a file in file order: each result kept until the chunks before it are done, then
/// consumed in order.
struct InOrder<T, E> {
    /// Chunk `first + i` → its result, once done.
    done: std::collections::VecDeque<Option<Done<T, E>>>,
    /// The chunk at the front of `done`.
    first: usize,
    /// The number of the first line of the chunk at the front.
    line: usize,
}

impl<T, E> InOrder<T, E> {
    /// Takes the results at the front that are done, in order, each with the number of the first
    /// line its task was handed.
    fn ready(&mut self) -> Vec<(usize, Result<T, E>)> {
        let mut out = Vec::new();
        while let Some(Some(_)) = self.done.front() {
            let Some(Some((r, n))) = self.done.pop_front() else { break };
            // The first chunk's task was handed the lines after the file's first.
            let line = self.line + usize::from(self.first == 0);
            self.first += 1;
            self.line = line + n;
            out.push((line, r));
        }
        out
    }
}

/// Consumes the results of `order` that are ready, in order, outside its lock (`consume` may use
/// rayon, whose thread could otherwise run a task that waits for the lock it holds); the first
/// failed task ends it. Gives the number of the first line of the chunks not yet consumed.
fn drain<T, E>(
    order: &Mutex<InOrder<T, E>>,
    consume: &mut impl FnMut(usize, T),
    ended: &mut Option<(usize, E)>,
) -> usize {
    let (ready, line) = {
        let mut o = order.lock().unwrap_or_else(|e| e.into_inner());
        (o.ready(), o.line)
    };
    for (at, r) in ready {
        if ended.is_some() {
            break;
        }
        match r {
            Ok(t) => consume(at, t),
            Err(e) => *ended = Some((at, e)),
        }
    }
    line
}

/// Reads the chunks after `first` and hands them all to `task`, as many at once as there are
/// threads, each result to `consume` in file order. A chunk is handed to a rayon task only when
/// another follows it: the last is worked on by the reader — and a file of one chunk (a small box)
/// without starting a task at all.
fn run<T, E, R>(
    reader: &mut Reader<'_, R>,
    first: Vec<u8>,
    task: &(impl Fn(&[&[u8]]) -> Result<T, E> + Sync),
    mut consume: impl FnMut(usize, T) + Send,
) -> Ended<E>
where
    T: Send,
    E: Send,
    R: EndsShort + Send,
{
    let work = move |k: usize, chunk: Vec<u8>| -> Done<T, E> {
        let lines = lines(&chunk);
        let body = &lines[usize::from(k == 0)..];
        let done = (task(body), body.len());
        give_back(lines);
        keep(chunk);
        done
    };
    let (mut following, mut stop) = match reader.next() {
        Ok(c) => (c, None),
        Err(e) => (None, Some(e)),
    };
    let order = Mutex::new(InOrder { done: Default::default(), first: 0, line: 1 });
    let mut ended = None;
    if following.is_none() {
        // One chunk: worked on here, no task started.
        let done = work(0, first);
        order.lock().unwrap_or_else(|e| e.into_inner()).done.push_back(Some(done));
        let line = drain(&order, &mut consume, &mut ended);
        return ended_as(ended, stop, line);
    }
    let failed = AtomicBool::new(false);
    let waiting = AtomicUsize::new(0);
    let threads = rayon::current_num_threads();
    let most = 2 * threads + 1;
    rayon::scope(|s| {
        let (order, failed, waiting) = (&order, &failed, &waiting);
        let store = move |k: usize, d: Done<T, E>| {
            failed.fetch_or(d.0.is_err(), Ordering::Relaxed);
            let mut o = order.lock().unwrap_or_else(|e| e.into_inner());
            let at = k - o.first;
            o.done[at] = Some(d);
        };
        let mut this = Some(first);
        for k in 0.. {
            let Some(chunk) = this.take() else { break };
            order.lock().unwrap_or_else(|e| e.into_inner()).done.push_back(None);
            if threads > 1 && following.is_some() && waiting.load(Ordering::Acquire) < threads {
                waiting.fetch_add(1, Ordering::AcqRel);
                s.spawn(move |_| {
                    store(k, work(k, chunk));
                    waiting.fetch_sub(1, Ordering::AcqRel);
                });
            } else {
                store(k, work(k, chunk));
            }
            catch_up(order, most, &mut consume, &mut ended);
            if ended.is_some() || failed.load(Ordering::Relaxed) {
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
    let line = drain(&order, &mut consume, &mut ended);
    ended_as(ended, stop, line)
}

/// Consumes the results that are ready ([`drain`]) and keeps those not yet consumed to about
/// `most`: a thread busy reading its own file never
/// takes the chunks another reader spawned, so that reader works on them itself (the newest first)
/// rather than read on while its first chunks wait — memory would grow with the file. If another
/// thread has them, it reads on, and waits only once four times as many are kept.
fn catch_up<T, E>(
    order: &Mutex<InOrder<T, E>>,
    most: usize,
    consume: &mut impl FnMut(usize, T),
    ended: &mut Option<(usize, E)>,
) {
    drain(order, consume, ended);
    let pending = || order.lock().unwrap_or_else(|e| e.into_inner()).done.len();
    while pending() > most {
        match rayon::yield_local() {
            Some(rayon::Yield::Executed) => {}
            _ if pending() > 4 * most => std::thread::yield_now(),
            _ => break,
        }
        drain(order, consume, ended);
    }
}

/// How the reading ended: a task's failure first, then the reading's (at `line`), else whole.
fn ended_as<E>(ended: Option<(usize, E)>, stop: Option<Stop>, line: usize) -> Ended<E> {
    match (ended, stop) {
        (Some((line, e)), _) => Ended::Task(line, e),
        (None, Some(stop)) => Ended::Read(line, stop),
        (None, None) => Ended::Whole,
    }
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

    /// Bytes in memory read by counting the reads asked of them.
    struct Counted<'a>(&'a [u8], usize);
    impl Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 += 1;
            self.0.read(buf)
        }
    }
    impl EndsShort for Counted<'_> {}

    /// Bytes in memory given in part, then an error: a disk that failed part-way through a file.
    struct Failing<'a>(&'a [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("the disk failed"));
            }
            let n = self.0.len().min(buf.len()).min(4096);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
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
            let mut r =
                Reader { path: Path::new("b"), f: Counted(bytes, 0), left: expected, carry: Vec::new(), eof: false };
            let mut got = Vec::new();
            while let Some(chunk) = r.next().unwrap_or_else(|_| panic!("read")) {
                got.extend_from_slice(&chunk);
                keep(chunk);
            }
            assert!(r.carry.is_empty(), "every byte handed out");
            (got, r.f.1)
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
        let mut r = Reader { path: Path::new("b"), f: Failing(lines), left: 10_000, carry: Vec::new(), eof: false };
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
