//! The outcome as JSON (contract §4), byte for byte what `serde_json::to_writer_pretty` writes, its
//! boxes' entries rendered in parallel: ten thousand stations are 2.6 MB of JSON, which took one
//! thread 8 ms after the count while the other core idled (issue 23).
//!
//! Takes in an [`Outcome`]; gives out its text. The outcome is written with an empty list of boxes,
//! and beside it each box's entry on its own, indented as the list holds it: four more spaces on
//! every line (a string's line break is written `\n`, so every line break in the text is one of the
//! layout's). The list is put where `"stations": []` stands — a key of the outer object, two spaces
//! in, which no deeper key is and no string holds.

use std::io::Write;

use rayon::prelude::*;

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

/// Writes `o` as `serde_json::to_writer_pretty` writes it, to `out`. The outcome's list of boxes is
/// taken out while the rest is written, and put back.
pub fn outcome_pretty(o: &mut Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let stations = std::mem::take(&mut o.stations);
    let (head, entries) = rayon::join(
        || serde_json::to_vec_pretty(&*o),
        || stations.par_chunks(TASK).enumerate().map(|(i, chunk)| entries(chunk, i == 0)).collect::<Vec<_>>(),
    );
    o.stations = stations;
    let head = head?;
    let at = match memchr::memmem::find(&head, EMPTY) {
        Some(at) if !o.stations.is_empty() => at,
        _ => return out.write_all(&head),
    };
    out.write_all(&head[..at])?;
    out.write_all(OPENS)?;
    for chunk in entries {
        out.write_all(&chunk?)?;
    }
    out.write_all(CLOSES)?;
    out.write_all(&head[at + EMPTY.len()..])
}

/// The entries of `stations`, indented as the list holds them, each after `,` and a line break but
/// the list's first (`first`: these begin the list).
fn entries(stations: &[StationOutcome], first: bool) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(stations.len() * 320);
    let mut one = Vec::with_capacity(512);
    for (i, s) in stations.iter().enumerate() {
        one.clear();
        serde_json::to_writer_pretty(&mut one, s)?;
        if !(first && i == 0) {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(INDENT);
        let mut rest = &one[..];
        while let Some(n) = memchr::memchr(b'\n', rest) {
            out.extend_from_slice(&rest[..=n]);
            out.extend_from_slice(INDENT);
            rest = &rest[n + 1..];
        }
        out.extend_from_slice(rest);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The demo village's villagers' committee, counted from its fixture boxes.
    fn outcome() -> Outcome {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kengtou-vc");
        let text = std::fs::read_to_string(dir.join("election.toml")).unwrap();
        let e = crate::vote::manifest::Election::from_toml(&text, &dir.join("election.toml")).unwrap();
        let boxes: Vec<PathBuf> =
            ["central", "station-1", "station-2", "mobile"].iter().map(|b| dir.join(format!("{b}.jsonl"))).collect();
        crate::vote::count::count(&e, &boxes, false).unwrap()
    }

    /// Contract §4's bytes are serde_json's: the same text for no box, one box, the demo's four, and
    /// more than a task's worth of boxes whose names hold what the list is looked for by (a line
    /// break, quotes and `"stations": []`), and the outcome is given back whole.
    #[test]
    fn the_outcome_is_written_as_serde_json_writes_it() {
        let demo = outcome();
        let mut cases = vec![demo.clone(), Outcome { stations: Vec::new(), ..demo.clone() }];
        cases.push(Outcome { stations: demo.stations[..1].to_vec(), ..demo.clone() });
        let mut many = demo.clone();
        many.title = "\n  \"stations\": []".into();
        many.stations = (0..TASK * 2 + 3)
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
}
