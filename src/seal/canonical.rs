//! Canonical bytes: the one encoding of every signed structure, and the only decoder of untrusted
//! bytes, with a size limit on every decode.
//!
//! Zheng's byte specification (docs/FORMAT.md) is written against this module, not against a crate:
//! little-endian fixed-width integers, `u64` length prefixes for strings and lists, fixed arrays as
//! raw bytes, `Option` as a `u8` tag. It is implemented with bincode 2.0.1 in that fixed
//! configuration, so that bincode can be replaced by a hand-written codec of the same bytes.

use bincode::config::{Configuration, Fixint, Limit, LittleEndian};
use bincode::{Decode, Encode};

/// The most bytes any single decode reads (and so the most any claimed length can allocate).
pub(crate) const MAX_DECODE_BYTES: usize = 64 << 20;

type Config = Configuration<LittleEndian, Fixint, Limit<MAX_DECODE_BYTES>>;

fn config() -> Config {
    bincode::config::standard().with_little_endian().with_fixed_int_encoding().with_limit::<MAX_DECODE_BYTES>()
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not a value of the type (truncated, a bad tag, a length past the limit, …).
    #[error("malformed: {0}")]
    Malformed(String),
    /// A value was read but bytes are left over.
    #[error("{0} bytes left over after the value")]
    Trailing(usize),
    /// The input is larger than [`MAX_DECODE_BYTES`].
    #[error("larger than {MAX_DECODE_BYTES} bytes")]
    TooLarge,
}

/// What went wrong, in words (bincode's own text is its debug form).
fn sentence(e: &bincode::error::DecodeError) -> String {
    use bincode::error::DecodeError as B;
    match e {
        B::UnexpectedEnd { additional } => format!("truncated: {additional} more byte(s) expected"),
        B::LimitExceeded => format!("a length claims more than the {} MiB Zheng decodes", MAX_DECODE_BYTES >> 20),
        B::UnexpectedVariant { type_name, found, .. } => format!("tag {found} is no {type_name}"),
        B::Utf8 { .. } => "a string is not UTF-8".into(),
        B::InvalidBooleanValue(v) => format!("{v} is not a boolean (0 or 1)"),
        B::ArrayLengthMismatch { required, found } => format!("{found} items where {required} are required"),
        B::OutsideUsizeRange(n) => format!("a length of {n} is out of range"),
        _ => "the bytes are not of this format".into(),
    }
}

/// Encodes a value in canonical bytes.
pub fn encode<T: Encode>(value: &T) -> Vec<u8> {
    bincode::encode_to_vec(value, config()).expect("encoding to a Vec cannot fail under the limit")
}

/// Decodes a value that must take up every byte; never allocates more than the limit.
pub fn decode<T: Decode<()>>(bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() > MAX_DECODE_BYTES {
        return Err(DecodeError::TooLarge);
    }
    let (v, used) = bincode::decode_from_slice(bytes, config()).map_err(|e| DecodeError::Malformed(sentence(&e)))?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - used));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Encode, Decode, Debug, PartialEq)]
    struct S {
        a: u32,
        b: String,
        c: Vec<u64>,
        d: [u8; 4],
        e: Option<u16>,
    }

    #[test]
    fn the_documented_layout() {
        let s = S { a: 1, b: "正".into(), c: vec![2], d: [9, 8, 7, 6], e: Some(5) };
        let bytes = encode(&s);
        let want: Vec<u8> = [
            &[1u8, 0, 0, 0][..],
            &[3, 0, 0, 0, 0, 0, 0, 0, 0xE6, 0xAD, 0xA3],
            &[1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0],
            &[9, 8, 7, 6],
            &[1, 5, 0],
        ]
        .concat();
        assert_eq!(bytes, want);
        assert_eq!(decode::<S>(&bytes).unwrap(), s);
    }

    #[test]
    fn refuses_truncated_trailing_and_huge_lengths() {
        let bytes = encode(&S { a: 1, b: "x".into(), c: vec![], d: [0; 4], e: None });
        for n in 0..bytes.len() {
            assert!(decode::<S>(&bytes[..n]).is_err(), "truncated at {n}");
        }
        let mut more = bytes.clone();
        more.push(0);
        assert_eq!(decode::<S>(&more), Err(DecodeError::Trailing(1)));
        // A list claiming 2^40 elements: a clear error, no allocation.
        let mut huge = bytes[..4].to_vec();
        huge.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, b'x']);
        huge.extend_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(matches!(decode::<S>(&huge), Err(DecodeError::Malformed(_))));
        let mut huge_str = bytes[..4].to_vec();
        huge_str.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(decode::<S>(&huge_str), Err(DecodeError::Malformed(_))));
    }
}
