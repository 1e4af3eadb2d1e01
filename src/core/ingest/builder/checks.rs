//! One check per reason a row is set aside: each gives what the row holds, or the reason with the column
//! and the cell that failed it.

use std::borrow::Cow;

use super::{is_cancellation_invoice, text, Builder};
use crate::core::ingest::basket_cell::{self, Item};
use crate::core::ingest::batch::Row;
use crate::core::ingest::{is_missing, parse_date, parse_number, AmountSource, RawDate};
use crate::core::ingest::{SetAside, MAX_VALUE};
use crate::core::table::Role;

/// Why a row is set aside: the reason, the column (by position) and what the cell held.
pub(super) struct Aside {
    pub(super) reason: SetAside,
    pub(super) column: Option<usize>,
    pub(super) value: Option<String>,
}

impl Aside {
    fn at(reason: SetAside, column: usize, value: impl Into<String>) -> Aside {
        Aside {
            reason,
            column: Some(column),
            value: Some(value.into()),
        }
    }
}

/// The text of field `c` of `rec` (empty when the row is short).
pub(super) fn cell<'r>(rec: &Row<'r>, c: usize) -> Cow<'r, str> {
    text(rec.get(c).unwrap_or_default())
}

impl Builder<'_> {
    /// The row has a field for every column read.
    pub(super) fn check_width(&self, rec: &Row) -> Result<(), Aside> {
        if rec.len() >= self.needed_width {
            return Ok(());
        }
        Err(Aside {
            reason: SetAside::MalformedRow,
            column: None,
            value: Some(format!(
                "{} fields, {} expected",
                rec.len(),
                self.needed_width
            )),
        })
    }

    /// The customer cell, which must not be empty.
    pub(super) fn check_customer<'r>(&self, rec: &Row<'r>) -> Result<Cow<'r, str>, Aside> {
        let c = self.customer_col;
        let value = cell(rec, c);
        if is_missing(&value) {
            return Err(Aside::at(SetAside::MissingCustomerId, c, value));
        }
        Ok(value)
    }

    /// The date, in one of the forms `parse_date` reads.
    pub(super) fn check_date(&self, rec: &Row) -> Result<RawDate, Aside> {
        let c = self.date_col;
        let value = cell(rec, c);
        parse_date(&value).ok_or_else(|| Aside::at(SetAside::UnparseableDate, c, value))
    }

    /// Every numeric cell read is a number, or empty where the column may be; kept in `parsed`.
    pub(super) fn check_numbers(&mut self, rec: &Row) -> Result<(), Aside> {
        for (k, n) in self.numbers.iter().enumerate() {
            let value = cell(rec, n.column);
            self.parsed[k] = match parse_number(&value, n.decimal) {
                Some(v) => v,
                None if is_missing(&value) && !n.required => f64::NAN,
                None => return Err(Aside::at(SetAside::UnparseableNumber, n.column, value)),
            };
        }
        Ok(())
    }

    /// Neither a cancellation invoice (`C536379`) nor a negative quantity.
    pub(super) fn check_cancellation(&self, rec: &Row, invoice: Option<&str>) -> Result<(), Aside> {
        if let (Some(c), Some(v)) = (self.order_col, invoice) {
            if is_cancellation_invoice(v) {
                return Err(Aside::at(SetAside::Cancellation, c, v));
            }
        }
        if self.value_of(Role::Quantity).is_some_and(|q| q < 0.0) {
            let c = self.layout.column_of(Role::Quantity).unwrap_or(0);
            return Err(Aside::at(SetAside::Cancellation, c, cell(rec, c)));
        }
        Ok(())
    }

    /// A unit price above zero; a line amount may be zero (a free item) but not negative.
    pub(super) fn check_price(&self, rec: &Row) -> Result<(), Aside> {
        let (role, bad): (Role, fn(f64) -> bool) = match self.layout.amount_source {
            AmountSource::Column => (Role::Amount, |p| p < 0.0),
            AmountSource::QuantityTimesPrice => (Role::UnitPrice, |p| p <= 0.0),
            _ => return Ok(()),
        };
        if self.value_of(role).is_some_and(bad) {
            let c = self.layout.column_of(role).unwrap_or(0);
            return Err(Aside::at(SetAside::NonPositivePrice, c, cell(rec, c)));
        }
        Ok(())
    }

    /// The line's value, with every number and the value itself within [`MAX_VALUE`]: beyond it one
    /// line would poison every sum it enters.
    pub(super) fn check_range(&self, rec: &Row) -> Result<f64, Aside> {
        let number = |role| self.value_of(role).unwrap_or(0.0);
        let amount = match self.layout.amount_source {
            AmountSource::Column => number(Role::Amount),
            AmountSource::QuantityTimesPrice => number(Role::Quantity) * number(Role::UnitPrice),
            AmountSource::Quantity => number(Role::Quantity),
            AmountSource::Lines => 1.0,
        };
        if let Some(k) = (0..self.numbers.len()).find(|&k| self.parsed[k].abs() > MAX_VALUE) {
            let c = self.numbers[k].column;
            return Err(Aside::at(SetAside::OutOfRange, c, cell(rec, c)));
        }
        if amount.abs() > MAX_VALUE {
            let c = self.layout.column_of(Role::Quantity).unwrap_or(0);
            let value = format!("quantity x price = {amount:e}");
            return Err(Aside::at(SetAside::OutOfRange, c, value));
        }
        Ok(amount)
    }

    /// The basket cell's items, when the file has a basket column.
    pub(super) fn check_basket(&self, rec: &Row) -> Result<Option<Vec<Item>>, Aside> {
        let Some(c) = self.basket_col else {
            return Ok(None);
        };
        let value = cell(rec, c);
        basket_cell::parse(&value)
            .map(Some)
            .map_err(|why| Aside::at(SetAside::BadBasket, c, format!("{why}: {value}")))
    }

    /// The hash by which a row is found to repeat an earlier one: its fields and their lengths. Without
    /// an invoice column identical rows are real repeat purchases (CDNOW has them), so none is taken.
    pub(super) fn row_hash(&self, rec: &Row) -> u128 {
        if self.order_col.is_none() {
            return 0;
        }
        let lengths = rec.iter().fold(0u64, |h, f| {
            (h.rotate_left(5) ^ f.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        });
        xxhash_rust::xxh3::xxh3_128_with_seed(rec.as_slice(), lengths)
    }

    /// The number of `role` parsed from the row being checked, when the file has the column.
    pub(super) fn value_of(&self, role: Role) -> Option<f64> {
        self.numbers
            .iter()
            .position(|n| n.role == role)
            .map(|k| self.parsed[k])
    }
}
