//! The collector's receipt: what a station keeps to prove, then and later, that the collector
//! stored its result — election, station, the result's hash, its place in the log, the checkpoint
//! at the time and the inclusion proof into it, all signed by the collector (`zheng/receipt/v1`).

use bincode::{Decode, Encode};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use crate::collect::log::{self, LogEntry, TreeHash};
use crate::error::Refusal;
use crate::seal::canonical;

/// A receipt file starts with these 8 bytes.
pub(crate) const RECEIPT_MAGIC: &[u8; 8] = b"ZHENGC01";
/// The domain tag the collector's signature on a receipt covers, before the body.
pub(crate) const RECEIPT_DOMAIN: &[u8] = b"zheng/receipt/v1";
/// The format of a receipt's body.
pub const RECEIPT_FORMAT: u32 = 1;

/// What a receipt says.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ReceiptBody {
    /// [`RECEIPT_FORMAT`].
    pub format: u32,
    /// The election id.
    pub election: String,
    /// The station id.
    pub station: String,
    /// SHA-256 of the result's signed body (the result's id).
    pub result_sha256: [u8; 32],
    /// `accepted`, or `conflict` (stored and logged, but another result of the station came first).
    pub status: String,
    /// The entry's index in the log.
    pub log_index: u64,
    /// The signed checkpoint (C2SP note text) the entry was first included in.
    pub checkpoint: String,
    /// The inclusion proof of the entry in that checkpoint's tree.
    pub inclusion: Vec<[u8; 32]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct SignedReceipt {
    body: Vec<u8>,
    key: [u8; 32],
    signature: [u8; 64],
}

/// A signed receipt: its body, always the decoding of the signed bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    signed: SignedReceipt,
    body: ReceiptBody,
}

impl Receipt {
    /// Signs a receipt with the collector's key.
    pub fn sign(body: ReceiptBody, key: &SigningKey) -> Receipt {
        let bytes = canonical::encode(&body);
        let signature = key.sign(&[RECEIPT_DOMAIN, &bytes].concat()).to_bytes();
        Receipt { signed: SignedReceipt { body: bytes, key: key.verifying_key().to_bytes(), signature }, body }
    }

    /// The receipt's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        [&RECEIPT_MAGIC[..], &canonical::encode(&self.signed)].concat()
    }

    /// Decodes a receipt (one byte form only); its signature is checked by [`Receipt::verify`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Receipt, Refusal> {
        let not = |why: String| Refusal::NotAReceipt { why };
        let rest = bytes.strip_prefix(&RECEIPT_MAGIC[..]).ok_or_else(|| not("no ZHENGC01 magic".into()))?;
        let signed: SignedReceipt = canonical::decode(rest).map_err(|e| not(e.to_string()))?;
        let body: ReceiptBody = canonical::decode(&signed.body).map_err(|e| not(e.to_string()))?;
        if canonical::encode(&signed) != rest || canonical::encode(&body) != signed.body {
            return Err(not("not in its one byte form".into()));
        }
        if body.format != RECEIPT_FORMAT {
            return Err(not(format!("format {}", body.format)));
        }
        Ok(Receipt { signed, body })
    }

    /// What it says.
    pub fn body(&self) -> &ReceiptBody {
        &self.body
    }

    /// The key that signed it.
    pub fn signer(&self) -> [u8; 32] {
        self.signed.key
    }

    /// Checks the receipt against the collector's key and the result it acknowledges: the
    /// collector's signature (`verify_strict`), the checkpoint's, and the inclusion of the result's
    /// log entry in that checkpoint. Returns the checkpoint's size and root.
    pub fn verify(&self, collector: &VerifyingKey, result: &[u8]) -> Result<(u64, TreeHash), Refusal> {
        if self.signed.key != collector.to_bytes() {
            return Err(Refusal::BadCollectorSignature);
        }
        let message = [RECEIPT_DOMAIN, &self.signed.body].concat();
        collector
            .verify_strict(&message, &Signature::from_bytes(&self.signed.signature))
            .map_err(|_| Refusal::BadCollectorSignature)?;
        let b = &self.body;
        let origin = log::origin_for(collector);
        let (size, root) = log::open_checkpoint(b.checkpoint.as_bytes(), &origin, collector)?;
        let id: [u8; 32] = crate::seal::result::ResultFile::from_bytes(result)?.id();
        if id != b.result_sha256 {
            return Err(Refusal::ProofFails { why: "the receipt is for another result".into() });
        }
        let leaf = LogEntry::new(&b.election, &b.station, result).leaf_hash();
        let proof: Vec<TreeHash> = b.inclusion.iter().map(|h| TreeHash(*h)).collect();
        log::check_inclusion(&proof, size, root, b.log_index, leaf)?;
        Ok((size, root))
    }
}
