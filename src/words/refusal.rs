//! The words of every refusal and error.
