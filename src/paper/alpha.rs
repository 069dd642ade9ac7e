//! Placeholder: the ALPHA test (written by the ALPHA task).
