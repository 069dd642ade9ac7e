//! Problems found in a TOML file the law reads (a manifest, a village register), each with its line
//! and field: validation goes on after the first, so an official fixes a file in one pass.
//!
//! Takes in the file's text and the spans its tables were read at; gives out every problem as the
//! file's [`LocatedErrors`], or nothing.

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Located, LocatedErrors, Problem};
use crate::vote::manifest::is_item_id;
use crate::vote::name;

/// Parses a TOML file's text into `T`; a syntax error, or a value of the wrong type, is the one
/// problem of `file` (`wrap` chooses the kind), with its line.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &Path,
    wrap: fn(LocatedErrors) -> Error,
) -> Result<T, Error> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_at(text, s.start));
        wrap(LocatedErrors::one(file, line, "", Problem::Syntax { detail: e.message().to_string() }))
    })
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Collects problems with their lines.
pub(crate) struct Problems<'a> {
    text: &'a str,
    list: Vec<Located>,
}

impl<'a> Problems<'a> {
    /// No problem yet, in a file of this text.
    pub(crate) fn new(text: &'a str) -> Self {
        Problems { text, list: Vec::new() }
    }

    /// The problems found, as the error of `file` (`wrap` chooses the kind), if any.
    pub(crate) fn into_result(self, file: &Path, wrap: fn(LocatedErrors) -> Error) -> Result<(), Error> {
        if self.list.is_empty() {
            return Ok(());
        }
        Err(wrap(LocatedErrors { file: file.display().to_string(), problems: self.list }))
    }

    /// The line a span starts on.
    fn line_of(&self, span: &Range<usize>) -> usize {
        line_at(self.text, span.start)
    }

    /// Checks the id of a post's candidate, a station or a register's person ([`is_item_id`]);
    /// `at` names the entry.
    pub(crate) fn item_id(&mut self, span: &Range<usize>, at: impl std::fmt::Display, id: &str) {
        if !is_item_id(id) {
            self.add(span, format!("{at}.id"), Problem::ItemId);
        }
    }

    /// A person's name in the form the law compares; a refused one is reported and kept as written.
    pub(crate) fn name(&mut self, span: &Range<usize>, at: &str, raw: &str) -> String {
        match name::checked(raw) {
            Ok(n) => n.into_owned(),
            Err(err) => {
                self.add(span, format!("{at}.name"), Problem::Name(err));
                raw.to_string()
            }
        }
    }

    /// A year of birth, if given: 1900–2100.
    pub(crate) fn born(&mut self, span: &Range<usize>, at: &str, born: Option<u16>) {
        if let Some(b) = born
            && !(1900..=2100).contains(&b)
        {
            self.add(span, format!("{at}.born"), Problem::Born { year: b });
        }
    }

    /// One problem, at the line `span` starts on.
    pub(crate) fn add(&mut self, span: &Range<usize>, field: impl Into<String>, problem: Problem) {
        let line = self.line_of(span);
        self.list.push(Located { line: Some(line), field: field.into(), problem });
    }
}
