//! The language of what people read, kept at this path for the callers that name it here: the
//! words themselves are in [`crate::words`], the one book of words.

pub use crate::words::{Lang, UnknownLang, Word};
