//! Plain ballot-box tables read without the TOML parser: a piece of a manifest (see `pieces`) in the
//! form every generator and most hands write it — `[[station]]` lines, blank lines, and one
//! `key = value` a line, the value a string with no escape or an unsigned decimal number — taken in
//! straight to the tables as written, the stations' spans already in the whole text. Ten thousand
//! such tables took the TOML parser a tenth of counting their boxes (11,000 instructions and a page
//! of memory each: issue 23); read here they take a few hundred.
//!
//! Anything else in a piece — a comment, a key this reader does not take, spaces other than one
//! either side of `=`, a string with an escape, a number TOML would read otherwise, a key twice, a
//! kind that is not one, a table without an id — and the piece is none, for the TOML parser to read
//! (or to find its error). What this reader takes, TOML reads as the same tables with the same
//! spans: the test below holds it to that on every line it takes and many it must not.

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::StrDeserializer;
use toml::Spanned;

use super::raw::RawStation;
use crate::vote::model::StationKind;

/// The header line that opens a ballot box's table.
const HEADER: &str = "[[station]]";

/// The ballot boxes' tables of `piece` (text that begins with a `[[station]]` line and lies `at`
/// bytes into the whole manifest), if every line is plain — see the module's doc.
pub(super) fn stations(piece: &str, at: usize) -> Option<Vec<Spanned<RawStation>>> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut here = 0;
    while here < piece.len() {
        let end = memchr::memchr(b'\n', &piece.as_bytes()[here..]).map_or(piece.len(), |n| here + n);
        let line = &piece[here..end];
        if line == HEADER {
            if let Some(table) = open.take() {
                out.push(table.closed()?);
            }
            open = Some(Open::at(at + here));
        } else if !line.is_empty() {
            // `key = value`, one space either side: the first `=` is the key's end (no key taken
            // here holds one).
            let eq = memchr::memchr(b'=', line.as_bytes())?;
            let key = line[..eq].strip_suffix(' ')?;
            let value = line[eq + 1..].strip_prefix(' ')?;
            open.as_mut()?.set(key, value)?;
        }
        here = end + 1;
    }
    out.push(open?.closed()?);
    Some(out)
}

/// A `[[station]]` table being read: its header's span and the keys seen so far.
struct Open {
    span: std::ops::Range<usize>,
    id: Option<String>,
    name: Option<String>,
    kind: Option<StationKind>,
    registered: Option<u64>,
    key: Option<String>,
    monitors_required: Option<u32>,
}

impl Open {
    /// A table whose header begins `at` bytes into the whole manifest.
    fn at(at: usize) -> Self {
        Open {
            span: at..at + HEADER.len(),
            id: None,
            name: None,
            kind: None,
            registered: None,
            key: None,
            monitors_required: None,
        }
    }

    /// Takes one `key = value` line; none for a key not taken here, a key twice, or a value that
    /// is not plain.
    fn set(&mut self, key: &str, value: &str) -> Option<()> {
        match key {
            "id" => once(&mut self.id, string(value)?),
            "name" => once(&mut self.name, string(value)?),
            "kind" => once(&mut self.kind, kind(value)?),
            "key" => once(&mut self.key, string(value)?),
            "registered" => once(&mut self.registered, number(value)?),
            "monitors_required" => once(&mut self.monitors_required, u32::try_from(number(value)?).ok()?),
            _ => None,
        }
    }

    /// The table as written, with the defaults `RawStation` gives what it leaves out; none without
    /// an id (which TOML's reading refuses, naming the table).
    fn closed(self) -> Option<Spanned<RawStation>> {
        let raw = RawStation {
            id: self.id?,
            name: self.name.unwrap_or_default(),
            kind: self.kind.unwrap_or(StationKind::Station),
            registered: self.registered,
            key: self.key,
            monitors: Vec::new(),
            monitors_required: self.monitors_required.unwrap_or(0),
            staff: Vec::new(),
        };
        Some(Spanned::new(self.span, raw))
    }
}

/// Sets a key not set before.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// A TOML basic string with nothing to unescape: `"…"` holding no quote, backslash or control
/// character (TOML allows a tab).
fn string(value: &str) -> Option<String> {
    string_slice(value).map(str::to_owned)
}

/// What [`string`] takes, borrowed.
fn string_slice(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    let plain = inner.chars().all(|c| c != '"' && c != '\\' && (c == '\t' || !c.is_control()));
    plain.then_some(inner)
}

/// A kind of box, named as its serde form names it, in a plain string.
fn kind(value: &str) -> Option<StationKind> {
    let name: StrDeserializer<'_, serde::de::value::Error> = string_slice(value)?.into_deserializer();
    StationKind::deserialize(name).ok()
}

/// An unsigned decimal TOML integer with no sign, underscore or leading zero, of at most 18 digits
/// (below TOML's largest, 2^63 − 1).
fn number(value: &str) -> Option<u64> {
    let digits = value.bytes().all(|b| b.is_ascii_digit());
    let canonical = value == "0" || !value.starts_with('0');
    (digits && canonical && (1..=18).contains(&value.len())).then(|| value.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tables as TOML reads them, with their spans.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Piece {
        station: Vec<Spanned<RawStation>>,
    }

    /// Lines of a table this reader takes: one pick of each key at most.
    const PLAIN: &[&[&str]] = &[
        &["id = \"s1\"", "id = \"中心\"", "id = \"\""],
        &["name = \"中心会场\"", "name = \"\"", "name = \"tab\there\""],
        &["kind = \"mobile\"", "kind = \"central\"", "kind = \"station\""],
        &["key = \"ab12\""],
        &["registered = 20", "registered = 0", "registered = 999999999999999999"],
        &["monitors_required = 2", "monitors_required = 4294967295"],
        &[""],
    ];

    /// Lines this reader must leave to TOML — escapes, other spacing, comments, literal strings,
    /// numbers TOML reads otherwise or not at all, other keys and sub-tables, a control character
    /// TOML allows, a carriage return, a key twice, a kind that is none — or that it takes but in
    /// a place it must not (a header with nothing under it).
    const TRICKY: &[&str] = &[
        "[[station]]",
        "name = \"a\\\"b\"",
        "name = \"a\\u0041\"",
        "name = 'literal'",
        "name = \"\u{85}\"",
        "name = \"a\" # note",
        "name = \"del\u{7f}\"",
        "name = \"\u{1}\"",
        "name = \"esc\u{1b}[0m\"",
        "# a comment",
        "kind = \"boat\"",
        "registered = 007",
        "registered = 1_000",
        "registered = +5",
        "registered = -1",
        "registered = 9999999999999999999",
        "monitors_required = 4294967296",
        "monitors = [\"ab\"]",
        "id=\"x\"",
        "id  = \"x\"",
        " id = \"x\"",
        "id = \"x\" ",
        "id = \"x\"\r",
        "id = \"again\"",
        "[[station]] ",
        "[[station.staff]]",
        "person = \"p1\"",
        "[station]",
        "colour = \"red\"",
    ];

    /// A table: the header, then for each key of [`PLAIN`] a pick (or none), in an order, and
    /// perhaps one line of [`TRICKY`] somewhere.
    fn table() -> impl Strategy<Value = Vec<String>> {
        let picks = PLAIN.iter().map(|choices| proptest::option::weighted(0.7, 0..choices.len())).collect::<Vec<_>>();
        (picks, any::<u64>(), proptest::option::weighted(0.3, (0..TRICKY.len(), 0usize..8))).prop_map(
            |(picks, order, tricky)| {
                let mut lines: Vec<String> =
                    picks.iter().enumerate().filter_map(|(k, p)| p.map(|i| PLAIN[k][i].to_string())).collect();
                let turn = (order as usize) % lines.len().max(1);
                lines.rotate_left(turn);
                if let Some((t, at)) = tricky {
                    lines.insert(at.min(lines.len()), TRICKY[t].to_string());
                }
                lines.insert(0, HEADER.to_string());
                lines
            },
        )
    }

    proptest! {
        /// Whatever this reader takes, TOML reads as the same tables with the same spans.
        #[test]
        fn what_is_read_plainly_toml_reads_the_same(tables in proptest::collection::vec(table(), 1..6), at in 0usize..5000, ended: bool, crlf in proptest::bool::weighted(0.1)) {
            // Ended by a line break or not, and each line by a carriage return too when `crlf`.
            let text = tables.concat().join(if crlf { "\r\n" } else { "\n" }) + if ended { "\n" } else { "" };
            if let Some(plain) = stations(&text, at) {
                let toml: Piece = toml::from_str(&text).expect("TOML reads what the plain reader read");
                let spans = |v: &[Spanned<RawStation>], by: usize| v.iter().map(|s| (s.span().start + by, s.span().end + by)).collect::<Vec<_>>();
                prop_assert_eq!(spans(&plain, 0), spans(&toml.station, at));
                let values = |v: Vec<Spanned<RawStation>>| v.into_iter().map(Spanned::into_inner).collect::<Vec<_>>();
                prop_assert_eq!(values(plain), values(toml.station));
            }
        }
    }

    /// The forms the generators write are read plainly: a county's (`registered`, `key`), a
    /// township's (`kind` too), a named box's; a table without an id, or before any header, is not.
    #[test]
    fn the_generators_tables_are_read_plainly() {
        for text in [
            "[[station]]\nid = \"s0\"\nregistered = 20\nkey = \"ab\"\n[[station]]\nid = \"s1\"\nregistered = 20\nkey = \"cd\"\n",
            "[[station]]\nid = \"t\"\nkind = \"mobile\"\nregistered = 7\nkey = \"ef\"\n",
            "[[station]]\nid = \"s00001\"\nname = \"s00001\"\nkind = \"station\"\n\n[[station]]\nid = \"s00002\"\n",
        ] {
            let plain = stations(text, 10).expect(text);
            let toml: Piece = toml::from_str(text).unwrap();
            assert_eq!(plain[0].span(), 10..21);
            let values = |v: Vec<Spanned<RawStation>>| v.into_iter().map(Spanned::into_inner).collect::<Vec<_>>();
            assert_eq!(values(plain), values(toml.station));
        }
        assert!(stations("[[station]]\nname = \"x\"\n", 0).is_none(), "no id");
        assert!(stations("id = \"x\"\n[[station]]\nid = \"y\"\n", 0).is_none(), "a key before the header");
        assert!(stations("[[station]]\nid = \"x\"\nid = \"y\"\n", 0).is_none(), "a key twice");
    }
}
