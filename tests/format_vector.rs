//! docs/FORMAT.md's test vector: a fixed key signs a fixed result; the exact bytes and signature
//! printed there are checked here, so the document and the code cannot drift apart.

use crate::common;

use common::format_vector_result;
use ed25519_dalek::SigningKey;
use zheng::seal::result::{ResultFile, message};

fn vector() -> ResultFile {
    format_vector_result()
}

fn doc_hex(label: &str) -> String {
    let doc = include_str!("../docs/FORMAT.md");
    let start = doc.find(label).unwrap_or_else(|| panic!("FORMAT.md has no {label}"));
    let rest = &doc[start + label.len()..];
    let block = rest.split("```").nth(1).expect("a code block follows the label");
    block.split_whitespace().filter(|w| !w.starts_with("text")).collect()
}

#[test]
fn format_md_test_vector() {
    let r = vector();
    let key = SigningKey::from_bytes(&core::array::from_fn(|i| i as u8));
    assert_eq!(doc_hex("Public key (hex):"), hex::encode(key.verifying_key().to_bytes()));
    assert_eq!(doc_hex("Body bytes (hex):"), hex::encode(r.signed_bytes()));
    assert_eq!(doc_hex("Signed message (hex):"), hex::encode(message(r.signed_bytes())));
    assert_eq!(doc_hex("Signature (hex):"), hex::encode(r.signatures()[0].signature));
    assert_eq!(doc_hex("Result file (hex):"), hex::encode(r.to_bytes()));
}

/// Not a test but a tool: prints the vector, to refresh FORMAT.md by hand (`cargo test --test all
/// format_vector::print_vector -- --ignored --nocapture`). It asserts nothing, so it never runs with the
/// suite; `format_md_test_vector` checks the same values against the document.
#[test]
#[ignore = "a tool, not a test: prints the vector for FORMAT.md (--ignored --nocapture)"]
fn print_vector() {
    let r = vector();
    println!("body {}", hex::encode(r.signed_bytes()));
    println!("msg {}", hex::encode(message(r.signed_bytes())));
    println!("sig {}", hex::encode(r.signatures()[0].signature));
    println!("file {}", hex::encode(r.to_bytes()));
    println!(
        "pk {}",
        hex::encode(SigningKey::from_bytes(&core::array::from_fn(|i| i as u8)).verifying_key().to_bytes())
    );
}

fn doc_block(label: &str) -> String {
    common::doc_block(include_str!("../docs/FORMAT.md"), label)
}

/// FORMAT.md's manifest vector: a manifest with a rule overridden and optional fields left out,
/// its canonical JSON and its SHA-256; and a box of it with its canonical records and their root.
#[test]
fn the_manifest_and_box_vectors() {
    use std::path::Path;
    use zheng::vote::ballot::Schema;
    use zheng::vote::tally::Kernel;
    let toml = doc_block("Manifest (TOML):");
    let m = zheng::seal::manifest::Manifest::from_text(toml, Path::new("vector.toml")).unwrap();
    let e = m.election();
    let json = String::from_utf8(e.canonical_json()).unwrap();
    println!("canonical JSON:\n{json}\nSHA-256: {}", hex::encode(e.canonical_sha256()));
    assert_eq!(doc_block("Canonical JSON:").trim_end(), json);
    assert_eq!(doc_hex("Manifest SHA-256 (hex):"), hex::encode(e.canonical_sha256()));

    let dir = tempfile::tempdir().unwrap();
    let box_path = dir.path().join("s.jsonl");
    std::fs::write(&box_path, doc_block("Box file:")).unwrap();
    let schema = Schema::new(e);
    let published = zheng::seal::record::publish(&box_path, &schema, &Kernel::new(e, schema.layout())).unwrap();
    let file = String::from_utf8(published.to_bytes()).unwrap();
    println!("published:\n{file}root: {}", hex::encode(published.root()));
    assert_eq!(doc_block("Published ballots, in canonical order:"), file);
    assert_eq!(doc_hex("Merkle root (hex):"), hex::encode(published.root()));
}

/// FORMAT.md's outcome vector: `zheng count` prints exactly the outcome.json and the sheet given there.
#[test]
fn format_md_outcome_vector() {
    let dir = tempfile::tempdir().unwrap();
    let (m, b) = (dir.path().join("e.toml"), dir.path().join("s.jsonl"));
    std::fs::write(&m, doc_block("Outcome vector — Manifest (TOML):")).unwrap();
    std::fs::write(&b, doc_block("Outcome vector — Published ballots")).unwrap();
    let run = |json: bool| {
        let mut c = crate::common::zheng_by_default();
        c.args(["count", "--election"]).arg(&m).arg(&b);
        if json {
            c.arg("--json");
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(run(true), doc_block("Outcome vector — outcome.json"));
    assert_eq!(run(false), doc_block("Outcome vector — sheet.txt"));
}

/// FORMAT.md's QR frame, worked on the test-vector result: the digest, the one code's header, the
/// two codes' headers with `--max-bytes 250`, the parts and the symbols' versions — and the codes
/// drawn as PNG read back to the very file.
#[test]
fn the_qr_frame_worked_example() {
    use zheng::seal::qr::{frame, read, render};
    let r = vector();
    let file = r.to_bytes();
    assert_eq!(file.len(), 406);
    let digest = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&file))
    };
    assert_eq!(doc_hex("Result file SHA-256 (hex):"), digest);
    let one = frame::frames(&file, "demo-1", "s1", frame::MAX_CODE_BYTES).unwrap();
    let header = |f: &frame::Frame| hex::encode(&f.to_bytes()[..frame::header_len("demo-1", "s1")]);
    assert_eq!((one.len(), header(&one[0])), (1, doc_hex("QR header, one code (hex):")));
    assert_eq!(one[0].to_bytes().len(), 434);
    assert_eq!(render::Symbol::of(&one[0].to_bytes()).unwrap().version(), 16);
    let two = frame::frames(&file, "demo-1", "s1", 250).unwrap();
    assert_eq!(two.iter().map(header).collect::<String>(), doc_hex("QR headers, two codes (hex):"));
    assert_eq!([two[0].part.as_slice(), two[1].part.as_slice()], [&file[..203], &file[203..]]);
    for f in &two {
        assert_eq!((f.to_bytes().len(), render::Symbol::of(&f.to_bytes()).unwrap().version()), (231, 11));
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = render::numbered(&dir.path().join("r.png"), 2);
    for (s, p) in render::symbols(&r, 250).unwrap().iter().zip(&paths) {
        std::fs::write(p, s.png(render::MODULE_PIXELS).unwrap()).unwrap();
    }
    assert_eq!(read::decode(&paths).unwrap().bytes, file);
}
