//! Placeholder until the ALPHA task lands.
#![allow(missing_docs)]
#[derive(Debug, Clone, Copy)]
pub struct Alpha {
    pub population: u64,
    pub u: f64,
    pub eta: f64,
}
impl Alpha {
    pub fn risk(&self, x: &[f64]) -> f64 {
        let n = self.population as f64;
        let (t, u) = (0.5, self.u);
        let mut s = 0.0;
        let mut best: f64 = 1.0;
        let mut tj = 1.0;
        for (j, &xj) in x.iter().enumerate() {
            let jf = (j + 1) as f64;
            let m = (n * t - s) / (n - jf + 1.0);
            let eta = (n * self.eta - s) / (n - jf + 1.0);
            if m < 0.0 {
                return 0.0;
            }
            if m > u {
                tj = 0.0;
            } else {
                tj *= (xj * eta / m + (u - xj) * (u - eta) / (u - m)) / u;
            }
            best = best.max(tj);
            s += xj;
        }
        (1.0 / best).min(1.0)
    }
    pub fn sample_size(&self, limit: f64) -> Option<u64> {
        let mut x = Vec::new();
        for n in 1..=self.population {
            x.push(self.eta);
            if self.risk(&x) <= limit {
                return Some(n);
            }
            if n > 20000 {
                return None;
            }
        }
        None
    }
    pub fn extend_size(&self, x: &[f64], limit: f64) -> Option<u64> {
        let mut x = x.to_vec();
        while (x.len() as u64) < self.population {
            x.push(self.eta);
            if self.risk(&x) <= limit {
                return Some(x.len() as u64);
            }
            if x.len() > 20000 {
                return None;
            }
        }
        None
    }
}
