//! The rest of a large file after its first chunk, in spans of about a megabyte, each read by the
//! task that decodes it at its own place in the file ([`ReadAt`]: a positional read, no cursor).
//!
//! Takes a file that reads at any place, where its first chunk ended (a line's start), the length
//! it is expected to have, and what to do with a span's lines; gives each span's result, in file
//! order — or where a span could not be read. A span holds the lines that begin in it: the first
//! after the first newline from the byte before it, the last read on past its end to its newline.
//!
//! Both cores read and decode at once, each its own span, until the last span of the last box
//! (issue 23). A box read by one thread, which handed each chunk to a task once the next was
//! read, left the other core waiting for chunks while the reader read — a tenth of a core idle at
//! the end of the large ballot's boxes — and a span is decoded by the core that read it, whose
//! caches its bytes were just copied through.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::MAX_LINE_BYTES;
use super::chunks::{CHUNK_BYTES, Stop, give_back, grow, keep, lines, spare};
use crate::error::Error;

/// Bytes that can be read at any place without moving a cursor, from several threads at once: a
/// file (`pread`), bytes in memory.
pub(crate) trait ReadAt: Sync {
    /// Reads into `buf` from byte `at` of the file: how many bytes were read (0 past its end).
    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize>;
}

impl ReadAt for std::fs::File {
    #[cfg(unix)]
    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, at)
    }

    #[cfg(windows)]
    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
        std::os::windows::fs::FileExt::seek_read(self, buf, at)
    }
}

impl ReadAt for &[u8] {
    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
        let rest = usize::try_from(at).ok().and_then(|at| self.get(at..)).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

/// Bytes a span reads past its end with its own, for the end of its last line: enough for a
/// ballot's line, and no more copied for nothing (64 KiB were 6 % more of the file copied). A
/// longer line is read on in steps as long as what was read past the span, at least this.
const MARGIN: usize = 4 << 10;

/// What one span gave.
pub(super) enum Span<T, E> {
    /// No line begins in it: a line that began before runs through it, or the file ended.
    Empty,
    /// Its lines' task's result, and the number of lines it was handed.
    Done(Result<T, E>, usize),
    /// It could not be read: the number of its lines before the one it stopped at, and why.
    Stopped(usize, Stop),
    /// Not read: a span or chunk before it failed.
    Skipped,
}

impl<T, E> Span<T, E> {
    /// Whether the span failed, so that the spans after it need not be read.
    pub(super) fn failed(&self) -> bool {
        matches!(self, Span::Done(Err(_), _) | Span::Stopped(..))
    }
}

/// What a chunk's or span's `lines` gave, handed to `task` — or, when its reading stopped at line
/// `i` of them (`cut`: a line too long, the file unreadable there), the lines before it handed to
/// `task` first, whose fault comes first in the file, and else the stop.
pub(super) fn handed<T, E>(
    lines: &[&[u8]],
    cut: Option<(usize, Stop)>,
    task: &impl Fn(&[&[u8]]) -> Result<T, E>,
) -> Span<T, E> {
    match cut {
        None => Span::Done(task(lines), lines.len()),
        Some((i, stop)) => match (i > 0).then(|| task(&lines[..i])) {
            Some(Err(e)) => Span::Done(Err(e), i),
            _ => Span::Stopped(i, stop),
        },
    }
}

/// Spans a thread reads at once, at most: a wave's results are held until all its spans are read,
/// and then handed on in file order — so that what a file's spans give (a tally, or a Merkle tree's
/// leaves: [`crate::seal::record`]) is held a wave at a time however long the file is. (Two in the
/// unit tests, so that their files of a few spans are read in several waves.)
const WAVE_A_THREAD: usize = if cfg!(test) { 2 } else { 16 };

/// The spans of a file from byte `from` (a line's start) to its end — expected at `expected`, read
/// on past it if the file grew — read a wave at a time ([`Spans::next_wave`]).
pub(super) struct Spans<'a, R> {
    path: &'a Path,
    f: &'a R,
    from: u64,
    /// The spans the file is expected to hold.
    expected: usize,
    /// The first span of the next wave.
    next: usize,
    /// Whether the file's end was reached, or a span failed.
    done: bool,
}

impl<'a, R: ReadAt> Spans<'a, R> {
    /// The spans of `f` from byte `from`, which is expected to end at byte `expected`.
    pub(super) fn new(path: &'a Path, f: &'a R, (from, expected): (u64, u64)) -> Self {
        let size = CHUNK_BYTES as u64;
        let expected = usize::try_from(expected.saturating_sub(from).div_ceil(size)).unwrap_or(usize::MAX);
        Spans { path, f, from, expected, next: 0, done: false }
    }

    /// The next wave of spans, each span's lines handed to `task` on rayon tasks — both cores
    /// reading and decoding at once — and their results in file order; none once the file's end
    /// was reached or a span failed. Once a span fails (or the chunk before them, which sets
    /// `failed` to 0), the spans after it are not read. The file may end before it was expected
    /// to: the spans past its end are empty, and the wave they are in is the last.
    pub(super) fn next_wave<T, E>(
        &mut self,
        task: &(impl Fn(&[&[u8]]) -> Result<T, E> + Sync),
        failed: &AtomicUsize,
    ) -> Option<Vec<Span<T, E>>>
    where
        T: Send,
        E: Send,
    {
        if self.done {
            return None;
        }
        let threads = rayon::current_num_threads();
        let count = match self.expected.saturating_sub(self.next) {
            0 => 2 * threads,
            left => left.min(WAVE_A_THREAD * threads),
        };
        let (first, size) = (self.next, CHUNK_BYTES as u64);
        self.next = first.saturating_add(count);
        // (Span `k` is the chunk numbered `k + 1`: the file's first chunk is number 0.)
        let wave: Vec<(Span<T, E>, bool)> = (first..self.next)
            .into_par_iter()
            .with_max_len(1)
            .map(|k| {
                let number = k.saturating_add(1);
                if number > failed.load(Ordering::Relaxed) {
                    return (Span::Skipped, false);
                }
                let (span, past) = match (k as u64).checked_mul(size).and_then(|at| at.checked_add(self.from)) {
                    Some(start) => read_span(self.path, self.f, start, task),
                    None => (Span::Empty, false),
                };
                if span.failed() {
                    failed.fetch_min(number, Ordering::Relaxed);
                }
                (span, past)
            })
            .collect();
        // The file goes on past the wave — on to the next, or longer than it was expected to be.
        let past = wave.last().is_some_and(|(_, past)| *past);
        self.done = !past || failed.load(Ordering::Relaxed) != usize::MAX;
        Some(wave.into_iter().map(|(span, _)| span).collect())
    }
}

/// Reads `buf` full from byte `at` of `f`, unless the file ends first: the bytes read, and whether
/// it ended.
pub(super) fn fill(f: &impl ReadAt, buf: &mut [u8], at: u64) -> std::io::Result<(usize, bool)> {
    let mut got = 0;
    while got < buf.len() {
        match f.read_at(&mut buf[got..], at + got as u64) {
            Ok(0) => return Ok((got, true)),
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((got, false))
}

/// The span of [`CHUNK_BYTES`] at `start` (not the file's first byte): its lines handed to `task`
/// — and whether the file may go on past it. Read from the byte before it, into a buffer kept
/// from a chunk before (only the bytes read are looked at), with room past its end for its last
/// line.
fn read_span<T, E>(
    path: &Path,
    f: &impl ReadAt,
    start: u64,
    task: &impl Fn(&[&[u8]]) -> Result<T, E>,
) -> (Span<T, E>, bool) {
    let mut buf = spare();
    let want = 1 + CHUNK_BYTES + MARGIN;
    grow(&mut buf, want);
    let (span, past) = match fill(f, &mut buf[..want], start - 1) {
        Ok((got, ended)) => match lines_of_span(path, f, &mut buf, (start - 1, got, ended)) {
            Ok((None, past)) => (Span::Empty, past),
            Ok((Some((begin, end)), past)) => {
                let lines = lines(&buf[begin..end]);
                let done = handed(&lines, None, task);
                give_back(lines);
                (done, past)
            }
            // The lines before the one it stopped at, each ended by its newline.
            Err((begin, last, stop)) if last > begin => {
                let lines = lines(&buf[begin..last]);
                let done = handed(&lines, Some((lines.len(), stop)), task);
                give_back(lines);
                (done, false)
            }
            Err((_, _, stop)) => (Span::Stopped(0, stop), false),
        },
        Err(e) => (Span::Stopped(0, Stop::Io(Error::io(path, e))), false),
    };
    keep(buf);
    (span, past)
}

/// Where the lines that begin in a span lie in `buf` — which holds `got` bytes of the file from
/// byte `at` (the one before the span), `ended` if that is where the file ends — read on past
/// them to the end of the last; and whether the file may go on past the span (a span after it may
/// hold lines). None when no line begins in it. When the file could not be read past the span, or
/// its last line is longer than any line may be: where its lines begin, where that last line
/// begins, and why.
#[allow(clippy::type_complexity)]
fn lines_of_span(
    path: &Path,
    f: &impl ReadAt,
    buf: &mut Vec<u8>,
    (at, mut got, mut ended): (u64, usize, bool),
) -> Result<(Option<(usize, usize)>, bool), (usize, usize, Stop)> {
    // A line begins in the span when it begins before `own` in `buf`: after a newline before
    // `own - 1`. The file goes on past the span unless it ended at `own` or before.
    let own = 1 + CHUNK_BYTES;
    let past = |got: usize, ended: bool| !ended || got > own;
    let Some(nl) = memchr::memchr(b'\n', &buf[..got.min(own - 1)]) else { return Ok((None, past(got, ended))) };
    let begin = nl + 1;
    if begin >= got {
        return Ok((None, past(got, ended)));
    }
    // The last line that begins in the span, from `last`, ends at the first newline from the
    // span's last byte on — read on until it is found, unless the line is too long by then.
    let last = memchr::memrchr(b'\n', &buf[begin..(own - 1).min(got)]).map_or(begin, |nl| begin + nl + 1);
    let mut from = (own - 1).min(got);
    let end = loop {
        if let Some(nl) = memchr::memchr(b'\n', &buf[from..got]) {
            break from + nl + 1;
        }
        if ended || got - last > MAX_LINE_BYTES {
            break got;
        }
        from = got;
        let more = got + (got - own).max(MARGIN);
        grow(buf, more);
        match fill(f, &mut buf[got..more], at + got as u64) {
            Ok((n, end)) => (got, ended) = (got + n, end),
            Err(e) => return Err((begin, last, Stop::Io(Error::io(path, e)))),
        }
    };
    let line = &buf[last..end];
    if line.strip_suffix(b"\n").unwrap_or(line).len() > MAX_LINE_BYTES {
        return Err((begin, last, Stop::TooLong));
    }
    Ok((Some((begin, end)), past(got, ended)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::boxfile::chunks::{Stopped, each_chunk};

    /// Lines with their numbers.
    type Numbered = Vec<(usize, Vec<u8>)>;

    /// Every span of `f` from byte `from`, wave after wave.
    fn spans<T: Send, E: Send>(
        f: &impl ReadAt,
        (from, expected): (u64, u64),
        task: &(impl Fn(&[&[u8]]) -> Result<T, E> + Sync),
        failed: &AtomicUsize,
    ) -> Vec<Span<T, E>> {
        let mut spans = Spans::new(Path::new("b"), f, (from, expected));
        std::iter::from_fn(|| spans.next_wave(task, failed)).flatten().collect()
    }

    /// The lines each task was handed, with their numbers (the file's first line, its header, is
    /// line 1) — or why the file stopped, and at which line. A task fails at a line `bad`.
    fn read_lines(text: &[u8], expected: u64, bad: &[u8]) -> Result<Numbered, (Option<usize>, String)> {
        let task = |lines: &[&[u8]]| match lines.iter().position(|l| *l == bad) {
            Some(i) => Err(i),
            None => Ok(lines.iter().map(|l| l.to_vec()).collect::<Vec<_>>()),
        };
        let mut got = Vec::new();
        let consume = |first: usize, lines: Vec<Vec<u8>>| got.extend((first..).zip(lines));
        match each_chunk(Path::new("b"), (text, expected), |_| Ok(()), &task, consume) {
            Ok(()) => Ok(got),
            Err(Stopped::Task(line, i)) => Err((Some(line + i), "task".into())),
            Err(Stopped::File(Error::BoxFile(m))) => Err((m.problems[0].line, m.problems[0].problem.en())),
            Err(Stopped::File(e)) => Err((None, e.to_string())),
        }
    }

    /// The lines of `text` after its first, numbered from 2, as splitting it at its newlines gives
    /// them (a last newline ends the last line).
    fn split(text: &[u8]) -> Numbered {
        let body = text.strip_suffix(b"\n").unwrap_or(text);
        (1..).zip(body.split(|&b| b == b'\n').map(<[u8]>::to_vec)).skip(1).collect()
    }

    /// Ballot-like lines of every length from empty to a few hundred bytes, a carriage return at
    /// the end of some.
    fn lines_from(seed: usize, n: usize) -> Vec<u8> {
        let mut text = Vec::new();
        for i in 0..n {
            let len = (i * 7919 + seed * 104_729) % 311;
            text.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, len));
            if i % 13 == 0 {
                text.push(b'\r');
            }
            text.push(b'\n');
        }
        text
    }

    /// However the spans fall on a file's lines — a newline on a span's first byte, its last, the
    /// byte before it or after it, a line longer than a span (whose spans are empty), no newline at
    /// the end — every line after the header is handed to a task once, in order, with its number;
    /// and so for a file that grew by several spans since its length was looked at, or shrank.
    #[test]
    fn every_line_is_handed_once_in_order_wherever_the_spans_fall() {
        let c = CHUNK_BYTES;
        for shift in [0, 1, 2, 3, c / 2, c - 3, c - 2, c - 1, c, c + 1, 3 * c + 17] {
            let mut text = b"{\"station\":\"s\",\"voters\":9}\n".to_vec();
            text.extend(std::iter::repeat_n(b'x', shift));
            text.push(b'\n');
            text.extend(lines_from(shift, 6_000));
            let len = text.len() as u64;
            assert!(text.len() > 4 * c);
            for expected in [len, len / 4, len / 2 + 1, 2 * len] {
                let got = read_lines(&text, expected, b"-").unwrap();
                let want = split(&text);
                if got != want {
                    let i = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
                    panic!(
                        "shift {shift}, expected {expected}: {} lines for {}; first differing {i}: {:?} / {:?}",
                        got.len(),
                        want.len(),
                        got.get(i).map(|(n, l)| (n, l.len())),
                        want.get(i).map(|(n, l)| (n, l.len()))
                    );
                }
            }
            text.extend_from_slice(b"no newline at the end");
            assert!(read_lines(&text, len, b"-") == Ok(split(&text)), "shift {shift}, no last newline");
        }
    }

    /// Spans read on their own: a span whose start a newline just before begins at once; one that a
    /// line runs through is empty; the last line of a span is read on past its end, however far.
    #[test]
    fn a_span_holds_the_lines_that_begin_in_it() {
        let c = CHUNK_BYTES;
        let mut text = vec![b'h', b'\n'];
        text.extend(std::iter::repeat_n(b'x', c - 1));
        text.push(b'\n');
        text.extend(std::iter::repeat_n(b'y', 3 * c));
        text.extend_from_slice(b"\nz\n");
        let task = |lines: &[&[u8]]| Ok::<_, ()>(lines.iter().map(|l| (l[0], l.len())).collect::<Vec<_>>());
        let failed = AtomicUsize::new(usize::MAX);
        let got: Vec<_> = spans(&text.as_slice(), (2, text.len() as u64), &task, &failed)
            .into_iter()
            .map(|s| match s {
                Span::Empty => None,
                Span::Done(Ok(lines), _) => Some(lines),
                _ => panic!("a span failed"),
            })
            .collect();
        assert_eq!(got, [Some(vec![(b'x', c - 1)]), Some(vec![(b'y', 3 * c)]), None, None, Some(vec![(b'z', 1)])]);
    }

    /// A line longer than any line may be is refused at its number, wherever it is, once read only
    /// as far as that; a line as long as that is read whole. The first failure in the file is the
    /// one told, even when a span after it failed first; a file that cannot be read is an error.
    #[test]
    fn the_first_failure_in_the_file_is_told_at_its_line() {
        let mut text = b"{}\n".to_vec();
        text.extend(lines_from(1, 3_000));
        let long_at = 2 + 3_000;
        let mut longest = text.clone();
        longest.extend(std::iter::repeat_n(b'L', MAX_LINE_BYTES));
        longest.push(b'\n');
        longest.extend(lines_from(2, 3_000));
        assert!(read_lines(&longest, longest.len() as u64, b"-") == Ok(split(&longest)), "a line as long as may be");
        let mut too_long = text.clone();
        too_long.extend(std::iter::repeat_n(b'L', MAX_LINE_BYTES + 1));
        too_long.extend(b"\nafter\n");
        let refused = read_lines(&too_long, too_long.len() as u64, b"-").map(|l| l.len());
        assert_eq!(refused.map_err(|e| e.0), Err(Some(long_at)));

        // A fault on the line just before the long one, in the same span, comes first.
        let mut bad_then_long = text.clone();
        bad_then_long.extend_from_slice(b"bad\n");
        bad_then_long.extend(std::iter::repeat_n(b'L', MAX_LINE_BYTES + 1));
        bad_then_long.extend_from_slice(b"\nafter\n");
        let first_bad = read_lines(&bad_then_long, bad_then_long.len() as u64, b"bad").map(|l| l.len());
        assert_eq!(first_bad, Err((Some(long_at), "task".into())), "the fault before the long line");

        let mut bad = text.clone();
        bad.extend_from_slice(b"bad\n");
        bad.extend(lines_from(3, 3_000));
        bad.extend_from_slice(b"bad\n");
        bad.extend(std::iter::repeat_n(b'L', MAX_LINE_BYTES + 1));
        let first_bad = read_lines(&bad, bad.len() as u64, b"bad").map(|l| l.len());
        assert_eq!(first_bad.map_err(|e| e.0), Err(Some(long_at)));

        /// Bytes in memory that cannot be read from byte `3 * CHUNK_BYTES` on (a read across it
        /// gives the bytes before it): a disk that failed there.
        struct Failing<'a>(&'a [u8]);
        impl ReadAt for Failing<'_> {
            fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
                let bad = 3 * CHUNK_BYTES as u64;
                match bad.checked_sub(at) {
                    Some(good @ 1..) => {
                        let n = buf.len().min(good as usize);
                        self.0.read_at(&mut buf[..n], at)
                    }
                    _ => Err(std::io::Error::other("the disk failed")),
                }
            }
        }
        // The disk failing inside a span's last line, after a fault on a line before it.
        let cut = (bad_then_long.len() - MAX_LINE_BYTES / 2) as u64;
        struct FailingFrom<'a>(&'a [u8], u64);
        impl ReadAt for FailingFrom<'_> {
            fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
                match self.1.checked_sub(at) {
                    Some(good @ 1..) => {
                        let n = buf.len().min(good as usize);
                        self.0.read_at(&mut buf[..n], at)
                    }
                    _ => Err(std::io::Error::other("the disk failed")),
                }
            }
        }
        let task_bad = |lines: &[&[u8]]| match lines.iter().position(|l| *l == b"bad") {
            Some(i) => Err(i),
            None => Ok(lines.len()),
        };
        let failed = AtomicUsize::new(usize::MAX);
        let got = spans(&FailingFrom(&bad_then_long, cut), (3, bad_then_long.len() as u64), &task_bad, &failed);
        let told = got.iter().find(|s| s.failed());
        assert!(matches!(told, Some(Span::Done(Err(_), _))), "the fault on the line before, not the disk");

        let failed = AtomicUsize::new(usize::MAX);
        let task = |lines: &[&[u8]]| Ok::<_, ()>(lines.len());
        let got = spans(&Failing(&text), (3, text.len() as u64), &task, &failed);
        assert!(matches!(got[..2], [Span::Done(Ok(_), _), Span::Done(Ok(_), _)]));
        assert!(matches!(got[2], Span::Stopped(_, Stop::Io(_))), "the span the disk failed in");
        assert!(got[3..].iter().all(|s| matches!(s, Span::Skipped | Span::Stopped(..))), "none after it read");
    }
}
