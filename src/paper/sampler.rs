//! Placeholder: the consistent sampler (written by the sampler task).
