//! The township's signature on a manifest: it fixes the station and monitor keys every result is
//! checked against. The signed message is `zheng/manifest/v1` followed by the canonical bytes of
//! [`ManifestSigBody`] (format version, election id, SHA-256 of the manifest's canonical form).

use std::path::Path;

use bincode::{Decode, Encode};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::error::{Error, Refusal, Usage};
use crate::files::read_limited;
use crate::seal::canonical::{self, DecodeError};
use crate::seal::digest::Hash;
use crate::seal::keys;
use crate::vote::manifest::Election;

/// The domain tag of manifest signatures.
pub(crate) const MANIFEST_DOMAIN: &[u8] = b"zheng/manifest/v1";
/// The first bytes of a manifest signature file.
pub(crate) const MANIFEST_SIG_MAGIC: &[u8; 8] = b"ZHENGM01";
/// The largest manifest signature file read.
pub const MAX_SIG_BYTES: u64 = 1 << 16;

/// What the township signs.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ManifestSigBody {
    /// Format version, 1.
    pub format: u32,
    /// The election id.
    pub election: String,
    /// SHA-256 of the manifest's canonical form.
    pub manifest_sha256: Hash,
}

/// A manifest signature file's contents after the magic.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ManifestSignature {
    /// The body's canonical bytes, as signed.
    pub body: Vec<u8>,
    /// The signer's public key.
    pub key: [u8; 32],
    /// The signature of `MANIFEST_DOMAIN ‖ body`.
    pub signature: [u8; 64],
}

/// Signs a manifest; returns the signature file's bytes.
pub fn sign(election: &Election, key: &SigningKey) -> Vec<u8> {
    let body = canonical::encode(&ManifestSigBody {
        format: 1,
        election: election.id().to_string(),
        manifest_sha256: election.canonical_sha256(),
    });
    let signature = key.sign(&[MANIFEST_DOMAIN, &body].concat()).to_bytes();
    let file = ManifestSignature { body, key: key.verifying_key().to_bytes(), signature };
    [&MANIFEST_SIG_MAGIC[..], &canonical::encode(&file)].concat()
}

/// Checks a signature file's bytes against a manifest and the trusted township key.
pub fn verify(election: &Election, bytes: &[u8], trusted: &VerifyingKey) -> Result<(), Refusal> {
    let file = decode(election, bytes)?;
    if file.key != trusted.to_bytes() {
        return Err(Refusal::SignedByAnotherKey {
            signer: hex::encode(file.key),
            trusted: hex::encode(trusted.to_bytes()),
        });
    }
    trusted
        .verify_strict(&[MANIFEST_DOMAIN, &file.body].concat(), &Signature::from_bytes(&file.signature))
        .map_err(|_| Refusal::BadManifestSignature)
}

/// A signature file decoded and checked to be over this manifest.
fn decode(e: &Election, bytes: &[u8]) -> Result<ManifestSignature, Refusal> {
    let undecodable = |err: DecodeError| Refusal::Undecodable { why: err.to_string() };
    let rest = bytes.strip_prefix(&MANIFEST_SIG_MAGIC[..]).ok_or(Refusal::NotAManifestSignature)?;
    let file: ManifestSignature = canonical::decode(rest).map_err(undecodable)?;
    let body: ManifestSigBody = canonical::decode(&file.body).map_err(undecodable)?;
    if canonical::encode(&file) != rest || canonical::encode(&body) != file.body {
        return Err(Refusal::NotCanonicalBytes);
    }
    if body.format != 1 || body.election != e.id() || body.manifest_sha256 != e.canonical_sha256() {
        return Err(Refusal::SignatureOfAnotherManifest);
    }
    Ok(file)
}

/// Checks what can be checked of a signature file with no trusted key: that it decodes, is over
/// this manifest, and verifies (`verify_strict`) under the key it names — which is not yet to say
/// that this key is the township's. Returns that key, in hex.
pub fn verify_self(election: &Election, bytes: &[u8]) -> Result<String, Refusal> {
    let file = decode(election, bytes)?;
    let key = keys::public_from_bytes(&file.key).map_err(|_| Refusal::BadManifestSignature)?;
    verify(election, bytes, &key)?;
    Ok(hex::encode(file.key))
}

/// The manifest signature a bundle carries: with `trust`, the signature file must verify under that
/// township key; without it, the file is carried as given (the supervisor checks it with
/// `zheng verify --trust`). `trust` without a signature file is a usage error.
pub fn for_bundle(election: &Election, sig: Option<&Path>, trust: Option<&str>) -> Result<Option<Vec<u8>>, Error> {
    match (trust, sig) {
        (Some(t), Some(sig)) => {
            verify_file(election, sig, t)?;
            Ok(Some(read_limited(sig, MAX_SIG_BYTES)?))
        }
        (Some(_), None) => Err(Error::Usage(Usage::TrustNeedsSignature)),
        (None, Some(sig)) => {
            let bytes = read_limited(sig, MAX_SIG_BYTES)?;
            verify_self(election, &bytes).map_err(|refusal| Error::refused(sig, refusal))?;
            Ok(Some(bytes))
        }
        (None, None) => Ok(None),
    }
}

/// Reads a signature file and checks it, with the trusted key in hex.
pub fn verify_file(e: &Election, path: &Path, trusted_hex: &str) -> Result<(), Error> {
    let trusted = keys::parse_public(trusted_hex).map_err(|err| Error::Usage(Usage::Trust(err)))?;
    let bytes = read_limited(path, MAX_SIG_BYTES)?;
    verify(e, &bytes, &trusted).map_err(|refusal| Error::refused(path, refusal))
}
