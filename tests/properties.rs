//! Properties that hold for every count: each post's votes, blanks and voided posts account for
//! every valid ballot; parallel equals sequential; the order of boxes and of ballots does not matter;
//! the outcome JSON round-trips; a ballot's canonical record is a fixed point that counts the same.

use std::path::Path;

use proptest::prelude::*;
use station_firmware_sim::synth::{Rate, Spec, generate_box};
use zheng::law::ballot::{BallotBatch, Schema};
use zheng::law::count::{BoxSource, count_boxes};
use zheng::law::manifest::Election;
use zheng::law::model::Style;
use zheng::law::outcome::Outcome;
use zheng::law::tally::{Kernel, Tally};

fn election(overvote_scope: &str) -> Election {
    let mut t = include_str!("../fixtures/kengtou-vc/election.toml").to_string();
    if !overvote_scope.is_empty() {
        t.push_str(&format!("\n[rules]\novervote = \"{overvote_scope}\"\nduplicate = \"{overvote_scope}\"\ncross_post = \"{overvote_scope}\"\n"));
    }
    Election::from_toml(&t, Path::new("vc.toml")).unwrap()
}

fn party() -> Election {
    Election::from_toml(include_str!("../fixtures/kengtou-party/election.toml"), Path::new("party.toml")).unwrap()
}

fn spec(seed: u64, ballots: u64, r: [u32; 5]) -> Spec {
    Spec {
        ballots,
        voters: None,
        seed,
        blank: Rate(r[0]),
        overvote: Rate(r[1]),
        spoiled: Rate(r[2]),
        write_in: Rate(r[3]),
        duplicate: Rate(r[4]),
    }
}

fn rates() -> impl Strategy<Value = [u32; 5]> {
    prop::array::uniform5(0u32..300_000)
}

fn batch(e: &Election, bytes: &[u8]) -> BallotBatch {
    let s = Schema::new(e);
    let mut d = s.decoder();
    let mut b = BallotBatch::new(&s.layout);
    for line in bytes.split(|&c| c == b'\n').skip(1).filter(|l| !l.is_empty()) {
        d.decode(line, &mut b).unwrap();
    }
    b
}

fn outcome(e: &Election, boxes: &[(String, Vec<u8>)]) -> Outcome {
    let sources: Vec<BoxSource<'_>> = boxes.iter().map(|(n, b)| BoxSource::Memory(n.into(), b)).collect();
    Outcome::new(e, &count_boxes(e, &sources, false).unwrap())
}

fn shuffled(bytes: &[u8], seed: u64) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = bytes.split(|&c| c == b'\n').filter(|l| !l.is_empty()).collect();
    let header = lines.remove(0);
    // A deterministic Fisher–Yates driven by the seed.
    let mut x = seed | 1;
    for i in (1..lines.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lines.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut out = header.to_vec();
    for l in lines {
        out.push(b'\n');
        out.extend_from_slice(l);
    }
    out.push(b'\n');
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every post: marked + blank + voided ballots = valid ballots, and votes lie between one and
    /// `seats` per marked ballot (Tally::check), under Zhejiang and per-post rules, both styles.
    #[test]
    fn every_valid_ballot_is_accounted_for(seed in any::<u64>(), n in 0u64..3000, r in rates(), scope in prop::sample::select(vec!["", "post"])) {
        for e in [election(scope), party()] {
            let bytes = generate_box(&e, 0, &spec(seed, n, r)).unwrap();
            let b = batch(&e, &bytes);
            let s = Schema::new(&e);
            let t = Tally::of_batch(&e, &Kernel::new(&e, &s.layout), &b);
            t.check(&e).unwrap();
            prop_assert_eq!(t.ballots(), n);
            for (c, ct) in e.contests().iter().zip(&t.contests) {
                let marked = t.valid - ct.blank - ct.voided;
                let votes: u64 = ct.votes.iter().sum::<u64>() + ct.write_ins.values().sum::<u64>();
                if c.seats == 1 && c.style == Style::Choose {
                    prop_assert_eq!(votes + ct.blank + ct.voided, t.valid);
                }
                prop_assert!(votes <= u64::from(c.seats) * marked);
            }
        }
    }

    /// The parallel tally equals the sequential one.
    #[test]
    fn parallel_equals_sequential(seed in any::<u64>(), n in 0u64..140_000, r in rates()) {
        let e = election("");
        let bytes = generate_box(&e, 1, &spec(seed, n, r)).unwrap();
        let b = batch(&e, &bytes);
        let s = Schema::new(&e);
        let k = Kernel::new(&e, &s.layout);
        prop_assert_eq!(Tally::of_batch(&e, &k, &b), Tally::of_batch_par(&e, &k, &b));
    }

    /// Neither the order of the boxes nor the order of ballots in a box changes anything.
    #[test]
    fn order_does_not_matter(seed in any::<u64>(), sizes in prop::array::uniform4(0u64..400), r in rates(), perm in Just(vec![0usize, 1, 2, 3]).prop_shuffle()) {
        let e = election("");
        let boxes: Vec<(String, Vec<u8>)> = (0..4)
            .map(|i| (format!("box{i}"), generate_box(&e, i, &spec(seed, sizes[i], r)).unwrap()))
            .collect();
        let base = outcome(&e, &boxes);
        let permuted: Vec<(String, Vec<u8>)> = perm.iter().map(|&i| boxes[i].clone()).collect();
        prop_assert_eq!(&base, &outcome(&e, &permuted));
        let reshuffled: Vec<(String, Vec<u8>)> = boxes.iter().map(|(n, b)| (n.clone(), shuffled(b, seed))).collect();
        prop_assert_eq!(&base, &outcome(&e, &reshuffled));
    }

    /// The outcome JSON reads back to the same outcome, and writes the same bytes.
    #[test]
    fn outcome_json_round_trips(seed in any::<u64>(), n in 0u64..500, r in rates()) {
        for e in [election(""), party()] {
            // No box may claim more voters than the whole register (an input error).
            let n = n.min(e.registered() * 199 / 200 / e.stations().len() as u64);
            let boxes: Vec<(String, Vec<u8>)> = (0..e.stations().len())
                .map(|i| (format!("b{i}"), generate_box(&e, i, &spec(seed, n, r)).unwrap()))
                .collect();
            let o = outcome(&e, &boxes);
            let text = serde_json::to_string_pretty(&o).unwrap();
            let back: Outcome = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &o);
            prop_assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        }
    }

    /// A ballot's canonical record, made by the decoder, reads back to itself and to the same
    /// verdict and count: one form per ballot, whatever the order of its marks or keys.
    #[test]
    fn the_canonical_record_is_a_fixed_point(seed in any::<u64>(), n in 0u64..400, r in rates(), scope in prop::sample::select(vec!["", "post"])) {
        for e in [election(scope), party()] {
            let bytes = generate_box(&e, 0, &spec(seed, n, r)).unwrap();
            let s = Schema::new(&e);
            let mut d = s.decoder();
            for line in bytes.split(|&c| c == b'\n').skip(1).filter(|l| !l.is_empty()) {
                let (mut b1, mut b2) = (BallotBatch::new(&s.layout), BallotBatch::new(&s.layout));
                let mut record = Vec::new();
                let v1 = d.decode_record(line, &mut b1, &mut record).unwrap();
                let mut again = Vec::new();
                let v2 = d.decode_record(&record, &mut b2, &mut again).unwrap();
                prop_assert_eq!(&again, &record, "{}", String::from_utf8_lossy(line));
                prop_assert_eq!(v1, v2);
                prop_assert_eq!((&b1.words, &b1.invalid), (&b2.words, &b2.invalid));
            }
        }
    }
}
