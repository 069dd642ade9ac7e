//! The competent peer Zheng's count is measured against (BENCHMARKS.md, issue 23): what a good
//! engineer would write in a day to add up box files fast — each line parsed by sonic-rs (SIMD JSON)
//! into strings borrowed from the file, a box per rayon task on every core, a hash-map tally per
//! box, the boxes' tallies added at the end — with **no validity rules at all** (no overvotes,
//! duplicates, spoiled ballots, write-in checks, quorum or bars). An approve-style post's marks are
//! counted as for (`N`) and against (`-N`).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;

/// Each post's marks and their totals.
pub type Totals = BTreeMap<String, BTreeMap<String, u64>>;

/// A post's marks on one ballot: a list (choose style), or for and against (approve style). Names
/// are borrowed from the file: a line whose strings hold escapes is refused (box files have none).
enum Marks<'a> {
    Choose(Vec<&'a str>),
    Approve(Vec<&'a str>, Vec<&'a str>),
    /// Anything else (`"spoiled": true`): not a mark.
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Marks<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MarksVisitor(std::marker::PhantomData))
    }
}

struct MarksVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> serde::de::Visitor<'de> for MarksVisitor<'a> {
    type Value = Marks<'a>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of marks, or {\"for\": [...], \"against\": [...]}")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Marks::Other)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut v = Vec::new();
        while let Some(m) = seq.next_element::<&'de str>()? {
            v.push(m);
        }
        Ok(Marks::Choose(v))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut for_, mut against) = (Vec::new(), Vec::new());
        while let Some(k) = map.next_key::<&'de str>()? {
            match k {
                "for" => for_ = map.next_value()?,
                "against" => against = map.next_value()?,
                _ => map.next_value::<serde::de::IgnoredAny>().map(drop)?,
            }
        }
        Ok(Marks::Approve(for_, against))
    }
}

/// Reads the box files (skipping each header line), a box per task, and returns each post's totals.
pub fn count(boxes: &[PathBuf]) -> anyhow::Result<Totals> {
    let per_box: Vec<Totals> = boxes.par_iter().map(count_box).collect::<anyhow::Result<_>>()?;
    let mut all = Totals::new();
    for t in per_box {
        for (post, marks) in t {
            let into = all.entry(post).or_default();
            for (mark, n) in marks {
                *into.entry(mark).or_default() += n;
            }
        }
    }
    Ok(all)
}

/// One box: its lines parsed in turn into a tally keyed by strings borrowed from the file.
fn count_box(path: &PathBuf) -> anyhow::Result<Totals> {
    let data = std::fs::read(path).with_context(|| path.display().to_string())?;
    let mut tally: HashMap<(&str, &str), u64> = HashMap::new();
    let mut against: HashMap<(&str, &str), u64> = HashMap::new();
    for (i, line) in data.split(|b| *b == b'\n').enumerate().skip(1) {
        if line.is_empty() {
            continue;
        }
        let ballot: HashMap<&str, Marks> =
            sonic_rs::from_slice(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        for (post, marks) in ballot {
            match marks {
                Marks::Choose(m) => m.into_iter().for_each(|m| *tally.entry((post, m)).or_default() += 1),
                Marks::Approve(f, a) => {
                    f.into_iter().for_each(|m| *tally.entry((post, m)).or_default() += 1);
                    a.into_iter().for_each(|m| *against.entry((post, m)).or_default() += 1);
                }
                Marks::Other => {}
            }
        }
    }
    let mut totals = Totals::new();
    for ((post, mark), n) in tally {
        totals.entry(post.to_string()).or_default().insert(mark.to_string(), n);
    }
    for ((post, mark), n) in against {
        totals.entry(post.to_string()).or_default().insert(format!("-{mark}"), n);
    }
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mark counted as it is written, in every box, with no rule applied: a name twice is two
    /// votes, a spoiled ballot's flag is no mark, an approve post counts for and against apart; the
    /// totals equal the naive peer's for the choose posts.
    #[test]
    fn the_competent_peer_adds_every_mark_of_every_box() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        std::fs::write(
            &a,
            "{\"station\":\"a\",\"voters\":3}\n{\"chair\":[\"c1\"],\"board\":{\"for\":[\"p1\",\"p2\"],\"against\":[\"p3\"]}}\n\
             {\"chair\":[\"c1\",\"c1\"],\"board\":{\"for\":[],\"against\":[]}}\n{\"spoiled\":true}\n",
        )
        .unwrap();
        std::fs::write(&b, "{\"station\":\"b\",\"voters\":1}\n{\"chair\":[\"w:钟伟\"]}\n").unwrap();
        let t = count(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(t["chair"], BTreeMap::from([("c1".into(), 3), ("w:钟伟".into(), 1)]));
        assert_eq!(t["board"], BTreeMap::from([("p1".into(), 1), ("p2".into(), 1), ("-p3".into(), 1)]));
        let naive = crate::peer::count(&[a, b]).unwrap();
        let chair: BTreeMap<String, u64> = naive["chair"].iter().cloned().collect();
        assert_eq!(chair, t["chair"]);
    }
}
