//! Ed25519 keys of stations, monitors and the township: key files, generation from the operating
//! system's random source, and public keys as the manifest writes them (64 hex characters), with
//! weak (small-order) keys refused.

use std::path::Path;

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{Error, KeyFileProblem, Usage};
use crate::files::read_limited;

/// The first line of a secret key file.
const KEY_FILE_HEADER: &str = "zheng ed25519 secret key v1";

/// Why a public key was refused (a value of `error/`; its words are `words/`'s).
pub use crate::error::KeyFault as KeyError;

/// Parses and checks a public key written in hex.
pub fn parse_public(hex_key: &str) -> Result<VerifyingKey, KeyError> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key.trim(), &mut bytes).map_err(|_| KeyError::Syntax)?;
    public_from_bytes(&bytes)
}

/// What is wrong with a public key as a manifest writes it, if anything: not 64 hex characters, not
/// a point of the curve, a weak (small-order) key, or not in lower case. The check every manifest
/// read by a command goes through ([`crate::seal::manifest::Manifest`]).
pub fn key_problem(hex_key: &str) -> Option<KeyError> {
    match parse_public(hex_key) {
        Err(err) => Some(err),
        Ok(_) => crate::vote::manifest::lower_case_hex(hex_key),
    }
}

/// Checks a public key given as bytes.
pub fn public_from_bytes(bytes: &[u8; 32]) -> Result<VerifyingKey, KeyError> {
    let k = VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::NotAPoint)?;
    if k.is_weak() {
        return Err(KeyError::Weak);
    }
    Ok(k)
}

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey, Error> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Usage(Usage::NoRandomSource { detail: e.to_string() }))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes a new key file, mode 0600; refuses to overwrite an existing file (a lost key cannot be
/// recovered, and a replaced one would no longer match the manifest).
pub fn write_new(path: &Path, key: &SigningKey) -> Result<(), Error> {
    let text = format!("{KEY_FILE_HEADER}\n{}\n", hex::encode(key.to_bytes()));
    crate::files::write_new(path, text.as_bytes(), 0o600)
}

/// Reads a key file.
pub fn load(path: &Path) -> Result<SigningKey, Error> {
    let bad = |problem: KeyFileProblem| Error::Key { path: path.display().to_string(), problem };
    let bytes = read_limited(path, 4096)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(bad(KeyFileProblem::ReadableByOthers { mode: mode & 0o777 }));
        }
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| bad(KeyFileProblem::NotAKeyFile))?;
    let mut lines = text.lines();
    if lines.next() != Some(KEY_FILE_HEADER) {
        return Err(bad(KeyFileProblem::NotMadeByKeygen));
    }
    let mut seed = [0u8; 32];
    let line = lines.next().unwrap_or("").trim();
    hex::decode_to_slice(line, &mut seed).map_err(|_| bad(KeyFileProblem::SeedNotHex))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// A public key in the manifest's hex form.
pub fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_malformed_keys_are_refused() {
        // The identity point and the small-order point of order 2 (y = -1).
        assert_eq!(parse_public(&format!("01{}", "00".repeat(31))), Err(KeyError::Weak));
        assert_eq!(parse_public(&format!("ec{}7f", "ff".repeat(30))), Err(KeyError::Weak));
        assert_eq!(parse_public("abc"), Err(KeyError::Syntax));
        let k = SigningKey::from_bytes(&[7; 32]);
        assert!(parse_public(&public_hex(&k)).is_ok());
    }

    #[test]
    fn key_files_round_trip_and_are_private() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("k");
        let k = generate().unwrap();
        write_new(&p, &k).unwrap();
        assert_eq!(load(&p).unwrap().to_bytes(), k.to_bytes());
        assert!(write_new(&p, &k).is_err(), "never overwrites a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(d.path().join("bad"), "hello\n").unwrap();
        assert!(load(&d.path().join("bad")).is_err());
    }
}
