//! The management view: sales and profit by year with the change on the year before, sales by category
//! and country, the shipping mix, cohort retention as a heat table, and months that look incomplete.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::state::AppState;
use crate::charts::{change, draw_bars, draw_monthly, money, percent, thousands};
use crate::core::report::filter::Filter;

/// Cohort columns shown: months after the first purchase.
const MONTHS_SHOWN: usize = 12;

/// A change on the year before, with the months it compares when they are not all twelve.
fn change_on(v: Option<f64>, months: u32) -> String {
    match v {
        Some(_) if months < 12 => format!(
            "{} (same {months} {})",
            change(v),
            if months == 1 { "month" } else { "months" }
        ),
        _ => change(v),
    }
}

/// The business-performance and diagnostics section.
#[component]
pub fn PerformancePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // "" for all customers, else "segment:NAME" or "cluster:NAME".
    let chosen = RwSignal::new(String::new());
    // The page's filter, when it is a segment or a cluster, chooses the group shown here.
    Effect::new(move |_| {
        let key = state.filter.with(|f| match f {
            Some(Filter::Segment(s)) => format!("segment:{}", s.name()),
            Some(Filter::Cluster(code)) => state.analysis.with_untracked(|a| {
                a.as_ref()
                    .and_then(|a| a.report.clusters.done())
                    .and_then(|c| c.profiles.iter().position(|p| &p.code == code))
                    .map_or(String::new(), |i| format!("cluster:{i}"))
            }),
            _ => String::new(),
        });
        chosen.set(key);
    });
    // The clusters' groups, so the panel is made again only when they or the figures change.
    let cluster_groups = state.memo(|a| {
        a.report
            .clusters
            .done()
            .map(|c| (c.performance.clone(), c.profiles.clone()))
    });
    move || {
        let r = state.figures.get()?;
        let cluster_groups = cluster_groups.get().flatten();
        // A file without customers has no groups of them and no cohorts.
        let by_customer = !r.source.orders_only;
        let w = r.source.amount_source.words();
        let key = chosen.get();
        let clusters = cluster_groups.as_ref().map_or(&[][..], |c| &c.0[..]);
        // Each cluster's group (in the order of the profiles) under its code and the name the user gave it.
        let profiles = cluster_groups.as_ref().map_or(&[][..], |c| &c.1[..]);
        let cluster_label = |i: usize| {
            profiles
                .get(i)
                .map_or(String::new(), |p| state.cluster_names.with(|n| n.label(p)))
        };
        let groups: Vec<(String, String, u64)> = r
            .performance_by_segment
            .iter()
            .map(|g| {
                (
                    format!("segment:{}", g.name),
                    format!("Segment: {}", g.name),
                    g.customers,
                )
            })
            .chain(clusters.iter().enumerate().map(|(i, g)| {
                (
                    format!("cluster:{i}"),
                    format!("Cluster {}", cluster_label(i)),
                    g.customers,
                )
            }))
            .collect();
        let chosen_cluster = key
            .strip_prefix("cluster:")
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|&i| i < clusters.len());
        let group = r
            .performance_by_segment
            .iter()
            .find(|g| key == format!("segment:{}", g.name))
            .or_else(|| chosen_cluster.map(|i| &clusters[i]));
        let p = group.map_or(r.performance.clone(), |g| g.performance.clone());
        let group_months = group.map(|g| g.performance.by_month.clone());
        let scope = group.map_or("All customers".to_string(), |g| {
            format!(
                "{} customers, {} orders",
                thousands(g.customers),
                thousands(g.orders)
            )
        });
        let options = groups
            .into_iter()
            .map(|(k, label, n)| {
                let selected = k == key;
                view! { <option value=k selected=selected>{format!("{label} ({})", thousands(n))}</option> }
            })
            .collect_view();
        let years = p
            .by_year
            .iter()
            .map(|y| {
                view! {
                    <tr class:partial-year=y.months < 12>
                        <td>{y.year}{(y.months < 12).then(|| format!(" ({} {})", y.months, if y.months == 1 { "month" } else { "months" }))}</td>
                        <td class="num">{money(y.sales)}</td>
                        <td class="num">{change_on(y.sales_change, y.compared_months)}</td>
                        <td class="num">{y.profit.map(money).unwrap_or_default()}</td>
                        <td class="num">{change_on(y.profit_change, y.compared_months)}</td>
                    </tr>
                }
            })
            .collect_view();
        let modes = p
            .ship_mode_share
            .iter()
            .map(|m| view! { <tr><td>{m.name.clone()}</td><td class="num">{thousands(m.orders)}</td><td class="num">{percent(m.share)}</td></tr> })
            .collect_view();
        let cohorts = r.cohorts.clone();
        let partial_months = cohorts.incomplete.clone();
        let cohort_list = group.map_or(&cohorts.cohorts, |g| &g.cohorts);
        let cohort_scope = match (chosen_cluster, group) {
            (Some(i), _) => format!("cluster {}", cluster_label(i)),
            (None, Some(g)) => g.name.clone(),
            (None, None) => "all customers".to_string(),
        };
        let head = (0..MONTHS_SHOWN)
            .map(|k| view! { <th class="num">{format!("+{k}")}</th> })
            .collect_view();
        let cohort_all = group.is_none() && chosen_cluster.is_none();
        let rows = cohort_list
            .iter()
            .map(|c| {
                let cells = (0..MONTHS_SHOWN)
                    .map(|k| match c.retention.get(k) {
                        Some(&share) if k > 0 => {
                            let style = format!("background: rgba(52,101,164,{:.2})", (share * 2.0).min(1.0) * 0.8);
                            view! { <td class="num heat" style=style>{format!("{:.0}%", share * 100.0)}</td> }.into_any()
                        }
                        Some(_) => view! { <td class="num">"100%"</td> }.into_any(),
                        None => view! { <td></td> }.into_any(),
                    })
                    .collect_view();
                // A cohort of all customers can filter the page; a group's cohort is that group's already.
                let month = if cohort_all {
                    view! { <super::filter::PickButton filter=Filter::Cohort(c.month.clone()) label=c.month.clone()/> }.into_any()
                } else {
                    c.month.clone().into_any()
                };
                view! {
                    <tr>
                        <th>{month}</th>
                        <td class="num">{thousands(c.customers)}</td>
                        {cohort_all.then(|| view! { <super::filter::SelectedCell group=Filter::Cohort(c.month.clone()) size=c.customers/> })}
                        <td class="num">{money(c.revenue)}</td>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let incomplete = (!cohorts.incomplete.is_empty()).then(|| {
            let items = cohorts
                .incomplete
                .iter()
                .map(|m| view! { <li>{format!("{}: {}", m.month, m.reason)}</li> })
                .collect_view();
            view! {
                <div class="note" id="incomplete-months">
                    "These months at the ends of the data look incomplete; set the analysis date (or read the trends) with that in mind:"
                    <ul>{items}</ul>
                </div>
            }
        });
        let categories: Vec<(String, f64)> = p
            .by_category
            .iter()
            .map(|g| (g.name.clone(), g.sales))
            .collect();
        let sub_categories: Vec<(String, f64)> = p
            .by_sub_category
            .iter()
            .map(|g| (g.name.clone(), g.sales))
            .collect();
        let countries: Vec<(String, f64)> = p
            .by_country
            .iter()
            .map(|g| (g.name.clone(), g.sales))
            .collect();
        let regions: Vec<(String, f64)> = p
            .by_region
            .iter()
            .map(|g| (g.name.clone(), g.sales))
            .collect();
        let has_region = regions.len() > 1;
        let (has_cat, has_sub, has_country) = (
            !categories.is_empty(),
            !sub_categories.is_empty(),
            // One country is not a comparison.
            countries.len() > 1,
        );
        Some(view! {
            <section class="panel" id="performance" class:folded=super::nav::folded(state, "performance")>
                <super::nav::FoldHeading id="performance" title="Business performance"/>
                {by_customer.then(|| view! {
                    <label>"Show for "
                        <select id="performance-group" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">"All customers"</option>
                            {options}
                        </select>
                    </label>
                    <span class="muted">{format!(" {scope}")}</span>
                })}
                {(!p.notes.is_empty()).then(|| view! { <p class="muted" id="performance-notes">{p.notes.join(" ")}</p> })}
                <section class="grid2">
                    <table id="by-year">
                        <thead><tr><th>"Year"</th><th class="num">{w.sales}</th><th class="num">"vs year before"</th>
                            <th class="num">"Profit"</th><th class="num">"vs year before"</th></tr></thead>
                        <tbody>{years}</tbody>
                    </table>
                    <div>
                        {(!p.ship_mode_share.is_empty()).then(|| view! {
                            <table id="ship-modes">
                                <thead><tr><th>"Ship mode"</th><th class="num">"Orders"</th><th class="num">"Share"</th></tr></thead>
                                <tbody>{modes}</tbody>
                            </table>
                        })}
                        {p.mean_shipping_cost.map(|c| view! { <p>{format!("Mean shipping cost per order: {}", money(c))}</p> })}
                    </div>
                </section>
                {group_months.map(|months| view! {
                    <ChartCanvas id="chart-group-monthly" label=format!("{} and orders by month of the chosen group", w.sales)
                        draw=move |area| draw_monthly(area, &months, &partial_months, w.sales).unwrap_or_default()/>
                })}
                <section class="grid2">
                    {has_cat.then(|| view! { <ChartCanvas id="chart-categories" label=format!("{} by category", w.sales) draw=move |area| draw_bars(area, &format!("{} by category", w.sales), &categories, &money).unwrap_or_default()/> })}
                    {has_sub.then(|| view! { <ChartCanvas id="chart-sub-categories" label=format!("{} by sub-category", w.sales) draw=move |area| draw_bars(area, &format!("{} by sub-category (top ten and the rest)", w.sales), &sub_categories, &money).unwrap_or_default()/> })}
                    {has_region.then(|| view! { <ChartCanvas id="chart-regions" label=format!("{} by region", w.sales) draw=move |area| draw_bars(area, &format!("{} by region (top ten and the rest)", w.sales), &regions, &money).unwrap_or_default()/> })}
                    {has_country.then(|| view! { <ChartCanvas id="chart-countries" label=format!("{} by country", w.sales) draw=move |area| draw_bars(area, &format!("{} by country or market (top ten and the rest)", w.sales), &countries, &money).unwrap_or_default()/> })}
                </section>
                {incomplete}
                {by_customer.then(|| view! {
                    <h3 id="cohorts-heading">{format!("Cohort retention ({cohort_scope})")}</h3>
                    <div class="scroll">
                        <table id="cohorts">
                            <caption>"Customers by month of first purchase, and the share buying again 1, 2, … months later"</caption>
                            <thead><tr><th>"Cohort"</th><th class="num">"Customers"</th>{cohort_all.then(|| view! { <super::filter::SelectedHead/> })}<th class="num">{w.total}</th>{head}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                })}
            </section>
        })
    }
}
