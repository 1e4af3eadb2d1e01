//! File bytes -> typed transactions + a row account. Forgiving about layout, exact about what it drops.

mod account;
mod basket_cell;
mod roles;
mod sniff;
mod stream;
mod values;

pub use account::{Example, RowAccount, SetAside, EXAMPLES_PER_REASON, MAX_VALUE};
pub use roles::{normalize_name, ColumnProfile, Role};
use sniff::{binary_kind, unclosed_quote};
pub use sniff::{encoding_of, sniff_delimiter, Delimiter, Encoding};
pub use stream::{ByteSource, FileSource};
pub use values::{
    is_missing, iso_date, normalize_id, parse_date, parse_iso_day, parse_number, year_month,
    DateOrder, DecimalSeparator, RawDate, MAX_CELL,
};
use values::{printable, shorten};

use std::borrow::Cow;
use std::io::Read;

use stream::{
    is_not_utf8, read_head, Decode, LineEnds, NotUtf8, Rewrite, Utf8Checked, WhitespaceToTabs,
};

use csv::ByteRecord;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::core::transactions::{TextColumn, Transactions};

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

/// Bytes of the head that layout detection reads at the least (the delimiter sniff reads 64 KiB).
const HEAD_MIN: usize = 128 * 1024;
/// The most the head holds, for files with very long rows.
const HEAD_MAX: usize = 16 << 20;

/// How one pass over the file ended, when it did not end in transactions.
enum Pass {
    /// The head was UTF-8 and a later byte is not: read again as Windows-1252.
    NotUtf8,
    /// The file cannot be analysed.
    Failed(IngestError),
}

impl From<IngestError> for Pass {
    fn from(e: IngestError) -> Pass {
        Pass::Failed(e)
    }
}

/// An I/O error of the stream as a pass outcome.
fn io_failure(e: &std::io::Error) -> Pass {
    if is_not_utf8(e) {
        Pass::NotUtf8
    } else {
        Pass::Failed(IngestError::Unreadable(e.to_string()))
    }
}

fn read_pass(
    source: &(impl ByteSource + ?Sized),
    encoding: Option<Encoding>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Ingested, Pass> {
    let mut raw = source.open().map_err(|e| io_failure(&e))?;
    let (mut head, whole) =
        read_head(&mut raw, HEAD_MIN, SAMPLE_ROWS + 2, HEAD_MAX).map_err(|e| io_failure(&e))?;
    if whole && head.trim_ascii().is_empty() {
        return Err(IngestError::Empty.into());
    }
    if let Some(kind) = binary_kind(&head) {
        return Err(IngestError::NotText(kind.into()).into());
    }
    let encoding = encoding.unwrap_or_else(|| encoding_of(&head, whole));
    if encoding == Encoding::Utf8 && head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    // A UTF-16 byte-order mark before 8-bit text is noise: dropped, so it cannot turn the decoder to UTF-16.
    if encoding == Encoding::Windows1252
        && (head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF"))
    {
        head.drain(..2);
    }
    // Lines ended by CR (CRLF or CR alone) are rewritten to end in LF, so every row keeps its file line.
    let cr = head.contains(&b'\r');
    // The head as text, cut after its last complete line.
    let mut head_text = Vec::new();
    decoded(encoding, cr, Box::new(&head[..]))
        .read_to_end(&mut head_text)
        .or_else(|e| if is_not_utf8(&e) { Ok(0) } else { Err(e) })
        .map_err(|e| io_failure(&e))?;
    if !whole {
        let cut = head_text.iter().rposition(|&b| b == b'\n');
        head_text.truncate(cut.map_or(0, |c| c + 1));
    }
    let delimiter = sniff_delimiter(&head_text).ok_or(IngestError::OneColumn)?;
    if let (true, Delimiter::Byte(d)) = (whole, delimiter) {
        if let Some((line, lines)) = unclosed_quote(&head_text, d).filter(|q| q.1 > 0) {
            return Err(IngestError::UnclosedQuote { line, lines }.into());
        }
    }
    let layout = Layout::detect(
        &mut csv_reader(delimiter, Box::new(&head_text[..])),
        options,
    )?;
    drop(head_text);
    let source_info = SourceInfo {
        encoding,
        delimiter,
        has_header: layout.has_header,
        columns: layout.columns.clone(),
        date_order: DateOrder::Auto,
        amount_source: layout.amount_source,
    };
    let mut builder = Builder::new(&layout);
    let size = source.size();
    // Rows take 60 bytes or more: reserving up front avoids rehashing and regrowing on large files.
    builder.reserve(usize::try_from(size / 60).unwrap_or(0));
    let text = decoded(
        encoding,
        cr,
        Box::new(std::io::Cursor::new(head).chain(raw)),
    );
    let mut rdr = csv_reader(delimiter, text);
    let mut record = ByteRecord::new();
    let total = size.max(1) as f64;
    let mut first = true;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(io_failure(io));
                }
                let line = e.position().map_or(0, |p| p.line());
                return Err(IngestError::Malformed {
                    line,
                    message: e.to_string(),
                }
                .into());
            }
        }
        if first {
            first = false;
            if layout.has_header {
                continue;
            }
        }
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        builder.push(&record, line);
        if builder.account.read % 65_536 == 0 {
            progress(record.position().map_or(0.0, |p| p.byte() as f64 / total));
        }
    }
    progress(1.0);
    Ok(builder.finish(source_info, options)?)
}

/// The stream as UTF-8 text, its lines ended by LF alone when `cr`.
fn decoded<'a>(encoding: Encoding, cr: bool, raw: Box<dyn Read + 'a>) -> Box<dyn Read + 'a> {
    let text: Box<dyn Read + 'a> = match encoding {
        Encoding::Utf8 => Box::new(Utf8Checked::new(raw)),
        Encoding::Windows1252 => Box::new(Decode::new(raw, encoding_rs::WINDOWS_1252)),
        Encoding::Utf16Le => Box::new(Decode::new(raw, encoding_rs::UTF_16LE)),
        Encoding::Utf16Be => Box::new(Decode::new(raw, encoding_rs::UTF_16BE)),
    };
    if cr {
        Box::new(Rewrite::new(text, LineEnds::default()))
    } else {
        text
    }
}

/// A CSV reader of decoded text with `delimiter` (space-aligned lines rewritten with tabs).
fn csv_reader<'a>(
    delimiter: Delimiter,
    text: Box<dyn Read + 'a>,
) -> csv::Reader<Box<dyn Read + 'a>> {
    let (d, quoting, text): (u8, bool, Box<dyn Read + 'a>) = match delimiter {
        Delimiter::Byte(d) => (d, true, text),
        Delimiter::Whitespace => (
            b'\t',
            false,
            Box::new(Rewrite::new(text, WhitespaceToTabs::default())),
        ),
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .quoting(quoting)
        .buffer_capacity(1 << 20)
        .from_reader(text)
}

/// The file's columns and roles, settled from a sample before the full pass.
struct Layout {
    has_header: bool,
    columns: Vec<ColumnInfo>,
    decimals: Vec<DecimalSeparator>,
    amount_source: AmountSource,
}

impl Layout {
    fn detect(
        rdr: &mut csv::Reader<impl Read>,
        options: &ReadOptions,
    ) -> Result<Layout, IngestError> {
        let mut sample: Vec<Vec<String>> = Vec::new();
        for rec in rdr.byte_records().take(SAMPLE_ROWS + 1) {
            let rec = rec.map_err(|e| IngestError::Malformed {
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            })?;
            if rec.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            sample.push(
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect(),
            );
        }
        let width = sample.iter().map(Vec::len).max().unwrap_or(0);
        if sample.is_empty() {
            return Err(IngestError::Empty);
        }
        if width < 2 {
            return Err(IngestError::OneColumn);
        }
        let profiles_from = |rows: &[Vec<String>]| -> Vec<ColumnProfile> {
            (0..width)
                .map(|c| {
                    let cells: Vec<&str> = rows
                        .iter()
                        .map(|r| r.get(c).map_or("", String::as_str))
                        .collect();
                    ColumnProfile::of(&cells)
                })
                .collect()
        };
        let below = profiles_from(&sample[1..]);
        let first: Vec<&str> = sample[0].iter().map(String::as_str).collect();
        let has_header = options
            .has_header
            .unwrap_or_else(|| roles::looks_like_header(&first, &below));
        if has_header && sample.len() == 1 {
            return Err(IngestError::NoRows(printable(&sample[0].join(", "))));
        }
        let (names, data, profiles) = if has_header {
            let names: Vec<String> = (0..width)
                .map(|c| match sample[0].get(c) {
                    Some(n) if !n.is_empty() => printable(n),
                    _ => format!("column {}", c + 1),
                })
                .collect();
            (names, &sample[1..], below)
        } else {
            let names: Vec<String> = (1..=width).map(|c| format!("column {c}")).collect();
            (names, &sample[..], profiles_from(&sample))
        };
        let mut roles = match &options.roles {
            Some(r) if r.len() == width => r.clone(),
            _ => roles::detect(&names, &profiles, has_header),
        };
        for (wanted, role) in &options.named_roles {
            let key = wanted.trim().to_lowercase();
            let c = names
                .iter()
                .position(|n| n.trim().to_lowercase() == key)
                .ok_or_else(|| IngestError::NoSuchColumn(printable(wanted), names.join(", ")))?;
            // A role belongs to one column: the named one takes it from any detected one.
            for r in roles.iter_mut().filter(|r| **r == Some(*role)) {
                *r = None;
            }
            roles[c] = Some(*role);
        }
        let has = |role| roles.contains(&Some(role));
        let columns: Vec<ColumnInfo> = names
            .into_iter()
            .zip(&roles)
            .enumerate()
            .map(|(c, (name, &role))| ColumnInfo {
                name,
                role,
                samples: data
                    .iter()
                    .take(3)
                    .map(|r| r.get(c).map_or(String::new(), |v| printable(&shorten(v))))
                    .collect(),
            })
            .collect();
        let unmapped = || Unmapped {
            has_header,
            columns: columns.clone(),
        };
        if !has(Role::Date) {
            return Err(IngestError::NoDateColumn(unmapped()));
        }
        if !has(Role::Customer) {
            return Err(IngestError::NoCustomerColumn(unmapped()));
        }
        let amount_source = if has(Role::Amount) {
            AmountSource::Column
        } else if has(Role::Quantity) && has(Role::UnitPrice) {
            AmountSource::QuantityTimesPrice
        } else if has(Role::Quantity) {
            AmountSource::Quantity
        } else {
            AmountSource::Lines
        };
        Ok(Layout {
            has_header,
            columns,
            decimals: profiles.iter().map(|p| p.decimal).collect(),
            amount_source,
        })
    }

    fn column_of(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(role))
    }
}

/// What every line of one row shares.
struct Line {
    customer: u32,
    invoice: u32,
    raw_date: RawDate,
    line: u64,
}

/// A numeric column the pass reads.
struct NumberField {
    role: Role,
    column: usize,
    decimal: DecimalSeparator,
    /// An empty cell sets the row aside (amount, quantity and price when they make the amount).
    required: bool,
}

/// Accumulates the used lines and the row account during the pass.
struct Builder<'a> {
    layout: &'a Layout,
    account: RowAccount,
    tx: Transactions,
    customer_col: usize,
    date_col: usize,
    order_col: Option<usize>,
    basket_col: Option<usize>,
    /// Basket rows whose items all have a price, and the others.
    basket_rows: (u64, u64),
    numbers: Vec<NumberField>,
    texts: Vec<(Role, usize)>,
    needed_width: usize,
    /// Raw dates of the lines kept so far, resolved once the day/month order is known.
    raw_dates: Vec<RawDate>,
    /// Invoice code of each kept line (`u32::MAX` without an invoice column).
    invoices: Vec<u32>,
    invoice_dict: crate::core::transactions::Dictionary,
    seen: HashSet<u128, BuildHasherDefault<RowHashHasher>>,
    row_bytes: Vec<u8>,
    parsed: Vec<f64>,
}

impl<'a> Builder<'a> {
    fn new(layout: &'a Layout) -> Builder<'a> {
        let col = |r| layout.column_of(r);
        let derived = layout.amount_source == AmountSource::QuantityTimesPrice
            || layout.amount_source == AmountSource::Quantity;
        let numbers: Vec<NumberField> = [
            Role::Amount,
            Role::Quantity,
            Role::UnitPrice,
            Role::Profit,
            Role::ShippingCost,
            Role::Discount,
        ]
        .into_iter()
        .filter_map(|role| {
            let column = col(role)?;
            Some(NumberField {
                role,
                column,
                decimal: layout.decimals[column],
                required: role == Role::Amount
                    || (derived && matches!(role, Role::Quantity | Role::UnitPrice)),
            })
        })
        .collect();
        let texts: Vec<(Role, usize)> = Role::ALL
            .into_iter()
            .filter(|r| {
                !r.is_numeric()
                    && !matches!(r, Role::Customer | Role::Order | Role::Date | Role::Basket)
            })
            .filter_map(|r| Some((r, col(r)?)))
            .collect();
        let mut tx = Transactions::default();
        for n in &numbers {
            if n.role != Role::Amount {
                tx.numbers.insert(n.role, Vec::new());
            }
        }
        for &(r, _) in &texts {
            tx.texts.insert(r, TextColumn::default());
        }
        let basket_col = col(Role::Basket);
        if basket_col.is_some() {
            // A basket's items become product lines with their quantities.
            tx.numbers.entry(Role::Quantity).or_default();
            tx.texts.entry(Role::Product).or_default();
        }
        let customer_col = col(Role::Customer).unwrap_or(0);
        let date_col = col(Role::Date).unwrap_or(0);
        let order_col = col(Role::Order);
        let needed_width = 1 + numbers
            .iter()
            .map(|n| n.column)
            .chain(texts.iter().map(|t| t.1))
            .chain([customer_col, date_col])
            .chain(order_col)
            .chain(basket_col)
            .max()
            .unwrap_or(0);
        Builder {
            layout,
            account: RowAccount::default(),
            tx,
            customer_col,
            date_col,
            order_col,
            basket_col,
            basket_rows: (0, 0),
            parsed: vec![0.0; numbers.len()],
            numbers,
            texts,
            needed_width,
            raw_dates: Vec::new(),
            invoices: Vec::new(),
            invoice_dict: Default::default(),
            seen: HashSet::default(),
            row_bytes: Vec::new(),
        }
    }

    fn reserve(&mut self, rows: usize) {
        self.tx.amount.reserve(rows);
        self.tx.customer.reserve(rows);
        self.raw_dates.reserve(rows);
        self.tx.line.reserve(rows);
        self.invoices.reserve(rows);
    }

    fn name(&self, column: usize) -> &str {
        &self.layout.columns[column].name
    }

    /// Checks one row and keeps it or sets it aside.
    fn push(&mut self, rec: &ByteRecord, line: u64) {
        self.account.read += 1;
        let cell = |c: usize| text(rec.get(c).unwrap_or_default());
        if rec.len() < self.needed_width {
            let found = format!("{} fields, {} expected", rec.len(), self.needed_width);
            self.account
                .set_aside(SetAside::MalformedRow, line, None, Some(&found));
            return;
        }
        let customer_cell = cell(self.customer_col);
        if is_missing(&customer_cell) {
            let name = self.name(self.customer_col).to_string();
            self.account.set_aside(
                SetAside::MissingCustomerId,
                line,
                Some(&name),
                Some(&customer_cell),
            );
            return;
        }
        let date_cell = cell(self.date_col);
        let Some(raw_date) = parse_date(&date_cell) else {
            let name = self.name(self.date_col).to_string();
            self.account.set_aside(
                SetAside::UnparseableDate,
                line,
                Some(&name),
                Some(&date_cell),
            );
            return;
        };
        for (k, n) in self.numbers.iter().enumerate() {
            let text = cell(n.column);
            self.parsed[k] = match parse_number(&text, n.decimal) {
                Some(v) => v,
                None if is_missing(&text) && !n.required => f64::NAN,
                None => {
                    let name = self.layout.columns[n.column].name.clone();
                    self.account.set_aside(
                        SetAside::UnparseableNumber,
                        line,
                        Some(&name),
                        Some(&text),
                    );
                    return;
                }
            };
        }
        let value_of = |role: Role| {
            self.numbers
                .iter()
                .position(|n| n.role == role)
                .map(|k| self.parsed[k])
        };
        let invoice_cell = self.order_col.map(cell);
        let cancelled_invoice = invoice_cell.as_deref().is_some_and(is_cancellation_invoice);
        let quantity = value_of(Role::Quantity);
        if cancelled_invoice || quantity.is_some_and(|q| q < 0.0) {
            let (column, value) = match (self.order_col, &invoice_cell) {
                (Some(c), Some(v)) if cancelled_invoice => (c, v.to_string()),
                _ => {
                    let c = self.layout.column_of(Role::Quantity).unwrap_or(0);
                    (c, cell(c).into_owned())
                }
            };
            let name = self.name(column).to_string();
            self.account
                .set_aside(SetAside::Cancellation, line, Some(&name), Some(&value));
            return;
        }
        let price_role = match self.layout.amount_source {
            AmountSource::Column => Some(Role::Amount),
            AmountSource::QuantityTimesPrice => Some(Role::UnitPrice),
            _ => None,
        };
        // A unit price must be positive; a line amount may be zero (a free item) but not negative.
        if let Some(role) = price_role {
            let bad = |p: f64| {
                if role == Role::UnitPrice {
                    p <= 0.0
                } else {
                    p < 0.0
                }
            };
            if value_of(role).is_some_and(bad) {
                let c = self.layout.column_of(role).unwrap_or(0);
                let (name, value) = (self.name(c).to_string(), cell(c).into_owned());
                self.account
                    .set_aside(SetAside::NonPositivePrice, line, Some(&name), Some(&value));
                return;
            }
        }
        let amount = match self.layout.amount_source {
            AmountSource::Column => value_of(Role::Amount).unwrap_or(0.0),
            AmountSource::QuantityTimesPrice => {
                value_of(Role::Quantity).unwrap_or(0.0) * value_of(Role::UnitPrice).unwrap_or(0.0)
            }
            AmountSource::Quantity => value_of(Role::Quantity).unwrap_or(0.0),
            AmountSource::Lines => 1.0,
        };
        // A number beyond the range, or quantity x price beyond it, would poison every sum it enters.
        let huge = (0..self.numbers.len()).find(|&k| self.parsed[k].abs() > MAX_VALUE);
        if huge.is_some() || amount.abs() > MAX_VALUE {
            let (column, value) = match huge {
                Some(k) => {
                    let c = self.numbers[k].column;
                    (c, cell(c).into_owned())
                }
                None => (
                    self.layout.column_of(Role::Quantity).unwrap_or(0),
                    format!("quantity x price = {amount:e}"),
                ),
            };
            let name = self.name(column).to_string();
            self.account
                .set_aside(SetAside::OutOfRange, line, Some(&name), Some(&value));
            return;
        }
        let items = match self.basket_col {
            Some(c) => match basket_cell::parse(&cell(c)) {
                Ok(items) => Some(items),
                Err(why) => {
                    let name = self.name(c).to_string();
                    let value = format!("{why}: {}", cell(c));
                    self.account
                        .set_aside(SetAside::BadBasket, line, Some(&name), Some(&value));
                    return;
                }
            },
            None => None,
        };
        // Without an invoice column, identical rows are real repeat purchases (CDNOW has them); with one,
        // an identical line of the same invoice is a double entry.
        if self.order_col.is_some() {
            self.row_bytes.clear();
            for f in rec.iter() {
                self.row_bytes.extend_from_slice(f);
                self.row_bytes.push(0x1f);
            }
            if !self
                .seen
                .insert(xxhash_rust::xxh3::xxh3_128(&self.row_bytes))
            {
                self.account
                    .set_aside(SetAside::DuplicateRow, line, None, None);
                return;
            }
        }
        let customer = self
            .tx
            .customers
            .intern(&self.account.short(normalize_id(&customer_cell), line));
        let invoice = match &invoice_cell {
            Some(t) => self
                .invoice_dict
                .intern(&self.account.short(normalize_id(t), line)),
            None => u32::MAX,
        };
        let row = Line {
            customer,
            invoice,
            raw_date,
            line,
        };
        let Some(items) = items else {
            self.push_line(rec, &row, amount, 1.0, None);
            return;
        };
        // One line per product: the row's amount (and profit, cost, discount) split by units, unless every
        // item has its own price.
        let units: f64 = items.iter().map(|i| i.quantity).sum();
        let priced = items.iter().all(|i| i.price.is_some());
        if priced {
            self.basket_rows.0 += 1;
        } else {
            self.basket_rows.1 += 1;
        }
        for item in &items {
            let share = if units > 0.0 {
                item.quantity / units
            } else {
                1.0 / items.len() as f64
            };
            let value = match (item.price, self.layout.amount_source) {
                (Some(p), _) if priced => p * item.quantity,
                (_, AmountSource::Quantity) => item.quantity,
                (_, AmountSource::Lines) => 1.0,
                _ => amount * share,
            };
            self.push_line(rec, &row, value, share, Some(item));
        }
    }

    /// Adds one used line: the row's cells, or one item of its basket with `share` of its numbers.
    fn push_line(
        &mut self,
        rec: &ByteRecord,
        row: &Line,
        amount: f64,
        share: f64,
        item: Option<&basket_cell::Item>,
    ) {
        let mut quantity_read = false;
        for (k, n) in self.numbers.iter().enumerate() {
            if let Some(col) = self.tx.numbers.get_mut(&n.role) {
                let v = self.parsed[k];
                col.push(match (n.role, item) {
                    (Role::Quantity, Some(i)) => i.quantity,
                    (Role::UnitPrice, Some(i)) => i.price.unwrap_or(v),
                    (_, Some(_)) => v * share,
                    (_, None) => v,
                });
                quantity_read |= n.role == Role::Quantity;
            }
        }
        let mut product_read = false;
        for &(role, c) in &self.texts {
            let value = match (role, item) {
                (Role::Product, Some(i)) => Cow::Borrowed(i.product.as_str()),
                _ => text(rec.get(c).unwrap_or_default()),
            };
            let value = self.account.short(value.trim(), row.line);
            if let Some(col) = self.tx.texts.get_mut(&role) {
                let code = col.dictionary.intern(&value);
                col.codes.push(code);
            }
            product_read |= role == Role::Product;
        }
        if let Some(i) = item {
            if !quantity_read {
                if let Some(col) = self.tx.numbers.get_mut(&Role::Quantity) {
                    col.push(i.quantity);
                }
            }
            if !product_read {
                let product = self.account.short(&i.product, row.line);
                if let Some(col) = self.tx.texts.get_mut(&Role::Product) {
                    let code = col.dictionary.intern(&product);
                    col.codes.push(code);
                }
            }
        }
        self.tx.customer.push(row.customer);
        self.tx.amount.push(amount);
        self.raw_dates.push(row.raw_date);
        self.tx.line.push(row.line);
        self.invoices.push(row.invoice);
    }

    /// Settles the day/month order, resolves dates, assigns orders and closes the account.
    fn finish(
        mut self,
        mut source: SourceInfo,
        options: &ReadOptions,
    ) -> Result<Ingested, IngestError> {
        let order = match options.date_order {
            DateOrder::Auto => infer_order(&self.raw_dates),
            fixed => fixed,
        };
        source.date_order = order;
        // Without an amount column, baskets whose items all carry prices are valued as quantity x price.
        let no_amount = matches!(
            source.amount_source,
            AmountSource::Quantity | AmountSource::Lines
        );
        if no_amount && self.basket_rows.0 > 0 && self.basket_rows.1 == 0 {
            source.amount_source = AmountSource::QuantityTimesPrice;
        }
        let day_first = order == DateOrder::DayFirst;
        let n = self.raw_dates.len();
        let mut keep = vec![true; n];
        let date_name = self.name(self.date_col).to_string();
        self.tx.time = Vec::with_capacity(n);
        // A basket row's lines share one date and one account entry.
        let first_of_row = |lines: &[u64], i: usize| i == 0 || lines[i] != lines[i - 1];
        let mut used_rows = 0;
        for (i, raw) in self.raw_dates.iter().enumerate() {
            let resolved = raw.resolve(day_first);
            let day = resolved.map(|t| t.div_euclid(86_400));
            self.tx.time.push(resolved.unwrap_or(0));
            let reason = match day {
                Some(d) if options.until_day.is_some_and(|u| d > u) => {
                    Some((SetAside::AfterAnalysisDate, iso_date(d)))
                }
                Some(d) if options.from_day.is_some_and(|f| d < f) => {
                    Some((SetAside::BeforePeriod, iso_date(d)))
                }
                Some(_) => None,
                None => {
                    let sep = char::from(raw.ambiguous_sep.unwrap_or(b'-'));
                    let text = format!("{}{sep}{}{sep}{}", raw.first, raw.second, raw.year);
                    Some((SetAside::UnparseableDate, text))
                }
            };
            let first = first_of_row(&self.tx.line, i);
            match reason {
                Some((why, value)) => {
                    keep[i] = false;
                    if first {
                        let line = self.tx.line[i];
                        self.account
                            .set_aside(why, line, Some(&date_name), Some(&value));
                    }
                }
                None => used_rows += u64::from(first),
            }
        }
        if keep.contains(&false) {
            compact(&mut self.tx, &mut self.invoices, &keep);
        }
        // Orders: an invoice of one customer, or a customer's day.
        let mut orders: FxHashMap<(u32, i64), u32> = FxHashMap::default();
        let mut last: Option<((u32, i64), u32)> = None;
        self.tx.order = Vec::with_capacity(self.tx.len());
        for i in 0..self.tx.len() {
            let key = match self.invoices[i] {
                u32::MAX => (self.tx.customer[i], self.tx.day(i)),
                inv => (self.tx.customer[i], i64::from(inv)),
            };
            let code = match last {
                Some((k, c)) if k == key => c,
                _ => {
                    let next = orders.len() as u32;
                    *orders.entry(key).or_insert(next)
                }
            };
            last = Some((key, code));
            self.tx.order.push(code);
        }
        self.tx.orders = orders.len();
        self.account.used = used_rows;
        self.account.lines = self.tx.len() as u64;
        debug_assert!(self.account.balances());
        if self.tx.is_empty() {
            let reasons: Vec<String> = self
                .account
                .set_aside
                .iter()
                .map(|(r, c)| {
                    let example = self.account.examples.get(r).and_then(|e| e.first());
                    let at = example.map_or(String::new(), |e| match (&e.column, &e.value) {
                        (Some(col), Some(v)) => format!(" (line {}: {col} is '{v}')", e.line),
                        (Some(col), None) => format!(" (line {}: {col} is empty)", e.line),
                        _ => format!(" (line {})", e.line),
                    });
                    let rows = if *c == 1 { "row" } else { "rows" };
                    format!("{c} {rows} set aside as {}{at}", r.label())
                })
                .collect();
            let summary = if reasons.is_empty() {
                "the file has no data rows".to_string()
            } else {
                reasons.join(", ")
            };
            return Err(IngestError::NothingLeft(summary));
        }
        Ok(Ingested {
            transactions: self.tx,
            account: self.account,
            source,
        })
    }
}

/// A field as text: fields of decoded text are UTF-8 already, so this rarely copies.
fn text(field: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(field),
    }
}

/// Hashes a row hash (already uniform) by taking its low bits.
#[derive(Default, Clone, Copy)]
struct RowHashHasher(u64);

impl std::hash::Hasher for RowHashHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

/// An invoice number of a cancellation: `C` followed by digits (`C536379`), as in the UCI Online Retail data.
fn is_cancellation_invoice(text: &str) -> bool {
    let t = text.trim();
    t.len() > 1 && t.starts_with(['C', 'c']) && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Keeps the lines marked `true` in every column.
fn compact(tx: &mut Transactions, invoices: &mut Vec<u32>, keep: &[bool]) {
    fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
        let mut k = keep.iter();
        v.retain(|_| *k.next().unwrap_or(&false));
    }
    retain(&mut tx.customer, keep);
    retain(&mut tx.line, keep);
    // Keep only customers that still have lines, so every customer in the dictionary bought something.
    let mut remap = vec![u32::MAX; tx.customers.len()];
    let mut customers = crate::core::transactions::Dictionary::default();
    for code in tx.customer.iter_mut() {
        let slot = &mut remap[*code as usize];
        if *slot == u32::MAX {
            *slot = customers.intern(tx.customers.get(*code));
        }
        *code = *slot;
    }
    tx.customers = customers;
    retain(&mut tx.time, keep);
    retain(&mut tx.amount, keep);
    retain(invoices, keep);
    for col in tx.numbers.values_mut() {
        retain(col, keep);
    }
    for col in tx.texts.values_mut() {
        retain(&mut col.codes, keep);
    }
}

/// The day/month order the dates' values imply: a first part above 12 can only be a day, a second part above
/// 12 only a day; the majority wins a mixed column; with no evidence, `/` reads month first and `-` or `.`
/// day first.
fn infer_order(dates: &[RawDate]) -> DateOrder {
    let (mut day_first, mut month_first) = (0u64, 0u64);
    let mut sep = None;
    for d in dates {
        if let Some(s) = d.ambiguous_sep {
            sep.get_or_insert(s);
            if d.first > 12 {
                day_first += 1;
            } else if d.second > 12 {
                month_first += 1;
            }
        }
    }
    match sep {
        None => DateOrder::Auto,
        Some(_) if day_first > month_first => DateOrder::DayFirst,
        Some(_) if month_first > day_first => DateOrder::MonthFirst,
        Some(b'/') => DateOrder::MonthFirst,
        Some(_) => DateOrder::DayFirst,
    }
}
