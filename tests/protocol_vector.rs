//! docs/PROTOCOL.md's test vectors: a fixed collector key logs FORMAT.md's test-vector result as
//! entry 0; the entry's bytes, its leaf hash, the signed checkpoint and the receipt printed there
//! are checked here, so that the document and the code cannot drift apart; and a fixed witness
//! key cosigns that checkpoint: its key, key id, vkey, the collector's vkey, the message signed and
//! the cosignature line.

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

/// The witness's vector ("The witness", "Test vector"): computed here from the fixed keys and the
/// collector's checkpoint, and compared with the document; the line also verifies.
#[test]
fn protocol_md_witness_test_vector() {
    use zheng::seal::cosignature::{Cosigner, KeyType, SignedCheckpoint, Vkey, cosigned_message};
    let w = Cosigner::new("witness.example/zheng-1", SigningKey::from_bytes(&[0x57; 32])).unwrap();
    let cp = SignedCheckpoint::parse(vector().checkpoint.as_bytes()).unwrap();
    let time = 1_605_718_800;
    let line = w.cosign(cp.text(), time).unwrap();
    assert_eq!(doc_hex("Witness public key (hex):"), hex::encode(w.vkey().key().as_bytes()));
    assert_eq!(doc_hex("Witness key id (hex):"), format!("{:08x}", w.vkey().key_id()));
    assert_eq!(doc_block("Witness vkey:").trim(), w.vkey().to_string());
    let public = collector().verifying_key();
    let log = Vkey::new(&log::origin_for(&public), KeyType::Log, public).unwrap();
    assert_eq!(doc_block("Collector vkey (`zheng log vkey`):").trim(), log.to_string());
    assert_eq!(doc_block("Cosigned message:").as_bytes(), cosigned_message(cp.text(), time));
    assert_eq!(doc_block("Cosignature line (the answer's body):"), line);
    let raw =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, line.trim_end().rsplit(' ').next().unwrap());
    assert_eq!(doc_hex("Its 76 bytes (hex): the key id, the time, the signature:"), hex::encode(raw.unwrap()));
    let cosigned = SignedCheckpoint::parse(&cp.with_lines(&[line])).unwrap();
    assert_eq!(cosigned.cosigned_by(std::slice::from_ref(w.vkey())).unwrap(), [(0, time)]);
    assert_eq!(cosigned.verify_log(&[log]).map(|l| l.len()), Ok(1));
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
