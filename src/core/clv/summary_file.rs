//! A repeat-purchase summary read from a file, in the form every peer library writes it —
//! `customer_id, frequency, recency, T, monetary_value` — so summaries computed elsewhere feed the same
//! models. Every row is used or set aside by reason, with the first rows of each reason.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::summary::Rft;
use crate::core::ingest::{normalize_name, sniff_delimiter, Delimiter};

/// Why a history cannot be used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, thiserror::Error,
)]
pub enum HistoryProblem {
    /// A value is empty or not a number.
    #[error("a value is missing or not a number")]
    Missing,
    /// Frequency below zero or not whole.
    #[error("frequency is not a whole number of 0 or more")]
    Frequency,
    /// Recency or T below zero.
    #[error("recency or T is below zero")]
    Negative,
    /// The last purchase after the end of observation.
    #[error("recency is above T")]
    RecencyAboveAge,
    /// A recency without repeat purchases.
    #[error("recency is above 0 with a frequency of 0")]
    RecencyWithoutRepeat,
    /// Mean spend below zero.
    #[error("monetary_value is below zero")]
    NegativeSpend,
}

/// Checks one history given as numbers (`monetary` of 0 when unknown).
pub fn history(frequency: f64, recency: f64, t: f64, monetary: f64) -> Result<Rft, HistoryProblem> {
    if ![frequency, recency, t, monetary]
        .iter()
        .all(|v| v.is_finite())
    {
        return Err(HistoryProblem::Missing);
    }
    if frequency < 0.0 || frequency.fract() != 0.0 || frequency > f64::from(u32::MAX) {
        return Err(HistoryProblem::Frequency);
    }
    if recency < 0.0 || t < 0.0 {
        return Err(HistoryProblem::Negative);
    }
    if recency > t {
        return Err(HistoryProblem::RecencyAboveAge);
    }
    if frequency == 0.0 && recency > 0.0 {
        return Err(HistoryProblem::RecencyWithoutRepeat);
    }
    if monetary < 0.0 {
        return Err(HistoryProblem::NegativeSpend);
    }
    Ok(Rft {
        frequency: frequency as u32,
        recency,
        t,
        monetary,
    })
}

/// Rows set aside for one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAsideRows {
    /// The reason.
    pub reason: HistoryProblem,
    /// How many rows.
    pub rows: u64,
    /// The first few row numbers (1-based, the header being row 1).
    pub examples: Vec<u64>,
}

/// What became of every row of a summary file: read = used + set aside.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryAccount {
    /// Data rows read.
    pub read: u64,
    /// Rows used.
    pub used: u64,
    /// Rows set aside, by reason.
    pub set_aside: Vec<SetAsideRows>,
}

/// A summary file read.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryFile {
    /// Each used row's customer id (its row number when the file has no id column).
    pub ids: Vec<String>,
    /// Each used row's history.
    pub histories: Vec<Rft>,
    /// Whether the file has a monetary_value column.
    pub has_monetary: bool,
    /// The row account.
    pub account: SummaryAccount,
}

/// Why a file cannot be read as a summary.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SummaryError {
    /// A required column is absent.
    #[error("A summary file needs a {0} column (its header: {1}); the columns are customer_id, frequency, recency, T and monetary_value, as lifetimes writes them.")]
    MissingColumn(&'static str, String),
    /// The CSV is malformed.
    #[error("Row {row} of the summary file cannot be read: {message}")]
    Csv {
        /// The row (1-based).
        row: u64,
        /// What is wrong.
        message: String,
    },
}

/// Header names of each column, normalised (lower-case letters and digits).
const NAMES: [(&str, &[&str]); 5] = [
    (
        "customer_id",
        &["customerid", "id", "customer", "custid", "clientid"],
    ),
    ("frequency", &["frequency", "frequencycal", "x"]),
    ("recency", &["recency", "recencycal", "tx"]),
    ("T", &["t", "tcal", "age"]),
    (
        "monetary_value",
        &["monetaryvalue", "monetary", "meanspend", "m"],
    ),
];

/// The position of each of the five columns in `header`.
fn columns(header: &[&str]) -> [Option<usize>; 5] {
    let names: Vec<String> = header.iter().map(|h| normalize_name(h)).collect();
    NAMES.map(|(_, aliases)| names.iter().position(|n| aliases.contains(&n.as_str())))
}

/// True when `header` names frequency, recency and T: the file is a summary, not transactions.
pub fn is_summary_header(header: &[&str]) -> bool {
    let c = columns(header);
    c[1].is_some() && c[2].is_some() && c[3].is_some()
}

/// How many row numbers each reason keeps as examples.
const EXAMPLES: usize = 5;

/// Reads a summary file (comma, semicolon, tab or pipe separated, with a header).
pub fn read(bytes: &[u8]) -> Result<SummaryFile, SummaryError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = match sniff_delimiter(text) {
        Some(Delimiter::Byte(b)) => b,
        _ => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text);
    let csv_error = |row: u64, e: csv::Error| SummaryError::Csv {
        row,
        message: e.to_string(),
    };
    let header = reader.headers().map_err(|e| csv_error(1, e))?.clone();
    let names: Vec<&str> = header.iter().collect();
    let at = columns(&names);
    for (i, (name, _)) in NAMES.iter().enumerate().skip(1).take(3) {
        if at[i].is_none() {
            return Err(SummaryError::MissingColumn(name, names.join(", ")));
        }
    }
    let mut file = SummaryFile {
        ids: Vec::new(),
        histories: Vec::new(),
        has_monetary: at[4].is_some(),
        account: SummaryAccount::default(),
    };
    let mut aside: BTreeMap<HistoryProblem, (u64, Vec<u64>)> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = record.map_err(|e| csv_error(row, e))?;
        file.account.read += 1;
        let number = |c: Option<usize>, default: f64| match c {
            None => default,
            Some(c) => record
                .get(c)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .unwrap_or(f64::NAN),
        };
        let parsed = history(
            number(at[1], f64::NAN),
            number(at[2], f64::NAN),
            number(at[3], f64::NAN),
            number(at[4], 0.0),
        );
        match parsed {
            Ok(h) => {
                let id = at[0]
                    .and_then(|c| record.get(c))
                    .map_or_else(|| row.to_string(), |v| v.trim().to_string());
                file.ids.push(id);
                file.histories.push(h);
                file.account.used += 1;
            }
            Err(reason) => {
                let entry = aside.entry(reason).or_default();
                entry.0 += 1;
                if entry.1.len() < EXAMPLES {
                    entry.1.push(row);
                }
            }
        }
    }
    file.account.set_aside = aside
        .into_iter()
        .map(|(reason, (rows, examples))| SetAsideRows {
            reason,
            rows,
            examples,
        })
        .collect();
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_summary_and_sets_aside_bad_rows_by_reason() {
        let text = "customer_id,frequency,recency,T,monetary_value\n\
                    a,2,30.5,38,20\nb,0,0,12,0\nc,-1,0,5,0\nd,1.5,2,5,1\ne,1,9,5,1\nf,0,3,5,0\ng,,1,2,3\nh,1,1,2,-4\n";
        let f = read(text.as_bytes()).unwrap();
        assert_eq!(f.ids, ["a", "b"]);
        assert_eq!(f.histories[0].recency, 30.5);
        assert_eq!((f.account.read, f.account.used), (8, 2));
        let by: Vec<(HistoryProblem, u64, Vec<u64>)> = f
            .account
            .set_aside
            .iter()
            .map(|s| (s.reason, s.rows, s.examples.clone()))
            .collect();
        assert_eq!(
            by,
            [
                (HistoryProblem::Missing, 1, vec![8]),
                (HistoryProblem::Frequency, 2, vec![4, 5]),
                (HistoryProblem::RecencyAboveAge, 1, vec![6]),
                (HistoryProblem::RecencyWithoutRepeat, 1, vec![7]),
                (HistoryProblem::NegativeSpend, 1, vec![9]),
            ]
        );
        assert!(matches!(
            read(b"id,frequency,T\n1,2,3\n"),
            Err(SummaryError::MissingColumn("recency", _))
        ));
        assert!(is_summary_header(&["ID", "Frequency", "Recency", "T"]));
        assert!(!is_summary_header(&["Customer", "Date", "Amount"]));
    }
}
