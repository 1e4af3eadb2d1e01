//! The row account: every row read is either used or set aside for one named reason, with examples.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The largest magnitude a number or line amount may have: no purchase comes near it, while products
/// of values above it (1e20 x 1e308) overflow to infinity and sums of them lose every smaller value.
pub const MAX_VALUE: f64 = 1e15;

/// Why a row was not used. Each row that is set aside gets the first reason that applies, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetAside {
    /// Fewer fields than the columns the analysis reads.
    MalformedRow,
    /// The customer id cell is empty or a missing-value marker.
    MissingCustomerId,
    /// The date cell is not a date in any supported form, or not one under the chosen day/month order.
    UnparseableDate,
    /// A number cell (amount, quantity, price, profit, …) is not a number.
    UnparseableNumber,
    /// An invoice `C` + digits, or a negative quantity.
    Cancellation,
    /// A unit price of zero or less, or a negative line amount.
    NonPositivePrice,
    /// A number, or the line amount made from them, beyond ±10^15 ([`MAX_VALUE`]).
    OutOfRange,
    /// A basket cell that is not JSON of products and quantities.
    BadBasket,
    /// An exact copy of an earlier used row of the same invoice (files with an invoice column only).
    DuplicateRow,
    /// A purchase after the analysis date (the analysis looks at the data as of that date).
    AfterAnalysisDate,
    /// A purchase before the start of the chosen period.
    BeforePeriod,
    /// A summary row whose frequency is below zero or not whole.
    BadFrequency,
    /// A summary row whose recency or T is below zero.
    NegativeTime,
    /// A summary row whose last purchase is after its end of observation.
    RecencyAboveAge,
    /// A summary row with a recency but no repeat purchase.
    RecencyWithoutRepeat,
    /// A summary row whose mean spend is below zero.
    NegativeSpend,
}

impl SetAside {
    /// Every reason, in the order they are checked.
    pub const ALL: [SetAside; 16] = [
        SetAside::MalformedRow,
        SetAside::MissingCustomerId,
        SetAside::UnparseableDate,
        SetAside::UnparseableNumber,
        SetAside::Cancellation,
        SetAside::NonPositivePrice,
        SetAside::OutOfRange,
        SetAside::BadBasket,
        SetAside::DuplicateRow,
        SetAside::AfterAnalysisDate,
        SetAside::BeforePeriod,
        SetAside::BadFrequency,
        SetAside::NegativeTime,
        SetAside::RecencyAboveAge,
        SetAside::RecencyWithoutRepeat,
        SetAside::NegativeSpend,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            SetAside::MalformedRow => "malformed row (too few fields)",
            SetAside::MissingCustomerId => "missing customer id",
            SetAside::UnparseableDate => "unparseable date",
            SetAside::UnparseableNumber => "unparseable number",
            SetAside::Cancellation => "cancellation or return",
            SetAside::NonPositivePrice => "zero or negative price",
            SetAside::OutOfRange => "number out of range",
            SetAside::DuplicateRow => "duplicate row",
            SetAside::AfterAnalysisDate => "after the analysis date",
            SetAside::BeforePeriod => "before the chosen period",
            SetAside::BadBasket => "unreadable basket cell",
            SetAside::BadFrequency => "frequency not a whole number from 0 to 100,000",
            SetAside::NegativeTime => "recency or T below zero",
            SetAside::RecencyAboveAge => "recency above T",
            SetAside::RecencyWithoutRepeat => "recency above 0 with a frequency of 0",
            SetAside::NegativeSpend => "monetary_value below zero",
        }
    }
}

/// One example of a row set aside: its line in the file, and the column and text at fault when one is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Line number in the file, 1-based, counting the header line.
    pub line: u64,
    /// The column at fault.
    pub column: Option<String>,
    /// The cell's text (cut to 60 characters, line breaks and other control characters as spaces).
    pub value: Option<String>,
}

/// Rows read = rows used + the sum of rows set aside.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowAccount {
    /// Data rows read (the header is not a row).
    pub read: u64,
    /// Rows that enter the analysis.
    pub used: u64,
    /// Transaction lines made from the used rows: more than `used` when a basket column is expanded into
    /// one line per product.
    #[serde(default)]
    pub lines: u64,
    /// Cells longer than [`MAX_CELL`](super::values::MAX_CELL) bytes, kept shortened, and the line of the first.
    #[serde(default)]
    pub shortened: (u64, u64),
    /// Rows set aside, by reason.
    pub set_aside: BTreeMap<SetAside, u64>,
    /// Up to five examples per reason.
    pub examples: BTreeMap<SetAside, Vec<Example>>,
}

/// How many examples are kept per reason.
pub const EXAMPLES_PER_REASON: usize = 5;

impl RowAccount {
    /// Records a row set aside.
    pub fn set_aside(
        &mut self,
        reason: SetAside,
        line: u64,
        column: Option<&str>,
        value: Option<&str>,
    ) {
        *self.set_aside.entry(reason).or_insert(0) += 1;
        let examples = self.examples.entry(reason).or_default();
        if examples.len() < EXAMPLES_PER_REASON {
            examples.push(Example {
                line,
                column: column.map(str::to_string),
                value: value
                    .map(|v| super::values::printable(&v.chars().take(60).collect::<String>())),
            });
        }
    }

    /// Counts `cells` kept shortened (too long to show) in the row at `line`.
    pub fn count_shortened(&mut self, cells: u64, line: u64) {
        if cells > 0 && self.shortened.0 == 0 {
            self.shortened.1 = line;
        }
        self.shortened.0 += cells;
    }

    /// Adds the rows read and set aside of a later part of the file, keeping the first examples.
    pub fn absorb(&mut self, later: RowAccount) {
        self.read += later.read;
        for (reason, rows) in later.set_aside {
            *self.set_aside.entry(reason).or_insert(0) += rows;
        }
        for (reason, examples) in later.examples {
            let kept = self.examples.entry(reason).or_default();
            let room = EXAMPLES_PER_REASON.saturating_sub(kept.len());
            kept.extend(examples.into_iter().take(room));
        }
    }

    /// Rows set aside for any reason.
    pub fn total_set_aside(&self) -> u64 {
        self.set_aside.values().sum()
    }

    /// True when every row read is accounted for.
    pub fn balances(&self) -> bool {
        self.read == self.used + self.total_set_aside()
    }
}
