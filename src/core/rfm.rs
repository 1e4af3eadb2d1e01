//! RFM: recency, frequency and monetary value per customer, quintile scores and the R x F segments.

use serde::{Deserialize, Serialize};

/// The ten segments of the R x F grid in wide use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Segment {
    /// R 5, F 4-5.
    Champions,
    /// R 3-4, F 4-5.
    LoyalCustomers,
    /// R 4-5, F 2-3.
    PotentialLoyalists,
    /// R 5, F 1.
    NewCustomers,
    /// R 4, F 1.
    Promising,
    /// R 3, F 3.
    NeedAttention,
    /// R 3, F 1-2.
    AboutToSleep,
    /// R 1-2, F 3-4.
    AtRisk,
    /// R 1-2, F 5.
    CantLoseThem,
    /// R 1-2, F 1-2.
    Hibernating,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::LoyalCustomers,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of an R and an F score (each 1 to 5).
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (5, 1) => Segment::NewCustomers,
            (4, 1) => Segment::Promising,
            (4 | 5, 2 | 3) => Segment::PotentialLoyalists,
            (5, _) => Segment::Champions,
            (3 | 4, _) => match f {
                1 | 2 => Segment::AboutToSleep,
                3 => Segment::NeedAttention,
                _ => Segment::LoyalCustomers,
            },
            (_, 1 | 2) => Segment::Hibernating,
            (_, 3 | 4) => Segment::AtRisk,
            _ => Segment::CantLoseThem,
        }
    }

    /// The segment's name.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::LoyalCustomers => "Loyal Customers",
            Segment::PotentialLoyalists => "Potential Loyalists",
            Segment::NewCustomers => "New Customers",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need Attention",
            Segment::AboutToSleep => "About To Sleep",
            Segment::AtRisk => "At Risk",
            Segment::CantLoseThem => "Can't Lose Them",
            Segment::Hibernating => "Hibernating",
        }
    }

    /// A one-line suggested action.
    pub fn action(self) -> &'static str {
        match self {
            Segment::Champions => {
                "Reward them: early access, VIP perks; ask for reviews and referrals."
            }
            Segment::LoyalCustomers => {
                "Upsell higher-value products and enrol them in the loyalty programme."
            }
            Segment::PotentialLoyalists => {
                "Offer membership or loyalty points; recommend related products."
            }
            Segment::NewCustomers => {
                "Onboard well: a welcome series and an incentive for the second order."
            }
            Segment::Promising => {
                "Build the habit: samples or trials of best sellers, free shipping."
            }
            Segment::NeedAttention => "Limited-time offers drawn from their past purchases.",
            Segment::AboutToSleep => "Reconnect with popular products and a time-limited discount.",
            Segment::AtRisk => "Win them back: personalised emails, renewals, helpful content.",
            Segment::CantLoseThem => {
                "Win back with the best offers; call them and ask what went wrong."
            }
            Segment::Hibernating => "Low-cost reactivation only; leave out of paid campaigns.",
        }
    }

    /// A colour for charts (RGB).
    pub fn color(self) -> (u8, u8, u8) {
        match self {
            Segment::Champions => (26, 122, 76),
            Segment::LoyalCustomers => (61, 163, 93),
            Segment::PotentialLoyalists => (140, 199, 96),
            Segment::NewCustomers => (78, 160, 210),
            Segment::Promising => (132, 196, 226),
            Segment::NeedAttention => (240, 196, 76),
            Segment::AboutToSleep => (243, 160, 80),
            Segment::AtRisk => (226, 104, 72),
            Segment::CantLoseThem => (178, 34, 52),
            Segment::Hibernating => (150, 150, 160),
        }
    }
}

/// Scores 1 to 5 by quintiles of the values' ranks, as
/// `pandas.qcut(values.rank(method="first"), 5, labels=...)` does: ties are ranked in order of appearance,
/// the quintile edges are interpolated linearly between ranks (numpy's `linear` method), and a rank on an
/// edge falls in the lower bin. With `higher_is_better = false` (recency) the lowest values score 5.
pub fn quintile_scores(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    quantile_scores(values, 5, higher_is_better)
}

/// Scores 1 to `bins` by quantiles of the ranks, as `quintile_scores` does for five.
pub fn quantile_scores(values: &[f64], bins: u8, higher_is_better: bool) -> Vec<u8> {
    let n = values.len();
    if n == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    // numpy's linspace(0, 1, bins + 1): k * (1 / bins).
    let step = 1.0 / f64::from(bins);
    let edges: Vec<f64> = (1..bins)
        .map(|k| rank_quantile(n, f64::from(k) * step))
        .collect();
    let mut scores = vec![0u8; n];
    for (pos, &i) in order.iter().enumerate() {
        let rank = (pos + 1) as f64;
        let bin = edges.iter().filter(|&&e| e < rank).count() as u8;
        scores[i] = if higher_is_better {
            bin + 1
        } else {
            bins - bin
        };
    }
    scores
}

/// The q-quantile of the ranks 1..=n by numpy's linear interpolation (`_lerp`, including its form for
/// fractions of one half and above), with q passed through percent as pandas does.
fn rank_quantile(n: usize, q: f64) -> f64 {
    let q = (q * 100.0) / 100.0;
    let virtual_index = (n - 1) as f64 * q;
    let below = virtual_index.floor();
    let t = virtual_index - below;
    let a = below + 1.0;
    let b = (below + 2.0).min(n as f64);
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_covers_every_cell_as_published() {
        use Segment::*;
        let want = [
            // f = 1..5 for r = 1..5
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [
                AboutToSleep,
                AboutToSleep,
                NeedAttention,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [
                NewCustomers,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
        ];
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                assert_eq!(
                    Segment::of(r, f),
                    want[r as usize - 1][f as usize - 1],
                    "r {r} f {f}"
                );
            }
        }
    }

    #[test]
    fn quintiles_by_first_rank() {
        // Ten values: ranks 1..10, edges 2.8, 4.6, 6.4, 8.2 -> two per bin.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            quintile_scores(&v, true),
            vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        );
        assert_eq!(
            quintile_scores(&v, false),
            vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
        );
        // Ties are ranked by appearance: all equal values still spread over the bins.
        assert_eq!(quintile_scores(&[7.0; 5], true), vec![1, 2, 3, 4, 5]);
        // Six values: edges 2, 3, 4, 5 fall on ranks; a rank on an edge goes to the lower bin.
        assert_eq!(
            quintile_scores(&[6.0, 5.0, 4.0, 3.0, 2.0, 1.0], true),
            vec![5, 4, 3, 2, 1, 1]
        );
        assert!(quintile_scores(&[], true).is_empty());
    }
}
