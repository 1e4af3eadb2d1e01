//! The analysis of a repeat-purchase summary file (`customer_id, frequency, recency, T,
//! monetary_value`): its row account and the lifetime-value models, the only parts a summary supports.
//! The report's transaction parts (KPIs, segments, the management view, cohorts) are those of no
//! transactions, and `Report::input` says the file was a summary, so readers show the models alone.

use std::io::Read;

use super::{CoreError, Request, Stage};
use crate::core::checked::Checked;
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
use crate::core::report::customer_row::CustomerRow;
use crate::core::report::rfm::RfmReport;
use crate::core::report::{Analysis, Input, Report, Section, Settings};
use crate::core::settings;
use crate::core::table::Transactions;

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
    request: Checked<Request>,
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
        cohorts: cohorts(&tx),
        settings: Settings {
            analysis_date: String::new(),
            period_start: None,
            time_unit: request.time_unit,
            seed: request.seed,
        },
        clv: Section::starting(request.clv.enabled),
        clusters: Section::Off,
        baskets: Section::Off,
        network: Section::Off,
    };
    let mut customers: Vec<CustomerRow> = file
        .ids
        .iter()
        .zip(&file.histories)
        .map(|(id, h)| CustomerRow::unscored(id, h))
        .collect();
    if !request.clv.enabled {
        return Ok(Analysis { report, customers });
    }
    let outcome = analyze_summaries(
        &file.histories,
        request.time_unit.days(),
        settings::check_clv(&clv)?,
        request.seed,
    );
    report.clv = outcome
        .map(|outcome| {
            for (row, v) in customers.iter_mut().zip(&outcome.customers) {
                row.set_value(v);
            }
            let mut c = outcome.report;
            if unvalued {
                c.warnings.push(UNVALUED.into());
            }
            c
        })
        .into();
    progress(Stage::Models, 1.0);
    Ok(Analysis { report, customers })
}

/// The warning of a summary without spend.
const UNVALUED: &str = "The summary has no monetary_value column, so each purchase is valued at 1: lifetime value counts discounted purchases. Give a spend per purchase to value them.";

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
        orders_only: false,
    }
}
