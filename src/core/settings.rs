//! Every setting of a request checked once, before any work: a value out of its range is refused with a
//! sentence naming the setting and the range, in the page and the command alike.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::core::clv::calibration::Calibration;
use crate::core::clv::horizon::{Horizon, HorizonUnit};
use crate::core::pipeline::Request;
use crate::core::table::parse_iso_day;

/// The longest horizon of lifetime value, in each of its units: 20 years.
pub const HORIZON_MAX: [(HorizonUnit, f64); 3] = [
    (HorizonUnit::Days, 7305.0),
    (HorizonUnit::Weeks, 1044.0),
    (HorizonUnit::Months, 240.0),
];
/// The month lifetime value is discounted by, in days.
pub const MONTH_DAYS: RangeInclusive<f64> = 28.0..=31.0;
/// The monthly discount rate, as a share (0 to 50 % a month).
pub const DISCOUNT_RATE: RangeInclusive<f64> = 0.0..=0.5;
/// The number of clusters: the range the elbow searches.
pub const CLUSTERS: RangeInclusive<usize> = crate::core::clusters::K_RANGE;
/// The number of sub-clusters a split makes ("3a" to "3e").
pub const SPLIT_PARTS: RangeInclusive<usize> = 2..=5;
/// The largest itemset the basket miner looks for (a rule needs two items; the subsets of a rule's
/// itemset are enumerated as bits).
pub const MAX_ITEMSET: RangeInclusive<usize> = 2..=10;

/// A setting out of its range.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum SettingError {
    /// The horizon.
    #[error("The horizon is above 0 and at most 20 years (240 months, 1044 weeks or 7305 days), such as 12 months or 39 weeks; {0} is not.")]
    Horizon(String),
    /// The month length.
    #[error("A month of discounting is from 28 to 31 days, such as 30; {0} is not.")]
    MonthDays(f64),
    /// The spend per purchase.
    #[error("The spend per purchase is an amount above 0, such as 25; {0} is not.")]
    SpendPerPurchase(f64),
    /// The monthly discount rate.
    #[error("The discount rate is a share per month from 0 to 0.5 (0 % to 50 %), such as 0.01; {0} is not.")]
    DiscountRate(f64),
    /// The number of clusters.
    #[error("The number of clusters is a whole number from {lo} to {hi}; {0} is not.", lo = CLUSTERS.start(), hi = CLUSTERS.end())]
    Clusters(usize),
    /// The cluster to split does not exist.
    #[error("There is no cluster {0} to split: clusters are numbered from 1 to at most {hi}.", hi = CLUSTERS.end())]
    SplitCluster(usize),
    /// The number of sub-clusters.
    #[error("A cluster splits into {lo} to {hi} sub-clusters; {0} is not in that range.", lo = SPLIT_PARTS.start(), hi = SPLIT_PARTS.end())]
    SplitParts(usize),
    /// The minimum support.
    #[error("The minimum support is a share of baskets above 0 and at most 1, such as 0.01; {0} is not.")]
    MinSupport(f64),
    /// The minimum confidence.
    #[error("The minimum confidence is a share from 0 to 1, such as 0.2; {0} is not.")]
    MinConfidence(f64),
    /// The largest itemset.
    #[error("The largest itemset is a whole number of items from {lo} to {hi}, such as 3; {0} is not.", lo = MAX_ITEMSET.start(), hi = MAX_ITEMSET.end())]
    MaxItemset(usize),
    /// The share of buyers assumed to accept an offer.
    #[error("The offer acceptance is a share from 0 to 1, such as 0.1; {0} is not.")]
    Acceptance(f64),
    /// A date that is not one.
    #[error("The {0} '{1}' is not a date: write it as YYYY-MM-DD.")]
    Date(String, String),
}

/// True when `horizon` is above 0 and at most 20 years.
pub fn horizon_in_range(horizon: Horizon) -> bool {
    HORIZON_MAX
        .iter()
        .any(|&(unit, max)| unit == horizon.unit && horizon.amount > 0.0 && horizon.amount <= max)
}

/// Checks every setting of `request` against its range.
pub fn check(request: &Request) -> Result<(), SettingError> {
    let calibration_end = match &request.clv.calibration {
        Calibration::Until(day) => Some(day.clone()),
        _ => None,
    };
    let dates = [
        ("analysis date", &request.analysis_date),
        ("start of the period", &request.period_start),
        ("calibration end", &calibration_end),
        ("migration boundary", &request.clusters.migration_boundary),
    ];
    for (name, text) in dates {
        if let Some(text) = text.as_ref().filter(|t| parse_iso_day(t).is_none()) {
            return Err(SettingError::Date(name.into(), text.clone()));
        }
    }
    let clv = &request.clv;
    if clv.enabled {
        if !horizon_in_range(clv.horizon) {
            return Err(SettingError::Horizon(clv.horizon.to_string()));
        }
        if let Some(days) = clv.month_days.filter(|d| !MONTH_DAYS.contains(d)) {
            return Err(SettingError::MonthDays(days));
        }
        if let Some(v) = clv
            .spend_per_purchase
            .filter(|v| !(v.is_finite() && *v > 0.0))
        {
            return Err(SettingError::SpendPerPurchase(v));
        }
        if !DISCOUNT_RATE.contains(&clv.discount_rate) {
            return Err(SettingError::DiscountRate(clv.discount_rate));
        }
    }
    let clusters = &request.clusters;
    if clusters.enabled {
        if let Some(k) = clusters.k.filter(|k| !CLUSTERS.contains(k)) {
            return Err(SettingError::Clusters(k));
        }
        if let Some(split) = clusters.split {
            if !SPLIT_PARTS.contains(&split.into) {
                return Err(SettingError::SplitParts(split.into));
            }
            if split.cluster >= *CLUSTERS.end() {
                return Err(SettingError::SplitCluster(split.cluster + 1));
            }
        }
    }
    let basket = &request.basket;
    if basket.enabled {
        if let Some(s) = basket.min_support.filter(|s| !(*s > 0.0 && *s <= 1.0)) {
            return Err(SettingError::MinSupport(s));
        }
        if let Some(c) = basket.min_confidence.filter(|c| !(0.0..=1.0).contains(c)) {
            return Err(SettingError::MinConfidence(c));
        }
        if !MAX_ITEMSET.contains(&basket.max_len) {
            return Err(SettingError::MaxItemset(basket.max_len));
        }
        if !(0.0..=1.0).contains(&basket.acceptance) {
            return Err(SettingError::Acceptance(basket.acceptance));
        }
    }
    Ok(())
}
