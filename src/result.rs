//! A station's signed result: everything `count` computes for one box, bound to the election, the
//! manifest and the box's published ballots, signed by the station and countersigned by monitors.
//!
//! The signed message is the domain tag `zheng/station-result/v1` followed by the canonical bytes of
//! [`ResultBody`], which begin with the format version and the election id. The file is the magic
//! `ZHENGR01` followed by the canonical bytes of [`SignedResult`]: the body's bytes exactly as
//! signed, and the signatures. Byte layouts: docs/FORMAT.md.

use std::collections::BTreeMap;
use std::path::Path;

use bincode::{Decode, Encode};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::ballot::InvalidCounts;
use crate::canonical::{self, DecodeError};
use crate::error::{Error, read_limited};
use crate::manifest::{Election, Style};
use crate::merkle::Hash;
use crate::tally::{ContestTally, Tally};

/// The domain tag that starts every signed station result.
pub const RESULT_DOMAIN: &[u8] = b"zheng/station-result/v1";
/// The first bytes of a result file.
pub const RESULT_MAGIC: &[u8; 8] = b"ZHENGR01";
/// The format version in every body.
pub const FORMAT: u32 = 1;
/// The largest result file read.
pub const MAX_RESULT_BYTES: u64 = 16 << 20;

/// One post's count, as signed.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ContestCount {
    /// Per listed candidate: votes (approve: for).
    pub votes: Vec<u64>,
    /// Per listed candidate: against (approve only; empty for choose).
    pub against: Vec<u64>,
    /// Blank.
    pub blank: u64,
    /// Voided alone (per-post rules).
    pub voided: u64,
    /// Ballots with a written-in name here.
    pub with_write_in: u64,
    /// Written-in names and their votes, sorted by name.
    pub write_ins: Vec<(String, u64)>,
}

/// What a station signs.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ResultBody {
    /// [`FORMAT`].
    pub format: u32,
    /// The election id.
    pub election: String,
    /// SHA-256 of the manifest's canonical form.
    pub manifest_sha256: Hash,
    /// The station id.
    pub station: String,
    /// Voters from the box header.
    pub voters: u64,
    /// Ballots in the box.
    pub ballots: u64,
    /// Valid ballots.
    pub valid: u64,
    /// Invalid ballots by reason, in the order of [`crate::ballot::InvalidReason::ALL`].
    pub invalid: [u64; 6],
    /// Per post, in manifest order.
    pub contests: Vec<ContestCount>,
    /// RFC 6962 Merkle root over the box's published records in canonical order.
    pub ballots_root: Hash,
    /// When the box was closed (RFC 3339); recorded, never used by a check.
    pub closed_at: String,
}

/// One signature over the message.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SignatureEntry {
    /// The signer's public key.
    pub key: [u8; 32],
    /// The Ed25519 signature of `RESULT_DOMAIN ‖ body`.
    pub signature: [u8; 64],
}

/// The contents of a result file after its magic.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SignedResult {
    /// The canonical bytes of the [`ResultBody`], exactly as signed.
    pub body: Vec<u8>,
    /// The station's signature first, then monitors' in the order they signed.
    pub signatures: Vec<SignatureEntry>,
}

impl ResultBody {
    /// The body of a box's count.
    pub fn new(
        e: &Election,
        station: usize,
        voters: u64,
        tally: &Tally,
        ballots_root: Hash,
        closed_at: String,
    ) -> Self {
        ResultBody {
            format: FORMAT,
            election: e.id.clone(),
            manifest_sha256: e.canonical_sha256(),
            station: e.stations[station].id.clone(),
            voters,
            ballots: tally.ballots(),
            valid: tally.valid,
            invalid: tally.invalid.0,
            contests: tally
                .contests
                .iter()
                .map(|c| ContestCount {
                    votes: c.votes.clone(),
                    against: c.against.clone(),
                    blank: c.blank,
                    voided: c.voided,
                    with_write_in: c.with_write_in,
                    write_ins: c.write_ins.iter().map(|(n, v)| (n.clone(), *v)).collect(),
                })
                .collect(),
            ballots_root,
            closed_at,
        }
    }

    /// The tally this body states, after checking it has the manifest's shape and is consistent.
    pub fn tally(&self, e: &Election) -> Result<Tally, String> {
        if self.contests.len() != e.contests.len() {
            return Err(format!("{} posts, the manifest has {}", self.contests.len(), e.contests.len()));
        }
        let mut contests = Vec::new();
        for (c, k) in self.contests.iter().zip(&e.contests) {
            let n = k.candidates.len();
            let against = if k.style == Style::Approve { n } else { 0 };
            if c.votes.len() != n || c.against.len() != against {
                return Err(format!("post {}: counts for {} candidates, the manifest lists {n}", k.id, c.votes.len()));
            }
            if c.write_ins.windows(2).any(|w| w[0].0 >= w[1].0) {
                return Err(format!("post {}: written-in names not sorted or repeated", k.id));
            }
            contests.push(ContestTally {
                votes: c.votes.clone(),
                against: c.against.clone(),
                blank: c.blank,
                voided: c.voided,
                with_write_in: c.with_write_in,
                write_ins: c.write_ins.iter().cloned().collect::<BTreeMap<_, _>>(),
            });
        }
        let t = Tally { valid: self.valid, invalid: InvalidCounts(self.invalid), contests };
        if t.ballots() != self.ballots {
            return Err(format!("{} ballots stated, valid and invalid add up to {}", self.ballots, t.ballots()));
        }
        t.check(e).map_err(|err| err.to_string())?;
        Ok(t)
    }
}

/// The message a signature covers: the domain tag, then the body's bytes.
pub fn message(body: &[u8]) -> Vec<u8> {
    [RESULT_DOMAIN, body].concat()
}

/// A result read from a file: the signed container and its decoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultFile {
    /// The container.
    pub signed: SignedResult,
    /// The body decoded from `signed.body`.
    pub body: ResultBody,
}

impl ResultFile {
    /// Signs a body with the station's key.
    pub fn sign(body: ResultBody, key: &SigningKey) -> Self {
        let bytes = canonical::encode(&body);
        let signature = key.sign(&message(&bytes)).to_bytes();
        let signatures = vec![SignatureEntry { key: key.verifying_key().to_bytes(), signature }];
        ResultFile { signed: SignedResult { body: bytes, signatures }, body }
    }

    /// Adds a monitor's countersignature over the same message; a second signature by the same key
    /// replaces nothing and is refused.
    pub fn countersign(&mut self, key: &SigningKey) -> Result<(), Error> {
        let k = key.verifying_key().to_bytes();
        if self.signed.signatures.iter().any(|s| s.key == k) {
            return Err(Error::Usage("this key has already signed this result".into()));
        }
        let signature = key.sign(&message(&self.signed.body)).to_bytes();
        self.signed.signatures.push(SignatureEntry { key: k, signature });
        Ok(())
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        [&RESULT_MAGIC[..], &canonical::encode(&self.signed)].concat()
    }

    /// Parses a result file's bytes (never allocating past the decode limit).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let rest = bytes
            .strip_prefix(&RESULT_MAGIC[..])
            .ok_or_else(|| DecodeError::Malformed("not a Zheng station result (no ZHENGR01 magic)".into()))?;
        let signed: SignedResult = canonical::decode(rest)?;
        let body: ResultBody = canonical::decode(&signed.body)?;
        if body.format != FORMAT {
            return Err(DecodeError::Malformed(format!("format {} (this Zheng reads {FORMAT})", body.format)));
        }
        Ok(ResultFile { signed, body })
    }

    /// Reads a result file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = read_limited(path, MAX_RESULT_BYTES)?;
        ResultFile::from_bytes(&bytes)
            .map_err(|e| Error::Malformed { path: path.display().to_string(), message: e.to_string() })
    }

    /// The result's identity: SHA-256 of the body as signed (signatures apart).
    pub fn id(&self) -> Hash {
        Sha256::digest(&self.signed.body).into()
    }
}

/// One signature to check: a key, a message, a signature.
pub struct Check<'a> {
    /// The key it must verify under.
    pub key: VerifyingKey,
    /// The message.
    pub message: &'a [u8],
    /// The signature bytes.
    pub signature: [u8; 64],
}

/// Verifies signatures with `verify_strict`, in parallel. With `batch`, tries Ed25519 batch
/// verification first as a fast path: it is taken only if the batch passes *and* every signature's
/// R is canonically encoded and torsion-free (keys are checked torsion-free too), which makes a
/// passing batch imply that each signature passes `verify_strict`; otherwise every signature is
/// checked on its own.
pub fn verify_all(checks: &[Check<'_>], batch: bool) -> Vec<bool> {
    use rayon::prelude::*;
    if batch && !checks.is_empty() && batch_ok(checks) {
        return vec![true; checks.len()];
    }
    checks.par_iter().map(|c| c.key.verify_strict(c.message, &Signature::from_bytes(&c.signature)).is_ok()).collect()
}

fn batch_ok(checks: &[Check<'_>]) -> bool {
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use rayon::prelude::*;
    let strict_shape = checks.par_iter().all(|c| {
        let r = CompressedEdwardsY(c.signature[..32].try_into().expect("32 bytes"));
        let a = CompressedEdwardsY(c.key.to_bytes());
        let ok = |p: CompressedEdwardsY| {
            p.decompress().is_some_and(|pt| pt.compress() == p && !pt.is_small_order() && pt.is_torsion_free())
        };
        ok(r) && ok(a)
    });
    if !strict_shape {
        return false;
    }
    let messages: Vec<&[u8]> = checks.iter().map(|c| c.message).collect();
    let signatures: Vec<Signature> = checks.iter().map(|c| Signature::from_bytes(&c.signature)).collect();
    let keys: Vec<VerifyingKey> = checks.iter().map(|c| c.key).collect();
    ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> ResultBody {
        ResultBody {
            format: FORMAT,
            election: "e".into(),
            manifest_sha256: [1; 32],
            station: "s".into(),
            voters: 3,
            ballots: 2,
            valid: 2,
            invalid: [0; 6],
            contests: vec![ContestCount {
                votes: vec![2],
                against: vec![],
                blank: 0,
                voided: 0,
                with_write_in: 0,
                write_ins: vec![],
            }],
            ballots_root: [2; 32],
            closed_at: "2020-11-18T16:00:00Z".into(),
        }
    }

    #[test]
    fn sign_write_read_verify() {
        let k = SigningKey::from_bytes(&[3; 32]);
        let m = SigningKey::from_bytes(&[4; 32]);
        let mut r = ResultFile::sign(body(), &k);
        r.countersign(&m).unwrap();
        assert!(r.countersign(&m).is_err());
        let back = ResultFile::from_bytes(&r.to_bytes()).unwrap();
        assert_eq!(back, r);
        let msg = message(&back.signed.body);
        let checks: Vec<Check<'_>> = back
            .signed
            .signatures
            .iter()
            .map(|s| Check { key: VerifyingKey::from_bytes(&s.key).unwrap(), message: &msg, signature: s.signature })
            .collect();
        assert_eq!(verify_all(&checks, false), vec![true, true]);
        assert_eq!(verify_all(&checks, true), vec![true, true]);
        let mut bad = checks[1].signature;
        bad[40] ^= 1;
        let checks2 = [
            Check { key: checks[0].key, message: &msg, signature: bad },
            Check { key: checks[1].key, message: &msg, signature: checks[1].signature },
        ];
        assert_eq!(verify_all(&checks2, true), vec![false, true], "a failed batch falls back to single checks");
    }

    #[test]
    fn the_message_binds_domain_format_and_election() {
        let b = canonical::encode(&body());
        let m = message(&b);
        assert!(m.starts_with(b"zheng/station-result/v1"));
        assert_eq!(&m[RESULT_DOMAIN.len()..RESULT_DOMAIN.len() + 4], &FORMAT.to_le_bytes());
        assert_eq!(&m[RESULT_DOMAIN.len() + 4..RESULT_DOMAIN.len() + 13], &[1, 0, 0, 0, 0, 0, 0, 0, b'e']);
    }
}
