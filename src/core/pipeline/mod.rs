//! The one-way flow: bytes -> transactions + account -> customers -> RFM -> report. Shared by the browser
//! worker, the native command and the tests.

mod summary;

pub use crate::core::settings::Request;

use serde::{Deserialize, Serialize};

use crate::core::basket::{self, BasketError, BasketOutcome};
use crate::core::checked::Checked;
use crate::core::clusters::features::Earlier;
use crate::core::clusters::{self, ClusterRequest, PeriodValues};
use crate::core::clv;
use crate::core::clv::analysis::{analyze, values_as_of, ClvRequest};
use crate::core::clv::summary_file::SummaryError;
use crate::core::cohorts::cohorts;
use crate::core::customers::{summarize, CustomerSummary};
use crate::core::histogram::Histogram;
use crate::core::ingest::{self, ByteSource, IngestError, ReadOptions, Unmapped};
use crate::core::kpi::kpis;
use crate::core::network;
use crate::core::parallel;
use crate::core::performance::{by_group, performance};
use crate::core::report::customer_row::{clv_by_segment, scored, CustomerRow};
use crate::core::report::rfm::rfm_report;
use crate::core::report::{Analysis, Input, Report, Section, Settings};
use crate::core::rfm::Segment;
use crate::core::seed::Seed;
use crate::core::settings::{self, SettingError};
use crate::core::table::{iso_date, Day, Transactions};
use summary::{is_summary, run_summary};

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

impl CoreError {
    /// The columns to map, when the file's date or customer column was not recognised.
    pub fn unmapped(&self) -> Option<&Unmapped> {
        match self {
            CoreError::Ingest(e) => e.unmapped(),
            _ => None,
        }
    }
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
    run_keeping_table(bytes, request, progress, first_results).map(|(analysis, _)| analysis)
}

/// [`run_staged`], also giving back the transaction table the analysis read (none for a summary file),
/// for a caller that answers questions about single customers afterwards.
pub fn run_keeping_table(
    bytes: &(impl ByteSource + ?Sized),
    request: &Request,
    progress: &mut dyn FnMut(Stage, f64),
    first_results: &mut dyn FnMut(&Analysis),
) -> Result<(Analysis, Option<Transactions>), CoreError> {
    let checked = settings::check(request)?;
    if request.summary || is_summary(bytes)? {
        return run_summary(bytes, checked, progress).map(|analysis| (analysis, None));
    }
    progress(Stage::Reading, 0.0);
    let until_day = request.analysis_date.map(Day::number);
    let from_day = request.period_start.map(Day::number);
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
    // The repeat-purchase summaries beside the key figures, the management view and the cohorts.
    let (repeat, (kpi, performance, cohorts)) = parallel::join(
        || {
            let unit = request.time_unit.days();
            clv::summary::summarize(tx, analysis_day, unit, request.clv.period)
        },
        || (kpis(tx, &ingested.account), performance(tx), cohorts(tx)),
    );
    let customers = scored(&summaries, &repeat, analysis_day);
    // Without customers, the customer-level models have nothing to stand on.
    let by_customer = !ingested.source.orders_only;
    let clv_req = checked.clv().filter(|_| by_customer);
    let cluster_req = checked.clusters().filter(|_| by_customer);
    let basket_req = checked.basket();
    let report = Report {
        input: Input::Transactions,
        kpi,
        performance,
        performance_by_segment: Vec::new(),
        cohorts,
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
            seed: request.seed,
        },
        clv: Section::starting(clv_req.is_some()),
        clusters: Section::starting(cluster_req.is_some()),
        baskets: Section::starting(basket_req.is_some()),
        network: Section::starting(by_customer),
    };
    let mut analysis = Analysis { report, customers };
    let names: Vec<String> = Segment::ALL.iter().map(|s| s.name().to_string()).collect();
    let segment_of = |row: &CustomerRow| Segment::ALL.iter().position(|s| *s == row.segment);
    analysis.report.performance_by_segment = by_group(
        tx,
        &names,
        &group_of(tx, &summaries, &analysis.customers, segment_of),
    );
    if by_customer {
        add_network(&mut analysis, tx, &summaries);
    }
    if basket_req.is_some() || clv_req.is_some() || cluster_req.is_some() {
        first_results(&analysis);
    }
    let (unit, seed) = (request.time_unit.days(), request.seed);
    let models = |analysis: &mut Analysis,
                  progress: &mut dyn FnMut(Stage, f64),
                  first_results: &mut dyn FnMut(&Analysis)| {
        if let Some(req) = clv_req {
            progress(Stage::Models, 0.0);
            add_clv(analysis, tx, &summaries, (analysis_day, unit), req, seed);
            progress(Stage::Models, 1.0);
        }
        if let Some(req) = cluster_req {
            // Show the rules and lifetime value while the clusters are found.
            first_results(analysis);
            progress(Stage::Clusters, 0.0);
            let clv = checked.clv();
            add_clusters(
                analysis,
                tx,
                &summaries,
                (analysis_day, unit),
                req,
                clv,
                seed,
            );
            progress(Stage::Clusters, 1.0);
        }
    };
    // Natively the baskets are mined on a thread of their own while the lifetime value and the clusters
    // are found (neither reads them); in the browser's worker first, so the page shows them first.
    #[cfg(not(target_arch = "wasm32"))]
    {
        let baskets = std::thread::scope(|s| {
            let mining =
                s.spawn(|| basket_req.map(|req| basket::analyze(tx, req, seed, &mut |_| {})));
            models(&mut analysis, progress, first_results);
            mining
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        if let Some(outcome) = baskets {
            add_baskets(&mut analysis, &summaries, outcome);
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(req) = basket_req {
            progress(Stage::Baskets, 0.0);
            let outcome = basket::analyze(tx, req, seed, &mut |f| progress(Stage::Baskets, f));
            add_baskets(&mut analysis, &summaries, outcome);
        }
        models(&mut analysis, progress, first_results);
    }
    Ok((analysis, Some(ingested.transactions)))
}

/// Builds the referral network and adds each customer's sponsor, recruits and downline.
fn add_network(analysis: &mut Analysis, tx: &Transactions, summaries: &[CustomerSummary]) {
    let outcome = network::analyze(tx, summaries).map(|outcome| {
        for (row, place) in analysis.customers.iter_mut().zip(outcome.customers) {
            row.sponsor = place.sponsor;
            row.direct_referrals = Some(place.direct);
            row.downline_size = Some(place.downline);
        }
        outcome.network
    });
    analysis.report.network = outcome.into();
}

/// Adds the rules and bundles of the baskets mined, and each customer's offers.
fn add_baskets(
    analysis: &mut Analysis,
    summaries: &[CustomerSummary],
    outcome: Result<BasketOutcome, BasketError>,
) {
    let outcome = outcome.map(|outcome| {
        for (row, summary) in analysis.customers.iter_mut().zip(summaries) {
            let offers = &outcome.offers[summary.code as usize];
            row.recommended_products = Some(offers.join("; "));
        }
        outcome.report
    });
    analysis.report.baskets = outcome.into();
}

/// Fits the lifetime-value models and adds their report and each customer's values; `at` is the
/// analysis day and the time unit in days.
fn add_clv(
    analysis: &mut Analysis,
    tx: &Transactions,
    summaries: &[CustomerSummary],
    (analysis_day, unit): (i64, f64),
    request: Checked<ClvRequest>,
    seed: Seed,
) {
    let outcome = analyze(tx, analysis_day, unit, request, seed).map(|outcome| {
        for (row, summary) in analysis.customers.iter_mut().zip(summaries) {
            row.set_value(&outcome.customers[summary.code as usize]);
        }
        let mut clv = outcome.report;
        clv.by_segment = clv_by_segment(&analysis.customers);
        clv
    });
    analysis.report.clv = outcome.into();
}

/// Clusters the customers (on their CLV too when there is one, valued by `clv`'s settings) and adds the
/// report and each customer's cluster; `at` is the analysis day and the time unit in days.
fn add_clusters(
    analysis: &mut Analysis,
    tx: &Transactions,
    summaries: &[CustomerSummary],
    (analysis_day, unit): (i64, f64),
    req: Checked<ClusterRequest>,
    clv: Option<Checked<ClvRequest>>,
    seed: Seed,
) {
    let values: Option<Vec<f64>> = analysis.customers.iter().map(|c| c.clv).collect();
    let referrals: Option<Vec<f64>> = analysis
        .customers
        .iter()
        .map(|c| c.direct_referrals.map(f64::from))
        .collect();
    let earlier = Earlier {
        clv: values.as_deref(),
        referrals: referrals.as_deref(),
    };
    // A migration period's CLV: the model in use, fitted on that period alone; its referrals: the
    // network of that period.
    let kind = analysis.report.clv.done().map(|c| c.model);
    let clv_of = |part: &Transactions, day: i64| values_as_of(part, day, unit, clv?, kind?);
    let referrals_of = |part: &Transactions, customers: &[CustomerSummary]| {
        let outcome = network::analyze(part, customers).ok()?;
        Some(
            outcome
                .customers
                .iter()
                .map(|c| f64::from(c.direct))
                .collect(),
        )
    };
    let periods = PeriodValues {
        clv: &clv_of,
        referrals: &referrals_of,
    };
    let outcome = clusters::analyze(tx, summaries, analysis_day, earlier, req, periods, seed);
    let outcome = outcome.map(|outcome| {
        let mut report = outcome.report;
        for (row, &label) in analysis.customers.iter_mut().zip(&outcome.labels) {
            let profile = &report.profiles[label];
            row.cluster = Some(profile.code.clone());
            row.cluster_name = Some(profile.name.clone());
        }
        let names: Vec<String> = report
            .profiles
            .iter()
            .map(|c| format!("{} {}", c.code, c.name))
            .collect();
        let label = |row: &CustomerRow| {
            let code = row.cluster.as_deref()?;
            report.profiles.iter().position(|c| c.code == code)
        };
        let groups = group_of(tx, summaries, &analysis.customers, label);
        report.performance = by_group(tx, &names, &groups);
        report
    });
    analysis.report.clusters = outcome.into();
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
