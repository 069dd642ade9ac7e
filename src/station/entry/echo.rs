//! A ballot's marks said back in names, so that the tallier can compare them with what the caller
//! called (`主任: 蓝国平`; approve posts `赞成 … / 不赞成 …`): the marks just typed, and a ballot
//! the journal holds, read back for the question before it is undone.

use serde_json::Value;

use super::read::Mark;
use crate::vote::manifest::{Contest, Election};
use crate::vote::model::Style as PostStyle;
use crate::vote::name;
use crate::words::Lang;
use crate::words::entry::EntryWord;
use crate::words::vote::Word;

/// What one post's marks stand for, in names: the candidates the numbers are, written-in names
/// marked as such, or blank.
pub(super) fn names(lang: Lang, c: &Contest, marks: &[Mark]) -> String {
    if marks.is_empty() {
        return lang.say(Word::Blank).to_string();
    }
    let name = |k: &usize| c.candidates[*k].name.clone();
    match c.style {
        PostStyle::Choose => {
            let said: Vec<String> = marks
                .iter()
                .map(|m| match m {
                    Mark::For(k) | Mark::Against(k) => name(k),
                    Mark::Name(n) => format!("{n}{}", lang.say(Word::WriteIn)),
                })
                .collect();
            said.join(lang.list_sep())
        }
        PostStyle::Approve => {
            let (mut yes, mut no, mut written) = (Vec::new(), Vec::new(), Vec::new());
            for m in marks {
                match m {
                    Mark::For(k) => yes.push(name(k)),
                    Mark::Against(k) => no.push(name(k)),
                    Mark::Name(n) => written.push(n.clone()),
                }
            }
            lang.approve_marks(&yes, &no, &written)
        }
    }
}

/// A ballot the journal holds, read back for showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stored {
    /// A spoiled ballot.
    Spoiled,
    /// The marks of each post, in manifest order.
    Posts(Vec<Vec<Mark>>),
}

impl Stored {
    /// Reads back a stored ballot line (contract §2; the journal holds only lines the table
    /// checked): each post's candidates by their place in the list, written-in names in the name
    /// form. Only for showing: the law's reading is the decoder's.
    pub fn read(e: &Election, line: &[u8]) -> Stored {
        let v: Value = serde_json::from_slice(line).unwrap_or(Value::Null);
        if v.get("spoiled") == Some(&Value::Bool(true)) {
            return Stored::Spoiled;
        }
        Stored::Posts(e.contests().iter().map(|c| v.get(&c.id).map_or_else(Vec::new, |p| marks(c, p))).collect())
    }

    /// The lines showing it, one a post: `主任: 蓝国平`.
    pub fn lines(&self, e: &Election, lang: Lang) -> Vec<String> {
        match self {
            Stored::Spoiled => vec![lang.say(EntryWord::SpoiledBallot).to_string()],
            Stored::Posts(posts) => e
                .contests()
                .iter()
                .zip(posts)
                .map(|(c, marks)| format!("{}: {}", c.office, names(lang, c, marks)))
                .collect(),
        }
    }
}

/// One post of a stored line as marks: a choose post's list of ids and `w:NAME`s; an approve
/// post's `for`, `against` and `write_in` lists.
fn marks(c: &Contest, post: &Value) -> Vec<Mark> {
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).map(String::from).collect())
    };
    let listed = |id: &str| c.candidates.iter().position(|k| k.id == id);
    let written = |n: &str| Mark::Name(name::checked(n).map_or_else(|_| n.to_string(), |n| n.into_owned()));
    match c.style {
        PostStyle::Choose => strings(Some(post))
            .iter()
            .filter_map(|s| match s.strip_prefix("w:") {
                Some(n) => Some(written(n)),
                None => listed(s).map(Mark::For),
            })
            .collect(),
        PostStyle::Approve => {
            let yes = strings(post.get("for")).into_iter().filter_map(|s| listed(&s).map(Mark::For));
            let no = strings(post.get("against")).into_iter().filter_map(|s| listed(&s).map(Mark::Against));
            let names = strings(post.get("write_in")).into_iter().map(|n| written(&n));
            yes.chain(no).chain(names).collect()
        }
    }
}
