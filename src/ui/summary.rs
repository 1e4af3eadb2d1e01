//! The one-page management summary: headline figures, segments, lifetime value by tier, the largest
//! clusters and their actions, the strongest rules and the top sponsors. It prints alone, on one page.

use leptos::prelude::*;

use super::state::AppState;
use crate::charts::{money, percent, thousands};

/// Rows per list on the page.
const TOP: usize = 5;

/// The summary panel with its print button.
#[component]
pub fn SummaryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            // Printing is the browser's; if it is refused there is nothing to do.
            let _ = w.print();
        }
    };
    move || {
        let r = state.analysis.get()?.report.clone();
        let w = r.source.amount_source.words();
        let k = &r.kpi;
        let mut segments = r.rfm.summary.clone();
        segments.retain(|s| s.customers > 0);
        segments.sort_by(|a, b| b.revenue_share.total_cmp(&a.revenue_share));
        let segment_rows = segments
            .iter()
            .take(TOP)
            .map(|s| view! { <tr><td>{s.name.clone()}</td><td class="num">{thousands(s.customers)}</td><td class="num">{percent(s.revenue_share)}</td><td>{s.action.clone()}</td></tr> })
            .collect_view();
        let tiers = r.clv.done().map(|c| {
            let rows = c
                .by_tier
                .iter()
                .map(|(t, v)| view! { <tr><td>{t.clone()}</td><td class="num">{thousands(v.customers)}</td><td class="num">{money(v.clv)}</td></tr> })
                .collect_view();
            view! {
                <div>
                    <h3>{format!("Lifetime value, next {} ({})", c.horizon, c.model.name())}</h3>
                    <table class="compact"><thead><tr><th>"Tier"</th><th class="num">"Customers"</th><th class="num">"CLV"</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                    <p>{format!("Total {}", money(c.total))}</p>
                </div>
            }
        });
        let clusters = r.clusters.done().map(|c| {
            let mut cs = c.profiles.clone();
            cs.sort_by(|a, b| b.revenue_share.total_cmp(&a.revenue_share));
            let rows = cs
                .iter()
                .take(TOP)
                .map(|c| {
                    let (label, action) = state.cluster_names.with(|n| (n.label(c), n.action(c)));
                    view! { <tr><td>{label}</td><td class="num">{thousands(c.size as u64)}</td><td class="num">{percent(c.revenue_share)}</td><td>{action}</td></tr> }
                })
                .collect_view();
            view! {
                <div>
                    <h3>{format!("Largest clusters by {}", w.total.to_lowercase())}</h3>
                    <table class="compact"><thead><tr><th>"Cluster"</th><th class="num">"Customers"</th><th class="num">{w.total}</th><th>"Action"</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                </div>
            }
        });
        let rules = r.baskets.done().map(|b| &b.rules).filter(|r| !r.is_empty()).map(|rules| {
            let rows = rules
                .iter()
                .take(TOP)
                .map(|x| view! { <tr><td>{format!("{} → {}", x.antecedents.join(" + "), x.consequents.join(" + "))}</td><td class="num">{percent(x.confidence)}</td><td class="num">{format!("{:.2}", x.lift)}</td></tr> })
                .collect_view();
            view! {
                <div>
                    <h3>"Strongest basket rules"</h3>
                    <table class="compact"><thead><tr><th>"Rule"</th><th class="num">"Confidence"</th><th class="num">"Lift"</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                </div>
            }
        });
        let sponsors = r.network.done().map(|n| {
            let rows = n
                .top_sponsors
                .iter()
                .take(TOP)
                .map(|s| view! { <tr><td>{s.id.clone()}</td><td class="num">{thousands(u64::from(s.direct))}</td><td class="num">{thousands(u64::from(s.downline))}</td><td class="num">{money(s.downline_revenue)}</td></tr> })
                .collect_view();
            view! {
                <div>
                    <h3>"Top sponsors"</h3>
                    <table class="compact"><thead><tr><th>"Member"</th><th class="num">"Direct"</th><th class="num">"Downline"</th><th class="num">"Downline revenue"</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                </div>
            }
        });
        let period = format!(
            "{}: purchases {} to {}, analysis date {}. Rows read {}, used {}, set aside {}.",
            state.file_name.get(),
            k.first_date,
            k.last_date,
            r.settings.analysis_date,
            thousands(r.rows.read),
            thousands(r.rows.used),
            thousands(r.rows.total_set_aside())
        );
        Some(view! {
            <section class="panel" id="summary" class:folded=super::nav::folded(state, "summary")>
                <div class="table-head">
                    <super::nav::FoldHeading id="summary" title="Management summary"/>
                    <button class="button no-print" id="print-summary" on:click=print>"Print or save as PDF"</button>
                </div>
                <p class="muted">{period}</p>
                <div class="kpi-line">
                    <span>{format!("{} customers", thousands(k.customers as u64))}</span>
                    <span>{format!("{} orders", thousands(k.orders as u64))}</span>
                    <span>{format!("{} {}", w.total, money(k.revenue))}</span>
                    <span>{format!("{} {}", w.per_order, money(k.average_order_value))}</span>
                    {k.profit.map(|p| view! { <span>{format!("Profit {}", money(p))}</span> })}
                </div>
                <div class="summary-grid">
                    <div>
                        <h3>{format!("Segments by {}", w.total.to_lowercase())}</h3>
                        <table class="compact"><thead><tr><th>"Segment"</th><th class="num">"Customers"</th><th class="num">{w.total}</th><th>"Action"</th></tr></thead>
                        <tbody>{segment_rows}</tbody></table>
                    </div>
                    {tiers}
                    {clusters}
                    {rules}
                    {sponsors}
                </div>
            </section>
        })
    }
}
