//! The minimum support and confidence: the ones set, or the highest the data give useful rules at.

use super::baskets::Baskets;
use super::itemsets::{frequent_itemsets, Mined};
use super::rules::{rules, Rule};
use super::{BasketRequest, MIN_BASKETS};

/// Minimum supports tried, highest first, when none is set.
pub(super) const SUPPORTS: [f64; 5] = [0.01, 0.005, 0.002, 0.001, 0.0005];
/// Minimum confidences tried, highest first, when none is set.
const CONFIDENCES: [f64; 3] = [0.2, 0.1, 0.05];
/// Thresholds chosen from the data are the highest giving at least this many rules of lift above 1.
const TARGET_RULES: usize = 10;

/// Rules whose items go together more often than by chance (lift above 1).
fn useful<T>(rules: &[Rule<T>]) -> usize {
    rules.iter().filter(|r| r.lift > 1.0).count()
}
/// A support chosen from the data keeps an itemset in at least this many baskets.
const AUTO_MIN_BASKETS: usize = 10;

/// The thresholds in use, what they found and, when they were chosen from the data, how.
pub(super) struct Thresholds {
    pub(super) support: f64,
    pub(super) confidence: f64,
    /// The support of `MIN_BASKETS` baskets, below which no support goes.
    pub(super) floor: f64,
    pub(super) mined: Mined,
    pub(super) rules: Vec<Rule<u32>>,
    pub(super) note: Option<String>,
}

/// The thresholds for baskets `b`: those set, or, for one not set, the highest of its ladder (support
/// lowered first, at each confidence) that gives `TARGET_RULES` rules of lift above 1, else the pair with
/// the most such rules.
pub(super) fn thresholds(b: &Baskets, req: &BasketRequest) -> Thresholds {
    let n = b.items.len();
    let floor = MIN_BASKETS as f64 / n as f64;
    // The ladder stops at AUTO_MIN_BASKETS baskets (a file of fewer than 1,000 keeps the top step), and
    // no support goes below MIN_BASKETS baskets.
    let lowest = (AUTO_MIN_BASKETS as f64 / n as f64).min(SUPPORTS[0]);
    let mut supports: Vec<f64> = match req.min_support {
        Some(s) => vec![s],
        None => SUPPORTS.into_iter().filter(|&s| s >= lowest).collect(),
    };
    for s in &mut supports {
        *s = s.max(floor);
    }
    supports.dedup();
    let confidences: Vec<f64> = req.min_confidence.map_or(CONFIDENCES.to_vec(), |c| vec![c]);
    // Each support is mined when the search first reaches it: the first step usually suffices.
    let mut mined: Vec<Option<Mined>> = vec![None; supports.len()];
    // (confidence index, support index, rules), in the order tried.
    let mut best: Option<(usize, usize, Vec<Rule<u32>>)> = None;
    'search: for (ci, &c) in confidences.iter().enumerate() {
        for (si, &s) in supports.iter().enumerate() {
            let m = mined[si]
                .get_or_insert_with(|| frequent_itemsets(&b.items, b.names.len(), s, req.max_len));
            let found = rules(&m.itemsets, n, c);
            let enough = useful(&found) >= TARGET_RULES;
            if best
                .as_ref()
                .is_none_or(|(_, _, r)| useful(&found) > useful(r))
            {
                best = Some((ci, si, found));
            }
            if enough {
                break 'search;
            }
        }
    }
    let (ci, si, found) = best.unwrap_or((0, 0, Vec::new()));
    let (support, confidence) = (supports[si], confidences[ci]);
    let chosen = req.min_support.is_none() || req.min_confidence.is_none();
    let tried = format!("support from 1 % down to 0.05 %, never below {AUTO_MIN_BASKETS} baskets; confidence from 20 % to 5 %");
    let note = chosen.then(|| {
        if found.is_empty() {
            return format!("No thresholds tried give a rule ({tried}).");
        }
        let how = if useful(&found) >= TARGET_RULES {
            format!("the highest that give at least {TARGET_RULES} rules of lift above 1")
        } else {
            format!("no thresholds tried give {TARGET_RULES} rules; these give the most")
        };
        format!(
            "Thresholds chosen from the data: support {:.2} %, confidence {:.0} %, {how} (tried: {tried}). Set them to override.",
            support * 100.0,
            confidence * 100.0
        )
    });
    Thresholds {
        support,
        confidence,
        floor,
        mined: mined
            .swap_remove(si)
            .unwrap_or_else(|| frequent_itemsets(&b.items, b.names.len(), support, req.max_len)),
        rules: found,
        note,
    }
}
