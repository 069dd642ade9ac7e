//! Exact fractions and the thresholds the law writes with them ("more than one half of the voters").
//!
//! Every bar Zheng prints is computed here, with integers only: the least whole number of votes `v`
//! such that `v op p/q × base` holds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A fraction `p/q` with `0 ≤ p ≤ q` and `q > 0`, kept as written (not reduced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    num: u64,
    den: u64,
}

/// Why a fraction string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FractionError {
    /// Not of the form `p/q` with decimal digits.
    #[error("{0:?} is not a fraction of the form \"p/q\"")]
    Syntax(String),
    /// `q` is zero.
    #[error("{0:?} has a zero denominator")]
    ZeroDenominator(String),
    /// `p > q`: the law's fractions are parts of a whole.
    #[error("{0:?} is greater than 1")]
    GreaterThanOne(String),
}

impl Fraction {
    /// Makes `num/den`; `None` if `den == 0` or `num > den`.
    pub const fn new(num: u64, den: u64) -> Option<Self> {
        if den == 0 || num > den { None } else { Some(Fraction { num, den }) }
    }

    /// The numerator.
    pub const fn num(self) -> u64 {
        self.num
    }

    /// The denominator.
    pub const fn den(self) -> u64 {
        self.den
    }
}

impl FromStr for Fraction {
    type Err = FractionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || FractionError::Syntax(s.to_string());
        let (p, q) = s.trim().split_once('/').ok_or_else(syntax)?;
        let digits = |t: &str| !t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(p.trim()) || !digits(q.trim()) {
            return Err(syntax());
        }
        let num: u64 = p.trim().parse().map_err(|_| syntax())?;
        let den: u64 = q.trim().parse().map_err(|_| syntax())?;
        if den == 0 {
            return Err(FractionError::ZeroDenominator(s.to_string()));
        }
        Fraction::new(num, den).ok_or_else(|| FractionError::GreaterThanOne(s.to_string()))
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl Serialize for Fraction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The comparison of a threshold: strictly more than (`>`), or at least (`>=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// `v > f × base` ("more than half", 过半数).
    #[serde(rename = ">")]
    Gt,
    /// `v ≥ f × base` ("not less than one third", 不少于三分之一).
    #[serde(rename = ">=")]
    Ge,
}

impl Op {
    /// The operator as written in manifests.
    pub const fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// Whether `v op num/den × base` holds, exactly (`v × den` against `num × base`).
    pub fn holds(self, v: u64, f: Fraction, base: u64) -> bool {
        let lhs = u128::from(v) * u128::from(f.den);
        let rhs = u128::from(f.num) * u128::from(base);
        match self {
            Op::Gt => lhs > rhs,
            Op::Ge => lhs >= rhs,
        }
    }

    /// The least whole `v` for which [`Op::holds`] is true.
    pub fn least(self, f: Fraction, base: u64) -> u64 {
        let prod = u128::from(f.num) * u128::from(base);
        let den = u128::from(f.den);
        let v = match self {
            Op::Gt => prod / den + 1,
            Op::Ge => prod.div_ceil(den),
        };
        // f ≤ 1, so v ≤ base + 1 ≤ u64::MAX + 1; saturate the single overflowing case.
        u64::try_from(v).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Fraction {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_refuses() {
        assert_eq!(f("1/2"), Fraction::new(1, 2).unwrap());
        assert_eq!(f(" 2 / 3 "), Fraction::new(2, 3).unwrap());
        assert_eq!(f("0/1").num(), 0);
        assert!(matches!("1/0".parse::<Fraction>(), Err(FractionError::ZeroDenominator(_))));
        assert!(matches!("3/2".parse::<Fraction>(), Err(FractionError::GreaterThanOne(_))));
        for bad in ["", "1", "1/", "/2", "-1/2", "0.5", "1/2/3", "a/b", "1234567890123456789/1"] {
            assert!(bad.parse::<Fraction>().is_err(), "{bad}");
        }
    }

    /// ZJE28 / OL15: more than half of 980 voters is 491; of 981 it is 491 too.
    #[test]
    fn more_than_half() {
        assert_eq!(Op::Gt.least(f("1/2"), 980), 491);
        assert_eq!(Op::Gt.least(f("1/2"), 981), 491);
        assert_eq!(Op::Gt.least(f("1/2"), 1), 1);
        assert_eq!(Op::Gt.least(f("1/2"), 0), 1);
        assert!(!Op::Gt.holds(490, f("1/2"), 980));
        assert!(Op::Gt.holds(491, f("1/2"), 980));
    }

    /// ZJE29: at least one third of 978 ballots is 326; of 979 it is 327.
    #[test]
    fn at_least_one_third() {
        assert_eq!(Op::Ge.least(f("1/3"), 978), 326);
        assert_eq!(Op::Ge.least(f("1/3"), 979), 327);
        assert!(Op::Ge.holds(326, f("1/3"), 978));
        assert!(!Op::Ge.holds(325, f("1/3"), 978));
    }

    /// CPC: a Party member meeting needs 4/5 present: 80 of 100, 81 of 101.
    #[test]
    fn four_fifths() {
        assert_eq!(Op::Ge.least(f("4/5"), 100), 80);
        assert_eq!(Op::Ge.least(f("4/5"), 101), 81);
    }

    #[test]
    fn no_overflow_at_the_edge() {
        assert_eq!(Op::Ge.least(f("1/1"), u64::MAX), u64::MAX);
        assert_eq!(Op::Gt.least(f("1/1"), u64::MAX), u64::MAX);
        assert!(Op::Ge.holds(u64::MAX, f("1/1"), u64::MAX));
    }

    #[test]
    fn least_is_least() {
        for base in 0..200u64 {
            for (p, q) in [(1, 2), (1, 3), (2, 3), (4, 5), (0, 1), (1, 1)] {
                let fr = Fraction::new(p, q).unwrap();
                for op in [Op::Gt, Op::Ge] {
                    let v = op.least(fr, base);
                    assert!(op.holds(v, fr, base));
                    assert!(v == 0 || !op.holds(v - 1, fr, base));
                }
            }
        }
    }
}
