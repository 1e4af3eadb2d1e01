//! Cross-filtering: a click on a segment, an R x F cell, a cluster, a tier or a cohort narrows the
//! customer table and the per-group views to those customers; the filter is shown in the section bar
//! and cleared there.

use leptos::prelude::*;

use super::state::{Actions, AppState};
use crate::charts::{amount, percent, thousands};
use crate::core::report::filter::{Filter, Selection};
use crate::core::share::share;

/// The filter in words, with the cluster's name as the user left it.
pub fn describe(state: AppState, filter: &Filter) -> String {
    let name = match filter {
        Filter::Cluster(code) => state.analysis.with(|a| {
            let profiles = a.as_ref()?.report.clusters.done()?.profiles.clone();
            let p = profiles.iter().find(|p| &p.code == code)?;
            Some(state.cluster_names.with(|n| n.name(p)))
        }),
        _ => None,
    };
    filter.describe(name.as_deref())
}

/// A group's label as a button that filters the page to it (pressed while it does).
#[component]
pub fn PickButton(
    /// The group.
    filter: Filter,
    /// Its label.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let pressed = {
        let filter = filter.clone();
        move || state.filter.with(|f| f.as_ref() == Some(&filter))
    };
    let title = format!("Show only {}", filter.describe(None));
    view! {
        <button type="button" class="pick" title=title
            aria-pressed=move || if pressed() { "true" } else { "false" }
            on:click=move |_| actions.toggle_filter(filter.clone())>{label}</button>
    }
}

/// The filter in force: what it picks and what those customers add up to, with a way to clear it.
#[component]
pub fn FilterChip() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    move || {
        let filter = state.filter.get()?;
        let selection = state
            .analysis
            .with(|a| a.as_ref().map(|a| Selection::of(&a.customers, &filter)))?;
        let value = selection
            .mean_clv
            .map(|v| format!(", mean CLV {}", amount(v)))
            .unwrap_or_default();
        Some(view! {
            <div class="filter" id="filter" role="status">
                <span>"Showing "<strong>{describe(state, &filter)}</strong>": "
                    {format!("{} customers ({} of all), {} of spend{value}",
                        thousands(selection.customers as u64),
                        percent(selection.customer_share),
                        percent(selection.spend_share))}</span>
                <a href="#customers">"See them"</a>
                <button type="button" class="button" id="clear-filter"
                    on:click=move |_| actions.clear_filter()>"Clear"</button>
            </div>
        })
    }
}

/// The heading of a per-group table's column of the filter's customers, while a filter is on.
#[component]
pub fn SelectedHead() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.filter.with(Option::is_some).then(|| {
            view! { <th class="num" title="How many of the customers shown in the bar above are in this group">"Selected"</th> }
        })
    }
}

/// How many of the filter's customers are in `group`, while a filter is on.
fn selected_in(state: AppState, group: &Filter) -> Option<usize> {
    state.breakdown.with(|b| b.as_ref().map(|b| b.count(group)))
}

/// How many of the filter's customers are in `group` (of its `size`), while a filter is on: the
/// per-group views narrow to the customers picked elsewhere on the page.
#[component]
pub fn SelectedCell(
    /// The row's group.
    group: Filter,
    /// The customers in the group.
    size: u64,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let n = selected_in(state, &group)?;
        let share = share(n as f64, size as f64);
        Some(view! {
            <td class="num selected-count" class:none=n == 0>
                {format!("{} ({})", thousands(n as u64), percent(share))}</td>
        })
    }
}

/// The same count as a tile's line: "12 of them selected".
#[component]
pub fn SelectedLine(
    /// The tile's group.
    group: Filter,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let n = selected_in(state, &group)?;
        Some(
            view! { <div class="kpi-label selected-count">{format!("{} of them selected", thousands(n as u64))}</div> },
        )
    }
}
