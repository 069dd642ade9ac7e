//! People's names as the law compares them, so that the same name typed on two keyboards is the
//! same person and two names that look alike are never two people [ZJE27]. The policy (RULES.md,
//! "Names"):
//!
//! - a name is put in Unicode NFKC: full-width ＡＢ is AB, the Kangxi radical ⼀ is 一, a
//!   compatibility ideograph is its unified ideograph;
//! - every space of any kind is removed, at the ends and inside (Chinese names carry none, so 蓝 国平
//!   and 蓝国平 are one person, and an ideographic space typed by a tallier changes nothing);
//! - a name holding a character nobody can see or that reorders the text — control characters (Cc),
//!   format characters (Cf: zero-width space and joiner, BOM, soft hyphen, the bidi controls),
//!   line and paragraph separators (Zl, Zp), private-use (Co) and unassigned code points (Cn), and
//!   variation selectors — is refused: counting it as another person would split a vote, and folding
//!   it silently would hide what was written.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Puts a name in the form the law compares: NFKC, with every space removed.
pub(crate) fn normalize(raw: &str) -> Cow<'_, str> {
    let folded = nfkc(raw);
    if !folded.chars().any(char::is_whitespace) {
        return folded;
    }
    Cow::Owned(folded.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The first step of [`normalize`] alone: NFKC, spaces kept (the ideographic space becomes an ASCII
/// one). For text that holds more than one name, such as what a tallier types for a post, to be read
/// as a name is read — full-width `１` is `1`, `，` is `,` — before it is split.
pub fn nfkc(raw: &str) -> Cow<'_, str> {
    match is_nfkc_quick(raw.chars()) {
        IsNormalized::Yes => Cow::Borrowed(raw),
        _ => Cow::Owned(raw.nfkc().collect()),
    }
}

/// Why a name was refused (a value of `error/`, where every refusal is; its words are
/// `words/`'s).
pub use crate::error::NameError;

/// Whether a character may stand in a name: not a control, format, separator, private-use or
/// unassigned code point, nor a variation selector.
fn refused(c: char) -> Option<NameError> {
    use GeneralCategory::*;
    let variation_selector = matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180F}');
    match get_general_category(c) {
        Control => Some(NameError::Control),
        Format | LineSeparator | ParagraphSeparator | PrivateUse | Unassigned => Some(NameError::Invisible(c as u32)),
        _ if variation_selector => Some(NameError::Invisible(c as u32)),
        _ => None,
    }
}

/// Checks a name as written and puts it in the form the law compares.
pub fn checked(raw: &str) -> Result<Cow<'_, str>, NameError> {
    if let Some(e) = raw.chars().find_map(refused) {
        return Err(e);
    }
    let n = normalize(raw);
    if n.is_empty() {
        return Err(NameError::Empty);
    }
    if n.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::TooLong);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_of_every_kind_go() {
        assert_eq!(normalize("  李四\u{3000}"), "李四");
        assert_eq!(normalize("蓝 国平"), "蓝国平");
        assert_eq!(normalize("蓝\u{3000}国平"), "蓝国平");
        assert_eq!(normalize("蓝\u{00A0}国平"), "蓝国平");
        assert!(matches!(normalize("李四"), Cow::Borrowed(_)));
    }

    /// ZJE27: the same written-in name is the same person, however it was keyed.
    #[test]
    fn nfkc() {
        // "é" decomposed and composed.
        assert_eq!(normalize("Re\u{301}n"), normalize("R\u{e9}n"));
        // CJK compatibility ideograph U+F900 (豈) normalizes to U+8C48.
        assert_eq!(normalize("\u{F900}"), "\u{8C48}");
        // Full-width Latin, and the Kangxi radical one.
        assert_eq!(normalize("ＡＢ"), "AB");
        assert_eq!(normalize("\u{2F00}"), "一");
    }

    /// NFKC alone keeps the spaces, so that text can still be split where they are.
    #[test]
    fn nfkc_keeps_spaces() {
        assert_eq!(super::nfkc("１\u{3000}２，钟 伟"), "1 2,钟 伟");
        assert!(matches!(super::nfkc("钟 伟"), Cow::Borrowed(_)));
        assert_eq!(normalize(&super::nfkc("钟\u{3000}伟")), normalize("钟\u{3000}伟"));
    }

    #[test]
    fn refuses() {
        assert_eq!(checked("  "), Err(NameError::Empty));
        assert_eq!(checked("a\nb"), Err(NameError::Control));
        assert_eq!(checked(&"王".repeat(65)), Err(NameError::TooLong));
        assert_eq!(checked(" 王五 ").unwrap(), "王五");
    }

    /// The characters that would split 钟明华 into two people, or spoof a sheet line, are refused.
    #[test]
    fn invisible_characters_are_refused() {
        for c in [
            '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{FE0F}', '\u{2028}', '\u{2029}', '\u{202E}', '\u{2066}',
            '\u{E000}', '\u{0378}',
        ] {
            let name = format!("钟明华{c}");
            assert!(matches!(checked(&name), Err(NameError::Invisible(_) | NameError::Control)), "U+{:04X}", c as u32);
        }
    }
}
