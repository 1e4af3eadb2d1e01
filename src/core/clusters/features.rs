//! The customer single view: per customer, the behavioural features clustering can use, each only when
//! the columns it needs exist.

use serde::{Deserialize, Serialize};

use crate::core::customers::CustomerSummary;
use crate::core::table::{Role, Transactions};

/// A per-customer feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Days from the first to the last purchase.
    Length,
    /// Days from the last purchase to the analysis date.
    Recency,
    /// Distinct orders.
    Frequency,
    /// Total spend.
    Monetary,
    /// Lifetime value over the horizon.
    Clv,
    /// Units bought.
    Quantity,
    /// Mean days between orders (for one order: days from it to the analysis date, a lower bound).
    DaysBetween,
    /// Spend per unit (basket size).
    SpendPerItem,
    /// Spend per order (order size).
    SpendPerOrder,
    /// Units per order (visit size).
    ItemsPerOrder,
    /// Sum of the discount column.
    Discount,
    /// Distinct stores or locations.
    Stores,
    /// Share of units bought in the cheapest third of unit prices.
    LowPriceShare,
    /// Share of units in the middle third.
    MidPriceShare,
    /// Share of units in the dearest third.
    HighPriceShare,
    /// Customers who name this one as their sponsor.
    Referrals,
}

impl Feature {
    /// The default clustering features: LRFM and CLV.
    pub const DEFAULT: [Feature; 5] = [
        Feature::Length,
        Feature::Recency,
        Feature::Frequency,
        Feature::Monetary,
        Feature::Clv,
    ];

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Feature::Length => "Length (days)",
            Feature::Recency => "Recency (days)",
            Feature::Frequency => "Orders",
            Feature::Monetary => "Spend",
            Feature::Clv => "CLV",
            Feature::Quantity => "Units",
            Feature::DaysBetween => "Days between orders",
            Feature::SpendPerItem => "Spend per unit",
            Feature::SpendPerOrder => "Spend per order",
            Feature::ItemsPerOrder => "Units per order",
            Feature::Discount => "Discount total",
            Feature::Stores => "Stores",
            Feature::LowPriceShare => "Low-price share",
            Feature::MidPriceShare => "Mid-price share",
            Feature::HighPriceShare => "High-price share",
            Feature::Referrals => "Referrals",
        }
    }

    /// The JSON key.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// Feature values per customer, in the order of the summaries they were built from.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureTable {
    /// The features that exist for this file.
    pub features: Vec<Feature>,
    /// One column per feature, one value per customer.
    pub columns: Vec<Vec<f64>>,
}

impl FeatureTable {
    /// The column of `feature`, if the file has it.
    pub fn column(&self, feature: Feature) -> Option<&[f64]> {
        let i = self.features.iter().position(|f| *f == feature)?;
        Some(&self.columns[i])
    }

    /// Customers (rows).
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// True without customers.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds every feature the columns allow for `customers` (summaries of `tx`) as of `analysis_day`, with
/// what earlier stages found of them (one value per customer, same order).
pub fn customer_features(
    tx: &Transactions,
    customers: &[CustomerSummary],
    analysis_day: i64,
    earlier: Earlier,
) -> FeatureTable {
    let n = customers.len();
    let row_of = rows_of(tx, customers);
    let mut table = FeatureTable {
        features: Vec::new(),
        columns: Vec::new(),
    };
    let mut add = |f: Feature, v: Vec<f64>| {
        table.features.push(f);
        table.columns.push(v);
    };
    let per = |f: &dyn Fn(&CustomerSummary) -> f64| customers.iter().map(f).collect::<Vec<f64>>();
    add(Feature::Length, per(&|c| (c.last_day - c.first_day) as f64));
    add(
        Feature::Recency,
        per(&|c| (analysis_day - c.last_day) as f64),
    );
    add(Feature::Frequency, per(&|c| f64::from(c.orders)));
    add(Feature::Monetary, per(&|c| c.revenue));
    if let Some(clv) = earlier.clv {
        add(Feature::Clv, clv.to_vec());
    }
    add(
        Feature::DaysBetween,
        per(&|c| {
            if c.orders > 1 {
                (c.last_day - c.first_day) as f64 / f64::from(c.orders - 1)
            } else {
                (analysis_day - c.first_day) as f64
            }
        }),
    );
    add(
        Feature::SpendPerOrder,
        per(&|c| c.revenue / f64::from(c.orders.max(1))),
    );
    let sum_by_customer = |values: &[f64]| sum_by_row(tx, &row_of, values);
    if let Some(quantity) = tx.numbers.get(&Role::Quantity) {
        let units = sum_by_customer(quantity);
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        add(
            Feature::SpendPerItem,
            customers
                .iter()
                .zip(&units)
                .map(|(c, u)| ratio(c.revenue, *u))
                .collect(),
        );
        add(
            Feature::ItemsPerOrder,
            customers
                .iter()
                .zip(&units)
                .map(|(c, u)| ratio(*u, f64::from(c.orders)))
                .collect(),
        );
        let shares = price_band_shares(tx, quantity, &row_of, n);
        add(Feature::Quantity, units);
        if let Some([low, mid, high]) = shares {
            add(Feature::LowPriceShare, low);
            add(Feature::MidPriceShare, mid);
            add(Feature::HighPriceShare, high);
        }
    }
    if let Some(discount) = tx.numbers.get(&Role::Discount) {
        add(Feature::Discount, sum_by_customer(discount));
    }
    if let Some(stores) = tx.texts.get(&Role::Store) {
        let mut seen: Vec<(usize, u32)> = (0..tx.len())
            .filter_map(|i| Some((row_of[tx.customer[i] as usize]?, stores.codes[i])))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let mut count = vec![0.0; n];
        for (row, _) in seen {
            count[row] += 1.0;
        }
        add(Feature::Stores, count);
    }
    if let Some(referrals) = earlier.referrals {
        add(Feature::Referrals, referrals.to_vec());
    }
    table
}

/// What earlier stages found of each customer, in the order of the summaries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Earlier<'a> {
    /// Lifetime value, when the models ran.
    pub clv: Option<&'a [f64]>,
    /// Members each recruited, when the file names sponsors.
    pub referrals: Option<&'a [f64]>,
}

/// The customer row of each customer code (`None` for customers not in `customers`).
pub fn rows_of(tx: &Transactions, customers: &[CustomerSummary]) -> Vec<Option<usize>> {
    let mut row_of = vec![None; tx.customers.len()];
    for (row, c) in customers.iter().enumerate() {
        row_of[c.code as usize] = Some(row);
    }
    row_of
}

/// Sums a numeric column per customer row (empty cells skipped).
pub fn sum_by_row(tx: &Transactions, row_of: &[Option<usize>], values: &[f64]) -> Vec<f64> {
    let mut sums = vec![0.0; row_of.iter().flatten().count()];
    for (i, v) in values.iter().enumerate() {
        if let Some(row) = row_of[tx.customer[i] as usize].filter(|_| v.is_finite()) {
            sums[row] += v;
        }
    }
    sums
}

/// Per customer, the share of units in the low, middle and high third of unit prices (prices from the
/// unit-price column, or amount / quantity); `None` when prices do not vary.
fn price_band_shares(
    tx: &Transactions,
    quantity: &[f64],
    row_of: &[Option<usize>],
    n: usize,
) -> Option<[Vec<f64>; 3]> {
    let price: Vec<f64> = match tx.numbers.get(&Role::UnitPrice) {
        Some(p) => p.clone(),
        None => (0..tx.len()).map(|i| tx.amount[i] / quantity[i]).collect(),
    };
    let mut sorted: Vec<f64> = price.iter().copied().filter(|p| p.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let cut = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q) as usize)
            .copied()
    };
    let (low, high) = (cut(1.0 / 3.0)?, cut(2.0 / 3.0)?);
    if low >= high {
        return None;
    }
    let mut units = [vec![0.0; n], vec![0.0; n], vec![0.0; n]];
    for i in 0..tx.len() {
        let Some(row) = row_of[tx.customer[i] as usize] else {
            continue;
        };
        if !price[i].is_finite() || !quantity[i].is_finite() {
            continue;
        }
        let band = if price[i] <= low {
            0
        } else if price[i] <= high {
            1
        } else {
            2
        };
        units[band][row] += quantity[i];
    }
    let totals: Vec<f64> = (0..n)
        .map(|r| units[0][r] + units[1][r] + units[2][r])
        .collect();
    for band in &mut units {
        for (v, t) in band.iter_mut().zip(&totals) {
            *v = if *t > 0.0 { *v / t } else { 0.0 };
        }
    }
    Some(units)
}
