//! The rows of a batch checked one by one: each is kept (its lines pushed into the batch's columns) or
//! set aside with its reason, line, column and value. Batches are checked apart (in parallel natively)
//! and merged in file order by [`super::merge::Merge`].

use std::borrow::Cow;

mod checks;

use checks::{cell, Aside};

use super::batch::{Batch, Row};
use super::layout::Layout;
use super::orders::NO_INVOICE;
use super::values::shorten;
use super::{basket_cell, normalize_id, AmountSource, DecimalSeparator, RawDate, RowAccount};
use crate::core::table::{Dictionary, Role, TextColumn, Transactions};

/// What every line of one row shares.
struct Line {
    customer: u32,
    invoice: u32,
    raw_date: RawDate,
    line: u64,
}

/// A numeric column the pass reads.
#[derive(Clone)]
struct NumberField {
    role: Role,
    column: usize,
    decimal: DecimalSeparator,
    /// An empty cell sets the row aside (amount, quantity and price when they make the amount).
    required: bool,
}

/// A row that passed every check of its batch, before the duplicate check across batches.
#[derive(Default, Clone, Copy)]
pub(super) struct Kept {
    /// Hash of the row's fields, for the duplicate check (0 without an invoice column).
    pub(super) hash: u128,
    /// Lines the row made: more than one for a basket row.
    pub(super) lines: u32,
    /// Its cells kept shortened.
    pub(super) shortened: u32,
    /// For a basket row, whether every item has its own price.
    pub(super) priced: Option<bool>,
}

/// The rows of one batch, checked: the lines of the rows kept (coded in the batch's own dictionaries),
/// one [`Kept`] per such row in file order, and the account of the rows read and set aside.
pub(super) struct Part {
    pub(super) account: RowAccount,
    pub(super) tx: Transactions,
    pub(super) raw_dates: Vec<RawDate>,
    /// Invoice code of each line ([`NO_INVOICE`] without an invoice column).
    pub(super) invoices: Vec<u32>,
    pub(super) invoice_dict: Dictionary,
    pub(super) rows: Vec<Kept>,
}

/// Checks the rows of a batch into a [`Part`]; one per checking thread.
#[derive(Clone)]
pub(super) struct Builder<'a> {
    layout: &'a Layout,
    account: RowAccount,
    /// The empty columns the file's lines fill, each batch's copy made from it.
    template: Transactions,
    tx: Transactions,
    customer_col: usize,
    date_col: usize,
    order_col: Option<usize>,
    basket_col: Option<usize>,
    numbers: Vec<NumberField>,
    texts: Vec<(Role, usize)>,
    needed_width: usize,
    /// Raw dates of the lines kept, resolved once the day/month order is known.
    raw_dates: Vec<RawDate>,
    invoices: Vec<u32>,
    invoice_dict: Dictionary,
    rows: Vec<Kept>,
    /// The row being checked.
    row: Kept,
    parsed: Vec<f64>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(layout: &'a Layout) -> Builder<'a> {
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
        // A file of orders only: the order is the buyer.
        let customer_col = col(Role::Customer).or(col(Role::Order)).unwrap_or(0);
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
            template: tx.clone(),
            tx,
            customer_col,
            date_col,
            order_col,
            basket_col,
            parsed: vec![0.0; numbers.len()],
            numbers,
            texts,
            needed_width,
            raw_dates: Vec::new(),
            invoices: Vec::new(),
            invoice_dict: Dictionary::default(),
            rows: Vec::new(),
            row: Kept::default(),
        }
    }

    /// Room for `rows` more lines in every column, so a batch's columns are allocated once.
    fn reserve(&mut self, rows: usize) {
        let tx = &mut self.tx;
        tx.amount.reserve(rows);
        tx.customer.reserve(rows);
        tx.line.reserve(rows);
        for column in tx.numbers.values_mut() {
            column.reserve(rows);
        }
        for column in tx.texts.values_mut() {
            column.codes.reserve(rows);
        }
        self.raw_dates.reserve(rows);
        self.invoices.reserve(rows);
        self.rows.reserve(rows);
    }

    /// The empty columns of the file's lines.
    pub(super) fn columns(&self) -> Transactions {
        self.template.clone()
    }

    /// The column dates are read from.
    pub(super) fn date_column(&self) -> usize {
        self.date_col
    }

    /// Whether identical rows are double entries: files with an invoice column.
    pub(super) fn finds_duplicates(&self) -> bool {
        self.order_col.is_some()
    }

    /// Checks every record of a batch (each carries its file line) into a part, leaving this builder
    /// ready for the next batch.
    pub(super) fn check(&mut self, batch: &Batch) -> Part {
        self.reserve(batch.len());
        for rec in batch.rows() {
            self.push(&rec);
        }
        Part {
            account: std::mem::take(&mut self.account),
            tx: std::mem::replace(&mut self.tx, self.template.clone()),
            raw_dates: std::mem::take(&mut self.raw_dates),
            invoices: std::mem::take(&mut self.invoices),
            invoice_dict: std::mem::take(&mut self.invoice_dict),
            rows: std::mem::take(&mut self.rows),
        }
    }

    fn name(&self, column: usize) -> &str {
        &self.layout.columns[column].name
    }

    /// Checks one row and keeps it or sets it aside, naming the reason, the column and the cell.
    fn push(&mut self, rec: &Row) {
        let line = rec.line;
        self.account.read += 1;
        self.row = Kept::default();
        if let Err(aside) = self.check_and_keep(rec) {
            let column = aside.column.map(|c| self.name(c).to_string());
            self.account.set_aside(
                aside.reason,
                line,
                column.as_deref(),
                aside.value.as_deref(),
            );
        }
    }

    /// Runs every check in turn (the first failed sets the row aside), then keeps the row's lines.
    fn check_and_keep(&mut self, rec: &Row) -> Result<(), Aside> {
        self.check_width(rec)?;
        let customer_cell = self.check_customer(rec)?;
        let raw_date = self.check_date(rec)?;
        self.check_numbers(rec)?;
        let invoice_cell = self.order_col.map(|c| cell(rec, c));
        self.check_cancellation(rec, invoice_cell.as_deref())?;
        self.check_price(rec)?;
        let amount = self.check_range(rec)?;
        let items = self.check_basket(rec)?;
        self.row.hash = self.row_hash(rec);
        let customer = self.short(normalize_id(&customer_cell));
        let customer = self.tx.customers.intern(&customer);
        let invoice = match &invoice_cell {
            Some(t) => {
                let t = self.short(normalize_id(t));
                self.invoice_dict.intern(&t)
            }
            None => NO_INVOICE,
        };
        let row = Line {
            customer,
            invoice,
            raw_date,
            line: rec.line,
        };
        let Some(items) = items else {
            self.push_line(rec, &row, amount, 1.0, None);
            self.rows.push(self.row);
            return Ok(());
        };
        // One line per product: the row's amount (and profit, cost, discount) split by units, unless every
        // item has its own price.
        let units: f64 = items.iter().map(|i| i.quantity).sum();
        let priced = items.iter().all(|i| i.price.is_some());
        self.row.priced = Some(priced);
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
        self.rows.push(self.row);
        Ok(())
    }

    /// `text` shortened when it is too long to show, counted for the row.
    fn short<'t>(&mut self, text: &'t str) -> Cow<'t, str> {
        let short = shorten(text);
        if matches!(short, Cow::Owned(_)) {
            self.row.shortened += 1;
        }
        short
    }

    /// Adds one used line: the row's cells, or one item of its basket with `share` of its numbers.
    fn push_line(
        &mut self,
        rec: &Row,
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
        for t in 0..self.texts.len() {
            let (role, c) = self.texts[t];
            let value = match (role, item) {
                (Role::Product, Some(i)) => Cow::Borrowed(i.product.as_str()),
                _ => text(rec.get(c).unwrap_or_default()),
            };
            let value = self.short(value.trim());
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
                let product = self.short(&i.product);
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
        self.row.lines += 1;
    }
}

/// A field as text: fields of decoded text are UTF-8 already, so this rarely copies.
fn text(field: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(field),
    }
}

/// An invoice number of a cancellation: `C` followed by digits (`C536379`), as in the UCI Online Retail data.
fn is_cancellation_invoice(text: &str) -> bool {
    let t = text.trim();
    t.len() > 1 && t.starts_with(['C', 'c']) && t[1..].bytes().all(|b| b.is_ascii_digit())
}
