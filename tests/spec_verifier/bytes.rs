//! FORMAT.md's canonical bytes, read by hand: little-endian integers, `u64` lengths, nothing
//! between fields, nothing after the value. A length that claims more than the bytes left fails.

use ed25519_dalek::{Signature, VerifyingKey};

pub struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.b.len() {
            return Err(format!("{n} bytes claimed, {} left", self.b.len()));
        }
        let (x, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(x)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }

    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count of elements each at least `size` bytes long.
    pub fn count(&mut self, size: usize) -> Result<usize, String> {
        let n = self.u64()?;
        if n > (self.b.len() / size) as u64 {
            return Err(format!("a count of {n} is more than the bytes left hold"));
        }
        Ok(n as usize)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.count(1)?;
        self.take(n)
    }

    pub fn string(&mut self) -> Result<String, String> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| "a string is not UTF-8".to_string())
    }

    pub fn u64s(&mut self) -> Result<Vec<u64>, String> {
        let n = self.count(8)?;
        (0..n).map(|_| self.u64()).collect()
    }

    pub fn end(&self) -> Result<(), String> {
        if self.b.is_empty() { Ok(()) } else { Err(format!("{} bytes after the value", self.b.len())) }
    }
}

/// One post's signed counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestCount {
    pub votes: Vec<u64>,
    pub against: Vec<u64>,
    pub blank: u64,
    pub voided: u64,
    pub with_write_in: u64,
    pub write_ins: Vec<(String, u64)>,
}

/// What a station signs.
#[derive(Debug, Clone)]
pub struct Body {
    pub format: u32,
    pub election: String,
    pub manifest_sha256: [u8; 32],
    pub station: String,
    pub voters: u64,
    pub ballots: u64,
    pub valid: u64,
    pub invalid: [u64; 6],
    pub contests: Vec<ContestCount>,
    pub ballots_root: [u8; 32],
}

/// A result file: the body's bytes as signed, the body, and the signatures (key, signature).
pub struct SignedResult {
    pub body_bytes: Vec<u8>,
    pub body: Body,
    pub signatures: Vec<([u8; 32], [u8; 64])>,
}

pub fn result(file: &[u8]) -> Result<SignedResult, String> {
    let rest = file.strip_prefix(b"ZHENGR01").ok_or("no ZHENGR01 magic")?;
    let mut r = Reader::new(rest);
    let body_bytes = r.bytes()?.to_vec();
    let n = r.count(96)?;
    let signatures = (0..n).map(|_| Ok((r.array()?, r.array()?))).collect::<Result<Vec<_>, String>>()?;
    r.end()?;
    let body = body(&body_bytes)?;
    if body.format != 1 {
        return Err(format!("format {}", body.format));
    }
    Ok(SignedResult { body_bytes, body, signatures })
}

fn body(bytes: &[u8]) -> Result<Body, String> {
    let mut r = Reader::new(bytes);
    let format = r.u32()?;
    let election = r.string()?;
    let manifest_sha256 = r.array()?;
    let station = r.string()?;
    let (voters, ballots, valid) = (r.u64()?, r.u64()?, r.u64()?);
    let mut invalid = [0u64; 6];
    for x in &mut invalid {
        *x = r.u64()?;
    }
    let n = r.count(48)?;
    let mut contests = Vec::with_capacity(n);
    for _ in 0..n {
        let votes = r.u64s()?;
        let against = r.u64s()?;
        let (blank, voided, with_write_in) = (r.u64()?, r.u64()?, r.u64()?);
        let m = r.count(16)?;
        let write_ins = (0..m).map(|_| Ok((r.string()?, r.u64()?))).collect::<Result<Vec<_>, String>>()?;
        contests.push(ContestCount { votes, against, blank, voided, with_write_in, write_ins });
    }
    let ballots_root = r.array()?;
    let _closed_at = r.string()?;
    r.end()?;
    Ok(Body { format, election, manifest_sha256, station, voters, ballots, valid, invalid, contests, ballots_root })
}

/// `manifest.sig`: the key it names, once it is over this election and manifest and verifies.
pub fn manifest_sig(file: &[u8], election: &str, sha256: &[u8; 32]) -> Result<[u8; 32], String> {
    let rest = file.strip_prefix(b"ZHENGM01").ok_or("no ZHENGM01 magic")?;
    let mut r = Reader::new(rest);
    let body = r.bytes()?;
    let key: [u8; 32] = r.array()?;
    let sig: [u8; 64] = r.array()?;
    r.end()?;
    let mut b = Reader::new(body);
    let (format, id, hash) = (b.u32()?, b.string()?, b.array::<32>()?);
    b.end()?;
    if format != 1 || id != election || &hash != sha256 {
        return Err("the signature of another manifest".into());
    }
    if !verify_strict(&key, &[b"zheng/manifest/v1".as_slice(), body].concat(), &sig) {
        return Err("the signature does not verify".into());
    }
    Ok(key)
}

/// Ed25519 `verify_strict`; a key that is not a point fails.
pub fn verify_strict(key: &[u8; 32], message: &[u8], sig: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(key).is_ok_and(|k| k.verify_strict(message, &Signature::from_bytes(sig)).is_ok())
}
