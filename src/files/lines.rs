//! Lines read from a stream in bounded memory (`station enter`, `audit record`): a line longer
//! than its limit is skipped to its end, never held, and an input with no line end in sight is given
//! up (`< /dev/zero`).

use std::io::BufRead;

/// How much of an overlong line is skipped looking for its end before the input is given up as
/// not lines at all.
const MAX_SKIP_BYTES: u64 = 16 << 20;

/// One line of input, read in bounded memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputLine {
    /// A line of at most the limit, in the buffer.
    Whole,
    /// A longer line, read to its end and dropped.
    TooLong,
    /// A line with no end in sight: the input is given up.
    Endless,
    /// The end of the input.
    End,
}

/// Reads one line into `buf`, keeping at most `max` + 1 bytes of it: a longer line is skipped to
/// its end, never held.
pub fn read_line_bounded<R: BufRead + ?Sized>(
    input: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<InputLine> {
    let limit = max as u64 + 1;
    let n = std::io::Read::take(&mut *input, limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(InputLine::End);
    }
    if buf.last() == Some(&b'\n') || (buf.len() as u64) < limit {
        return Ok(InputLine::Whole);
    }
    let mut skipped = 0u64;
    while skipped < MAX_SKIP_BYTES {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(InputLine::TooLong);
        }
        if let Some(i) = memchr::memchr(b'\n', chunk) {
            input.consume(i + 1);
            return Ok(InputLine::TooLong);
        }
        let len = chunk.len();
        input.consume(len);
        skipped += len as u64;
    }
    Ok(InputLine::Endless)
}
