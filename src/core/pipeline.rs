//! The one-way flow: bytes -> transactions + account -> customers -> RFM -> report. Shared by the browser
//! worker, the native command and the tests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::basket::{self, BasketReport, BasketRequest, NamedItemset, NamedRule};
use crate::core::clusters::forest::Classifier;
use crate::core::clusters::migration::Migration;
use crate::core::clusters::profiles::ClusterProfile;
use crate::core::clusters::{self, ClusterRequest, ClvAsOf, Kmeans, PcaMap};
use crate::core::clv;
use crate::core::clv::analysis::SegmentValue;
use crate::core::clv::analysis::{analyze, values_as_of, ClvReport, ClvRequest};
use crate::core::clv::holdout::Holdout;
use crate::core::clv::model::ModelKind;
use crate::core::clv::summary::Rft;
use crate::core::clv::summary_file::SummaryError;
use crate::core::cohorts::{cohorts, Cohorts};
use crate::core::customers::{summarize, CustomerSummary};
use crate::core::histogram::Histogram;
use crate::core::ingest::{
    self, iso_date, parse_iso_day, ByteSource, IngestError, ReadOptions, RowAccount, SourceInfo,
    Unmapped,
};
use crate::core::kpi::{kpis, Kpi};
use crate::core::network::{self, Network};
use crate::core::performance::{by_group, performance, GroupPerformance, Performance};
use crate::core::rfm::{quintile_scores, Segment};
use crate::core::settings::{self, SettingError};
use crate::core::summary_input::{is_summary, run_summary};
use crate::core::transactions::Transactions;

/// The unit of time later models count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    #[default]
    Days,
    /// Weeks of seven days.
    Weeks,
}

/// What to analyse and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Column roles, header and date order.
    pub read: ReadOptions,
    /// `YYYY-MM-DD`; purchases after it are set aside (the data as of that date). Default: the day after
    /// the last purchase.
    pub analysis_date: Option<String>,
    /// `YYYY-MM-DD`; purchases before it are set aside, so every part of the report covers the period
    /// from this date to the analysis date. Default: the first purchase.
    #[serde(default)]
    pub period_start: Option<String>,
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
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        }
    }
}

/// The stages progress is reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Decoding and reading rows.
    Reading,
    /// Building the customer table.
    Features,
    /// Scoring and segmenting.
    Segments,
    /// Fitting the lifetime-value models.
    Models,
    /// Clustering customers.
    Clusters,
    /// Mining market baskets.
    Baskets,
}

impl Stage {
    /// A label for the progress bar.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "Reading and cleaning rows",
            Stage::Features => "Building the customer table",
            Stage::Segments => "Scoring RFM segments",
            Stage::Models => "Fitting lifetime-value models",
            Stage::Clusters => "Finding behavioural segments",
            Stage::Baskets => "Mining market baskets",
        }
    }
}

/// Why an analysis could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum CoreError {
    /// The file could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A setting is out of its range.
    #[error(transparent)]
    Setting(#[from] SettingError),
    /// The period ends before it starts.
    #[error("The period starts on {0}, after its end on {1}: pick a start before the end.")]
    EmptyPeriod(String, String),
    /// A repeat-purchase summary file could not be read.
    #[error(transparent)]
    Summary(#[from] SummaryError),
}

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

impl CoreError {
    /// The columns to map, when the file's date or customer column was not recognised.
    pub fn unmapped(&self) -> Option<&Unmapped> {
        match self {
            CoreError::Ingest(e) => e.unmapped(),
            _ => None,
        }
    }
}

/// One customer's row in the table and the CSV export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Customer id.
    pub id: String,
    /// First purchase, `YYYY-MM-DD`.
    pub first_purchase: String,
    /// Last purchase, `YYYY-MM-DD`.
    pub last_purchase: String,
    /// Days from the last purchase to the analysis date.
    pub recency: i64,
    /// Distinct orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score, 5 = most recent.
    pub r: u8,
    /// Frequency score, 5 = most orders.
    pub f: u8,
    /// Monetary score, 5 = highest spend.
    pub m: u8,
    /// The R x F segment.
    pub segment: Segment,
    /// The repeat-purchase summary every peer uses (lifetimes' `summary_data_from_transaction_data`), in
    /// the models' time unit: repeat purchase days.
    pub summary_frequency: u32,
    /// From the first to the last purchase day.
    pub summary_recency: f64,
    /// From the first purchase to the analysis date (T).
    pub summary_t: f64,
    /// Mean value of the repeat purchase days (0 without repeats).
    pub summary_monetary_value: f64,
    /// Probability of being alive (when the CLV models could be fitted).
    pub p_alive: Option<f64>,
    /// Expected purchases over the CLV horizon.
    pub expected_purchases: Option<f64>,
    /// Expected spend per purchase (Gamma-Gamma).
    pub expected_spend: Option<f64>,
    /// Lifetime value over the horizon.
    pub clv: Option<f64>,
    /// 5th percentile of the CLV over parameter draws.
    pub clv_low: Option<f64>,
    /// 95th percentile.
    pub clv_high: Option<f64>,
    /// CLV tier by quartile: A (top) to D.
    pub clv_tier: Option<String>,
    /// Behavioural cluster code ("1", "2", "3a").
    pub cluster: Option<String>,
    /// The cluster's name.
    pub cluster_name: Option<String>,
    /// Up to three items to offer, from the association rules the customer's history triggers.
    pub recommended_products: Option<String>,
    /// The member who referred this customer (with a sponsor column).
    pub sponsor: Option<String>,
    /// Members this customer referred.
    pub direct_referrals: Option<u32>,
    /// Everyone below this customer in the referral network.
    pub downline_size: Option<u32>,
}

/// One segment's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// The segment.
    pub segment: Segment,
    /// Its name.
    pub name: String,
    /// Customers in it.
    pub customers: u64,
    /// Share of all revenue, 0 to 1.
    pub revenue_share: f64,
    /// Mean recency in days.
    pub mean_recency: f64,
    /// Mean number of orders.
    pub mean_frequency: f64,
    /// Mean spend.
    pub mean_monetary: f64,
    /// A suggested action.
    pub action: String,
}

/// The RFM part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmReport {
    /// Customers per segment name.
    pub segments: BTreeMap<String, u64>,
    /// Every segment's profile, best first (empty segments included).
    pub summary: Vec<SegmentSummary>,
    /// Customers per cell of the R x F grid: `grid[r - 1][f - 1]`.
    pub grid: Vec<Vec<u64>>,
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
}

/// Everything the dashboard and the JSON output show, except the per-customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Transactions, or a summary (then only `rows`, `source`, `customers` and the lifetime-value parts
    /// are about the file).
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
    /// The management view of each behavioural cluster.
    pub performance_by_cluster: Option<Vec<GroupPerformance>>,
    /// Retention by month-of-first-purchase cohort, and incomplete months.
    pub cohorts: Cohorts,
    /// Analysis date and time unit.
    pub settings: Settings,
    /// BG/NBD parameters and log-likelihood.
    pub bgnbd: Option<BTreeMap<String, f64>>,
    /// Pareto/NBD parameters and log-likelihood.
    pub pareto_nbd: Option<BTreeMap<String, f64>>,
    /// MBG/NBD parameters and log-likelihood.
    pub mbgnbd: Option<BTreeMap<String, f64>>,
    /// Gamma-Gamma parameters.
    pub gamma_gamma: Option<BTreeMap<String, f64>>,
    /// Lifetime value.
    pub clv: Option<ClvReport>,
    /// The calibration / holdout comparison.
    pub holdout: Option<Holdout>,
    /// Why there is no lifetime value, in plain words.
    pub clv_error: Option<String>,
    /// K-Means: the search over k and the features used.
    pub kmeans: Option<Kmeans>,
    /// The behavioural clusters' profiles.
    pub clusters: Option<Vec<ClusterProfile>>,
    /// Customers on the first two principal components.
    pub cluster_map: Option<PcaMap>,
    /// The random forest predicting clusters.
    pub classifier: Option<Classifier>,
    /// Customers moving between clusters from one period to the next.
    pub migration: Option<Migration>,
    /// Why there is no migration.
    pub migration_error: Option<String>,
    /// Why there are no clusters, in plain words.
    pub cluster_error: Option<String>,
    /// Every frequent itemset, most supported first.
    pub itemsets: Option<Vec<NamedItemset>>,
    /// Every association rule (the strongest 50,000 when there are more), by lift.
    pub rules: Option<Vec<NamedRule>>,
    /// Bundles, single-item buyers and the basket settings.
    pub baskets: Option<BasketReport>,
    /// Why there are no rules, in plain words.
    pub basket_error: Option<String>,
    /// The referral network (with a sponsor column).
    pub network: Option<Network>,
    /// Why there is no network.
    pub network_error: Option<String>,
}

/// A report with its customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The summary figures.
    pub report: Report,
    /// One row per customer, sorted by id.
    pub customers: Vec<CustomerRow>,
}

/// Runs the whole analysis. `progress` receives a stage and the share of it done (0 to 1).
pub fn run(
    bytes: &(impl ByteSource + ?Sized),
    request: &Request,
    progress: &mut dyn FnMut(Stage, f64),
) -> Result<Analysis, CoreError> {
    run_staged(bytes, request, progress, &mut |_| {})
}

/// Runs the whole analysis, handing the analysis so far to `first_results` as soon as the RFM part is
/// done and again before the clusters (so a page can show each part while the next is worked out).
pub fn run_staged(
    bytes: &(impl ByteSource + ?Sized),
    request: &Request,
    progress: &mut dyn FnMut(Stage, f64),
    first_results: &mut dyn FnMut(&Analysis),
) -> Result<Analysis, CoreError> {
    settings::check(request)?;
    if request.summary || is_summary(bytes)? {
        return run_summary(bytes, request, progress);
    }
    progress(Stage::Reading, 0.0);
    let until_day = request.analysis_date.as_deref().and_then(parse_iso_day);
    let from_day = request.period_start.as_deref().and_then(parse_iso_day);
    if let (Some(from), Some(until)) = (from_day, until_day) {
        if from > until {
            return Err(CoreError::EmptyPeriod(iso_date(from), iso_date(until)));
        }
    }
    let read_options = ReadOptions {
        until_day,
        from_day,
        ..request.read.clone()
    };
    let ingested = ingest::read_source(bytes, &read_options, &mut |f| progress(Stage::Reading, f))?;
    progress(Stage::Features, 0.0);
    let tx = &ingested.transactions;
    let summaries = summarize(tx);
    let last_day = summaries.iter().map(|c| c.last_day).max().unwrap_or(0);
    let analysis_day = until_day.unwrap_or(last_day + 1);
    progress(Stage::Segments, 0.0);
    let repeat = clv::summary::summarize(
        tx,
        analysis_day,
        request.time_unit.days(),
        request.clv.period,
    );
    let customers = score(&summaries, &repeat, analysis_day);
    let report = Report {
        input: Input::Transactions,
        bgnbd: None,
        pareto_nbd: None,
        mbgnbd: None,
        gamma_gamma: None,
        clv: None,
        holdout: None,
        clv_error: None,
        kmeans: None,
        clusters: None,
        cluster_map: None,
        classifier: None,
        migration: None,
        migration_error: None,
        cluster_error: None,
        itemsets: None,
        rules: None,
        baskets: None,
        basket_error: None,
        network: None,
        network_error: None,
        kpi: kpis(tx, &ingested.account),
        performance: performance(tx),
        performance_by_segment: Vec::new(),
        performance_by_cluster: None,
        cohorts: cohorts(tx),
        rfm: rfm_report(&customers),
        spend: Histogram::log_spaced(
            &customers.iter().map(|c| c.monetary).collect::<Vec<_>>(),
            24,
        ),
        customers: customers.len(),
        rows: ingested.account.clone(),
        source: ingested.source.clone(),
        settings: Settings {
            analysis_date: iso_date(analysis_day),
            period_start: from_day.map(iso_date),
            time_unit: request.time_unit,
        },
    };
    let mut analysis = Analysis { report, customers };
    let names: Vec<String> = Segment::ALL.iter().map(|s| s.name().to_string()).collect();
    let segment_of = |row: &CustomerRow| Segment::ALL.iter().position(|s| *s == row.segment);
    analysis.report.performance_by_segment = by_group(
        tx,
        &names,
        &group_of(tx, &summaries, &analysis.customers, segment_of),
    );
    add_network(&mut analysis, tx, &summaries);
    let later = request.basket.enabled || request.clv.enabled || request.clusters.enabled;
    if later {
        first_results(&analysis);
    }
    if request.basket.enabled {
        progress(Stage::Baskets, 0.0);
        add_baskets(&mut analysis, tx, &summaries, &request.basket, &mut |f| {
            progress(Stage::Baskets, f)
        });
    } else {
        analysis.report.basket_error =
            Some("Market baskets were switched off for this run.".into());
    }
    if request.clv.enabled {
        progress(Stage::Models, 0.0);
        add_clv(&mut analysis, tx, &summaries, analysis_day, request);
        progress(Stage::Models, 1.0);
    } else {
        analysis.report.clv_error = Some("Lifetime value was switched off for this run.".into());
    }
    if request.clusters.enabled {
        // Show the rules and lifetime value while the clusters are found.
        first_results(&analysis);
        progress(Stage::Clusters, 0.0);
        add_clusters(&mut analysis, tx, &summaries, analysis_day, request);
        progress(Stage::Clusters, 1.0);
    } else {
        analysis.report.cluster_error = Some("Clustering was switched off for this run.".into());
    }
    Ok(analysis)
}

/// Builds the referral network and adds each customer's sponsor, recruits and downline.
fn add_network(analysis: &mut Analysis, tx: &Transactions, summaries: &[CustomerSummary]) {
    match network::analyze(tx, summaries) {
        Ok(outcome) => {
            for (row, place) in analysis.customers.iter_mut().zip(outcome.customers) {
                row.sponsor = place.sponsor;
                row.direct_referrals = Some(place.direct);
                row.downline_size = Some(place.downline);
            }
            analysis.report.network = Some(outcome.network);
        }
        Err(message) => analysis.report.network_error = Some(message),
    }
}

/// Mines the baskets and adds the rules, bundles and each customer's offers.
fn add_baskets(
    analysis: &mut Analysis,
    tx: &Transactions,
    summaries: &[CustomerSummary],
    request: &BasketRequest,
    progress: &mut dyn FnMut(f64),
) {
    match basket::analyze(tx, request, progress) {
        Ok(outcome) => {
            for (row, summary) in analysis.customers.iter_mut().zip(summaries) {
                let offers = &outcome.offers[summary.code as usize];
                row.recommended_products = Some(offers.join("; "));
            }
            let r = &mut analysis.report;
            r.itemsets = Some(outcome.itemsets);
            r.rules = Some(outcome.rules);
            r.baskets = Some(outcome.report);
        }
        Err(message) => analysis.report.basket_error = Some(message),
    }
}

/// Fits the lifetime-value models and adds their report and each customer's values.
fn add_clv(
    analysis: &mut Analysis,
    tx: &Transactions,
    summaries: &[CustomerSummary],
    analysis_day: i64,
    request: &Request,
) {
    match analyze(tx, analysis_day, request.time_unit.days(), &request.clv) {
        Ok(outcome) => {
            for (row, summary) in analysis.customers.iter_mut().zip(summaries) {
                let v = &outcome.customers[summary.code as usize];
                row.p_alive = finite(v.p_alive);
                row.expected_purchases = finite(v.expected_purchases);
                row.expected_spend = finite(v.expected_spend);
                row.clv = finite(v.clv);
                row.clv_low = finite(v.clv_low);
                row.clv_high = finite(v.clv_high);
                row.clv_tier = Some(v.tier.to_string());
            }
            let mut clv = outcome.report;
            clv.by_segment = clv_by_segment(&analysis.customers);
            let mut params = outcome.params;
            let r = &mut analysis.report;
            r.bgnbd = params.remove(&ModelKind::Bgnbd);
            r.pareto_nbd = params.remove(&ModelKind::ParetoNbd);
            r.mbgnbd = params.remove(&ModelKind::Mbgnbd);
            r.gamma_gamma = Some(outcome.gamma_gamma);
            r.clv = Some(clv);
            r.holdout = outcome.holdout;
        }
        Err(message) => analysis.report.clv_error = Some(message),
    }
}

/// Clusters the customers (on their CLV too when there is one) and adds the report and each customer's
/// cluster.
fn add_clusters(
    analysis: &mut Analysis,
    tx: &Transactions,
    summaries: &[CustomerSummary],
    analysis_day: i64,
    request: &Request,
) {
    let clv: Option<Vec<f64>> = analysis.customers.iter().map(|c| c.clv).collect();
    // A migration period's CLV: the model in use, fitted on that period alone.
    let unit = request.time_unit.days();
    let kind = analysis.report.clv.as_ref().map(|c| c.model);
    let as_of = |part: &Transactions, day: i64| -> Option<Vec<f64>> {
        values_as_of(part, day, unit, &request.clv, kind?)
    };
    let as_of: ClvAsOf = &as_of;
    let req = &request.clusters;
    match clusters::analyze(tx, summaries, analysis_day, clv.as_deref(), req, as_of) {
        Ok(outcome) => {
            for (row, &label) in analysis.customers.iter_mut().zip(&outcome.labels) {
                let profile = &outcome.clusters[label];
                row.cluster = Some(profile.code.clone());
                row.cluster_name = Some(profile.name.clone());
            }
            let names: Vec<String> = outcome
                .clusters
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            let label = |row: &CustomerRow| {
                let code = row.cluster.as_deref()?;
                outcome.clusters.iter().position(|c| c.code == code)
            };
            let groups = group_of(tx, summaries, &analysis.customers, label);
            let r = &mut analysis.report;
            r.performance_by_cluster = Some(by_group(tx, &names, &groups));
            r.kmeans = Some(outcome.kmeans);
            r.clusters = Some(outcome.clusters);
            r.cluster_map = outcome.map;
            r.classifier = outcome.classifier;
            match outcome.migration {
                Ok(m) => r.migration = Some(m),
                Err(e) => r.migration_error = Some(e),
            }
        }
        Err(message) => analysis.report.cluster_error = Some(message),
    }
}

/// The group of every customer code, from a group of each customer row.
fn group_of(
    tx: &Transactions,
    summaries: &[CustomerSummary],
    rows: &[CustomerRow],
    group: impl Fn(&CustomerRow) -> Option<usize>,
) -> Vec<Option<usize>> {
    let mut out = vec![None; tx.customers.len()];
    for (summary, row) in summaries.iter().zip(rows) {
        out[summary.code as usize] = group(row);
    }
    out
}

/// Recency, frequency, monetary, their scores and the segment of every customer.
fn score(summaries: &[CustomerSummary], repeat: &[Rft], analysis_day: i64) -> Vec<CustomerRow> {
    let recency: Vec<f64> = summaries
        .iter()
        .map(|c| (analysis_day - c.last_day) as f64)
        .collect();
    let frequency: Vec<f64> = summaries.iter().map(|c| f64::from(c.orders)).collect();
    let monetary: Vec<f64> = summaries.iter().map(|c| c.revenue).collect();
    let (r, f, m) = (
        quintile_scores(&recency, false),
        quintile_scores(&frequency, true),
        quintile_scores(&monetary, true),
    );
    summaries
        .iter()
        .enumerate()
        .map(|(i, c)| CustomerRow {
            id: c.id.clone(),
            first_purchase: iso_date(c.first_day),
            last_purchase: iso_date(c.last_day),
            recency: analysis_day - c.last_day,
            frequency: c.orders,
            monetary: c.revenue,
            r: r[i],
            f: f[i],
            m: m[i],
            segment: Segment::of(r[i], f[i]),
            summary_frequency: repeat[c.code as usize].frequency,
            summary_recency: repeat[c.code as usize].recency,
            summary_t: repeat[c.code as usize].t,
            summary_monetary_value: repeat[c.code as usize].monetary,
            p_alive: None,
            expected_purchases: None,
            expected_spend: None,
            clv: None,
            clv_low: None,
            clv_high: None,
            clv_tier: None,
            cluster: None,
            cluster_name: None,
            recommended_products: None,
            sponsor: None,
            direct_referrals: None,
            downline_size: None,
        })
        .collect()
}

/// Customers, mean and summed CLV of each RFM segment with customers.
fn clv_by_segment(customers: &[CustomerRow]) -> Vec<SegmentValue> {
    Segment::ALL
        .iter()
        .filter_map(|&segment| {
            let values: Vec<f64> = customers
                .iter()
                .filter(|c| c.segment == segment)
                .filter_map(|c| c.clv)
                .collect();
            let total: f64 = values.iter().sum();
            (!values.is_empty()).then(|| SegmentValue {
                name: segment.name().to_string(),
                customers: values.len() as u64,
                mean_clv: total / values.len() as f64,
                total_clv: total,
            })
        })
        .collect()
}

fn rfm_report(customers: &[CustomerRow]) -> RfmReport {
    let total_revenue: f64 = customers.iter().map(|c| c.monetary).sum();
    let mut grid = vec![vec![0u64; 5]; 5];
    for c in customers {
        grid[usize::from(c.r - 1)][usize::from(c.f - 1)] += 1;
    }
    let summary: Vec<SegmentSummary> = Segment::ALL
        .iter()
        .map(|&segment| {
            let members: Vec<&CustomerRow> =
                customers.iter().filter(|c| c.segment == segment).collect();
            let n = members.len() as f64;
            let mean = |f: &dyn Fn(&CustomerRow) -> f64| {
                if members.is_empty() {
                    0.0
                } else {
                    members.iter().map(|c| f(c)).sum::<f64>() / n
                }
            };
            let revenue: f64 = members.iter().map(|c| c.monetary).sum();
            SegmentSummary {
                segment,
                name: segment.name().to_string(),
                customers: members.len() as u64,
                revenue_share: if total_revenue > 0.0 {
                    revenue / total_revenue
                } else {
                    0.0
                },
                mean_recency: mean(&|c| c.recency as f64),
                mean_frequency: mean(&|c| f64::from(c.frequency)),
                mean_monetary: mean(&|c| c.monetary),
                action: segment.action().to_string(),
            }
        })
        .collect();
    let segments = summary
        .iter()
        .filter(|s| s.customers > 0)
        .map(|s| (s.name.clone(), s.customers))
        .collect();
    RfmReport {
        segments,
        summary,
        grid,
    }
}

/// `Some` for a finite number: a prediction that could not be computed is absent, never NaN.
pub(crate) fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
