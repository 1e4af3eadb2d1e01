//! The headline figures.

use leptos::prelude::*;

use super::state::AppState;
use crate::charts::{money, thousands};
use crate::core::ingest::AmountSource;

/// KPI cards: rows, customers, orders, revenue, profit, average order value, dates.
#[component]
pub fn Kpis() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.analysis.get().map(|a| {
            let r = &a.report;
            let k = r.kpi.clone();
            let value_name = match r.source.amount_source {
                AmountSource::Column | AmountSource::QuantityTimesPrice => "Revenue",
                AmountSource::Quantity => "Units (no amount column)",
                AmountSource::Lines => "Items (no amount column)",
            };
            let card = |id: &'static str, label: String, value: String| {
                view! {
                    <div class="kpi" data-kpi=id>
                        <div class="kpi-label">{label}</div>
                        <div class="kpi-value">{value}</div>
                    </div>
                }
            };
            view! {
                <section class="kpis" aria-label="Key figures">
                    {card("rows-read", "Rows read".into(), thousands(k.rows_read))}
                    {card("rows-used", "Rows used".into(), thousands(k.rows_used))}
                    {(!r.source.orders_only).then(|| card("customers", "Customers".into(), thousands(k.customers as u64)))}
                    {card("orders", "Orders".into(), thousands(k.orders as u64))}
                    {card("revenue", value_name.into(), money(k.revenue))}
                    {k.profit.map(|p| card("profit", "Profit".into(), money(p)))}
                    {card("aov", r.source.amount_source.words().per_order.into(), money(k.average_order_value))}
                    {card("dates", "Date range".into(), format!("{} to {}", k.first_date, k.last_date))}
                </section>
            }
        })
    }
}
