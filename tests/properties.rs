//! Properties that hold for every count: each post's votes, blanks and voided posts account for
//! every valid ballot; parallel equals sequential; the order of boxes and of ballots does not matter;
//! the outcome JSON round-trips; a ballot's canonical record is a fixed point that counts the same;
//! after kinship avoidance no two winners are close relatives, and a register relating nobody
//! changes nobody elected.

use std::path::Path;

use proptest::prelude::*;
use station_firmware_sim::synth::{Rate, Spec, generate_box};
use zheng::vote::ballot::{BallotBatch, Schema};
use zheng::vote::boxfile::BoxSource;
use zheng::vote::count::count_boxes;
use zheng::vote::manifest::Election;
use zheng::vote::model::Style;
use zheng::vote::outcome::{Outcome, StatedOutcome};
use zheng::vote::tally::{Kernel, Tally};

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
    let mut b = BallotBatch::new(s.layout());
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
            let t = Tally::of_batch(&e, &Kernel::new(&e, s.layout()), &b);
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
        let k = Kernel::new(&e, s.layout());
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

    /// The outcome JSON reads back to the same outcome — checked against its manifest, as a file
    /// read is — and writes the same bytes.
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
            let back: Outcome = serde_json::from_str::<StatedOutcome>(&text).unwrap().check(Some(&e)).unwrap();
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
                let (mut b1, mut b2) = (BallotBatch::new(s.layout()), BallotBatch::new(s.layout()));
                let mut record = Vec::new();
                let v1 = d.decode_record(line, &mut b1, &mut record).unwrap();
                let mut again = Vec::new();
                let v2 = d.decode_record(&record, &mut b2, &mut again).unwrap();
                prop_assert_eq!(&again, &record, "{}", String::from_utf8_lossy(line));
                prop_assert_eq!(v1, v2);
                prop_assert_eq!((b1.words(), b1.invalid()), (b2.words(), b2.invalid()));
            }
        }
    }
}

/// A register of the manifest's listed people, with these pairs (indices into its persons)
/// declared spouses or siblings.
fn register_of(e: &Election, pairs: &[(usize, usize, bool)]) -> zheng::vote::register::Register {
    let mut t = format!("village = \"{}\"\n", e.village());
    for (i, p) in e.persons().iter().enumerate() {
        t.push_str(&format!("[[person]]\nid = \"r{i}\"\nname = \"{}\"\n", p.name));
    }
    let mut seen = std::collections::BTreeSet::new();
    for &(a, b, spouse) in pairs {
        let (a, b) = (a % e.persons().len(), b % e.persons().len());
        if a != b && seen.insert((a.min(b), a.max(b))) {
            let kind = if spouse { "spouse" } else { "sibling" };
            t.push_str(&format!("[[relation]]\na = \"r{a}\"\nb = \"r{b}\"\nkind = \"{kind}\"\n"));
        }
    }
    zheng::vote::register::Register::from_toml(&t, Path::new("people.toml")).unwrap()
}

fn outcome_with(e: &Election, bytes: &[u8], r: Option<&zheng::vote::register::Register>) -> Outcome {
    let sources = [BoxSource::Memory("central".into(), bytes)];
    Outcome::with_register(e, &count_boxes(e, &sources, true).unwrap(), r)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// ZJE31: after kinship avoidance no two people elected in one vote are close relatives, and
    /// nobody who stood down is elected to any post of it.
    #[test]
    fn zje31_no_two_winners_are_close_relatives(seed in any::<u64>(), n in 700u64..1400, r in rates(), pairs in prop::collection::vec((0usize..64, 0usize..64, any::<bool>()), 0..12)) {
        for e in [election(""), party()] {
            let reg = register_of(&e, &pairs);
            let n = n * e.registered() / 1500;
            let o = outcome_with(&e, &generate_box(&e, 0, &spec(seed, n, r)).unwrap(), Some(&reg));
            let mut winners = Vec::new();
            for c in &o.contests {
                for key in &c.elected {
                    let line = c.tally.iter().find(|t| t.key() == key).unwrap();
                    winners.push(line.person.clone());
                }
                for a in &c.avoided {
                    prop_assert!(o.contests.iter().all(|x| !x.elected.contains(&a.id)), "{} stood down yet is elected", a.id);
                }
            }
            let idx: Vec<usize> = winners.iter().flatten().map(|p| reg.index(p).unwrap()).collect();
            for (i, &x) in idx.iter().enumerate() {
                for &y in &idx[i + 1..] {
                    prop_assert!(reg.kinship(x, y).is_none_or(|k| !k.is_close()), "{x} and {y} both elected");
                }
            }
        }
    }

    /// A register that relates nobody elects exactly whom the count without it elects.
    #[test]
    fn a_register_relating_nobody_changes_nothing(seed in any::<u64>(), n in 0u64..1400, r in rates()) {
        for e in [election(""), party()] {
            let bytes = generate_box(&e, 0, &spec(seed, n * e.registered() / 1500, r)).unwrap();
            let mut with = outcome_with(&e, &bytes, Some(&register_of(&e, &[])));
            for t in with.contests.iter_mut().flat_map(|c| c.tally.iter_mut()) {
                t.person = None;
            }
            for c in with.contests.iter_mut() {
                c.unmatched.clear();
            }
            prop_assert_eq!(with, outcome_with(&e, &bytes, None));
        }
    }
}
