//! Digests: the SHA-256 hash type every sealed object is named by.

/// A SHA-256 digest.
pub type Hash = [u8; 32];
