//! The repeat-purchase summary the CLV models read: per customer, frequency (repeat purchase days),
//! recency and age T in the chosen time unit, and the mean value of the repeat purchases, as lifetimes'
//! `summary_data_from_transaction_data` computes them (purchases on one day merged).

use crate::core::transactions::Transactions;

/// One customer's summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rft {
    /// Repeat purchases: distinct purchase days minus one.
    pub frequency: u32,
    /// From the first to the last purchase, in time units.
    pub recency: f64,
    /// From the first purchase to the observation end, in time units.
    pub t: f64,
    /// Mean value of the repeat purchase days (0 without repeats).
    pub monetary: f64,
}

/// The summary of every customer, indexed by customer code, observed up to `observation_day` (days since
/// 1970-01-01), with `unit_days` days to a time unit (1 or 7).
pub fn summarize(tx: &Transactions, observation_day: i64, unit_days: f64) -> Vec<Rft> {
    let mut lines: Vec<(u32, i64, f64)> = (0..tx.len())
        .map(|i| (tx.customer[i], tx.day(i), tx.amount[i]))
        .collect();
    lines.sort_unstable_by_key(|&(c, d, _)| (c, d));
    let mut out = vec![
        Rft {
            frequency: 0,
            recency: 0.0,
            t: 0.0,
            monetary: 0.0
        };
        tx.customers.len()
    ];
    let mut i = 0;
    while i < lines.len() {
        let customer = lines[i].0;
        let first = lines[i].1;
        let (mut last, mut days, mut repeat_value) = (first, 0u32, 0.0);
        while i < lines.len() && lines[i].0 == customer {
            let day = lines[i].1;
            let mut value = 0.0;
            while i < lines.len() && lines[i].0 == customer && lines[i].1 == day {
                value += lines[i].2;
                i += 1;
            }
            if day != first {
                repeat_value += value;
            }
            days += 1;
            last = day;
        }
        let frequency = days - 1;
        out[customer as usize] = Rft {
            frequency,
            recency: (last - first) as f64 / unit_days,
            t: (observation_day - first) as f64 / unit_days,
            monetary: if frequency > 0 {
                repeat_value / f64::from(frequency)
            } else {
                0.0
            },
        };
    }
    out
}
