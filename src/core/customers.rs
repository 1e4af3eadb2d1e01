//! Transactions -> one row per customer: first and last purchase, orders, spend.

use std::cmp::Ordering;

use crate::core::table::Transactions;

/// What one customer did over the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSummary {
    /// The customer's code in the transaction table.
    pub code: u32,
    /// The customer id as written (a float's `.0` dropped).
    pub id: String,
    /// Day of the first purchase (days since 1970-01-01).
    pub first_day: i64,
    /// Day of the last purchase.
    pub last_day: i64,
    /// Distinct orders.
    pub orders: u32,
    /// Total spend (sum of line values).
    pub revenue: f64,
}

/// Summarises every customer, sorted by id: numerically when every id is a whole number (so `9` comes
/// before `10`, as pandas' groupby orders a numeric column), else as text.
pub fn summarize(tx: &Transactions) -> Vec<CustomerSummary> {
    let n = tx.customers.len();
    let mut rows: Vec<CustomerSummary> = (0..n)
        .map(|c| CustomerSummary {
            code: c as u32,
            id: tx.customers.get(c as u32).to_string(),
            first_day: i64::MAX,
            last_day: i64::MIN,
            orders: 0,
            revenue: 0.0,
        })
        .collect();
    let mut order_seen = vec![false; tx.orders];
    for i in 0..tx.len() {
        let row = &mut rows[tx.customer[i] as usize];
        let day = tx.day(i);
        row.first_day = row.first_day.min(day);
        row.last_day = row.last_day.max(day);
        row.revenue += tx.amount[i];
        let o = tx.order[i] as usize;
        if !order_seen[o] {
            order_seen[o] = true;
            row.orders += 1;
        }
    }
    let numeric: Option<Vec<u64>> = rows.iter().map(|r| r.id.parse::<u64>().ok()).collect();
    match numeric {
        Some(keys) => {
            let mut idx: Vec<usize> = (0..n).collect();
            idx.sort_by(|&a, &b| {
                keys[a]
                    .cmp(&keys[b])
                    .then_with(|| rows[a].id.cmp(&rows[b].id))
            });
            let mut taken: Vec<Option<CustomerSummary>> = rows.into_iter().map(Some).collect();
            idx.into_iter().filter_map(|i| taken[i].take()).collect()
        }
        None => {
            rows.sort_by(|a, b| a.id.cmp(&b.id).then(Ordering::Equal));
            rows
        }
    }
}
