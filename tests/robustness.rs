//! Bad input never panics: arbitrary bytes thrown at every decoder of untrusted input — ballot
//! lines, box headers, result files, manifest signatures, canonical bytes, manifests.

use std::path::Path;

use proptest::prelude::*;
use zheng::vote::ballot::{BallotBatch, Schema};
use zheng::vote::manifest::Election;

fn vc() -> Election {
    Election::from_toml(include_str!("../fixtures/kengtou-vc/election.toml"), Path::new("vc.toml")).unwrap()
}

/// Ballot-shaped noise: fragments of real ballots glued together, so the decoders get past the
/// first byte often.
fn ballotish() -> impl Strategy<Value = Vec<u8>> {
    let parts = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"chair\"",
        "\"member\"",
        "\"vice\"",
        "\"women\"",
        "\"c01\"",
        "\"c06\"",
        "\"w:王五\"",
        "\"w:\"",
        "\"spoiled\"",
        "true",
        "false",
        "null",
        "1",
        "-1",
        "\"for\"",
        "\"against\"",
        "\"write_in\"",
        " ",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "1e999",
    ]);
    prop_oneof![
        prop::collection::vec(parts, 0..24).prop_map(|v| v.concat().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn ballot_lines_never_panic(line in ballotish()) {
        let e = vc();
        let s = Schema::new(&e);
        let mut b = BallotBatch::new(s.layout());
        let before = b.ballots();
        match s.decoder().decode(&line, &mut b) {
            Ok(_) => prop_assert_eq!(b.ballots(), before + 1),
            Err(_) => prop_assert_eq!(b.ballots(), before, "an input error counts nothing"),
        }
        let _ = zheng::seal::record::canonical(&s, &line);
    }

    #[test]
    fn headers_never_panic(line in ballotish()) {
        let _ = zheng::vote::boxfile::parse_header(Path::new("b"), &line);
    }

    #[test]
    fn signed_files_never_panic(mut bytes in prop::collection::vec(any::<u8>(), 0..512), magic in any::<bool>()) {
        if magic {
            bytes.splice(0..0, b"ZHENGR01".iter().copied());
        }
        let _ = zheng::seal::result::ResultFile::from_bytes(&bytes);
        let _ = zheng::seal::canonical::decode::<zheng::seal::result::ResultBody>(&bytes);
        let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key();
        let _ = zheng::seal::manifest_sig::verify(&vc(), &bytes, &key);
    }

    #[test]
    fn manifests_never_panic(text in "[\\[\\]a-z_=\"0-9 \\n{},.]{0,200}") {
        let _ = Election::from_toml(&text, Path::new("m.toml"));
        let with_head = format!("format = 1\n[election]\nid = \"x\"\nbody = \"villagers-committee\"\nregistered = 5\n{text}");
        let _ = Election::from_toml(&with_head, Path::new("m.toml"));
    }
}
