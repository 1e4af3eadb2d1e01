//! The period filter: the date range every part of the page covers. Applying re-runs the analysis on the
//! purchases in the range; the rows outside it are counted in the data-quality account.

use leptos::prelude::*;

use super::state::{Actions, AppState};
use crate::core::settings::{date, DateSetting::*};

/// From and to dates, whole-file and exclude-incomplete-months shortcuts.
#[component]
pub fn PeriodBar() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let Some(analysis) = state.analysis.get_untracked() else {
        return ().into_any();
    };
    let r = &analysis.report;
    let chosen_start = r.settings.period_start.clone();
    let from = RwSignal::new(chosen_start.clone().unwrap_or(r.kpi.first_date.clone()));
    let to = RwSignal::new(r.settings.analysis_date.clone());
    let filtered = chosen_start.is_some() || state.request.get_untracked().analysis_date.is_some();
    let problem = RwSignal::new(None::<String>);
    let run = move |start: Option<String>, end: Option<String>| {
        let mut request = state.request.get_untracked();
        let day = |setting, text: Option<String>| date(setting, &text.unwrap_or_default());
        match (day(PeriodStart, start), day(AnalysisDate, end)) {
            (Ok(start), Ok(end)) => (request.period_start, request.analysis_date) = (start, end),
            (Err(e), _) | (_, Err(e)) => return problem.set(Some(e.to_string())),
        }
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let cohorts = r.cohorts.clone();
    let exclude = (cohorts.complete_start.is_some() || cohorts.complete_end.is_some()).then(|| {
        let months: Vec<String> = cohorts.incomplete.iter().map(|m| m.month.clone()).collect();
        let (start, end) = (cohorts.complete_start.clone(), cohorts.complete_end.clone());
        let keep = (start.clone().or(chosen_start.clone()), end.or(Some(to.get_untracked())));
        view! {
            <button class="button" id="exclude-incomplete" on:click=move |_| run(keep.0.clone(), keep.1.clone())>
                {format!("Exclude incomplete months ({})", months.join(", "))}
            </button>
        }
    });
    view! {
        <div class="panel period" id="period">
            <strong>"Period "</strong>
            <label>"from " <input type="date" id="period-from" prop:value=move || from.get()
                on:change=move |ev| from.set(event_target_value(&ev))/></label>
            <label>" to " <input type="date" id="period-to" prop:value=move || to.get()
                on:change=move |ev| to.set(event_target_value(&ev))/></label>
            <button class="button primary" id="apply-period"
                on:click=move |_| run(Some(from.get_untracked()), Some(to.get_untracked()))>"Apply to every section"</button>
            {filtered.then(|| view! { <button class="button" id="whole-file" on:click=move |_| run(None, None)>"Whole file"</button> })}
            {exclude}
            {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
            <span class="muted">
                {if filtered {
                    "Every section shows purchases in this period only; rows outside it are counted under data quality."
                } else {
                    "Every section covers the whole file; the end date is the analysis date."
                }}
            </span>
        </div>
    }
    .into_any()
}
