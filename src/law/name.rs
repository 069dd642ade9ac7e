//! People's names as the law compares them: trimmed and in Unicode NFC, so that the same name typed on
//! two keyboards is the same person [ZJE27].

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Trims white space (including the ideographic space U+3000) and puts the name in NFC.
pub fn normalize(raw: &str) -> Cow<'_, str> {
    let t = raw.trim();
    match is_nfc_quick(t.chars()) {
        IsNormalized::Yes => Cow::Borrowed(t),
        _ => {
            let n: String = t.nfc().collect();
            if n == t { Cow::Borrowed(t) } else { Cow::Owned(n) }
        }
    }
}

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing left after trimming.
    #[error("the name is empty")]
    Empty,
    /// Longer than [`MAX_NAME_CHARS`].
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
    /// A control character (a line break, a tab, …).
    #[error("the name contains a control character")]
    Control,
}

/// Normalizes a name and checks it is one a person could have.
pub fn checked(raw: &str) -> Result<Cow<'_, str>, NameError> {
    let n = normalize(raw);
    if n.is_empty() {
        return Err(NameError::Empty);
    }
    if n.chars().any(char::is_control) {
        return Err(NameError::Control);
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
    fn trims_including_ideographic_space() {
        assert_eq!(normalize("  李四\u{3000}"), "李四");
        assert!(matches!(normalize("李四"), Cow::Borrowed(_)));
    }

    /// ZJE27: the same written-in name is the same person, however it was keyed.
    #[test]
    fn nfc() {
        // "é" decomposed and composed.
        assert_eq!(normalize("Re\u{301}n"), normalize("R\u{e9}n"));
        // CJK compatibility ideograph U+F900 (豈) normalizes to U+8C48.
        assert_eq!(normalize("\u{F900}"), "\u{8C48}");
    }

    #[test]
    fn refuses() {
        assert_eq!(checked("  "), Err(NameError::Empty));
        assert_eq!(checked("a\nb"), Err(NameError::Control));
        assert_eq!(checked(&"王".repeat(65)), Err(NameError::TooLong));
        assert_eq!(checked(" 王五 ").unwrap(), "王五");
    }
}
