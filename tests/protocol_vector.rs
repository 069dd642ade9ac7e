//! docs/PROTOCOL.md's test vector: a fixed collector key logs FORMAT.md's test-vector result as
//! entry 0; the entry's bytes, its leaf hash, the signed checkpoint and the receipt printed there
//! are checked here, so that the document and the code cannot drift apart.

use ed25519_dalek::SigningKey;
use zheng::collect::log::{self, LogEntry};
use zheng::collect::receipt::{RECEIPT_FORMAT, Receipt, ReceiptBody};
use zheng::seal::result::{ContestCount, ResultBody, ResultFile};

/// FORMAT.md's test-vector result.
fn result() -> Vec<u8> {
    let key = SigningKey::from_bytes(&core::array::from_fn(|i| i as u8));
    let body = ResultBody {
        format: 1,
        election: "demo-1".into(),
        manifest_sha256: [0xAA; 32],
        station: "s1".into(),
        voters: 3,
        ballots: 3,
        valid: 2,
        invalid: [1, 0, 0, 0, 0, 0],
        contests: vec![ContestCount {
            votes: vec![1, 0],
            against: vec![],
            blank: 0,
            voided: 0,
            with_write_in: 1,
            write_ins: vec![("王五".into(), 1)],
        }],
        ballots_root: [0xBB; 32],
        closed_at: "2020-11-18T17:00:00Z".into(),
    };
    ResultFile::sign(body, &key).to_bytes()
}

fn collector() -> SigningKey {
    SigningKey::from_bytes(&[0x42; 32])
}

struct Vector {
    origin: String,
    entry: Vec<u8>,
    leaf: [u8; 32],
    checkpoint: String,
    receipt: Vec<u8>,
}

fn vector() -> Vector {
    let key = collector();
    let origin = log::origin_for(&key.verifying_key());
    let r = result();
    let entry = LogEntry::new("demo-1", "s1", &r);
    let leaf = entry.leaf_hash();
    let checkpoint = log::sign_checkpoint(&origin, 1, leaf, &key);
    let body = ReceiptBody {
        format: RECEIPT_FORMAT,
        election: "demo-1".into(),
        station: "s1".into(),
        result_sha256: ResultFile::from_bytes(&r).unwrap().id(),
        status: "accepted".into(),
        log_index: 0,
        checkpoint: checkpoint.clone(),
        inclusion: vec![],
    };
    Vector { origin, entry: entry.to_bytes(), leaf: leaf.0, checkpoint, receipt: Receipt::sign(body, &key).to_bytes() }
}

/// The text of the code block after `label` in PROTOCOL.md.
fn doc_block(label: &str) -> String {
    let doc = include_str!("../docs/PROTOCOL.md");
    let start = doc.find(label).unwrap_or_else(|| panic!("PROTOCOL.md has no {label}"));
    let block = doc[start + label.len()..].split("```").nth(1).expect("a code block follows the label");
    block.split_once('\n').expect("a block opens with its language").1.to_string()
}

fn doc_hex(label: &str) -> String {
    doc_block(label).split_whitespace().collect()
}

#[test]
fn protocol_md_test_vector() {
    let v = vector();
    let key = collector();
    assert_eq!(doc_hex("Collector public key (hex):"), hex::encode(key.verifying_key().as_bytes()));
    assert_eq!(doc_block("Origin:").trim(), v.origin);
    assert_eq!(doc_hex("Log entry 0 (hex):"), hex::encode(&v.entry));
    assert_eq!(doc_hex("Leaf hash (hex):"), hex::encode(v.leaf));
    assert_eq!(doc_block("Checkpoint (signed note):"), v.checkpoint);
    assert_eq!(doc_hex("Receipt (hex):"), hex::encode(&v.receipt));
    // And the receipt verifies as a station checks it.
    let r = Receipt::from_bytes(&v.receipt).unwrap();
    assert_eq!(r.verify(&key.verifying_key(), &result()).unwrap().0, 1);
}

/// Prints the vector (run with --nocapture to refresh PROTOCOL.md by hand).
#[test]
fn print_vector() {
    let v = vector();
    println!("pk {}", hex::encode(collector().verifying_key().as_bytes()));
    println!("origin {}", v.origin);
    println!("entry {}", hex::encode(&v.entry));
    println!("leaf {}", hex::encode(v.leaf));
    println!("checkpoint\n{}", v.checkpoint);
    println!("receipt {}", hex::encode(&v.receipt));
}
