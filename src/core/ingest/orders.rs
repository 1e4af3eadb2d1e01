//! After the rows are read: the lines set aside dropped from every column, each line's order (an
//! invoice of one customer, or a customer's day), and the sentence for a file with nothing left.

use rustc_hash::FxHashMap;

use super::{IngestError, RowAccount};
use crate::core::table::{Dictionary, Transactions};

/// The invoice code of a line without an invoice: its order is the customer's day. A code rather than an
/// `Option`, which would double the column of a file of millions of lines while it is read.
pub(super) const NO_INVOICE: u32 = u32::MAX;

/// Gives every line its order: lines of one invoice and one customer, or (without an invoice) of one
/// customer and one day, share an order code.
pub(super) fn assign_orders(tx: &mut Transactions, invoices: &[u32]) {
    let mut orders: FxHashMap<(u32, i64), u32> = FxHashMap::default();
    let mut last: Option<((u32, i64), u32)> = None;
    tx.order = Vec::with_capacity(tx.len());
    for (i, &invoice) in invoices.iter().enumerate().take(tx.len()) {
        let key = match invoice {
            NO_INVOICE => (tx.customer[i], tx.day(i)),
            inv => (tx.customer[i], i64::from(inv)),
        };
        let code = match last {
            Some((k, c)) if k == key => c,
            _ => {
                let next = orders.len() as u32;
                *orders.entry(key).or_insert(next)
            }
        };
        last = Some((key, code));
        tx.order.push(code);
    }
    tx.orders = orders.len();
}

/// Why a file has no used line: each reason rows were set aside for, with an example.
pub(super) fn nothing_left(account: &RowAccount) -> IngestError {
    let reasons: Vec<String> = account
        .set_aside
        .iter()
        .map(|(r, c)| {
            let example = account.examples.get(r).and_then(|e| e.first());
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
    IngestError::NothingLeft(summary)
}

/// Keeps the lines marked `true` in every column.
pub(super) fn compact(tx: &mut Transactions, invoices: &mut Vec<u32>, keep: &[bool]) {
    fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
        let mut k = keep.iter();
        v.retain(|_| *k.next().unwrap_or(&false));
    }
    retain(&mut tx.customer, keep);
    retain(&mut tx.line, keep);
    // Keep only customers that still have lines, so every customer in the dictionary bought something.
    let mut remap = vec![u32::MAX; tx.customers.len()];
    let mut customers = Dictionary::default();
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
