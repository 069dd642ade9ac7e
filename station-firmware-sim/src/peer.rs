//! The naive peer Zheng's count is measured against (BENCHMARKS.md, issue 11): what a plain program
//! would do — each ballot line parsed into a generic `serde_json::Value`, every mark of every post
//! added to a tallystick plurality tally, on one thread, with **no validity rules at all** (no
//! overvotes, duplicates, spoiled ballots, write-in checks, quorum or bars). It is not a counter of
//! elections; it is the yardstick for "how fast is parsing and tallying JSON Lines the plain way".

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use tallystick::plurality::DefaultPluralityTally;

/// Reads the box files (skipping each header line) and returns, per post, each mark's total.
pub fn count(boxes: &[PathBuf]) -> anyhow::Result<BTreeMap<String, Vec<(String, u64)>>> {
    let mut tallies: BTreeMap<String, DefaultPluralityTally<String>> = BTreeMap::new();
    for path in boxes {
        let reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
        for line in reader.lines().skip(1) {
            let ballot: serde_json::Value = serde_json::from_str(&line?)?;
            let Some(posts) = ballot.as_object() else { continue };
            for (post, marks) in posts {
                let tally = tallies.entry(post.clone()).or_insert_with(|| DefaultPluralityTally::new(1));
                for mark in marks.as_array().into_iter().flatten().filter_map(|m| m.as_str()) {
                    tally.add(mark.to_string());
                }
            }
        }
    }
    Ok(tallies.into_iter().map(|(post, t)| (post, t.totals().into_iter().collect())).collect())
}
