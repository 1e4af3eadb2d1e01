//! The headline figures.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::state::AppState;
use crate::charts::{change, draw_sparkline, money, thousands};
use crate::core::kpi::{trend, Trend};

/// The last complete month of a tile's figure against the month before and a year before, and the
/// months leading to it as a sparkline; `pick` chooses the figure, `format` writes it.
fn comparison(
    id: &'static str,
    t: &Trend,
    pick: fn(&Trend) -> (Option<f64>, Option<f64>),
    value: fn(&crate::core::kpi::Month) -> f64,
    format: fn(f64) -> String,
) -> impl IntoView {
    let (on_month, on_year) = pick(t);
    let year = if on_year.is_some() {
        format!(", {} on a year before", change(on_year))
    } else {
        String::new()
    };
    let line = format!(
        "{}: {} on the month before{year}",
        t.month,
        change(on_month)
    );
    let label = format!("{id} by month, to {}", t.month);
    // The tile is made again with each analysis, so its months are read once, here.
    let points: Vec<(String, f64)> = t
        .recent
        .iter()
        .map(|m| (m.month.clone(), value(m)))
        .collect();
    view! {
        <div class="kpi-change">{line}</div>
        <ChartCanvas id=if id == "orders" { "spark-orders" } else { "spark-revenue" } label=label height=36 spark=true
            draw=move |area| draw_sparkline(area, &points, &format).unwrap_or_default()/>
    }
}

/// KPI cards: rows, customers, orders, revenue, profit, average order value, dates; revenue and orders
/// with the last complete month's change and a sparkline.
#[component]
pub fn Kpis() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.figures.get().map(|r| {
            let k = r.kpi.clone();
            let source = r.source.amount_source;
            let value_name = if source.is_money() {
                source.words().total.to_string()
            } else {
                format!("{} (no amount column)", source.words().total)
            };
            let month = trend(&r.performance.by_month, |m| {
                r.cohorts.incomplete.iter().any(|i| i.month == m)
            });
            // Two months at least make a comparison and a line.
            let month = month.filter(|t| t.recent.len() >= 2);
            let card = |id: &'static str, label: String, value: String| {
                let extra = month.as_ref().and_then(|t| match id {
                    "revenue" => Some(comparison(id, t, |t| (t.revenue_on_month, t.revenue_on_year), |m| m.revenue, money).into_any()),
                    "orders" => Some(comparison(id, t, |t| (t.orders_on_month, t.orders_on_year), |m| m.orders as f64, |v| thousands(v as u64)).into_any()),
                    _ => None,
                });
                view! {
                    <div class="kpi" data-kpi=id>
                        <div class="kpi-label">{label}</div>
                        <div class="kpi-value">{value}</div>
                        {extra}
                    </div>
                }
            };
            view! {
                <section class="kpis" id="kpis" aria-label="Key figures">
                    {card("rows-read", "Rows read".into(), thousands(k.rows_read))}
                    {card("rows-used", "Rows used".into(), thousands(k.rows_used))}
                    {(!r.source.orders_only).then(|| card("customers", "Customers".into(), thousands(k.customers as u64)))}
                    {card("orders", "Orders".into(), thousands(k.orders as u64))}
                    {card("revenue", value_name, money(k.revenue))}
                    {k.profit.map(|p| card("profit", "Profit".into(), money(p)))}
                    {card("aov", r.source.amount_source.words().per_order.into(), money(k.average_order_value))}
                    {card("dates", "Date range".into(), format!("{} to {}", k.first_date, k.last_date))}
                </section>
            }
        })
    }
}
