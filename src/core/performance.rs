//! The management view: sales and profit by year with the change on the year before, what sells (category,
//! sub-category, country: the top ten and the rest), how it ships (share of orders by ship mode) and the
//! mean shipping cost; each view only when its columns exist, with a note saying which are missing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::cohorts::{group_cohorts, month_range, Cohort};
use crate::core::kpi::{monthly, Month};
use crate::core::parallel;
use crate::core::table::{Role, Transactions, YearMonths};

/// The management view of one group of customers (an RFM segment or a behavioural cluster).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupPerformance {
    /// The group's name.
    pub name: String,
    /// Its customers.
    pub customers: u64,
    /// Its orders.
    pub orders: u64,
    /// Its sales, profit, categories, countries and shipping.
    pub performance: Performance,
    /// Its customers by month of first purchase, with retention up to the data's last month.
    #[serde(default)]
    pub cohorts: Vec<Cohort>,
}

/// The management view and cohorts of each group; `group[c]` is the group of customer code `c` (`None`: in no group).
/// Groups with no customer are left out. The lines are sorted into groups in one pass, so all the groups
/// together cost one pass over the file.
pub fn by_group(
    tx: &Transactions,
    names: &[String],
    group: &[Option<usize>],
) -> Vec<GroupPerformance> {
    let range = month_range(tx).unwrap_or_default();
    let mut lines: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for i in 0..tx.len() {
        if let Some(g) = group[tx.customer[i] as usize] {
            lines[g].push(i);
        }
    }
    let groups: Vec<(usize, Vec<usize>)> = lines
        .into_iter()
        .enumerate()
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    parallel::map(&groups, |(g, lines)| GroupPerformance {
        name: names[*g].clone(),
        customers: group.iter().filter(|c| **c == Some(*g)).count() as u64,
        orders: distinct_orders(tx, lines.iter().copied()) as u64,
        performance: performance_of(tx, lines.iter().copied()),
        cohorts: group_cohorts(tx, lines, range),
    })
}

/// Distinct orders among `lines`.
fn distinct_orders(tx: &Transactions, lines: impl Iterator<Item = usize>) -> usize {
    let mut seen = vec![false; tx.orders];
    lines
        .filter(|&i| !std::mem::replace(&mut seen[tx.order[i] as usize], true))
        .count()
}

/// One year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Year {
    /// The calendar year.
    pub year: i32,
    /// Sum of line values.
    pub sales: f64,
    /// Sum of profit, when there is a profit column.
    pub profit: Option<f64>,
    /// Months of the year with sales.
    #[serde(default)]
    pub months: u32,
    /// Sales change on the year before (0.1 = +10 %), like for like: over the months both years have
    /// sales in (all twelve for two whole years).
    pub sales_change: Option<f64>,
    /// Profit change on the year before, over the same months.
    pub profit_change: Option<f64>,
    /// The months the changes compare (12 for two whole years; fewer when either year is partial).
    #[serde(default)]
    pub compared_months: u32,
}

/// Sales (and profit) of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The group ("Other" for the rest beyond the top ten).
    pub name: String,
    /// Sum of line values.
    pub sales: f64,
    /// Sum of profit, when there is a profit column.
    pub profit: Option<f64>,
    /// Share of all sales (of all orders, for ship modes).
    pub share: f64,
}

/// Orders shipped one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipMode {
    /// The ship mode.
    pub name: String,
    /// Orders.
    pub orders: u64,
    /// Share of all orders with a ship mode.
    pub share: f64,
}

/// The management view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// Sales and profit per year, oldest first.
    pub by_year: Vec<Year>,
    /// Sales, orders and profit per month, oldest first.
    pub by_month: Vec<Month>,
    /// Top ten categories by sales and the rest.
    pub by_category: Vec<Group>,
    /// Top ten sub-categories and the rest.
    pub by_sub_category: Vec<Group>,
    /// Top ten countries or markets and the rest.
    pub by_country: Vec<Group>,
    /// Top ten regions and the rest.
    pub by_region: Vec<Group>,
    /// Share of orders by ship mode (an order's mode is that of its first line).
    pub ship_mode_share: Vec<ShipMode>,
    /// Mean shipping cost per order, when there is a shipping-cost column.
    pub mean_shipping_cost: Option<f64>,
    /// The views left out, and why.
    pub notes: Vec<String>,
}

/// Sales and profit of one year by month (January = 0), and which months have sales.
#[derive(Default)]
struct MonthSums {
    sales: [f64; 12],
    profit: [f64; 12],
    with: [bool; 12],
}

/// Computes the management view of `tx`.
pub fn performance(tx: &Transactions) -> Performance {
    performance_of(tx, 0..tx.len())
}

/// The management view of `lines` of `tx`.
fn performance_of(tx: &Transactions, lines: impl Iterator<Item = usize> + Clone) -> Performance {
    let profit = tx.numbers.get(&Role::Profit);
    let line_profit = |i: usize| {
        profit
            .map(|p| p[i])
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    let mut years: BTreeMap<i32, MonthSums> = BTreeMap::new();
    let mut cache = YearMonths::default();
    for i in lines.clone() {
        let (year, month) = cache.of(tx.day(i));
        let e = years.entry(year).or_default();
        let m = month as usize - 1;
        e.sales[m] += tx.amount[i];
        e.profit[m] += line_profit(i);
        e.with[m] = true;
    }
    let change = |now: f64, before: f64| (before != 0.0).then(|| now / before - 1.0);
    let mut by_year: Vec<Year> = Vec::new();
    for (&year, now) in &years {
        let before = years.get(&(year - 1));
        // Like for like: the months both years have sales in.
        let common: Vec<usize> = (0..12)
            .filter(|&m| now.with[m] && before.is_some_and(|b| b.with[m]))
            .collect();
        let on = |v: &[f64; 12]| common.iter().map(|&m| v[m]).sum::<f64>();
        let compared = before.filter(|_| !common.is_empty());
        by_year.push(Year {
            year,
            sales: now.sales.iter().sum(),
            profit: profit.map(|_| now.profit.iter().sum()),
            months: now.with.iter().filter(|w| **w).count() as u32,
            sales_change: compared.and_then(|b| change(on(&now.sales), on(&b.sales))),
            profit_change: compared
                .filter(|_| profit.is_some())
                .and_then(|b| change(on(&now.profit), on(&b.profit))),
            compared_months: common.len() as u32,
        });
    }
    let total: f64 = lines.clone().map(|i| tx.amount[i]).sum();
    let mut notes = Vec::new();
    let mut groups = |role: Role, what: &str| -> Vec<Group> {
        let Some(column) = tx.texts.get(&role) else {
            notes.push(format!("No {what} column, so no sales by {what}."));
            return Vec::new();
        };
        let mut sums = vec![(0.0, 0.0); column.dictionary.len()];
        for i in lines.clone() {
            let s = &mut sums[column.codes[i] as usize];
            s.0 += tx.amount[i];
            s.1 += line_profit(i);
        }
        let named = (0..sums.len()).map(|c| (column.dictionary.get(c as u32).to_string(), sums[c]));
        top_ten(named.collect(), total, profit.is_some())
    };
    let by_category = groups(Role::Category, "category");
    let by_sub_category = groups(Role::SubCategory, "sub-category");
    let by_country = groups(Role::Country, "country");
    let by_region = groups(Role::Region, "region");
    if let [only] = by_country.as_slice() {
        notes.push(format!(
            "All sales are in one country ({}), so no comparison by country.",
            only.name
        ));
    }
    let ship_mode_share = match tx.texts.get(&Role::ShipMode) {
        Some(column) => {
            // Each order's ship mode: that of its first line.
            let mut mode_of_order: Vec<Option<u32>> = vec![None; tx.orders];
            for i in lines.clone() {
                mode_of_order[tx.order[i] as usize].get_or_insert(column.codes[i]);
            }
            let mut counts = vec![0.0; column.dictionary.len()];
            let placed = mode_of_order.iter().flatten().count() as f64;
            for &m in mode_of_order.iter().flatten() {
                counts[m as usize] += 1.0;
            }
            let mut modes: Vec<ShipMode> = (0..counts.len())
                .filter(|&c| counts[c] > 0.0)
                .map(|c| ShipMode {
                    name: column.dictionary.get(c as u32).to_string(),
                    orders: counts[c] as u64,
                    share: counts[c] / placed,
                })
                .collect();
            modes.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.name.cmp(&b.name)));
            modes
        }
        None => {
            notes.push("No ship-mode column, so no shipping mix.".into());
            Vec::new()
        }
    };
    let mean_shipping_cost = tx.numbers.get(&Role::ShippingCost).map(|cost| {
        let sum: f64 = lines
            .clone()
            .map(|i| cost[i])
            .filter(|v| v.is_finite())
            .sum();
        sum / distinct_orders(tx, lines.clone()).max(1) as f64
    });
    if profit.is_none() {
        notes.push("No profit column, so sales only.".into());
    }
    Performance {
        by_year,
        by_month: monthly(tx, lines),
        by_region,
        by_category,
        by_sub_category,
        by_country,
        ship_mode_share,
        mean_shipping_cost,
        notes,
    }
}

/// The ten largest (name, (value, profit)) groups by value and the rest as "Other", with shares of `total`.
fn top_ten(mut groups: Vec<(String, (f64, f64))>, total: f64, has_profit: bool) -> Vec<Group> {
    groups.retain(|(name, _)| !name.trim().is_empty());
    groups.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    let group = |name: String, (sales, profit): (f64, f64)| Group {
        name,
        sales,
        profit: has_profit.then_some(profit),
        share: if total != 0.0 { sales / total } else { 0.0 },
    };
    let rest: Vec<(String, (f64, f64))> = groups.split_off(groups.len().min(10));
    let mut out: Vec<Group> = groups.into_iter().map(|(n, v)| group(n, v)).collect();
    if !rest.is_empty() {
        let sums = rest
            .iter()
            .fold((0.0, 0.0), |a, (_, v)| (a.0 + v.0, a.1 + v.1));
        out.push(group(format!("Other ({})", rest.len()), sums));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_top_ten_and_sums_the_rest() {
        let groups: Vec<(String, (f64, f64))> = (1..=12)
            .map(|i| (format!("g{i}"), (f64::from(i), 1.0)))
            .collect();
        let out = top_ten(groups, 78.0, true);
        assert_eq!(out.len(), 11);
        assert_eq!(out[0].name, "g12");
        assert_eq!(out[10].name, "Other (2)");
        assert_eq!(out[10].sales, 3.0);
        assert_eq!(out[10].profit, Some(2.0));
        assert!((out.iter().map(|g| g.share).sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
