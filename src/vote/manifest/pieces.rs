//! A manifest's ballot boxes parsed in pieces, in parallel: a county's ten thousand `[[station]]`
//! tables are 600 KB of TOML, which parsed whole took a core for a third of counting their boxes, in
//! page faults and system calls as much as in parsing (the parser's lists of tokens and events for
//! the whole file, each grown by doubling into memory never touched before: issue 23).
//!
//! The text is cut just before lines that begin `[[station]]`: its head (everything before the
//! first) and pieces of some tens of kilobytes, each parsed on its own, the pieces in parallel. The
//! pieces mean what the whole means when every part parses and the head holds no `station` key:
//! TOML is a list of statements (headers and key/values), and a statement that runs across lines —
//! a multi-line string, array or inline table — cut in two leaves the part before the cut
//! unterminated, which does not parse; so where every part parses, each cut fell between
//! statements, on a header that opens a new station's table, and no table runs across a cut. A
//! piece may hold nothing but `[[station]]` tables (and their sub-tables): a post or the rules
//! written after the stations, or a head that names `station`, and the manifest is parsed whole.
//! Whenever a part does not parse the whole is parsed again, which finds the error and its line as
//! it always did. Spans are moved back to the whole text, so a problem names the same line.

use std::ops::Range;

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use super::plain;
use super::raw::{RawManifest, RawStation};

/// About this many bytes of `[[station]]` tables are parsed as one piece — but one station a piece
/// in the unit tests, so that every manifest they validate is parsed in pieces.
const PIECE: usize = if cfg!(test) { 1 } else { 32 << 10 };

/// A manifest whose stations take fewer bytes than this is parsed whole (one piece would gain
/// nothing) — in the unit tests, one byte (no manifest is parsed whole for being short).
const LEAST: usize = if cfg!(test) { 1 } else { 64 << 10 };

/// The line that opens a ballot box's table, as a cut looks for it: at the start of a line.
const OPENS: &[u8] = b"\n[[station]]";

/// One piece: ballot boxes' tables and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Piece {
    station: Vec<Spanned<RawStation>>,
}

/// The one top-level key of the head looked at: whether it names `station` at all (even as an empty
/// list, which the tables after it could not extend).
#[derive(Deserialize)]
struct HeadKeys {
    station: Option<serde::de::IgnoredAny>,
}

/// The manifest as written, from its head and its stations parsed in pieces; none when it must be
/// parsed whole (few stations, a part that does not parse, or anything but stations after the
/// first `[[station]]` — see the module's doc).
pub(super) fn parse(text: &str) -> Option<RawManifest> {
    let first = if text.starts_with("[[station]]") { 0 } else { memchr::memmem::find(text.as_bytes(), OPENS)? + 1 };
    if text.len() - first < LEAST {
        return None;
    }
    let head = &text[..first];
    let (keys, raw) = rayon::join(|| toml::from_str::<HeadKeys>(head), || toml::from_str::<RawManifest>(head));
    let mut raw = raw.ok()?;
    if keys.ok()?.station.is_some() {
        return None;
    }
    let pieces: Vec<Vec<Spanned<RawStation>>> = cuts(text, first)
        .into_par_iter()
        .map(|at| {
            if let Some(plain) = plain::stations(&text[at.clone()], at.start) {
                return Some(plain);
            }
            let piece: Piece = toml::from_str(&text[at.clone()]).ok()?;
            Some(piece.station.into_iter().map(|s| moved(s, at.start)).collect())
        })
        .collect::<Option<_>>()?;
    raw.station = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    raw.station.extend(pieces.into_iter().flatten());
    Some(raw)
}

/// A station's table with its span moved `by` bytes on: from its piece's text to the whole's.
fn moved(s: Spanned<RawStation>, by: usize) -> Spanned<RawStation> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

/// The pieces of `text` from `first` (the start of a line `[[station]]`) on: each at least
/// [`PIECE`] bytes long but the last, and each ending just before a line that begins `[[station]]`.
fn cuts(text: &str, first: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(OPENS);
    let mut pieces = Vec::with_capacity((bytes.len() - first) / PIECE + 1);
    let mut start = first;
    while let Some(i) = bytes.get(start + PIECE..).and_then(|rest| finder.find(rest)) {
        // The cut is after the newline: at the start of the `[[station]]` line, a char boundary.
        let cut = start + PIECE + i + 1;
        pieces.push(start..cut);
        start = cut;
    }
    pieces.push(start..bytes.len());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::manifest::Election;
    use crate::vote::manifest::syntax::key_syntax;
    use crate::vote::problems::parse_toml;
    use std::path::Path;

    /// The manifest parsed whole, and validated as `Election::from_toml` validates it.
    fn whole(text: &str) -> Result<Election, String> {
        let file = Path::new("e.toml");
        parse_toml(text, file, crate::error::Error::Manifest)
            .and_then(|raw| Election::of_raw(raw, text, file, key_syntax))
            .map_err(|e| e.to_string())
    }

    /// A manifest with `n` stations, the text `between` after the first, `tail` at the end.
    fn manifest(n: usize, between: &str, tail: &str) -> String {
        let head = crate::vote::testing::VC.split("\n[[station]]").next().unwrap();
        let mut t = format!("{head}\n");
        for i in 0..n {
            t += &format!("[[station]]\nid = \"s{i}\"\nname = \"box {i}\"\n\n");
            if i == 0 {
                t += between;
            }
        }
        t + tail
    }

    /// Cut into pieces, a manifest validates as it does whole — the same election, or the same
    /// errors on the same lines — whatever is written after its first station: a multi-line string
    /// or array holding a `[[station]]` line (the whole parses, a piece would not: parsed whole), a
    /// post or the rules after the stations, a station's sub-tables (parsed in pieces: a person
    /// twice on a team named on its line), a table defined twice, a bad value, a station twice.
    #[test]
    fn a_manifest_in_pieces_validates_as_it_does_whole() {
        // (after the first station, at the end, whether the pieces are used)
        let cases = [
            ("", "", true),
            ("key = \"\"\"\n[[station]]\nid = \"x\"\n\"\"\"\n", "", false),
            ("monitors = [\n\"a\",\n\"\"\"\n[[station]]\n\"\"\",\n]\n", "", false),
            ("", "[[contest]]\nid = \"late\"\noffice = \"o\"\nseats = 1\ncandidates = []\n", false),
            ("", "[rules]\nquorum = \"1/2\"\n", false),
            (
                "[[station.staff]]\nperson = \"p1\"\nrole = \"caller\"\n\n[[station.staff]]\nperson = \"p1\"\nrole = \"tallier\"\n",
                "",
                true,
            ),
            ("[station]\nid = \"t\"\n", "", false),
            ("registered = \"many\"\n", "", false),
            ("id = \"s1\"\n", "", false),
            ("", "[[station]]\nid = \"s0\"\n", true),
            ("", "[[station]]\nid = 'unended\n", false),
        ];
        for (between, tail, in_pieces) in cases {
            let text = manifest(4, between, tail);
            assert_eq!(parse(&text).is_some(), in_pieces, "{between:?} {tail:?}");
            let pieces = Election::from_toml(&text, Path::new("e.toml")).map_err(|e| e.to_string());
            assert_eq!(pieces, whole(&text), "{between:?} {tail:?}");
        }
        let named = manifest(3, "", "").replacen("[[station]]", "station = []\n[[station]]", 1);
        assert!(parse(&named).is_none(), "a head that names station is parsed whole");
        assert_eq!(Election::from_toml(&named, Path::new("e.toml")).map_err(|e| e.to_string()), whole(&named));
        let fine = manifest(5, "", "");
        assert!(parse(&fine).is_some_and(|raw| raw.station.len() == 5), "cut into pieces");
        assert_eq!(cuts(&fine, fine.find("[[station]]").unwrap()).len(), 5);
    }
}
