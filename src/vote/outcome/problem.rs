//! What can be wrong with an outcome read from a file ([`super::StatedOutcome::check`]): the typed
//! problems are `error/`'s ([`OutcomeProblem`]), their words `words/`'s.

use std::path::Path;

pub use crate::error::outcome::{ManifestPart, OutcomeProblem, Total};
use crate::error::{Error, MalformedFile};

impl OutcomeProblem {
    /// The problem as the error of the file it was read from.
    pub fn in_file(self, path: &Path) -> Error {
        Error::Malformed { path: path.display().to_string(), problem: MalformedFile::Inconsistent(self) }
    }
}
