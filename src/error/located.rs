//! Problems at a place in a file: a manifest, a box file or a register names the line and the field
//! of each, and what is wrong as a [`Problem`]. Their words are `crate::words::refusal`'s
//! (`file:line: field: what`, one problem a line); `Display` is the English.

use std::path::Path;

use super::problem::Problem;

/// One problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field, e.g. `contest[1] "chair".seats` (may be empty).
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedErrors {
    /// The file, as the user named it.
    pub file: String,
    /// The problems, in the order found.
    pub problems: Vec<Located>,
}

impl LocatedErrors {
    /// A single problem.
    pub fn one(file: &Path, line: Option<usize>, field: &str, problem: Problem) -> Self {
        LocatedErrors {
            file: file.display().to_string(),
            problems: vec![Located { line, field: field.to_string(), problem }],
        }
    }
}
