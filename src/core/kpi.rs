//! Headline figures and the monthly series.

use serde::{Deserialize, Serialize};

use crate::core::ingest::RowAccount;
use crate::core::table::{day_of, iso_date, year_month, Role, Transactions, YearMonths};

/// The numbers at the top of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Data rows read.
    pub rows_read: u64,
    /// Rows used.
    pub rows_used: u64,
    /// Distinct customers.
    pub customers: usize,
    /// Distinct orders.
    pub orders: usize,
    /// Sum of line values.
    pub revenue: f64,
    /// Sum of profit, when a profit column exists.
    pub profit: Option<f64>,
    /// Revenue per order.
    pub average_order_value: f64,
    /// First purchase date, `YYYY-MM-DD`.
    pub first_date: String,
    /// Last purchase date, `YYYY-MM-DD`.
    pub last_date: String,
}

/// One calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Sum of line values in the month.
    pub revenue: f64,
    /// Orders placed in the month (by the date of their first line).
    pub orders: u64,
    /// Sum of profit in the month, when there is a profit column.
    #[serde(default)]
    pub profit: Option<f64>,
    /// Change of the line values on the same month a year before (0.1 = +10 %).
    #[serde(default)]
    pub change_on_year: Option<f64>,
}

/// Computes the KPIs.
pub fn kpis(tx: &Transactions, account: &RowAccount) -> Kpi {
    let revenue: f64 = tx.amount.iter().sum();
    let profit = tx
        .numbers
        .get(&Role::Profit)
        .map(|p| p.iter().filter(|v| v.is_finite()).sum());
    let first = tx.time.iter().min().map_or(0, |&t| day_of(t));
    let last = tx.time.iter().max().map_or(0, |&t| day_of(t));
    Kpi {
        rows_read: account.read,
        rows_used: account.used,
        customers: tx.customers.len(),
        orders: tx.orders,
        revenue,
        profit,
        average_order_value: if tx.orders == 0 {
            0.0
        } else {
            revenue / tx.orders as f64
        },
        first_date: iso_date(first),
        last_date: iso_date(last),
    }
}

/// Revenue and orders per calendar month of `lines` of `tx`, every month from their first to their last.
pub fn monthly(tx: &Transactions, lines: impl Iterator<Item = usize> + Clone) -> Vec<Month> {
    let Some(first) = lines.clone().map(|i| tx.time[i]).min() else {
        return Vec::new();
    };
    let last = lines.clone().map(|i| tx.time[i]).max().unwrap_or(first);
    let month_index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m) - 1;
    let (m0, m1) = (
        month_index(year_month(day_of(first))),
        month_index(year_month(day_of(last))),
    );
    let profit = tx.numbers.get(&Role::Profit);
    let mut months: Vec<Month> = (m0..=m1)
        .map(|m| Month {
            month: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            revenue: 0.0,
            orders: 0,
            profit: profit.map(|_| 0.0),
            change_on_year: None,
        })
        .collect();
    let mut order_seen = vec![false; tx.orders];
    let mut cache = YearMonths::default();
    for i in lines {
        let slot = (month_index(cache.of(tx.day(i))) - m0) as usize;
        months[slot].revenue += tx.amount[i];
        if let (Some(p), Some(sum)) = (profit, months[slot].profit.as_mut()) {
            if p[i].is_finite() {
                *sum += p[i];
            }
        }
        let o = tx.order[i] as usize;
        if !order_seen[o] {
            order_seen[o] = true;
            months[slot].orders += 1;
        }
    }
    for k in 12..months.len() {
        let before = months[k - 12].revenue;
        months[k].change_on_year = (before != 0.0).then(|| months[k].revenue / before - 1.0);
    }
    months
}

/// The last complete month's revenue and orders, against the month before and the same month a year
/// before, with the months leading to it: what a KPI tile compares and draws as a sparkline.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The last month not marked incomplete, `YYYY-MM`.
    pub month: String,
    /// Its revenue.
    pub revenue: f64,
    /// Its orders.
    pub orders: u64,
    /// Revenue's change on the month before (0.1 = +10 %), when that month had any.
    pub revenue_on_month: Option<f64>,
    /// Orders' change on the month before.
    pub orders_on_month: Option<f64>,
    /// Revenue's change on the same month a year before, when the data reach back that far and it had any.
    pub revenue_on_year: Option<f64>,
    /// Orders' change on the same month a year before.
    pub orders_on_year: Option<f64>,
    /// Up to [`SPARK_MONTHS`] months ending with `month`.
    pub recent: Vec<Month>,
}

/// Months a sparkline shows.
pub const SPARK_MONTHS: usize = 24;

/// The trend of `months` (contiguous, as [`monthly`] makes them), leaving out the trailing months that
/// `incomplete` marks; `None` when no complete month is left.
pub fn trend(months: &[Month], incomplete: impl Fn(&str) -> bool) -> Option<Trend> {
    let last = months.iter().rposition(|m| !incomplete(&m.month))?;
    let change = |now: f64, before: f64| (before > 0.0).then(|| now / before - 1.0);
    let at = |back: usize| last.checked_sub(back).map(|k| &months[k]);
    let now = &months[last];
    Some(Trend {
        month: now.month.clone(),
        revenue: now.revenue,
        orders: now.orders,
        revenue_on_month: at(1).and_then(|m| change(now.revenue, m.revenue)),
        orders_on_month: at(1).and_then(|m| change(now.orders as f64, m.orders as f64)),
        revenue_on_year: at(12).and_then(|m| change(now.revenue, m.revenue)),
        orders_on_year: at(12).and_then(|m| change(now.orders as f64, m.orders as f64)),
        recent: months[(last + 1).saturating_sub(SPARK_MONTHS)..=last].to_vec(),
    })
}
