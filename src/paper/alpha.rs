//! SHANGRLA's ALPHA test supermartingale for sampling without replacement: `NonnegMean.alpha_mart`
//! with `estim = fixed_alternative_mean`, null mean `t = 1/2` and a finite population `N`
//! (pbstark/SHANGRLA, `shangrla/core/NonnegMean.py`), its f64 arithmetic reproduced operation for
//! operation, edge rules included (docs/AUDIT-vectors.md).
//!
//! For the j-th draw, with `S` the sum of the draws before it:
//!
//! ```text
//! m_j   = (N t   - S) / (N - j + 1)      the population mean left if the null is true
//! eta_j = (N eta - S) / (N - j + 1)      and if the reported mean eta is
//! T_j   = T_{j-1} (x_j eta_j / m_j + (u - x_j)(u - eta_j) / (u - m_j)) / u
//! ```
//!
//! then, term by term and in this order: `T_j = 0` if `m_j > u`; `1` if `m_j` is close to 0 or to
//! u; `1` if `T_j` is close to 0; infinite if `m_j < 0`; the last term infinite if the sample's
//! total exceeds `N t`. The risk is `min(1, 1 / max_j T_j)`. Closeness is numpy's `isclose`:
//! `|a - b| <= atol + rtol |b|` with `atol = 2 eps` and `rtol = 1e-6` for u, numpy's default
//! `1e-5` otherwise.

/// The null hypothesis: the assorter's mean over the population is at most 1/2.
const T: f64 = 0.5;
/// `2 * np.finfo(float).eps`.
const ATOL: f64 = 2.0 * f64::EPSILON;
/// numpy's default relative tolerance, used for `isclose(0, m)` and `isclose(0, terms)`.
const RTOL: f64 = 1e-5;
/// SHANGRLA's relative tolerance for `isclose(u, m)`.
const RTOL_U: f64 = 1e-6;

/// ALPHA for one assertion: population size, upper bound u of the assorter, the fixed alternative eta (the
/// assertion's reported assorter mean).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alpha {
    /// N, the number of ballots the sample is drawn from (without replacement).
    pub population: u64,
    /// The assorter's upper bound u (1 for a plurality assorter).
    pub u: f64,
    /// The alternative mean eta: the assorter's mean if the reported shares are right.
    pub eta: f64,
}

impl Alpha {
    /// The risk (p-value) after the sample x (assorter values in draw order): min(1, 1 / max_j T_j). Empty x: 1.
    /// A sample longer than the population (which SHANGRLA refuses) also gives 1.
    pub fn risk(&self, x: &[f64]) -> f64 {
        if x.len() as u64 > self.population {
            return 1.0;
        }
        let mut run = Run::new(self);
        x.iter().fold(1.0, |_, &v| run.push(v))
    }

    /// The smallest n at which the risk would be <= limit if every drawn value equalled `eta` (the sample
    /// showing the reported shares exactly); None if not reached by n = population (n = population
    /// itself counts: a sample of every ballot).
    pub fn sample_size(&self, limit: f64) -> Option<u64> {
        self.extend_size(&[], limit)
    }

    /// Given the sample so far, the smallest total n' > x.len() at which the risk would be <= limit if every further
    /// draw equalled eta; None if not reached by the population (as [`Alpha::sample_size`]).
    pub fn extend_size(&self, x: &[f64], limit: f64) -> Option<u64> {
        self.crossing(x, std::iter::repeat(self.eta), limit)
    }
}

impl Alpha {
    /// Given the sample so far, the smallest total n' > x.len() at which the risk would be <= limit
    /// if the draws after it were `then` (a projection: e.g. the reported shares interleaved);
    /// None if not reached by the population or when `then` runs out.
    pub fn crossing(&self, x: &[f64], then: impl Iterator<Item = f64>, limit: f64) -> Option<u64> {
        if x.len() as u64 >= self.population {
            return None;
        }
        let mut run = Run::new(self);
        for &v in x {
            run.push(v);
        }
        for v in then {
            if run.drawn >= self.population {
                break;
            }
            if run.push(v) <= limit {
                return Some(run.drawn);
            }
            if run.max.is_nan() {
                // numpy's max of terms is NaN from here on, and the risk 1 (`min(1, nan)`).
                return None;
            }
        }
        None
    }
}

/// SHANGRLA's `interleave_values` (`shangrla/core/Audit.py`), lazily: `n_small` values `small`,
/// `n_med` values `med` and `n_big` values `big` spread evenly, starting with a small one if there
/// are any — the population as the reported shares would make it, for sample sizes.
pub fn interleave(counts: [u64; 3], values: [f64; 3]) -> impl Iterator<Item = f64> {
    let [n_small, n_med, n_big] = counts;
    let [small, med, big] = values;
    let n = n_small + n_med + n_big;
    let (mut i_small, mut i_med, mut i_big) = (0u64, 0u64, 0u64);
    let ratio = |n_x: u64, i: u64| if n_x == 0 { 0.0 } else { (n_x - i) as f64 / n_x as f64 };
    let mut r_small = if n_small > 0 { 1.0 } else { 0.0 };
    let mut r_med = if n_med > 0 { 1.0 } else { 0.0 };
    let mut r_big = 1.0;
    (0..n).map(move |i| {
        if i == 0 {
            if r_small > 0.0 {
                i_small = 1;
                r_small = ratio(n_small, i_small);
                return small;
            } else if r_med > 0.0 {
                i_med = 1;
                r_med = ratio(n_med, i_med);
                return med;
            }
            i_big = 1;
            r_big = ratio(n_big, i_big);
            return big;
        }
        if r_small > r_big {
            if r_med > r_small {
                i_med += 1;
                r_med = ratio(n_med, i_med);
                med
            } else {
                i_small += 1;
                r_small = ratio(n_small, i_small);
                small
            }
        } else if r_med > r_big {
            i_med += 1;
            r_med = ratio(n_med, i_med);
            med
        } else {
            i_big += 1;
            r_big = ratio(n_big, i_big);
            big
        }
    })
}

/// `np.isclose(a, b, atol=ATOL, rtol=rtol)`.
fn isclose(a: f64, b: f64, rtol: f64) -> bool {
    ((a - b).abs() <= ATOL + rtol * b.abs() && b.is_finite()) || a == b
}

/// numpy's maximum: NaN if either is.
fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() { f64::NAN } else { a.max(b) }
}

/// The test's state after some draws: what SHANGRLA's arrays hold up to there.
struct Run<'a> {
    alpha: &'a Alpha,
    /// Draws so far.
    drawn: u64,
    /// Their sum (`np.cumsum`'s running total).
    sum: f64,
    /// `np.cumprod` of the raw terms so far.
    product: f64,
    /// The largest term so far after the edge rules (NaN if any was NaN, -inf before the first).
    max: f64,
}

impl<'a> Run<'a> {
    fn new(alpha: &'a Alpha) -> Self {
        Run { alpha, drawn: 0, sum: 0.0, product: 1.0, max: f64::NEG_INFINITY }
    }

    /// Takes in the next draw (there must be ballots left); gives out the risk of the sample so far.
    fn push(&mut self, x: f64) -> f64 {
        let Alpha { population, u, eta } = *self.alpha;
        let n = population as f64;
        let left = population.saturating_sub(self.drawn) as f64; // N - j + 1
        let m = (n * T - self.sum) / left;
        let eta_j = (n * eta - self.sum) / left;
        self.product *= (x * eta_j / m + (u - x) * (u - eta_j) / (u - m)) / u;
        let mut term = self.product;
        if m > u {
            term = 0.0;
        }
        if isclose(0.0, m, RTOL) || isclose(u, m, RTOL_U) {
            term = 1.0;
        }
        if isclose(0.0, term, RTOL) {
            term = 1.0;
        }
        if m < 0.0 {
            term = f64::INFINITY;
        }
        self.sum += x;
        self.drawn += 1;
        let last = if self.sum > n * T { f64::INFINITY } else { term };
        let risk = 1.0 / nan_max(self.max, last);
        self.max = nan_max(self.max, term);
        // Python's min(1, risk): 1 unless risk < 1 (so NaN gives 1).
        if risk < 1.0 { risk } else { 1.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (what, N, u, eta, x, the risk after each prefix of x)
    type RiskCase = (&'static str, u64, f64, f64, &'static [f64], &'static [f64]);
    /// (N, u, eta, limit, x, n')
    type ExtendCase = (u64, f64, f64, f64, &'static [f64], Option<u64>);

    /// `alpha_mart(x[:k])[0]` for every k, from SHANGRLA (docs/AUDIT-vectors.md): (what, N, u, eta, x, risks).
    #[rustfmt::skip]
    const RISKS: [RiskCase; 15] = [
        (
            "values 0, u, u/2", 20, 1.0, 0.6,
            &[1.0, 0.0, 1.0, 1.0, 0.5, 1.0, 0.0, 1.0, 1.0, 1.0],
            &[
                0.8333333333333334, 0.8333333333333334, 0.8333333333333334, 0.681818181818182, 0.6608391608391609,
                0.5053475935828877, 0.5053475935828877, 0.48461538461538467, 0.33550295857988166, 0.21350188273265197
            ],
        ),
        (
            "exhausts the population of 20", 20, 1.0, 0.6,
            &[1.0, 1.0, 0.0, 1.0, 0.5, 0.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.0, 0.5, 1.0, 0.0, 0.0, 1.0, 0.0, 0.5, 0.0],
            &[
                0.8333333333333334, 0.6818181818181818, 0.6818181818181818, 0.6818181818181818, 0.6608391608391607,
                0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607,
                0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607,
                0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607, 0.6608391608391607
            ],
        ),
        (
            "m < 0", 20, 1.0, 0.6,
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.5],
            &[
                0.8333333333333334, 0.6818181818181818, 0.5454545454545453, 0.42424242424242414, 0.3181818181818181,
                0.2272727272727272, 0.1515151515151515, 0.09090909090909088, 0.04545454545454544, 0.015151515151515148,
                0.0, 0.0, 0.0
            ],
        ),
        (
            "m > u", 20, 1.0, 0.6,
            &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.5],
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        ),
        (
            "m == u exactly: NaN terms, overwritten", 20, 1.0, 0.6,
            &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.5, 1.0, 1.0, 1.0],
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        ),
        (
            "u = 1.2", 1000, 1.2, 0.55,
            &[
                0.6, 1.2, 0.0, 1.2, 1.2, 0.6, 0.0, 0.6, 0.6, 0.0, 0.0, 0.6, 1.2, 0.6, 1.2, 0.6, 0.6, 0.6, 0.6, 1.2, 1.2,
                1.2, 0.6, 0.0, 1.2, 0.6, 0.6, 0.0, 0.6, 1.2, 0.6, 0.0, 0.6, 0.0, 0.0, 0.6, 1.2, 1.2, 1.2, 1.2, 0.6, 1.2,
                0.0, 0.0, 1.2, 0.6, 0.6, 1.2, 0.6, 0.0, 0.0, 1.2, 1.2, 1.2, 0.6, 1.2, 1.2, 0.6, 0.6, 1.2
            ],
            &[
                0.9859154929577465, 0.8961889282546388, 0.8961889282546388, 0.8771575581879945, 0.7969786223390004,
                0.785496858695409, 0.785496858695409, 0.785496858695409, 0.785496858695409, 0.785496858695409,
                0.785496858695409, 0.785496858695409, 0.785496858695409, 0.785496858695409, 0.7641290600899304,
                0.7529620824746984, 0.7419355906057035, 0.7310481268402631, 0.7202982450395592, 0.6533560289578157,
                0.5924994688835037, 0.5371877186143191, 0.5290736865388138, 0.5290736865388138, 0.5170607373684069,
                0.5092018139340185, 0.5014461859567181, 0.5014461859567181, 0.5014461859567181, 0.4824614050460054,
                0.4750513515436965, 0.4750513515436965, 0.4750513515436965, 0.4750513515436965, 0.4750513515436965,
                0.4750513515436965, 0.4750513515436965, 0.4742268822350968, 0.4290968020832985, 0.3881680723920262,
                0.38204192642715484, 0.3454758921213399, 0.3454758921213399, 0.3454758921213399, 0.3454758921213399,
                0.3454758921213399, 0.3454758921213399, 0.3185558053733627, 0.31341070315774217, 0.31341070315774217,
                0.31341070315774217, 0.31341070315774217, 0.2982979776968669, 0.2693144975475405, 0.26488154185956936,
                0.23905455844892487, 0.21569113405008547, 0.21207444073998596, 0.20851069722778318, 0.188036355394733
            ],
        ),
        (
            "100 M ballots", 100_000_000, 1.0, 0.52,
            &[
                1.0, 0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5, 0.0, 0.0, 0.5, 1.0, 0.5, 0.5, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0,
                1.0, 0.0, 0.5, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.5, 0.0,
                0.5, 1.0, 0.5, 1.0, 1.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.0, 1.0, 0.5, 1.0, 0.5, 0.0, 1.0, 1.0, 0.0,
                0.5, 0.5, 1.0, 1.0, 0.0, 1.0, 0.5, 1.0, 1.0, 0.5, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0,
                1.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.5,
                1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 1.0, 0.5, 0.0, 1.0,
                0.0, 0.0, 1.0, 0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5, 0.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 0.0,
                1.0, 1.0, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 1.0, 0.5, 0.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, 0.5,
                0.5, 0.5, 1.0, 0.0, 0.0, 0.5, 1.0, 1.0, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 0.0, 0.5, 1.0, 0.0, 1.0, 0.0, 0.0,
                1.0, 1.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0
            ],
            &[
                0.9615384615384615, 0.961538461153846, 0.9615384607692306, 0.9245562108557122, 0.9245562108557122,
                0.9245562108557122, 0.9245562108557122, 0.8904210251467501, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449, 0.8904210240782449,
                0.8904210240782449, 0.8868730170192265, 0.8868730156002277, 0.8868730156002277, 0.8868730156002277,
                0.8868730156002277, 0.8868730156002277, 0.8868730156002277, 0.8868730156002277, 0.8568688791039213,
                0.8239123568181511, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164,
                0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164,
                0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164,
                0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164,
                0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164, 0.7922233935084164,
                0.7922233935084164, 0.7922233935084164, 0.7740491950455216, 0.7442780389528657, 0.7442780389528657,
                0.7442780389528657, 0.7442780389528657, 0.7442780389528657, 0.7179475157801728, 0.7179475129083762,
                0.7179475100365795, 0.6903341108112466, 0.6637827661783899, 0.6382526278742406, 0.6137044187217351,
                0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822,
                0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822,
                0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822, 0.6137044152849822,
                0.5948438785099686, 0.5948438749408955, 0.5948438749408955, 0.5948438749408955, 0.5948438749408955,
                0.5728818334156476, 0.5728818297491935, 0.5508478797457236, 0.5296613902378273, 0.5092897665728816,
                0.4897016677388457, 0.4897016677388457, 0.4897016677388457, 0.4716215469176502, 0.45348222700077523,
                0.45348222301011964, 0.43604057003467306, 0.43604056602308766, 0.419269746640813, 0.4192697426158111,
                0.40314395552947324, 0.38763839179269505, 0.38763838776124315, 0.38763838776124315, 0.38763838776124315,
                0.38763838776124315, 0.38763838776124315, 0.38763838776124315, 0.3739247783477653, 0.3739247743093645,
                0.35954302566962226, 0.3457144219635876, 0.34571441795328695, 0.34571441394298624, 0.3457144099326856,
                0.33241767641556336, 0.33241767641556336, 0.33241767641556336, 0.33241767641556336, 0.33241767641556336,
                0.33241767641556336, 0.33241767641556336, 0.32065761971649165, 0.32065761971649165, 0.32065761971649165,
                0.32065761971649165, 0.3088187094192932, 0.3088187094192932, 0.3088187094192932, 0.3088187094192932,
                0.3088187094192932, 0.3088187094192932, 0.3088187094192932, 0.3088187094192932, 0.3088187094192932,
                0.3088187094192932, 0.2988490626742663, 0.2988490626742663, 0.2988490626742663, 0.2988490626742663,
                0.2878153376787553, 0.2878153337644514, 0.2767454886472203, 0.26610140754472245, 0.25586671489730267
            ],
        ),
        (
            "random 0", 9, 1.0, 0.6,
            &[1.0, 0.0, 0.5, 1.0],
            &[0.8333333333333334, 0.8333333333333334, 0.8333333333333334, 0.8012820512820513],
        ),
        (
            "random 1", 17, 1.2, 0.55,
            &[0.36, 0.0, 0.6, 0.6, 1.2, 0.6, 0.36, 1.2, 1.2, 1.2],
            &[
                1.0, 1.0, 1.0, 1.0, 0.9657493666937506, 0.9422261266935354, 0.9422261266935354, 0.8198199437823684,
                0.6625181486999724, 0.4881712674631373
            ],
        ),
        (
            "random 2", 8, 1.2, 0.6,
            &[0.36, 0.36, 1.2],
            &[1.0, 1.0, 0.8830852836476558],
        ),
        (
            "random 3", 14, 1.0, 0.55,
            &[1.0, 0.5, 1.0, 0.3, 0.5, 0.3],
            &[
                0.9090909090909091, 0.9015777610818934, 0.7997867235403892, 0.7997867235403892, 0.7997867235403892,
                0.7997867235403892
            ],
        ),
        (
            "random 4", 7, 1.0, 0.55,
            &[1.0],
            &[0.9090909090909091],
        ),
        (
            "random 5", 18, 2.0, 0.55,
            &[1.0, 0.6, 2.0, 2.0, 2.0, 0.0, 1.0, 1.0, 0.0, 2.0, 0.6, 0.6, 2.0, 1.0, 1.0, 2.0, 1.0, 0.0],
            &[
                0.9677419354838709, 0.9586166424452096, 0.8546702595294638, 0.7325745081681119, 0.5792449599468791,
                0.5792449599468791, 0.4619544524142169, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
            ],
        ),
        (
            "random 6", 8, 2.0, 1.0,
            &[2.0, 1.0, 0.6, 1.0, 0.6, 0.0, 2.0],
            &[0.5, 0.27272727272727276, 0.14018691588785048, 0.0, 0.0, 0.0, 0.0],
        ),
        (
            "random 7", 7, 2.0, 0.55,
            &[0.0, 2.0, 2.0],
            &[1.0, 0.9404388714733541, 0.0],
        ),
    ];

    /// The smallest n <= N with `alpha_mart([eta] * n)[0] <= limit`, from SHANGRLA: (N, u, eta, limit, n).
    #[rustfmt::skip]
    const SAMPLE_SIZES: [(u64, f64, f64, f64, Option<u64>); 46] = [
        (20, 1.0, 0.52, 0.05, Some(20)), (20, 1.0, 0.52, 0.01, Some(20)),
        (20, 1.0, 0.55, 0.05, Some(19)), (20, 1.0, 0.55, 0.01, Some(19)),
        (20, 1.0, 0.6, 0.05, Some(17)), (20, 1.0, 0.6, 0.01, Some(17)),
        (20, 1.0, 0.75, 0.05, Some(9)), (20, 1.0, 0.75, 0.01, Some(11)),
        (20, 1.2, 0.65, 0.05, Some(15)), (20, 1.2, 0.65, 0.01, Some(16)),
        (20, 1.0, 0.5, 0.05, None), (20, 1.0, 0.5, 0.01, None),
        (1000, 1.0, 0.52, 0.05, Some(653)), (1000, 1.0, 0.52, 0.01, Some(743)),
        (1000, 1.0, 0.55, 0.05, Some(232)), (1000, 1.0, 0.55, 0.01, Some(318)),
        (1000, 1.0, 0.6, 0.05, Some(72)), (1000, 1.0, 0.6, 0.01, Some(106)),
        (1000, 1.0, 0.75, 0.05, Some(14)), (1000, 1.0, 0.75, 0.01, Some(21)),
        (1000, 1.2, 0.65, 0.05, Some(46)), (1000, 1.2, 0.65, 0.01, Some(69)),
        (1000, 1.0, 0.5, 0.05, None), (1000, 1.0, 0.5, 0.01, None),
        (100_000, 1.0, 0.52, 0.05, Some(1840)), (100_000, 1.0, 0.52, 0.01, Some(2800)),
        (100_000, 1.0, 0.55, 0.05, Some(301)), (100_000, 1.0, 0.55, 0.01, Some(461)),
        (100_000, 1.0, 0.6, 0.05, Some(77)), (100_000, 1.0, 0.6, 0.01, Some(118)),
        (100_000, 1.0, 0.75, 0.05, Some(14)), (100_000, 1.0, 0.75, 0.01, Some(21)),
        (100_000, 1.2, 0.65, 0.05, Some(49)), (100_000, 1.2, 0.65, 0.01, Some(74)),
        (100_000, 1.0, 0.5, 0.05, None), (100_000, 1.0, 0.5, 0.01, None),
        (100_000_000, 1.0, 0.52, 0.05, Some(1874)), (100_000_000, 1.0, 0.52, 0.01, Some(2881)),
        (100_000_000, 1.0, 0.55, 0.05, Some(302)), (100_000_000, 1.0, 0.55, 0.01, Some(463)),
        (100_000_000, 1.0, 0.6, 0.05, Some(77)), (100_000_000, 1.0, 0.6, 0.01, Some(118)),
        (100_000_000, 1.0, 0.75, 0.05, Some(14)), (100_000_000, 1.0, 0.75, 0.01, Some(21)),
        (100_000_000, 1.2, 0.65, 0.05, Some(49)), (100_000_000, 1.2, 0.65, 0.01, Some(74)),
    ];

    /// The smallest n' > len(x), n' <= N, with `alpha_mart(x + [eta] * (n' - len(x)))[0] <= limit`, from
    /// SHANGRLA: (N, u, eta, limit, x, n').
    #[rustfmt::skip]
    const EXTEND_SIZES: [ExtendCase; 6] = [
        (
            1000, 1.0, 0.6, 0.05,
            &[
                1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.5, 0.5, 0.5, 0.0, 1.0, 1.0, 0.0, 0.0, 0.5, 1.0, 1.0, 0.0, 1.0, 1.0,
                1.0, 1.0, 0.0, 1.0, 0.5, 0.5, 0.0, 0.0, 1.0
            ],
            Some(91),
        ),
        (
            1000, 1.0, 0.55, 0.05,
            &[
                0.5, 0.5, 0.5, 0.5, 1.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 0.5, 1.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0.5,
                0.5, 1.0, 0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.5, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0,
                1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0,
                1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 0.5, 1.0, 1.0,
                0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5
            ],
            Some(302),
        ),
        (
            100_000, 1.0, 0.52, 0.1,
            &[
                0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.5, 1.0, 0.5, 0.5, 0.0, 0.5, 1.0,
                0.5, 0.0, 0.0, 0.0, 0.5, 0.0, 1.0, 1.0, 1.0, 0.5, 0.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.0,
                0.5, 0.5, 0.5, 1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 0.0, 0.0, 0.5, 1.0, 0.5, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0,
                0.5, 0.0, 0.0, 0.5, 0.0, 0.5, 1.0, 0.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.0, 1.0, 0.0, 0.5, 1.0,
                1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.5, 1.0, 0.5, 0.0, 0.5, 0.0, 0.5, 0.5, 0.0, 0.0, 0.5, 0.0, 1.0,
                0.5, 0.0, 1.0, 0.5, 0.5, 1.0, 0.0, 1.0, 1.0, 0.5, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.5, 0.5,
                1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 1.0, 0.5, 1.0, 1.0, 0.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.5,
                1.0, 0.5, 1.0, 0.0, 0.5, 1.0, 0.0, 0.5, 0.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.0, 0.5, 1.0, 1.0, 0.0, 1.0,
                0.5, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 0.5,
                1.0, 0.5, 0.5, 0.0, 0.5, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.5,
                0.5, 1.0, 1.0, 0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 1.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.5,
                1.0, 0.0, 1.0, 1.0, 0.5, 1.0, 0.0, 1.0, 0.0, 0.0, 0.5, 1.0, 1.0, 0.5, 1.0, 0.5, 1.0, 1.0, 1.0, 0.5, 1.0,
                1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.0, 0.0, 1.0, 1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.0,
                0.5, 1.0, 0.0, 1.0, 0.5, 1.0, 0.0, 1.0, 1.0, 0.5, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.5, 0.0, 0.5, 1.0, 0.0,
                1.0, 0.0, 1.0, 1.0, 1.0, 0.0
            ],
            Some(368),
        ),
        (
            50, 1.0, 0.6, 0.01,
            &[0.0, 0.5, 0.0, 0.5, 0.5, 0.0, 1.0, 1.0, 0.0, 0.5, 0.0, 0.5, 0.0, 0.0, 1.0, 1.0, 0.5, 0.0, 1.0, 1.0],
            Some(46),
        ),
        (
            20, 1.0, 0.6, 0.05,
            &[0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.0, 1.0, 1.0, 0.0],
            None,
        ),
        (
            1000, 1.2, 0.65, 0.05,
            &[
                1.2, 1.2, 1.2, 1.2, 1.2, 0.6, 0.0, 0.0, 0.6, 1.2, 0.0, 0.6, 1.2, 1.2, 1.2, 1.2, 0.6, 0.0, 1.2, 0.0, 1.2,
                0.0, 1.2, 0.6, 1.2, 1.2, 1.2, 0.0, 0.0, 1.2, 1.2, 0.6, 0.0, 0.6, 1.2, 1.2, 1.2, 0.0, 1.2, 1.2
            ],
            Some(41),
        ),
    ];

    /// Equal within 1e-12 relative (exactly, for 0 and 1).
    fn assert_close(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() <= 1e-12 * want.abs(), "{what}: {got:?}, SHANGRLA {want:?}");
    }

    #[test]
    fn risk_matches_shangrla_after_every_prefix() {
        for (what, population, u, eta, x, risks) in RISKS {
            let a = Alpha { population, u, eta };
            for (k, want) in risks.iter().enumerate() {
                assert_close(a.risk(&x[..=k]), *want, &format!("{what}, {} draws", k + 1));
            }
        }
    }

    #[test]
    fn sample_size_matches_shangrla() {
        for (population, u, eta, limit, want) in SAMPLE_SIZES {
            let a = Alpha { population, u, eta };
            assert_eq!(a.sample_size(limit), want, "N {population}, u {u}, eta {eta}, limit {limit}");
        }
    }

    #[test]
    fn extend_size_matches_shangrla() {
        for (population, u, eta, limit, x, want) in EXTEND_SIZES {
            let a = Alpha { population, u, eta };
            assert_eq!(a.extend_size(x, limit), want, "N {population}, eta {eta}, {} drawn", x.len());
        }
    }

    #[test]
    fn sample_size_is_the_first_n_whose_all_eta_sample_meets_the_limit() {
        for population in [1, 2, 7, 20, 75] {
            for (u, eta) in [(1.0, 0.51), (1.0, 0.6), (1.0, 0.9), (1.0, 1.0), (1.5, 0.8), (1.0, 0.5), (1.0, 0.3)] {
                for limit in [0.0, 0.01, 0.05, 0.3, 1.0] {
                    let a = Alpha { population, u, eta };
                    let brute = (1..=population).find(|&n| a.risk(&vec![eta; n as usize]) <= limit);
                    assert_eq!(a.sample_size(limit), brute, "N {population}, u {u}, eta {eta}, limit {limit}");
                }
            }
        }
    }

    #[test]
    fn extend_size_continues_the_sample_given() {
        let a = Alpha { population: 60, u: 1.0, eta: 0.62 };
        let x = [1.0, 0.0, 1.0, 0.5, 1.0, 0.0, 0.0, 1.0];
        for k in 0..x.len() {
            let sample = &x[..k];
            let brute = (k as u64 + 1..=60).find(|&n| {
                let mut s = sample.to_vec();
                s.resize(n as usize, a.eta);
                a.risk(&s) <= 0.05
            });
            assert_eq!(a.extend_size(sample, 0.05), brute, "{k} drawn");
        }
        assert_eq!(a.extend_size(&[], 0.05), a.sample_size(0.05));
    }

    #[test]
    fn an_empty_or_impossible_sample_has_risk_one() {
        let a = Alpha { population: 3, u: 1.0, eta: 0.6 };
        assert_eq!(a.risk(&[]), 1.0);
        assert_eq!(a.risk(&[1.0; 4]), 1.0, "more draws than ballots");
        assert_eq!(a.extend_size(&[1.0; 3], 0.05), None, "nothing left to draw");
        assert_eq!(Alpha { population: 0, ..a }.sample_size(0.05), None);
        assert_eq!(Alpha { population: 0, ..a }.risk(&[1.0]), 1.0);
    }

    #[test]
    fn isclose_is_numpys() {
        // np.isclose(0, 4e-16, atol=2*eps) is True, np.isclose(0, 5e-16, atol=2*eps) False;
        // np.isclose(1, 1 + 1e-6, atol=2*eps, rtol=1e-6) True, 1 + 2e-6 False; inf only equals inf.
        assert!(isclose(0.0, 4e-16, RTOL));
        assert!(!isclose(0.0, 5e-16, RTOL));
        assert!(isclose(1.0, 1.0 + 1e-6, RTOL_U));
        assert!(!isclose(1.0, 1.0 + 2e-6, RTOL_U));
        assert!(!isclose(0.0, f64::NAN, RTOL));
        assert!(!isclose(0.0, f64::INFINITY, RTOL));
        assert!(isclose(f64::INFINITY, f64::INFINITY, RTOL));
    }

    #[test]
    fn odd_inputs_give_a_number_and_never_panic() {
        let odd = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 0.0, 2.0, f64::MAX];
        for population in [0, 1, 2, 5, u64::MAX] {
            for &u in &odd {
                for &eta in &odd {
                    let a = Alpha { population, u, eta };
                    let r = a.risk(&[0.5, u, eta, -3.0]);
                    assert!(!r.is_nan() && r <= 1.0, "{a:?}: {r}");
                    let _ = a.extend_size(&[0.5, f64::NAN], 0.05);
                    if population < 10 {
                        let _ = a.sample_size(f64::NAN);
                        let _ = a.sample_size(0.05);
                    }
                }
            }
        }
    }

    #[test]
    fn sample_size_of_a_county_is_quick() {
        // 100 M ballots, a 52% share: an O(n) walk of 1,874 steps, not O(n^2).
        let a = Alpha { population: 100_000_000, u: 1.0, eta: 0.52 };
        let start = std::time::Instant::now();
        for _ in 0..100 {
            assert_eq!(a.sample_size(0.05), Some(1874));
        }
        assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    }
}
