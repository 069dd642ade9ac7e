//! Synthetic ballot boxes for tests, benchmarks and the demo's data: realistic ballots (popular and
//! unpopular candidates, written-in names) with chosen rates of irregular ones — blanks, overvotes,
//! duplicates, spoiled ballots. The same manifest, station, count, seed and rates always give the
//! same bytes (ChaCha8, whose output is fixed).

use std::fmt::Write as _;
use std::str::FromStr;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use zheng::vote::fraction::Fraction;
use zheng::vote::manifest::{Contest, Election};
use zheng::vote::model::Style;

/// A probability in parts per million, written as a decimal (`0.02`), a percentage (`2%`) or `p/q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate(pub u32);

impl Rate {
    /// Parts per million.
    pub const ONE: u32 = 1_000_000;

    /// Whether a draw falls within the rate.
    pub fn hit(self, rng: &mut ChaCha8Rng) -> bool {
        rng.random_range(0..Rate::ONE) < self.0
    }
}

/// A rate that is not a number between 0 and 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a rate between 0 and 1 (e.g. 0.02, 2%, 1/50)")]
pub struct BadRate(pub String);

impl FromStr for Rate {
    type Err = BadRate;
    fn from_str(s: &str) -> Result<Rate, BadRate> {
        let bad = || BadRate(s.to_string());
        let s = s.trim();
        let ppm: u64 = if let Some(p) = s.strip_suffix('%') {
            decimal_ppm(p.trim()).ok_or_else(bad)? / 100
        } else if s.contains('/') {
            let f: Fraction = s.parse().map_err(|_| bad())?;
            let ppm = u128::from(f.num()) * u128::from(Rate::ONE) / u128::from(f.den());
            u64::try_from(ppm).map_err(|_| bad())?
        } else {
            decimal_ppm(s).ok_or_else(bad)?
        };
        if ppm > u64::from(Rate::ONE) {
            return Err(bad());
        }
        Ok(Rate(ppm as u32))
    }
}

/// `d.dddddd` as parts per million (up to 6 decimals; at most 100 in whole units).
fn decimal_ppm(s: &str) -> Option<u64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() || frac.len() > 6 || int.len() > 3 {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let i: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let f: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<6}").parse().ok()? };
    Some(i * 1_000_000 + f)
}

/// A station number past the manifest's stations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no station number {0}")]
pub struct NoSuchStation(pub usize);

/// What to generate for one box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Ballots in the box.
    pub ballots: u64,
    /// Voters in the header; `None`: the ballots plus a few who kept their ballot.
    pub voters: Option<u64>,
    /// Seed.
    pub seed: u64,
    /// Whole-ballot blanks (`{}`).
    pub blank: Rate,
    /// Ballots with an overvoted post.
    pub overvote: Rate,
    /// Ballots ruled spoiled.
    pub spoiled: Rate,
    /// Posts with a written-in name (where write-ins are allowed).
    pub write_in: Rate,
    /// Ballots naming the same person twice in a post.
    pub duplicate: Rate,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            ballots: 1000,
            voters: None,
            seed: 1,
            blank: Rate(10_000),
            overvote: Rate(10_000),
            spoiled: Rate(5_000),
            write_in: Rate(20_000),
            duplicate: Rate(2_000),
        }
    }
}

/// Written-in names the generator draws from (people not on the ballot).
const WRITE_IN_NAMES: [&str; 12] = [
    "蓝小芳",
    "雷建国",
    "钟明华",
    "叶春燕",
    "梅永强",
    "吴海波",
    "潘丽娟",
    "任志勇",
    "柳新民",
    "蓝秋菊",
    "雷晓东",
    "张国庆",
];

struct PostModel {
    /// Cumulative weights of the listed candidates (popularity).
    cumulative: Vec<u32>,
    /// For each draw below the total weight, the candidate it picks (the first whose cumulative
    /// weight is above it): a look-up in place of a binary search per mark.
    by_draw: Vec<u8>,
}

impl PostModel {
    fn new(c: &Contest, rng: &mut ChaCha8Rng) -> Self {
        // A few strong candidates (about the seats) and a tail of weaker ones.
        let mut total = 0;
        let cumulative: Vec<u32> = (0..c.candidates.len())
            .map(|i| {
                let strong = (i as u32) < c.seats;
                total += if strong { rng.random_range(60..100) } else { rng.random_range(10..45) };
                total
            })
            .collect();
        let by_draw = (0..total).map(|x| cumulative.partition_point(|&c| c <= x) as u8).collect();
        PostModel { cumulative, by_draw }
    }

    fn pick(&self, rng: &mut ChaCha8Rng, taken: u64) -> Option<usize> {
        let total = *self.cumulative.last()?;
        for _ in 0..16 {
            let x = rng.random_range(0..total);
            let i = usize::from(self.by_draw[x as usize]);
            if taken & (1 << i) == 0 {
                return Some(i);
            }
        }
        (0..self.cumulative.len()).find(|&i| taken & (1 << i) == 0)
    }
}

/// A post's JSON, written once per box: its key (`"id":`) and each candidate's id, quoted.
struct Quoted {
    key: String,
    ids: Vec<String>,
}

/// What a box's lines are written from, quoted once: every post's key and ids, and each written-in
/// name as a choose post writes it (`"w:NAME"`) and as an approve post does (`"NAME"`). The lines
/// are written straight into the box's bytes, with no string made per mark (the county's scale
/// run generates 100 M ballots: issue 23).
struct Words {
    posts: Vec<Quoted>,
    choose_names: Vec<String>,
    approve_names: Vec<String>,
}

impl Words {
    fn new(e: &Election) -> Self {
        let posts = e
            .contests()
            .iter()
            .map(|c| Quoted {
                key: format!("{}:", json(&c.id)),
                ids: c.candidates.iter().map(|k| json(&k.id)).collect(),
            })
            .collect();
        Words {
            posts,
            choose_names: WRITE_IN_NAMES.iter().map(|n| json(&format!("w:{n}"))).collect(),
            approve_names: WRITE_IN_NAMES.iter().map(|n| json(n)).collect(),
        }
    }
}

/// Generates the box file of station `station` (an index into the manifest's stations).
pub fn generate_box(e: &Election, station: usize, spec: &Spec) -> Result<Vec<u8>, NoSuchStation> {
    let st = e.stations().get(station).ok_or(NoSuchStation(station))?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ (station as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let models: Vec<PostModel> = e.contests().iter().map(|c| PostModel::new(c, &mut rng)).collect();
    let voters = spec.voters.unwrap_or_else(|| spec.ballots + rng.random_range(0..=spec.ballots / 200));
    let words = Words::new(e);
    let mut out = Vec::with_capacity(spec.ballots as usize * 64);
    let _ = writeln!(Adapter(&mut out), "{{\"station\":{},\"voters\":{voters}}}", json(&st.id));
    let mut marks: Vec<&str> = Vec::new();
    for _ in 0..spec.ballots {
        if spec.spoiled.hit(&mut rng) {
            out.extend_from_slice(b"{\"spoiled\":true}");
        } else if spec.blank.hit(&mut rng) {
            out.extend_from_slice(b"{}");
        } else {
            let over = spec.overvote.hit(&mut rng).then(|| rng.random_range(0..e.contests().len()));
            let dup = spec.duplicate.hit(&mut rng).then(|| rng.random_range(0..e.contests().len()));
            out.push(b'{');
            let mut first = true;
            for (ci, (c, m)) in e.contests().iter().zip(&models).enumerate() {
                // Now and then a voter leaves one post blank.
                if rng.random_range(0..100) < 3 {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                let q = &words.posts[ci];
                out.extend_from_slice(q.key.as_bytes());
                let mut post = Post { out: &mut out, rng: &mut rng, spec, c, m, q, words: &words };
                match c.style {
                    Style::Choose => post.choose(&mut marks, over == Some(ci), dup == Some(ci)),
                    Style::Approve => post.approve(over == Some(ci)),
                }
            }
            out.push(b'}');
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// One post of one generated ballot, written into the box's bytes.
struct Post<'a, 'w> {
    out: &'a mut Vec<u8>,
    rng: &'a mut ChaCha8Rng,
    spec: &'a Spec,
    c: &'a Contest,
    m: &'a PostModel,
    q: &'w Quoted,
    words: &'w Words,
}

impl<'w> Post<'_, 'w> {
    fn choose(&mut self, marks: &mut Vec<&'w str>, over: bool, dup: bool) {
        let (c, rng) = (self.c, &mut *self.rng);
        let want = if over { c.seats as usize + 1 } else { rng.random_range(1..=c.seats as usize) };
        marks.clear();
        let mut taken = 0u64;
        let write_in = c.write_in && (c.candidates.is_empty() || self.spec.write_in.hit(rng));
        let listed = if write_in { want - 1 } else { want };
        for _ in 0..listed {
            if let Some(i) = self.m.pick(rng, taken) {
                taken |= 1 << i;
                marks.push(&self.q.ids[i]);
            }
        }
        if write_in {
            marks.push(&self.words.choose_names[write_in_name(rng)]);
        }
        if dup && let Some(&m0) = marks.first() {
            // The same person twice: in place of another mark when there is one, so it is not also an overvote.
            if marks.len() >= 2 {
                marks.pop();
            }
            marks.push(m0);
        }
        self.out.push(b'[');
        self.list(marks.iter().copied());
        self.out.push(b']');
    }

    fn approve(&mut self, over: bool) {
        let (c, rng) = (self.c, &mut *self.rng);
        let n = c.candidates.len();
        // Most members mark a full slate; some fewer.
        let full = rng.random_range(0..100) < 75;
        let want = if over {
            n.min(c.seats as usize + 1)
        } else if full {
            (c.seats as usize).min(n)
        } else {
            rng.random_range(0..=c.seats as usize).min(n)
        };
        let mut yes = 0u64;
        for _ in 0..want {
            if let Some(i) = self.m.pick(rng, yes) {
                yes |= 1 << i;
            }
        }
        let mut no = 0u64;
        for i in 0..n {
            if yes & (1 << i) == 0 && rng.random_range(0..100) < 30 {
                no |= 1 << i;
            }
        }
        let q = self.q;
        let ids = |mask: u64| (0..n).filter(move |i| mask & (1 << i) != 0).map(|i| q.ids[i].as_str());
        self.out.extend_from_slice(b"{\"for\":[");
        self.list(ids(yes));
        self.out.extend_from_slice(b"],\"against\":[");
        self.list(ids(no));
        self.out.push(b']');
        let room = (c.seats as usize).saturating_sub(yes.count_ones() as usize);
        if c.write_in && no != 0 && room > 0 && self.spec.write_in.hit(self.rng) {
            let name = &self.words.approve_names[write_in_name(self.rng)];
            self.out.extend_from_slice(b",\"write_in\":[");
            self.out.extend_from_slice(name.as_bytes());
            self.out.push(b']');
        }
        self.out.push(b'}');
    }

    /// Quoted strings, comma-separated.
    fn list<'s>(&mut self, items: impl Iterator<Item = &'s str>) {
        for (i, s) in items.enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.out.extend_from_slice(s.as_bytes());
        }
    }
}

/// A written-in name, by its place in [`WRITE_IN_NAMES`]: a few names are written often, most
/// rarely (the smallest of three draws).
fn write_in_name(rng: &mut ChaCha8Rng) -> usize {
    let a = rng.random_range(0..WRITE_IN_NAMES.len());
    let b = rng.random_range(0..WRITE_IN_NAMES.len());
    let c = rng.random_range(0..WRITE_IN_NAMES.len());
    a.min(b).min(c)
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

struct Adapter<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for Adapter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_exactly() {
        assert_eq!("0.02".parse::<Rate>(), Ok(Rate(20_000)));
        assert_eq!("2%".parse::<Rate>(), Ok(Rate(20_000)));
        assert_eq!("1/50".parse::<Rate>(), Ok(Rate(20_000)));
        assert_eq!("1".parse::<Rate>(), Ok(Rate(1_000_000)));
        assert_eq!(".5".parse::<Rate>(), Ok(Rate(500_000)));
        for bad in ["", "1.5", "-0.1", "0.1234567", "2/1", "x", "1/0", "101%"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }
}
