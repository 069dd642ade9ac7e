//! The words of every refusal and error, in Chinese and in English.
//!
//! Takes in the typed values of `crate::error` — a [`Refusal`], an [`Error`], the defects a
//! refusal names, the small kinds they carry — and gives out their sentences: `zh()` and `en()` on
//! each, and `Display`, which is the English (as the logs, the collector's JSON and the tests read
//! it). Each catalogue is one exhaustive match whose arms hold both languages side by side, so a
//! new variant does not compile until someone writes its two sentences.
//!
//! - [`refusals`]: every refusal.
//! - [`defects`]: counts that do not fit, a store that fails its log, a broken hash chain.
//! - [`errors`]: the frame of every error (its file, its kind of failure).
//! - [`problems`]: what is wrong at a place in a file (a manifest, a register, a box file, a
//!   ballot line), and what an outcome read from a file gets wrong.
//! - [`faults`]: bad usage, boxes that do not fit, a key file, a store, a malformed file.
//! - [`kinds`]: what a path or a piece of evidence is, which further round, why a read failed.
//! - [`qr`]: a signed result carried as QR codes: an image without one, codes mixed or missing.
//! - [`witness`]: what a vkey, a cosignature or a request to a witness gets wrong.

mod defects;
mod errors;
mod faults;
mod kinds;
mod problems;
mod qr;
mod refusals;
#[cfg(test)]
mod tests;
mod witness;

use std::fmt;

use crate::error::{
    BoxesProblem, ChainDefect, CountsProblem, Error, Evidence, FileKind, FurtherRound, KeyFault, KeyFileProblem,
    LocatedErrors, LogDefect, MalformedFile, NameError, OutcomeProblem, Problem, QrProblem, Refusal, StoreProblem,
    Usage,
};

/// One sentence in both languages, as an arm of a catalogue writes it.
struct Said {
    zh: String,
    en: String,
}

impl Said {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Said {
        Said { zh: zh.into(), en: en.into() }
    }
}

/// `zh()` and `en()` of a type from its catalogue function.
macro_rules! both_languages {
    ($ty:ty, $said:expr) => {
        impl $ty {
            /// The Chinese sentence.
            pub fn zh(&self) -> String {
                $said(self).zh
            }

            /// The English sentence.
            pub fn en(&self) -> String {
                $said(self).en
            }

            /// The sentence in `lang`.
            pub fn said_in(&self, lang: crate::words::Lang) -> String {
                match lang {
                    crate::words::Lang::Zh => self.zh(),
                    crate::words::Lang::En => self.en(),
                }
            }
        }
    };
}

both_languages!(Refusal, refusals::said);
both_languages!(Error, errors::said);
both_languages!(CountsProblem, defects::counts_said);
both_languages!(LogDefect, defects::log_said);
both_languages!(ChainDefect, defects::chain_said);
both_languages!(FileKind, |k: &FileKind| kinds::file_kind_said(*k));
both_languages!(Evidence, |e: &Evidence| kinds::evidence_said(*e));
both_languages!(FurtherRound, |r: &FurtherRound| kinds::round_said(*r));
both_languages!(Problem, problems::said);
both_languages!(OutcomeProblem, problems::outcome_said);
both_languages!(KeyFault, |k: &KeyFault| problems::key_fault_said(*k));
both_languages!(NameError, |e: &NameError| problems::said(&Problem::Name(e.clone())));
both_languages!(LocatedErrors, errors::located);
both_languages!(Usage, faults::usage_said);
both_languages!(BoxesProblem, faults::boxes_said);
both_languages!(KeyFileProblem, faults::key_file_said);
both_languages!(StoreProblem, faults::store_said);
both_languages!(MalformedFile, faults::malformed_said);
both_languages!(QrProblem, qr::said);

/// `Display` is the English sentence.
macro_rules! display_in_english {
    ($($ty:ty),*) => {
        $(impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.en())
            }
        })*
    };
}

display_in_english!(
    Refusal,
    Error,
    FileKind,
    LocatedErrors,
    Problem,
    OutcomeProblem,
    KeyFault,
    NameError,
    Usage,
    QrProblem
);

/// A ballot line's error: `field: what`, or `what` alone.
fn line_error_said(e: &crate::vote::ballot::LineError) -> Said {
    let what = problems::said(&e.problem);
    if e.field.is_empty() {
        return what;
    }
    Said::new(format!("{}：{}", e.field, what.zh), format!("{}: {}", e.field, what.en))
}

both_languages!(crate::vote::ballot::LineError, line_error_said);
display_in_english!(crate::vote::ballot::LineError);
