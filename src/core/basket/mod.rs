//! Market baskets: frequent itemsets and association rules at the level the user picks, bundles with their
//! reach, what to offer each customer, and the single-item buyers of the case study with the uplift if a
//! share of them accepts.

pub mod baskets;
pub mod itemsets;
pub mod recommend;
pub mod report;
pub mod rules;
mod thresholds;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::core::checked::Checked;
use crate::core::seed::{Draw, Seed};
use crate::core::table::Transactions;
use baskets::{baskets, levels, Level};
use recommend::{add, evaluate, Als, Evaluation};
pub use report::{BasketOutcome, BasketReport, Bundle, NamedItemset, NamedRule, Offer, SingleItem};
use thresholds::{thresholds, Thresholds, SUPPORTS};

/// Rules kept in the report (the strongest by lift).
const KEPT_RULES: usize = 50_000;
/// Rules that drive the per-customer offers.
const OFFER_RULES: usize = 200;
/// Baskets an itemset must be seen in, whatever the minimum support: with few baskets a share alone makes
/// every combination of one large order frequent.
pub const MIN_BASKETS: usize = 2;
/// Offers per customer.
const OFFERS: usize = 3;
/// Items the factor model covers at most (the most bought).
const MODEL_ITEMS: usize = 500;

/// Market-basket settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasketRequest {
    /// Look for rules at all.
    pub enabled: bool,
    /// What counts as an item; `None`: the finest level the file has.
    pub level: Option<Level>,
    /// Minimum share of baskets holding an itemset; `None`: chosen from the data (see `SUPPORTS`).
    pub min_support: Option<f64>,
    /// Minimum confidence of a rule; `None`: chosen from the data (see `CONFIDENCES`).
    pub min_confidence: Option<f64>,
    /// Largest itemset.
    pub max_len: usize,
    /// Share of single-item buyers assumed to accept an offer, for the uplift estimate.
    pub acceptance: f64,
}

impl Default for BasketRequest {
    fn default() -> Self {
        BasketRequest {
            enabled: true,
            level: None,
            min_support: None,
            min_confidence: None,
            max_len: 3,
            acceptance: 0.1,
        }
    }
}

/// Why there are no market baskets, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasketError {
    /// No product, description or category column with values.
    #[error("Market baskets need a product, description or category column with values.")]
    NoItems,
}

/// Finds itemsets, rules, bundles and offers in the orders of `tx`; `progress` hears the share done (the
/// rules are found at 0.3, the offers made at 0.5, the factor model done at 1).
pub fn analyze(
    tx: &Transactions,
    req: Checked<BasketRequest>,
    seed: Seed,
    progress: &mut dyn FnMut(f64),
) -> Result<BasketOutcome, BasketError> {
    let available = levels(tx);
    // The level asked for; else the finest level that gives rules at these thresholds.
    let candidates: Vec<Level> = match req.level.filter(|l| available.contains(l)) {
        Some(l) => vec![l],
        None => available.clone(),
    };
    let mut tried: Vec<Level> = Vec::new();
    let mut found = None;
    for (k, &level) in candidates.iter().enumerate() {
        let Some(b) = baskets(tx, level).filter(|b| !b.items.is_empty()) else {
            continue;
        };
        let search = thresholds(&b, &req);
        if !search.rules.is_empty() || k + 1 == candidates.len() {
            found = Some((level, b, search));
            break;
        }
        tried.push(level);
    }
    let (level, b, search) = found.ok_or(BasketError::NoItems)?;
    let Thresholds {
        support,
        confidence,
        floor,
        mined,
        rules: all_rules,
        note: threshold_note,
    } = search;
    let sets = mined.itemsets;
    let mut notes: Vec<String> = Vec::new();
    if !tried.is_empty() {
        let names: Vec<&str> = tried.iter().map(|l| l.label()).collect();
        notes.push(format!(
            "No rule at the {} level with these thresholds, so items are counted by {}.",
            names.join(" or "),
            level.label()
        ));
    }
    notes.extend(threshold_note);
    if floor > req.min_support.unwrap_or(SUPPORTS[0]) {
        notes.push(format!(
            "With {} baskets, an itemset must be in at least {MIN_BASKETS} of them ({:.1} %), above the \
             minimum support.",
            b.items.len(),
            floor * 100.0
        ));
    }
    if let Some(size) = mined.stopped_before {
        notes.push(format!(
            "Itemsets of {size} or more items were not searched: too many combinations are frequent at \
             this support. Raise the minimum support to see them."
        ));
    }
    let note = (!notes.is_empty()).then(|| notes.join(" "));
    progress(0.3);
    let names = |codes: &[u32]| {
        codes
            .iter()
            .map(|&c| b.names[c as usize].clone())
            .collect::<Vec<_>>()
    };
    // Each customer's items over all orders.
    let mut bought: Vec<FxHashSet<u32>> = vec![FxHashSet::default(); tx.customers.len()];
    for (items, &c) in b.items.iter().zip(&b.customer) {
        bought[c as usize].extend(items.iter().copied());
    }
    let holds_all = |c: usize, items: &[u32]| items.iter().all(|i| bought[c].contains(i));
    let holds_any = |c: usize, items: &[u32]| items.iter().any(|i| bought[c].contains(i));
    let mut seen_sets: FxHashSet<Vec<u32>> = FxHashSet::default();
    // A rule with lift 1 or less is no reason to suggest its items together.
    let bundles: Vec<Bundle> = all_rules
        .iter()
        .filter(|r| r.lift > 1.0)
        .filter(|r| {
            let mut set: Vec<u32> = r
                .antecedents
                .iter()
                .chain(&r.consequents)
                .copied()
                .collect();
            set.sort_unstable();
            seen_sets.insert(set)
        })
        .take(10)
        .map(|r| Bundle {
            antecedents: names(&r.antecedents),
            consequents: names(&r.consequents),
            lift: r.lift,
            confidence: r.confidence,
            reach: (0..bought.len())
                .filter(|&c| holds_all(c, &r.antecedents) && !holds_any(c, &r.consequents))
                .count() as u64,
        })
        .collect();
    let offers: Vec<Vec<String>> = (0..bought.len())
        .map(|c| {
            let mut picked: Vec<u32> = Vec::new();
            for r in all_rules.iter().filter(|r| r.lift > 1.0).take(OFFER_RULES) {
                if holds_all(c, &r.antecedents) && !holds_any(c, &r.consequents) {
                    for &i in &r.consequents {
                        if !picked.contains(&i) && picked.len() < OFFERS {
                            picked.push(i);
                        }
                    }
                }
            }
            names(&picked)
        })
        .collect();
    let single_item = single_item_buyers(&b, &all_rules, &bought, req.acceptance, &names);
    progress(0.5);
    let (model, recommender, similar) = factor_model(&b, tx.customers.len(), seed);
    let offers: Vec<Vec<String>> = offers
        .into_iter()
        .enumerate()
        .map(|(c, mut picked)| {
            if let Some((als, items)) = &model {
                let have: Vec<usize> = items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| bought[c].contains(i))
                    .map(|(k, _)| k)
                    .collect();
                if picked.len() < OFFERS && !bought[c].is_empty() {
                    for k in als.top(c, &have, OFFERS) {
                        let name = &b.names[items[k] as usize];
                        if picked.len() < OFFERS && !picked.contains(name) {
                            picked.push(name.clone());
                        }
                    }
                }
            }
            picked
        })
        .collect();
    progress(1.0);
    let mut itemsets: Vec<NamedItemset> = sets
        .iter()
        .map(|s| NamedItemset {
            items: names(&s.items),
            support: f64::from(s.count) / b.items.len() as f64,
            count: s.count,
        })
        .collect();
    itemsets.sort_by(|x, y| y.count.cmp(&x.count).then(x.items.cmp(&y.items)));
    Ok(BasketOutcome {
        report: BasketReport {
            itemsets,
            rules: all_rules
                .iter()
                .take(KEPT_RULES)
                .map(|r| r.map(|&c| b.names[c as usize].clone()))
                .collect(),
            level,
            note,
            levels: available,
            baskets: b.items.len(),
            items: b.names.len(),
            rule_count: all_rules.len(),
            settings: (*req).clone(),
            min_support: support,
            min_confidence: confidence,
            bundles,
            single_item,
            recommender,
            similar,
        },
        offers,
    })
}

/// The factor model on the most bought items (with their codes), its evaluation and similar items.
type FactorModel = (
    Option<(Als, Vec<u32>)>,
    Option<Evaluation>,
    Vec<(String, Vec<String>)>,
);

/// Fits the factor model on purchase counts of the most bought items, evaluates it on held-out last
/// orders, and lists the items most like the top ten.
fn factor_model(b: &baskets::Baskets, customers: usize, seed: Seed) -> FactorModel {
    let mut popularity = vec![0u32; b.names.len()];
    for items in &b.items {
        for &i in items {
            popularity[i as usize] += 1;
        }
    }
    let mut items: Vec<u32> = (0..b.names.len() as u32)
        .filter(|&i| popularity[i as usize] > 0)
        .collect();
    items.sort_by(|x, y| {
        popularity[*y as usize]
            .cmp(&popularity[*x as usize])
            .then(x.cmp(y))
    });
    items.truncate(MODEL_ITEMS);
    if items.len() < 2 {
        return (None, None, Vec::new());
    }
    let mut index = vec![usize::MAX; b.names.len()];
    for (k, &i) in items.iter().enumerate() {
        index[i as usize] = k;
    }
    let mut order: Vec<usize> = (0..b.items.len()).collect();
    order.sort_by_key(|&k| b.day[k]);
    let dated: Vec<(usize, Vec<u32>)> = order
        .iter()
        .map(|&k| {
            let kept = b.items[k]
                .iter()
                .filter(|&&i| index[i as usize] != usize::MAX)
                .map(|&i| index[i as usize] as u32)
                .collect();
            (b.customer[k] as usize, kept)
        })
        .filter(|(_, kept): &(usize, Vec<u32>)| !kept.is_empty())
        .collect();
    let evaluation = evaluate(&dated, customers, items.len(), seed.of(Draw::FactorCheck));
    let mut counts: Vec<Vec<(usize, f64)>> = vec![Vec::new(); customers];
    for (c, kept) in &dated {
        for &k in kept {
            add(&mut counts[*c], k as usize);
        }
    }
    let als = Als::fit(&counts, items.len(), seed.of(Draw::Factors));
    let name = |k: usize| b.names[items[k] as usize].clone();
    let similar = (0..items.len().min(10))
        .map(|k| (name(k), als.similar(k, 5).into_iter().map(name).collect()))
        .collect();
    (Some((als, items)), evaluation, similar)
}

/// Customers whose every order holds a single item, the best single-item rule for that item, and the
/// revenue if `acceptance` of them buy the offer once.
fn single_item_buyers(
    b: &baskets::Baskets,
    all_rules: &[rules::Rule<u32>],
    bought: &[FxHashSet<u32>],
    acceptance: f64,
    names: &dyn Fn(&[u32]) -> Vec<String>,
) -> SingleItem {
    let mut multi = vec![false; bought.len()];
    for (items, &c) in b.items.iter().zip(&b.customer) {
        if items.len() > 1 {
            multi[c as usize] = true;
        }
    }
    let with_baskets = bought.iter().filter(|s| !s.is_empty()).count();
    let singles: Vec<usize> = (0..bought.len())
        .filter(|&c| !multi[c] && !bought[c].is_empty())
        .collect();
    let mut offers: Vec<Offer> = Vec::new();
    let mut per_item: rustc_hash::FxHashMap<u32, u64> = rustc_hash::FxHashMap::default();
    for &c in &singles {
        for &i in &bought[c] {
            *per_item.entry(i).or_default() += 1;
        }
    }
    for (item, count) in per_item {
        let best = all_rules
            .iter()
            .filter(|r| r.antecedents == [item] && r.consequents.len() == 1)
            .max_by(|x, y| x.confidence.total_cmp(&y.confidence));
        if let Some(r) = best {
            let offer = r.consequents[0];
            offers.push(Offer {
                item: names(&[item])[0].clone(),
                offer: names(&[offer])[0].clone(),
                confidence: r.confidence,
                customers: count,
                expected_revenue: count as f64 * acceptance * b.item_value[offer as usize],
            });
        }
    }
    offers.sort_by(|x, y| {
        y.expected_revenue
            .total_cmp(&x.expected_revenue)
            .then(x.item.cmp(&y.item))
    });
    let uplift: f64 = offers.iter().map(|o| o.expected_revenue).sum();
    let revenue: f64 = b.value.iter().sum();
    SingleItem {
        customers: singles.len() as u64,
        share: singles.len() as f64 / with_baskets.max(1) as f64,
        acceptance,
        offers,
        uplift,
        uplift_share: if revenue > 0.0 { uplift / revenue } else { 0.0 },
    }
}
