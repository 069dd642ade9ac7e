//! serde's reader of a ballot line: seeds that read a line's posts straight into the scratch space,
//! each mark applied as it is read ([`super::validity`]), every error naming its field. It reads
//! every line the fast path leaves, and says what is wrong with it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::id_map::Id;
use super::schema::{APPROVE_LISTS, Schema};
use super::scratch::Scratch;
use super::validity::{approve_mark, choose_done, choose_mark, judge_approve};
use crate::error::Problem;
use crate::vote::model::Style;

/// Why a value could not be read: `wrong_type` when it is of the wrong type, else what the JSON
/// reader says (invalid UTF-8, a raw control character in a string, …) without its position.
fn why_not(e: &impl fmt::Display, wrong_type: Problem) -> Problem {
    let m = e.to_string();
    if m.starts_with("invalid type") {
        return wrong_type;
    }
    let detail = match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m,
    };
    Problem::Json { detail, column: None }
}

/// serde_json's message without its " at line 1 column N" (the line is the box file's, given
/// apart), and the column.
pub(super) fn json_problem(e: &serde_json::Error) -> Problem {
    let m = e.to_string();
    if m.starts_with("invalid type") {
        // Only the line itself is left to be of the wrong type: every post's value says its own.
        return Problem::NotABallotObject;
    }
    match m.rfind(" at line ") {
        Some(i) => Problem::Json { detail: m[..i].to_string(), column: Some(e.column()) },
        None => Problem::Json { detail: m, column: None },
    }
}

/// A JSON string, borrowed when it has no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a ballot line: an object of posts, and `spoiled`.
pub(super) struct LineSeed<'a, 'e> {
    pub(super) schema: &'a Schema<'e>,
    pub(super) s: &'a mut Scratch,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ballot: a JSON object of posts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut any_post = false;
        while let Some(Str(key)) = map.next_key()? {
            if key == "spoiled" {
                if std::mem::replace(&mut self.s.spoiled_seen, true) {
                    return Err(self.s.fail("spoiled", Problem::GivenTwice));
                }
                self.s.spoiled =
                    map.next_value::<bool>().map_err(|e| self.s.fail("spoiled", why_not(&e, Problem::NotABool)))?;
                continue;
            }
            let Some(&c) = self.schema.contest_by_id.get(Id::of(key.as_bytes())) else {
                return Err(self.s.fail(key.as_ref(), Problem::UnknownPost));
            };
            if std::mem::replace(&mut self.s.posts[c].seen, true) {
                return Err(self.s.fail(key.as_ref(), Problem::GivenTwice));
            }
            any_post = true;
            let contest = &self.schema.election().contests()[c];
            // A value of the wrong type is named by its post (an error inside it names its own).
            let wrong_type = |s: &mut Scratch, e: A::Error, p: Problem| {
                if e.to_string().starts_with("invalid type") { s.fail(key.as_ref(), p) } else { e }
            };
            match contest.style {
                Style::Choose => map
                    .next_value_seed(ChooseSeed { schema: self.schema, s: self.s, c })
                    .map_err(|e| wrong_type(self.s, e, Problem::NotAList))?,
                Style::Approve => {
                    self.s.approve_write_in.clear();
                    map.next_value_seed(ApproveSeed { schema: self.schema, s: self.s, c })
                        .map_err(|e| wrong_type(self.s, e, Problem::NotAnApproveObject))?;
                    judge_approve(self.schema, self.s, c);
                }
            }
        }
        if self.s.spoiled && any_post {
            return Err(self.s.fail("spoiled", Problem::SpoiledWithPosts));
        }
        Ok(())
    }
}

/// Reads choose post `c`'s list.
struct ChooseSeed<'a, 'e> {
    schema: &'a Schema<'e>,
    s: &'a mut Scratch,
    c: usize,
}

impl<'de> DeserializeSeed<'de> for ChooseSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChooseSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of candidate ids and \"w:NAME\" write-ins")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (schema, s, c) = (self.schema, self.s, self.c);
        let contest = &schema.election().contests()[c];
        let mut i = 0usize;
        loop {
            let item = match seq.next_element::<Str<'de>>() {
                Ok(Some(Str(v))) => v,
                Ok(None) => break,
                Err(e) => {
                    let why = why_not(&e, Problem::NotAString);
                    return Err(s.fail(format!("{}[{i}]", contest.id), why));
                }
            };
            choose_mark(schema, s, c, i, Id::of(item.as_bytes())).map_err(|e| s.fail(e.field, e.problem))?;
            i += 1;
        }
        choose_done(schema, s, c);
        Ok(())
    }
}

/// Reads approve post `c`'s three lists.
struct ApproveSeed<'a, 'e> {
    schema: &'a Schema<'e>,
    s: &'a mut Scratch,
    c: usize,
}

impl<'de> DeserializeSeed<'de> for ApproveSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ApproveSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with \"for\", \"against\" and \"write_in\" lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (schema, s, c) = (self.schema, self.s, self.c);
        let contest = &schema.election().contests()[c];
        let mut seen = [false; 3];
        while let Some(Str(key)) = map.next_key()? {
            let Some(k) = APPROVE_LISTS.iter().position(|l| *l == key.as_ref()) else {
                return Err(s.fail(format!("{}.{key}", contest.id), Problem::UnknownApproveKey));
            };
            let field = format!("{}.{key}", contest.id);
            if std::mem::replace(&mut seen[k], true) {
                return Err(s.fail(field, Problem::GivenTwice));
            }
            let items: Vec<Str<'de>> =
                map.next_value().map_err(|e| s.fail(field.as_str(), why_not(&e, Problem::NotAListOfStrings)))?;
            for (i, Str(item)) in items.into_iter().enumerate() {
                approve_mark(schema, s, c, k, &key, i, Id::of(item.as_bytes()))
                    .map_err(|e| s.fail(e.field, e.problem))?;
            }
        }
        Ok(())
    }
}
