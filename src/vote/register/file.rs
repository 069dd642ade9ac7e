//! The one place a register file (`people.toml`) is read: its bytes as given — a bundle keeps them
//! — and the register they validate to; for a vote, also checked against its manifest.

use std::path::Path;

use super::for_vote::check_register;
use super::model::Register;
use crate::error::{Error, LocatedErrors, Problem};
use crate::vote::manifest::Election;

/// The largest register read, in bytes.
pub const MAX_REGISTER_BYTES: u64 = 4 << 20;

/// Reads and validates a register file, with its bytes as given.
pub fn read(path: &Path) -> Result<(Register, Vec<u8>), Error> {
    let bytes = crate::files::read_limited(path, MAX_REGISTER_BYTES)?;
    let text = std::str::from_utf8(&bytes).map_err(|err| {
        let line = bytes[..err.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::Register(LocatedErrors::one(path, Some(line), "", Problem::NotUtf8))
    })?;
    let r = Register::from_toml(text, path)?;
    Ok((r, bytes))
}

impl Register {
    /// Reads and validates a register file.
    pub fn load(path: &Path) -> Result<Register, Error> {
        read(path).map(|(r, _)| r)
    }
}

/// Reads a register for a vote (`--register`): validated, checked against the manifest
/// ([`check_register`]); with its bytes, which a bundle keeps as given.
pub fn load_register(path: &Path, e: &Election) -> Result<(Register, Vec<u8>), Error> {
    let (r, bytes) = read(path)?;
    check_register(e, &r, path)?;
    Ok((r, bytes))
}
