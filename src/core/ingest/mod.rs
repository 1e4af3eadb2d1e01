//! File bytes -> typed transactions + a row account. Forgiving about layout, exact about what it drops.

mod account;
mod basket_cell;
mod batch;
mod builder;
mod layout;
mod merge;
mod orders;
mod pass;
mod roles;
mod sniff;
mod stream;
mod values;

pub use account::{Example, RowAccount, SetAside, EXAMPLES_PER_REASON, MAX_VALUE};
pub use roles::ColumnProfile;
pub use sniff::{encoding_of, sniff_delimiter, Delimiter, Encoding};
pub use stream::{ByteSource, FileSource};
pub use values::{
    is_missing, normalize_id, parse_date, parse_number, DateOrder, DecimalSeparator, RawDate,
    MAX_CELL,
};

use pass::{read_pass, Pass};
use stream::NotUtf8;

use serde::{Deserialize, Serialize};

use crate::core::table::{Role, Transactions};

/// Rows sampled to detect the header, roles and number formats.
const SAMPLE_ROWS: usize = 2_000;

/// What the user may set instead of the detected values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// The role of every column, in column order (`None`: not used). Replaces detection when its length
    /// equals the number of columns.
    pub roles: Option<Vec<Option<Role>>>,
    /// Whether the first row is a header; detected when `None`.
    pub has_header: Option<bool>,
    /// Day/month order of `A/B/YYYY` dates.
    pub date_order: DateOrder,
    /// The last day to use (days since 1970-01-01); later purchases are set aside.
    pub until_day: Option<i64>,
    /// The first day to use; earlier purchases are set aside.
    #[serde(default)]
    pub from_day: Option<i64>,
    /// Roles given by column name (header text, case and outer spaces ignored), over what is detected.
    #[serde(default)]
    pub named_roles: Vec<(String, Role)>,
}

/// Where each line's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmountSource {
    /// The amount column.
    Column,
    /// Quantity x unit price.
    QuantityTimesPrice,
    /// No amount or price: the quantity (units) stands for value.
    Quantity,
    /// No amount, price or quantity: each line counts as one item.
    Lines,
}

/// The words for what line values are, so a file without money never shows "Revenue".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueWords {
    /// The total: "Revenue", "Units" or "Items".
    pub total: &'static str,
    /// Per group in the management view: "Sales", "Units" or "Items".
    pub sales: &'static str,
    /// Per order: "Average order value", "Units per order" or "Items per order".
    pub per_order: &'static str,
    /// The lifetime total: "Total CLV", "Expected units" or "Expected items".
    pub lifetime: &'static str,
}

impl AmountSource {
    /// True when line values are money (an amount column, or quantity x unit price).
    pub fn is_money(self) -> bool {
        matches!(
            self,
            AmountSource::Column | AmountSource::QuantityTimesPrice
        )
    }

    /// The words for this value source.
    pub fn words(self) -> ValueWords {
        match self {
            AmountSource::Column | AmountSource::QuantityTimesPrice => ValueWords {
                total: "Revenue",
                sales: "Sales",
                per_order: "Average order value",
                lifetime: "Total CLV",
            },
            AmountSource::Quantity => ValueWords {
                total: "Units",
                sales: "Units",
                per_order: "Units per order",
                lifetime: "Expected units",
            },
            AmountSource::Lines => ValueWords {
                total: "Items",
                sales: "Items",
                per_order: "Items per order",
                lifetime: "Expected items",
            },
        }
    }
}

/// One column as the mapping panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Header text, or `column N` without a header.
    pub name: String,
    /// The role in use.
    pub role: Option<Role>,
    /// The first few values, as text.
    pub samples: Vec<String>,
}

/// How the file was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The encoding the bytes were decoded with.
    pub encoding: Encoding,
    /// The field delimiter.
    pub delimiter: Delimiter,
    /// Whether the first row was taken as a header.
    pub has_header: bool,
    /// Every column with its role.
    pub columns: Vec<ColumnInfo>,
    /// The day/month order in use (`Auto` when no date needed one).
    pub date_order: DateOrder,
    /// Where line values come from.
    pub amount_source: AmountSource,
    /// The file names no customer, only orders: each order stands for its buyer, and the sections about
    /// customers (segments, lifetime value, clusters, the referral network) are left out.
    pub orders_only: bool,
}

/// The transactions, their row account and how the file was read.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// The used lines.
    pub transactions: Transactions,
    /// Rows read, used and set aside.
    pub account: RowAccount,
    /// Encoding, delimiter, header, roles.
    pub source: SourceInfo,
}

/// Why a file cannot be analysed, in words that say what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum IngestError {
    /// No bytes, or only white space.
    #[error("The file is empty. Choose a file with a header row and one row per purchase.")]
    Empty,
    /// Not delimited text: what the file is instead.
    #[error("This is {0}, not a text file of transactions. Choose a CSV (or tab-separated) file; save a spreadsheet as CSV first.")]
    NotText(String),
    /// No delimiter splits the lines.
    #[error("Every line of the file is a single field. Use a file whose columns are separated by commas, semicolons, tabs or spaces.")]
    OneColumn,
    /// No column holds dates; the columns found, for the user to map.
    #[error("No column holds dates (e.g. 2011-12-09, 12/1/2010 8:26, 20110101). Mark the purchase date column in the column mapping, or add one.")]
    NoDateColumn(Unmapped),
    /// No column holds customer ids; the columns found, for the user to map.
    #[error("No column holds customer ids. Mark the customer column in the column mapping, or name it 'Customer ID'.")]
    NoCustomerColumn(Unmapped),
    /// A column named for a role that the file does not have.
    #[error("There is no column '{0}' in this file; its columns are: {1}.")]
    NoSuchColumn(String, String),
    /// A header and no rows under it.
    #[error("The file has a header row ({0}) but no rows of data under it. Choose the file with its purchases.")]
    NoRows(String),
    /// A quote opens a field and never closes, so the rest of the file would be one cell.
    #[error("Line {line} opens a quote that is never closed, so the {lines} lines after it would be read as one cell. Close the quote (or remove it) and choose the file again.")]
    UnclosedQuote {
        /// The line the quote opens on.
        line: u64,
        /// Lines swallowed after it.
        lines: u64,
    },
    /// Every row was set aside.
    #[error("No row is left after cleaning: {0}. Check the column mapping and the date order.")]
    NothingLeft(String),
    /// The bytes could not be read (the browser or the disk failed).
    #[error("The file could not be read: {0}.")]
    Unreadable(String),
    /// The CSV reader failed.
    #[error("The file could not be read as delimited text at line {line}: {message}")]
    Malformed {
        /// The line at fault.
        line: u64,
        /// The reader's message.
        message: String,
    },
}

/// The columns of a file whose date or customer column was not recognised, as read from its head, so the
/// user can mark the roles and run again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmapped {
    /// Whether the first row was taken as a header.
    pub has_header: bool,
    /// Every column with the role detected, if any, and its first values.
    pub columns: Vec<ColumnInfo>,
}

impl IngestError {
    /// The columns to map, when the error is a missing date or customer column.
    pub fn unmapped(&self) -> Option<&Unmapped> {
        match self {
            IngestError::NoDateColumn(u) | IngestError::NoCustomerColumn(u) => Some(u),
            _ => None,
        }
    }
}

/// Reads a transaction file held in memory. `progress` receives the share of bytes read, from 0 to 1.
pub fn read(
    bytes: &[u8],
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Ingested, IngestError> {
    read_source(bytes, options, progress)
}

/// Reads a transaction file as a stream: the head settles the encoding, delimiter and layout, then one pass
/// parses the rows as the bytes arrive. A file whose head is UTF-8 but whose later bytes are not is read
/// again as Windows-1252, as a whole-file check would have read it.
pub fn read_source(
    source: &(impl ByteSource + ?Sized),
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Ingested, IngestError> {
    match read_pass(source, None, options, progress) {
        Err(Pass::NotUtf8) => read_pass(source, Some(Encoding::Windows1252), options, progress),
        other => other,
    }
    .map_err(|e| match e {
        Pass::Failed(e) => e,
        Pass::NotUtf8 => IngestError::Unreadable(NotUtf8.to_string()),
    })
}
