//! Market baskets: frequent itemsets and association rules at the level the user picks, bundles with their
//! reach, what to offer each customer, and the single-item buyers of the case study with the uplift if a
//! share of them accepts.

pub mod baskets;
pub mod itemsets;
pub mod recommend;
pub mod rules;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::core::transactions::Transactions;
use baskets::{baskets, levels, Baskets, Level};
use itemsets::frequent_itemsets;
use recommend::{add, evaluate, Als, Evaluation};
use rules::rules;

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

/// A rule with item names.
pub type NamedRule = rules::Rule<String>;

/// A frequent itemset with item names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedItemset {
    /// Its items, by name.
    pub items: Vec<String>,
    /// Share of baskets that hold every item.
    pub support: f64,
    /// Baskets that hold every item.
    pub count: u32,
}

/// A suggested bundle: the items of a strong rule, and who could be offered the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// What customers already buy.
    pub antecedents: Vec<String>,
    /// What to add.
    pub consequents: Vec<String>,
    /// The rule's lift.
    pub lift: f64,
    /// The rule's confidence.
    pub confidence: f64,
    /// Customers who bought all the antecedents but none of the consequents.
    pub reach: u64,
}

/// An offer to single-item buyers of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// The item they buy.
    pub item: String,
    /// The item to offer (the consequent of the most confident rule from it).
    pub offer: String,
    /// The rule's confidence.
    pub confidence: f64,
    /// Single-item buyers of the item.
    pub customers: u64,
    /// Expected revenue if the acceptance share buys the offer once at its mean line value.
    pub expected_revenue: f64,
}

/// Customers whose every order holds one item, and what offering them the next item could bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SingleItem {
    /// Such customers.
    pub customers: u64,
    /// Their share of all customers with baskets.
    pub share: f64,
    /// The acceptance share assumed.
    pub acceptance: f64,
    /// Offers, most revenue first.
    pub offers: Vec<Offer>,
    /// Expected extra revenue from all offers.
    pub uplift: f64,
    /// That as a share of the revenue in the baskets.
    pub uplift_share: f64,
}

/// The market-basket part of the report, besides the itemset count and the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasketReport {
    /// Every frequent itemset, most supported first.
    pub itemsets: Vec<NamedItemset>,
    /// Every rule (the strongest `KEPT_RULES` when there are more), by lift.
    pub rules: Vec<NamedRule>,
    /// The level used.
    pub level: Level,
    /// Why the level is coarser than the finest the file has, when it is.
    pub note: Option<String>,
    /// Levels the file offers.
    pub levels: Vec<Level>,
    /// Baskets (orders with an item).
    pub baskets: usize,
    /// Distinct items.
    pub items: usize,
    /// Rules found (the report keeps every one, or the strongest 50,000 when there are more).
    pub rule_count: usize,
    /// The settings asked for.
    pub settings: BasketRequest,
    /// The minimum support used (the one set, or the one chosen from the data).
    pub min_support: f64,
    /// The minimum confidence used.
    pub min_confidence: f64,
    /// Suggested bundles.
    pub bundles: Vec<Bundle>,
    /// The single-item buyers.
    pub single_item: SingleItem,
    /// The factor model against popularity on held-out last orders.
    pub recommender: Option<Evaluation>,
    /// For the most bought items, the items most like each (by the factor model).
    pub similar: Vec<(String, Vec<String>)>,
}

/// What the basket step found.
#[derive(Debug, Clone, PartialEq)]
pub struct BasketOutcome {
    /// The report part.
    pub report: BasketReport,
    /// Up to three items to offer each customer code: from the rules their history triggers, then from
    /// the factor model.
    pub offers: Vec<Vec<String>>,
}

/// Minimum supports tried, highest first, when none is set.
const SUPPORTS: [f64; 5] = [0.01, 0.005, 0.002, 0.001, 0.0005];
/// Minimum confidences tried, highest first, when none is set.
const CONFIDENCES: [f64; 3] = [0.2, 0.1, 0.05];
/// Thresholds chosen from the data are the highest giving at least this many rules of lift above 1.
const TARGET_RULES: usize = 10;

/// Rules whose items go together more often than by chance (lift above 1).
fn useful<T>(rules: &[rules::Rule<T>]) -> usize {
    rules.iter().filter(|r| r.lift > 1.0).count()
}
/// A support chosen from the data keeps an itemset in at least this many baskets.
const AUTO_MIN_BASKETS: usize = 10;

/// The thresholds in use, what they found and, when they were chosen from the data, how.
struct Thresholds {
    support: f64,
    confidence: f64,
    /// The support of `MIN_BASKETS` baskets, below which no support goes.
    floor: f64,
    mined: itemsets::Mined,
    rules: Vec<rules::Rule<u32>>,
    note: Option<String>,
}

/// The thresholds for baskets `b`: those set, or, for one not set, the highest of its ladder (support
/// lowered first, at each confidence) that gives `TARGET_RULES` rules of lift above 1, else the pair with
/// the most such rules.
fn thresholds(b: &Baskets, req: &BasketRequest) -> Thresholds {
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
    let mut mined: Vec<Option<itemsets::Mined>> = vec![None; supports.len()];
    // (confidence index, support index, rules), in the order tried.
    let mut best: Option<(usize, usize, Vec<rules::Rule<u32>>)> = None;
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
    req: &BasketRequest,
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
        let search = thresholds(&b, req);
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
    let (model, recommender, similar) = factor_model(&b, tx.customers.len());
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
            settings: req.clone(),
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
fn factor_model(b: &baskets::Baskets, customers: usize) -> FactorModel {
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
    let evaluation = evaluate(&dated, customers, items.len());
    let mut counts: Vec<Vec<(usize, f64)>> = vec![Vec::new(); customers];
    for (c, kept) in &dated {
        for &k in kept {
            add(&mut counts[*c], k as usize);
        }
    }
    let als = Als::fit(&counts, items.len(), 5);
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
