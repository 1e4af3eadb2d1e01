//! What the basket step reports: itemsets and rules by name, bundles, the single-item buyers' offers.

use serde::{Deserialize, Serialize};

use super::baskets::Level;
use super::recommend::Evaluation;
use super::rules::Rule;
use super::BasketRequest;

/// A rule with item names.
pub type NamedRule = Rule<String>;

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
