//! The texts of a witness's `add-checkpoint` (c2sp.org/tlog-witness), both sides, pure: the
//! request a log sends ([`AddCheckpoint::body`]) and the witness reads ([`AddCheckpoint::parse`]);
//! the `409 Conflict` answer's body, the witness's latest size ([`size_body`],
//! [`parse_size_body`], content type [`SIZE_CONTENT_TYPE`]); and the `200` answer's cosignature
//! lines ([`answer_lines`]).
//!
//! A request is `old N` (decimal, no leading zero), at most 63 lines of a consistency proof (one
//! base64 hash a line, RFC 6962's order), an empty line, then the signed checkpoint; every line
//! ends in a newline.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tlog_tiles::Hash;

use crate::error::{Refusal, RequestFault};
use crate::seal::cosignature::SignedCheckpoint;

/// The content type of a `409 Conflict` answer: the witness's latest cosigned size.
pub const SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// The most consistency proof lines a request may carry.
pub const MAX_PROOF_LINES: usize = 63;

/// A request to `add-checkpoint`, read.
#[derive(Debug)]
pub struct AddCheckpoint {
    /// The size of the latest checkpoint the log believes the witness cosigned (0: none).
    pub old: u64,
    /// The consistency proof from the tree of `old` leaves to the checkpoint's (empty from 0).
    pub proof: Vec<Hash>,
    /// The signed checkpoint, not checked yet.
    pub checkpoint: SignedCheckpoint,
}

impl AddCheckpoint {
    /// Reads a request body; [`Refusal::NotAnAddCheckpoint`] (HTTP 400) for anything else.
    pub fn parse(body: &[u8]) -> Result<AddCheckpoint, Refusal> {
        let bad = |fault| Refusal::NotAnAddCheckpoint { fault };
        let text = std::str::from_utf8(body).map_err(|_| bad(RequestFault::NotText))?;
        let (first, mut rest) = text.split_once('\n').ok_or(bad(RequestFault::NoOldLine))?;
        let old = first.strip_prefix("old ").and_then(decimal).ok_or(bad(RequestFault::NoOldLine))?;
        let mut proof = Vec::new();
        loop {
            let (line, after) = rest.split_once('\n').ok_or(bad(RequestFault::NoEmptyLine))?;
            rest = after;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(bad(RequestFault::TooManyProofLines));
            }
            let hash = BASE64.decode(line).ok().and_then(|h| <[u8; 32]>::try_from(h).ok());
            proof.push(Hash(hash.ok_or(bad(RequestFault::ProofLineNotHash { line: proof.len() + 1 }))?));
        }
        let checkpoint = SignedCheckpoint::parse(rest.as_bytes()).map_err(bad)?;
        Ok(AddCheckpoint { old, proof, checkpoint })
    }

    /// The body of a request: `old` (the size the log last had cosigned by this witness, 0 if
    /// none), the consistency proof from it, and the signed checkpoint `note`.
    pub fn body(old: u64, proof: &[Hash], note: &[u8]) -> Vec<u8> {
        let mut out = format!("old {old}\n").into_bytes();
        for h in proof {
            out.extend_from_slice(BASE64.encode(h.0).as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
        out.extend_from_slice(note);
        out
    }
}

/// A decimal number with no leading zero (`0` itself excepted).
fn decimal(s: &str) -> Option<u64> {
    let n: u64 = s.parse().ok()?;
    (n.to_string() == s).then_some(n)
}

/// The body of a `409 Conflict`: the witness's latest cosigned size and a newline.
pub fn size_body(size: u64) -> String {
    format!("{size}\n")
}

/// Reads a `409 Conflict` body.
pub fn parse_size_body(body: &[u8]) -> Option<u64> {
    std::str::from_utf8(body).ok()?.strip_suffix('\n').and_then(decimal)
}

/// The signature lines of a `200` answer (each starting with `—`, each given with its newline);
/// `None` if the body is not one or more such lines. Check each with
/// [`crate::seal::cosignature::verify_cosignature`] before use.
pub fn answer_lines(body: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(body).ok()?.strip_suffix('\n')?;
    let lines: Vec<String> = text.split('\n').map(|l| format!("{l}\n")).collect();
    lines.iter().all(|l| l.starts_with("— ")).then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str =
        "example.com/log\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— example.com/log AAAAAAA=\n";

    #[test]
    fn a_request_reads_back_as_written() {
        let proof = [Hash([1; 32]), Hash([2; 32])];
        let body = AddCheckpoint::body(1, &proof, NOTE.as_bytes());
        let r = AddCheckpoint::parse(&body).unwrap();
        assert_eq!((r.old, r.proof.as_slice()), (1, &proof[..]));
        assert_eq!((r.checkpoint.origin(), r.checkpoint.size()), ("example.com/log", 2));
        let empty = AddCheckpoint::parse(format!("old 0\n\n{NOTE}").as_bytes()).unwrap();
        assert!(empty.proof.is_empty());
    }

    #[test]
    fn every_malformed_request_is_refused_with_what_is_wrong() {
        let fault = |body: &str| match AddCheckpoint::parse(body.as_bytes()) {
            Err(Refusal::NotAnAddCheckpoint { fault }) => fault,
            other => panic!("{body:?}: {other:?}"),
        };
        use RequestFault::*;
        assert_eq!(fault(&format!("old 01\n\n{NOTE}")), NoOldLine);
        assert_eq!(fault(&format!("old -1\n\n{NOTE}")), NoOldLine);
        assert_eq!(fault(&format!("new 1\n\n{NOTE}")), NoOldLine);
        assert_eq!(fault("old 1"), NoOldLine);
        assert_eq!(fault(&format!("old 1\nnot-base64\n\n{NOTE}")), ProofLineNotHash { line: 1 });
        assert_eq!(fault(&format!("old 1\n{}\nAAAA\n\n{NOTE}", BASE64.encode([0; 32]))), ProofLineNotHash { line: 2 });
        let many = format!("{}\n", BASE64.encode([0; 32])).repeat(64);
        assert_eq!(fault(&format!("old 1\n{many}\n{NOTE}")), TooManyProofLines);
        assert_eq!(fault("old 1\n"), NoEmptyLine);
        assert_eq!(fault("old 1\n\nnot a note"), NotANote);
        assert_eq!(fault("old 1\n\nexample.com/log\nx\n\n— example.com/log AAAAAAA=\n"), NotACheckpoint);
        assert!(matches!(AddCheckpoint::parse(b"old 1\n\n\xff"), Err(Refusal::NotAnAddCheckpoint { fault: NotText })));
    }

    #[test]
    fn the_answers_bodies_read_back() {
        assert_eq!(size_body(12), "12\n");
        assert_eq!(parse_size_body(b"12\n"), Some(12));
        assert_eq!(parse_size_body(b"012\n"), None);
        assert_eq!(parse_size_body(b"12"), None);
        let lines = answer_lines("— w AAAA\n— v BBBB\n".as_bytes()).unwrap();
        assert_eq!(lines, ["— w AAAA\n", "— v BBBB\n"]);
        assert_eq!(answer_lines(b"nope\n"), None);
        assert_eq!(answer_lines(b""), None);
    }
}
