//! docs/PROTOCOL.md's test vector: a fixed collector key logs FORMAT.md's test-vector result as
//! entry 0; the entry's bytes, its leaf hash, the signed checkpoint and the receipt printed there
//! are checked here, so that the document and the code cannot drift apart.

use crate::common;

use ed25519_dalek::SigningKey;
use zheng::collect::log::{self, LogEntry};
use zheng::collect::receipt::{RECEIPT_FORMAT, Receipt, ReceiptBody};
use zheng::seal::result::ResultFile;

/// FORMAT.md's test-vector result.
fn result() -> Vec<u8> {
    common::format_vector_result().to_bytes()
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

fn doc_block(label: &str) -> String {
    common::doc_block(include_str!("../docs/PROTOCOL.md"), label)
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

/// Not a test but a tool: prints the vector, to refresh PROTOCOL.md by hand (`cargo test --test all
/// protocol_vector::print_vector -- --ignored --nocapture`). It asserts nothing, so it never runs with the
/// suite; `protocol_md_test_vector` checks the same values against the document.
#[test]
#[ignore = "a tool, not a test: prints the vector for PROTOCOL.md (--ignored --nocapture)"]
fn print_vector() {
    let v = vector();
    println!("pk {}", hex::encode(collector().verifying_key().as_bytes()));
    println!("origin {}", v.origin);
    println!("entry {}", hex::encode(&v.entry));
    println!("leaf {}", hex::encode(v.leaf));
    println!("checkpoint\n{}", v.checkpoint);
    println!("receipt {}", hex::encode(&v.receipt));
}
