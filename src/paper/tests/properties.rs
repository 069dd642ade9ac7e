//! Properties of the audit (issue 20): a larger sample extends a smaller one — `plan.draw(n)` is a
//! prefix of `plan.draw(n + k)` — and the risks depend only on the draw order, never on the order
//! the team entered the paper ballots: the same ballots recorded into two audit folders in two
//! orders give the same status, whose risks are ALPHA's over the ballots in draw order. And a sample
//! whose every ballot is against an assertion never confirms it.

use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::outcome;
use super::sim::{BODIES, RISK_LIMIT, SEED, Sim, assorted, random};
use crate::paper::alpha::Alpha;
use crate::paper::folder::AuditFolder;
use crate::paper::judge::Judge;
use crate::paper::plan::Plan;
use crate::paper::status::status;
use crate::seal::manifest::Manifest;

/// One random villagers' committee first round, and the manifest it was counted by.
fn election() -> (Sim, Manifest) {
    let sim = random(&mut ChaCha8Rng::seed_from_u64(7), BODIES[0], "first");
    let m = Manifest::from_text(sim.manifest.clone(), std::path::Path::new("e.toml")).unwrap();
    (sim, m)
}

fn plan_with(sim: &Sim, m: &Manifest, seed: &str) -> Plan {
    Plan::new(&outcome(m.election(), &sim.texts(), None), "ab".repeat(32), seed, RISK_LIMIT).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The consistent sampler keeps every earlier draw: the first n of a larger sample are the
    /// sample of n, whatever the seed.
    #[test]
    fn a_larger_sample_extends_a_smaller_one(seed in "[0-9]{20,40}", n in 0u64..400, k in 0u64..400) {
        let (sim, m) = election();
        let plan = plan_with(&sim, &m, &seed);
        let n = n.min(plan.population);
        let k = k.min(plan.population - n);
        let small = plan.draw(n);
        let large = plan.draw(n + k);
        prop_assert_eq!(small.len() as u64, n);
        prop_assert_eq!(large.len() as u64, n + k);
        prop_assert_eq!(&large[..n as usize], &small[..]);
        if n >= plan.sample_size {
            prop_assert_eq!(&small[..plan.sample.len()], &plan.sample[..], "round 1's sample is the draw's start");
        }
    }
}

/// The same ballots — the first two thirds of the sample, and a few drawn later, read out of turn
/// — recorded into two fresh folders in two different random orders give equal statuses; each
/// assertion's risk is ALPHA's over the ballots read in draw order without a gap.
#[test]
fn risks_depend_on_the_draw_order_only() {
    let (sim, m) = election();
    let plan = plan_with(&sim, &m, SEED);
    let judge = Judge::new(m.election());
    let sample = plan.draw(plan.sample_size);
    let read = sample.len() * 2 / 3;
    let mut chosen: Vec<&str> = sample[..read].iter().map(|s| s.ballot.as_str()).collect();
    chosen.extend(sample[read + 1..].iter().step_by(3).map(|s| s.ballot.as_str()));
    let dir = tempfile::tempdir().unwrap();
    let mut statuses = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    for order in 0..3 {
        let mut entered = chosen.clone();
        rand::seq::SliceRandom::shuffle(&mut entered[..], &mut rng);
        let out = dir.path().join(format!("audit-{order}"));
        AuditFolder::create(&out, &plan, &m, None, &[], &[]).unwrap();
        let mut folder = AuditFolder::open(&out).unwrap();
        for b in &entered {
            let line = sim.paper(b);
            let paper = judge.judge(line.as_bytes()).unwrap();
            folder.record(b, line.as_bytes(), paper.record()).unwrap();
        }
        statuses.push(status(&folder).unwrap());
    }
    assert_eq!(statuses[0], statuses[1]);
    assert_eq!(statuses[0], statuses[2]);
    let st = &statuses[0];
    assert_eq!((st.ballots_read, st.recorded), (read as u64, chosen.len() as u64));
    let xs = assorted(&plan, &judge, &sim, read as u64);
    for ((a, s), x) in plan.assertions.iter().zip(&st.assertions).zip(&xs) {
        assert_eq!((s.id.as_str(), s.ballots), (a.id(), read as u64));
        assert_eq!(s.risk, plan.alpha(a).risk(x), "{}", a.id());
    }
}

/// ALPHA's edge rules (SHANGRLA's `alpha_mart`): once the unseen ballots would need a mean of `u` for
/// the null to hold, that term counts as 1 — it is no evidence. A sample whose every ballot scores 0
/// (each drawn ballot against the assertion) can never confirm it: its risk stays 1. With 100
/// ballots, a pairwise assertion (`u = 1`) reported at a mean of 0.815, and 51 ballots drawn all
/// showing the loser, the null mean of the 50 unseen is exactly 1 = u.
#[test]
fn alpha_never_confirms_from_ballots_all_against() {
    for (population, eta) in [(100, 0.815), (100, 0.9), (40, 0.7), (1000, 0.6)] {
        let alpha = Alpha { population, u: 1.0, eta };
        for n in 1..=population {
            let risk = alpha.risk(&vec![0.0; n as usize]);
            assert_eq!(risk, 1.0, "{population} ballots, eta {eta}: {n} drawn all against, risk {risk}");
        }
    }
}
