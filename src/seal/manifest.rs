//! The manifest as every command reads it: its exact bytes and the election they validate to, with
//! every station's and monitor's key checked on the curve. One loader, so that the bytes validated
//! are the bytes hashed, stored in a journal and put in a bundle.

use std::path::Path;

use crate::error::{Error, LocatedErrors, Problem};
use crate::files::read_limited;
use crate::seal::keys;
use crate::vote::manifest::{Election, MAX_MANIFEST_BYTES};

/// A manifest read once: its text, byte for byte, and the validated election.
#[derive(Debug, Clone)]
pub struct Manifest {
    text: String,
    election: Election,
}

impl Manifest {
    /// Reads a manifest file (at most [`MAX_MANIFEST_BYTES`], UTF-8) and validates it.
    pub fn load(path: &Path) -> Result<Manifest, Error> {
        Manifest::from_text(Manifest::read_text(path)?, path)
    }

    /// A manifest file's text (at most [`MAX_MANIFEST_BYTES`], UTF-8), not yet validated.
    pub fn read_text(path: &Path) -> Result<String, Error> {
        let bytes = read_limited(path, MAX_MANIFEST_BYTES)?;
        String::from_utf8(bytes).map_err(|e| {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::Manifest(LocatedErrors::one(path, Some(line), "", Problem::NotUtf8))
        })
    }

    /// Validates a manifest's text; `name` names it in errors.
    pub fn from_text(text: String, name: &Path) -> Result<Manifest, Error> {
        let election = Election::from_toml_with(&text, name, keys::key_problem)?;
        Ok(Manifest { text, election })
    }

    /// The validated election.
    pub fn election(&self) -> &Election {
        &self.election
    }

    /// The manifest's text, exactly as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The election, giving up the text.
    pub fn into_election(self) -> Election {
        self.election
    }
}
