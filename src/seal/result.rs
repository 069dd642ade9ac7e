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

use crate::error::{CountsProblem, Error, Refusal};
use crate::files::read_limited;
use crate::seal::canonical::{self, DecodeError};
use crate::seal::digest::Hash;
use crate::vote::ballot::InvalidCounts;
use crate::vote::manifest::{Contest, Election};
use crate::vote::model::Style;
use crate::vote::tally::{CheckedTally, ContestTally, Tally};

/// The domain tag that starts every signed station result.
pub(crate) const RESULT_DOMAIN: &[u8] = b"zheng/station-result/v1";
/// The first bytes of a result file.
pub(crate) const RESULT_MAGIC: &[u8; 8] = b"ZHENGR01";
/// The format version in every body.
pub const FORMAT: u32 = 1;
/// The largest result file read.
pub(crate) const MAX_RESULT_BYTES: u64 = 16 << 20;

/// One post's count, as signed.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ContestCount {
    /// Per listed candidate: votes (approve: for).
    pub votes: Vec<u64>,
    /// Per listed candidate: against (approve only; empty for choose).
    pub against: Vec<u64>,
    /// Valid ballots marking nobody in this post.
    pub blank: u64,
    /// Voided alone (per-post rules).
    pub voided: u64,
    /// Ballots with a written-in name here.
    pub with_write_in: u64,
    /// Written-in names and their votes, sorted by name.
    pub write_ins: Vec<(String, u64)>,
}

impl From<&ContestTally> for ContestCount {
    /// A post's tally as signed: written-in names in name order.
    fn from(c: &ContestTally) -> ContestCount {
        ContestCount {
            votes: c.votes.clone(),
            against: c.against.clone(),
            blank: c.blank,
            voided: c.voided,
            with_write_in: c.with_write_in,
            write_ins: c.write_ins.iter().map(|(n, v)| (n.clone(), *v)).collect(),
        }
    }
}

impl TryFrom<(&ContestCount, &Contest)> for ContestTally {
    type Error = CountsProblem;

    /// A signed post's counts as a tally, if they have the manifest post's shape: one count per
    /// listed candidate (and one against-count each in an approve post), written-in names sorted
    /// and each once.
    fn try_from((c, post): (&ContestCount, &Contest)) -> Result<ContestTally, CountsProblem> {
        let n = post.candidates.len();
        let against = if post.style == Style::Approve { n } else { 0 };
        if c.votes.len() != n || c.against.len() != against {
            return Err(CountsProblem::Candidates { post: post.id.clone(), have: c.votes.len(), manifest: n });
        }
        if c.write_ins.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(CountsProblem::WriteInsUnsorted { post: post.id.clone() });
        }
        Ok(ContestTally {
            votes: c.votes.clone(),
            against: c.against.clone(),
            blank: c.blank,
            voided: c.voided,
            with_write_in: c.with_write_in,
            write_ins: c.write_ins.iter().cloned().collect::<BTreeMap<_, _>>(),
        })
    }
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
    /// Ballots of the box that count.
    pub valid: u64,
    /// Invalid ballots by reason, in the order of [`crate::vote::ballot::InvalidReason::ALL`].
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
        election: &Election,
        station: usize,
        voters: u64,
        tally: &Tally,
        ballots_root: Hash,
        closed_at: String,
    ) -> Self {
        ResultBody {
            format: FORMAT,
            election: election.id().to_string(),
            manifest_sha256: election.canonical_sha256(),
            station: election.stations()[station].id.clone(),
            voters,
            ballots: tally.ballots(),
            valid: tally.valid,
            invalid: tally.invalid.counts(),
            contests: tally.contests.iter().map(ContestCount::from).collect(),
            ballots_root,
            closed_at,
        }
    }

    /// The tally this body states, after checking it has the manifest's shape and is consistent.
    pub fn tally(&self, election: &Election) -> Result<CheckedTally, CountsProblem> {
        if self.contests.len() != election.contests().len() {
            return Err(CountsProblem::Posts { have: self.contests.len(), manifest: election.contests().len() });
        }
        let contests =
            self.contests.iter().zip(election.contests()).map(ContestTally::try_from).collect::<Result<Vec<_>, _>>()?;
        let t = Tally { valid: self.valid, invalid: InvalidCounts::from(self.invalid), contests };
        if t.ballots() != self.ballots {
            return Err(CountsProblem::BallotsDoNotAdd { stated: self.ballots, sum: t.ballots() });
        }
        t.checked(election).map_err(|err| CountsProblem::Inconsistent { why: err.invariant_text() })
    }
}

/// The message a signature covers: the domain tag, then the body's bytes.
pub fn message(body: &[u8]) -> Vec<u8> {
    [RESULT_DOMAIN, body].concat()
}

/// A station result: the signed container and its body. The body is always the decoding of the
/// container's signed bytes — made together by [`ResultFile::sign`] or [`ResultFile::from_bytes`] and
/// never changed apart — so what a caller reads is what the signatures cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultFile {
    signed: SignedResult,
    body: ResultBody,
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
            return Err(Error::Refusal(Refusal::AlreadySigned));
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
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Refusal> {
        let undecodable = |e: DecodeError| Refusal::Undecodable { why: e.to_string() };
        let rest = bytes.strip_prefix(&RESULT_MAGIC[..]).ok_or(Refusal::NotAResult)?;
        let signed: SignedResult = canonical::decode(rest).map_err(undecodable)?;
        let body: ResultBody = canonical::decode(&signed.body).map_err(undecodable)?;
        // One byte form for each value: what decodes must re-encode to the very same bytes.
        if canonical::encode(&signed) != rest || canonical::encode(&body) != signed.body {
            return Err(Refusal::NotCanonicalBytes);
        }
        if body.format != FORMAT {
            return Err(Refusal::UnknownResultFormat { format: body.format });
        }
        Ok(ResultFile { signed, body })
    }

    /// Reads a result file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = read_limited(path, MAX_RESULT_BYTES)?;
        ResultFile::from_bytes(&bytes).map_err(|refusal| Error::refused(path, refusal))
    }

    /// What the station signed, decoded.
    pub fn body(&self) -> &ResultBody {
        &self.body
    }

    /// The body's bytes exactly as signed.
    pub fn signed_bytes(&self) -> &[u8] {
        &self.signed.body
    }

    /// The signatures: the station's first, then the monitors' in the order they signed.
    pub fn signatures(&self) -> &[SignatureEntry] {
        &self.signed.signatures
    }

    /// The result's identity: SHA-256 of the body as signed (signatures apart).
    pub fn id(&self) -> Hash {
        Sha256::digest(&self.signed.body).into()
    }

    /// What can be checked without the manifest: there is a signature, and each verifies
    /// (`verify_strict`) under the key it names. Whose keys they must be — the station's, its
    /// monitors' — only the manifest says (`audit::merge::verify_result`).
    pub fn own_signatures_hold(&self) -> Result<(), Refusal> {
        let station = || self.body.station.clone();
        if self.signed.signatures.is_empty() {
            return Err(Refusal::NotSignedFirstByStation);
        }
        let msg = message(&self.signed.body);
        for (i, s) in self.signed.signatures.iter().enumerate() {
            let holds = crate::seal::keys::public_from_bytes(&s.key)
                .is_ok_and(|k| k.verify_strict(&msg, &Signature::from_bytes(&s.signature)).is_ok());
            if !holds {
                return Err(if i == 0 {
                    Refusal::BadStationSignature { station: station() }
                } else {
                    Refusal::BadMonitorSignature { station: station() }
                });
            }
        }
        Ok(())
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

/// Verifies signatures with `verify_strict`, in parallel: one verdict per check, in order.
pub fn verify_all(checks: &[Check<'_>]) -> Vec<bool> {
    use rayon::prelude::*;
    checks.par_iter().map(|c| c.key.verify_strict(c.message, &Signature::from_bytes(&c.signature)).is_ok()).collect()
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
        let msg = message(back.signed_bytes());
        let checks: Vec<Check<'_>> = back
            .signatures()
            .iter()
            .map(|s| Check { key: VerifyingKey::from_bytes(&s.key).unwrap(), message: &msg, signature: s.signature })
            .collect();
        assert_eq!(verify_all(&checks), vec![true, true]);
        let mut bad = checks[1].signature;
        bad[40] ^= 1;
        let checks2 = [
            Check { key: checks[0].key, message: &msg, signature: bad },
            Check { key: checks[1].key, message: &msg, signature: checks[1].signature },
        ];
        assert_eq!(verify_all(&checks2), vec![false, true], "each signature is judged on its own");
    }

    #[test]
    fn a_result_whose_own_signatures_do_not_hold_is_refused_without_a_manifest() {
        let mut r = ResultFile::sign(body(), &SigningKey::from_bytes(&[3; 32]));
        r.countersign(&SigningKey::from_bytes(&[4; 32])).unwrap();
        assert_eq!(r.own_signatures_hold(), Ok(()));
        let mut bad = r.clone();
        bad.signed.signatures[1].signature[9] ^= 1;
        assert_eq!(bad.own_signatures_hold(), Err(Refusal::BadMonitorSignature { station: "s".into() }));
        bad.signed.signatures[0].signature[9] ^= 1;
        assert_eq!(bad.own_signatures_hold(), Err(Refusal::BadStationSignature { station: "s".into() }));
        bad.signed.signatures.clear();
        assert_eq!(bad.own_signatures_hold(), Err(Refusal::NotSignedFirstByStation));
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
