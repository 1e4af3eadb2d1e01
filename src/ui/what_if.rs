//! The what-if panel: a history typed in (repeat purchases, recency, age, mean spend) and each fitted
//! model's predictions for it over any horizon: P(alive), expected purchases, P(exactly n purchases),
//! expected spend and CLV. The numbers come from the core's `FittedModels::predict`, on the parameters
//! the analysis fitted.

use leptos::prelude::*;

use super::state::AppState;
use crate::charts::money;
use crate::core::clv::horizon::Horizon;
use crate::core::clv::predict::{FittedModels, Prediction};
use crate::core::clv::summary_file::history;

/// P(n purchases) columns: n = 0..=PURCHASES.
const PURCHASES: u32 = 5;

/// A typed number, or the sentence saying which field is not one.
fn number(text: &str, fallback: f64, field: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(fallback);
    }
    t.parse::<f64>()
        .map_err(|_| format!("{field} is a number; '{t}' is not."))
}

/// The panel, for the fitted models of the analysis on screen.
#[component]
pub fn WhatIf() -> impl IntoView {
    let state = expect_context::<AppState>();
    let frequency = RwSignal::new(String::new());
    let recency = RwSignal::new(String::new());
    let age = RwSignal::new(String::new());
    let spend = RwSignal::new(String::new());
    let horizon = RwSignal::new(String::new());
    // The fitted models, and the defaults of the fields: a customer of the oldest age in the heatmaps,
    // two repeat purchases, the last at three quarters of that age, of the population's mean spend.
    let fitted = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()?.report.clv.done().map(|c| {
                let t = c.p_alive_grid.t.round().max(1.0);
                let m = match (c.fitted.spend_per_purchase, c.fitted.gamma_gamma) {
                    (Some(v), _) => v,
                    (None, Some([p, q, gamma])) if q > 1.0 => p * gamma / (q - 1.0),
                    _ => 0.0,
                };
                let m = (m * 100.0).round() / 100.0;
                (c.fitted.clone(), [t, (t * 0.75).round(), m])
            })
        })
    });
    let unit = move || {
        state.analysis.with(|a| {
            a.as_ref()
                .map_or("days", |a| match a.report.settings.time_unit {
                    crate::core::clv::horizon::TimeUnit::Days => "days",
                    crate::core::clv::horizon::TimeUnit::Weeks => "weeks",
                })
        })
    };
    let outcome = move || -> Option<Result<(Horizon, Vec<Prediction>), String>> {
        let (models, defaults) = fitted.get()?;
        Some(predict(
            &models,
            [
                frequency.get(),
                recency.get(),
                age.get(),
                spend.get(),
                horizon.get(),
            ],
            defaults,
        ))
    };
    let placeholder = move |i: usize| {
        fitted
            .get()
            .map_or(String::new(), |(m, [t, r, spend])| match i {
                0 => "2".into(),
                1 => r.to_string(),
                2 => t.to_string(),
                3 => spend.to_string(),
                _ => m.horizon.to_string(),
            })
    };
    let field = move |id: &'static str, label: String, value: RwSignal<String>, i: usize| {
        view! {
            <label>{label}" "
                <input type="text" inputmode="decimal" id=id size="8" placeholder=move || placeholder(i)
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    let table = move || {
        outcome().map(|o| match o {
            Err(problem) => view! { <p class="problem" id="what-if-problem">{problem}</p> }.into_any(),
            Ok((h, predictions)) => {
                let heads = (0..=PURCHASES)
                    .map(|n| view! { <th class="num">{format!("P({n})")}</th> })
                    .collect_view();
                let rows = predictions
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let cells = p
                            .purchase_probabilities
                            .iter()
                            .map(|v| view! { <td class="num">{format!("{:.1}%", v * 100.0)}</td> })
                            .collect_view();
                        view! {
                            <tr class:in-use=i == 0>
                                <td>{p.model.name()}{(i == 0).then_some(" (in use)")}</td>
                                <td>{p.method.name()}</td>
                                <td class="num">{format!("{:.1}%", p.p_alive * 100.0)}</td>
                                <td class="num">{format!("{:.3}", p.expected_purchases)}</td>
                                {cells}
                                <td class="num">{p.expected_spend.map_or("-".into(), money)}</td>
                                <td class="num">{p.clv.map_or("-".into(), money)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="muted" id="what-if-horizon-note">{format!(
                        "Over the next {h}: P(n) is the probability of exactly n purchases; CLV is discounted monthly as in the analysis."
                    )}</p>
                    <div class="table-scroll">
                        <table class="compact" id="what-if-table">
                            <thead><tr><th>"Model"</th><th>"Fit"</th><th class="num">"P(alive)"</th>
                                <th class="num">"Expected purchases"</th>{heads}
                                <th class="num">"Spend per purchase"</th><th class="num">"CLV"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="panel" id="what-if">
            <h2>"What if: any customer's history"</h2>
            <p class="muted">"Type a history in the models' time unit; empty fields take the grey values."</p>
            <div class="settings">
                {field("what-if-frequency", "Repeat purchases".into(), frequency, 0)}
                {move || field("what-if-recency", format!("Last purchase at ({})", unit()), recency, 1)}
                {move || field("what-if-age", format!("Age T ({})", unit()), age, 2)}
                {field("what-if-spend", "Mean spend of repeat purchases".into(), spend, 3)}
                {field("what-if-horizon", "Horizon".into(), horizon, 4)}
            </div>
            {table}
        </div>
    }
}

/// The predictions for the typed `fields` (frequency, recency, age, spend, horizon), with defaults for
/// empty ones, or the sentence saying what is wrong.
fn predict(
    models: &FittedModels,
    fields: [String; 5],
    [t_default, r_default, m_default]: [f64; 3],
) -> Result<(Horizon, Vec<Prediction>), String> {
    let [f, r, t, m, h] = fields;
    let frequency = number(&f, 2.0, "Repeat purchases")?;
    let recency = number(
        &r,
        if frequency > 0.0 { r_default } else { 0.0 },
        "The last purchase",
    )?;
    let t = number(&t, t_default, "The age")?;
    let m = number(&m, m_default, "The mean spend")?;
    let history =
        history(frequency, recency, t, m).map_err(|p| format!("This history cannot be: {p}."))?;
    let horizon = if h.trim().is_empty() {
        models.horizon
    } else {
        h.parse::<Horizon>().map_err(|e| e.to_string())?
    };
    if !crate::core::settings::horizon_in_range(horizon) {
        return Err(crate::core::settings::SettingError::Horizon(horizon.to_string()).to_string());
    }
    let predictions = models
        .predict(&history, horizon, PURCHASES)
        .map_err(|e| e.to_string())?;
    Ok((horizon, predictions))
}
