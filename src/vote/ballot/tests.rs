//! The ballot's law end to end, through the decoder: validity [ZJE27; CPC], per-post rules, written-in
//! names, and input errors that name their field.

use std::path::Path;

use super::*;
use crate::vote::manifest::Election;
use crate::vote::testing::VC;

fn election(extra: &str) -> Election {
    let t = VC.replace("registered = 10", &format!("registered = 10\n{extra}"));
    let t = if extra.starts_with('[') { format!("{VC}\n{extra}") } else { t };
    Election::from_toml(&t, Path::new("t.toml")).unwrap()
}

fn judge(e: &Election, line: &str) -> Result<(BallotVerdict, BallotBatch), LineError> {
    let schema = Schema::new(e);
    let mut d = schema.decoder();
    let mut b = BallotBatch::new(schema.layout());
    d.decode(line.as_bytes(), &mut b).map(|v| (v, b))
}

fn verdict(e: &Election, line: &str) -> BallotVerdict {
    judge(e, line).unwrap().0
}

/// All that decoding a line gives: its verdict or error, the batch it made, its record when one was
/// asked for, and where the law found fault.
pub(super) type Decoded = (Result<BallotVerdict, LineError>, BallotBatch, Vec<u8>, Vec<(usize, InvalidReason)>);

/// Decodes `line` with `d` (`record`: with its record, as `zheng close` does; else as `zheng count`
/// does) — for the tests that hold the fast path to serde's reader.
pub(super) fn decoded(d: &mut Decoder<'_, '_>, layout: &Layout, line: &str, record: bool) -> Decoded {
    let (mut b, mut r) = (BallotBatch::new(layout), Vec::new());
    let v = if record { d.decode_record(line.as_bytes(), &mut b, &mut r) } else { d.decode(line.as_bytes(), &mut b) };
    (v, b, r, d.faults())
}

/// Reads `lines` in turn with one fast and one reference decoder of `schema` (what each keeps from
/// line to line carried on), with and without a record, and holds every line's two readings equal.
pub(super) fn read_alike(schema: &Schema<'_>, lines: &[String]) {
    for record in [false, true] {
        let (mut fast, mut reference) = (schema.decoder(), schema.reference_decoder());
        for line in lines {
            let (a, b) = (
                decoded(&mut fast, schema.layout(), line, record),
                decoded(&mut reference, schema.layout(), line, record),
            );
            assert_eq!(a, b, "{line}");
        }
    }
}

use InvalidReason::*;

#[test]
fn blank_ballot_is_valid_and_marks_nothing() {
    let e = election("");
    let (v, b) = judge(&e, "{}").unwrap();
    assert_eq!(v, BallotVerdict::Valid);
    assert_eq!(b.words(), [0, 0, 0, 0]);
    assert_eq!(verdict(&e, r#"{"chair":[],"party":{}}"#), BallotVerdict::Valid);
}

/// ZJE27: more marks in a post than its seats voids the whole ballot.
#[test]
fn zje27_overvote_voids_ballot() {
    let e = election("");
    assert_eq!(verdict(&e, r#"{"chair":["a","b"]}"#), BallotVerdict::Invalid(Overvote));
    assert_eq!(verdict(&e, r#"{"chair":["a","w:张三"]}"#), BallotVerdict::Invalid(Overvote));
    assert_eq!(verdict(&e, r#"{"member":["c","d"]}"#), BallotVerdict::Valid);
}

/// ZJE27: the same person twice in one post, including by a written-in name equal to theirs.
#[test]
fn zje27_duplicate_in_post() {
    let e = election("");
    assert_eq!(verdict(&e, r#"{"member":["c","c"]}"#), BallotVerdict::Invalid(Duplicate));
    assert_eq!(verdict(&e, r#"{"member":["c","w: 孙三 "]}"#), BallotVerdict::Invalid(Duplicate));
    assert_eq!(verdict(&e, r#"{"member":["w:张三","w:张三"]}"#), BallotVerdict::Invalid(Duplicate));
}

/// ZJE27: the same person in two posts: listed, written in, or a written-in listed name.
#[test]
fn zje27_same_person_two_posts() {
    let e = election("");
    assert_eq!(verdict(&e, r#"{"chair":["w:孙三"],"member":["c"]}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"chair":["w:张三"],"member":["w:张三"]}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["w:赵一"]}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["w:张三"]}"#), BallotVerdict::Valid);
}

/// ZJE27: one person listed in two posts (the same id in both) and marked in both voids the ballot
/// — a for-vote in an approve post names them too, an against-vote does not; under per-post rules
/// both posts are voided, and a post voided on its own names nobody.
#[test]
fn zje27_same_listed_person_in_two_posts() {
    let shared = |extra: &str| {
        let t = VC
            .replace(
                r#"{ id = "e", name = "周五" } ]"#,
                r#"{ id = "e", name = "周五" }, { id = "a", name = "赵一" } ]"#,
            )
            .replace(
                r#"{ id = "r", name = "王八" } ]"#,
                r#"{ id = "r", name = "王八" }, { id = "a", name = "赵一" } ]"#,
            );
        Election::from_toml(&format!("{t}\n{extra}"), Path::new("t.toml")).unwrap()
    };
    let e = shared("");
    assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["a"]}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"member":["a"],"party":{"for":["a"]}}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"chair":["w:赵一"],"party":{"for":["a"]}}"#), BallotVerdict::Invalid(CrossPost));
    assert_eq!(verdict(&e, r#"{"chair":["a"],"party":{"against":["a"]}}"#), BallotVerdict::Valid);
    assert_eq!(verdict(&e, r#"{"chair":["a"],"member":["c"],"party":{"for":["p"]}}"#), BallotVerdict::Valid);
    assert_eq!(verdict(&e, r#"{"member":["a"]}"#), BallotVerdict::Valid);
    let e = shared("[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"");
    let (_, b) = judge(&e, r#"{"chair":["a"],"member":["a","c"],"party":{"for":["q"]}}"#).unwrap();
    assert_eq!(&b.words()[..3], &[VOIDED_BIT, VOIDED_BIT, 2]);
    let (_, b) = judge(&e, r#"{"chair":["a","b"],"member":["a"]}"#).unwrap();
    assert_eq!(&b.words()[..2], &[VOIDED_BIT, 1 << 3]);
}

/// ZJE27: a written-in name equal to a listed candidate's name counts for that candidate.
#[test]
fn written_in_listed_name_is_the_candidate() {
    let e = election("");
    let (v, b) = judge(&e, r#"{"chair":["w:\u94b1\u4e8c"]}"#).unwrap();
    assert_eq!(v, BallotVerdict::Valid);
    assert_eq!(b.words()[0], 0b10);
    assert!(b.write_ins().is_empty());
    // A listed person of another post written in here is a write-in for this post.
    let (_, b) = judge(&e, r#"{"member":["w:赵一"]}"#).unwrap();
    assert_eq!(b.words()[1], WRITE_IN_BIT);
    assert_eq!(b.names(), ["赵一".to_string()]);
}

/// CPC approve style: for and against the same person; write-ins only in place of an against.
#[test]
fn cpc_approve_rules() {
    let e = election("");
    assert_eq!(verdict(&e, r#"{"party":{"for":["p"],"against":["p"]}}"#), BallotVerdict::Invalid(ForAndAgainst));
    assert_eq!(verdict(&e, r#"{"party":{"for":["p"],"write_in":["张三"]}}"#), BallotVerdict::Invalid(WriteInExcess));
    assert_eq!(verdict(&e, r#"{"party":{"against":["q"],"write_in":["张三"],"for":["p"]}}"#), BallotVerdict::Valid);
    assert_eq!(
        verdict(&e, r#"{"party":{"against":["q"],"write_in":["张三"],"for":["p","r"]}}"#),
        BallotVerdict::Invalid(Overvote),
        "more for-marks, write-ins included, than seats"
    );
    assert_eq!(verdict(&e, r#"{"party":{"for":["p","p"]}}"#), BallotVerdict::Invalid(Duplicate));
    assert_eq!(
        verdict(&e, r#"{"party":{"against":["q"],"write_in":["吴六"],"for":["p"]}}"#),
        BallotVerdict::Invalid(Duplicate)
    );
}

#[test]
fn spoiled() {
    let e = election("");
    assert_eq!(verdict(&e, r#"{"spoiled":true}"#), BallotVerdict::Invalid(Spoiled));
    assert_eq!(verdict(&e, r#"{"spoiled":false}"#), BallotVerdict::Valid);
    assert!(judge(&e, r#"{"spoiled":true,"chair":["a"]}"#).is_err());
}

/// Other provinces: only the overvoted post is void; the ballot counts elsewhere.
#[test]
fn per_post_overvote_setting() {
    let e = election("[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"");
    let (v, b) = judge(&e, r#"{"chair":["a","b"],"member":["c"]}"#).unwrap();
    assert_eq!(v, BallotVerdict::Valid);
    assert_eq!(b.words()[0], VOIDED_BIT);
    assert_eq!(b.words()[1], 1);
    let (_, b) = judge(&e, r#"{"chair":["w:张三"],"member":["w:张三","d"]}"#).unwrap();
    assert_eq!(&b.words()[..2], &[VOIDED_BIT, VOIDED_BIT]);
    assert!(b.write_ins().is_empty());
    // A post voided for an overvote names nobody, so it cannot clash with another post.
    let (_, b) = judge(&e, r#"{"chair":["a","w:孙三"],"member":["c"]}"#).unwrap();
    assert_eq!(&b.words()[..2], &[VOIDED_BIT, 1]);
}

/// Where the law finds fault, post by post (for a screen to say where before it saves): each
/// reason in the post it is found in, the same person in two posts in both, whatever the scope.
#[test]
fn faults_name_their_posts() {
    let faults = |e: &Election, line: &str| {
        let schema = Schema::new(e);
        let mut d = schema.decoder();
        d.decode(line.as_bytes(), &mut BallotBatch::new(schema.layout())).unwrap();
        d.faults()
    };
    let e = election("");
    assert_eq!(faults(&e, r#"{"chair":["a"],"member":["c"]}"#), []);
    assert_eq!(faults(&e, r#"{"chair":["a","b"],"member":["c","c"]}"#), [(0, Overvote), (1, Duplicate)]);
    assert_eq!(faults(&e, r#"{"chair":["w:孙三"],"member":["c"]}"#), [(0, CrossPost), (1, CrossPost)]);
    assert_eq!(faults(&e, r#"{"spoiled":true}"#), []);
    assert_eq!(faults(&e, r#"{"party":{"for":["p"],"against":["p"]}}"#), [(2, ForAndAgainst)]);
    let e = election("[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"");
    assert_eq!(faults(&e, r#"{"chair":["a","b"],"member":["c"]}"#), [(0, Overvote)]);
    assert_eq!(faults(&e, r#"{"chair":["w:张三"],"member":["w:张三","d"]}"#), [(0, CrossPost), (1, CrossPost)]);
}

#[test]
fn input_errors_name_the_field() {
    let e = election("");
    let err = |l: &str| judge(&e, l).unwrap_err();
    assert_eq!(err(r#"{"chair":["z"]}"#).field, "chair[0]");
    assert_eq!(err(r#"{"mayor":["a"]}"#).field, "mayor");
    assert_eq!(err(r#"{"chair":["a"],"chair":[]}"#).field, "chair");
    assert_eq!(err(r#"{"chair":["w:  "]}"#).field, "chair[0]");
    assert_eq!(err(r#"{"chair":[1]}"#).field, "chair[0]");
    assert_eq!(err(r#"{"party":{"maybe":["p"]}}"#).field, "party.maybe");
    assert_eq!(err(r#"{"party":{"for":["x"]}}"#).field, "party.for[0]");
    assert!(err(r#"{"chair":["a"]"#).problem.en().contains("EOF"));
    assert!(err(r#"[]"#).problem.en().contains("object"));
    assert!(err(r#"{} {}"#).problem.en().contains("trailing"));
    let e2 = Election::from_toml(&VC.replace("seats = 1\n", "seats = 1\nwrite_in = false\n"), Path::new("t")).unwrap();
    assert!(judge(&e2, r#"{"chair":["w:张三"]}"#).unwrap_err().problem.en().contains("no written-in"));
}
