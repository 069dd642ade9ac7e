//! Counting by hand, across the kernel's lanes, and the invariants that catch a broken tally.

use std::path::Path;

use super::*;
use crate::error::Error;
use crate::vote::ballot::{BallotBatch, BallotVerdict, InvalidCounts, Schema};
use crate::vote::manifest::Election;

fn e() -> Election {
    Election::from_toml(crate::vote::testing::VC, Path::new("t")).unwrap()
}

fn tally(e: &Election, lines: &[&str]) -> Tally {
    let s = Schema::new(e);
    let mut d = s.decoder();
    let mut b = BallotBatch::new(s.layout());
    for l in lines {
        d.decode(l.as_bytes(), &mut b).unwrap();
    }
    let k = Kernel::new(e, s.layout());
    let t = Tally::of_batch(e, &k, &b);
    assert_eq!(t, Tally::of_batch_par(e, &k, &b));
    t.check(e).unwrap();
    t
}

#[test]
fn counts_by_hand() {
    let e = e();
    let t = tally(
        &e,
        &[
            r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#,
            r#"{"chair":["w:张三"],"member":["c"],"party":{"for":["p","q"]}}"#,
            r#"{"chair":["b"],"member":["w:张三"]}"#,
            r#"{}"#,
            r#"{"chair":["a","b"]}"#,
            r#"{"spoiled":true}"#,
        ],
    );
    assert_eq!((t.valid, t.invalid.total(), t.ballots()), (4, 2, 6));
    let [chair, member, party] = &t.contests[..] else { panic!() };
    assert_eq!(chair.votes, vec![1, 1]);
    assert_eq!(chair.write_ins.get("张三"), Some(&1));
    assert_eq!(chair.blank, 1);
    assert_eq!(member.votes, vec![2, 1, 0]);
    assert_eq!(member.write_ins.get("张三"), Some(&1));
    assert_eq!(party.votes, vec![2, 1, 0]);
    assert_eq!(party.against, vec![0, 1, 0]);
    assert_eq!(party.blank, 2);
}

#[test]
fn many_ballots_cross_the_lane_flush() {
    let e = e();
    let lines: Vec<&str> = std::iter::repeat_n(r#"{"chair":["b"],"member":["c","e"]}"#, 1000).collect();
    let t = tally(&e, &lines);
    assert_eq!(t.contests[0].votes, vec![0, 1000]);
    assert_eq!(t.contests[1].votes, vec![1000, 0, 1000]);
    assert_eq!(t.contests[2].blank, 1000);
}

#[test]
fn check_catches_a_broken_tally() {
    let e = e();
    let mut t = tally(&e, &[r#"{"chair":["a"]}"#]);
    t.contests[0].votes[1] = 5;
    assert!(matches!(t.check(&e), Err(Error::Invariant(_))));
}

/// A tally handed on is checked once: a broken one is refused, and checked tallies of disjoint
/// ballots add up to one that passes.
#[test]
fn a_checked_tally_is_one_that_passed() {
    let e = e();
    let a = tally(&e, &[r#"{"chair":["a"],"member":["c","w:张三"]}"#, r#"{"spoiled":true}"#]);
    let b = tally(&e, &[r#"{"party":{"for":["p"],"against":["q"]}}"#, "{}"]);
    let mut sum = a.clone().checked(&e).unwrap().into_inner();
    sum.merge(&b.clone().checked(&e).unwrap());
    assert!(sum.clone().checked(&e).is_ok());
    assert_eq!(sum.checked(&e).unwrap().ballots(), 4, "read as a tally");
    let mut broken = a;
    broken.contests[1].with_write_in = 2;
    assert!(matches!(broken.checked(&e), Err(Error::Invariant(_))));
}

/// Distinct ballots each counted `n` times at once (a published box's records) tally as each one
/// merged `n` times: listed marks, a written-in name (a word past the histogram, counted bit by
/// bit), approve posts marked and left blank, and invalid ballots.
#[test]
fn weighted_ballots_count_as_each_merged_so_many_times() {
    let e = e();
    let lines = [
        (r#"{"chair":["a"],"member":["c","w:张三"],"party":{"for":["p"],"against":["q"]}}"#, 7u64),
        (r#"{"chair":["w:张三"],"member":["c"]}"#, 3),
        (r#"{"chair":["a","b"]}"#, 5),
        (r#"{"spoiled":true}"#, 2),
        ("{}", 11),
    ];
    let s = Schema::new(&e);
    let k = Kernel::new(&e, s.layout());
    let mut d = s.decoder();
    let (mut batch, mut weights, mut invalid) = (BallotBatch::new(s.layout()), Vec::new(), InvalidCounts::default());
    let mut each = Tally::empty(&e);
    for (l, n) in lines {
        match d.decode(l.as_bytes(), &mut batch).unwrap() {
            BallotVerdict::Valid => weights.push(n),
            BallotVerdict::Invalid(r) => invalid.add_n(r, n),
        }
        each.merge_times(&tally(&e, &[l]), n);
    }
    let weighted = Tally::of_weighted(&e, &k, &batch, &weights, invalid);
    assert_eq!(weighted, each);
    assert_eq!(weighted.ballots(), 28);
    assert_eq!(weighted.contests[0].write_ins.get("张三"), Some(&3));
}

/// A box of a few ballots is counted bit by bit, a large one through histograms: the same ballots
/// tally alike either way — the whole batch at once, and in parts of a hundred merged.
#[test]
fn few_ballots_bit_by_bit_equal_the_histograms() {
    let e = e();
    let kinds = [
        r#"{"chair":["a"],"member":["c","w:张三"],"party":{"for":["p"],"against":["q"]}}"#,
        r#"{"chair":["w:张三"],"member":["c"]}"#,
        r#"{"member":["d","e"],"party":{"for":["p","r"]}}"#,
        "{}",
        r#"{"chair":["b"],"party":{"against":["p","q","r"]}}"#,
    ];
    let lines: Vec<&str> = (0..600).map(|i| kinds[(i * 7 + i / 5) % kinds.len()]).collect();
    let whole = tally(&e, &lines);
    let mut parts = Tally::empty(&e);
    for part in lines.chunks(100) {
        parts.merge(&tally(&e, part));
    }
    assert_eq!(parts, whole);
    assert_eq!(whole.ballots(), 600);
}

/// A thread's counts reuse the room of its last ([`kernel::give_back`]): a tally after another
/// election's, of another layout, is the tally it was on a thread that had counted nothing.
#[test]
fn a_tally_after_another_elections_is_the_same() {
    let vc = e();
    let one = Election::from_toml(crate::vote::testing::ONE_POST, Path::new("t")).unwrap();
    let vc_lines = [r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#, "{}"];
    let one_lines = [r#"{"chair":["a"]}"#, r#"{"chair":["a"]}"#, "{}"];
    let first = (tally(&vc, &vc_lines), tally(&one, &one_lines));
    for _ in 0..3 {
        assert_eq!(tally(&vc, &vc_lines), first.0);
        assert_eq!(tally(&one, &one_lines), first.1);
    }
    assert_eq!(first.0.contests[0].votes, [1, 0]);
    assert_eq!(first.1.contests[0].votes, [2]);
}

/// A tally given back ([`Tally::give_back`]) lends its room to the thread's next count of a batch:
/// that count is the one a thread that had given nothing back makes — after a tally of the same
/// election with votes, written-in names and invalid ballots, and after another election's.
#[test]
fn a_tally_given_back_counts_the_next_as_new() {
    let vc = e();
    let one = Election::from_toml(crate::vote::testing::ONE_POST, Path::new("t")).unwrap();
    let full: &[&str] = &[
        r#"{"chair":["w:张三"],"member":["c","w:刘九"],"party":{"for":["p"],"against":["q"]}}"#,
        r#"{"spoiled":true}"#,
    ];
    let lines = [r#"{"chair":["b"]}"#, r#"{"spoiled":true}"#];
    let fresh = (tally(&vc, &lines), tally(&one, &[r#"{"chair":["a"]}"#]));
    for _ in 0..3 {
        let t = tally(&vc, full);
        assert!(t.valid > 0 && !t.contests[0].write_ins.is_empty());
        t.give_back();
        assert_eq!(tally(&vc, &lines), fresh.0, "after a tally of the same election");
        tally(&vc, full).give_back();
        assert_eq!(tally(&one, &[r#"{"chair":["a"]}"#]), fresh.1, "after another election's");
    }
    assert_eq!((fresh.0.valid, fresh.0.invalid.total(), fresh.0.contests[0].votes.as_slice()), (1, 1, &[0, 1][..]));
}

/// A ballot of any width — every width the kernel is compiled for (1 to 16 words), and wider —
/// counts through the histograms exactly as bit by bit: each bit of each word, and each approve
/// post left blank, with and without weights; small words and words past the histograms (more
/// than eight candidates' bits, a flag) alike.
#[test]
fn every_width_of_ballot_counts_as_bit_by_bit() {
    use rand::{RngExt, SeedableRng};
    let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(23);
    for (posts, mixed) in (1..=18).map(|p| (p, false)).chain((1..=12).map(|p| (p, true))) {
        let mut toml =
            String::from("format = 1\n[election]\nid = \"w\"\nbody = \"villagers-committee\"\nregistered = 10\n");
        for p in 0..posts {
            let style = if mixed && p % 3 == 2 { "approve" } else { "choose" };
            toml += &format!("[[contest]]\nid = \"p{p}\"\nseats = 1\nstyle = \"{style}\"\ncandidates = [ ");
            toml += &(0..10)
                .map(|k| format!("{{ id = \"k{p}_{k}\", name = \"人{p}_{k}\" }}"))
                .collect::<Vec<_>>()
                .join(", ");
            toml += " ]\n";
        }
        toml += "[[station]]\nid = \"s\"\n";
        let e = Election::from_toml(&toml, Path::new("w.toml")).unwrap();
        let s = Schema::new(&e);
        let k = Kernel::new(&e, s.layout());
        let stride = s.layout().stride();
        let ballots = 2 * kernel::HISTOGRAM_FROM;
        let words: Vec<u64> = (0..ballots * stride)
            .map(|_| match r.random_range(0..10) {
                0 => 0,
                1 => 1 << 63 | r.random_range(0..1024),
                2 => r.random_range(256..1024),
                _ => r.random_range(0..256),
            })
            .collect();
        let weights: Vec<u64> = (0..ballots).map(|_| r.random_range(1..5)).collect();
        for weights in [None, Some(&weights[..])] {
            let n = |b: usize| weights.map_or(1, |w| w[b]);
            let (mut bits, mut blank) = (vec![0u64; stride * 64], vec![0u64; posts]);
            for (b, ballot) in words.chunks_exact(stride).enumerate() {
                for (i, &w) in ballot.iter().enumerate() {
                    (0..64).filter(|bit| w & (1 << bit) != 0).for_each(|bit| bits[i * 64 + bit] += n(b));
                }
                for (p, c) in e.contests().iter().enumerate() {
                    let o = s.layout().offsets()[p];
                    let none = ballot[o] == 0 && (c.style != crate::vote::model::Style::Approve || ballot[o + 1] == 0);
                    blank[p] += n(b) * u64::from(none);
                }
            }
            let counts = match weights {
                None => k.count(&words),
                Some(w) => k.count_weighted(&words, w),
            };
            assert_eq!(
                k.finish(counts),
                (bits, blank),
                "{posts} posts, {stride} words, weighted: {}",
                weights.is_some()
            );
        }
    }
}
