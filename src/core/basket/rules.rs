//! Association rules from frequent itemsets, with the metrics of mlxtend's `association_rules`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::itemsets::Itemset;

/// A rule "customers who buy the antecedents also buy the consequents" over items of type `T` (codes in
/// the miner, names in the report), with every measure mlxtend 0.25's `association_rules` reports (its
/// user guide defines them) and arules' `improvement`. sA, sC and sAC below are the supports of the
/// antecedents, the consequents and both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule<T> {
    /// Items on the left, ascending.
    pub antecedents: Vec<T>,
    /// Items on the right, ascending.
    pub consequents: Vec<T>,
    /// sA: share of baskets holding the antecedents.
    pub antecedent_support: f64,
    /// sC: share of baskets holding the consequents.
    pub consequent_support: f64,
    /// sAC: share of baskets holding both sides.
    pub support: f64,
    /// sAC / sA: share of baskets with the antecedents that hold the consequents.
    pub confidence: f64,
    /// Confidence / sC (above 1: bought together more than by chance).
    pub lift: f64,
    /// Share of baskets with no missing value (mlxtend's measure for data with gaps; 1 for baskets).
    pub representativity: f64,
    /// sAC - sA sC: support beyond what independence would give.
    pub leverage: f64,
    /// (1 - sC) / (1 - confidence); infinite when confidence is 1 (JSON: null).
    pub conviction: Option<f64>,
    /// Zhang (2000): leverage / max(sAC (1 - sA), sA (sC - sAC)), from -1 (avoided) to 1 (bought together);
    /// 0 when the denominator is.
    pub zhangs_metric: f64,
    /// sAC / (sA + sC - sAC): the share of baskets with either side that hold both.
    pub jaccard: f64,
    /// The certainty factor (Berzal et al. 2002): (confidence - sC) / (1 - sC); 0 when sC is 1.
    pub certainty: f64,
    /// (sAC / sA + sAC / sC) / 2: the mean confidence of the rule and its reverse.
    pub kulczynski: f64,
    /// arules' improvement (Bayardo, Agrawal & Gunopulos 2000): the confidence less the highest
    /// confidence of any more general rule with the same consequents (a proper subset of the antecedents,
    /// the empty one giving sC); at or below 0 the extra antecedents add nothing.
    pub improvement: f64,
}

impl<T> Rule<T> {
    /// The same rule with every item mapped by `f` (codes to names).
    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> Rule<U> {
        Rule {
            antecedents: self.antecedents.iter().map(&f).collect(),
            consequents: self.consequents.iter().map(&f).collect(),
            antecedent_support: self.antecedent_support,
            consequent_support: self.consequent_support,
            support: self.support,
            confidence: self.confidence,
            lift: self.lift,
            representativity: self.representativity,
            leverage: self.leverage,
            conviction: self.conviction,
            zhangs_metric: self.zhangs_metric,
            jaccard: self.jaccard,
            certainty: self.certainty,
            kulczynski: self.kulczynski,
            improvement: self.improvement,
        }
    }
}

/// The rule A -> C of supports sA, sC and sAC, with every measure but `improvement` (set to NaN).
fn measured(antecedents: Vec<u32>, consequents: Vec<u32>, a: f64, c: f64, both: f64) -> Rule<u32> {
    let confidence = both / a;
    let leverage = both - a * c;
    let zhang = (both * (1.0 - a)).max(a * (c - both));
    Rule {
        antecedents,
        consequents,
        antecedent_support: a,
        consequent_support: c,
        support: both,
        confidence,
        lift: confidence / c,
        representativity: 1.0,
        leverage,
        conviction: (confidence < 1.0).then(|| (1.0 - c) / (1.0 - confidence)),
        zhangs_metric: if zhang == 0.0 { 0.0 } else { leverage / zhang },
        jaccard: both / (a + c - both),
        certainty: if c == 1.0 {
            0.0
        } else {
            (confidence - c) / (1.0 - c)
        },
        kulczynski: (both / a + both / c) / 2.0,
        improvement: f64::NAN,
    }
}

/// Every rule of confidence at least `min_confidence` from `itemsets` (which must hold every subset of
/// each itemset, as `frequent_itemsets` gives), over `baskets` baskets; sorted by lift, then confidence.
pub fn rules(itemsets: &[Itemset], baskets: usize, min_confidence: f64) -> Vec<Rule<u32>> {
    let n = baskets as f64;
    let support: FxHashMap<&[u32], f64> = itemsets
        .iter()
        .map(|s| (s.items.as_slice(), f64::from(s.count) / n))
        .collect();
    let mut out = Vec::new();
    for set in itemsets.iter().filter(|s| s.items.len() >= 2) {
        let both = f64::from(set.count) / n;
        let k = set.items.len();
        let side = |mask: u32, on: bool| -> Vec<u32> {
            (0..k)
                .filter(|i| (mask & (1 << i) != 0) == on)
                .map(|i| set.items[i])
                .collect()
        };
        for mask in 1..(1u32 << k) - 1 {
            let (left, right) = (side(mask, true), side(mask, false));
            let (Some(&a), Some(&c)) =
                (support.get(left.as_slice()), support.get(right.as_slice()))
            else {
                continue;
            };
            if both / a < min_confidence - 1e-12 {
                continue;
            }
            // The more general rules: the same consequents after a proper subset of the antecedents
            // (the empty one is confident at sC), each a subset of this itemset, so all are frequent.
            let general = (0..mask)
                .filter(|&sub| sub & !mask == 0)
                .filter_map(|sub| {
                    if sub == 0 {
                        return Some(c);
                    }
                    let s = support.get(side(sub, true).as_slice())?;
                    let with = support.get(side(sub | !mask & ((1 << k) - 1), true).as_slice())?;
                    Some(with / s)
                })
                .fold(f64::NEG_INFINITY, f64::max);
            let mut rule = measured(left, right, a, c, both);
            rule.improvement = rule.confidence - general;
            out.push(rule);
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

    #[test]
    fn improvement_by_hand() {
        // a = 0, b = 1, c = 2 in {a,b,c}, {a,b,c}, {a,c}, {b}: supports a, b, c 3/4; ab 2/4, ac 3/4,
        // bc 2/4, abc 2/4.
        let baskets = vec![vec![0, 1, 2], vec![0, 1, 2], vec![0, 2], vec![1]];
        let sets = frequent_itemsets(&baskets, 3, 0.25, 3).itemsets;
        let r = rules(&sets, 4, 0.0);
        let find = |a: &[u32], c: &[u32]| {
            r.iter()
                .find(|x| x.antecedents == a && x.consequents == c)
                .unwrap()
                .improvement
        };
        // a -> c: confidence 1 against {} -> c at 3/4.
        assert!((find(&[0], &[2]) - 0.25).abs() < 1e-12);
        // b -> c: 2/3 against 3/4: worse than knowing nothing.
        assert!((find(&[1], &[2]) + 1.0 / 12.0).abs() < 1e-12);
        // ab -> c: 1 against a -> c at 1, b -> c at 2/3 and {} -> c: nothing added.
        assert!(find(&[0, 1], &[2]).abs() < 1e-12);
        // c -> ab: 2/3 against {} -> ab at 2/4.
        assert!((find(&[2], &[0, 1]) - (2.0 / 3.0 - 0.5)).abs() < 1e-12);
        // The other measures, by hand for a -> c: Jaccard 3/4 / (3/4 + 3/4 - 3/4) = 1, Kulczynski
        // (1 + 1) / 2, certainty (1 - 3/4) / (1/4), Zhang 3/16 / max(3/4 * 1/4, 3/4 * 0) = 1.
        let ac = r
            .iter()
            .find(|x| x.antecedents == [0] && x.consequents == [2])
            .unwrap();
        assert_eq!(
            (ac.jaccard, ac.kulczynski, ac.certainty, ac.zhangs_metric),
            (1.0, 1.0, 1.0, 1.0)
        );
    }
}
