//! The outcome as JSON (contract §4), byte for byte what `serde_json::to_writer_pretty` writes, its
//! boxes' entries rendered in parallel: ten thousand stations are 2.6 MB of JSON, which took one
//! thread 8 ms after the count while the other core idled (issue 23).
//!
//! Takes in an [`Outcome`]; gives out its text. The outcome is written with an empty list of boxes,
//! and each box's entry on its own, at the depth the list holds it, some thousands at a time on
//! every thread. The list is put where `"stations": []` stands — a key of the outer object, two
//! spaces in, which no deeper key is and no string holds (a string's line break is written `\n`).

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::vote::outcome::{Outcome, StationOutcome};

/// How an empty list of boxes is written, a key of the outer object.
const EMPTY: &[u8] = b"\n  \"stations\": []";

/// What opens a non-empty list of boxes there.
const OPENS: &[u8] = b"\n  \"stations\": [\n";

/// What closes it.
const CLOSES: &[u8] = b"\n  ]";

/// The indent of an entry's lines in the list: two levels of two spaces.
const INDENT: &[u8] = b"    ";

/// Boxes' entries a task renders.
const TASK: usize = 256;

/// Tasks rendered at once, their text written before the next are rendered into the same buffers
/// (the whole list held at once was 2.6 MB of fresh pages for ten thousand boxes).
const WINDOW: usize = 8;

/// Writes `o` as `serde_json::to_writer_pretty` writes it, to `out`. The outcome's list of boxes is
/// taken out while the rest is written, and put back.
pub fn outcome_pretty(o: &mut Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let stations = std::mem::take(&mut o.stations);
    let head = serde_json::to_vec_pretty(&*o);
    o.stations = stations;
    let head = head?;
    let at = match memchr::memmem::find(&head, EMPTY) {
        Some(at) if !o.stations.is_empty() => at,
        _ if o.stations.is_empty() => return out.write_all(&head),
        // The list is not where it is looked for (the outcome's form changed): written whole.
        _ => return serde_json::to_writer_pretty(out, &*o).map_err(std::io::Error::from),
    };
    out.write_all(&head[..at])?;
    out.write_all(OPENS)?;
    let mut buffers = vec![Vec::new(); WINDOW];
    for (w, window) in o.stations.chunks(TASK * WINDOW).enumerate() {
        window.par_chunks(TASK).zip(buffers.par_iter_mut()).enumerate().try_for_each(|(i, (chunk, buffer))| {
            buffer.clear();
            entries(buffer, chunk, w == 0 && i == 0)
        })?;
        for buffer in &buffers[..window.len().div_ceil(TASK)] {
            out.write_all(buffer)?;
        }
    }
    out.write_all(CLOSES)?;
    out.write_all(&head[at + EMPTY.len()..])
}

/// Writes the entries of `stations` to `out`, indented as the list holds them, each after `,` and
/// a line break but the list's first (`first`: these begin the list).
fn entries(out: &mut Vec<u8>, stations: &[StationOutcome], first: bool) -> serde_json::Result<()> {
    out.reserve(stations.len() * 320);
    for (i, s) in stations.iter().enumerate() {
        if !(first && i == 0) {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(INDENT);
        s.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, Indented::at(2)))?;
    }
    Ok(())
}

/// serde_json's pretty layout — two spaces a level, a line a value, `": "` after a key — from a
/// given depth, each indent written at once (serde_json's writes two spaces at a time: a third of
/// the time of an entry).
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    /// Values written `depth` levels in.
    fn at(depth: usize) -> Self {
        Indented { depth, has_value: false }
    }

    /// A line break and the indent of the current depth.
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        const SPACES: &[u8] = b"\n                                ";
        w.write_all(if first { b"" } else { b"," })?;
        match SPACES.get(..1 + 2 * self.depth) {
            Some(line) => w.write_all(line),
            None => {
                w.write_all(b"\n")?;
                (0..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }

    /// Opens an array or an object with `open`, one level deeper.
    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, open: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(open)
    }

    /// Closes an array or an object with `close`, on its own line if it held a value.
    fn end<W: ?Sized + Write>(&mut self, w: &mut W, close: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(close)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::testing::demo_outcome as outcome;

    /// Contract §4's bytes are serde_json's: the same text for no box, one box, the demo's four, and
    /// more than a window's worth of boxes whose names hold what the list is looked for by (a line
    /// break, quotes and `"stations": []`), and the outcome is given back whole.
    #[test]
    fn the_outcome_is_written_as_serde_json_writes_it() {
        let demo = outcome();
        let mut cases = vec![demo.clone(), Outcome { stations: Vec::new(), ..demo.clone() }];
        cases.push(Outcome { stations: demo.stations[..1].to_vec(), ..demo.clone() });
        let mut many = demo.clone();
        many.title = "\n  \"stations\": []".into();
        many.stations = (0..TASK * WINDOW + TASK + 3)
            .map(|i| StationOutcome {
                name: format!("箱 {i}\n  \"stations\": [],\n  ]"),
                ..demo.stations[i % demo.stations.len()].clone()
            })
            .collect();
        cases.push(many);
        for mut o in cases {
            let before = o.clone();
            let mut ours = Vec::new();
            outcome_pretty(&mut o, &mut ours).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string_pretty(&before).unwrap());
            assert_eq!(o, before);
        }
    }

    /// The layout is serde_json's at any depth: past the indent written at once too.
    #[test]
    fn the_layout_is_serde_jsons_at_any_depth() {
        let mut deep = serde_json::json!([{ "a": [], "b": {}, "c": 1 }]);
        for i in 0..24 {
            deep = serde_json::json!({ "level": i, "inner": [deep, "x"] });
        }
        let mut ours = Vec::new();
        deep.serialize(&mut serde_json::Serializer::with_formatter(&mut ours, Indented::at(0))).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string_pretty(&deep).unwrap());
    }
}
