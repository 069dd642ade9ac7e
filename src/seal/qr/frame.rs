//! The QR frame: what one code carries — a small header (`ZHENGQ01`, its number and the count,
//! the first 8 bytes of the result file's SHA-256, the election and the station) and one part of
//! the result file's bytes. A result that fits one code is one frame; a larger one is cut into
//! parts of nearly equal size, numbered from 1. [`Sequence`] puts the frames read back together,
//! refusing a code of another result, a count that differs, a part read twice differently, a part
//! missing, and bytes that are not the result the headers name. Byte layout: docs/FORMAT.md,
//! "QR frame".

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::QrProblem;

/// The first bytes of every Zheng QR code.
pub const MAGIC: &[u8; 8] = b"ZHENGQ01";

/// The most codes one result may take (the count is one byte).
pub const MAX_CODES: u32 = 255;

/// The most bytes one code holds: a version 40 symbol, error correction M, byte mode.
pub const MAX_CODE_BYTES: usize = 2331;

/// The bytes of the result's SHA-256 each header carries.
const DIGEST_BYTES: usize = 8;

/// One code's contents: its header and its part of the result file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Its number, from 1.
    pub index: u8,
    /// How many codes the result takes.
    pub count: u8,
    /// The first 8 bytes of the SHA-256 of the whole result file.
    pub digest: [u8; DIGEST_BYTES],
    /// The result's election id.
    pub election: String,
    /// The result's station id.
    pub station: String,
    /// Its part of the result file.
    pub part: Vec<u8>,
}

impl Frame {
    /// The code's bytes: the header, then the part.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(header_len(&self.election, &self.station) + self.part.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[self.index, self.count]);
        out.extend_from_slice(&self.digest);
        for id in [&self.election, &self.station] {
            // Ids are at most 64 bytes (the manifest's rule); `frames` refuses longer ones.
            out.push(u8::try_from(id.len()).unwrap_or(u8::MAX));
            out.extend_from_slice(id.as_bytes());
        }
        out.extend_from_slice(&self.part);
        out
    }

    /// A code's bytes read back: [`QrProblem::NotZheng`] without the magic,
    /// [`QrProblem::BadHeader`] when the header does not hold.
    pub fn parse(bytes: &[u8]) -> Result<Frame, QrProblem> {
        let rest = bytes.strip_prefix(&MAGIC[..]).ok_or(QrProblem::NotZheng)?;
        let mut r = Reader(rest);
        let (index, count) = (r.byte()?, r.byte()?);
        let digest: [u8; DIGEST_BYTES] = r.take(DIGEST_BYTES)?.try_into().map_err(|_| QrProblem::BadHeader)?;
        let election = r.id()?;
        let station = r.id()?;
        if index == 0 || index > count {
            return Err(QrProblem::BadHeader);
        }
        Ok(Frame { index, count, digest, election, station, part: r.0.to_vec() })
    }
}

/// Reads a header field by field.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], QrProblem> {
        if self.0.len() < n {
            return Err(QrProblem::BadHeader);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, QrProblem> {
        Ok(self.take(1)?[0])
    }

    fn id(&mut self) -> Result<String, QrProblem> {
        let n = usize::from(self.byte()?);
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| QrProblem::BadHeader)
    }
}

/// The size of a header naming `election` and `station`.
pub fn header_len(election: &str, station: &str) -> usize {
    MAGIC.len() + 2 + DIGEST_BYTES + 1 + election.len() + 1 + station.len()
}

/// The first 8 bytes of the SHA-256 of a result file.
fn digest_of(file: &[u8]) -> [u8; DIGEST_BYTES] {
    let full: [u8; 32] = Sha256::digest(file).into();
    let mut d = [0; DIGEST_BYTES];
    d.copy_from_slice(&full[..DIGEST_BYTES]);
    d
}

/// A result file's frames, each code holding at most `max_bytes` (its header included): one frame
/// while the file fits, else the fewest that hold it, in parts of nearly equal size (the first ones
/// a byte longer when the file does not divide evenly).
pub fn frames(file: &[u8], election: &str, station: &str, max_bytes: usize) -> Result<Vec<Frame>, QrProblem> {
    let header = header_len(election, station);
    let too_long = election.len() > usize::from(u8::MAX) || station.len() > usize::from(u8::MAX);
    if too_long || max_bytes <= header {
        return Err(QrProblem::NoRoom { max_bytes: max_bytes as u64, header: header as u64 });
    }
    let room = max_bytes.min(MAX_CODE_BYTES).saturating_sub(header).max(1);
    let count = file.len().div_ceil(room).max(1);
    let count = u8::try_from(count).map_err(|_| QrProblem::TooLarge { bytes: file.len() as u64, codes: MAX_CODES })?;
    let (base, extra) = (file.len() / usize::from(count), file.len() % usize::from(count));
    let digest = digest_of(file);
    let mut at = 0;
    let mut out = Vec::with_capacity(usize::from(count));
    for i in 0..count {
        let len = base + usize::from(usize::from(i) < extra);
        out.push(Frame {
            index: i + 1,
            count,
            digest,
            election: election.to_string(),
            station: station.to_string(),
            part: file[at..at + len].to_vec(),
        });
        at += len;
    }
    Ok(out)
}

/// Frames read back, put together as they come: the first one read says which result they are
/// parts of, and every later one must be a part of the same.
#[derive(Debug, Default)]
pub struct Sequence {
    /// The first frame's election, station, digest and count.
    of: Option<(String, String, [u8; DIGEST_BYTES], u8)>,
    /// The parts by number.
    parts: BTreeMap<u8, Vec<u8>>,
}

impl Sequence {
    /// An empty sequence.
    pub fn new() -> Sequence {
        Sequence::default()
    }

    /// Adds a frame: the same part again is kept once; a frame of another election or result, a
    /// count that differs or a part read before with other bytes is refused.
    pub fn add(&mut self, f: Frame) -> Result<(), QrProblem> {
        let (election, station, digest, count) =
            self.of.get_or_insert_with(|| (f.election.clone(), f.station.clone(), f.digest, f.count));
        if f.election != *election {
            return Err(QrProblem::OtherElection { found: f.election, expected: election.clone() });
        }
        if f.station != *station || f.digest != *digest {
            return Err(QrProblem::OtherResult { found: f.station, expected: station.clone() });
        }
        if f.count != *count {
            return Err(QrProblem::CountDiffers { found: u32::from(f.count), expected: u32::from(*count) });
        }
        match self.parts.get(&f.index) {
            Some(before) if *before != f.part => Err(QrProblem::PartDiffers { index: u32::from(f.index) }),
            Some(_) => Ok(()),
            None => {
                self.parts.insert(f.index, f.part);
                Ok(())
            }
        }
    }

    /// How many frames the result takes (0 before any was added).
    pub fn count(&self) -> u32 {
        self.of.as_ref().map_or(0, |o| u32::from(o.3))
    }

    /// The election and station the frames name, once one was added.
    pub fn names(&self) -> Option<(&str, &str)> {
        self.of.as_ref().map(|o| (o.0.as_str(), o.1.as_str()))
    }

    /// The result file's bytes, once every part is in and they are the file the headers name;
    /// else the parts missing, or [`QrProblem::NotTheResultNamed`].
    pub fn finish(self) -> Result<Vec<u8>, QrProblem> {
        let Some((_, _, digest, count)) = self.of else { return Err(QrProblem::NoCode) };
        let missing: Vec<u32> = (1..=count).filter(|i| !self.parts.contains_key(i)).map(u32::from).collect();
        if !missing.is_empty() {
            return Err(QrProblem::PartsMissing { missing, count: u32::from(count) });
        }
        let file: Vec<u8> = self.parts.into_values().flatten().collect();
        if digest_of(&file) != digest {
            return Err(QrProblem::NotTheResultNamed);
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    fn joined(frames: impl IntoIterator<Item = Frame>) -> Result<Vec<u8>, QrProblem> {
        let mut s = Sequence::new();
        for f in frames {
            s.add(Frame::parse(&f.to_bytes())?)?;
        }
        s.finish()
    }

    #[test]
    fn a_result_that_fits_is_one_frame_and_reads_back() {
        let f = frames(&file(900), "village-1-vc", "v1-s1", MAX_CODE_BYTES).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].index, f[0].count), (1, 1));
        let bytes = f[0].to_bytes();
        assert!(bytes.starts_with(b"ZHENGQ01\x01\x01"));
        assert_eq!(bytes.len(), header_len("village-1-vc", "v1-s1") + 900);
        assert_eq!(Frame::parse(&bytes).unwrap(), f[0]);
        assert_eq!(joined(f).unwrap(), file(900));
    }

    #[test]
    fn a_larger_result_is_cut_into_near_equal_numbered_parts_that_join_in_any_order() {
        let max = header_len("e", "s") + 100;
        let mut f = frames(&file(1003), "e", "s", max).unwrap();
        assert_eq!(f.len(), 11);
        let sizes: Vec<usize> = f.iter().map(|x| x.part.len()).collect();
        assert_eq!(sizes, [92, 92, 91, 91, 91, 91, 91, 91, 91, 91, 91]);
        assert!(f.iter().all(|x| x.to_bytes().len() <= max));
        f.reverse();
        f.push(f[3].clone());
        assert_eq!(joined(f).unwrap(), file(1003), "out of order, one read twice");
    }

    #[test]
    fn codes_mixed_missing_or_misread_are_refused() {
        let max = header_len("e", "s") + 100;
        let f = frames(&file(300), "e", "s", max).unwrap();
        let g = frames(&file(300), "other", "s", max).unwrap();
        let mut s = Sequence::new();
        s.add(f[0].clone()).unwrap();
        assert_eq!(s.add(g[1].clone()), Err(QrProblem::OtherElection { found: "other".into(), expected: "e".into() }));
        let h = frames(&file(301), "e", "s", max).unwrap();
        assert_eq!(s.add(h[1].clone()), Err(QrProblem::OtherResult { found: "s".into(), expected: "s".into() }));
        let mut changed = f[0].clone();
        changed.part[5] ^= 1;
        assert_eq!(s.add(changed), Err(QrProblem::PartDiffers { index: 1 }));
        let mut counted = f[1].clone();
        counted.count = 4;
        assert_eq!(s.add(counted), Err(QrProblem::CountDiffers { found: 4, expected: 3 }));
        assert_eq!(
            joined([f[0].clone()]),
            Err(QrProblem::PartsMissing { missing: vec![2, 3], count: 3 }),
            "which codes are missing, by number"
        );
        let mut wrong = f.clone();
        wrong[2].part[0] ^= 1;
        assert_eq!(joined(wrong), Err(QrProblem::NotTheResultNamed));
        assert_eq!(Sequence::new().finish(), Err(QrProblem::NoCode));
    }

    #[test]
    fn a_header_that_does_not_hold_is_refused_and_never_panics() {
        assert_eq!(Frame::parse(b"hello"), Err(QrProblem::NotZheng));
        let good = frames(&file(10), "e", "s", MAX_CODE_BYTES).unwrap()[0].to_bytes();
        for cut in 0..header_len("e", "s") {
            let r = Frame::parse(&good[..cut]);
            assert!(matches!(r, Err(QrProblem::NotZheng | QrProblem::BadHeader)), "{cut}: {r:?}");
        }
        let mut zero = good.clone();
        zero[8] = 0;
        assert_eq!(Frame::parse(&zero), Err(QrProblem::BadHeader));
        let mut past = good;
        past[8] = 2;
        assert_eq!(Frame::parse(&past), Err(QrProblem::BadHeader));
    }

    #[test]
    fn a_code_too_small_or_a_result_too_large_is_refused() {
        let h = header_len("e", "s");
        assert_eq!(frames(&file(9), "e", "s", h), Err(QrProblem::NoRoom { max_bytes: h as u64, header: h as u64 }));
        assert_eq!(frames(&file(256), "e", "s", h + 1), Err(QrProblem::TooLarge { bytes: 256, codes: 255 }));
        assert_eq!(frames(&file(255), "e", "s", h + 1).unwrap().len(), 255);
        assert_eq!(frames(&[], "e", "s", h + 1).unwrap().len(), 1, "even nothing is one code");
    }
}
