//! What can be wrong with the keys, cosignatures and requests of the transparency-log ecosystem as
//! Zheng speaks it: a verifier key as C2SP writes it (a *vkey*, c2sp.org/signed-note), a
//! witness's cosignature (c2sp.org/tlog-cosignature), and a request to a witness's
//! `add-checkpoint` (c2sp.org/tlog-witness). Values only: the refusals that carry them are
//! [`super::Refusal`]'s, their words `crate::words::refusal`'s.

use super::KeyFault;

/// What is wrong with a verifier key, `<name>+<8 hex digits of key id>+<base64 of type ‖ key>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VkeyFault {
    /// Not three parts separated by `+`.
    NotThreeParts,
    /// The name is empty, or holds a space or a control character.
    Name,
    /// The key id is not 8 hex digits.
    KeyIdNotHex,
    /// The key is not base64.
    NotBase64,
    /// A key of another type than the one needed (e.g. a log's, 0x01, where a witness's, 0x04,
    /// is needed).
    Type {
        /// The type byte found.
        found: u8,
        /// The type byte needed.
        expected: u8,
    },
    /// Not a 32-byte Ed25519 key after the type byte.
    Length {
        /// Bytes after the type byte.
        bytes: usize,
    },
    /// The key id written is not the one the name, type and key give.
    KeyIdDiffers {
        /// As written, hex.
        given: String,
        /// As computed, hex.
        computed: String,
    },
    /// The key is not a usable Ed25519 public key.
    Key(KeyFault),
    /// A witness given to a collector without the URL of its `add-checkpoint`
    /// (`VKEY@http://HOST:PORT[/PREFIX]`).
    NoUrl,
}

/// What is wrong with a cosignature line (`— <name> base64(key id ‖ timestamp ‖ signature)`) of
/// a known witness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CosignatureFault {
    /// Not a note's signature line.
    NotASignatureLine,
    /// A signature line of another key (its name or key id is not the witness's).
    OtherKey,
    /// Not 4 + 8 + 64 bytes.
    Length {
        /// The bytes decoded.
        bytes: usize,
    },
    /// A timestamp past 2⁶³ − 1.
    TimestampTooLarge,
    /// The Ed25519 signature does not verify (`verify_strict`).
    DoesNotVerify,
}

/// What is wrong with a witness policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyFault {
    /// A line that is not `log`, `witness`, `group` or `quorum` (nor a comment).
    Keyword,
    /// A line with too few or too many words.
    Arguments,
    /// A group's threshold that is not `all`, `any` or a number from 1 to its members.
    Threshold,
    /// A name not defined before it is used.
    UnknownName {
        /// The name.
        name: String,
    },
    /// A name defined twice.
    DuplicateName {
        /// The name.
        name: String,
    },
    /// No `quorum` line, or more than one.
    NoQuorum,
}

/// What is wrong with the body of a `POST /add-checkpoint` (c2sp.org/tlog-witness): answered
/// `400 Bad Request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestFault {
    /// Not UTF-8 text.
    NotText,
    /// The first line is not `old N` (N in decimal, no leading zero).
    NoOldLine,
    /// A proof line (counted from 1 after the `old` line) is not one hash in base64.
    ProofLineNotHash {
        /// The proof line.
        line: usize,
    },
    /// More than 63 proof lines.
    TooManyProofLines,
    /// No empty line before the checkpoint.
    NoEmptyLine,
    /// The checkpoint is not a signed note.
    NotANote,
    /// The note's text is not a checkpoint (origin, size, root hash).
    NotACheckpoint,
}
