//! Every setting of a request checked once, before any work, into `Checked` settings the stages take: a
//! value out of its range is refused with a sentence naming the setting and the range, and a date is
//! parsed once from the user's text, in the page and the command alike.

use std::fmt;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::core::basket::BasketRequest;
use crate::core::checked::Checked;
use crate::core::clusters::ClusterRequest;
use crate::core::clv::analysis::ClvRequest;
use crate::core::clv::horizon::TimeUnit;
use crate::core::clv::horizon::{Horizon, HorizonUnit};
use crate::core::ingest::ReadOptions;
use crate::core::seed::Seed;
use crate::core::table::Day;

/// What to analyse and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Column roles, header and date order.
    pub read: ReadOptions,
    /// `YYYY-MM-DD`; purchases after it are set aside (the data as of that date). Default: the day after
    /// the last purchase.
    pub analysis_date: Option<Day>,
    /// `YYYY-MM-DD`; purchases before it are set aside, so every part of the report covers the period
    /// from this date to the analysis date. Default: the first purchase.
    #[serde(default)]
    pub period_start: Option<Day>,
    /// The time unit of later models.
    pub time_unit: TimeUnit,
    /// Read the file as a repeat-purchase summary whatever its header (one is found from a header naming
    /// frequency, recency and T).
    #[serde(default)]
    pub summary: bool,
    /// Lifetime-value settings.
    #[serde(default)]
    pub clv: ClvRequest,
    /// Behavioural-segment settings.
    #[serde(default)]
    pub clusters: ClusterRequest,
    /// Market-basket settings.
    #[serde(default)]
    pub basket: BasketRequest,
    /// The seed of every random draw (K-Means starts, the forest, interval bootstraps, the offers' factors).
    #[serde(default)]
    pub seed: Seed,
}

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
    Date(DateSetting, String),
}

/// True when `horizon` is above 0 and at most 20 years.
pub fn horizon_in_range(horizon: Horizon) -> bool {
    HORIZON_MAX
        .iter()
        .any(|&(unit, max)| unit == horizon.unit && horizon.amount > 0.0 && horizon.amount <= max)
}

/// Which date setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateSetting {
    /// The day the data are looked at as of.
    AnalysisDate,
    /// The first day of the period.
    PeriodStart,
    /// The end of the holdout's calibration period.
    CalibrationEnd,
    /// The first day of the second migration period.
    MigrationBoundary,
}

impl fmt::Display for DateSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateSetting::AnalysisDate => "analysis date",
            DateSetting::PeriodStart => "start of the period",
            DateSetting::CalibrationEnd => "calibration end",
            DateSetting::MigrationBoundary => "migration boundary",
        })
    }
}

/// The date a user typed for `setting`, parsed once: `None` for empty text, the same refusal in the page
/// and the command for text that is not a date.
pub fn date(setting: DateSetting, text: &str) -> Result<Option<Day>, SettingError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| SettingError::Date(setting, text.to_string()))
}

impl<'a> Checked<'a, Request> {
    /// The lifetime-value settings, when that stage is on.
    pub fn clv(self) -> Option<Checked<'a, ClvRequest>> {
        let clv = &self.get().clv;
        clv.enabled.then_some(Checked::passed(clv))
    }

    /// The clustering settings, when that stage is on.
    pub fn clusters(self) -> Option<Checked<'a, ClusterRequest>> {
        let clusters = &self.get().clusters;
        clusters.enabled.then_some(Checked::passed(clusters))
    }

    /// The market-basket settings, when that stage is on.
    pub fn basket(self) -> Option<Checked<'a, BasketRequest>> {
        let basket = &self.get().basket;
        basket.enabled.then_some(Checked::passed(basket))
    }
}

/// Checks every setting of `request` against its range, each stage's when the stage is on.
pub fn check(request: &Request) -> Result<Checked<'_, Request>, SettingError> {
    if request.clv.enabled {
        check_clv(&request.clv)?;
    }
    if request.clusters.enabled {
        check_clusters(&request.clusters)?;
    }
    if request.basket.enabled {
        check_basket(&request.basket)?;
    }
    Ok(Checked::passed(request))
}

/// Checks the lifetime-value settings.
pub fn check_clv(clv: &ClvRequest) -> Result<Checked<'_, ClvRequest>, SettingError> {
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
    Ok(Checked::passed(clv))
}

/// Checks the clustering settings.
pub fn check_clusters(
    clusters: &ClusterRequest,
) -> Result<Checked<'_, ClusterRequest>, SettingError> {
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
    Ok(Checked::passed(clusters))
}

/// Checks the market-basket settings.
pub fn check_basket(basket: &BasketRequest) -> Result<Checked<'_, BasketRequest>, SettingError> {
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
    Ok(Checked::passed(basket))
}
