//! One customer's orders, newest first, read from the transaction table for the page's drill-down.

use serde::{Deserialize, Serialize};

use crate::core::table::{day_of, iso_date, Role, Transactions};

/// Lines a history holds at most; a customer with more has the newest this many.
pub const MAX_LINES: usize = 2_000;

/// One line of a past order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastLine {
    /// The product's description, or its code, when the file names products.
    pub product: Option<String>,
    /// Units, when the file has a quantity column.
    pub quantity: Option<f64>,
    /// The line's value.
    pub amount: f64,
    /// The line of the file it came from (1-based, counting the header).
    pub file_line: u64,
}

/// One order, with its lines in the file's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastOrder {
    /// The order's day, `YYYY-MM-DD`.
    pub date: String,
    /// Its summed value.
    pub amount: f64,
    /// Its lines.
    pub lines: Vec<PastLine>,
}

/// A customer's orders, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The customer id.
    pub customer: String,
    /// The orders.
    pub orders: Vec<PastOrder>,
    /// The customer's lines in the table; more than the orders hold when over [`MAX_LINES`].
    pub lines: usize,
}

/// The orders of `customer` in `tx`, or `None` when the table has no such customer.
pub fn history(tx: &Transactions, customer: &str) -> Option<History> {
    let code = tx.customers.code(customer)?;
    let mut mine: Vec<usize> = (0..tx.len()).filter(|&i| tx.customer[i] == code).collect();
    let lines = mine.len();
    // Orders newest first (by their latest line), each order's lines together in the file's order.
    let mut latest: rustc_hash::FxHashMap<u32, i64> = Default::default();
    for &i in &mine {
        let t = latest.entry(tx.order[i]).or_insert(tx.time[i]);
        *t = (*t).max(tx.time[i]);
    }
    mine.sort_by_key(|&i| {
        (
            std::cmp::Reverse(latest[&tx.order[i]]),
            tx.order[i],
            tx.line[i],
        )
    });
    mine.truncate(MAX_LINES);
    let product = tx
        .texts
        .get(&Role::Description)
        .or_else(|| tx.texts.get(&Role::Product));
    let quantity = tx.numbers.get(&Role::Quantity);
    let mut orders: Vec<PastOrder> = Vec::new();
    let mut current: Option<u32> = None;
    for i in mine {
        let line = PastLine {
            product: product.map(|c| c.dictionary.get(c.codes[i]).to_string()),
            quantity: quantity.map(|q| q[i]).filter(|q| q.is_finite()),
            amount: tx.amount[i],
            file_line: tx.line[i],
        };
        match orders.last_mut() {
            Some(o) if current == Some(tx.order[i]) => {
                o.amount += line.amount;
                o.lines.push(line);
            }
            _ => {
                current = Some(tx.order[i]);
                orders.push(PastOrder {
                    date: iso_date(day_of(latest[&tx.order[i]])),
                    amount: line.amount,
                    lines: vec![line],
                });
            }
        }
    }
    Some(History {
        customer: customer.to_string(),
        orders,
        lines,
    })
}
