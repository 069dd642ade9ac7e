//! Why a ballot is invalid, and invalid ballots counted by reason (their JSON form is contract §4's
//! `invalid_reasons`: only the reasons with a count, in order of precedence).

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

/// Why a ballot is invalid. The order is the order of precedence when a ballot has several defects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidReason {
    /// The monitors could not read it and the committee ruled it invalid.
    Spoiled,
    /// More marks in a post than its seats [ZJE27; CPC].
    Overvote,
    /// The same person named twice in one post [ZJE27].
    Duplicate,
    /// A candidate marked both for and against [CPC].
    ForAndAgainst,
    /// More written-in names than against-marks [CPC].
    WriteInExcess,
    /// The same person named for two or more posts [ZJE27].
    CrossPost,
}

impl InvalidReason {
    /// Every reason, in order of precedence.
    pub const ALL: [InvalidReason; 6] = [
        InvalidReason::Spoiled,
        InvalidReason::Overvote,
        InvalidReason::Duplicate,
        InvalidReason::ForAndAgainst,
        InvalidReason::WriteInExcess,
        InvalidReason::CrossPost,
    ];

    /// The reason as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidReason::Spoiled => "spoiled",
            InvalidReason::Overvote => "overvote",
            InvalidReason::Duplicate => "duplicate",
            InvalidReason::ForAndAgainst => "for-and-against",
            InvalidReason::WriteInExcess => "write-in-excess",
            InvalidReason::CrossPost => "cross-post",
        }
    }

    pub(super) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Invalid ballots counted by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvalidCounts([u64; 6]);

impl From<[u64; 6]> for InvalidCounts {
    /// Counts given by reason, in [`InvalidReason::ALL`]'s order (as a signed result carries them).
    fn from(counts: [u64; 6]) -> Self {
        InvalidCounts(counts)
    }
}

impl InvalidCounts {
    /// The counts by reason, in [`InvalidReason::ALL`]'s order.
    pub fn counts(&self) -> [u64; 6] {
        self.0
    }

    /// All invalid ballots.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// Those of one reason.
    pub fn get(&self, r: InvalidReason) -> u64 {
        self.0[r as usize]
    }

    /// Counts one more.
    pub fn add(&mut self, r: InvalidReason) {
        self.add_n(r, 1);
    }

    /// Counts `n` more.
    pub fn add_n(&mut self, r: InvalidReason, n: u64) {
        self.0[r as usize] += n;
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, o: &InvalidCounts) {
        self.merge_times(o, 1);
    }

    /// Adds another set of counts `n` times over.
    pub fn merge_times(&mut self, o: &InvalidCounts, n: u64) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b * n;
        }
    }
}

impl<'de> Deserialize<'de> for InvalidCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = std::collections::BTreeMap::<String, u64>::deserialize(d)?;
        let mut c = InvalidCounts::default();
        for (k, v) in m {
            let r = InvalidReason::ALL
                .into_iter()
                .find(|r| r.as_str() == k)
                .ok_or_else(|| de::Error::custom(format!("unknown invalid-ballot reason {k:?}")))?;
            c.0[r as usize] = v;
        }
        Ok(c)
    }
}

impl Serialize for InvalidCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for r in InvalidReason::ALL {
            if self.get(r) > 0 {
                m.serialize_entry(r.as_str(), &self.get(r))?;
            }
        }
        m.end()
    }
}
