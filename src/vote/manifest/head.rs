//! A manifest's head: its text before its first `[[station]]` line — the election, its rules and its
//! posts, all that reading a box needs — validated on its own, so that boxes can be read while the
//! rest (ten thousand ballot boxes, say: 600 KB of TOML, a fifth of counting them) is still being
//! parsed. A head is only ever a guess: what is read with it is kept only if the whole manifest, once
//! validated, is the same election but for its stations ([`Election::same_but_stations`]); a
//! manifest laid out otherwise (a post or the rules after the stations, a string across the cut)
//! has no head, or one that differs, and its boxes are read once it is whole.

use std::path::Path;

use super::model::Election;
use super::raw::RawManifest;
use super::syntax::key_syntax;
use super::validate::{Stations, validate};
use crate::vote::problems::Problems;

impl Election {
    /// The election of the manifest's head — its text up to its first line `[[station]]` — if that
    /// is a valid manifest without ballot boxes; none otherwise (no such line, or a head that is
    /// not a manifest of its own). Keys are not read: a head holds none.
    pub fn head_of(text: &str) -> Option<Election> {
        let cut = if text.starts_with("[[station]]") { 0 } else { text.find("\n[[station]]")? + 1 };
        let head = &text[..cut];
        let raw: RawManifest = toml::from_str(head).ok()?;
        let mut p = Problems::new(head);
        let e = validate(raw, &mut p, key_syntax, Stations::Later);
        p.into_result(Path::new(""), crate::error::Error::Manifest).ok()?;
        Some(e)
    }

    /// Whether `other` is this election but for its ballot boxes: every part a box is read, counted
    /// and judged by — the election's fields, its rules, its posts and candidates, the people they
    /// list — the same. (Every field is named, so that a field added to [`Election`] must be
    /// placed here, on one side or the other.)
    pub fn same_but_stations(&self, other: &Election) -> bool {
        let Election {
            id,
            title,
            village,
            township,
            body,
            round,
            date,
            registered,
            members_elected_before,
            rules,
            contests,
            persons,
            stations: _,
            station_index: _,
            sha256: _,
        } = self;
        *id == other.id
            && *title == other.title
            && *village == other.village
            && *township == other.township
            && *body == other.body
            && *round == other.round
            && *date == other.date
            && *registered == other.registered
            && *members_elected_before == other.members_elected_before
            && *rules == other.rules
            && *contests == other.contests
            && *persons == other.persons
    }
}
