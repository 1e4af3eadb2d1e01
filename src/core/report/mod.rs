//! The report every reader shares (the page, the worker and the command): the file's account and
//! figures, then one [`Section`] per model that is off, pending, failed with a reason, or done; the
//! customer table and the CSV exports.

pub mod customer_row;
pub mod export;
pub mod filter;
pub mod history;
pub mod rfm;

use serde::{Deserialize, Serialize};

use crate::core::basket::{BasketError, BasketReport};
use crate::core::clusters::{ClusterError, ClusterReport};
use crate::core::clv::horizon::TimeUnit;
use crate::core::clv::outcome::ClvReport;
use crate::core::clv::ClvError;
use crate::core::cohorts::Cohorts;
use crate::core::histogram::Histogram;
use crate::core::ingest::{RowAccount, SourceInfo};
use crate::core::kpi::Kpi;
use crate::core::network::{Network, NetworkError};
use crate::core::performance::{GroupPerformance, Performance};
pub use crate::core::section::Section;
use crate::core::seed::Seed;
use customer_row::CustomerRow;
use rfm::RfmReport;

/// What the file held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// Transactions: one row per purchase or product line.
    #[default]
    Transactions,
    /// A repeat-purchase summary: one row per customer (frequency, recency, T, monetary_value), which
    /// only the lifetime-value models can read.
    Summary,
}

/// The settings the analysis ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// `YYYY-MM-DD`.
    pub analysis_date: String,
    /// The first day used, `YYYY-MM-DD`, when the user chose one.
    pub period_start: Option<String>,
    /// The time unit of later models.
    pub time_unit: TimeUnit,
    /// The seed of the random draws.
    #[serde(default)]
    pub seed: Seed,
}

/// Everything the dashboard and the JSON output show, except the per-customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Transactions, or a summary (then only `rows`, `source`, `customers` and `clv` are about the
    /// file).
    #[serde(default)]
    pub input: Input,
    /// How the file was read.
    pub source: SourceInfo,
    /// Rows read, used and set aside.
    pub rows: RowAccount,
    /// Distinct customers.
    pub customers: usize,
    /// Headline figures.
    pub kpi: Kpi,
    /// Segments.
    pub rfm: RfmReport,
    /// Distribution of spend per customer.
    pub spend: Histogram,
    /// Sales and profit by year, category, country and ship mode.
    pub performance: Performance,
    /// The management view of each RFM segment with customers.
    pub performance_by_segment: Vec<GroupPerformance>,
    /// Retention by month-of-first-purchase cohort, and incomplete months.
    pub cohorts: Cohorts,
    /// Analysis date and time unit.
    pub settings: Settings,
    /// Lifetime value: the models, their comparison, the holdout and the values.
    pub clv: Section<ClvReport, ClvError>,
    /// Behavioural segments: K-Means, profiles, the map, the forest and the migration.
    pub clusters: Section<ClusterReport, ClusterError>,
    /// Market baskets: itemsets, rules, bundles and the recommender.
    pub baskets: Section<BasketReport, BasketError>,
    /// The referral network (with a sponsor column).
    pub network: Section<Network, NetworkError>,
}

/// A report with its customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The summary figures.
    pub report: Report,
    /// One row per customer, sorted by id.
    pub customers: Vec<CustomerRow>,
}
