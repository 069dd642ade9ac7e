//! The transparency-log ecosystem's keys and signatures, as C2SP writes them — pure functions, no
//! I/O, no clock:
//!
//! - **verifier keys** ([`Vkey`], c2sp.org/signed-note): `<name>+<8 hex digits of key id>+<base64
//!   of type ‖ key>`, the key id the first 4 bytes of `SHA-256(name ‖ 0x0A ‖ type ‖ key)`; type
//!   [`KeyType::Log`] (0x01, Ed25519 over a note's text: a log's checkpoint key) or
//!   [`KeyType::Cosignature`] (0x04, timestamped Ed25519: a witness's key);
//! - **cosignatures** (c2sp.org/tlog-cosignature, the Ed25519 kind): a witness ([`Cosigner`])
//!   signs [`cosigned_message`] — `cosignature/v1\ntime <T>\n` then the checkpoint's text — and
//!   writes the note signature line `— <name> base64(key id ‖ T as u64 big-endian ‖ signature)`;
//!   [`verify_cosignature`] checks one such line, [`SignedCheckpoint::cosigned_by`] every line of
//!   a note from a set of witnesses (a client's quorum);
//! - **signed checkpoints** ([`SignedCheckpoint`], c2sp.org/tlog-checkpoint): a note parsed, its
//!   origin, size and root read, its log signatures checked against the log's vkeys
//!   ([`SignedCheckpoint::verify_log`]).
//!
//! Every signature is checked with ed25519-dalek's `verify_strict` (a [`Vkey`] is a
//! `signed_note::Verifier` that does so for both types: the `signed_note` crate's own verifier is
//! not strict). The note format, the key id's hash and the key-name rule are the `signed_note`
//! crate's. docs/PROTOCOL.md, "The witness", has a test vector; the unit tests below check it.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use signed_note::Note;
use tlog_tiles::Hash;

use crate::error::{CosignatureFault, Refusal, RequestFault, VkeyFault};

/// The first line of every message an Ed25519 cosignature signs.
pub const COSIGNATURE_V1: &str = "cosignature/v1";

/// The latest timestamp a cosignature may carry: 2⁶³ − 1.
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// The longest a vkey is repeated in a refusal (a longer one is cut, marked `…`).
const VKEY_SHOWN: usize = 120;

/// What a key signs, by its signature type byte (c2sp.org/signed-note, "Signature types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyType {
    /// 0x01: Ed25519 over a note's text — a log's checkpoint key.
    Log,
    /// 0x04: timestamped Ed25519 checkpoint cosignatures — a witness's key.
    Cosignature,
}

impl KeyType {
    /// Its signature type byte.
    pub fn byte(self) -> u8 {
        match self {
            KeyType::Log => 0x01,
            KeyType::Cosignature => 0x04,
        }
    }
}

/// The key id of a key: the first 4 bytes, big-endian, of `SHA-256(name ‖ 0x0A ‖ type ‖ key)`.
pub fn key_id(name: &str, kind: KeyType, key: &VerifyingKey) -> u32 {
    signed_note::key_id(name, &[&[kind.byte()][..], key.as_bytes()].concat())
}

/// Whether `name` may name a key: non-empty, no Unicode space, no `+` (c2sp.org/signed-note), and
/// no control character (a note holds none).
pub fn is_key_name(name: &str) -> bool {
    signed_note::is_key_name_valid(name) && !name.chars().any(char::is_control)
}

/// A verifier key: a name, what the key signs, and an Ed25519 public key (never a weak one).
/// Written and read as C2SP's vkey text ([`fmt::Display`], [`Vkey::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vkey {
    name: String,
    kind: KeyType,
    key: VerifyingKey,
    id: u32,
}

impl Vkey {
    /// The vkey of `key` under `name`; refuses a name no note may carry and a weak key.
    pub fn new(name: &str, kind: KeyType, key: VerifyingKey) -> Result<Vkey, Refusal> {
        let bad = |fault| Refusal::BadVkey { vkey: shown(name), fault };
        if !is_key_name(name) {
            return Err(bad(VkeyFault::Name));
        }
        let key = crate::seal::keys::public_from_bytes(key.as_bytes()).map_err(|f| bad(VkeyFault::Key(f)))?;
        Ok(Vkey { name: name.to_string(), kind, key, id: key_id(name, kind, &key) })
    }

    /// Reads a vkey of the type `kind`: three parts, the name valid, the key id 8 hex digits and
    /// the one the name, type and key give, the key 32 bytes on the curve and not weak.
    pub fn parse(text: &str, kind: KeyType) -> Result<Vkey, Refusal> {
        let bad = |fault| Refusal::BadVkey { vkey: shown(text), fault };
        // The base64 key may hold `+` itself: the name and the key id end at the first two.
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad(VkeyFault::NotThreeParts));
        };
        if !is_key_name(name) {
            return Err(bad(VkeyFault::Name));
        }
        let given = (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(id, 16).ok())
            .flatten()
            .ok_or_else(|| bad(VkeyFault::KeyIdNotHex))?;
        let bytes = BASE64.decode(key).map_err(|_| bad(VkeyFault::NotBase64))?;
        let Some((&found, rest)) = bytes.split_first() else { return Err(bad(VkeyFault::Length { bytes: 0 })) };
        if found != kind.byte() {
            return Err(bad(VkeyFault::Type { found, expected: kind.byte() }));
        }
        let raw: [u8; 32] = rest.try_into().map_err(|_| bad(VkeyFault::Length { bytes: rest.len() }))?;
        let key = crate::seal::keys::public_from_bytes(&raw).map_err(|f| bad(VkeyFault::Key(f)))?;
        let computed = key_id(name, kind, &key);
        if computed != given {
            let (given, computed) = (format!("{given:08x}"), format!("{computed:08x}"));
            return Err(bad(VkeyFault::KeyIdDiffers { given, computed }));
        }
        Ok(Vkey { name: name.to_string(), kind, key, id: computed })
    }

    /// [`Vkey::parse`], also as contract §3 writes a key on the command line: `NAME=VKEY`, where
    /// NAME must be the vkey's own name (a log's origin, a witness's name); otherwise the text is
    /// read as a vkey, and refused as one.
    pub fn parse_named(text: &str, kind: KeyType) -> Result<Vkey, Refusal> {
        let named = text.split_once('=').and_then(|(name, v)| Vkey::parse(v, kind).ok().filter(|v| v.name() == name));
        match named {
            Some(v) => Ok(v),
            None => Vkey::parse(text, kind),
        }
    }

    /// The key's name: a log's origin, a witness's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the key signs.
    pub fn kind(&self) -> KeyType {
        self.kind
    }

    /// The Ed25519 public key.
    pub fn key(&self) -> &VerifyingKey {
        &self.key
    }

    /// The key id.
    pub fn key_id(&self) -> u32 {
        self.id
    }
}

impl fmt::Display for Vkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = BASE64.encode([&[self.kind.byte()][..], self.key.as_bytes()].concat());
        write!(f, "{}+{:08x}+{key}", self.name, self.id)
    }
}

/// A vkey checks a note's signatures with `verify_strict`: a log's key over the note's text, a
/// witness's key over [`cosigned_message`] (its 8-byte timestamp read from the signature's head).
impl signed_note::Verifier for Vkey {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self.kind {
            KeyType::Log => strict(&self.key, msg, sig),
            KeyType::Cosignature => {
                split_timestamp(sig).is_ok_and(|(time, sig)| strict(&self.key, &cosigned_message(msg, time), sig))
            }
        }
    }
}

fn strict(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
    key.verify_strict(msg, &Signature::from_bytes(&sig)).is_ok()
}

/// A cosignature's 72 bytes (after the key id) as its timestamp and its 64-byte signature.
fn split_timestamp(sig: &[u8]) -> Result<(u64, &[u8]), CosignatureFault> {
    if sig.len() != 72 {
        return Err(CosignatureFault::Length { bytes: sig.len() + 4 });
    }
    let (time, sig) = sig.split_at(8);
    let time = u64::from_be_bytes(time.try_into().map_err(|_| CosignatureFault::Length { bytes: 76 })?);
    if time > MAX_TIMESTAMP {
        return Err(CosignatureFault::TimestampTooLarge);
    }
    Ok((time, sig))
}

/// The message an Ed25519 cosignature at `timestamp` signs: `cosignature/v1`, `time <T>` (decimal,
/// no leading zero), each ending in a newline, then the checkpoint's text (the note's text with
/// its final newline, without the blank line and the signatures).
pub fn cosigned_message(checkpoint_text: &[u8], timestamp: u64) -> Vec<u8> {
    let mut m = format!("{COSIGNATURE_V1}\ntime {timestamp}\n").into_bytes();
    m.extend_from_slice(checkpoint_text);
    m
}

/// A witness's signing side: its name and its Ed25519 key.
pub struct Cosigner {
    vkey: Vkey,
    secret: SigningKey,
}

impl Cosigner {
    /// A witness named `name` signing with `secret`.
    pub fn new(name: &str, secret: SigningKey) -> Result<Cosigner, Refusal> {
        Ok(Cosigner { vkey: Vkey::new(name, KeyType::Cosignature, secret.verifying_key())?, secret })
    }

    /// Its vkey (type 0x04), to give to the logs and clients that trust it.
    pub fn vkey(&self) -> &Vkey {
        &self.vkey
    }

    /// The cosignature line of a checkpoint's text at `timestamp` (seconds since the epoch, at
    /// most [`MAX_TIMESTAMP`]): `— <name> base64(key id ‖ timestamp ‖ signature)` and a newline.
    pub fn cosign(&self, checkpoint_text: &[u8], timestamp: u64) -> Result<String, Refusal> {
        if timestamp > MAX_TIMESTAMP {
            let fault = CosignatureFault::TimestampTooLarge;
            return Err(Refusal::BadCosignature { witness: self.vkey.name.clone(), fault });
        }
        let sig = self.secret.sign(&cosigned_message(checkpoint_text, timestamp));
        let bytes = [&self.vkey.id.to_be_bytes()[..], &timestamp.to_be_bytes(), &sig.to_bytes()].concat();
        Ok(format!("— {} {}\n", self.vkey.name, BASE64.encode(bytes)))
    }
}

/// Checks one signature line (with or without its newline) as `witness`'s cosignature of a
/// checkpoint's text; gives its timestamp. A line of another key is [`CosignatureFault::OtherKey`].
pub fn verify_cosignature(witness: &Vkey, checkpoint_text: &[u8], line: &str) -> Result<u64, Refusal> {
    let bad = |fault| Refusal::BadCosignature { witness: witness.name.clone(), fault };
    let line = line.strip_suffix('\n').unwrap_or(line);
    let sig =
        signed_note::Signature::from_bytes(line.as_bytes()).map_err(|_| bad(CosignatureFault::NotASignatureLine))?;
    if witness.kind != KeyType::Cosignature || sig.name() != witness.name || sig.id() != witness.id {
        return Err(bad(CosignatureFault::OtherKey));
    }
    let (time, raw) = split_timestamp(sig.signature()).map_err(bad)?;
    if !strict(&witness.key, &cosigned_message(checkpoint_text, time), raw) {
        return Err(bad(CosignatureFault::DoesNotVerify));
    }
    Ok(time)
}

/// A checkpoint as a signed note: its text (origin, size, root hash, extension lines) and its
/// signature lines, none of them checked yet.
#[derive(Debug)]
pub struct SignedCheckpoint {
    note: Note,
    origin: String,
    size: u64,
    root: Hash,
}

impl SignedCheckpoint {
    /// Reads a note whose text is a checkpoint ([`RequestFault::NotANote`],
    /// [`RequestFault::NotACheckpoint`] otherwise).
    pub fn parse(bytes: &[u8]) -> Result<SignedCheckpoint, RequestFault> {
        let note = Note::from_bytes(bytes).map_err(|_| RequestFault::NotANote)?;
        let cp = tlog_tiles::Checkpoint::from_bytes(note.text()).map_err(|_| RequestFault::NotACheckpoint)?;
        let (origin, size, root) = (cp.origin().to_string(), cp.size(), *cp.hash());
        Ok(SignedCheckpoint { note, origin, size, root })
    }

    /// The log's origin (the first line).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The tree's size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The tree's root hash.
    pub fn root(&self) -> Hash {
        self.root
    }

    /// The note's text: what the log signs, and what a cosignature signs after its two lines.
    pub fn text(&self) -> &[u8] {
        self.note.text()
    }

    /// The note as it was read: text, blank line, every signature line.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.note.to_bytes()
    }

    /// Checks the log's signature by `keys` (the log's vkeys, type 0x01): at least one of them
    /// signed, and every signature line of one of them verifies (`verify_strict`); lines of other
    /// keys are ignored. Gives the verified lines (each once). [`Refusal::BadLogSignature`]
    /// otherwise (c2sp.org/tlog-witness answers it `403`).
    pub fn verify_log(&self, keys: &[Vkey]) -> Result<Vec<String>, Refusal> {
        let bad = || Refusal::BadLogSignature { origin: self.origin.clone() };
        let mut verified: Vec<String> = Vec::new();
        for line in self.note_lines() {
            let Some((key, sig)) = keys.iter().filter(|k| k.kind == KeyType::Log).find_map(|k| signed_by(&line, k))
            else {
                continue;
            };
            if !strict(&key.key, self.text(), &sig) {
                return Err(bad());
            }
            if !verified.contains(&line) {
                verified.push(line);
            }
        }
        if verified.is_empty() { Err(bad()) } else { Ok(verified) }
    }

    /// The cosignatures it carries of `witnesses` (vkeys of type 0x04), each checked: the index
    /// in `witnesses` and the timestamp of each witness that cosigned (once each, in the order
    /// given). A line of a known witness that fails refuses the whole note (c2sp.org/signed-note);
    /// lines of other keys are ignored.
    pub fn cosigned_by(&self, witnesses: &[Vkey]) -> Result<Vec<(usize, u64)>, Refusal> {
        let mut out = Vec::new();
        for (i, w) in witnesses.iter().enumerate().filter(|(_, w)| w.kind == KeyType::Cosignature) {
            let mine = self.note_lines().filter(|l| line_is_of(l, w));
            let mut first = None;
            for line in mine {
                let time = verify_cosignature(w, self.text(), &line)?;
                first.get_or_insert(time);
            }
            if let Some(time) = first
                && !out.iter().any(|&(j, _)| witnesses[j] == *w)
            {
                out.push((i, time));
            }
        }
        Ok(out)
    }

    /// The note with `lines` (signature lines, each ending in a newline) after its own: a
    /// checkpoint with its witnesses' cosignatures.
    pub fn with_lines(&self, lines: &[String]) -> Vec<u8> {
        let mut out = self.to_bytes();
        for l in lines {
            out.extend_from_slice(l.as_bytes());
        }
        out
    }

    /// Every signature line of the note, each ending in a newline.
    fn note_lines(&self) -> impl Iterator<Item = String> + '_ {
        let all = self.to_bytes();
        let start = self.text().len() + 1;
        let sigs = String::from_utf8_lossy(all.get(start..).unwrap_or_default()).into_owned();
        sigs.lines().map(|l| format!("{l}\n")).collect::<Vec<_>>().into_iter()
    }
}

/// Whether a signature line names `key` (its name and key id).
fn line_is_of(line: &str, key: &Vkey) -> bool {
    signed_by(line, key).is_some()
}

/// The key and the signature bytes (after the key id) of a signature line that names `key`.
fn signed_by<'k>(line: &str, key: &'k Vkey) -> Option<(&'k Vkey, Vec<u8>)> {
    let l = line.strip_suffix('\n').unwrap_or(line);
    let s = signed_note::Signature::from_bytes(l.as_bytes()).ok()?;
    (s.name() == key.name && s.id() == key.id).then(|| (key, s.signature().to_vec()))
}

/// Text from a client (a vkey, an origin) as a refusal repeats it: escaped, cut to a length.
pub(crate) fn shown(text: &str) -> String {
    let escaped: String = text.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() <= VKEY_SHOWN {
        return escaped;
    }
    let mut cut: String = escaped.chars().take(VKEY_SHOWN - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests;
