//! Column roles and analysis settings, shown for confirmation and each changeable; applying re-runs the
//! analysis in the worker.

use leptos::prelude::*;

use super::state::{Actions, AppState};
use crate::core::choice::Choice;
use crate::core::clv::horizon::TimeUnit;
use crate::core::ingest::{DateOrder, ReadOptions};
use crate::core::pipeline::Request;
use crate::core::settings::{self, DateSetting::AnalysisDate};
use crate::core::table::Role;

/// The mapping form: for the analysis shown, or for a file whose date or customer column was not
/// recognised (its columns as read, the rest of the settings as requested).
#[component]
pub fn MappingPanel() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let previous = state.request.get_untracked();
    let (columns, header, date, unit) = match (
        state.analysis.get_untracked(),
        state.unmapped.get_untracked(),
    ) {
        (Some(a), _) => (
            a.report.source.columns.clone(),
            a.report.source.has_header,
            a.report.settings.analysis_date.clone(),
            a.report.settings.time_unit,
        ),
        (None, Some(u)) => (
            u.columns,
            u.has_header,
            previous
                .analysis_date
                .map_or(String::new(), |d| d.to_string()),
            previous.time_unit,
        ),
        (None, None) => return ().into_any(),
    };
    let unmapped = state.analysis.get_untracked().is_none();
    let roles = RwSignal::new(columns.iter().map(|c| c.role).collect::<Vec<_>>());
    let has_header = RwSignal::new(header);
    let date_order = RwSignal::new(previous.read.date_order);
    let analysis_date = RwSignal::new(date);
    let date_edited = RwSignal::new(previous.analysis_date.is_some());
    let time_unit = RwSignal::new(unit);
    let problem = RwSignal::new(None::<String>);
    let apply = move |_| {
        let analysis_date = if date_edited.get_untracked() {
            match settings::date(AnalysisDate, &analysis_date.get_untracked()) {
                Ok(day) => day,
                Err(e) => return problem.set(Some(e.to_string())),
            }
        } else {
            None
        };
        let request = Request {
            read: ReadOptions {
                roles: Some(roles.get_untracked()),
                has_header: Some(has_header.get_untracked()),
                date_order: date_order.get_untracked(),
                until_day: None,
                from_day: None,
                named_roles: Vec::new(),
            },
            analysis_date,
            period_start: state.request.get_untracked().period_start,
            time_unit: time_unit.get_untracked(),
            summary: false,
            clv: state.request.get_untracked().clv,
            clusters: state.request.get_untracked().clusters,
            basket: state.request.get_untracked().basket,
            seed: state.request.get_untracked().seed,
        };
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let rows = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let options = std::iter::once(None)
                .chain(Role::ALL.into_iter().map(Some))
                .map(|role| {
                    let value = role.map_or("none", Role::key);
                    let label = role.map_or("not used", Role::label);
                    view! { <option value=value selected=move || roles.get()[i] == role>{label}</option> }
                })
                .collect_view();
            let on_change = move |ev| {
                let value = event_target_value(&ev);
                let role = Role::from_key(&value);
                roles.update(|rs| {
                    // A role belongs to one column: the column that had it gives it up.
                    if role.is_some() {
                        for r in rs.iter_mut() {
                            if *r == role {
                                *r = None;
                            }
                        }
                    }
                    rs[i] = role;
                });
            };
            view! {
                <tr>
                    <td class="col-name">{column.name.clone()}</td>
                    <td><select aria-label=format!("Role of {}", column.name) on:change=on_change>{options}</select></td>
                    <td class="samples">{column.samples.join(" | ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="panel" id="mapping">
            <h2>"Columns and settings"</h2>
            {unmapped.then(|| view! {
                <p class="note" id="mapping-needed">"Mark which column holds the customer and which the purchase date (and, if there is one, the amount), then apply."</p>
            })}
            // Recognised roles fold away, so the keyboard meets the charts before a dropdown per column.
            <details class="columns" open=unmapped>
                <summary>{format!("The {} columns, their roles and first values", columns.len())}</summary>
                <table class="compact">
                    <thead><tr><th>"Column"</th><th>"Role"</th><th>"First values"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
            <div class="settings">
                <label>
                    <input type="checkbox" prop:checked=move || has_header.get()
                        on:change=move |ev| has_header.set(event_target_checked(&ev))/>
                    " First row is a header"
                </label>
                <label>
                    "Dates like 03/04/2011 are "
                    <select on:change=move |ev| if let Ok(o) = event_target_value(&ev).parse() { date_order.set(o) }>
                        {[(DateOrder::Auto, "detected from the values"), (DateOrder::DayFirst, "day first"), (DateOrder::MonthFirst, "month first")].map(|(o, label)| view! {
                            <option value=o.key() selected=move || date_order.get() == o>{label}</option>
                        })}
                    </select>
                </label>
                <label>
                    "Analysis date "
                    <input type="date" prop:value=move || analysis_date.get()
                        on:change=move |ev| {
                            analysis_date.set(event_target_value(&ev));
                            date_edited.set(true);
                        }/>
                </label>
                <label>
                    "Time unit of the models "
                    <select on:change=move |ev| if let Ok(u) = event_target_value(&ev).parse() { time_unit.set(u) }>
                        {TimeUnit::ALL.iter().map(|&u| view! {
                            <option value=u.key() selected=move || time_unit.get() == u>{u.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="button primary" id="apply-mapping" on:click=apply>"Apply and re-run"</button>
                {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
            </div>
        </div>
    }
    .into_any()
}
