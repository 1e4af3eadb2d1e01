//! A repeat-purchase summary read from a file, in the form every peer library writes it —
//! `customer_id, frequency, recency, T, monetary_value` — so summaries computed elsewhere feed the same
//! models. Every row is used or set aside by reason in the same row account as a transaction file's, with
//! the first rows of each reason and the column at fault.

use serde::{Deserialize, Serialize};

use super::summary::Rft;
use crate::core::ingest::{sniff_delimiter, Delimiter, RowAccount, SetAside};
use crate::core::table::normalize_name;

/// Why a history cannot be used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, thiserror::Error,
)]
pub enum HistoryProblem {
    /// A value is empty or not a number.
    #[error("a value is missing or not a number")]
    Missing,
    /// Frequency below zero, not whole, or above [`MAX_FREQUENCY`].
    #[error("frequency is not a whole number from 0 to 100,000")]
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

impl HistoryProblem {
    /// The reason of the row account, and the column at fault.
    fn set_aside(self) -> (SetAside, &'static str) {
        match self {
            HistoryProblem::Missing => (SetAside::UnparseableNumber, "frequency"),
            HistoryProblem::Frequency => (SetAside::BadFrequency, "frequency"),
            HistoryProblem::Negative => (SetAside::NegativeTime, "recency"),
            HistoryProblem::RecencyAboveAge => (SetAside::RecencyAboveAge, "recency"),
            HistoryProblem::RecencyWithoutRepeat => (SetAside::RecencyWithoutRepeat, "recency"),
            HistoryProblem::NegativeSpend => (SetAside::NegativeSpend, "monetary_value"),
        }
    }
}

/// The most repeat purchases a history may have (the models' tables grow with it).
pub const MAX_FREQUENCY: f64 = 100_000.0;

/// Checks one history given as numbers (`monetary` of 0 when unknown).
pub fn history(frequency: f64, recency: f64, t: f64, monetary: f64) -> Result<Rft, HistoryProblem> {
    if ![frequency, recency, t, monetary]
        .iter()
        .all(|v| v.is_finite())
    {
        return Err(HistoryProblem::Missing);
    }
    if frequency < 0.0 || frequency.fract() != 0.0 || frequency > MAX_FREQUENCY {
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

/// A summary file read.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryFile {
    /// Each used row's customer id (its row number when the file has no id column).
    pub ids: Vec<String>,
    /// Each used row's history.
    pub histories: Vec<Rft>,
    /// Whether the file has a monetary_value column.
    pub has_monetary: bool,
    /// The header's columns.
    pub columns: Vec<String>,
    /// The row account.
    pub rows: RowAccount,
}

/// Why a file cannot be read as a summary.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum SummaryError {
    /// A required column is absent.
    #[error("A summary file needs a {0} column (its header: {1}); the columns are customer_id, frequency, recency, T and monetary_value, as lifetimes writes them.")]
    MissingColumn(String, String),
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

/// True when the first line of `head` (the first bytes of a file) names frequency, recency and T.
pub fn starts_as_summary(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(first);
    let cells: Vec<&str> = text
        .split([',', ';', '\t', '|'])
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    is_summary_header(&cells)
}

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
            return Err(SummaryError::MissingColumn(
                name.to_string(),
                names.join(", "),
            ));
        }
    }
    let mut file = SummaryFile {
        ids: Vec::new(),
        histories: Vec::new(),
        has_monetary: at[4].is_some(),
        columns: names.iter().map(|n| n.to_string()).collect(),
        rows: RowAccount::default(),
    };
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| csv_error(line, e))?;
        let rows = &mut file.rows;
        rows.read += 1;
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        let mut values = [f64::NAN, f64::NAN, f64::NAN, 0.0];
        let mut unreadable = None;
        for (k, column) in at[1..].iter().enumerate() {
            if let Some(c) = *column {
                match cell(c).parse::<f64>() {
                    Ok(v) if v.is_finite() => values[k] = v,
                    _ => unreadable = unreadable.or(Some(c)),
                }
            }
        }
        if let Some(c) = unreadable {
            rows.set_aside(
                SetAside::UnparseableNumber,
                line,
                Some(names[c]),
                Some(cell(c)),
            );
            continue;
        }
        match history(values[0], values[1], values[2], values[3]) {
            Ok(h) => {
                let id = at[0].map_or_else(|| line.to_string(), |c| cell(c).to_string());
                file.ids.push(id);
                file.histories.push(h);
                rows.used += 1;
                rows.lines += 1;
            }
            Err(problem) => {
                let (reason, column) = problem.set_aside();
                let c = at[NAMES.iter().position(|n| n.0 == column).unwrap_or(1)];
                let text = c.map(cell);
                rows.set_aside(reason, line, c.map(|c| names[c]), text);
            }
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_summary_and_sets_aside_bad_rows_by_reason() {
        let text = "customer_id,frequency,recency,T,monetary_value\n\
                    a,2,30.5,38,20\nb,0,0,12,0\nc,4000000000,0,5,0\nd,1.5,2,5,1\ne,1,9,5,1\nf,0,3,5,0\ng,,1,2,3\nh,1,1,2,-4\n";
        let f = read(text.as_bytes()).unwrap();
        assert_eq!(f.ids, ["a", "b"]);
        assert_eq!(f.histories[0].recency, 30.5);
        let rows = &f.rows;
        assert_eq!((rows.read, rows.used), (8, 2));
        assert!(rows.balances());
        type Examples = Vec<(u64, Option<String>)>;
        let by: Vec<(SetAside, u64, Examples)> = rows
            .set_aside
            .iter()
            .map(|(reason, n)| {
                let examples = rows.examples[reason]
                    .iter()
                    .map(|e| (e.line, e.column.clone()))
                    .collect();
                (*reason, *n, examples)
            })
            .collect();
        let col = |c: &str| Some(c.to_string());
        assert_eq!(
            by,
            [
                (SetAside::UnparseableNumber, 1, vec![(8, col("frequency"))]),
                (
                    SetAside::BadFrequency,
                    2,
                    vec![(4, col("frequency")), (5, col("frequency"))]
                ),
                (SetAside::RecencyAboveAge, 1, vec![(6, col("recency"))]),
                (SetAside::RecencyWithoutRepeat, 1, vec![(7, col("recency"))]),
                (SetAside::NegativeSpend, 1, vec![(9, col("monetary_value"))]),
            ]
        );
        assert!(starts_as_summary(
            b"\xEF\xBB\xBFID,frequency,recency,T\n1,2,3,4\n"
        ));
        assert!(!starts_as_summary(b"Customer,Date,Amount\n"));
        assert!(matches!(
            read(b"id,frequency,T\n1,2,3\n"),
            Err(SummaryError::MissingColumn(c, _)) if c == "recency"
        ));
        assert!(is_summary_header(&["ID", "Frequency", "Recency", "T"]));
        assert!(!is_summary_header(&["Customer", "Date", "Amount"]));
    }
}
