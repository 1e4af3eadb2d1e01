//! The repeat-purchase summary the CLV models read: per customer, frequency (repeat purchase days),
//! recency and age T in the chosen time unit, and the mean value of the repeat purchases, as lifetimes'
//! `summary_data_from_transaction_data` computes them (purchases on one day merged).

use super::horizon::PurchasePeriod;
use crate::core::table::Transactions;

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

/// Each customer's purchase days with their values, in customer-code order (days ascending); with a
/// calendar `period`, each day is the first of its period, so purchases in one period merge.
pub fn purchase_days(tx: &Transactions, period: PurchasePeriod) -> Vec<Vec<(i64, f64)>> {
    let mut lines: Vec<(u32, i64, f64)> = (0..tx.len())
        .map(|i| (tx.customer[i], period.start(tx.day(i)), tx.amount[i]))
        .collect();
    lines.sort_unstable_by_key(|&(c, d, _)| (c, d));
    let mut out = vec![Vec::new(); tx.customers.len()];
    for (c, d, v) in lines {
        let days: &mut Vec<(i64, f64)> = &mut out[c as usize];
        match days.last_mut() {
            Some(last) if last.0 == d => last.1 += v,
            _ => days.push((d, v)),
        }
    }
    out
}

/// The summary of a customer's purchase days up to `until_day` included, observed to `observation_day`,
/// with `unit_days` days to a time unit; `None` if the customer had not bought by then.
pub fn summarize_days(
    days: &[(i64, f64)],
    until_day: i64,
    observation_day: i64,
    unit_days: f64,
) -> Option<Rft> {
    let kept = &days[..days.partition_point(|&(d, _)| d <= until_day)];
    let (first, _) = *kept.first()?;
    let (last, _) = *kept.last()?;
    let frequency = (kept.len() - 1) as u32;
    let repeat: f64 = kept[1..].iter().map(|&(_, v)| v).sum();
    Some(Rft {
        frequency,
        recency: (last - first) as f64 / unit_days,
        t: (observation_day - first) as f64 / unit_days,
        monetary: if frequency > 0 {
            repeat / f64::from(frequency)
        } else {
            0.0
        },
    })
}

/// The summary of every customer (indexed by customer code) observed to `observation_day`, purchases
/// counted by `period` (the observation day then taken as the first of its period, as lifetimes does).
pub fn summarize(
    tx: &Transactions,
    observation_day: i64,
    unit_days: f64,
    period: PurchasePeriod,
) -> Vec<Rft> {
    let end = period.start(observation_day);
    purchase_days(tx, period)
        .iter()
        .filter_map(|days| summarize_days(days, end, end, unit_days))
        .collect()
}
