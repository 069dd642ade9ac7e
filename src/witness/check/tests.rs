//! The decision, state and request in, answer out: each of c2sp.org/tlog-witness's answers, and
//! the two promises — never a smaller tree, never two roots for one size.

use super::*;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey};
use tlog_tiles::HashReader;

const ORIGIN: &str = "example.com/log";
const NOW: u64 = 1_605_718_800;

/// An RFC 6962 tree in memory: its stored hashes, as `tlog_tiles` keeps them.
#[derive(Default)]
struct Tree(Vec<Hash>);

impl HashReader for Tree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        Ok(indexes.iter().map(|&i| self.0[usize::try_from(i).unwrap()]).collect())
    }
}

impl Tree {
    fn grown(n: u64, tag: &str) -> Tree {
        let mut t = Tree::default();
        for i in 0..n {
            let new = tlog_tiles::stored_hashes(i, format!("{tag}{i}").as_bytes(), &t).unwrap();
            t.0.extend(new);
        }
        t
    }

    fn root(&self, n: u64) -> Hash {
        tlog_tiles::tree_hash(n, self).unwrap()
    }

    fn proof(&self, new: u64, old: u64) -> Vec<Hash> {
        tlog_tiles::prove_tree(new, old, self).unwrap()
    }
}

fn log_key() -> SigningKey {
    SigningKey::from_bytes(&[3; 32])
}

/// A checkpoint signed as a log signs it (Ed25519 over the note's text, key type 0x01).
fn signed(key: &SigningKey, size: u64, root: Hash) -> String {
    let text = String::from_utf8(tlog_tiles::Checkpoint::new(ORIGIN, size, root, "").unwrap().to_bytes()).unwrap();
    let id = crate::seal::cosignature::key_id(ORIGIN, KeyType::Log, &key.verifying_key());
    let sig = [&id.to_be_bytes()[..], &key.sign(text.as_bytes()).to_bytes()].concat();
    format!("{text}\n— {ORIGIN} {}\n", base64::engine::general_purpose::STANDARD.encode(sig))
}

fn request(old: u64, proof: &[Hash], note: &str) -> AddCheckpoint {
    AddCheckpoint::parse(&AddCheckpoint::body(old, proof, note.as_bytes())).unwrap()
}

fn logs() -> Logs {
    Logs::new([Vkey::new(ORIGIN, KeyType::Log, log_key().verifying_key()).unwrap()]).unwrap()
}

fn witness() -> Cosigner {
    Cosigner::new("witness.example/w", SigningKey::from_bytes(&[0x57; 32])).unwrap()
}

fn run(latest: Option<Latest>, req: &AddCheckpoint) -> Result<Cosigned, Refusal> {
    decide(&logs(), latest, req, &witness(), NOW)
}

#[test]
fn a_first_checkpoint_is_cosigned_and_becomes_the_latest() {
    let t = Tree::grown(5, "e");
    let req = request(0, &[], &signed(&log_key(), 5, t.root(5)));
    let c = run(None, &req).unwrap();
    assert_eq!(c.latest, Latest { size: 5, root: t.root(5) });
    let w = witness();
    assert_eq!(crate::seal::cosignature::verify_cosignature(w.vkey(), req.checkpoint.text(), &c.line), Ok(NOW));
    let kept = crate::seal::cosignature::SignedCheckpoint::parse(&c.note).unwrap();
    assert_eq!(kept.cosigned_by(std::slice::from_ref(w.vkey())).unwrap(), [(0, NOW)]);
    assert_eq!(kept.verify_log(logs().keys(ORIGIN).unwrap()).map(|l| l.len()), Ok(1));
}

#[test]
fn an_extension_with_its_proof_is_cosigned_and_the_same_checkpoint_again_too() {
    let t = Tree::grown(9, "e");
    let five = Latest { size: 5, root: t.root(5) };
    let next = request(5, &t.proof(9, 5), &signed(&log_key(), 9, t.root(9)));
    assert_eq!(run(Some(five), &next).unwrap().latest, Latest { size: 9, root: t.root(9) });
    let again = request(5, &[], &signed(&log_key(), 5, t.root(5)));
    assert_eq!(run(Some(five), &again).unwrap().latest, five);
}

#[test]
fn an_unknown_log_is_404_and_a_bad_signature_403() {
    let t = Tree::grown(2, "e");
    let note = signed(&log_key(), 2, t.root(2));
    let other = note.replace(ORIGIN, "example.com/other");
    assert_eq!(run(None, &request(0, &[], &other)), Err(Refusal::UnknownLog { origin: "example.com/other".into() }));
    let stranger = signed(&SigningKey::from_bytes(&[4; 32]), 2, t.root(2));
    assert_eq!(run(None, &request(0, &[], &stranger)), Err(Refusal::BadLogSignature { origin: ORIGIN.into() }));
    // A signature by the trusted key over another text: its line names the key, and fails.
    let forged = format!(
        "{}{}",
        &note[..note.find("\n\n").unwrap()].replace("\n2\n", "\n3\n"),
        &note[note.find("\n\n").unwrap()..]
    );
    assert_eq!(run(None, &request(0, &[], &forged)), Err(Refusal::BadLogSignature { origin: ORIGIN.into() }));
}

#[test]
fn an_old_size_past_the_checkpoint_is_400_and_one_not_the_latest_409_with_the_latest() {
    let t = Tree::grown(9, "e");
    let latest = Some(Latest { size: 5, root: t.root(5) });
    let note = signed(&log_key(), 9, t.root(9));
    assert_eq!(run(latest, &request(10, &[], &note)), Err(Refusal::OldSizeTooLarge { old: 10, size: 9 }));
    assert_eq!(run(latest, &request(0, &[], &note)), Err(Refusal::OldSizeMismatch { old: 0, latest: 5 }));
    assert_eq!(run(latest, &request(4, &t.proof(9, 4), &note)), Err(Refusal::OldSizeMismatch { old: 4, latest: 5 }));
    assert_eq!(run(None, &request(5, &t.proof(9, 5), &note)), Err(Refusal::OldSizeMismatch { old: 5, latest: 0 }));
}

/// Never a smaller tree: the old size must be the latest, and at most the new size.
#[test]
fn a_smaller_tree_is_never_cosigned() {
    let t = Tree::grown(9, "e");
    let latest = Some(Latest { size: 9, root: t.root(9) });
    let smaller = signed(&log_key(), 5, t.root(5));
    assert_eq!(run(latest, &request(9, &[], &smaller)), Err(Refusal::OldSizeTooLarge { old: 9, size: 5 }));
    assert_eq!(run(latest, &request(5, &[], &smaller)), Err(Refusal::OldSizeMismatch { old: 5, latest: 9 }));
}

/// Never two roots for one size: the same size with another root is a fork, and a larger tree
/// that does not extend the cosigned one is not consistent.
#[test]
fn a_fork_is_422_whatever_proof_comes_with_it() {
    let (honest, fork) = (Tree::grown(9, "e"), Tree::grown(9, "f"));
    let latest = Some(Latest { size: 5, root: honest.root(5) });
    let same_size = signed(&log_key(), 5, fork.root(5));
    assert_eq!(run(latest, &request(5, &[], &same_size)), Err(Refusal::RootDiffers { size: 5 }));
    let larger = signed(&log_key(), 9, fork.root(9));
    let refused = Err(Refusal::NotConsistent { old: 5, size: 9 });
    assert_eq!(run(latest, &request(5, &fork.proof(9, 5), &larger)), refused);
    assert_eq!(run(latest, &request(5, &honest.proof(9, 5), &larger)), refused);
    assert_eq!(run(latest, &request(5, &[], &larger)), refused);
    // The honest checkpoint with a proof padded or cut.
    let honest9 = signed(&log_key(), 9, honest.root(9));
    let mut padded = honest.proof(9, 5);
    padded.push(Hash([0; 32]));
    assert_eq!(run(latest, &request(5, &padded, &honest9)), refused);
    assert_eq!(run(latest, &request(5, &honest.proof(9, 5)[1..], &honest9)), refused);
    // The same checkpoint again with a proof that is not empty.
    let again = signed(&log_key(), 5, honest.root(5));
    assert_eq!(run(latest, &request(5, &[Hash([0; 32])], &again)), Err(Refusal::NotConsistent { old: 5, size: 5 }));
}

#[test]
fn the_empty_tree_needs_its_own_root_and_no_proof() {
    let empty = signed(&log_key(), 0, tlog_tiles::EMPTY_HASH);
    assert_eq!(run(None, &request(0, &[], &empty)).unwrap().latest.size, 0);
    let wrong = signed(&log_key(), 0, Hash([1; 32]));
    assert_eq!(run(None, &request(0, &[], &wrong)), Err(Refusal::EmptyTreeRoot));
    let t = Tree::grown(3, "e");
    let note = signed(&log_key(), 3, t.root(3));
    assert_eq!(run(None, &request(0, &[Hash([1; 32])], &note)), Err(Refusal::ProofFromEmptyTree));
    let after_empty = Some(Latest { size: 0, root: tlog_tiles::EMPTY_HASH });
    assert_eq!(run(after_empty, &request(0, &[], &note)).unwrap().latest.size, 3);
}

#[test]
fn a_witness_of_no_logs_but_log_keys_is_refused() {
    let w = witness().vkey().clone();
    assert!(matches!(Logs::new([w]), Err(Refusal::BadVkey { fault: VkeyFault::Type { found: 4, expected: 1 }, .. })));
    let k = Vkey::new(ORIGIN, KeyType::Log, log_key().verifying_key()).unwrap();
    let l = Logs::new([k.clone(), k]).unwrap();
    assert_eq!((l.keys(ORIGIN).map(<[Vkey]>::len), l.origins().collect::<Vec<_>>()), (Some(1), vec![ORIGIN]));
}

/// c2sp.org/tlog-witness's race: requests from one old size checked and stored at once. The
/// store's compare-and-swap lets one through; every other is answered 409 with its size, and the
/// latest never goes back.
#[test]
fn concurrent_adds_from_one_size_cosign_one_and_never_roll_back() {
    use crate::witness::server::{Limits, Witness};
    let dir = tempfile::tempdir().unwrap();
    let store = crate::witness::store::Store::open(&dir.path().join("w.db")).unwrap();
    let w = std::sync::Arc::new(Witness::new(witness(), logs(), store, &Limits::default()));
    let t = Tree::grown(20, "e");
    let first = AddCheckpoint::body(0, &[], signed(&log_key(), 5, t.root(5)).as_bytes());
    assert!(w.add_checkpoint(&first, NOW).unwrap().is_ok());
    let threads: Vec<_> = (6..=20)
        .map(|n| {
            let body = AddCheckpoint::body(5, &t.proof(n, 5), signed(&log_key(), n, t.root(n)).as_bytes());
            let w = std::sync::Arc::clone(&w);
            std::thread::spawn(move || w.add_checkpoint(&body, NOW).unwrap())
        })
        .collect();
    let answers: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
    let won: Vec<u64> = answers.iter().filter_map(|a| a.as_ref().ok().map(|c| c.latest.size)).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for a in answers.iter().filter(|a| a.is_err()) {
        assert_eq!(a, &Err(Refusal::OldSizeMismatch { old: 5, latest: won[0] }));
    }
    let late = AddCheckpoint::body(5, &t.proof(6, 5), signed(&log_key(), 6, t.root(6)).as_bytes());
    assert_eq!(w.add_checkpoint(&late, NOW).unwrap(), Err(Refusal::OldSizeMismatch { old: 5, latest: won[0] }));
}
