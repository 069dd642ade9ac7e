//! The primitives against C2SP's own example, against the formulas written out with `sha2` and
//! `ed25519-dalek` by hand, and against docs/PROTOCOL.md's test vector.

use super::*;
use sha2::{Digest as _, Sha256};
use signed_note::VerifierList;

/// The test vector's witness: key seed 32 bytes `57`, name `witness.example/zheng-1`.
fn witness() -> Cosigner {
    Cosigner::new("witness.example/zheng-1", SigningKey::from_bytes(&[0x57; 32])).unwrap()
}

/// The collector of docs/PROTOCOL.md's test vector (seed 32 bytes 0x42) and its checkpoint of size 1.
fn vector_checkpoint() -> SignedCheckpoint {
    let note = "zheng/collector/2152f8d19b791d24\n1\n7HjbFhgZ5KwFpJvTVjKL0NEj8WpnAJUDpKM/Z9mo7H4=\n\n\
                — zheng/collector/2152f8d19b791d24 x3VbNq7A71fGByThT1XKr/eSawgfGaKX67iz2vyBqOluFblUlGEPSFRh+ln7X0Vcj6WUM30L+u8SK0JivctOod8tXwE=\n";
    SignedCheckpoint::parse(note.as_bytes()).unwrap()
}

fn collector_vkey() -> Vkey {
    let key = SigningKey::from_bytes(&[0x42; 32]).verifying_key();
    Vkey::new("zheng/collector/2152f8d19b791d24", KeyType::Log, key).unwrap()
}

/// The timestamp of the vector: 2020-11-18T17:00:00Z.
const TIME: u64 = 1_605_718_800;

#[test]
fn the_test_vector_of_protocol_md() {
    let w = witness();
    let cp = vector_checkpoint();
    let line = w.cosign(cp.text(), TIME).unwrap();
    assert_eq!(w.vkey().to_string(), "witness.example/zheng-1+b23e86a8+BMhAafoiFsbtwdUsqDqhHCZ91UQK+lJgkMpD69DKhqnP");
    assert_eq!(format!("{:08x}", w.vkey().key_id()), "b23e86a8");
    assert_eq!(
        line,
        "— witness.example/zheng-1 sj6GqAAAAABftVMQC6RrWPBIhVqKh7AovvDmIFMbR7vhVNCFohcbNJIXfCIP7CG0EHwHxE35TB7FuY2+JgyMDecDPBTGcu49I2jCDA==\n"
    );
    assert_eq!(
        collector_vkey().to_string(),
        "zheng/collector/2152f8d19b791d24+c7755b36+ASFS+NGbeR0kRTJC4V8uq2y3z/p7al7TAJeWDgaYgdsS"
    );
}

#[test]
fn the_key_id_is_the_hash_of_name_newline_type_and_key() {
    let w = witness();
    let by_hand = Sha256::new()
        .chain_update(b"witness.example/zheng-1")
        .chain_update([0x0A, 0x04])
        .chain_update(w.vkey().key().as_bytes())
        .finalize();
    assert_eq!(w.vkey().key_id().to_be_bytes(), by_hand[..4]);
    let log = collector_vkey();
    let by_hand = Sha256::new()
        .chain_update(log.name().as_bytes())
        .chain_update([0x0A, 0x01])
        .chain_update(log.key().as_bytes())
        .finalize();
    assert_eq!(log.key_id().to_be_bytes(), by_hand[..4]);
}

/// c2sp.org/signed-note's own example: the vkey reads, and verifies the note it signed.
#[test]
fn the_signed_note_example_of_c2sp_verifies() {
    let vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    let k = Vkey::parse(vkey, KeyType::Log).unwrap();
    assert_eq!((k.name(), k.key_id(), k.to_string().as_str()), ("example.com/foo", 0x530d903a, vkey));
    let note = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    let n = Note::from_bytes(note.as_bytes()).unwrap();
    let list = VerifierList::new(vec![Box::new(k)]);
    assert_eq!(n.verify(&list).unwrap().0.len(), 1);
    // The crate's own reader of vkeys agrees with ours on a log's key.
    let ours = collector_vkey().to_string();
    let theirs = signed_note::StandardVerifier::new(&ours).unwrap();
    assert_eq!(signed_note::Verifier::key_id(&theirs), collector_vkey().key_id());
}

#[test]
fn a_cosignature_is_the_signature_of_its_message_written_out_by_hand() {
    let w = witness();
    let cp = vector_checkpoint();
    let line = w.cosign(cp.text(), TIME).unwrap();
    let b64 = line.strip_prefix("— witness.example/zheng-1 ").unwrap().strip_suffix('\n').unwrap();
    let raw = BASE64.decode(b64).unwrap();
    assert_eq!(raw.len(), 4 + 8 + 64);
    assert_eq!(raw[..4], w.vkey().key_id().to_be_bytes());
    assert_eq!(raw[4..12], TIME.to_be_bytes());
    let mut msg = b"cosignature/v1\ntime 1605718800\n".to_vec();
    msg.extend_from_slice(b"zheng/collector/2152f8d19b791d24\n1\n7HjbFhgZ5KwFpJvTVjKL0NEj8WpnAJUDpKM/Z9mo7H4=\n");
    let sig = Signature::from_bytes(&raw[12..].try_into().unwrap());
    assert!(w.vkey().key().verify_strict(&msg, &sig).is_ok());
    assert_eq!(verify_cosignature(w.vkey(), cp.text(), &line), Ok(TIME));
}

#[test]
fn a_cosignature_that_does_not_hold_says_why() {
    let w = witness();
    let cp = vector_checkpoint();
    let line = w.cosign(cp.text(), TIME).unwrap();
    let fault = |l: &str| match verify_cosignature(w.vkey(), cp.text(), l) {
        Err(Refusal::BadCosignature { fault, .. }) => fault,
        other => panic!("{l}: {other:?}"),
    };
    let raw = BASE64.decode(line.trim_end().rsplit(' ').next().unwrap()).unwrap();
    let with = |bytes: &[u8]| format!("— witness.example/zheng-1 {}", BASE64.encode(bytes));
    let mut later = raw.clone();
    later[11] ^= 1;
    assert_eq!(fault(&with(&later)), CosignatureFault::DoesNotVerify);
    let mut future = raw.clone();
    future[4] = 0x80;
    assert_eq!(fault(&with(&future)), CosignatureFault::TimestampTooLarge);
    assert_eq!(fault(&with(&raw[..70])), CosignatureFault::Length { bytes: 70 });
    assert_eq!(fault(&line.replace("zheng-1", "zheng-2")), CosignatureFault::OtherKey);
    assert_eq!(fault("nothing"), CosignatureFault::NotASignatureLine);
    let other = SignedCheckpoint::parse(
        w.cosign(b"x\n", 1)
            .map(|l| format!("zheng/collector/2152f8d19b791d24\n2\n{}\n\n{l}", BASE64.encode([0; 32])))
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(verify_cosignature(w.vkey(), other.text(), &line).map_err(|_| ()), Err(()));
    assert!(w.cosign(b"x\n", MAX_TIMESTAMP + 1).is_err());
    assert!(w.cosign(b"x\n", MAX_TIMESTAMP).is_ok());
}

#[test]
fn every_malformed_vkey_is_refused_with_what_is_wrong() {
    let fault = |text: &str, kind| match Vkey::parse(text, kind) {
        Err(Refusal::BadVkey { fault, .. }) => fault,
        other => panic!("{text}: {other:?}"),
    };
    let good = witness().vkey().to_string();
    let (name, rest) = good.split_once('+').unwrap();
    let (id, key) = rest.split_once('+').unwrap();
    assert_eq!(Vkey::parse(&good, KeyType::Cosignature).unwrap(), *witness().vkey());
    assert_eq!(fault(&good, KeyType::Log), VkeyFault::Type { found: 4, expected: 1 });
    assert_eq!(fault(name, KeyType::Cosignature), VkeyFault::NotThreeParts);
    assert_eq!(fault(&format!("{name}+{id}"), KeyType::Cosignature), VkeyFault::NotThreeParts);
    assert_eq!(fault(&format!("{good}+x"), KeyType::Cosignature), VkeyFault::NotBase64);
    assert_eq!(fault(&format!("a b+{rest}"), KeyType::Cosignature), VkeyFault::Name);
    assert_eq!(fault(&format!("+{rest}"), KeyType::Cosignature), VkeyFault::Name);
    assert_eq!(fault(&format!("{name}+123+{key}"), KeyType::Cosignature), VkeyFault::KeyIdNotHex);
    assert_eq!(fault(&format!("{name}+{id}+!!"), KeyType::Cosignature), VkeyFault::NotBase64);
    assert_eq!(fault(&format!("{name}+{id}+"), KeyType::Cosignature), VkeyFault::Length { bytes: 0 });
    let short = BASE64.encode([&[4u8][..], &[1; 31]].concat());
    assert_eq!(fault(&format!("{name}+{id}+{short}"), KeyType::Cosignature), VkeyFault::Length { bytes: 31 });
    let other_id = format!("{name}+00000000+{key}");
    assert!(matches!(fault(&other_id, KeyType::Cosignature), VkeyFault::KeyIdDiffers { .. }));
    // The small-order point of order 2 (y = -1): a weak key, refused.
    let weak = [&[4u8][..], &hex::decode(format!("ec{}7f", "ff".repeat(30))).unwrap()].concat();
    let weak = format!("{name}+{id}+{}", BASE64.encode(weak));
    assert_eq!(fault(&weak, KeyType::Cosignature), VkeyFault::Key(crate::error::KeyFault::Weak));
    assert!(Cosigner::new("has space", SigningKey::from_bytes(&[1; 32])).is_err());
    assert!(Cosigner::new("has+plus", SigningKey::from_bytes(&[1; 32])).is_err());
}

#[test]
fn a_checkpoint_is_the_logs_only_under_its_keys_and_every_known_line_must_hold() {
    let cp = vector_checkpoint();
    assert_eq!((cp.origin(), cp.size()), ("zheng/collector/2152f8d19b791d24", 1));
    let log = collector_vkey();
    let lines = cp.verify_log(std::slice::from_ref(&log)).unwrap();
    assert_eq!(lines.len(), 1);
    assert!(cp.to_bytes().ends_with(lines[0].as_bytes()));
    let stranger = Vkey::new(log.name(), KeyType::Log, SigningKey::from_bytes(&[9; 32]).verifying_key()).unwrap();
    let refused = Err(Refusal::BadLogSignature { origin: log.name().into() });
    assert_eq!(cp.verify_log(std::slice::from_ref(&stranger)), refused);
    assert_eq!(cp.verify_log(&[log.clone(), log.clone(), stranger]).map(|l| l.len()), Ok(1));
    // A line of the trusted key that fails refuses the note, even beside one that holds.
    let good = String::from_utf8(cp.to_bytes()).unwrap().lines().last().unwrap().to_string();
    let bad = good.replace("eSawg", "eSawh");
    for lines in [[&bad, &good], [&good, &bad]] {
        let note = format!("{}\n{}\n{}\n", String::from_utf8(cp.text().to_vec()).unwrap(), lines[0], lines[1]);
        let doubled = SignedCheckpoint::parse(note.as_bytes()).unwrap();
        assert_eq!(doubled.verify_log(std::slice::from_ref(&log)), refused);
    }
}

#[test]
fn a_checkpoints_cosignatures_are_counted_once_a_witness_and_a_bad_one_refuses_it() {
    let cp = vector_checkpoint();
    let (w1, w2) = (witness(), Cosigner::new("witness.example/zheng-2", SigningKey::from_bytes(&[0x58; 32])).unwrap());
    let l1 = w1.cosign(cp.text(), TIME).unwrap();
    let l2 = w2.cosign(cp.text(), TIME + 1).unwrap();
    let both = SignedCheckpoint::parse(&cp.with_lines(&[l1.clone(), l2, l1.clone()])).unwrap();
    let keys = [w1.vkey().clone(), w2.vkey().clone(), collector_vkey()];
    assert_eq!(both.cosigned_by(&keys).unwrap(), [(0, TIME), (1, TIME + 1)]);
    assert_eq!(both.verify_log(&keys).map(|l| l.len()), Ok(1), "only the log's own key is the log's");
    let one = SignedCheckpoint::parse(&cp.with_lines(std::slice::from_ref(&l1))).unwrap();
    assert_eq!(one.cosigned_by(&keys).unwrap(), [(0, TIME)]);
    let forged = l1.replace(&l1[40..44], "AAAA");
    let bad = SignedCheckpoint::parse(&cp.with_lines(&[forged])).unwrap();
    assert!(matches!(bad.cosigned_by(&keys), Err(Refusal::BadCosignature { .. })));
}

/// Contract §3 writes a key on the command line as `ORIGIN=VKEY` (`zheng witness --log`) or
/// `NAME=VKEY@URL` (`zheng collect --witness`): the name must be the vkey's own.
#[test]
fn a_vkey_named_on_the_command_line_must_carry_that_name() {
    let v = collector_vkey();
    assert_eq!(Vkey::parse_named(&v.to_string(), KeyType::Log).unwrap(), v);
    assert_eq!(Vkey::parse_named(&format!("{}={v}", v.name()), KeyType::Log).unwrap(), v);
    assert!(Vkey::parse_named(&format!("another.example/log={v}"), KeyType::Log).is_err());
    assert!(Vkey::parse_named(&format!("{}={v}", v.name()), KeyType::Cosignature).is_err());
}
