//! The page for a repeat-purchase summary file: what the file is and what it supports, the time unit
//! its recency and T are in, and the customers' values to download. The lifetime-value section and the
//! row account are the same as for transactions.

use leptos::prelude::*;

use super::download::save_text;
use super::state::{Actions, AppState};
use crate::charts::thousands;
use crate::core::choice::Choice;
use crate::core::clv::horizon::TimeUnit;
use crate::core::report::export::summary_values_csv;

/// What a summary file is, its time unit, and its download.
#[component]
pub fn SummaryNote() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let set_unit = move |unit: TimeUnit| {
        let mut request = state.request.get_untracked();
        request.time_unit = unit;
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let download = move |_| {
        let text = state
            .analysis
            .with_untracked(|a| a.as_ref().map(|a| summary_values_csv(&a.customers)));
        if let Some(text) = text {
            if let Err(p) = save_text("customer-values.csv", "text/csv", &text) {
                problem.set(Some(p));
            }
        }
    };
    move || {
        state.analysis.with(|a| {
            a.as_ref().map(|a| {
                let r = &a.report;
                let columns: Vec<&str> = r.source.columns.iter().map(|c| c.name.as_str()).collect();
                let unit = r.settings.time_unit;
                view! {
                    <div class="panel" id="summary-input">
                        <h2>"A repeat-purchase summary"</h2>
                        <p id="summary-input-note">{format!(
                            "This file holds one row per customer ({}), as lifetimes, BTYD or pymc-marketing write it: {} customers feed the lifetime-value models below. KPIs, segments, the management view, cohorts, market baskets, clusters and the referral network need a file of transactions.",
                            columns.join(", "),
                            thousands(r.customers as u64)
                        )}</p>
                        <label>"Recency and T are in "
                            <select id="summary-time-unit" on:change=move |ev| if let Ok(u) = event_target_value(&ev).parse() { set_unit(u) }>
                                {TimeUnit::ALL.iter().map(|&u| view! { <option value=u.key() selected=unit == u>{u.name()}</option> }).collect_view()}
                            </select>
                        </label>
                        " "
                        <button class="button" id="download-values" on:click=download>"Download the customers' values (CSV)"</button>
                        {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
                    </div>
                }
            })
        })
    }
}
