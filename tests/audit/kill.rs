//! `zheng audit record` killed with SIGKILL loses no acknowledged paper ballot, as `station enter`
//! (`journal::no_acknowledged_ballot_is_lost_to_sigkill`): every `ok N` is on disk before it is
//! printed. A moment to kill is an event, not a time: each round waits for a random count of
//! acknowledgements, then a random pause while more lines keep arriving.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zheng::paper::folder::AuditFolder;

use super::{piles, planned, read_line, status};

/// Rounds of kill and reopen, on one audit folder: each round sends the drawn ballots not yet
/// recorded, in draw order.
const ROUNDS: usize = 6;

#[test]
fn audit_record_loses_no_acknowledged_ballot_to_sigkill() {
    let p = planned();
    let piles = piles();
    let sample = p.sample();
    let lines: Vec<String> = sample.iter().map(|b| read_line(&piles, b)).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2020);
    let mut recorded = 0usize;
    for round in 0..ROUNDS {
        let mut child = crate::common::zheng_command()
            .args(["audit", "record", "--audit", p.audit(), "--lang", "en"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let to_send: Vec<String> = lines[recorded..].to_vec();
        let burst = rng.random_range(1..6usize);
        let writer = std::thread::spawn(move || {
            for (i, l) in to_send.iter().enumerate() {
                if stdin.write_all(format!("{l}\n").as_bytes()).is_err() {
                    break;
                }
                if i % burst == 0 {
                    let _ = stdin.flush();
                    std::thread::sleep(Duration::from_micros(300));
                }
            }
        });
        let kill_after = (recorded + rng.random_range(1..=40usize)) as u64;
        let (acks, acked) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut last = 0u64;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let n: u64 = line
                    .strip_prefix("ok ")
                    .unwrap_or_else(|| panic!("only acknowledgements: {line}"))
                    .parse()
                    .unwrap();
                assert!(n > last, "acknowledged in order");
                last = n;
                let _ = acks.send(n);
            }
            last
        });
        while acked
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("round {round}: no ok {kill_after}"))
            < kill_after
        {}
        std::thread::sleep(Duration::from_micros(rng.random_range(0..3000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        writer.join().unwrap();
        let last = reader.join().unwrap();
        assert!(last >= kill_after, "round {round}: killed after ok {kill_after}");
        let st = status(p.audit());
        let now = st["recorded"].as_u64().unwrap();
        assert!(now >= last, "round {round}: {last} acknowledged, {now} recorded");
        let folder = AuditFolder::open(&p.audit).unwrap();
        let papers: Vec<String> = folder.papers().unwrap().into_iter().map(|(b, _)| b).collect();
        assert_eq!(papers, sample[..now as usize], "round {round}: the ballots sent, in order, once each");
        recorded = now as usize;
    }
    assert!(recorded >= ROUNDS, "every round's kill came after an acknowledgement");
}
