//! One assertion an outcome rests on, as a SHANGRLA assorter: a function of one paper ballot,
//! between 0 and `u`, whose mean over all the ballots counted exceeds 1/2 exactly when the
//! assertion holds (docs/AUDIT.md "Assertions").
//!
//! Three forms cover the law, each with its bar's base already applied (`least`, the fewest votes
//! that meet the bar — of voters present, of ballots, or of representatives entitled —, so invalid,
//! blank and unreturned ballots count against):
//!
//! - **bar**: `key` has at least `least` votes. With `T = least − ½`, `a = N/(2T)` for a ballot
//!   voting for `key`, else 0: the mean `votes/(2·least − 1)` exceeds ½ iff `votes ≥ least`.
//! - **below**: `key` has fewer than `least` votes. `a = N/(2(N − T))` for a ballot *not* voting
//!   for `key`, else 0: the mean `(N − votes)/(2N − 2·least + 1)` exceeds ½ iff `votes < least`.
//! - **beats** (and **boundary**, the same test at a run-off list's edge): `winner` has more votes
//!   than `loser`. `a = (1[winner] − 1[loser] + 1)/2`, `u = 1`.

use serde::{Deserialize, Serialize};

use super::judge::PaperBallot;

/// The kind of an assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Cleared the round's bar.
    Bar,
    /// Has more votes than someone not elected.
    Beats,
    /// Is below the bar (a post left short).
    Below,
    /// The last proposed for a run-off has more votes than the first not proposed.
    Boundary,
}

/// An assertion's numbers: its reported mean, its bound, its bar, its population.
struct Numbers {
    mean: f64,
    u: f64,
    least: Option<u64>,
    population: u64,
    shares: [u64; 3],
}

/// One assertion, with the numbers the count reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assertion {
    id: String,
    post: String,
    kind: Kind,
    winner: Option<String>,
    loser: Option<String>,
    reported_mean: f64,
    margin: f64,
    u: f64,
    /// The bar, in votes (bar and below only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    least: Option<u64>,
    /// The reported count of ballots whose assorter is 0, ½ (beats only) and `u`: the shares a
    /// sample size is planned on.
    shares: [u64; 3],
    /// The article of the law the decision it supports comes from.
    article: String,
    /// With `*` (anyone the count does not name in the post): the keys it does name, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    known: Vec<String>,
    /// The post's place in the manifest.
    #[serde(skip)]
    contest: usize,
    /// The population: every ballot counted.
    #[serde(skip)]
    population: u64,
}

impl Assertion {
    /// `key` has at least `least` of the `population` ballots' votes (it has `votes`).
    pub(super) fn bar(post: (usize, &str), key: &str, votes: u64, least: u64, population: u64, article: &str) -> Self {
        let d = (2 * least - 1) as f64;
        let shares = [population - votes.min(population), 0, votes.min(population)];
        let n = Numbers { mean: votes as f64 / d, u: population as f64 / d, least: Some(least), population, shares };
        Assertion::new(post, Kind::Bar, (Some(key), None), n, article)
    }

    /// `key` has fewer than `least` votes (it has `votes`); `None` when nobody can reach the bar
    /// (`least` above the population): then no ballot can change it.
    pub(super) fn below(
        post: (usize, &str),
        key: &str,
        votes: u64,
        least: u64,
        population: u64,
        article: &str,
    ) -> Option<Self> {
        if least > population {
            return None;
        }
        let d = (2 * population - 2 * least + 1) as f64;
        let votes = votes.min(population);
        let shares = [votes, 0, population - votes];
        let (mean, u) = ((population - votes) as f64 / d, population as f64 / d);
        let n = Numbers { mean, u, least: Some(least), population, shares };
        Some(Assertion::new(post, Kind::Below, (None, Some(key)), n, article))
    }

    /// `winner` (with `w` votes) has more votes than `loser` (with `l`).
    pub(super) fn beats(
        post: (usize, &str),
        kind: Kind,
        (winner, w): (&str, u64),
        (loser, l): (&str, u64),
        population: u64,
        article: &str,
    ) -> Self {
        let big_n = population as f64;
        let mean = (w as f64 - l as f64 + big_n) / (2.0 * big_n);
        // Ballots marking both give ½: as few as the counts allow.
        let both = (w + l).saturating_sub(population);
        let shares = [l.saturating_sub(both), (population + 2 * both).saturating_sub(w + l), w.saturating_sub(both)];
        let n = Numbers { mean, u: 1.0, least: None, population, shares };
        Assertion::new(post, kind, (Some(winner), Some(loser)), n, article)
    }

    fn new(
        (contest, post): (usize, &str),
        kind: Kind,
        (winner, loser): (Option<&str>, Option<&str>),
        Numbers { mean: reported_mean, u, least, population, shares }: Numbers,
        article: &str,
    ) -> Self {
        let who = match kind {
            Kind::Bar => winner.unwrap_or_default().to_string(),
            Kind::Below => loser.unwrap_or_default().to_string(),
            Kind::Beats | Kind::Boundary => {
                format!("{}/{}", winner.unwrap_or_default(), loser.unwrap_or_default())
            }
        };
        let kind_id = match kind {
            Kind::Bar => "bar",
            Kind::Below => "below",
            Kind::Beats => "beats",
            Kind::Boundary => "boundary",
        };
        let id = match kind {
            Kind::Beats | Kind::Boundary => {
                format!("{post}/{}/{kind_id}/{}", winner.unwrap_or_default(), loser.unwrap_or_default())
            }
            _ => format!("{post}/{who}/{kind_id}"),
        };
        Assertion {
            id,
            post: post.to_string(),
            kind,
            winner: winner.map(str::to_string),
            loser: loser.map(str::to_string),
            reported_mean,
            margin: 2.0 * reported_mean - 1.0,
            u,
            least,
            shares,
            article: article.to_string(),
            known: Vec::new(),
            contest,
            population,
        }
    }

    /// The assertion's id: `post/person/kind`, or `post/winner/kind/loser`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The post's id.
    pub fn post(&self) -> &str {
        &self.post
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Who must win (bar, beats, boundary).
    pub fn winner(&self) -> Option<&str> {
        self.winner.as_deref()
    }

    /// Who must lose (beats, boundary) or stay below (below).
    pub fn loser(&self) -> Option<&str> {
        self.loser.as_deref()
    }

    /// The assorter's mean over the ballots as the count reported them.
    pub fn reported_mean(&self) -> f64 {
        self.reported_mean
    }

    /// The margin, `2 × mean − 1`.
    pub fn margin(&self) -> f64 {
        self.margin
    }

    /// The assorter's upper bound.
    pub fn u(&self) -> f64 {
        self.u
    }

    /// The article of the law behind it.
    pub fn article(&self) -> &str {
        &self.article
    }

    /// Whether the count's numbers show the assertion true (a mean above ½): only such an
    /// assertion can be confirmed by sampling.
    pub fn auditable(&self) -> bool {
        self.reported_mean > 0.5
    }

    /// The same assertion about `*`: anyone in the post but those `known` (sorted).
    pub(super) fn naming(mut self, known: &[String]) -> Self {
        self.known = known.to_vec();
        self
    }

    /// The assorter's value for one paper ballot.
    pub fn assort(&self, b: &PaperBallot) -> f64 {
        let has = |k: &Option<String>| match k.as_deref() {
            Some(super::derive::OTHERS) => b.marks(self.contest).iter().any(|m| self.known.binary_search(m).is_err()),
            Some(k) => b.votes_for(self.contest, k),
            None => false,
        };
        match self.kind {
            Kind::Bar => {
                if has(&self.winner) {
                    self.u
                } else {
                    0.0
                }
            }
            Kind::Below => {
                if has(&self.loser) {
                    0.0
                } else {
                    self.u
                }
            }
            Kind::Beats | Kind::Boundary => {
                (f64::from(u8::from(has(&self.winner))) - f64::from(u8::from(has(&self.loser))) + 1.0) / 2.0
            }
        }
    }

    /// The population as the reported shares would make it, interleaved as SHANGRLA plans sample
    /// sizes (`interleave_values`): the values of a sample "showing the reported shares exactly".
    pub fn pilot(&self) -> impl Iterator<Item = f64> + use<> {
        super::alpha::interleave(self.shares, [0.0, self.u / 2.0, self.u])
    }

    /// The population the assertion is about: every ballot counted.
    pub fn population(&self) -> u64 {
        self.population
    }

    /// Places a stated assertion (read from a plan) in its election: its post's index and the
    /// population, which a plan's JSON does not repeat per assertion.
    pub(super) fn placed(mut self, contest: usize, population: u64) -> Self {
        self.contest = contest;
        self.population = population;
        self
    }
}
