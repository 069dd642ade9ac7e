//! The audit of the paper: a risk-limiting audit of every decision of a verified bundle, drawn from
//! public dice and repeatable by anyone (docs/AUDIT.md; contract §6).
//!
//! Takes in a [`crate::audit::verify::Verified`] bundle, a seed of public dice and the paper ballots
//! an audit team reads; gives out the assertions the outcome rests on, the sample to pull, each
//! assertion's risk and the verdict: confirmed, another round, or a full hand count.
//!
//! - [`sampler`]: Rivest's consistent sampler, ticket for ticket as PyPI `consistent-sampler`.
//! - [`alpha`]: SHANGRLA's ALPHA test supermartingale, sampling without replacement.
pub mod alpha;
pub mod assertion;
pub mod derive;
pub mod folder;
pub mod judge;
pub mod page;
pub mod plan;
pub mod recheck;
pub mod retrieval;
pub mod sampler;
pub mod status;
pub mod steps;
pub mod text;

#[cfg(test)]
mod tests;
