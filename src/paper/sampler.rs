//! Long file: the sampler and, below it, its test vectors from the Python package itself.
//!
//! Rivest's consistent sampler, ticket for ticket as PyPI `consistent-sampler` 1.0.10 sampling
//! without replacement (docs/AUDIT-vectors.md).
//!
//! Every ballot gets one ticket: `"0."` followed by the decimal digits, least significant first,
//! of SHA-256(`sha256_hex(seed)` + id) read as a 256-bit integer, zero-padded to at least 64
//! digits. The sample of size n is the n smallest tickets, compared as strings (then by id), so a
//! larger sample extends a smaller one. A ballot's id is `"<station>:<position>"`, its position
//! counted from 1 within its box.
//!
//! [`draw`] hashes each ballot once (one SHA-256 block after the seed's hash, whose state is
//! computed once), orders by a `u64` made of the ticket's first 19 digits and builds the full
//! ticket only on a tie of those, keeping at most 2n candidates per parallel task.

use std::cmp::Ordering;
use std::fmt;

use rayon::prelude::*;
use sha2::block_api::compress256;
use sha2::{Digest, Sha256};

/// A ballot drawn: which box (index into the population slice), its position from 1, and its full ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The box: an index into the population slice given to [`draw`].
    pub station: usize,
    /// The ballot's position in its box, counted from 1.
    pub position: u64,
    /// The full ticket, `"0."` and 64 to 78 digits.
    pub ticket: String,
}

impl Drawn {
    /// The ballot's id, `"<station>:<position>"`, the station named as in `population` (an index
    /// outside it gives an empty station name).
    pub fn id(&self, population: &[(&str, u64)]) -> String {
        let station = population.get(self.station).map_or("", |(s, _)| *s);
        format!("{station}:{}", self.position)
    }

    /// The ticket as the package displays it (its `trim`): the leading run of 9s after `"0."`
    /// and then `digits` more digits, truncated, not rounded.
    pub fn display_ticket(&self, digits: usize) -> String {
        let first_non_9 = self.ticket.chars().skip(2).position(|c| c < '9').map_or(usize::MAX, |i| i + 2);
        self.ticket.chars().take(first_non_9.saturating_add(digits)).collect()
    }
}

/// Why a seed is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedError {
    /// Fewer than 20 decimal digits.
    TooShort {
        /// How many digits the seed has.
        digits: usize,
    },
    /// Something other than the ASCII digits 0–9.
    NotDigits,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedError::TooShort { digits } => write!(f, "the seed has {digits} digits; at least 20 are needed"),
            SeedError::NotDigits => write!(f, "the seed holds something other than the digits 0-9"),
        }
    }
}

impl std::error::Error for SeedError {}

/// Is the seed acceptable: at least 20 ASCII decimal digits and nothing else.
pub fn check_seed(seed: &str) -> Result<(), SeedError> {
    if !seed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SeedError::NotDigits);
    }
    if seed.len() < 20 {
        return Err(SeedError::TooShort { digits: seed.len() });
    }
    Ok(())
}

/// SHA-256 hex of the seed (lowercase, 64 characters): the package's `sha256_hex(seed)`.
pub fn seed_hash(seed: &str) -> String {
    hex::encode(Sha256::digest(seed.as_bytes()))
}

/// The full first ticket of one id ("0.ddd…", 64–78 digits): the package's
/// `sha256_uniform(seed_hash + id)`.
pub fn ticket(seed_hash: &str, id: &str) -> String {
    let digest: [u8; 32] = Sha256::new().chain_update(seed_hash).chain_update(id).finalize().into();
    let mut words = [0u32; 8];
    for (w, c) in words.iter_mut().zip(digest.chunks_exact(4)) {
        *w = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
    }
    ticket_string(limbs(words))
}

/// The n smallest tickets of the population, ascending (ties by id, as Python). Station ids
/// should be distinct (the package refuses repeated ids); a repeated one is drawn once per box,
/// the earlier box first.
pub fn draw(seed: &str, population: &[(&str, u64)], n: u64) -> Vec<Drawn> {
    draw_keyed(seed, population, n, 0)
}

/// [`draw`], ordering first by the 19-digit key shifted right by `shift` bits: 0 in use; the
/// tests coarsen the key to make its ties, and the fallback to full tickets, common.
fn draw_keyed(seed: &str, population: &[(&str, u64)], n: u64, shift: u32) -> Vec<Drawn> {
    let mut starts = Vec::with_capacity(population.len());
    let mut total = 0u64;
    for (_, ballots) in population {
        starts.push(total);
        total = total.saturating_add(*ballots);
    }
    let n = usize::try_from(n.min(total)).unwrap_or(usize::MAX);
    if n == 0 {
        return Vec::new();
    }
    let hash = seed_hash(seed);
    let ctx = Ctx { prefix: Prefix::new(&hash), population, shift };
    let best = (0..total.div_ceil(CHUNK))
        .into_par_iter()
        .fold(
            || Best::new(n),
            |mut best, k| {
                let lo = k * CHUNK;
                ctx.scan(&starts, lo, lo.saturating_add(CHUNK).min(total), &mut best);
                best
            },
        )
        .reduce(|| Best::new(n), |a, b| a.merge(b, &ctx));
    let mut items = best.items;
    items.sort_unstable_by(|a, b| ctx.cmp(a, b));
    items.truncate(n);
    items.into_iter().map(|c| Drawn { station: c.station, position: c.position, ticket: ctx.full(&c) }).collect()
}

/// Ballots a parallel task hashes at a time (by their index in the whole population).
const CHUNK: u64 = 1 << 15;

/// 10^19: the first 19 digits of a ticket are the integer modulo this, reversed.
const P19: u64 = 10_000_000_000_000_000_000;

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// SHA-256's state after a 64-byte seed hash, the first block of every ballot's message.
#[derive(Clone, Copy)]
struct Prefix {
    state: [u32; 8],
}

impl Prefix {
    /// From the seed's hash: 64 hex characters, exactly one block.
    fn new(seed_hash: &str) -> Self {
        let mut block = [0u8; 64];
        let b = seed_hash.as_bytes();
        let len = b.len().min(64);
        block[..len].copy_from_slice(&b[..len]);
        let mut state = H0;
        compress256(&mut state, &[block]);
        Prefix { state }
    }

    /// SHA-256 of the seed hash followed by `tail`, as its eight big-endian words.
    fn digest(&self, tail: &[u8]) -> [u32; 8] {
        let mut state = self.state;
        let mut chunks = tail.chunks_exact(64);
        for c in &mut chunks {
            let mut block = [0u8; 64];
            block.copy_from_slice(c);
            compress256(&mut state, &[block]);
        }
        let rest = chunks.remainder();
        let mut last = [[0u8; 64]; 2];
        let flat = last.as_flattened_mut();
        flat[..rest.len()].copy_from_slice(rest);
        flat[rest.len()] = 0x80;
        let blocks = if rest.len() + 9 <= 64 { 1 } else { 2 };
        let bits = (64u64 + tail.len() as u64).wrapping_mul(8);
        flat[blocks * 64 - 8..blocks * 64].copy_from_slice(&bits.to_be_bytes());
        compress256(&mut state, &last[..blocks]);
        state
    }
}

/// The 256-bit integer of a digest's words, least significant limb first.
fn limbs(w: [u32; 8]) -> [u64; 4] {
    let limb = |i: usize| (u64::from(w[i]) << 32) | u64::from(w[i + 1]);
    [limb(6), limb(4), limb(2), limb(0)]
}

/// The integer modulo 10^19.
fn low19(l: [u64; 4]) -> u64 {
    const C1: u128 = (1u128 << 64) % P19 as u128;
    const C2: u128 = C1 * C1 % P19 as u128;
    const C3: u128 = C2 * C1 % P19 as u128;
    let p = P19 as u128;
    // Each term is below 10^38, the sum below 3.1 * 10^38 < 2^128.
    let s = u128::from(l[0] % P19)
        + u128::from(l[1] % P19) * C1
        + u128::from(l[2] % P19) * C2
        + u128::from(l[3] % P19) * C3;
    (s % p) as u64
}

/// `REV4[v]`: the four digits of v, zero-padded, in reverse order.
static REV4: [u16; 10_000] = {
    let mut t = [0u16; 10_000];
    let mut v = 0;
    while v < 10_000 {
        t[v] = ((v % 10) * 1000 + (v / 10 % 10) * 100 + (v / 100 % 10) * 10 + v / 1000) as u16;
        v += 1;
    }
    t
};

/// The 19 digits of r (below 10^19, zero-padded) in reverse order: the ticket's first 19 digits
/// as a number, ordered as they are as strings.
fn reverse19(r: u64) -> u64 {
    let rev = |c: u64| u64::from(REV4[(c % 10_000) as usize]);
    rev(r) * 1_000_000_000_000_000
        + rev(r / 10_000) * 100_000_000_000
        + rev(r / 100_000_000) * 10_000_000
        + rev(r / 1_000_000_000_000) * 1000
        + rev(r / 10_000_000_000_000_000) / 10
}

/// The ticket of a 256-bit integer: "0." and its decimal digits, least significant first,
/// zero-padded to at least 64.
fn ticket_string(mut l: [u64; 4]) -> String {
    let mut digits = Vec::with_capacity(100);
    for _ in 0..5 {
        let mut r = 0u64;
        for limb in l.iter_mut().rev() {
            let cur = (u128::from(r) << 64) | u128::from(*limb);
            *limb = (cur / P19 as u128) as u64;
            r = (cur % P19 as u128) as u64;
        }
        for _ in 0..19 {
            digits.push(b'0' + (r % 10) as u8);
            r /= 10;
        }
    }
    let significant = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    digits.truncate(significant.max(64));
    let mut t = String::with_capacity(2 + digits.len());
    t.push_str("0.");
    t.extend(digits.iter().map(|&d| char::from(d)));
    t
}

/// Appends the decimal digits of `v`.
fn push_decimal(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// A ballot in the running: its key (the ticket's first 19 digits), box and position.
#[derive(Clone, Copy, Debug)]
struct Cand {
    key: u64,
    station: usize,
    position: u64,
}

/// What every task shares: the seed's hash state and the population.
struct Ctx<'a> {
    prefix: Prefix,
    population: &'a [(&'a str, u64)],
    shift: u32,
}

impl Ctx<'_> {
    /// The ballot id's bytes.
    fn id(&self, c: &Cand) -> Vec<u8> {
        let station = self.population.get(c.station).map_or("", |(s, _)| *s);
        let mut id = Vec::with_capacity(station.len() + 21);
        id.extend_from_slice(station.as_bytes());
        id.push(b':');
        push_decimal(&mut id, c.position);
        id
    }

    /// The candidate's full ticket.
    fn full(&self, c: &Cand) -> String {
        ticket_string(limbs(self.prefix.digest(&self.id(c))))
    }

    /// Python's order of `Ticket(ticket_number, id, 1)`: by ticket string, then by id; the full
    /// tickets are built only when the keys tie.
    fn cmp(&self, a: &Cand, b: &Cand) -> Ordering {
        a.key.cmp(&b.key).then_with(|| {
            if (a.station, a.position) == (b.station, b.position) {
                return Ordering::Equal;
            }
            self.full(a)
                .cmp(&self.full(b))
                .then_with(|| self.id(a).cmp(&self.id(b)))
                .then((a.station, a.position).cmp(&(b.station, b.position)))
        })
    }

    /// Offers the ballots of global indexes `lo..hi` to `best`.
    fn scan(&self, starts: &[u64], lo: u64, hi: u64, best: &mut Best) {
        let mut s = starts.partition_point(|&st| st <= lo).saturating_sub(1);
        let mut g = lo;
        let mut tail = Vec::with_capacity(64);
        while g < hi && s < self.population.len() {
            let (station, ballots) = self.population[s];
            let end = starts[s].saturating_add(ballots).min(hi);
            tail.clear();
            tail.extend_from_slice(station.as_bytes());
            tail.push(b':');
            let base = tail.len();
            while g < end {
                let position = g - starts[s] + 1;
                tail.truncate(base);
                push_decimal(&mut tail, position);
                let key = reverse19(low19(limbs(self.prefix.digest(&tail)))) >> self.shift;
                best.offer(Cand { key, station: s, position }, self);
                g += 1;
            }
            s += 1;
        }
    }
}

/// The n smallest candidates seen so far, among at most 2n kept; none above `threshold` can be
/// among them.
struct Best {
    n: usize,
    items: Vec<Cand>,
    threshold: u64,
}

impl Best {
    fn new(n: usize) -> Self {
        Best { n, items: Vec::new(), threshold: u64::MAX }
    }

    fn offer(&mut self, c: Cand, ctx: &Ctx<'_>) {
        if c.key > self.threshold {
            return;
        }
        self.items.push(c);
        if self.items.len() >= self.n.saturating_mul(2).max(self.n.saturating_add(1024)) {
            self.prune(ctx);
        }
    }

    /// Keeps the n smallest; the threshold becomes the largest key kept.
    fn prune(&mut self, ctx: &Ctx<'_>) {
        if self.n == 0 {
            self.items.clear();
        } else if self.items.len() > self.n {
            self.items.select_nth_unstable_by(self.n - 1, |a, b| ctx.cmp(a, b));
            self.items.truncate(self.n);
            self.threshold = self.items[self.n - 1].key;
        }
    }

    fn merge(mut self, mut other: Best, ctx: &Ctx<'_>) -> Best {
        if other.items.len() > self.items.len() {
            std::mem::swap(&mut self, &mut other);
        }
        self.threshold = self.threshold.min(other.threshold);
        for c in other.items {
            self.offer(c, ctx);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The seed of the three-box vector (docs/AUDIT-vectors.md).
    const SEED: &str = "31415926535897932384";
    const THREE_BOXES: [(&str, u64); 3] = [("central", 7), ("east", 5), ("mobile", 3)];

    /// Every ballot's full ticket under `SEED`, from the Python package (`first_fraction`).
    const THREE_BOX_TICKETS: [(&str, &str); 15] = [
        ("central:1", "0.57815720919573126873576651001594492603543280427685977860661420193534440612999"),
        ("central:2", "0.88802801184502018036168334967945000931441001917140575783286010768533207775441"),
        ("central:3", "0.440388120517815752525746431077438884979389361405318240803789777516467971924501"),
        ("central:4", "0.54042462786869383237191375585303607404653097958764802641626549647926462227484"),
        ("central:5", "0.23133666870556399219668192009672456929636505787470332007277509781907822465052"),
        ("central:6", "0.83189709277343733925124867886131239717068691215130525529377674355365889979249"),
        ("central:7", "0.00508718885837979531006094851795526743328781925370515819663112106470036914051"),
        ("east:1", "0.009874968759902545244376998901542769766090581598750692810932473897867864013411"),
        ("east:2", "0.69187605240884677114614698608960025129177482753695762948016429056195451134637"),
        ("east:3", "0.96035877150753328502379614013054971868232247480324831730858264886401605032403"),
        ("east:4", "0.56298341271771805780709145877817323428984332954772551068591704463601161074093"),
        ("east:5", "0.73421102652802756512113380748663765027466862249099181279639814479839543419822"),
        ("mobile:1", "0.92100710316931868752235814295425958772014710283886245060767825023639685212724"),
        ("mobile:2", "0.34494636762313916088878115405567037820502227948417526241550704422069533591099"),
        ("mobile:3", "0.813496110705171372108537604157294201265186992689398451078883339148157527171511"),
    ];

    /// The package's draw order of the three boxes (`sampler(ids, seed=SEED, ...)`).
    const THREE_BOX_ORDER: [&str; 15] = [
        "central:7",
        "east:1",
        "central:5",
        "mobile:2",
        "central:3",
        "central:4",
        "east:4",
        "central:1",
        "east:2",
        "east:5",
        "mobile:3",
        "central:6",
        "central:2",
        "mobile:1",
        "east:3",
    ];

    fn ids(drawn: &[Drawn], population: &[(&str, u64)]) -> Vec<String> {
        drawn.iter().map(|d| d.id(population)).collect()
    }

    /// Every ticket built the plain way (the public `ticket` of each id), sorted as Python sorts
    /// `Ticket` tuples: the specification `draw` must equal.
    fn naive(seed: &str, population: &[(&str, u64)], n: u64) -> Vec<(String, String)> {
        let h = seed_hash(seed);
        let mut all: Vec<(String, String)> = population
            .iter()
            .flat_map(|(s, b)| (1..=*b).map(move |p| format!("{s}:{p}")))
            .map(|id| (ticket(&h, &id), id))
            .collect();
        all.sort();
        all.truncate(n.min(all.len() as u64) as usize);
        all
    }

    #[test]
    fn first_fraction_matches_the_packages_doctest() {
        let h = seed_hash("01382438112797316654");
        assert_eq!(
            ticket(&h, "AB-130"),
            "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
        );
    }

    #[test]
    fn sha256_uniform_of_abc_matches_the_packages_doctest() {
        // sha256_uniform(h) is the ticket of h after an empty seed hash.
        assert_eq!(
            ticket("", "abc"),
            "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
        );
        assert_eq!(seed_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn every_ticket_of_three_boxes_matches_python() {
        let h = seed_hash(SEED);
        assert_eq!(h, "d23f87b5801cc23d64ca7e118fbd3c46554d139db14b7b29c7e984000fe120dc");
        for (id, t) in THREE_BOX_TICKETS {
            assert_eq!(ticket(&h, id), t, "{id}");
        }
    }

    #[test]
    fn the_draw_order_of_three_boxes_matches_python() {
        let drawn = draw(SEED, &THREE_BOXES, 15);
        assert_eq!(ids(&drawn, &THREE_BOXES), THREE_BOX_ORDER);
        for d in &drawn {
            let id = d.id(&THREE_BOXES);
            let (_, t) = THREE_BOX_TICKETS.iter().find(|(i, _)| *i == id).unwrap();
            assert_eq!(d.ticket, *t, "{id}");
        }
        assert_eq!(drawn[0].station, 0);
        assert_eq!(drawn[0].position, 7);
        assert_eq!(drawn[1].display_ticket(9), "0.009874968");
    }

    #[test]
    fn a_sample_larger_than_the_population_is_all_of_it() {
        assert_eq!(ids(&draw(SEED, &THREE_BOXES, u64::MAX), &THREE_BOXES), THREE_BOX_ORDER);
        assert!(draw(SEED, &THREE_BOXES, 0).is_empty());
        assert!(draw(SEED, &[], 10).is_empty());
        assert!(draw(SEED, &[("empty", 0)], 10).is_empty());
    }

    #[test]
    fn a_ticket_keeps_fewer_than_78_digits_when_the_integer_has_fewer() {
        // central:34 under SEED: a 75-digit integer (Python's first_fraction).
        let t = ticket(&seed_hash(SEED), "central:34");
        assert_eq!(t, "0.475550588869882322618123577450377671275605811412569070902396702755532043091");
        assert_eq!(t.len(), 2 + 75);
        // central:7, east:1: 77 and 78 digits, the first starting with two zeros.
        assert_eq!(THREE_BOX_TICKETS[6].1.len(), 2 + 77);
        assert_eq!(THREE_BOX_TICKETS[7].1.len(), 2 + 78);
    }

    #[test]
    fn a_ticket_is_padded_to_64_digits() {
        assert_eq!(ticket_string([0; 4]), format!("0.{}", "0".repeat(64)));
        assert_eq!(ticket_string([12, 0, 0, 0]), format!("0.21{}", "0".repeat(62)));
        let big = ticket_string([u64::MAX; 4]);
        // 2^256 - 1 = 115792089237316195423570985008687907853269984665640564039457584007913129639935
        assert_eq!(big, "0.539936921319700485754930465046566489962358709786800589075324591613732980297511");
    }

    #[test]
    fn ids_past_one_block_and_in_chinese_match_python() {
        let b = "b".repeat(50);
        let c = "c".repeat(54);
        let pop = [("村委会", 3), (b.as_str(), 3), (c.as_str(), 3)];
        let drawn = draw("01382438112797316654", &pop, 9);
        let expect = [
            ("村委会:1", "0.089770545177986152702643179450253707498709600124824500265550217491302568815001"),
            ("b:3", "0.09084614793081121831692339887314553465671921986449824873683934725067485579576"),
            ("c:2", "0.29519661912323809780394702306096485123651463758463796304796771693798881260999"),
            ("c:1", "0.30517252016692323944137815447212545506464300613603938040711327654943415140222"),
            ("b:1", "0.49901076322755985059881142477364172789489276355096845877368248652412982378158"),
            ("c:3", "0.5211935909717901689517641609477324565718814858221227485381649523181325691702"),
            ("b:2", "0.572677389312909721830615306908625487603300558101808667498712888945640772230311"),
            ("村委会:3", "0.58452812239434050811512002179916967265832060761161856569403555399456275913297"),
            ("村委会:2", "0.70416952601904926780629801639089716024198819231226047674001444925030244158624"),
        ];
        let got: Vec<(String, String)> = drawn.iter().map(|d| (d.id(&pop), d.ticket.clone())).collect();
        let want: Vec<(String, String)> = expect
            .iter()
            .map(|(id, t)| (id.replacen("b:", &format!("{b}:"), 1).replacen("c:", &format!("{c}:"), 1), t.to_string()))
            .collect();
        assert_eq!(got, want);
        let x = "x".repeat(70);
        assert_eq!(
            ticket(&seed_hash("01382438112797316654"), &format!("{x}:1")),
            "0.72133602614058075351755304338083297632036545078608639189041489829828410754237"
        );
    }

    #[test]
    fn the_first_twelve_of_ten_thousand_match_python() {
        let names: Vec<String> = (0..100).map(|i| format!("st{i:03}")).collect();
        let pop: Vec<(&str, u64)> = names.iter().map(|s| (s.as_str(), 100)).collect();
        let drawn = draw("01382438112797316654", &pop, 12);
        let got: Vec<(String, String)> = drawn.iter().map(|d| (d.display_ticket(9), d.id(&pop))).collect();
        let want = [
            ("0.000019862", "st045:17"),
            ("0.000046518", "st014:83"),
            ("0.000119458", "st063:3"),
            ("0.000216603", "st007:6"),
            ("0.000232243", "st067:31"),
            ("0.000393219", "st086:78"),
            ("0.000420198", "st021:55"),
            ("0.000567513", "st061:84"),
            ("0.000673667", "st099:58"),
            ("0.000718967", "st035:36"),
            ("0.000724822", "st035:65"),
            ("0.000733649", "st007:49"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(t, i)| (t.to_string(), i.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn display_ticket_trims_as_the_package() {
        // The package's doctests: trim('0.9991234567890', 4) and sampler([...], seed=314159).
        let d = |t: &str| Drawn { station: 0, position: 1, ticket: t.into() };
        assert_eq!(d("0.9991234567890").display_ticket(4), "0.9991234");
        assert_eq!(d("0.999").display_ticket(4), "0.999");
        assert_eq!(d("").display_ticket(4), "");
        assert_eq!(d("0.9é9").display_ticket(1), "0.9é9");
        assert_eq!(d("0.1é2").display_ticket(2), "0.1é");
        let h = seed_hash("314159");
        for (id, shown) in
            [("cd-1", "0.317685817"), ("ef-3", "0.832984519"), ("ab-1", "0.9098039269"), ("ab-2", "0.9231549043")]
        {
            assert_eq!(d(&ticket(&h, id)).display_ticket(9), shown, "{id}");
        }
    }

    #[test]
    fn a_seed_is_twenty_or_more_digits_and_nothing_else() {
        assert_eq!(check_seed(SEED), Ok(()));
        assert_eq!(check_seed("0123456789012345678901234"), Ok(()));
        assert_eq!(check_seed("0123456789012345678"), Err(SeedError::TooShort { digits: 19 }));
        assert_eq!(check_seed(""), Err(SeedError::TooShort { digits: 0 }));
        assert_eq!(check_seed("01234567890123456789 "), Err(SeedError::NotDigits));
        assert_eq!(check_seed("0123456789012345678９"), Err(SeedError::NotDigits));
        assert_eq!(check_seed("-1234567890123456789"), Err(SeedError::NotDigits));
    }

    #[test]
    fn the_one_block_digest_equals_sha256_for_every_tail_length() {
        let h = seed_hash(SEED);
        let prefix = Prefix::new(&h);
        for len in 0..200 {
            let tail: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let mut words = [0u32; 8];
            let mut message = h.clone().into_bytes();
            message.extend_from_slice(&tail);
            let d: [u8; 32] = Sha256::digest(&message).into();
            for (w, c) in words.iter_mut().zip(d.chunks_exact(4)) {
                *w = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
            }
            assert_eq!(prefix.digest(&tail), words, "tail of {len} bytes");
        }
    }

    #[test]
    fn the_key_is_the_tickets_first_19_digits() {
        let h = seed_hash(SEED);
        let prefix = Prefix::new(&h);
        for (id, t) in THREE_BOX_TICKETS {
            let key = reverse19(low19(limbs(prefix.digest(id.as_bytes()))));
            assert_eq!(format!("{key:019}"), t[2..21], "{id}");
        }
        assert_eq!(reverse19(1), 1_000_000_000_000_000_000);
        assert_eq!(reverse19(P19 - 1), P19 - 1);
        assert_eq!(reverse19(1_234_567_890_123_456_789), 9_876_543_210_987_654_321);
        assert_eq!(low19([u64::MAX; 4]), 7_584_007_913_129_639_935);
    }

    fn population() -> impl Strategy<Value = Vec<(String, u64)>> {
        let name = prop_oneof![
            "[a-c]{1,3}",
            "[a-z0-9:-]{0,8}",
            "[村委会东]{1,3}",
            "[a-z]{50,70}", // past one SHA-256 block
        ];
        prop::collection::vec((name, 0u64..25), 0..6).prop_map(|mut v| {
            let mut seen = std::collections::HashSet::new();
            v.retain(|(s, _)| seen.insert(s.clone()));
            v
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn draw_equals_a_naive_sort_of_every_full_ticket(
            pop in population(), n in 0u64..80, seed in "[0-9]{20,24}", shift in prop_oneof![Just(0u32), 58u32..64],
        ) {
            let pop: Vec<(&str, u64)> = pop.iter().map(|(s, b)| (s.as_str(), *b)).collect();
            let got: Vec<(String, String)> =
                draw_keyed(&seed, &pop, n, shift).iter().map(|d| (d.ticket.clone(), d.id(&pop))).collect();
            prop_assert_eq!(got, naive(&seed, &pop, n));
        }

        #[test]
        fn a_larger_draw_extends_a_smaller_one(
            pop in population(), n in 0u64..60, k in 0u64..40, seed in "[0-9]{20}", shift in prop_oneof![Just(0u32), 60u32..64],
        ) {
            let pop: Vec<(&str, u64)> = pop.iter().map(|(s, b)| (s.as_str(), *b)).collect();
            let small = draw_keyed(&seed, &pop, n, shift);
            let large = draw_keyed(&seed, &pop, n + k, shift);
            prop_assert!(large.len() >= small.len());
            prop_assert_eq!(&large[..small.len()], &small[..]);
        }
    }

    #[test]
    fn a_draw_across_many_chunks_equals_the_naive_sort() {
        // 3 boxes spanning several 2^15-ballot chunks (one chunk holding parts of two boxes), with
        // coarse keys so that pruning meets ties.
        let pop = [("a", 40_000), ("b", 0), ("c", 30_000), ("d", 1)];
        for shift in [0, 50] {
            let got: Vec<(String, String)> =
                draw_keyed(SEED, &pop, 700, shift).iter().map(|d| (d.ticket.clone(), d.id(&pop))).collect();
            assert_eq!(got, naive(SEED, &pop, 700), "shift {shift}");
        }
    }

    /// The benchmark's county (issue 20): the first 10,000 of 10,000 boxes of 10,000 ballots. Run
    /// it for its time and peak memory with
    /// `/usr/bin/time -v cargo test --release --lib -- --ignored a_county_of_100m_ballots`.
    #[test]
    #[ignore = "100 M hashes: seconds in release, minutes in a debug build"]
    fn a_county_of_100m_ballots_draws_10k_in_flat_memory() {
        let names: Vec<String> = (0..10_000).map(|i| format!("s{i:05}")).collect();
        let pop: Vec<(&str, u64)> = names.iter().map(|s| (s.as_str(), 10_000)).collect();
        let start = std::time::Instant::now();
        let drawn = draw(SEED, &pop, 10_000);
        eprintln!("drew 10,000 of 100 M in {:?}", start.elapsed());
        assert_eq!(drawn.len(), 10_000);
        assert!(drawn.windows(2).all(|w| (&w[0].ticket, w[0].id(&pop)) < (&w[1].ticket, w[1].id(&pop))));
        // The draw restricted to one box is that box's own draw (consistent sampling).
        let first = drawn[0].station;
        let own: Vec<Drawn> = draw(SEED, &pop[first..=first], 10_000)
            .into_iter()
            .take_while(|d| d.ticket <= drawn[9_999].ticket)
            .collect();
        let restricted: Vec<(u64, String)> =
            drawn.iter().filter(|d| d.station == first).map(|d| (d.position, d.ticket.clone())).collect();
        assert_eq!(own.into_iter().map(|d| (d.position, d.ticket)).collect::<Vec<_>>(), restricted);
    }
}
