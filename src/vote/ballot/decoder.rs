//! One ballot line decoded into a batch: read by the fast path or serde's reader, judged, and added
//! — appended if valid, counted by reason if invalid — with its canonical record when asked.

use serde::de::DeserializeSeed;

use super::batch::BallotBatch;
use super::invalid::InvalidReason;
use super::records::RecordCounts;
use super::schema::Schema;
use super::scratch::{NamedPerson, Post, Scratch};
use super::seeds::{LineSeed, json_problem};
use super::{fast, record, validity};
use crate::error::Problem;

/// An input error in a ballot line: the field and what is wrong. Counts nothing. Its words are
/// `words/`'s (`Display`: the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The field, e.g. `chair[1]`.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What a ballot line decoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotVerdict {
    /// Valid; appended to the batch.
    Valid,
    /// Invalid, for this reason; counted in the batch.
    Invalid(InvalidReason),
}

/// Decodes ballot lines of one election into a batch.
#[derive(Debug)]
pub struct Decoder<'s, 'e> {
    schema: &'s Schema<'e>,
    s: Scratch,
    /// Try the fast path first.
    fast: bool,
}

impl<'s, 'e> Decoder<'s, 'e> {
    /// A decoder of `schema`'s ballots; `fast`: try the fast path first.
    pub(super) fn new(schema: &'s Schema<'e>, fast: bool) -> Self {
        Decoder { schema, s: Scratch::new(schema), fast }
    }

    /// Which decoder this is, for the lines a thread knows ([`super::known`]): its schema, and
    /// whether it tries the fast path.
    pub(super) fn identity(&self) -> (u64, bool) {
        (self.schema.id(), self.fast)
    }

    /// Decodes one ballot line (a JSON object) and adds it to `batch`: appended if valid, counted by
    /// reason if invalid. An input error adds nothing.
    pub fn decode(&mut self, line: &[u8], batch: &mut BallotBatch) -> Result<BallotVerdict, LineError> {
        self.s.recording = false;
        self.decode_line(line, batch)
    }

    /// [`Decoder::decode`], and the ballot's canonical record appended to `record`: the ballot
    /// line with posts in manifest order, each post's listed candidates in list order and then its
    /// written-in names (trimmed, NFC) in byte order, empty posts and `"spoiled":false` left out,
    /// compact JSON; duplicates are kept, so an invalid ballot stays invalid. A spoiled ballot is
    /// `{"spoiled":true}`. The record is made from this one decode, never from a second parse.
    pub fn decode_record(
        &mut self,
        line: &[u8],
        batch: &mut BallotBatch,
        record: &mut Vec<u8>,
    ) -> Result<BallotVerdict, LineError> {
        self.s.recording = true;
        let verdict = self.decode_line(line, batch)?;
        record::write(self.schema, &mut self.s, record);
        Ok(verdict)
    }

    /// [`Decoder::decode_record`] with the record counted in `counts`: a plain ballot's by its row
    /// (its record written only the first time the row comes: [`RecordCounts::add_row`]), giving
    /// the row's place; any other's appended to `record`, for the caller to count.
    pub(super) fn decode_counted(
        &mut self,
        line: &[u8],
        batch: &mut BallotBatch,
        (counts, record): (&mut RecordCounts, &mut Vec<u8>),
    ) -> Result<(BallotVerdict, Option<u32>), LineError> {
        self.s.recording = true;
        let verdict = self.decode_line(line, batch)?;
        if verdict == BallotVerdict::Valid && self.s.plain() {
            let (schema, s) = (self.schema, &mut self.s);
            let words = std::mem::take(&mut s.words);
            let at = counts.add_row(&words, |out| record::write(schema, s, out));
            s.words = words;
            return Ok((verdict, Some(at)));
        }
        record::write(self.schema, &mut self.s, record);
        Ok((verdict, None))
    }

    /// Where the law found fault with the last line decoded, whatever the rules' scope (the whole
    /// ballot void, or a post voided on its own): each post, by its place in the manifest, with a
    /// reason found in it — in post order, then in order of precedence. The same person named in
    /// two posts is found in each of them; a ballot void for a fault inside a post is judged no
    /// further, and a spoiled one not at all. None for a valid ballot with no post voided: a
    /// screen says where before it saves, from the law itself.
    pub fn faults(&self) -> Vec<(usize, InvalidReason)> {
        let found = |(c, &Post { defects, .. }): (usize, &Post)| {
            InvalidReason::ALL.into_iter().filter(move |r| defects & r.bit() != 0).map(move |r| (c, r))
        };
        self.s.posts.iter().enumerate().flat_map(found).collect()
    }

    fn decode_line(&mut self, line: &[u8], batch: &mut BallotBatch) -> Result<BallotVerdict, LineError> {
        self.s.reset();
        if !self.fast || fast::parse(self.schema, &mut self.s, line).is_none() {
            // Not a common shape, or something is wrong with it: serde's reader, from a clean
            // slate, says what.
            self.s.reset();
            let mut de = serde_json::Deserializer::from_slice(line);
            let parsed = LineSeed { schema: self.schema, s: &mut self.s }.deserialize(&mut de).and_then(|()| de.end());
            if let Err(e) = parsed {
                return Err(self
                    .s
                    .error
                    .take()
                    .unwrap_or_else(|| LineError { field: String::new(), problem: json_problem(&e) }));
            }
        }
        let verdict = validity::judge(self.schema, &mut self.s);
        match verdict {
            BallotVerdict::Valid if self.s.named.is_empty() => batch.push_plain(&self.s.words),
            BallotVerdict::Valid => {
                let persons = self.schema.election().persons();
                let wi = self.s.named.iter().map(|(who, c)| match who {
                    NamedPerson::Listed(p) => (*c, persons[*p].name.as_str()),
                    NamedPerson::Unlisted(n) => (*c, &**n),
                });
                batch.push_valid(&self.s.words, wi);
            }
            BallotVerdict::Invalid(r) => batch.count_invalid(r),
        }
        Ok(verdict)
    }
}
