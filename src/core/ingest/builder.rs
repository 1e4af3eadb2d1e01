//! The rows of a pass checked one by one: each is used (its lines pushed into the columns) or set aside
//! with its reason, line, column and value; then the dates are settled and the orders assigned.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use csv::ByteRecord;

mod checks;

use checks::{cell, Aside};

use super::layout::{infer_order, Layout};
use super::orders::{assign_orders, compact, nothing_left, NO_INVOICE};
use super::{
    basket_cell, normalize_id, AmountSource, DateOrder, DecimalSeparator, IngestError, Ingested,
    RawDate, ReadOptions, RowAccount, SetAside, SourceInfo,
};
use crate::core::table::{day_of, iso_date, Role, TextColumn, Transactions};

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
pub(super) struct Builder<'a> {
    layout: &'a Layout,
    pub(super) account: RowAccount,
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
    /// Invoice code of each kept line ([`NO_INVOICE`] without an invoice column).
    invoices: Vec<u32>,
    invoice_dict: crate::core::table::Dictionary,
    seen: HashSet<u128, BuildHasherDefault<RowHashHasher>>,
    row_bytes: Vec<u8>,
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

    pub(super) fn reserve(&mut self, rows: usize) {
        self.tx.amount.reserve(rows);
        self.tx.customer.reserve(rows);
        self.raw_dates.reserve(rows);
        self.tx.line.reserve(rows);
        self.invoices.reserve(rows);
    }

    fn name(&self, column: usize) -> &str {
        &self.layout.columns[column].name
    }

    /// Checks one row and keeps it or sets it aside, naming the reason, the column and the cell.
    pub(super) fn push(&mut self, rec: &ByteRecord, line: u64) {
        self.account.read += 1;
        if let Err(aside) = self.check_and_keep(rec, line) {
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
    fn check_and_keep(&mut self, rec: &ByteRecord, line: u64) -> Result<(), Aside> {
        self.check_width(rec)?;
        let customer_cell = self.check_customer(rec)?;
        let raw_date = self.check_date(rec)?;
        self.check_numbers(rec)?;
        let invoice_cell = self.order_col.map(|c| cell(rec, c));
        self.check_cancellation(rec, invoice_cell.as_deref())?;
        self.check_price(rec)?;
        let amount = self.check_range(rec)?;
        let items = self.check_basket(rec)?;
        self.check_duplicate(rec)?;
        let customer = self
            .tx
            .customers
            .intern(&self.account.short(normalize_id(&customer_cell), line));
        let invoice = match &invoice_cell {
            Some(t) => self
                .invoice_dict
                .intern(&self.account.short(normalize_id(t), line)),
            None => NO_INVOICE,
        };
        let row = Line {
            customer,
            invoice,
            raw_date,
            line,
        };
        let Some(items) = items else {
            self.push_line(rec, &row, amount, 1.0, None);
            return Ok(());
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
        Ok(())
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
    pub(super) fn finish(
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
            let day = resolved.map(day_of);
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
        assign_orders(&mut self.tx, &self.invoices);
        self.account.used = used_rows;
        self.account.lines = self.tx.len() as u64;
        debug_assert!(self.account.balances());
        if self.tx.is_empty() {
            return Err(nothing_left(&self.account));
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
