//! The checked batches of a pass merged in file order: rows repeating an earlier row of the file set
//! aside, the batches' dictionary codes turned into the file's, the columns appended; then the dates
//! settled and the orders assigned. The result is the same however the rows were cut into batches.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use super::builder::Part;
use super::layout::{infer_order, Layout};
use super::orders::{assign_orders, compact, nothing_left, NO_INVOICE};
use super::{
    AmountSource, DateOrder, IngestError, Ingested, RawDate, ReadOptions, RowAccount, SetAside,
    SourceInfo,
};
use crate::core::table::{day_of, iso_date, Dictionary, Transactions};

/// The used lines and the row account of the batches merged so far.
pub(super) struct Merge<'a> {
    layout: &'a Layout,
    date_col: usize,
    /// Whether identical rows are double entries (files with an invoice column).
    dedup: bool,
    account: RowAccount,
    tx: Transactions,
    raw_dates: Vec<RawDate>,
    invoices: Vec<u32>,
    invoice_dict: Dictionary,
    /// Basket rows whose items all have a price, and the others.
    basket_rows: (u64, u64),
    seen: HashSet<u128, BuildHasherDefault<RowHashHasher>>,
}

impl<'a> Merge<'a> {
    /// An empty merge into `columns`, with room for `rows` lines.
    pub(super) fn new(
        layout: &'a Layout,
        columns: Transactions,
        date_col: usize,
        dedup: bool,
        rows: usize,
    ) -> Merge<'a> {
        let mut tx = columns;
        tx.amount.reserve(rows);
        tx.customer.reserve(rows);
        tx.line.reserve(rows);
        Merge {
            layout,
            date_col,
            dedup,
            account: RowAccount::default(),
            tx,
            raw_dates: Vec::with_capacity(rows),
            invoices: Vec::with_capacity(rows),
            invoice_dict: Dictionary::default(),
            basket_rows: (0, 0),
            seen: HashSet::default(),
        }
    }

    /// Appends the next batch of the file: its account, then each kept row that does not repeat an
    /// earlier one, with its codes in the file's dictionaries (given in order of first use).
    pub(super) fn absorb(&mut self, part: Part) {
        let Part {
            account,
            tx,
            raw_dates,
            invoices,
            invoice_dict,
            rows,
        } = part;
        self.account.absorb(account);
        let mut keep = Vec::with_capacity(tx.len());
        let mut start = 0;
        for row in rows {
            let lines = start..start + row.lines as usize;
            start = lines.end;
            let line = tx.line[lines.start];
            if self.dedup && !self.seen.insert(row.hash) {
                self.account
                    .set_aside(SetAside::DuplicateRow, line, None, None);
                continue;
            }
            self.account.count_shortened(u64::from(row.shortened), line);
            match row.priced {
                Some(true) => self.basket_rows.0 += 1,
                Some(false) => self.basket_rows.1 += 1,
                None => {}
            }
            keep.extend(lines);
        }
        pick(&mut self.tx.amount, &tx.amount, &keep);
        pick(&mut self.tx.line, &tx.line, &keep);
        pick(&mut self.raw_dates, &raw_dates, &keep);
        for (role, values) in &tx.numbers {
            if let Some(to) = self.tx.numbers.get_mut(role) {
                pick(to, values, &keep);
            }
        }
        recode(
            &mut self.tx.customer,
            &tx.customer,
            &keep,
            &tx.customers,
            &mut self.tx.customers,
        );
        recode(
            &mut self.invoices,
            &invoices,
            &keep,
            &invoice_dict,
            &mut self.invoice_dict,
        );
        for (role, column) in &tx.texts {
            if let Some(to) = self.tx.texts.get_mut(role) {
                recode(
                    &mut to.codes,
                    &column.codes,
                    &keep,
                    &column.dictionary,
                    &mut to.dictionary,
                );
            }
        }
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
        let date_name = self.layout.columns[self.date_col].name.clone();
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

/// Appends to `out` the values of the `keep` lines.
fn pick<T: Copy>(out: &mut Vec<T>, values: &[T], keep: &[usize]) {
    out.extend(keep.iter().map(|&i| values[i]));
}

/// Appends to `out` the codes of the `keep` lines, turned from a batch's dictionary `from` into the
/// file's `to`: each value is looked up once per batch, when a kept line first uses it.
fn recode(
    out: &mut Vec<u32>,
    codes: &[u32],
    keep: &[usize],
    from: &Dictionary,
    to: &mut Dictionary,
) {
    let mut file_code = vec![u32::MAX; from.len()];
    out.extend(keep.iter().map(|&i| match codes[i] {
        NO_INVOICE => NO_INVOICE,
        c => {
            let code = &mut file_code[c as usize];
            if *code == u32::MAX {
                *code = to.intern(from.get(c));
            }
            *code
        }
    }));
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
