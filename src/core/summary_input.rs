//! The analysis of a repeat-purchase summary file (`customer_id, frequency, recency, T,
//! monetary_value`): its row account and the lifetime-value models, the only parts a summary supports.
//! The report's transaction parts (KPIs, segments, the management view, cohorts) are those of no
//! transactions, and `Report::input` says the file was a summary, so readers show the models alone.

use std::io::Read;

use crate::core::clv::analysis::analyze_summaries;
use crate::core::clv::summary_file::{self, SummaryFile};
use crate::core::cohorts::cohorts;
use crate::core::histogram::Histogram;
use crate::core::ingest::{
    sniff_delimiter, AmountSource, ByteSource, ColumnInfo, DateOrder, Delimiter, Encoding,
    IngestError, SourceInfo,
};
use crate::core::kpi::kpis;
use crate::core::performance::performance;
use crate::core::pipeline::{
    finite, Analysis, CoreError, CustomerRow, Input, Report, Request, RfmReport, Settings, Stage,
};
use crate::core::rfm::Segment;
use crate::core::transactions::Transactions;

/// Bytes read to tell a summary from transactions.
const HEAD: u64 = 4096;

/// True when `bytes` start with a summary's header (frequency, recency and T).
pub fn is_summary(bytes: &(impl ByteSource + ?Sized)) -> Result<bool, CoreError> {
    let mut head = Vec::new();
    bytes
        .open()
        .and_then(|r| r.take(HEAD).read_to_end(&mut head))
        .map_err(|e| IngestError::Unreadable(e.to_string()))?;
    Ok(summary_file::starts_as_summary(&head))
}

/// Reads the summary in `bytes` and fits the lifetime-value models on it.
pub fn run_summary(
    bytes: &(impl ByteSource + ?Sized),
    request: &Request,
    progress: &mut dyn FnMut(Stage, f64),
) -> Result<Analysis, CoreError> {
    progress(Stage::Reading, 0.0);
    let mut all = Vec::new();
    bytes
        .open()
        .and_then(|mut r| r.read_to_end(&mut all))
        .map_err(|e| IngestError::Unreadable(e.to_string()))?;
    let file = summary_file::read(&all)?;
    progress(Stage::Models, 0.0);
    let mut clv = request.clv.clone();
    let unvalued = !file.has_monetary && clv.spend_per_purchase.is_none();
    if unvalued {
        clv.spend_per_purchase = Some(1.0);
    }
    let tx = Transactions::default();
    let mut report = Report {
        input: Input::Summary,
        source: source(&all, &file),
        rows: file.rows.clone(),
        customers: file.ids.len(),
        kpi: kpis(&tx, &file.rows),
        rfm: RfmReport {
            segments: Default::default(),
            summary: Vec::new(),
            grid: Vec::new(),
        },
        spend: Histogram::log_spaced(&[], 24),
        performance: performance(&tx),
        performance_by_segment: Vec::new(),
        performance_by_cluster: None,
        cohorts: cohorts(&tx),
        settings: Settings {
            analysis_date: String::new(),
            period_start: None,
            time_unit: request.time_unit,
        },
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
        cluster_error: Some(NOT_IN_A_SUMMARY.into()),
        itemsets: None,
        rules: None,
        baskets: None,
        basket_error: Some(NOT_IN_A_SUMMARY.into()),
        network: None,
        network_error: None,
    };
    let mut customers: Vec<CustomerRow> = file
        .ids
        .iter()
        .zip(&file.histories)
        .map(|(id, h)| row(id, h))
        .collect();
    if !request.clv.enabled {
        report.clv_error = Some("Lifetime value was switched off for this run.".into());
        return Ok(Analysis { report, customers });
    }
    match analyze_summaries(&file.histories, request.time_unit.days(), &clv) {
        Ok(outcome) => {
            for (row, v) in customers.iter_mut().zip(&outcome.customers) {
                row.p_alive = finite(v.p_alive);
                row.expected_purchases = finite(v.expected_purchases);
                row.expected_spend = finite(v.expected_spend);
                row.clv = finite(v.clv);
                row.clv_low = finite(v.clv_low);
                row.clv_high = finite(v.clv_high);
                row.clv_tier = Some(v.tier.to_string());
            }
            let mut c = outcome.report;
            if unvalued {
                c.warnings.push("The summary has no monetary_value column, so each purchase is valued at 1: lifetime value counts discounted purchases. Give a spend per purchase to value them.".into());
            }
            report.clv = Some(c);
        }
        Err(message) => report.clv_error = Some(message),
    }
    progress(Stage::Models, 1.0);
    Ok(Analysis { report, customers })
}

/// Why a summary has no baskets or clusters.
const NOT_IN_A_SUMMARY: &str = "A repeat-purchase summary has no orders or items: market baskets and behavioural clusters need a file of transactions.";

/// How the summary was read: its columns with their first values.
fn source(bytes: &[u8], file: &SummaryFile) -> SourceInfo {
    let delimiter = sniff_delimiter(bytes).unwrap_or(Delimiter::Byte(b','));
    let samples = |i: usize| -> Vec<String> {
        let first: Vec<f64> = file
            .histories
            .iter()
            .take(3)
            .map(|h| match i {
                1 => f64::from(h.frequency),
                2 => h.recency,
                3 => h.t,
                _ => h.monetary,
            })
            .collect();
        first.iter().map(f64::to_string).collect()
    };
    let columns = file
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| ColumnInfo {
            name: name.clone(),
            role: None,
            samples: if i == 0 {
                file.ids.iter().take(3).cloned().collect()
            } else {
                samples(i)
            },
        })
        .collect();
    SourceInfo {
        encoding: Encoding::Utf8,
        delimiter,
        has_header: true,
        columns,
        date_order: DateOrder::Auto,
        amount_source: if file.has_monetary {
            AmountSource::Column
        } else {
            AmountSource::Lines
        },
    }
}

/// A customer row of the summary: the id and the summary; no purchases, scores or segment of its own
/// (the segment is a placeholder no reader of a summary's report shows).
fn row(id: &str, h: &crate::core::clv::summary::Rft) -> CustomerRow {
    CustomerRow {
        id: id.to_string(),
        first_purchase: String::new(),
        last_purchase: String::new(),
        recency: 0,
        frequency: h.frequency + 1,
        monetary: 0.0,
        r: 0,
        f: 0,
        m: 0,
        segment: Segment::Hibernating,
        summary_frequency: h.frequency,
        summary_recency: h.recency,
        summary_t: h.t,
        summary_monetary_value: h.monetary,
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
    }
}
