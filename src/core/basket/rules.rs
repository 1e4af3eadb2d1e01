//! Association rules from frequent itemsets, with the metrics of mlxtend's `association_rules`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::itemsets::Itemset;

/// A rule "customers who buy the antecedents also buy the consequents".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Item codes on the left, ascending.
    pub antecedents: Vec<u32>,
    /// Item codes on the right, ascending.
    pub consequents: Vec<u32>,
    /// Share of baskets holding both sides.
    pub support: f64,
    /// Share of baskets with the antecedents that hold the consequents.
    pub confidence: f64,
    /// Confidence over the consequents' own support (above 1: bought together more than by chance).
    pub lift: f64,
    /// Support minus the support expected if the two sides were independent.
    pub leverage: f64,
    /// (1 - consequent support) / (1 - confidence); infinite when confidence is 1 (JSON: null).
    pub conviction: Option<f64>,
}

/// Every rule of confidence at least `min_confidence` from `itemsets` (which must hold every subset of
/// each itemset, as `frequent_itemsets` gives), over `baskets` baskets; sorted by lift, then confidence.
pub fn rules(itemsets: &[Itemset], baskets: usize, min_confidence: f64) -> Vec<Rule> {
    let n = baskets as f64;
    let support: FxHashMap<&[u32], f64> = itemsets
        .iter()
        .map(|s| (s.items.as_slice(), f64::from(s.count) / n))
        .collect();
    let mut out = Vec::new();
    for set in itemsets.iter().filter(|s| s.items.len() >= 2) {
        let both = f64::from(set.count) / n;
        let k = set.items.len();
        for mask in 1..(1u32 << k) - 1 {
            let side = |on: bool| -> Vec<u32> {
                (0..k)
                    .filter(|i| (mask & (1 << i) != 0) == on)
                    .map(|i| set.items[i])
                    .collect()
            };
            let (left, right) = (side(true), side(false));
            let (Some(&a), Some(&c)) =
                (support.get(left.as_slice()), support.get(right.as_slice()))
            else {
                continue;
            };
            let confidence = both / a;
            if confidence < min_confidence - 1e-12 {
                continue;
            }
            out.push(Rule {
                antecedents: left,
                consequents: right,
                support: both,
                confidence,
                lift: confidence / c,
                leverage: both - a * c,
                conviction: (confidence < 1.0).then(|| (1.0 - c) / (1.0 - confidence)),
            });
        }
    }
    out.sort_by(|x, y| {
        y.lift
            .total_cmp(&x.lift)
            .then(y.confidence.total_cmp(&x.confidence))
            .then(x.antecedents.cmp(&y.antecedents))
            .then(x.consequents.cmp(&y.consequents))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::basket::itemsets::{frequent_itemsets, hand_baskets};

    #[test]
    fn metrics_by_hand() {
        let baskets = hand_baskets();
        let sets = frequent_itemsets(&baskets, 4, 0.6, 2).itemsets;
        let r = rules(&sets, 5, 0.7);
        // beer (2) -> nappies (3): support 3/5, confidence 1, lift 1 / (4/5) = 1.25, leverage 0.6 - 0.6 * 0.8.
        let beer = r.iter().find(|r| r.antecedents == [2]).unwrap();
        assert_eq!(beer.consequents, vec![3]);
        assert!((beer.confidence - 1.0).abs() < 1e-12 && (beer.lift - 1.25).abs() < 1e-12);
        assert!((beer.leverage - 0.12).abs() < 1e-12);
        assert_eq!(beer.conviction, None);
        // nappies -> beer: confidence 3/4, lift 0.75 / 0.6 = 1.25, conviction (1 - 0.6) / 0.25 = 1.6.
        let nappies = r
            .iter()
            .find(|r| r.antecedents == [3] && r.consequents == [2])
            .unwrap();
        assert!((nappies.conviction.unwrap() - 1.6).abs() < 1e-12);
        assert_eq!(r[0].lift, 1.25);
    }
}
