//! What was typed in a post, read as a name is read: candidates' numbers and written-in names, or
//! why they make no ballot.

use crate::vote::manifest::Contest;
use crate::vote::model::Style as PostStyle;
use crate::vote::name::{self, NameError};

/// What was typed in a post that makes no ballot: refused on the screen, never saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The post, by its place on the ballot.
    pub post: usize,
    /// The post's office, e.g. 主任.
    pub office: String,
    /// What is wrong.
    pub why: Unreadable,
}

/// Why what was typed in a post is neither candidate numbers nor names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A number that is no candidate's number in the post (its digits, as read: `１２` is 12).
    NoSuchNumber(String),
    /// Only digits and signs, not a number of the post: `-1` in a choose post, `+`, `1-2`.
    NotAName(String),
    /// A name the name policy refuses (RULES.md, "Names").
    Name(NameError),
    /// A name in a post that takes no written-in names.
    NoWriteIn,
}

/// One mark read from what was typed in a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mark {
    /// The listed candidate at this index (approve: a for-mark).
    For(usize),
    /// Approve: against the listed candidate at this index.
    Against(usize),
    /// A written-in name, in the name form.
    Name(String),
}

/// What separates names, once the text is in NFKC (which makes `，` `,` and `；` `;`): the commas
/// and the enumeration comma of a Chinese keyboard, and the semicolon. A space separates numbers
/// only: inside a name it is a slip, removed as the name policy removes it.
const NAME_SEPARATORS: [char; 3] = [',', '、', ';'];

/// Reads what was typed in one post as a name is read (RULES.md, "Names": NFKC first, so full-width
/// digits are digits and the ideographic space is a space): the text is split at
/// [`NAME_SEPARATORS`], each piece into words at spaces; a word that is a number (choose: `N` or
/// `+N`; approve: also `-N`, against) is a candidate's number, and the words between numbers and
/// separators are one name, its spaces removed. A name must hold a letter: one of only digits and
/// signs is refused.
pub(super) fn read_post(c: &Contest, typed: &str) -> Result<Vec<Mark>, Unreadable> {
    let text = name::nfkc(typed);
    let mut marks = Vec::new();
    for piece in text.split(NAME_SEPARATORS) {
        let mut words: Vec<&str> = Vec::new();
        // NFKC made every space of a Chinese or Western keyboard an ASCII one; any other white-space
        // character stays in its word, for the name policy to judge (a line break is refused there).
        for word in piece.split(' ').filter(|w| !w.is_empty()) {
            match number(c, word)? {
                Some(mark) => {
                    written_in(c, &mut words, &mut marks)?;
                    marks.push(mark);
                }
                None => words.push(word),
            }
        }
        written_in(c, &mut words, &mut marks)?;
    }
    Ok(marks)
}

/// A word that is a candidate's number in this post, as a mark; `None` if it is no number.
fn number(c: &Contest, word: &str) -> Result<Option<Mark>, Unreadable> {
    let (against, digits) = match word.as_bytes().first() {
        Some(b'+') => (false, &word[1..]),
        Some(b'-') if c.style == PostStyle::Approve => (true, &word[1..]),
        _ => (false, word),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    match digits.parse::<usize>() {
        Ok(k) if (1..=c.candidates.len()).contains(&k) => {
            Ok(Some(if against { Mark::Against(k - 1) } else { Mark::For(k - 1) }))
        }
        _ => Err(Unreadable::NoSuchNumber(digits.to_string())),
    }
}

/// The words gathered since the last number or separator, as one written-in name.
fn written_in(c: &Contest, words: &mut Vec<&str>, marks: &mut Vec<Mark>) -> Result<(), Unreadable> {
    if words.is_empty() {
        return Ok(());
    }
    let typed = words.join(" ");
    words.clear();
    let n = name::checked(&typed).map_err(Unreadable::Name)?;
    if !n.chars().any(char::is_alphabetic) {
        return Err(Unreadable::NotAName(n.into_owned()));
    }
    if !c.write_in {
        return Err(Unreadable::NoWriteIn);
    }
    marks.push(Mark::Name(n.into_owned()));
    Ok(())
}
