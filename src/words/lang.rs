//! The two languages Zheng speaks, how a key of the catalogue is read in one of them, and the
//! punctuation that differs between them.

use std::fmt;
use std::str::FromStr;

/// The language of everything Zheng shows people: the sheet, the reports, the boards, the entry
/// screen, the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A fixed phrase of a domain, in both languages (declared with `phrases!`).
pub trait Phrase: Copy + 'static {
    /// Every key of the domain, in the order declared.
    const ALL: &'static [Self];
    /// The Chinese.
    fn zh(self) -> &'static str;
    /// The English.
    fn en(self) -> &'static str;
}

/// A sentence with values in it, in both languages (declared with `sentences!`).
pub trait Sentence {
    /// The Chinese.
    fn zh(&self) -> String;
    /// The English.
    fn en(&self) -> String;
}

impl Lang {
    /// A fixed phrase in this language.
    pub fn say<P: Phrase>(self, p: P) -> &'static str {
        match self {
            Lang::Zh => p.zh(),
            Lang::En => p.en(),
        }
    }

    /// A sentence in this language, its values put in.
    pub fn format(self, s: impl Sentence) -> String {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    /// The Chinese or the English: for the catalogue's own modules only, which name the two side
    /// by side where a typed value of another stage is the key.
    pub(in crate::words) fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Between the items of a list of names: `、` / `, `.
    pub fn list_sep(self) -> &'static str {
        self.t("、", ", ")
    }

    /// Between the clauses of a sentence: `；` / `; `.
    pub fn clause_sep(self) -> &'static str {
        self.t("；", "; ")
    }

    /// After a heading that introduces a list: `：` / `:`.
    pub fn colon(self) -> &'static str {
        self.t("：", ":")
    }

    /// Between the parts of a list of counts: `，` / `, `.
    pub fn comma(self) -> &'static str {
        self.t("，", ", ")
    }

    /// Words in parentheses after a name: `（…）` / ` (…)`.
    pub fn in_parens(self, inner: &str) -> String {
        match self {
            Lang::Zh => format!("（{inner}）"),
            Lang::En => format!(" ({inner})"),
        }
    }

    /// The page's `lang` attribute: `zh-CN` or `en`.
    pub fn html_code(self) -> &'static str {
        self.t("zh-CN", "en")
    }
}

/// A language Zheng does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a language Zheng speaks (zh, en)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// `zh` or `en`.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
    }
}
