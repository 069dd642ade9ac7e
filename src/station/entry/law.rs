//! What the law will do with a ballot typed at the screen, asked of the law itself: the decoder the
//! count uses judges the ballot line ([`crate::vote::ballot`], [ZJE27; CPC]) and says where it
//! found fault ([`Decoder::faults`]). No rule of validity is written here.

use crate::station::table::{self, LineRefused};
use crate::vote::ballot::{BallotBatch, BallotVerdict, InvalidReason, Schema};
use crate::vote::manifest::Election;
use crate::words::Lang;
use crate::words::entry::EntrySays;

/// The law's word on a ballot line: whether the whole ballot is void, and every fault by post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Judged {
    /// The ballot will be counted as invalid (else only the posts at fault count nothing).
    pub void: bool,
    /// Each post at fault, by its place in the manifest, with the reason.
    pub faults: Vec<(usize, InvalidReason)>,
}

impl Judged {
    /// Whether the law voids anything of the ballot.
    pub fn faulty(&self) -> bool {
        self.void || !self.faults.is_empty()
    }

    /// The reasons found in post `i`.
    pub fn in_post(&self, i: usize) -> impl Iterator<Item = InvalidReason> + '_ {
        self.faults.iter().filter(move |(p, _)| *p == i).map(|(_, r)| *r)
    }

    /// The first post at fault.
    pub fn first_post(&self) -> Option<usize> {
        self.faults.first().map(|(p, _)| *p)
    }

    /// The faults in words, posts named by their office: a fault inside a post on its own
    /// (`副主任多选`), the same person in two posts once for all the posts concerned
    /// (`主任、委员一人多职`).
    pub fn said(&self, e: &Election, lang: Lang) -> String {
        let office = |i: usize| e.contests()[i].office.as_str();
        let mut groups: Vec<(Vec<&str>, InvalidReason)> = Vec::new();
        let mut cross: Vec<&str> = Vec::new();
        for &(i, r) in &self.faults {
            match r {
                InvalidReason::CrossPost => cross.push(office(i)),
                _ => groups.push((vec![office(i)], r)),
            }
        }
        if !cross.is_empty() {
            groups.push((cross, InvalidReason::CrossPost));
        }
        lang.faults(&groups)
    }

    /// The question asked before a ballot the law voids is saved.
    pub fn ask(&self, e: &Election, lang: Lang) -> String {
        let faults = &self.said(e, lang);
        lang.format(if self.void { EntrySays::VoidAsk { faults } } else { EntrySays::PartVoidAsk { faults } })
    }

    /// The note shown when Enter leaves a post and the ballot so far is at fault.
    pub fn note(&self, e: &Election, lang: Lang) -> String {
        let faults = &self.said(e, lang);
        lang.format(if self.void { EntrySays::VoidNote { faults } } else { EntrySays::PartVoidNote { faults } })
    }
}

/// Judges a ballot line as the count will: refused as the table refuses a line (too long, not a
/// ballot of this manifest), or the law's verdict and where it found fault.
pub(super) fn judge(e: &Election, line: &str) -> Result<Judged, LineRefused> {
    let schema = Schema::new(e);
    let verdict = table::check_line(&schema, line.as_bytes())?;
    let mut decoder = schema.decoder();
    decoder.decode(line.as_bytes(), &mut BallotBatch::new(schema.layout())).map_err(LineRefused::NotABallot)?;
    Ok(Judged { void: matches!(verdict, BallotVerdict::Invalid(_)), faults: decoder.faults() })
}
