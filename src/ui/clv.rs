//! The lifetime-value page: settings, the model comparison, tiers, heatmaps, distributions, the holdout
//! validation and the top customers.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::filter::SelectedLine;
use super::state::{Actions, AppState, SelfTestStatus};
use super::what_if::WhatIf;
use crate::charts::{
    draw_bars, draw_heatmap, draw_holdout_by_frequency, draw_population, draw_spend, draw_tracking,
    grouped, money, parameter, percent, thousands,
};
use crate::core::choice::Choice;
use crate::core::clv::analysis::ClvRequest;
use crate::core::clv::calibration::Calibration;
use crate::core::clv::horizon::{Horizon, PurchasePeriod};
use crate::core::clv::model::ModelKind;
use crate::core::clv::selftest::SOURCES;
use crate::core::report::customer_row::CustomerRow;
use crate::core::report::filter::Filter;
use crate::core::report::{Input, Section};
use crate::core::settings::{date, DateSetting::CalibrationEnd};

/// A typed optional number: empty is `None`.
fn optional(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| format!("{what} is a number; '{t}' is not."))
}

/// Horizon, discount rate, month length, spend, purchase period, calibration end and model; applying
/// re-runs the analysis.
#[component]
fn ClvSettings() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let current = state.request.get_untracked().clv;
    let horizon = RwSignal::new(current.horizon.to_string());
    let discount = RwSignal::new(format!("{}", current.discount_rate * 100.0));
    let text_of = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    let month_days = RwSignal::new(text_of(current.month_days));
    let spend = RwSignal::new(text_of(current.spend_per_purchase));
    let period = RwSignal::new(current.period);
    let calibration = RwSignal::new(match &current.calibration {
        Calibration::Until(day) => day.to_string(),
        _ => String::new(),
    });
    let no_holdout = RwSignal::new(current.calibration == Calibration::Off);
    let model = RwSignal::new(current.model);
    let problem = RwSignal::new(None::<String>);
    let apply = move |_| {
        let horizon = match horizon.get_untracked().parse::<Horizon>() {
            Ok(h) => h,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        let (month_days, spend_per_purchase) = match (
            optional(&month_days.get_untracked(), "The month length"),
            optional(&spend.get_untracked(), "The spend per purchase"),
        ) {
            (Ok(m), Ok(s)) => (m, s),
            (Err(e), _) | (_, Err(e)) => return problem.set(Some(e)),
        };
        let Ok(rate) = discount.get_untracked().trim().parse::<f64>() else {
            problem.set(Some(
                "The discount rate is a percentage per month, such as 1.".into(),
            ));
            return;
        };
        let until = match date(CalibrationEnd, &calibration.get_untracked()) {
            Ok(day) => day,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        problem.set(None);
        let mut request = state.request.get_untracked();
        request.clv = ClvRequest {
            enabled: true,
            horizon,
            discount_rate: rate / 100.0,
            month_days,
            spend_per_purchase,
            period: period.get_untracked(),
            calibration: if no_holdout.get_untracked() {
                Calibration::Off
            } else {
                until.map_or(Calibration::Auto, Calibration::Until)
            },
            model: model.get_untracked(),
        };
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let option = move |label: &'static str, kind: Option<ModelKind>| {
        let value = kind.map_or("auto", ModelKind::key);
        view! { <option value=value selected=move || model.get() == kind>{label}</option> }
    };
    view! {
        <div class="settings">
            <label>"Horizon " <input type="text" id="clv-horizon" size="10" placeholder="12 months, 39 weeks, 90 days" prop:value=move || horizon.get()
                on:change=move |ev| horizon.set(event_target_value(&ev))/></label>
            <label>"Discount rate (% per month) " <input type="number" step="0.1" min="0" max="50" id="clv-discount" prop:value=move || discount.get()
                on:change=move |ev| discount.set(event_target_value(&ev))/></label>
            <label>"Month (days; empty: 30, or 4.345 weeks) " <input type="number" step="0.01" min="28" max="31" id="clv-month-days" prop:value=move || month_days.get()
                on:change=move |ev| month_days.set(event_target_value(&ev))/></label>
            <label>"Spend per purchase (empty: Gamma-Gamma) " <input type="number" step="any" min="0" id="clv-spend" prop:value=move || spend.get()
                on:change=move |ev| spend.set(event_target_value(&ev))/></label>
            <label>"Count purchases by "
                <select id="clv-period" on:change=move |ev| if let Ok(p) = event_target_value(&ev).parse() { period.set(p) }>
                    {PurchasePeriod::ALL.iter().map(|&p| view! {
                        <option value=p.key() selected=move || period.get() == p>{p.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Calibration end (empty: automatic) " <input type="date" id="clv-calibration" prop:value=move || calibration.get()
                on:change=move |ev| calibration.set(event_target_value(&ev))/></label>
            <label><input type="checkbox" id="clv-no-holdout" prop:checked=move || no_holdout.get()
                on:change=move |ev| no_holdout.set(event_target_checked(&ev))/>" No holdout"</label>
            <label>"Model "
                <select id="clv-model" on:change=move |ev| model.set(event_target_value(&ev).parse().ok())>
                    {option("best fit", None)}
                    {ModelKind::ALL.map(|kind| option(kind.name(), Some(kind)))}
                </select>
            </label>
            <button class="button primary" id="apply-clv" on:click=apply>"Apply and re-run"</button>
            {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
        </div>
    }
}

/// The button that fits the models on the CDNOW sample built in, and its table beside the published
/// parameters.
#[component]
fn SelfTestPanel() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let outcome = move || {
        match state.self_test.get() {
        SelfTestStatus::NotRun => None,
        SelfTestStatus::Running => Some(
            view! { <p class="muted" id="selftest-running">"Fitting the models on the CDNOW sample…"</p> }
                .into_any(),
        ),
        SelfTestStatus::Failed(message) => Some(
            view! { <p class="status failed" id="selftest-result">{message}</p> }.into_any(),
        ),
        SelfTestStatus::Done(t) => {
            let differ = t.checks.iter().filter(|c| !c.agrees).count();
            let verdict = if differ == 0 {
                format!("All {} published values agree with ours, on {} customers.", t.checks.len(), t.customers)
            } else {
                format!("{differ} of {} published values differ from ours.", t.checks.len())
            };
            let rows = t
                .checks
                .iter()
                .map(|c| {
                    view! {
                        <tr class:differs=!c.agrees>
                            <td>{c.model.clone()}</td>
                            <td>{c.parameter.clone()}</td>
                            <td class="num">{format!("{:.4}", c.ours)}</td>
                            <td class="num">{c.published.to_string()}</td>
                            <td>{if c.agrees { "yes" } else { "no" }}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(
                view! {
                    <p id="selftest-result" class:warning=differ != 0>{verdict}</p>
                    <table class="compact" id="selftest">
                        <thead><tr><th>"Model"</th><th>"Parameter"</th><th class="num">"Ours"</th>
                            <th class="num">"Published"</th><th>"Agrees"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <p class="muted">{SOURCES}</p>
                }
                .into_any(),
            )
        }
    }
    };
    view! {
        <div class="selftest">
            <button class="button" id="run-selftest" on:click=move |_| actions.run_self_test()>
                "Check the models on CDNOW"
            </button>
            {outcome}
        </div>
    }
}

/// The lifetime-value section.
#[component]
pub fn ClvPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The section alone, so the panel and its charts are made again only when it changes.
    let section = state.memo(|a| a.report.clv.clone());
    let clv = Memo::new(move |_| section.with(|s| s.as_ref().and_then(|s| s.done().cloned())));
    let report = move || state.figures.get();
    let body = move || {
        let r = report()?;
        let section = section.get()?;
        match &section {
            Section::Pending => {
                return Some(view! { <p class="muted" id="clv-pending">"Fitting the lifetime-value models…"</p> }.into_any());
            }
            Section::Off | Section::Failed(_) => {
                let why = section.why_not();
                return Some(
                    view! { <p class="status failed" role="note" id="clv-error">{why}</p> }
                        .into_any(),
                );
            }
            Section::Done(_) => {}
        }
        let c = clv.get()?;
        let unit = r.settings.time_unit.name().to_string();
        let rows = c
            .models
            .iter()
            .map(|m| {
                let params = m.params.iter().map(|(k, v)| {
                    let se = m.std_errors.get(k).copied().unwrap_or(f64::NAN);
                    if se.is_finite() { format!("{k} {} (±{})", parameter(*v), parameter(se)) } else { format!("{k} {}", parameter(*v)) }
                }).collect::<Vec<_>>().join("; ");
                let in_use = m.model == c.model && m.method == c.method;
                view! {
                    <tr class:in-use=in_use>
                        <td>{m.name.clone()}{in_use.then_some(" (in use)")}</td>
                        <td>{m.method.name()}</td>
                        <td>{m.error.as_ref().map_or(params, ToString::to_string)}</td>
                        <td class="num">{finite(m.log_likelihood)}</td>
                        <td class="num">{finite(m.aic)}</td>
                        <td class="num">{finite(m.bic)}</td>
                        <td class="num">{m.holdout_mae.map_or("-".to_string(), |v| format!("{v:.3}"))}</td>
                    </tr>
                }
            })
            .collect_view();
        let tiers = c
            .by_tier
            .iter()
            .map(|(tier, t)| {
                view! {
                    <div class="kpi" data-kpi=format!("tier-{tier}")>
                        <div class="kpi-label"><super::filter::PickButton filter=Filter::Tier(tier.clone()) label=format!("Tier {tier}")/>
                            {format!(": {} customers", thousands(t.customers))}</div>
                        <SelectedLine group=Filter::Tier(tier.clone())/>
                        <div class="kpi-value">{money(t.clv)}</div>
                        <div class="kpi-label">{percent(if c.total > 0.0 { t.clv / c.total } else { 0.0 })}" of CLV"</div>
                    </div>
                }
            })
            .collect_view();
        let holdout = c.holdout.clone().map(|h| {
            view! {
                <p class="muted" id="holdout-summary">{format!(
                    "Fitted up to {}, {} predicts {:.0} repeat purchases after it; customers made {:.0} ({:+.1} %). Mean absolute error {:.3} per customer.",
                    h.calibration_end, h.model.name(), h.predicted, h.actual, h.total_error * 100.0, h.mae
                )}</p>
            }
        });
        let spend_model = c.gamma_gamma.map(|g| {
            view! {
                <p class="muted" id="gamma-gamma">{format!(
                    "Spend per purchase (Gamma-Gamma on the repeat customers): p {}, q {}, gamma {}; correlation of frequency and mean spend {:.2} (the model assumes none; a warning shows above 0.3).",
                    parameter(g.p), parameter(g.q), parameter(g.gamma), g.frequency_spend_correlation
                )}</p>
            }
        });
        let warnings = c
            .warnings
            .iter()
            .map(|w| view! { <p class="warning">{w.clone()}</p> })
            .collect_view();
        Some(view! {
            <section class="kpis" aria-label="Lifetime value">
                <div class="kpi" data-kpi="clv-total">
                    <div class="kpi-label">{format!("{}, {}", r.source.amount_source.words().lifetime, c.horizon)}</div>
                    <div class="kpi-value">{money(c.total)}</div>
                </div>
                {tiers}
            </section>
            {c.diagnosis.clone().map(|d| view! { <p class="warning" role="note" id="clv-diagnosis">{d}</p> })}
            {warnings}
            <p id="clv-choice">{c.choice.clone()}</p>
            <table class="compact" id="model-comparison">
                <thead><tr><th>"Model"</th><th>"Fit"</th><th>{format!("Parameters (time unit: {unit}; ± standard error)")}</th>
                    <th class="num">"Log-likelihood"</th><th class="num">"AIC"</th><th class="num">"BIC"</th>
                    <th class="num">"Holdout MAE"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {spend_model}
            <p class="muted" id="clv-intervals">{c.intervals.sentence()}</p>
            <p class="muted" id="holdout-note">{c.holdout_note.clone()}</p>
            {holdout}
        }.into_any())
    };
    let has_clv = move || clv.with(Option::is_some);
    let has_holdout = move || clv.with(|c| c.as_ref().is_some_and(|c| c.holdout.is_some()));
    let holdout = move || clv.get().and_then(|c| c.holdout);
    view! {
        <section class="panel" id="clv" class:folded=super::nav::folded(state, "clv")>
            <super::nav::FoldHeading id="clv" title="Customer lifetime value"/>
            <p class="muted">"Purchases from BG/NBD, Pareto/NBD or MBG/NBD, spend from Gamma-Gamma, discounted monthly (as lifetimes' customer_lifetime_value)."</p>
            <ClvSettings/>
            {body}
            <SelfTestPanel/>
        </section>
        <Show when=has_clv>
            <section class="grid2">
                <div class="chart-with-note">
                    <ChartCanvas id="chart-p-alive" label="Probability alive by frequency and recency" draw=move |area| {
                        clv.get().map(|c| draw_heatmap(area, "P(alive) by repeat purchases and recency", &c.p_alive_grid, &|v| format!("{:.0}%", v * 100.0)).unwrap_or_default()).unwrap_or_default()
                    }/>
                    {move || clv.get().and_then(|c| c.diagnosis).map(|d| view! {
                        <p class="warning" id="p-alive-note">{d}</p>
                    })}
                </div>
                <ChartCanvas id="chart-expected" label="Expected purchases by frequency and recency" draw=move |area| {
                    clv.get().map(|c| draw_heatmap(area, "Expected purchases over the horizon", &c.expected_grid, &|v| format!("{v:.2}")).unwrap_or_default()).unwrap_or_default()
                }/>
                <WhatIf/>
                <ChartCanvas id="chart-population" label="A new customer's expected repeat purchases, per model" draw=move |area| {
                    let unit = report().map_or(String::new(), |r| r.settings.time_unit.name().to_string());
                    clv.get().map(|c| draw_population(area, &c.population, &unit).unwrap_or_default()).unwrap_or_default()
                }/>
                <ChartCanvas id="chart-purchase-counts" label="A new customer's number of purchases over the horizon" draw=move |area| {
                    let c = clv.get();
                    let items: Vec<(String, f64)> = c.as_ref().and_then(|c| c.population.first()).map(|p| {
                        p.purchase_probabilities.iter().enumerate().map(|(n, v)| (format!("{n} purchases"), *v)).collect()
                    }).unwrap_or_default();
                    let title = c.map_or(String::new(), |c| format!("A new customer's purchases in {} ({})", c.horizon, c.model.name()));
                    draw_bars(area, &title, &items, &|v| format!("{:.1}%", v * 100.0)).unwrap_or_default()
                }/>
                <ChartCanvas id="chart-clv-distribution" label="Distribution of CLV" draw=move |area| {
                    clv.get().map(|c| draw_spend(area, &c.distribution, "CLV").unwrap_or_default()).unwrap_or_default()
                }/>
                <Show when=move || report().is_some_and(|r| r.input == Input::Transactions)>
                <ChartCanvas id="chart-clv-segments" label="CLV by segment" draw=move |area| {
                    let items: Vec<(String, f64)> = clv.get().map(|c| c.by_segment.iter().map(|s| (s.name.clone(), s.total_clv)).collect()).unwrap_or_default();
                    let lifetime = report().map_or("Total CLV", |r| r.source.amount_source.words().lifetime);
                    draw_bars(area, &format!("{lifetime} by RFM segment"), &items, &money).unwrap_or_default()
                }/>
                </Show>
                <ChartCanvas id="chart-clv-tiers" label="CLV by tier" draw=move |area| {
                    let items: Vec<(String, f64)> = clv.get().map(|c| c.by_tier.iter().map(|(k, t)| (format!("Tier {k}"), t.clv)).collect()).unwrap_or_default();
                    let lifetime = report().map_or("Total CLV", |r| r.source.amount_source.words().lifetime);
                    draw_bars(area, &format!("{lifetime} by tier (A = top quarter)"), &items, &money).unwrap_or_default()
                }/>
                <TopCustomers/>
            </section>
        </Show>
        <Show when=has_holdout>
            <section class="grid2">
                <ChartCanvas id="chart-holdout-frequency" label="Holdout by calibration frequency" draw=move |area| {
                    holdout().map(|h| draw_holdout_by_frequency(area, &h.by_frequency).unwrap_or_default()).unwrap_or_default()
                }/>
                <ChartCanvas id="chart-tracking" label="Tracking plot" draw=move |area| {
                    holdout().map(|h| draw_tracking(area, &h.tracking, &h.calibration_end).unwrap_or_default()).unwrap_or_default()
                }/>
            </section>
        </Show>
    }
}

/// Customers in the list of highest CLV.
const TOP: usize = 10;

/// The ten customers of highest CLV, with their interval.
#[component]
fn TopCustomers() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.analysis.get().map(|a| {
            // A summary file's customers have no segment.
            let transactions = a.report.input == Input::Transactions;
            let mut top: Vec<_> = a
                .customers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.clv.is_some())
                .collect();
            // The ten highest, ties in the customers' order: a stable sort's first ten, without sorting
            // every customer.
            let order = |x: &(usize, &CustomerRow), y: &(usize, &CustomerRow)| {
                let clv = |c: &CustomerRow| c.clv.unwrap_or(0.0);
                clv(y.1).total_cmp(&clv(x.1)).then(x.0.cmp(&y.0))
            };
            if top.len() > TOP {
                top.select_nth_unstable_by(TOP - 1, order);
                top.truncate(TOP);
            }
            top.sort_by(order);
            let rows = top
                .into_iter()
                .map(|(_, c)| {
                    view! {
                        <tr>
                            <td>{c.id.clone()}</td>
                            <td class="num">{money(c.clv.unwrap_or(0.0))}</td>
                            <td class="num">{match (c.clv_low, c.clv_high) {
                                (Some(low), Some(high)) => format!("{} to {}", money(low), money(high)),
                                _ => "none".into(),
                            }}</td>
                            <td class="num">{format!("{:.0}%", c.p_alive.unwrap_or(0.0) * 100.0)}</td>
                            {transactions.then(|| view! { <td>{c.segment.name()}</td> })}
                        </tr>
                    }
                })
                .collect_view();
            let uninformative = a.report.clv.done().is_some_and(|c| c.diagnosis.is_some());
            view! {
                <div class="panel" id="top-clv">
                    <h2>"Top customers by CLV"</h2>
                    {uninformative.then(|| view! {
                        <p class="muted" id="top-clv-note">"P(alive) is not informative for this file (see the note above): this ranking rests on frequency and spend, not on how long a customer has been silent."</p>
                    })}
                    <table class="compact">
                        <thead><tr><th>"Customer"</th><th class="num">"CLV"</th><th class="num">"90 % interval"</th>
                            <th class="num">"P(alive)"</th>{transactions.then(|| view! { <th>"Segment"</th> })}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    }
}

/// A number with one decimal, or a dash where there is none (a model that could not be fitted).
fn finite(v: f64) -> String {
    if v.is_finite() {
        grouped(v, 1)
    } else {
        "-".into()
    }
}
