//! Diagnostics: customers grouped by the month of their first purchase and the share of each cohort still
//! buying in each later month; and months at either end of the data that look incomplete.

use serde::{Deserialize, Serialize};

use crate::core::table::{day_of, iso_date, parse_iso_day, year_month, Transactions, YearMonths};

/// One cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// The month of first purchase, `YYYY-MM`.
    pub month: String,
    /// Customers whose first purchase fell in it.
    pub customers: u64,
    /// Their revenue over the whole data.
    pub revenue: f64,
    /// `retention[k]`: share of the cohort buying k months after the first (1 at k = 0), up to the data's
    /// last month.
    pub retention: Vec<f64>,
}

/// A month at either end with far fewer days with orders (or orders) than the typical month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncompleteMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Orders in it.
    pub orders: u64,
    /// Days with an order.
    pub days: u64,
    /// Why it is flagged.
    pub reason: String,
}

/// Cohorts and incomplete months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohorts {
    /// Cohorts, oldest first.
    pub cohorts: Vec<Cohort>,
    /// Months at the ends that look incomplete.
    pub incomplete: Vec<IncompleteMonth>,
    /// The first day after the incomplete months at the start (`YYYY-MM-DD`), when there are some.
    pub complete_start: Option<String>,
    /// The last day before the incomplete months at the end, when there are some.
    pub complete_end: Option<String>,
}

/// A month as a number (year x 12 + month - 1).
fn month_index((y, m): (i32, u32)) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn month_name(index: i64) -> String {
    format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// The first and last month of `tx` (as month numbers), or `None` when it is empty.
pub fn month_range(tx: &Transactions) -> Option<(i64, i64)> {
    let (lo, hi) = tx
        .time
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    (!tx.is_empty()).then(|| {
        (
            month_index(year_month(day_of(lo))),
            month_index(year_month(day_of(hi))),
        )
    })
}

/// Computes the cohorts of `tx` and flags incomplete months.
pub fn cohorts(tx: &Transactions) -> Cohorts {
    let Some((first, last)) = month_range(tx) else {
        return Cohorts {
            cohorts: Vec::new(),
            incomplete: Vec::new(),
            complete_start: None,
            complete_end: None,
        };
    };
    let mut cache = YearMonths::default();
    let months: Vec<i64> = (0..tx.len())
        .map(|i| month_index(cache.of(tx.day(i))))
        .collect();
    let span = (last - first + 1) as usize;
    let all: Vec<usize> = (0..tx.len()).collect();
    let list = cohort_list(tx, &all, |i| months[i], (first, last));
    let (incomplete, leading, trailing) = incomplete_months(tx, &months, first, span);
    let first_day_of = |month: i64| parse_iso_day(&format!("{}-01", month_name(month)));
    Cohorts {
        cohorts: list,
        incomplete,
        complete_start: (leading > 0)
            .then(|| first_day_of(first + leading as i64).map(iso_date))
            .flatten(),
        complete_end: (trailing > 0)
            .then(|| first_day_of(last - trailing as i64 + 1).map(|d| iso_date(d - 1)))
            .flatten(),
    }
}

/// The cohorts of the customers of `lines` (the lines of a group of customers), with retention up to the
/// last month of `range` (from [`month_range`] of all the data, so every group's rows line up).
pub fn group_cohorts(tx: &Transactions, lines: &[usize], range: (i64, i64)) -> Vec<Cohort> {
    let mut cache = YearMonths::default();
    cohort_list(tx, lines, |i| month_index(cache.of(tx.day(i))), range)
}

/// Cohorts of the customers of `lines`, `month(i)` being line i's month number, within `(first, last)`.
fn cohort_list(
    tx: &Transactions,
    lines: &[usize],
    mut month: impl FnMut(usize) -> i64,
    (first, last): (i64, i64),
) -> Vec<Cohort> {
    let span = (last - first + 1) as usize;
    let (starts, grouped) = tx.by_customer(lines);
    let mut months: Vec<i64> = grouped.iter().map(|&i| month(i)).collect();
    let mut size = vec![0u64; span];
    let mut cohort_revenue = vec![0.0; span];
    let mut buying: Vec<Vec<u64>> = vec![Vec::new(); span];
    for w in starts.windows(2) {
        let own = &mut months[w[0]..w[1]];
        own.sort_unstable();
        let Some(&first_month) = own.first() else {
            continue;
        };
        let k = (first_month - first) as usize;
        size[k] += 1;
        cohort_revenue[k] += grouped[w[0]..w[1]]
            .iter()
            .map(|&i| tx.amount[i])
            .sum::<f64>();
        // Buyers of cohort k in each month from its first to the last.
        let row = &mut buying[k];
        row.resize(span - k, 0);
        for (j, &m) in own.iter().enumerate() {
            if j == 0 || own[j - 1] != m {
                row[(m - first_month) as usize] += 1;
            }
        }
    }
    (0..span)
        .filter(|&k| size[k] > 0)
        .map(|k| Cohort {
            month: month_name(first + k as i64),
            customers: size[k],
            revenue: cohort_revenue[k],
            retention: buying[k]
                .iter()
                .map(|&b| b as f64 / size[k] as f64)
                .collect(),
        })
        .collect()
}

/// The number of distinct values.
fn distinct<T: Ord>(v: &mut Vec<T>) -> u64 {
    v.sort_unstable();
    v.dedup();
    v.len() as u64
}

/// Months at either end with under half the median month's days with orders, or under a quarter of its
/// orders; and how many of them lead and trail.
fn incomplete_months(
    tx: &Transactions,
    months: &[i64],
    first: i64,
    span: usize,
) -> (Vec<IncompleteMonth>, usize, usize) {
    let mut orders = vec![Vec::new(); span];
    let mut days = vec![Vec::new(); span];
    // A repeat of a month's previous value is left out before counting: a file's lines come in runs of
    // one order and one day.
    for (i, &month) in months.iter().enumerate() {
        let k = (month - first) as usize;
        let (order, day) = (tx.order[i], tx.day(i));
        if orders[k].last() != Some(&order) {
            orders[k].push(order);
        }
        if days[k].last() != Some(&day) {
            days[k].push(day);
        }
    }
    let orders: Vec<u64> = orders
        .iter_mut()
        .map(|v: &mut Vec<u32>| distinct(v))
        .collect();
    let days: Vec<u64> = days
        .iter_mut()
        .map(|v: &mut Vec<i64>| distinct(v))
        .collect();
    if span < 3 {
        return (Vec::new(), 0, 0);
    }
    let median = |v: &[u64]| {
        let mut s = v.to_vec();
        s.sort_unstable();
        s[s.len() / 2] as f64
    };
    let (mo, md) = (median(&orders), median(&days));
    let mut out = Vec::new();
    let mut check = |k: usize| {
        // A cut-off month has few days with orders; a seasonal dip has fewer orders on as many days.
        let few_orders = (orders[k] as f64) < 0.25 * mo;
        let few_days = (days[k] as f64) < 0.5 * md;
        if few_orders || few_days {
            out.push(IncompleteMonth {
                month: month_name(first + k as i64),
                orders: orders[k],
                days: days[k],
                reason: format!(
                    "{} orders on {} days, against a typical month's {mo:.0} orders on {md:.0} days",
                    orders[k], days[k]
                ),
            });
        }
        few_orders || few_days
    };
    // From each end inwards while months look incomplete.
    let mut leading = 0;
    while leading < span / 2 && check(leading) {
        leading += 1;
    }
    let mut trailing = 0;
    while span - 1 - trailing >= span / 2 && check(span - 1 - trailing) {
        trailing += 1;
    }
    (out, leading, trailing)
}
