//! The seed of an analysis's random draws, and the streams its uses draw from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The seed of every random draw of an analysis: the same file, settings and seed give the same report.
/// Each use draws from its own stream, the seed plus the use's number ([`Draw`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seed(pub u64);

impl Default for Seed {
    /// 42, the seed the clusters were checked against scikit-learn with.
    fn default() -> Self {
        Seed(42)
    }
}

/// Text that is not a seed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("takes a whole number such as 42, not '{0}'")]
pub struct NotASeed(pub String);

impl FromStr for Seed {
    type Err = NotASeed;

    fn from_str(text: &str) -> Result<Seed, NotASeed> {
        text.trim()
            .parse()
            .map(Seed)
            .map_err(|_| NotASeed(text.to_string()))
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The uses of random draws, each with its own stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draw {
    /// K-Means starts, the samples of customers and the random forest.
    Clusters = 0,
    /// The purchase model's draws for lifetime-value intervals (from its curvature, or a bootstrap).
    CountIntervals = 1,
    /// Gamma-Gamma's draws for the same intervals.
    SpendIntervals = 2,
    /// The factor model of offers.
    Factors = 3,
    /// The factor model fitted again to check it on held-out baskets.
    FactorCheck = 4,
}

impl Seed {
    /// The seed of one use's stream.
    pub fn of(self, draw: Draw) -> u64 {
        self.0.wrapping_add(draw as u64)
    }
}
